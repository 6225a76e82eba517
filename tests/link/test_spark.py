"""Spark local mode gives the same clusters as DuckDB: the identical partition of records.

Spark runs in a subprocess (``nadd link run --engine spark``): Splink needs its similarity
UDF jar on the JVM class path, which a Spark session started earlier by another test area
(detection) would not have. This also tests the command end to end.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pandas as pd
import pytest

from nadd.link import pairwise_metrics, same_partition

pytestmark = [pytest.mark.slow, pytest.mark.spark]


def test_spark_and_duckdb_make_the_identical_partition(scenario_dir, small_link, small_parties,
                                                       tmp_path):
    try:
        import pyspark  # noqa: F401
    except ImportError as e:
        if os.environ.get("CI", "").lower() in ("true", "1"):
            pytest.fail(f"pyspark is not importable in CI: {e}")
        pytest.skip("pyspark is not installed (pip install 'nadd[spark]')")
    out = tmp_path / "spark_clusters.csv"
    cmd = [sys.executable, "-c", "from nadd.cli import main; main()", "link", "run",
           "--engine", "spark", "--in", str(scenario_dir), "--out", str(out), "--threads", "2",
           "--no-save"]
    proc = subprocess.run(cmd, check=False, capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    spark = pd.read_csv(out, dtype=str)
    assert same_partition(spark, small_link.clusters)
    pd.testing.assert_frame_equal(spark, small_link.clusters)  # names too (smallest record id)
    _, truth = small_parties
    assert pairwise_metrics(spark, truth)["f1"] >= 0.95
