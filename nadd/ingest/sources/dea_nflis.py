"""DEA NFLIS-Drug Data Query System (DQS) exports: drug reports by state x half-year x substance.

Two exports of the same query tool, kept as two files of one source:
- a 2026 run (fentanyl and ~124 fentanyl-related substances, 2017-2025);
- a 2023 run (xylazine, fentanyl, heroin, oxycodone, 1997-2022).
Where they overlap (fentanyl 2017-2022) a cell is the same published cell in two releases, so
each file's vintage is its DQS run date: "as of" before 2026-03-03 gives the 2023 counts.

DQS lists salt forms (FENTANYL, FENTANYL HYDROCHLORIDE, ...) as separate SUBSTANCE rows under
one BASE; the adapter sums them per base substance, as NFLIS itself reports by base.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from nadd.ingest.adapter import Adapter, Rows, SourceFile
from nadd.ingest.readers import check_columns, read_csv
from nadd.ingest.values import BadValue, parse_value
from nadd.model import jurisdictions
from nadd.model.periods import Period, half_year
from nadd.model.status import Status

COLUMNS = ["YYYY", "PERIOD", "DRUG_REPORTS", "BASE_DESCRIPTION", "STATE"]
HALF = re.compile(r"^SA([12])\b")  # "SA1 (JAN - JUN)", "SA2 (JUL - DEC)"
UNKNOWN_STATE = "XX"  # DQS code for reports whose state is unknown
# Reports of unknown state are national reports outside every state: US with their own setting,
# so that state rows plus this one add up to the national total.
UNKNOWN_SETTING = "state-unknown"

NEW = SourceFile("NFLIS_Drug_DQS_fentanyl_related_state_halfyear_2017_2025.csv", date(2026, 3, 3),
                 pattern="NFLIS_Drug_DQS_fentanyl_related_state_halfyear_*.csv")
OLD = SourceFile("NFLIS_Drug_DQS_xylazine_fentanyl_heroin_oxycodone_state_halfyear_1997_2022.csv",
                 date(2023, 6, 6), pattern="NFLIS_Drug_DQS_xylazine_*.csv")
# Laboratories report with a lag: the latest half-years of the 2026 run are still filling in.
PROVISIONAL_HALVES = {NEW.name: 3}


@dataclass
class Cell:
    """One (state, half-year, base substance) cell: the sum of its salt-form rows."""

    row: int  # first file line of the cell, for provenance
    total: float = 0.0
    lines: list[int] = field(default_factory=list)


class DeaNflis(Adapter):
    id = "dea_nflis"
    title = "NFLIS-Drug Data Query System: drug reports by state and half-year"
    publisher = "U.S. Drug Enforcement Administration, Diversion Control Division (NFLIS-Drug)"
    owner_agency = "DEA-NFLIS"
    country = "US"
    licence = "US public domain (17 U.S.C. 105)"
    url = "https://www.nflis.deadiversion.usdoj.gov/publicationsRedesign.xhtml"
    files = (NEW, OLD)

    def parse(self, path: Path, rows: Rows) -> None:
        cells: dict[tuple[str, str, Period, str], Cell] = {}
        sheet = read_csv(path)
        check_columns(sheet, COLUMNS)
        for i, r in enumerate(sheet.frame.to_dict("records")):
            n = sheet.row_of(i)
            key = self._key(rows, n, r)
            count = _count(rows, n, r["DRUG_REPORTS"])
            if key is None or count is None:
                continue
            cell = cells.setdefault(key, Cell(n))
            cell.total += count
            cell.lines.append(n)
        provisional = _latest_halves(cells, PROVISIONAL_HALVES.get(rows.file, 0))
        for (where, setting, period, substance), cell in cells.items():
            rows.add(row=cell.row, indicator="lab_reports", jurisdiction=where, period=period,
                     substance=substance, setting=setting, unit="count", value=cell.total,
                     column="DRUG_REPORTS",
                     status=Status.PROVISIONAL if period in provisional else None,
                     note=_note(cell))

    @staticmethod
    def _key(rows: Rows, n: int, r: dict) -> tuple[str, str, Period, str] | None:
        from nadd.model import substances

        state = r["STATE"].strip()
        if state == UNKNOWN_STATE:
            where, setting = "US", UNKNOWN_SETTING
        else:
            where, setting = jurisdictions.try_by_code("usps", state), "all"
            if where is None:
                rows.fail(n, "STATE", state, "a USPS state or territory code (or XX = unknown)",
                          "use two-letter codes such as TX, PR, GU")
        m = HALF.match(r["PERIOD"].strip())
        yyyy = r["YYYY"].strip()
        if m is None or not (yyyy.isdigit() and len(yyyy) == 4):
            bad = "PERIOD" if m is None else "YYYY"
            rows.fail(n, bad, r[bad], "a 4-digit YYYY and PERIOD 'SA1 (JAN - JUN)' or 'SA2 (JUL - DEC)'",
                      "fix the year or the half-year label")
        base = r["BASE_DESCRIPTION"].strip()
        substance = substances.try_by_name(base)
        if substance is None:
            rows.fail(n, "BASE_DESCRIPTION", base, "an NFLIS base substance known to nadd",
                      "add the name as a synonym in nadd/reference/substances/dea_nflis.csv")
        if where is None or m is None or substance is None or not yyyy.isdigit():
            return None
        return where, setting, half_year(int(yyyy), int(m[1])), substance


def _count(rows: Rows, n: int, text: str) -> float | None:
    """DQS counts are whole numbers of reports; zero cells are absent, never blank."""
    try:
        value, status = parse_value(text)
    except BadValue:
        value, status = None, None
    if value is None or value < 0 or value != int(value):
        rows.fail(n, "DRUG_REPORTS", text, "a whole number of drug reports",
                  "DQS exports only positive counts; correct the cell or drop the row")
        return None
    return value


def _latest_halves(cells: dict, k: int) -> set[Period]:
    periods = sorted({key[2] for key in cells})
    return set(periods[-k:]) if k else set()


def _note(cell: Cell) -> str | None:
    if len(cell.lines) == 1:
        return None
    return "sum of rows (salt forms or names of one substance) on lines " + ", ".join(map(str, cell.lines))

