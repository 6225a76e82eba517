"""The indicator table: complete, trilingual, and every default unit is a valid unit."""

from __future__ import annotations

import pytest

from nadd.errors import NotFound
from nadd.model import indicators as ind
from nadd.model import units

REQUIRED = [
    "drug_deaths", "all_cause_deaths", "pct_deaths_drug_specified", "hospitalisations", "ed_visits",
    "ems_responses", "lab_reports", "seizure_events", "seized_quantity", "drug_crime_incidents",
    "drug_checking_samples", "drug_checking_detections", "firearm_seizures", "firearm_crimes",
    "trafficking_arrests", "trafficking_prosecutions", "suspicious_activity_reports", "enforcement_actions",
    "naloxone_access_sites", "naloxone_law_in_force", "population", "death_rate", "drug_price",
    "drug_purity", "treatment_mentions",
]


def test_every_required_indicator_exists():
    missing = [i for i in REQUIRED if not ind.exists(i)]
    assert not missing


def test_every_indicator_default_unit_is_a_valid_unit():
    df = ind.all_indicators()
    bad = df[~df["default_unit"].map(units.is_valid)]
    assert bad.empty, bad[["id", "default_unit"]]


def test_units_of_key_indicators():
    assert ind.get("drug_deaths").default_unit == "count"
    assert ind.get("death_rate").default_unit == "per_100k"
    assert ind.get("seized_quantity").default_unit == "kg"
    assert ind.get("pct_deaths_drug_specified").default_unit == "percent"
    assert ind.get("naloxone_law_in_force").default_unit == "boolean"
    assert ind.get("population").default_unit == "person"


def test_every_indicator_has_names_and_definitions_in_three_languages():
    df = ind.all_indicators()
    assert not df["id"].duplicated().any()
    for lang in ("en", "es", "fr"):
        assert (df[f"name_{lang}"].str.strip() != "").all()
        assert (df[f"definition_{lang}"].str.len() > 20).all()


def test_name_and_definition_by_language():
    assert ind.name("drug_deaths", "es") == "Muertes por sobredosis de drogas"
    assert ind.name("drug_deaths", "fr").startswith("Décès")
    assert "NFLIS" in ind.definition("lab_reports", "en")


def test_unknown_indicator_raises_not_found_with_closest_ids():
    with pytest.raises(NotFound) as err:
        ind.get("drug_death")
    assert "drug_deaths" in (err.value.hint or "")
    with pytest.raises(NotFound):
        ind.name("drug_deaths", "de")
