"""The main job's build: every bundled source loads, on DuckDB and on PostgreSQL alike."""

import pytest

from nadd.ingest import adapters, ingest

CHECKSUM = ("SELECT source_id, count(*) AS n, count(value) AS with_value, sum(value) AS total "
            "FROM observations GROUP BY source_id ORDER BY source_id")


@pytest.mark.slow
@pytest.mark.postgres
def test_every_bundled_source_loads_identically_into_duckdb_and_postgresql(store, pg_store):
    reports = ingest(store)
    assert {r.source_id for r in reports} == set(adapters())
    assert all(r.rows_added > 0 or r.rows_read == 0 or r.already_loaded for r in reports)
    ingest(pg_store)
    duck = store.df(CHECKSUM)
    pg = pg_store.df(CHECKSUM)
    assert duck["source_id"].tolist() == pg["source_id"].tolist()
    assert duck["n"].tolist() == pg["n"].astype(int).tolist()
    assert duck["with_value"].tolist() == pg["with_value"].astype(int).tolist()
    assert duck["total"].astype(float).round(2).tolist() == pg["total"].astype(float).round(2).tolist()
    # ids are content hashes: both stores hold exactly the same records
    ids = lambda s: set(s.query("SELECT id FROM observations").column(0).to_pylist())  # noqa: E731
    assert ids(store) == ids(pg_store)
    # a second build adds nothing
    assert sum(r.rows_added for r in ingest(store)) == 0
