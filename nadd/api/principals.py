"""Who is asking, remembered for a second (the session lookup is most of a cached answer's cost).

A signed-in request resolves its credential to a principal: session, user, organisation and roles
joined, ~7 ms on DuckDB, on every request, where a response-cache hit costs ~1.5 ms. Reads
(GET/HEAD) reuse a principal resolved less than ``TTL`` seconds ago for the same credential.
State-changing requests always resolve afresh and, once they finish, empty the memory
(``RefreshOnWrite``): a logout, a deactivation, a role change or a revoked token made through this
app applies to the very next request; one made by another process (the CLI) within ``TTL`` seconds,
the same bound as the data version of the response cache. Credentials are kept as SHA-256 digests.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Callable

from nadd.access import Principal

__all__ = ["TTL", "PrincipalMemo", "RefreshOnWrite"]

TTL = 1.0  # seconds
SAFE = frozenset({"GET", "HEAD", "OPTIONS"})


class PrincipalMemo:
    def __init__(self, ttl: float = TTL, max_entries: int = 10_000):
        self.ttl, self.max_entries = ttl, max_entries
        self._seen: dict[tuple[str, str], tuple[float, Principal]] = {}
        self._lock = threading.Lock()
        self._generation = 0  # bumped by clear(): a lookup that straddles a clear is not kept

    def get(self, kind: str, credential: str, resolve: Callable[[], Principal], *,
            reuse: bool = True) -> Principal:
        """The principal of ``credential`` (``resolve()`` when not remembered or not ``reuse``).
        Only signed-in principals are remembered; ``resolve`` raising is passed on."""
        key = (kind, hashlib.sha256(credential.encode()).hexdigest())
        now = time.monotonic()
        with self._lock:
            hit = self._seen.get(key)
            generation = self._generation
        if reuse and hit is not None and now - hit[0] < self.ttl:
            return hit[1]
        p = resolve()
        if not p.anonymous:
            with self._lock:
                if generation == self._generation:
                    if len(self._seen) >= self.max_entries:
                        self._seen.clear()
                    self._seen[key] = (now, p)
        return p

    def clear(self) -> None:
        with self._lock:
            self._seen.clear()
            self._generation += 1


class RefreshOnWrite:
    """ASGI middleware: after every state-changing HTTP request, forget the remembered principals."""

    def __init__(self, app, memo: PrincipalMemo):
        self.app, self.memo = app, memo

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope.get("method") in SAFE:
            return await self.app(scope, receive, send)
        try:
            await self.app(scope, receive, send)
        finally:
            self.memo.clear()
