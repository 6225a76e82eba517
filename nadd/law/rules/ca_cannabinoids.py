"""Canada CDSA Schedule II item 2: synthetic cannabinoid receptor type 1 agonists.

Text (consolidation current to 2026-06-14, legal-definitions.md s. 9.1.2):

    "Synthetic cannabinoid receptor type 1 agonists, their salts, derivatives, isomers, and salts
    of derivatives and isomers - with the exception of any substance that is identical to any
    phytocannabinoid and with the exception of ((3S)-2,3-dihydro-5-methyl-3-(4-morpholinyl-
    methyl)pyrrolo[1,2,3-de]-1,4-benzoxazin-6-yl)-1-naphthalenyl-methanone (WIN 55,212-3) and
    its salts - including those that fall within the following core chemical structure classes:
    (1) 2-(cyclohexyl)phenol ... (2) 3-(1-naphthoyl)indole ... (3) 3-(1-naphthoyl)pyrrole ...
    (4) 3-phenylacetylindole ... (5) 3-benzoylindole ... (6) 3-methanone(cyclopropyl)indole ...
    (7) quinolin-8-yl 1H-indole-3-carboxylate ... (8) 3-carboxamideindazole ... (9)
    3-carboxamideindole ..., each with substitution at the nitrogen atom of the ring."

Reading: the definition is pharmacological (CB1 agonists) and the classes illustrate it
("including"). A structure in a listed class is ``controlled`` (the text names it); an
N-substituted (aza)indole or indazole with a 3-carbonyl linker outside the classes (7-azaindole
carboxamides, non-quinolinyl indole-3-carboxylates, 2-substituted indazoles) is ``uncertain``:
it needs the pharmacology or a Health Canada status determination. Absence of a match is not
exculpatory, but the rule then says nothing. Exceptions: phytocannabinoids (compared by
stereo-free identity against a small list; hexahydrocannabinol, found in cannabis only in
traces, is ``uncertain``), and WIN 55,212-3, the (S) enantiomer of the named WIN 55,212-2
(unspecified stereo is ``uncertain``).

Effective date: the item's wording is not dated in the sources read; 2018-10-17 (Cannabis Act
in force, when the schedule took its present form) is used and documented as such.
"""

from __future__ import annotations

from datetime import date

from rdkit import Chem
from rdkit.Chem import rdCIPLabeler

from nadd.law.rules import _scra as S
from nadd.law.rules._base import Finding, Rule, components, smarts

CLASSES = (
    ("(2)", "3-(1-naphthoyl)indole substituted at the indole nitrogen", S.NAPHTHOYL_INDOLE),
    ("(3)", "3-(1-naphthoyl)pyrrole substituted at the pyrrole nitrogen", S.NAPHTHOYL_PYRROLE),
    ("(4)", "3-phenylacetylindole substituted at the indole nitrogen", S.PHENYLACETYL_INDOLE),
    ("(5)", "3-benzoylindole substituted at the indole nitrogen", S.BENZOYL_INDOLE),
    (
        "(6)",
        "3-methanone(cyclopropyl)indole substituted at the indole nitrogen",
        S.CYCLOPROPYLMETHANONE_INDOLE,
    ),
    (
        "(7)",
        "quinolin-8-yl 1H-indole-3-carboxylate substituted at the indole nitrogen",
        S.QUINOLINYL_INDOLE_CARBOXYLATE,
    ),
    ("(8)", "3-carboxamideindazole substituted at the indazole nitrogen", S.INDAZOLE_CARBOXAMIDE),
    ("(9)", "3-carboxamideindole substituted at the indole nitrogen", S.INDOLE_CARBOXAMIDE),
)
SCREEN = (S.N_SUBST_AZOLE, S.CYCLOHEXYL_PHENOL_O)

_PHYTO = {
    "CCCCCc1cc(O)c2c(c1)OC(C)(C)C1CCC(C)=CC21": "delta-9-THC",
    "CCCCCc1cc(O)c2c(c1)OC(C)(C)C1CC=C(C)CC21": "delta-8-THC",
    "C=C(C)C1CCC(C)=CC1c1c(O)cc(CCCCC)cc1O": "cannabidiol",
    "CCCc1cc(O)c2c(c1)OC(C)(C)C1CCC(C)=CC21": "THCV",
    "C=C(C)C1CCC(C)=CC1c1c(O)cc(CCC)cc1O": "cannabidivarin",
    "CCCCCc1cc2c(c(O)c1C(=O)O)C1C=C(C)CCC1C(C)(C)O2": "THCA-A",
    "C=C(C)C1CCC(C)=CC1c1c(O)cc(CCCCC)c(C(=O)O)c1O": "cannabidiolic acid",
}
_TRACE = {"CCCCCc1cc(O)c2c(c1)OC(C)(C)C1CCC(C)CC21": "hexahydrocannabinol (HHC)"}


