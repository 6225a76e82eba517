"""A read-only store whose query results are remembered (for answers built from many reads)."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import Any

import pyarrow as pa

from nadd.store import Store


class MemoStore(Store):
    """``inner`` with each distinct read (SQL, parameters) run once. Only for reads of one
    data version: it is kept inside the response cache, which drops it on any change."""

    def __init__(self, inner: Store):
        self.inner, self.dialect, self.url = inner, inner.dialect, inner.url
        self._seen: dict[tuple, pa.Table] = {}
        self._lock = threading.Lock()

    def _fetch(self, sql: str, params: Sequence[Any] = ()) -> pa.Table:
        key = (sql, tuple(params))
        try:
            hash(key)
        except TypeError:  # an unhashable parameter: not remembered
            return self.inner._fetch(sql, params)
        with self._lock:
            hit = self._seen.get(key)
        if hit is None:
            hit = self.inner._fetch(sql, params)
            with self._lock:
                self._seen[key] = hit
        return hit

    def _execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        raise TypeError("MemoStore is read-only")

    def _insert_arrow(self, table: str, data: pa.Table, *, skip_existing_key: str | None,
                      scope: dict[str, Any] | None = None) -> int:
        raise TypeError("MemoStore is read-only")

    def close(self) -> None:
        pass
