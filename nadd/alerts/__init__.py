"""Alerts: detection alarms turned into events an analyst can review.

Consecutive alarm periods of one series are one alert, with a severity (``SEVERITY_BY_RATIO``,
``SEVERITY_BY_SCORE``), the observations behind it (``line_list``, ``records``), a review
workflow (``review``: new -> under_review -> confirmed | dismissed) and cross-border
neighbour notices::

    from nadd.alerts import list_alerts, line_list, review
    a = list_alerts(store, status="new").iloc[0]
    review(store, a.alert_id, "under_review", who="J. Doe", why="checking with the lab")
"""

from nadd.alerts._events import (
    SEVERITIES,
    SEVERITY_BY_RATIO,
    SEVERITY_BY_SCORE,
    Event,
    alert_id,
    events,
    severity,
)
from nadd.alerts._evidence import (
    RECORD_SOURCES,
    get_alert,
    line_list,
    list_alerts,
    records,
    series_of,
)
from nadd.alerts._raise import border_of, neighbour_notices_for, raise_alerts
from nadd.alerts._review import STATUSES, TRANSITIONS, InvalidTransition, allowed, review

__all__ = [
    "RECORD_SOURCES", "SEVERITIES", "SEVERITY_BY_RATIO", "SEVERITY_BY_SCORE", "STATUSES",
    "TRANSITIONS", "Event", "InvalidTransition", "alert_id", "allowed", "border_of", "events",
    "get_alert", "line_list", "list_alerts", "neighbour_notices", "neighbour_notices_for",
    "raise_alerts", "records", "review", "series_of", "severity",
]


def neighbour_notices(store, alert_id: str | None = None):
    """Stored cross-border neighbour notices (of one alert, or all)."""
    sql = "SELECT * FROM neighbour_notices"
    params = []
    if alert_id:
        sql += " WHERE alert_id = ?"
        params.append(alert_id)
    return store.df(sql + " ORDER BY alert_id, neighbour_id", params)
