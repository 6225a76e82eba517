"""CUSUM equals surveillance 1.20's algo.cusum; refuses what it cannot run, plainly.

Reference outputs: tests/detect/fixtures/cg_*.csv, written by tools/r/cusum_glr_fixtures.R.
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest

from nadd.detect import METHODS, Cusum, SeriesRefused, SettingError, from_settings

FIX = Path(__file__).parent / "fixtures"
REL_TOL = 1e-6


def _read(name: str) -> list[dict[str, str]]:
    with open(FIX / name, newline="") as fh:
        return list(csv.DictReader(fh))


def r_cases(method: str) -> list[dict]:
    """Each R case of ``method``: settings, input matrix, R's upperbound and alarm."""
    data: dict[str, dict[int, list[tuple[int, float]]]] = {}
    for row in _read("cg_data.csv"):
        data.setdefault(row["dataset"], {}).setdefault(int(row["series"]), []).append(
            (int(row["t"]), float(row["observed"])))
    results: dict[str, dict[int, list[tuple[int, float, float]]]] = {}
    for row in _read("cg_results.csv"):
        results.setdefault(row["case"], {}).setdefault(int(row["series"]), []).append(
            (int(row["t"]), float(row["upperbound"]), float(row["alarm"])))
    out = []
    for c in _read("cg_cases.csv"):
        if c["method"] != method:
            continue
        res = results[c["case"]]
        series = sorted(res)
        x = np.array([[v for _, v in sorted(data[c["dataset"]][s])] for s in series])
        ub = np.array([[u for _, u, _ in sorted(res[s])] for s in series])
        alarm = np.array([[a for _, _, a in sorted(res[s])] for s in series])
        settings = dict(p.split("=", 1) for p in c["settings"].split(";") if p)
        out.append(dict(id=f"{c['case']}-{c['dataset']}-{c['settings'] or 'defaults'}",
                        settings=settings, x=x, ub=ub, alarm=alarm,
                        range=np.arange(int(c["range_from"]) - 1, int(c["range_to"])),
                        freq=int(c["freq"]), start=int(c["start"])))
    return out


def max_rel_err(got: np.ndarray, want: np.ndarray) -> float:
    err = np.abs(got - want) / np.maximum(np.abs(want), 1e-12)
    err[(got == 0) & (want == 0)] = 0
    return float(err.max())


CASES = r_cases("cusum")


def test_fixtures_cover_five_datasets_and_six_settings():
    assert len({c["id"].split("-")[1] for c in CASES}) >= 3
    assert len(CASES) >= 6 * 3


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_cusum_equals_r_surveillance(case):
    res = from_settings("cusum", case["settings"]).run(
        case["x"], range=case["range"], freq=case["freq"], start=case["start"])
    assert max_rel_err(res.upperbound, case["ub"]) <= REL_TOL
    np.testing.assert_array_equal(res.alarm, case["alarm"])


def test_vectorised_equals_one_series_at_a_time():
    case = next(c for c in CASES if c["settings"].get("m") == "glm")
    det = from_settings("cusum", case["settings"])
    kw = dict(range=case["range"], freq=case["freq"], start=case["start"])
    together = det.run(case["x"], **kw)
    for i, row in enumerate(case["x"]):
        alone = det.run(row, **kw)
        # the batched GLM fit may differ from the single one in the last bits only
        np.testing.assert_allclose(alone.upperbound, together.upperbound[i], rtol=1e-12)
        np.testing.assert_allclose(alone.score, together.score[i], rtol=1e-12, atol=1e-12)
        np.testing.assert_array_equal(alone.alarm, together.alarm[i])


def test_registered_with_r_spellings():
    assert METHODS["cusum"].cls is Cusum
    det = from_settings("cusum", ["k=0.5", "h=4", "m=glm", "trans=rossi", "alpha=0.2"])
    assert (det.k, det.h, det.m, det.trans, det.alpha) == (0.5, 4.0, "glm", "rossi", 0.2)


def test_refuses_series_without_points_before_the_range():
    with pytest.raises(SeriesRefused) as e:
        Cusum(m="glm").run(np.arange(10.0), range=[2, 3])
    assert str(e.value).startswith('cusum with m="glm" (a seasonal fit) needs 3 points before '
                                   "the first monitored point; this series has 2")


def test_refuses_missing_counts_with_the_series_named():
    x = np.array([[1, 2, 3, 4.0], [1, np.nan, 3, 4]])
    with pytest.raises(SeriesRefused, match="series 1 has a missing or negative count"):
        Cusum().run(x, range=[3])


def test_refuses_bad_settings():
    with pytest.raises(SettingError, match="setting h=0"):
        Cusum(h=0)
    with pytest.raises(SettingError, match="anscombeNegBin is not offered"):
        Cusum(trans="anscombeNegBin")
    with pytest.raises(SettingError, match="cusum has no setting 'K'"):
        from_settings("cusum", {"K": "1"})
