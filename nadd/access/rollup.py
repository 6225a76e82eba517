"""Map roll-up: the map's cells pre-summed per sharing marking, rebuilt after each load.

A map call sums the latest vintage of ~200,000 records of one indicator (10M-row store: 0.4 s).
``map_rollup`` holds those sums already grouped by the cell's dimensions *and* by the four
sharing columns (owner_country, owner_agency, releasability, tlp). Every roll-up row is
therefore one marking, and ``policy.visible_sql`` / ``aggregable_sql`` apply to it exactly as
to each record inside it: one table serves every visibility class, no class sees more.

One subtlety keeps it exact: ``views.map_cells`` drops TLP:RED records the viewer cannot see
*before* picking the latest vintage, so a key with a TLP:RED vintage may show an older one to
some viewers. Such keys are not rolled up; their records are copied as they are to
``map_rollup_red`` and go through the original per-record logic at query time.

The roll-up is derived data (rebuilt, never edited): tables are created here, not by a
migration. ``map_rollup_state`` records the load signature it was built from; a roll-up whose
signature is not the store's current one is not used (``views.map_cells`` falls back to
the records).
"""

from __future__ import annotations

import atexit
import threading

from nadd.model import jurisdictions as J
from nadd.model.sharing import TLP
from nadd.store import Store

__all__ = ["DIMS", "MapRollup", "build_map_rollup", "load_signature", "rollup_signature"]

DIMS = ("indicator_id", "substance_id", "source_id", "period_type", "period_start", "unit",
        "setting", "jurisdiction_id")
MARKS = ("owner_country", "owner_agency", "releasability", "tlp")

_TABLES = (
    ("CREATE TABLE IF NOT EXISTS map_rollup (indicator_id VARCHAR, substance_id VARCHAR, "
    "source_id VARCHAR, period_type VARCHAR, period_start DATE, unit VARCHAR, setting VARCHAR, "
    "jurisdiction_id VARCHAR, owner_country VARCHAR, owner_agency VARCHAR, releasability VARCHAR, "
    "tlp VARCHAR, value DOUBLE PRECISION, n BIGINT)"),
    ("CREATE TABLE IF NOT EXISTS map_rollup_red (key_id VARCHAR, vintage DATE, indicator_id VARCHAR, "
    "substance_id VARCHAR, source_id VARCHAR, period_type VARCHAR, period_start DATE, unit VARCHAR, "
    "setting VARCHAR, jurisdiction_id VARCHAR, owner_country VARCHAR, owner_agency VARCHAR, "
    "releasability VARCHAR, tlp VARCHAR, value DOUBLE PRECISION)"),
    "CREATE TABLE IF NOT EXISTS map_rollup_state (signature VARCHAR)",
)


def load_signature(store: Store) -> str:
    """What the roll-up depends on: the loads (every load of observations writes one)."""
    n, at = store.query("SELECT count(*), max(loaded_at) FROM loads").to_pylist()[0].values()
    return f"{n}|{at}"


def rollup_signature(store: Store) -> str | None:
    """The load signature the stored roll-up was built from (None: never built)."""
    try:
        return store.scalar("SELECT max(signature) FROM map_rollup_state")
    except Exception:  # noqa: BLE001 - table not created yet
        return None


def _subdivisions() -> list[str]:
    df = J.all_jurisdictions()
    return sorted(df.loc[df["level"] == "subdivision", "id"])


def build_map_rollup(store: Store) -> str:
    """(Re)build the roll-up from the observations; returns the load signature it reflects."""
    subs = _subdivisions()
    inlist = ", ".join("?" * len(subs))
    red = TLP.RED.value
    # the records map_cells reads: strata totals with a value, in a subdivision
    eligible = (f"FROM observations o WHERE o.sex = 'all' AND o.age_group = 'all' AND o.manner = 'all' "
                f"AND o.value IS NOT NULL AND o.jurisdiction_id IN ({inlist})")
    red_keys = f"SELECT o.key_id {eligible} AND o.tlp = ?"
    dims, marks = ", ".join(f"o.{c}" for c in DIMS), ", ".join(f"o.{c}" for c in MARKS)
    for sql in _TABLES:
        store.execute(sql)
    with store.transaction():
        sig = load_signature(store)
        store.execute("DELETE FROM map_rollup")
        store.execute("DELETE FROM map_rollup_red")
        store.execute("DELETE FROM map_rollup_state")
        store.execute(
            f"INSERT INTO map_rollup SELECT {dims}, {marks}, sum(o.value), count(*) FROM ("
            f"SELECT o.*, row_number() OVER (PARTITION BY o.key_id ORDER BY o.vintage DESC) AS rn "
            f"{eligible} AND o.key_id NOT IN ({red_keys})) o WHERE o.rn = 1 "
            f"GROUP BY {dims}, {marks} ORDER BY o.indicator_id, o.period_start, o.jurisdiction_id",
            [*subs, *subs, red])
        store.execute(
            f"INSERT INTO map_rollup_red SELECT CAST(o.key_id AS VARCHAR), o.vintage, {dims}, {marks}, "
            f"o.value {eligible} AND o.key_id IN ({red_keys})", [*subs, *subs, red])
        store.execute("INSERT INTO map_rollup_state VALUES (?)", [sig])
    return sig


_LIVE: set[threading.Thread] = set()


def finish_before_exit(thread: threading.Thread) -> None:
    """Start a background thread the interpreter waits for (up to 30 s) at exit: a daemon
    thread killed inside a DuckDB call aborts the process."""
    with _LIVE_LOCK:
        for t in [t for t in _LIVE if not t.is_alive()]:
            _LIVE.discard(t)
        _LIVE.add(thread)
    thread.start()


_LIVE_LOCK = threading.Lock()


@atexit.register
def _join_live() -> None:
    for t in list(_LIVE):
        t.join(timeout=30)


class MapRollup:
    """The app's view of the roll-up: used when it matches the current loads, rebuilt in the
    background (one build at a time) when it does not; until then the map reads the records."""

    def __init__(self):
        self._lock = threading.Lock()
        self._built: str | None = None  # signature of the stored roll-up, as last read or built
        self._checked = False
        self._building = False
        self._idle = threading.Event()  # set when no build runs
        self._idle.set()
        self.builds = 0

    def ready(self, store: Store, current: str, *, background: bool = True) -> bool:
        """True when the stored roll-up reflects ``current``; else starts a build (in a thread,
        or here with ``background=False``, which first waits for a running build)."""
        if not background:
            self._idle.wait(timeout=600)
        with self._lock:
            if not self._checked:
                self._built, self._checked = rollup_signature(store), True
            if self._built == current:
                return True
            if self._building:
                return False
            self._building = True
            self._idle.clear()
        if background:
            finish_before_exit(threading.Thread(target=self._build, args=(store,), daemon=True,
                                                name="nadd-map-rollup"))
        else:
            self._build(store)
        with self._lock:
            return self._built == current

    def wait(self, timeout: float = 600) -> None:
        """Until no build runs (before the app closes its connections)."""
        self._idle.wait(timeout)

    def _build(self, store: Store) -> None:
        try:
            sig = build_map_rollup(store)
            with self._lock:
                self._built = sig
                self.builds += 1
        except Exception:  # the map keeps reading the records; logged
            import logging

            logging.getLogger("nadd.api").exception("map roll-up build failed")
        finally:
            with self._lock:
                self._building = False
                self._idle.set()
