"""The fast paths answer exactly as the slow ones: map roll-up, shared summary reads, cached bodies."""

from __future__ import annotations

from datetime import date, datetime

import pyarrow as pa
from conftest import USERS

from nadd.access import ANONYMOUS, scoped
from nadd.access import views as V
from nadd.access.demo import DEMO_SOURCE, demo_observations
from nadd.access.rollup import load_signature, rollup_signature
from nadd.api.downloads import jsonable
from nadd.model.ids import key_and_record_ids
from nadd.model.observation import KEY

API = "/api/v1"
MAP = {"indicator": "seizure_events", "substance": "fentanyl", "period": "2025-03", "source": DEMO_SOURCE}


def _principal(store, user):
    from nadd.access import principal_for

    if user == "anonymous":
        return ANONYMOUS
    return principal_for(store, store.scalar("SELECT user_id FROM users WHERE username = ?", [user]))


def test_the_map_from_the_rollup_equals_the_map_of_the_records_for_every_user(app, clients, store):
    app.state.rollup.ready(store, load_signature(store), background=False)
    assert rollup_signature(store) == load_signature(store)
    app.state.cache.clear()
    for user in USERS:
        got = clients[user].get(f"{API}/map", params=MAP).json()
        want = V.map_cells(store, _principal(store, user), indicator="seizure_events",
                           substance="fentanyl", period_start=date(2025, 3, 1), source=DEMO_SOURCE)
        assert got == {k: v for k, v in want.items() if k != "n_restricted"}, user


def test_every_language_of_the_summary_shows_the_same_figures_as_a_direct_build(clients, store):
    from nadd.summary import summary

    for user in ("anonymous", "cdc.analyst", "fgr.viewer"):
        if user not in clients:
            continue
        p = _principal(store, user)
        for lang in ("en", "es", "fr"):
            got = clients[user].get(f"{API}/summary", params={"lang": lang}).json()["rows"]
            assert got == jsonable(summary(scoped(store, p), lang=lang)), (user, lang)


def test_a_cache_hit_sends_the_same_body_as_the_miss(app, clients):
    app.state.cache.clear()
    c = clients["cdc.analyst"]
    for path, params in (("/series", {"indicator": "seizure_events", "jurisdiction": "US-AZ"}),
                         ("/observations", {"source": DEMO_SOURCE, "page_size": 7}),
                         ("/map", MAP), ("/alerts", {}), ("/summary", {"lang": "fr"})):
        first = c.get(API + path, params=params)
        again = c.get(API + path, params=params)
        assert first.status_code == again.status_code == 200
        assert first.content == again.content and first.headers["content-type"] == "application/json"


def test_a_new_load_reaches_the_map_at_once_and_the_rollup_is_rebuilt(app, clients, store):
    app.state.cache.version_ttl = 0.0
    app.state.rollup.ready(store, load_signature(store), background=False)
    c = clients["admin"]
    row = next(r for r in demo_observations().to_pylist()
               if r["releasability"] == "public" and r["tlp"] == "TLP:CLEAR")
    params = {**MAP, "period": str(row["period_start"])[:7], "setting": row["setting"]}
    before = {x["jurisdiction_id"]: x for x in c.get(f"{API}/map", params=params).json()["cells"]}
    vintage = date(2025, 11, 1)
    t = pa.Table.from_pylist([{**row, "value": row["value"] + 1000, "vintage": vintage,
                               "load_id": "fast-path-test"}], demo_observations().schema)
    k, i = key_and_record_ids(t, KEY, vintage)
    t = t.set_column(t.schema.get_field_index("key_id"), "key_id", k)
    t = t.set_column(t.schema.get_field_index("id"), "id", i)
    store.insert("observations", t)
    store.insert("loads", pa.table({
        "load_id": ["fast-path-test"], "source_id": [DEMO_SOURCE], "file_name": ["x"],
        "file_sha256": ["fast"], "vintage": pa.array([vintage], pa.date32()), "rows_read": [1],
        "rows_added": [1], "loaded_at": pa.array([datetime(2026, 2, 1)], pa.timestamp("us"))}))
    after = {x["jurisdiction_id"]: x for x in c.get(f"{API}/map", params=params).json()["cells"]}
    j = row["jurisdiction_id"]
    if before[j]["value"] is not None and after[j]["value"] is not None:
        assert after[j]["value"] == before[j]["value"] + 1000
    assert after != before
    app.state.rollup.ready(store, load_signature(store), background=False)  # rebuilt for the load
    assert rollup_signature(store) == load_signature(store)
    app.state.cache.clear()
    assert {x["jurisdiction_id"]: x for x in c.get(f"{API}/map", params=params).json()["cells"]} == after
    app.state.cache.version_ttl = 1.0
