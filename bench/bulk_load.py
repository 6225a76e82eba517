"""Bulk-load benchmark: synthetic observations into DuckDB and PostgreSQL, rows per second.

Each chunk goes through the production path of ``nadd.ingest.loader.load_file``:
``to_stored`` (ids via ``nadd.model.ids.key_and_record_ids``, provenance and sharing columns) and
``store.insert("observations", table, skip_existing_key="id")`` inside ``store.transaction()``.
Generation (and the Arrow -> pandas hand-over that stands in for the adapter's frame) is
timed apart and never counted. A second load of the first chunk checks idempotence
(0 rows added) and times it.

``--variant steps`` (PostgreSQL) times the staged ``ON CONFLICT`` insert step by step.

    .venv/bin/python bench/bulk_load.py                       # 10M rows, both backends
    .venv/bin/python bench/bulk_load.py --rows 2_000_000 --backends duckdb
"""

from __future__ import annotations

import argparse
import io
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import duckdb  # noqa: E402
import pyarrow as pa  # noqa: E402

from bench.synthetic import chunks  # noqa: E402
from nadd.ingest.loader import to_stored  # noqa: E402
from nadd.store import open_store  # noqa: E402
from nadd.store.postgres import _plain_uuids  # noqa: E402

VINTAGE = date(2026, 1, 1)
NOW = datetime(2026, 1, 1, 12, 0, 0)
FILE = "synthetic_observations.csv"
LOAD_ID = f"bench_synthetic:{'0' * 16}:{VINTAGE}"


class BenchAdapter:
    """The metadata ``to_stored`` reads from an adapter (no parsing needed here)."""

    id = "bench_synthetic"
    title = "Synthetic observations (benchmark)"
    publisher = "nadd bench"
    country = "US"
    licence = "CC0-1.0"
    url = None
    synthetic = True
    owner_agency = "NADD-BENCH"
    releasability = None
    tlp = None


# --- PostgreSQL insert step by step (bench only) ------------------------------------------


def pg_insert_timed(store, data: pa.Table, key: str = "id") -> tuple[int, dict[str, float]]:
    """``PostgresStore._insert_arrow`` step by step (same SQL), to see where its time goes."""
    t: dict[str, float] = {}
    t0 = time.perf_counter()
    table = "observations"
    cols = ", ".join(data.column_names)
    data = _plain_uuids(data)
    buf = io.BytesIO()
    import pyarrow.csv as pacsv

    pacsv.write_csv(data, buf, pacsv.WriteOptions(include_header=False))
    payload = buf.getvalue()
    t["csv_encode"] = time.perf_counter() - t0
    con = store._con
    with con.cursor() as cur:
        t0 = time.perf_counter()
        cur.execute(f"CREATE TEMP TABLE IF NOT EXISTS _nadd_stage (LIKE {table} INCLUDING DEFAULTS)")
        cur.execute("TRUNCATE _nadd_stage")
        with cur.copy(f"COPY _nadd_stage ({cols}) FROM STDIN (FORMAT csv)") as copy:
            for i in range(0, len(payload), 1 << 20):
                copy.write(payload[i: i + (1 << 20)])
        t["copy_to_stage"] = time.perf_counter() - t0
        t0 = time.perf_counter()
        cur.execute(f"INSERT INTO {table} ({cols}) SELECT {cols} FROM _nadd_stage ON CONFLICT ({key}) DO NOTHING")
        added = cur.rowcount
        t["insert_on_conflict"] = time.perf_counter() - t0
        cur.execute("DROP TABLE _nadd_stage")
    return added, t


# --- the run -------------------------------------------------------------------------------


@dataclass
class Result:
    backend: str
    variant: str
    rows: int
    chunk: int
    rows_added: int = 0
    generate_s: float = 0.0
    build_s: float = 0.0
    insert_s: float = 0.0
    reload_rows_added: int | None = None
    reload_s: float = 0.0
    store_bytes: int | None = None
    steps: dict[str, float] = field(default_factory=dict)
    per_chunk: list[tuple[float, float]] = field(default_factory=list)

    @property
    def total_s(self) -> float:
        return self.build_s + self.insert_s

    def rate(self, seconds: float) -> float:
        return self.rows / seconds if seconds else float("nan")


def open_fresh(backend: str, workdir: Path):
    if backend == "duckdb":
        path = workdir / f"bench_{uuid.uuid4().hex[:8]}.duckdb"
        return open_store(f"duckdb:///{path}"), path, None
    base = os.environ.get("NADD_TEST_PG_URL")
    if not base:
        raise SystemExit('PostgreSQL: set NADD_TEST_PG_URL (eval "$(bash scripts/pg.sh start)")')
    schema = f"bench_{uuid.uuid4().hex[:8]}"
    import psycopg

    with psycopg.connect(base, autocommit=True) as c:
        c.execute(f"CREATE SCHEMA {schema}")
    sep = "&" if "?" in base else "?"
    return open_store(f"{base}{sep}options={quote(f'-csearch_path={schema}')}"), None, (base, schema)


