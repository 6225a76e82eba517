"""CDC WONDER Multiple Cause of Death 1999-2020: drug-induced deaths by ICD-10 T-code, 2013-2020.

Ten WONDER "export" text files (tab-separated, quoted cells, a "Notes" column, a footer that
starts at a "---" line and documents the query). Each file is one query; the T-codes it counts
are read from the footer's "MCD - ICD-10 Codes:" line, so a re-run of the same query under
another name loads the same way. Every row gives Deaths, Population and Crude Rate:

- Deaths -> drug_deaths (count); Crude Rate -> death_rate (per_100k, crude, as published);
  Population -> population (person). Population is the same bridged-race figure in every
  file of a grouping; the loader keeps one copy (same key and vintage).
- The state x year file for T40.1 OR T40.2 OR T40.4 OR T43.6 counts each death once, whatever
  number of those codes it carries, so it maps to the group id icd-t40.1-t40.2-t40.4-t43.6 and
  never to the four single codes (adding those up would double count).
- "Total" rows are kept only for the national yearly figure (sex all), which no other row
  gives; the grand total over 2013-2020 has no period type and is skipped.
- 'Suppressed' (< 10 deaths) -> suppressed; 'Unreliable' rates (< 20 deaths) are not
  published, so the rate is not_available with a note saying why.
WONDER 1999-2020 data are final: status reported. Every query also selects the underlying
cause "Drug-induced causes", which is broader than the usual overdose codes (X40-X44, X60-X64,
X85, Y10-Y14): these counts are close to, not equal to, overdose deaths by T-code.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from nadd.errors import Failure, ValidationFailed
from nadd.ingest.adapter import Adapter, Rows, SourceFile
from nadd.ingest.readers import Sheet, check_columns, read_csv
from nadd.model import jurisdictions
from nadd.model.periods import year

# No release date in PROVENANCE: vintage is the extraction commit date (dorsogna/drugs).
VINTAGE = date(2023, 2, 6)
_NAMES = [
    "wonder_mcd_T40.1-2-4_T43.6_state_year_2013_2020.txt",
    "wonder_mcd_T40.4_state_year_2013_2020.txt",
    *[f"wonder_mcd_{c}_{g}_sex_year_2013_2020.txt"
      for c in ("T40.1", "T40.2", "T40.4", "T43.6") for g in ("state", "national")],
]
FILES = tuple(SourceFile(n, VINTAGE, pattern="wonder_mcd_*.txt") for n in _NAMES)

# The set of MCD T-codes a query selects (OR) -> nadd substance id.
SUBSTANCES = {
    frozenset({"T40.1"}): "icd-t40.1",
    frozenset({"T40.2"}): "icd-t40.2",
    frozenset({"T40.4"}): "icd-t40.4",
    frozenset({"T43.6"}): "icd-t43.6",
    frozenset({"T40.1", "T40.2", "T40.4", "T43.6"}): "icd-t40.1-t40.2-t40.4-t43.6",
}
SEXES = {"F": "female", "M": "male"}
UNRELIABLE = "Unreliable: CDC WONDER does not publish rates computed from 20 deaths or fewer"
_TCODE = re.compile(r"\bT\d{2}\.\d\b")


def read_export(path: Path) -> Sheet:
    """The data rows of a WONDER export (tab-separated); the footer, from its first '---' line
    (quoted or not), is cut off and kept in ``Sheet.footer`` for the query's T-codes."""
    return read_csv(path, required=["Notes", "Year Code", "Deaths", "Population"], sep="\t",
                    is_footer=lambda cells: cells[0].lstrip('"').startswith("---"))


def query_codes(footer: list[str]) -> tuple[frozenset[str], int | None]:
    """T-codes of the footer's 'MCD - ICD-10 Codes:' line (it may wrap), and its offset."""
    for i, line in enumerate(footer):
        if "MCD - ICD-10 Codes:" in line:
            block = line
            for nxt in footer[i + 1:i + 4]:  # continuation lines until the next "Key: value"
                if re.match(r'^"?[A-Z][\w /-]*:', nxt.strip()):
                    break
                block += " " + nxt
            return frozenset(_TCODE.findall(block)), i
    return frozenset(), None


