"""Stable record ids: content hashes, equal on every machine that sees the same content.

An id is an RFC 9562 version-8 UUID computed from the record's natural key, so two national
nodes that load the same published cell give it the same id and can exchange records.

How (the spec; ``stable_id`` is the reference implementation, ``content_ids`` the bulk one):

1. each key part becomes text (NULL -> '', dates in ISO form, everything else ``str``), and the
   MD5 of its UTF-8 bytes gives two 64-bit lanes (little-endian halves of the digest); a part that
   is itself a UUID enters by value: its two big-endian halves are the lanes;
2. lane sums over the parts, each part multiplied by an odd constant of its position
   (``_MULT``), modulo 2**64;
3. both sums go through the SplitMix64 finaliser (the second mixed with the first), and the 128
   bits get the UUID version (8) and variant bits.

Why not MD5 over the joined key text (the first design): a bulk load hashes only the distinct
values of each column (a few thousand, not millions of rows), and the rest is integer arithmetic
on whole columns, several times faster (bench/README.md). Ids are fingerprints, not security.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import date

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

SEP = "\x1f"  # kept for other natural-key texts (run ids); not part of the id spec
_U64 = np.uint64
_MASK = (1 << 64) - 1


def _digest_lanes(text: str) -> tuple[int, int]:
    d = hashlib.md5(text.encode("utf-8")).digest()
    return int.from_bytes(d[:8], "little"), int.from_bytes(d[8:], "little")


_MULT = [tuple(x | 1 for x in _digest_lanes(f"nadd-id-part-{i}")) for i in range(64)]


def _text(part: object) -> str:
    if part is None:
        return ""
    if isinstance(part, date):
        return part.isoformat()
    return str(part)


def _part_lanes(part: object) -> tuple[int, int]:
    if isinstance(part, uuid.UUID):
        b = part.bytes
        return int.from_bytes(b[:8], "big"), int.from_bytes(b[8:], "big")
    return _digest_lanes(_text(part))


def _mix(x: int) -> int:
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9 & _MASK
    x = (x ^ (x >> 27)) * 0x94D049BB133111EB & _MASK
    return x ^ (x >> 31)


def _finish(h1: int, h2: int) -> uuid.UUID:
    a = _mix(h1)
    b = _mix(h2 ^ a)
    a = (a & ~(0xF << 12) & _MASK) | (0x8 << 12)  # version 8 (bits 48-51 of the UUID)
    b = (b & ((1 << 62) - 1)) | (0b10 << 62)  # RFC 9562 variant
    return uuid.UUID(bytes=a.to_bytes(8, "big") + b.to_bytes(8, "big"))


def stable_id(*parts: object) -> str:
    """Id of one record from its key parts, in order (canonical UUID text)."""
    if len(parts) > len(_MULT):
        raise ValueError(f"at most {len(_MULT)} key parts")
    h1 = h2 = 0
    for i, p in enumerate(parts):
        a, b = _part_lanes(p)
        h1 = (h1 + a * _MULT[i][0]) & _MASK
        h2 = (h2 + b * _MULT[i][1]) & _MASK
    return str(_finish(h1, h2))


# --- bulk -----------------------------------------------------------------------------------


def _mix_np(x: np.ndarray) -> np.ndarray:
    x = x ^ (x >> _U64(30))
    x *= _U64(0xBF58476D1CE4E5B9)
    x ^= x >> _U64(27)
    x *= _U64(0x94D049BB133111EB)
    x ^= x >> _U64(31)
    return x


def _digests(texts: list[str]) -> np.ndarray:
    """(k, 2) uint64 lanes for each text."""
    raw = b"".join(hashlib.md5(t.encode("utf-8")).digest() for t in texts)
    return np.frombuffer(raw, dtype="<u8").reshape(-1, 2)


def _column_lanes(col: pa.Array | pa.ChunkedArray) -> tuple[np.ndarray, np.ndarray]:
    """Lanes of every value of one column, hashing each distinct value once."""
    if isinstance(col, pa.ChunkedArray):
        col = col.combine_chunks()
    if isinstance(col.type, pa.UuidType):
        raw = np.frombuffer(col.storage.buffers()[1], dtype=">u8", count=2 * len(col), offset=col.offset * 16)
        raw = raw.reshape(-1, 2).astype(_U64)
        return raw[:, 0], raw[:, 1]
    if pa.types.is_date32(col.type):
        days = pc.fill_null(col, -(2**31)).to_numpy(zero_copy_only=False).astype(np.int64)
        lo, hi = days.min(initial=0), days.max(initial=0)
        if hi - lo <= 1_000_000 and lo > -(2**31):
            # dates are few and dense: a lookup table over the span beats a hash table
            present = np.zeros(hi - lo + 1, dtype=bool)
            present[days - lo] = True
            uniq = np.flatnonzero(present)
            lut = np.zeros((hi - lo + 1, 2), dtype=_U64)
            lut[uniq] = _digests([date.fromordinal(719163 + int(d + lo)).isoformat() for d in uniq])
            return lut[days - lo, 0], lut[days - lo, 1]
    if pa.types.is_null(col.type):
        a, b = _digest_lanes("")
        return np.full(len(col), a, dtype=_U64), np.full(len(col), b, dtype=_U64)
    if not pa.types.is_dictionary(col.type):
        col = pc.dictionary_encode(col, null_encoding="encode")
    values = col.dictionary.to_pylist()
    lanes = _digests([_text(v) for v in values] + [""])  # the last row stands for NULL indices
    idx = pc.fill_null(col.indices, len(values)).to_numpy(zero_copy_only=False)
    return lanes[idx, 0], lanes[idx, 1]


def content_ids(parts: Sequence[object], n: int) -> pa.ExtensionArray:
    """``stable_id`` of each of ``n`` rows, as an Arrow UUID array.

    Each part is an Arrow column (one value per row) or a Python value shared by every row.
    Columns are hashed in two threads (Arrow's dictionary encoding releases the GIL).
    """
    if len(parts) > len(_MULT):
        raise ValueError(f"at most {len(_MULT)} key parts")
    h1 = np.zeros(n, dtype=_U64)
    h2 = np.zeros(n, dtype=_U64)
    const1 = const2 = 0
    columns = []
    for i, p in enumerate(parts):
        if isinstance(p, (pa.Array, pa.ChunkedArray)):
            columns.append((i, p))
        else:
            a, b = _part_lanes(p)
            const1 = (const1 + a * _MULT[i][0]) & _MASK
            const2 = (const2 + b * _MULT[i][1]) & _MASK
    with ThreadPoolExecutor(max_workers=2) as pool:
        for (i, _), (a, b) in zip(columns, pool.map(lambda ic: _column_lanes(ic[1]), columns)):
            a *= _U64(_MULT[i][0])
            b *= _U64(_MULT[i][1])
            h1 += a
            h2 += b
    h1 += _U64(const1)
    h2 += _U64(const2)
    a = _mix_np(h1)
    b = _mix_np(h2 ^ a)
    a = (a & _U64(~(0xF << 12) & _MASK)) | _U64(0x8 << 12)
    b = (b & _U64((1 << 62) - 1)) | _U64(0b10 << 62)
    raw = np.empty((n, 2), dtype=">u8")
    raw[:, 0] = a
    raw[:, 1] = b
    storage = pa.FixedSizeBinaryArray.from_buffers(pa.binary(16), n, [None, pa.py_buffer(raw.tobytes())])
    return pa.ExtensionArray.from_storage(pa.uuid(), storage)


def key_and_record_ids(table: pa.Table, columns: Sequence[str], vintage: date | str,
                       constants: dict[str, object] | None = None) -> tuple[pa.Array, pa.Array]:
    """(key_id, id) for every row: key_id over the natural key, id over key_id and the vintage.

    ``constants`` gives key parts shared by every row (e.g. the source id) without a column.
    """
    constants = constants or {}
    parts = [constants[c] if c in constants else table[c] for c in columns]
    key = content_ids(parts, table.num_rows)
    return key, content_ids([key, vintage], table.num_rows)


_HEX = np.frombuffer(b"0123456789abcdef", dtype=np.uint8)
_DASHES = (8, 13, 18, 23)  # positions of '-' in the 36-character canonical form


def as_text(ids: pa.Array | pa.ChunkedArray) -> pa.Array:
    """Canonical UUID text of an Arrow UUID array (what stores return and the API shows)."""
    if isinstance(ids, pa.ChunkedArray):
        ids = ids.combine_chunks()
    n = len(ids)
    raw = np.frombuffer(ids.storage.buffers()[1], dtype=np.uint8, count=16 * n, offset=ids.offset * 16)
    raw = raw.reshape(n, 16)
    hexed = np.empty((n, 32), dtype=np.uint8)
    hexed[:, 0::2] = _HEX[raw >> 4]
    hexed[:, 1::2] = _HEX[raw & 0xF]
    out = np.full((n, 36), ord("-"), dtype=np.uint8)
    keep = [i for i in range(36) if i not in _DASHES]
    out[:, keep] = hexed
    offsets = np.arange(0, 36 * (n + 1), 36, dtype=np.int32)
    text = pa.StringArray.from_buffers(n, pa.py_buffer(offsets), pa.py_buffer(out.tobytes()))
    return pc.if_else(pc.is_valid(ids.storage), text, pa.scalar(None, pa.string())) if ids.null_count else text
