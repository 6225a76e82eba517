"""nadd: the open data platform of the North American Drug Dialogue (Canada, Mexico, US).

The public face is small; heavy parts load on first use:

    import nadd
    store = nadd.open_store()            # DuckDB file by default (NADD_DATABASE_URL)
    nadd.ingest(store)                   # every bundled source, atomic and idempotent
    nadd.summary(store, lang="es")       # latest comparable figures per country
    nadd.query(store, nadd.Filter(indicator="drug_deaths", jurisdiction="CA"))
"""

from __future__ import annotations

import importlib

__version__ = "0.1.0"

_LAZY = {
    "open_store": "nadd.store",
    "ingest": "nadd.ingest",
    "load_file": "nadd.ingest",
    "summary": "nadd.summary",
    "query": "nadd.observations",
    "Filter": "nadd.observations",
    "get_settings": "nadd.settings",
}


def __getattr__(name: str):
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'nadd' has no attribute {name!r}")


__all__ = sorted(_LAZY)
