"""US fentanyl-related substances (HALT Fentanyl Act, modifications A-E)."""

from __future__ import annotations

from datetime import date

import pytest
from rdkit import Chem
from rdkit.Chem.rdMolDescriptors import CalcMolFormula

from nadd.law.rules import BY_ID

FRS = BY_ID["us-frs"]


def parent(smiles: str) -> Chem.Mol:
    """The standardised parent, as the checker hands it to a rule."""
    try:
        from nadd.chem.registry import parse
    except ImportError:  # registry not there yet: largest fragment by heavy atoms
        frags = Chem.GetMolFrags(Chem.MolFromSmiles(smiles), asMols=True)
        return max(frags, key=lambda f: f.GetNumHeavyAtoms())
    return parse(smiles, kind="smiles").mol


# name: (SMILES, formula, modifications that must be named in the reason)
INSIDE = {
    "acetylfentanyl": ("CC(=O)N(c1ccccc1)C1CCN(CCc2ccccc2)CC1", "C21H26N2O", "E"),
    "acrylfentanyl": ("C=CC(=O)N(c1ccccc1)C1CCN(CCc2ccccc2)CC1", "C22H26N2O", "E"),
    "furanylfentanyl": ("O=C(c1ccco1)N(c1ccccc1)C1CCN(CCc2ccccc2)CC1", "C24H26N2O2", "E"),
    "cyclopropylfentanyl": ("O=C(C1CC1)N(c1ccccc1)C1CCN(CCc2ccccc2)CC1", "C23H28N2O", "E"),
    "methoxyacetylfentanyl": ("COCC(=O)N(c1ccccc1)C1CCN(CCc2ccccc2)CC1", "C22H28N2O2", "E"),
    "valerylfentanyl": ("CCCCC(=O)N(c1ccccc1)C1CCN(CCc2ccccc2)CC1", "C24H32N2O", "E"),
    "fentanyl carbamate": ("CCOC(=O)N(c1ccccc1)C1CCN(CCc2ccccc2)CC1", "C22H28N2O2", "E"),
    "thiofentanyl": ("CCC(=O)N(c1ccccc1)C1CCN(CCc2cccs2)CC1", "C20H26N2OS", "A"),
    "cyclohexylethyl analogue": ("CCC(=O)N(c1ccccc1)C1CCN(CCC2CCCCC2)CC1", "C22H34N2O", "A"),
    "pyridylethyl analogue": ("CCC(=O)N(c1ccccc1)C1CCN(CCc2ccccn2)CC1", "C21H27N3O", "A"),
    # a substituent B does not list, on the phenyl: read as (A), a substituted monocycle
    "4-methylthiophenethyl analogue": (
        "CCC(=O)N(c1ccccc1)C1CCN(CCc2ccc(SC)cc2)CC1",
        "C23H30N2OS",
        "A",
    ),
    "alpha-methylfentanyl": ("CCC(=O)N(c1ccccc1)C1CCN(C(C)Cc2ccccc2)CC1", "C23H30N2O", "B"),
    "beta-hydroxyfentanyl": ("CCC(=O)N(c1ccccc1)C1CCN(CC(O)c2ccccc2)CC1", "C22H28N2O2", "B"),
    "4-fluorophenethyl analogue": ("CCC(=O)N(c1ccccc1)C1CCN(CCc2ccc(F)cc2)CC1", "C22H27FN2O", "B"),
    "3-methylfentanyl": ("CCC(=O)N(c1ccccc1)C1CCN(CCc2ccccc2)CC1C", "C23H30N2O", "C"),
    "4-methoxymethyl analogue": ("CCC(=O)N(c1ccccc1)C1(COC)CCN(CCc2ccccc2)CC1", "C24H32N2O2", "C"),
    "para-fluorofentanyl": ("CCC(=O)N(c1ccc(F)cc1)C1CCN(CCc2ccccc2)CC1", "C22H27FN2O", "D"),
    "ortho-fluorofentanyl": ("CCC(=O)N(c1ccccc1F)C1CCN(CCc2ccccc2)CC1", "C22H27FN2O", "D"),
    "thienyl anilide analogue": ("CCC(=O)N(c1cccs1)C1CCN(CCc2ccccc2)CC1", "C20H26N2OS", "D"),
    "ocfentanil": ("COCC(=O)N(c1ccccc1F)C1CCN(CCc2ccccc2)CC1", "C22H27FN2O2", "DE"),
    "3-methylthiofentanyl": ("CCC(=O)N(c1ccccc1)C1CCN(CCc2cccs2)CC1C", "C21H28N2OS", "AC"),
    "beta-hydroxythiofentanyl": ("CCC(=O)N(c1ccccc1)C1CCN(CC(O)c2cccs2)CC1", "C20H26N2O2S", "AB"),
    "para-fluorobutyrylfentanyl": (
        "CCCC(=O)N(c1ccc(F)cc1)C1CCN(CCc2ccccc2)CC1",
        "C23H29FN2O",
        "DE",
    ),
}


