"""The incident routes on a hand-built example: filters, paging, formats, the error shape, and
cases, graphs and flows whose content is known by construction.

Four incidents (no linkage run: parties are keyed by record, so incidents join through shared
tracking numbers, phones and accounts):

    I1  US, CBP, public     international mail CN -> US   tracking EA123456785US, phone 915 555 0134
    I2  US, CBP, public     express consignment CN -> MX -> US   phone +1 (915) 555-0134
    I3  MX, FGR, owner_agency TLP:AMBER+STRICT   seizure   phone 9155550134, account ACC-9
    I4  CA, RCMP, public    seizure CO -> CA   account "acc -9" (case and spaces ignored)

Everyone sees the case I1-I2 (the phone). Only FGR sees I3, so only FGR sees I4 join that
case (I3 is the bridge): to everyone else I4 stands alone, and the case has two incidents.
"""

from __future__ import annotations

import csv
import io

import pandas as pd
import pytest
from argon2 import PasswordHasher

API = "/api/v1"
INC = ["incident_id", "kind", "event_date", "mode", "jurisdiction_id", "office", "origin_country",
       "transit_countries", "destination_country", "destination_jurisdiction_id", "concealment",
       "tracking_number", "description", "source_agency", "owner_country", "owner_agency",
       "releasability", "tlp", "synthetic"]
PUB = ("public", "TLP:CLEAR")
INCIDENTS = [
    ["I1", "postal_item", "2024-03-01", "international_mail", "US-TX", "El Paso IMF", "CN", "", "US", "US-TX",
     "mislabelled_goods", "EA123456785US", "pills", "CBP", "US", "CBP", *PUB, "true"],
    ["I2", "express_consignment", "2024-03-20", "express_consignment", "US-CA", "LA hub", "CN", "MX", "US",
     "US-CA", "", "", "powder", "CBP", "US", "CBP", *PUB, "true"],
    ["I3", "seizure", "2024-04-02", "land_poe_passenger_vehicle", "MX-CHH", "FGR Juárez", "MX", "", "MX",
     "MX-CHH", "false_compartment", "", "car", "FGR", "MX", "FGR", "owner_agency", "TLP:AMBER+STRICT", "true"],
    ["I4", "seizure", "2024-05-10", "domestic", "CA-BC", "RCMP BC", "CO", "", "CA", "CA-BC", "", "", "boat",
     "RCMP", "CA", "RCMP", *PUB, "true"],
]
PARTY = ["record_id", "incident_id", "role", "kind", "full_name", "phone", "account", "owner_country",
         "owner_agency", "releasability", "tlp"]
PARTIES = [
    ["P1", "I1", "recipient", "person", "Ana Ruiz", "915 555 0134", "", "US", "CBP", *PUB],
    ["P2", "I2", "recipient", "person", "Ana Ruíz", "+1 (915) 555-0134", "", "US", "CBP", *PUB],
    ["P3", "I3", "driver", "person", "Beto Salas", "9155550134", "ACC-9", "MX", "FGR", "owner_agency",
     "TLP:AMBER+STRICT"],
    ["P4", "I4", "owner", "person", "Carl Roy", "", "acc -9", "CA", "RCMP", *PUB],
]
ITEMS = [["I1", 1, "fentanyl", 1.5, "kg", ""], ["I2", 1, "fentanyl", 500, "g", ""],
         ["I3", 1, "methamphetamine", 20, "kg", ""], ["I4", 1, "cocaine", 100, "kg", ""]]


def login(app, username: str):
    """A client signed in as ``username`` (as tests/api/conftest.py's, which is not importable
    by name when tests/web runs in the same session)."""
    from fastapi.testclient import TestClient

    from nadd.access.demo import DEMO_PASSWORD

    c = TestClient(app)
    if username != "anonymous":
        assert c.post(f"{API}/auth/login", json={"username": username, "password": DEMO_PASSWORD}).status_code == 200
    return c


