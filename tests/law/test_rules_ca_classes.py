"""Canadian class items: Sch. I item 16 (fentanyls, ANPP), item 13 (benzimidazoles), Sch. III item 35 (2C)."""

from __future__ import annotations

import pytest
from rdkit import Chem
from rdkit.Chem.rdMolDescriptors import CalcMolFormula

from nadd.law.rules import BY_ID


def parent(smiles: str) -> Chem.Mol:
    try:
        from nadd.chem.registry import parse
    except ImportError:
        frags = Chem.GetMolFrags(Chem.MolFromSmiles(smiles), asMols=True)
        return max(frags, key=lambda f: f.GetNumHeavyAtoms())
    return parse(smiles, kind="smiles").mol


def verdict(rule_id: str, smiles: str) -> str | None:
    m = BY_ID[rule_id].match(parent(smiles))
    return m.verdict if m else None


FENTANYLS = {
    # named sub-items and unnamed derivatives: (SMILES, formula, verdict)
    "fentanyl": ("CCC(=O)N(c1ccccc1)C1CCN(CCc2ccccc2)CC1", "C22H28N2O", "controlled"),
    "remifentanil": ("CCC(=O)N(c1ccccc1)C1(C(=O)OC)CCN(CCC(=O)OC)CC1", "C20H28N2O5", "controlled"),
    "alfentanil": ("CCC(=O)N(c1ccccc1)C1(COC)CCN(CCn2nnn(CC)c2=O)CC1", "C21H32N6O3", "controlled"),
    "sufentanil": ("CCC(=O)N(c1ccccc1)C1(COC)CCN(CCc2cccs2)CC1", "C22H30N2O2S", "controlled"),
    "carfentanil": ("CCC(=O)N(c1ccccc1)C1(C(=O)OC)CCN(CCc2ccccc2)CC1", "C24H30N2O3", "controlled"),
    "furanylfentanyl": ("O=C(c1ccco1)N(c1ccccc1)C1CCN(CCc2ccccc2)CC1", "C24H26N2O2", "controlled"),
    "4-phenylfentanyl": (
        "CCC(=O)N(c1ccccc1)C1(c2ccccc2)CCN(CCc2ccccc2)CC1",
        "C28H32N2O",
        "controlled",
    ),
    "benzylfentanyl": ("CCC(=O)N(c1ccccc1)C1CCN(Cc2ccccc2)CC1", "C21H26N2O", "uncertain"),
    "lorcainide": ("CC(C)N1CCC(N(C(=O)Cc2ccccc2)c2ccc(Cl)cc2)CC1", "C22H27ClN2O", "uncertain"),
    "sulfonyl analogue": ("CCS(=O)(=O)N(c1ccccc1)C1CCN(CCc2ccccc2)CC1", "C21H28N2O2S", "uncertain"),
    "norfentanyl": ("CCC(=O)N(c1ccccc1)C1CCNCC1", "C14H20N2O", None),
    "ANPP": ("c1ccc(NC2CCN(CCc3ccccc3)CC2)cc1", "C19H24N2", None),
    "haloperidol": ("OC1(CCN(CCCC(=O)c2ccc(F)cc2)CC1)c1ccc(Cl)cc1", "C21H23ClFNO2", None),
    "diphenoxylate": ("CCOC(=O)C1(c2ccccc2)CCN(CCC(C#N)(c2ccccc2)c2ccccc2)CC1", "C30H32N2O2", None),
}


@pytest.mark.parametrize("name", sorted(FENTANYLS))
def test_item_16_reads_fentanyl_derivatives_from_the_shared_skeleton(name):
    smiles, formula, expected = FENTANYLS[name]
    assert CalcMolFormula(parent(smiles)) == formula
    assert verdict("ca-fentanyls", smiles) == expected, name


def test_item_16_sends_norfentanyl_types_to_schedule_vi():
    why = BY_ID["ca-fentanyls"].explain(parent(FENTANYLS["norfentanyl"][0]))
    assert "Schedule VI item 28" in why


