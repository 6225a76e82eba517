"""Helpers for adapter tests: every source is held to the same checks."""

from __future__ import annotations

from pathlib import Path

import pytest

from nadd.errors import ValidationFailed
from nadd.ingest import get, load_file
from nadd.observations import Filter, query


def load_bundled(store, source_id: str):
    """Load every bundled file of a source; returns the load reports."""
    adapter = get(source_id)
    paths = adapter.bundled_paths()
    assert paths, f"{source_id} has no bundled files"
    return [load_file(store, adapter, p) for p in paths]


def value(store, **flt) -> float:
    """The single value matching the filter (fails if none or several)."""
    df = query(store, Filter(**flt))
    assert len(df) == 1, f"expected one row for {flt}, got {len(df)}:\n{df.head()}"
    return df["value"].iloc[0]


def assert_refused(store, source_id: str, path: Path, *, row: int, column: str) -> ValidationFailed:
    """Loading ``path`` fails naming the row and column, and the store is unchanged."""
    from tests.conftest import table_counts

    before = table_counts(store)
    adapter = get(source_id)
    spec = adapter.file_for(path)
    with pytest.raises(ValidationFailed) as info:
        load_file(store, adapter, path, vintage=None if spec else __import__("datetime").date(2030, 1, 1))
    hits = [f for f in info.value.failures if f.row == row and f.column == column]
    assert hits, f"no failure at row {row}, column {column}: {info.value.failures[:5]}"
    assert hits[0].file == path.name
    assert table_counts(store) == before
    return info.value


def loaded_store(source_id: str, *, by_file: bool = False):
    """A fresh DuckDB store with reference tables and one source's bundled files loaded.

    Yields (store, reports): reports as a list, or by file name with ``by_file``. Meant for
    module-scoped fixtures (``yield from loaded_store(SRC)``): loading takes seconds.
    """
    from nadd.ingest import sync_reference
    from nadd.store import open_store

    store = open_store("duckdb:///:memory:")
    sync_reference(store)
    reports = load_bundled(store, source_id)
    try:
        yield store, ({r.file: r for r in reports} if by_file else reports)
    finally:
        store.close()
