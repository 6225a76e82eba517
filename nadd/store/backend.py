"""The store interface: a few abstract hooks, with the orchestration fixed here.

Backends (DuckDB, PostgreSQL) fill in how to run SQL, fetch Arrow and stage an Arrow
table; everything else (migrations, idempotent inserts, transactions) is written once.
Queries use ``?`` placeholders; backends translate them.
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from importlib import resources
from typing import Any, final

import pandas as pd
import pyarrow as pa

from nadd.errors import StoreError


class Dialect:
    name = "sql"
    # DuckDB keeps no index on observations.id: its ART index costs ~5x on bulk loads,
    # and inserts are de-duplicated by an anti-join instead (see insert_new).
    observations_pk = "PRIMARY KEY"

    def render(self, sql: str) -> str:
        return sql.replace("{observations_pk}", self.observations_pk)


class Store(ABC):
    dialect: Dialect
    url: str

    # --- hooks ---------------------------------------------------------------------------
    @abstractmethod
    def _execute(self, sql: str, params: Sequence[Any] = ()) -> None: ...

    @abstractmethod
    def _fetch(self, sql: str, params: Sequence[Any] = ()) -> pa.Table: ...

    @abstractmethod
    def _insert_arrow(self, table: str, data: pa.Table, *, skip_existing_key: str | None,
                      scope: dict[str, Any] | None = None) -> int:
        """Insert rows; with a key, skip rows whose key is already stored. Returns rows added.

        ``scope`` (column -> the value every row of ``data`` has) tells where an existing key can
        only be: the de-duplication looks there, and when that part is empty it is skipped.
        """

    @abstractmethod
    def close(self) -> None: ...

    # --- orchestration -------------------------------------------------------------------
    _depth = 0

    @final
    @contextmanager
    def transaction(self) -> Iterator[Store]:
        """All or nothing. Nested calls join the outer transaction."""
        if self._depth:
            self._depth += 1
            try:
                yield self
            finally:
                self._depth -= 1
            return
        self._execute("BEGIN")
        self._depth = 1
        try:
            yield self
        except BaseException:
            self._depth = 0
            self._execute("ROLLBACK")
            raise
        self._depth = 0
        self._execute("COMMIT")

    @final
    def execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        try:
            self._execute(sql, params)
        except Exception as e:
            raise StoreError(f"{self.dialect.name} failed: {e}\nSQL: {sql}") from e

    @final
    def query(self, sql: str, params: Sequence[Any] = ()) -> pa.Table:
        try:
            return self._fetch(sql, params)
        except Exception as e:
            raise StoreError(f"{self.dialect.name} failed: {e}\nSQL: {sql}") from e

    @final
    def df(self, sql: str, params: Sequence[Any] = ()) -> pd.DataFrame:
        return self.query(sql, params).to_pandas()

    @final
    def scalar(self, sql: str, params: Sequence[Any] = ()) -> Any:
        t = self.query(sql, params)
        return t.column(0)[0].as_py() if t.num_rows else None

    @final
    def insert(self, table: str, data: pa.Table, *, skip_existing_key: str | None = None,
               scope: dict[str, Any] | None = None) -> int:
        with self.transaction():
            return self._insert_arrow(table, data, skip_existing_key=skip_existing_key, scope=scope)

    @final
    def has_rows(self, table: str, scope: dict[str, Any] | None = None) -> bool:
        """True if ``table`` holds a row matching every column = value of ``scope``."""
        where, params = self._scope_sql(scope)
        return bool(self.scalar(f"SELECT count(*) FROM (SELECT 1 FROM {table} WHERE {where} LIMIT 1) x",
                                params))

    @final
    def _scope_sql(self, scope: dict[str, Any] | None) -> tuple[str, list[Any]]:
        if not scope:
            return "TRUE", []
        return " AND ".join(f"{c} = ?" for c in scope), list(scope.values())

    @final
    def replace(self, table: str, data: pa.Table) -> None:
        """Replace a reference table's content in one transaction."""
        with self.transaction():
            self.execute(f"DELETE FROM {table}")
            self._insert_arrow(table, data, skip_existing_key=None)

    @final
    def migrate(self) -> None:
        self._execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations (name VARCHAR PRIMARY KEY)"
        )
        done = set(self.query("SELECT name FROM schema_migrations").column(0).to_pylist())
        folder = resources.files("nadd.store") / "migrations"
        for item in sorted(folder.iterdir(), key=lambda p: p.name):
            if not item.name.endswith(".sql") or item.name in done:
                continue
            with self.transaction():
                for stmt in _statements(self.dialect.render(item.read_text(encoding="utf-8"))):
                    self.execute(stmt)
                self.execute("INSERT INTO schema_migrations VALUES (?)", [item.name])

    def table_exists(self, name: str) -> bool:
        return bool(
            self.scalar(
                "SELECT count(*) FROM information_schema.tables WHERE table_name = ?", [name]
            )
        )

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _statements(script: str) -> list[str]:
    script = re.sub(r"--[^\n]*", "", script)
    return [s.strip() for s in script.split(";") if s.strip()]
