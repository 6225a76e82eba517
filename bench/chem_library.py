"""A seeded library of >= 1,000,000 valid, distinct, drug-like structures for the chemistry benchmarks.

Combinatorial: scaffold templates of the families the substance check cares about (fentanyls,
nitazenes, cathinones, phenethylamines, benzodiazepines, tryptamines, cannabinoids,
arylcyclohexylamines) and generic drug-like cores (aryl piperazines, benzamides, sulfonamides,
beta-blocker and SSRI-like ethers, biaryls, ureas, heteroaryl amines), each with substituent sets
at several positions. A seeded sample of every template's combinations is parsed and sanitised
by RDKit, written as canonical SMILES, deduplicated, filtered (8-60 heavy atoms, mass <= 700) and
shuffled, so the first n rows are a mixed sample of every family. Cached as
``bench/out/chem_library_<version>_s<seed>.tsv.gz`` (columns ``smiles``, ``family``; not committed).

    .venv/bin/python bench/chem_library.py            # build (minutes; progress bar), print a summary
    from bench.chem_library import load; smiles = load(100_000)
"""

from __future__ import annotations

import argparse
import gzip
import re
import sys
import time
from collections import Counter
from math import prod
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
VERSION = "v1"
SEED = 20261128
TARGET = 1_050_000  # a margin over one million after deduplication

# ---------------------------------------------------------------- substituents
# "" is hydrogen. In a template, {x} puts the substituent in a branch "(...)" after the atom
# before it; <x> writes it inline (never empty). Ring digits in substituents are renumbered.
AR = ["", "F", "Cl", "Br", "I", "C", "CC", "OC", "OCC", "C(F)(F)F", "OC(F)(F)F", "C#N",
      "[N+](=O)[O-]", "N(C)C", "O", "SC", "S(C)(=O)=O", "C(C)=O", "C(=O)OC", "C1CC1"]
AR8 = ["", "F", "Cl", "Br", "C", "OC", "C(F)(F)F", "O"]
AR5 = ["", "F", "Cl", "C", "OC"]
ALK = ["", "C", "CC", "CCC", "C(C)C", "CCCC", "CC=C", "CC#C", "CC1CC1", "C1CC1", "CCO", "CCOC",
       "Cc1ccccc1", "CC(C)C", "C1CCCC1"]
ALK1 = ALK[1:]
ACYL = ["C", "CC", "CCC", "C(C)C", "C1CC1", "C1CCC1", "COC", "c1ccco1", "C=C", "CC(C)C",
        "c1ccccc1", "C(F)(F)F", "OC", "C(C)CC", "C1CCCC1", "CCOC"]
FENT_TAIL = ["CCc1ccccc1", "CCc1cccs1", "CC(O)c1ccccc1", "CCC(=O)OC", "CCn1nnn(CC)c1=O",
             "CCc1ccccn1", "CC(C)c1ccccc1", "CCc1ccc(F)cc1", "CCCc1ccccc1", "Cc1ccccc1",
             "CCOc1ccccc1", "CCc1ccc(O)cc1", "CCC", "CCc1ccc(Cl)cc1"]
PIP = ["", "C", "CC", "COC", "C(=O)OC"]
NIT_TAIL = ["CCN(CC)CC", "CCN(C)CC", "C1CCN(C1)CC", "C1CCCN(C1)CC", "C1COCCN1CC", "CCCN(CC)CC",
            "CC(C)N(CC)CC", "CCNCC", "CN(C)CC", "CCN(CC)CCC"]
NIT_ALK = ["OCC", "OC", "OCCC", "OC(C)C", "Cl", "F", "C", "", "OCCCC", "SC", "C(F)(F)F", "Br",
           "OCCOC"]
NIT_R5 = ["[N+](=O)[O-]", "", "C(F)(F)F", "Cl", "F", "C#N", "C", "OC", "Br", "C(C)=O"]
AMINE = ["N1CCCC1", "N1CCCCC1", "N(C)C", "NC", "NCC", "N(CC)CC", "N", "N1CCOCC1", "NC(C)C",
         "NCCC", "N1CCC1", "N(C)CC"]
