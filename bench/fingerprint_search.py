"""Fingerprint screening: nadd's packed bit-sliced index vs RDKit BulkTanimotoSimilarity, 1M structures.

The library is ``bench/chem_library.py`` (seeded, >= 1M distinct drug-like structures); its
Morgan fingerprints (radius 2, 2,048 bits) are cached as ``bench/out/fingerprints_<n>.npz``.
``--queries`` structures (a few real drugs, then a seeded sample of the library) are screened
against all ``--n`` fingerprints, in a child process pinned to ONE core (``taskset -c 0``,
OMP/OpenBLAS/MKL threads = 1):

* **nadd, all similarities**: ``FingerprintIndex.similarities`` (every Tanimoto, in row order);
* **nadd, top-10** and **nadd, >= 0.7**: ``FingerprintIndex.search`` (what an analogue query does);
* **RDKit**: ``DataStructs.BulkTanimotoSimilarity`` on the same fingerprints as ExplicitBitVects
  (converted before timing), on the first ``--rdkit-queries`` queries.

The run fails unless every RDKit similarity equals nadd's exactly (float64, bit for bit) and every
top-10 / threshold hit list equals the one sorted out of RDKit's numbers. Rates are comparisons
(query x library row) per second of CPU time (the machine is shared; wall time in brackets).

    .venv/bin/python bench/fingerprint_search.py                      # 1,000,000 x 100 queries
    .venv/bin/python bench/fingerprint_search.py --n 100000 --queries 20 --readme -
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

from bench import chem_library  # noqa: E402
from nadd.chem.similarity import FingerprintIndex, fingerprint_smiles, to_bitvects  # noqa: E402

ONE_THREAD = {k: "1" for k in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS",
                               "NUMEXPR_NUM_THREADS", "VECLIB_MAXIMUM_THREADS")}
BEGIN, END = "<!-- bench:fingerprint-search:begin -->", "<!-- bench:fingerprint-search:end -->"
DRUGS = {  # real queries first: analogue questions look like these
    "fentanyl": "CCC(=O)N(c1ccccc1)C1CCN(CCc2ccccc2)CC1",
    "isotonitazene": "CCN(CC)CCn1c(Cc2ccc(OC(C)C)cc2)nc2cc([N+](=O)[O-])ccc21",
    "mephedrone": "CNC(C)C(=O)c1ccc(C)cc1",
    "bromazolam": "Cc1nnc2n1-c1ccc(Br)cc1C(c1ccccc1)=NC2",
    "MDMB-4en-PINACA": "COC(=O)C(NC(=O)c1nn(CCCC=C)c2ccccc12)C(C)(C)C",
    "psilocin": "CN(C)CCc1c[nH]c2cccc(O)c12",
}


def fps_path(n: int, seed: int) -> Path:
    return ROOT / "bench" / "out" / f"fingerprints_{chem_library.VERSION}_s{seed}_{n}.npz"


def library_fps(n: int, seed: int, processes: int) -> Path:
    """Fingerprints of the first ``n`` library structures, cached."""
    path = fps_path(n, seed)
    if not path.exists():
        t0 = time.perf_counter()
        smiles = chem_library.load(n, seed=seed)
        fps = fingerprint_smiles(smiles, processes=processes, source="chem_library")
        FingerprintIndex(fps).save(path)
        print(f"fingerprinted {n:,} structures in {time.perf_counter() - t0:.0f} s -> {path}")
    return path


def tiled(path: Path, n: int, workdir: Path) -> Path:
    """``n`` rows made by repeating the fingerprints in ``path`` (``--distinct`` < ``--n``)."""
    fps = FingerprintIndex.load(path).fps
    out = workdir / f"tiled_{n}.npz"
    FingerprintIndex(np.resize(fps, (n, fps.shape[1]))).save(out)
    return out


def queries(index: FingerprintIndex, count: int, seed: int) -> np.ndarray:
    real = fingerprint_smiles(list(DRUGS.values()))
    rng = np.random.default_rng(seed + 2)
    picked = index.fps[rng.choice(len(index), size=max(0, count - len(real)), replace=False)]
    return np.concatenate([real, picked])[:count]


def clock(fn, *args):
    c0, w0 = time.process_time(), time.perf_counter()
    out = fn(*args)
    return out, time.process_time() - c0, time.perf_counter() - w0


def expected_hits(sims: np.ndarray, k: int | None, threshold: float) -> list[tuple[int, float]]:
    order = np.lexsort((np.arange(len(sims)), -sims))
    order = order[sims[order] >= threshold]
    return [(int(r), float(sims[r])) for r in (order if k is None else order[:k])]


def single_core(args) -> dict:
    """In the pinned child: every timing, and the identity checks."""
    from rdkit import DataStructs

    index = FingerprintIndex.load(args.fps_path)
    n = len(index)
    qs = queries(index, args.queries, args.seed)
    res: dict = {"n": n, "queries": len(qs), "distinct": args.distinct or n}
    _, res["index_cpu"], res["index_wall"] = clock(index._prepared)
    sims, res["all_cpu"], res["all_wall"] = clock(lambda: [index.similarities(q) for q in qs])
    top, res["top10_cpu"], res["top10_wall"] = clock(lambda: [index.search(q, k=10) for q in qs])
    thr, res["t07_cpu"], res["t07_wall"] = clock(
        lambda: [index.search(q, k=None, threshold=0.7) for q in qs])
    res["t07_hits"] = sum(len(h) for h in thr)
    bvs = to_bitvects(index.fps)  # not timed: RDKit's own objects for the same fingerprints
    m = min(args.rdkit_queries, len(qs))
    qbv = to_bitvects(qs[:m])
    ref, res["rdkit_cpu"], res["rdkit_wall"] = clock(
        lambda: [DataStructs.BulkTanimotoSimilarity(q, bvs) for q in qbv])
    res["rdkit_queries"] = m
    mismatches = 0
    for i in range(m):
        r = np.array(ref[i])
        mismatches += int((r != sims[i]).sum())
        if top[i] != expected_hits(r, 10, 0.0) or thr[i] != expected_hits(r, None, 0.7):
            mismatches += 1
    res["mismatches"] = mismatches
    res["best_analogue"] = {name: top[i][1] for i, name in enumerate(DRUGS) if i < len(qs)}
    return res


def run_pinned(args, workdir: Path) -> dict:
    out = workdir / "single.json"
    cmd = [sys.executable, __file__, "--part", "single", "--fps-path", str(args.fps_path),
           "--queries", str(args.queries), "--rdkit-queries", str(args.rdkit_queries),
           "--seed", str(args.seed), "--workdir", str(workdir), "--distinct", str(args.distinct)]
    if shutil.which("taskset"):
        cmd = ["taskset", "-c", "0", *cmd]
    subprocess.run(cmd, check=True, env={**os.environ, **ONE_THREAD})
    return json.loads(out.read_text())


def threaded(args) -> dict:
    """search_many on ``--workers`` threads, not pinned (the whole machine)."""
    index = FingerprintIndex.load(args.fps_path)
    index._prepared()
    qs = queries(index, args.queries, args.seed)
    _, _, wall = clock(index.search_many, qs, 10, 0.0)
    _, _, wall_w = clock(lambda: index.search_many(qs, 10, 0.0, workers=args.workers))
    return {"one_wall": wall, "many_wall": wall_w, "workers": args.workers, "n": len(index),
            "queries": len(qs)}


def machine() -> dict[str, str]:
    def sh(cmd: str) -> str:
        try:
            return subprocess.run(cmd, shell=True, capture_output=True, text=True,
                                  timeout=10).stdout.strip()
        except Exception:  # noqa: BLE001
            return "?"

    from rdkit import rdBase

    return {"date": datetime.now().strftime("%Y-%m-%d %H:%M"), "cpus": sh("nproc"),
            "cpu": sh("grep -m1 'model name' /proc/cpuinfo | cut -d: -f2").strip(),
            "load": sh("cut -d' ' -f1-3 /proc/loadavg"), "python": platform.python_version(),
            "numpy": np.__version__, "rdkit": rdBase.rdkitVersion}


def render(info: dict, r: dict, thr: dict | None, fp_seconds: float | None) -> str:
    n, q, m = r["n"], r["queries"], r["rdkit_queries"]

    def rate(comps: int, cpu: float, wall: float) -> str:
        return f"**{comps / cpu / 1e6:,.1f} M** ({comps / wall / 1e6:,.1f} M)"

    rd = n * m / r["rdkit_cpu"]
    rows = [("nadd `similarities` (every Tanimoto)", n * q, r["all_cpu"], r["all_wall"]),
            ("nadd `search(k=10)`", n * q, r["top10_cpu"], r["top10_wall"]),
            ("nadd `search(threshold=0.7)`", n * q, r["t07_cpu"], r["t07_wall"]),
            ("RDKit `BulkTanimotoSimilarity`", n * m, r["rdkit_cpu"], r["rdkit_wall"])]
    lines = [
        f"Run {info['date']}: {info['cpus']} CPUs ({info['cpu']}), load average before the run "
        f"{info['load']}; Python {info['python']}, numpy {info['numpy']}, RDKit {info['rdkit']}. "
        + (f"{n:,} library structures (`bench/chem_library.py`)" if r["distinct"] == n else
           f"{n:,} rows: the first {r['distinct']:,} library structures (`bench/chem_library.py`) "
           f"repeated to fill them (`--distinct`, time-limited run)")
        + ", Morgan radius 2, 2,048 bits; "
        f"{q} queries ({len(DRUGS)} real drugs, then a seeded sample of the library); "
        f"RDKit on the first {m}. One core (`taskset -c 0`, BLAS/OpenMP threads 1).",
        "",
        "| method | comparisons | CPU s | comparisons/s per core: CPU (wall) | vs RDKit |",
        "|---|---:|---:|---:|---:|",
    ]
    for name, comps, cpu, wall in rows:
        lines.append(f"| {name} | {comps:,} | {cpu:.2f} | {rate(comps, cpu, wall)} | "
                     f"{comps / cpu / rd:.1f}x |")
    lines += ["", f"Identical to RDKit: {'yes' if r['mismatches'] == 0 else 'NO'} "
                  f"({n * m:,} similarities compared exactly, plus the top-10 and >= 0.7 hit "
                  f"lists of those {m} queries; {r['mismatches']} mismatches). Hits >= 0.7 over "
                  f"all queries: {r['t07_hits']:,}. Index build (bit columns, once): "
                  f"{r['index_cpu']:.1f} s CPU."]
    if fp_seconds is not None:
        lines.append(f"Fingerprinting the library (not timed above): {fp_seconds:.0f} s.")
    if thr:
        lines.append(f"`search_many(k=10)` on {thr['workers']} threads, not pinned: "
                     f"{thr['n'] * thr['queries'] / thr['many_wall'] / 1e6:,.1f} M comparisons/s "
                     f"wall vs {thr['n'] * thr['queries'] / thr['one_wall'] / 1e6:,.1f} M on one "
                     f"thread (shared machine).")
    return "\n".join(lines)


def update_readme(readme: Path, block: str) -> None:
    text = readme.read_text(encoding="utf-8")
    if BEGIN not in text:
        text += f"\n{BEGIN}\n{END}\n"
    text = re.sub(f"{re.escape(BEGIN)}.*?{re.escape(END)}",
                  lambda _m: f"{BEGIN}\n{block}\n{END}", text, flags=re.DOTALL)
    readme.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=1_000_000, help="library structures screened")
    ap.add_argument("--distinct", type=int, default=0,
                    help="fingerprint only this many library rows and repeat them to --n (0: all)")
    ap.add_argument("--queries", type=int, default=100)
    ap.add_argument("--rdkit-queries", type=int, default=20, help="queries RDKit also runs")
    ap.add_argument("--workers", type=int, default=2, help="threads for search_many; 0 = skip")
    ap.add_argument("--processes", type=int, default=2, help="for fingerprinting the library")
    ap.add_argument("--seed", type=int, default=chem_library.SEED)
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "out" / "fingerprint_search.json")
    ap.add_argument("--readme", type=Path, default=ROOT / "bench" / "README.md",
                    help="file whose results block is rewritten; - for none")
    ap.add_argument("--part", choices=["single"], help=argparse.SUPPRESS)
    ap.add_argument("--fps-path", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--workdir", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.part == "single":
        (args.workdir / "single.json").write_text(json.dumps(single_core(args)))
        return 0
    info = machine()
    distinct = args.distinct or args.n
    fp_seconds = None if fps_path(distinct, args.seed).exists() else time.perf_counter()
    args.fps_path = library_fps(distinct, args.seed, args.processes)
    fp_seconds = fp_seconds and time.perf_counter() - fp_seconds
    with tempfile.TemporaryDirectory(prefix="nadd-fp-bench-") as tmp:
        if distinct < args.n:
            args.fps_path = tiled(args.fps_path, args.n, Path(tmp))
        single = run_pinned(args, Path(tmp))
        thr = threaded(args) if args.workers > 1 else None
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"machine": info, "single": single, "threads": thr,
                                    "fingerprint_s": fp_seconds}, indent=2))
    block = render(info, single, thr, fp_seconds)
    print(block)
    if str(args.readme) != "-":
        update_readme(args.readme, block)
    return 0 if single["mismatches"] == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
