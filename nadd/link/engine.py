"""Where Splink runs: embedded DuckDB (default) or Apache Spark in local mode."""

from __future__ import annotations

import os
import sys
import tempfile
import uuid

import pandas as pd  # module level: pyspark resolves the UDFs' type hints here

from nadd.errors import NaddError

ENGINES = ("duckdb", "spark")


class LinkError(NaddError):
    code = "link_error"


def db_api(engine: str, *, threads: int | None = None):
    """A Splink database API for ``engine``.

    Spark runs in local mode with ``threads`` cores (default: all), with Splink's
    similarity UDF jar on the class path, and writes intermediate tables to a temp folder.
    """
    if engine == "duckdb":
        import duckdb
        from splink import DuckDBAPI

        con = duckdb.connect()
        if threads:
            con.execute(f"SET threads = {int(threads)}")
        return DuckDBAPI(connection=con)
    if engine == "spark":
        return _spark_api(threads)
    raise LinkError(f"unknown engine {engine!r}", hint=f"use one of: {', '.join(ENGINES)}")


_SPARK = None
_SPARK_TMP: str | None = None


def spark_session(threads: int | None = None):
    """One local Spark session per process (starting Spark takes seconds)."""
    global _SPARK, _SPARK_TMP
    if _SPARK is not None:
        return _SPARK
    try:
        from pyspark.sql import SparkSession
        from splink.internals.spark.jar_location import similarity_jar_location
    except ImportError as e:  # pragma: no cover - pyspark is an optional extra
        raise LinkError("the spark engine needs pyspark",
                        hint="pip install 'nadd[spark]' (and a Java 17+ runtime)") from e
    # the similarity UDFs run in Python workers: the interpreter nadd runs in, with its packages
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    tmp = _SPARK_TMP = tempfile.mkdtemp(prefix="nadd-spark-")
    cores = threads or os.cpu_count() or 2
    partitions = os.environ.get("NADD_SPARK_PARTITIONS", str(max(2, cores * 2)))
    _SPARK = (SparkSession.builder.master(f"local[{cores}]").appName("nadd-link")
              .config("spark.jars", similarity_jar_location())
              .config("spark.sql.shuffle.partitions", partitions)
              .config("spark.default.parallelism", partitions)
              .config("spark.driver.memory", os.environ.get("NADD_SPARK_DRIVER_MEMORY", "2g"))
              .config("spark.sql.warehouse.dir", os.path.join(tmp, "warehouse"))
              .config("spark.local.dir", tmp)
              .config("spark.ui.enabled", "false")
              .config("spark.ui.showConsoleProgress", "false")  # the CLI draws its own
              .config("spark.sql.execution.arrow.pyspark.enabled", "true")
              .config("spark.sql.ansi.enabled", "false")
              # Broadcasting the records table makes every blocking self-join a hash join
              # (36 CPU s instead of 42 for blocking 333,968 records) but at a million
              # records the 4 GB driver lost the broadcast's task results; so Spark's
              # default (10 MB: never the records) stays unless NADD_SPARK_BROADCAST is set.
              .config("spark.sql.autoBroadcastJoinThreshold",
                      os.environ.get("NADD_SPARK_BROADCAST", "10m"))
              .getOrCreate())
    _SPARK.sparkContext.setLogLevel("ERROR")
    _SPARK.sparkContext.setCheckpointDir(os.path.join(tmp, "checkpoints"))
    return _SPARK


def _spark_api(threads: int | None):
    from splink import SparkAPI

    spark = spark_session(threads)
    # "parquet" (Splink's default) writes every intermediate table to disk, which keeps
    # the plans short; "persist" keeps them in memory (NADD_SPARK_LINEAGE to compare).
    method = os.environ.get("NADD_SPARK_LINEAGE", "parquet")
    api = SparkAPI(spark_session=spark, break_lineage_method=method)
    _same_similarities_as_duckdb(spark)
    return api


def _same_similarities_as_duckdb(spark) -> None:
    """Replace the Scala ``jaro_winkler`` / ``damerau_levenshtein`` UDFs Splink registers.

    Splink's jar computes Jaro differently from DuckDB ("jose white" / "joseph white": 0.9367
    on Spark, 0.9467 on DuckDB; a third of sampled name pairs differ), so pairs near a
    threshold fell on different levels and a million records gave 21 different links.
    jellyfish gives DuckDB's values exactly (tests/link/test_similarities.py), so both engines
    now score every pair alike. Vectorised through Arrow: a pandas UDF per batch.
    """
    import jellyfish
    from pyspark.sql.functions import pandas_udf

    def _pairs(fn, a: pd.Series, b: pd.Series, dtype: str) -> pd.Series:
        return pd.Series([fn(x, y) if isinstance(x, str) and isinstance(y, str) else None
                          for x, y in zip(a, b)], dtype=dtype)

    @pandas_udf("double")
    def jaro_winkler(a: pd.Series, b: pd.Series) -> pd.Series:
        return _pairs(jellyfish.jaro_winkler_similarity, a, b, "Float64")

    @pandas_udf("int")
    def damerau_levenshtein(a: pd.Series, b: pd.Series) -> pd.Series:
        return _pairs(jellyfish.damerau_levenshtein_distance, a, b, "Int32")

    spark.udf.register("jaro_winkler", jaro_winkler)
    spark.udf.register("damerau_levenshtein", damerau_levenshtein)


def register(api, prepared, table_name: str):
    """``prepared`` (a pandas frame) as a Splink input table of ``api``.

    Spark gets it through a Parquet file: Spark's own conversion of a pandas frame with
    object and list columns is slow, and the resulting table is re-read by every blocking
    rule; a Parquet scan is native to the JVM and splits across the cores.
    """
    if api.sql_dialect.sql_dialect_str != "spark":
        return api.register(prepared, table_name=table_name)
    import pyarrow as pa
    import pyarrow.parquet as pq

    spark = spark_session()
    # a new file per call: Spark caches file listings, so never overwrite one it has read
    path = os.path.join(_SPARK_TMP, f"{table_name}-{uuid.uuid4().hex}.parquet")
    table = pa.Table.from_pandas(prepared, preserve_index=False)
    pq.write_table(table, path)
    return api.register(spark.read.parquet(path), table_name=table_name)
