"""Back-tests: how fast and how cleanly each method flags known emergences and injected outbreaks.

Two parts, declared as data in ``backtest_events.yaml`` (events, settings per period type,
injection baselines):

(a) **Emergences replayed with as-of data.** For each labelled event (xylazine nationally and
    in NJ, PA, FL, OH; para-fluorofentanyl; carfentanil's return) and each monitored
    half-year P, the series is rebuilt as the data stood in the release that first published
    P, truncated at P, and the method is run with monitoring from ``monitor_from`` to P; only
    its verdict at P is kept, as a system running at P would have given it. The first alarm
    on or after the onset gives the time to detection (in periods); alarms before the onset
    are false alarms.

    **As-of rule.** NFLIS comes as two DQS exports (releases): 2023-06-06 (xylazine, fentanyl,
    heroin, oxycodone, 1997-2022) and 2026-03-03 (fentanyl-related, 2017-2025). The release
    "available at P's end" is the *earliest release that covers P for that substance*
    (the substance is in the release and P lies inside the release's period span); the replay
    at P uses ``as_of`` = that release's vintage, so each cell has its latest vintage on or
    before it (``nadd.observations.Filter.as_of``). A replay at a period up to 2022-H2 thus
    never sees the 2026 export's values when the 2023 export has the substance; periods only
    the 2026 export has are seen as that export shows them (its last three half-years are
    provisional, as an analyst would have seen them). With two releases, earlier periods are
    seen with the hindsight of the release that first published them; the replay is honest
    about what each release knew, not about what a lab knew at P's end. DQS omits zero cells,
    so inside a release's span an absent (state, half-year, substance) cell is 0.

(b) **Injected outbreaks**, as surveillance's ``sim.pointSource``: during an outbreak the
    expected count is multiplied by ``exp(K)`` (R's ``K * state`` on the log scale). Into a
    real baseline y (the series of the bundled plans named in ``injection.baselines``) an
    outbreak of ``duration`` periods starting at s adds ``Poisson((exp(K) - 1) * max(y_t, 1))``
    at t = s .. s + duration - 1. Baselines and starts are drawn with ``numpy``'s
    ``default_rng(seed)``: the same seed gives the same table. Per method: sensitivity (share
    of outbreaks with an alarm during the outbreak), false alarms per year (alarms outside the
    outbreak over the monitored years outside it; alarms on real rises of the baseline count
    too) and median delay (periods from outbreak start to first alarm).

A method that refuses a series (too short, non-integer counts...) is reported as
``refused: <reason>``, never dropped.

Example::

    >>> cfg = load_config()
    >>> table = backtest(store, cfg, inject=100, seed=1).table
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import date
from importlib.resources import files
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from nadd.detect.base import DetectError, from_settings, list_methods
from nadd.detect.runner import detect_series, plan_observations
from nadd.detect.series import KEY_COLUMNS, Series, build_series, frequency
from nadd.errors import NaddError
from nadd.model import periods as P
from nadd.observations import Filter, query
from nadd.store import Store

__all__ = ["COLUMNS", "BacktestConfig", "BacktestError", "BacktestResult", "Baseline", "Event", "Injected",
           "Release", "all_methods", "as_of_for", "backtest", "detector_for", "evaluate_injected",
           "inject", "load_config", "place_outbreaks", "releases", "replay_event",
           "replay_series", "score_injected"]

SOURCE, INDICATOR, PTYPE = "dea_nflis", "lab_reports", "half_year"
#: Columns of the back-test table (emergence rows leave the injection columns empty and back).
COLUMNS = ["part", "case", "method", "period_type", "onset", "first_alarm", "time_to_detection",
           "false_alarms", "outbreaks", "sensitivity", "false_alarms_per_year", "median_delay",
           "status"]


class BacktestError(NaddError):
    code = "backtest_error"


# ------------------------------------------------------------------------------ configuration


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Event(_Strict):
    """A labelled emergence: substance, jurisdiction (``US`` = national total), onset."""

    name: str
    substance: str
    jurisdiction: str
    onset: str
    monitor_from: str
    monitor_to: str | None = None
    source: str = SOURCE
    indicator: str = INDICATOR


class Baseline(_Strict):
    """A bundled plan whose series are injection baselines; ``last`` overrides its window."""

    plan: str
    last: int | None = Field(default=None, ge=3)


class Injection(_Strict):
    baselines: list[Baseline] = Field(default_factory=list)
    duration: int = Field(default=2, ge=1)
    K: float = Field(default=1.0, gt=0)
    place_in_last: float = Field(default=0.5, gt=0, le=1)


class BacktestConfig(_Strict):
    events: list[Event] = Field(default_factory=list)
    settings: dict[str, dict[str, dict[str, Any]]] = Field(default_factory=dict)
    injection: Injection = Injection()


def _read(path: Path) -> dict:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as e:
        raise BacktestError(f"cannot read back-test file {path}: {e}",
                            hint="see nadd/detect/backtest_events.yaml for the layout") from None
    if not isinstance(data, dict):
        raise BacktestError(f"{path.name} must be a mapping with events (settings, injection)",
                            hint="see nadd/detect/backtest_events.yaml")
    return data


def load_config(events_file: str | Path | None = None) -> BacktestConfig:
    """The bundled definition; ``events_file`` replaces the parts (events, settings...) it has."""
    data = _read(Path(str(files("nadd.detect") / "backtest_events.yaml")))
    name = "backtest_events.yaml"
    if events_file is not None:
        data = {**data, **_read(Path(events_file))}
        name = Path(events_file).name
    try:
        return BacktestConfig(**data)
    except ValidationError as e:
        each = "; ".join(f"field {'.'.join(map(str, x['loc']))}: {x['msg']}" for x in e.errors()[:5])
        raise BacktestError(f"{name}: {each}", hint="fields: events, settings, injection") from None


def all_methods() -> list[str]:
    """The methods a back-test runs by default: every registered one (``list_methods()``)."""
    return list_methods()


def detector_for(cfg: BacktestConfig, method: str, period_type: str) -> Any:
    """``method`` with the configured defaults for ``period_type`` (raises DetectError)."""
    return from_settings(method, cfg.settings.get(period_type, {}).get(method, {}))


# ------------------------------------------------------------------------------ (a) emergences


@dataclass(frozen=True)
class Release:
    """One loaded file of a source: its vintage, period span and substances."""

    vintage: date
    first: date
    last: date
    substances: frozenset[str]


def releases(store: Store, source: str = SOURCE, indicator: str = INDICATOR) -> list[Release]:
    """The releases (one per vintage) of ``source``'s ``indicator``, oldest first."""
    df = store.df("SELECT vintage, period_start, period_end, substance_id FROM observations "
                  "WHERE source_id = ? AND indicator_id = ?", [source, indicator])
    df = (df.groupby("vintage").agg(first=("period_start", "min"), last=("period_end", "max"),
                                    subs=("substance_id", lambda s: sorted(set(s.dropna()))))
          .reset_index().sort_values("vintage"))
    return [Release(_d(r.vintage), _d(r.first), _d(r.last), frozenset(s for s in r.subs if s))
            for r in df.itertuples()]


