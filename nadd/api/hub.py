"""One store per app, used safely from many request threads.

DuckDB: one database, a cursor (its own connection to the same database) per thread.
PostgreSQL: one connection per thread. Both keep transactions of concurrent requests apart.
``StoreHub.store`` is the one object handed to routes: it resolves the calling thread's
connection on every call, because FastAPI may run a dependency and the route that receives
its result in different threads (a connection captured by the dependency would be shared).
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import Any

import pyarrow as pa

from nadd.store import Store, open_store
from nadd.store.duckdb import DuckDBStore


class _CursorStore(DuckDBStore):
    def __init__(self, parent: DuckDBStore):  # noqa: super().__init__ would open a new database
        self.path, self.url = parent.path, parent.url
        self._con = parent._con.cursor()


class StoreHub:
    def __init__(self, url: str):
        self.main = open_store(url)  # migrations applied once, here
        self.url = self.main.url if isinstance(self.main, DuckDBStore) else url
        self._local = threading.local()
        self._all: list[Store] = []
        self._lock = threading.Lock()
        self._generation = 0  # bumped by release(): thread-local stores of older ones are stale
        self.store = ThreadStore(self)

    def get(self) -> Store:
        cached = getattr(self._local, "store", None)
        if cached is None or cached[0] != self._generation:
            s = (_CursorStore(self.main) if isinstance(self.main, DuckDBStore)
                 else open_store(self.url, migrate=False))
            self._local.store = (self._generation, s)
            with self._lock:
                self._all.append(s)
            return s
        return cached[1]

    def release(self) -> None:
        """Close the per-thread connections (app shutdown); the store itself stays open."""
        with self._lock:
            self._generation += 1
            for s in self._all:
                s.close()
            self._all.clear()

    def close(self) -> None:
        self.release()
        self.main.close()


class ThreadStore(Store):
    """The hub's store as seen from the calling thread (transaction depth per thread too)."""

    def __init__(self, hub: StoreHub):
        self.hub, self.dialect, self.url = hub, hub.main.dialect, hub.url
        self._tl = threading.local()

    @property
    def _depth(self) -> int:  # Store.transaction's nesting counter, per thread
        return getattr(self._tl, "depth", 0)

    @_depth.setter
    def _depth(self, value: int) -> None:
        self._tl.depth = value

    def _execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        self.hub.get()._execute(sql, params)

    def _fetch(self, sql: str, params: Sequence[Any] = ()) -> pa.Table:
        return self.hub.get()._fetch(sql, params)

    def _insert_arrow(self, table: str, data: pa.Table, *, skip_existing_key: str | None,
                      scope: dict[str, Any] | None = None) -> int:
        return self.hub.get()._insert_arrow(table, data, skip_existing_key=skip_existing_key, scope=scope)

    def close(self) -> None:  # the hub closes its connections
        pass
