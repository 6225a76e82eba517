"""Where Splink runs: embedded DuckDB (default) or Apache Spark in local mode."""

from __future__ import annotations

import os
import tempfile

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


def spark_session(threads: int | None = None):
    """One local Spark session per process (starting Spark takes seconds)."""
    global _SPARK
    if _SPARK is not None:
        return _SPARK
    try:
        from pyspark.sql import SparkSession
        from splink.internals.spark.jar_location import similarity_jar_location
    except ImportError as e:  # pragma: no cover - pyspark is an optional extra
        raise LinkError("the spark engine needs pyspark",
                        hint="pip install 'nadd[spark]' (and a Java 17+ runtime)") from e
    tmp = tempfile.mkdtemp(prefix="nadd-spark-")
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
              .config("spark.sql.execution.arrow.pyspark.enabled", "true")
              .config("spark.sql.ansi.enabled", "false")
              .getOrCreate())
    _SPARK.sparkContext.setLogLevel("ERROR")
    _SPARK.sparkContext.setCheckpointDir(os.path.join(tmp, "checkpoints"))
    return _SPARK


def _spark_api(threads: int | None):
    from splink import SparkAPI

    spark = spark_session(threads)
    # "parquet" (Splink's default) writes every intermediate table to disk. "persist" was
    # measured slower here: connected components then recompute the growing lineage.
    method = os.environ.get("NADD_SPARK_LINEAGE", "parquet")
    return SparkAPI(spark_session=spark, break_lineage_method=method)
