"""Packed-fingerprint similarity search: Morgan radius 2, 2,048 bits, Tanimoto exactly as RDKit.

Fingerprints are ``uint64`` arrays of shape ``(n, 32)``: bit ``b`` of a fingerprint is bit
``b % 64`` of word ``b // 64`` (RDKit's own bit numbering, so they convert both ways without
loss: :func:`to_bitvects`, :func:`from_bitvects`). A :class:`FingerprintIndex` answers

    index = FingerprintIndex(fingerprint_smiles(smiles), ids=names)
    index.search(fingerprint(mol), k=10, threshold=0.3)   # [(id, similarity), ...]

with similarities equal, bit for bit, to ``DataStructs.BulkTanimotoSimilarity`` (an empty pair
counts 0.0, as RDKit does). Hits come by similarity, highest first; ties in the order the
fingerprints were given.

How it is fast (no per-row Python, see bench/fingerprint_search.py): the index keeps its
fingerprints sorted by bit count and also *bit-sliced*: one packed column of n bits per
fingerprint bit. A query then touches only its own ~50 columns, not all 2,048 bits of every
row, and adds them up with carry-save adders (5 numpy bitwise ops per column and 64 rows per
word); an 8x8 bit transpose turns the sums into per-row counts ``|a & q|``. Tanimoto is
``c / (|a| + |q| - c)`` in float64, RDKit's formula. For top-k, the best count of each
bit-count group bounds the k-th best similarity, so only rows that can reach it get a float.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
from rdkit import Chem, DataStructs, rdBase
from rdkit.Chem import rdFingerprintGenerator

from nadd.chem import _bitslice
from nadd.errors import Failure, NaddError, ValidationFailed

RADIUS = 2
NBITS = 2048
WORDS = NBITS // 64
BATCH = 2000  # molecules per fingerprinting batch (progress bar step)

__all__ = [
    "NBITS", "RADIUS", "FingerprintError", "FingerprintIndex", "fingerprint", "fingerprint_smiles",
    "fingerprints", "from_bitvects", "popcounts", "tanimoto", "to_bitvects",
]


class FingerprintError(NaddError):
    code = "fingerprint_error"


# ---------------------------------------------------------------- fingerprints

@lru_cache(maxsize=1)
def _generator():
    return rdFingerprintGenerator.GetMorganGenerator(radius=RADIUS, fpSize=NBITS)


def _pack(bitvects: Sequence[Any]) -> np.ndarray:
    # BitVectToBinaryText is the raw little-endian bit array: the fastest way out (measured
    # against GetFingerprintAsNumPy + packbits and ConvertToNumpyArray).
    raw = b"".join(DataStructs.BitVectToBinaryText(f) for f in bitvects)
    return np.frombuffer(raw, dtype="<u8").astype(np.uint64, copy=False).reshape(-1, WORDS).copy()


def fingerprints(mols: Iterable[Chem.Mol]) -> np.ndarray:
    """Morgan (radius 2, 2,048 bits) fingerprints of RDKit molecules as a ``(n, 32)`` uint64 array."""
    mols = list(mols)
    bad = [i for i, m in enumerate(mols) if not isinstance(m, Chem.Mol)]
    if bad:
        raise FingerprintError(
            f"item {bad[0]} is {type(mols[bad[0]]).__name__}, not an RDKit molecule"
            + (f" (and {len(bad) - 1} more)" if len(bad) > 1 else ""),
            hint="parse structures first (nadd.chem.registry.parse(text).mol) or use "
                 "fingerprint_smiles() for SMILES strings")
    if not mols:
        return np.zeros((0, WORDS), np.uint64)
    return _pack(_generator().GetFingerprints(mols, numThreads=1))


def fingerprint(mol: Chem.Mol) -> np.ndarray:
    """One molecule's fingerprint, shape ``(32,)``."""
    return fingerprints([mol])[0]


