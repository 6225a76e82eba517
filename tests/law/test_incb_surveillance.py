"""INCB's limited international special surveillance list: read apart from the jurisdictions."""

from __future__ import annotations

import csv
from datetime import date
from importlib import resources

from rdkit import Chem
from rdkit.Chem import rdMolDescriptors

from nadd.chem.registry import parse
from nadd.law.kb import (
    JURISDICTIONS,
    SURVEILLANCE_LISTS,
    kb,
    read_entries,
    surveillance,
    surveillance_for,
)


def _rows():
    text = resources.files("nadd").joinpath("law", "data", "incb.csv").read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


def test_surveillance_rows_are_well_formed_and_their_formulas_check():
    rows = _rows()
    assert rows, "incb.csv has entries"
    for r in rows:
        assert r["jurisdiction"] == "incb" and r["schedule"] in SURVEILLANCE_LISTS["incb"]
        assert "surveillance" in r["provision"] and "[S]" in r["note"], r["entry_id"]
        if r["smiles"]:
            assert rdMolDescriptors.CalcMolFormula(Chem.MolFromSmiles(r["smiles"])) == r["formula"]


def test_surveillance_list_is_not_a_jurisdiction_and_stays_out_of_the_kb():
    assert "incb" not in JURISDICTIONS
    assert all(e.jurisdiction != "incb" for e in kb().entries)
    assert {e.jurisdiction for e in read_entries(("incb",))} == {"incb"}


def test_methylamine_is_found_by_name_in_any_language_and_by_salt():
    for name in ("methylamine", "metilamina", "méthylamine", "CN.Cl"):
        found = surveillance_for(parse(name).inchikey_nostereo)
        assert [e.name for e in found] == ["methylamine"], name


def test_surveillance_entry_is_dated_by_the_list_version_seen():
    key = parse("benzaldehyde").inchikey_nostereo
    assert surveillance_for(key, date(2026, 11, 1))
    assert surveillance_for(key, date(2026, 9, 30)) == ()


def test_a_scheduled_precursor_is_not_on_the_surveillance_list():
    # P-2-P is in 1988 Table I: the surveillance list holds only non-scheduled chemicals
    assert surveillance_for(parse("phenyl-2-propanone").inchikey_nostereo) == ()
    names = {e.name for e in surveillance().entries}
    table_i = {e.name for e in kb().entries if e.jurisdiction == "un" and e.schedule.startswith("1988")}
    assert names and not names & table_i


def test_the_check_flags_a_watched_chemical_beside_its_five_verdicts():
    from datetime import date

    from nadd.law.check import check

    row = check("O=Cc1ccccc1", as_of=date(2026, 11, 1)).row()  # benzaldehyde
    assert "special surveillance" in row["incb_surveillance"] and "2026-10-01" in row["incb_surveillance"]
    assert row["un_verdict"] == "not_listed"  # watched is not scheduled
    assert check("O=Cc1ccccc1", as_of=date(2026, 9, 1)).row()["incb_surveillance"] == ""
    assert check("Cc1ccccc1", as_of=date(2026, 11, 1)).row()["incb_surveillance"] == ""  # toluene
