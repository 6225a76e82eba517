"""Canada CDSA Schedule VI Part 1 (Class A precursors): the items with class wording.

Texts (consolidation current to 2026-06-14, legal-definitions.md s. 9.1.6, 9.1.9):

* 9  "3,4-Methylenedioxyphenyl-2-propanone ..., its derivatives and analogues ..., including:
     (1) methyl 3-(1,3 benzodioxol-5-yl)-2-methyloxirane-2-carboxylate (MMDMG)" (2019-05-15)
* 11 "1-Phenyl-2-propanone, its derivatives and analogues ..., including: (1) methyl
     2-methyl-3-phenyloxirane-2-carboxylate (BMK methyl glycidate) (2) 3-oxo-2-phenylbutanamide
     (APAA)" (2019-05-15)
* 27 "4-Piperidone (piperidin-4-one), its salts, derivatives and analogues ..., including:
     (1) 1-boc-4-piperidone (2) 3-methyl-4-piperidone (3) 1-benzyl-4-piperidone" (2024-09-03)
* 28 "Norfentanyl (N-phenyl-N-piperidin-4-ylpropanamide), its salts, derivatives and analogues
     ..." (2019-05-15)
* 30 "N-Phenyl-4-piperidinamine (N-phenylpiperidin-4-amine), its salts, derivatives and
     analogues ..., including: (1) 4-anilino-1-boc-piperidine (2) 4-fluoro anilino-1-boc-
     piperidine (3) N-(4-fluorophenyl)-4-piperidinamine (4) 4-bromo anilino-1-boc-piperidine"
     (2023-08-30)
* 32 "Benzylfentanyl (N-(1-benzylpiperidin-4-yl)-N-phenylpropionamide), its salts, derivatives
     and analogues ..." (2019-05-15)

"Derivatives and analogues" has no structural test in the Act, so each rule anchors on the
parent and says ``controlled`` only where the named sub-items show the reach (protecting groups
such as boc on the ring N, ring halogens, ring alkyls, N-benzyl for 4-piperidone, glycidate
and acetoacetamide masks for P2P/PMK), ``uncertain`` for other variants of the parent, and
outside where another item takes the compound (fentanyls in Schedule I item 16, ANPP 16(14)).
Expressly named precursors (NPP, item 26; APAAN, item 24) keep their own item: CDSA s. 2(3),
applied by the caller (``excludes_listed``).
"""

from __future__ import annotations

from datetime import date
from functools import partial

from rdkit import Chem

from nadd.law.rules._base import Finding, Rule, best, components, frag, ring_system, smarts
from nadd.law.rules._groups import classify
from nadd.law.rules._piperidines import (
    PIPERIDINE_4X,
    PIPERIDONE,
    View,
    is_benzene,
    is_monocycle,
    views,
)
from nadd.law.rules.us_precursors import piperidone_parts

PROTECTING = ("acyl", "carbamate")  # what the named sub-items put on the ring N (boc)
SMALL = {"alkyl", "halo", "alkoxyl", "haloalkyl", "hydroxyl"}


def _aryl_note(mol: Chem.Mol, v: View) -> str | None:
    """None if the N-aryl ring is a (substituted) phenyl, else why it is only an analogue."""
    if is_benzene(mol, v.aryl):
        return None
    return f"the ring on the 4-amino nitrogen is {frag(mol, {v.aryl})}-type, not a phenyl"


def _norfentanyl(mol: Chem.Mol, v: View) -> Finding | None:
    if v.aryl is None or v.acyl is None:
        return None
    atoms = tuple(sorted({*v.ring, v.c4_group, v.aryl, v.acyl}))
    if v.n1 not in ("H", *PROTECTING):
        return Finding(
            "outside",
            atoms,
            f"the piperidine nitrogen carries {v.n1_text(mol)}: a fentanyl (Schedule I item 16) or benzylfentanyl (item 32) type, not norfentanyl",
        )
    doubts = [d for d in (_aryl_note(mol, v),) if d]
    if v.acyl_kind not in ("acyl", "carbamate"):
        doubts.append(f"the amide nitrogen carries a {v.acyl_kind} group")
    what = f"N-aryl-N-(piperidin-4-yl)amide with {v.n1_text(mol)} on the ring nitrogen: norfentanyl or a derivative"
    if doubts:
        return Finding("uncertain", atoms, f"{what} only on a broad reading: " + "; ".join(doubts))
    return Finding("controlled", atoms, what)


def _four_ap(mol: Chem.Mol, v: View) -> Finding | None:
    if v.aryl is None or v.acyl is not None or not v.amine_h:
        return None
    atoms = tuple(sorted({*v.ring, v.c4_group, v.aryl}))
    if v.n1 == "ringethyl":
        return Finding(
            "outside",
            atoms,
            "the piperidine nitrogen carries a 2-(ring)ethyl group: the ANPP class (Schedule I item 16(14))",
        )
    doubts = [d for d in (_aryl_note(mol, v),) if d]
    if v.n1 not in ("H", *PROTECTING):
        doubts.append(
            f"the piperidine nitrogen carries {v.n1_text(mol)}, not H or a protecting group like the named boc"
        )
    for comp in v.ring_subs or []:
        doubts.append(f"the piperidine ring carries {frag(mol, comp)}")
    what = f"N-aryl-piperidin-4-amine with {v.n1_text(mol)} on the ring nitrogen"
    if doubts:
        return Finding(
            "uncertain",
            atoms,
            f"{what}: a 4-AP derivative or analogue only on a broad reading: " + "; ".join(doubts),
        )
    return Finding(
        "controlled",
        atoms,
        f"{what}: N-phenyl-4-piperidinamine or a derivative (named: 1-boc, 4-fluoro, 4-bromo)",
    )


