"""Canadian parent-anchored class items: PCP, MDPV, amphetamines, MT-45, U-47700, AP-237, methylphenidate."""

from __future__ import annotations

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


# (rule, name, SMILES, formula, expected verdict)
CASES = [
    ("ca-phencyclidine", "phencyclidine", "c1ccc(C2(N3CCCCC3)CCCCC2)cc1", "C17H25N", "controlled"),
    ("ca-phencyclidine", "ketamine", "CNC1(c2ccccc2Cl)CCCCC1=O", "C13H16ClNO", "controlled"),
    ("ca-phencyclidine", "methoxetamine", "CCNC1(c2cccc(OC)c2)CCCCC1=O", "C15H21NO2", "controlled"),
    (
        "ca-phencyclidine",
        "2F-deschloroketamine",
        "CNC1(c2ccccc2F)CCCCC1=O",
        "C13H16FNO",
        "controlled",
    ),
    (
        "ca-phencyclidine",
        "tiletamine (thienyl)",
        "CCNC1(c2cccs2)CCCCC1=O",
        "C12H17NOS",
        "uncertain",
    ),
    ("ca-phencyclidine", "tramadol", "COc1cccc(C2(O)CCCCC2CN(C)C)c1", "C16H25NO2", None),
    ("ca-phencyclidine", "venlafaxine", "COc1ccc(C(CN(C)C)C2(O)CCCCC2)cc1", "C17H27NO2", None),
    ("ca-mdpv", "MDPV", "CCCC(N1CCCC1)C(=O)c1ccc2OCOc2c1", "C16H21NO3", "controlled"),
    ("ca-mdpv", "alpha-PVP", "CCCC(N1CCCC1)C(=O)c1ccccc1", "C15H21NO", "controlled"),
    ("ca-mdpv", "alpha-PHP", "CCCCC(N1CCCC1)C(=O)c1ccccc1", "C16H23NO", "controlled"),
    ("ca-mdpv", "4F-alpha-PVP", "CCCC(N1CCCC1)C(=O)c1ccc(F)cc1", "C15H20FNO", "controlled"),
    ("ca-mdpv", "alpha-PVT (thienyl)", "CCCC(N1CCCC1)C(=O)c1cccs1", "C13H19NOS", "uncertain"),
    ("ca-mdpv", "bupropion", "CC(NC(C)(C)C)C(=O)c1cccc(Cl)c1", "C13H18ClNO", None),
    (
        "ca-mdpv",
        "alpha-piperidinovalerophenone",
        "CCCC(N1CCCCC1)C(=O)c1ccccc1",
        "C16H23NO",
        "uncertain",
    ),
    (
        "ca-mdpv",
        "morpholino ketone (NCI)",
        "O=C(C(C(N1CCOCC1)c1ccccc1)N1CCOCC1)c1ccccc1",
        "C23H28N2O3",
        None,
    ),
    (
        "ca-mdpv",
        "benzyl piperidino ketone (NCI)",
        "O=C(C(Cc1ccccc1)N1CCCCC1)c1ccccc1",
        "C20H23NO",
        None,
    ),
    ("ca-amphetamines", "amphetamine", "CC(N)Cc1ccccc1", "C9H13N", "controlled"),
    ("ca-amphetamines", "MDA", "CC(N)Cc1ccc2OCOc2c1", "C10H13NO2", "controlled"),
    ("ca-amphetamines", "4-fluoroamphetamine", "CC(N)Cc1ccc(F)cc1", "C9H12FN", "controlled"),
    ("ca-amphetamines", "N-ethyl-MDA", "CCNC(C)Cc1ccc2OCOc2c1", "C12H17NO2", "controlled"),
    ("ca-amphetamines", "clobenzorex", "CC(Cc1ccccc1)NCc1ccccc1Cl", "C16H18ClN", "controlled"),
    (
        "ca-amphetamines",
        "mephedrone (beta-keto)",
        "CNC(C)C(=O)c1ccc(C)cc1",
        "C11H15NO",
        "uncertain",
    ),
    (
        "ca-amphetamines",
        "methylone (beta-keto)",
        "CNC(C)C(=O)c1ccc2OCOc2c1",
        "C11H13NO3",
        "uncertain",
    ),
    ("ca-amphetamines", "methiopropamine (thienyl)", "CNC(C)Cc1cccs1", "C8H13NS", "uncertain"),
    (
        "ca-amphetamines",
        "selegiline (N-propargyl)",
        "C#CCN(C)C(C)Cc1ccccc1",
        "C13H17N",
        "uncertain",
    ),
    ("ca-amphetamines", "bupropion", "CC(NC(C)(C)C)C(=O)c1cccc(Cl)c1", "C13H18ClNO", None),
    (
        "ca-amphetamines",
        "formoterol",
        "COc1ccc(CC(C)NCC(O)c2ccc(O)c(NC=O)c2)cc1",
        "C19H24N2O4",
        None,
    ),
    (
        "ca-amphetamines",
        "tamsulosin",
        "CCOc1ccccc1OCCNC(C)Cc1ccc(OC)c(S(N)(=O)=O)c1",
        "C20H28N2O5S",
        None,
    ),
    ("ca-amphetamines", "phentermine (named in Sch. IV)", "CC(C)(N)Cc1ccccc1", "C10H15N", None),
    ("ca-amphetamines", "mexiletine", "CC(N)COc1c(C)cccc1C", "C11H17NO", None),
    ("ca-mt45", "MT-45", "c1ccc(CC(c2ccccc2)N2CCN(C3CCCCC3)CC2)cc1", "C24H32N2", "controlled"),
    ("ca-mt45", "diphenidine", "c1ccc(CC(c2ccccc2)N2CCCCC2)cc1", "C19H23N", "controlled"),
    ("ca-mt45", "methoxphenidine", "COc1ccccc1C(Cc1ccccc1)N1CCCCC1", "C20H25NO", "controlled"),
    ("ca-mt45", "ephenidine", "CCNC(Cc1ccccc1)c1ccccc1", "C16H19N", "controlled"),
    ("ca-mt45", "lefetamine (excepted)", "CN(C)C(Cc1ccccc1)c1ccccc1", "C16H19N", None),
    (
        "ca-u47700",
        "U-47700",
        "CN(C)C1CCCCC1N(C)C(=O)c1ccc(Cl)c(Cl)c1",
        "C16H22Cl2N2O",
        "controlled",
    ),
    ("ca-u47700", "bromadoline", "CN(C)C1CCCCC1NC(=O)c1ccc(Br)cc1", "C15H21BrN2O", "controlled"),
    (
        "ca-u47700",
        "U-50488 (arylacetamide)",
        "CN(C1CCCCC1N1CCCC1)C(=O)Cc1ccc(Cl)c(Cl)c1",
        "C19H26Cl2N2O",
        "uncertain",
    ),
    ("ca-ap237", "AP-237", "CCCC(=O)N1CCN(C/C=C/c2ccccc2)CC1", "C17H24N2O", "controlled"),
    ("ca-ap237", "2-methyl-AP-237", "CCCC(=O)N1CCN(C/C=C/c2ccccc2)CC1C", "C18H26N2O", "controlled"),
    ("ca-ap237", "AP-238", "CCC(=O)N1C(C)CN(C/C=C/c2ccccc2)CC1C", "C18H26N2O", "controlled"),
    ("ca-ap237", "cinnarizine", "c1ccc(C(c2ccccc2)N2CCN(C/C=C/c3ccccc3)CC2)cc1", "C26H28N2", None),
    (
        "ca-methylphenidate",
        "methylphenidate",
        "COC(=O)C(c1ccccc1)C1CCCCN1",
        "C14H19NO2",
        "controlled",
    ),
    (
        "ca-methylphenidate",
        "ethylphenidate",
        "CCOC(=O)C(c1ccccc1)C1CCCCN1",
        "C15H21NO2",
        "controlled",
    ),
    (
        "ca-methylphenidate",
        "4-fluoromethylphenidate",
        "COC(=O)C(c1ccc(F)cc1)C1CCCCN1",
        "C14H18FNO2",
        "controlled",
    ),
    (
        "ca-methylphenidate",
        "methylnaphthidate",
        "COC(=O)C(c1ccc2ccccc2c1)C1CCCCN1",
        "C18H21NO2",
        "controlled",
    ),
    ("ca-methylphenidate", "ritalinic acid", "OC(=O)C(c1ccccc1)C1CCCCN1", "C13H17NO2", "uncertain"),
    (
        "ca-methylphenidate",
        "pipradrol (named in Sch. IV)",
        "OC(c1ccccc1)(c1ccccc1)C1CCCCN1",
        "C18H21NO",
        None,
    ),
]


