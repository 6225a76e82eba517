"""Small synthetic observation series written straight into a store, for the detection tests."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from nadd.model import periods as P
from nadd.model.ids import stable_id
from nadd.model.observation import stored_table


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
            key_id = stable_id(source, indicator, jurisdiction, p.label, substance, setting, unit)
            rows.append({
                "id": stable_id(uuid.UUID(key_id), vintage), "key_id": key_id,
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
    store.insert("observations", stored_table(rows))


SPIKE = [10, 12, 11, 9, 10, 13, 11, 10, 12, 11, 10, 12, 40, 45, 11, 10]
FLAT = [10, 12, 11, 9, 10, 13, 11, 10, 12, 11, 10, 12, 11, 10, 11, 10]
