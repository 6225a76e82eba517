"""PHAC Opioid- and Stimulant-related Harms: counts, known values, idempotence, refusals, traps."""

from __future__ import annotations

from datetime import date

import pytest

from nadd.ingest import get
from nadd.observations import Filter, query
from tests.conftest import plain_copy
from tests.helpers import assert_refused, load_bundled, value, loaded_store

SRC = "phac_harms"
ROWS_IN_FILE = 24_464
YEAR_TO_DATE_ROWS = 2_266  # "2025 (Jan to Sep)": skipped, a partial year is not a year


@pytest.fixture(scope="module")
def loaded():
    """One store with the source loaded, shared by the read-only tests of this module."""
    yield from loaded_store(SRC)


def bundled():
    return get(SRC).bundled_paths()[0]


def year(store, y, **flt):
    base = {"indicator": "drug_deaths", "jurisdiction": "CA", "substance": "opioids", "unit": "count",
            "sex": "all", "age_group": "all", "manner": "all", "setting": "all"}
    return value(store, **{**base, **flt, "period_type": "year", "start": date(y, 1, 1), "end": date(y, 12, 31)})


def test_reads_every_row_but_the_year_to_date_ones(loaded):
    store, (report,) = loaded
    assert report.file == "SubstanceHarmsData.csv"
    assert report.rows_read == ROWS_IN_FILE - YEAR_TO_DATE_ROWS == 22_198
    assert report.rows_added == 22_198


def test_no_two_rows_share_a_key(loaded):
    store, _ = loaded
    n, keys = store.df("SELECT count(*) AS n, count(DISTINCT key_id) AS k FROM observations "
                       "WHERE source_id = ?", [SRC]).iloc[0]
    assert n == keys == 22_198


def test_provenance_sanity_values(loaded):
    store, _ = loaded
    assert year(store, 2016) == 2832
    assert year(store, 2019) == 3585
    assert year(store, 2021) == 7546
    assert year(store, 2023) == 8020
    assert year(store, 2024) == 7313


def test_values_checked_by_hand_in_the_raw_file(loaded):
    store, _ = loaded
    # line 68: Opioids,Deaths,Overall numbers,British Columbia,59,By year,2023,,,Crude rate,40.5
    assert year(store, 2023, jurisdiction="CA-BC", unit="per_100k") == 40.5
    # line 18175: Stimulants,Hospitalizations,Overall numbers,Alberta,48,By quarter,2022 Q2,...,86
    assert value(store, indicator="hospitalisations", jurisdiction="CA-AB", substance="stimulants",
                 period_type="quarter", start=date(2022, 4, 1), end=date(2022, 6, 30),
                 unit="count", sex="all", age_group="all", setting="all") == 86
    # line 11482: Opioids,EMS,Overall numbers,"Winnipeg, Manitoba",46,By year,2017,,,Number,1520
    assert year(store, 2017, indicator="ems_responses", jurisdiction="CA-MB-WINNIPEG") == 1520
    # line 3831: Opioids,Deaths,Sex and age group,Canada,1,By year,2020,20 to 29 years,Male,Number,834
    assert year(store, 2020, sex="male", age_group="20-29") == 834
    # line 2666: Opioids,Deaths,Type of opioids,Canada,1,By year,2022,2022,Fentanyl,Percent,82
    assert year(store, 2022, substance="fentanyl", unit="percent", setting="type-of-opioids") == 82
    # line 5836: Opioids,Hospitalizations,Intent,Canada,...,2021,2021,Intentional,Percent,18
    assert year(store, 2021, indicator="hospitalisations", unit="percent", manner="suicide") == 18


def test_recent_periods_are_provisional(loaded):
    store, _ = loaded
    df = query(store, Filter(source=SRC, indicator="drug_deaths", jurisdiction="CA", substance="opioids",
                             unit="count", sex="all", age_group="all", period_type="year"))
    status = dict(zip(df["period_start"].map(lambda d: d.year), df["status"]))
    assert status[2022] == "reported"
    assert status[2023] == status[2024] == "provisional"  # within 24 months of 2025 Q3


def test_year_to_date_rows_are_not_loaded_as_a_year(loaded):
    store, _ = loaded
    df = query(store, Filter(source=SRC, start=date(2025, 1, 1)))
    assert set(df["period_type"]) == {"quarter"}
    q = query(store, Filter(source=SRC, indicator="drug_deaths", jurisdiction="CA", substance="opioids",
                            unit="count", period_type="quarter", start=date(2025, 1, 1)))
    assert q["value"].tolist() == [1414, 1408, 1329]  # lines 58-60


def test_suppressed_and_na_cells_keep_their_status(loaded):
    store, _ = loaded
    # line 557: Opioids,Deaths,Overall numbers,Prince Edward Island,11,By quarter,2017 Q1,,,Number,Suppr.
    df = query(store, Filter(source=SRC, indicator="drug_deaths", jurisdiction="CA-PE", substance="opioids",
                             period_type="quarter", start=date(2017, 1, 1), end=date(2017, 3, 31), unit="count"))
    assert df["status"].tolist() == ["suppressed"] and df["value"].isna().all()
    counts = store.df("SELECT status, count(*) AS n FROM observations WHERE source_id = ? GROUP BY status",
                      [SRC]).set_index("status")["n"].to_dict()
    assert counts["suppressed"] == 2095 and counts["not_available"] == 5192


def test_loading_again_adds_nothing(loaded):
    store, _ = loaded
    again = load_bundled(store, SRC)
    assert [r.rows_added for r in again] == [0]


def test_corrupted_copy_is_refused_naming_each_bad_cell(loaded, tmp_path):
    store, _ = loaded  # refused: this loaded store must stay unchanged
    # One copy, one parse (the file is large): every failure is collected before refusing.
    src = plain_copy(bundled(), tmp_path)
    lines = src.read_text(encoding="utf-8").split("\n")
    edits = {19: (",8020", ",8O20"),  # bad number
             58: ("2025 Q1", "2025 Q5"),  # bad quarter
             68: ("British Columbia,59,", "British Columbia,48,"),  # PRUID contradicts Region
             78: ("British Columbia,59,", "Atlantis,59,")}  # unknown region
    for n, (old, new) in edits.items():
        assert old in lines[n - 1]
        lines[n - 1] = lines[n - 1].replace(old, new, 1)
    while not lines[-1]:
        lines.pop()
    lines.append(lines[19])  # line 20 again, as the last line: a duplicate key
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    err = assert_refused(store, SRC, src, row=19, column="Value")
    found = {(f.row, f.column) for f in err.failures}
    assert {(58, "Year_Quarter"), (68, "PRUID"), (78, "Region"), (len(lines), None)} <= found
    # The duplicate is refused by the loader's key check (column None), naming the first copy.
    dup = [f for f in err.failures if f.row == len(lines) and f.column is None]
    assert len(dup) == 1 and "row 20" in dup[0].expected
    assert all(f.file == "SubstanceHarmsData.csv" for f in err.failures)
