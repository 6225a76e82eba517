"""EARS C1/C2/C3 equal R's surveillance::earsC 1.20, vectorise, and refuse what they cannot do.

The reference outputs in fixtures/ears_reference.json come from tools/r/ears_fixtures.R
(surveillance 1.20.3): 6 datasets (ha.sts, measlesDE, salmonella.agona, campyDE, abattoir and
salmonella.agona with NA weeks) x 2-3 settings x C1, C2, C3.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from nadd.detect import EarsC, SeriesRefused, SettingError, from_settings
from nadd.errors import NaddError

FIXTURE = Path(__file__).parent / "fixtures" / "ears_reference.json"
REFERENCE = json.loads(FIXTURE.read_text(encoding="utf-8"))
CASES = {c["id"]: c for c in REFERENCE["cases"]}
#: Issue #3: upper bounds within a relative error of 1e-6 of R's.
MAX_RELATIVE_ERROR = 1e-6


def _array(rows) -> np.ndarray:
    return np.array(rows, dtype=float)  # JSON null (R's NA) -> NaN


def _observed(dataset: str) -> np.ndarray:
    return _array(REFERENCE["datasets"][dataset]["observed"])


def _run_case(case: dict):
    ctl = case["control"]
    rng = None if ctl["range"] is None else np.asarray(ctl["range"]) - 1  # R is 1-based
    detector = EarsC(method=ctl["method"], baseline=int(ctl["baseline"]),
                     minSigma=float(ctl["minSigma"]), alpha=ctl["alpha"])
    return detector.run(_observed(case["dataset"]), range=rng)


def test_fixture_was_made_by_surveillance_1_20_on_enough_datasets_and_settings():
    assert REFERENCE["surveillance_version"].startswith("1.20")
    for method in ("C1", "C2", "C3"):
        ids = [i for i in CASES if i.endswith("/" + method)]
        assert len({i.split("/")[0] for i in ids}) >= 3
        assert len({i.split("/")[1] for i in ids}) >= 2


@pytest.mark.parametrize("case_id", sorted(CASES))
def test_upperbounds_and_alarms_equal_surveillance_earsC(case_id):
    case = CASES[case_id]
    result = _run_case(case)
    upper_r, alarm_r = _array(case["upperbound"]), _array(case["alarm"])

    np.testing.assert_array_equal(result.range, case["range0"])
    np.testing.assert_array_equal(np.isnan(result.upperbound), np.isnan(upper_r))
    np.testing.assert_allclose(result.upperbound, upper_r, rtol=MAX_RELATIVE_ERROR, atol=0,
                               equal_nan=True)
    # Identical alarms (NaN where R has NA), except where observed ties the upper bound.
    tie = np.abs(result.observed - upper_r) <= 1e-9 * np.maximum(1.0, np.abs(upper_r))
    np.testing.assert_array_equal(np.where(tie, 0, result.alarm), np.where(tie, 0, alarm_r))


@pytest.mark.parametrize("method", ["C1", "C2", "C3"])
def test_many_series_at_once_equal_one_series_at_a_time(method):
    counts = _observed("measlesDE")  # 16 federal states
    detector = EarsC(method=method, baseline=5, minSigma=0.2, alpha=0.01)
    together = detector.run(counts, range=np.arange(60, 156))
    for i, series in enumerate(counts):
        alone = detector.run(series, range=np.arange(60, 156))
        for name in ("observed", "upperbound", "alarm", "expected", "score"):
            a, b = getattr(together.series(i), name), getattr(alone, name)
            if a is None:
                assert b is None
            else:
                np.testing.assert_array_equal(a, b)


def test_one_series_in_gives_one_dimensional_result():
    result = EarsC().run(_observed("abattoir")[0])
    assert result.upperbound.shape == result.alarm.shape == result.range.shape
    assert result.range[0] == 7  # R's default range starts at baseline + 1 (1-based)


@pytest.mark.parametrize(("method", "first"), [("C1", 7), ("C2", 9), ("C3", 11)])
def test_default_range_starts_where_the_baseline_is_complete(method, first):
    result = EarsC(method=method).run(np.arange(30.0))
    assert result.range[0] == first and result.range[-1] == 29


def test_alpha_left_out_is_0_001_for_c1_c2_and_0_025_for_c3_as_in_r():
    assert EarsC(method="C1").z_alpha == pytest.approx(3.090232306167813, rel=1e-12)
    assert EarsC(method="C2").z_alpha == EarsC(method="C1").z_alpha
    assert EarsC(method="C3").z_alpha == pytest.approx(1.959963984540054, rel=1e-12)


def test_c1_c2_give_expected_and_score_c3_gives_neither():
    x = np.array([3, 4, 2, 5, 3, 4, 3, 12.0, 4, 5, 6, 3, 4, 5])
    c1 = EarsC(method="C1").run(x, range=[7])
    ref = x[:7]
    assert c1.expected == pytest.approx([ref.mean()])
    assert c1.score == pytest.approx([(12 - ref.mean()) / ref.std(ddof=1)])
    assert c1.alarm.tolist() == [1.0]
    c3 = EarsC(method="C3", baseline=3).run(x)
    assert c3.expected is None and c3.score is None


def test_c3_range_with_gaps_uses_each_points_own_previous_two_days():
    # R's earsC misaligns C3 on a range with gaps; nadd gives each point its own lags, so the
    # result equals the matching points of the contiguous run.
    counts = _observed("salmonella.agona")
    full = EarsC(method="C3").run(counts, range=np.arange(100, 200))
    gappy = EarsC(method="C3").run(counts, range=np.arange(100, 200, 7))
    np.testing.assert_array_equal(gappy.upperbound, full.upperbound[:, ::7])


def test_range_is_sorted_as_r_sorts_it():
    counts = _observed("abattoir")
    a = EarsC().run(counts, range=[50, 40, 45])
    b = EarsC().run(counts, range=[40, 45, 50])
    np.testing.assert_array_equal(a.range, [40, 45, 50])
    np.testing.assert_array_equal(a.upperbound, b.upperbound)


def test_refuses_a_series_too_short_for_the_baseline_with_a_plain_message():
    with pytest.raises(SeriesRefused) as err:
        EarsC(baseline=7).run(np.ones(5))
    assert err.value.message == ("earsC C1 with baseline=7 needs 7 points before the first "
                                 "monitored point; this series has 5")
    assert "smaller baseline" in err.value.hint


def test_refuses_a_range_that_starts_before_the_baseline_is_complete():
    with pytest.raises(SeriesRefused) as err:
        EarsC(method="C3", baseline=3).run(np.ones(40), range=np.arange(5, 40))
    assert err.value.message == ("earsC C3 with baseline=3 needs 7 points before the first "
                                 "monitored point; the first monitored index 5 has 5 before it")


def test_refuses_a_range_outside_the_series():
    with pytest.raises(SeriesRefused, match="range runs from index 10 to 40 but the series "
                                            "has indices 0 to 29"):
        EarsC().run(np.ones(30), range=np.arange(10, 41))


def test_refuses_a_three_dimensional_input():
    with pytest.raises(SeriesRefused, match="got an array of 3 dimensions"):
        EarsC().run(np.ones((2, 2, 20)))


WHOLE_3 = "a whole number of at least 3 (R's minimum)"


@pytest.mark.parametrize(("settings", "message"), [
    ({"baseline": 2}, f"earsC: setting baseline=2 must be {WHOLE_3}"),
    ({"baseline": 7.5}, f"earsC: setting baseline=7.5 must be {WHOLE_3}"),
    ({"minSigma": -1.0}, "earsC: setting minSigma=-1.0 must be a number >= 0"),
    ({"alpha": 1.5}, "earsC: setting alpha=1.5 must be a probability strictly between 0 and 1"),
    ({"method": "C4"}, "earsC: setting method='C4' must be one of 'C1', 'C2', 'C3'"),
])
def test_refuses_settings_outside_their_domain(settings, message):
    with pytest.raises(SettingError) as err:
        EarsC(**settings)
    assert err.value.message == message
    assert isinstance(err.value, NaddError) and err.value.hint


def test_from_settings_builds_ears_from_cli_strings():
    detector = from_settings("ears-c3", {"baseline": "10", "minSigma": "0.5", "alpha": "0.05",
                                         "range": "208:312"})
    assert detector == EarsC(method="C3", baseline=10, minSigma=0.5, alpha=0.05,
                             range=tuple(range(208, 312)))
    case = CASES["salmonella.agona/wide/C3"]
    result = detector.run(_observed("salmonella.agona"))
    np.testing.assert_allclose(result.upperbound, _array(case["upperbound"]),
                               rtol=MAX_RELATIVE_ERROR)


def test_from_settings_takes_the_method_from_the_name_not_a_setting():
    with pytest.raises(SettingError, match="ears-c1 has no setting 'method'"):
        from_settings("ears-c1", {"method": "C2"})


def test_result_records_the_alpha_actually_used():
    assert EarsC(method="C3").run(np.arange(20.0)).settings["alpha"] == 0.025
