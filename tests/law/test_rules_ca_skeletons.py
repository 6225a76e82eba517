"""CDSA class items read as structural rules: opioid skeletons (Sch. I items 1, 3, 4, 5, 6, 10, 11),
sedatives (Sch. IV items 1, 2, 18; Sch. I item 20). Named members inside, unnamed derivatives
inside, borderline readings uncertain, decoys and the "but not including" substances outside."""

from __future__ import annotations

from datetime import date

import pytest
from rdkit import Chem
from rdkit.Chem.rdMolDescriptors import CalcMolFormula

from nadd.chem.registry import parse
from nadd.law import check
from nadd.law.rules import BY_ID


def verdict(rule_id: str, smiles: str) -> str | None:
    m = BY_ID[rule_id].match(parse(smiles, kind="smiles").mol)
    return m.verdict if m else None


CASES = {
    # rule id: {name: (SMILES, formula written independently, expected verdict)}
    "ca-opium-derivatives": {
        "morphine (named)": ("CN1CC[C@]23c4c5ccc(O)c4O[C@H]2[C@@H](O)C=C[C@H]3[C@H]1C5", "C17H19NO3", "controlled"),
        "thebaine (named)": ("COC1=CC=C2C3Cc4ccc(OC)c5c4C2(CCN3C)C1O5", "C19H21NO3", "controlled"),
        "14-methoxymetopon (unnamed)": ("CN1CCC23c4c5ccc(O)c4OC2(C)C(=O)CCC3(OC)C1C5", "C19H23NO4", "controlled"),
        "apomorphine (ring opened)": ("CN1CCc2cccc3c2C1Cc1ccc(O)c(O)c1-3", "C17H17NO2", None),
        "tramadol (decoy)": ("COc1cccc(C2(O)CCCCC2CN(C)C)c1", "C16H25NO2", None),
    },
    "ca-morphinans": {
        "levorphanol (named)": ("Oc1ccc2c(c1)[C@@]13CCCC[C@H]1[C@@H](C2)N(C)CC3", "C17H23NO", "controlled"),
        "racemorphan, stereo unknown": ("Oc1ccc2c(c1)C13CCCCC1C(C2)N(C)CC3", "C17H23NO", "controlled"),
        "levo N-phenethyl (phenomorphan)": ("Oc1ccc2c(c1)[C@@]13CCCC[C@H]1[C@@H](C2)N(CCc1ccccc1)CC3", "C24H29NO",
                                             "controlled"),
        "dimemorfan, dextro series": ("Cc1ccc2c(c1)[C@]13CCCC[C@@H]1[C@H](C2)N(C)CC3", "C18H25N", "uncertain"),
        "benzomorphan only (decoy)": ("CC1C2Cc3ccc(O)cc3C1(C)CCN2C", "C15H21NO", None),
    },
    "ca-benzazocines": {
        "pentazocine (named)": ("CC1C2Cc3ccc(O)cc3C1(C)CCN2CC=C(C)C", "C19H27NO", "controlled"),
        "N-phenylpropyl analogue": ("CC1C2Cc3ccc(O)cc3C1(C)CCN2CCCc1ccccc1", "C23H29NO", "controlled"),
        "levorphanol: a morphinan, item 10": ("Oc1ccc2c(c1)C13CCCCC1C(C2)N(C)CC3", "C17H23NO", None),
    },
    "ca-phenylpiperidines": {
        "pethidine (named)": ("CCOC(=O)C1(c2ccccc2)CCN(C)CC1", "C15H21NO2", "controlled"),
        "ketobemidone (named)": ("CCC(=O)C1(c2cccc(O)c2)CCN(C)CC1", "C15H21NO2", "controlled"),
        "prodine ester, N-phenethyl (unnamed)": ("CCC(=O)OC1(c2ccccc2)CCN(CCc2ccccc2)CC1", "C22H27NO2",
                                                  "controlled"),
        "thienyl pethidine": ("CCOC(=O)C1(c2cccs2)CCN(C)CC1", "C13H19NO2S", "uncertain"),
        "prodine alcohol intermediate": ("OC1(c2ccccc2)CCN(C)CC1", "C12H17NO", "uncertain"),
        "haloperidol (decoy)": ("OC1(CCN(CCCC(=O)c2ccc(F)cc2)CC1)c1ccc(Cl)cc1", "C21H23ClFNO2", None),
        "paroxetine (decoy)": ("Fc1ccc(cc1)C1CCNCC1COc1ccc2OCOc2c1", "C19H20FNO3", None),
        "fentanyl (an anilide, item 16)": ("CCC(=O)N(c1ccccc1)C1CCN(CCc2ccccc2)CC1", "C22H28N2O", None),
    },
    "ca-phenazepines": {
        "proheptazine (named)": ("CCC(=O)OC1(c2ccccc2)CCCN(C)CC1C", "C17H25NO2", "controlled"),
        "meptazinol (3-aryl)": ("CCC1(c2cccc(O)c2)CCCCN(C)C1", "C15H23NO", "uncertain"),
        "pethidine (a piperidine)": ("CCOC(=O)C1(c2ccccc2)CCN(C)CC1", "C15H21NO2", None),
    },
    "ca-amidones": {
        "methadone (named)": ("CCC(=O)C(CC(C)N(C)C)(c1ccccc1)c1ccccc1", "C21H27NO", "controlled"),
        "dimethylaminodiphenylbutanonitrile (named)": ("CC(CC(C#N)(c1ccccc1)c1ccccc1)N(C)C", "C19H22N2",
                                                        "controlled"),
        "pyrrolidino methadone (unnamed)": ("CCC(=O)C(CC(C)N1CCCC1)(c1ccccc1)c1ccccc1", "C23H29NO", "controlled"),
        "dithienyl methadone": ("CCC(=O)C(CC(C)N(C)C)(c1cccs1)c1cccs1", "C17H23NOS2", "uncertain"),
        "loperamide (an amide, decoy)": ("CN(C)C(=O)C(CCN1CCC(O)(CC1)c1ccc(Cl)cc1)(c1ccccc1)c1ccccc1",
                                         "C29H33ClN2O2", None),
    },
    "ca-methadols": {
        "dimepheptanol (named)": ("CCC(O)C(CC(C)N(C)C)(c1ccccc1)c1ccccc1", "C21H29NO", "controlled"),
        "acetylmethadol (named)": ("CCC(OC(C)=O)C(CC(C)N(C)C)(c1ccccc1)c1ccccc1", "C23H31NO2", "controlled"),
        "methadone (a ketone, item 5)": ("CCC(=O)C(CC(C)N(C)C)(c1ccccc1)c1ccccc1", "C21H27NO", None),
    },
    "ca-barbiturates": {
        "phenobarbital (named)": ("CCC1(c2ccccc2)C(=O)NC(=O)NC1=O", "C12H12N2O3", "controlled"),
        "5-ethyl-5-propyl (unnamed)": ("CCCC1(CC)C(=O)NC(=O)NC1=O", "C9H14N2O3", "controlled"),
        "5-monosubstituted": ("CCC1C(=O)NC(=O)NC1=O", "C6H8N2O3", "uncertain"),
        "barbituric acid (excluded)": ("O=C1CC(=O)NC(=O)N1", "C4H4N2O3", None),
        "uracil (decoy)": ("O=c1cc[nH]c(=O)[nH]1", "C4H4N2O2", None),
    },
    "ca-thiobarbiturates": {
        "thiopental (named)": ("CCCC(C)C1(CC)C(=O)NC(=S)NC1=O", "C11H18N2O2S", "controlled"),
        "phenobarbital (oxo)": ("CCC1(c2ccccc2)C(=O)NC(=O)NC1=O", "C12H12N2O3", None),
    },
    "ca-benzodiazepines": {
        "diazepam (named)": ("CN1C(=O)CN=C(c2ccccc2)c2cc(Cl)ccc21", "C16H13ClN2O", "controlled"),
        "clobazam (1,5-, named)": ("CN1C(=O)CC(=O)N(c2ccccc2)c2cc(Cl)ccc21", "C16H13ClN2O2", "controlled"),
        "flualprazolam (unnamed)": ("Cc1nnc2n1-c1ccc(Cl)cc1C(c1ccccc1F)=NC2", "C17H12ClFN4", "controlled"),
        "bromazolam (unnamed)": ("Cc1nnc2n1-c1ccc(Br)cc1C(c1ccccc1)=NC2", "C17H13BrN4", "controlled"),
        "etizolam (thieno, no benzene)": ("CCc1cc2c(s1)-n1c(C)nnc1CN=C2c1ccccc1Cl", "C17H15ClN4S", "uncertain"),
        "quetiapine-like dibenzodiazepine": ("CN1CCN(C2=Nc3ccccc3Nc3ccccc32)CC1", "C18H20N4", "uncertain"),
        "flunitrazepam (Sch. I item 20)": ("CN1C(=O)CN=C(c2ccccc2F)c2cc([N+](=O)[O-])ccc21", "C16H12FN3O3", None),
        "carbamazepine (decoy)": ("NC(=O)N1c2ccccc2C=Cc2ccccc21", "C15H12N2O", None),
    },
    "ca-flunitrazepam": {
        "flunitrazepam (named)": ("CN1C(=O)CN=C(c2ccccc2F)c2cc([N+](=O)[O-])ccc21", "C16H12FN3O3", "controlled"),
        "fonazepam (N-desmethyl)": ("O=C1CN=C(c2ccccc2F)c2cc([N+](=O)[O-])ccc2N1", "C15H10FN3O3", "controlled"),
        "clonazepam (2-Cl, decoy)": ("O=C1CN=C(c2ccccc2Cl)c2cc([N+](=O)[O-])ccc2N1", "C15H10ClN3O3", None),
    },
}
PARAMS = [(rule, name, *case) for rule, cases in CASES.items() for name, case in cases.items()]


