"""CONAPO population of Mexico by state, sex and year: counts, values, projections, refusals."""

from __future__ import annotations

from datetime import date

import pytest

from nadd.ingest import get
from nadd.observations import Filter, query
from tests.conftest import replace_cell
from tests.helpers import assert_refused, load_bundled, value, loaded_store

SRC = "conapo_population"


@pytest.fixture(scope="module")
def loaded():
    """One store with the source loaded, shared by the read-only tests of this module."""
    yield from loaded_store(SRC)


def bundled():
    return get(SRC).bundled_paths()[0]


def pop(store, y, jurisdiction="MX", sex="all"):
    return value(store, indicator="population", jurisdiction=jurisdiction, sex=sex, unit="person",
                 period_type="year", start=date(y, 1, 1), end=date(y, 12, 31))


def test_every_row_is_read(loaded):
    store, (report,) = loaded
    # 1950-1969 national only (3 rows a year), 1970-2070 national + 32 states (99 rows a year)
    assert report.rows_read == report.rows_added == 20 * 3 + 101 * 99 == 10_059
    n, keys = store.df("SELECT count(*), count(DISTINCT key_id) FROM observations").iloc[0]
    assert n == keys == 10_059


def test_values_checked_by_hand_in_the_raw_file(loaded):
    store, _ = loaded
    assert pop(store, 1950) == 28463441  # line 4: 1950,Nacional,00,Total,28114127,28463441
    assert pop(store, 2020, sex="male") == 62764717  # line 5063
    assert pop(store, 2020, sex="female") == 65444453  # line 5064
    assert pop(store, 2024, "MX-SON") == 3111704  # line 5488: 2024,Sonora,26,Total,...,3111704
    assert pop(store, 2030, "MX-BCN", "female") == 2161033  # line 6006 (cve_ent "02")


def test_years_after_2020_are_projections(loaded):
    store, _ = loaded
    df = query(store, Filter(source=SRC, jurisdiction="MX", sex="all", start=date(2019, 1, 1),
                             end=date(2022, 12, 31)))
    assert df["status"].tolist() == ["reported", "reported", "estimated", "estimated"]


def test_states_sum_to_the_national_total(loaded):
    store, _ = loaded
    total = store.scalar("SELECT sum(value) FROM observations WHERE jurisdiction_id LIKE 'MX-%' "
                         "AND sex = 'all' AND period_start = DATE '2024-01-01'")
    assert total == pytest.approx(pop(store, 2024), rel=1e-6)


def test_loading_again_adds_nothing(loaded):
    store, _ = loaded
    assert [r.rows_added for r in load_bundled(store, SRC)] == [0]


def test_bad_number_is_refused(loaded, tmp_path):
    store, _ = loaded  # refused: this loaded store must stay unchanged
    bad = replace_cell(bundled(), tmp_path, 5488, ",3111704", ",3.111.704")
    assert_refused(store, SRC, bad, row=5488, column="pob_mid_year")


def test_unknown_state_code_is_refused(loaded, tmp_path):
    store, _ = loaded  # refused: this loaded store must stay unchanged
    bad = replace_cell(bundled(), tmp_path, 5488, "Sonora,26,", "Sonora,77,")
    assert_refused(store, SRC, bad, row=5488, column="cve_ent")


def test_unknown_sex_label_is_refused(loaded, tmp_path):
    store, _ = loaded  # refused: this loaded store must stay unchanged
    bad = replace_cell(bundled(), tmp_path, 5488, ",Total,", ",Todos,")
    assert_refused(store, SRC, bad, row=5488, column="genero")
