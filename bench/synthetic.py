"""Seeded, vectorised generator of synthetic observations in the ``PARSED`` shape.

Every row is a distinct published cell: global row ``r`` is mapped by a bijection
``(A * r + B) mod G`` onto the grid indicator x jurisdiction x period x substance x
stratum (``G`` cells, far more than any benchmark needs) and decoded in mixed radix,
so keys never repeat and the rows look scattered, not sorted. Values are Poisson
counts (or gamma-distributed rates, prices, weights) scaled by indicator and by
jurisdiction level; small counts are sometimes suppressed (value NULL, status
``suppressed``), recent periods are ``provisional``.

Chunks are generated independently (``numpy`` generator seeded by ``(seed, first row)``),
so the same ``seed`` and ``chunk`` give the same data on every machine. No per-row Python.

    >>> from bench.synthetic import chunks
    >>> sum(t.num_rows for t in chunks(2_500, chunk=1_000))
    2500
"""

from __future__ import annotations

import csv
import functools
import math
from collections.abc import Iterator
from datetime import date
from importlib.resources import files

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

try:  # the bench runs from the repo root, with or without the package installed
    from nadd.model.observation import PARSED
except ImportError:  # pragma: no cover
    PARSED = None

# ~10 indicators: id, unit, mean of a county-level cell, kind of value
INDICATORS = [
    ("drug_deaths", "count", 4.0, "poisson"),
    ("ed_visits", "count", 30.0, "poisson"),
    ("hospitalisations", "count", 8.0, "poisson"),
    ("ems_responses", "count", 20.0, "poisson"),
    ("lab_reports", "count", 12.0, "poisson"),
    ("seizure_events", "count", 3.0, "poisson"),
    ("seized_quantity", "kg", 2.5, "gamma"),
    ("death_rate", "per_100k", 25.0, "gamma"),
    ("drug_price", "USD", 40.0, "gamma"),
    ("drug_purity", "percent", 30.0, "gamma"),
]
SUBSTANCES = [None, "fentanyl", "heroin", "cocaine", "methamphetamine", "cannabis",
              "xylazine", "benzodiazepines", "opioids"]
# (sex, age_group, manner, setting); the first (nothing broken down) is the common case
STRATA = [
    ("all", "all", "all", "all"),
    ("male", "all", "all", "all"),
    ("female", "all", "all", "all"),
    ("all", "0-14", "all", "all"),
    ("all", "15-24", "all", "all"),
    ("all", "25-34", "all", "all"),
    ("all", "35-44", "all", "all"),
    ("all", "45-54", "all", "all"),
    ("all", "55-64", "all", "all"),
    ("all", "65+", "all", "all"),
    ("all", "all", "accident", "all"),
    ("all", "all", "suicide", "all"),
    ("all", "all", "undetermined", "all"),
    ("all", "all", "all", "home"),
    ("all", "all", "all", "hospital"),
]
FIRST_WEEK = np.datetime64("2015-01-05")  # a Monday; 10 years of weeks and months
N_WEEKS = 522
FIRST_MONTH = np.datetime64("2015-01", "M")
N_MONTHS = 120
NOTES = [None, "preliminary", "revised"]

_SCALE = {"country": 3000.0, "subdivision": 120.0, "health_region": 60.0, "county": 1.0}


@functools.cache
def jurisdictions() -> tuple[list[str], np.ndarray]:
    """Ids and size factors: CA, MX, US, their subdivisions and the US counties (~3,250).

    Read from the package reference when it is there; otherwise synthetic ids of the same
    shapes, so the generator never depends on reference data being complete.
    """
    ids: list[str] = []
    scale: list[float] = []
    try:
        with (files("nadd") / "reference" / "jurisdictions.csv").open(encoding="utf-8", newline="") as f:
            for r in csv.DictReader(f):
                if r["country"] in ("CA", "MX", "US") and r["level"] in _SCALE:
                    ids.append(r["id"])
                    scale.append(_SCALE[r["level"]])
    except (FileNotFoundError, ModuleNotFoundError, KeyError):
        ids, scale = [], []
    if len(ids) < 1000:
        ids = ["CA", "MX", "US"] + [f"US-S{i:02d}" for i in range(51)] + [f"MX-S{i:02d}" for i in range(32)] \
            + [f"CA-S{i:02d}" for i in range(13)] + [f"US-S{i % 51:02d}-{i:05d}" for i in range(3150)]
        scale = [3000.0] * 3 + [120.0] * 96 + [1.0] * 3150
    return ids, np.asarray(scale)


def _grid() -> tuple[int, ...]:
    j, _ = jurisdictions()
    return (len(INDICATORS), len(j), N_WEEKS + N_MONTHS, len(SUBSTANCES), len(STRATA))


