"""The knowledge base is well-formed: structures match their formulas, codes and dates are valid."""

from __future__ import annotations

import csv
from collections import Counter
from importlib import resources

import pytest
from rdkit import Chem
from rdkit.Chem import rdMolDescriptors

from nadd.law.kb import JURISDICTIONS, SCHEDULES, kb, precursor_relations, read_entries


def _csv(name):
    text = resources.files("nadd").joinpath("law", "data", name).read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


STRUCTURES = _csv("structures.csv")


@pytest.mark.parametrize("row", STRUCTURES, ids=[r["name"] for r in STRUCTURES])
def test_every_smiles_parses_and_matches_its_stated_molecular_formula(row):
    if not row["smiles"]:
        assert row["formula"], "a structure-less entry still states its formula"
        return
    mol = Chem.MolFromSmiles(row["smiles"])
    assert mol is not None, row["smiles"]
    assert rdMolDescriptors.CalcMolFormula(mol) == row["formula"]


def test_structure_names_and_cas_numbers_are_unique():
    names = Counter(r["name"] for r in STRUCTURES)
    assert [n for n, c in names.items() if c > 1] == []
    cas = Counter(r["cas"] for r in STRUCTURES if r["cas"])
    assert [c for c, k in cas.items() if k > 1] == []


def test_cas_numbers_have_a_valid_check_digit():
    for r in STRUCTURES:
        if r["cas"]:
            digits = r["cas"].replace("-", "")
            body, check = digits[:-1], int(digits[-1])
            total = sum(int(d) * (i + 1) for i, d in enumerate(reversed(body)))
            assert total % 10 == check, f"{r['name']}: CAS {r['cas']}"


def test_every_listing_uses_the_issue_schedule_codes_and_valid_dates():
    entries = read_entries()
    assert len(entries) > 1000
    for e in entries:
        assert e.jurisdiction in JURISDICTIONS
        assert e.schedule in SCHEDULES[e.jurisdiction]
        assert e.expiry is None or e.expiry >= e.effective, e.entry_id
        assert e.provision and e.covers is not None


def test_listing_structures_agree_with_the_structures_dictionary():
    by_name = {r["name"]: r for r in STRUCTURES}
    for e in read_entries():
        if e.smiles:
            assert by_name[e.name]["smiles"] == e.smiles, e.entry_id
            assert by_name[e.name]["formula"] == e.formula, e.entry_id


def test_entry_ids_are_unique():
    ids = Counter(e.entry_id for e in read_entries())
    assert [i for i, c in ids.items() if c > 1] == []


def test_each_jurisdiction_covers_the_substances_that_matter():
    named = {(e.jurisdiction, e.name) for e in kb().entries}
    for j in ("us", "ca", "mx", "un"):
        for drug in ("fentanyl", "cocaine", "methamphetamine", "heroin"):
            assert (j, drug) in named, (j, drug)
    assert ("us", "etizolam") in named and ("un", "isotonitazene") in named
    assert ("ca", "4-AP") in named and ("mx", "4-AP") in named and ("un", "4-AP") in named


def test_precursor_relations_name_known_structures():
    names = {r["name"] for r in STRUCTURES}
    for p, d, _, _ in precursor_relations():
        assert p in names and d in names, (p, d)


def test_kb_is_keyed_by_stereo_stripped_inchikey():
    from nadd.chem.registry import parse

    entries = kb().by_key[parse("MDMA").inchikey_nostereo]
    assert {e.jurisdiction for e in entries} >= {"us", "ca", "mx", "un", "nl"}
