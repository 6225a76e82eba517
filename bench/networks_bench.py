"""Networks: time each analysis of nadd.networks on a generated scenario (SYNTHETIC data).

Usage:
    .venv/bin/python bench/networks_bench.py                         # standard scenario, seed 7
    .venv/bin/python bench/networks_bench.py --dir var/synthetic --readme -   # an existing folder

Steps (wall and CPU seconds of this process; the machine is shared, so wall time varies with
load): reading the CSV folder, cases (truth entity ids as party keys, every link type), scoring
the cases against the planted networks, key actors, finance typologies, routes and flows,
precursor -> drug chains, firearms. Peak memory is this process's maximum resident set.
Results go to bench/out/networks.json and (unless --readme -) between the bench:networks markers
of bench/README.md.
"""

from __future__ import annotations

import argparse
import json
import re
import resource
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
BEGIN, END = "<!-- bench:networks:begin -->", "<!-- bench:networks:end -->"


def _timed(fn):
    w, c = time.perf_counter(), time.process_time()
    out = fn()
    return out, round(time.perf_counter() - w, 2), round(time.process_time() - c, 2)


def run(folder: Path) -> dict:
    import nadd.networks as N

    steps: dict[str, list[float]] = {}

    def step(name, fn):
        out, w, c = _timed(fn)
        steps[name] = [w, c]
        return out

    f = step("read folder", lambda: N.read_dir(folder))
    keys = N.party_keys(f, using="truth")
    cases = step("cases", lambda: N.find_cases(f.incidents, f.parties, keys, f.transactions, f.items))
    per, overall = step("score vs truth", lambda: N.case_recovery(cases.members, f.incident_networks))
    step("key actors", lambda: N.key_actors(f.parties, keys, incidents=f.incidents,
                                             members=cases.members))
    flags = step("typologies", lambda: N.typologies(f.transactions, f.parties, keys, f.incidents))
    step("flows", lambda: N.route_flows(f.incidents, f.items))
    step("precursor chains", lambda: N.precursor_chains(f.incidents, f.items, cases.members))
    step("firearms", lambda: (N.ttc_summary(f.firearms, f.incidents),
                              N.source_table(f.firearms, f.incidents)))
    return {"incidents": len(f.incidents), "parties": len(f.parties),
            "transactions": len(f.transactions), "cases": len(cases.summary),
            "flags": int(len(flags)), "pair_f1": round(overall["pair_f1"], 3),
            "pair_precision": round(overall["pair_precision"], 3),
            "pair_recall": round(overall["pair_recall"], 3),
            "network_recall": dict(zip(per["network_id"], per["recall"].round(3), strict=True)),
            "steps": steps,
            "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--scenario", default="standard")
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--dir", default=None, help="use this generated folder instead of generating")
    ap.add_argument("--readme", default=str(HERE / "README.md"), help="'-' to leave README.md alone")
    a = ap.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(a.dir) if a.dir else Path(tmp) / "syn"
        if not a.dir:
            from nadd.incidents.synth import generate

            generate(a.scenario, a.seed, folder, scale=a.scale)
        res = run(folder)
    res.update(scenario=a.dir or f"{a.scenario} x{a.scale:g}, seed {a.seed}")
    (HERE / "out").mkdir(exist_ok=True)
    (HERE / "out" / "networks.json").write_text(json.dumps(res, indent=1))
    rows = "\n".join(f"| {k} | {w:.2f} s | {c:.2f} s |" for k, (w, c) in res["steps"].items())
    table = (f"{res['scenario']}: {res['incidents']:,} incidents, {res['parties']:,} party records, "
             f"{res['transactions']:,} transactions -> {res['cases']:,} cases, {res['flags']} "
             f"finance flags; cases vs planted networks: pairwise precision "
             f"{res['pair_precision']}, recall {res['pair_recall']}, F1 {res['pair_f1']}; peak "
             f"memory {res['peak_rss_mb']:,} MB.\n\n| step | wall | CPU |\n|---|---|---|\n{rows}")
    print(table)
    if a.readme != "-":
        readme = Path(a.readme)
        text = readme.read_text(encoding="utf-8")
        block = f"{BEGIN}\n{table}\n{END}"
        readme.write_text(re.sub(re.escape(BEGIN) + ".*?" + re.escape(END), lambda _: block, text,
                                 flags=re.S), encoding="utf-8")


if __name__ == "__main__":
    main()
