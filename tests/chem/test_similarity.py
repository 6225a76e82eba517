"""Packed-fingerprint search: RDKit's exact numbers, ordering, thresholds, files, refusals."""

from __future__ import annotations

import numpy as np
import pytest
from rdkit import Chem, DataStructs
from rdkit.Chem import rdFingerprintGenerator

from nadd.chem import _bitslice
from nadd.chem import similarity as sim
from nadd.chem.similarity import (
    FingerprintError,
    FingerprintIndex,
    fingerprint,
    fingerprint_smiles,
    fingerprints,
    from_bitvects,
    tanimoto,
    to_bitvects,
)
from nadd.errors import NaddError, ValidationFailed

VARIED = [
    "CCC(=O)N(c1ccccc1)C1CCN(CCc2ccccc2)CC1",  # fentanyl
    "CCC(=O)N(c1ccccc1)C1CCN(CCc2cccs2)CC1",  # thiofentanyl
    "COC(=O)CCN1CCC(N(C(=O)CC)c2ccccc2)CC1",  # remifentanil-like
    "CCOc1ccc(Cc2nc3cc([N+](=O)[O-])ccc3n2CCN(CC)CC)cc1",  # etonitazene
    "CC(N)Cc1ccccc1", "CNC(C)Cc1ccccc1", "CNC(C)Cc1ccc2c(c1)OCO2",  # amphetamines
    "CC(NC)C(=O)c1ccc(C)cc1",  # mephedrone
    "CN1C(=O)CN=C(c2ccccc2)c2cc(Cl)ccc21",  # diazepam
    "Cc1nnc2n1-c1ccc(Cl)cc1C(c1ccccc1F)=NC2",  # flualprazolam-like
    "CN(C)CCc1c[nH]c2ccccc12", "CN(C)CCc1c[nH]c2ccc(O)cc12",  # tryptamines
    "CCCCCc1cc(O)c2c(c1)OC(C)(C)C1CCC(C)=CC21",  # THC
    "CCCCCn1cc(C(=O)c2cccc3ccccc23)c2ccccc21",  # JWH-018
    "COC(=O)C1C(OC(=O)c2ccccc2)CC2CCC1N2C",  # cocaine
    "CN1CCC23c4c5ccc(O)c4OC2C(O)C=CC3C1C5",  # morphine
    "O=C(O)c1ccccc1O", "CC(=O)Oc1ccccc1C(=O)O", "c1ccccc1", "C", "O", "[Na+].[Cl-]",
    "C[C@H](N)Cc1ccccc1", "C[C@@H](N)Cc1ccccc1",  # stereoisomers (same bits: no chirality)
    "OC[C@H]1OC(O)[C@H](O)[C@@H](O)[C@@H]1O",
    "CCCCCCCCCCCCCCCCCC(=O)NC(CO)C(=O)NCC(=O)NC(Cc1ccccc1)C(=O)NC(CCCNC(N)=N)C(=O)O",
]


@pytest.fixture
def small_chunks(monkeypatch):
    """Many chunks on small data: 2 words = 128 rows per pass."""
    monkeypatch.setattr(_bitslice, "CHUNK_WORDS", 2)


def random_fps(n: int, bits: int, seed: int) -> np.ndarray:
    """Sparse random fingerprints with skewed bit frequencies (like Morgan's)."""
    rng = np.random.default_rng(seed)
    p = rng.pareto(1.2, sim.NBITS) + 1e-3
    p = np.clip(p * bits / p.sum(), 0, 0.9)
    on = rng.random((n, sim.NBITS)) < p
    return np.packbits(on, axis=1, bitorder="little").view(np.uint64).copy()


def brute(index_fps: np.ndarray, q: np.ndarray, k, threshold):
    s = tanimoto(q, index_fps)
    order = np.lexsort((np.arange(len(s)), -s))
    order = order[s[order] >= threshold]
    return [(int(r), float(s[r])) for r in (order if k is None else order[:k])]


# ---------------------------------------------------------------- fingerprints

def test_fingerprints_are_rdkit_morgan_radius_2_2048_bits_bit_for_bit():
    mols = [Chem.MolFromSmiles(s) for s in VARIED]
    gen = rdFingerprintGenerator.GetMorganGenerator(radius=2, fpSize=2048)
    fps = fingerprints(mols)
    assert fps.shape == (len(VARIED), 32) and fps.dtype == np.uint64
    for row, m in zip(fps, mols):
        on = np.flatnonzero(np.unpackbits(row.view(np.uint8), bitorder="little"))
        assert list(on) == list(gen.GetFingerprint(m).GetOnBits())
    assert (fingerprint_smiles(VARIED) == fps).all()
    assert (fingerprint(mols[0]) == fps[0]).all()


