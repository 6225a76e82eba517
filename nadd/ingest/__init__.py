"""Ingestion: one adapter per source, a generic mapped adapter, atomic idempotent loads.

    from nadd.ingest import ingest
    reports = ingest(store)                      # every bundled source
    reports = ingest(store, ["cdc_vsrr"])        # one source, its bundled files
    load_file(store, get("cdc_vsrr"), path, vintage=date(2026, 3, 1))  # a new release
"""

from __future__ import annotations

from collections.abc import Iterable
from nadd.errors import NaddError
from nadd.ingest.adapter import Adapter, Rows, SourceFile
from nadd.ingest.loader import LoadReport, load_file, parse_file
from nadd.ingest.reference import sync_reference
from nadd.ingest.registry import adapters, get
from nadd.store import Store


def ingest(store: Store, source_ids: Iterable[str] | None = None, *, check: bool = False) -> list[LoadReport]:
    """Load the bundled files of the given sources (default: all) into ``store``."""
    if not check:
        sync_reference(store)
    chosen = [get(s) for s in source_ids] if source_ids else list(adapters().values())
    reports = []
    for adapter in chosen:
        paths = adapter.bundled_paths()
        if not paths:
            raise NaddError(f"source {adapter.id} has no bundled files in {adapter.bundled_dir()}",
                            hint="give the file path: nadd ingest SOURCE --file PATH --vintage DATE")
        for path in paths:
            reports.append(load_file(store, adapter, path, check=check))
    return reports


__all__ = ["Adapter", "LoadReport", "Rows", "SourceFile", "adapters", "get", "ingest",
           "load_file", "parse_file", "sync_reference"]
