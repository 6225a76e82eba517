"""Observations become regular series; gaps, suppressed values and 12-ME sums are refused, named."""

from __future__ import annotations

from datetime import date

import pandas as pd

from nadd.detect.series import MONTHS12_REFUSAL, build_series, series_id
from tests.detect.obsdata import FLAT, obs_rows


def frame(rows):
    return pd.DataFrame(rows)


def test_a_complete_series_keeps_its_periods_values_and_observation_ids():
    rows = obs_rows(FLAT)
    built = build_series(frame(rows))
    assert not built.refusals and len(built.series) == 1
    s = built.series[0]
    assert [p.label for p in s.periods[:2]] == ["2018-Q1", "2018-Q2"]
    assert list(s.values) == FLAT and s.observation_ids[0] == rows[0]["id"]
    assert s.key_dict["jurisdiction_id"] == "US-TX" and s.id == series_id(s.key)


def test_series_are_split_by_jurisdiction_substance_and_stratum():
    rows = obs_rows(FLAT) + obs_rows(FLAT, jurisdiction="US-NM") + obs_rows(FLAT, substance=None) \
        + obs_rows(FLAT, setting="port-a")
    built = build_series(frame(rows))
    assert len(built.series) == 4 and len({s.id for s in built.series}) == 4


def test_a_gap_refuses_the_series_naming_the_missing_periods():
    built = build_series(frame(obs_rows(FLAT, skip={5, 6})))
    assert not built.series
    reason = built.refusals[0].reason
    assert "gap" in reason and "2019-Q2, 2019-Q3" in reason and "nothing is filled in" in reason


def test_a_gap_outside_the_window_does_not_matter():
    built = build_series(frame(obs_rows(FLAT, skip={1})), last=12)
    assert len(built.series) == 1 and len(built.series[0]) == 12


def test_a_suppressed_value_in_the_window_refuses_the_series_with_its_status():
    values = list(FLAT)
    values[14] = None
    built = build_series(frame(obs_rows(values)))
    assert "2021-Q3 (suppressed)" in built.refusals[0].reason


def test_months12_ending_is_refused_with_the_reason_by_default():
    built = build_series(frame(obs_rows(range(100, 148), period_type="months12_ending")))
    assert not built.series
    assert built.refusals[0].reason.startswith(MONTHS12_REFUSAL)
    assert MONTHS12_REFUSAL == ("rolling 12-month sums overlap; monthly counts cannot be "
                                "recovered without an anchor month")


def test_december_as_year_keeps_the_december_values_as_calendar_years():
    rows = obs_rows(range(100, 148), period_type="months12_ending")  # 12ME-2018-01 .. 12ME-2021-12
    built = build_series(frame(rows), months12_ending="december_as_year")
    s = built.series[0]
    assert [p.label for p in s.periods] == ["2018", "2019", "2020", "2021"]
    assert list(s.values) == [111, 123, 135, 147]
    assert s.key_dict["period_type"] == "year" and s.note == "december_as_year"
    assert s.periods[0].start == date(2018, 1, 1)
