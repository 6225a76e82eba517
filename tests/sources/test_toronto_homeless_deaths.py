"""Toronto deaths of people experiencing homelessness: drug toxicity, all-cause totals, traps."""

from __future__ import annotations

from datetime import date

import pytest

from nadd.ingest import get, load_file
from nadd.observations import Filter, query
from tests.conftest import replace_cell
from tests.helpers import assert_refused, load_bundled, value, loaded_store

SRC = "toronto_homeless_deaths"
BY_CAUSE = "toronto_homeless_deaths_by_cause_year_age_gender_2017_2023.csv"
BY_MONTH = "toronto_homeless_deaths_by_month_2017_2023.csv"
BY_DEMO = "toronto_homeless_deaths_by_year_age_gender_2017_2023.csv"
WHERE = dict(jurisdiction="CA-ON", setting="toronto-homeless")
YEARS = range(2017, 2024)


@pytest.fixture(scope="module")
def loaded():
    """One store with the source loaded, shared by the read-only tests of this module."""
    yield from loaded_store(SRC)


def bundled(name: str):
    return next(p for p in get(SRC).bundled_paths() if p.name.startswith(name))


def by_year(frame):
    return frame.groupby(frame["period_start"].map(lambda d: d.year))["value"].sum().astype(int).to_dict()


def test_rows_read_per_file(loaded):
    _, reports = loaded
    # by cause: only the 49 drug-toxicity rows (29 'Drug toxicity' + 20 'Drug Toxicity')
    assert {r.file: r.rows_read for r in reports} == {BY_CAUSE: 49, BY_MONTH: 84, BY_DEMO: 75}
    assert all(r.rows_added == r.rows_read for r in reports)


def test_provenance_sanity_drug_toxicity_both_spellings(loaded):
    store, _ = loaded
    drug = query(store, Filter(source=SRC, indicator="drug_deaths", substance="all-drugs", **WHERE))
    assert by_year(drug) == dict(zip(YEARS, [32, 33, 39, 75, 127, 93, 59]))


def test_provenance_sanity_all_cause_by_month(loaded):
    store, _ = loaded
    monthly = query(store, Filter(source=SRC, indicator="all_cause_deaths", period_type="month", **WHERE))
    assert len(monthly) == 84
    assert by_year(monthly) == dict(zip(YEARS, [101, 94, 127, 145, 219, 187, 149]))
    assert value(store, indicator="all_cause_deaths", period_type="month", start=date(2022, 7, 1),
                 end=date(2022, 7, 31), **WHERE) == 19


def test_demographic_table_kept_as_published(loaded):
    """The publisher's tables do not reconcile (2021: 223 here vs 219 by month); both are kept."""
    store, _ = loaded
    demo = query(store, Filter(source=SRC, indicator="all_cause_deaths", period_type="year", **WHERE))
    assert by_year(demo)[2021] == 223
    y2017 = dict(period_type="year", start=date(2017, 1, 1), end=date(2017, 12, 31), **WHERE)
    assert value(store, indicator="all_cause_deaths", sex="other", age_group="20-39", **y2017) == 1
    assert value(store, indicator="all_cause_deaths", sex="female", age_group="unknown", **y2017) == 1
    assert value(store, indicator="drug_deaths", sex="male", age_group="60+", **y2017) == 3
    assert value(store, indicator="drug_deaths", sex="female", age_group="0-19",
                 period_type="year", start=date(2021, 1, 1), end=date(2021, 12, 31), **WHERE) == 1


def test_loading_again_adds_nothing(loaded):
    store, _ = loaded
    assert [r.rows_added for r in load_bundled(store, SRC)] == [0, 0, 0]


def test_two_spellings_on_one_stratum_are_summed(synced, tmp_path):
    # line 26 (Accident, 2017, 60+, Male, 3) relabelled: now two drug rows share that stratum
    path = replace_cell(bundled(BY_CAUSE), tmp_path, 26, "Accident", "Drug toxicity")
    report = load_file(synced, get(SRC), path)
    assert report.rows_read == 49
    row = query(synced, Filter(indicator="drug_deaths", sex="male", age_group="60+",
                               start=date(2017, 1, 1), end=date(2017, 12, 31), **WHERE)).iloc[0]
    assert row["value"] == 6 and row["note"] == "sum of 2 rows (cause spellings)"


def test_bad_count_is_refused(synced, tmp_path):
    bad = replace_cell(bundled(BY_MONTH), tmp_path, 2, "July,19", "July,1 9")
    assert_refused(synced, SRC, bad, row=2, column="Count")


def test_unknown_gender_label_is_refused(synced, tmp_path):
    bad = replace_cell(bundled(BY_DEMO), tmp_path, 3, "Transgender", "Trans")
    assert_refused(synced, SRC, bad, row=3, column="Gender")
