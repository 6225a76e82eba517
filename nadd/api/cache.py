"""Response cache keyed by (data version, visibility class, route, query).

Two principals with the same ``visible_sql`` (same country, agency class) see the same data,
so they share entries; the public is one class. The data version is read from the store on
most once per ``VERSION_TTL`` (loads, detection runs, alerts and reviews: tiny tables) and any
change empties the cache: a load, a new vintage or a detection run written by another process
(``nadd ingest``) is served within a second; writes through this app (reviews) clear it at once.
Identical misses arriving together are computed once (single flight), the others wait for it.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from nadd.access import Principal, visible_sql
from nadd.store import Store

_VERSION_SQL = (
    "SELECT (SELECT count(*) FROM loads), (SELECT max(loaded_at) FROM loads), "
    "(SELECT count(*) FROM detection_runs), (SELECT count(*) FROM alerts), "
    "(SELECT max(updated_at) FROM alerts), (SELECT count(*) FROM alert_reviews)")


VERSION_TTL = 1.0  # seconds


class Cache:
    def __init__(self, store: Store, max_entries: int = 2048, version_ttl: float = VERSION_TTL):
        self.max_entries, self.version_ttl = max_entries, version_ttl
        self._checked = (-1e9, None)
        self._data: OrderedDict[tuple, Any] = OrderedDict()
        self._version: tuple | None = None
        self._lock = threading.Lock()
        self._computing: dict[tuple, threading.Event] = {}  # single flight per key
        self.hits = self.misses = 0

    def version(self, store: Store) -> tuple:
        at, v = self._checked
        now = time.monotonic()
        if v is None or now - at >= self.version_ttl:
            v = tuple(store.query(_VERSION_SQL).to_pylist()[0].values())
            self._checked = (now, v)
        return v

    def get(self, store: Store, p: Principal, route: str, key: tuple, compute: Callable[[], Any]) -> Any:
        vis = visible_sql(p)
        k = (route, vis[0], tuple(vis[1]), key)
        while True:
            v = self.version(store)
            with self._lock:
                if v != self._version:
                    self._data.clear()
                    self._version = v
                if k in self._data:
                    self._data.move_to_end(k)
                    self.hits += 1
                    return self._data[k]
                running = self._computing.get(k)
                if running is None:  # this request computes; identical ones wait for it
                    running = self._computing[k] = threading.Event()
                    break
            running.wait(timeout=60)
        try:
            value = compute()
        except BaseException:
            with self._lock:
                self._computing.pop(k, None)
            running.set()
            raise
        with self._lock:
            self.misses += 1
            if self._version == v:
                self._data[k] = value
                while len(self._data) > self.max_entries:
                    self._data.popitem(last=False)
            self._computing.pop(k, None)
        running.set()
        return value

    def clear(self) -> None:
        with self._lock:
            self._data.clear()
            self._version = None
            self._checked = (-1e9, None)
