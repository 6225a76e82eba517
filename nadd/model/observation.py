"""The observation record: indicator x jurisdiction x period x substance x stratum -> value.

Adapters produce frames with the ``PARSED`` columns; the loader adds the rest
(ids, provenance, sharing metadata) so every source is handled the same way.
"""

from __future__ import annotations

import pyarrow as pa

STRATA = ("sex", "age_group", "manner", "setting")
ALL = "all"  # stratum value meaning "not broken down"; never NULL, so keys compare plainly

# What an adapter returns, one row per published cell.
PARSED = {
    "indicator_id": pa.string(),
    "jurisdiction_id": pa.string(),
    "period_type": pa.string(),
    "period_start": pa.date32(),
    "period_end": pa.date32(),
    "substance_id": pa.string(),  # NULL when the indicator is not substance-specific
    "sex": pa.string(),
    "age_group": pa.string(),
    "manner": pa.string(),
    "setting": pa.string(),
    "unit": pa.string(),
    "value": pa.float64(),
    "status": pa.string(),
    "note": pa.string(),
    "source_row": pa.int64(),
}

# Natural key of a published cell within a source; the record id adds the vintage.
KEY = (
    "source_id",
    "indicator_id",
    "jurisdiction_id",
    "period_type",
    "period_start",
    "period_end",
    "substance_id",
    *STRATA,
    "unit",
)

STORED = {
    "id": pa.uuid(),  # nadd.model.ids: content hash, a version-8 UUID
    "key_id": pa.uuid(),
    "source_id": pa.string(),
    **PARSED,
    "source_file": pa.string(),
    "vintage": pa.date32(),
    "load_id": pa.string(),
    "loaded_at": pa.timestamp("us"),
    "owner_country": pa.string(),
    "owner_agency": pa.string(),
    "releasability": pa.string(),
    "tlp": pa.string(),
}

STORED_SCHEMA = pa.schema(list(STORED.items()))


def stored_table(rows: list[dict]) -> pa.Table:
    """Stored-schema table from row dicts whose ids are UUID text or ``uuid.UUID`` (tests, demo data)."""
    import uuid

    def raw(v):
        return None if v is None else (v if isinstance(v, uuid.UUID) else uuid.UUID(str(v))).bytes

    return pa.Table.from_pylist([{**r, "id": raw(r.get("id")), "key_id": raw(r.get("key_id"))} for r in rows],
                                STORED_SCHEMA)
