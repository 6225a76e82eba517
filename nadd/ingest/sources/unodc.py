"""UNODC: drug seizures 2018-2022 (World Drug Report annex) and firearms trafficking (IAFQ).

Drug seizures: country x year x drug -> ``seized_quantity`` in kg. Firearms: arms, ammunition,
parts and seizure cases -> ``firearm_seizures``; people arrested / prosecuted, convicted,
targeted for arms trafficking -> ``trafficking_arrests`` / ``trafficking_prosecutions``.
Countries come by ISO3 code; every code in both files is an ISO 3166 country (no Kosovo, no
regional aggregates in these releases), and an unknown code is refused, never dropped.
"""

from __future__ import annotations

import functools
import html
import io
import re
import zipfile
from datetime import date
from decimal import Decimal
from pathlib import Path

import pandas as pd

from nadd.ingest.adapter import Adapter, Rows, SourceFile
from nadd.errors import Failure, ValidationFailed
from nadd.ingest.readers import Sheet, check_columns, logical_name, read_bytes
from nadd.ingest.values import EXPECTED_NUMBER, BadValue, parse_value
from nadd.model import jurisdictions
from nadd.model.periods import year
from nadd.model.status import Status

SEIZURES = SourceFile("drug_seizures_2018_2022.xlsx", date(2024, 11, 13), pattern="drug_seizures_*.xlsx")
FIREARMS = SourceFile("firearms_trafficking_iafq_2004_2023.xlsx", date(2024, 8, 26),
                      pattern="firearms_trafficking_iafq_*.xlsx")

# UNODC drug names the substance reference does not resolve to one id.
DRUG_ALIASES = {
    "3,4-methylenedioxymethamphetamine (MDMA)": "MDMA",
    "Other prescription medicines": "prescription medicines",
}

# IAFQ indicator -> (nadd indicator, setting prefix). The trafficking indicators are about
# ARMS trafficking; the prefix keeps them apart from drug-trafficking counts.
IAFQ = {
    "Arms seized": ("firearm_seizures", ""),
    "Arms found": ("firearm_seizures", "found"),
    "Arms surrendered": ("firearm_seizures", "surrendered"),
    "Ammunition seized": ("firearm_seizures", "ammunition"),
    "Parts and components seized": ("firearm_seizures", "parts-components"),
    "Instances/cases of seizures": ("firearm_seizures", "seizure-cases"),
    "Individuals arrested/suspected for illicit trafficking in weapons": ("trafficking_arrests", "arms-trafficking"),
    "Individuals arrested/suspected": ("trafficking_arrests", "arms-offences"),
    "Individuals prosecuted for illicit trafficking in weapons": ("trafficking_prosecutions", "arms-trafficking"),
    "Individuals convicted for illicit trafficking in weapons":
        ("trafficking_prosecutions", "arms-trafficking:convicted"),
    "Individuals targeted by criminal justice system due to illicit trafficking in weapons":
        ("trafficking_prosecutions", "arms-trafficking:targeted"),
}
SEX = {"na": "all", "total": "all", "male": "male", "female": "female", "unknown": "unknown"}


_SCIENTIFIC = re.compile(r"^[+-]?\d+(\.\d+)?[eE][+-]?\d+$")


def plain_number(text: str) -> str:
    """'3.5e-06' -> '0.0000035': the exports write tiny masses in exponent notation."""
    return format(Decimal(text), "f") if _SCIENTIFIC.match(text.strip()) else text


_ROW = re.compile(rb'<row [^>]*?r="(\d+)"[^>]*?(?:/>|>(.*?)</row>)', re.S)
_CELL = re.compile(rb'<c r="([A-Z]+)\d+"([^>]*?)(?:/>|>(.*?)</c>)', re.S)
_VALUE = re.compile(rb"<v>(.*?)</v>", re.S)
_TEXT = re.compile(rb"<t[^>]*>(.*?)</t>", re.S)
_KIND = re.compile(rb't="(\w+)"')


