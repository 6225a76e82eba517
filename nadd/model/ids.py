"""Stable record ids, equal on every machine that sees the same content.

An id is the MD5 (hex) of the record's natural key: its parts as text, NULL as '',
joined by the ASCII unit separator. MD5 is used as a fingerprint, not for security:
it is fast, and DuckDB and PostgreSQL both compute it natively, so ids are computed
vectorised (Arrow joins the key text, DuckDB hashes it) for bulk loads and with hashlib for
single records, identically.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import duckdb
import pyarrow as pa
import pyarrow.compute as pc

SEP = "\x1f"


def stable_id(*parts: object) -> str:
    """Id of one record from its key parts, in order."""
    text = SEP.join("" if p is None else str(p) for p in parts)
    return hashlib.md5(text.encode("utf-8")).hexdigest()


def key_text(table: pa.Table, columns: Sequence[str]) -> pa.Array:
    """The text ``stable_id`` hashes, for every row, joined by Arrow (no per-row Python)."""
    parts = [table[c] if pa.types.is_string(table[c].type) else pc.cast(table[c], pa.string())
             for c in columns]
    return pc.binary_join_element_wise(*parts, SEP, null_handling="replace", null_replacement="")


def key_and_record_ids(table: pa.Table, columns: Sequence[str], vintage: str) -> tuple[pa.Array, pa.Array]:
    """(key_id, id) for every row: key_id = md5 of the natural key, id = md5 of key_id and vintage.

    One DuckDB query over one text column: a bulk load hashes only what it must.
    """
    con = duckdb.connect()
    try:
        con.register("_k", pa.table({"k": key_text(table, columns)}))
        out = con.sql(
            "SELECT key_id, md5(key_id || chr(31) || $v) AS id FROM (SELECT md5(k) AS key_id FROM _k)",
            params={"v": vintage},
        ).to_arrow_table()
    finally:
        con.close()
    return out["key_id"].combine_chunks(), out["id"].combine_chunks()