def _parse_reason(smiles: str) -> str:
    """RDKit's own message for an unreadable SMILES (only asked on the failure path)."""
    with rdBase.CaptureErrorLog() as log:
        Chem.MolFromSmiles(smiles)
    lines = [ln.split("] ", 1)[-1].strip() for ln in log.messages.splitlines() if ln.strip()]
    return "; ".join(dict.fromkeys(lines[:3])) or "RDKit could not read it"


def _fingerprint_batch(smiles: list[str]) -> tuple[np.ndarray, list[int]]:
    with rdBase.BlockLogs():
        mols = [Chem.MolFromSmiles(s) if isinstance(s, str) and s.strip() else None for s in smiles]
    bad = [i for i, m in enumerate(mols) if m is None]
    ok = [m for m in mols if m is not None]
    fps = np.zeros((len(smiles), WORDS), np.uint64)
    if ok:
        mask = np.ones(len(smiles), bool)
        mask[bad] = False
        fps[mask] = _pack(_generator().GetFingerprints(ok, numThreads=1))
    return fps, bad


def fingerprint_smiles(smiles: Iterable[str], *, strict: bool = True, processes: int = 1,
                       source: str = "<smiles>") -> np.ndarray:
    """Fingerprints of SMILES strings, read as given (no salt stripping), shape ``(n, 32)``.

    ``strict``: raise :class:`~nadd.errors.ValidationFailed` naming every unreadable row
    (1-based) with RDKit's reason; otherwise such rows get an all-zero fingerprint (similarity
    0.0 to everything). ``processes`` > 1 fingerprints batches in worker processes. A progress
    bar shows on a terminal when the work takes over a second.
    """
    from nadd.ingest.progress import progress

    smiles = list(smiles)
    batches = [smiles[i:i + BATCH] for i in range(0, len(smiles), BATCH)]
    parts: list[np.ndarray] = []
    bad: list[int] = []
    with progress("fingerprinting", total=len(smiles)) as bar:
        if processes > 1 and len(batches) > 1:
            from concurrent.futures import ProcessPoolExecutor
            from multiprocessing import get_context

            with ProcessPoolExecutor(processes, mp_context=get_context("spawn")) as pool:
                results = pool.map(_fingerprint_batch, batches, chunksize=4)
                for i, (fps, b) in enumerate(results):
                    parts.append(fps)
                    bad += [i * BATCH + j for j in b]
                    bar.advance(len(fps))
        else:
            for i, batch in enumerate(batches):
                fps, b = _fingerprint_batch(batch)
                parts.append(fps)
                bad += [i * BATCH + j for j in b]
                bar.advance(len(batch))
    if bad and strict:
        raise ValidationFailed([
            Failure(source, i + 1, "smiles", None if smiles[i] is None else str(smiles[i]),
                    "a SMILES string RDKit can read",
                    hint=(_parse_reason(smiles[i]) if isinstance(smiles[i], str) else "empty")
                    + "; fix or drop the row, or pass strict=False to give it an empty fingerprint")
            for i in bad[:100]], source=source)
    return np.concatenate(parts) if parts else np.zeros((0, WORDS), np.uint64)


def to_bitvects(fps: np.ndarray) -> list[Any]:
    """The same fingerprints as RDKit ``ExplicitBitVect`` objects (for RDKit's own functions)."""
    fps = _as_fingerprints(fps, "fps")
    return [DataStructs.CreateFromBinaryText(row.astype("<u8").tobytes()) for row in fps]


def from_bitvects(bitvects: Iterable[Any]) -> np.ndarray:
    """RDKit ``ExplicitBitVect`` objects of 2,048 bits back to a ``(n, 32)`` uint64 array."""
    bitvects = list(bitvects)
    wrong = [i for i, b in enumerate(bitvects)
             if not isinstance(b, DataStructs.ExplicitBitVect) or b.GetNumBits() != NBITS]
    if wrong:
        raise FingerprintError(f"item {wrong[0]} is not a {NBITS}-bit ExplicitBitVect",
                               hint=f"make fingerprints with fpSize={NBITS}, or use fingerprints()")
    return _pack(bitvects) if bitvects else np.zeros((0, WORDS), np.uint64)


