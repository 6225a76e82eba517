"""CBP drug seizures: fiscal months, AOR settings and states, pounds as published."""

from __future__ import annotations

from datetime import date

import pytest

from nadd.ingest import get, load_file, sync_reference
from tests.conftest import replace_cell
from tests.helpers import assert_refused, load_bundled, value, loaded_store

SOURCE = "cbp_seizures"


@pytest.fixture(scope="module")
def loaded():
    """One store with the source loaded, shared by the read-only tests of this module."""
    yield from loaded_store(SOURCE, by_file=True)


def bundled(name: str):
    return get(SOURCE).bundled_dir() / f"{name}.gz"


def test_every_published_row_gives_an_event_count_and_a_mass(loaded):
    _, reports = loaded
    # two observations (events, lb) per data row
    assert {f: r.rows_read for f, r in reports.items()} == {
        "nationwide-drugs-fy19-fy22.csv": 2 * 10092,
        "nationwide-drugs-fy23-fy26-dec.csv": 2 * 7895,
        "amo-drug-seizures-fy19-fy22.csv": 2 * 1772,
        "amo-drug-seizures-fy23-fy26-dec.csv": 2 * 1292,
    }
    assert all(r.rows_added == r.rows_read for r in reports.values())


@pytest.mark.parametrize("fy, lbs", [(2019, 2804), (2020, 4791), (2021, 11201), (2022, 14700),
                                     (2023, 27023), (2024, 21889), (2025, 12027)])
def test_fentanyl_pounds_per_fiscal_year_match_cbp_headlines(loaded, fy, lbs):
    store, _ = loaded
    total = store.scalar(
        "SELECT sum(value) FROM observations WHERE source_id = ? AND indicator_id = 'seized_quantity' "
        "AND substance_id = 'fentanyl' AND unit = 'lb' AND (setting LIKE 'ofo:%' OR setting LIKE 'usbp:%') "
        "AND period_start >= ? AND period_end <= ?",
        [SOURCE, date(fy - 1, 10, 1), date(fy, 9, 30)])
    assert round(total) == lbs


def test_fiscal_october_is_the_previous_calendar_year(loaded):
    store, _ = loaded
    # line 2230: 2019,OCT,...,Land Only,LAREDO FIELD OFFICE,Fentanyl,1,2.5132697868 (FY2019 OCT = 2018-10)
    flt = dict(indicator="seized_quantity", jurisdiction="US-TX", substance="fentanyl", period_type="month",
               start=date(2018, 10, 1), end=date(2018, 10, 31), setting="ofo:laredo-field-office:land")
    assert value(store, **flt) == pytest.approx(2.5132697868)
    assert value(store, **{**flt, "indicator": "seizure_events"}) == 1


def test_hand_checked_rows_map_aor_to_state_and_setting(loaded):
    store, _ = loaded
    # amo fy19 line 3: 2019,APR,AMO,...,Other,Caribbean Air And Marine Branch,Cocaine,4,1794.82
    flt = dict(indicator="seized_quantity", jurisdiction="US-PR", substance="cocaine",
               start=date(2019, 4, 1), end=date(2019, 4, 30),
               setting="amo:caribbean-air-and-marine-branch:non-land")
    assert value(store, **flt) == pytest.approx(1794.82)
    assert value(store, **{**flt, "indicator": "seizure_events"}) == 4
    # multi-state field office stays on the US: Atlanta, FY2026 DEC = 2025-12, 147.048... lb meth
    df = store.df("SELECT jurisdiction_id, value, status FROM observations WHERE source_id = ? "
                  "AND setting = 'ofo:atlanta-field-office:non-land' AND substance_id = 'methamphetamine' "
                  "AND period_start = ? AND unit = 'lb'", [SOURCE, date(2025, 12, 1)])
    assert df.to_dict("records") == [{"jurisdiction_id": "US", "value": pytest.approx(147.048328754),
                                      "status": "provisional"}]


def test_only_the_fiscal_year_to_date_is_provisional(loaded):
    store, _ = loaded
    rows = store.df("SELECT status, min(period_start) AS first FROM observations WHERE source_id = ? "
                    "GROUP BY status", [SOURCE]).set_index("status")["first"].to_dict()
    assert set(rows) == {"reported", "provisional"}
    assert rows["provisional"] == date(2025, 10, 1)


def test_masses_in_exponent_notation_are_read(loaded):
    store, _ = loaded
    # line 936: 2019,JAN,...,SEATTLE FIELD OFFICE,Lsd,1,6.61386786e-05
    assert value(store, indicator="seized_quantity", substance="lsd", start=date(2019, 1, 1),
                 end=date(2019, 1, 31), setting="ofo:seattle-field-office:land") == pytest.approx(6.61386786e-05)


def test_loading_again_adds_nothing(loaded):
    store, _ = loaded
    report = load_file(store, get(SOURCE), bundled("amo-drug-seizures-fy23-fy26-dec.csv"))
    assert report.rows_added == 0


def test_bad_mass_is_refused_naming_file_row_and_column(loaded, tmp_path):
    store, _ = loaded
    bad = replace_cell(bundled("amo-drug-seizures-fy19-fy22.csv"), tmp_path, 2, ",1,2.29", ",1,2.2.9")
    assert_refused(store, SOURCE, bad, row=2, column="Sum Qty (lbs)")


def test_unknown_month_is_refused(loaded, tmp_path):
    store, _ = loaded
    bad = replace_cell(bundled("amo-drug-seizures-fy19-fy22.csv"), tmp_path, 3, "2019,APR,", "2019,APX,")
    assert_refused(store, SOURCE, bad, row=3, column="Month (abbv)")
