"""PostgreSQL server store: same schema and migrations as DuckDB, bulk loads by COPY."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

import psycopg
import pyarrow as pa
import pyarrow.csv as pacsv

from nadd.store.backend import Dialect, Store


class PostgresDialect(Dialect):
    name = "postgresql"
    observations_pk = "PRIMARY KEY"


_UUID_OID = 2950


def _plain_uuids(data: pa.Table) -> pa.Table:
    """UUID columns as canonical text: the CSV writer knows no extension types."""
    from nadd.model.ids import as_text

    for i, f in enumerate(data.schema):
        if isinstance(f.type, pa.UuidType):
            data = data.set_column(i, f.name, as_text(data.column(i)))
    return data


def _csv(data: pa.Table) -> bytes:
    buf = io.BytesIO()
    pacsv.write_csv(data, buf, pacsv.WriteOptions(include_header=False))
    return buf.getvalue()


def _copy(cur, sql: str, payload: bytes) -> None:
    with cur.copy(sql) as copy:
        for i in range(0, len(payload), 1 << 20):
            copy.write(payload[i : i + (1 << 20)])


def _pg(sql: str) -> str:
    return sql.replace("%", "%%").replace("?", "%s")


class PostgresStore(Store):
    dialect = PostgresDialect()

    def __init__(self, url: str):
        self.url = url
        self._con = psycopg.connect(url, autocommit=True)

    def _execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        with self._con.cursor() as cur:
            cur.execute(_pg(sql) if params else sql, list(params) or None)

    def _fetch(self, sql: str, params: Sequence[Any] = ()) -> pa.Table:
        with self._con.cursor() as cur:
            cur.execute(_pg(sql) if params else sql, list(params) or None)
            names = [d.name for d in cur.description]
            uuids = [d.type_code == _UUID_OID for d in cur.description]
            rows = cur.fetchall()
        if not names:
            return pa.table({})
        # UUIDs come back as text, as DuckDB returns them, so results compare across stores.
        return pa.table({n: [r[i] for r in rows] if not uuids[i] else
                         [None if r[i] is None else str(r[i]) for r in rows] for i, n in enumerate(names)})

    def _insert_arrow(self, table: str, data: pa.Table, *, skip_existing_key: str | None,
                      scope: dict[str, Any] | None = None) -> int:
        cols = ", ".join(data.column_names)
        payload = _csv(_plain_uuids(data))
        # A key can only clash inside its scope (source + vintage): a first load of a scope is
        # copied straight into the table; otherwise through a stage and ON CONFLICT on the key.
        direct = not skip_existing_key or (scope is not None and not self.has_rows(table, scope))
        with self._con.cursor() as cur:
            if direct:
                _copy(cur, f"COPY {table} ({cols}) FROM STDIN (FORMAT csv)", payload)
                return len(data)
            cur.execute(
                f"CREATE TEMP TABLE IF NOT EXISTS _nadd_stage (LIKE {table} INCLUDING DEFAULTS)"
            )
            cur.execute("TRUNCATE _nadd_stage")
            _copy(cur, f"COPY _nadd_stage ({cols}) FROM STDIN (FORMAT csv)", payload)
            cur.execute(f"INSERT INTO {table} ({cols}) SELECT {cols} FROM _nadd_stage "
                        f"ON CONFLICT ({skip_existing_key}) DO NOTHING")
            added = cur.rowcount
            cur.execute("DROP TABLE _nadd_stage")
        return added

    def close(self) -> None:
        self._con.close()