def _write(folder, name, header, rows):
    with open(folder / name, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerows(rows)


@pytest.fixture(scope="module")
def hand(tmp_path_factory):
    """(app, clients) over the four hand-built incidents and the demo users."""
    import nadd.access.accounts as acc
    from nadd.api import create_app
    from nadd.incidents import load, read_folder
    from nadd.ingest import sync_reference

    d = tmp_path_factory.mktemp("hand")
    _write(d, "incidents.csv", INC, INCIDENTS)
    _write(d, "parties.csv", PARTY, PARTIES)
    _write(d, "incident_items.csv", ["incident_id", "item_no", "substance_id", "quantity", "unit", "purity_pct"],
           ITEMS)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(acc, "_HASHER", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
        app = create_app("duckdb:///:memory:", demo=True)
        sync_reference(app.state.hub.main)
        load(app.state.hub.main, read_folder(d))
        clients = {u: login(app, u) for u in ("anonymous", "cbp.steward", "fgr.viewer", "phac.analyst")}
    return app, clients


def _ids(r) -> set[str]:
    assert r.status_code == 200, r.text
    return {x["incident_id"] for x in r.json()["rows"]}


@pytest.mark.parametrize(("params", "want"), [
    ({}, {"I1", "I2", "I4"}),
    ({"kind": "seizure"}, {"I4"}),
    ({"mode": "postal"}, {"I1", "I2"}),
    ({"mode": "international_mail"}, {"I1"}),
    ({"jurisdiction": "US"}, {"I1", "I2"}),
    ({"jurisdiction": "CA-BC"}, {"I4"}),
    ({"substance": "fentanyl"}, {"I1", "I2"}),
    ({"since": "2024-03-15", "until": "2024-04-30"}, {"I2"}),
    ({"q": "ruiz"}, {"I1"}),
    ({"q": "ea 123456785 us"}, {"I1"}),
    ({"q": "beto"}, set()),  # a hidden party's name finds nothing
])
def test_filters_narrow_the_public_search(hand, params, want):
    _, c = hand
    assert _ids(c["anonymous"].get(f"{API}/incidents", params=params)) == want


def test_the_owner_agency_finds_its_restricted_incident_by_party_name(hand):
    _, c = hand
    assert _ids(c["fgr.viewer"].get(f"{API}/incidents", params={"q": "beto"})) == {"I3"}
    assert _ids(c["cbp.steward"].get(f"{API}/incidents", params={"q": "beto"})) == set()


def test_paging_returns_every_incident_once_with_the_total(hand):
    _, c = hand
    seen = []
    for page in (1, 2, 3):
        body = c["fgr.viewer"].get(f"{API}/incidents", params={"page": page, "page_size": 2}).json()
        assert body["total"] == 4 and body["synthetic"] is bool(body["rows"])  # labels what is shown
        seen += [x["incident_id"] for x in body["rows"]]
    assert seen == ["I4", "I3", "I2", "I1"]  # most recent first, nothing twice


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_downloads_hold_every_match_and_are_audited_as_exports(hand, fmt):
    app, c = hand
    r = c["phac.analyst"].get(f"{API}/incidents", params={"format": fmt, "jurisdiction": "US"})
    assert r.status_code == 200
    df = pd.read_csv(io.StringIO(r.text)) if fmt == "csv" else pd.read_parquet(io.BytesIO(r.content))
    assert sorted(df["incident_id"]) == ["I1", "I2"] and "releasability" in df
    last = app.state.hub.main.df("SELECT * FROM audit_log WHERE action = 'export' ORDER BY logged_at DESC LIMIT 1")
    assert last["username"].iloc[0] == "phac.analyst" and f'"format": "{fmt}"' in last["detail"].iloc[0]


@pytest.mark.parametrize("path", ["/incidents/nope", "/cases/case-nope", "/incidents/I3"])
def test_unknown_or_hidden_things_are_404_in_the_one_error_shape(hand, path):
    _, c = hand
    r = c["cbp.steward"].get(API + path)
    assert r.status_code == 404
    body = r.json()
    assert body["error"] == "not_found" and body["hint"] and not body["ok"]


@pytest.mark.parametrize("params", [{"mode": "teleport"}, {"kind": "heist"}, {"since": "2024-05-01", "until": "2024-01-01"},
                                    {"page_size": 0}, {"format": "xml"}])
def test_bad_parameters_are_400s_that_say_how_to_fix_them(hand, params):
    _, c = hand
    r = c["anonymous"].get(f"{API}/incidents", params=params)
    assert r.status_code in (400, 422) and r.json()["hint"]


def test_incident_detail_has_its_children_and_its_case(hand):
    _, c = hand
    d = c["cbp.steward"].get(f"{API}/incidents/I1").json()
    assert d["incident"]["tracking_number"] == "EA123456785US"
    assert [p["full_name"] for p in d["parties"]] == ["Ana Ruiz"]
    assert d["items"][0]["substance_id"] == "fentanyl" and d["firearms"] == [] and d["synthetic"]
    case2 = c["cbp.steward"].get(f"{API}/incidents/I2").json()["case_id"]
    assert d["case_id"] and d["case_id"] == case2
    assert c["cbp.steward"].get(f"{API}/incidents/I4").json()["case_id"] is None


def _cases(client) -> list[set[str]]:
    body = client.get(f"{API}/cases").json()
    out = []
    for row in body["rows"]:
        graph = client.get(f"{API}/cases/{row['case_id']}").json()["graph"]
        out.append({n["label"] for n in graph["nodes"] if n["type"] == "incident"})
        assert row["incidents"] == len(out[-1])
    return out


def test_a_hidden_incident_never_bridges_a_case_for_those_who_cannot_see_it(hand):
    _, c = hand
    assert _cases(c["fgr.viewer"]) == [{"I1", "I2", "I3", "I4"}]
    for user in ("anonymous", "cbp.steward", "phac.analyst"):
        assert _cases(c[user]) == [{"I1", "I2"}], user


def test_the_case_graph_has_incidents_shared_keys_positions_and_actors(hand):
    _, c = hand
    cid = c["fgr.viewer"].get(f"{API}/cases").json()["rows"][0]["case_id"]
    d = c["fgr.viewer"].get(f"{API}/cases/{cid}").json()
    nodes = {n["id"]: n for n in d["graph"]["nodes"]}
    kinds = sorted(n["type"] for n in nodes.values())
    assert kinds == ["account", "incident", "incident", "incident", "incident", "phone"]
    phone = next(n for n in nodes.values() if n["type"] == "phone")
    assert "9155550134" not in str(d["graph"]) and phone["label"].endswith("0134")  # hashed, last 4 only
    linked = {e["source"] for e in d["graph"]["edges"] if e["target"] == phone["id"]}
    assert linked == {"incident:I1", "incident:I2", "incident:I3"}
    assert all(0 <= n["x"] <= 1 and 0 <= n["y"] <= 1 for n in nodes.values())
    assert {a["name"] for a in d["actors"]} == {"Ana Ruiz", "Ana Ruíz", "Beto Salas", "Carl Roy"}
    assert d["case"]["countries"] == "CA;CN;CO;MX;US" and d["synthetic"]


def test_flows_count_routes_by_mode_flag_postal_and_convert_to_kilograms(hand):
    _, c = hand
    body = c["anonymous"].get(f"{API}/flows").json()
    routes = {(r["mode"], r["origin"], r["transit"], r["destination"]): r for r in body["routes"]}
    assert set(routes) == {("international_mail", "CN", "", "US"), ("express_consignment", "CN", "MX", "US"),
                           ("domestic", "CO", "", "CA")}
    assert routes[("express_consignment", "CN", "MX", "US")]["quantity_kg"] == pytest.approx(0.5)
    assert [r["postal"] for r in body["routes"] if r["mode"] != "domestic"] == [True, True]
    links = {(x["source"], x["target"]) for x in body["links"]}
    assert {("O:CN", "T1:MX"), ("T1:MX", "D:US"), ("O:CN", "D:US"), ("O:CO", "D:CA")} == links
    postal = c["anonymous"].get(f"{API}/flows", params={"mode": "postal", "level": "place"}).json()
    assert {n["id"] for n in postal["nodes"] if n["stage"] == "D"} == {"D:US-TX", "D:US-CA"}
    fgr = c["fgr.viewer"].get(f"{API}/flows", params={"kind": "seizure"}).json()
    assert {(x["source"], x["target"]) for x in fgr["links"]} == {("O:CO", "D:CA")}  # MX->MX is no route
    assert fgr["incidents"] == 2


def test_restricted_reads_of_cases_are_audited_and_public_ones_are_not(hand):
    app, c = hand
    store = app.state.hub.main
    n = store.scalar("SELECT count(*) FROM audit_log WHERE action = 'read_restricted'")
    c["anonymous"].get(f"{API}/cases")
    assert store.scalar("SELECT count(*) FROM audit_log WHERE action = 'read_restricted'") == n
    c["fgr.viewer"].get(f"{API}/cases")
    e = store.df("SELECT * FROM audit_log WHERE action = 'read_restricted' ORDER BY logged_at DESC LIMIT 1")
    assert (e["username"].iloc[0], e["target"].iloc[0], int(e["n_restricted"].iloc[0])) == ("fgr.viewer", "cases", 1)


def test_vocabulary_labels_come_in_the_three_languages(hand):
    _, c = hand
    es = c["anonymous"].get(f"{API}/incident-vocabulary", params={"lang": "es"}).json()
    fr = c["anonymous"].get(f"{API}/incident-vocabulary", params={"lang": "fr"}).json()
    assert {"code": "seizure", "label": "Aseguramiento"} in es["incident_kind"]
    assert {"code": "seizure", "label": "Saisie"} in fr["incident_kind"]


def test_finance_and_firearms_answer_empty_without_such_records(hand):
    _, c = hand
    assert c["cbp.steward"].get(f"{API}/networks/finance").json()["flags"] == []
    assert c["cbp.steward"].get(f"{API}/networks/firearms").json()["sources"] == []


@pytest.mark.slow
@pytest.mark.parametrize("who", ["anonymous", "fgr.viewer"])
def test_generated_requests_to_the_incident_routes_never_make_a_server_error(hand, who):
    import schemathesis
    from hypothesis import HealthCheck, given, settings

    app, c = hand
    schema = schemathesis.openapi.from_asgi("/api/v1/openapi.json", app)
    ops = [r.ok() for r in schema.get_all_operations()]
    ops = [o for o in ops if any(o.path.startswith(f"{API}/{p}") for p in
                                 ("incident", "cases", "flows", "networks"))]
    assert len(ops) == 8
    cookies, failures = dict(c[who].cookies), []
    for op in ops:
        @given(case=op.as_strategy())
        @settings(max_examples=15, deadline=None, database=None, suppress_health_check=list(HealthCheck))
        def run(case):
            response = case.call(cookies=cookies)
            if response.status_code >= 500:
                failures.append(f"{case.method} {case.formatted_path} {case.query}: {response.text[:200]}")
            elif response.status_code >= 400:
                assert {"ok", "error", "message", "hint"} <= set(response.json()), response.text[:200]

        run()
    assert not failures, "\n".join(failures[:10])
