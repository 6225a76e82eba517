"""Shared reading of the amine classes: aryl ring kinds and what sits on an amine nitrogen."""

from __future__ import annotations

from rdkit import Chem

from nadd.law.rules._base import AMINE_GATE, Rule, components, frag
from nadd.law.rules._groups import classify
from nadd.law.rules._piperidines import is_benzene

BASIC_N = "[NX3;!$(N-[C,S]=[O,S,N]);!a]"


def aryl_kind(mol: Chem.Mol, idx: int) -> str:
    """'phenyl' (any substitution), 'methylenedioxyphenyl', 'naphthyl' or the ring's SMILES."""
    if is_benzene(mol, idx):
        return "phenyl"
    ri = mol.GetRingInfo()
    rings = [r for r in ri.AtomRings() if idx in r]
    if rings and len(rings[0]) == 6:
        fused = [r for r in ri.AtomRings() if set(r) & set(rings[0]) and r != rings[0]]
        if (
            len(fused) == 1
            and len(fused[0]) == 5
            and sum(mol.GetAtomWithIdx(i).GetAtomicNum() == 8 for i in fused[0]) == 2
        ):
            return "methylenedioxyphenyl"
        if (
            len(fused) == 1
            and len(fused[0]) == 6
            and all(mol.GetAtomWithIdx(i).GetIsAromatic() for i in fused[0])
        ):
            return "naphthyl"
    return frag(mol, set(rings[0]) if rings else {idx})


def n_subs(mol: Chem.Mol, n: int, core: set[int]) -> list[tuple[str, int]]:
    """The groups on amine ``n`` (outside ``core``) as (legal word, heavy atoms)."""
    out = []
    for comp, touch in components(mol, core | {n}):
        if n in touch and touch <= {n}:
            w = classify(mol, comp, n)
            first = next(i for i in comp if mol.GetBondBetweenAtoms(i, n))
            if w == "alkyl" and len(comp) <= 3:
                w = f"C{len(comp)} alkyl"
            elif (
                any(a.GetIsAromatic() for a in mol.GetAtomWithIdx(first).GetNeighbors())
                and mol.GetAtomWithIdx(first).GetAtomicNum() == 6
            ):
                w = "benzyl"
            elif not (w in ("hydroxyl", "hydroxyalkyl") and len(comp) <= 3):
                w = f"{w} {frag(mol, comp)}"
            out.append((w, len(comp)))
    return out


def ca_rule(id_, schedule, item, title, effective, assess, screen, note=""):
    return Rule(
        id=id_,
        jurisdiction="ca",
        schedule=schedule,
        provision=f"CDSA Sch. {schedule}, item {item}",
        effective=effective,
        expiry=None,
        title=title,
        excludes_listed=True,
        assess=assess,
        screen=screen,
        note=note,
        gate=AMINE_GATE,
    )
