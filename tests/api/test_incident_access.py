"""The access matrix of the incident routes: every route x every demo user, over the demo's
synthetic incidents (scenario 'small', seed 7, linked), whose releasability and TLP marks come
from the generator (every level but public, every TLP).

The oracle is ``nadd.access.can_see`` applied in Python to every stored row; cases, key actors,
flows and typologies are recomputed from the rows the oracle allows (the linkage model re-scored
on those party records) and must equal what the API answers: no leak through a case's size,
edges or actors, or through an aggregate.
"""

from __future__ import annotations

import io
import json

import pandas as pd
import pytest

from nadd.access import ANONYMOUS, can_see, principal_for
from nadd.access.demo import DEMO_USERS
from nadd.access.policy import effective_rank

pytestmark = pytest.mark.slow
API = "/api/v1"
USERS = ["anonymous", *DEMO_USERS]  # as tests/api/conftest.py (not imported: module name clashes)
TABLES = ("incidents", "incident_items", "firearms", "transactions", "parties")


@pytest.fixture(scope="module")
def app(app):
    """The API tests' demo app, with the demo incidents loaded and linked."""
    from nadd.access.demo import seed_incidents

    seed_incidents(app.state.hub.main)
    return app


def principal(store, username):
    if username == "anonymous":
        return ANONYMOUS
    return principal_for(store, store.scalar("SELECT user_id FROM users WHERE username = ?", [username]))


_ROWS: dict[int, dict[str, pd.DataFrame]] = {}


def rows(store) -> dict[str, pd.DataFrame]:
    if id(store) not in _ROWS:
        _ROWS[id(store)] = {t: store.df(f"SELECT * FROM {t}") for t in TABLES}
    return _ROWS[id(store)]


def oracle(store, p) -> dict[str, pd.DataFrame]:
    """Every table cut to the rows ``p`` may see (children also need their incident visible)."""
    r = rows(store)
    keep = lambda df: df[[can_see(p, x) for x in df.to_dict("records")]] if len(df) else df
    inc = keep(r["incidents"])
    out = {"incidents": inc}
    for t in TABLES[1:]:
        df = keep(r[t])
        out[t] = df[df["incident_id"].isin(set(inc["incident_id"]))]
    return out


_VIEWS: dict[tuple, object] = {}


def oracle_view(store, p):
    """Cases etc. from the oracle's rows, keyed by the latest run's model re-scored on them."""
    key = (id(store), p.username)
    if key not in _VIEWS:
        _VIEWS[key] = _oracle_view(store, p)
    return _VIEWS[key]


def _oracle_view(store, p):
    from nadd.link.normalise import prepare
    from nadd.link.run import score_and_cluster
    from nadd.link.store import PARTY_COLUMNS
    from nadd.networks import find_cases
    from nadd.networks.frames import Frames, party_keys, tidy
    from nadd.networks.views import View

    o = oracle(store, p)
    model, threshold = store.query("SELECT model_json, threshold FROM link_runs ORDER BY run_id DESC LIMIT 1"
                                   ).to_pylist()[0].values()
    parties = o["parties"][list(PARTY_COLUMNS)].copy()
    parties["dob"] = parties["dob"].map(lambda d: "" if d is None or pd.isna(d) else str(d)[:10])
    clusters = None
    if len(parties) >= 2:
        clusters = score_and_cluster(prepare(parties.fillna("").astype(str).sort_values("record_id").reset_index(drop=True)),
                                     json.loads(model), "duckdb", threshold, 1, lambda _m: None, {}).clusters
    elif len(parties):
        clusters = pd.DataFrame({"record_id": parties["record_id"], "cluster_id": parties["record_id"]})
    f = Frames(incidents=tidy(o["incidents"]), items=tidy(o["incident_items"]), firearms=tidy(o["firearms"]),
               transactions=tidy(o["transactions"]), parties=tidy(o["parties"]),
               clusters=tidy(clusters) if clusters is not None else None)
    keys = party_keys(f, using="clusters" if clusters is not None else "records")
    return View(f, keys, find_cases(f.incidents, f.parties, keys, f.transactions, f.items), "oracle")


def test_the_demo_marks_cover_every_level_and_marking_and_users_see_different_parts(store):
    inc = rows(store)["incidents"]
    assert {"nadd", "nadd_partners", "owner_country", "owner_agency"} <= set(inc["releasability"])
    assert {"TLP:GREEN", "TLP:AMBER", "TLP:AMBER+STRICT", "TLP:RED"} <= set(inc["tlp"])
    seen = {u: frozenset(oracle(store, principal(store, u))["incidents"]["incident_id"]) for u in USERS}
    assert all(0 < len(seen[u]) < len(inc) for u in USERS if u != "anonymous")
    assert seen["phac.analyst"] != seen["cdc.analyst"] != seen["fgr.viewer"] != seen["phac.analyst"]
    assert seen["cbp.steward"] != seen["dea.analyst"]  # the owner agency sees its own AMBER+STRICT rows