def as_of_for(rels: list[Release], substance: str, period: P.Period) -> date | None:
    """Vintage of the earliest release covering ``period`` for ``substance`` (None: none)."""
    for r in rels:
        if substance in r.substances and r.first <= period.start and period.end <= r.last:
            return r.vintage
    return None


def replay_series(store: Store, event: Event, as_of: date, rels: list[Release]
                  ) -> tuple[list[P.Period], np.ndarray, date | None]:
    """The event's series as known on ``as_of``, zero-filled inside the releases' span.

    Returns the periods, the values and the newest vintage actually used.
    """
    known = [r for r in rels if r.vintage <= as_of and event.substance in r.substances]
    if not known:
        return [], np.zeros(0), None
    df = query(store, Filter(source=event.source, indicator=event.indicator,
                             substance=event.substance, period_type=PTYPE, as_of=as_of))
    if event.jurisdiction != "US":
        df = df[(df["jurisdiction_id"] == event.jurisdiction) & (df["setting"] == "all")]
    sums = df.groupby(df["period_start"].map(_d))["value"].sum()
    periods = _calendar(P.containing(min(r.first for r in known), P.PeriodType.HALF_YEAR),
                        P.containing(max(r.last for r in known), P.PeriodType.HALF_YEAR))
    values = np.array([float(sums.get(p.start, 0.0)) for p in periods])
    used = _d(df["vintage"].max()) if len(df) else None
    return periods, values, used


