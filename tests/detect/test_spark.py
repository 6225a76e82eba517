"""SparkEngine gives the LocalEngine's results bit for bit, alone and inside a plan run."""

from __future__ import annotations

from datetime import datetime

import numpy as np
import pandas as pd
import pytest

from nadd.detect import list_methods
from nadd.detect.engines import OUTPUTS, LocalEngine
from nadd.detect.plans import load_plan
from nadd.detect.runner import run_plan
from nadd.store import open_store
from tests.detect.obsdata import obs_rows, put

pytestmark = [pytest.mark.slow, pytest.mark.spark]

#: Small batches, so that ~50 series make many groups and refused batches are retried.
BATCH = 6


@pytest.fixture(scope="module")
def engines(spark):
    from nadd.detect._spark import SparkEngine

    return LocalEngine(batch_size=BATCH), SparkEngine(spark, batch_size=BATCH)


@pytest.fixture(scope="module")
def many_series() -> pd.DataFrame:
    """52 weekly count series of mixed lengths (too short for some methods on purpose)."""
    rng = np.random.default_rng(20261128)
    frames = []
    for i in range(52):
        n = int(rng.choice([6, 40, 120, 240, 312]))
        t = np.arange(n)
        mean = rng.uniform(0.5, 60) * (1 + 0.4 * np.sin(2 * np.pi * t / 52))
        x = rng.poisson(mean).astype(float)
        if i % 7 == 0:
            x[-5:] += rng.poisson(4 * mean[-5:] + 5)  # an outbreak at the end
        frames.append(pd.DataFrame({"series_id": f"s{i:02d}", "t": t, "observed": x,
                                    "population": 1e5 + 10 * t, "freq": 52,
                                    "start": 1 + i % 52}))
    return pd.concat(frames, ignore_index=True)


def assert_bit_identical(a: pd.DataFrame, b: pd.DataFrame) -> None:
    pd.testing.assert_frame_equal(a, b, check_exact=True)
    for col in (c for c in a.columns if a[c].dtype == float):
        x, y = a[col].to_numpy(), b[col].to_numpy()
        assert np.array_equal(np.isnan(x), np.isnan(y)), f"{col}: NaN at other points"
        ok = ~np.isnan(x)
        assert np.array_equal(x[ok].view(np.int64), y[ok].view(np.int64)), f"{col}: bits differ"


#: Every method on its last 26 points, and on every point it can monitor except the GLR
#: charts, whose full-length runs take minutes (one likelihood maximisation per change time).
CASES = [(m, 26) for m in list_methods()] + [(m, None) for m in list_methods()
                                             if not m.startswith("glr")]


@pytest.mark.parametrize(("method", "monitor_last"), CASES)
def test_every_method_gives_identical_results_on_spark(engines, many_series, method,
                                                       monitor_last):
    local, spark = engines
    a = local.run(method, {}, many_series, monitor_last=monitor_last)
    b = spark.run(method, {}, many_series, monitor_last=monitor_last)
    assert len(a.results) or len(a.refusals)
    assert_bit_identical(a.results, b.results)
    pd.testing.assert_frame_equal(a.refusals, b.refusals, check_exact=True)
    assert a.columns == b.columns and set(a.columns) <= set(OUTPUTS)


def test_a_refused_batch_is_retried_series_by_series_on_both_engines(engines, many_series):
    local, spark = engines
    a = local.run("ears-c1", {"baseline": "7"}, many_series, monitor_last=52)
    b = spark.run("ears-c1", {"baseline": "7"}, many_series, monitor_last=52)
    short = set(many_series.groupby("series_id").size().loc[lambda n: n < 60].index)
    assert set(a.refusals["series_id"]) == short and "baseline=7" in a.refusals["reason"][0]
    assert_bit_identical(a.results, b.results)
    pd.testing.assert_frame_equal(a.refusals, b.refusals, check_exact=True)


PLAN = """
name: spark-monthly
select: {source: test_src, indicator: drug_deaths, period_type: month, unit: count,
         jurisdiction: "*"}
methods:
  - {method: ears-c1, settings: {baseline: 4}}
  - {method: ears-c3}
  - {method: cusum, settings: {m: glm}}
  - {method: glrpois, monitor_last: 12}
"""
STATES = ("US-TX", "US-NM", "US-AZ", "US-CA", "US-NY", "US-FL", "US-WA", "US-OR", "US-NV",
          "US-UT", "US-CO", "US-OK")


def _stored(engine, plan) -> dict[str, pd.DataFrame]:
    rng = np.random.default_rng(7)
    with open_store("duckdb:///:memory:") as store:
        for i, state in enumerate(STATES):
            n = 30 + 6 * (i % 4)
            values = rng.poisson(rng.uniform(3, 40), n).tolist()
            values[-2] += 60 if i % 3 == 0 else 0
            put(store, obs_rows(values, jurisdiction=state, period_type="month",
                                first=(2019, 1 + i % 12)))
        put(store, obs_rows([3, 4, 2], jurisdiction="US-ME", period_type="month"))
        run_plan(store, plan, engine=engine, now=datetime(2026, 11, 28))
        return {t: store.df(f"SELECT * FROM {t} ORDER BY ALL") for t in
                ("detection_runs", "detection_results", "detection_refusals", "alerts")}


def test_a_plan_run_on_spark_stores_the_results_of_a_local_run(engines, tmp_path):
    p = tmp_path / "spark-monthly.yaml"
    p.write_text(PLAN)
    plan = load_plan(p)
    local, spark = _stored(engines[0], plan), _stored(engines[1], plan)
    assert len(local["detection_results"]) > 1000 and len(local["detection_refusals"])
    for table, frame in local.items():
        assert_bit_identical(frame, spark[table])


def test_detect_file_with_engine_spark_writes_the_local_csv(spark, tmp_path):
    from typer.testing import CliRunner

    from nadd.cli import app

    counts = [3, 4, 2, 5, 3, 4, 3, 4, 2, 5, 3, 4, 3, 12]
    src = tmp_path / "series.csv"
    src.write_text("observed\n" + "\n".join(map(str, counts)) + "\n")
    outs = {}
    for engine in ("local", "spark"):
        outs[engine] = tmp_path / f"{engine}.csv"
        result = CliRunner().invoke(app, ["detect", "file", str(src), "--method", "ears-c3",
                                          "--engine", engine, "--out", str(outs[engine])])
        assert result.exit_code == 0, result.output
    assert outs["local"].read_text() == outs["spark"].read_text()
    assert outs["local"].read_text().splitlines()[0] == "observed,upperbound,alarm"