def drop_pg_schema(info) -> None:
    import psycopg

    base, schema = info
    with psycopg.connect(base, autocommit=True) as c:
        c.execute(f"DROP SCHEMA {schema} CASCADE")


def run(backend: str, variant: str, rows: int, chunk: int, workdir: Path, seed: int, log) -> Result:
    store, path, pg = open_fresh(backend, workdir)
    res = Result(backend, variant, rows, chunk)
    first = None
    scope = {"source_id": BenchAdapter.id, "vintage": VINTAGE}
    # One 10M-row file is one load: like the loader, ask once whether its scope (source +
    # vintage) already holds rows; a first load then appends every chunk without comparing.
    fresh = not store.has_rows("observations", scope)
    try:
        for i, parsed in enumerate(chunks(rows, chunk=chunk, seed=seed)):
            t0 = time.perf_counter()
            frame = parsed  # to_stored takes the adapter's Arrow table as it is
            res.generate_s += time.perf_counter() - t0
            t0 = time.perf_counter()
            table = to_stored(frame, BenchAdapter, FILE, VINTAGE, LOAD_ID, NOW)
            t1 = time.perf_counter()
            if variant == "steps":  # PostgreSQL only: the stage + ON CONFLICT path, timed by step
                with store.transaction():
                    added, steps = pg_insert_timed(store, table)
                for k, v in steps.items():
                    res.steps[k] = res.steps.get(k, 0.0) + v
            else:
                with store.transaction():
                    added = store.insert("observations", table, scope=scope,
                                         skip_existing_key=None if fresh else "id")
            t2 = time.perf_counter()
            if i == 0:
                first = (frame, parsed, table)
            res.build_s += t1 - t0
            res.insert_s += t2 - t1
            res.rows_added += added
            res.per_chunk.append((t1 - t0, t2 - t1))
            log(f"  {backend}/{variant} chunk {i}: build {t1 - t0:.2f}s insert {t2 - t1:.2f}s "
                f"added {added:,} ({(t2 - t0) and parsed.num_rows / (t2 - t0):,.0f} rows/s)")
        # idempotent reload of the first chunk: same steps, nothing may be added
        frame, parsed, _ = first
        t0 = time.perf_counter()
        table = to_stored(frame, BenchAdapter, FILE, VINTAGE, LOAD_ID, NOW)
        with store.transaction():
            res.reload_rows_added = store.insert("observations", table, skip_existing_key="id",
                                                 scope=scope)
        res.reload_s = time.perf_counter() - t0
        stored = store.scalar("SELECT count(*) FROM observations")
        if stored != rows or res.reload_rows_added != 0:
            raise SystemExit(f"{backend}: stored {stored} rows (expected {rows}), reload added {res.reload_rows_added}")
    finally:
        if backend == "duckdb":
            store.execute("CHECKPOINT")
            store.close()
            res.store_bytes = path.stat().st_size + sum(
                p.stat().st_size for p in path.parent.glob(path.name + ".wal"))
        else:
            if pg:
                with store._con.cursor() as cur:
                    cur.execute("SELECT pg_total_relation_size('observations')")
                    res.store_bytes = cur.fetchone()[0]
            store.close()
            drop_pg_schema(pg)
    return res


def machine() -> dict[str, str]:
    def sh(cmd: str) -> str:
        try:
            return subprocess.run(cmd, shell=True, capture_output=True, text=True, timeout=10).stdout.strip()
        except Exception:
            return "?"

    import psycopg

    info = {
        "date": datetime.now().strftime("%Y-%m-%d %H:%M"),
        "cpus": sh("nproc"),
        "cpu": sh("grep -m1 'model name' /proc/cpuinfo | cut -d: -f2").strip(),
        "ram": sh("free -g | awk '/Mem:/{print $2\" GiB\"}'"),
        "load": sh("cut -d' ' -f1-3 /proc/loadavg"),
        "python": platform.python_version(),
        "duckdb": duckdb.__version__,
        "pyarrow": pa.__version__,
        "psycopg": psycopg.__version__,
    }
    url = os.environ.get("NADD_TEST_PG_URL")
    if url:
        try:
            with psycopg.connect(url) as c:
                info["postgresql"] = c.execute("SHOW server_version").fetchone()[0]
                info["pg_settings"] = ", ".join(
                    f"{k}={c.execute(f'SHOW {k}').fetchone()[0]}" for k in ("fsync", "synchronous_commit",
                                                                           "shared_buffers", "max_wal_size"))
        except Exception as e:  # noqa: BLE001
            info["postgresql"] = f"unreachable ({e.__class__.__name__})"
    return info


