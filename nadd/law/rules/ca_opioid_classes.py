"""Canada CDSA Schedule I opioid and dissociative class items anchored on a parent.

Texts (consolidation current to 2026-06-14, legal-definitions.md s. 9.1.1):

* 14 "Phencyclidine (1-(1-phenylcyclohexyl)piperidine), its salts, derivatives and analogues ...,
     including: (1) Ketamine"
* 24 "MT-45 ..., its salts, derivatives, isomers and analogues ..., including diphenidine,
     methoxphenidine, ephenidine, isophenidine but not including lefetamine ..., its salts,
     derivatives and isomers"
* 26 "U-47700 (3,4-dichloro-N-(2-(dimethylamino)cyclohexyl)-N-methylbenzamide) ..., including
     bromadoline, U-47109, U-48520, U-50211, U-77891"
* 28 "AP-237 (1-(4-cinnamylpiperazin-1-yl)butan-1-one) ..., including 2-methyl-AP-237,
     para-methyl-AP-237, AP-238" (SOR/2024-98, in force 2024-06-05)

As for the stimulant items (``ca_stimulants``): the parent's pharmacophore is the anchor,
``controlled`` covers the variations the named sub-items show, ``uncertain`` one step beyond
(thienyl rings, arylacetamides, saturated linkers). Substances named elsewhere (PCE, TCP,
rolicyclidine in Schedule III; lefetamine, Schedule III item 29) keep their own item:
``excludes_listed``.
"""

from __future__ import annotations

from datetime import date

from rdkit import Chem

from nadd.law.rules._amines import BASIC_N, aryl_kind, ca_rule, n_subs
from nadd.law.rules._base import Finding, components, render, smarts
from nadd.law.rules._groups import classify

CDSA_IN_FORCE = date(1997, 5, 14)


# ---------------------------------------------------------------- phencyclidine (item 14)
ARYLCYCLOHEXYLAMINE = smarts(f"{BASIC_N}-[C;R1]1(-a)-[C;R1]-[C;R1]-[C;R1]-[C;R1]-[C;R1]-1")


def _phencyclidine(mol: Chem.Mol) -> Finding | None:
    hit = mol.GetSubstructMatch(ARYLCYCLOHEXYLAMINE)
    if not hit:
        return None
    kind = aryl_kind(mol, hit[2])
    if kind == "phenyl":
        return Finding(
            "controlled",
            hit,
            "1-phenylcyclohexylamine: a phencyclidine derivative or analogue (ketamine is named)",
        )
    return Finding(
        "uncertain",
        hit,
        f"1-arylcyclohexylamine with a {kind} ring: a phencyclidine analogue only on a broad reading",
    )


# ---------------------------------------------------------------- MT-45 (item 24)
DIARYLETHYLAMINE = smarts(f"{BASIC_N}-[CX4;!R;H1](-c)-[CH2]-c")


def _mt45(mol: Chem.Mol) -> Finding | None:
    hit = mol.GetSubstructMatch(DIARYLETHYLAMINE)
    if not hit:
        return None
    n = hit[0]
    subs = [w for w, _ in n_subs(mol, n, {hit[1]})]
    ring_n = mol.GetAtomWithIdx(n).IsInRing()
    if not ring_n and subs == ["C1 alkyl", "C1 alkyl"]:
        return Finding(
            "outside",
            hit,
            "N,N-dimethyl-1,2-diphenylethylamine: lefetamine or its derivative, expressly not included (Sch. III item 29)",
        )
    # rendered: the set and the sort below must see the rings' SMILES, not placeholders
    kinds = {render(mol, aryl_kind(mol, hit[2])), render(mol, aryl_kind(mol, hit[4]))}
    if kinds != {"phenyl"} or not (ring_n or subs):
        why = (
            "a primary amine" if not (ring_n or subs) else f"aryl rings {', '.join(sorted(kinds))}"
        )
        return Finding(
            "uncertain",
            hit,
            f"1,2-diarylethylamine with {why}: an MT-45 analogue only on a broad reading",
        )
    return Finding(
        "controlled",
        hit,
        "1,2-diphenylethylamine with an N-alkyl or cyclic amine: MT-45 or a derivative or analogue (diphenidine, ephenidine named)",
    )


