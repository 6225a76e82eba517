"""Time periods. Each value knows its type; conversions are explicit and never silent.

Labels (what the store and the API show):
  day 2018-11-04 · mmwr_week 2018-W05-MMWR · iso_week 2018-W05 · month 2018-11 ·
  quarter 2018-Q3 · half_year 2018-H1 · year 2018 · months12_ending 12ME-2018-11
MMWR weeks (CDC epidemiological weeks, Sunday start) and ISO weeks come from `epiweeks`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from epiweeks import Week

from nadd.errors import PeriodError


class PeriodType(StrEnum):
    DAY = "day"
    MMWR_WEEK = "mmwr_week"
    ISO_WEEK = "iso_week"
    MONTH = "month"
    QUARTER = "quarter"
    HALF_YEAR = "half_year"
    YEAR = "year"
    MONTHS12_ENDING = "months12_ending"  # rolling 12-month sum, as CDC VSRR publishes


# Calendar-aligned types, finest first; a period converts only to a coarser one that contains it.
_CALENDAR = [PeriodType.DAY, PeriodType.MONTH, PeriodType.QUARTER, PeriodType.HALF_YEAR, PeriodType.YEAR]


@dataclass(frozen=True, order=True)
class Period:
    type: PeriodType
    start: date
    end: date  # inclusive

    @property
    def label(self) -> str:
        s, t = self.start, self.type
        if t is PeriodType.DAY:
            return s.isoformat()
        if t in (PeriodType.MMWR_WEEK, PeriodType.ISO_WEEK):
            w = Week.fromdate(s, system="cdc" if t is PeriodType.MMWR_WEEK else "iso")
            return f"{w.year}-W{w.week:02d}" + ("-MMWR" if t is PeriodType.MMWR_WEEK else "")
        if t is PeriodType.MONTH:
            return f"{s.year}-{s.month:02d}"
        if t is PeriodType.QUARTER:
            return f"{s.year}-Q{(s.month - 1) // 3 + 1}"
        if t is PeriodType.HALF_YEAR:
            return f"{s.year}-H{1 if s.month <= 6 else 2}"
        if t is PeriodType.YEAR:
            return str(s.year)
        return f"12ME-{self.end.year}-{self.end.month:02d}"

    def __str__(self) -> str:
        return self.label

    def contains(self, other: Period) -> bool:
        return self.start <= other.start and other.end <= self.end


def _month_end(y: int, m: int) -> date:
    return (date(y + (m == 12), m % 12 + 1, 1)) - timedelta(days=1)


def day(d: date) -> Period:
    return Period(PeriodType.DAY, d, d)


def month(y: int, m: int) -> Period:
    if not 1 <= m <= 12:
        raise PeriodError(f"month {m} is not between 1 and 12", hint="months are numbered 1-12")
    return Period(PeriodType.MONTH, date(y, m, 1), _month_end(y, m))


def quarter(y: int, q: int) -> Period:
    if not 1 <= q <= 4:
        raise PeriodError(f"quarter {q} is not between 1 and 4", hint="quarters are Q1-Q4")
    return Period(PeriodType.QUARTER, date(y, 3 * q - 2, 1), _month_end(y, 3 * q))


def half_year(y: int, h: int) -> Period:
    if h not in (1, 2):
        raise PeriodError(f"half-year {h} is not 1 or 2", hint="half-years are H1 (Jan-Jun), H2")
    return Period(PeriodType.HALF_YEAR, date(y, 6 * h - 5, 1), _month_end(y, 6 * h))


def year(y: int) -> Period:
    return Period(PeriodType.YEAR, date(y, 1, 1), date(y, 12, 31))


def months12_ending(y: int, m: int) -> Period:
    """The 12 months ending with month m of year y (CDC VSRR's "12 month-ending")."""
    end = _month_end(y, m)
    sy, sm = (y, m + 1) if m < 12 else (y + 1, 1)
    return Period(PeriodType.MONTHS12_ENDING, date(sy - 1, sm, 1), end)


def mmwr_week(y: int, w: int) -> Period:
    return _week(y, w, "cdc", PeriodType.MMWR_WEEK)


def iso_week(y: int, w: int) -> Period:
    return _week(y, w, "iso", PeriodType.ISO_WEEK)


def _week(y: int, w: int, system: str, t: PeriodType) -> Period:
    try:
        wk = Week(y, w, system=system)
    except ValueError as e:
        raise PeriodError(f"{y} has no week {w} ({system.upper()}): {e}") from e
    return Period(t, wk.startdate(), wk.enddate())


def containing(d: date, t: PeriodType) -> Period:
    """The period of type t that contains day d (12-months-ending: the one ending that month)."""
    if t is PeriodType.DAY:
        return day(d)
    if t is PeriodType.MMWR_WEEK:
        w = Week.fromdate(d, system="cdc")
        return mmwr_week(w.year, w.week)
    if t is PeriodType.ISO_WEEK:
        w = Week.fromdate(d, system="iso")
        return iso_week(w.year, w.week)
    if t is PeriodType.MONTH:
        return month(d.year, d.month)
    if t is PeriodType.QUARTER:
        return quarter(d.year, (d.month - 1) // 3 + 1)
    if t is PeriodType.HALF_YEAR:
        return half_year(d.year, 1 if d.month <= 6 else 2)
    if t is PeriodType.YEAR:
        return year(d.year)
    return months12_ending(d.year, d.month)


def convert(p: Period, to: PeriodType | str) -> Period:
    """The period of type ``to`` that is exactly, or calendar-wise contains, ``p``.

    Allowed: a calendar period (day, month, quarter, half-year, year) to a coarser one that
    contains it; a week to a day is refused (not one day); a 12-months-ending period to the
    year only when it ends in December (then the spans are equal). Everything else raises.
    """
    to = PeriodType(to)
    if to is p.type:
        return p
    if p.type is PeriodType.MONTHS12_ENDING:
        if to is PeriodType.YEAR and p.end.month == 12:
            return year(p.end.year)
        raise PeriodError(
            f"{p.label} is a rolling 12-month sum; it equals a {to.value} only for a calendar year "
            "ending in December",
            hint="difference consecutive 12-month-ending values only where every month is known, "
            "or keep the series as 12-months-ending",
        )
    if p.type in _CALENDAR and to in _CALENDAR and _CALENDAR.index(to) > _CALENDAR.index(p.type):
        target = containing(p.start, to)
        return target
    if p.type is PeriodType.DAY and to in (PeriodType.MMWR_WEEK, PeriodType.ISO_WEEK):
        return containing(p.start, to)
    raise PeriodError(
        f"cannot convert {p.type.value} {p.label} to {to.value}: the spans do not nest",
        hint="aggregate from days, or keep the original period type",
    )


_PATTERNS: list[tuple[re.Pattern[str], object]] = [
    (re.compile(r"^12ME-(\d{4})-(\d{2})$"), lambda m: months12_ending(int(m[1]), int(m[2]))),
    (re.compile(r"^(\d{4})-W(\d{2})-MMWR$"), lambda m: mmwr_week(int(m[1]), int(m[2]))),
    (re.compile(r"^(\d{4})-W(\d{2})$"), lambda m: iso_week(int(m[1]), int(m[2]))),
    (re.compile(r"^(\d{4})-Q([1-4])$"), lambda m: quarter(int(m[1]), int(m[2]))),
    (re.compile(r"^(\d{4})-H([12])$"), lambda m: half_year(int(m[1]), int(m[2]))),
    (re.compile(r"^(\d{4})-(\d{2})-(\d{2})$"), lambda m: day(date(int(m[1]), int(m[2]), int(m[3])))),
    (re.compile(r"^(\d{4})-(\d{2})$"), lambda m: month(int(m[1]), int(m[2]))),
    (re.compile(r"^(\d{4})$"), lambda m: year(int(m[1]))),
]


def parse(label: str) -> Period:
    """Inverse of ``Period.label``."""
    text = label.strip()
    for pattern, build in _PATTERNS:
        m = pattern.match(text)
        if m:
            try:
                return build(m)  # type: ignore[operator]
            except ValueError as e:
                raise PeriodError(f"bad period {label!r}: {e}") from e
    raise PeriodError(
        f"{label!r} is not a period label",
        hint="use 2018-11-04, 2018-W05, 2018-W05-MMWR, 2018-11, 2018-Q3, 2018-H1, 2018 or 12ME-2018-11",
    )


def from_row(type_: str, start: date, end: date) -> Period:
    """Rebuild a Period from stored columns, checking that it is a valid period of its type."""
    t = PeriodType(type_)
    p = containing(end if t is PeriodType.MONTHS12_ENDING else start, t)
    if (p.start, p.end) != (start, end):
        raise PeriodError(f"{start}..{end} is not a {t.value}")
    return p
