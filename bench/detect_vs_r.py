"""Detection benchmark: nadd against R's ``surveillance`` on the same 2,000 weekly series.

Methods (same settings on both sides, written out in bench/README.md):

* ``ears-c1``, ``ears-c2``, ``ears-c3``: ``earsC(method = "C1"|"C2"|"C3", baseline = 7)``,
  alpha left to R's default (0.001 for C1/C2, 0.025 for C3);
* ``farrington-flexible``: ``farringtonFlexible`` with R's defaults except the Noufaily
  settings ``noPeriods = 10, populationOffset = FALSE, powertrans = "2/3",
  thresholdMethod = "nbPlugin"`` and ``b`` (R's default 5 needs 5 years + w weeks before the
  first monitored week; 6 years monitored over the last 52 weeks leave 5 years, so ``b = 4``).

Steps: generate the series (``bench.detect_bench.weekly_series``, the seeded generator of the
LocalEngine/Spark bench, same seed same data; ``generate`` below if that module is missing), write them to ``bench/out/detect_series.csv``, time nadd's
``from_settings(name, {...}).run(counts, range=...)`` on one core, run
``taskset -c 0 Rscript bench/detect_vs_r.R`` on the same CSV, compare upper bounds and alarms,
and write series/s and ratios to the "Detection: nadd vs R surveillance" block of
bench/README.md (between ``<!-- bench:detect-vs-r:begin/end -->``).

One core: ``OMP_NUM_THREADS = OPENBLAS_NUM_THREADS = MKL_NUM_THREADS = 1`` is set before numpy
loads and the process pins itself to CPU 0 (``os.sched_setaffinity``); R runs under
``taskset -c 0`` with the same variables. Each timing is the best of ``--repeats`` runs
(default 3), as CPU time (user + system) and wall time.

    .venv/bin/python bench/detect_vs_r.py                          # 2,000 series, everything
    .venv/bin/python bench/detect_vs_r.py --series 200 --ff-r-subset 10 --readme -   # quick
"""

from __future__ import annotations

import os

for _v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_v] = "1"

import argparse  # noqa: E402
import json  # noqa: E402
import platform  # noqa: E402
import re  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from datetime import datetime  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import nadd.detect  # noqa: E402
from nadd.detect import from_settings, list_methods  # noqa: E402

FREQ = 52
START = (2019, 1)                    # sts start: year, week
SEED = 20_261_128
EARS = ("ears-c1", "ears-c2", "ears-c3")
FF = "farrington-flexible"
BEGIN, END = "<!-- bench:detect-vs-r:begin -->", "<!-- bench:detect-vs-r:end -->"
HEADING = "Detection: nadd vs R surveillance"


def settings(b: int) -> dict[str, dict]:
    """nadd settings per method, spelled as R's control lists (range is added per run)."""
    ears = {"baseline": 7}           # alpha: R's default when left out (see EarsC)
    return {
        "ears-c1": ears, "ears-c2": ears, "ears-c3": ears,
        FF: {"b": b, "w": 3, "reweight": True, "weightsThreshold": 2.58, "alpha": 0.05,
             "trend": True, "pThresholdTrend": 0.05, "limit54": (5, 4), "powertrans": "2/3",
             "populationOffset": False, "noPeriods": 10, "pastWeeksNotIncluded": None,
             "thresholdMethod": "nbPlugin", "glmWarnings": False, "freq": FREQ},
    }


# --------------------------------------------------------------------------- data


