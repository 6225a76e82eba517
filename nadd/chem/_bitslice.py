"""Bit-sliced Tanimoto kernel behind :class:`nadd.chem.similarity.FingerprintIndex`.

The index stores, besides the ``(n, 32)`` rows, one packed column of n bits per fingerprint bit
(:func:`bit_columns`). The common-bit count ``|a & q|`` of every row is then the sum of the
query's ~50 columns: carry-save adders (:func:`carry_save`) add them 64 rows per uint64 word,
and an 8x8 bit transpose (:func:`decode`) turns the bit planes into per-row counts.
"""

from __future__ import annotations

import numpy as np

WORDS = 32
NBITS = 64 * WORDS
CHUNK_WORDS = 8192  # 524,288 rows per pass: each bit-sliced vector is 64 KiB, a few fit in L2

_SWAP = [(s, np.uint64(s), np.uint64(m)) for s, m in (
    (32, 0x00000000FFFFFFFF), (16, 0x0000FFFF0000FFFF), (8, 0x00FF00FF00FF00FF),
    (4, 0x0F0F0F0F0F0F0F0F), (2, 0x3333333333333333), (1, 0x5555555555555555))]


def transpose64(a: np.ndarray) -> None:
    """In place: transpose the 64x64 bit matrix held in the last axis (rows of uint64)."""
    lead = a.shape[:-1]
    for s, us, mask in _SWAP:  # swap off-diagonal blocks of size s (Hacker's Delight 7-3)
        v = a.reshape(*lead, 64 // (2 * s), 2, s)
        lo, hi = v[..., 0, :], v[..., 1, :]
        t = np.right_shift(lo, us)
        t ^= hi
        t &= mask
        hi ^= t
        t <<= us
        lo ^= t


def bit_columns(fps: np.ndarray) -> np.ndarray:
    """``cols[b, w]`` bit ``j`` = bit ``b`` of row ``64 w + j`` (rows past the end are 0)."""
    n = len(fps)
    nw = -(-n // 64)
    cols = np.empty((WORDS, 64, nw), np.uint64)
    step = 2048  # words of 64 rows per pass: 32 MiB of scratch
    for w0 in range(0, nw, step):
        w1 = min(nw, w0 + step)
        block = np.zeros(((w1 - w0) * 64, WORDS), np.uint64)
        rows = fps[w0 * 64: w1 * 64]
        block[: len(rows)] = rows
        a = np.ascontiguousarray(block.reshape(w1 - w0, 64, WORDS).transpose(2, 0, 1))
        transpose64(a)  # a[i, w, b] = bits of column 64 i + b over the 64 rows of word w
        cols[:, :, w0:w1] = a.transpose(0, 2, 1)
    return cols.reshape(NBITS, nw)


def carry_save(vectors: list[np.ndarray]) -> list[np.ndarray]:
    """Bit-sliced sum of 1-bit vectors: planes[k] holds bit k of every row's count."""
    planes = []
    level = list(vectors)
    while level:
        carries = []
        while len(level) >= 3:  # full adder: 3 vectors of weight w -> sum (w) + carry (2w)
            a, b, c = level.pop(), level.pop(), level.pop()
            u = np.bitwise_xor(a, b)
            h = np.bitwise_and(a, b)
            h |= np.bitwise_and(u, c)
            u ^= c
            level.append(u)
            carries.append(h)
        if len(level) == 2:
            a, b = level.pop(), level.pop()
            carries.append(np.bitwise_and(a, b))
            level.append(np.bitwise_xor(a, b))
        planes.append(level[0])
        level = carries
    return planes


_T8 = [(np.uint64(7), np.uint64(0x00AA00AA00AA00AA)), (np.uint64(14), np.uint64(0x0000CCCC0000CCCC)),
       (np.uint64(28), np.uint64(0x00000000F0F0F0F0))]


def decode(planes: list[np.ndarray], words: int) -> np.ndarray:
    """Per-row integer counts (uint16) from bit planes, 8 planes at a time by 8x8 bit transpose."""
    out = np.zeros(words * 64, np.uint16)
    for g in range(0, len(planes), 8):
        group = np.zeros((words * 8, 8), np.uint8)  # byte j of every plane side by side
        for k, p in enumerate(planes[g:g + 8]):
            group[:, k] = p.view(np.uint8)
        x = group.view(np.uint64).reshape(-1)
        for sh, mask in _T8:
            t = np.right_shift(x, sh)
            t ^= x
            t &= mask
            x ^= t
            t <<= sh
            x ^= t
        counts = x.view(np.uint8)  # byte i of word j: count bits g..g+7 of row 8 j + i
        if g:
            out += counts.astype(np.uint16) << np.uint16(g)
        else:
            out += counts
    return out


def common_counts(cols: np.ndarray, qbits: np.ndarray, w0: int, w1: int) -> np.ndarray:
    """``|a & q|`` for the rows of words ``w0..w1`` (64 rows per word)."""
    out = np.empty((w1 - w0) * 64, np.uint16)
    for s in range(w0, w1, CHUNK_WORDS):
        e = min(w1, s + CHUNK_WORDS)
        planes = carry_save([cols[b, s:e] for b in qbits])
        out[(s - w0) * 64:(e - w0) * 64] = decode(planes, e - s)
    return out