def test_bitvect_conversion_round_trips():
    fps = random_fps(50, 60, seed=1)
    bvs = to_bitvects(fps)
    assert all(b.GetNumBits() == 2048 for b in bvs)
    assert (from_bitvects(bvs) == fps).all()


def test_bit_columns_are_the_exact_transpose():
    fps = random_fps(300, 80, seed=2)  # not a multiple of 64: padded rows are zero
    cols = _bitslice.bit_columns(fps)
    rows = np.unpackbits(fps.view(np.uint8), axis=1, bitorder="little")
    back = np.unpackbits(cols.view(np.uint8), axis=1, bitorder="little")
    assert back.shape == (2048, 320)
    assert (back[:, :300] == rows.T).all() and not back[:, 300:].any()


# ---------------------------------------------------------------- equality with RDKit

def test_similarities_equal_rdkit_bulk_tanimoto_on_varied_molecules():
    fps = fingerprint_smiles(VARIED)
    bvs = to_bitvects(fps)
    index = FingerprintIndex(fps, ids=VARIED)
    for i, q in enumerate(fps):
        expected = np.array(DataStructs.BulkTanimotoSimilarity(bvs[i], bvs))
        assert index.similarities(q).tolist() == expected.tolist()  # exact, not approximate
        hits = index.search(q, k=None)
        assert sorted(s for _, s in hits) == sorted(expected.tolist())


def test_empty_fingerprints_count_zero_like_rdkit():
    fps = fingerprints([Chem.Mol(), Chem.MolFromSmiles("CCO")])  # a molecule without atoms
    assert not fps[0].any()
    bvs = to_bitvects(fps)
    assert DataStructs.BulkTanimotoSimilarity(bvs[0], bvs) == [0.0, 0.0]
    index = FingerprintIndex(fps)
    assert index.similarities(fps[0]).tolist() == [0.0, 0.0]
    assert index.search(fps[0], k=5) == [(0, 0.0), (1, 0.0)]
    assert index.search(fps[0], threshold=0.1) == []


def test_similarities_equal_rdkit_across_chunks_and_dense_fingerprints(small_chunks):
    # dense rows: counts above 255 need more than 8 bit planes
    fps = np.concatenate([random_fps(700, 50, seed=3), random_fps(60, 900, seed=4)])
    bvs = to_bitvects(fps)
    index = FingerprintIndex(fps)
    for i in (0, 5, 699, 700, 759):
        expected = DataStructs.BulkTanimotoSimilarity(bvs[i], bvs)
        assert index.similarities(fps[i]).tolist() == expected


# ---------------------------------------------------------------- search

def test_search_matches_brute_force_for_k_and_threshold(small_chunks):
    fps = random_fps(2000, 45, seed=5)
    index = FingerprintIndex(fps)
    rng = np.random.default_rng(6)
    for qi in rng.integers(0, len(fps), 6):
        for k, threshold in ((10, 0.0), (1, 0.0), (3, 0.2), (None, 0.3), (50, 0.5), (2000, 0.0)):
            assert index.search(fps[qi], k=k, threshold=threshold) == \
                brute(fps, fps[qi], k, threshold), (qi, k, threshold)


def test_ties_come_in_row_order_and_the_kth_tie_is_decided_by_row():
    base = random_fps(3, 40, seed=7)
    fps = np.concatenate([base[[1]], base[[0]], base[[2]], base[[0]], base[[0]]])
    index = FingerprintIndex(fps, ids=["b", "a1", "c", "a2", "a3"])
    hits = index.search(base[0], k=2)
    assert hits == [("a1", 1.0), ("a2", 1.0)]  # a3 ties too but comes later
    assert [h[0] for h in index.search(base[0], k=None)][:3] == ["a1", "a2", "a3"]


def test_threshold_is_inclusive():
    # q has bits {0, 1}; row has {0, 1, 2, 3}: 2 / 4 = 0.5 exactly
    q = np.zeros(32, np.uint64)
    q[0] = 0b11
    row = np.zeros((1, 32), np.uint64)
    row[0, 0] = 0b1111
    index = FingerprintIndex(row)
    assert index.search(q, threshold=0.5) == [(0, 0.5)]
    assert index.search(q, threshold=0.5000001) == []


def test_search_finds_the_nearest_real_analogue():
    index = FingerprintIndex(fingerprint_smiles(VARIED), ids=VARIED)
    q = fingerprint(Chem.MolFromSmiles("CCC(=O)N(c1ccccc1)C1CCN(CCc2ccc(F)cc2)CC1"))
    (best, s1), (second, s2) = index.search(q, k=2)
    assert best == VARIED[0] and second == VARIED[1] and 0 < s2 <= s1 < 1


