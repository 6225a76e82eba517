from datetime import date

import pytest

from nadd.errors import PeriodError
from nadd.model import periods as P


@pytest.mark.parametrize("label", ["2018-11-04", "2018-W05-MMWR", "2018-W05", "2018-11", "2018-Q3",
                                   "2018-H1", "2018", "12ME-2018-11", "2020-W53"])
def test_every_label_round_trips(label):
    assert P.parse(label).label == label


def test_mmwr_week_starts_on_sunday_and_differs_from_iso():
    mmwr, iso = P.parse("2018-W01-MMWR"), P.parse("2018-W01")
    assert (mmwr.start, mmwr.end) == (date(2017, 12, 31), date(2018, 1, 6))
    assert (iso.start, iso.end) == (date(2018, 1, 1), date(2018, 1, 7))


def test_twelve_months_ending_spans_twelve_calendar_months():
    p = P.months12_ending(2018, 11)
    assert (p.start, p.end) == (date(2017, 12, 1), date(2018, 11, 30))


def test_twelve_months_ending_december_converts_to_the_year_only():
    assert P.convert(P.months12_ending(2017, 12), "year") == P.year(2017)
    with pytest.raises(PeriodError, match="rolling 12-month sum"):
        P.convert(P.months12_ending(2018, 11), "year")
    with pytest.raises(PeriodError):
        P.convert(P.months12_ending(2018, 11), "month")


def test_calendar_periods_convert_only_to_coarser_containing_ones():
    assert P.convert(P.month(2018, 5), "quarter") == P.quarter(2018, 2)
    assert P.convert(P.quarter(2018, 3), "half_year") == P.half_year(2018, 2)
    assert P.convert(P.day(date(2018, 5, 3)), "mmwr_week").label == "2018-W18-MMWR"
    with pytest.raises(PeriodError, match="do not nest"):
        P.convert(P.year(2018), "month")
    with pytest.raises(PeriodError, match="do not nest"):
        P.convert(P.mmwr_week(2018, 5), "month")


def test_bad_labels_and_numbers_are_refused_with_a_hint():
    with pytest.raises(PeriodError) as e:
        P.parse("Nov 2018")
    assert "12ME-2018-11" in e.value.hint
    with pytest.raises(PeriodError):
        P.month(2018, 13)
    with pytest.raises(PeriodError):
        P.mmwr_week(2019, 53)


def test_from_row_rejects_a_span_that_is_not_its_type():
    assert P.from_row("month", date(2018, 2, 1), date(2018, 2, 28)) == P.month(2018, 2)
    with pytest.raises(PeriodError):
        P.from_row("month", date(2018, 2, 1), date(2018, 3, 31))