@pytest.mark.parametrize("rule_id,name,smiles,formula,expected", PARAMS, ids=[f"{p[0]}:{p[1]}" for p in PARAMS])
def test_class_item_reads_named_members_derivatives_and_decoys(rule_id, name, smiles, formula, expected):
    assert CalcMolFormula(Chem.MolFromSmiles(smiles)) == formula, "the test structure is the one meant"
    assert verdict(rule_id, smiles) == expected


def test_a_match_names_the_skeleton_atoms_and_the_item():
    mol = parse("CCC(=O)OC1(c2ccccc2)CCN(CCc2ccccc2)CC1", kind="smiles").mol
    m = BY_ID["ca-phenylpiperidines"].match(mol)
    assert m and len(m.atoms) == 8 and "pethidine" in m.reason
    assert BY_ID["ca-phenylpiperidines"].provision == "CDSA Sch. I, item 3"


def test_near_miss_is_explained():
    mol = parse("OC1(CCN(CCCC(=O)c2ccc(F)cc2)CC1)c1ccc(Cl)cc1", kind="smiles").mol  # haloperidol
    assert "haloperidol" in BY_ID["ca-phenylpiperidines"].explain(mol)
    bzd = parse("CN1C(=O)CN=C(c2ccccc2F)c2cc([N+](=O)[O-])ccc21", kind="smiles").mol
    assert "item 20" in BY_ID["ca-benzodiazepines"].explain(bzd)


