"""Farrington (1996) and farringtonFlexible (Noufaily 2013) equal R's surveillance 1.20,
vectorise across series, and refuse what they cannot do with a plain message.

fixtures/farrington_reference.json comes from tools/r/farrington_fixtures.R (surveillance
1.20.3): algo.farrington on 4 settings and farringtonFlexible on 5 settings, each on 3 or 4 of
ha.sts, salmonella.agona (with a population), campyDE, abattoir, measlesDE and
salmonella.agona with missing weeks.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from nadd.detect.base import SeriesRefused, SettingError, from_settings, get_method
from nadd.detect.farrington import Farrington
from nadd.detect.farrington_flexible import FarringtonFlexible, reference_blocks

FIXTURE = Path(__file__).parent / "fixtures" / "farrington_reference.json"
REFERENCE = json.loads(FIXTURE.read_text(encoding="utf-8"))
CASES = {c["id"]: c for c in REFERENCE["cases"]}
#: Issue #3: the GLM-based Farrington family within a relative error of 1e-4 of R.
MAX_RELATIVE_ERROR = 1e-4


def _array(rows) -> np.ndarray:
    return np.array(rows, dtype=float)  # JSON null (R's NA) -> NaN


def _detector(case: dict):
    ctl = {k: v for k, v in case["control"].items() if k != "range"}
    if "limit54" in ctl:
        ctl["limit54"] = tuple(ctl["limit54"])
    cls = Farrington if case["method"] == "farrington" else FarringtonFlexible
    return cls(**ctl)


def _run_case(case: dict):
    data = REFERENCE["datasets"][case["dataset"]]
    rng = np.asarray(case["control"]["range"]) - 1  # R is 1-based
    return _detector(case).run(_array(data["observed"]), range=rng,
                               population=_array(data["population"]))


def _relative_error(a: np.ndarray, b: np.ndarray, floor: float = 1e-300) -> float:
    """Largest ``|a - b| / max(|b|, floor)`` where both are defined."""
    both = ~np.isnan(a) & ~np.isnan(b)
    err = np.abs(a[both] - b[both]) / np.maximum(np.abs(b[both]), floor)
    return float(err.max(initial=0.0))


#: A score (y - mu0)/(U - mu0) is round-off noise where y equals the expectation (R gives
#: 1e-15 for 0); below this its error is measured absolutely.
SCORE_FLOOR = 1e-6


def test_fixture_was_made_by_surveillance_1_20_on_enough_datasets_and_settings():
    assert REFERENCE["surveillance_version"].startswith("1.20")
    for method in ("farrington", "flexible"):
        ids = [i.split("/") for i in CASES if i.startswith(method + "/")]
        assert len({d for _, d, _ in ids}) >= 3
        settings = {s for _, _, s in ids}
        assert len(settings) >= 2
        for s in settings:
            assert len({d for _, d, s2 in ids if s2 == s}) >= 3


@pytest.mark.parametrize("case_id", sorted(CASES))
def test_upperbounds_and_alarms_equal_surveillance(case_id):
    case = CASES[case_id]
    result = _run_case(case)
    upper_r, alarm_r = _array(case["upperbound"]), _array(case["alarm"])
    assert result.upperbound.shape == upper_r.shape

    np.testing.assert_array_equal(np.isnan(result.upperbound), np.isnan(upper_r))
    assert _relative_error(result.upperbound, upper_r) <= MAX_RELATIVE_ERROR
    # Identical alarms, except where the count ties R's upper bound.
    tie = np.abs(result.observed - upper_r) <= MAX_RELATIVE_ERROR * np.maximum(1, np.abs(upper_r))
    np.testing.assert_array_equal(np.where(tie, 0, result.alarm), np.where(tie, 0, alarm_r))
    if case["method"] == "flexible":
        for name in ("expected", "score"):
            ours, r = getattr(result, name), _array(case[name])
            np.testing.assert_array_equal(np.isnan(ours), np.isnan(r), err_msg=name)
            floor = SCORE_FLOOR if name == "score" else 1e-300
            assert _relative_error(ours, r, floor) <= MAX_RELATIVE_ERROR, name


@pytest.mark.parametrize("detector", [
    Farrington(b=3, w=2),
    Farrington(b=2, w=1, trend=False, powertrans="none"),
    FarringtonFlexible(b=3, w=2),
    FarringtonFlexible(b=3, w=3, noPeriods=10, pastWeeksNotIncluded=26,
                       thresholdMethod="nbPlugin"),
], ids=["farrington", "farrington-notrend", "flexible", "flexible-noufaily"])
def test_many_series_at_once_equal_one_series_at_a_time(detector):
    counts = _array(REFERENCE["datasets"]["ha.sts"]["observed"])  # 12 districts
    rng = np.arange(200, 290)
    together = detector.run(counts, range=rng)
    for i, series in enumerate(counts):
        alone = detector.run(series, range=rng)
        for name in ("observed", "upperbound", "alarm", "expected", "score"):
            np.testing.assert_allclose(getattr(together.series(i), name),
                                       getattr(alone, name), rtol=1e-10, equal_nan=True)


def test_flexible_refuses_a_series_without_b_years_of_history():
    x = np.ones(2 * 52 + 4)
    with pytest.raises(SeriesRefused) as err:
        FarringtonFlexible(b=3, w=0).run(x, range=[2 * 52 + 4 - 1])
    assert err.value.message == (
        "farringtonFlexible with b=3 needs 3 years of history (156 weeks) before the first "
        "monitored week; this series has 2 years 3 weeks")


def test_farrington_refuses_a_range_starting_inside_the_reference_years():
    with pytest.raises(SeriesRefused) as err:
        Farrington(b=3, w=3).run(np.ones(300), range=np.arange(100, 300))
    assert err.value.message == (
        "algo.farrington with b=3 needs 3 years and 3 weeks of history (159 weeks) before the "
        "first monitored week; this series has 1 year 48 weeks")
    assert "monitor from index 159 on" in err.value.hint


def test_default_range_starts_at_the_first_week_with_full_history():
    res = Farrington(b=3, w=3).run(np.random.default_rng(0).poisson(5, 170).astype(float))
    assert res.range[0] == 159 and res.range[-1] == 169


def test_farrington_refuses_missing_reference_weeks_and_points_to_flexible():
    x = np.random.default_rng(0).poisson(5, 200).astype(float)
    x[60] = np.nan
    with pytest.raises(SeriesRefused) as err:
        Farrington(b=2, w=3).run(x, range=[112])
    assert "missing index 60" in err.value.message
    assert "farrington-flexible" in err.value.hint
    assert np.isfinite(FarringtonFlexible(b=2, w=3).run(x, range=[112]).upperbound[0])


@pytest.mark.parametrize("cls", [Farrington, FarringtonFlexible])
def test_negative_counts_are_refused(cls):
    x = np.full(200, 3.0)
    x[57] = -1  # a reference week of 110 (110 - 52 - 1)
    with pytest.raises(SeriesRefused, match="needs counts >= 0; series 0 has -1 at index 57"):
        cls(b=2, w=3).run(x, range=[110])


def test_population_offset_needs_a_population():
    with pytest.raises(SeriesRefused, match="needs population="):
        FarringtonFlexible(b=1, w=1, populationOffset=True).run(np.ones(80), range=[60])


@pytest.mark.parametrize("kwargs, message", [
    ({"b": 0}, "farringtonFlexible: setting b=0 must be a whole number of years >= 1"),
    ({"alpha": 1.5}, "alpha=1.5 must be a probability strictly between 0 and 1"),
    ({"powertrans": "3/4"}, "powertrans='3/4' must be one of"),
    ({"limit54": (5, 0)}, "limit54=(5, 0) must be two whole numbers"),
    ({"noPeriods": 60}, "noPeriods=60 must be 1, or 2 to 46"),
    ({"thresholdMethod": "exact"}, "thresholdMethod='exact' must be one of"),
])
def test_bad_settings_are_refused_with_the_setting_named(kwargs, message):
    with pytest.raises(SettingError, match=message.replace("(", r"\(").replace(")", r"\)")):
        FarringtonFlexible(**kwargs)


def test_from_settings_parses_r_spellings():
    det = from_settings("farrington-flexible", {
        "b": "3", "w": "2", "noPeriods": "10", "pastWeeksNotIncluded": "26",
        "thresholdMethod": "muan", "limit54": "c(3,4)", "populationOffset": "TRUE",
        "pThresholdTrend": "0.01", "weightsThreshold": "1"})
    assert det == FarringtonFlexible(b=3, w=2, noPeriods=10, pastWeeksNotIncluded=26,
                                     thresholdMethod="muan", limit54=(3, 4),
                                     populationOffset=True, pThresholdTrend=0.01,
                                     weightsThreshold=1.0)
    det = from_settings("farrington", ["b=3", "powertrans=1/2", "fitFun=algo.farrington.fitGLM",
                                       "reweight=FALSE"])
    assert det == Farrington(b=3, powertrans="1/2", fitFun="algo.farrington.fitGLM",
                             reweight=False)
    assert get_method("farrington").cls is Farrington


def test_reference_blocks_are_r_blocks_for_noufaily_settings():
    d, levels = reference_blocks(b=1, w=1, freq=52, no_periods=3, past_weeks_not_included=26)
    # window of last year (t-53..t-51) is level 3; 49 weeks t-50..t-2 split 25/24 into 1, 2;
    # weeks t-26..t are left out.
    assert sorted(d[levels == 3]) == [51, 52, 53]
    assert sorted(d[levels == 1]) == list(range(27, 51))
    assert sorted(d[levels == 2]) == []  # level 2 is t-25..t-2: all within the 26 left out
    d, levels = reference_blocks(b=1, w=1, freq=52, no_periods=3, past_weeks_not_included=1)
    assert sorted(d[levels == 2]) == list(range(2, 26))
    assert sorted(d[levels == 3]) == [51, 52, 53]