@pytest.mark.parametrize("name", sorted(INSIDE))
def test_listed_modification_is_controlled_and_named(name):
    smiles, formula, letters = INSIDE[name]
    mol = parent(smiles)
    assert CalcMolFormula(mol) == formula  # the SMILES is the compound it claims to be
    m = FRS.match(mol)
    assert m is not None and m.verdict == "controlled", (name, m)
    for letter in letters:
        assert f"({letter})" in m.reason, (name, m.reason)
    assert set(m.atoms) <= set(range(mol.GetNumAtoms())) and len(m.atoms) >= 17


def test_fentanyl_itself_is_not_an_frs_but_says_why():
    mol = parent("CCC(=O)N(c1ccccc1)C1CCN(CCc2ccccc2)CC1")
    assert CalcMolFormula(mol) == "C22H28N2O"
    assert FRS.match(mol) is None
    assert "fentanyl itself" in FRS.explain(mol)


PHARMA = {
    "sufentanil": ("CCC(=O)N(c1ccccc1)C1(COC)CCN(CCc2cccs2)CC1", "C22H30N2O2S"),
    "alfentanil": ("CCC(=O)N(c1ccccc1)C1(COC)CCN(CCn2nnn(CC)c2=O)CC1", "C21H32N6O3"),
    "carfentanil": ("CCC(=O)N(c1ccccc1)C1(C(=O)OC)CCN(CCc2ccccc2)CC1", "C24H30N2O3"),
}


@pytest.mark.parametrize("name", sorted(PHARMA))
def test_separately_scheduled_fentanyls_match_structurally_and_defer_to_their_listing(name):
    smiles, formula = PHARMA[name]
    mol = parent(smiles)
    assert CalcMolFormula(mol) == formula
    m = FRS.match(mol)
    assert m is not None and m.verdict == "controlled"
    # paragraph (3): listed elsewhere wins; the checker applies it, the rule says so
    assert FRS.excludes_listed is True


def test_remifentanil_fails_modification_a_and_the_reason_says_so():
    mol = parent("CCC(=O)N(c1ccccc1)C1(C(=O)OC)CCN(CCC(=O)OC)CC1")
    assert CalcMolFormula(mol) == "C20H28N2O5"
    assert FRS.match(mol) is None
    assert "(A)" in FRS.explain(mol)


# lookalikes failing exactly one modification: (SMILES, letter the reason must name)
ONE_FAILURE = {
    "naphthylethyl for phenethyl": ("CCC(=O)N(c1ccccc1)C1CCN(CCc2cccc3ccccc23)CC1", "A"),
    "benzylfentanyl (one-carbon link)": ("CCC(=O)N(c1ccccc1)C1CCN(Cc2ccccc2)CC1", "A"),
    "phenylpropyl (three-carbon link)": ("CCC(=O)N(c1ccccc1)C1CCN(CCCc2ccccc2)CC1", "A"),
    "beta-phenyl on the phenethyl chain": ("CCC(=O)N(c1ccccc1)C1CCN(CC(c2ccccc2)c2ccccc2)CC1", "B"),
    "beta-carboxamide on the chain": ("CCC(=O)N(c1ccccc1)C1CCN(CC(C(N)=O)c2ccccc2)CC1", "B"),
    "4-phenyl on the piperidine": ("CCC(=O)N(c1ccccc1)C1(c2ccccc2)CCN(CCc2ccccc2)CC1", "C"),
    "3-oxo on the piperidine": ("CCC(=O)N(c1ccccc1)C1CCN(CCc2ccccc2)CC1=O", "C"),
    "cyclohexyl for the aniline": ("CCC(=O)N(C1CCCCC1)C1CCN(CCc2ccccc2)CC1", "D"),
    "naphthyl for the aniline": ("CCC(=O)N(c1cccc2ccccc12)C1CCN(CCc2ccccc2)CC1", "D"),
    "N-methyl for the N-propionyl": ("CN(c1ccccc1)C1CCN(CCc2ccccc2)CC1", "E"),
}


@pytest.mark.parametrize("name", sorted(ONE_FAILURE))
def test_lookalike_failing_one_modification_is_outside_and_reason_names_it(name):
    smiles, letter = ONE_FAILURE[name]
    mol = parent(smiles)
    assert FRS.match(mol) is None, name
    why = FRS.explain(mol)
    assert why and f"({letter})" in why, (name, why)


def test_anpp_and_norfentanyl_are_outside_with_reasons():
    anpp = parent("c1ccc(NC2CCN(CCc3ccccc3)CC2)cc1")
    assert CalcMolFormula(anpp) == "C19H24N2"
    assert FRS.match(anpp) is None and "not acylated" in FRS.explain(anpp)
    nor = parent("CCC(=O)N(c1ccccc1)C1CCNCC1")
    assert CalcMolFormula(nor) == "C14H20N2O"
    assert FRS.match(nor) is None and "nor-" in FRS.explain(nor)


