"""US List I chemicals defined with class wording (21 CFR 1310.02).

Texts (legal-definitions.md s. 1.4):

* 4-anilinopiperidine, 85 FR 20822, in force 2020-05-15: "N-phenylpiperidin-4-amine
  (4-anilinopiperidine ...), including its amides, its carbamates, and its salts".
* Replaced by 88 FR 74358, in force 2023-11-30: "N-phenylpiperidin-4-amine (4-anilino-
  piperidine; N-phenyl-4-piperidinamine; 4-AP), its amides, its carbamates, its halides, its
  salts, and any combination thereof, whenever the existence of such is possible".
* 4-piperidone, 88 FR 21902, in force 2023-05-12: "4-piperidone, its acetals, its amides, its
  carbamates, its salts, and salts of its acetals, its amides, and its carbamates, and any
  combination thereof".

Reading: the parent must be intact and every other atom must belong to a named derivative:
* amide / carbamate = R-C(=O)- / R-O-C(=O)- on a nitrogen of the parent (piperidine N, or the
  aniline N of 4-AP; 1-boc-4-AP is a carbamate, norfentanyl an amide);
* halide = halogen on the aniline ring (the scope the 2023 rule's preamble describes); a
  halogen elsewhere is ``uncertain``;
* acetal = C4 of 4-piperidone bearing two -O-C (dimethyl acetal, ethylene ketal).
N-alkyl or N-aralkyl derivatives (1-benzyl-4-piperidone, NPP, ANPP), ring-carbon
substituents (3-methyl-4-piperidone) and other ring systems are outside the wording.
Substances in a schedule of their own (norfentanyl, Schedule II immediate precursor) keep it:
``excludes_listed``.
"""

from __future__ import annotations

from datetime import date
from functools import partial

from rdkit import Chem

from nadd.law.rules._base import Finding, Rule, best, components, fmt_atoms, frag
from nadd.law.rules._groups import HALOGENS
from nadd.law.rules._piperidines import (
    PIPERIDINE_4X,
    PIPERIDONE,
    acyl_kind,
    is_benzene,
    ring_substituents,
    views,
)

DERIVATIVE = {"acyl": "amide", "carbamate": "carbamate"}


def _four_ap(mol: Chem.Mol, *, halides: bool) -> Finding | None:
    found = []
    for v in views(mol):
        if v.aryl is None:
            continue
        atoms = tuple(sorted({*v.ring, v.c4_group, v.aryl}))
        names, fails, doubts = [], [], []
        if not is_benzene(mol, v.aryl):
            fails.append(
                "the ring on the 4-amino nitrogen is not a phenyl (N-phenylpiperidin-4-amine is the parent)"
            )
        if v.n1 in DERIVATIVE:
            names.append(f"{DERIVATIVE[v.n1]} {v.n1_text(mol)} on the piperidine nitrogen")
        elif v.n1 != "H":
            fails.append(
                f"the piperidine nitrogen carries {v.n1_text(mol)}, which is not an amide, carbamate or halide"
            )
        if v.acyl is not None:
            if v.acyl_kind in DERIVATIVE:
                names.append(f"{DERIVATIVE[v.acyl_kind]} on the aniline nitrogen")
            else:
                fails.append(f"the aniline nitrogen carries a {v.acyl_kind} group")
        elif not v.amine_h:
            fails.append("the aniline nitrogen carries a group other than an amide or carbamate")
        if not fails:
            for comp, _ in ring_substituents(mol, v.aryl, {v.c4_group}):
                if (
                    len(comp) == 1
                    and mol.GetAtomWithIdx(next(iter(comp))).GetAtomicNum() in HALOGENS
                ):
                    if halides:
                        names.append(
                            f"halide {frag(mol, comp)} on the aniline ring (atom {fmt_atoms(comp)})"
                        )
                    else:
                        fails.append(
                            f"halogen {frag(mol, comp)} on the aniline ring: halides were added only on 2023-11-30"
                        )
                else:
                    fails.append(
                        f"the aniline ring carries {frag(mol, comp)}, which is not a halide"
                    )
        for comp in v.ring_subs or []:
            text = frag(mol, comp)
            if (
                halides
                and len(comp) == 1
                and mol.GetAtomWithIdx(next(iter(comp))).GetAtomicNum() in HALOGENS
            ):
                doubts.append(
                    f"halogen {text} on the piperidine ring: the 'halides' reach beyond the aniline ring is unsettled"
                )
            else:
                fails.append(f"the piperidine ring carries {text}, which the listing does not name")
        if fails:
            found.append(
                Finding("outside", atoms, "not 4-AP or a listed derivative: " + "; ".join(fails))
            )
            continue
        what = "4-anilinopiperidine (4-AP)" + (", " + "; ".join(names) if names else "")
        if doubts:
            found.append(
                Finding("uncertain", atoms, f"{what}; uncertain because " + "; ".join(doubts))
            )
        else:
            found.append(Finding("controlled", atoms, what))
    return best(found)


