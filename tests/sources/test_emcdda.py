"""EMCDDA Statistical Bulletin: deaths by sex, price/purity per study, supply offences."""

from __future__ import annotations

from datetime import date

import openpyxl
import pandas as pd
import pytest

from nadd.ingest import get, load_file, sync_reference
from tests.helpers import assert_refused, load_bundled, value, loaded_store

SOURCE = "emcdda"
Y2017 = dict(period_type="year", start=date(2017, 1, 1), end=date(2017, 12, 31))


@pytest.fixture(scope="module")
def loaded():
    """One store with the source loaded, shared by the read-only tests of this module."""
    yield from loaded_store(SOURCE, by_file=True)


def bundled(name: str):
    return get(SOURCE).bundled_dir() / name


def with_cell(name: str, tmp_path, ref: str, text: str):
    book = openpyxl.load_workbook(bundled(name))
    book.active[ref] = text
    out = tmp_path / name
    book.save(out)
    return out


def test_rows_read_per_file(loaded):
    _, reports = loaded
    # one observation per country (or study) x year cell, blanks kept as not_available
    assert {f: r.rows_read for f, r in reports.items()} == {
        "drugDeaths_maleDeaths.xlsx": 690,  # 30 countries x 23 years
        "drugDeaths_femaleDeaths.xlsx": 690,
        "pricePurity_cocainePriceMean.xlsx": 759,  # 33 studies x 23 years (Austria AT-1 has none)
        "pricePurity_brownHeroinPriceMean.xlsx": 644,
        "pricePurity_purityCocaineMean.xlsx": 736,
        "pricePurity_purityBrownHeroinMean.xlsx": 621,
        "drugOffenses_cocaineSuppliers.xlsx": 420,  # 30 countries x 14 years
        "drugOffenses_heroinSuppliers.xlsx": 420,
    }
    assert all(r.rows_added == r.rows_read for r in reports.values())


def test_drug_induced_deaths_by_sex(loaded):
    store, _ = loaded
    deaths = dict(indicator="drug_deaths", substance="all-drugs", **Y2017)
    assert value(store, jurisdiction="AT", sex="male", **deaths) == 125
    assert value(store, jurisdiction="AT", sex="female", **deaths) == 29
    assert value(store, jurisdiction="TR", sex="male", **deaths) == 909  # 'Turkey' in the bulletin


def test_methodological_star_becomes_a_note(loaded):
    store, _ = loaded
    notes = store.df("SELECT DISTINCT jurisdiction_id AS j, note FROM observations WHERE source_id = ? "
                     "AND sex = 'male'", [SOURCE]).set_index("j")["note"]
    assert notes["AT"].startswith("EMCDDA methodological note") and pd.isna(notes["BE"])


def test_price_and_purity_per_study(loaded):
    store, _ = loaded
    assert value(store, indicator="drug_price", jurisdiction="BE", substance="cocaine", unit="EUR",
                 setting="per-gram:study:be-2", **Y2017) == pytest.approx(50.2)  # Belgium-B
    assert value(store, indicator="drug_purity", jurisdiction="AT", substance="cocaine", unit="percent",
                 setting="study:at-1", **Y2017) == pytest.approx(51.37)
    assert value(store, indicator="drug_purity", jurisdiction="GB", substance="cocaine",
                 setting="study:uk-5", **Y2017) == 60  # 'Uk-E'


def test_supply_offences(loaded):
    store, _ = loaded
    flt = dict(indicator="drug_crime_incidents", jurisdiction="AT", setting="supply-offences", **Y2017)
    assert value(store, substance="cocaine", **flt) == 1390
    assert value(store, substance="heroin", **flt) == 801


def test_loading_again_adds_nothing(loaded):
    store, _ = loaded
    assert load_file(store, get(SOURCE), bundled("drugDeaths_maleDeaths.xlsx")).rows_added == 0


def test_bad_number_is_refused(loaded, tmp_path):
    store, _ = loaded
    bad = with_cell("drugDeaths_maleDeaths.xlsx", tmp_path, "B2", "12S")
    assert_refused(store, SOURCE, bad, row=2, column="2017")


def test_unknown_country_is_refused(loaded, tmp_path):
    store, _ = loaded
    bad = with_cell("drugOffenses_heroinSuppliers.xlsx", tmp_path, "A3", "Atlantis")
    assert_refused(store, SOURCE, bad, row=3, column="Country")
