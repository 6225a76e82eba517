"""The party noise model: seeded, pure, its rates respected, its variants reversible."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from nadd.incidents.corrupt import (
    DEFAULT_RATES,
    NO_NOISE,
    NoiseRates,
    observe,
    rates_for,
    strip_accents,
    typo,
)
from nadd.link.normalise import (
    address_key,
    company_key,
    name_key,
    phone_e164,
    postcode_key,
)

PERSON = {"kind": "person", "full_name": "José Luis Hernández López", "given_name": "José Luis",
          "family_name": "Hernández", "second_family_name": "López", "dob": "1985-03-07",
          "nationality": "MX", "address": "Calle Benito Juárez 120, Colonia Centro",
          "city": "Culiacán", "region": "MX-SIN", "postcode": "06600", "country": "MX",
          "phone": "+526671234567", "email": "jose.hernandez7@gmail.com",
          "account": "MX1234567890", "wallet": ""}
COMPANY = {"kind": "company", "full_name": "Importadora Química Azteca S.A. de C.V.",
           "given_name": "", "family_name": "", "second_family_name": "", "dob": "",
           "nationality": "MX", "address": "1200 North Avenue", "city": "Laredo",
           "region": "US-TX", "postcode": "78040", "country": "US", "phone": "+19565551234",
           "email": "sales@azteca12.com", "account": "US9876543210", "wallet": ""}
N = 3000


def draws(entity, rates, country="US", seed=1, n=N):
    rng = np.random.default_rng(seed)
    return [observe(entity, rng, country=country, agency="X", rates=rates) for _ in range(n)]


def within(observed: float, p: float, n: int = N) -> bool:
    """Observed share within 4 standard errors of ``p`` (fails ~1 in 16,000 by chance)."""
    return abs(observed - p) <= 4 * (p * (1 - p) / n) ** 0.5 + 1e-9


def test_the_same_seed_gives_the_same_records_and_another_seed_others():
    assert draws(PERSON, None, seed=5, n=50) == draws(PERSON, None, seed=5, n=50)
    assert draws(PERSON, None, seed=5, n=50) != draws(PERSON, None, seed=6, n=50)


def test_observe_does_not_modify_the_entity():
    before = dict(PERSON)
    draws(PERSON, DEFAULT_RATES, n=200)
    assert PERSON == before


def test_without_noise_the_record_is_the_entity():
    for rec in draws(PERSON, NO_NOISE, n=20) + draws(COMPANY, NO_NOISE, n=20):
        entity = PERSON if rec["kind"] == "person" else COMPANY
        assert {k: rec[k] for k in entity} == entity


@pytest.mark.parametrize("field", ["dob", "phone", "email", "address", "postcode"])
def test_the_missing_rate_is_respected(field):
    rates = replace(NO_NOISE, missing=0.2)
    recs = draws(PERSON, rates)
    assert within(sum(r[field] == "" for r in recs) / N, 0.2)


def test_the_accent_drop_rate_is_respected():
    rates = replace(NO_NOISE, accent_drop=0.3)
    recs = draws(PERSON, rates)
    assert within(sum(r["family_name"] == "Hernandez" for r in recs) / N, 0.3)
    assert all(r["family_name"] in ("Hernández", "Hernandez") for r in recs)


def test_the_maternal_surname_is_dropped_at_its_rate():
    rates = replace(NO_NOISE, maternal_drop=0.4)
    recs = draws(PERSON, rates)
    assert within(sum(r["second_family_name"] == "" for r in recs) / N, 0.4)


def test_a_zero_rate_never_fires_and_a_rate_of_one_always_does():
    assert all(r["given_name"] == r["given_name"].upper()
               for r in draws(PERSON, replace(NO_NOISE, upper_case=1.0), n=100))
    swapped = draws(PERSON, replace(NO_NOISE, name_swap=1.0), n=100)
    assert all(r["given_name"] == "Hernández" and r["family_name"] == "José Luis" for r in swapped)


def test_us_agencies_drop_accents_and_maternal_surnames_more_than_mexican_ones():
    us, mx = rates_for("US"), rates_for("MX")
    assert us.accent_drop > mx.accent_drop and us.maternal_drop > mx.maternal_drop
    us_recs, mx_recs = draws(PERSON, None, "US"), draws(PERSON, None, "MX")
    assert (sum(not r["second_family_name"] for r in us_recs)
            > sum(not r["second_family_name"] for r in mx_recs))
    assert rates_for("US", NO_NOISE) == NO_NOISE


def test_a_typo_is_one_edit_away():
    import jellyfish

    rng = np.random.default_rng(3)
    for _ in range(300):
        out = typo("Gutierrez", rng)
        assert jellyfish.damerau_levenshtein_distance(out, "Gutierrez") <= 1
        assert out[0] == "G"  # first letters are rarely mistyped: kept


def test_every_phone_format_normalises_back_to_e164():
    rates = replace(NO_NOISE, phone_format=1.0)
    for country in ("US", "MX", "CA"):
        for entity in (PERSON, COMPANY):
            for rec in draws(entity, rates, country, n=300):
                assert phone_e164(rec["phone"], entity["country"]) == entity["phone"], rec["phone"]


def test_every_postcode_format_normalises_back():
    rates = replace(NO_NOISE, postcode_format=1.0)
    for entity in (PERSON, COMPANY, dict(PERSON, country="CA", postcode="H3Z 2Y7")):
        want = postcode_key(entity["postcode"], entity["country"])
        for rec in draws(entity, rates, n=200):
            assert postcode_key(rec["postcode"], entity["country"]) == want, rec["postcode"]


def test_company_legal_forms_and_street_words_normalise_back():
    rates = replace(NO_NOISE, company_form=1.0, address_abbrev=1.0)
    recs = draws(COMPANY, rates, n=300)
    assert {company_key(r["full_name"]) for r in recs} == {"importadora quimica azteca"}
    assert len({r["full_name"] for r in recs}) > 3  # the forms did vary
    assert {address_key(r["address"]) for r in recs} == {address_key("1200 North Avenue")}
    mx = draws(PERSON, rates, n=300)
    assert {address_key(r["address"]) for r in mx} == {address_key(PERSON["address"])}


def test_nicknames_and_romanisations_map_back_to_one_name_key():
    rates = replace(NO_NOISE, nickname=1.0, transliteration=1.0)
    recs = draws(dict(PERSON, given_name="Francisco"), rates, n=200)
    assert {r["given_name"] for r in recs} >= {"Paco", "Pancho"}
    assert {name_key(r["given_name"]) for r in recs} == {"francisco"}
    recs = draws(dict(PERSON, given_name="Mohammed"), rates, n=200)
    assert {name_key(r["given_name"]) for r in recs} == {"mohammed"}


def test_accents_added_by_a_clerk_are_removed_by_strip_accents():
    rates = replace(NO_NOISE, accent_add=1.0)
    recs = draws(dict(PERSON, given_name="Jose", family_name="Hernandez"), rates, n=20)
    assert {r["given_name"] for r in recs} == {"José"}
    assert {strip_accents(r["family_name"]) for r in recs} == {"Hernandez"}


def test_rates_are_probabilities():
    for f, v in vars(DEFAULT_RATES).items():
        assert 0 <= v <= 1, f
    assert NoiseRates().missing == DEFAULT_RATES.missing
