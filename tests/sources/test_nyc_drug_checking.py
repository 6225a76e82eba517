"""NYC Drug Checking Program tables: samples, lab positivity by month and by sold-as class."""

from __future__ import annotations

import calendar
from datetime import date

import pytest

from nadd.ingest import get
from nadd.observations import Filter, query
from tests.conftest import replace_cell
from tests.helpers import assert_refused, load_bundled, value, loaded_store

SRC = "nyc_drug_checking"
NYC = "US-NY-NYC"
COUNTS, BY_CLASS, PANEL = ("data_counts_per_month.csv", "data_fent_pos_by_substance_class.csv",
                           "data_multipanel_positivity.csv")
OPIOID = "lab:sold-as-opioid"


@pytest.fixture(scope="module")
def loaded():
    """One store with the source loaded, shared by the read-only tests of this module."""
    yield from loaded_store(SRC)


def bundled(name: str):
    return next(p for p in get(SRC).bundled_paths() if p.name.startswith(name))


def month(y: int, m: int) -> dict:
    return dict(period_type="month", start=date(y, m, 1), end=date(y, m, calendar.monthrange(y, m)[1]))


def test_rows_read_per_file(loaded):
    _, reports = loaded
    # counts: 55 months; by class: 5 classes x (samples, fentanyl count, %);
    # multipanel: 12 months x (samples + 3 substances x (count, %))
    assert {r.file: r.rows_read for r in reports} == {COUNTS: 55, BY_CLASS: 15, PANEL: 84}
    assert all(r.rows_added == r.rows_read for r in reports)


def test_provenance_sanity_sample_counts(loaded):
    store, _ = loaded
    monthly = query(store, Filter(source=SRC, indicator="drug_checking_samples", setting="all"))
    assert len(monthly) == 55 and monthly["value"].sum() == 4182
    assert set(monthly["status"]) == {"provisional"}
    assert value(store, indicator="drug_checking_samples", jurisdiction=NYC, setting="all", **month(2025, 8)) == 155
    assert value(store, indicator="drug_checking_samples", jurisdiction=NYC, setting="all", **month(2021, 11)) == 22


def test_provenance_sanity_fentanyl_by_sold_as_class(loaded):
    store, _ = loaded
    cum = dict(indicator="drug_checking_detections", jurisdiction=NYC, substance="fentanyl",
               period_type="day", start=date(2026, 5, 31))
    assert value(store, **cum, setting=OPIOID, unit="percent") == 89.16
    assert value(store, **cum, setting=OPIOID, unit="count") == 1448
    assert value(store, indicator="drug_checking_samples", setting=OPIOID, period_type="day") == 1624
    assert value(store, **cum, setting="lab:sold-as-cocaine", unit="percent") == 0.83
    note = query(store, Filter(source=SRC, setting="lab:sold-as-cocaine", unit="percent"))["note"].iloc[0]
    assert note.startswith("cumulative Nov 2021 to May 2026")


def test_provenance_sanity_medetomidine_and_xylazine(loaded):
    store, _ = loaded
    med = dict(indicator="drug_checking_detections", jurisdiction=NYC, substance="medetomidine",
               setting=OPIOID, unit="percent")
    assert value(store, **med, **month(2025, 5)) == 37.5
    assert value(store, **med, **month(2026, 3)) == 61.54
    xyl = query(store, Filter(indicator="drug_checking_detections", substance="xylazine", unit="percent"))
    assert len(xyl) == 12 and 20 <= xyl["value"].min() and xyl["value"].max() <= 56
    assert value(store, indicator="drug_checking_detections", substance="fentanyl", setting=OPIOID,
                 unit="count", **month(2025, 8)) == 62  # by hand: Aug 2025 row


def test_loading_again_adds_nothing(loaded):
    store, _ = loaded
    assert [r.rows_added for r in load_bundled(store, SRC)] == [0, 0, 0]


def test_bad_month_label_is_refused(synced, tmp_path):
    bad = replace_cell(bundled(COUNTS), tmp_path, 2, "Nov 2021", "Novembre 2021")
    assert_refused(synced, SRC, bad, row=2, column="yr_mo")


def test_bad_percent_is_refused(synced, tmp_path):
    bad = replace_cell(bundled(PANEL), tmp_path, 3, "41.3", "41.3x")
    assert_refused(synced, SRC, bad, row=3, column="Pct_Lab_Med_Pos")
