"""Cache warming: each visibility class's default views computed before anyone asks for them.

After a start, a load, a detection run or a review empties the response cache, the first reader
of each class would wait for the misses (the summary ~30-500 ms, the alert list ~100 ms) and the
misses would all arrive at once. A background thread computes them first, for the public and
for each (country, agency) of the organisations (every principal of one class sees the same
data, ``cache.py``). It goes through the same cache entries as the routes (no audit rows: nobody
read anything) and through the miss gate, so it never takes more than its share of the CPU.
"""

from __future__ import annotations

import logging
import threading

from nadd.access import ANONYMOUS, Principal
from nadd.access.rollup import finish_before_exit
from nadd.store import Store

__all__ = ["Warmer", "visibility_classes"]

LANGS = ("en", "es", "fr")
log = logging.getLogger("nadd.api")


def visibility_classes(store: Store) -> list[Principal]:
    """One principal per visibility class of the organisations: the public first."""
    rows = store.query("SELECT DISTINCT country, agency FROM orgs ORDER BY country, agency").to_pylist()
    return [ANONYMOUS] + [Principal(user_id=None, username=f"warm:{r['country']}:{r['agency']}",
                                    org_id=None, agency=r["agency"], country=r["country"])
                         for r in rows]


class Warmer:
    """``start()`` (re)fills the default views in a thread; a start while one runs makes it run
    once more at the end (the data changed under it)."""

    def __init__(self, state, store: Store):
        self.state, self.store = state, store
        self._lock = threading.Lock()
        self._running = self._again = False
        self._thread: threading.Thread | None = None
        self.rounds = 0

    def start(self) -> None:
        with self._lock:
            if self._running:
                self._again = True
                return
            self._running = True
        self._thread = threading.Thread(target=self._run, daemon=True, name="nadd-cache-warm")
        finish_before_exit(self._thread)

    def wait(self, timeout: float = 60) -> None:
        """Until the running round is done (before the app closes its connections)."""
        t = self._thread
        if t is not None:
            t.join(timeout)

    def run_once(self) -> None:
        from nadd.access import views as V
        from nadd.api.routes.alerts import alerts_entry
        from nadd.api.routes.data import summary_entry

        cache = self.state.cache
        for p in visibility_classes(self.store):
            alerts_entry(cache, self.store, p)
            for lang in LANGS:
                summary_entry(cache, self.store, p, lang)
        cache.get(self.store, ANONYMOUS, "meta", (), lambda: V.meta(self.store))
        cache.get(self.store, ANONYMOUS, "sources", (), lambda: V.sources(self.store))
        self.rounds += 1

    def _run(self) -> None:
        while True:
            try:
                self.run_once()
            except Exception:  # the routes compute on demand instead; logged
                log.exception("cache warming failed")
            with self._lock:
                if not self._again:
                    self._running = False
                    return
                self._again = False
