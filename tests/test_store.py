"""Both stores honour the same contract: schema, transactions, idempotent inserts."""

import pyarrow as pa
import pytest

from nadd.errors import ConfigError
from nadd.store import open_store

SOURCES = pa.table({"id": ["a", "b"], "title": ["A", "B"], "publisher": ["p", "p"],
                    "country": ["US", "CA"], "licence": ["pd", "ogl"]})


def test_migrations_run_once_and_again_change_nothing(any_store):
    names = any_store.query("SELECT name FROM schema_migrations").column(0).to_pylist()
    any_store.migrate()
    assert any_store.query("SELECT name FROM schema_migrations").column(0).to_pylist() == names
    for table in ("observations", "loads", "sources", "jurisdictions", "substances", "indicators"):
        assert any_store.table_exists(table)


def test_inserts_skip_rows_whose_key_is_already_stored(any_store):
    assert any_store.insert("sources", SOURCES, skip_existing_key="id") == 2
    assert any_store.insert("sources", SOURCES, skip_existing_key="id") == 0
    assert any_store.scalar("SELECT count(*) FROM sources") == 2


def test_a_failed_transaction_leaves_nothing_behind(any_store):
    with pytest.raises(RuntimeError):
        with any_store.transaction():
            any_store.insert("sources", SOURCES)
            raise RuntimeError("boom")
    assert any_store.scalar("SELECT count(*) FROM sources") == 0


def test_query_parameters_are_bound_not_pasted(any_store):
    any_store.insert("sources", SOURCES)
    assert any_store.scalar("SELECT count(*) FROM sources WHERE id = ?", ["a' OR '1'='1"]) == 0
    assert any_store.scalar("SELECT title FROM sources WHERE id = ?", ["b"]) == "B"


def test_an_unknown_store_url_is_a_config_error_with_the_fix():
    with pytest.raises(ConfigError) as e:
        open_store("mysql://x")
    assert "postgresql://" in e.value.hint


def test_scoped_inserts_append_when_the_scope_is_new_and_deduplicate_when_not(any_store):
    from datetime import date

    from nadd.ingest.loader import to_stored
    from nadd.ingest import get
    import pandas as pd
    from datetime import datetime

    adapter = get("cdc_vsrr")
    frame = pd.DataFrame([{
        "indicator_id": "drug_deaths", "jurisdiction_id": "US", "period_type": "year",
        "period_start": date(2020, 1, 1), "period_end": date(2020, 12, 31), "substance_id": None,
        "sex": "all", "age_group": "all", "manner": "all", "setting": "all", "unit": "count",
        "value": float(v), "status": "reported", "note": None, "source_row": i}
        for i, v in enumerate([1, 2])])
    frame.loc[1, "sex"] = "female"
    table = to_stored(frame, adapter, "f.csv", date(2021, 1, 1), "l1", datetime(2021, 1, 1))
    scope = {"source_id": "cdc_vsrr", "vintage": date(2021, 1, 1)}
    assert any_store.insert("observations", table.slice(0, 1), skip_existing_key="id", scope=scope) == 1
    assert any_store.insert("observations", table, skip_existing_key="id", scope=scope) == 1
    assert any_store.insert("observations", table, skip_existing_key="id", scope=scope) == 0
    assert any_store.scalar("SELECT count(*) FROM observations") == 2
