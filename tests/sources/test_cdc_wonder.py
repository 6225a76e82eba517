"""CDC WONDER Multiple Cause of Death T-code extracts: counts, known values, refusals, traps."""

from __future__ import annotations

from datetime import date

import pytest

from nadd.ingest import get
from nadd.observations import Filter, query
from tests.conftest import replace_cell
from tests.helpers import assert_refused, load_bundled, value, loaded_store

SRC = "cdc_wonder"
COMBINED = "wonder_mcd_T40.1-2-4_T43.6_state_year_2013_2020.txt"
T404_STATE = "wonder_mcd_T40.4_state_year_2013_2020.txt"
RESAVED = "wonder_mcd_T40.1_national_sex_year_2013_2020.txt"
Y2013, Y2015, Y2018, Y2020 = (date(y, 1, 1) for y in (2013, 2015, 2018, 2020))


@pytest.fixture(scope="module")
def loaded():
    """One store with the source loaded, shared by the read-only tests of this module."""
    yield from loaded_store(SRC)


def bundled(name: str):
    return next(p for p in get(SRC).bundled_paths() if p.name.startswith(name))


def test_reads_three_cells_per_data_row_of_every_file(loaded):
    _, reports = loaded
    read = {r.file: r.rows_read for r in reports}
    # 408 state-years, 816 state-sex-years, 24 national rows (16 by sex + 8 yearly totals), x3
    assert read == {
        COMBINED: 1224, T404_STATE: 1224,
        **{f"wonder_mcd_{c}_state_sex_year_2013_2020.txt": 2448 for c in ("T40.1", "T40.2", "T40.4", "T43.6")},
        **{f"wonder_mcd_{c}_national_sex_year_2013_2020.txt": 72 for c in ("T40.1", "T40.2", "T40.4", "T43.6")},
    }


def test_population_repeated_across_files_is_stored_once(loaded):
    store, reports = loaded
    added = {r.file: r.rows_added for r in reports}
    assert added[COMBINED] == 1224 and added[T404_STATE] == 1224 - 408
    assert added["wonder_mcd_T40.1_state_sex_year_2013_2020.txt"] == 2448
    assert added["wonder_mcd_T40.2_state_sex_year_2013_2020.txt"] == 2448 - 816
    assert added[RESAVED] == 72 and added["wonder_mcd_T40.2_national_sex_year_2013_2020.txt"] == 48
    pop = query(store, Filter(source=SRC, indicator="population"))
    assert len(pop) == 408 + 816 + 24


def test_provenance_sanity_national_fentanyl_2013(loaded):
    store, _ = loaded
    q = dict(indicator="drug_deaths", jurisdiction="US", substance="icd-t40.4", start=Y2013, end=date(2013, 12, 31))
    assert value(store, **q, sex="all") == 3105
    assert value(store, **q, sex="female") == 1431
    assert value(store, **q, sex="male") == 1674


def test_values_checked_by_hand_in_the_raw_files(loaded):
    store, _ = loaded
    al = dict(jurisdiction="US-AL", start=Y2013, end=date(2013, 12, 31), sex="all")
    grp = "icd-t40.1-t40.2-t40.4-t43.6"
    assert value(store, indicator="drug_deaths", substance=grp, **al) == 137
    assert value(store, indicator="death_rate", substance=grp, **al) == 2.8
    assert value(store, indicator="population", **al) == 4833722
    tx = dict(jurisdiction="US-TX", start=Y2020, end=date(2020, 12, 31))
    assert value(store, indicator="drug_deaths", substance="icd-t40.4", sex="all", **tx) == 1050
    assert value(store, indicator="drug_deaths", substance="icd-t43.6", sex="male", **tx) == 1092
    assert value(store, indicator="population", sex="female", **tx) == 14779708
    us20 = dict(jurisdiction="US", start=Y2020, end=date(2020, 12, 31), substance="icd-t40.2")
    assert value(store, indicator="drug_deaths", sex="all", **us20) == 13472
    assert value(store, indicator="death_rate", sex="male", **us20) == 5.0