ANPP = {
    "ANPP": ("c1ccc(NC2CCN(CCc3ccccc3)CC2)cc1", "controlled"),
    "4-fluoro-ANPP": ("Fc1ccc(NC2CCN(CCc3ccccc3)CC2)cc1", "controlled"),
    "thienyl-ANPP": ("c1ccc(NC2CCN(CCc3cccs3)CC2)cc1", "controlled"),
    "benzyl-4-AP": ("c1ccc(CN2CCC(Nc3ccccc3)CC2)cc1", "uncertain"),
    "pyridyl-ANPP": ("c1ccc(CCN2CCC(Nc3ccccn3)CC2)cc1", "uncertain"),
    "4-AP": ("c1ccc(NC2CCNCC2)cc1", None),
    "astemizole": ("COc1ccc(CCN2CCC(Nc3nc4ccccc4n3Cc3ccc(F)cc3)CC2)cc1", None),
    "fentanyl": ("CCC(=O)N(c1ccccc1)C1CCN(CCc2ccccc2)CC1", None),
}


@pytest.mark.parametrize("name", sorted(ANPP))
def test_item_16_14_covers_anpp_derivatives(name):
    smiles, expected = ANPP[name]
    assert verdict("ca-anpp", smiles) == expected, name


NITAZENES = {
    "clonitazene": (
        "CCN(CC)CCn1c(Cc2ccc(Cl)cc2)nc2cc([N+](=O)[O-])ccc21",
        "C20H23ClN4O2",
        "controlled",
    ),
    "etonitazene": (
        "CCOc1ccc(Cc2nc3cc([N+](=O)[O-])ccc3n2CCN(CC)CC)cc1",
        "C22H28N4O3",
        "controlled",
    ),
    "isotonitazene": (
        "CCN(CC)CCn1c(Cc2ccc(OC(C)C)cc2)nc2cc([N+](=O)[O-])ccc21",
        "C23H30N4O3",
        "controlled",
    ),
    "metonitazene": (
        "CCN(CC)CCn1c(Cc2ccc(OC)cc2)nc2cc([N+](=O)[O-])ccc21",
        "C21H26N4O3",
        "controlled",
    ),
    "protonitazene": (
        "CCCOc1ccc(Cc2nc3cc([N+](=O)[O-])ccc3n2CCN(CC)CC)cc1",
        "C23H30N4O3",
        "controlled",
    ),
    "etonitazepyne": (
        "CCOc1ccc(Cc2nc3cc([N+](=O)[O-])ccc3n2CCN2CCCC2)cc1",
        "C22H26N4O3",
        "controlled",
    ),
    "etodesnitazene": ("CCOc1ccc(Cc2nc3ccccc3n2CCN(CC)CC)cc1", "C22H29N3O", "controlled"),
    "N-desethyl isotonitazene": (
        "CCNCCn1c(Cc2ccc(OC(C)C)cc2)nc2cc([N+](=O)[O-])ccc21",
        "C21H26N4O3",
        "controlled",
    ),
    "etazene": ("CCOc1ccc(Cc2nc3ccccc3n2CC(=O)N(CC)CC)cc1", "C22H27N3O2", "uncertain"),
    "brorphine": ("CC(c1ccc(Br)cc1)N1CCC(n2c(=O)[nH]c3ccccc32)CC1", "C20H22BrN3O", "uncertain"),
    "omeprazole": ("COc1ccc2[nH]c(S(=O)Cc3ncc(C)c(OC)c3C)nc2c1", "C17H19N3O3S", None),
    "albendazole": ("CCCSc1ccc2[nH]c(NC(=O)OC)nc2c1", "C12H15N3O2S", None),
    "domperidone": (
        "Clc1ccc2c(c1)[nH]c(=O)n2C1CCN(CCCn2c(=O)[nH]c3ccccc32)CC1",
        "C22H24ClN5O2",
        None,
    ),
    "benperidol": ("O=C(CCCN1CCC(n2c(=O)[nH]c3ccccc32)CC1)c1ccc(F)cc1", "C22H24FN3O2", None),
    "astemizole": ("COc1ccc(CCN2CCC(Nc3nc4ccccc4n3Cc3ccc(F)cc3)CC2)cc1", "C28H31FN4O", None),
}


