"""What is behind an alert: its series, the observations (with provenance) and records.

``line_list`` gives the observation rows linked to the alert (alarm and baseline), each with
its source file and row. Where a source keeps record-level data, ``records`` gives those
records too: sources register a function in ``RECORD_SOURCES`` (source id -> function of
the alert row returning a DataFrame); the UNC drug-checking samples are the built-in one.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from nadd.errors import NotFound
from nadd.store import Store

__all__ = ["RECORD_SOURCES", "get_alert", "line_list", "list_alerts", "records", "series_of"]


def get_alert(store: Store, alert_id: str) -> dict:
    df = store.df("SELECT * FROM alerts WHERE alert_id = ?", [alert_id])
    if df.empty:
        raise NotFound(f"no alert {alert_id!r}", hint="list alerts with `nadd alerts list`")
    return df.iloc[0].to_dict()


def list_alerts(store: Store, *, status: str | None = None, jurisdiction: str | None = None,
                plan: str | None = None) -> pd.DataFrame:
    """Alerts, most severe and most recent first."""
    clauses, params = [], []
    for col, v in (("status", status), ("jurisdiction_id", jurisdiction), ("plan", plan)):
        if v:
            clauses.append(f"{col} = ?")
            params.append(v)
    where = " AND ".join(clauses) or "TRUE"
    return store.df(
        f"SELECT * FROM alerts WHERE {where} ORDER BY CASE severity WHEN 'high' THEN 0 "
        "WHEN 'medium' THEN 1 ELSE 2 END, period_end DESC, alert_id", params)


def line_list(store: Store, alert_id: str) -> pd.DataFrame:
    """The observations behind the alert, with their provenance (source file and row)."""
    get_alert(store, alert_id)
    return store.df(
        "SELECT l.role, o.period_start, o.period_end, o.jurisdiction_id, o.substance_id, o.value, "
        "o.unit, o.status, o.vintage, o.source_id, o.source_file, o.source_row, o.id AS "
        "observation_id FROM alert_observations l JOIN observations o ON o.id = l.observation_id "
        "WHERE l.alert_id = ? ORDER BY o.period_start", [alert_id])


def series_of(store: Store, alert_id: str) -> pd.DataFrame:
    """The detection results of the alert's series in the run that raised it."""
    a = get_alert(store, alert_id)
    return store.df(
        "SELECT t, period_start, period_end, observed, expected, upperbound, score, alarm "
        "FROM detection_results WHERE run_id = ? AND method = ? AND series_id = ? ORDER BY t",
        [a["run_id"], a["method"], a["series_id"]])


def _unc_samples(alert: dict) -> pd.DataFrame:
    from nadd.ingest.sources.unc_drug_checking import samples

    start, end = pd.Timestamp(alert["period_start"]).date(), pd.Timestamp(alert["period_end"]).date()
    sub = alert.get("substance_id")
    rows = [{"sample_id": s.sample_id, "collected": s.collected, "jurisdiction": s.jurisdiction,
             "expected": ", ".join(s.expected), "detected": ", ".join(s.detected)}
            for s in samples()
            if s.jurisdiction == alert["jurisdiction_id"] and start <= s.collected <= end
            and (not sub or sub in s.detected)]
    return pd.DataFrame(rows, columns=["sample_id", "collected", "jurisdiction", "expected",
                                       "detected"])


#: source id -> records behind an alert of that source (record-level line list).
RECORD_SOURCES: dict[str, Callable[[dict], pd.DataFrame]] = {
    "unc_drug_checking": _unc_samples,
}


def records(store: Store, alert_id: str) -> pd.DataFrame | None:
    """Record-level rows behind the alert, or None when its source has no records."""
    a = get_alert(store, alert_id)
    fn = RECORD_SOURCES.get(a["source_id"])
    return None if fn is None else fn(a)
