"""Shared fixtures: stores on both backends, loaded sources, corrupted copies."""

from __future__ import annotations

import gzip
import os
import uuid
from pathlib import Path

import pytest

from nadd.store import open_store

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "data"


def pg_url() -> str | None:
    return os.environ.get("NADD_TEST_PG_URL")


@pytest.fixture
def store():
    """A fresh embedded DuckDB store (in memory) with the schema applied."""
    s = open_store("duckdb:///:memory:")
    yield s
    s.close()


@pytest.fixture
def pg_store():
    """A fresh PostgreSQL schema on the test server. In CI a missing server is a failure."""
    url = pg_url()
    if not url:
        if os.environ.get("CI"):
            pytest.fail("NADD_TEST_PG_URL is not set in CI: scripts/test.sh must start PostgreSQL")
        pytest.skip("no PostgreSQL (set NADD_TEST_PG_URL or run scripts/test.sh)")
    import psycopg

    schema = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(url, autocommit=True) as con:
        con.execute(f"CREATE SCHEMA {schema}")
    sep = "&" if "?" in url else "?"
    s = open_store(f"{url}{sep}options=-csearch_path%3D{schema}")
    yield s
    s.close()
    with psycopg.connect(url, autocommit=True) as con:
        con.execute(f"DROP SCHEMA {schema} CASCADE")


@pytest.fixture(params=["duckdb", pytest.param("postgres", marks=pytest.mark.postgres)])
def any_store(request):
    """The same test on DuckDB and on PostgreSQL."""
    yield request.getfixturevalue("store" if request.param == "duckdb" else "pg_store")


@pytest.fixture
def synced(store):
    """DuckDB store with the reference tables loaded."""
    from nadd.ingest import sync_reference

    sync_reference(store)
    return store


def plain_copy(path: Path, tmp_path: Path) -> Path:
    """Decompressed copy of a bundled snapshot, under its published name."""
    out = tmp_path / path.name.removesuffix(".gz")
    data = gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes()
    out.write_bytes(data)
    return out


def replace_cell(path: Path, tmp_path: Path, line_no: int, old: str, new: str, encoding="utf-8") -> Path:
    """Copy of a text file with ``old`` replaced by ``new`` on 1-based line ``line_no``."""
    src = plain_copy(path, tmp_path)
    text = src.read_bytes().decode(encoding)
    lines = text.split("\n")
    assert old in lines[line_no - 1], f"{old!r} not on line {line_no}: {lines[line_no - 1][:120]!r}"
    lines[line_no - 1] = lines[line_no - 1].replace(old, new, 1)
    src.write_bytes("\n".join(lines).encode(encoding))
    return src


def table_counts(store) -> dict[str, int]:
    return {t: store.scalar(f"SELECT count(*) FROM {t}") for t in ("observations", "loads", "sources")}
