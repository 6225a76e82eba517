"""NFLIS public Table 3: state counts of fentanyl and fentanyl-related substances, one file a year.

The published sheet prints the states in stacked blocks (about 13 states each), one under the
other: each block starts with a header row whose first cell is ``Drug`` (``State`` in the later
blocks of 2018) followed by state names, then one row per substance. Title lines come first,
footnotes (``ANPP=...``, ``Source: ...``) and blank padding rows come last. The 2022 edition is
an .xlsx with the same layout on its first sheet.

Tables are fixed at publication, so each file's vintage is its "Data generated" date.
"""

from __future__ import annotations

import csv
import io
import re
from functools import lru_cache
from datetime import date
from pathlib import Path

import pandas as pd

from nadd.errors import Failure, NotFound, ValidationFailed
from nadd.ingest.adapter import Adapter, Rows, SourceFile
from nadd.ingest.readers import decode, logical_name, normalise_newlines, read_bytes
from nadd.ingest.values import EXPECTED_NUMBER, BadValue, parse_value
from nadd.model import jurisdictions
from nadd.model.periods import year

BLOCK_HEADERS = {"drug", "state"}
ISOMER = re.compile(r"(\d+-|cis-\d+-|trans-\d+-|ortho-|meta-|para-|beta-|iso)")  # prefix of an isomer name
TITLE = re.compile(r"^Table 3\..*?(\d{4})\s*$")
# "Data generated" dates printed under each table: the release date of that edition.
GENERATED = {2017: date(2018, 8, 7), 2018: date(2019, 9, 5), 2019: date(2020, 7, 21),
             2020: date(2021, 7, 21), 2021: date(2022, 8, 1), 2022: date(2023, 8, 18)}


def _spec(y: int, ext: str) -> SourceFile:
    # Publisher names vary by year ("2017NFLISWebsiteTable3.csv", "NFLISPublicData_2019_Table3.csv").
    return SourceFile(f"NFLIS_Table3_fentanyl_related_by_state_{y}.{ext}", GENERATED[y],
                      pattern=f"*{y}*Table3*.{ext}")


class NflisTables(Adapter):
    id = "nflis_tables"
    title = "NFLIS-Drug Table 3: state counts of fentanyl and fentanyl-related substances"
    publisher = "U.S. Drug Enforcement Administration, Diversion Control Division (NFLIS-Drug)"
    owner_agency = "DEA-NFLIS"
    country = "US"
    licence = "US public domain (17 U.S.C. 105)"
    url = "https://www.nflis.deadiversion.usdoj.gov/publicationsRedesign.xhtml"
    files = tuple(_spec(y, "csv") for y in range(2017, 2022)) + (_spec(2022, "xlsx"),)

    def parse(self, path: Path, rows: Rows) -> None:
        lines = read_lines(path)
        period = year(table_year(lines, rows.file))
        found: dict[tuple[str, str], list[tuple[int, str, str]]] = {}
        header: dict[str, str] = {}  # jurisdiction -> its column name, for messages
        for n, drug, state, text in cells(lines, rows):
            where = _state(state)
            substance = _substance(drug)
            if where is None:
                rows.fail(n, state, state, "a US state name in the block header",
                          "spell the state as in the other blocks, e.g. District of Columbia")
                continue
            if substance is None:
                rows.fail(n, "Drug", drug, "a fentanyl-related substance known to nadd",
                          "add the name as a synonym in nadd/reference/substances/")
                continue
            found.setdefault((where, substance), []).append((n, drug, text))
            header[where] = state
        for (where, substance), cells_ in found.items():
            self._add(rows, where, header[where], substance, period, cells_)

    @staticmethod
    def _add(rows: Rows, where: str, state: str, substance: str, period,
             cells_: list[tuple[int, str, str]]) -> None:
        """One value per substance: rows naming it differently (2021 prints both
        "3-Fluorofentanyl" and "meta-Fluorofentanyl") are separate reports, so they are summed."""
        n, drug, text = cells_[0]
        names = [d for _, d, _ in cells_]
        if len(set(names)) < len(names):
            rows.fail(cells_[1][0], "Drug", drug, "each substance once per block",
                      f"the row also appears on line {n}; remove the repeated row")
            return
        if len(cells_) == 1:
            rows.add(row=n, indicator="lab_reports", jurisdiction=where, period=period,
                     substance=substance, unit="count", value=text, column=state)
            return
        total = 0.0
        for m, name, cell in cells_:
            try:
                value, _ = parse_value(cell)
            except BadValue:
                rows.fail(m, state, cell, EXPECTED_NUMBER, "correct the count")
                return
            total += value or 0.0
        rows.add(row=n, indicator="lab_reports", jurisdiction=where, period=period,
                 substance=substance, unit="count", value=total, column=state,
                 note="sum of rows " + ", ".join(f"{d!r} (line {m})" for m, d, _ in cells_))


