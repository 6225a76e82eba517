"""OEPS v2 state table and county subset: rates, population, naloxone law dates, refusals."""

from __future__ import annotations

from datetime import date

import pytest

from nadd.ingest import get
from nadd.observations import Filter, query
from tests.conftest import replace_cell
from tests.helpers import assert_refused, load_bundled, value, loaded_store

SRC = "oeps"
STATE, COUNTY = "S_Latest_state.csv", "C_Latest_county_overdose_access_subset.csv"
Y2020 = dict(period_type="year", start=date(2020, 1, 1), end=date(2020, 12, 31))


@pytest.fixture(scope="module")
def loaded():
    """One store with the source loaded, shared by the read-only tests of this module."""
    yield from loaded_store(SRC)


def bundled(name: str):
    return next(p for p in get(SRC).bundled_paths() if p.name.startswith(name))


def test_rows_read_per_file(loaded):
    _, reports = loaded
    # state: 51 x (7 rates + population) + 106 law dates; county: 3,142 x (7 rates + population)
    assert {r.file: r.rows_read for r in reports} == {STATE: 51 * 8 + 106, COUNTY: 3142 * 8}
    assert all(r.rows_added == r.rows_read for r in reports)


@pytest.mark.parametrize("state,rate", [("US-AL", 22.3), ("US-AK", 22.0), ("US-AZ", 35.8),
                                        ("US-AR", 19.1), ("US-CA", 21.8)])
def test_provenance_sanity_state_rates_2020(loaded, state, rate):
    store, _ = loaded
    assert value(store, indicator="death_rate", jurisdiction=state, substance="all-drugs", **Y2020) == rate


@pytest.mark.parametrize("state,law_day", [("US-CA", date(2008, 1, 1)), ("US-AL", date(2015, 7, 1))])
def test_provenance_sanity_any_naloxone_law_date(loaded, state, law_day):
    store, _ = loaded
    assert value(store, indicator="naloxone_law_in_force", jurisdiction=state, period_type="day",
                 start=law_day, end=law_day, setting="law:any-naloxone-access", unit="boolean") == 1


def test_values_checked_by_hand(loaded):
    store, _ = loaded
    assert value(store, indicator="death_rate", jurisdiction="US-WV", **Y2020) == 81.4
    assert value(store, indicator="population", jurisdiction="US-AL", start=date(2018, 1, 1)) == 4864680
    harris = query(store, Filter(indicator="death_rate", jurisdiction="US-TX-48201", **Y2020)).iloc[0]
    assert harris["value"] == 18.8 and harris["status"] == "estimated"
    assert value(store, indicator="population", jurisdiction="US-CA-06037") == 10098052
    # CT has all three laws on different days; NE has no standing-order date -> no row
    ct = query(store, Filter(indicator="naloxone_law_in_force", jurisdiction="US-CT"))
    assert dict(zip(ct["setting"], ct["period_start"])) == {
        "law:any-naloxone-access": date(2003, 10, 1), "law:standing-order": date(2017, 10, 1),
        "law:pharmacist-prescriptive-authority": date(2015, 7, 1)}
    ne = query(store, Filter(indicator="naloxone_law_in_force", jurisdiction="US-NE"))
    assert list(ne["setting"]) == ["law:any-naloxone-access"]


def test_blank_county_rates_are_not_available(loaded):
    """Kusilvak (02158, renamed in 2015) has rates for 2019-2020 only: 2014-2018 cells are blank."""
    store, _ = loaded
    k = query(store, Filter(indicator="death_rate", jurisdiction="US-AK-02158")).sort_values("period_start")
    assert list(k["status"]) == ["not_available"] * 5 + ["estimated"] * 2
    assert list(k["value"].iloc[-2:]) == [12.3, 14.8]


def test_loading_again_adds_nothing(loaded):
    store, _ = loaded
    assert [r.rows_added for r in load_bundled(store, SRC)] == [0, 0]


def test_bad_rate_is_refused(synced, tmp_path):
    bad = replace_cell(bundled(COUNTY), tmp_path, 2625, ",18.8,", ",18..8,")
    assert_refused(synced, SRC, bad, row=2625, column="OdMortRt20")


def test_unknown_county_is_refused(synced, tmp_path):
    bad = replace_cell(bundled(COUNTY), tmp_path, 2625, ",48201,", ",48999,")
    assert_refused(synced, SRC, bad, row=2625, column="GEOID")


def test_bad_law_date_is_refused(synced, tmp_path):
    bad = replace_cell(bundled(STATE), tmp_path, 2, ",7/1/2015,7/1/2015,", ",7/41/2015,7/1/2015,")
    assert_refused(synced, SRC, bad, row=2, column="AnyNalDt")
