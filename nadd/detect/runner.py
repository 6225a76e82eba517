"""Run a detection plan over the store and keep the results with their plan, settings and vintage.

``run_plan(store, plan, as_of=None)``:

1. reads the plan's observations (as known on ``as_of``: the latest vintage on or before it);
2. builds regular series (``nadd.detect.series``); refused series are kept with the reason;
3. runs each method on all series through an engine (``nadd.detect.engines``: numpy here,
   one matrix per batch of equal series, or the same batches on Spark);
4. stores ``detection_runs``, ``detection_results`` (every point of each window; the
   monitored ones carry expected / upperbound / score / alarm) and ``detection_refusals``;
5. raises alerts from the alarms (``nadd.alerts``).

The run id is a hash of the plan content, ``as_of`` and the newest data vintage used, so
running the same plan on the same data again adds nothing and returns the stored run.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa

from nadd.detect.base import Result
from nadd.detect.engines import Engine, get_engine, settings_of_detector
from nadd.detect.plans import ANY, Plan, PlanError
from nadd.detect.series import FREQUENCY, KEY_COLUMNS, Refusal, Series, build_series
from nadd.model import jurisdictions as J
from nadd.observations import Filter, query
from nadd.store import Store

__all__ = ["RunReport", "detect_series", "plan_observations", "run_id_for", "run_plan",
           "run_plans", "series_frame"]

_KEY_SCHEMA = [(c, pa.string()) for c in KEY_COLUMNS]
RESULT_SCHEMA = pa.schema([
    ("run_id", pa.string()), ("method", pa.string()), ("series_id", pa.string()), *_KEY_SCHEMA,
    ("t", pa.int64()), ("period_start", pa.date32()), ("period_end", pa.date32()),
    ("observation_id", pa.string()), ("observed", pa.float64()), ("expected", pa.float64()),
    ("upperbound", pa.float64()), ("score", pa.float64()), ("alarm", pa.float64()),
    ("monitored", pa.bool_()),
])
REFUSAL_SCHEMA = pa.schema([("run_id", pa.string()), ("method", pa.string()),
                            ("series_id", pa.string()), *_KEY_SCHEMA, ("reason", pa.string())])


@dataclass
class RunReport:
    """What one plan run did (also when it had been done before: ``already``)."""

    run_id: str
    plan: str
    as_of: date | None
    data_vintage: date | None
    series_run: int
    series_refused: int
    alarms: int
    alerts: int = 0
    already: bool = False
    refusals: list[Refusal] = field(default_factory=list)


def run_id_for(plan: Plan, as_of: date | None, data_vintage: date | None) -> str:
    """Content-hash run id: the same plan on the same data and as_of gives the same id."""
    text = f"{plan.hash}|{as_of or ''}|{data_vintage or ''}"
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def plan_observations(store: Store, plan: Plan, as_of: date | None = None) -> pd.DataFrame:
    """The observations a plan selects (latest vintage on or before ``as_of``)."""
    s = plan.select

    def pick(v):
        return None if v == ANY else v

    flt = Filter(source=s.source, indicator=s.indicator, period_type=s.period_type, unit=s.unit,
                 jurisdiction=pick(s.jurisdiction),
                 substance=None if s.substance in (ANY, None) else s.substance,
                 sex=_one(s.sex), age_group=_one(s.age_group), manner=_one(s.manner),
                 setting=_one(s.setting), start=s.start, end=s.end, as_of=as_of)
    df = query(store, flt)
    if s.substance is None:
        df = df[df["substance_id"].isna()]
    for col in ("sex", "age_group", "manner", "setting"):
        v = getattr(s, col)
        if isinstance(v, list):
            df = df[df[col].isin(v)]
    if s.jurisdiction_level:
        level = {j: _level(j) for j in df["jurisdiction_id"].unique()}
        df = df[df["jurisdiction_id"].map(level) == s.jurisdiction_level]
    return df.reset_index(drop=True)


def _one(v):
    return None if v == ANY or isinstance(v, list) else v


def _level(jid: str) -> str | None:
    return J.get(jid).level if J.exists(jid) else None


def detect_series(series: list[Series], detector: Any, *, method: str,
                  monitor_last: int | None = None, engine: str | Engine | None = None
                  ) -> tuple[list[tuple[Series, Result]], list[Refusal]]:
    """Run ``detector`` (registered as ``method``) on every series through ``engine``.

    ``engine``: see ``nadd.detect.engines``; default local.

    The engine runs one matrix per batch of equal series and retries a refused batch series
    by series, so one unsuitable series (too short, non-integer counts...) does not sink the
    others.
    """
    if not series:
        return [], []
    settings = settings_of_detector(method, detector)
    out = get_engine(engine).run(method, settings, series_frame(series),
                                 monitor_last=monitor_last)
    res = out.results
    ids = res["series_id"].to_numpy()
    cuts = np.flatnonzero(ids[1:] != ids[:-1]) + 1
    done = []
    for a, b in zip(np.r_[0, cuts], np.r_[cuts, len(res)], strict=True):
        if a == b:
            continue
        s, part = series[int(ids[a])], res.iloc[a:b]
        t = part["t"].to_numpy()
        cols = {c: part[c].to_numpy() if c in out.columns else None
                for c in ("upperbound", "alarm", "expected", "score")}
        done.append((s, Result(method=method, range=t, observed=s.values[t], **cols,
                               settings=dict(settings))))
    refused = [Refusal(series[int(i)].key, r, method)
               for i, r in zip(out.refusals["series_id"], out.refusals["reason"], strict=True)]
    return done, refused


def series_frame(series: list[Series]) -> pd.DataFrame:
    """Series as the long frame engines take, with ``freq`` and ``start`` from their periods.

    The engine's ``series_id`` is the position in ``series`` (zero-padded, so that it sorts
    as the list): a backtest may hold several windows of one series.
    """
    frames = []
    for i, s in enumerate(series):
        ptype = s.key_dict["period_type"]
        freq = FREQUENCY.get(ptype, 0)
        start = ((s.periods[0].start.month - 1) // (12 // freq) + 1
                 if ptype in ("month", "quarter", "half_year") else 0)
        frames.append(pd.DataFrame({"series_id": f"{i:09d}", "t": np.arange(len(s), dtype=np.int64),
                                    "observed": s.values, "freq": freq, "start": start}))
    return pd.concat(frames, ignore_index=True)


def run_plan(store: Store, plan: Plan, *, as_of: date | None = None, alerts: bool = True,
             now: datetime | None = None, engine: str | Engine | None = None) -> RunReport:
    """Run ``plan`` over the store; see the module docstring. Idempotent.

    ``engine``: ``"local"`` (default, numpy here) or ``"spark"`` (``nadd[spark]``), or an
    :class:`~nadd.detect.engines.Engine`; both store identical results.
    """
    detectors = plan.detectors()
    engine = get_engine(engine)
    df = plan_observations(store, plan, as_of)
    vintage = None if df.empty else pd.Timestamp(df["vintage"].max()).date()
    run_id = run_id_for(plan, as_of, vintage)
    old = store.df("SELECT * FROM detection_runs WHERE run_id = ?", [run_id])
    if len(old):
        r = old.iloc[0]
        n_alerts = store.scalar("SELECT count(*) FROM alerts WHERE run_id = ?", [run_id]) or 0
        return RunReport(run_id, plan.name, as_of, vintage, int(r["series_run"]),
                         int(r["series_refused"]), int(r["alarms"]), int(n_alerts), already=True)
    built = build_series(df, months12_ending=plan.months12_ending, last=plan.window.last)
    results: list[pd.DataFrame] = []
    refusals = list(built.refusals)
    ran: set[str] = set()
    outcomes: dict[str, list[tuple[Series, Result]]] = {}
    for spec, det in detectors:
        done, refused = detect_series(built.series, det, method=spec.method,
                                      monitor_last=spec.monitor_last, engine=engine)
        refusals.extend(refused)
        outcomes[spec.method] = done
        for s, res in done:
            ran.add(s.id)
            results.append(_result_frame(run_id, spec.method, s, res))
    frame = pd.concat(results, ignore_index=True) if results else _empty(RESULT_SCHEMA)
    alarms = int((frame["alarm"] == 1).sum()) if len(frame) else 0
    now = now or datetime.now(timezone.utc).replace(tzinfo=None)
    run_row = pa.table({
        "run_id": [run_id], "plan": [plan.name], "plan_file": [plan.file or None],
        "plan_hash": [plan.hash], "settings": [plan.settings_json()],
        "methods": [",".join(m.method for m in plan.methods)],
        "as_of": pa.array([as_of], pa.date32()), "data_vintage": pa.array([vintage], pa.date32()),
        "created_at": pa.array([now], pa.timestamp("us")),
        "series_run": [len(ran)], "series_refused": [len({r.id for r in refusals})],
        "alarms": [alarms]})
    n_alerts = 0
    with store.transaction():
        store.insert("detection_runs", run_row)
        if len(frame):
            store.insert("detection_results", pa.Table.from_pandas(frame, RESULT_SCHEMA,
                                                                   preserve_index=False))
        if refusals:
            store.insert("detection_refusals", _refusal_table(run_id, refusals))
        if alerts:
            from nadd.alerts import raise_alerts

            n_alerts = raise_alerts(store, run_id, plan.name, outcomes, detectors, now=now)
    return RunReport(run_id, plan.name, as_of, vintage, len(ran), len({r.id for r in refusals}),
                     alarms, n_alerts, refusals=refusals)


def run_plans(store: Store, plans: Iterable[Plan], *, as_of: date | None = None,
              progress: Callable[[Plan], None] | None = None,
              engine: str | Engine | None = None) -> list[RunReport]:
    """Run several plans; a plan whose methods are not available is refused before any run."""
    plans = list(plans)
    for p in plans:
        p.detectors()
    engine = get_engine(engine)
    out = []
    for p in plans:
        out.append(run_plan(store, p, as_of=as_of, engine=engine))
        if progress:
            progress(p)
    return out


def _result_frame(run_id: str, method: str, s: Series, res: Result) -> pd.DataFrame:
    n = len(s)
    cols = {c: np.full(n, np.nan) for c in ("expected", "upperbound", "score", "alarm")}
    idx = np.asarray(res.range)
    for c in cols:
        arr = getattr(res, c)
        if arr is not None:
            cols[c][idx] = np.asarray(arr, dtype=float)
    monitored = np.zeros(n, dtype=bool)
    monitored[idx] = True
    key = s.key_dict
    return pd.DataFrame({
        "run_id": run_id, "method": method, "series_id": s.id,
        **{c: [key[c]] * n for c in KEY_COLUMNS},
        "t": np.arange(n, dtype=np.int64),
        "period_start": [p.start for p in s.periods], "period_end": [p.end for p in s.periods],
        "observation_id": list(s.observation_ids), "observed": s.values, **cols,
        "monitored": monitored})


def _refusal_table(run_id: str, refusals: list[Refusal]) -> pa.Table:
    rows = [{"run_id": run_id, "method": r.method or "*", "series_id": r.id, **r.key_dict,
             "reason": r.reason} for r in refusals]
    return pa.Table.from_pylist(rows, REFUSAL_SCHEMA)


def _empty(schema: pa.Schema) -> pd.DataFrame:
    return schema.empty_table().to_pandas()


def settings_of(store: Store, run_id: str) -> dict:
    """The plan content a stored run used (parsed ``detection_runs.settings``)."""
    text = store.scalar("SELECT settings FROM detection_runs WHERE run_id = ?", [run_id])
    if text is None:
        raise PlanError(f"no detection run {run_id!r}", hint="see `nadd detect run`")
    return json.loads(text)