def replay_event(store: Store, cfg: BacktestConfig, event: Event, methods: list[str],
                 rels: list[Release]) -> tuple[list[dict], dict[str, str | None]]:
    """Rows (one per method) of the emergence table, and each method's first alarm."""
    onset, start = P.parse(event.onset), P.parse(event.monitor_from)
    stop = P.parse(event.monitor_to) if event.monitor_to else None
    cache: dict[date, tuple[list[P.Period], np.ndarray]] = {}
    steps: list[tuple[P.Period, list[P.Period], np.ndarray]] = []
    for vintage in sorted({r.vintage for r in rels}):
        cache[vintage] = replay_series(store, event, vintage, rels)[:2]
    every = max(cache.values(), key=lambda c: len(c[0]))[0] if cache else []
    for p in every:
        if p.start < start.start or (stop and p.start > stop.start):
            continue
        v = as_of_for(rels, event.substance, p)
        if v is None:
            continue
        periods, values = cache[v]
        n = [q.start for q in periods].index(p.start) + 1
        steps.append((p, periods[:n], values[:n]))
    rows, firsts = [], {}
    for method in methods:
        alarms, reason = _replay_alarms(cfg, event, method, steps, start)
        row = _emergence_row(event, method, steps, alarms, reason, onset)
        firsts[method] = row["first_alarm"]
        rows.append(row)
    return rows, firsts


def _replay_alarms(cfg, event, method, steps, start) -> tuple[list[float], str]:
    """The verdict of ``method`` at each step's last period (NaN: undefined or refused)."""
    try:
        det = detector_for(cfg, method, PTYPE)
    except DetectError as e:
        return [np.nan] * len(steps), e.message
    out, reason = [], ""
    for p, periods, values in steps:
        first = next(i for i, q in enumerate(periods) if q.start >= start.start)
        key = _key(event.source, event.indicator, event.jurisdiction, event.substance, PTYPE)
        s = Series(key, tuple(periods), values, ("",) * len(periods))
        done, refused = detect_series([s], det, method=method, monitor_last=len(periods) - first)
        if refused:  # cannot monitor from monitor_from: monitor P alone, if it can
            done, refused = detect_series([s], det, method=method, monitor_last=1)
        if refused:
            reason = reason or refused[0].reason
            out.append(np.nan)
        else:
            out.append(float(np.asarray(done[0][1].alarm)[-1]))
    return out, reason


def _emergence_row(event, method, steps, alarms, reason, onset) -> dict:
    ran = [(p, a) for (p, _, _), a in zip(steps, alarms, strict=True) if not np.isnan(a)]
    row = {c: None for c in COLUMNS} | {"part": "emergence", "case": event.name,
                                          "method": method, "period_type": PTYPE,
                                          "onset": event.onset}
    if not ran:
        row["status"] = f"refused: {reason or 'no monitored period'}"
        return row
    labels = [p for p, _ in ran]
    after = [p for p, a in ran if a == 1 and p.start >= onset.start]
    row["false_alarms"] = sum(1 for p, a in ran if a == 1 and p.start < onset.start)
    if after:
        every = [p.start for p, _, _ in steps]
        row["first_alarm"] = after[0].label
        row["time_to_detection"] = every.index(after[0].start) - _index_at_or_after(every, onset)
    row["status"] = ("ok" if after else "not detected") + (
        f" ({len(steps) - len(labels)} of {len(steps)} periods refused: {reason})"
        if len(labels) < len(steps) else "")
    return row


def _index_at_or_after(starts: list[date], onset: P.Period) -> int:
    return next((i for i, s in enumerate(starts) if s >= onset.start), len(starts))


# ------------------------------------------------------------------------------ (b) injections


@dataclass(frozen=True)
class Injected:
    """A baseline series with one outbreak added at ``start`` for ``duration`` periods."""

    baseline: str  # name of the plan the series comes from
    series: Series
    start: int
    duration: int
    added: np.ndarray = field(repr=False)