def _multiplier(g: int) -> int:
    """A multiplier coprime with ``g`` near g * golden ratio, small enough that a * r fits int64."""
    a = int(g * 0.6180339887) | 1
    a = min(a, (2**62) // max(g, 1))  # r < g, so a * r < 2**62
    while math.gcd(a, g) != 1:
        a += 2
    return a


def _strings(values: list, idx: np.ndarray) -> pa.Array:
    """Plain ``string`` column picking ``values[idx]`` (vectorised take, no per-row Python)."""
    return pc.take(pa.array(values, pa.string()), pa.array(idx, pa.int32()))


def generate(start: int, n: int, *, seed: int = 42) -> pa.Table:
    """Rows ``start .. start + n - 1`` of the synthetic data set, as a ``PARSED`` table."""
    radix = _grid()
    g = math.prod(radix)
    if start + n > g:
        raise ValueError(f"at most {g} distinct cells")
    jids, jscale = jurisdictions()
    rng = np.random.default_rng([seed, start])
    r = np.arange(start, start + n, dtype=np.int64)
    a = _multiplier(g)
    b = (seed * 7919) % g
    cell = (np.int64(a) * r + np.int64(b)) % np.int64(g)  # bijection on [0, g)
    digits = []
    for base in reversed(radix):
        digits.append(cell % base)
        cell //= base
    strat, subst, period, jur, ind = digits

    weekly = period < N_WEEKS
    week_start = FIRST_WEEK + (period * 7).astype("timedelta64[D]")
    month = FIRST_MONTH + (period - N_WEEKS).astype("timedelta64[M]")
    month_start = month.astype("datetime64[D]")
    month_end = (month + np.timedelta64(1, "M")).astype("datetime64[D]") - np.timedelta64(1, "D")
    p_start = np.where(weekly, week_start, month_start)
    p_end = np.where(weekly, week_start + np.timedelta64(6, "D"), month_end)

    mean = np.array([i[2] for i in INDICATORS])[ind] * jscale[jur]
    mean = mean * np.where(weekly, 1.0, 4.3) * np.where(strat == 0, 1.0, 0.3) * np.where(subst == 0, 1.0, 0.4)
    poisson = np.array([i[3] == "poisson" for i in INDICATORS])[ind]
    counts = rng.poisson(np.where(poisson, mean, 0.0)).astype(np.float64)
    amounts = np.round(rng.gamma(2.0, np.where(poisson, 1.0, np.array([i[2] for i in INDICATORS])[ind] / 2.0)), 2)
    value = np.where(poisson, counts, amounts)

    # publisher suppresses some small counts (1-9); recent periods are provisional
    suppressed = poisson & (counts >= 1) & (counts <= 9) & (rng.random(n) < 0.05)
    recent = p_start >= np.datetime64("2024-07-01")
    status = np.where(suppressed, 4, np.where(recent, 1, 0))  # index into the list below
    note = np.where(rng.random(n) < 0.02, rng.integers(1, len(NOTES), n), 0)

    cols = {
        "indicator_id": _strings([i[0] for i in INDICATORS], ind),
        "jurisdiction_id": _strings(jids, jur),
        "period_type": _strings(["week", "month"], np.where(weekly, 0, 1)),
        "period_start": pa.array(p_start.astype("datetime64[D]"), pa.date32()),
        "period_end": pa.array(p_end.astype("datetime64[D]"), pa.date32()),
        "substance_id": _strings(SUBSTANCES, subst),
        "sex": _strings([s[0] for s in STRATA], strat),
        "age_group": _strings([s[1] for s in STRATA], strat),
        "manner": _strings([s[2] for s in STRATA], strat),
        "setting": _strings([s[3] for s in STRATA], strat),
        "unit": _strings([i[1] for i in INDICATORS], ind),
        "value": pa.array(value, pa.float64(), mask=suppressed),
        "status": _strings(["reported", "provisional", "predicted", "estimated", "suppressed"], status),
        "note": _strings(NOTES, note),
        "source_row": pa.array(r + 2, pa.int64()),  # as if row 1 were a header
    }
    table = pa.table(cols)
    if PARSED is not None:
        table = table.cast(pa.schema(list(PARSED.items())))
    return table


def chunks(rows: int, *, chunk: int = 1_000_000, seed: int = 42) -> Iterator[pa.Table]:
    """``rows`` observations in tables of ``chunk`` rows (the last may be shorter)."""
    for start in range(0, rows, chunk):
        yield generate(start, min(chunk, rows - start), seed=seed)


if __name__ == "__main__":  # quick look: python bench/synthetic.py
    import time

    t0 = time.perf_counter()
    t = generate(0, 1_000_000)
    dt = time.perf_counter() - t0
    print(t.slice(0, 8).to_pandas().to_string())
    print(f"1,000,000 rows in {dt:.2f} s; grid {_grid()} = {math.prod(_grid()):,} cells; "
          f"{date.today()}")
    print(pc.value_counts(t["status"]).to_pylist())
