"""Response cache keyed by (data version, visibility class, route, query).

Two principals with the same ``visible_sql`` (same country, agency class) see the same data,
so they share entries; the public is one class. The data version is read from the store on
most once per ``VERSION_TTL`` (loads, detection runs, alerts and reviews: tiny tables) and any
change empties the cache: a load, a new vintage or a detection run written by another process
(``nadd ingest``) is served within a second; writes through this app (reviews) clear it at once.
Identical misses arriving together are computed once (single flight), the others wait for it;
at most ``MISSES`` different misses are computed at once (``MissGate``).
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from contextlib import contextmanager
from typing import Any

from nadd.access import Principal, visible_sql
from nadd.store import Store

_VERSION_SQL = (
    "SELECT (SELECT count(*) FROM loads), (SELECT max(loaded_at) FROM loads), "
    "(SELECT count(*) FROM detection_runs), (SELECT count(*) FROM alerts), "
    "(SELECT max(updated_at) FROM alerts), (SELECT count(*) FROM alert_reviews)")


VERSION_TTL = 1.0  # seconds
MISSES = 2  # computations at once (one per core): hits never queue behind more than these


class MissGate:
    """At most ``n`` misses computed at once, so hits (cheap, no gate) keep the CPU and the GIL
    share they need. Re-entrant per thread: a miss computing another entry (the summary's reads,
    a shared slice) does not wait for itself."""

    def __init__(self, n: int = MISSES):
        self._sem = threading.BoundedSemaphore(n)
        self._local = threading.local()

    @contextmanager
    def held(self):
        depth = getattr(self._local, "depth", 0)
        if depth == 0:
            self._sem.acquire()
        self._local.depth = depth + 1
        try:
            yield
        finally:
            self._local.depth = depth
            if depth == 0:
                self._sem.release()


class Cache:
    def __init__(self, store: Store, max_entries: int = 2048, version_ttl: float = VERSION_TTL,
                 gate: MissGate | None = None, on_change: Callable[[], None] | None = None,
                 versions: Cache | None = None):
        self.max_entries, self.version_ttl = max_entries, version_ttl
        # a cache whose entries feed another's answers reads that one's version, so both
        # always agree on it (an answer of a new version is never cut from an old slice)
        self._versions = versions
        self.gate = gate or MissGate()
        self.on_change = on_change  # called (outside the lock) when a new data version is seen
        self._checked = (-1e9, None)
        self._data: OrderedDict[tuple, Any] = OrderedDict()
        self._version: tuple | None = None
        self._seen: tuple | None = None  # the last version served (kept by clear())
        self._lock = threading.Lock()
        self._computing: dict[tuple, threading.Event] = {}  # single flight per key
        self.hits = self.misses = 0

    def version(self, store: Store) -> tuple:
        if self._versions is not None:
            return self._versions.version(store)
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
                    if self._seen is not None and self._seen != v and self.on_change is not None:
                        self.on_change()  # must not block (the warmer starts a thread)
                    self._version = self._seen = v
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
            with self.gate.held():
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
