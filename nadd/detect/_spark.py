"""SparkEngine: the batches of ``nadd.detect.engines`` as groups of a Spark grouped map.

Needs the ``spark`` extra (``pip install 'nadd[spark]'``) and a Java 17+ runtime. The session
is created on first use, in local mode unless one is given (``SparkEngine(spark=session)``),
for national syndromic volumes on a cluster.
"""

from __future__ import annotations

import os
import shutil
import sys
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

from nadd.detect.engines import BATCH_COLUMNS, BATCH_SIZE, OUTPUTS, Engine, Task, run_batch
from nadd.errors import ConfigError

try:
    from pyspark.sql import SparkSession
    from pyspark.sql import types as T
except ImportError as err:  # pragma: no cover - depends on the environment
    raise ImportError("the Spark detection engine needs pyspark, which is not installed: "
                      "pip install 'nadd[spark]' (and a Java 17+ runtime, e.g. the Debian "
                      "package openjdk-17-jre-headless)") from err

__all__ = ["SPARK_CONF", "SparkEngine", "local_session"]

#: pyspark 4.3 warns on every conversion that pandas 3 is "not yet fully supported"; the
#: conversions used here are covered by tests/detect/test_spark.py (bit-identical results).
PANDAS3_WARNING = "PySpark does not yet fully support pandas"
#: ... and its toPandas still passes pandas 3's deprecated ``copy=`` keyword.
PYSPARK_COPY_WARNING = "The copy keyword is deprecated"

OUT_SCHEMA = T.StructType([
    T.StructField("series_id", T.StringType(), False),
    T.StructField("t", T.ArrayType(T.LongType(), False), False),
    *(T.StructField(c, T.ArrayType(T.DoubleType(), True), True)
      for c in ("upperbound", "alarm", "expected", "score")),
    T.StructField("given", T.LongType(), False),
    T.StructField("reason", T.StringType(), True),
    T.StructField("hint", T.StringType(), True),
])

#: Settings of the local session. Everything stays on 127.0.0.1 and no UI port is opened.
SPARK_CONF = {
    "spark.ui.enabled": "false",
    "spark.ui.showConsoleProgress": "false",
    "spark.driver.bindAddress": "127.0.0.1",
    "spark.driver.host": "127.0.0.1",
    "spark.sql.execution.arrow.pyspark.enabled": "true",
    # No silent fallback to the slow row path: Arrow is what keeps float64 values exact.
    "spark.sql.execution.arrow.pyspark.fallback.enabled": "false",
    # Adaptive execution re-plans the shuffle; on batches of a few hundred series it only adds
    # planning time, and the explicit repartition below already balances the groups.
    "spark.sql.adaptive.enabled": "false",
    "spark.python.worker.reuse": "true",
    "spark.sql.session.timeZone": "UTC",
}


def local_session(master: str = "local[2]", *, partitions: int = 4) -> SparkSession:
    """A local SparkSession for detection (or the active one); JAVA_HOME found if unset."""
    _java_home()
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    # Workers must run this interpreter, where nadd and the same numpy are installed.
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    builder = SparkSession.builder.master(master).appName("nadd-detect")
    for key, value in {**SPARK_CONF, "spark.sql.shuffle.partitions": str(partitions)}.items():
        builder = builder.config(key, value)
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=PANDAS3_WARNING, category=FutureWarning)
        spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    return spark


def _java_home() -> None:
    if os.environ.get("JAVA_HOME"):
        return
    java = shutil.which("java")
    if java is None:
        raise ConfigError("the Spark detection engine needs a Java 17+ runtime; none found "
                          "(no JAVA_HOME, no java on PATH)",
                          hint="install one (Debian: apt-get install openjdk-17-jre-headless) "
                               "or set JAVA_HOME")
    os.environ["JAVA_HOME"] = str(Path(java).resolve().parent.parent)


