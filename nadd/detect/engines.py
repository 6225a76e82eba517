"""Where detection runs: numpy in this process (``LocalEngine``) or Apache Spark (``SparkEngine``).

An engine runs one method, configured from settings spelled as in R, over many series given
as one long frame, and returns long frames of results and refusals::

    from nadd.detect.engines import get_engine
    out = get_engine("local").run("ears-c1", {"baseline": "7"}, frame, monitor_last=52)
    out.results   # series_id, t, upperbound, alarm, expected, score (monitored points only)
    out.refusals  # series_id, reason

``frame`` has one row per point: ``series_id``, ``t`` (0, 1, ... n-1 in each series) and
``observed``; optionally ``population`` (methods with a population offset) and, constant in
each series, ``freq`` and ``start`` (season length and first season index, R's ``freq`` and
``start[2]``; 0 or missing: the method's default).

Both engines cut the series into the same batches (equal length, freq and start; at most
``batch_size`` series, in series_id order) and run the same function, :func:`run_batch`, on
each: one detector call on an ``n_series x n_time`` matrix, retried series by series when the
method refuses the batch.  Spark runs the batches as the groups of
``groupBy("batch").applyInPandas``.  Results are therefore bit-identical between engines with
the same ``batch_size``.  Batches, not single series, are the unit because the methods that
fit models (GLR's ``mu0``) fit a batch together and agree with a lone series' fit only to
about 1e-8.
"""

from __future__ import annotations

import importlib
from abc import ABC, abstractmethod
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, final

import numpy as np
import pandas as pd

from nadd.detect.base import DetectError, SeriesRefused, from_settings, get_method

__all__ = ["BATCH_SIZE", "ENGINES", "OUTPUTS", "RESULT_COLUMNS", "Detections", "Engine",
           "LocalEngine", "SparkEngine", "Task", "get_engine", "plan_batches", "run_batch", "settings_of_detector"]

#: Series per detector call. Both engines must use the same value to give identical results.
BATCH_SIZE = 256
ENGINES = ("local", "spark")
OUTPUTS = ("upperbound", "alarm", "expected", "score")
RESULT_COLUMNS = ("series_id", "t", *OUTPUTS)
#: What :func:`run_batch` returns: results, plus refusal rows (``t = -1``, ``reason`` set);
#: ``given`` is a bit mask of the outputs the method has (1 expected, 2 score).
BATCH_COLUMNS = (*RESULT_COLUMNS, "given", "reason", "hint")
_GIVEN = {"expected": 1, "score": 2}
_SEASON = ("freq", "start")


@dataclass(frozen=True)
class Task:
    """One method run: what a worker needs to rebuild the detector (picklable)."""

    method: str
    settings: tuple[tuple[str, Any], ...]
    module: str  # where the method is registered; imported first on a Spark worker
    range: tuple[int, ...] | None = None
    monitor_last: int | None = None

    def detector(self) -> Any:
        importlib.import_module(self.module)
        return from_settings(self.method, dict(self.settings))

    def accepts(self, name: str) -> bool:
        import inspect

        return name in inspect.signature(self.detector().run).parameters


@dataclass(frozen=True)
class Detections:
    """An engine's output: monitored points, refused series, the outputs the method gives."""

    method: str
    results: pd.DataFrame  # RESULT_COLUMNS, sorted by series_id, t
    refusals: pd.DataFrame  # series_id, reason, hint (str or None); sorted by series_id
    columns: tuple[str, ...]  # OUTPUTS the method has (EARS C3: upperbound, alarm)


class Engine(ABC):
    """Runs a detection method over many series; subclasses only execute the batches."""

    name: ClassVar[str]

    def __init__(self, *, batch_size: int = BATCH_SIZE) -> None:
        if int(batch_size) < 1:
            raise DetectError(f"batch_size={batch_size} must be at least 1",
                              hint=f"use the default, {BATCH_SIZE}")
        self.batch_size = int(batch_size)

    @final
    def run(self, method: str, settings: Mapping[str, Any], series: pd.DataFrame, *,
            range: Sequence[int] | None = None,  # noqa: A002 - R's name
            monitor_last: int | None = None) -> Detections:
        """Run ``method`` with ``settings`` on every series of ``series`` (long frame).

        ``range``: 0-based indices monitored in every series; ``monitor_last``: the last N
        points of each series; neither: the method's default.  Settings errors are raised
        here, before any work; a series the method cannot use is in ``refusals``.
        """
        if range is not None and monitor_last is not None:
            raise DetectError("give range or monitor_last, not both",
                              hint="monitor_last=N monitors the last N points of each series")
        task = Task(get_method(method).name, tuple(dict(settings).items()),
                    get_method(method).cls.__module__,
                    None if range is None else tuple(int(i) for i in range), monitor_last)
        task.detector()
        frame = plan_batches(series, task, self.batch_size)
        out = self._execute(task, frame) if len(frame) else _empty_batch()
        return _detections(method, out)

    @abstractmethod
    def _execute(self, task: Task, frame: pd.DataFrame) -> pd.DataFrame:
        """Run :func:`run_batch` on each ``batch`` of ``frame``; the concatenated outputs."""


