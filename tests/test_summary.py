"""The trilateral summary puts the countries side by side and shows gaps as gaps."""

import pandas as pd
import pytest

from nadd.i18n import LANGS, MESSAGES
from nadd.summary import summary
from tests.helpers import load_bundled


@pytest.fixture(scope="module")
def loaded():
    from nadd.ingest import sync_reference
    from nadd.store import open_store

    s = open_store("duckdb:///:memory:")
    sync_reference(s)
    for source in ("cdc_vsrr", "cdc_wonder", "phac_harms", "sesnsp"):
        load_bundled(s, source)
    yield s
    s.close()


def _row(df, measure, country):
    return df[(df.measure_id == measure) & (df.country_id == country)].iloc[0]


def test_us_and_canada_opioid_deaths_side_by_side_with_rates(loaded):
    df = summary(loaded)
    us, ca = _row(df, "opioid_deaths", "US"), _row(df, "opioid_deaths", "CA")
    assert (us.source, ca.source) == ("cdc_vsrr", "phac_harms")
    assert ca.value == 7_313 and ca.period == "2024"  # latest complete year in the March 2026 release
    assert ca.rate_per_100k == pytest.approx(17.7) and "as published" in ca.note
    # VSRR 12 months ending Nov 2018, rate from the WONDER population of 2018
    assert us.period == "12 months ending 2018-11" and us.value == 46_421
    assert us.rate_per_100k == pytest.approx(46_421 / 327_167_434 * 1e5, rel=1e-6)


def test_all_drug_deaths_us_known_value(loaded):
    assert _row(summary(loaded), "all_drug_deaths", "US").value == 66_986


def test_mexico_is_shown_as_a_data_gap_not_left_out(loaded):
    df = summary(loaded)
    mx = _row(df, "opioid_deaths", "MX")
    assert mx.status == "data_gap" and pd.isna(mx.value) and "data gap" in mx.note
    assert set(df.country_id) == {"US", "CA", "MX"}
    crime = _row(df, "drug_crime", "MX")
    assert crime.value == 92_256 and crime.period == "2024"


@pytest.mark.parametrize("lang,word", [("es", "vacío de datos"), ("fr", "lacune")])
def test_summary_speaks_spanish_and_french(loaded, lang, word):
    df = summary(loaded, lang)
    assert word in _row(df, "opioid_deaths", "MX").note
    assert _row(df, "opioid_deaths", "MX").country == {"es": "México", "fr": "Mexique"}[lang]


def test_every_message_exists_in_the_three_languages():
    for key, entry in MESSAGES.items():
        assert set(entry) == set(LANGS), key
        assert all(entry[lang].strip() for lang in LANGS), key
