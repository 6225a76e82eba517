"""US fentanyl-related substances: HALT Fentanyl Act, 21 U.S.C. 812(c) Schedule I(e).

Text (Pub. L. 119-26 s. 2, approved 2025-07-16; same five modifications as DEA's temporary
class order, 21 CFR 1308.11(h)(30), 83 FR 5188, in force 2018-02-06):

    "... the term 'fentanyl-related substance' means any substance that is structurally related
    to fentanyl by 1 or more of the following modifications:
    (A) By replacement of the phenyl portion of the phenethyl group by any monocycle, whether or
        not further substituted in or on the monocycle.
    (B) By substitution in or on the phenethyl group with alkyl, alkenyl, alkoxyl, hydroxyl,
        halo, haloalkyl, amino, or nitro groups.
    (C) By substitution in or on the piperidine ring with alkyl, alkenyl, alkoxyl, ester, ether,
        hydroxyl, halo, haloalkyl, amino, or nitro groups.
    (D) By replacement of the aniline ring with any aromatic monocycle whether or not further
        substituted in or on the aromatic monocycle.
    (E) By replacement of the N-propionyl group with another acyl group."

How it is read here (every heavy atom must be explained by one modification):

* Skeleton: a piperidine (six-membered, one N, every ring atom in no other ring) whose N
  carries -C-C-(ring atom) (both chain carbons acyclic) and whose C4 carries N(aryl)(acyl).
* A: the ring at the end of the chain is a monocycle (its ring system is one ring), any
  substituents. A benzene fused to a non-aromatic ring (methylenedioxy, dihydrofuran) is
  ``uncertain``; fully aromatic fused systems (naphthyl, indolyl) are outside.
* B: substituents on the two chain carbons must be on B's list; oxo (beta-keto) is not, and is
  ``uncertain`` (the legal-definitions note: "strict reading"). Substituents on an otherwise
  intact phenyl are reported as B when all are on B's list, else as A (a substituted monocycle).
* C: piperidine substituents on C's list; aryl, oxo, amide, nitrile are outside.
* D: the N-aryl ring is an aromatic monocycle (any substituents); a saturated or fused ring is
  outside.
* E: any R-C(=O)- (formyl, alkoxycarbonyl as in fentanyl carbamate, carbamoyl) is an acyl group;
  thioacyl and sulfonyl are ``uncertain``; N-alkyl or no acyl is outside.
* Compound words ("cycloalkyl", "hydroxyalkyl", "haloalkoxyl") are ``uncertain``: the text lists
  single groups and says nothing of combinations.
* Fentanyl itself (no modification) is outside: it is scheduled by name (Schedule II).
* Paragraph (3) / the temporary order's "not otherwise controlled" exclusion is left to the
  caller through ``excludes_listed=True`` (sufentanil, alfentanil, carfentanil and the
  individually placed FRS are structurally inside but listed under their own entries).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from rdkit import Chem

from nadd.law.rules._base import Finding, Rule, components, fmt_atoms, frag, ring_system
from nadd.law.rules._piperidines import AMINOPIPERIDINE, PIPERIDINE_4X
from nadd.law.rules._groups import classify

# 4-aminopiperidine: ring N, C4 bears an acyclic N. R1 keeps the ring a plain six-ring.
ANCHOR = AMINOPIPERIDINE
SCREEN = PIPERIDINE_4X

ALLOWED_B = {"alkyl", "alkenyl", "alkoxyl", "hydroxyl", "halo", "haloalkyl", "amino", "nitro"}
ALLOWED_C = ALLOWED_B | {"ester", "ether"}
COMPOUND_WORDS = {"cycloalkyl", "hydroxyalkyl", "haloalkoxyl"}


@dataclass
class _Reading:
    """One assignment of the fentanyl skeleton onto the molecule, and what it says."""

    core: set[int]
    skeleton: set[int] = field(default_factory=set)
    mods: list[str] = field(default_factory=list)
    doubts: list[str] = field(default_factory=list)
    fails: list[str] = field(default_factory=list)

    def finding(self) -> Finding:
        atoms = tuple(sorted(self.skeleton | self.core))
        if self.fails:
            return Finding(
                "outside", atoms, "not a fentanyl-related substance: " + "; ".join(self.fails)
            )
        if not self.mods and not self.doubts:
            return Finding(
                "outside",
                atoms,
                "fentanyl itself (no modification): scheduled by name, not as an FRS",
            )
        text = (
            "structurally related to fentanyl by " + "; ".join(self.mods)
            if self.mods
            else "fentanyl skeleton"
        )
        if self.doubts:
            return Finding(
                "uncertain", atoms, f"{text}; uncertain because " + "; ".join(self.doubts)
            )
        return Finding("controlled", atoms, text)


def _is_plain(mol: Chem.Mol, ring: tuple[int, ...], subs: list) -> bool:
    return (
        len(ring) == 6
        and all(
            mol.GetAtomWithIdx(i).GetAtomicNum() == 6 and mol.GetAtomWithIdx(i).GetIsAromatic()
            for i in ring
        )
        and not subs
    )


def _ring_piece(mol, region: set[int], start: int, name: str, r: _Reading, *, aromatic: bool):
    """Check the ring at ``start`` is a monocycle; return (ring atoms, substituent pieces)."""
    rings, sys_atoms = ring_system(mol, start)
    if not rings:
        r.fails.append(f"{name} is not a ring ({frag(mol, region)})")
        return None
    if aromatic and not mol.GetAtomWithIdx(start).GetIsAromatic():
        r.fails.append(
            f"(D) {name} replaced by a non-aromatic ring ({frag(mol, sys_atoms)}), not an aromatic monocycle"
        )
        return None
    if len(rings) > 1:
        arom = [all(mol.GetAtomWithIdx(i).GetIsAromatic() for i in ring) for ring in rings]
        own = next(k for k, ring in enumerate(rings) if start in ring)
        desc = frag(mol, sys_atoms)
        if not aromatic and arom[own] and not any(a for k, a in enumerate(arom) if k != own):
            r.doubts.append(
                f"(A) the phenethyl ring is part of the fused system {desc} (atoms {fmt_atoms(sys_atoms)}); "
                "whether a benzene fused to a non-aromatic ring (e.g. methylenedioxy) is a 'monocycle' is unsettled"
            )
            return tuple(sys_atoms), []
        letter = "D" if aromatic else "A"
        r.fails.append(f"({letter}) {name} is the fused ring system {desc}, not a monocycle")
        return None
    ring = rings[0]
    subs = [(c, t) for c, t in components(mol, set(ring) | r.core) if c <= region]
    return ring, subs


def _read(
    mol: Chem.Mol, pip: tuple[int, ...], chain: tuple[int, int, int], aryl: int, acyl: int
) -> _Reading:
    n4, c5, c6, c7, n8, c12, c13 = pip
    p3, p2, p1 = chain
    acyl_atom = mol.GetAtomWithIdx(acyl)
    hetero = [
        n.GetIdx()
        for n in acyl_atom.GetNeighbors()
        if n.GetAtomicNum() in (8, 16)
        and mol.GetBondBetweenAtoms(acyl, n.GetIdx()).GetBondType() == Chem.BondType.DOUBLE
    ]
    core = {n4, c5, c6, c7, n8, c12, c13, p3, p2, acyl, *hetero}
    r = _Reading(core=core)
    pieces = components(mol, core)
    region_of = {}
    for comp, touch in pieces:
        if len(touch) > 1:
            r.fails.append(
                f"the group {frag(mol, comp)} (atoms {fmt_atoms(comp)}) joins two parts of the fentanyl skeleton into a new ring"
            )
            continue
        region_of[frozenset(comp)] = next(iter(touch))

    def region_with(atom):
        return next((set(c) for c in region_of if atom in c), None)

    a_region, d_region = region_with(p1), region_with(aryl)
    if a_region is None or d_region is None or a_region == d_region:
        r.fails.append("the ring groups are bridged to the skeleton")
        return r

    # (A)/(B) the ring of the phenethyl group
    got = _ring_piece(mol, a_region, p1, "the phenyl of the phenethyl group", r, aromatic=False)
    if got:
        ring, subs = got
        r.skeleton |= set(ring)
        if subs and len(ring) == 6 and _is_plain(mol, ring, []):
            words = [classify(mol, c, next(iter(t))) for c, t in subs]
            atoms = set().union(*(c for c, _ in subs))
            if all(w in ALLOWED_B for w in words):
                r.mods.append(
                    f"(B) substitution on the phenethyl group's phenyl with {', '.join(sorted(set(words)))} (atoms {fmt_atoms(atoms)})"
                )
            else:
                r.mods.append(
                    f"(A) replacement of the phenyl by the substituted monocycle {frag(mol, set(ring) | atoms)} (atoms {fmt_atoms(set(ring) | atoms)})"
                )
        elif not _is_plain(mol, ring, subs) and len(ring_system(mol, p1)[0]) == 1:
            whole = a_region
            r.mods.append(
                f"(A) replacement of the phenyl by the monocycle {frag(mol, whole)} (atoms {fmt_atoms(whole)})"
            )

    # (D) the aniline ring
    got = _ring_piece(mol, d_region, aryl, "the aniline ring", r, aromatic=True)
    if got:
        ring, subs = got
        r.skeleton |= set(ring)
        if not _is_plain(mol, ring, subs):
            r.mods.append(
                f"(D) replacement of the aniline ring by the aromatic monocycle {frag(mol, d_region)} (atoms {fmt_atoms(d_region)})"
            )

    # (E) the acyl group
    symbol = "".join(mol.GetAtomWithIdx(h).GetSymbol() for h in hetero)
    r_groups = [set(c) for c, t in region_of.items() if t == acyl]
    if acyl_atom.GetAtomicNum() == 16:
        r.doubts.append(
            f"(E) the N-propionyl group is replaced by a sulfonyl group {frag(mol, {acyl, *hetero, *set().union(*r_groups)})}; whether sulfonyl is an 'acyl group' is unsettled"
        )
    elif symbol == "S":
        r.doubts.append(
            f"(E) the N-propionyl group is replaced by a thioacyl group {frag(mol, {acyl, *hetero, *set().union(*r_groups)})}; whether thioacyl is an 'acyl group' is unsettled"
        )
    elif symbol != "O":
        r.fails.append(
            f"(E) the anilide nitrogen carries {frag(mol, {acyl, *set().union(*r_groups)})}, not an acyl group"
        )
    else:
        body = set().union(*r_groups) if r_groups else set()
        ethyl = (
            len(body) == 2
            and all(mol.GetAtomWithIdx(i).GetAtomicNum() == 6 for i in body)
            and _chain_ok(mol, acyl, body)
        )
        if not ethyl:
            acyl_text = frag(mol, {acyl, *hetero, *body})
            r.mods.append(
                f"(E) replacement of the N-propionyl group by the acyl group {acyl_text} (atoms {fmt_atoms({acyl, *hetero, *body})})"
            )

    # (B) chain substituents, (C) piperidine substituents
    for comp, where in region_of.items():
        comp = set(comp)
        if comp in (a_region, d_region) or where == acyl:
            continue
        word = classify(mol, comp, where)
        text = f"{word} {frag(mol, comp)} (atoms {fmt_atoms(comp)})"
        if where in (p2, p3):
            if word in ALLOWED_B:
                r.mods.append(f"(B) substitution on the phenethyl group with {text}")
            elif word == "oxo" or word in COMPOUND_WORDS:
                r.doubts.append(
                    f"(B) the phenethyl group carries {text}, not literally on B's list"
                )
            else:
                r.fails.append(f"(B) the phenethyl group carries {text}, which B does not list")
        else:
            if word in ALLOWED_C:
                r.mods.append(f"(C) substitution on the piperidine ring with {text}")
            elif word in COMPOUND_WORDS:
                r.doubts.append(
                    f"(C) the piperidine ring carries {text}, not literally on C's list"
                )
            else:
                r.fails.append(f"(C) the piperidine ring carries {text}, which C does not list")
    r.skeleton |= core | {p1, aryl}
    return r


def _chain_ok(mol, acyl: int, body: set[int]) -> bool:
    """The two acyl carbons form CH2-CH3 with single bonds (plain propionyl)."""
    a, b = sorted(body, key=lambda i: mol.GetBondBetweenAtoms(acyl, i) is None)
    bond1, bond2 = mol.GetBondBetweenAtoms(acyl, a), mol.GetBondBetweenAtoms(a, b)
    return bond1 is not None and bond2 is not None and bond2.GetBondType() == Chem.BondType.SINGLE


def _chains(mol: Chem.Mol, n4: int, ring: set[int]):
    """Paths N4 - C - C - (ring atom) through acyclic carbons."""
    for a3 in mol.GetAtomWithIdx(n4).GetNeighbors():
        if a3.GetIdx() in ring:
            continue
        if a3.GetAtomicNum() != 6 or a3.IsInRing():
            continue
        for a2 in a3.GetNeighbors():
            if a2.GetIdx() == n4 or a2.GetAtomicNum() != 6 or a2.IsInRing():
                continue
            for a1 in a2.GetNeighbors():
                if a1.GetIdx() != a3.GetIdx() and a1.IsInRing():
                    yield a3.GetIdx(), a2.GetIdx(), a1.GetIdx()


def _n_group(mol: Chem.Mol, n4: int, ring: set[int]) -> str:
    others = [n.GetIdx() for n in mol.GetAtomWithIdx(n4).GetNeighbors() if n.GetIdx() not in ring]
    if not others:
        return "no group on the piperidine nitrogen (a nor- compound)"
    comp = next(c for c, t in components(mol, ring) if others[0] in c)
    return f"the piperidine nitrogen carries {frag(mol, comp)}, not a 2-(ring)ethyl group, so modification (A) cannot apply"


def assess(mol: Chem.Mol) -> Finding | None:
    readings: list[_Reading] = []
    near: list[Finding] = []
    for pip in mol.GetSubstructMatches(ANCHOR):
        n4, n8 = pip[0], pip[4]
        ring = set(pip[:4]) | set(pip[5:])
        amide_n = mol.GetAtomWithIdx(n8)
        subs = [n.GetIdx() for n in amide_n.GetNeighbors() if n.GetIdx() != pip[3]]
        ringy = [i for i in subs if mol.GetAtomWithIdx(i).IsInRing()]
        if len(subs) < 2:
            near.append(
                Finding(
                    "outside",
                    pip,
                    "the 4-amino nitrogen is not acylated (4-anilinopiperidine / ANPP type): modification (E) needs an acyl group",
                )
            )
            continue
        pairs = [
            (a, x) for a in ringy for x in subs if x != a and not mol.GetAtomWithIdx(x).IsInRing()
        ]
        if not pairs:
            near.append(
                Finding(
                    "outside",
                    pip,
                    "the 4-amido nitrogen does not carry one ring and one open-chain acyl group",
                )
            )
            continue
        chains = list(_chains(mol, n4, ring))
        if not chains:
            near.append(
                Finding(
                    "outside", pip, "not a fentanyl-related substance: " + _n_group(mol, n4, ring)
                )
            )
            continue
        for chain in chains:
            for a, x in pairs:
                readings.append(_read(mol, pip, chain, a, x))
    if readings:
        # the reading with the best verdict; among failures the one with fewest failed conditions
        readings.sort(key=lambda r: len(r.fails))
        return max((r.finding() for r in readings), key=lambda f: f.rank)
    return near[0] if near else None


COMMON = dict(
    jurisdiction="us",
    schedule="I",
    excludes_listed=True,
    assess=assess,
    screen=SCREEN,
)

FRS = Rule(
    id="us-frs",
    provision="21 U.S.C. 812(c) Schedule I(e)",
    effective=date(2025, 7, 16),
    expiry=None,
    title="Fentanyl-related substances (HALT Fentanyl Act, modifications A-E)",
    note="Pub. L. 119-26 s. 2; paragraph (3) exclusions applied by the caller (excludes_listed).",
    **COMMON,
)

FRS_TEMPORARY = Rule(
    id="us-frs-temporary",
    provision="21 CFR 1308.11(h)(30)",
    effective=date(2018, 2, 6),
    expiry=date(2025, 7, 15),  # last day; the HALT Fentanyl Act from 2025-07-16
    title="Fentanyl-related substances (DEA temporary class order, modifications A-E)",
    note="83 FR 5188; extended by Congress until made permanent by the HALT Fentanyl Act.",
    **COMMON,
)

RULES = (FRS, FRS_TEMPORARY)