def test_resaved_spreadsheet_file_reads_like_the_others(loaded):
    """No quotes, bare '---' footer, an unlabelled 9th column of percent changes (ignored)."""
    store, _ = loaded
    us18 = dict(jurisdiction="US", substance="icd-t40.1", start=Y2018, end=date(2018, 12, 31))
    assert value(store, indicator="drug_deaths", sex="female", **us18) == 3705
    assert value(store, indicator="death_rate", sex="female", **us18) == 2.2  # not -8.33
    assert value(store, indicator="death_rate", sex="all", jurisdiction="US", substance="icd-t40.1",
                 start=Y2015, end=date(2015, 12, 31)) == 4


def test_combined_file_is_one_group_and_never_split_into_single_codes(loaded):
    store, _ = loaded
    combined = query(store, Filter(source=SRC, indicator="drug_deaths", substance="icd-t40.1-t40.2-t40.4-t43.6"))
    assert len(combined) == 408 and set(combined["sex"]) == {"all"}
    # state x year with sex all: only the group and T40.4 (its own file); no split of the group
    state_all = query(store, Filter(source=SRC, indicator="drug_deaths", sex="all"))
    state_all = state_all[state_all["jurisdiction_id"] != "US"]
    assert set(state_all["substance_id"]) == {"icd-t40.1-t40.2-t40.4-t43.6", "icd-t40.4"}


def test_totals_kept_only_as_national_yearly_figures(loaded):
    store, _ = loaded
    us = query(store, Filter(source=SRC, indicator="drug_deaths", jurisdiction="US"))
    assert len(us) == 4 * 24 and set(us["period_type"]) == {"year"}  # grand total 2013-2020 skipped


def test_suppressed_and_unreliable_markers(loaded):
    store, _ = loaded
    nd = query(store, Filter(source=SRC, jurisdiction="US-ND", start=Y2013, end=date(2013, 12, 31),
                             substance="icd-t40.1-t40.2-t40.4-t43.6"))
    assert set(nd["status"]) == {"suppressed"} and nd["value"].isna().all()
    ak = query(store, Filter(source=SRC, indicator="death_rate", jurisdiction="US-AK", sex="all",
                             substance="icd-t40.4", start=Y2015, end=date(2015, 12, 31))).iloc[0]
    assert ak["status"] == "not_available" and ak["note"].startswith("Unreliable")
    assert value(store, indicator="drug_deaths", jurisdiction="US-AK", sex="all", substance="icd-t40.4",
                 start=Y2015, end=date(2015, 12, 31)) == 14


def test_loading_again_adds_nothing(loaded):
    store, _ = loaded
    again = load_bundled(store, SRC)
    assert all(r.rows_added == 0 for r in again)


def test_bad_death_count_is_refused_naming_file_row_column(synced, tmp_path):
    bad = replace_cell(bundled(COMBINED), tmp_path, 2, "\t137\t", "\t13o7\t")
    assert_refused(synced, SRC, bad, row=2, column="Deaths")


def test_unknown_state_code_is_refused(synced, tmp_path):
    bad = replace_cell(bundled(T404_STATE), tmp_path, 353, '"48"', '"98"')
    assert_refused(synced, SRC, bad, row=353, column="State Code")


def test_bad_rate_in_resaved_file_is_refused(synced, tmp_path):
    bad = replace_cell(bundled(RESAVED), tmp_path, 17, "\t2.2\t", "\t2..2\t")
    assert_refused(synced, SRC, bad, row=17, column="Crude Rate")


def test_query_for_codes_without_a_substance_id_is_refused(synced, tmp_path):
    """The substance comes from the footer's query line; an unmapped code set names that line."""
    bad = replace_cell(bundled("wonder_mcd_T40.4_national"), tmp_path, 30,
                       "T40.4 (Other synthetic narcotics)", "T40.5 (Cocaine)")
    assert_refused(synced, SRC, bad, row=30, column=None)
