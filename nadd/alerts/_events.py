"""Alarms -> events: consecutive alarm periods of one series merged, with a severity. Pure.

Severity (named thresholds, see ``SEVERITY_BY_RATIO`` / ``SEVERITY_BY_SCORE``):

* from the largest ratio observed / upperbound over the event's alarm periods:
  ``high`` at 2 or more (double the threshold), ``medium`` from 1.5, else ``low``;
* where the upper bound is 0 or missing (a zero baseline), from the method's score
  (standardised distance for EARS): ``high`` from 6, ``medium`` from 4, else ``low``;
* with neither, ``medium``.

The thresholds are nadd conventions for triage, not statistical levels: the alarm itself
is the method's decision at its own alpha; severity only orders alarms for review.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import numpy as np

__all__ = ["Event", "SEVERITIES", "SEVERITY_BY_RATIO", "SEVERITY_BY_SCORE", "alert_id",
           "events", "severity"]

SEVERITIES = ("low", "medium", "high")
#: (severity, lowest observed/upperbound ratio), highest first.
SEVERITY_BY_RATIO = (("high", 2.0), ("medium", 1.5), ("low", 1.0))
#: (severity, lowest score) when the upper bound is 0 or missing, highest first.
SEVERITY_BY_SCORE = (("high", 6.0), ("medium", 4.0), ("low", float("-inf")))
SEVERITY_WITHOUT_EVIDENCE = "medium"


@dataclass(frozen=True)
class Event:
    """One alert-to-be: alarm indices ``first..last`` (inclusive) of a series' window."""

    first: int
    last: int
    baseline: tuple[int, ...]  # window indices of the reference points used
    max_observed: float
    max_upperbound: float
    max_ratio: float | None
    max_score: float | None
    severity: str

    @property
    def n_periods(self) -> int:
        return self.last - self.first + 1


def alert_id(plan: str, method: str, series_id: str, first_period_start: object) -> str:
    """Stable id: the same event found again by a later run (new data) is the same alert."""
    text = f"{plan}|{method}|{series_id}|{first_period_start}"
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def severity(observed: np.ndarray, upperbound: np.ndarray,
             score: np.ndarray | None) -> tuple[str, float | None, float | None]:
    """(severity, max ratio, max score) of an event's alarm points."""
    ok = np.isfinite(upperbound) & (upperbound > 0)
    ratio = float(np.max(observed[ok] / upperbound[ok])) if ok.any() else None
    finite = None if score is None else score[np.isfinite(score)]
    top = float(np.max(finite)) if finite is not None and finite.size else None
    if ratio is not None:
        return next((s for s, lo in SEVERITY_BY_RATIO if ratio >= lo), "low"), ratio, top
    if top is not None:
        return next(s for s, lo in SEVERITY_BY_SCORE if top >= lo), ratio, top
    return SEVERITY_WITHOUT_EVIDENCE, ratio, top


def events(t: np.ndarray, observed: np.ndarray, upperbound: np.ndarray, alarm: np.ndarray,
           score: np.ndarray | None = None, *, baseline_len: int | None = None) -> list[Event]:
    """Merge consecutive alarms (``alarm == 1`` at consecutive ``t``) into events.

    ``t`` are the window indices of the monitored points; the baseline of an event is the
    ``baseline_len`` points before its first alarm (all earlier points when None).
    """
    t = np.asarray(t)
    hits = np.flatnonzero(np.asarray(alarm) == 1)
    out: list[Event] = []
    if not hits.size:
        return out
    breaks = np.flatnonzero(np.diff(t[hits]) != 1) + 1
    for group in np.split(hits, breaks):
        first, last = int(t[group[0]]), int(t[group[-1]])
        lo = 0 if baseline_len is None else max(0, first - baseline_len)
        sev, ratio, top = severity(np.asarray(observed)[group], np.asarray(upperbound)[group],
                                   None if score is None else np.asarray(score)[group])
        out.append(Event(first, last, tuple(range(lo, first)),
                         float(np.nanmax(np.asarray(observed)[group])),
                         float(np.nanmax(np.asarray(upperbound)[group])), ratio, top, sev))
    return out