@pytest.mark.parametrize("name,provision", [
    ("naloxegol", "item 1(34.4)"), ("methylnaltrexone", "item 1(34.3)"), ("cyprenorphine", "item 1(33)"),
    ("levallorphan", "item 10(12)"), ("cyclazocine", "item 11(4)"), ("ethoheptazine", "item 4(2)"),
    ("oxpheneridine", "item 3(24)"), ("naltrexone", "item 1(34.2)"), ("olanzapine", "item 18(34)"),
])
def test_but_not_including_substances_stay_outside_although_the_skeleton_matches(name, provision):
    v = check(name, date(2026, 7, 1)).by_jurisdiction["ca"]
    assert v.verdict == "not_listed" and provision in v.provision and "excluded" in v.reason


def test_unnamed_derivative_gets_the_item_through_the_full_check():
    v = check("CCC(=O)OC1(c2ccccc2)CCN(CCc2ccccc2)CC1", date(2026, 7, 1)).by_jurisdiction["ca"]
    assert (v.verdict, v.schedule, v.rule) == ("controlled", "I", "ca-phenylpiperidines")
    assert v.provision == "CDSA Sch. I, item 3" and v.effective == "1997-05-14"


def test_salt_and_free_base_get_the_same_verdict():
    base = check("Cc1nnc2n1-c1ccc(Cl)cc1C(c1ccccc1F)=NC2", date(2026, 7, 1)).by_jurisdiction["ca"]
    salt = check("Cc1nnc2n1-c1ccc(Cl)cc1C(c1ccccc1F)=NC2.Cl", date(2026, 7, 1)).by_jurisdiction["ca"]
    assert base.verdict == salt.verdict == "controlled" and base.rule == salt.rule == "ca-benzodiazepines"


