"""US cannabimimetic classes (i)-(v) and Canada's Schedule II item 2 classes (1)-(9)."""

from __future__ import annotations

import pytest
from rdkit import Chem
from rdkit.Chem.rdMolDescriptors import CalcMolFormula

from nadd.law.rules import BY_ID

US, CA = BY_ID["us-cannabimimetic"], BY_ID["ca-scra"]


def parent(smiles: str) -> Chem.Mol:
    try:
        from nadd.chem.registry import parse
    except ImportError:
        frags = Chem.GetMolFrags(Chem.MolFromSmiles(smiles), asMols=True)
        return max(frags, key=lambda f: f.GetNumHeavyAtoms())
    return parse(smiles, kind="smiles").mol


# name: (SMILES, formula, US class or None, CA class or None)
CASES = {
    "JWH-018": ("CCCCCn1cc(C(=O)c2cccc3ccccc23)c2ccccc21", "C24H23NO", "(ii)", "(2)"),
    "JWH-073": ("CCCCn1cc(C(=O)c2cccc3ccccc23)c2ccccc21", "C23H21NO", "(ii)", "(2)"),
    "JWH-122": ("CCCCCn1cc(C(=O)c2ccc(C)c3ccccc23)c2ccccc21", "C25H25NO", "(ii)", "(2)"),
    "AM-2201": ("FCCCCCn1cc(C(=O)c2cccc3ccccc23)c2ccccc21", "C24H22FNO", "(ii)", "(2)"),
    "JWH-175": ("CCCCCn1cc(Cc2cccc3ccccc23)c2ccccc21", "C24H25N", "(ii)", None),
    "JWH-307": ("CCCCCn1cc(C(=O)c2cccc3ccccc23)cc1-c1ccccc1F", "C26H24FNO", "(iii)", "(3)"),
    "JWH-176": ("CCCCCC1=CC(=Cc2cccc3ccccc23)c2ccccc21", "C25H24", "(iv)", None),
    "JWH-250": ("CCCCCn1cc(C(=O)Cc2ccccc2OC)c2ccccc21", "C22H25NO2", "(v)", "(4)"),
    "RCS-4": ("CCCCCn1cc(C(=O)c2ccc(OC)cc2)c2ccccc21", "C21H23NO2", "(v)", "(5)"),
    "AM-2233": ("CN1CCCCC1Cn1cc(C(=O)c2ccccc2I)c2ccccc21", "C22H23IN2O", "(v)", "(5)"),
    "CP 47,497": ("CCCCCCC(C)(C)c1ccc(C2CCCC(O)C2)c(O)c1", "C21H34O2", "(i)", "(1)"),
    "UR-144": ("CCCCCn1cc(C(=O)C2C(C)(C)C2(C)C)c2ccccc21", "C21H29NO", None, "(6)"),
    "PB-22": ("CCCCCn1cc(C(=O)Oc2cccc3cccnc23)c2ccccc21", "C23H22N2O2", None, "(7)"),
    "AB-FUBINACA": ("CC(C)C(NC(=O)c1nn(Cc2ccc(F)cc2)c2ccccc12)C(N)=O", "C20H21FN4O2", None, "(8)"),
    "MDMB-4en-PINACA": ("COC(=O)C(NC(=O)c1nn(CCCC=C)c2ccccc12)C(C)(C)C", "C20H27N3O3", None, "(8)"),
    "ADB-BUTINACA": ("CCCCn1nc(C(=O)NC(C(N)=O)C(C)(C)C)c2ccccc21", "C18H26N4O2", None, "(8)"),
    "5F-MDMB-PICA": ("COC(=O)C(NC(=O)c1cn(CCCCCF)c2ccccc12)C(C)(C)C", "C21H29FN2O3", None, "(9)"),
    "nabilone": ("CCCCCCC(C)(C)c1cc(O)c2c(c1)OC(C)(C)C1CCC(=O)CC21", "C24H36O3", None, "(1)"),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_each_class_member_is_placed_in_its_class(name):
    smiles, formula, us_class, ca_class = CASES[name]
    mol = parent(smiles)
    assert CalcMolFormula(mol) == formula
    us, ca = US.match(mol), CA.match(mol)
    if us_class:
        assert us is not None and us.verdict == "controlled" and f"class {us_class}" in us.reason
        assert "presumed" in us.reason  # the pharmacological condition is stated, not hidden
    else:
        assert us is None, (name, us)
    if ca_class:
        assert ca is not None and ca.verdict == "controlled" and f"class {ca_class}" in ca.reason
    else:
        assert ca is None, (name, ca)


def test_us_class_i_needs_alkyl_or_alkenyl_at_the_5_position():
    amide = parent("NC(=O)c1ccc(C2CCCC(O)C2)c(O)c1")
    assert US.match(amide) is None
    assert "alkyl or alkenyl" in US.explain(amide)


def test_scra_chemotypes_outside_the_nine_classes_are_uncertain_in_canada():
    for smiles in (
        "CC(C)(NC(=O)c1cn(CCCCCF)c2ncccc12)c1ccccc1",  # CUMYL-5F-P7AICA (7-azaindole)
        "FCCCCCn1cc(C(=O)Oc2cccc3ccccc23)c2ccccc21",  # NM-2201 (naphthyl ester)
    ):
        m = CA.match(parent(smiles))
        assert m is not None and m.verdict == "uncertain" and "status determination" in m.reason
        assert US.match(parent(smiles)) is None


def test_phytocannabinoids_are_excepted_and_hhc_is_uncertain():
    thc = parent("CCCCCc1cc(O)c2c(c1)OC(C)(C)[C@@H]1CCC(C)=C[C@H]21")
    cbd = parent("CCCCCc1cc(O)c([C@@H]2C=C(C)CC[C@H]2C(C)=C)c(O)c1")
    assert CalcMolFormula(thc) == CalcMolFormula(cbd) == "C21H30O2"
    for mol in (thc, cbd):
        assert CA.match(mol) is None and "phytocannabinoid" in CA.explain(mol)
    hhc = CA.match(parent("CCCCCc1cc(O)c2c(c1)OC(C)(C)C1CCC(C)CC21"))
    assert hhc.verdict == "uncertain" and "traces" in hhc.reason


WIN_R = "CC1=C(C2=C3N1[C@@H](COC3=CC=C2)CN4CCOCC4)C(=O)C5=CC=CC6=CC=CC=C65"


def test_win_55212_3_is_excepted_but_its_enantiomer_is_named():
    r, s = parent(WIN_R), parent(WIN_R.replace("[C@@H]", "[C@H]"))
    flat = parent(WIN_R.replace("[C@@H]", "C"))
    assert CalcMolFormula(r) == "C27H26N2O3"
    assert CA.match(r).verdict == "controlled" and "WIN 55,212-2" in CA.match(r).reason
    assert CA.match(s) is None and "WIN 55,212-3" in CA.explain(s)
    assert CA.match(flat).verdict == "uncertain"
    # the US text has no such exception: all three are class (ii)
    assert US.match(r).verdict == US.match(s).verdict == US.match(flat).verdict == "controlled"


DECOYS = [
    "COc1ccc2c(c1)c(CC(=O)O)c(C)n2C(=O)c1ccc(Cl)cc1",  # indomethacin
    "NC(Cc1c[nH]c2ccccc12)C(=O)O",  # tryptophan
    "Cc1nccn1CC1CCc2c(C1=O)c1ccccc1n2C",  # ondansetron
    "CN(C)CCc1c[nH]c2ccc(CS(=O)(=O)N3CCCC3)cc12",  # almotriptan
    "CC(C)Cc1ccc(C(C)C(=O)O)cc1",  # ibuprofen
    "O=C(c1ccccc1)c1ccccc1",  # benzophenone
    "CC(=O)c1cn(C)c2ccccc12",  # 1-methyl-3-acetylindole: no SCRA tail
    "CCCCCc1cc(O)c2c(c1)oc1ccc(C)cc12",  # a dibenzofuran lookalike, no cyclohexyl
]


@pytest.mark.parametrize("smiles", DECOYS)
def test_non_cannabinoid_decoys_match_neither_text(smiles):
    mol = parent(smiles)
    assert US.match(mol) is None and CA.match(mol) is None


def test_salt_and_free_base_get_the_same_verdict():
    base = parent("CCCCCn1cc(C(=O)c2cccc3ccccc23)c2ccccc21")
    salt = parent("CCCCCn1cc(C(=O)c2cccc3ccccc23)c2ccccc21.Cl")
    assert US.match(base) == US.match(salt) and CA.match(base) == CA.match(salt)
