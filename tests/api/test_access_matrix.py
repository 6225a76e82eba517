"""The access-control matrix: every route x every demo user x every releasability and TLP.

The oracle is ``nadd.access.can_see`` applied in Python to every stored record. For each
user and route the API must return exactly the records the oracle allows (no leak, no wrongful
drop); aggregates may count records the user cannot see only with small hidden parts suppressed.
"""

from __future__ import annotations

import io
from collections import Counter

import pandas as pd
import pytest

from conftest import USERS
from nadd.access import ANONYMOUS, can_see, principal_for
from nadd.access.demo import DEMO_SOURCE
from nadd.access.policy import effective_rank

API = "/api/v1"


def principal(store, username):
    if username == "anonymous":
        return ANONYMOUS
    uid = store.scalar("SELECT user_id FROM users WHERE username = ?", [username])
    return principal_for(store, uid)


_RECORDS: dict[int, list[dict]] = {}


def records(store) -> list[dict]:
    """The demo records (read once per app: the matrix never changes them)."""
    if id(store) not in _RECORDS:
        df = store.df("SELECT * FROM observations WHERE source_id = ?", [DEMO_SOURCE])
        _RECORDS[id(store)] = df.assign(id=df["id"].astype(str)).to_dict("records")
    return _RECORDS[id(store)]


def allowed(store, username) -> set[str]:
    p = principal(store, username)
    return {r["id"] for r in records(store) if can_see(p, r)}


def explain(store, ids) -> Counter:
    """(releasability, tlp, owner agency) of records, for readable failures."""
    by_id = {r["id"]: r for r in records(store)}
    return Counter((by_id[i]["releasability"], by_id[i]["tlp"], by_id[i]["owner_agency"]) for i in ids)


def check(store, username, got: set[str], route: str):
    want = allowed(store, username)
    leak, drop = got - want, want - got
    assert not leak, f"{route} LEAKS to {username}: {explain(store, leak)}"
    assert not drop, f"{route} wrongly DROPS for {username}: {explain(store, drop)}"


@pytest.mark.parametrize("user", USERS)
def test_every_user_sees_a_different_part_and_nobody_everything(store, user):
    n = len(allowed(store, user))
    assert 0 < n < len(records(store))


@pytest.mark.parametrize("user", USERS)
def test_observation_pages(clients, store, user):
    c, got, page = clients[user], set(), 1
    while True:
        r = c.get(f"{API}/observations", params={"source": DEMO_SOURCE, "page": page, "page_size": 25})
        assert r.status_code == 200, r.text
        body = r.json()
        got |= {row["id"] for row in body["rows"]}
        if page * 25 >= body["total"]:
            break
        page += 1
    assert body["total"] == len(got)
    check(store, user, got, "observations (JSON pages)")


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
@pytest.mark.parametrize("user", USERS)
def test_exports(clients, store, user, fmt):
    r = clients[user].get(f"{API}/observations", params={"source": DEMO_SOURCE, "format": fmt})
    assert r.status_code == 200, r.text
    df = pd.read_csv(io.StringIO(r.text)) if fmt == "csv" else pd.read_parquet(io.BytesIO(r.content))
    check(store, user, set(df["id"]), f"observations export ({fmt})")
    last = store.df("SELECT * FROM audit_log WHERE action = 'export' ORDER BY logged_at DESC LIMIT 1")
    assert last["username"].iloc[0] == user and f'"format": "{fmt}"' in last["detail"].iloc[0]


@pytest.mark.parametrize("user", USERS)
def test_series(clients, store, user):
    got = set()
    for j in sorted({r["jurisdiction_id"] for r in records(store)}):
        r = clients[user].get(f"{API}/series", params={"indicator": "seizure_events", "jurisdiction": j,
                                                       "source": DEMO_SOURCE})
        assert r.status_code == 200, r.text
        got |= {pt["observation_id"] for s in r.json()["series"] for pt in s["points"]}
    check(store, user, got, "series")


def _alert_visible(store, p, alert_id) -> bool:
    ids = set(store.df("SELECT observation_id FROM alert_observations WHERE alert_id = ?",
                       [alert_id])["observation_id"].astype(str))
    by_id = {r["id"]: r for r in records(store)}
    return all(can_see(p, by_id[i]) for i in ids)


@pytest.mark.parametrize("user", USERS)
def test_alerts_list_detail_and_line_list(clients, store, user):
    p = principal(store, user)
    c = clients[user]
    listed = {a["alert_id"] for a in c.get(f"{API}/alerts").json()["alerts"]}
    every = set(store.df("SELECT alert_id FROM alerts")["alert_id"])
    assert listed == {a for a in every if _alert_visible(store, p, a)}
    for a in every:
        r = c.get(f"{API}/alerts/{a}")
        if a in listed:
            assert r.status_code == 200
            ids = {x["observation_id"] for x in r.json()["line_list"]}
            assert ids <= allowed(store, user)
        else:  # not 403: an invisible alert does not exist for this user
            assert r.status_code == 404 and r.json()["error"] == "not_found"


