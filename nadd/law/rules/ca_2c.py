"""Canada CDSA Schedule III item 35: 2C-phenethylamines (a chemical description).

Text (consolidation current to 2026-06-14, legal-definitions.md s. 9.1.3):

    "2C-phenethylamines and their salts, derivatives, isomers and salts of derivatives and
    isomers that correspond to the following chemical description: any substance that has a
    1-amino-2-phenylethane structure substituted at the 2' and 5' or 2' and 6' positions of the
    benzene ring by an alkoxy or haloalkoxy group, or substituted at two adjacent carbon atoms
    of the benzene ring which results in the formation of a furan, dihydrofuran, pyran,
    dihydropyran or methylenedioxy group - whether or not further substituted on the benzene
    ring to any extent, whether or not substituted at the amino group by one or two, or a
    combination of, methyl, ethyl, propyl, isopropyl, hydroxyl, benzyl (or benzyl substituted
    to any extent) or benzylene (or benzylene substituted to any extent) groups and whether or
    not substituted at the 2-ethyl (beta carbon) position by a hydroxyl, oxo or alkoxy group"

Reading:
* ring: the benzene carrying the ethylamine has alkoxy/haloalkoxy at 2' and 5' (para to each
  other) or 2' and 6' (both ortho), or an O-containing five/six ring (furan, dihydrofuran,
  pyran, dihydropyran, methylenedioxy) fused on two adjacent carbons; anything else on the
  ring is allowed;
* amino group: H, or up to two of methyl, ethyl, propyl, isopropyl, hydroxyl, benzyl
  (any substitution on its ring) or benzylene (=CH-aryl); anything else is outside;
* beta carbon: H, hydroxyl, oxo or alkoxy; anything else is outside;
* alpha carbon: the text is silent. An alpha substituent (the DOx amphetamines) is
  ``uncertain`` here; most of those are named under Schedule I item 19 anyway.
"""

from __future__ import annotations

from datetime import date

from rdkit import Chem

from nadd.law.rules._base import AMINE_GATE, Finding, Rule, components, fmt_atoms, frag, smarts
from nadd.law.rules._groups import classify

# N - C(alpha) - C(beta) - c(ring, benzene); amide N excluded
CORE = smarts("[NX3,NX2;!$(N-C=O);!$(N-S(=O)=O)]-[C;!R]-[C;!R]-c1ccccc1")
SCREEN = smarts("[NX3,NX2;!$(N-C=O)]-[C;!R]-[C;!R]-c(:c):c")
N_GROUPS = {"methyl", "ethyl", "propyl", "isopropyl", "hydroxyl", "benzyl", "benzylene"}


def _n_group(mol: Chem.Mol, comp: set[int], n: int) -> str:
    """Name a group on the amino N in the text's words, or say what it is."""
    first = next(i for i in comp if mol.GetBondBetweenAtoms(i, n) is not None)
    a = mol.GetAtomWithIdx(first)
    bond = mol.GetBondBetweenAtoms(first, n).GetBondType()
    if len(comp) == 1 and a.GetAtomicNum() == 8:
        return "hydroxyl"
    if a.GetAtomicNum() == 6 and not a.IsInRing():
        ring_nbrs = [x for x in a.GetNeighbors() if x.GetIdx() != n and x.GetIsAromatic()]
        if ring_nbrs and bond == Chem.BondType.SINGLE and a.GetDegree() == 2:
            r = ring_nbrs[0]
            if r.IsInRingSize(6) and r.GetAtomicNum() == 6:
                return "benzyl"
        if ring_nbrs and bond == Chem.BondType.DOUBLE:
            return "benzylene"
        word = classify(mol, comp, n)
        if word == "alkyl" and len(comp) <= 3:
            c = len(comp)
            branched = any(mol.GetAtomWithIdx(i).GetDegree() > 2 for i in comp)
            return {1: "methyl", 2: "ethyl", 3: "isopropyl" if branched else "propyl"}[c]
        return f"{word} {frag(mol, comp)}"
    return f"group {frag(mol, comp)}"


