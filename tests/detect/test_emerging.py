"""Emerging-substance signals: first detection and a rising-trend test for sparse counts."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest
from scipy.optimize import minimize

from nadd.detect import FirstDetection, RisingTrend, SeriesRefused, SettingError, from_settings
from nadd.detect.emerging import _loglinear_slope

# --------------------------------------------------------------------------- first-detection


def test_first_detection_fires_exactly_once_on_a_new_substance():
    res = FirstDetection().run(np.array([0, 0, 0, 0, 0, 3, 5, 8.0]))
    np.testing.assert_array_equal(res.range, [4, 5, 6, 7])
    np.testing.assert_array_equal(res.alarm, [0, 1, 0, 0])
    np.testing.assert_array_equal(res.upperbound, [0.5, 0.5, np.inf, np.inf])
    np.testing.assert_array_equal(res.score, [0, 3, 5, 8])
    np.testing.assert_allclose(res.expected, [0, 0, 0.75, 2])
    np.testing.assert_array_equal(res.alarm, (res.observed > res.upperbound) * 1.0)


def test_first_detection_does_not_fire_when_seen_within_min_absent():
    x = np.array([0, 0, 1, 0, 0, 0, 4.0])  # the 1 is 4 periods before the 4
    assert np.all(FirstDetection(minAbsent=4).run(x, range=[6]).alarm == 0)
    assert FirstDetection(minAbsent=3).run(x, range=[6]).alarm[0] == 1


def test_first_detection_min_count_and_missing_counts():
    x = np.array([[0, 0, 0, 1.0], [0, np.nan, 0, 5.0], [0, 0, 0, np.nan]])
    res = FirstDetection(minAbsent=3, minCount=2).run(x)
    np.testing.assert_array_equal(res.alarm[:, 0], [0, np.nan, np.nan])
    res = FirstDetection(minAbsent=3).run(x)
    assert res.alarm[0, 0] == 1


def test_first_detection_refuses_points_without_a_full_look_back_in_plain_words():
    with pytest.raises(SeriesRefused) as err:
        FirstDetection(minAbsent=4).run(np.zeros(8), range=[2, 3, 7])
    assert err.value.message == ("first-detection with minAbsent=4 needs 4 points before the "
                                 "first monitored point; the first monitored index 2 has 2 "
                                 "before it")
    with pytest.raises(SeriesRefused, match="this series has 3"):
        FirstDetection().run([0, 0, 1])
    with pytest.raises(SeriesRefused, match="negative"):
        FirstDetection(minAbsent=1).run([0, -1, 2])


@pytest.mark.parametrize("bad", [{"minAbsent": 0}, {"minCount": 0}, {"minAbsent": 2.5}])
def test_first_detection_rejects_bad_settings(bad):
    with pytest.raises(SettingError):
        FirstDetection(**bad)


# --------------------------------------------------------------------------- rising-trend


def test_rising_trend_fires_on_a_doubling_series():
    res = RisingTrend().run(np.array([1, 2, 4, 8, 16, 32.0]))
    np.testing.assert_array_equal(res.range, [5])
    assert res.alarm[0] == 1 and res.score[0] > 3
    assert res.expected[0] == pytest.approx(10.5)
    assert res.upperbound[0] == pytest.approx(10.5 * 1.5 ** 2.5)


def test_slow_significant_growth_does_not_pass_min_ratio():
    x = np.array([1000, 1100, 1210, 1331, 1464, 1611.0])  # x1.1 per period, z huge
    res = RisingTrend().run(x)
    assert res.score[0] > 10 and res.alarm[0] == 0
    assert RisingTrend(minRatio=1.05).run(x).alarm[0] == 1


def test_irls_slope_and_se_equal_a_direct_maximum_likelihood_fit():
    y = np.array([[3, 1, 4, 1, 5, 9.0], [0, 2, 0, 3, 7, 6.0], [10, 8, 12, 9, 11, 10.0]])
    b, se = _loglinear_slope(y, quasi=False)
    s = np.arange(6) - 2.5
    for i, row in enumerate(y):
        nll = lambda p: np.sum(np.exp(p[0] + p[1] * s) - row * (p[0] + p[1] * s))  # noqa: E731
        p = minimize(nll, [np.log(row.mean()), 0.0], method="BFGS", options={"gtol": 1e-10}).x
        mu = np.exp(p[0] + p[1] * s)
        info = np.array([[mu.sum(), (mu * s).sum()], [(mu * s).sum(), (mu * s * s).sum()]])
        assert b[i] == pytest.approx(p[1], abs=1e-6)
        assert se[i] == pytest.approx(np.sqrt(np.linalg.inv(info)[1, 1]), rel=1e-5)


def test_quasipoisson_widens_the_test_on_overdispersed_counts():
    x = np.array([2, 30, 1, 40, 3, 60.0])
    pois, quasi = RisingTrend(family="poisson").run(x), RisingTrend(family="quasipoisson").run(x)
    assert quasi.score[0] < pois.score[0] / 3


def test_flat_poisson_series_rarely_alarm():
    rng = np.random.default_rng(20240603)
    flat = rng.poisson(5.0, size=(500, 6)).astype(float)
    assert RisingTrend().run(flat).alarm.mean() <= 0.01  # minRatio rules out most
    # The Wald test alone (no ratio floor) holds its one-sided level.
    assert RisingTrend(minRatio=1e-9).run(flat).alarm.mean() <= 0.05 + 0.02


def test_undefined_windows_zero_edge_and_missing():
    x = np.array([[0, 0, 0, 0, 0, 0.0], [0, 0, 0, 0, 0, 7.0], [7, 0, 0, 0, 0, 0.0],
                  [1, 2, np.nan, 4, 8, 16.0]])
    res = RisingTrend().run(x)
    np.testing.assert_array_equal(res.alarm[:, 0], [0, np.nan, np.nan, np.nan])
    assert np.isnan(res.score[:, 0]).all()


def test_rising_trend_refuses_short_series_and_short_windows():
    with pytest.raises(SeriesRefused) as err:
        RisingTrend().run([1, 2, 4, 8])
    assert err.value.message == ("rising-trend with window=6 needs 5 points before the first "
                                 "monitored point; this series has 4")
    with pytest.raises(SettingError, match="at least 3"):
        RisingTrend(window=2)
    with pytest.raises(SettingError):
        RisingTrend(family="nb")


@pytest.mark.parametrize("detector", [RisingTrend(window=4, family="quasipoisson"),
                                      FirstDetection(minAbsent=2)])
def test_many_series_at_once_equal_one_series_at_a_time(detector):
    rng = np.random.default_rng(7)
    counts = rng.poisson(np.linspace(0.2, 6, 12) ** rng.uniform(0, 1.5, (20, 1))).astype(float)
    counts[3, 5] = np.nan
    together = detector.run(counts, range=np.arange(4, 12))
    for i, series in enumerate(counts):
        alone = detector.run(series, range=np.arange(4, 12))
        for name in ("observed", "upperbound", "alarm", "expected", "score"):
            np.testing.assert_array_equal(getattr(together.series(i), name), getattr(alone, name))


def test_from_settings_with_strings():
    rt = from_settings("rising-trend", {"window": "4", "alpha": "0.01", "minRatio": "2",
                                        "family": "quasipoisson", "range": "3:6"})
    assert rt == RisingTrend(window=4, alpha=0.01, minRatio=2.0, family="quasipoisson",
                             range=(3, 4, 5))
    fd = from_settings("first-detection", ["minAbsent=2", "minCount=3"])
    assert fd == FirstDetection(minAbsent=2, minCount=3)
    with pytest.raises(SettingError):
        from_settings("rising-trend", {"window": "six"})


# --------------------------------------------------------------------------- bundled NFLIS


def test_para_fluorofentanyl_in_bundled_nflis_is_flagged_by_2021_h1(synced):
    from nadd.observations import Filter, query
    from tests.helpers import load_bundled

    load_bundled(synced, "dea_nflis")
    df = query(synced, Filter(source="dea_nflis", indicator="lab_reports",
                              substance="para-fluorofentanyl", period_type="half_year"))
    halves = pd.date_range("2016-01-01", "2025-07-01", freq="6MS").date
    national = df.groupby("period_start")["value"].sum().reindex(halves, fill_value=0.0)
    x = national.to_numpy(dtype=float)  # no row = no report that half-year
    h2_2020, h1_2021 = halves.tolist().index(date(2020, 7, 1)), halves.tolist().index(
        date(2021, 1, 1))
    assert (x[h2_2020], x[h1_2021]) == (245, 3745)

    first = FirstDetection(minAbsent=2).run(x)
    fired = first.range[first.alarm == 1]
    assert h2_2020 in fired
    trend = RisingTrend().run(x)
    at = dict(zip(trend.range.tolist(), trend.alarm.tolist()))
    assert at[h1_2021] == 1
    assert not any(a == 1 for t, a in at.items() if t < h2_2020)
