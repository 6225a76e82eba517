"""Sorting the observations after a load keeps every row and the table's definition."""

from __future__ import annotations

from datetime import date

import pyarrow as pa

from nadd.access.demo import demo_observations
from nadd.model.ids import key_and_record_ids
from nadd.model.observation import KEY
from nadd.observations import SORT_KEY, Filter, query, sort_storage


def _append_out_of_order(store) -> None:
    """A later load appends rows that sort before the ones already stored."""
    rows = [{**r, "indicator_id": "ed_visits", "vintage": date(2025, 8, 1), "load_id": "late"}
            for r in demo_observations().slice(0, 30).to_pylist()]
    t = pa.Table.from_pylist(rows, demo_observations().schema)
    k, i = key_and_record_ids(t, KEY, date(2025, 8, 1))
    t = t.set_column(t.schema.get_field_index("key_id"), "key_id", k)
    store.insert("observations", t.set_column(t.schema.get_field_index("id"), "id", i))


def _all(store) -> list[dict]:
    return sorted(store.query("SELECT * FROM observations").to_pylist(), key=lambda r: str(r["id"]))


def test_sorting_keeps_every_row_and_puts_them_in_storage_order(marked):
    _append_out_of_order(marked)
    rows, answer = _all(marked), query(marked, Filter(indicator="seizure_events", jurisdiction="US-AZ"))
    done = sort_storage(marked)
    assert _all(marked) == rows
    assert query(marked, Filter(indicator="seizure_events", jurisdiction="US-AZ")).equals(answer)
    if marked.dialect.name != "duckdb":
        assert done is False  # PostgreSQL reads through indexes: nothing to do
        return
    assert done is True
    order = [tuple(r.values()) for r in marked.query(
        f"SELECT {', '.join(SORT_KEY)} FROM observations ORDER BY rowid").to_pylist()]
    assert order == sorted(order)


def test_the_sorted_table_keeps_its_definition_and_takes_new_loads(store):
    ddl = store.scalar("SELECT sql FROM duckdb_tables() WHERE table_name = 'observations'")
    store.insert("observations", demo_observations())
    assert sort_storage(store)
    assert store.scalar("SELECT sql FROM duckdb_tables() WHERE table_name = 'observations'") == ddl
    assert not store.scalar("SELECT count(*) FROM duckdb_tables() WHERE table_name LIKE 'observations_%'")
    _append_out_of_order(store)  # a load after the sort still works (same columns, constraints)
    assert store.scalar("SELECT count(*) FROM observations") == demo_observations().num_rows + 30