class CdcWonder(Adapter):
    id = "cdc_wonder"
    title = "CDC WONDER Multiple Cause of Death, drug-induced deaths by T-code, 2013-2020"
    publisher = "CDC National Center for Health Statistics (NVSS, via CDC WONDER)"
    owner_agency = "CDC-NCHS"
    country = "US"
    licence = "US public domain, subject to the CDC WONDER data-use restrictions"
    url = "http://wonder.cdc.gov/mcd-icd10.html"
    files = FILES

    def parse(self, path: Path, rows: Rows) -> None:
        sheet = read_export(path)
        # No footer: name the line where it should start, after the last data row.
        footer_line = sheet.footer_row or (sheet.rows[-1] + 1 if sheet.rows else 1)
        substance = self._substance(sheet.file, sheet.footer, footer_line)
        check_columns(sheet, ["Notes", "Year Code", "Deaths", "Population", "Crude Rate"])
        by_state = "State Code" in sheet.frame.columns
        by_sex = "Gender Code" in sheet.frame.columns
        for i, r in enumerate(sheet.frame.to_dict("records")):
            n = sheet.row_of(i)
            notes = r["Notes"].strip()
            if notes == "Total" and (by_state or not r["Year Code"].strip()):
                continue  # state totals are given by other rows/files; 2013-2020 has no period
            total = notes == "Total"
            where = "US" if not by_state else self._state(rows, n, r["State Code"])
            period = self._year(rows, n, r["Year Code"])
            sex = "all" if total or not by_sex else self._sex(rows, n, r["Gender Code"])
            if where is None or period is None or sex is None:
                continue
            note = notes if notes and not total else None
            common = dict(row=n, jurisdiction=where, period=period, sex=sex)
            rows.add(**common, indicator="drug_deaths", substance=substance, unit="count",
                     value=r["Deaths"], column="Deaths", note=note)
            rows.add(**common, indicator="population", unit="person",
                     value=r["Population"], column="Population")
            rate = r["Crude Rate"].strip()
            rows.add(**common, indicator="death_rate", substance=substance, unit="per_100k",
                     value=rate, column="Crude Rate",
                     note=UNRELIABLE if rate.lower() == "unreliable" else "crude rate")

    @staticmethod
    def _substance(file: str, footer: list[str], footer_line: int) -> str:
        codes, at = query_codes(footer)
        found = SUBSTANCES.get(codes)
        if found is None:
            raise ValidationFailed([Failure(
                file, footer_line + (at or 0), None, ", ".join(sorted(codes)) or None,
                "an 'MCD - ICD-10 Codes:' footer line selecting "
                + " | ".join(", ".join(sorted(k)) for k in SUBSTANCES),
                "export the WONDER query with its footer (Show Query Parameters), or add the "
                "code set to SUBSTANCES in nadd/ingest/sources/cdc_wonder.py")])
        return found

    @staticmethod
    def _state(rows: Rows, n: int, code: str) -> str | None:
        found = jurisdictions.try_by_code("fips_state", code.strip())
        if found is None:
            rows.fail(n, "State Code", code, "a 2-digit state FIPS code", "e.g. 01 for Alabama")
        return found

    @staticmethod
    def _year(rows: Rows, n: int, text: str):
        t = text.strip()
        if not (t.isdigit() and len(t) == 4):
            rows.fail(n, "Year Code", text, "a 4-digit year", "e.g. 2019")
            return None
        return year(int(t))

    @staticmethod
    def _sex(rows: Rows, n: int, code: str) -> str | None:
        found = SEXES.get(code.strip())
        if found is None:
            rows.fail(n, "Gender Code", code, "F or M", "WONDER gender codes are F and M")
        return found