CHAIN = ["C", "CC", "CCC", "CCCC", "CCCCC", "C(C)C", "CC(C)C", "Cc1ccccc1", "CCCCCC", "C1CC1"]
BZ_N1 = ["", "C", "CC", "CC#C", "CCN(CC)CC", "CC(F)(F)F", "CC1CC1", "CCO"]
BZ_R7 = ["Cl", "Br", "[N+](=O)[O-]", "F", "C(F)(F)F", "C#N", "", "I", "C", "OC"]
# Inline (<x>) prefixes end with the atom that bonds to the core.
SCRA_TAIL = ["CCCCC", "FCCCCC", "Fc1ccc(cc1)C", "C=CCCC", "N#CCCCC", "C1CCCCC1C", "CCCC",
             "CCCCCC", "ClCCCCC", "C1COCCC1C", "FC(F)(F)CC", "FC(F)(F)CCCCC"]
SCRA_HEAD = ["C(C(N)=O)C(C)C", "C(C(=O)OC)C(C)(C)C", "C(C(=O)OC)C(C)C", "C(C(N)=O)C(C)(C)C",
             "C12CC3CC(CC(C3)C1)C2", "Cc1ccccc1", "C(Cc1ccccc1)C(N)=O", "c1cccc2ccccc12",
             "C(C(=O)OCC)C(C)(C)C", "C1CCCCC1", "c1ccccc1"]
THC_TAIL = ["CCCCC", "CCC", "CCCCCCC", "CCCCCCC(C)(C)", "CCCC", "CCCCCC(C)(C)", "CCCCCC",
            "CCCCCCC1(CC1)", "CC", "CC(C)CCC"]
THC_BRANCH = ["CCCCC", "CCC", "CCCCCCC", "C(C)(C)CCCCCC", "CCCC", "C(C)(C)CCCCC", "CCCCCC",
              "C1(CCCCCC)CC1", "CC", "CCCC(C)C"]
HETARYL = ["c1ccccc1", "c1ncccc1", "c1cccnc1", "c1ccncc1", "c1sccc1", "c1occc1", "c1cncnc1",
           "c1ccc2ccccc2c1", "c1ccc2OCOc2c1", "c1cnc2ccccc2c1", "c1ccc(F)cc1", "c1ccc(Cl)cc1",
           "c1ccc(OC)cc1", "c1ccc(C)cc1", "c1cccc(C(F)(F)F)c1", "c1ccc2[nH]ccc2c1"]