@pytest.mark.parametrize("user", USERS)
def test_search_pages_and_exports_return_exactly_the_visible_incidents(clients, store, user):
    want = set(oracle(store, principal(store, user))["incidents"]["incident_id"])
    c, got, page = clients[user], [], 1
    while True:
        body = c.get(f"{API}/incidents", params={"page": page, "page_size": 200}).json()
        got += [x["incident_id"] for x in body["rows"]]
        if page * 200 >= body["total"]:
            break
        page += 1
    assert len(got) == len(set(got)) == body["total"]
    assert set(got) == want, f"leak {set(got) - want}, drop {want - set(got)}"
    csv = pd.read_csv(io.StringIO(c.get(f"{API}/incidents", params={"format": "csv"}).text))
    assert set(csv["incident_id"]) == want
    pq = pd.read_parquet(io.BytesIO(c.get(f"{API}/incidents", params={"format": "parquet"}).content))
    assert set(pq["incident_id"]) == want


@pytest.mark.parametrize("user", USERS)
def test_incident_details_show_only_visible_incidents_and_children(clients, store, user):
    p = principal(store, user)
    o = oracle(store, p)
    every = rows(store)["incidents"]
    # one incident of every audience (effective rank) and owner country, and one of every owner
    # agency among those kept by their agency (where the agency decides)
    rank = [effective_rank(r, t) for r, t in zip(every["releasability"], every["tlp"], strict=True)]
    every = every.assign(rank=rank)
    sample = pd.concat([every.groupby(["rank", "owner_country"]).head(1),
                        every[every["rank"] == 0].groupby("owner_agency").head(1)])["incident_id"].unique()
    for iid in sample:
        r = clients[user].get(f"{API}/incidents/{iid}")
        if iid not in set(o["incidents"]["incident_id"]):
            assert r.status_code == 404 and r.json()["error"] == "not_found"
            continue
        assert r.status_code == 200
        d = r.json()
        for key, table, col in (("parties", "parties", "record_id"), ("items", "incident_items", "item_no"),
                                ("transactions", "transactions", "transaction_id"),
                                ("firearms", "firearms", "firearm_id")):
            want = set(o[table].loc[o[table]["incident_id"] == iid, col])
            assert {x[col] for x in d[key]} == want, (iid, key)


@pytest.mark.parametrize("user", USERS)
def test_cases_graphs_and_actors_equal_those_of_the_visible_records_only(clients, store, user):
    p = principal(store, user)
    o = oracle_view(store, p)
    visible_names = set(o.frames.parties["full_name"].dropna()) if not o.frames.parties.empty else set()
    body = clients[user].get(f"{API}/cases", params={"page_size": 1000}).json()
    want = {r["case_id"]: r for r in o.cases.summary.to_dict("records")}
    assert {r["case_id"] for r in body["rows"]} == set(want)
    for n, row in enumerate(body["rows"]):
        w = want[row["case_id"]]
        assert (row["incidents"], row["parties"], row["linked_by"]) == (w["incidents"], w["parties"], w["linked_by"])
        if n >= 6:  # the graphs of the six largest (each takes a while to draw); every size above
            continue
        d = clients[user].get(f"{API}/cases/{row['case_id']}").json()
        incs = {n["label"] for n in d["graph"]["nodes"] if n["type"] == "incident"}
        assert incs == set(w["incident_ids"].split(";"))
        assert len(d["graph"]["edges"]) == len(o.cases.links[o.cases.links["case_id"] == row["case_id"]])
        assert {a["name"] for a in d["actors"] if a["name"]} <= visible_names


@pytest.mark.parametrize("user", USERS)
def test_flows_finance_and_firearms_aggregate_only_visible_rows(clients, store, user):
    from nadd.networks import route_flows, source_table, typologies

    o = oracle_view(store, principal(store, user))
    c = clients[user]
    for params in ({}, {"mode": "postal"}, {"kind": "seizure", "level": "place"}):
        got = c.get(f"{API}/flows", params=params).json()
        inc = o.frames.incidents
        if params.get("mode"):
            inc = inc[inc["mode"].isin(["international_mail", "express_consignment"])]
        if params.get("kind"):
            inc = inc[inc["kind"] == params["kind"]]
        want = route_flows(inc, o.frames.items, level=params.get("level", "country")).links
        assert got["incidents"] == len(inc)
        assert sorted((x["source"], x["target"], x["mode"], x["incidents"]) for x in got["links"]) == \
            sorted(zip(want["source"], want["target"], want["mode"], want["incidents"], strict=True))
    flags = c.get(f"{API}/networks/finance").json()["flags"]
    want = typologies(o.frames.transactions, o.frames.parties, o.keys, o.frames.incidents)
    assert sorted((f["typology"], f["account"]) for f in flags) == sorted(zip(want["typology"], want["account"],
                                                                                strict=True))
    fire = c.get(f"{API}/networks/firearms").json()
    if o.frames.firearms.empty:
        assert fire["sources"] == []
    else:
        want = source_table(o.frames.firearms, o.frames.incidents)
        assert sum(x["firearms"] for x in fire["sources"]) == int(want["firearms"].sum()) == len(o.frames.firearms)
