"""The batch paths of the checker give exactly what the one-at-a-time paths give.

``check_many`` parses a chunk, then searches all its analogue neighbours in one sparse product;
the rules remember screens, ring cuts (``components``) and adjacency per molecule. None of it
may change a verdict, a neighbour, a similarity or a tie order.
"""

from __future__ import annotations

import importlib
from datetime import date

from rdkit import Chem, DataStructs
from rdkit.Chem import rdFingerprintGenerator

from nadd.chem.registry import parse
from nadd.law import check_many
from nadd.law.kb import kb
from nadd.law.rules._base import _adjacency, components

chk = importlib.import_module("nadd.law.check")
TODAY = date(2026, 11, 1)
MIXED = [
    "CCCC(=O)N(c1ccc(Cl)cc1)C1CCN(CCc2ccccc2)CC1",  # unnamed fentanyl: a rule
    "CCC(=O)N(c1ccccc1)C1CCN(CCc2ccccc2)CC1.Cl",  # a named salt
    "CCN(CC)CCn1c(Cc2ccc(OCC)cc2)nc2ccc([N+](=O)[O-])cc21",  # a nitazene
    "CC(NC)C(=O)c1ccc(C)c(F)c1",  # a cathinone
    "c1ccccc1",  # nothing
    "C",  # one atom, few fingerprint bits
    "not a structure",  # error row
    "",
]


def _rdkit_neighbours(s, k, threshold):
    gen = rdFingerprintGenerator.GetMorganGenerator(radius=2, fpSize=2048)
    names = sorted(kb().structures)
    sims = DataStructs.BulkTanimotoSimilarity(
        gen.GetFingerprint(s.mol), [gen.GetFingerprint(Chem.MolFromSmiles(kb().structures[n][0])) for n in names])
    ranked = sorted(range(len(names)), key=lambda i: -sims[i])[: k + 1]  # stable: KB order among ties
    out = []
    for i in ranked:
        if sims[i] < threshold or len(out) == k:
            break
        if kb().structures[names[i]][1] != s.inchikey_nostereo:
            out.append((names[i], sims[i], kb().structures[names[i]][1]))
    return out


def test_batch_neighbour_search_equals_rdkit_one_query_at_a_time():
    structures = [parse(t) for t in MIXED if t and t != "not a structure"]
    for k, threshold in ((10, 0.0), (25, chk.ANALOGUE_THRESHOLD), (3, 0.3)):
        batch = chk.neighbours_many(structures, k=k, threshold=threshold)
        assert batch == [_rdkit_neighbours(s, k, threshold) for s in structures]
        assert batch == [chk.neighbours(s, k=k, threshold=threshold) for s in structures]


def test_check_many_equals_check_one_by_one_including_error_rows():
    batch = check_many(MIXED, TODAY, processes=1, chunksize=3)
    single = [chk.check_or_error(t, TODAY) for t in MIXED]
    assert batch == single
    assert [bool(v.error) for v in batch] == [False] * 6 + [True, True]


def test_remembered_ring_cuts_are_copies_a_caller_may_change():
    mol = Chem.MolFromSmiles("CCC(=O)N(c1ccccc1)C1CCN(CCc2ccccc2)CC1")
    ring = {12, 13, 14, 15, 16, 17}
    first = components(mol, ring)
    first[0][0].add(999)
    first[0][1].clear()
    again = components(mol, ring)
    assert 999 not in again[0][0] and again[0][1]
    assert again == components(Chem.Mol(mol), ring)  # a fresh molecule computes the same


def test_adjacency_from_bonds_lists_neighbours_in_rdkits_order():
    mol = Chem.MolFromSmiles("CN1CCC[C@H]1c1cccnc1.O=C(O)C(F)(F)F")
    assert _adjacency(mol) == [[n.GetIdx() for n in a.GetNeighbors()] for a in mol.GetAtoms()]
