"""The response cache: shared only within a visibility class, emptied by a new load."""

from __future__ import annotations

from datetime import date, datetime

import pyarrow as pa

from nadd.access import ANONYMOUS, Principal, visible_sql
from nadd.access.demo import DEMO_SOURCE, demo_observations

API = "/api/v1"


def test_users_of_one_country_and_class_share_entries_other_classes_do_not():
    us1 = Principal("a", "a", "cdc", "CDC-NCHS", "US", frozenset({"analyst"}))
    us2 = Principal("b", "b", "dea", "DEA", "US", frozenset({"viewer"}))
    ca = Principal("c", "c", "phac", "PHAC", "CA", frozenset({"analyst"}))
    # the agency is part of the class (owner-agency records), so these differ
    assert visible_sql(us1) != visible_sql(us2) != visible_sql(ca) != visible_sql(ANONYMOUS)
    same_agency = Principal("d", "d", "cdc", "CDC-NCHS", "US", frozenset({"viewer"}))
    assert visible_sql(us1) == visible_sql(same_agency)


def test_a_new_load_is_served_without_restarting(app, clients, store):
    app.state.cache.version_ttl = 0.0
    c = clients["anonymous"]
    params = {"source": DEMO_SOURCE, "page_size": 1000}
    before = c.get(f"{API}/observations", params=params).json()["total"]
    assert c.get(f"{API}/observations", params=params).json()["total"] == before  # cached
    row = demo_observations().slice(0, 1).to_pylist()[0]
    new = {**row, "period_start": date(2025, 12, 1), "period_end": date(2025, 12, 31),
           "releasability": "public", "tlp": "TLP:CLEAR"}
    from nadd.model.ids import key_and_record_ids
    from nadd.model.observation import KEY

    t = pa.Table.from_pylist([new], demo_observations().schema)
    k, i = key_and_record_ids(t, KEY, date(2025, 7, 15))
    t = t.set_column(t.schema.get_field_index("key_id"), "key_id", k)
    t = t.set_column(t.schema.get_field_index("id"), "id", i)
    store.insert("observations", t)
    store.insert("loads", pa.table({
        "load_id": ["cache-test"], "source_id": [DEMO_SOURCE], "file_name": ["x"], "file_sha256": ["x"],
        "vintage": pa.array([date(2025, 12, 31)], pa.date32()), "rows_read": [1], "rows_added": [1],
        "loaded_at": pa.array([datetime(2026, 1, 1)], pa.timestamp("us"))}))
    assert c.get(f"{API}/observations", params=params).json()["total"] == before + 1
