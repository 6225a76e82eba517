"""Name a substituent the way the statutes do: alkyl, alkenyl, alkoxyl, hydroxyl, halo, ...

``classify(mol, atoms, attach)`` looks at one substituent (the atom set hanging from the
core atom ``attach``) and returns the legal word for it. Words the texts never use but that
a reader could argue either way ("cycloalkyl" for alkyl, "hydroxyalkyl" for hydroxyl plus
alkyl) are returned as such so the caller can say ``uncertain`` rather than guess.
"""

from __future__ import annotations

from rdkit import Chem

HALOGENS = {9, 17, 35, 53}
SINGLE = Chem.BondType.SINGLE
DOUBLE = Chem.BondType.DOUBLE
TRIPLE = Chem.BondType.TRIPLE


def _bonds_within(mol: Chem.Mol, atoms: set[int]) -> list[Chem.Bond]:
    seen, out = set(), []
    for i in atoms:
        for b in mol.GetAtomWithIdx(i).GetBonds():
            if b.GetOtherAtomIdx(i) in atoms and b.GetIdx() not in seen:
                seen.add(b.GetIdx())
                out.append(b)
    return out


def _is_alkyl(mol: Chem.Mol, atoms: set[int]) -> bool:
    """Saturated, acyclic, carbon only."""
    return all(
        mol.GetAtomWithIdx(i).GetAtomicNum() == 6 and not mol.GetAtomWithIdx(i).IsInRing()
        for i in atoms
    ) and all(b.GetBondType() == SINGLE for b in _bonds_within(mol, atoms))


def classify(mol: Chem.Mol, atoms: set[int], attach: int) -> str:
    """The legal name of the substituent ``atoms`` bonded to core atom ``attach``."""
    first = next(i for i in atoms if mol.GetBondBetweenAtoms(i, attach) is not None)
    fa = mol.GetAtomWithIdx(first)
    to_core = mol.GetBondBetweenAtoms(first, attach).GetBondType()
    z = {i: mol.GetAtomWithIdx(i).GetAtomicNum() for i in atoms}
    bonds = _bonds_within(mol, atoms)
    in_ring = any(mol.GetAtomWithIdx(i).IsInRing() for i in atoms)
    n = len(atoms)

    if n == 1:
        if z[first] in HALOGENS:
            return "halo"
        if z[first] == 8:
            return "oxo" if to_core == DOUBLE else "hydroxyl"
        if z[first] == 7 and to_core == SINGLE:
            return "amino"
        if z[first] == 6 and to_core == SINGLE:
            return "alkyl"
        if z[first] == 6 and to_core == DOUBLE:
            return "alkylidene"
        return "other"
    if to_core != SINGLE:
        return "alkylidene" if set(z.values()) == {6} else "other"
    if in_ring:
        if any(mol.GetAtomWithIdx(i).GetIsAromatic() for i in atoms):
            return "aryl"
        if set(z.values()) == {6} and all(b.GetBondType() == SINGLE for b in bonds):
            return "cycloalkyl"
        return "cyclic group"
    # nitro: N bonded to two O and nothing else
    if z[first] == 7 and n == 3 and sorted(z.values()) == [7, 8, 8]:
        return "nitro"
    rest = atoms - {first}
    if z[first] == 7 and fa.GetDegree() <= 3 and _is_alkyl(mol, rest):
        return "amino"
    if z[first] == 8 and _is_alkyl(mol, rest):
        return "alkoxyl"
    if (
        z[first] == 8
        and set(z[i] for i in rest) <= {6} | HALOGENS
        and all(b.GetBondType() == SINGLE for b in bonds)
    ):
        return "haloalkoxyl"
    if set(z.values()) == {6}:
        kinds = {b.GetBondType() for b in bonds}
        if TRIPLE in kinds:
            return "alkynyl"
        return "alkenyl" if DOUBLE in kinds else "alkyl"
    if set(z.values()) <= {6} | HALOGENS and all(b.GetBondType() == SINGLE for b in bonds):
        return "haloalkyl"
    if set(z.values()) <= {6, 8}:
        carbonyls = [b for b in bonds if b.GetBondType() == DOUBLE]
        if len(carbonyls) == 1 and _is_ester(mol, atoms, carbonyls[0]):
            return "ester"
        if not carbonyls:
            oxygens = [i for i in atoms if z[i] == 8]
            if all(mol.GetAtomWithIdx(o).GetDegree() == 2 for o in oxygens):
                return "ether"
            return "hydroxyalkyl"
        return "carbonyl group"
    return "other"


def _is_ester(mol: Chem.Mol, atoms: set[int], carbonyl: Chem.Bond) -> bool:
    """C(=O)O-alkyl or O-C(=O)-alkyl: one carbonyl carbon bearing =O and an -O- bridge."""
    a, b = carbonyl.GetBeginAtom(), carbonyl.GetEndAtom()
    c = a if a.GetAtomicNum() == 6 else b
    o = b if c is a else a
    if o.GetAtomicNum() != 8 or c.GetAtomicNum() != 6:
        return False
    bridge = [
        n
        for n in c.GetNeighbors()
        if n.GetAtomicNum() == 8 and n.GetIdx() != o.GetIdx() and n.GetDegree() == 2
    ]
    if len(bridge) != 1:
        return False
    others = [i for i in atoms if i not in (c.GetIdx(), o.GetIdx(), bridge[0].GetIdx())]
    return all(mol.GetAtomWithIdx(i).GetAtomicNum() == 6 for i in others)