class LocalEngine(Engine):
    """numpy in this process, one batch after the other: the default engine."""

    name = "local"

    def _execute(self, task: Task, frame: pd.DataFrame) -> pd.DataFrame:
        cuts = np.flatnonzero(np.diff(frame["batch"].to_numpy())) + 1
        bounds = zip(np.r_[0, cuts], np.r_[cuts, len(frame)], strict=True)
        return pd.concat([run_batch(task, frame.iloc[a:b]) for a, b in bounds],
                         ignore_index=True)


def get_engine(engine: str | Engine | None = None) -> Engine:
    """An engine by name (``local``, ``spark``), or ``engine`` itself; None: local."""
    if isinstance(engine, Engine):
        return engine
    if engine in (None, "local"):
        return LocalEngine()
    if engine == "spark":
        from nadd.detect._spark import SparkEngine

        return SparkEngine()
    raise DetectError(f"unknown detection engine {engine!r}",
                      hint="engines: " + ", ".join(ENGINES))


def settings_of_detector(method: str, detector: Any) -> dict[str, Any]:
    """The settings (R spellings) that rebuild ``detector`` with ``from_settings(method, ...)``."""
    entry = get_method(method)
    settings = {r: getattr(detector, f.name) for r, f in entry.spellings().items()}
    if from_settings(method, settings) != detector:
        raise DetectError(f"the detector {detector!r} is not a configured {method!r}",
                          hint="pass the method name the detector is registered under")
    return settings


def __getattr__(name: str) -> Any:
    if name == "SparkEngine":  # pyspark is optional: imported only when asked for
        from nadd.detect._spark import SparkEngine

        return SparkEngine
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


# --------------------------------------------------------------------------- batches


def plan_batches(series: pd.DataFrame, task: Task, batch_size: int) -> pd.DataFrame:
    """``series`` checked, sorted by series_id and t, with its ``batch`` number (int64)."""
    missing = [c for c in ("series_id", "t", "observed") if c not in series.columns]
    if missing:
        raise DetectError(f"the series frame has no column {', '.join(missing)} (columns: "
                          f"{', '.join(map(str, series.columns))})",
                          hint="one row per point: series_id, t (0..n-1), observed")
    keep = ["series_id", "t", "observed"] + [c for c in ("population", *_SEASON)
                                             if c in series.columns and task.accepts(c)]
    frame = series[keep].assign(series_id=series["series_id"].astype(str),
                                t=series["t"].astype(np.int64),
                                observed=series["observed"].astype(float))
    for c in _SEASON:
        if c in frame:
            frame[c] = frame[c].fillna(0).astype(np.int64)
    if frame.empty:
        return frame.assign(batch=np.int64(0))
    codes, ids = pd.factorize(frame["series_id"], sort=True)
    order = np.lexsort((frame["t"].to_numpy(), codes))
    frame, codes = frame.iloc[order].reset_index(drop=True), codes[order]
    n = np.bincount(codes, minlength=len(ids))
    starts = np.r_[0, np.cumsum(n)[:-1]]
    off = frame["t"].to_numpy() != np.arange(len(frame)) - np.repeat(starts, n)
    if off.any():  # a gap, a repeat or a first t other than 0
        raise SeriesRefused(f"series {ids[codes[np.argmax(off)]]!r}: t must run 0, 1, ... n-1 "
                            "without gaps or repeats",
                            hint="number the points of each series from 0, one row per point")
    keys = [n]
    for c in (c for c in _SEASON if c in frame):
        v = frame[c].to_numpy()
        bad = v != np.repeat(v[starts], n)
        if bad.any():
            raise SeriesRefused(f"series {ids[codes[np.argmax(bad)]]!r}: {c} changes within the "
                                "series", hint=f"give one {c} per series")
        keys.append(v[starts])
    # Series in (n, freq, start, series_id) order; a batch is a run of equal keys, cut at
    # batch_size. ``ids`` are sorted, so the code breaks ties by series_id.
    rank = np.lexsort((np.arange(len(ids)), *reversed(keys)))
    key = np.stack([k[rank] for k in keys], axis=1)
    new_group = np.r_[True, (key[1:] != key[:-1]).any(axis=1)]
    group_start = np.maximum.accumulate(np.where(new_group, np.arange(len(rank)), 0))
    new_batch = new_group | ((np.arange(len(rank)) - group_start) % batch_size == 0)
    batch_of = np.empty(len(ids), dtype=np.int64)
    batch_of[rank] = np.cumsum(new_batch) - 1
    batch = batch_of[codes]
    order = np.argsort(batch, kind="stable")
    return frame.iloc[order].assign(batch=batch[order]).reset_index(drop=True)


