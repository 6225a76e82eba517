"""Read a published file into a table of text cells, whatever its encoding, line endings,
title rows or footers. Returns where each row came from so errors can name it.

Every cell is read as text: numbers are parsed later, on purpose (see values.py).
"""

from __future__ import annotations

import bz2
import gzip
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from nadd.errors import Failure, ValidationFailed

# Tried in order when the file does not say; latin-1 never fails, so it is last.
ENCODINGS = ("utf-8", "cp1252", "latin-1")


@dataclass
class Sheet:
    """Cells as text, plus the 1-based line (CSV) or row (spreadsheet) of each data row.

    ``footer`` holds the text lines cut by ``read_csv(is_footer=...)``, from its first line
    (1-based ``footer_row``) to the end of the file, for sources that document the query there.
    """

    frame: pd.DataFrame
    rows: list[int]
    encoding: str
    file: str
    footer: list[str] = field(default_factory=list)
    footer_row: int | None = None

    def row_of(self, i: int) -> int:
        return self.rows[i]


def read_bytes(path: Path) -> bytes:
    data = path.read_bytes()
    if path.suffix == ".gz":
        return gzip.decompress(data)
    if path.suffix == ".bz2":
        return bz2.decompress(data)
    return data


def decode(data: bytes, encoding: str | None = None) -> tuple[str, str]:
    """Text and the encoding used. A BOM wins; then the declared encoding; then ENCODINGS."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    for enc in ([encoding] if encoding else []) + list(ENCODINGS):
        try:
            return data.decode(enc), enc
        except UnicodeDecodeError:
            continue
    raise AssertionError("latin-1 decodes any bytes")  # pragma: no cover


def normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def logical_name(path: Path) -> str:
    """File name as published (bundled snapshots are compressed: drop .gz/.bz2)."""
    name = path.name
    for ext in (".gz", ".bz2"):
        name = name.removesuffix(ext)
    return name


def read_csv(
    path: Path,
    *,
    required: Sequence[str] = (),
    encoding: str | None = None,
    sep: str | None = None,
    is_footer: Callable[[list[str]], bool] | None = None,
) -> Sheet:
    """Read a delimited file. The header is the first line holding every ``required`` column
    (so title rows above it are skipped); rows from the first ``is_footer`` match are dropped,
    and their text lines kept in ``Sheet.footer``.
    """
    text, enc = decode(read_bytes(path), encoding)
    lines = normalise_newlines(text).split("\n")
    name = logical_name(path)
    header_at = _find_header(lines, required, sep, name)
    body = "\n".join(lines[header_at:])
    if sep is None:
        sep = "\t" if lines[header_at].count("\t") > lines[header_at].count(",") else ","
    frame = pd.read_csv(
        io.StringIO(body), sep=sep, dtype=object, keep_default_na=False, na_filter=False,
        skip_blank_lines=False, quotechar='"',
    )
    frame.columns = [str(c).strip().strip('"') for c in frame.columns]
    rows = [header_at + 2 + i for i in range(len(frame))]  # 1-based, after the header line
    cells = frame.to_numpy(dtype=object)  # row access on a numpy array, not pandas .iloc (100x faster)
    keep = [i for i, row in enumerate(cells) if any(str(v).strip() for v in row)]
    footer_row = None
    if is_footer is not None:
        for j, i in enumerate(keep):
            if is_footer([str(v) for v in cells[i]]):
                footer_row, keep = rows[i], keep[:j]
                break
    frame = frame.iloc[keep].reset_index(drop=True)
    footer = lines[footer_row - 1 :] if footer_row is not None else []
    return Sheet(frame, [rows[i] for i in keep], enc, name, footer, footer_row)


def _find_header(lines: list[str], required: Sequence[str], sep: str | None, name: str) -> int:
    if not required:
        return 0
    want = [r.lower() for r in required]
    for i, line in enumerate(lines[:50]):
        low = line.lower()
        if all(w in low for w in want):
            return i
    raise ValidationFailed(
        [Failure(name, 1, None, lines[0][:80] if lines else "", f"a header with columns {list(required)}",
                 "check that this is the right file for this source, or fix the header row")]
    )


def read_excel(path: Path, *, required: Sequence[str] = (), sheet: str | int = 0) -> Sheet:
    """Read one worksheet; the header is the first row holding every ``required`` column."""
    name = logical_name(path)
    # calamine (Rust) reads a 15k-row sheet ~8x faster than openpyxl, with the same cells.
    raw = pd.read_excel(io.BytesIO(read_bytes(path)), sheet_name=sheet, header=None, dtype=object,
                        engine="calamine")
    header_at = 0
    if required:
        want = [r.lower() for r in required]
        for i in range(min(len(raw), 50)):
            cells = " ".join(str(v).lower() for v in raw.iloc[i].tolist() if v is not None)
            if all(w in cells for w in want):
                header_at = i
                break
        else:
            raise ValidationFailed(
                [Failure(name, 1, None, None, f"a header row with columns {list(required)}",
                         "check the sheet name and that the header row is present")]
            )
    cols = [str(c).strip() if c is not None and str(c) != "nan" else f"col{j}"
            for j, c in enumerate(raw.iloc[header_at].tolist())]
    body = raw.iloc[header_at + 1 :].reset_index(drop=True)
    body.columns = cols
    body = body.map(lambda v: "" if v is None or (isinstance(v, float) and pd.isna(v)) else _cell(v))
    keep = [i for i, row in enumerate(body.to_numpy(dtype=object)) if any(row)]
    frame = body.iloc[keep].reset_index(drop=True)
    return Sheet(frame, [header_at + 2 + i for i in keep], "xlsx", name)


def _cell(v: object) -> str:
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    if hasattr(v, "date") and hasattr(v, "year"):
        return v.date().isoformat() if hasattr(v, "hour") else v.isoformat()
    return str(v).strip()


def check_columns(sheet: Sheet, required: Sequence[str]) -> None:
    missing = [c for c in required if c not in sheet.frame.columns]
    if missing:
        raise ValidationFailed(
            [Failure(sheet.file, sheet.rows[0] - 1 if sheet.rows else 1, c, None, "this column",
                     f"columns found: {list(sheet.frame.columns)}; rename or add the column")
             for c in missing]
        )
