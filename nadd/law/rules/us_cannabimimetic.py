"""US cannabimimetic agents: 21 U.S.C. 812(c) Schedule I(d) (FDASIA 2012, s. 1152).

Text (class (i) and (ii) quoted; (iii)-(v) from the statute as recalled in
legal-definitions.md s. 1.2, marked [R] there):

    "(2)(A) The term 'cannabimimetic agents' means any substance that is a cannabinoid receptor
    type 1 (CB1 receptor) agonist as demonstrated by binding studies and functional assays
    within any of the following structural classes:
    (i) 2-(3-hydroxycyclohexyl)phenol with substitution at the 5-position of the phenolic ring
        by alkyl or alkenyl, whether or not substituted on the cyclohexyl ring to any extent.
    (ii) 3-(1-naphthoyl)indole or 3-(1-naphthylmethane)indole by substitution at the nitrogen
        atom of the indole ring, whether or not further substituted on the indole ring to any
        extent, whether or not substituted on the naphthoyl or naphthyl ring to any extent.
    (iii) 3-(1-naphthoyl)pyrrole by substitution at the nitrogen atom of the pyrrole ring, ...
    (iv) 1-(1-naphthylmethylene)indene by substitution of the 3-position of the indene ring, ...
    (v) 3-phenylacetylindole or 3-benzoylindole by substitution at the nitrogen atom of the
        indole ring, ..."

Reading: structure decides the class; the pharmacological condition (CB1 agonism shown by
binding and functional assays) cannot be read from a structure, so the verdict is
``controlled`` with the reason saying the condition is presumed, as DEA does for the named
members. Indazole and indole-3-carboxamides (AB-FUBINACA, MDMB-4en-PINACA) are outside all
five classes: they are controlled in the US only by individual listing.
"""

from __future__ import annotations

from datetime import date

from rdkit import Chem

from nadd.law.rules import _scra as S
from nadd.law.rules._base import Finding, Rule, components, fmt_atoms, frag
from nadd.law.rules._groups import classify

CLASSES = (
    ("(ii)", "3-(1-naphthoyl)indole substituted at the indole nitrogen", S.NAPHTHOYL_INDOLE),
    (
        "(ii)",
        "3-(1-naphthylmethane)indole substituted at the indole nitrogen",
        S.NAPHTHYLMETHYL_INDOLE,
    ),
    ("(iii)", "3-(1-naphthoyl)pyrrole substituted at the pyrrole nitrogen", S.NAPHTHOYL_PYRROLE),
    (
        "(iv)",
        "1-(1-naphthylmethylene)indene substituted at the 3-position",
        S.NAPHTHYLMETHYLENE_INDENE,
    ),
    ("(v)", "3-phenylacetylindole substituted at the indole nitrogen", S.PHENYLACETYL_INDOLE),
    ("(v)", "3-benzoylindole substituted at the indole nitrogen", S.BENZOYL_INDOLE),
)
# cheap necessary conditions (any one): an N-substituted five-ring aromatic N (indole, pyrrole),
# the naphthylmethylene-indene double bond, the 2-(cyclohexyl)phenol; the class patterns decide.
SCREEN = (S.N_SUBST_AZOLE, S.NAPHTHYLIDENE_INDENE, S.CYCLOHEXYL_PHENOL_O)

PRESUMED = (
    "; CB1 agonism (binding and functional assays), which the definition also requires, is presumed"
)


def _class_i(mol: Chem.Mol) -> Finding | None:
    for hit in mol.GetSubstructMatches(S.HYDROXYCYCLOHEXYL_PHENOL):
        c5, side = hit[-3], hit[-2]
        piece = next(c for c, t in components(mol, set(hit) - {side}) if side in c)
        word = classify(mol, piece, c5)
        if word in ("alkyl", "alkenyl"):
            return Finding(
                "controlled",
                tuple(sorted(set(hit) | piece)),
                f"class (i): 2-(3-hydroxycyclohexyl)phenol substituted at the 5-position by {word} "
                f"{frag(mol, piece)} (atoms {fmt_atoms(piece)}){PRESUMED}",
            )
        return Finding(
            "outside",
            hit,
            f"class (i) requires alkyl or alkenyl at the 5-position; found {word} {frag(mol, piece)}",
        )
    return None


def assess(mol: Chem.Mol) -> Finding | None:
    for label, words, pattern in CLASSES:
        hit = mol.GetSubstructMatch(pattern)
        if hit:
            return Finding("controlled", hit, f"class {label}: {words}{PRESUMED}")
    return _class_i(mol)


CANNABIMIMETIC = Rule(
    id="us-cannabimimetic",
    jurisdiction="us",
    schedule="I",
    provision="21 U.S.C. 812(c) Schedule I(d)(2)",
    effective=date(2012, 7, 9),
    expiry=None,
    title="Cannabimimetic agents (five structural classes, FDASIA s. 1152)",
    excludes_listed=True,
    assess=assess,
    screen=SCREEN,
    note="Pharmacological condition presumed; classes (iii)-(v) text [R] in legal-definitions.md.",
)

RULES = (CANNABIMIMETIC,)
