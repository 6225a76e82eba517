"""The geography reference: crosswalks, names, adjacency and map boundaries agree with each other."""

from __future__ import annotations

import csv
import json
from collections import Counter
from importlib.resources import files

import pytest

from nadd.errors import NotFound
from nadd.model import jurisdictions as j


def _codes() -> list[dict[str, str]]:
    with (files("nadd") / "reference" / "jurisdiction_codes.csv").open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def _adjacency() -> list[dict[str, str]]:
    with (files("nadd") / "reference" / "adjacency.csv").open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


@pytest.mark.parametrize(
    ("system", "code", "expected"),
    [
        ("fips_state", "48", "US-TX"),
        ("fips_state", 48, "US-TX"),
        ("fips_state", "6", "US-CA"),
        ("fips_state", 6.0, "US-CA"),
        ("fips_state", "11", "US-DC"),
        ("fips_county", 48201, "US-TX-48201"),
        ("fips_county", "06037", "US-CA-06037"),
        ("pruid", 59, "CA-BC"),
        ("pruid", "1", "CA"),
        ("pruid", 63, "CA-TERRITORIES"),
        ("sgc", 24, "CA-QC"),
        ("inegi_cve_ent", "02", "MX-BCN"),
        ("inegi_cve_ent", 2, "MX-BCN"),
        ("inegi_cve_ent", "09", "MX-CMX"),
        ("inegi_cve_ent", "00", "MX"),
        ("inegi_cve_mun", "02004", "MX-BCN-02004"),
        ("inegi_cve_mun", 2004, "MX-BCN-02004"),
        ("usps", "YC", "US-NY-NYC"),
        ("usps", "tx", "US-TX"),
        ("usps", "US", "US"),
        ("iso3", "MEX", "MX"),
        ("iso_numeric", 124, "CA"),
        ("phac_region", "Winnipeg, Manitoba", "CA-MB-WINNIPEG"),
        ("phac_region", "Northern and rural Manitoba", "CA-MB-NORTHRURAL"),
        ("alt_name", "MX:Coahuila de Zaragoza", "MX-COA"),
    ],
)
def test_codes_map_to_ids_whatever_their_padding_or_type(system, code, expected):
    assert j.by_code(system, code) == expected


def test_county_round_trip_keeps_parent_state():
    county = j.get(j.by_code("fips_county", "48201"))
    assert (county.level, county.parent_id, county.country) == ("county", "US-TX", "US")


def test_tijuana_is_a_municipality_of_baja_california():
    tijuana = j.get("MX-BCN-02004")
    assert (tijuana.level, tijuana.parent_id, tijuana.name("es")) == ("municipality", "MX-BCN", "Tijuana")


def test_unknown_code_raises_not_found_with_a_hint():
    with pytest.raises(NotFound) as e:
        j.by_code("fips_state", "99")
    assert "fips_state" in str(e.value) and e.value.hint
    assert j.try_by_code("fips_state", "99") is None


def test_unknown_system_lists_valid_systems():
    with pytest.raises(NotFound) as e:
        j.by_code("fips", "48")
    assert "fips_state" in e.value.hint


@pytest.mark.parametrize(
    ("jid", "en", "es", "fr"),
    [
        ("CA-QC", "Quebec", "Quebec", "Québec"),
        ("CA-BC", "British Columbia", "Columbia Británica", "Colombie-Britannique"),
        ("MX-NLE", "Nuevo León", "Nuevo León", "Nuevo León"),
        ("MX-CMX", "Mexico City", "Ciudad de México", "Mexico"),
        ("US-NY", "New York", "Nueva York", "New York"),
        ("US-PA", "Pennsylvania", "Pensilvania", "Pennsylvanie"),
        ("US-CA", "California", "California", "Californie"),
        ("US-LA", "Louisiana", "Luisiana", "Louisiane"),
        ("US", "United States", "Estados Unidos", "États-Unis"),
        ("MX", "Mexico", "México", "Mexique"),
    ],
)
def test_names_are_trilingual(jid, en, es, fr):
    assert (j.name(jid), j.name(jid, "es"), j.name(jid, "fr")) == (en, es, fr)


@pytest.mark.parametrize(
    ("country", "text", "expected"),
    [
        ("MX", "Nuevo Leon", "MX-NLE"),
        ("CA", "Québec", "CA-QC"),
        ("CA", "QUEBEC", "CA-QC"),
        ("MX", "Coahuila de Zaragoza", "MX-COA"),
        ("MX", "Veracruz de Ignacio de la Llave", "MX-VER"),
        ("MX", "México", "MX-MEX"),  # Mexican sources: the state, not the country
        ("MX", "Chihuahua", "MX-CHH"),  # the state wins over the municipality
        ("US", "Nueva York", "US-NY"),
        ("US", "New York City", "US-NY-NYC"),
        (None, "Bolivia (Plurinational State of)", "BO"),
        (None, "Côte d’Ivoire", "CI"),
        (None, "Turkey", "TR"),  # former name (EMCDDA bulletin); alt_name TR:turkey
        (None, "Uk", "GB"),  # alt_name GB:uk
    ],
)
def test_name_lookup_ignores_case_and_accents(country, text, expected):
    assert j.by_name(country, text) == expected


