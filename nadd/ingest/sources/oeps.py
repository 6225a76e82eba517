"""Opioid Environment Policy Scan (OEPS v2): state table and a county overdose/access subset.

Columns kept, and why (everything else is ACS demographics, health-care access or spending
with no nadd indicator):
- OdMortRt14..OdMortRt20 -> death_rate (per_100k, all-drugs: X40-X44, X60-X64, X85, Y10-Y14),
  one year each. State rates are NCHS age-adjusted rates (reported); county rates are NCHS
  model-based estimates (estimated). OdMortRtAv (mean 2015-2019) is derived and spans five
  years, which no period type holds: skipped.
- TotPop -> population (person): ACS 2014-2018 5-year estimate, stored as year 2018, estimated.
- State only, naloxone access laws (RAND-USC OPTIC): AnyNalDt, NalPrStDt, NalPresDt ->
  naloxone_law_in_force = 1 (boolean) on the effective day; the law type is the setting. A
  blank date means no such law in the data, which says nothing about when: no row. The
  *Fr columns (share of one year in force) are derived from the dates: skipped.
- Not kept (no indicator yet): PDMP and Good Samaritan law dates, OpRxRt20 (opioid
  prescriptions per 100), PrMsuse20P, and the drive/bike/walk times to buprenorphine,
  methadone, naltrexone ('Nal' here is naltrexone, not naloxone), pharmacies and OTPs.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from nadd.ingest.adapter import Adapter, Rows, SourceFile
from nadd.ingest.readers import check_columns, read_csv
from nadd.model import jurisdictions
from nadd.model.periods import day, year
from nadd.model.status import Status

# No release date in PROVENANCE: vintage is the extraction commit date.
VINTAGE = date(2024, 12, 10)
STATE = SourceFile("S_Latest_state.csv", VINTAGE, pattern="S_Latest*.csv")
COUNTY = SourceFile("C_Latest_county_overdose_access_subset.csv", VINTAGE, pattern="C_Latest*.csv")

RATES = {f"OdMortRt{y % 100}": y for y in range(2014, 2021)}
POPULATION_YEAR = 2018
POPULATION_NOTE = "ACS 2014-2018 5-year estimate"
# Naloxone law date column -> setting (law type)
NALOXONE_LAWS = {
    "AnyNalDt": "law:any-naloxone-access",
    "NalPrStDt": "law:standing-order",
    "NalPresDt": "law:pharmacist-prescriptive-authority",
}


class Oeps(Adapter):
    id = "oeps"
    title = "Opioid Environment Policy Scan (OEPS) v2: state and county tables"
    publisher = "Healthy Regions & Policies Lab, University of Illinois (NIH HEAL JCOIN)"
    owner_agency = "HEROP"
    country = "US"
    licence = "No licence stated; cite Zenodo DOI 10.5281/zenodo.5842465 (verify before release)"
    url = "https://oeps.healthyregions.org"
    files = (STATE, COUNTY)

    def parse(self, path: Path, rows: Rows) -> None:
        county = COUNTY.matches(path.name)
        cols = ["HEROP_ID", "GEOID", "TotPop", *RATES]
        if not county:
            cols += list(NALOXONE_LAWS)
        sheet = read_csv(path, required=["HEROP_ID", "GEOID"])
        check_columns(sheet, cols)
        system = "fips_county" if county else "fips_state"
        rate_status = Status.ESTIMATED if county else None
        rate_note = "NCHS model-based estimate" if county else "age-adjusted rate"
        for i, r in enumerate(sheet.frame.to_dict("records")):
            n = sheet.row_of(i)
            where = jurisdictions.try_by_code(system, r["GEOID"].strip())
            if where is None:
                rows.fail(n, "GEOID", r["GEOID"], f"a {system} code (integer FIPS, no leading zero)",
                          "e.g. 1 for Alabama, 1001 for Autauga County AL")
                continue
            for col, y in RATES.items():
                rows.add(row=n, indicator="death_rate", jurisdiction=where, period=year(y),
                         substance="all-drugs", unit="per_100k", value=r[col], column=col,
                         status=rate_status, note=rate_note)
            rows.add(row=n, indicator="population", jurisdiction=where,
                     period=year(POPULATION_YEAR), unit="person", value=r["TotPop"],
                     column="TotPop", status=Status.ESTIMATED, note=POPULATION_NOTE)
            if not county:
                self._laws(rows, n, where, r)

    @staticmethod
    def _laws(rows: Rows, n: int, where: str, r: dict) -> None:
        for col, setting in NALOXONE_LAWS.items():
            text = r[col].strip()
            if not text or text.upper() == "NA":
                continue
            try:
                d = datetime.strptime(text, "%m/%d/%Y").date()
            except ValueError:
                rows.fail(n, col, text, "a date M/D/YYYY", "e.g. 7/1/2015, or blank if no law")
                continue
            rows.add(row=n, indicator="naloxone_law_in_force", jurisdiction=where,
                     period=day(d), unit="boolean", value=1, column=col, setting=setting,
                     note="effective date (RAND-USC OPTIC)")
