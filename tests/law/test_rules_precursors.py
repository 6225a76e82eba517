"""Precursor class wordings: US 21 CFR 1310.02 (4-AP, 4-piperidone) and CDSA Schedule VI."""

from __future__ import annotations

from datetime import date

import pytest
from rdkit import Chem
from rdkit.Chem.rdMolDescriptors import CalcMolFormula

from nadd.law.rules import BY_ID, RULES


def parent(smiles: str) -> Chem.Mol:
    try:
        from nadd.chem.registry import parse
    except ImportError:
        frags = Chem.GetMolFrags(Chem.MolFromSmiles(smiles), asMols=True)
        return max(frags, key=lambda f: f.GetNumHeavyAtoms())
    return parse(smiles, kind="smiles").mol


S = {
    "4-AP": ("c1ccc(NC2CCNCC2)cc1", "C11H16N2"),
    "1-boc-4-AP": ("CC(C)(C)OC(=O)N1CCC(Nc2ccccc2)CC1", "C16H24N2O2"),
    "4-fluoro-1-boc-4-AP": ("CC(C)(C)OC(=O)N1CCC(Nc2ccc(F)cc2)CC1", "C16H23FN2O2"),
    "4-bromo-1-boc-4-AP": ("CC(C)(C)OC(=O)N1CCC(Nc2ccc(Br)cc2)CC1", "C16H23BrN2O2"),
    "N-(4-fluorophenyl)-4-piperidinamine": ("Fc1ccc(NC2CCNCC2)cc1", "C11H15FN2"),
    "4-methyl-4-AP": ("Cc1ccc(NC2CCNCC2)cc1", "C12H18N2"),
    "norfentanyl": ("CCC(=O)N(c1ccccc1)C1CCNCC1", "C14H20N2O"),
    "1-boc-norfentanyl": ("CCC(=O)N(c1ccccc1)C1CCN(C(=O)OC(C)(C)C)CC1", "C19H28N2O3"),
    "ANPP": ("c1ccc(NC2CCN(CCc3ccccc3)CC2)cc1", "C19H24N2"),
    "1-benzyl-4-AP": ("c1ccc(CN2CCC(Nc3ccccc3)CC2)cc1", "C18H22N2"),
    "benzylfentanyl": ("CCC(=O)N(c1ccccc1)C1CCN(Cc2ccccc2)CC1", "C21H26N2O"),
    "4-fluorobenzylfentanyl": ("CCC(=O)N(c1ccccc1)C1CCN(Cc2ccc(F)cc2)CC1", "C21H25FN2O"),
    "fentanyl": ("CCC(=O)N(c1ccccc1)C1CCN(CCc2ccccc2)CC1", "C22H28N2O"),
    "4-piperidone": ("O=C1CCNCC1", "C5H9NO"),
    "1-boc-4-piperidone": ("CC(C)(C)OC(=O)N1CCC(=O)CC1", "C10H17NO3"),
    "1-acetyl-4-piperidone": ("CC(=O)N1CCC(=O)CC1", "C7H11NO2"),
    "4-piperidone ethylene ketal": ("C1CC2(OCCO2)CCN1", "C7H13NO2"),
    "4-piperidone dimethyl acetal": ("COC1(OC)CCNCC1", "C7H15NO2"),
    "3-methyl-4-piperidone": ("CC1CNCCC1=O", "C6H11NO"),
    "1-benzyl-4-piperidone": ("O=C1CCN(Cc2ccccc2)CC1", "C12H15NO"),
    "NPP": ("O=C1CCN(CCc2ccccc2)CC1", "C13H17NO"),
    "P2P": ("CC(=O)Cc1ccccc1", "C9H10O"),
    "4-methoxy-P2P": ("COc1ccc(CC(C)=O)cc1", "C10H12O2"),
    "BMK methyl glycidate": ("COC(=O)C1(C)OC1c1ccccc1", "C11H12O3"),
    "APAA": ("CC(=O)C(C(N)=O)c1ccccc1", "C10H11NO2"),
    "PMK": ("CC(=O)Cc1ccc2OCOc2c1", "C10H10O3"),
    "4-nitro-P2P": ("CC(=O)Cc1ccc([N+](=O)[O-])cc1", "C9H9NO3"),
    "4-biphenylylacetone": ("CC(=O)Cc1ccc(-c2ccccc2)cc1", "C15H14O"),
    "APAAN": ("CC(=O)C(C#N)c1ccccc1", "C10H9NO"),
    "MMDMG": ("COC(=O)C1(C)OC1c1ccc2OCOc2c1", "C12H12O5"),
}

