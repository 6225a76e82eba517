"""Alarms of a detection run -> stored alerts, their evidence and cross-border notices.

Each event (``_events.events``) becomes one row of ``alerts``; its alarm observations and
the baseline the method compared them with go to ``alert_observations`` (role ``alarm`` /
``baseline``). An event found again by a later run (same plan, method, series and first
alarm period) updates the same alert, so its review history is kept.

Subdivision-level alerts (a state, province or Mexican state) raise a notice for each
neighbour across the US-Mexico or US-Canada border (``neighbour_notices``); national and
local alerts raise none.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

import pyarrow as pa

from nadd.alerts._events import Event, alert_id, events
from nadd.model import jurisdictions as J
from nadd.store import Store

__all__ = ["ALERT_SCHEMA", "border_of", "neighbour_notices_for", "raise_alerts"]

ALERT_SCHEMA = pa.schema([
    ("alert_id", pa.string()), ("run_id", pa.string()), ("plan", pa.string()),
    ("method", pa.string()), ("series_id", pa.string()),
    *[(c, pa.string()) for c in ("source_id", "indicator_id", "jurisdiction_id", "substance_id",
                                 "sex", "age_group", "manner", "setting", "unit", "period_type")],
    ("period_start", pa.date32()), ("period_end", pa.date32()), ("n_periods", pa.int64()),
    ("max_observed", pa.float64()), ("max_upperbound", pa.float64()),
    ("max_ratio", pa.float64()), ("max_score", pa.float64()), ("severity", pa.string()),
    ("status", pa.string()), ("created_at", pa.timestamp("us")), ("updated_at", pa.timestamp("us")),
])
LINK_SCHEMA = pa.schema([("alert_id", pa.string()), ("observation_id", pa.string()),
                         ("role", pa.string()), ("period_start", pa.date32())])
NOTICE_SCHEMA = pa.schema([("alert_id", pa.string()), ("neighbour_id", pa.string()),
                           ("border", pa.string()), ("created_at", pa.timestamp("us"))])
#: The levels whose alerts raise cross-border notices (adjacency is known between these).
NOTICE_LEVELS = ("subdivision",)


def border_of(a: str, b: str) -> str:
    """'US-MX' or 'US-CA' for two jurisdictions on either side of a border."""
    countries = {J.get(a).country, J.get(b).country}
    other = sorted(countries - {"US"})
    return "US-" + other[0] if "US" in countries and other else "-".join(sorted(countries))


def neighbour_notices_for(jurisdiction_id: str) -> list[tuple[str, str]]:
    """(neighbour, border) pairs for an alert in ``jurisdiction_id``; [] unless subdivision."""
    if not J.exists(jurisdiction_id) or J.get(jurisdiction_id).level not in NOTICE_LEVELS:
        return []
    return [(n, border_of(jurisdiction_id, n))
            for n in J.neighbours(jurisdiction_id, cross_border_only=True)]


def raise_alerts(store: Store, run_id: str, plan: str, outcomes: dict[str, list],
                 detectors: list[tuple[Any, Any]], *, now: datetime | None = None) -> int:
    """Store the alerts of one run (``outcomes``: method -> [(Series, Result)]); returns count."""
    now = now or datetime.now(timezone.utc).replace(tzinfo=None)
    lags = {spec.method: getattr(det, "max_lag", None) for spec, det in detectors}
    rows, links = [], []
    for method, done in outcomes.items():
        for s, res in done:
            for ev in events(res.range, res.observed, res.upperbound, res.alarm, res.score,
                             baseline_len=lags.get(method)):
                aid = alert_id(plan, method, s.id, s.periods[ev.first].start)
                rows.append(_row(aid, run_id, plan, method, s, ev, now))
                links += [(aid, s.observation_ids[i], "alarm", s.periods[i].start)
                          for i in range(ev.first, ev.last + 1)]
                links += [(aid, s.observation_ids[i], "baseline", s.periods[i].start)
                          for i in ev.baseline]
    if not rows:
        return 0
    ids = [r["alert_id"] for r in rows]
    known = _existing(store, ids)
    new = [r for r in rows if r["alert_id"] not in known]
    with store.transaction():
        if new:
            store.insert("alerts", pa.Table.from_pylist(new, ALERT_SCHEMA))
        for r in rows:
            if r["alert_id"] in known:
                store.execute(
                    "UPDATE alerts SET run_id = ?, period_end = ?, n_periods = ?, max_observed = ?, "
                    "max_upperbound = ?, max_ratio = ?, max_score = ?, severity = ?, updated_at = ? "
                    "WHERE alert_id = ?",
                    [r["run_id"], r["period_end"], r["n_periods"], r["max_observed"],
                     r["max_upperbound"], r["max_ratio"], r["max_score"], r["severity"], now,
                     r["alert_id"]])
                store.execute("DELETE FROM alert_observations WHERE alert_id = ?", [r["alert_id"]])
        store.insert("alert_observations", pa.Table.from_pylist(
            [dict(zip(LINK_SCHEMA.names, x, strict=True)) for x in dict.fromkeys(links)],
            LINK_SCHEMA))
        notices = [{"alert_id": r["alert_id"], "neighbour_id": n, "border": b, "created_at": now}
                   for r in new for n, b in neighbour_notices_for(r["jurisdiction_id"])]
        if notices:
            store.insert("neighbour_notices", pa.Table.from_pylist(notices, NOTICE_SCHEMA))
    return len(rows)


def _existing(store: Store, ids: list[str]) -> set[str]:
    found: set[str] = set()
    for i in range(0, len(ids), 500):
        chunk = ids[i:i + 500]
        found |= set(store.query(
            f"SELECT alert_id FROM alerts WHERE alert_id IN ({', '.join('?' * len(chunk))})",
            chunk).column(0).to_pylist())
    return found


def _row(aid: str, run_id: str, plan: str, method: str, s: Any, ev: Event,
         now: datetime) -> dict:
    return {"alert_id": aid, "run_id": run_id, "plan": plan, "method": method,
            "series_id": s.id, **s.key_dict,
            "period_start": s.periods[ev.first].start, "period_end": s.periods[ev.last].end,
            "n_periods": ev.n_periods, "max_observed": ev.max_observed,
            "max_upperbound": ev.max_upperbound, "max_ratio": ev.max_ratio,
            "max_score": ev.max_score, "severity": ev.severity, "status": "new",
            "created_at": now, "updated_at": now}