def generate(n_series: int = 2_000, years: int = 6, seed: int = SEED) -> np.ndarray:
    """Seeded weekly counts, ``n_series x (years * 52)`` floats (whole numbers).

    Per series: a level from 0.3 to 300 cases a week (log-uniform), yearly seasonality
    (amplitude 0-0.8 on the log scale, random phase, half the series with a second harmonic),
    a log-linear trend (-15% to +25% a year), negative-binomial noise (gamma-Poisson, shape
    2-50), and in 30% of the series 1-3 outbreaks of 1-6 weeks adding 2-6 standard
    deviations of the weekly count. No missing weeks. Vectorised; same seed, same data.
    """
    rng = np.random.default_rng(seed)
    n = years * FREQ
    t = np.arange(n)[None, :]
    level = np.exp(rng.uniform(np.log(0.3), np.log(300.0), (n_series, 1)))
    amp = rng.uniform(0.0, 0.8, (n_series, 1))
    phase = rng.uniform(0, 2 * np.pi, (n_series, 1))
    amp2 = rng.uniform(0.0, 0.3, (n_series, 1)) * (rng.random((n_series, 1)) < 0.5)
    trend = np.log1p(rng.uniform(-0.15, 0.25, (n_series, 1))) / FREQ
    omega = 2 * np.pi * t / FREQ
    log_mu = (np.log(level) + amp * np.sin(omega + phase) + amp2 * np.cos(2 * omega + phase)
              + trend * (t - n / 2))
    mu = np.exp(log_mu)
    shape = rng.uniform(2.0, 50.0, (n_series, 1))
    lam = rng.gamma(shape, mu / shape)
    # outbreaks: up to 3 per series, in 30% of series
    extra = np.zeros_like(mu)
    has = rng.random(n_series) < 0.3
    for k in range(3):
        on = has & (rng.random(n_series) < (1.0 if k == 0 else 0.4))
        start = rng.integers(0, n - 1, n_series)
        length = rng.integers(1, 7, n_series)
        size = rng.uniform(2, 6, n_series)
        inside = (t >= start[:, None]) & (t < (start + length)[:, None]) & on[:, None]
        extra += inside * size[:, None] * np.sqrt(mu + mu ** 2 / shape)
    return rng.poisson(lam + extra).astype(float)


def data(n_series: int, years: int, seed: int) -> tuple[np.ndarray, str]:
    """The series: ``bench.detect_bench.weekly_series`` when that module is there (the same
    seed gives the same data as the LocalEngine/Spark bench), else ``generate`` above."""
    try:
        from bench.detect_bench import weekly_series  # noqa: PLC0415 - optional
    except Exception:                    # noqa: BLE001 - missing or broken: use ours
        return generate(n_series, years, seed), f"bench.detect_vs_r.generate(seed={seed})"
    frame = weekly_series(n_series, years, seed)
    frame = frame.sort_values(["series_id", "t"], kind="stable")
    x = frame["observed"].to_numpy(dtype=float).reshape(n_series, years * FREQ)
    return x, f"bench.detect_bench.weekly_series(seed={seed})"


def write_csv(x: np.ndarray, path: Path) -> None:
    """Rows = weeks: ``year, week`` (sts epoch: 52 weeks a year from START) then s0001.."""
    n = x.shape[1]
    year = START[0] + (START[1] - 1 + np.arange(n)) // FREQ
    week = (START[1] - 1 + np.arange(n)) % FREQ + 1
    cols = np.column_stack([year, week, x.T]).astype(np.int64)
    header = ",".join(["year", "week"] + [f"s{i + 1:04d}" for i in range(x.shape[0])])
    np.savetxt(path, cols, fmt="%d", delimiter=",", header=header, comments="")


# --------------------------------------------------------------------------- timing


def best_of(fn, repeats: int) -> tuple[float, float, object]:
    """(best CPU s, best wall s, last result) over ``repeats`` calls."""
    cpu, wall, out = [], [], None
    for _ in range(repeats):
        c0, w0 = time.process_time(), time.perf_counter()
        out = fn()
        cpu.append(time.process_time() - c0)
        wall.append(time.perf_counter() - w0)
    return min(cpu), min(wall), out


def ff_available(wait_s: float) -> tuple[bool, str]:
    """Poll ``list_methods()`` for farrington-flexible up to ``wait_s`` seconds."""
    deadline = time.monotonic() + wait_s
    while True:
        if FF in list_methods():
            return True, "registered in nadd.detect"
        try:   # the module registers itself on import even before __init__ imports it
            import nadd.detect.farrington_flexible  # noqa: F401, PLC0415
            if FF in list_methods():
                return True, "registered by importing nadd.detect.farrington_flexible"
        except Exception:                # noqa: BLE001 - not there yet: keep polling
            pass
        if time.monotonic() >= deadline:
            return False, "not registered"
        time.sleep(30)