class SparkEngine(Engine):
    """Spark grouped map over the batches: ``groupBy("batch").applyInPandas(run_batch)``.

    ``spark``: a session to use (default: :func:`local_session` with ``master``, made on
    first use). Results equal LocalEngine's bit for bit at the same ``batch_size``.
    """

    name = "spark"

    def __init__(self, spark: SparkSession | None = None, *, master: str = "local[2]",
                 batch_size: int = BATCH_SIZE) -> None:
        super().__init__(batch_size=batch_size)
        self._spark = spark
        self.master = master

    @property
    def spark(self) -> SparkSession:
        if self._spark is None:
            self._spark = local_session(self.master)
        return self._spark

    def _execute(self, task: Task, frame: pd.DataFrame) -> pd.DataFrame:
        packed = _pack_input(frame)
        slots = self.spark.sparkContext.defaultParallelism
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message=PANDAS3_WARNING, category=FutureWarning)
            sdf = self.spark.createDataFrame(packed)
        # One partition per batch up to a few per core, so every core gets groups; groupBy
        # on the same key then needs no second shuffle.
        sdf = sdf.repartition(min(int(packed["batch"].iloc[-1]) + 1, 4 * slots), "batch")

        def apply(part: pd.DataFrame) -> pd.DataFrame:
            return _pack_output(run_batch(task, _unpack(part, INPUT_ARRAYS)))

        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message=PANDAS3_WARNING, category=FutureWarning)
            warnings.filterwarnings("ignore", message=PYSPARK_COPY_WARNING)
            out = sdf.groupBy("batch").applyInPandas(apply, schema=OUT_SCHEMA).toPandas()
        return _unpack(out, OUTPUT_ARRAYS)[list(BATCH_COLUMNS)]


# Spark moves one row per series, its points in arrays: a row per point costs far more in
# the JVM than the detection itself. Arrow carries the float64 values unchanged.
INPUT_ARRAYS = ("observed", "population")
OUTPUT_ARRAYS = ("t", *OUTPUTS)


def _runs(ids: np.ndarray) -> np.ndarray:
    """Start of each run of equal ids (rows of one series are contiguous)."""
    return np.r_[0, np.flatnonzero(ids[1:] != ids[:-1]) + 1] if len(ids) else np.zeros(0, int)


def _pack(frame: pd.DataFrame, arrays: tuple[str, ...]) -> pd.DataFrame:
    """One row per series: ``arrays`` columns as lists, the others from the series' first row."""
    starts = _runs(frame["series_id"].to_numpy())
    out = {c: np.split(v, starts[1:]) if c in arrays else v[starts]
           for c, v in ((c, frame[c].to_numpy()) for c in frame.columns)}
    # pandas 3 strings are Arrow-backed and reach pyspark as chunked arrays, which its
    # serializer cannot take; plain object columns go through unchanged.
    text = {c: object for c, v in out.items() if c not in arrays and v.dtype.kind not in "fiub"}
    return pd.DataFrame(out).astype(text)


def _pack_input(frame: pd.DataFrame) -> pd.DataFrame:
    return _pack(frame.drop(columns="t"), INPUT_ARRAYS)  # t is 0..n-1: implied


def _pack_output(out: pd.DataFrame) -> pd.DataFrame:
    return _pack(out, OUTPUT_ARRAYS)


def _unpack(packed: pd.DataFrame, arrays: tuple[str, ...]) -> pd.DataFrame:
    """Back to one row per point (the inverse of :func:`_pack`)."""
    first = next(c for c in arrays if c in packed)
    n = np.fromiter((len(a) for a in packed[first]), dtype=np.int64, count=len(packed))
    cols = {}
    for c in packed.columns:
        if c in arrays:
            cols[c] = (np.concatenate(packed[c].to_list()) if len(packed)
                       else np.zeros(0, np.int64 if c == "t" else float))
        else:
            cols[c] = np.repeat(packed[c].to_numpy(), n)
    if "t" not in packed:
        cols["t"] = np.arange(n.sum()) - np.repeat(np.cumsum(n) - n, n)
    return pd.DataFrame(cols)
