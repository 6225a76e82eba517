"""Cost of the generic legal rules (nadd.law.rules) per structure, all rules together.

Sets: (1) RDKit's bundled NCI sample (first_5K.smi: ordinary organic molecules, almost none in
any class; the "typical non-matching" case), (2) the structures quoted in the rule tests (class
members, near misses and decoys: the worst case, full analysis), (3) if its cache exists, the first n
structures of bench/chem_library.py (a mixed drug-like library rich in fentanyls, nitazenes,
cannabinoids and phenethylamines, so many rules run their full analysis). Molecules are parsed
before timing: the number is rule time only, one core, per structure. Results go into
bench/README.md between the ``bench:law-rules`` markers.

    .venv/bin/python bench/law_rules.py            # NCI 5K + 20,000 library rows if cached
    .venv/bin/python bench/law_rules.py --n 100000
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import sys
import time
from collections import Counter
from pathlib import Path

from rdkit import Chem, RDConfig, rdBase

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from nadd.law.rules import RULES  # noqa: E402

README = ROOT / "bench" / "README.md"
BEGIN, END = "<!-- bench:law-rules:begin -->", "<!-- bench:law-rules:end -->"


def nci() -> list[Chem.Mol]:
    path = Path(RDConfig.RDDataDir) / "NCI" / "first_5K.smi"
    with rdBase.BlockLogs():
        mols = [
            Chem.MolFromSmiles(line.split()[0])
            for line in path.read_text().splitlines()
            if line.strip()
        ]
    return [m for m in mols if m is not None]


def class_members() -> list[Chem.Mol]:
    """Every SMILES quoted in tests/law/test_rules_*.py: class members, near misses and decoys."""
    found = set()
    for path in sorted((ROOT / "tests" / "law").glob("test_rules_*.py")):
        found.update(re.findall(r'"([^"\s]{8,})"', path.read_text()))
    with rdBase.BlockLogs():
        mols = [Chem.MolFromSmiles(s) for s in sorted(found)]
    return [m for m in mols if m is not None and m.GetNumAtoms() >= 8]


def library(n: int) -> list[Chem.Mol] | None:
    try:
        from bench.chem_library import load, path_for
    except ImportError:
        return None
    if not path_for().exists():
        return None
    return [m for s in load(n) if (m := Chem.MolFromSmiles(s)) is not None]


def run(mols: list[Chem.Mol], repeats: int = 3) -> dict:
    """Best-of-``repeats`` CPU time for every rule on every molecule; per-rule totals."""
    best, per_rule, hits = None, Counter(), Counter()
    for rep in range(repeats):
        fresh = [Chem.Mol(m) for m in mols]  # no screen memo carried over between repeats
        t0 = time.process_time()
        for m in fresh:
            for r in RULES:
                r.match(m)
        dt = time.process_time() - t0
        best = dt if best is None else min(best, dt)
    for r in RULES:  # each rule alone on fresh copies: its own cost, shared screens not shared
        fresh = [Chem.Mol(m) for m in mols]
        t0 = time.process_time()
        for m in fresh:
            if (x := r.match(m)) is not None:
                hits[(r.id, x.verdict)] += 1
        per_rule[r.id] = time.process_time() - t0
    return {"n": len(mols), "cpu": best, "per_rule": per_rule, "hits": hits}


def reference(mols: list[Chem.Mol]) -> float:
    """µs per molecule of one trivial substructure test ([#6]): the machine's floor per SMARTS."""
    q = Chem.MolFromSmarts("[#6]")
    best = None
    for _ in range(3):
        t0 = time.process_time()
        for m in mols:
            m.HasSubstructMatch(q)
        dt = time.process_time() - t0
        best = dt if best is None else min(best, dt)
    return best / len(mols) * 1e6


def table(name: str, res: dict) -> str:
    us = res["cpu"] / res["n"] * 1e6
    top = ", ".join(f"{k} {v / res['n'] * 1e6:.1f}" for k, v in res["per_rule"].most_common(4))
    fired = sum(v for (_, _), v in res["hits"].items())
    return f"| {name} | {res['n']:,} | **{us:.1f} µs** | {1e6 / us:,.0f} | {fired:,} | {top} |"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument(
        "--n", type=int, default=20_000, help="library rows to time (if the cache exists)"
    )
    ap.add_argument("--no-readme", action="store_true")
    args = ap.parse_args(argv)
    sample = nci()
    floor = reference(sample)
    first = run(sample)
    rows_cost = [first["cpu"] / first["n"] * 1e6]
    rows = [table("RDKit NCI first_5K (typical, non-matching)", first)]
    members = class_members()
    rows.append(
        table("SMILES of tests/law/test_rules_*.py (class members and near misses)", run(members))
    )
    lib = library(args.n)
    if lib:
        rows.append(
            table(f"bench/chem_library.py first {len(lib):,} (class-rich)", run(lib, repeats=1))
        )
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    block = "\n".join(
        [
            BEGIN,
            f"Run {time.strftime('%Y-%m-%d %H:%M')}: {os.cpu_count()} CPUs, load average {load}; "
            f"Python {platform.python_version()}, RDKit {rdBase.rdkitVersion}; {len(RULES)} rules; one core, "
            "CPU time, molecules parsed beforehand, best of 3 (library: 1 run). "
            f"Reference: one trivial SMARTS test (`[#6]`) costs {floor:.1f} µs per molecule in the same run; "
            f"all rules together cost {rows_cost[0] / floor:.0f} such tests, a ratio far less sensitive to load.",
            "",
            "| set | structures | all rules, per structure | structures/s (one core) | rule hits | slowest rules alone (µs/structure) |",
            "|---|---:|---:|---:|---:|---|",
            *rows,
            END,
        ]
    )
    print(block)
    if not args.no_readme:
        text = README.read_text()
        if BEGIN in text:
            text = re.sub(
                re.escape(BEGIN) + ".*?" + re.escape(END), lambda _: block, text, flags=re.S
            )
        else:
            text = (
                text.rstrip("\n") + "\n\n## Generic legal rules (nadd.law.rules)\n\n" + block + "\n"
            )
        README.write_text(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