# ---------------------------------------------------------------- templates: (family, SMILES, sets)
TEMPLATES = [
    ("fentanyl", "O=C(<acyl>)N(c1c{o}cc{p}cc1)C1{q}C{m}CN(<tail>)CC1",
     dict(acyl=ACYL, o=AR5, p=AR, q=PIP, m=["", "C"], tail=FENT_TAIL)),
    ("fentanyl", "O=C(<acyl>)N(<ar>)C1CCN(<tail>)CC1{q}",
     dict(acyl=ACYL, ar=HETARYL, tail=FENT_TAIL, q=["", "C", "CC"])),
    ("nitazene", "<tail>n1c(<lnk>c2ccc{alk}cc2)nc2c{r4}c{r5}c{r6}cc21",
     dict(tail=NIT_TAIL, lnk=["C", "CC", "C(C)", "CO"], alk=NIT_ALK, r4=AR5, r5=NIT_R5, r6=AR8)),
    ("nitazene", "<tail>n1c(C<ar>)nc2c{r4}c{r5}ccc21",
     dict(tail=NIT_TAIL, ar=HETARYL, r4=AR5, r5=NIT_R5)),
    ("cathinone", "O=C(c1c{r2}c{r3}c{r4}cc1)C(<alpha>)<amine>",
     dict(r2=AR5, r3=AR8, r4=AR, alpha=CHAIN, amine=AMINE)),
    ("cathinone", "O=C(<ar>)C(<alpha>)<amine>", dict(ar=HETARYL, alpha=CHAIN, amine=AMINE)),
    ("phenethylamine", "N{n1}{n2}C{alpha}C{beta}c1c{r2}c{r3}c{r4}c{r5}c1",
     dict(n1=ALK + ["Cc1ccccc1OC", "Cc1ccccc1O"], n2=["", "C"], alpha=["", "C", "CC"],
          beta=["", "O", "OC", "C"], r2=["", "OC", "OCC", "F", "C"], r3=AR8, r4=AR, r5=AR5)),
    ("phenethylamine", "N{n1}C{alpha}Cc1ccc2c(c1)<ring>",
     dict(n1=ALK, alpha=["", "C", "CC"], ring=["OCO2", "OCCO2", "CCO2", "OC(C)O2", "CCC2", "CCCC2"])),
    ("benzodiazepine", "O=C1C{r3}N=C(c2c{x2}cc{x4}cc2)c2c{r6}c{r7}c{r8}cc2N1{n1}",
     dict(r3=["", "O", "C", "CC", "OC"], x2=["", "F", "Cl", "Br", "C", "C(F)(F)F"], x4=AR8,
          r6=AR5, r7=BZ_R7, r8=AR5, n1=BZ_N1)),
    ("benzodiazepine", "c1{m}nnc2n1-c1ccc{r8}cc1C(c1c{x2}cc{x4}cc1)=NC2{r4}",
     dict(m=["", "C", "CC", "CCC", "C(F)(F)F", "OC"], r8=BZ_R7, x2=["", "F", "Cl", "Br", "C"],
          x4=AR8, r4=["", "C", "O"])),
    ("tryptamine", "N{n1}{n2}C{a}Cc1c{r2}<nind>c2c{r7}c{r6}c{r5}c{r4}c12",
     dict(n1=ALK, n2=["", "C", "CC", "C(C)C", "CCC", "CC=C"], a=["", "C", "CC"], r2=["", "C"],
          nind=["[nH]", "n(C)", "n(CC)", "n(C(C)=O)"], r7=["", "C", "F"], r6=["", "F", "OC"],
          r5=["", "OC", "O", "F", "Br", "C", "Cl"], r4=["", "O", "OC", "OP(=O)(O)O", "OC(C)=O", "F"])),
    ("cannabinoid", "<tail>c1c{a}c{o}c2c(c1{b})OC(C)(C)C1CCC{m}=CC21",
     dict(tail=THC_TAIL, a=AR5, o=["O", "OC", "OC(C)=O", ""], b=AR5,
          m=["C", "CO", "C(=O)O", "CC", "C=O"])),
    ("cannabinoid", "Oc1c{a}c(<tail>)c{b}cc1C1CCCC{h}C1",
     dict(a=AR5, tail=THC_BRANCH, b=AR5, h=["O", "CO", "CCCO", "", "C"])),
    ("cannabinoid", "<tail>n1<x>c(C(=O)N{nm}<head>)c2c{r4}c{r5}c{r6}c{r7}c21",
     dict(tail=SCRA_TAIL, x=["n", "c"], head=SCRA_HEAD, nm=["", "C"], r4=["", "F", "C"],
          r5=AR5, r6=AR5, r7=["", "F", "C"])),
    ("cannabinoid", "<tail>n1c{r2}c(C(=O)<acyl>)c2c{r5}cc{r6}cc21",
     dict(tail=SCRA_TAIL, acyl=["c1cccc2ccccc12", "c1ccc(OC)c2ccccc12", "C1C(C)(C)C1(C)C"]
          + SCRA_HEAD[:4] + ["NC12CC3CC(CC(C3)C1)C2", "Oc1cccc2cccnc12", "Cc1ccccc1OC"],
          r2=["", "C"], r5=AR8, r6=AR5)),
    ("arylcyclohexylamine", "<k>C1CC{c4}CCC1(<amine>)c1c{x2}c{x3}c{x4}cc1",
     dict(k=["O=", ""], c4=["", "C", "O"], amine=AMINE, x2=AR8, x3=AR5, x4=AR8)),
    ("generic", "c1c{r2}c{r3}c{r4}cc1N1CCN{n}CC1",
     dict(r2=AR8, r3=AR, r4=AR, n=ALK + ["C(=O)C", "CCCN1C(=O)c2ccccc2C1=O", "c1ncccn1"])),
    ("generic", "O=C(N{n1}<r>)c1c{a2}c{a3}c{a4}c{a5}c1",
     dict(n1=["", "C", "CC"], r=ALK1 + ["CCN(CC)CC", "C1CCN(C)CC1", "Cc1ccco1", "CCN1CCOCC1"],
          a2=AR5, a3=AR8, a4=AR, a5=AR5)),
    ("generic", "O=S(=O)(N{n1}<r>)c1cc{a3}c{a4}cc1",
     dict(n1=["", "C"], r=ALK1 + HETARYL, a3=AR8, a4=AR)),
    ("generic", "CC(C)NCC(O)COc1c{a2}c{a3}c{a4}cc1",
     dict(a2=AR, a3=AR, a4=AR + ["CC(N)=O", "CCOC", "NC(C)=O"])),
    ("generic", "N{n}CCC(O<ar>)c1cc{a3}c{a4}cc1",
     dict(n=["", "C", "CC"], ar=HETARYL, a3=AR8, a4=AR)),
    ("generic", "<ar>-c1cc{a3}c(C(=O)N{n1}<r>)c{a5}c1",
     dict(ar=HETARYL, a3=AR5, n1=["", "C"], r=ALK1, a5=AR5)),
    ("generic", "O=C(N<r1>)Nc1cc{a3}c{a4}cc1", dict(r1=ALK1 + HETARYL, a3=AR, a4=AR)),
    ("generic", "<ar>Nc1nc{a5}c{a6}c(<r>)n1", dict(ar=HETARYL, a5=AR5, a6=AR5, r=ALK1 + AMINE[:6])),
]
FAMILY_SHARE = {"fentanyl": 0.16, "nitazene": 0.10, "cathinone": 0.11, "phenethylamine": 0.12,
                "benzodiazepine": 0.09, "tryptamine": 0.09, "cannabinoid": 0.11,
                "arylcyclohexylamine": 0.02, "generic": 0.20}