def popcounts(fps: np.ndarray) -> np.ndarray:
    """Bits set per fingerprint (int32)."""
    return np.bitwise_count(_as_fingerprints(fps, "fps")).sum(axis=1, dtype=np.int32)


def tanimoto(query: np.ndarray, fps: np.ndarray) -> np.ndarray:
    """Plain row-wise Tanimoto of one fingerprint against ``fps`` (a simple reference; the index
    is much faster on large sets)."""
    q = _as_query(query)
    fps = _as_fingerprints(fps, "fps")
    common = np.bitwise_count(fps & q).sum(axis=1, dtype=np.int32)
    return _ratio(common, popcounts(fps) + int(np.bitwise_count(q).sum()) - common)


def _ratio(common: np.ndarray, union: np.ndarray) -> np.ndarray:
    # RDKit: x / (y + z - x) in double, and 0.0 when both fingerprints are empty.
    out = np.zeros(len(common), np.float64)
    np.divide(common, union, out=out, where=union > 0, dtype=np.float64)
    return out


def _as_fingerprints(fps: Any, what: str) -> np.ndarray:
    if not isinstance(fps, np.ndarray) or fps.ndim != 2 or fps.shape[1] != WORDS \
            or fps.dtype != np.uint64:
        shape = getattr(fps, "shape", None)
        dtype = getattr(fps, "dtype", type(fps).__name__)
        raise FingerprintError(
            f"{what} must be a uint64 array of shape (n, {WORDS}); got {dtype} {shape}",
            hint="make fingerprints with nadd.chem.similarity.fingerprints(mols) or "
                 "fingerprint_smiles(smiles)")
    return np.ascontiguousarray(fps)


def _as_query(q: Any) -> np.ndarray:
    if isinstance(q, DataStructs.ExplicitBitVect):
        return from_bitvects([q])[0]
    if isinstance(q, np.ndarray) and q.shape == (1, WORDS):
        q = q[0]
    if not isinstance(q, np.ndarray) or q.shape != (WORDS,) or q.dtype != np.uint64:
        raise FingerprintError(
            f"a query fingerprint must be a uint64 array of shape ({WORDS},); got "
            f"{getattr(q, 'dtype', type(q).__name__)} {getattr(q, 'shape', '')}".rstrip(),
            hint="use fingerprint(mol), or one row of fingerprints(...)")
    return q


# ---------------------------------------------------------------- index