def run_nadd(x: np.ndarray, idx: np.ndarray, methods: list[str], b: int, repeats: int,
             out: Path) -> dict[str, dict]:
    res = {}
    for name in methods:
        det = from_settings(name, settings(b)[name])
        cpu, wall, r = best_of(lambda det=det: det.run(x, range=idx), repeats)
        np.save(out / f"nadd_{name}_upperbound.npy", r.upperbound)
        np.save(out / f"nadd_{name}_alarm.npy", r.alarm)
        res[name] = {"n_series": x.shape[0], "cpu_s": cpu, "wall_s": wall,
                     "upperbound": r.upperbound, "alarm": r.alarm}
        print(f"nadd {name:20s} {x.shape[0]:5d} series  best of {repeats}: {cpu:8.3f} s cpu "
              f"{wall:8.3f} s wall  -> {x.shape[0] / cpu:12,.0f} series/s (cpu)", flush=True)
    return res


def run_r(csv: Path, out: Path, repeats: int, ff_subset: int, b: int, n_series: int,
          n_monitor: int) -> dict[str, dict]:
    (out / "monitor.txt").write_text(f"{n_monitor}\n")
    cmd = ["taskset", "-c", "0", "Rscript", str(ROOT / "bench" / "detect_vs_r.R"), str(csv),
           str(out), str(repeats), str(ff_subset), str(b)]
    print("$", " ".join(cmd), flush=True)
    subprocess.run(cmd, check=True, env=os.environ.copy())
    return read_r(out, n_monitor)


def compare(a: dict, r: dict) -> dict:
    """nadd (``a``) vs R (``r``) on R's series (the first ``r['n_series']``)."""
    k = r["n_series"]
    ua, ur = a["upperbound"][:k], r["upperbound"]
    both = ~np.isnan(ua) & ~np.isnan(ur)
    with np.errstate(divide="ignore", invalid="ignore"):
        rel = np.abs(ua - ur) / np.maximum(np.abs(ur), 1e-300)
    rel = np.where(both & (ua == ur), 0.0, rel)
    aa, ar = a["alarm"][:k], r["alarm"]
    same = (aa == ar) | (np.isnan(aa) & np.isnan(ar))
    return {"compared_series": k, "cells": int(ua.size),
            "max_rel_err": float(rel[both].max()) if both.any() else float("nan"),
            "na_mismatch": int((np.isnan(ua) != np.isnan(ur)).sum()),
            "alarm_mismatch": int((~same).sum()),
            "alarms_r": int(np.nansum(ar)), "alarms_nadd": int(np.nansum(aa))}


# --------------------------------------------------------------------------- report


def sh(cmd: str) -> str:
    try:
        return subprocess.run(cmd, shell=True, capture_output=True, text=True).stdout.strip()
    except OSError:
        return "?"


def machine() -> dict[str, str]:
    import scipy  # noqa: PLC0415
    return {
        "date": datetime.now().strftime("%Y-%m-%d %H:%M"),
        "nproc": sh("nproc --all"),
        "cpu": sh("grep -m1 'model name' /proc/cpuinfo | cut -d: -f2").strip(),
        "load": sh("cut -d' ' -f1-3 /proc/loadavg"),
        "python": platform.python_version(),
        "numpy": np.__version__,
        "scipy": scipy.__version__,
        "affinity": ",".join(str(c) for c in sorted(os.sched_getaffinity(0))),
    }


def fmt(v: float, digits: int = 0) -> str:
    return "-" if v is None or not np.isfinite(v) else f"{v:,.{digits}f}"