_TOKEN = re.compile(r"\{(\w+)\}|<(\w+)>")
_RING = re.compile(r"(\[[^\]]*\])|%(\d\d)|(\d)")


def _renumber(sub: str, slot: int) -> str:
    """Ring-closure digits of a substituent -> %NN unique to its slot (bracket atoms untouched)."""
    def swap(m: re.Match) -> str:
        if m.group(1) or m.group(2):
            return m.group(0)
        return f"%{10 * (slot + 1) + int(m.group(3))}"
    return _RING.sub(swap, sub)


def compile_template(template: str, sets: dict[str, list[str]]) -> tuple[list[str], list[list[str]]]:
    """Literal pieces between the slots, and each slot's substituents already written out."""
    pieces, slots, at = [], [], 0
    for i, m in enumerate(_TOKEN.finditer(template)):
        pieces.append(template[at:m.start()])
        at = m.end()
        subs = [_renumber(s, i) for s in sets[m.group(1) or m.group(2)]]
        slots.append([f"({s})" if s else "" for s in subs] if m.group(1) else subs)
    pieces.append(template[at:])
    return pieces, slots


def render(template: str, choice: dict[str, str]) -> str:
    """One structure: ``choice`` gives each slot's substituent."""
    pieces, slots = compile_template(template, {k: [v] for k, v in choice.items()})
    return "".join(p + s[0] for p, s in zip(pieces, slots)) + pieces[-1]


def _raw(seed: int, target: int) -> list[tuple[str, str]]:
    """Seeded sample of each template's combinations: (smiles, family)."""
    import numpy as np

    rng = np.random.default_rng(seed)
    by_family: dict[str, list] = {}
    for fam, tpl, sets in TEMPLATES:
        by_family.setdefault(fam, []).append((tpl, sets))
    plan = []  # (family, template, sets, combinations, share of the raw sample)
    for fam, items in by_family.items():
        sizes = [prod(len(v) for v in sets.values()) for _, sets in items]
        plan += [[fam, tpl, sets, size, FAMILY_SHARE[fam] * size / sum(sizes)]
                 for (tpl, sets), size in zip(items, sizes)]
    want = target * 1.25  # margin for duplicates and filters
    takes = [0] * len(plan)
    for _ in range(10):  # water-filling: templates with few combinations give their share away
        free = [i for i, p in enumerate(plan) if takes[i] < p[3]]
        left = want - sum(takes)
        if left < 1 or not free:
            break
        total = sum(plan[i][4] for i in free)
        for i in free:
            takes[i] = min(plan[i][3], takes[i] + round(left * plan[i][4] / total))
    out = []
    for (fam, tpl, sets, size, _), take in zip(plan, takes):
        if not take:
            continue
        pieces, slots = compile_template(tpl, sets)
        picks = np.unravel_index(rng.choice(size, size=take, replace=False),
                                 [len(s) for s in slots])
        columns = [[s[i] for i in idx] for s, idx in zip(slots, picks)]
        for subs in zip(*columns):
            out.append(("".join(p + x for p, x in zip(pieces, subs)) + pieces[-1], fam))
    return out


