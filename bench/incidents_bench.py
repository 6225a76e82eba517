"""Incidents: time to generate a synthetic scenario, validate it and load it (twice) into DuckDB.

Usage:
    .venv/bin/python bench/incidents_bench.py                       # standard scenario
    .venv/bin/python bench/incidents_bench.py --scenario large --scale 0.1 --readme -

Wall and CPU seconds per step; rows per second of the load. Results go to bench/out/incidents.json
and (unless --readme -) between the bench:incidents markers of bench/README.md.
"""

from __future__ import annotations

import argparse
import json
import re
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _timed(fn):
    w, c = time.perf_counter(), time.process_time()
    out = fn()
    return out, time.perf_counter() - w, time.process_time() - c


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--scenario", default="standard")
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--readme", default=str(HERE / "README.md"), help="'-' to leave README.md alone")
    a = ap.parse_args()

    from nadd.incidents import load, read_folder
    from nadd.incidents.synth import generate
    from nadd.store import open_store

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "syn"
        counts, gw, gc = _timed(lambda: generate(a.scenario, a.seed, out, scale=a.scale))
        batch, rw, rc = _timed(lambda: read_folder(out))
        with open_store(f"duckdb:///{Path(tmp) / 'b.duckdb'}") as s:
            _, lw, lc = _timed(lambda: load(s, batch))
            _, aw, ac = _timed(lambda: load(s, batch))
    res = {"scenario": a.scenario, "scale": a.scale, "seed": a.seed, "rows": batch.rows,
           "incidents": counts["incidents"], "parties": counts["parties"],
           "generate_s": [round(gw, 1), round(gc, 1)], "read_validate_s": [round(rw, 1), round(rc, 1)],
           "load_duckdb_s": [round(lw, 1), round(lc, 1)], "reload_s": [round(aw, 2), round(ac, 2)]}
    (HERE / "out").mkdir(exist_ok=True)
    (HERE / "out" / "incidents.json").write_text(json.dumps(res, indent=1))
    table = ("| scenario | rows (incidents / party records) | generate | read + validate | load DuckDB | "
             "load again |\n|---|---|---|---|---|---|\n"
             f"| {a.scenario} x{a.scale:g}, seed {a.seed} | {res['rows']:,} ({res['incidents']:,} / {res['parties']:,}) "
             f"| {gw:.1f} s ({gc:.1f} CPU) | {rw:.1f} s ({rc:.1f} CPU) | {lw:.1f} s ({lc:.1f} CPU) "
             f"| {aw:.2f} s |")
    print(table)
    if a.readme != "-":
        p = Path(a.readme)
        text = p.read_text(encoding="utf-8")
        block = f"<!-- bench:incidents:begin -->\n{table}\n<!-- bench:incidents:end -->"
        p.write_text(re.sub(r"<!-- bench:incidents:begin -->.*<!-- bench:incidents:end -->", block, text,
                            flags=re.S), encoding="utf-8")


if __name__ == "__main__":
    main()
