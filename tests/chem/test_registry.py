"""The registry reads SMILES, InChI, MOL blocks, SDF files and names into one standard identity."""

from __future__ import annotations

import pytest
from rdkit import Chem

from nadd.chem.registry import guess_kind, parse, read_sdf
from nadd.errors import StructureError

FENTANYL = "CCC(=O)N(c1ccccc1)C1CCN(CCc2ccccc2)CC1"
FENTANYL_KEY = "PJMPHNIQZUBGLI-UHFFFAOYSA-N"


def test_smiles_gives_the_published_inchikey_and_formula():
    s = parse(FENTANYL)
    assert s.inchikey == FENTANYL_KEY
    assert s.formula == "C22H28N2O"
    assert s.inchikey_nostereo == s.inchikey


def test_salt_solvate_and_charged_forms_give_the_free_base():
    free = parse(FENTANYL)
    hcl = parse(FENTANYL + ".Cl")
    citrate = parse(FENTANYL + ".OC(=O)CC(O)(CC(=O)O)C(=O)O")
    protonated = parse("CCC(=O)N(c1ccccc1)C1CC[NH+](CCc2ccccc2)CC1.[Cl-].O")
    assert hcl.inchikey == citrate.inchikey == protonated.inchikey == free.inchikey
    assert protonated.smiles == free.smiles


def test_nitro_groups_stay_as_drawn():
    s = parse("COc1ccc(Cc2nc3cc([N+](=O)[O-])ccc3n2CCN(CC)CC)cc1")
    assert s.formula == "C21H26N4O3"


def test_stereoisomers_share_the_stereo_stripped_key_only():
    dxm = parse("dextromethorphan")
    levo = parse("levomethorphan")
    assert dxm.inchikey != levo.inchikey
    assert dxm.inchikey_nostereo == levo.inchikey_nostereo
    flat = Chem.MolFromSmiles(dxm.smiles)
    Chem.RemoveStereochemistry(flat)
    assert dxm.inchikey_nostereo == Chem.MolToInchiKey(flat)


@pytest.mark.parametrize("name", ["fentanyl", "Fentanilo", "fentanyl citrate", "437-38-7",
                                  "FENTANYL HYDROCHLORIDE"])
def test_names_synonyms_languages_and_cas_resolve(name):
    s = parse(name)
    assert s.inchikey == FENTANYL_KEY
    assert s.name == "fentanyl"


def test_taxonomy_names_in_spanish_and_french_resolve_through_the_substance_tables():
    assert parse("Metanfetamina").inchikey == parse("methamphetamine").inchikey
    assert parse("kétamine").name == "ketamine"


def test_an_abbreviation_wins_over_a_smiles_reading():
    assert parse("PCP").formula == "C17H25N"  # phencyclidine, not P-C-P


def test_inchi_and_mol_block_give_the_same_identity():
    s = parse(FENTANYL)
    assert parse(s.inchi).inchikey == FENTANYL_KEY
    block = Chem.MolToMolBlock(Chem.MolFromSmiles(FENTANYL))
    assert guess_kind(block) == "mol"
    assert parse(block).inchikey == FENTANYL_KEY


def test_unreadable_smiles_raises_with_rdkits_reason():
    with pytest.raises(StructureError) as e:
        parse("C1CC(")
    assert "unclosed ring" in e.value.message.lower() or "parse" in e.value.message.lower()
    assert e.value.code == "structure_error"


def test_bad_valence_is_reported_not_swallowed():
    with pytest.raises(StructureError, match="(?i)valence"):
        parse("C(C)(C)(C)(C)C")


def test_unknown_name_suggests_close_names():
    with pytest.raises(StructureError, match="did you mean.*fentanyl"):
        parse("fentanyll citrate")
    with pytest.raises(StructureError, match="unknown name"):
        parse("definitely not a drug")


def test_empty_input_is_refused():
    with pytest.raises(StructureError, match="empty"):
        parse("  ")


def test_sdf_records_each_give_a_structure_or_an_error_and_reading_goes_on(tmp_path):
    good = Chem.MolToMolBlock(Chem.MolFromSmiles(FENTANYL))
    path = tmp_path / "x.sdf"
    path.write_text(good + "$$$$\nbroken\n  no atoms here\n$$$$\n" + Chem.MolToMolBlock(Chem.MolFromSmiles("CCO"))
                    + "$$$$\n")
    got = list(read_sdf(path))
    assert [r for r, _ in got] == [1, 2, 3]
    assert got[0][1].inchikey == FENTANYL_KEY
    assert isinstance(got[1][1], StructureError) and "record 2" in got[1][1].message
    assert got[2][1].formula == "C2H6O"


def test_a_bad_aromatic_smiles_is_reported_as_a_smiles_error_not_an_unknown_name():
    with pytest.raises(StructureError, match="kekulize"):
        parse("c1cccc1")


def test_a_known_class_or_plant_without_a_structure_is_refused_by_name():
    with pytest.raises(StructureError, match="no single structure"):
        parse("opioids")
    with pytest.raises(StructureError, match="'khat'"):
        parse("khat")