@pytest.mark.parametrize("name", sorted(NITAZENES))
def test_item_13_reads_nitazenes_not_every_benzimidazole(name):
    smiles, formula, expected = NITAZENES[name]
    mol = parent(smiles)
    # the registry neutralises; nitro groups keep their zwitterion, so the formula is stable
    assert CalcMolFormula(mol) == formula
    assert verdict("ca-benzimidazoles", smiles) == expected, name


TWO_C = {
    "2C-B": ("COc1cc(CCN)c(OC)cc1Br", "C10H14BrNO2", "controlled"),
    "2C-I": ("COc1cc(CCN)c(OC)cc1I", "C10H14INO2", "controlled"),
    "2C-E": ("CCc1cc(OC)c(CCN)cc1OC", "C12H19NO2", "controlled"),
    "25I-NBOMe": ("COc1ccccc1CNCCc1cc(OC)c(I)cc1OC", "C18H22INO3", "controlled"),
    "25B-NBOMe": ("COc1ccccc1CNCCc1cc(OC)c(Br)cc1OC", "C18H22BrNO3", "controlled"),
    "2C-B-FLY": ("NCCc1c2CCOc2c(Br)c2CCOc12", "C12H14BrNO2", "controlled"),
    "bk-2C-B": ("COc1cc(C(=O)CN)c(OC)cc1Br", "C10H12BrNO3", "controlled"),
    "2,6-dimethoxyphenethylamine": ("COc1cccc(OC)c1CCN", "C10H15NO2", "controlled"),
    "DOB (alpha-methyl)": ("COc1cc(CC(C)N)c(OC)cc1Br", "C11H16BrNO2", "uncertain"),
    "N-butyl-2C-B": ("CCCCNCCc1cc(OC)c(Br)cc1OC", "C14H22BrNO2", None),
    "beta-methyl-2C-B": ("COc1cc(C(C)CN)c(OC)cc1Br", "C11H16BrNO2", None),
    "mescaline": ("COc1cc(CCN)cc(OC)c1OC", "C11H17NO3", None),
    "2,4-dimethoxyphenethylamine": ("COc1ccc(CCN)c(OC)c1", "C10H15NO2", None),
    "dopamine": ("NCCc1ccc(O)c(O)c1", "C8H11NO2", None),
    "tamsulosin": ("CCOc1ccccc1OCCNC(C)Cc1ccc(OC)c(S(N)(=O)=O)c1", "C20H28N2O5S", None),
}


@pytest.mark.parametrize("name", sorted(TWO_C))
def test_item_35_follows_the_2c_chemical_description(name):
    smiles, formula, expected = TWO_C[name]
    assert CalcMolFormula(parent(smiles)) == formula
    assert verdict("ca-2c", smiles) == expected, name


def test_item_35_reasons_say_which_part_of_the_description_fails():
    rule = BY_ID["ca-2c"]
    assert "amino group" in rule.explain(parent(TWO_C["N-butyl-2C-B"][0]))
    assert "beta carbon" in rule.explain(parent(TWO_C["beta-methyl-2C-B"][0]))
    assert "alpha" in rule.match(parent(TWO_C["DOB (alpha-methyl)"][0])).reason


def test_stereoisomers_and_salts_get_the_same_canadian_verdicts():
    for rule_id, a, b in (
        ("ca-2c", "COc1cc(C[C@@H](C)N)c(OC)cc1Br", "COc1cc(C[C@H](C)N)c(OC)cc1Br.Cl"),
        (
            "ca-fentanyls",
            "CCC(=O)N(c1ccccc1)[C@@H]1CCN(CCc2ccccc2)C[C@@H]1C",
            "CCC(=O)N(c1ccccc1)C1CCN(CCc2ccccc2)CC1C.OC(=O)CC(O)(CC(=O)O)C(=O)O",
        ),
    ):
        assert BY_ID[rule_id].match(parent(a)) == BY_ID[rule_id].match(parent(b))
