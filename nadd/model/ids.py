"""Stable record ids, equal on every machine that sees the same content.

An id is the MD5 (hex) of the record's natural key: its parts as text, NULL as '',
joined by the ASCII unit separator. MD5 is used as a fingerprint, not for security:
it is fast, and DuckDB and PostgreSQL both compute it natively, so ids are computed
vectorised in DuckDB for bulk loads and with hashlib for single records, identically.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import duckdb
import pyarrow as pa

SEP = "\x1f"


def stable_id(*parts: object) -> str:
    """Id of one record from its key parts, in order."""
    text = SEP.join("" if p is None else str(p) for p in parts)
    return hashlib.md5(text.encode("utf-8")).hexdigest()


def key_sql(columns: Sequence[str]) -> str:
    """SQL expression (DuckDB) giving the same text that ``stable_id`` hashes."""
    cast = [f"coalesce(CAST({c} AS VARCHAR), '')" for c in columns]
    return f"md5({' || chr(31) || '.join(cast)})"


def add_ids(table: pa.Table, out: str, columns: Sequence[str]) -> pa.Table:
    """Return ``table`` with column ``out`` = stable id of ``columns``, computed in DuckDB."""
    con = duckdb.connect()
    try:
        con.register("_t", table)
        result = con.sql(f"SELECT *, {key_sql(columns)} AS {out} FROM _t").to_arrow_table()
    finally:
        con.close()
    if out in table.column_names:
        raise ValueError(f"column {out} already present")
    return result
