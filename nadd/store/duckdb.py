"""Embedded DuckDB store: the default, no server needed."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from nadd.store.backend import Dialect, Store


_ROW_GROUP = 122_880  # DuckDB's row-group size


class DuckDBDialect(Dialect):
    name = "duckdb"
    observations_pk = ""


class DuckDBStore(Store):
    dialect = DuckDBDialect()

    def __init__(self, path: str | Path = ":memory:", *, read_only: bool = False):
        self.path = str(path)
        self.url = f"duckdb:///{self.path}"
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        self._con = duckdb.connect(self.path, read_only=read_only)

    def _execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        self._con.execute(sql, list(params))

    def _fetch(self, sql: str, params: Sequence[Any] = ()) -> pa.Table:
        return self._con.sql(sql, params=list(params) or None).to_arrow_table()

    def _insert_arrow(self, table: str, data: pa.Table, *, skip_existing_key: str | None,
                      scope: dict[str, Any] | None = None) -> int:
        # Batches of one row group each let DuckDB scan and write them on every core
        # (one big batch is inserted by one thread; bench/README.md).
        if data.num_rows > _ROW_GROUP:
            data = pa.Table.from_batches(data.to_batches(max_chunksize=_ROW_GROUP), schema=data.schema)
        self._con.register("_nadd_stage", data)
        try:
            cols = ", ".join(data.column_names)
            src, params = "SELECT * FROM _nadd_stage", []
            if skip_existing_key:
                k = skip_existing_key
                # A first load of a scope (source + vintage) is a plain append: nothing to compare.
                if self.has_rows(table, scope):
                    where, params = self._scope_sql(scope)
                    src = (f"SELECT s.* FROM _nadd_stage s ANTI JOIN "
                           f"(SELECT {k} FROM {table} WHERE {where}) t ON s.{k} = t.{k}")
            return self._con.execute(f"INSERT INTO {table} ({cols}) {src}", params).fetchall()[0][0]
        finally:
            self._con.unregister("_nadd_stage")

    def close(self) -> None:
        self._con.close()