def inject(values: np.ndarray, start: int, duration: int, K: float,
           rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """``values`` with Poisson((exp(K) - 1) * max(y, 1)) added at start .. start+duration-1."""
    out = np.asarray(values, dtype=float).copy()
    mu = (np.exp(K) - 1.0) * np.maximum(out[start:start + duration], 1.0)
    added = rng.poisson(mu).astype(float)
    out[start:start + duration] += added
    return out, added


def place_outbreaks(baselines: list[tuple[str, Series]], n: int, seed: int, *, duration: int,
                    K: float, place_in_last: float) -> list[Injected]:
    """``n`` outbreaks into baselines drawn at random (seeded), one per injected copy."""
    rng = np.random.default_rng(seed)
    pool = [(name, s) for name, s in baselines if len(s) > duration]
    out: list[Injected] = []
    if not pool:
        return out
    for _ in range(n):
        name, s = pool[int(rng.integers(len(pool)))]
        lo = max(0, min(len(s) - duration, int(np.floor(len(s) * (1 - place_in_last)))))
        start = int(rng.integers(lo, len(s) - duration + 1))
        values, added = inject(s.values, start, duration, K, rng)
        out.append(Injected(name, dataclasses.replace(s, values=values), start, duration, added))
    return out


def evaluate_injected(cfg: BacktestConfig, injected: list[Injected], method: str
                      ) -> tuple[list[tuple[Injected, np.ndarray, np.ndarray]], list[str]]:
    """Run ``method`` on every injected series: (injection, monitored indices, alarms), refusals."""
    by_type: dict[str, list[Injected]] = {}
    for inj in injected:
        by_type.setdefault(inj.series.key_dict["period_type"], []).append(inj)
    done, reasons = [], []
    for ptype, group in by_type.items():
        try:
            det = detector_for(cfg, method, ptype)
        except DetectError as e:
            reasons.extend([e.message] * len(group))
            continue
        ident = {id(g.series): g for g in group}
        ran, refused = detect_series([g.series for g in group], det, method=method)
        reasons.extend(r.reason for r in refused)
        for s, res in ran:
            alarm = np.nan_to_num(np.asarray(res.alarm, dtype=float), nan=0.0)
            done.append((ident[id(s)], np.asarray(res.range), alarm))
    return done, reasons


def score_injected(done: list[tuple[Injected, np.ndarray, np.ndarray]]) -> dict:
    """Sensitivity, false alarms per year and median delay of one method's runs."""
    detected, delays, false, years, n = 0, [], 0, 0.0, 0
    for inj, idx, alarm in done:
        inside = (idx >= inj.start) & (idx < inj.start + inj.duration)
        if inside.sum() < inj.duration:  # the method does not monitor the whole outbreak
            continue
        n += 1
        hits = idx[inside & (alarm == 1)]
        if hits.size:
            detected += 1
            delays.append(int(hits[0] - inj.start))
        false += int(((alarm == 1) & ~inside).sum())
        years += (~inside).sum() / frequency(inj.series.key_dict["period_type"])
    return {"outbreaks": n, "sensitivity": round(detected / n, 3) if n else None,
            "false_alarms_per_year": round(false / years, 3) if years else None,
            "median_delay": float(np.median(delays)) if delays else None}


def baseline_series(store: Store, baselines: list[Baseline]
                    ) -> tuple[list[tuple[str, Series]], dict[str, str]]:
    """Complete series of the named bundled plans (select; window ``last`` or the plan's).

    Only series covering the whole window are kept, so every method sees the same history;
    returns (plan name, series) pairs and, for a plan without any, why.
    """
    from nadd.detect.plans import find_plan

    out, notes = [], {}
    for b in baselines:
        plan = find_plan(b.plan)
        last = b.last or plan.window.last
        built = build_series(plan_observations(store, plan), months12_ending=plan.months12_ending,
                             last=last)
        keep = [s for s in built.series if last is None or len(s) >= last]
        out.extend((b.plan, s) for s in keep)
        if not keep:
            notes[b.plan] = (f"no series: source {plan.select.source} not loaded" if not
                             built.series and not built.refusals else
                             f"no series of {last} periods without a gap "
                             f"({len(built.refusals)} refused)")
    return out, notes


def _injection_rows(cfg: BacktestConfig, injected: list[Injected], methods: list[str]
                    ) -> list[dict]:
    rows = []
    for name in dict.fromkeys(i.baseline for i in injected):
        mine = [i for i in injected if i.baseline == name]
        ptype = mine[0].series.key_dict["period_type"]
        for method in methods:
            done, reasons = evaluate_injected(cfg, mine, method)
            score = score_injected(done)
            status = "ok" if score["outbreaks"] else f"refused: {reasons[0] if reasons else 'no monitored outbreak'}"
            if score["outbreaks"] and reasons:
                status += f" ({len(reasons)} of {len(mine)} series refused: {reasons[0]})"
            rows.append({c: None for c in COLUMNS} | score | {
                "part": "injection", "case": name, "method": method, "period_type": ptype,
                "status": status})
    return rows


# ------------------------------------------------------------------------------ both


@dataclass
class BacktestResult:
    """The table, plus what the plot shows: each event's series and each method's first alarm."""

    table: pd.DataFrame
    series: dict[str, tuple[list[str], np.ndarray]] = field(default_factory=dict)
    first_alarms: dict[str, dict[str, str | None]] = field(default_factory=dict)


def backtest(store: Store, cfg: BacktestConfig, *, methods: list[str] | None = None,
             inject_n: int = 0, seed: int = 1) -> BacktestResult:
    """Run both parts; ``inject_n`` outbreaks per injection baseline (0: emergences only)."""
    known = all_methods()
    methods = methods or known
    unknown = [m for m in methods if m not in known]
    if unknown:
        raise BacktestError(f"unknown method(s): {', '.join(unknown)}",
                            hint="available methods (list_methods()): " + ", ".join(known))
    result = BacktestResult(pd.DataFrame(columns=COLUMNS))
    rows: list[dict] = []
    rels = releases(store)
    for event in cfg.events:
        if not rels:
            raise BacktestError(f"no {SOURCE} data in the store for event {event.name}",
                                hint="load it first: nadd ingest bundled dea_nflis (or nadd run)")
        got, firsts = replay_event(store, cfg, event, methods, rels)
        rows.extend(got)
        periods, values, _ = replay_series(store, event, max(r.vintage for r in rels), rels)
        result.series[event.name] = ([p.label for p in periods], values)
        result.first_alarms[event.name] = firsts
    if inject_n > 0:
        bases, notes = baseline_series(store, cfg.injection.baselines)
        for i, name in enumerate(b.plan for b in cfg.injection.baselines):
            mine = [b for b in bases if b[0] == name]
            inj = place_outbreaks(mine, inject_n, seed + i, duration=cfg.injection.duration,
                                  K=cfg.injection.K, place_in_last=cfg.injection.place_in_last)
            rows.extend(_injection_rows(cfg, inj, methods) if inj else [
                {c: None for c in COLUMNS} | {"part": "injection", "case": name, "method": "*",
                                              "status": notes.get(name, "no series")}])
    table = pd.DataFrame(rows, columns=COLUMNS)
    for col in ("time_to_detection", "false_alarms", "outbreaks"):
        table[col] = table[col].astype("Int64")
    result.table = table
    return result


# ------------------------------------------------------------------------------ helpers


def _key(source, indicator, jurisdiction, substance, ptype) -> tuple:
    vals = {"source_id": source, "indicator_id": indicator, "jurisdiction_id": jurisdiction,
            "substance_id": substance, "unit": "count", "period_type": ptype}
    return tuple(vals.get(c, "all") for c in KEY_COLUMNS)


def _calendar(first: P.Period, last: P.Period) -> list[P.Period]:
    out = [first]
    while out[-1].start < last.start:
        out.append(P.containing(out[-1].end + pd.Timedelta(days=1).to_pytimedelta(), first.type))
    return out


def _d(v) -> date:
    return v if isinstance(v, date) and not isinstance(v, pd.Timestamp) else pd.Timestamp(v).date()
