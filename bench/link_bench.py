"""Record linkage benchmark: link ~1,000,000 SYNTHETIC party records on DuckDB and on Spark.

    .venv/bin/python bench/link_bench.py                          # 1M records, both engines
    .venv/bin/python bench/link_bench.py --records 30000 --engines duckdb --readme -

Data: nadd.link.synthetic.sample_parties (the generator's entity sampler + the noise model),
records / 3 entities, cached as Parquet in bench/out/. Each engine runs in a child process
(``--child``) so that its wall time and peak memory (resident set of the child and its
descendants, the Spark JVM included, sampled every 0.2 s with psutil) are its own.
Results go to bench/out/link.json and between the bench:link markers of bench/README.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
BEGIN, END = "<!-- bench:link:begin -->", "<!-- bench:link:end -->"
sys.path.insert(0, str(ROOT))


def data(records: int, seed: int) -> Path:
    """The Parquet files of ``records`` party records and their truth (built once)."""
    import pandas as pd

    from nadd.link.synthetic import sample_parties

    path = OUT / f"link_parties_{records}_s{seed}.parquet"
    if not path.exists():
        OUT.mkdir(parents=True, exist_ok=True)
        t0 = time.perf_counter()
        parties, truth = sample_parties(max(1, records // 3), seed=seed)
        parties.to_parquet(path, index=False)
        truth.to_parquet(path.with_suffix(".truth.parquet"), index=False)
        print(f"data: {len(parties):,} records in {time.perf_counter() - t0:.0f} s -> {path}")
        del parties, truth
    n = len(pd.read_parquet(path, columns=["record_id"]))
    print(f"data: {n:,} records ({path.name})")
    return path


def child(engine: str, path: Path, threads: int, out: Path) -> None:
    """One linkage run (in its own process); writes its numbers to ``out``."""
    import pandas as pd

    from nadd.link import link, pairwise_metrics

    parties = pd.read_parquet(path)
    truth = pd.read_parquet(path.with_suffix(".truth.parquet"))
    t0 = time.perf_counter()
    result = link(parties, engine=engine, threads=threads,
                  progress=lambda m: print(f"  {time.perf_counter() - t0:7.1f} s  {m}", flush=True))
    wall = time.perf_counter() - t0
    result.clusters.to_parquet(OUT / f"link_clusters_{engine}.parquet", index=False)
    m = pairwise_metrics(result.clusters, truth)
    out.write_text(json.dumps({
        "engine": engine, "records": result.n_records, "pairs": result.n_pairs_scored,
        "links": result.n_links, "clusters": int(result.clusters["cluster_id"].nunique()),
        "seconds": wall, "steps": result.seconds, "precision": m["precision"],
        "recall": m["recall"], "f1": m["f1"]}))


def measure(engine: str, path: Path, threads: int, timeout: float) -> dict:
    """Run ``child`` for ``engine`` and sample the memory of its process tree."""
    import psutil

    out = OUT / f"link_{engine}.json.part"
    out.unlink(missing_ok=True)
    cmd = [sys.executable, __file__, "--child", engine, "--data", str(path),
           "--threads", str(threads), "--child-out", str(out)]
    t0 = time.perf_counter()
    env = dict(os.environ)
    env.setdefault("NADD_SPARK_DRIVER_MEMORY", "4g")  # a million rows cross pandas <-> JVM
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env)
    peak = 0
    cpu: dict[int, float] = {}  # last CPU seconds (user + system) seen per process of the tree
    ps = psutil.Process(proc.pid)
    while proc.poll() is None:
        rss = 0
        try:
            for p in [ps, *ps.children(recursive=True)]:
                with p.oneshot():
                    rss += p.memory_info().rss
                    t = p.cpu_times()
                    cpu[p.pid] = t.user + t.system
        except psutil.Error:
            pass
        peak = max(peak, rss)
        if time.perf_counter() - t0 > timeout:
            proc.kill()
            return {"engine": engine, "error": f"stopped after {timeout:.0f} s",
                    "peak_rss_mb": peak / 2**20, "process_seconds": timeout,
                    "cpu_seconds": sum(cpu.values())}
        time.sleep(0.2)
    wall = time.perf_counter() - t0
    if proc.returncode != 0 or not out.exists():
        return {"engine": engine, "error": f"exit code {proc.returncode}",
                "peak_rss_mb": peak / 2**20, "process_seconds": wall,
                "cpu_seconds": sum(cpu.values())}
    res = json.loads(out.read_text())
    out.unlink()
    res.update(peak_rss_mb=peak / 2**20, process_seconds=wall, cpu_seconds=sum(cpu.values()),
               load_after=os.getloadavg())
    return res


def render(results: list[dict], records: int, threads: int, load: tuple) -> str:
    import duckdb
    import splink

    head = (f"Run {datetime.now():%Y-%m-%d %H:%M}: {os.cpu_count()} CPUs, {threads} used; load "
            f"average before the run {' '.join(f'{x:.2f}' for x in load)} (shared machine); "
            f"Python {platform.python_version()}, splink {splink.__version__}, "
            f"duckdb {duckdb.__version__}. {records:,} SYNTHETIC party records requested.")
    columns = ("| engine | records | pairs scored | links | clusters | precision | recall | F1 | "
               "prepare s | train s | start+load s | score s | cluster s | total wall s | "
               "CPU s | peak RSS MB | load after |")
    lines = [head, "", columns, "|---|" + "---:|" * 16]
    for r in results:
        cpu = f"{r.get('cpu_seconds', 0):.0f}"
        if "error" in r:
            lines.append(f"| {r['engine']} | {r['error']} | | | | | | | | | | | | "
                         f"{r.get('process_seconds', 0):.0f} | {cpu} | {r['peak_rss_mb']:,.0f} | |")
            continue
        s = r["steps"]
        lines.append(
            f"| {r['engine']} | {r['records']:,} | {r['pairs']:,} | {r['links']:,} | "
            f"{r['clusters']:,} | {r['precision']:.4f} | {r['recall']:.4f} | {r['f1']:.4f} | "
            + " | ".join(f"{s.get(k, 0):.0f}" for k in ("prepare", "train", "load", "predict",
                                                        "cluster"))
            + f" | **{r['process_seconds']:.0f}** | {cpu} | {r['peak_rss_mb']:,.0f} | "
            f"{r['load_after'][0]:.1f} |")
    lines += ["", ("Total wall: child process start to exit (imports, Parquet read, "
                   "normalisation, Spark start included). CPU s: user + system seconds of the child and "
                   "its descendants (the JVM included); a wall time well above CPU s / 2 means the "
                   "2 shared cores were busy with other work. Target: under 600 s on 2 cores.")]
    return "\n".join(lines)


def compare(results: list[dict]) -> str:
    """Whether the engines of this run made the identical clusters (names included)."""
    import pandas as pd

    done = [r["engine"] for r in results if "error" not in r]
    if len(done) < 2:
        return ""
    a, b = (pd.read_parquet(OUT / f"link_clusters_{e}.parquet") for e in done[:2])
    m = a.merge(b, on="record_id", how="outer", suffixes=("_a", "_b"))
    differ = int((m["cluster_id_a"] != m["cluster_id_b"]).sum())
    verdict = "identical" if differ == 0 else f"NOT identical: {differ:,} records differ"
    return (f"\n\nClusters of {done[0]} and {done[1]} compared record by record "
            f"({len(m):,} records): **{verdict}**.")


def write_readme(text: str, readme: Path) -> None:
    doc = readme.read_text()
    if BEGIN not in doc:
        raise SystemExit(f"{readme} has no {BEGIN} marker")
    head, rest = doc.split(BEGIN, 1)
    tail = rest.split(END, 1)[1]
    readme.write_text(f"{head}{BEGIN}\n{text}\n{END}{tail}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--records", type=int, default=1_000_000)
    ap.add_argument("--engines", default="duckdb,spark")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--seed", type=int, default=20261128)
    ap.add_argument("--timeout", type=float, default=1800)
    ap.add_argument("--readme", default=str(ROOT / "bench" / "README.md"), help="'-' for none")
    ap.add_argument("--child")
    ap.add_argument("--data")
    ap.add_argument("--child-out")
    a = ap.parse_args()
    if a.child:
        child(a.child, Path(a.data), a.threads, Path(a.child_out))
        return
    load = os.getloadavg()
    path = data(a.records, a.seed)
    results = []
    for engine in a.engines.split(","):
        print(f"{engine}:")
        results.append(measure(engine, path, a.threads, a.timeout))
        print(json.dumps(results[-1], indent=1))
    (OUT / "link.json").write_text(json.dumps(results, indent=1))
    text = render(results, a.records, a.threads, load) + compare(results)
    print(text)
    if a.readme != "-":
        write_readme(text, Path(a.readme))


if __name__ == "__main__":
    main()