class FingerprintIndex:
    """Fingerprints with ids, searchable by Tanimoto similarity.

    ``fps``: ``(n, 32)`` uint64 (from :func:`fingerprints`); ``ids``: one per row (default
    ``0..n-1``). The bit-sliced copy is built on the first search (about 5 s per million).
    """

    def __init__(self, fps: np.ndarray, ids: Sequence[Any] | np.ndarray | None = None):
        self.fps = _as_fingerprints(fps, "fps")
        n = len(self.fps)
        self.ids = np.arange(n) if ids is None else np.asarray(ids)
        if self.ids.ndim != 1 or len(self.ids) != n:
            raise FingerprintError(f"{len(self.ids)} ids for {n} fingerprints",
                                   hint="give exactly one id per fingerprint row, in the same order")
        self.counts = popcounts(self.fps)
        self._sorted: tuple | None = None

    def __len__(self) -> int:
        return len(self.fps)

    def _prepared(self) -> tuple:
        """Rows sorted by bit count (stable), their bit columns, the bit-count groups and each
        row's group (in row order)."""
        if self._sorted is None:
            from nadd.ingest.progress import progress

            with progress(f"indexing {len(self):,} fingerprints"):
                order = np.argsort(self.counts, kind="stable")
                counts = self.counts[order]
                cols = _bitslice.bit_columns(self.fps[order])
                values, starts = np.unique(counts, return_index=True)
                group = np.searchsorted(values, self.counts).astype(np.int32)
            self._sorted = (order, counts, cols, values, starts, group)
        return self._sorted

    # -- similarities of every row

    def similarities(self, query: Any) -> np.ndarray:
        """Tanimoto of ``query`` to every row, in row order (float64, RDKit's numbers)."""
        q = _as_query(query)
        n = len(self)
        qbits = np.flatnonzero(np.unpackbits(q.astype("<u8").view(np.uint8), bitorder="little"))
        if n == 0 or len(qbits) == 0:
            return np.zeros(n, np.float64)
        order, _, cols, values, _, group = self._prepared()
        qc = len(qbits)
        common = np.empty(n, np.uint16)
        common[order] = _bitslice.common_counts(cols, qbits, 0, cols.shape[1])[:n]
        # Tanimoto depends only on (bit count, common count): one division per pair of
        # those (a small table, RDKit's formula), then a gather - half the time of n divisions
        c = np.arange(qc + 1)
        with np.errstate(divide="ignore", invalid="ignore"):  # c > |a| cells are never read
            table = c[None, :] / (values[:, None] + qc - c[None, :]).astype(np.float64)
        at = group * np.int32(qc + 1)
        at += common
        return np.take(table.reshape(-1), at)

    # -- search

    def search(self, query: Any, k: int | None = 10, threshold: float = 0.0) -> list[tuple[Any, float]]:
        """The ``k`` most similar rows (all if ``k`` is None) with similarity >= ``threshold``,
        as ``(id, similarity)``, highest first; ties in row order."""
        k, threshold = _check_k_threshold(k, threshold)
        rows, sims = self._search_rows(_as_query(query), k, threshold)
        return [(self.ids[r].item(), float(s)) for r, s in zip(rows, sims)]

    def search_many(self, queries: np.ndarray, k: int | None = 10, threshold: float = 0.0,
                    *, workers: int = 1) -> list[list[tuple[Any, float]]]:
        """:meth:`search` for every row of ``queries`` (``(m, 32)``); ``workers`` > 1 searches in
        threads (numpy releases the GIL in the bitwise work)."""
        queries = _as_fingerprints(queries, "queries")
        k, threshold = _check_k_threshold(k, threshold)
        if len(queries) and len(self):
            self._prepared()  # once, not in every thread

        def one(q: np.ndarray) -> list[tuple[Any, float]]:
            rows, sims = self._search_rows(q, k, threshold)
            return [(self.ids[r].item(), float(s)) for r, s in zip(rows, sims)]

        if workers > 1 and len(queries) > 1:
            with ThreadPoolExecutor(workers) as pool:
                return list(pool.map(one, queries))
        return [one(q) for q in queries]

    def _search_rows(self, q: np.ndarray, k: int | None, threshold: float) -> tuple[np.ndarray, np.ndarray]:
        n = len(self)
        qbits = np.flatnonzero(np.unpackbits(q.astype("<u8").view(np.uint8), bitorder="little"))
        qc = len(qbits)
        if n == 0 or k == 0:
            return np.zeros(0, np.int64), np.zeros(0)
        if qc == 0:  # an empty query is 0.0 to everything (RDKit)
            if threshold > 0:
                return np.zeros(0, np.int64), np.zeros(0)
            rows = np.arange(n if k is None else min(k, n))
            return rows, np.zeros(len(rows))
        order, counts, cols, values, starts, _ = self._prepared()
        lo, hi = 0, n
        if threshold > 0:  # T <= min(|a|, |q|) / max(|a|, |q|): rows outside cannot reach it
            lo = int(np.searchsorted(counts, np.floor(threshold * qc) - 1, side="left"))
            hi = int(np.searchsorted(counts, np.ceil(qc / threshold) + 1, side="right"))
        if lo >= hi:
            return np.zeros(0, np.int64), np.zeros(0)
        w0, w1 = lo // 64, -(-hi // 64)
        common = _bitslice.common_counts(cols, qbits, w0, w1)[lo - w0 * 64: hi - w0 * 64]
        cand = self._candidates(common, counts[lo:hi], values, starts, lo, hi, qc, k, threshold)
        c = common[cand]
        sims = _ratio(c, counts[lo:hi][cand] + qc - c)
        keep = sims >= threshold
        rows, sims = order[lo + cand[keep]], sims[keep]
        if k is not None and len(sims) > k:  # keep the k best (with every tie of the k-th)
            kth = -np.partition(-sims, k - 1)[k - 1]
            keep = sims >= kth
            rows, sims = rows[keep], sims[keep]
        best = np.lexsort((rows, -sims))[: len(rows) if k is None else k]
        return rows[best], sims[best]

    @staticmethod
    def _candidates(common, counts, values, starts, lo, hi, qc, k, threshold) -> np.ndarray:
        """Positions (in lo..hi) that can reach the result: within a bit-count group the
        similarity grows with the common count, so each group needs a least count."""
        gi = np.flatnonzero((values >= counts[0]) & (values <= counts[-1]))
        g_values = values[gi]
        g_starts = np.maximum(starts[gi] - lo, 0)
        g_sizes = np.diff(np.append(g_starts, hi - lo))
        bound = threshold
        if k is not None and len(gi) >= k:
            # the best row of each group: k rows at least this similar exist
            best = np.maximum.reduceat(common, g_starts).astype(np.int64)
            g_best = _ratio(best, g_values + qc - best)
            bound = max(bound, float(-np.partition(-g_best, k - 1)[k - 1]))
        if bound <= 0:
            return np.arange(hi - lo)
        # least c with c / (g + qc - c) >= bound, checked in float64 like the final numbers
        est = np.floor(bound * (g_values + qc) / (1 + bound)).astype(np.int64)
        need = np.full(len(gi), 1 << 15, np.int64)
        for d in (2, 1, 0, -1, -2):
            c = np.clip(est + d, 1, np.minimum(g_values, qc))
            ok = _ratio(c, g_values + qc - c) >= bound
            need = np.where(ok, np.minimum(need, c), need)
        return np.flatnonzero(common >= np.repeat(need.astype(np.uint16), g_sizes))

    # -- files

    def save(self, path: str | Path) -> Path:
        """Write fingerprints and ids to an ``.npz`` file (uncompressed: loads fast)."""
        path = Path(path)
        ids = self.ids if self.ids.dtype.kind in "iuU" else self.ids.astype(str)
        np.savez(path, fps=self.fps, ids=ids, version=np.array([1, RADIUS, NBITS]))
        return path if path.suffix == ".npz" else path.with_name(path.name + ".npz")

    @classmethod
    def load(cls, path: str | Path) -> FingerprintIndex:
        """Read an index written by :meth:`save`."""
        path = Path(path)
        try:
            with np.load(path, allow_pickle=False) as z:
                version, fps, ids = z["version"], z["fps"], z["ids"]
        except (OSError, KeyError, ValueError) as e:
            raise FingerprintError(f"{path}: not a fingerprint index ({e})",
                                   hint="give a file written by FingerprintIndex.save") from e
        if tuple(version[1:]) != (RADIUS, NBITS):
            raise FingerprintError(f"{path}: fingerprints of radius {version[1]}, {version[2]} bits",
                                   hint=f"rebuild the index (radius {RADIUS}, {NBITS} bits)")
        return cls(fps, ids)


def _check_k_threshold(k: Any, threshold: Any) -> tuple[int | None, float]:
    if k is not None and (isinstance(k, bool) or not isinstance(k, (int, np.integer)) or k < 0):
        raise FingerprintError(f"k must be a whole number >= 0 or None; got {k!r}",
                               hint="k=10 for the ten nearest, k=None for every row above the threshold")
    if isinstance(threshold, bool) or not isinstance(threshold, (int, float, np.floating)) \
            or not 0.0 <= float(threshold) <= 1.0:
        raise FingerprintError(f"threshold must be a number from 0 to 1; got {threshold!r}",
                               hint="Tanimoto similarity runs from 0 (nothing shared) to 1 (same bits)")
    return (None if k is None else int(k)), float(threshold)
