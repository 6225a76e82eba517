"""Spark scores names exactly as DuckDB does: the similarity functions Splink's SQL calls give
the same values on both engines, so a pair never falls on different levels."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import duckdb
import pytest

pytestmark = [pytest.mark.slow, pytest.mark.spark]

PAIRS = [("jose white", "joseph white"), ("garcia lopez", "garcía lópez"), ("martha", "marhta"),
         ("dwayne", "duane"), ("", "abc"), ("", ""), ("li wei", "wei li"), ("zhang", "zhang"),
         ("oconnor", "o'connor"), ("xiaoming", "xiao ming"), ("abc", None), (None, None)]

SCRIPT = """
import json, sys
from nadd.link.engine import db_api, spark_session
db_api("spark", threads=1)
pairs = json.loads(sys.argv[1])
df = spark_session().createDataFrame(pairs, "a string, b string")
rows = df.selectExpr("a", "b", "jaro_winkler(a, b) AS jw", "damerau_levenshtein(a, b) AS dl").collect()
print(json.dumps([[r.a, r.b, r.jw, r.dl] for r in rows]))
"""


def test_spark_similarities_equal_duckdbs_on_every_pair():
    try:
        import pyspark  # noqa: F401
    except ImportError as e:
        if os.environ.get("CI", "").lower() in ("true", "1"):
            pytest.fail(f"pyspark is not importable in CI: {e}")
        pytest.skip("pyspark is not installed (pip install 'nadd[spark]')")
    proc = subprocess.run([sys.executable, "-c", SCRIPT, json.dumps(PAIRS)], capture_output=True, text=True,
                          timeout=600, check=False)
    assert proc.returncode == 0, proc.stderr[-3000:]
    spark = json.loads(proc.stdout.strip().splitlines()[-1])
    con = duckdb.connect()
    for a, b, jw, dl in spark:
        want = con.execute("SELECT jaro_winkler_similarity(?, ?), damerau_levenshtein(?, ?)",
                           [a, b, a, b]).fetchall()[0]
        assert (jw, dl) == tuple(want), (a, b, jw, dl, want)
