"""Detection test settings: the ``spark`` marker and one SparkSession for the whole run."""

from __future__ import annotations

import os

import pytest


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "spark: needs pyspark and Java (nadd[spark]); never "
                                       "skipped in CI")


@pytest.fixture(scope="session")
def spark():
    """A local[2] SparkSession shared by every Spark test: starting a JVM costs seconds.

    In CI a missing pyspark is a failure; elsewhere the Spark tests are skipped.
    """
    try:
        from nadd.detect._spark import local_session
    except ImportError as e:
        if os.environ.get("CI", "").lower() in ("true", "1"):
            pytest.fail(f"pyspark is not importable in CI: {e}")
        pytest.skip(f"pyspark is not installed (pip install 'nadd[spark]'): {e}")
    # Two shuffle partitions: the test data are a few thousand rows.
    session = local_session("local[2]", partitions=2)
    yield session
    session.stop()