# ---------------------------------------------------------------- U-47700 (item 26)
U_BENZAMIDE = smarts(f"c-[CX3](=O)-[NX3]-[C;R]1-[C;R](-{BASIC_N})-[C;R]-[C;R]-[C;R]-[C;R]-1")
U_ACETAMIDE = smarts(f"c-[CH2]-[CX3](=O)-[NX3]-[C;R]1-[C;R](-{BASIC_N})-[C;R]-[C;R]-[C;R]-[C;R]-1")


def _u47700(mol: Chem.Mol) -> Finding | None:
    hit = mol.GetSubstructMatch(U_BENZAMIDE)
    if hit:
        kind = aryl_kind(mol, hit[0])
        if kind == "phenyl":
            return Finding(
                "controlled",
                hit,
                "N-(2-aminocyclohexyl)benzamide: U-47700 or a derivative or analogue (bromadoline, U-47109, U-48520 named)",
            )
        return Finding(
            "uncertain",
            hit,
            f"N-(2-aminocyclohexyl)aroylamide with a {kind} ring: a U-47700 analogue only on a broad reading",
        )
    hit = mol.GetSubstructMatch(U_ACETAMIDE)
    if hit:
        return Finding(
            "uncertain",
            hit,
            "N-(2-aminocyclohexyl)arylacetamide (U-50488 type): a U-47700 analogue only on a broad reading",
        )
    return None


# ---------------------------------------------------------------- AP-237 (item 28)
ACYL_CINNAMYL_PIPERAZINE = smarts(
    "[CX3;!R](=O)-[N;R1]1-[C;R1]-[C;R1]-[N;R1](-[CH2]-[CX3]=[CX3]-a)-[C;R1]-[C;R1]-1"
)
ACYL_ARYLPROPYL_PIPERAZINE = smarts(
    "[CX3;!R](=O)-[N;R1]1-[C;R1]-[C;R1]-[N;R1](-[CH2]-[CX4]-[CX4]-a)-[C;R1]-[C;R1]-1"
)


def _ap237(mol: Chem.Mol) -> Finding | None:
    hit = mol.GetSubstructMatch(ACYL_CINNAMYL_PIPERAZINE)
    if hit:
        acyl_r = [c for c, t in components(mol, set(hit)) if t == {hit[0]}]
        alkyl = all(classify(mol, c, hit[0]) == "alkyl" for c in acyl_r)
        kind = aryl_kind(mol, hit[-3])
        if alkyl and kind == "phenyl":
            return Finding(
                "controlled",
                hit,
                "1-alkanoyl-4-cinnamylpiperazine: AP-237 or a derivative (2-methyl-, para-methyl-AP-237, AP-238 named)",
            )
        return Finding(
            "uncertain",
            hit,
            "1-acyl-4-(3-arylallyl)piperazine beyond the named variations: an AP-237 analogue only on a broad reading",
        )
    hit = mol.GetSubstructMatch(ACYL_ARYLPROPYL_PIPERAZINE)
    if hit:
        return Finding(
            "uncertain",
            hit,
            "1-acyl-4-(3-arylpropyl)piperazine: a saturated AP-237 analogue only on a broad reading",
        )
    return None


RULES = (
    ca_rule(
        "ca-phencyclidine",
        "I",
        14,
        "Phencyclidine, derivatives and analogues (arylcyclohexylamines)",
        CDSA_IN_FORCE,
        _phencyclidine,
        ARYLCYCLOHEXYLAMINE,
        "Date: CDSA in force.",
    ),
    ca_rule(
        "ca-mt45",
        "I",
        24,
        "MT-45, derivatives, isomers and analogues (1,2-diarylethylamines)",
        date(2016, 6, 1),
        _mt45,
        DIARYLETHYLAMINE,
        "SOR/2016-107; in-force date [R].",
    ),
    ca_rule(
        "ca-u47700",
        "I",
        26,
        "U-47700, derivatives, isomers and analogues",
        date(2017, 11, 30),
        _u47700,
        (U_BENZAMIDE, U_ACETAMIDE),
        "SOR/2017-277; in-force date [R].",
    ),
    ca_rule(
        "ca-ap237",
        "I",
        28,
        "AP-237, derivatives and analogues",
        date(2024, 6, 5),
        _ap237,
        (ACYL_CINNAMYL_PIPERAZINE, ACYL_ARYLPROPYL_PIPERAZINE),
        "SOR/2024-98.",
    ),
)