def _ring_pattern(mol: Chem.Mol, ring: list[int], attach: int) -> str | None:
    """Which of the text's ring patterns the benzene shows, or None."""
    pos = {a: k for k, a in enumerate(ring)}  # ring order from the attachment atom
    n = len(ring)

    def dist(a, b):
        d = abs(pos[a] - pos[b])
        return min(d, n - d)

    alkoxy, fused_pairs = set(), []
    ring_set = set(ring)
    for a in ring:
        for nb in mol.GetAtomWithIdx(a).GetNeighbors():
            j = nb.GetIdx()
            if j in ring_set or nb.GetAtomicNum() != 8:
                continue
            if not nb.IsInRing():
                comp = next(c for c, t in components(mol, ring_set) if j in c)
                if classify(mol, comp, a) in ("alkoxyl", "haloalkoxyl"):
                    alkoxy.add(a)
    ri = mol.GetRingInfo()
    for other in ri.AtomRings():
        shared = [a for a in other if a in ring_set]
        if len(shared) == 2 and len(other) in (5, 6) and set(other) != ring_set:
            extra = [mol.GetAtomWithIdx(i) for i in other if i not in ring_set]
            if any(x.GetAtomicNum() == 8 for x in extra) and all(
                x.GetAtomicNum() in (6, 8) for x in extra
            ):
                fused_pairs.append(other)
    ortho = [a for a in alkoxy if dist(a, attach) == 1]
    for o in ortho:
        for p in alkoxy:
            if p != o and (dist(p, o) == 3 or (dist(p, attach) == 1)):
                return (
                    "alkoxy/haloalkoxy at 2' and 5'"
                    if dist(p, o) == 3
                    else "alkoxy/haloalkoxy at 2' and 6'"
                )
    if fused_pairs:
        names = {5: "furan/dihydrofuran/methylenedioxy", 6: "pyran/dihydropyran"}
        return f"a fused {names[len(fused_pairs[0])]} ring on two adjacent ring carbons"
    return None


def _ordered_ring(mol: Chem.Mol, attach: int) -> list[int] | None:
    for r in mol.GetRingInfo().AtomRings():
        if attach in r and len(r) == 6 and all(mol.GetAtomWithIdx(i).GetIsAromatic() for i in r):
            k = r.index(attach)
            return list(r[k:] + r[:k])
    return None


def assess(mol: Chem.Mol) -> Finding | None:
    found = None
    for hit in mol.GetSubstructMatches(CORE):
        n, ca, cb, c1 = hit[:4]
        ring = _ordered_ring(mol, c1)
        if ring is None:
            continue
        pattern = _ring_pattern(mol, ring, c1)
        if pattern is None:
            continue
        core = {n, ca, cb, *ring}
        fails, doubts = [], []
        groups = [(c, t) for c, t in components(mol, core) if t == {n}]
        words = [_n_group(mol, c, n) for c, _ in groups]
        if len(words) > 2 or any(w not in N_GROUPS for w in words):
            fails.append(
                "the amino group carries "
                + ", ".join(words)
                + ", not only the groups the text lists"
            )
        for c, t in components(mol, core):
            if t == {cb}:
                w = classify(mol, c, cb)
                if w not in ("hydroxyl", "oxo", "alkoxyl"):
                    fails.append(f"the beta carbon carries {w} {frag(mol, c)}")
            elif t == {ca}:
                doubts.append(
                    f"the alpha carbon carries {frag(mol, c)} (atoms {fmt_atoms(c)}); the description is silent on alpha substitution"
                )
            elif len(t) > 1 and not t <= set(ring):
                fails.append(f"the group {frag(mol, c)} closes a ring onto the side chain")
        atoms = tuple(sorted(core))
        what = f"1-amino-2-phenylethane with {pattern}"
        if fails:
            f = Finding("outside", atoms, f"{what}, but " + "; ".join(fails))
        elif doubts:
            f = Finding("uncertain", atoms, f"{what}; " + "; ".join(doubts))
        else:
            extra = f"; amino group: {', '.join(words)}" if words else ""
            f = Finding("controlled", atoms, f"{what}{extra}: the 2C-phenethylamine description")
        if found is None or f.rank > found.rank:
            found = f
    return found


TWO_C = Rule(
    id="ca-2c",
    jurisdiction="ca",
    schedule="III",
    provision="CDSA Sch. III, item 35",
    effective=date(2016, 10, 31),
    expiry=None,
    title="2C-phenethylamines (chemical description)",
    excludes_listed=True,
    assess=assess,
    screen=SCREEN,
    gate=AMINE_GATE,
    note="SOR/2016-73; in force date taken as 180 days after 2016-05-04 [S].",
)

RULES = (TWO_C,)