def _benzylfentanyl(mol: Chem.Mol, v: View) -> Finding | None:
    if v.aryl is None or v.acyl is None or v.n1 != "benzyl":
        return None
    atoms = tuple(sorted({*v.ring, v.c4_group, v.aryl, v.acyl} | v.n1_atoms))
    first = next(i for i in v.n1_atoms if mol.GetBondBetweenAtoms(i, v.ring[0]) is not None)
    ring_atom = next(
        n.GetIdx()
        for n in mol.GetAtomWithIdx(first).GetNeighbors()
        if n.IsInRing() and n.GetIdx() != v.ring[0]
    )
    doubts = [d for d in (_aryl_note(mol, v),) if d]
    if not is_monocycle(mol, ring_atom):
        doubts.append("the benzyl ring is not an aromatic monocycle")
    if v.acyl_kind not in ("acyl", "carbamate"):
        doubts.append(f"the amide nitrogen carries a {v.acyl_kind} group")
    what = f"N-(1-arylmethylpiperidin-4-yl)-N-arylamide ({v.n1_text(mol)} on the ring nitrogen)"
    if doubts:
        return Finding(
            "uncertain",
            atoms,
            f"{what}: a benzylfentanyl analogue only on a broad reading: " + "; ".join(doubts),
        )
    return Finding("controlled", atoms, f"{what}: benzylfentanyl or a derivative")


def _from_views(judge):
    return partial(_judge_views, judge)


def _judge_views(judge, mol: Chem.Mol) -> Finding | None:
    return best([f for v in views(mol) if (f := judge(mol, v))])


def _piperidone(mol: Chem.Mol) -> Finding | None:
    found = []
    for hit in mol.GetSubstructMatches(PIPERIDONE):
        ring, c4, n1_group, kind, c4_side, others = piperidone_parts(mol, hit)
        atoms = tuple(sorted(ring))
        n1_text = frag(mol, n1_group) if n1_group else "H"
        doubts = []
        if n1_group and kind not in PROTECTING:
            first = next(i for i in n1_group if mol.GetBondBetweenAtoms(i, ring[0]) is not None)
            word = classify(mol, n1_group, ring[0])
            benzyl = (
                any(n.GetIsAromatic() for n in mol.GetAtomWithIdx(first).GetNeighbors())
                and len(n1_group) <= 12
            )
            if word not in ("alkyl",) and not benzyl and not _phenethyl(mol, first, ring[0]):
                doubts.append(f"the ring nitrogen carries {n1_text}")
        for comp in others:
            attach = next(i for i in ring if any(mol.GetBondBetweenAtoms(i, j) for j in comp))
            word = classify(mol, comp, attach)
            if word not in SMALL:
                doubts.append(f"the ring carbon substituent {frag(mol, comp)} ({word})")
        what = f"piperidin-4-one{' acetal' if len(c4_side) and mol.GetAtomWithIdx(c4).GetDegree() == 4 else ''} with {n1_text} on the ring nitrogen"
        if doubts:
            found.append(
                Finding(
                    "uncertain",
                    atoms,
                    f"{what}: a 4-piperidone derivative or analogue only on a broad reading: "
                    + "; ".join(doubts),
                )
            )
        else:
            found.append(
                Finding(
                    "controlled",
                    atoms,
                    f"{what}: 4-piperidone or a derivative (named: 1-boc, 3-methyl, 1-benzyl)",
                )
            )
    return best(found)


def _phenethyl(mol: Chem.Mol, first: int, n1: int) -> bool:
    a = mol.GetAtomWithIdx(first)
    return any(
        m.GetIsAromatic()
        for n in a.GetNeighbors()
        if n.GetIdx() != n1 and not n.IsInRing()
        for m in n.GetNeighbors()
        if m.GetIdx() != first
    )


# 1-aryl-2-propanone (P2P) and its named masks: glycidate and alpha-acetoacetamide.
P2P = smarts("[c;r6]-[CX4;!R]-[CX3;!R](=O)-[CH3]")
GLYCIDATE = smarts("[c;r6]-[C;R1]1-[O;R1]-[C;R1]-1(-[CH3])-[CX3](=O)-[OX2]")
P2P_ANY = smarts("[c;r6]-[CX4]-[CX3,OX2]")  # screen: aryl-C-C(=O) or aryl-C-O (glycidate)
METHYLENEDIOXY = smarts("c1cc2OCOc2cc1")


