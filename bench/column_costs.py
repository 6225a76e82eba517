"""What each stored column of ``observations`` costs DuckDB to write, per million rows.

The bulk-load benchmark (bench/bulk_load.py) finds the DuckDB insert, not nadd's table build,
caps the load rate. This script explains why: it inserts the production stored table
(``loader.to_stored`` over ``bench/synthetic.py`` chunks) into a DuckDB file one column at a
time, and the whole table with a few alternative encodings, and reports CPU and wall time per
1M rows. Results go between the ``bench:column-costs`` markers of bench/README.md.

    .venv/bin/python bench/column_costs.py               # 2M rows
    .venv/bin/python bench/column_costs.py --rows 1_000_000 --readme -
"""

from __future__ import annotations

import argparse
import re
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import duckdb
import pyarrow as pa
import pyarrow.compute as pc

from bench.bulk_load import FILE, LOAD_ID, NOW, VINTAGE, BenchAdapter, machine
from bench.synthetic import chunks
from nadd.ingest.loader import to_stored
from nadd.store import open_store

ROW_GROUP = 122_880


def _cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def _insert(con, ddl: str, tables: list[pa.Table], select: str = "SELECT * FROM stg") -> tuple[float, float]:
    """CPU and wall seconds to insert ``tables`` (one transaction each) and checkpoint."""
    con.execute("DROP TABLE IF EXISTS t")
    con.execute(ddl)
    t0, c0 = time.perf_counter(), _cpu()
    for t in tables:
        con.register("stg", pa.Table.from_batches(t.to_batches(max_chunksize=ROW_GROUP), schema=t.schema))
        con.execute(f"INSERT INTO t {select}")
        con.unregister("stg")
    con.execute("CHECKPOINT")
    return _cpu() - c0, time.perf_counter() - t0


def measure(rows: int) -> tuple[list[tuple[str, str, float, float]], list[tuple[str, float, float]]]:
    tables = [to_stored(c, BenchAdapter, FILE, VINTAGE, LOAD_ID, NOW) for c in chunks(rows, chunk=1_000_000)]
    work = Path(tempfile.mkdtemp(prefix="nadd-colcost-"))
    store = open_store(f"duckdb:///{work}/schema.duckdb")  # only to read the stored column types
    info = store.query("SELECT column_name, data_type FROM information_schema.columns "
                       "WHERE table_name = 'observations'").to_pydict()
    types = dict(zip(info["column_name"], info["data_type"]))
    store.close()
    con = duckdb.connect(str(work / "x.duckdb"))
    per_col = []
    for name in tables[0].column_names:
        cpu, wall = _insert(con, f"CREATE TABLE t (x {types[name]})", [pa.table({"x": t[name]}) for t in tables])
        per_col.append((name, types[name], cpu * 1e6 / rows, wall * 1e6 / rows))
    cols = ", ".join(f"{n} {types[n]}" for n in tables[0].column_names)
    strings = [n for n in tables[0].column_names if types[n] == "VARCHAR"]
    variants = [("stored table as built (27 columns)", tables, "SELECT * FROM stg")]
    constants = ["source_id", "source_file", "load_id", "owner_country", "owner_agency", "releasability",
                 "tlp", "vintage", "loaded_at"]
    lit = ", ".join(f"'{tables[0][n][0].as_py()}'::{types[n]} AS {n}" if n in constants else n
                    for n in tables[0].column_names)
    variants.append(("per-load constants as SQL literals", [t.drop_columns(constants) for t in tables],
                     f"SELECT {lit} FROM stg"))
    variants.append(("strings dictionary-encoded in Arrow", [
        pa.table([pc.dictionary_encode(t[n]) if n in strings else t[n] for n in t.column_names],
                 names=t.column_names) for t in tables], "SELECT * FROM stg"))
    whole = []
    for label, tabs, select in variants:
        cpu, wall = _insert(con, f"CREATE TABLE t ({cols})", tabs, select)
        whole.append((label, cpu * 1e6 / rows, wall * 1e6 / rows))
    parsed = [n for n in tables[0].column_names if n not in constants]
    cpu, wall = _insert(con, "CREATE TABLE t (" + ", ".join(f"{n} {types[n]}" for n in parsed) + ")",
                        [t.select(parsed) for t in tables])
    whole.append((f"without the {len(constants)} per-load columns ({len(parsed)} columns)",
                  cpu * 1e6 / rows, wall * 1e6 / rows))
    con.close()
    return per_col, whole


def render(rows: int, per_col, whole, info: dict[str, str]) -> str:
    by_type: dict[str, list[float]] = {}
    for _, typ, cpu, _ in per_col:
        by_type.setdefault(typ, []).append(cpu)
    lines = [f"Run {info['date']}: {info['cpus']} CPUs, load average before the run {info['load']}; "
             f"DuckDB {info['duckdb']}, {rows:,} rows in chunks of 1M, CPU = user + system of the process "
             "(both DuckDB threads), per 1M rows.", "",
             "| column type | columns | CPU ms per 1M rows, each (min-max) |", "|---|---:|---:|"]
    for typ, v in sorted(by_type.items(), key=lambda kv: -max(kv[1])):
        lines.append(f"| {typ} | {len(v)} | {min(v) * 1e3:,.0f}-{max(v) * 1e3:,.0f} |")
    lines += ["", "| whole table | CPU s per 1M rows | wall s per 1M rows | rows/s |", "|---|---:|---:|---:|"]
    for label, cpu, wall in whole:
        lines.append(f"| {label} | {cpu:.2f} | {wall:.2f} | {1e6 / wall:,.0f} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rows", type=lambda s: int(s.replace("_", "")), default=2_000_000)
    ap.add_argument("--readme", type=Path, default=ROOT / "bench" / "README.md")
    args = ap.parse_args(argv)
    info = machine()
    per_col, whole = measure(args.rows)
    block = render(args.rows, per_col, whole, info)
    print(block)
    if str(args.readme) != "-":
        begin, end = "<!-- bench:column-costs:begin -->", "<!-- bench:column-costs:end -->"
        text = args.readme.read_text(encoding="utf-8")
        if begin in text:
            text = re.sub(f"{re.escape(begin)}.*?{re.escape(end)}", lambda _m: f"{begin}\n{block}\n{end}",
                          text, flags=re.DOTALL)
            args.readme.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
