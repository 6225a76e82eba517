"""Store observations -> regular time series for detection; pure functions, no I/O.

A series is one (source, indicator, jurisdiction, substance, strata, unit, period type).
Detection needs consecutive periods with a value at every point of the window it looks at,
so a gap (a period with no row) or a suppressed / missing value inside the window refuses
that series with a reason naming the periods; nothing is ever filled in silently.

Series of rolling 12-month sums (``months12_ending``, as CDC VSRR publishes) overlap by
eleven months and cannot be turned into monthly counts without an anchor month, so they are
refused, unless the plan asks for the one exact conversion: ``december_as_year`` keeps the
12 months ending in December, which are calendar years.

Example::

    >>> built = build_series(query(store, Filter(source="phac_harms")), last=24)
    >>> built.series[0].values, built.refusals[0].reason
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np
import pandas as pd

from nadd.errors import NaddError, PeriodError
from nadd.model import periods as P
from nadd.model.observation import STRATA

__all__ = [
    "KEY_COLUMNS",
    "MONTHS12_OPTIONS",
    "MONTHS12_REFUSAL",
    "Built",
    "Refusal",
    "Series",
    "build_series",
    "frequency",
    "series_id",
]

#: What identifies one series; the results and refusals tables carry these columns.
KEY_COLUMNS = ("source_id", "indicator_id", "jurisdiction_id", "substance_id", *STRATA, "unit",
               "period_type")
#: The plan option ``months12_ending``: refuse (default) or keep December values as years.
MONTHS12_OPTIONS = ("refuse", "december_as_year")
MONTHS12_REFUSAL = ("rolling 12-month sums overlap; monthly counts cannot be recovered without "
                    "an anchor month")
#: Season length (R's ``freq``) of each period type, for methods with a seasonal model.
FREQUENCY = {"day": 365, "mmwr_week": 52, "iso_week": 52, "month": 12, "quarter": 4,
             "half_year": 2, "year": 1}
#: Periods named in a refusal reason before "and N more".
NAMED = 6


@dataclass(frozen=True)
class Series:
    """One regular series: consecutive periods, a value at each, the observations behind."""

    key: tuple  # values of KEY_COLUMNS (substance_id may be None)
    periods: tuple[P.Period, ...]
    values: np.ndarray
    observation_ids: tuple[str, ...]
    note: str = ""  # e.g. "december_as_year" when converted

    @property
    def id(self) -> str:
        return series_id(self.key)

    @property
    def key_dict(self) -> dict:
        return dict(zip(KEY_COLUMNS, self.key, strict=True))

    def __len__(self) -> int:
        return len(self.periods)


@dataclass(frozen=True)
class Refusal:
    """A series detection cannot use, and why (the periods are named)."""

    key: tuple
    reason: str
    method: str = ""  # "" when the data are refused before any method runs

    @property
    def id(self) -> str:
        return series_id(self.key)

    @property
    def key_dict(self) -> dict:
        return dict(zip(KEY_COLUMNS, self.key, strict=True))


@dataclass(frozen=True)
class Built:
    series: list[Series] = field(default_factory=list)
    refusals: list[Refusal] = field(default_factory=list)


def series_id(key: Sequence) -> str:
    """Stable id of a series key (16 hex digits of SHA-256 over the key values)."""
    text = "\x1f".join("" if v is None else str(v) for v in key)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def frequency(period_type: str) -> int:
    """Periods per year (R's ``freq``) of a period type."""
    try:
        return FREQUENCY[period_type]
    except KeyError:
        raise PeriodError(f"period type {period_type!r} has no season length",
                          hint="convert the series to a calendar period first") from None


def build_series(df: pd.DataFrame, *, months12_ending: str = "refuse", last: int | None = None,
                 start: date | None = None, end: date | None = None) -> Built:
    """Split observations (``nadd.observations.query`` columns) into regular series.

    The window of a series runs from its first to its last period (clipped to ``start`` ..
    ``end``); with ``last``, only its last ``last`` periods. Every period of the window must
    have a value, or the series is refused with the periods named.
    """
    if months12_ending not in MONTHS12_OPTIONS:
        raise NaddError(f"months12_ending={months12_ending!r} is not an option",
                        hint="use one of: " + ", ".join(MONTHS12_OPTIONS))
    out = Built()
    if df is None or df.empty:
        return out
    frame = df.assign(substance_id=df["substance_id"].astype(object).where(
        df["substance_id"].notna(), None))
    for key, rows in frame.groupby(list(KEY_COLUMNS), dropna=False, sort=True):
        key = tuple(None if isinstance(v, float) and np.isnan(v) else v for v in key)
        done = _one(key, rows, months12_ending=months12_ending, last=last, start=start, end=end)
        (out.series if isinstance(done, Series) else out.refusals).append(done)
    return out


def _one(key: tuple, rows: pd.DataFrame, *, months12_ending: str, last: int | None,
         start: date | None, end: date | None) -> Series | Refusal:
    ptype = key[KEY_COLUMNS.index("period_type")]
    note = ""
    periods = [P.from_row(ptype, _d(s), _d(e)) for s, e in zip(rows["period_start"],
                                                               rows["period_end"], strict=True)]
    if ptype == P.PeriodType.MONTHS12_ENDING:
        if months12_ending == "refuse":
            return Refusal(key, MONTHS12_REFUSAL + " (to use the 12 months ending in December "
                           "as calendar years, set months12_ending: december_as_year in the plan)")
        keep = [i for i, p in enumerate(periods) if p.end.month == 12]
        if not keep:
            return Refusal(key, "12-months-ending series has no December value, so no exact "
                                "calendar year; " + MONTHS12_REFUSAL)
        rows = rows.iloc[keep]
        periods = [P.convert(periods[i], P.PeriodType.YEAR) for i in keep]
        key = tuple("year" if c == "period_type" else v for c, v in zip(KEY_COLUMNS, key,
                                                                          strict=True))
        note = "december_as_year"
    by_start = {p.start: (p, i) for i, p in enumerate(periods)}
    if start is not None or end is not None:
        by_start = {s: v for s, v in by_start.items()
                    if (start is None or v[0].start >= start) and (end is None or v[0].end <= end)}
    if not by_start:
        return Refusal(key, "no observation inside the plan's periods")
    window = _calendar(min(by_start.values())[0], max(by_start.values())[0])
    if last is not None:
        window = window[-last:]
    absent = [p for p in window if p.start not in by_start]
    if absent:
        return Refusal(key, f"gap: no observation for {_names(absent)}; detection needs every "
                            f"{ptype if not note else 'year'} from {window[0]} to {window[-1]} "
                            "(nothing is filled in)")
    idx = [by_start[p.start][1] for p in window]
    values = rows["value"].to_numpy(dtype=float)[idx]
    missing = [window[j] for j in np.flatnonzero(np.isnan(values))]
    if missing:
        status = rows["status"].to_numpy()[idx]
        shown = [f"{window[j]} ({status[j]})" for j in np.flatnonzero(np.isnan(values))]
        return Refusal(key, f"no value (suppressed or missing) for {_names(shown)}; detection "
                            f"needs a value at every period from {window[0]} to {window[-1]}")
    return Series(key, tuple(window), values, tuple(rows["id"].to_numpy()[idx]), note)


def _calendar(first: P.Period, last: P.Period) -> list[P.Period]:
    """Every period of ``first``'s type from ``first`` to ``last``, consecutive."""
    out = [first]
    while out[-1].start < last.start:
        out.append(P.containing(out[-1].end + timedelta(days=1), first.type))
    return out


def _names(items: Sequence) -> str:
    shown = ", ".join(str(p) for p in items[:NAMED])
    return shown + (f" and {len(items) - NAMED} more" if len(items) > NAMED else "")


def _d(v) -> date:
    return v if isinstance(v, date) and not isinstance(v, pd.Timestamp) else pd.Timestamp(v).date()