def _flat(smiles: str) -> str:
    return Chem.MolToSmiles(Chem.MolFromSmiles(smiles), isomericSmiles=False)


PHYTO = {_flat(k): v for k, v in _PHYTO.items()}
TRACE = {_flat(k): v for k, v in _TRACE.items()}
WIN = smarts("Cc1c(C(=O)c2cccc3ccccc23)c2cccc3OCC(CN4CCOCC4)n1c23")
WIN_CENTRE = 22  # index of the stereocentre (the ring CH bearing CH2-morpholine) in WIN


def _win(mol: Chem.Mol, hit: tuple[int, ...]) -> Finding | None:
    w = mol.GetSubstructMatch(WIN)
    if not w:
        return None
    centre = w[WIN_CENTRE]
    copy = Chem.Mol(mol)
    rdCIPLabeler.AssignCIPLabels(copy)
    label = copy.GetAtomWithIdx(centre).GetPropsAsDict().get("_CIPCode")
    if label == "S":
        return Finding(
            "outside", w, "WIN 55,212-3 ((3S) enantiomer) is expressly excepted from item 2"
        )
    if label == "R":
        return Finding(
            "controlled",
            w,
            "class (2): 3-(1-naphthoyl)indole; the (3R) enantiomer WIN 55,212-2 is named in item 2(2)(xv)",
        )
    return Finding(
        "uncertain",
        w,
        "class (2) WIN 55,212 skeleton without stereo: the (3R) enantiomer (WIN 55,212-2) is listed, "
        "the (3S) enantiomer (WIN 55,212-3) is expressly excepted",
    )


def _class_1(mol: Chem.Mol) -> Finding | None:
    for hit in mol.GetSubstructMatches(S.CYCLOHEXYL_PHENOL):
        ring, c3 = set(hit[3:9]), hit[5]
        outside = [n for n in mol.GetAtomWithIdx(c3).GetNeighbors() if n.GetIdx() not in ring]
        if outside and all(n.GetAtomicNum() in (6, 8) for n in outside):
            flat = Chem.MolToSmiles(mol, isomericSmiles=False)
            if flat in PHYTO:
                return Finding(
                    "outside",
                    hit,
                    f"identical to the phytocannabinoid {PHYTO[flat]}: excepted (Cannabis Act substance)",
                )
            if flat in TRACE:
                return Finding(
                    "uncertain",
                    hit,
                    f"class (1): 2-(cyclohexyl)phenol; {TRACE[flat]} is reported in cannabis only in traces, so "
                    "whether it is 'identical to a phytocannabinoid' (excepted) is unsettled",
                )
            return Finding(
                "controlled",
                hit,
                "class (1): 2-(cyclohexyl)phenol with an O-substituent at the 1-position, a 5-substituent and a "
                "3'-substituent (alkyl, carbonyl, hydroxyl, ether or ester) on the cyclohexyl ring",
            )
    return None


TAIL = 4  # heavy atoms on the ring N: SCRA tails are pentyl, fluoropentyl, benzyl, ...


def _tail(mol: Chem.Mol, hit: tuple[int, ...]) -> int:
    """Size of the group on the ring nitrogen (hit[0] is its first atom, hit[1] the N)."""
    piece = next((c for c, t in components(mol, {hit[1]}) if hit[0] in c), set())
    return len(piece)


def assess(mol: Chem.Mol) -> Finding | None:
    for label, words, pattern in CLASSES:
        hit = mol.GetSubstructMatch(pattern)
        if hit:
            return _win(mol, hit) or Finding("controlled", hit, f"class {label}: {words}")
    found = _class_1(mol)
    if found:
        return found
    hit = mol.GetSubstructMatch(S.INDAZOLE2_CARBOXAMIDE) or mol.GetSubstructMatch(S.SCRA_LIKE)
    if hit and _tail(mol, hit) >= TAIL:
        return Finding(
            "uncertain",
            hit,
            "synthetic-cannabinoid chemotype (N-substituted indole/indazole/azaindole with a 3-carbonyl linker) "
            "outside the nine listed core classes: item 2 turns on CB1 agonism, which needs pharmacology or a "
            "Health Canada status determination",
        )
    return None


SCRA = Rule(
    id="ca-scra",
    jurisdiction="ca",
    schedule="II",
    provision="CDSA Sch. II, item 2",
    effective=date(2018, 10, 17),
    expiry=None,
    title="Synthetic cannabinoid receptor type 1 agonists (nine core structure classes)",
    excludes_listed=True,
    assess=assess,
    screen=SCREEN,
    note="CDSA s. 2(3): a substance expressly named in another schedule is not in this one.",
)

RULES = (SCRA,)
