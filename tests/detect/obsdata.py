"""Small synthetic observation series written straight into a store, for the detection tests."""

from __future__ import annotations

import hashlib
from datetime import date, datetime

import pyarrow as pa

from nadd.model import periods as P
from nadd.model.observation import STORED_SCHEMA


def obs_rows(values, *, jurisdiction="US-TX", substance="fentanyl", period_type="quarter",
             first=(2018, 1), source="test_src", indicator="drug_deaths", unit="count",
             vintage=date(2025, 1, 1), skip=(), status=None, setting="all") -> list[dict]:
    """One row per value (None: suppressed); consecutive periods from ``first``; ``skip``: indices left out."""
    make = {"quarter": P.quarter, "month": P.month, "half_year": P.half_year,
            "months12_ending": P.months12_ending, "year": lambda y, _: P.year(y)}[period_type]
    per_year = {"quarter": 4, "month": 12, "half_year": 2, "months12_ending": 12, "year": 1}[period_type]
    y, k = first
    rows = []
    for i, v in enumerate(values):
        p = make(y, k)
        if i not in skip:
            key = f"{source}|{indicator}|{jurisdiction}|{p.label}|{substance}|{setting}|{unit}"
            key_id = hashlib.sha1(key.encode()).hexdigest()
            rows.append({
                "id": hashlib.sha1(f"{key_id}|{vintage}".encode()).hexdigest(), "key_id": key_id,
                "source_id": source, "indicator_id": indicator, "jurisdiction_id": jurisdiction,
                "period_type": period_type, "period_start": p.start, "period_end": p.end,
                "substance_id": substance, "sex": "all", "age_group": "all", "manner": "all",
                "setting": setting, "unit": unit, "value": None if v is None else float(v),
                "status": status or ("suppressed" if v is None else "reported"), "note": None,
                "source_row": i + 2, "source_file": f"{source}.csv", "vintage": vintage,
                "load_id": "L1", "loaded_at": datetime(2025, 1, 2), "owner_country": "US",
                "owner_agency": "test", "releasability": "public", "tlp": "clear"})
        k += 1
        if k > per_year:
            y, k = y + 1, 1
    return rows


def put(store, rows: list[dict]) -> None:
    store.insert("observations", pa.Table.from_pylist(rows, STORED_SCHEMA))


SPIKE = [10, 12, 11, 9, 10, 13, 11, 10, 12, 11, 10, 12, 40, 45, 11, 10]
FLAT = [10, 12, 11, 9, 10, 13, 11, 10, 12, 11, 10, 12, 11, 10, 11, 10]