def render(results: list[Result], info: dict[str, str]) -> str:
    lines = [
        f"Run {info['date']}: {info['cpus']} CPUs ({info['cpu']}), {info['ram']} RAM, load average before "
        f"the run {info['load']}; Python {info['python']}, DuckDB {info['duckdb']}, pyarrow {info['pyarrow']}, "
        f"psycopg {info['psycopg']}, PostgreSQL {info.get('postgresql', '-')} ({info.get('pg_settings', '')}).",
        "",
        "| backend | variant | rows | chunk | (a) ids + table, rows/s | (b) store insert, rows/s "
        "| (c) end to end, rows/s | end to end, s | reload of 1 chunk: added, s | store size |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        size = f"{r.store_bytes / 2**20:,.0f} MiB" if r.store_bytes else "-"
        lines.append(
            f"| {r.backend} | {r.variant} | {r.rows:,} | {r.chunk:,} | {r.rate(r.build_s):,.0f} | "
            f"{r.rate(r.insert_s):,.0f} | **{r.rate(r.total_s):,.0f}** | {r.total_s:,.1f} | "
            f"{r.reload_rows_added}, {r.reload_s:.1f} | {size} |")
    steps = [r for r in results if r.steps]
    for r in steps:
        lines.append("")
        lines.append(f"{r.backend} insert, step by step (s, all chunks): " + ", ".join(
            f"{k} {v:.1f} ({r.rows / v:,.0f} rows/s)" for k, v in r.steps.items()))
    return "\n".join(lines)


def update_readme(readme: Path, block: str) -> None:
    begin, end = "<!-- bench:results:begin -->", "<!-- bench:results:end -->"
    text = readme.read_text(encoding="utf-8") if readme.exists() else f"# Benchmarks\n\n{begin}\n{end}\n"
    if begin not in text:
        text += f"\n{begin}\n{end}\n"
    text = re.sub(f"{re.escape(begin)}.*?{re.escape(end)}", lambda _m: f"{begin}\n{block}\n{end}", text, flags=re.S)
    readme.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rows", type=lambda s: int(s.replace("_", "")), default=10_000_000)
    ap.add_argument("--chunk", type=lambda s: int(s.replace("_", "")), default=1_000_000)
    ap.add_argument("--backends", default="duckdb,postgres")
    ap.add_argument("--variant", choices=["production", "steps"], default="production",
                    help="steps (PostgreSQL): time the staged ON CONFLICT insert step by step")
    ap.add_argument("--runs", default=None,
                    help="explicit backend/variant list, e.g. duckdb/production,postgres/production,postgres/steps")
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "out" / "bulk_load.json")
    ap.add_argument("--readme", type=Path, default=ROOT / "bench" / "README.md",
                    help="file whose results block is replaced; '-' to leave it alone")
    ap.add_argument("--workdir", type=Path, default=None, help="where the DuckDB file goes (default: a temp dir)")
    args = ap.parse_args(argv)

    from rich.console import Console
    from rich.table import Table

    console = Console()
    info = machine()
    variants = [args.variant]
    workdir = Path(tempfile.mkdtemp(prefix="nadd-bench-", dir=args.workdir))
    results = []
    try:
        runs = [tuple(r.strip().split("/")) for r in args.runs.split(",")] if args.runs else [
            (b.strip(), v) for b in args.backends.split(",") if b.strip() for v in variants]
        for backend, variant in runs:
            if True:
                console.print(f"[bold]{backend}[/] {variant}: {args.rows:,} rows in chunks of {args.chunk:,}")
                results.append(run(backend, variant, args.rows, args.chunk, workdir, args.seed, console.print))
    finally:
        shutil.rmtree(workdir, ignore_errors=True)

    t = Table(title=f"bulk load, {args.rows:,} observations ({info['cpus']} CPUs, load {info['load']})")
    for c in ("backend", "variant", "ids+table rows/s", "insert rows/s", "end-to-end rows/s", "total s",
              "reload added / s", "store"):
        t.add_column(c, justify="right")
    for r in results:
        t.add_row(r.backend, r.variant, f"{r.rate(r.build_s):,.0f}", f"{r.rate(r.insert_s):,.0f}",
                  f"{r.rate(r.total_s):,.0f}", f"{r.total_s:.1f}", f"{r.reload_rows_added} / {r.reload_s:.1f}s",
                  f"{r.store_bytes / 2**20:,.0f} MiB" if r.store_bytes else "-")
    console.print(t)
    for r in results:
        if r.steps:
            console.print(f"{r.backend} insert steps: " + ", ".join(f"{k} {v:.1f}s" for k, v in r.steps.items()))

    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"machine": info, "args": {k: str(v) for k, v in vars(args).items()},
                                    "results": [asdict(r) | {"total_s": r.total_s} for r in results]},
                                   indent=2), encoding="utf-8")
    if str(args.readme) != "-":
        update_readme(args.readme, render(results, info))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