# rule id -> {compound: expected verdict ("controlled", "uncertain" or None)}
EXPECT = {
    "us-4ap": {
        "4-AP": "controlled",
        "1-boc-4-AP": "controlled",
        "4-fluoro-1-boc-4-AP": "controlled",
        "4-bromo-1-boc-4-AP": "controlled",
        "N-(4-fluorophenyl)-4-piperidinamine": "controlled",
        "norfentanyl": "controlled",
        "1-boc-norfentanyl": "controlled",
        "4-methyl-4-AP": None,
        "ANPP": None,
        "1-benzyl-4-AP": None,
        "fentanyl": None,
        "benzylfentanyl": None,
        "4-piperidone": None,
    },
    "us-4ap-2020": {
        "4-AP": "controlled",
        "1-boc-4-AP": "controlled",
        "norfentanyl": "controlled",
        "4-fluoro-1-boc-4-AP": None,
        "N-(4-fluorophenyl)-4-piperidinamine": None,
        "ANPP": None,
    },
    "us-4-piperidone": {
        "4-piperidone": "controlled",
        "1-boc-4-piperidone": "controlled",
        "1-acetyl-4-piperidone": "controlled",
        "4-piperidone ethylene ketal": "controlled",
        "4-piperidone dimethyl acetal": "controlled",
        "3-methyl-4-piperidone": None,
        "1-benzyl-4-piperidone": None,
        "NPP": None,
        "4-AP": None,
    },
    "ca-4ap": {
        "4-AP": "controlled",
        "1-boc-4-AP": "controlled",
        "4-fluoro-1-boc-4-AP": "controlled",
        "4-bromo-1-boc-4-AP": "controlled",
        "N-(4-fluorophenyl)-4-piperidinamine": "controlled",
        "4-methyl-4-AP": "controlled",
        "1-benzyl-4-AP": "uncertain",
        "ANPP": None,
        "norfentanyl": None,
        "fentanyl": None,
    },
    "ca-norfentanyl": {
        "norfentanyl": "controlled",
        "1-boc-norfentanyl": "controlled",
        "fentanyl": None,
        "benzylfentanyl": None,
        "4-AP": None,
        "ANPP": None,
    },
    "ca-benzylfentanyl": {
        "benzylfentanyl": "controlled",
        "4-fluorobenzylfentanyl": "controlled",
        "fentanyl": None,
        "norfentanyl": None,
        "1-benzyl-4-AP": None,
    },
    "ca-4-piperidone": {
        "4-piperidone": "controlled",
        "1-boc-4-piperidone": "controlled",
        "3-methyl-4-piperidone": "controlled",
        "1-benzyl-4-piperidone": "controlled",
        "4-piperidone ethylene ketal": "controlled",
        "NPP": "controlled",
        "4-AP": None,
        "P2P": None,
    },
    "ca-p2p": {
        "P2P": "controlled",
        "4-methoxy-P2P": "controlled",
        "BMK methyl glycidate": "controlled",
        "APAA": "controlled",
        "PMK": None,
        "MMDMG": None,
        "4-piperidone": None,
        "4-nitro-P2P": "controlled",
        "4-biphenylylacetone": "uncertain",
        "APAAN": "controlled",
    },
    "ca-pmk": {
        "PMK": "controlled",
        "MMDMG": "controlled",
        "P2P": None,
        "BMK methyl glycidate": None,
    },
}
CASES = [(rule, name, verdict) for rule, d in EXPECT.items() for name, verdict in d.items()]


