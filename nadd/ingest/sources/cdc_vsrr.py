"""CDC NCHS VSRR Provisional Drug Overdose Death Counts (rolling 12-month sums).

Two files: the full 2019 release (all indicators, 2015-01..2018-11) and a recent
T40.4-only extract (2015-01..2025-09). Values are provisional; NCHS' model-adjusted
"Predicted Value" is kept as its own indicator, ``drug_deaths_predicted``.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from nadd.ingest.adapter import Adapter, Rows, SourceFile
from nadd.ingest.readers import check_columns, read_csv
from nadd.model import jurisdictions
from nadd.model.periods import months12_ending
from nadd.model.status import Status

MONTHS = {m: i for i, m in enumerate(
    ["January", "February", "March", "April", "May", "June", "July", "August",
     "September", "October", "November", "December"], start=1)}

# VSRR indicator -> (nadd indicator, substance id, unit)
INDICATORS = {
    "Number of Deaths": ("all_cause_deaths", None, "count"),
    "Number of Drug Overdose Deaths": ("drug_deaths", "all-drugs", "count"),
    "Percent with drugs specified": ("pct_deaths_drug_specified", None, "percent"),
    "Heroin (T40.1)": ("drug_deaths", "icd-t40.1", "count"),
    "Natural & semi-synthetic opioids (T40.2)": ("drug_deaths", "icd-t40.2", "count"),
    "Methadone (T40.3)": ("drug_deaths", "icd-t40.3", "count"),
    "Synthetic opioids, excl. methadone (T40.4)": ("drug_deaths", "icd-t40.4", "count"),
    "Cocaine (T40.5)": ("drug_deaths", "icd-t40.5", "count"),
    "Psychostimulants with abuse potential (T43.6)": ("drug_deaths", "icd-t43.6", "count"),
    "Opioids (T40.0-T40.4,T40.6)": ("drug_deaths", "icd-t40.0-t40.4-t40.6", "count"),
    "Natural & semi-synthetic opioids, incl. methadone (T40.2, T40.3)":
        ("drug_deaths", "icd-t40.2-t40.3", "count"),
    "Natural, semi-synthetic, & synthetic opioids, incl. methadone (T40.2-T40.4)":
        ("drug_deaths", "icd-t40.2-t40.4", "count"),
}
GENERIC_FOOTNOTE = "Numbers may differ from published reports using final data. See Technical Notes."

FULL = SourceFile("VSRR_Provisional_Drug_Overdose_Death_Counts_2015-01_2018-11.csv",
                  date(2019, 7, 11), pattern="VSRR_Provisional_Drug_Overdose_Death_Counts*.csv")
T404 = SourceFile("vsrr_T40.4_state_12mo_ending_2015-01_2025-09_subset.csv",
                  date(2026, 3, 11), pattern="vsrr_T40.4_state_12mo_ending_*.csv")


class CdcVsrr(Adapter):
    id = "cdc_vsrr"
    title = "VSRR Provisional Drug Overdose Death Counts"
    publisher = "CDC National Center for Health Statistics"
    owner_agency = "CDC-NCHS"
    country = "US"
    licence = "US public domain (17 U.S.C. 105)"
    url = "https://data.cdc.gov/NCHS/VSRR-Provisional-Drug-Overdose-Death-Counts/xkb8-kh2a"
    files = (FULL, T404)

    def parse(self, path: Path, rows: Rows) -> None:
        if T404.matches(path.name):
            self._parse_subset(path, rows)
        else:
            self._parse_full(path, rows)

    def _parse_full(self, path: Path, rows: Rows) -> None:
        cols = ["State", "Year", "Month", "Indicator", "Data Value", "Predicted Value"]
        sheet = read_csv(path, required=["State", "Indicator", "Data Value"])
        check_columns(sheet, cols)
        for i, r in enumerate(sheet.frame.to_dict("records")):
            n = sheet.row_of(i)
            where = self._where(rows, n, r["State"])
            period = self._period(rows, n, r["Year"], r["Month"])
            ind = INDICATORS.get(r["Indicator"])
            if ind is None:
                rows.fail(n, "Indicator", r["Indicator"], "a VSRR indicator",
                          f"known indicators: {', '.join(INDICATORS)}")
            if where is None or period is None or ind is None:
                continue
            indicator, substance, unit = ind
            note = r.get("Footnote") if r.get("Footnote") != GENERIC_FOOTNOTE else None
            rows.add(row=n, indicator=indicator, jurisdiction=where, period=period,
                     substance=substance, unit=unit, value=r["Data Value"], column="Data Value",
                     status=Status.PROVISIONAL, note=note)
            if r["Predicted Value"].strip() and indicator == "drug_deaths":
                rows.add(row=n, indicator="drug_deaths_predicted", jurisdiction=where,
                         period=period, substance=substance, unit=unit, column="Predicted Value",
                         value=r["Predicted Value"], status=Status.PREDICTED)

    def _parse_subset(self, path: Path, rows: Rows) -> None:
        cols = ["state_abbr", "variable", "date", "value_12mo_ending", "source_value_type"]
        sheet = read_csv(path, required=cols[:3])
        check_columns(sheet, cols)
        for i, r in enumerate(sheet.frame.to_dict("records")):
            n = sheet.row_of(i)
            where = self._where(rows, n, r["state_abbr"], column="state_abbr")
            try:
                d = date.fromisoformat(r["date"])
            except ValueError:
                rows.fail(n, "date", r["date"], "a date YYYY-MM-DD", "fix the date")
                continue
            ind = INDICATORS.get(r["variable"])
            if ind is None or where is None:
                if ind is None:
                    rows.fail(n, "variable", r["variable"], "a VSRR indicator", "")
                continue
            predicted = r["source_value_type"] == "predicted_value"
            rows.add(row=n, indicator="drug_deaths_predicted" if predicted else ind[0],
                     jurisdiction=where, period=months12_ending(d.year, d.month),
                     substance=ind[1], unit=ind[2], value=r["value_12mo_ending"],
                     column="value_12mo_ending",
                     status=Status.PREDICTED if predicted else Status.PROVISIONAL)

    @staticmethod
    def _where(rows: Rows, n: int, code: str, column: str = "State") -> str | None:
        found = jurisdictions.try_by_code("usps", code.strip())
        if found is None:
            rows.fail(n, column, code, "a USPS state code (or US, YC for New York City)",
                      "use two-letter USPS codes such as TX")
        return found

    @staticmethod
    def _period(rows: Rows, n: int, year: str, month: str):
        m = MONTHS.get(month.strip())
        if m is None or not year.strip().isdigit():
            rows.fail(n, "Month" if m is None else "Year", month if m is None else year,
                      "an English month name and a 4-digit year", "e.g. Year 2018, Month November")
            return None
        return months12_ending(int(year), m)
