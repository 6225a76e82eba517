"""Detection benchmark: many weekly series through EARS C1-C3 (and farringtonFlexible), series/s.

A seeded generator makes ``--series`` weekly count series of ``--years`` years; every method
monitors the last ``--monitor`` weeks of each, through ``nadd.detect.engines``:

* ``local``: LocalEngine on ONE core - a child process pinned with ``taskset -c 0`` and
  OMP/OpenBLAS/MKL threads = 1;
* ``spark``: SparkEngine on a local Spark (``--master local[2]``); session start and a warm-up
  job are timed apart and not counted.

The times are end to end from the long pandas frame to the results frame (batch planning and,
for Spark, the pandas -> Spark -> pandas transfers included), best of ``--repeat``. The run
checks that both engines give bit-identical results and fails otherwise.

    .venv/bin/python bench/detect_bench.py                       # 2,000 x 6 years, both engines
    .venv/bin/python bench/detect_bench.py --series 500 --engines local --readme -
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
import pandas as pd  # noqa: E402

from nadd.detect import list_methods  # noqa: E402
from nadd.detect.engines import BATCH_SIZE, LocalEngine  # noqa: E402

METHODS = ("ears-c1", "ears-c2", "ears-c3", "farrington-flexible")
ONE_THREAD = {k: "1" for k in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS",
                               "NUMEXPR_NUM_THREADS", "VECLIB_MAXIMUM_THREADS")}
BEGIN, END = "<!-- bench:detect:begin -->", "<!-- bench:detect:end -->"


def weekly_series(n_series: int, years: int, seed: int) -> pd.DataFrame:
    """Seeded weekly counts: level, yearly season, slow trend, ~5% with a late outbreak."""
    rng = np.random.default_rng(seed)
    n = 52 * years
    t = np.arange(n)
    level = rng.lognormal(np.log(20), 1.0, n_series)[:, None]
    phase = rng.uniform(0, 2 * np.pi, n_series)[:, None]
    season = 1 + rng.uniform(0, 0.5, n_series)[:, None] * np.sin(2 * np.pi * t / 52 + phase)
    trend = 1 + rng.normal(0, 0.05, n_series)[:, None] * t / 52
    mean = np.clip(level * season * trend, 0.1, None)
    outbreak = rng.random(n_series) < 0.05
    mean[outbreak, -6:] *= rng.uniform(2, 5, outbreak.sum())[:, None]
    x = rng.poisson(mean).astype(float)
    return pd.DataFrame({"series_id": np.repeat([f"w{i:05d}" for i in range(n_series)], n),
                         "t": np.tile(t, n_series), "observed": x.reshape(-1), "freq": 52,
                         "start": 1})


def time_runs(engine, methods, frame, monitor, repeat) -> tuple[dict, dict]:
    seconds, results = {}, {}
    for m in methods:
        best = float("inf")
        for _ in range(repeat):
            t0 = time.perf_counter()
            out = engine.run(m, {}, frame, monitor_last=monitor)
            best = min(best, time.perf_counter() - t0)
        seconds[m], results[m] = best, out
    return seconds, results


def local_part(args, workdir: Path) -> None:
    """In the pinned child: LocalEngine times, results kept for the identity check."""
    frame = weekly_series(args.series, args.years, args.seed)
    seconds, results = time_runs(LocalEngine(), args.methods, frame, args.monitor, args.repeat)
    for m, out in results.items():
        out.results.to_parquet(workdir / f"{m}.parquet")
    (workdir / "local.json").write_text(json.dumps(seconds))


def run_local(args, workdir: Path) -> dict:
    cmd = [sys.executable, __file__, "--part", "local", "--workdir", str(workdir),
           "--series", str(args.series), "--years", str(args.years), "--seed", str(args.seed),
           "--monitor", str(args.monitor), "--repeat", str(args.repeat),
           "--methods", ",".join(args.methods)]
    if shutil.which("taskset"):
        cmd = ["taskset", "-c", "0", *cmd]
    subprocess.run(cmd, check=True, env={**os.environ, **ONE_THREAD})
    return json.loads((workdir / "local.json").read_text())


def run_spark(args, workdir: Path) -> tuple[dict, float, bool]:
    from nadd.detect._spark import SparkEngine, local_session

    t0 = time.perf_counter()
    session = local_session(args.master, partitions=8)
    engine = SparkEngine(session)
    frame = weekly_series(args.series, args.years, args.seed)
    engine.run("ears-c1", {}, frame[frame["series_id"] < "w00050"], monitor_last=args.monitor)
    startup = time.perf_counter() - t0
    seconds, results = time_runs(engine, args.methods, frame, args.monitor, args.repeat)
    identical = True
    for m, out in results.items():
        path = workdir / f"{m}.parquet"
        if path.exists():
            local = pd.read_parquet(path).astype({"series_id": str})
            pd.testing.assert_frame_equal(local, out.results, check_exact=True)
    session.stop()
    return seconds, startup, identical


def machine() -> dict[str, str]:
    def sh(cmd: str) -> str:
        try:
            return subprocess.run(cmd, shell=True, capture_output=True, text=True,
                                  timeout=10).stdout.strip()
        except Exception:  # noqa: BLE001
            return "?"

    info = {"date": datetime.now().strftime("%Y-%m-%d %H:%M"), "cpus": sh("nproc"),
            "cpu": sh("grep -m1 'model name' /proc/cpuinfo | cut -d: -f2").strip(),
            "load": sh("cut -d' ' -f1-3 /proc/loadavg"), "python": platform.python_version(),
            "numpy": np.__version__, "pandas": pd.__version__,
            "java": sh("java -version 2>&1 | head -1")}
    try:
        import pyspark

        info["pyspark"] = pyspark.__version__
    except ImportError:
        info["pyspark"] = "not installed"
    return info


def render(args, info, local, spark, startup, identical) -> str:
    n = args.series
    lines = [
        f"Run {info['date']}: {info['cpus']} CPUs ({info['cpu']}), load average before the run "
        f"{info['load']}; Python {info['python']}, numpy {info['numpy']}, pandas "
        f"{info['pandas']}, pyspark {info['pyspark']}, {info['java']}. {n:,} weekly series x "
        f"{args.years} years ({52 * args.years} weeks), last {args.monitor} weeks monitored "
        f"({n * args.monitor:,} points per method); batch_size {BATCH_SIZE}; best of "
        f"{args.repeat}.",
        "",
        "| method | local, 1 core: s | local: series/s | spark " + args.master
        + ": s | spark: series/s | R surveillance: series/s |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for m in args.methods:
        cells = []
        for d in (local, spark):
            cells += ([f"{d[m]:.2f}", f"**{n / d[m]:,.0f}**"] if m in d else ["-", "-"])
        lines.append(f"| {m} | " + " | ".join(cells) + " | (R comparison: to come) |")
    if spark:
        lines += ["", f"Spark session start plus a warm-up job (not counted above): "
                      f"{startup:.1f} s. Results identical to the local engine (bit for bit, "
                      f"every method): {'yes' if identical else 'NO'}."]
    return "\n".join(lines)


def update_readme(readme: Path, block: str) -> None:
    text = readme.read_text(encoding="utf-8")
    if BEGIN not in text:
        text += f"\n{BEGIN}\n{END}\n"
    text = re.sub(f"{re.escape(BEGIN)}.*?{re.escape(END)}",
                  lambda _m: f"{BEGIN}\n{block}\n{END}", text, flags=re.S)
    readme.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--series", type=int, default=2000)
    ap.add_argument("--years", type=int, default=6)
    ap.add_argument("--monitor", type=int, default=52, help="weeks monitored at the end")
    ap.add_argument("--methods", default=",".join(METHODS),
                    help="comma-separated; methods not registered are left out")
    ap.add_argument("--engines", default="local,spark")
    ap.add_argument("--master", default="local[2]")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--seed", type=int, default=20261128)
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "out" / "detect.json")
    ap.add_argument("--readme", type=Path, default=ROOT / "bench" / "README.md",
                    help="file whose Detection block is rewritten; - for none")
    ap.add_argument("--part", choices=["local"], help=argparse.SUPPRESS)
    ap.add_argument("--workdir", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    args.methods = [m for m in args.methods.split(",") if m in list_methods()]
    if args.part == "local":
        local_part(args, args.workdir)
        return 0
    info = machine()
    engines = args.engines.split(",")
    local, spark, startup, identical = {}, {}, 0.0, True
    with tempfile.TemporaryDirectory(prefix="nadd-detect-bench-") as tmp:
        if "local" in engines:
            local = run_local(args, Path(tmp))
            print("local (1 core):", {m: f"{args.series / s:,.0f} series/s"
                                      for m, s in local.items()})
        if "spark" in engines:
            spark, startup, identical = run_spark(args, Path(tmp))
            print(f"spark {args.master}:", {m: f"{args.series / s:,.0f} series/s"
                                            for m, s in spark.items()})
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"machine": info, "series": args.series, "years": args.years,
                                    "monitor": args.monitor, "local_s": local, "spark_s": spark,
                                    "spark_startup_s": startup, "identical": identical},
                                   indent=2))
    block = render(args, info, local, spark, startup, identical)
    print(block)
    if str(args.readme) != "-":
        update_readme(args.readme, block)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