def _acetal(mol: Chem.Mol, c4: int) -> bool:
    oxy = [n for n in mol.GetAtomWithIdx(c4).GetNeighbors() if n.GetAtomicNum() == 8]
    return len(oxy) == 2 and all(o.GetDegree() == 2 for o in oxy)


def piperidone_parts(mol: Chem.Mol, hit: tuple[int, ...]):
    """(ring, c4, n1 group atoms, n1 kind, c4 side groups, ring-carbon substituents)."""
    ring = tuple(hit)
    n1, c4 = ring[0], ring[3]
    pieces = components(mol, set(ring))
    n1_group = next((c for c, t in pieces if n1 in t), set())
    n1_first = [n.GetIdx() for n in mol.GetAtomWithIdx(n1).GetNeighbors() if n.GetIdx() not in ring]
    kind = acyl_kind(mol, n1_first[0]) if n1_first else "H"
    c4_side = [c for c, t in pieces if t == {c4}]
    others = [c for c, t in pieces if c is not n1_group and t != {c4} and t != {n1}]
    return ring, c4, n1_group, kind, c4_side, others


def _piperidone(mol: Chem.Mol) -> Finding | None:
    found = []
    for hit in mol.GetSubstructMatches(PIPERIDONE):
        ring, c4, n1_group, kind, c4_side, others = piperidone_parts(mol, hit)
        atoms = tuple(sorted(set(ring)))
        names, fails = [], []
        if _acetal(mol, c4):
            names.append(f"acetal {frag(mol, set().union(*c4_side))} at C4")
        if kind in DERIVATIVE:
            names.append(f"{DERIVATIVE[kind]} {frag(mol, n1_group)} on the ring nitrogen")
        elif kind != "H":
            fails.append(
                f"the ring nitrogen carries {frag(mol, n1_group)}, which is not an amide or carbamate (N-alkyl derivatives are not in the wording)"
            )
        for comp in others:
            fails.append(
                f"the ring carbon substituent {frag(mol, comp)} is not an acetal, amide or carbamate"
            )
        if fails:
            found.append(
                Finding(
                    "outside", atoms, "not 4-piperidone or a listed derivative: " + "; ".join(fails)
                )
            )
        else:
            found.append(
                Finding(
                    "controlled", atoms, "4-piperidone" + (", " + "; ".join(names) if names else "")
                )
            )
    return best(found)


COMMON = dict(jurisdiction="us", schedule="List I", excludes_listed=True)

FOUR_AP_2020 = Rule(
    id="us-4ap-2020",
    provision="21 CFR 1310.02(a)(36)",
    effective=date(2020, 5, 15),
    expiry=date(2023, 11, 29),  # last day; the 2023 listing from 2023-11-30
    title="4-Anilinopiperidine, its amides, carbamates and salts",
    assess=partial(_four_ap, halides=False),
    screen=PIPERIDINE_4X,
    note="85 FR 20822; replaced by the 2023 listing (88 FR 74358).",
    **COMMON,
)
FOUR_AP_2023 = Rule(
    id="us-4ap",
    provision="21 CFR 1310.02(a)(36)",
    effective=date(2023, 11, 30),
    expiry=None,
    title="4-Anilinopiperidine, its amides, carbamates, halides and salts, and any combination",
    assess=partial(_four_ap, halides=True),
    screen=PIPERIDINE_4X,
    note="88 FR 74358. Paragraph number within 1310.02(a) not verified.",
    **COMMON,
)
PIPERIDONE_4 = Rule(
    id="us-4-piperidone",
    provision="21 CFR 1310.02(a)(40)",
    effective=date(2023, 5, 12),
    expiry=None,
    title="4-Piperidone, its acetals, amides, carbamates and salts, and any combination",
    assess=_piperidone,
    screen=PIPERIDINE_4X,
    note="88 FR 21902. Paragraph number within 1310.02(a) not verified.",
    **COMMON,
)

RULES = (FOUR_AP_2020, FOUR_AP_2023, PIPERIDONE_4)