def read_first_sheet(path: Path, required: list[str]) -> Sheet:
    """First worksheet as text cells, header = first row holding every ``required`` name.

    Same result as readers.read_excel, read straight from the sheet XML: openpyxl takes
    6-12 s on these 15,000-row exports (their dimension tag is wrong), this about 1 s.
    """
    name = logical_name(path)
    with zipfile.ZipFile(io.BytesIO(read_bytes(path))) as z:
        names = z.namelist()
        shared = [_xml_text(b"".join(_TEXT.findall(si))) for si in re.findall(
            rb"<si>(.*?)</si>", z.read("xl/sharedStrings.xml"), re.S)] if "xl/sharedStrings.xml" in names else []
        sheet_xml = z.read(sorted(n for n in names if re.fullmatch(r"xl/worksheets/sheet\d+\.xml", n))[0])
    grid = [(int(r.group(1)), {_column_index(c.group(1)): _cell_text(c.group(2), c.group(3) or b"", shared)
                               for c in _CELL.finditer(r.group(2) or b"")})
            for r in _ROW.finditer(sheet_xml)]
    want = [w.lower() for w in required]
    header = next((i for i, (_, cells) in enumerate(grid[:50])
                   if all(w in " ".join(cells.values()).lower() for w in want)), None)
    if header is None:
        raise ValidationFailed([Failure(name, 1, None, None, f"a header row with columns {required}",
                                        "check that this is the right file and the header row is present")])
    head = grid[header][1]
    columns = [head.get(j, f"col{j}") for j in range(max(head) + 1)]
    body = [(n, cells) for n, cells in grid[header + 1:] if any(cells.values())]
    frame = pd.DataFrame([[cells.get(j, "") for j in range(len(columns))] for _, cells in body],
                         columns=columns, dtype=str)
    return Sheet(frame, [n for n, _ in body], "xlsx", name)


def _cell_text(attrs: bytes, inner: bytes, shared: list[str]) -> str:
    kind = re.search(rb't="(\w+)"', attrs)
    kind = kind.group(1) if kind else b"n"
    if kind == b"inlineStr":
        return _xml_text(b"".join(_TEXT.findall(inner))).strip()
    v = _VALUE.search(inner)
    if v is None:
        return ""
    if kind == b"s":
        return shared[int(v.group(1))].strip()
    text = _xml_text(v.group(1)).strip()
    if kind == b"n":  # numbers: no exponent, no trailing .0 (as readers.read_excel)
        text = plain_number(text)
        text = text[:-2] if text.endswith(".0") else text
    return text


def _xml_text(raw: bytes) -> str:
    return html.unescape(raw.decode("utf-8"))


