"""UNODC: drug seizures 2018-2022 (World Drug Report annex) and firearms trafficking (IAFQ).

Drug seizures: country x year x drug -> ``seized_quantity`` in kg. Firearms: arms, ammunition,
parts and seizure cases -> ``firearm_seizures``; people arrested / prosecuted, convicted,
targeted for arms trafficking -> ``trafficking_arrests`` / ``trafficking_prosecutions``.
Countries come by ISO3 code; every code in both files is an ISO 3166 country (no Kosovo, no
regional aggregates in these releases), and an unknown code is refused, never dropped.
"""

from __future__ import annotations

import functools
import re
from datetime import date
from pathlib import Path

from nadd.ingest.adapter import Adapter, Rows, SourceFile
from nadd.ingest.readers import check_columns, read_excel
from nadd.ingest.values import EXPECTED_NUMBER, BadValue, parse_value
from nadd.model import jurisdictions
from nadd.model.periods import year
from nadd.model.status import Status

SEIZURES = SourceFile("drug_seizures_2018_2022.xlsx", date(2024, 11, 13), pattern="drug_seizures_*.xlsx")
FIREARMS = SourceFile("firearms_trafficking_iafq_2004_2023.xlsx", date(2024, 8, 26),
                      pattern="firearms_trafficking_iafq_*.xlsx")

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


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


@functools.lru_cache(maxsize=1024)
def substance_of(name: str) -> str | None:
    from nadd.model import substances

    return substances.try_by_name(name)


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
        sheet = read_excel(path, required=["DrugName", "Kilograms", "msCode"])  # title row above
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
                          "add it as a synonym in nadd/reference/substances/core.csv")
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
        sheet = read_excel(path, required=["Iso3_code", "Indicator", "VALUE"])  # 2 title rows above
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