@pytest.mark.parametrize("user", USERS)
def test_review_needs_the_analyst_role_and_a_visible_alert(clients, store, user):
    p = principal(store, user)
    c = clients[user]
    csrf = {"X-CSRF-Token": c.cookies.get("nadd_csrf") or ""}
    for a in sorted(store.df("SELECT alert_id FROM alerts")["alert_id"]):
        status = store.scalar("SELECT status FROM alerts WHERE alert_id = ?", [a])
        to = "under_review" if status == "new" else ("confirmed" if status == "under_review" else "under_review")
        r = c.post(f"{API}/alerts/{a}/review", json={"status": to, "why": "matrix"}, headers=csrf)
        if p.anonymous:
            assert r.status_code == 401
        elif not p.has_role("analyst"):
            assert r.status_code == 403
        elif not _alert_visible(store, p, a):
            assert r.status_code == 404
        else:
            assert r.status_code == 200, r.text


@pytest.mark.parametrize("user", USERS)
def test_map_aggregates_never_reveal_a_small_hidden_part(clients, store, user):
    p = principal(store, user)
    recs = [r for r in records(store) if r["setting"] != "all"]
    for month in ("2025-01", "2025-03", "2025-06"):
        r = clients[user].get(f"{API}/map", params={"indicator": "seizure_events", "substance": "fentanyl",
                                                   "period": month, "source": DEMO_SOURCE})
        assert r.status_code == 200, r.text
        body = r.json()
        cells = {c["jurisdiction_id"]: c for c in body["cells"]}
        month_recs = [x for x in recs if str(x["period_start"])[:7] == month]
        hidden_by_country: dict[str, list[float]] = {}
        for j in {x["jurisdiction_id"] for x in month_recs}:
            rows = [x for x in month_recs if x["jurisdiction_id"] == j]
            seen = sum(x["value"] for x in rows if can_see(p, x))
            hidden = sum(x["value"] for x in rows if not can_see(p, x) and x["tlp"] != "TLP:RED")
            cell = cells[j]
            if cell["value"] is None:
                assert cell["suppressed"] in ("primary", "complementary")
                hidden_by_country.setdefault(cell["country"], []).append(hidden)
            else:  # published: the true total over what may be aggregated, hidden part 0 or >= 10
                assert cell["value"] == seen + hidden
                assert hidden == 0 or hidden >= 10, f"{user} {month} {j}: hidden {hidden} published"
        totals = {t["country"]: t["value"] for t in body["totals"]}
        for country, hiddens in hidden_by_country.items():
            # one suppressed hidden cell next to a published total would be revealed
            assert len([h for h in hiddens if h > 0]) != 1 or totals[country] is None


def test_tlp_red_records_never_enter_an_aggregate_outside_the_owner(clients, store):
    red = [r for r in records(store) if r["tlp"] == "TLP:RED" and str(r["period_start"])[:7] == "2025-02"]
    assert red
    j = red[0]["jurisdiction_id"]
    p = principal(store, "cdc.analyst")
    rows = [x for x in records(store) if x["jurisdiction_id"] == j and str(x["period_start"])[:7] == "2025-02"]
    cell = {c["jurisdiction_id"]: c for c in clients["cdc.analyst"].get(
        f"{API}/map", params={"indicator": "seizure_events", "substance": "fentanyl", "period": "2025-02",
                              "source": DEMO_SOURCE}).json()["cells"]}[j]
    if cell["value"] is not None:
        assert cell["value"] == sum(x["value"] for x in rows if can_see(p, x) or x["tlp"] != "TLP:RED")


def test_api_token_sees_exactly_what_the_session_sees(clients, store):
    c = clients["phac.analyst"]
    tok = c.post(f"{API}/auth/tokens", json={"name": "matrix"},
                 headers={"X-CSRF-Token": c.cookies.get("nadd_csrf")}).json()["token"]
    from fastapi.testclient import TestClient

    bot = TestClient(c.app)
    r = bot.get(f"{API}/observations", params={"source": DEMO_SOURCE, "page_size": 1000},
                headers={"Authorization": f"Bearer {tok}"})
    check(store, "phac.analyst", {x["id"] for x in r.json()["rows"]}, "observations (API token)")


def test_restricted_reads_are_audited_and_public_ones_are_not(clients, store):
    before = store.scalar("SELECT count(*) FROM audit_log WHERE action = 'read_restricted'")
    clients["anonymous"].get(f"{API}/observations", params={"source": DEMO_SOURCE, "page_size": 1000})
    assert store.scalar("SELECT count(*) FROM audit_log WHERE action = 'read_restricted'") == before
    clients["rcmp.viewer"].get(f"{API}/observations", params={"source": DEMO_SOURCE, "page_size": 1000})
    e = store.df("SELECT * FROM audit_log WHERE action = 'read_restricted' ORDER BY logged_at DESC LIMIT 1")
    p = principal(store, "rcmp.viewer")
    n = sum(1 for r in records(store) if can_see(p, r) and effective_rank(r["releasability"], r["tlp"]) < 4)
    assert (e["username"].iloc[0], e["target"].iloc[0], int(e["n_restricted"].iloc[0])) == \
        ("rcmp.viewer", "observations", n)