def test_flunitrazepam_derivative_item_applies_only_from_its_schedule_i_date():
    fonazepam = "O=C1CN=C(c2ccccc2F)c2cc([N+](=O)[O-])ccc2N1"
    after = check(fonazepam, date(2013, 1, 1)).by_jurisdiction["ca"]
    assert (after.verdict, after.schedule, after.rule) == ("controlled", "I", "ca-flunitrazepam")
    before = check(fonazepam, date(2010, 1, 1)).by_jurisdiction["ca"]
    assert before.rule != "ca-flunitrazepam" and before.schedule != "IV"  # never Sch. IV: item 18(33)


ITEMS = {
    "ca-thiambutenes": {
        "dimethylthiambutene (named)": ("CC(C=C(c1cccs1)c1cccs1)N(C)C", "C14H17NS2", "controlled"),
        "thienyl-phenyl allylamine": ("CC(C=C(c1ccccc1)c1cccs1)N(C)C", "C16H19NS", "uncertain"),
        "diphenyl allylamine (decoy)": ("CN(C)CC=C(c1ccccc1)c1ccccc1", "C17H19N", None),
    },
    "ca-moramides": {
        "dextromoramide (named)": ("CC(CN1CCOCC1)C(C(=O)N1CCCC1)(c1ccccc1)c1ccccc1", "C25H32N2O2", "controlled"),
        "diphenylmorpholinoisovaleric acid (named)": ("CC(CN1CCOCC1)C(C(=O)O)(c1ccccc1)c1ccccc1", "C21H25NO3",
                                                      "controlled"),
        "loperamide (no morpholine)": ("CN(C)C(=O)C(CCN1CCC(O)(CC1)c1ccc(Cl)cc1)(c1ccccc1)c1ccccc1",
                                       "C29H33ClN2O2", None),
    },
    "ca-ampromides": {
        "diampromide (named)": ("CCC(=O)N(c1ccccc1)CC(C)N(C)CCc1ccccc1", "C21H28N2O", "controlled"),
        "propiram (named)": ("CCC(=O)N(c1ccccn1)C(C)CN1CCCCC1", "C16H25N3O", "controlled"),
        "benzoyl analogue": ("O=C(c1ccccc1)N(c1ccccc1)C(C)CN1CCCCC1", "C21H26N2O", "uncertain"),
        "lidocaine (decoy)": ("CCN(CC)CC(=O)Nc1c(C)cccc1C", "C14H22N2O", None),
        "fentanyl (decoy)": ("CCC(=O)N(c1ccccc1)C1CCN(CCc2ccccc2)CC1", "C22H28N2O", None),
    },
    "ca-tapentadol": {
        "tapentadol (named)": ("CC[C@@H](c1cccc(O)c1)[C@@H](C)CN(C)C", "C14H23NO", "controlled"),
        "O-methyl tapentadol (unnamed)": ("CCC(c1cccc(OC)c1)C(C)CN(C)C", "C15H25NO", "controlled"),
        "tramadol (decoy)": ("COc1cccc(C2(O)CCCCC2CN(C)C)c1", "C16H25NO2", None),
    },
    "ca-w18": {
        "W-18 (named)": ("O=[N+]([O-])c1ccc(CCN2CCCCC2=NS(=O)(=O)c2ccc(Cl)cc2)cc1", "C19H20ClN3O4S", "controlled"),
        "W-15 (unnamed)": ("O=S(=O)(N=C1CCCCN1CCc1ccccc1)c1ccc(Cl)cc1", "C19H21ClN2O2S", "controlled"),
        "pyrrolidinylidene analogue": ("O=S(=O)(N=C1CCCN1CCc1ccccc1)c1ccc(Cl)cc1", "C18H19ClN2O2S", "uncertain"),
    },
}
ITEM_PARAMS = [(rule, name, *case) for rule, cases in ITEMS.items() for name, case in cases.items()]


@pytest.mark.parametrize("rule_id,name,smiles,formula,expected", ITEM_PARAMS,
                         ids=[f"{p[0]}:{p[1]}" for p in ITEM_PARAMS])
def test_small_opioid_families_read_by_their_skeleton(rule_id, name, smiles, formula, expected):
    assert CalcMolFormula(Chem.MolFromSmiles(smiles)) == formula, "the test structure is the one meant"
    assert verdict(rule_id, smiles) == expected


def test_moramide_rule_explains_why_loperamide_is_outside():
    mol = parse("CN(C)C(=O)C(CCN1CCC(O)(CC1)c1ccc(Cl)cc1)(c1ccccc1)c1ccccc1", kind="smiles").mol
    assert "morpholine" in BY_ID["ca-moramides"].explain(mol)