def test_misspelt_name_suggests_the_closest():
    with pytest.raises(NotFound) as e:
        j.by_name("MX", "Nuevo Lion")
    assert "nuevo leon" in e.value.hint


def test_texas_borders_four_mexican_states():
    assert j.neighbours("US-TX", cross_border_only=True) == ["MX-CHH", "MX-COA", "MX-NLE", "MX-TAM"]
    assert set(j.neighbours("US-TX")) == {"US-NM", "US-OK", "US-AR", "US-LA", "MX-CHH", "MX-COA", "MX-NLE", "MX-TAM"}


def test_cross_border_neighbours():
    assert "CA-BC" in j.neighbours("US-WA", cross_border_only=True)
    assert "US-CA" in j.neighbours("MX-BCN", cross_border_only=True)
    assert set(j.neighbours("MX-BCN")) == {"MX-BCS", "MX-SON", "US-CA", "US-AZ"}


def test_four_corners_point_is_not_a_border():
    assert "US-CO" not in j.neighbours("US-AZ")


def test_adjacency_is_symmetric_and_known():
    pairs = {(r["a"], r["b"], r["cross_border"]) for r in _adjacency()}
    assert all((b, a, c) in pairs for a, b, c in pairs)
    assert all(j.exists(a) and j.exists(b) for a, b, _ in pairs)
    assert all((a[:2] != b[:2]) == (c == "true") for a, b, c in pairs)


def test_ids_and_codes_are_unique():
    df = j.all_jurisdictions()
    assert df["id"].is_unique
    assert not [k for k, n in Counter((r["system"], r["code"]) for r in _codes()).items() if n > 1]


def test_codes_stay_unique_after_normalisation():
    # the runtime index normalises codes; two stored codes must not collapse into one
    normalised = Counter((r["system"], j._norm_code(r["system"], r["code"])) for r in _codes())
    assert [k for k, n in normalised.items() if n > 1] == []


def test_every_parent_and_code_target_exists():
    df = j.all_jurisdictions()
    ids = set(df["id"])
    assert set(df.loc[df["parent_id"] != "", "parent_id"]) <= ids
    assert {r["jurisdiction_id"] for r in _codes()} <= ids


def test_codes_keep_leading_zeros():
    df = j.all_jurisdictions()
    assert "US-AL-01001" in set(df["id"])
    assert {r["code"] for r in _codes() if r["system"] == "fips_state"} >= {"01", "06", "11"}


def test_counts_of_states_provinces_and_countries():
    df = j.all_jurisdictions()
    subs = df[df["level"] == "subdivision"]
    assert (subs["country"] == "MX").sum() == 32
    assert (subs["country"] == "CA").sum() == 13
    us_states = {r["jurisdiction_id"] for r in _codes() if r["system"] == "fips_state" and int(r["code"]) <= 56}
    assert len(us_states) == 51  # 50 states + DC
    assert (df["level"] == "country").sum() >= 249
    assert (df[df["level"] == "municipality"]["country"] == "MX").sum() == 2475


def test_special_areas_have_their_levels():
    assert j.get("US-NY-NYC").level == "city"
    assert j.get("CA-TERRITORIES").level == "region" and j.get("CA-TERRITORIES").parent_id == "CA"
    for jid in ("CA-MB-WINNIPEG", "CA-MB-NORTHRURAL", "CA-YT-WHITEHORSE", "CA-NT-YELLOWKNIFE"):
        assert j.get(jid).level == "health_region"


def test_boundaries_cover_every_us_and_mexican_state_and_nothing_unknown():
    path = files("nadd") / "data" / "geo" / "boundaries.geojson"
    data = json.loads(path.read_text(encoding="utf-8"))
    ids = [f["properties"]["id"] for f in data["features"]]
    assert len(ids) == len(set(ids))
    assert all(j.exists(i) for i in ids)
    df = j.all_jurisdictions()
    states = df[(df["level"] == "subdivision") & (df["country"] == "MX")]["id"]
    us = {r["jurisdiction_id"] for r in _codes() if r["system"] == "fips_state" and int(r["code"]) <= 56}
    assert set(states) | us <= set(ids)
    assert len(path.read_bytes()) < 1_500_000


def test_unknown_id_suggests_close_ids():
    with pytest.raises(NotFound) as e:
        j.get("US-TXX")
    assert "US-TX" in e.value.hint
    assert not j.exists("US-TXX")
