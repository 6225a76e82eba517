"""CBP drug seizure statistics: monthly events and pounds seized per area of responsibility.

Four files: nationwide (OFO ports of entry + USBP sectors) and AMO (air and marine branches),
each as FY2019-FY2022 and FY2023-FY2026 (FYTD). One row per fiscal month x component x AOR
x land filter x drug type gives two observations: ``seizure_events`` (Count of Event) and
``seized_quantity`` (Sum Qty (lbs), kept in lb as published).
"""

from __future__ import annotations

import functools
import re
from datetime import date
from pathlib import Path

from nadd.ingest.adapter import Adapter, Rows, SourceFile
from nadd.ingest.readers import check_columns, read_csv
from nadd.model.periods import Period, month
from nadd.model.status import Status

MONTHS = {m: i for i, m in enumerate(
    ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"], start=1)}

COMPONENTS = {
    "Office of Field Operations": "ofo",
    "U.S. Border Patrol": "usbp",
    "Air and Marine Operations": "amo",
}
# Land Filter: AOR rows are split by it, so it is part of the setting (no two rows share a key).
LAND = {"Land Only": "land", "Land": "land", "Other": "non-land"}

# CBP drug type -> name looked up in the substance reference ("Marijuana" is cannabis herb).
DRUG_NAMES = {"Khat (Catha Edulis)": "khat", "Lsd": "LSD", "Other Drugs**": "other drugs"}

# AOR (slug) -> state, only where the AOR lies in ONE state; every other AOR is the US as a
# whole: multi-state field offices and sectors (El Paso TX+NM, Yuma AZ+CA, Big Bend TX+OK,
# Blaine WA+OR, Swanton VT+NY+NH, ...), Preclearance (abroad) and national AMO units (AMOC,
# NASOC, HQ, foreign operations). AMO branches are mapped to the state of their base station.
AOR_STATE = {
    # OFO field offices (per CBP's lists of ports)
    "buffalo-field-office": "US-NY",
    "laredo-field-office": "US-TX",
    "miami-field-office": "US-FL",
    "san-diego-field-office": "US-CA",
    "tampa-field-office": "US-FL",
    "tucson-field-office": "US-AZ",
    # USBP sectors
    "del-rio-sector": "US-TX",
    "el-centro-sector": "US-CA",
    "houlton-sector": "US-ME",
    "laredo-sector": "US-TX",
    "miami-sector": "US-FL",
    "rio-grande-valley-sector": "US-TX",
    "san-diego-sector": "US-CA",
    "tucson-sector": "US-AZ",
    # AMO branches (base station)
    "bellingham-air-branch": "US-WA",
    "caribbean-air-and-marine-branch": "US-PR",
    "el-paso-air-branch": "US-TX",
    "great-lakes-air-and-marine-branch": "US-MI",
    "houston-air-and-marine-branch": "US-TX",
    "jacksonville-air-and-marine-branch": "US-FL",
    "laredo-air-branch": "US-TX",
    "manassas-air-branch": "US-VA",
    "mc-allen-air-and-marine-branch": "US-TX",
    "miami-air-and-marine-branch": "US-FL",
    "new-orleans-air-and-marine-branch": "US-LA",
    "san-diego-air-and-marine-branch": "US-CA",
    "tucson-air-branch": "US-AZ",
    "uvalde-air-branch": "US-TX",
    "yuma-air-branch": "US-AZ",
}

VINTAGE = date(2026, 3, 11)  # extraction commit date; PROVENANCE gives no CBP release date
NATIONWIDE_OLD = SourceFile("nationwide-drugs-fy19-fy22.csv", VINTAGE, pattern="nationwide-drugs-fy*.csv")
NATIONWIDE_NEW = SourceFile("nationwide-drugs-fy23-fy26-dec.csv", VINTAGE, pattern="nationwide-drugs-fy*.csv")
AMO_OLD = SourceFile("amo-drug-seizures-fy19-fy22.csv", VINTAGE, pattern="amo-drug-seizures-fy*.csv")
AMO_NEW = SourceFile("amo-drug-seizures-fy23-fy26-dec.csv", VINTAGE, pattern="amo-drug-seizures-fy*.csv")

BASE_COLUMNS = ["FY", "Month (abbv)", "Component", "Land Filter", "Drug Type",
                "Count of Event", "Sum Qty (lbs)"]


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def calendar_month(fy: str, abbrev: str) -> Period | None:
    """FY N runs Oct (N-1) - Sep N, so FY2023 OCT is 2022-10. None when unreadable."""
    m = re.fullmatch(r"(\d{4})(\s*\(FYTD\))?", fy.strip())
    mo = MONTHS.get(abbrev.strip().upper())
    if m is None or mo is None:
        return None
    year = int(m.group(1))
    return month(year - 1 if mo >= 10 else year, mo)


@functools.lru_cache(maxsize=256)
def substance_of(drug: str) -> str | None:
    from nadd.model import substances

    return substances.try_by_name(DRUG_NAMES.get(drug, drug))


class CbpSeizures(Adapter):
    id = "cbp_seizures"
    title = "CBP Drug Seizure Statistics (nationwide OFO/USBP and AMO)"
    publisher = "U.S. Customs and Border Protection"
    owner_agency = "CBP"
    country = "US"
    licence = "US public domain (17 U.S.C. 105)"
    url = "https://www.cbp.gov/newsroom/stats/drug-seizure-statistics"
    files = (NATIONWIDE_OLD, NATIONWIDE_NEW, AMO_OLD, AMO_NEW)

    def parse(self, path: Path, rows: Rows) -> None:
        # Nationwide files name the AOR "Area of Responsibility", AMO files "Branch".
        aor_col = "Branch" if path.name.startswith("amo") else "Area of Responsibility"
        sheet = read_csv(path, required=["FY", "Drug Type", aor_col])
        check_columns(sheet, BASE_COLUMNS + [aor_col])
        for i, r in enumerate(sheet.frame.to_dict("records")):
            n = sheet.row_of(i)
            period = calendar_month(r["FY"], r["Month (abbv)"])
            if period is None:
                bad = "FY" if not re.fullmatch(r"\d{4}(\s*\(FYTD\))?", r["FY"].strip()) else "Month (abbv)"
                rows.fail(n, bad, r[bad], "a fiscal year such as 2023 or '2026 (FYTD)' and a month JAN..DEC",
                          "fix the cell; months are three-letter English abbreviations")
                continue
            setting = self._setting(rows, n, r, aor_col)
            substance = self._substance(rows, n, r["Drug Type"])
            if setting is None or substance is None:
                continue
            where = AOR_STATE.get(setting.split(":")[1], "US")
            # The current fiscal year is year-to-date and CBP revises recent months.
            status = Status.PROVISIONAL if "FYTD" in r["FY"] else None
            common = dict(row=n, jurisdiction=where, period=period, substance=substance,
                          setting=setting, status=status)
            rows.add(indicator="seizure_events", unit="count", value=r["Count of Event"],
                     column="Count of Event", **common)
            rows.add(indicator="seized_quantity", unit="lb", value=r["Sum Qty (lbs)"],
                     column="Sum Qty (lbs)", **common)

    @staticmethod
    def _setting(rows: Rows, n: int, r: dict, aor_col: str) -> str | None:
        comp = COMPONENTS.get(r["Component"].strip())
        land = LAND.get(r["Land Filter"].strip())
        if comp is None:
            rows.fail(n, "Component", r["Component"], "a CBP component",
                      f"known components: {', '.join(COMPONENTS)}")
        if land is None:
            rows.fail(n, "Land Filter", r["Land Filter"], "Land Only, Land or Other", "fix the cell")
        if not r[aor_col].strip():
            rows.fail(n, aor_col, "", "an area of responsibility", "fill in the field office, sector or branch")
            return None
        return f"{comp}:{slug(r[aor_col])}:{land}" if comp and land else None

    @staticmethod
    def _substance(rows: Rows, n: int, drug: str) -> str | None:
        found = substance_of(drug.strip())
        if found is None:
            rows.fail(n, "Drug Type", drug, "a drug type known to nadd",
                      "add the name as a synonym in nadd/reference/substances/cbp_seizures.csv")
        return found