P2P_RING_OK = {"halo", "alkyl", "alkoxyl", "hydroxyl", "nitro", "amino", "haloalkyl"}
P2P_ALPHA_OK = {"ester"}  # methyl alpha-acetylphenylacetate; carbamoyl/nitrile checked apart


def _p2p_substituents(mol: Chem.Mol, hit: tuple[int, ...]) -> tuple[list[str], list[str]]:
    """Words for alpha-carbon and ring substituents the named P2P/PMK derivatives do not show."""
    aryl, alpha = hit[0], hit[1]
    if mol.HasSubstructMatch(GLYCIDATE):
        return [], []
    _, ring = ring_system(mol, aryl)
    core = set(hit) | ring
    odd_alpha, odd_ring = [], []
    for comp, touch in components(mol, core):
        if touch == {alpha}:
            word = classify(mol, comp, alpha)
            elements = sorted(mol.GetAtomWithIdx(i).GetAtomicNum() for i in comp)
            carbamoyl_or_nitrile = elements in ([6, 7, 8], [6, 7])  # APAA; APAAN (item 24)
            if word not in P2P_ALPHA_OK and not carbamoyl_or_nitrile:
                odd_alpha.append(f"{word} {frag(mol, comp)} on the alpha carbon")
        elif len(touch) == 1 and touch <= ring:
            word = classify(mol, comp, next(iter(touch)))
            if word not in P2P_RING_OK:
                odd_ring.append(f"{word} {frag(mol, comp)} on the ring")
    return odd_alpha, odd_ring


def _phenylacetone(mol: Chem.Mol, *, pmk: bool) -> Finding | None:
    hit = mol.GetSubstructMatch(P2P) or mol.GetSubstructMatch(GLYCIDATE)
    if not hit:
        return None
    aryl = hit[0]
    md = mol.GetSubstructMatch(METHYLENEDIOXY)
    has_md = bool(md) and aryl in md
    name = "3,4-methylenedioxyphenyl-2-propanone (PMK)" if pmk else "1-phenyl-2-propanone (P2P)"
    if pmk != has_md:
        where = "item 9 (PMK class)" if has_md else "item 11 (P2P class)"
        return Finding(
            "outside",
            hit,
            f"the aryl ring {'is' if has_md else 'is not'} 3,4-methylenedioxyphenyl: see {where}",
        )
    if not pmk and not is_benzene(mol, aryl):
        return Finding(
            "uncertain", hit, f"{name} analogue with a non-phenyl ring {frag(mol, {aryl})}"
        )
    alpha, ring = _p2p_substituents(mol, hit)
    if alpha or ring:
        odd = ", ".join(alpha + ring)
        return Finding(
            "uncertain",
            hit,
            f"{name} skeleton carrying {odd}, beyond the variations the named sub-items show",
        )
    heavy = mol.GetNumHeavyAtoms()
    if heavy > 20:
        return Finding(
            "uncertain",
            hit,
            f"{name} skeleton inside a larger molecule ({heavy} heavy atoms): a derivative only on a broad reading",
        )
    form = "glycidate" if mol.HasSubstructMatch(GLYCIDATE) else "ketone"
    return Finding(
        "controlled",
        hit,
        f"{name} {form} or a derivative (named: the methyl glycidate{'' if pmk else ' and APAA'})",
    )


def _rule(id_, item, title, effective, assess, screen, note=""):
    return Rule(
        id=id_,
        jurisdiction="ca",
        schedule="VI-A",
        provision=f"CDSA Sch. VI, Part 1, item {item}",
        effective=effective,
        expiry=None,
        title=title,
        excludes_listed=True,
        assess=assess,
        screen=screen,
        note=note,
    )


RULES = (
    _rule(
        "ca-pmk",
        9,
        "3,4-Methylenedioxyphenyl-2-propanone, derivatives and analogues",
        date(2019, 5, 15),
        partial(_phenylacetone, pmk=True),
        P2P_ANY,
        "SOR/2019-121",
    ),
    _rule(
        "ca-p2p",
        11,
        "1-Phenyl-2-propanone, derivatives and analogues",
        date(2019, 5, 15),
        partial(_phenylacetone, pmk=False),
        P2P_ANY,
        "SOR/2019-121",
    ),
    _rule(
        "ca-4-piperidone",
        27,
        "4-Piperidone, derivatives and analogues",
        date(2024, 9, 3),
        _piperidone,
        PIPERIDINE_4X,
        "SOR/2024-98",
    ),
    _rule(
        "ca-norfentanyl",
        28,
        "Norfentanyl, derivatives and analogues",
        date(2019, 5, 15),
        _from_views(_norfentanyl),
        PIPERIDINE_4X,
        "SOR/2019-121",
    ),
    _rule(
        "ca-4ap",
        30,
        "N-Phenyl-4-piperidinamine (4-AP), derivatives and analogues",
        date(2023, 8, 30),
        _from_views(_four_ap),
        PIPERIDINE_4X,
        "SOR/2023-103",
    ),
    _rule(
        "ca-benzylfentanyl",
        32,
        "Benzylfentanyl, derivatives and analogues",
        date(2019, 5, 15),
        _from_views(_benzylfentanyl),
        PIPERIDINE_4X,
        "SOR/2019-121",
    ),
)