BORDERLINE = {
    "sulfonyl for acyl": ("CCS(=O)(=O)N(c1ccccc1)C1CCN(CCc2ccccc2)CC1", "sulfonyl"),
    "thioacyl for acyl": ("CCC(=S)N(c1ccccc1)C1CCN(CCc2ccccc2)CC1", "thioacyl"),
    "methylenedioxyphenethyl": ("CCC(=O)N(c1ccccc1)C1CCN(CCc2ccc3OCOc3c2)CC1", "monocycle"),
    "beta-keto": ("CCC(=O)N(c1ccccc1)C1CCN(CC(=O)c2ccccc2)CC1", "oxo"),
    "4-hydroxymethyl piperidine": ("CCC(=O)N(c1ccccc1)C1(CO)CCN(CCc2ccccc2)CC1", "hydroxyalkyl"),
    "3-cyclopropyl piperidine": ("CCC(=O)N(c1ccccc1)C1CCN(CCc2ccccc2)CC1C1CC1", "cycloalkyl"),
}


@pytest.mark.parametrize("name", sorted(BORDERLINE))
def test_borderline_reading_is_uncertain_with_the_reason(name):
    smiles, word = BORDERLINE[name]
    m = FRS.match(parent(smiles))
    assert m is not None and m.verdict == "uncertain", (name, m)
    assert word in m.reason and "uncertain because" in m.reason


DECOYS = {
    "haloperidol": ("OC1(CCN(CCCC(=O)c2ccc(F)cc2)CC1)c1ccc(Cl)cc1", "C21H23ClFNO2"),
    "loperamide": ("CN(C)C(=O)C(CCN1CCC(O)(CC1)c1ccc(Cl)cc1)(c1ccccc1)c1ccccc1", "C29H33ClN2O2"),
    "diphenoxylate": ("CCOC(=O)C1(c2ccccc2)CCN(CCC(C#N)(c2ccccc2)c2ccccc2)CC1", "C30H32N2O2"),
    "meperidine": ("CCOC(=O)C1(c2ccccc2)CCN(C)CC1", "C15H21NO2"),
    "risperidone": ("Cc1nc2n(c(=O)c1CCN1CCC(c3noc4cc(F)ccc34)CC1)CCCC2", "C23H27FN4O2"),
    "donepezil": ("COc1cc2c(cc1OC)C(=O)C(CC1CCN(Cc3ccccc3)CC1)C2", "C24H29NO3"),
    "astemizole": ("COc1ccc(CCN2CCC(Nc3nc4ccccc4n3Cc3ccc(F)cc3)CC2)cc1", "C28H31FN4O"),
    "lorcainide": ("CC(C)N1CCC(N(C(=O)Cc2ccccc2)c2ccc(Cl)cc2)CC1", "C22H27ClN2O"),
}


@pytest.mark.parametrize("name", sorted(DECOYS))
def test_non_opioid_piperidines_are_not_frs(name):
    smiles, formula = DECOYS[name]
    mol = parent(smiles)
    assert CalcMolFormula(mol) == formula
    assert FRS.match(mol) is None


def test_salt_and_free_base_get_the_same_verdict_and_reason():
    base = FRS.match(parent("CCC(=O)N(c1ccccc1)C1CCN(CCc2cccs2)CC1"))
    hcl = FRS.match(parent("CCC(=O)N(c1ccccc1)C1CCN(CCc2cccs2)CC1.Cl"))
    citrate = FRS.match(parent("CCC(=O)N(c1ccccc1)C1CCN(CCc2cccs2)CC1.OC(=O)CC(O)(CC(=O)O)C(=O)O"))
    assert base == hcl == citrate and base.verdict == "controlled"


def test_stereoisomers_get_the_same_verdict():
    flat = FRS.match(parent("CCC(=O)N(c1ccccc1)C1CCN(CCc2ccccc2)CC1C"))
    cis = FRS.match(parent("CCC(=O)N(c1ccccc1)[C@@H]1CCN(CCc2ccccc2)C[C@@H]1C"))
    trans = FRS.match(parent("CCC(=O)N(c1ccccc1)[C@@H]1CCN(CCc2ccccc2)C[C@H]1C"))
    assert flat.verdict == cis.verdict == trans.verdict == "controlled"
    assert flat.reason == cis.reason == trans.reason


def test_temporary_order_and_statute_cover_adjacent_periods():
    temp, halt = BY_ID["us-frs-temporary"], FRS
    assert temp.in_force(date(2019, 1, 1)) and not halt.in_force(date(2019, 1, 1))
    assert not temp.in_force(date(2025, 7, 16)) and halt.in_force(date(2025, 7, 16))
    assert not temp.in_force(date(2018, 2, 5))
    mol = parent("CC(=O)N(c1ccccc1)C1CCN(CCc2ccccc2)CC1")
    assert temp.match(mol) == halt.match(mol)