def read_lines(path: Path) -> list[tuple[int, list[str]]]:
    """(1-based line or sheet row, cells as stripped text) for every row of the file."""
    if logical_name(path).endswith(".xlsx"):
        raw = pd.read_excel(io.BytesIO(read_bytes(path)), sheet_name=0, header=None, dtype=object, engine="calamine")
        return [(i + 1, [_text(v) for v in r]) for i, r in enumerate(raw.itertuples(index=False))]
    text, _ = decode(read_bytes(path))
    lines = normalise_newlines(text).split("\n")
    return [(i + 1, [c.strip() for c in next(csv.reader([line]), [])]) for i, line in enumerate(lines)]


def _text(v: object) -> str:
    if v is None or (isinstance(v, float) and pd.isna(v)):
        return ""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v).strip()


def table_year(lines: list[tuple[int, list[str]]], file: str) -> int:
    """The year in the title line, e.g. 'Table 3. State Counts for ...: 2017'."""
    for n, cols in lines[:5]:
        m = TITLE.match(cols[0]) if cols else None
        if m:
            return int(m[1])
    raise ValidationFailed([Failure(file, 1, None, lines[0][1][0] if lines and lines[0][1] else "",
                                    "a title 'Table 3. ...: YYYY' in the first lines",
                                    "check this is an NFLIS Table 3 file; restore its title line")])


def cells(lines: list[tuple[int, list[str]]], rows: Rows):
    """Yield (line, substance name, state name, cell text) for every cell of every block.

    A block runs from its header row to the first row that is not a substance row: a blank
    row or a footnote (text in the first cell only). Rows with numbers outside any block are
    reported, not silently dropped.
    """
    states: list[tuple[int, str]] | None = None
    totals = group_totals(lines)
    for n, cols in lines:
        first = cols[0] if cols else ""
        if first.lower() in BLOCK_HEADERS:
            states = [(j, s) for j, s in enumerate(cols) if j > 0 and s]
            continue
        if not any(cols[1:]):  # blank row or footnote: the block is over
            states = None
            continue
        if states is None or not first:
            rows.fail(n, None, first, "a substance row inside a block under a 'Drug' header",
                      "restore the block's header row (Drug, state names...) or the substance name")
            states = None  # what follows cannot be placed either
            continue
        if n in totals:
            continue
        for j, state in states:
            yield n, first, state, cols[j] if j < len(cols) else ""


def group_totals(lines: list[tuple[int, list[str]]]) -> set[int]:
    """Lines of isomer-group totals, which the 2022 edition prints above their isomers.

    "Fluorofentanyl" there is the sum of "Fluorofentanyl (unspecified isomer)", ortho-, meta-
    and para-Fluorofentanyl, and "Methylfentanyl" the sum of 3-, cis-3- and trans-3-Methyl-
    fentanyl. The taxonomy's ``fluorofentanyl``/``methylfentanyl`` are the unspecified isomers,
    so a total would be misfiled as one; it is left out (it is the roll-up of rows kept).
    A group total is a row followed by its own name with an isomer prefix, or by
    "<name> (unspecified isomer)" within three rows.
    """
    names = [(n, c[0].strip().lower()) for n, c in lines if c and c[0].strip()]
    out = set()
    for i, (n, name) in enumerate(names):
        ahead = [a for _, a in names[i + 1:i + 4]]  # isomers follow within three rows
        if f"{name} (unspecified isomer)" in ahead or (
                ahead and ahead[0] != name and ISOMER.fullmatch(ahead[0].removesuffix(name))):
            out.add(n)
    return out


@lru_cache(maxsize=256)
def _state(name: str) -> str | None:
    try:
        return jurisdictions.by_name("US", name)
    except NotFound:
        return None


def _substance(name: str) -> str | None:
    from nadd.model import substances

    clean = re.sub(r"\)\d+$", ")", name.strip())  # footnote mark: "(unspecified)1"
    clean = re.sub(r"(?<=\d)\?(?=-)", "'", clean)  # lost prime in 2020: "4?-Methyl"
    return substances.try_by_name(clean)
