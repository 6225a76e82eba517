"""SESNSP narcomenudeo and firearm crimes by state and year: counts, values, refusals, traps."""

from __future__ import annotations

from datetime import date

import pytest

from nadd.ingest import get, load_file
from nadd.observations import Filter, query
from nadd.store import open_store
from tests.conftest import plain_copy, replace_cell
from tests.helpers import assert_refused, load_bundled, value, loaded_store

SRC = "sesnsp"


@pytest.fixture(scope="module")
def loaded():
    """One store with the source loaded, shared by the read-only tests of this module."""
    yield from loaded_store(SRC)


def bundled():
    return get(SRC).bundled_paths()[0]


def crime(store, y, jurisdiction="MX", indicator="drug_crime_incidents", setting="narcomenudeo",
          unit="count", sex="all"):
    return value(store, indicator=indicator, jurisdiction=jurisdiction, setting=setting, unit=unit,
                 sex=sex, period_type="year", start=date(y, 1, 1), end=date(y, 12, 31))


def test_rows_read_skip_the_partial_year(loaded):
    store, (report,) = loaded
    # 2,178 rows - 198 of 2025 = 1,980 rows -> count + rate each, + 330 femicide rates per women
    assert report.rows_read == report.rows_added == 1980 * 2 + 330 == 4290
    assert query(store, Filter(source=SRC, start=date(2025, 1, 1))).empty
    n, keys = store.df("SELECT count(*), count(DISTINCT key_id) FROM observations").iloc[0]
    assert n == keys == 4290


def test_provenance_sanity_values(loaded):
    store, _ = loaded
    assert crime(store, 2015) == 32398
    assert crime(store, 2019) == 70274
    assert crime(store, 2023) == 90071
    assert crime(store, 2024) == 92256


def test_values_checked_by_hand_in_the_raw_file(loaded):
    store, _ = loaded
    # line 2173: 2024,00,Nacional,...,Narcomenudeo,92256,69.7459136769124,
    assert crime(store, 2024, unit="per_100k") == pytest.approx(69.7459136769124)
    # line 1498: 2022,26,Sonora,...,Homicidio doloso,Con arma de fuego,920,30.152189901113925,
    assert crime(store, 2022, "MX-SON", "firearm_crimes", "homicidio-doloso") == 920
    assert crime(store, 2022, "MX-SON", "firearm_crimes", "homicidio-doloso", "per_100k") == \
        pytest.approx(30.152189901113925)
    # line 812: 2019,08,Chihuahua,...,Feminicidio,Con arma de fuego,1,0.0264...,0.0526842076980057
    assert crime(store, 2019, "MX-CHH", "firearm_crimes", "feminicidio", "per_100k", sex="female") == \
        pytest.approx(0.0526842076980057)


def test_leading_zero_state_code_and_the_bc_2015_artefact(loaded):
    store, _ = loaded
    # line 13: 2015,02,Baja California,...,Narcomenudeo,0,0.0,  (cve_ent "02" read as text)
    df = query(store, Filter(source=SRC, jurisdiction="MX-BCN", setting="narcomenudeo", unit="count",
                             period_type="year", start=date(2015, 1, 1), end=date(2015, 12, 31)))
    assert df["value"].tolist() == [0]
    assert df["note"].iloc[0].startswith("ANOMALY")


def test_loading_again_adds_nothing(loaded):
    store, _ = loaded
    assert [r.rows_added for r in load_bundled(store, SRC)] == [0]


def test_bad_number_is_refused(loaded, tmp_path):
    store, _ = loaded  # refused: this loaded store must stay unchanged
    bad = replace_cell(bundled(), tmp_path, 1498, ",920,", ",9x0,")
    assert_refused(store, SRC, bad, row=1498, column="n_delitos")


def test_unknown_state_code_is_refused(loaded, tmp_path):
    store, _ = loaded  # refused: this loaded store must stay unchanged
    bad = replace_cell(bundled(), tmp_path, 1498, "2022,26,Sonora", "2022,99,Sonora")
    assert_refused(store, SRC, bad, row=1498, column="cve_ent")


def test_bad_year_is_refused(loaded, tmp_path):
    store, _ = loaded  # refused: this loaded store must stay unchanged
    bad = replace_cell(bundled(), tmp_path, 1498, "2022,26,Sonora", "22,26,Sonora")
    assert_refused(store, SRC, bad, row=1498, column="n_year")


def test_partial_year_follows_the_vintage_being_loaded(tmp_path):
    """2025 is partial in the August 2025 copy; the same file loaded as a 2026 release keeps it."""
    from nadd.ingest import sync_reference

    s = open_store("duckdb:///:memory:")
    try:
        sync_reference(s)
        report = load_file(s, get(SRC), plain_copy(bundled(), tmp_path), vintage=date(2026, 2, 1))
        # 198 rows of 2025: count + rate each, + 33 femicide rates per women
        assert report.rows_read == report.rows_added == 4290 + 198 * 2 + 33
        assert crime(s, 2025) == 52000  # line 2179: 2025,00,Nacional,...,Narcomenudeo,52000,...
        assert crime(s, 2024) == 92256
    finally:
        s.close()
