"""The 4-aminopiperidine and 4-piperidone families behind fentanyl and its precursors.

``views(mol)`` names the parts of every 4-aminopiperidine in a molecule once, so the
Canadian item-16 rule and the US and Canadian precursor rules (4-AP, norfentanyl,
benzylfentanyl, ANPP) decide from the same reading:

* ``n1``: what the ring nitrogen carries (``H``, ``acyl``, ``carbamate``, ``ringethyl``
  (-C-C-ring, the phenethyl position), ``benzyl`` (-C-ring), ``ethylchain`` (-CH2-CH2-X with
  X open-chain, e.g. remifentanil's propanoate), ``chain`` (other open chains, e.g.
  isopropyl), ``methyl``, ``other``);
* ``aryl``: the ring atom on the 4-amino nitrogen, if any; ``acyl``: the open-chain
  C(=O)/C(=S)/S(=O)(=O) atom on it, if any; ``amine_h``: the 4-amino N has a hydrogen;
* ``ring_subs``: substituents on the piperidine carbons, as atom sets.
"""

from __future__ import annotations

from dataclasses import dataclass

from rdkit import Chem

from nadd.law.rules._base import components, frag, remembered, ring_system, smarts

AMINOPIPERIDINE = smarts("[N;R1;!$(N=*)]1-[C;R1]-[C;R1]-[C;R1](-[N;!R])-[C;R1]-[C;R1]1")
# piperidin-4-one, or its acetal/ketal (C4 bearing two single-bonded oxygens)
PIPERIDONE = smarts(
    "[N;R1;!$(N=*)]1-[C;R1]-[C;R1]-[$([C;R1]=O),$([C;R1,R2](-[OX2])-[OX2])]-[C;R1]-[C;R1]1"
)
# the screen every piperidine rule shares: a plain piperidine with N or O on C4
PIPERIDINE_4X = smarts("[N;R1;!$(N=*)]1-[C;R1]-[C;R1]-[C;R1,R2](~[#7,#8])-[C;R1]-[C;R1]1")
DOUBLE = Chem.BondType.DOUBLE


@dataclass
class View:
    ring: tuple[int, ...]  # n1, c2, c3, c4, c5, c6
    n1: str
    n1_atoms: set[int]
    c4_group: int | None = None  # the 4-amino N (aminopiperidines) or the carbonyl O / acetal
    aryl: int | None = None
    acyl: int | None = None
    acyl_kind: str = ""  # "acyl", "carbamate", "thioacyl", "sulfonyl"
    amine_h: bool = False
    ring_subs: list[set[int]] | None = None

    def n1_text(self, mol: Chem.Mol) -> str:
        return frag(mol, self.n1_atoms) if self.n1_atoms else "H"


def acyl_kind(mol: Chem.Mol, idx: int) -> str:
    """What an open-chain atom on a nitrogen is: acyl, carbamate, thioacyl, sulfonyl or ''."""
    a = mol.GetAtomWithIdx(idx)
    if a.IsInRing():
        return ""
    dbl = [
        n
        for n in a.GetNeighbors()
        if mol.GetBondBetweenAtoms(idx, n.GetIdx()).GetBondType() == DOUBLE
    ]
    if a.GetAtomicNum() == 16 and sum(n.GetAtomicNum() == 8 for n in dbl) == 2:
        return "sulfonyl"
    if a.GetAtomicNum() != 6 or len(dbl) != 1:
        return ""
    if dbl[0].GetAtomicNum() == 16:
        return "thioacyl"
    if dbl[0].GetAtomicNum() != 8:
        return ""
    single_o = [
        n for n in a.GetNeighbors() if n.GetAtomicNum() == 8 and n.GetIdx() != dbl[0].GetIdx()
    ]
    return "carbamate" if single_o else "acyl"


def _n1_kind(mol: Chem.Mol, n1: int, ring: set[int]) -> tuple[str, set[int]]:
    others = [n for n in mol.GetAtomWithIdx(n1).GetNeighbors() if n.GetIdx() not in ring]
    if not others:
        return "H", set()
    first = others[0]
    group = next(c for c, _ in components(mol, ring) if first.GetIdx() in c)
    kind = acyl_kind(mol, first.GetIdx())
    if kind in ("acyl", "carbamate"):
        return kind, group
    if first.GetAtomicNum() != 6 or first.IsInRing():
        return "other", group
    if len(group) == 1:
        return "methyl", group
    nxt = [n for n in first.GetNeighbors() if n.GetIdx() != n1]
    if any(n.IsInRing() for n in nxt):
        return "benzyl", group
    for n in nxt:
        if n.GetAtomicNum() == 6 and any(
            m.IsInRing() for m in n.GetNeighbors() if m.GetIdx() != first.GetIdx()
        ):
            return "ringethyl", group
    if first.GetDegree() == 2 and any(
        n.GetAtomicNum() == 6 and not n.IsInRing() and n.GetDegree() == 2 for n in nxt
    ):
        return "ethylchain", group  # -CH2-CH2-X, as remifentanil's propanoate
    return "chain", group


def _ring_subs(mol: Chem.Mol, ring: tuple[int, ...], skip: set[int]) -> list[set[int]]:
    blocked = set(ring)
    return [c for c, touch in components(mol, blocked) if not (c & skip) and touch - {ring[0]}]


def views(mol: Chem.Mol) -> list[View]:
    """Every 4-aminopiperidine in ``mol``, read into its parts (once per molecule)."""
    return remembered(mol, "piperidine views", _views)


def _views(mol: Chem.Mol) -> list[View]:
    out = []
    for n1, c2, c3, c4, nx, c5, c6 in mol.GetSubstructMatches(AMINOPIPERIDINE):
        ring = (n1, c2, c3, c4, c5, c6)
        kind, n1_atoms = _n1_kind(mol, n1, set(ring))
        v = View(ring=ring, n1=kind, n1_atoms=n1_atoms, c4_group=nx)
        amine = mol.GetAtomWithIdx(nx)
        v.amine_h = amine.GetTotalNumHs() > 0
        for n in amine.GetNeighbors():
            j = n.GetIdx()
            if j == c4:
                continue
            if n.IsInRing() and v.aryl is None:
                v.aryl = j
            elif (k := acyl_kind(mol, j)) and v.acyl is None:
                v.acyl, v.acyl_kind = j, k
        amine_side = next(c for c, _ in components(mol, set(ring)) if nx in c)
        v.ring_subs = _ring_subs(mol, ring, amine_side | n1_atoms)
        out.append(v)
    return out


def is_monocycle(mol: Chem.Mol, idx: int, *, aromatic: bool = True) -> bool:
    rings, _ = ring_system(mol, idx)
    return len(rings) == 1 and (not aromatic or mol.GetAtomWithIdx(idx).GetIsAromatic())


def is_benzene(mol: Chem.Mol, idx: int) -> bool:
    rings, _ = ring_system(mol, idx)
    return (
        len(rings) == 1
        and len(rings[0]) == 6
        and all(
            mol.GetAtomWithIdx(i).GetAtomicNum() == 6 and mol.GetAtomWithIdx(i).GetIsAromatic()
            for i in rings[0]
        )
    )


def ring_substituents(mol: Chem.Mol, idx: int, stop: set[int]) -> list[tuple[set[int], int]]:
    """Substituents on the ring system of ``idx`` (excluding the piece through ``stop``)."""
    _, atoms = ring_system(mol, idx)
    out = []
    for comp, touch in components(mol, atoms):
        if comp & stop:
            continue
        out.append((comp, next(iter(touch))))
    return out
