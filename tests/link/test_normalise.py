"""The comparison forms: accents, nicknames, legal forms, phones, postcodes, addresses."""

from __future__ import annotations

import pandas as pd
import pytest

from nadd.link.normalise import (
    address_key,
    company_key,
    email_key,
    id_key,
    name_key,
    phone_e164,
    phonetic,
    plain,
    postcode_key,
    prepare,
)


def test_plain_drops_accents_case_and_punctuation():
    assert plain("  Hernández-LÓPEZ, Ñúñez ") == "hernandez lopez nunez"
    assert plain("O'Brien") == "obrien"
    assert plain(None) == ""


@pytest.mark.parametrize("raw, key", [
    ("José", "jose"), ("JOSE", "jose"), ("Pepe", "jose"), ("Paco", "francisco"),
    ("Bill", "william"), ("Muhammad", "mohammed"), ("Aleksandr", "alexander"),
    ("de la Cruz", "cruz"), ("Del Toro", "toro"), ("Lupita", "guadalupe"),
])
def test_name_key_maps_variants_to_one_key(raw, key):
    assert name_key(raw) == key


def test_phonetic_key_survives_accents_and_spelling():
    assert phonetic(name_key("Hernández")) == phonetic(name_key("HERNANDEZ"))
    assert phonetic("gonzalez") == phonetic("gonzales")
    assert phonetic("") == ""


@pytest.mark.parametrize("raw", [
    "Químicos del Norte S.A. de C.V.", "QUIMICOS DEL NORTE SA DE CV", "Quimicos del Norte",
    "Químicos del Norte, S.A.",
])
def test_company_key_drops_the_legal_form(raw):
    assert company_key(raw) == "quimicos del norte"


def test_company_key_drops_stacked_forms():
    assert company_key("Hubei Huayang Chemical Co., Ltd.") == "hubei huayang chemical"
    assert company_key("Maple Trading Ltée") == company_key("MAPLE TRADING LTEE")


@pytest.mark.parametrize("raw, country, e164", [
    ("+526671234567", "MX", "+526671234567"),
    ("667 123 4567", "MX", "+526671234567"),
    ("044 667 123 4567", "MX", "+526671234567"),   # pre-2019 mobile token
    ("01 667 123 4567", "MX", "+526671234567"),    # pre-2019 long-distance token
    ("+52 1 667 123 4567", "MX", "+526671234567"),  # pre-2019 mobile "1" after +52
    ("011 52 667 123 4567", "MX", "+526671234567"),  # dialled from the US
    ("(956) 555-1234", "US", "+19565551234"),
    ("956.555.1234", "US", "+19565551234"),
    ("1-956-555-1234", "US", "+19565551234"),
    ("001 956 555 1234", "US", "+19565551234"),    # dialled from Mexico
    ("+1 (604) 555-0199", "CA", "+16045550199"),
    ("+8675512345678", "CN", "+8675512345678"),
])
def test_phone_formats_become_e164(raw, country, e164):
    assert phone_e164(raw, country) == e164


@pytest.mark.parametrize("raw, country, key", [
    ("C.P. 06600", "MX", "06600"), ("6600", "MX", "06600"), ("CP06600", "MX", "06600"),
    ("h3z 2y7", "CA", "H3Z2Y7"), ("H3Z-2Y7", "CA", "H3Z2Y7"),
    ("78040-1234", "US", "78040"), ("78040", "US", "78040"), ("", "US", ""),
])
def test_postcodes_have_one_form_per_country(raw, country, key):
    assert postcode_key(raw, country) == key


def test_street_words_in_three_languages_have_one_form():
    assert address_key("1200 North Avenue") == address_key("1200 N. Ave")
    assert address_key("Av. Insurgentes Sur 55") == address_key("Avenida Insurgentes Sur 55")
    assert address_key("Calle Hidalgo 3, Colonia Centro") == address_key("C. Hidalgo 3, Col. Centro")
    assert address_key("12 Main St") == address_key("12 MAIN STREET")


def test_email_and_ids():
    assert email_key("Jose.Hernandez7@Gmail.com") == email_key("josehernandez7@gmail.com")
    assert email_key("not an email") == ""
    assert id_key("MX12-3456 7890") == "MX1234567890"


def test_prepare_makes_the_splink_columns_with_nulls_for_missing_values():
    parties = pd.DataFrame([
        {"record_id": "a", "kind": "person", "full_name": "", "given_name": "Pepe",
         "family_name": "Hernández", "second_family_name": "López", "dob": "1985-03-07",
         "address": "", "postcode": "C.P. 6600", "country": "MX", "phone": "044 667 123 4567",
         "email": "", "account": "", "wallet": ""},
        {"record_id": "b", "kind": "company", "full_name": "Grupo Norteña S.A. de C.V.",
         "given_name": "", "family_name": "", "second_family_name": "", "dob": "",
         "address": "Calle Morelos 5", "postcode": "", "country": "MX", "phone": "",
         "email": "Sales@Nortena.com", "account": "", "wallet": ""},
    ])
    out = prepare(parties).set_index("unique_id")
    a, b = out.loc["a"], out.loc["b"]
    assert (a.given_norm, a.family_norm, a.full_norm) == ("jose", "hernandez", "jose hernandez")
    assert sorted(a.name_tokens) == ["hernandez", "jose", "lopez"]
    assert (a.dob, a.dob_swapped, a.birth_year) == ("1985-03-07", "1985-07-03", "1985")
    assert (a.phone, a.postcode) == ("+526671234567", "06600")
    assert pd.isna(a.email) and pd.isna(a.address)
    assert b.full_norm == "grupo nortena" and pd.isna(b.given_norm) and pd.isna(b.dob)
    assert b.email == "sales@nortena.com"
