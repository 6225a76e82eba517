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
            rows = cur.fetchall()
        return pa.table({n: [r[i] for r in rows] for i, n in enumerate(names)}) if names else pa.table({})

    def _insert_arrow(self, table: str, data: pa.Table, *, skip_existing_key: str | None,
                      scope: dict[str, Any] | None = None) -> int:
        # The primary key does the de-duplication (ON CONFLICT); scope is not needed here.
        cols = ", ".join(data.column_names)
        buf = io.BytesIO()
        pacsv.write_csv(data, buf, pacsv.WriteOptions(include_header=False))
        payload = buf.getvalue()
        with self._con.cursor() as cur:
            cur.execute(
                f"CREATE TEMP TABLE IF NOT EXISTS _nadd_stage (LIKE {table} INCLUDING DEFAULTS)"
            )
            cur.execute("TRUNCATE _nadd_stage")
            with cur.copy(f"COPY _nadd_stage ({cols}) FROM STDIN (FORMAT csv)") as copy:
                for i in range(0, len(payload), 1 << 20):
                    copy.write(payload[i : i + (1 << 20)])
            conflict = f" ON CONFLICT ({skip_existing_key}) DO NOTHING" if skip_existing_key else ""
            cur.execute(f"INSERT INTO {table} ({cols}) SELECT {cols} FROM _nadd_stage{conflict}")
            added = cur.rowcount
            cur.execute("DROP TABLE _nadd_stage")
        return added

    def close(self) -> None:
        self._con.close()
