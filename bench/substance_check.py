"""Benchmark: full control-status verdicts (US, CA, MX, UN, NL) for 100,000 structures on 2 cores.

Each structure goes the whole way: SMILES parse, standardisation (largest fragment, uncharge),
InChI + InChIKey, stereo-stripped key, named-listing lookup per jurisdiction, every generic rule
of ``nadd.law.rules`` and, where nothing named or generic applies, the analogue-neighbour search
over the knowledge base (Morgan r2/2048 Tanimoto). Target: >= 2,000 structures/s on 2 cores.

Structures: the first N of C's seeded library (bench/chem_library.py) if its cache exists,
else a seeded combinatorial enumeration of our own (fentanyl, nitazene, cathinone,
phenethylamine, benzamide and piperazine cores x substituents), so the run never waits on a
one-million build. Results go to bench/out/substance_check.json and between the
``bench:substance_check`` markers of bench/README.md.

    .venv/bin/python bench/substance_check.py              # 100,000 structures, 2 processes
    .venv/bin/python bench/substance_check.py --n 5000     # quick
    .venv/bin/python bench/substance_check.py --profile 3000   # where the time goes (1 process)
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import platform
import random
import re
import sys
import time
from collections import Counter
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
README = ROOT / "bench" / "README.md"
SEED = 20261128

SUBST = ["", "F", "Cl", "Br", "C", "CC", "OC", "OCC", "C(F)(F)F", "C#N", "O", "N(C)C", "SC",
         "[N+](=O)[O-]", "C(C)=O", "OC(F)(F)F", "C(C)C", "C1CC1", "I", "CCC", "CCCC", "OCCC",
         "C(=O)O", "NC(C)=O", "c1ccccc1", "OC(C)C"]
TEMPLATES = [
    "C{a}C(=O)N(c1ccc({b})cc1)C1CCN(CCc2ccc({c})cc2)CC1",               # fentanyls
    "{a}c1ccc(Cc2nc3cc({b})ccc3n2CCN(C{c})CC)cc1",                       # nitazenes
    "CC(N{a})C(=O)c1ccc({b})c({c})c1",                                   # cathinones
    "COc1cc(CCN{a})c(OC)cc1{b}",                                          # 2C / NBOMe-like
    "O=C(N{a})c1ccc({b})c({c})c1",                                        # benzamides
    "c1cc({a})ccc1N1CCN(C{b})CC1",                                        # aryl piperazines
    "CC(Cc1ccc({a})c({b})c1)N{c}",                                        # amphetamines
    "O=C1CN=C(c2ccccc2{a})c2cc({b})ccc2N1{c}",                            # benzodiazepines
    "CN(C{a})CCc1c[nH]c2ccc({b})c({c})c12",                               # tryptamines
    "O=C1CCCCC1(N{a})c1ccc({b})cc1{c}",                                   # arylcyclohexylamines
]


def _fill(template: str, a: str, b: str, c: str) -> str:
    def sub(s: str) -> str:
        return f"({s})" if s else ""
    out = template.replace("({a})", sub(a)).replace("({b})", sub(b)).replace("({c})", sub(c))
    return out.replace("{a}", a).replace("{b}", b).replace("{c}", c)


def own_library(n: int, seed: int = SEED) -> list[str]:
    """``n`` distinct valid SMILES from the templates above, seeded and shuffled."""
    from rdkit import Chem, RDLogger

    RDLogger.DisableLog("rdApp.*")
    combos = [(t, a, b, c) for t in TEMPLATES for a, b, c in itertools.product(SUBST, repeat=3)]
    random.Random(seed).shuffle(combos)
    seen: set[str] = set()
    out: list[str] = []
    for t, a, b, c in combos:
        m = Chem.MolFromSmiles(_fill(t, a, b, c))
        if m is None:
            continue
        smi = Chem.MolToSmiles(m)
        if smi not in seen:
            seen.add(smi)
            out.append(smi)
            if len(out) == n:
                return out
    raise SystemExit(f"the templates give only {len(out):,} distinct structures, fewer than {n:,}")


def library(n: int) -> tuple[list[str], str]:
    sys.path.insert(0, str(ROOT))
    try:
        from bench import chem_library

        if chem_library.path_for().exists():
            return chem_library.load(n), f"bench/chem_library.py (first {n:,})"
    except Exception as e:  # noqa: BLE001 - fall back to our own enumeration, say so
        print(f"chem_library unavailable ({e}); using the built-in enumeration", file=sys.stderr)
    return own_library(n), "bench/substance_check.py built-in enumeration"


def write_readme(result: dict) -> None:
    begin, end = "<!-- bench:substance_check:begin -->", "<!-- bench:substance_check:end -->"
    block = "\n".join([
        begin, "```text",
        f"structures        {result['n']:,} ({result['library']})",
        (f"processes         {result['processes']} (machine: {result['cpus']} cores shared; load average "
         f"{result['load_before']:.1f} before the run, {result['load_after']:.1f} after)"),
        f"wall time         {result['seconds']:.1f} s",
        f"throughput        {result['per_second']:,.0f} structures/s with full verdicts (target 2,000/s)",
        (f"run CPU           {result['run_cpu_ms_per_structure']:.2f} ms per structure (parent + workers) "
         f"=> {2000 / result['run_cpu_ms_per_structure']:,.0f} structures/s if 2 cores were ours"),
        (f"single process    {result['single_per_second']:,.0f} structures/s on {result['single_n']:,}; "
         f"{result['cpu_ms_per_structure']:.2f} ms CPU per structure"),
        (f"CPU-time bound    {result['projected_2_cores']:,.0f} structures/s on 2 idle cores "
         "(2 / CPU time per structure: the wall figure without other load)"),
        f"errors            {result['errors']}",
        "verdicts          " + ", ".join(f"{k} {v:,}" for k, v in sorted(result['verdicts'].items())),
        f"run               {result['date']} python {result['python']}",
        "```", end])
    text = README.read_text(encoding="utf-8")
    if begin in text:
        text = re.sub(re.escape(begin) + r".*?" + re.escape(end), lambda _: block, text, flags=re.DOTALL)
    else:
        text += "\n" + block + "\n"
    README.write_text(text, encoding="utf-8")


def _children_cpu() -> float:
    import resource

    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def profile(smiles: list[str], on: date) -> int:
    """Where the time goes: one process (the workers' share of the work), functions by own time."""
    import cProfile
    import pstats

    from rdkit import rdBase

    from nadd.law.check import check_many

    rdBase.DisableLog("rdApp.*")
    check_many(smiles[:50], on, processes=1)  # imports and first-use tables out of the figure
    prof = cProfile.Profile()
    prof.runcall(check_many, smiles, on, processes=1)
    pstats.Stats(prof).sort_stats("tottime").print_stats(25)
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=100_000)
    ap.add_argument("--processes", type=int, default=2)
    ap.add_argument("--single", type=int, default=5_000, help="structures for the 1-process figure")
    ap.add_argument("--no-readme", action="store_true")
    ap.add_argument("--profile", type=int, metavar="N",
                    help="instead: cProfile N structures in one process, print the top functions")
    args = ap.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    from nadd.law.check import _warm, check_many

    smiles, source = library(args.profile or args.n)
    on = date(2026, 11, 1)
    _warm()
    if args.profile:
        return profile(smiles, on)
    load_before = os.getloadavg()[0]
    t0, c0 = time.perf_counter(), time.process_time()
    single = check_many(smiles[: args.single], on, processes=1)
    single_s, single_cpu = time.perf_counter() - t0, time.process_time() - c0
    t0, c0, k0 = time.perf_counter(), time.process_time(), _children_cpu()
    verdicts = check_many(smiles, on, processes=args.processes, chunksize=500)
    seconds = time.perf_counter() - t0
    # CPU of the parent and of the (joined) workers: what the run costs whatever the load
    run_cpu = time.process_time() - c0 + _children_cpu() - k0
    load_after = os.getloadavg()[0]
    counts = Counter(f"{j}:{v.verdict}" for x in verdicts for j, v in x.by_jurisdiction.items()
                     if j == "us")
    result = {
        "n": len(smiles), "library": source, "processes": args.processes, "cpus": os.cpu_count(),
        "load_before": load_before, "load_after": load_after, "seconds": seconds,
        "per_second": len(smiles) / seconds, "run_cpu_ms_per_structure": 1000 * run_cpu / len(smiles),
        "single_n": len(single), "single_per_second": len(single) / single_s,
        "cpu_ms_per_structure": 1000 * single_cpu / len(single),
        "projected_2_cores": 2 * len(single) / single_cpu,
        "errors": sum(1 for v in verdicts if v.error), "verdicts": dict(counts),
        "date": date.today().isoformat(), "python": platform.python_version(),
    }
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "substance_check.json").write_text(json.dumps(result, indent=1))
    print(json.dumps(result, indent=1))
    if not args.no_readme:
        write_readme(result)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