def test_search_many_equals_search_with_and_without_threads():
    fps = random_fps(1500, 45, seed=8)
    index = FingerprintIndex(fps)
    queries = fps[:12]
    one = [index.search(q, k=5, threshold=0.1) for q in queries]
    assert index.search_many(queries, k=5, threshold=0.1) == one
    assert index.search_many(queries, k=5, threshold=0.1, workers=2) == one


def test_empty_index_gives_no_hits():
    index = FingerprintIndex(np.zeros((0, 32), np.uint64))
    q = random_fps(1, 40, seed=9)[0]
    assert len(index) == 0
    assert index.search(q) == [] and index.similarities(q).shape == (0,)
    assert index.search_many(random_fps(2, 40, seed=9)) == [[], []]
    assert FingerprintIndex(fingerprint_smiles(["CCO"])).search_many(np.zeros((0, 32), np.uint64)) == []


# ---------------------------------------------------------------- files

@pytest.mark.parametrize("ids", [None, ["x", "y", "zz", "w"], [10, 20, 30, 40]])
def test_save_and_load_round_trip(tmp_path, ids):
    fps = random_fps(4, 30, seed=10)
    index = FingerprintIndex(fps, ids=ids)
    path = index.save(tmp_path / "lib.npz")
    again = FingerprintIndex.load(path)
    assert (again.fps == fps).all() and again.ids.tolist() == index.ids.tolist()
    assert again.search(fps[2], k=4) == index.search(fps[2], k=4)


def test_loading_a_file_that_is_not_an_index_says_so(tmp_path):
    bad = tmp_path / "x.npz"
    bad.write_text("hello")
    with pytest.raises(FingerprintError, match="not a fingerprint index") as e:
        FingerprintIndex.load(bad)
    assert "FingerprintIndex.save" in e.value.hint


# ---------------------------------------------------------------- refusals

def test_unreadable_smiles_are_all_named_with_row_and_reason():
    with pytest.raises(ValidationFailed) as e:
        fingerprint_smiles(["CCO", "C1CC", "c1ccccc1", "not a smiles", ""])
    rows = [f.row for f in e.value.failures]
    assert rows == [2, 4, 5]  # an empty cell is a mistake, not a molecule without atoms
    assert e.value.failures[0].column == "smiles" and e.value.failures[0].value == "C1CC"
    assert "strict=False" in e.value.failures[0].hint
    fps = fingerprint_smiles(["CCO", "C1CC"], strict=False)
    assert fps[0].any() and not fps[1].any()


@pytest.mark.parametrize("bad", [
    np.zeros((3, 16), np.uint64), np.zeros((3, 32), np.int64), [[0] * 32], np.zeros(32, np.uint64),
])
def test_wrong_fingerprint_arrays_are_refused_with_a_hint(bad):
    with pytest.raises(FingerprintError) as e:
        FingerprintIndex(bad)
    assert "(n, 32)" in e.value.message and "fingerprints(mols)" in e.value.hint
    assert isinstance(e.value, NaddError)


def test_wrong_queries_ids_k_and_threshold_are_refused():
    index = FingerprintIndex(random_fps(5, 30, seed=11))
    with pytest.raises(FingerprintError, match="query fingerprint"):
        index.search(np.zeros(16, np.uint64))
    with pytest.raises(FingerprintError, match="3 ids for 5"):
        FingerprintIndex(index.fps, ids=["a", "b", "c"])
    for k in (-1, 2.5, True):
        with pytest.raises(FingerprintError, match="k must be"):
            index.search(index.fps[0], k=k)
    for t in (-0.1, 1.5, "0.3"):
        with pytest.raises(FingerprintError, match="threshold must be"):
            index.search(index.fps[0], threshold=t)
    with pytest.raises(FingerprintError, match="not an RDKit molecule") as e:
        fingerprints([Chem.MolFromSmiles("CCO"), None])
    assert "parse" in e.value.hint


def test_an_rdkit_bitvect_is_accepted_as_query():
    fps = fingerprint_smiles(VARIED[:5])
    index = FingerprintIndex(fps)
    assert index.search(to_bitvects(fps[[3]])[0], k=1) == [(3, 1.0)]


def test_fingerprinting_in_worker_processes_gives_the_same_array(monkeypatch):
    monkeypatch.setattr(sim, "BATCH", 7)
    smiles = VARIED * 2
    assert (fingerprint_smiles(smiles, processes=2) == fingerprint_smiles(smiles)).all()