def report(info: dict, nadd_res: dict, r_res: dict, cmp_res: dict, ff_note: str,
           args: argparse.Namespace, source: str) -> str:
    lines = [
        f"Run {info['date']}: {info['nproc']} CPUs ({info['cpu']}, nproc), load average at start "
        f"{info['load']}, at end {info.get('load_end', '?')}; "
        f"both sides pinned to CPU 0, BLAS/OpenMP threads 1. Python {info['python']}, "
        f"numpy {info['numpy']}, scipy {info['scipy']}; {info.get('r_version', 'R ?')}, "
        f"surveillance {info.get('surveillance', '?')} (BLAS {info.get('blas', '?')}).",
        "",
        f"Data: {args.series:,} weekly series x {args.years} years ({args.years * FREQ} weeks, "
        f"sts start {START[0]} week {START[1]}, freq {FREQ}) from `{source}`; monitored: the "
        f"last {args.monitor} weeks (R `range = {args.years * FREQ - args.monitor + 1}:"
        f"{args.years * FREQ}`). Best of {args.repeats} runs; series/s = series / CPU time "
        f"(user + system) of the call, wall time in brackets.",
        "",
        "| method | nadd series | nadd series/s | R series | R series/s | ratio (CPU) "
        "| ratio (wall) | target | max rel. error upperbound | NA mismatches | "
        "alarm mismatches (alarms R / nadd) |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name in EARS + (FF,):
        a, r, c = nadd_res.get(name), r_res.get(name), cmp_res.get(name)
        target = 100 if name == FF else 1000
        if r is None:
            r_cell = ("-", "-")
        else:
            r_cell = (f"{r['n_series']:,}", f"{fmt(r['n_series'] / r['cpu_s'], 1)} "
                      f"({fmt(r['n_series'] / r['wall_s'], 1)})")
        if a is None:
            lines.append(f"| {name} | pending | pending | {r_cell[0]} | {r_cell[1]} | pending "
                         f"| pending | {target}x | - | - | - |")
            continue
        a_rate = a["n_series"] / a["cpu_s"]
        a_wall = a["n_series"] / a["wall_s"]
        if r is None:
            ratio = ratio_w = float("nan")
        else:
            ratio = a_rate / (r["n_series"] / r["cpu_s"])
            ratio_w = a_wall / (r["n_series"] / r["wall_s"])
        ok = "met" if np.isfinite(ratio) and ratio >= target else "**missed**"
        cmp_cells = ("-", "-", "-") if c is None else (
            f"{c['max_rel_err']:.1e}", f"{c['na_mismatch']}",
            f"{c['alarm_mismatch']} of {c['cells']:,} ({c['alarms_r']} / {c['alarms_nadd']})")
        lines.append(f"| {name} | {a['n_series']:,} | {fmt(a_rate)} ({fmt(a_wall)}) | "
                     f"{r_cell[0]} | {r_cell[1]} | **{fmt(ratio)}x** | {fmt(ratio_w)}x | "
                     f"{target}x: {ok} | {cmp_cells[0]} | {cmp_cells[1]} | {cmp_cells[2]} |")
    forms = [f"{m} {r['multi_cpu_s']:.2f} / {r['loop_cpu_s']:.2f} s"
             for m, r in r_res.items() if "loop_cpu_s" in r]
    if forms:
        lines += ["", "R's EARS rate is the faster of two forms, timed alike: one call on the "
                  "multivariate sts / a loop of calls on univariate sts built beforehand (same "
                  "upper bounds, checked in R); CPU s, best of "
                  f"{args.repeats}: " + "; ".join(forms) + "."]
    if FF in r_res and r_res[FF]["n_series"] < args.series:
        k = r_res[FF]["n_series"]
        lines += ["", f"farringtonFlexible in R was timed on the first {k} of the "
                  f"{args.series:,} series only (about {r_res[FF]['cpu_s'] / k:.2f} s of CPU "
                  f"per series: all {args.series:,} would take "
                  f"~{r_res[FF]['cpu_s'] / k * args.series / 60:.0f} min per run); R's "
                  f"series/s is that subset's rate, i.e. extrapolated per series to the "
                  f"whole set. nadd's rate is on all {args.series:,} series; outputs are "
                  f"compared on the {k} series R ran."]
    if FF not in nadd_res:
        lines += ["", f"farrington-flexible in nadd: {ff_note} when the bench ran, so its "
                  "row is pending (R timing alone)."]
    elif ff_note != "registered in nadd.detect":
        lines += ["", f"farrington-flexible in nadd: {ff_note}."]
    return "\n".join(lines)


STATIC = """\
`bench/detect_vs_r.py` times nadd's detectors against R's `surveillance` on the same data and
checks they give the same outputs; `bench/detect_vs_r.R` is the R side.

```sh
.venv/bin/python bench/detect_vs_r.py                     # 2,000 series, R, README block
.venv/bin/python bench/detect_vs_r.py --series 200 --ff-r-subset 10 --readme -   # quick look
```

Options: `--series` (2,000), `--years` (6), `--monitor` (52, the last weeks monitored),
`--seed`, `--repeats` (3, best taken), `--b` (4), `--ff-r-subset` (farringtonFlexible series R
runs, 40; 0 = all), `--methods`, `--skip-r` (reuse R's outputs in `--out`), `--ff-wait`
(seconds to wait for `farrington-flexible` to be registered, 0), `--out` (`bench/out/detect_vs_r`),
`--readme` (`-` for none).

What runs, with the same settings on both sides:

* data: `bench.detect_bench.weekly_series` (the LocalEngine/Spark bench's seeded generator,
  same seed 20261128, so the same series; `generate` in `detect_vs_r.py` if that module is
  missing), written to `<out>/detect_series.csv` (one row per week: `year, week` then
  one column per series; R's `sts(observed, start = c(2019, 1), frequency = 52)`);
* nadd: `from_settings(name, control).run(counts, range=np.arange(n - 52, n))` on the whole
  `2000 x 312` matrix; R: one `earsC(sts, control)` / `farringtonFlexible(sts, control)` call
  on the multivariate sts (R loops over the series inside). Timed: that call only, not
  reading or building the data;
* EARS: `control = list(range = 261:312, method = "C1" | "C2" | "C3", baseline = 7)`, alpha
  left out (R's default: 0.001 for C1/C2, 0.025 for C3; nadd does the same);
* farringtonFlexible: `control = list(range = 261:312, b = 4, w = 3, reweight = TRUE,
  weightsThreshold = 2.58, alpha = 0.05, trend = TRUE, pThresholdTrend = 0.05,
  limit54 = c(5, 4), powertrans = "2/3", fitFun = "algo.farrington.fitGLM.flexible",
  populationOffset = FALSE, noPeriods = 10, pastWeeksNotIncluded = NULL,
  thresholdMethod = "nbPlugin", glmWarnings = FALSE)`: R's defaults except the Noufaily
  settings, `b` (R's 5 needs 5 years + 3 weeks before week 261, there are 5 years) and
  `glmWarnings` (only silences R's warnings; no number changes);
* outputs: max relative error of the upper bounds where both are defined, cells where one side
  is NA and the other is not, and alarm mismatches (NA = NA counts as equal).

Single core: both processes pinned to CPU 0 (`sched_setaffinity` / `taskset -c 0`) with
`OMP_NUM_THREADS = OPENBLAS_NUM_THREADS = MKL_NUM_THREADS = 1`. The machine is shared (load
average printed): the headline rate uses CPU time, which the other processes inflate less than
wall time; wall-time rates are given in brackets.
"""


def write_readme(path: Path, block: str) -> None:
    text = path.read_text() if path.exists() else "# Benchmarks\n"
    body = f"{STATIC}\n{BEGIN}\n{block}\n{END}\n"
    if BEGIN in text and END in text:
        head, rest = text.split(BEGIN, 1)
        tail = rest.split(END, 1)[1]
        # the static text sits between the heading and BEGIN: rewrite it too
        m = re.search(rf"^(#+) {re.escape(HEADING)}\n", head, flags=re.M)
        if m:
            head = head[:m.end()] + "\n"
            text = head + body.rstrip("\n") + tail
        else:
            text = head + BEGIN + f"\n{block}\n" + END + tail
    else:
        level = "###" if re.search(r"^## Detection", text, flags=re.M) else "##"
        text = text.rstrip("\n") + f"\n\n{level} {HEADING}\n\n{body}"
    path.write_text(text if text.endswith("\n") else text + "\n")


# --------------------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--series", type=int, default=2_000)
    p.add_argument("--years", type=int, default=6)
    p.add_argument("--monitor", type=int, default=52)
    p.add_argument("--seed", type=int, default=SEED)
    p.add_argument("--repeats", type=int, default=3)
    p.add_argument("--b", type=int, default=4)
    p.add_argument("--ff-r-subset", type=int, default=40)
    p.add_argument("--ff-wait", type=float, default=0.0)
    p.add_argument("--methods", default=",".join(EARS + (FF,)))
    p.add_argument("--skip-r", action="store_true")
    p.add_argument("--out", type=Path, default=ROOT / "bench" / "out" / "detect_vs_r")
    p.add_argument("--readme", default=str(ROOT / "bench" / "README.md"))
    args = p.parse_args(argv)

    os.sched_setaffinity(0, {0})
    info = machine()
    print(f"machine: {info}", flush=True)
    args.out.mkdir(parents=True, exist_ok=True)

    x, source = data(args.series, args.years, args.seed)
    csv = args.out / "detect_series.csv"
    write_csv(x, csv)
    n = x.shape[1]
    idx = np.arange(n - args.monitor, n)
    print(f"data: {x.shape} from {source}, mean count {x.mean():.1f} -> {csv}", flush=True)

    methods = [m for m in args.methods.split(",") if m]
    ff_note = "not requested"
    if FF in methods:
        ok, ff_note = ff_available(args.ff_wait)
        print(f"{FF}: {ff_note}", flush=True)
        if not ok:
            methods.remove(FF)
    nadd_res = run_nadd(x, idx, methods, args.b, args.repeats, args.out)

    if not args.skip_r:
        r_res = run_r(csv, args.out, args.repeats, args.ff_r_subset, args.b, args.series,
                      args.monitor)
    else:
        r_res = read_r(args.out, args.monitor)
    info["load_end"] = sh("cut -d' ' -f1-3 /proc/loadavg")
    meta = dict(line.split("=", 1) for line in
                (args.out / "r_meta.txt").read_text().splitlines()) if (
        args.out / "r_meta.txt").exists() else {}
    info.update({k: meta[k] for k in ("r_version", "surveillance", "blas") if k in meta})

    cmp_res = {m: compare(nadd_res[m], r_res[m]) for m in nadd_res if m in r_res}
    for m, c in cmp_res.items():
        print(f"compare {m:20s} {c}", flush=True)
    block = report(info, nadd_res, r_res, cmp_res, ff_note, args, source)
    print("\n" + block)
    summary = {"machine": info, "source": source, "args": {k: str(v) for k, v in
                                                           vars(args).items()},
               "nadd": {m: {k: v for k, v in r.items() if k in ("n_series", "cpu_s", "wall_s")}
                        for m, r in nadd_res.items()},
               "r": {m: {k: v for k, v in r.items() if not isinstance(v, np.ndarray)}
                     for m, r in r_res.items()},
               "compare": cmp_res}
    (args.out / "results.json").write_text(json.dumps(summary, indent=2, default=str))
    if args.readme != "-":
        write_readme(Path(args.readme), block)
        print(f"README block written to {args.readme}")
    return 0


def read_r(out: Path, n_monitor: int) -> dict[str, dict]:
    """R's timings and outputs from a previous run in ``out`` (``--skip-r``)."""
    if not (out / "r_timings.csv").exists():
        return {}
    rows = [line.split(",") for line in (out / "r_timings.csv").read_text().splitlines()[1:]]
    res: dict[str, dict] = {}
    for method, n, _run, elapsed, cpu in rows:
        method = method.strip('"')
        r = res.setdefault(method, {"n_series": int(n), "cpu_s": np.inf, "wall_s": np.inf})
        r["cpu_s"] = min(r["cpu_s"], float(cpu))
        r["wall_s"] = min(r["wall_s"], float(elapsed))
    for method, r in res.items():
        shape = (r["n_series"], n_monitor)
        for what in ("upperbound", "alarm"):
            f = out / f"r_{method}_{what}.f64"
            if f.exists():
                r[what] = np.fromfile(f, dtype="<f8").reshape(shape)
    for method in [m for m in res if m.endswith("/loop")]:   # fold into the method's entry
        loop, main = res.pop(method), res[method.removesuffix("/loop")]
        main["multi_cpu_s"], main["multi_wall_s"] = main["cpu_s"], main["wall_s"]
        main["loop_cpu_s"], main["loop_wall_s"] = loop["cpu_s"], loop["wall_s"]
        main["cpu_s"] = min(main["cpu_s"], loop["cpu_s"])     # R's faster form counts
        main["wall_s"] = min(main["wall_s"], loop["wall_s"])
    return res


if __name__ == "__main__":
    raise SystemExit(main())