def run_batch(task: Task, part: pd.DataFrame) -> pd.DataFrame:
    """One detector call on a batch of equal series (``BATCH_COLUMNS``); the engines' core.

    A batch the method refuses is retried series by series, so one unsuitable series (too
    short, non-integer counts...) does not sink the others.
    """
    part = part.sort_values(["series_id", "t"], kind="stable")
    ids = part["series_id"].unique()
    n = len(part) // len(ids)
    x = part["observed"].to_numpy(dtype=float).reshape(len(ids), n)
    pop = (part["population"].to_numpy(dtype=float).reshape(len(ids), n)
           if "population" in part else None)
    kwargs = {c: int(part[c].iloc[0]) for c in _SEASON if c in part and part[c].iloc[0] != 0}
    if task.range is not None:
        rng = np.asarray(task.range)
    else:
        rng = None if task.monitor_last is None else np.arange(max(0, n - task.monitor_last), n)
    detector = task.detector()

    def one(rows: slice) -> Any:
        extra = {} if pop is None else {"population": pop[rows]}
        return detector.run(x[rows], range=rng, **kwargs, **extra)

    try:
        return _batch_rows(ids, one(slice(None)))
    except DetectError as e:
        if len(ids) == 1:
            return _refusal_rows(ids[0], e)
        out = []
        for i, sid in enumerate(ids):
            try:
                out.append(_batch_rows(ids[i:i + 1], one(slice(i, i + 1))))
            except DetectError as e1:
                out.append(_refusal_rows(sid, e1))
        return pd.concat(out, ignore_index=True)


def _batch_rows(ids: np.ndarray, res: Any) -> pd.DataFrame:
    t = np.asarray(res.range, dtype=np.int64)
    cols: dict[str, Any] = {"series_id": np.repeat(ids, t.size), "t": np.tile(t, len(ids))}
    given = 0
    for c in OUTPUTS:
        arr = getattr(res, c)
        given |= _GIVEN.get(c, 0) if arr is not None else 0
        cols[c] = (np.full(len(ids) * t.size, np.nan) if arr is None
                   else np.asarray(arr, dtype=float).reshape(-1))
    return pd.DataFrame({**cols, "given": np.int64(given), "reason": None, "hint": None},
                        columns=list(BATCH_COLUMNS))


def _refusal_rows(series_id: str, error: DetectError) -> pd.DataFrame:
    return pd.DataFrame({"series_id": [series_id], "t": [np.int64(-1)],
                         **{c: [np.nan] for c in OUTPUTS}, "given": [np.int64(0)],
                         "reason": [error.message], "hint": [error.hint]},
                        columns=list(BATCH_COLUMNS))


def _empty_batch() -> pd.DataFrame:
    return _refusal_rows("", DetectError("")).iloc[:0]


def _detections(method: str, out: pd.DataFrame) -> Detections:
    """Split :func:`run_batch` outputs into results and refusals, in a canonical form."""
    refused = out["reason"].notna() & (out["t"] == -1)
    results = out.loc[~refused, list(RESULT_COLUMNS)].astype(
        {"series_id": str, "t": np.int64, **{c: float for c in OUTPUTS}})
    refusals = out.loc[refused, ["series_id", "reason", "hint"]].astype(
        {"series_id": str, "reason": str, "hint": object})
    refusals["hint"] = refusals["hint"].where(refusals["hint"].notna(), None)
    given = int(np.bitwise_or.reduce(out.loc[~refused, "given"].to_numpy(np.int64), initial=0))
    columns = tuple(c for c in OUTPUTS if c not in _GIVEN or given & _GIVEN[c])
    return Detections(
        method,
        results.sort_values(["series_id", "t"], kind="stable", ignore_index=True),
        refusals.sort_values("series_id", kind="stable", ignore_index=True),
        columns)