@pytest.mark.parametrize("rule_id,name,verdict", CASES)
def test_precursor_wording_reaches_exactly_the_named_derivatives(rule_id, name, verdict):
    smiles, formula = S[name]
    mol = parent(smiles)
    assert CalcMolFormula(mol) == formula
    m = BY_ID[rule_id].match(mol)
    assert (m.verdict if m else None) == verdict, (rule_id, name, m)


def test_us_4ap_reasons_name_the_derivative_type():
    rule = BY_ID["us-4ap"]
    assert "carbamate" in rule.match(parent(S["1-boc-4-AP"][0])).reason
    assert "halide" in rule.match(parent(S["4-fluoro-1-boc-4-AP"][0])).reason
    assert "amide" in rule.match(parent(S["norfentanyl"][0])).reason
    why = rule.explain(parent(S["ANPP"][0]))
    assert "not an amide, carbamate or halide" in why


def test_us_4ap_halides_count_only_from_the_2023_listing():
    old, new = BY_ID["us-4ap-2020"], BY_ID["us-4ap"]
    mol = parent(S["4-fluoro-1-boc-4-AP"][0])
    assert old.match(mol) is None and "2023-11-30" in old.explain(mol)
    assert new.match(mol).verdict == "controlled"
    assert old.in_force(date(2021, 1, 1)) and not new.in_force(date(2021, 1, 1))
    assert new.in_force(date(2024, 1, 1)) and not old.in_force(date(2024, 1, 1))


def test_us_4_piperidone_leaves_n_alkyl_derivatives_out_and_says_why():
    why = BY_ID["us-4-piperidone"].explain(parent(S["1-benzyl-4-piperidone"][0]))
    assert "N-alkyl derivatives are not in the wording" in why


def test_canadian_4_piperidone_class_starts_on_its_in_force_date():
    rule = BY_ID["ca-4-piperidone"]
    assert not rule.in_force(date(2024, 9, 2)) and rule.in_force(date(2024, 9, 3))


PIPERIDINE_DRUGS = {
    "haloperidol": "OC1(CCN(CCCC(=O)c2ccc(F)cc2)CC1)c1ccc(Cl)cc1",
    "loperamide": "CN(C)C(=O)C(CCN1CCC(O)(CC1)c1ccc(Cl)cc1)(c1ccccc1)c1ccccc1",
    "diphenoxylate": "CCOC(=O)C1(c2ccccc2)CCN(CCC(C#N)(c2ccccc2)c2ccccc2)CC1",
    "meperidine": "CCOC(=O)C1(c2ccccc2)CCN(C)CC1",
    "risperidone": "Cc1nc2n(c(=O)c1CCN1CCC(c3noc4cc(F)ccc34)CC1)CCCC2",
    "donepezil": "COc1cc2c(cc1OC)C(=O)C(CC1CCN(Cc3ccccc3)CC1)C2",
    "piperidine": "C1CCNCC1",
    "methylphenidate": "COC(=O)C(c1ccccc1)C1CCCCN1",
    "paroxetine": "Fc1ccc(cc1)C1CCNCC1COc1ccc2OCOc2c1",
    "astemizole": "COc1ccc(CCN2CCC(Nc3nc4ccccc4n3Cc3ccc(F)cc3)CC2)cc1",
    "phenylacetone oxime": "CC(=NO)Cc1ccccc1",
    "amphetamine": "CC(N)Cc1ccccc1",
}


@pytest.mark.parametrize("name", sorted(PIPERIDINE_DRUGS))
def test_piperidine_drugs_are_not_precursors(name):
    mol = parent(PIPERIDINE_DRUGS[name])
    hits = [r.id for r in RULES if r.schedule in ("List I", "VI-A") and r.match(mol)]
    assert hits == [], (name, hits)


def test_salt_of_a_precursor_gets_the_same_verdict():
    for rule_id, name in (("us-4ap", "4-AP"), ("ca-4-piperidone", "4-piperidone")):
        smiles = S[name][0]
        rule = BY_ID[rule_id]
        assert rule.match(parent(smiles)) == rule.match(parent(smiles + ".Cl.Cl"))
