"""FinCEN SAR statistics: state, activity, month, service and county tables; enforcement actions."""

from __future__ import annotations

from datetime import date

import pytest

from nadd.ingest import get, load_file, sync_reference
from nadd.ingest.sources.fincen_sar import enforcement_actions
from tests.conftest import plain_copy, replace_cell
from tests.helpers import assert_refused, load_bundled, value, loaded_store

SOURCE = "fincen_sar"
SAR = "suspicious_activity_reports"


@pytest.fixture(scope="module")
def loaded():
    """One store with the source loaded, shared by the read-only tests of this module."""
    yield from loaded_store(SOURCE, by_file=True)


def bundled(name: str):
    return get(SOURCE).bundled_dir() / f"{name}.gz"


def test_rows_read_per_file(loaded):
    _, reports = loaded
    assert {f: r.rows_read for f, r in reports.items()} == {
        "sar_1996_2011_DI_ByStateTer.csv": 976,
        "sar_1996_2011_MSB_ByStateTer.csv": 976,
        "sar_1996_2011_DI_ByNature.csv": 352,
        "sar_1996_2011_MSB_ByNature.csv": 165,
        "sar_1996_2011_DI_ByYearMo.csv": 192,
        "sar_1996_2011_MSB_ByYearMo.csv": 192,
        "sar_1996_2011_MSB_ByFinancialService.csv": 96,
        # 3,357 rows summed over relationship x product x instrument per county x month x activity
        "sar_2012_MSB12_county_month_activity.csv": 2155,
        "fincen_enforcement_actions.csv": 18,  # one count per year 1999-2016
    }
    assert all(r.rows_added == r.rows_read for r in reports.values())


def test_hand_checked_table_values(loaded):
    store, _ = loaded
    y1996 = dict(indicator=SAR, period_type="year", start=date(1996, 1, 1), end=date(1996, 12, 31))
    assert value(store, jurisdiction="US-AL", setting="di", **y1996) == 362
    assert value(store, jurisdiction="US-CA", setting="di", **y1996) == 12631
    assert value(store, jurisdiction="US", setting="di:bribery-gratuity", **y1996) == 115
    assert value(store, jurisdiction="US", indicator=SAR, setting="di", period_type="month",
                 start=date(1996, 4, 1), end=date(1996, 4, 30)) == 2171


def test_places_that_are_not_states(loaded):
    store, _ = loaded
    jur = set(store.df("SELECT DISTINCT jurisdiction_id AS j FROM observations WHERE source_id = ? "
                       "AND source_file LIKE '%ByStateTer%'", [SOURCE])["j"])
    assert {"FM", "MH", "PW", "US-VI", "US-PR", "US-GU", "US-AS", "US-MP", "US-DC"} <= jur
    settings = set(store.df("SELECT DISTINCT setting AS s FROM observations WHERE source_id = ? "
                            "AND jurisdiction_id = 'US' AND source_file LIKE '%ByStateTer%'", [SOURCE])["s"])
    assert settings == {"di:overseas", "di:state-unknown", "msb:overseas", "msb:state-unknown"}


def test_years_a_table_does_not_cover_are_not_available_not_zero(loaded):
    store, _ = loaded
    # MSB SAR reporting began in 2002: the published zeros before it are not counts
    df = store.df("SELECT DISTINCT status FROM observations WHERE source_id = ? AND setting = 'msb' "
                  "AND period_start < ?", [SOURCE, date(2002, 1, 1)])
    assert df["status"].tolist() == ["not_available"]
    assert value(store, indicator=SAR, jurisdiction="US-CA", setting="msb", period_type="year",
                 start=date(2005, 1, 1), end=date(2005, 12, 31)) > 0


def test_county_rows_are_summed_per_activity(loaded):
    store, _ = loaded
    # Jefferson County, AL, April 2012, ACH: lines 2, 3 and 462 give 2 + 1 + 11
    df = store.df("SELECT value, status, note FROM observations WHERE source_id = ? AND jurisdiction_id = "
                  "'US-AL-01073' AND setting = 'msb:ach' AND period_start = ?", [SOURCE, date(2012, 4, 1)])
    assert df.to_dict("records") == [{"value": 14.0, "status": "estimated",
                                      "note": "sum of 3 rows (relationship x product x instrument)"}]


def test_enforcement_actions_mac_roman_cr_file(loaded):
    store, _ = loaded
    actions = enforcement_actions()
    assert len(actions) == 88
    assert actions["action"][1] == "In the Matter of Sparks Nugget, Inc., d/b/a John Ascuaga\u2019s Nugget"
    assert actions["date"][0] == date(2016, 7, 15) and actions["source_row"][0] == 2
    assert value(store, indicator="enforcement_actions", jurisdiction="US", period_type="year",
                 start=date(2015, 1, 1), end=date(2015, 12, 31)) == 12
    assert store.scalar("SELECT sum(value) FROM observations WHERE source_id = ? "
                        "AND indicator_id = 'enforcement_actions'", [SOURCE]) == 88


def test_loading_again_adds_nothing(loaded):
    store, _ = loaded
    assert load_file(store, get(SOURCE), bundled("sar_1996_2011_DI_ByStateTer.csv")).rows_added == 0


def test_bad_count_is_refused(loaded, tmp_path):
    store, _ = loaded
    bad = replace_cell(bundled("sar_1996_2011_DI_ByNature.csv"), tmp_path, 2, ",1996,115", ",1996,11S")
    assert_refused(store, SOURCE, bad, row=2, column="Incidents")


def test_unknown_state_is_refused(loaded, tmp_path):
    store, _ = loaded
    bad = replace_cell(bundled("sar_1996_2011_DI_ByStateTer.csv"), tmp_path, 3, '"Alaska"', '"Alasca"')
    assert_refused(store, SOURCE, bad, row=3, column="State.Territory")


def test_bad_date_in_cr_only_file_is_refused(loaded, tmp_path):
    store, _ = loaded
    src = plain_copy(bundled("fincen_enforcement_actions.csv"), tmp_path)
    data = src.read_bytes()
    assert data.count(b"\r") > 80 and b"\n" not in data  # CR-only line endings survive the copy
    src.write_bytes(data.replace(b"3/24/16", b"3/34/16", 1))  # line 4
    assert_refused(store, SOURCE, src, row=4, column="Date")