@pytest.mark.parametrize("rule_id,name,smiles,formula,expected", CASES, ids=[c[1] for c in CASES])
def test_parent_anchored_item_reaches_the_named_variations(
    rule_id, name, smiles, formula, expected
):
    mol = parent(smiles)
    assert CalcMolFormula(mol) == formula
    m = BY_ID[rule_id].match(mol)
    assert (m.verdict if m else None) == expected, (name, m)


def test_lefetamine_exception_is_explained():
    why = BY_ID["ca-mt45"].explain(parent("CN(C)C(Cc1ccccc1)c1ccccc1"))
    assert "lefetamine" in why and "expressly not included" in why


def test_cathinone_reason_names_the_status_determination_route():
    m = BY_ID["ca-amphetamines"].match(parent("CNC(C)C(=O)c1ccc(C)cc1"))
    assert "beta-keto" in m.reason and "status determination" in m.reason


def test_two_departures_from_the_named_amphetamines_are_outside_with_both_named():
    why = BY_ID["ca-amphetamines"].explain(parent("CC(NC(C)(C)C)C(=O)c1cccc(Cl)c1"))
    assert "beta-keto" in why and "amine carries" in why


def test_enantiomers_and_salts_share_a_verdict():
    for rule_id, a, b in (
        ("ca-amphetamines", "C[C@H](N)Cc1ccccc1", "C[C@@H](N)Cc1ccccc1.OS(=O)(=O)O"),
        (
            "ca-methylphenidate",
            "COC(=O)[C@H](c1ccccc1)[C@@H]1CCCCN1",
            "COC(=O)C(c1ccccc1)C1CCCCN1.Cl",
        ),
        ("ca-phencyclidine", "CN[C@@]1(c2ccccc2Cl)CCCCC1=O", "CNC1(c2ccccc2Cl)CCCCC1=O.Cl"),
    ):
        assert BY_ID[rule_id].match(parent(a)) == BY_ID[rule_id].match(parent(b))


def test_no_class_rule_fires_on_cinnarizine_or_flunarizine():
    for smiles in (
        "c1ccc(C(c2ccccc2)N2CCN(C/C=C/c3ccccc3)CC2)cc1",
        "Fc1ccc(C(c2ccc(F)cc2)N2CCN(C/C=C/c3ccccc3)CC2)cc1",
    ):
        assert [r.id for r in RULES if r.match(parent(smiles))] == []