@functools.lru_cache(maxsize=128)
def _column_index(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n - 1


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


@functools.lru_cache(maxsize=1024)
def substance_of(name: str) -> str | None:
    from nadd.model import substances

    return substances.try_by_name(DRUG_ALIASES.get(name, name))


def drug_role(name: str, subgroup: str) -> str:
    """Setting that keeps UNODC's group totals and residual rows apart from the named drug:
    'Total ATS' and 'Non-specified ATS' both resolve to amphetamine-type-stimulants."""
    low, sub = name.strip().lower(), subgroup.strip().lower()
    if low.startswith("total ") or "(total of the above" in low or sub.startswith("reported total"):
        return "reported-total"
    if low.startswith(("non-specified", "other ")):
        return "residual"
    return "all"


class Unodc(Adapter):
    id = "unodc"
    title = "UNODC drug seizures (WDR 2024 annex) and illicit arms flows (IAFQ)"
    publisher = "United Nations Office on Drugs and Crime"
    owner_agency = "UNODC"
    country = "INT"
    licence = "UNODC terms: reuse with attribution (UNODC, dataUNODC / World Drug Report)"
    url = "https://dataunodc.un.org/"
    files = (SEIZURES, FIREARMS)

    def parse(self, path: Path, rows: Rows) -> None:
        if FIREARMS.matches(path.name):
            self._parse_firearms(path, rows)
        else:
            self._parse_seizures(path, rows)

    @staticmethod
    def _country(rows: Rows, n: int, column: str, code: str) -> str | None:
        found = jurisdictions.try_by_code("iso3", code.strip())
        if found is None:
            rows.fail(n, column, code, "an ISO 3166-1 alpha-3 country code",
                      "fix the code; a non-ISO area (e.g. Kosovo XKX) needs an explicit mapping in unodc.py")
        return found

    @staticmethod
    def _year(rows: Rows, n: int, column: str, text: str):
        if not re.fullmatch(r"(19|20)\d\d", text.strip()):
            rows.fail(n, column, text, "a 4-digit year", "fix the cell")
            return None
        return year(int(text))

    # --- drug seizures ---------------------------------------------------------------------

    def _parse_seizures(self, path: Path, rows: Rows) -> None:
        cols = ["Country", "DrugGroup", "DrugSubGroup", "DrugName", "Reference year", "Kilograms", "msCode"]
        sheet = read_first_sheet(path, ["DrugName", "Kilograms", "msCode"])  # title row above
        check_columns(sheet, cols)
        # Several rows can exist per country x drug x year (reporting sources, conversions),
        # and several UNODC names are one substance (Diazepam, Valium): nadd sums them.
        groups: dict[tuple, list] = {}
        for i, r in enumerate(sheet.frame.to_dict("records")):
            n = sheet.row_of(i)
            where = self._country(rows, n, "msCode", r["msCode"])
            period = self._year(rows, n, "Reference year", r["Reference year"])
            name = r["DrugName"].strip()
            substance = substance_of(name)
            if substance is None:
                rows.fail(n, "DrugName", name, "a drug name known to nadd",
                          "add it as a synonym in nadd/reference/substances/ or to DRUG_ALIASES")
            if where is None or period is None or substance is None:
                continue
            key = (where, period, substance, drug_role(name, r["DrugSubGroup"]))
            groups.setdefault(key, []).append((n, name, r["Kilograms"]))
        for (where, period, substance, role), members in groups.items():
            self._add_sum(rows, where, period, substance, role, members)

    @staticmethod
    def _add_sum(rows: Rows, where, period, substance, role, members) -> None:
        n0 = members[0][0]
        if len(members) == 1:
            rows.add(row=n0, indicator="seized_quantity", jurisdiction=where, period=period,
                     substance=substance, setting=role, unit="kg", value=members[0][2], column="Kilograms")
            return
        values, ok = [], True
        for n, _, cell in members:
            try:
                v, _ = parse_value(cell)
            except BadValue:
                rows.fail(n, "Kilograms", cell, EXPECTED_NUMBER, "correct the cell, or blank it")
                ok = False
                continue
            if v is not None:
                values.append(v)
        if not ok:
            return
        names = sorted({name for _, name, _ in members})
        note = f"sum of {len(members)} UNODC rows" + (f": {'; '.join(names)}" if len(names) > 1 else "")
        rows.add(row=n0, indicator="seized_quantity", jurisdiction=where, period=period,
                 substance=substance, setting=role, unit="kg", value=sum(values) if values else "",
                 column="Kilograms", status=Status.ESTIMATED, note=note[:500])

    # --- firearms (IAFQ) -------------------------------------------------------------------

    def _parse_firearms(self, path: Path, rows: Rows) -> None:
        cols = ["Iso3_code", "Indicator", "Dimension", "Category", "Sex", "Age", "Year",
                "Unit of measurement", "VALUE"]
        sheet = read_first_sheet(path, ["Iso3_code", "Indicator", "VALUE"])  # 2 title rows above
        check_columns(sheet, cols)
        seen: dict[tuple, tuple[int, str]] = {}
        for i, r in enumerate(sheet.frame.to_dict("records")):
            n = sheet.row_of(i)
            where = self._country(rows, n, "Iso3_code", r["Iso3_code"])
            period = self._year(rows, n, "Year", r["Year"])
            mapped = IAFQ.get(r["Indicator"].strip())
            sex = SEX.get(r["Sex"].strip().lower())
            if mapped is None:
                rows.fail(n, "Indicator", r["Indicator"], "an IAFQ indicator", f"known: {', '.join(IAFQ)}")
            if sex is None:
                rows.fail(n, "Sex", r["Sex"], "Total, Male, Female, Unknown or na", "fix the cell")
            if where is None or period is None or mapped is None or sex is None:
                continue
            indicator, prefix = mapped
            parts = [prefix] if prefix else []
            if r["Dimension"].strip().lower() != "total":
                parts += [slug(r["Dimension"].removeprefix("by ")), slug(r["Category"])]
            setting = ":".join(parts) or "all"
            # The export repeats some cells; identical repeats are dropped, and where UNODC
            # gives two values for one cell the first is kept and the other named in its note.
            key = (indicator, where, period, setting, sex)
            if key in seen:
                first_row, first_value = seen[key]
                if r["VALUE"].strip() != first_value.strip():
                    self._note_conflict(rows, first_row, key, n, r["VALUE"])
                continue
            seen[key] = (n, r["VALUE"])
            rows.add(row=n, indicator=indicator, jurisdiction=where, period=period, sex=sex,
                     setting=setting, unit="count", value=r["VALUE"], column="VALUE")

    @staticmethod
    def _note_conflict(rows: Rows, first_row: int, key: tuple, n: int, value: str) -> None:
        for rec in reversed(rows.records):
            if rec["source_row"] == first_row and rec["indicator_id"] == key[0]:
                extra = f"row {n} of the export gives {value.strip()} for the same cell"
                rec["note"] = f"{rec['note']}; {extra}" if rec["note"] else extra
                return
