"""GLR charts equal surveillance 1.20's algo.glrpois and algo.glrnb (C routines included).

Reference outputs: tests/detect/fixtures/cg_*.csv, written by tools/r/cusum_glr_fixtures.R.
"""

from __future__ import annotations

import numpy as np
import pytest
from test_cusum import REL_TOL, max_rel_err, r_cases

from nadd.detect import METHODS, GlrNB, GlrPois, SeriesRefused, SettingError, from_settings

POIS = r_cases("glrpois")
NB = r_cases("glrnb")


def _run(method: str, case: dict):
    return from_settings(method, case["settings"]).run(case["x"], range=case["range"],
                                                       freq=case["freq"])


@pytest.mark.parametrize("case", POIS, ids=[c["id"] for c in POIS])
def test_glrpois_equals_r_surveillance(case):
    res = _run("glrpois", case)
    assert max_rel_err(res.upperbound, case["ub"]) <= REL_TOL
    np.testing.assert_array_equal(res.alarm, case["alarm"])


@pytest.mark.parametrize("case", NB, ids=[c["id"] for c in NB])
def test_glrnb_equals_r_surveillance(case):
    res = _run("glrnb", case)
    assert max_rel_err(res.upperbound, case["ub"]) <= REL_TOL
    np.testing.assert_array_equal(res.alarm, case["alarm"])


@pytest.mark.parametrize("method,case", [("glrpois", POIS[0]), ("glrnb", NB[0]),
                                         ("glrpois", POIS[5])])
def test_vectorised_equals_one_series_at_a_time(method, case):
    det = from_settings(method, case["settings"])
    together = det.run(case["x"], range=case["range"], freq=case["freq"])
    for i, row in enumerate(case["x"]):
        alone = det.run(row, range=case["range"], freq=case["freq"])
        # equal up to the mu0 fit's convergence tolerance (glm.nb: 1e-8), far inside R's 1e-6
        np.testing.assert_allclose(alone.upperbound, together.upperbound[i], rtol=1e-7)
        np.testing.assert_array_equal(alone.alarm, together.alarm[i])


def test_registered_with_r_spellings():
    assert METHODS["glrpois"].cls is GlrPois and METHODS["glrnb"].cls is GlrNB
    det = from_settings("glrnb", {"c.ARL": "4", "alpha": "0.2", "M": "30", "change": "epi",
                                  "mu0.S": "2", "mu0.trend": "TRUE"})
    assert (det.c_ARL, det.alpha, det.M, det.change, det.mu0_S, det.mu0_trend) == (
        4.0, 0.2, 30, "epi", 2, True)


def test_known_mu0_needs_no_history():
    x = np.array([2, 3, 1, 2, 9, 11.0])
    res = GlrPois(mu0=np.full(6, 2.0)).run(x, range=np.arange(6))
    np.testing.assert_array_equal(res.alarm, [0, 0, 0, 0, 1, 1])


def test_refuses_short_history_for_mu0():
    with pytest.raises(SeriesRefused) as e:
        GlrPois().run(np.arange(20.0), range=np.arange(3, 20))
    assert str(e.value).startswith("glrpois estimating mu0 with S=1 needs 4 points before the "
                                   "first monitored point; this series has 3")


def test_refuses_fractional_or_missing_counts():
    x = np.array([[1, 2, 3, 4, 5, 6.5]])
    with pytest.raises(SeriesRefused, match="series 0 has a missing, negative or fractional"):
        GlrPois(mu0=[2.0]).run(x, range=[5])


def test_refuses_bad_settings():
    with pytest.raises(SettingError, match="c.ARL=0"):
        GlrPois(c_ARL=0)
    with pytest.raises(SettingError, match="ret='cases' is not available with change='epi'"):
        GlrPois(change="epi", ret="cases")
    with pytest.raises(SettingError, match="ret='cases' without theta is not offered"):
        GlrNB(alpha=0.2, ret="cases")
    with pytest.raises(SettingError, match="theta=1"):
        GlrPois(theta=1)