def _canonical(batch: list[str]) -> list[str | None]:
    from rdkit import Chem, rdBase
    from rdkit.Chem import Descriptors

    res = []
    with rdBase.BlockLogs():
        for smi in batch:
            m = Chem.MolFromSmiles(smi)
            ok = m is not None and 8 <= m.GetNumHeavyAtoms() <= 60 and Descriptors.MolWt(m) <= 700
            res.append(Chem.MolToSmiles(m) if ok else None)
    return res


def path_for(seed: int = SEED) -> Path:
    return OUT / f"chem_library_{VERSION}_s{seed}.tsv.gz"


def build(seed: int = SEED, target: int = TARGET, processes: int = 2) -> Path:
    """Generate, validate, deduplicate, shuffle and write the library; returns its path."""
    from concurrent.futures import ProcessPoolExecutor
    from multiprocessing import get_context

    import numpy as np
    from rich.progress import Progress

    raw = _raw(seed, target)
    step = 5000
    batches = [[s for s, _ in raw[i:i + step]] for i in range(0, len(raw), step)]
    canon: list[str | None] = []
    with Progress(transient=True) as bar, \
            ProcessPoolExecutor(processes, mp_context=get_context("spawn")) as pool:
        task = bar.add_task(f"validating {len(raw):,} structures", total=len(raw))
        for part in pool.map(_canonical, batches):
            canon += part
            bar.advance(task, len(part))
    seen: dict[str, str] = {}
    for smi, (_, fam) in zip(canon, raw):
        if smi is not None and smi not in seen:
            seen[smi] = fam
    rows = list(seen.items())
    order = np.random.default_rng(seed + 1).permutation(len(rows))
    path = path_for(seed)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    with gzip.open(tmp, "wt", encoding="ascii", compresslevel=6) as f:
        f.write("smiles\tfamily\n")
        f.writelines(f"{rows[i][0]}\t{rows[i][1]}\n" for i in order)
    tmp.replace(path)
    return path


def load(n: int | None = None, *, seed: int = SEED, with_family: bool = False) -> list:
    """The first ``n`` structures (all if None) as canonical SMILES, or (smiles, family) pairs;
    builds the cached file first if it is missing."""
    path = path_for(seed)
    if not path.exists():
        build(seed)
    out = []
    with gzip.open(path, "rt", encoding="ascii") as f:
        next(f)
        for line in f:
            if n is not None and len(out) >= n:
                break
            smi, fam = line.rstrip("\n").split("\t")
            out.append((smi, fam) if with_family else smi)
    if n is not None and len(out) < n:
        raise ValueError(f"{path} holds {len(out):,} structures, fewer than the {n:,} asked for")
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seed", type=int, default=SEED)
    ap.add_argument("--target", type=int, default=TARGET, help="structures aimed at (before dedup)")
    ap.add_argument("--processes", type=int, default=2)
    ap.add_argument("--force", action="store_true", help="rebuild even if the file exists")
    args = ap.parse_args(argv)
    path = path_for(args.seed)
    if args.force or not path.exists():
        t0 = time.perf_counter()
        build(args.seed, args.target, args.processes)
        print(f"built {path} in {time.perf_counter() - t0:.0f} s")
    rows = load(seed=args.seed, with_family=True)
    print(f"{len(rows):,} distinct valid structures in {path} ({path.stat().st_size / 2**20:.1f} MiB)")
    for fam, c in Counter(f for _, f in rows).most_common():
        print(f"  {fam:20s} {c:9,d}")
    print("first rows:", *[s for s, _ in rows[:5]], sep="\n  ")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    raise SystemExit(main())
