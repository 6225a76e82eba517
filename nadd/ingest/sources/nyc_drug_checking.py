"""NYC Drug Checking Program (NYC DOHMH): samples per month and lab positivity, US-NY-NYC.

Three tables of the publisher's data-tables/ folder, all preliminary (status provisional):
- data_counts_per_month: samples submitted per month -> drug_checking_samples (setting all).
- data_multipanel_positivity: last 12 months, samples sold as opioids and sent to the
  secondary laboratory -> drug_checking_samples (Total_Lab), drug_checking_detections as
  count (Total_Lab_*_Pos) and as percent (Pct_Lab_*_Pos, kept as published) for fentanyl,
  xylazine and medetomidine.
- data_fent_pos_by_substance_class: the same measures for fentanyl by "sold as" class,
  cumulative since the launch (Nov 2021). nadd has no period type for an open span, so the
  running total is stored on its as-of day (the last day of the month the same release's
  monthly counts end with), and the note says it is cumulative.
Lab-tested rows carry setting ``lab:sold-as-<class>``: they are a subset of the submitted
samples (setting all), so the settings must not be added up.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

from nadd.ingest.adapter import Adapter, Rows, SourceFile
from nadd.ingest.readers import check_columns, read_csv
from nadd.model.periods import day, month
from nadd.model.status import Status

NYC = "US-NY-NYC"
# PROVENANCE gives no release or commit date: the vintage is the first day after the last
# month each release covers (counts: May 2026; multipanel: Apr 2026).
COUNTS = SourceFile("data_counts_per_month.csv", date(2026, 6, 1), pattern="data_counts_per_month*.csv")
BY_CLASS = SourceFile("data_fent_pos_by_substance_class.csv", date(2026, 6, 1),
                      pattern="data_fent_pos_by_substance_class*.csv")
MULTIPANEL = SourceFile("data_multipanel_positivity.csv", date(2026, 5, 1),
                        pattern="data_multipanel_positivity*.csv")
# Column infix -> substance id
PANEL = {"Fent": "fentanyl", "Xyl": "xylazine", "Med": "medetomidine"}
LAB_NOTE = "samples sent to the secondary laboratory"


class NycDrugChecking(Adapter):
    id = "nyc_drug_checking"
    title = "NYC Drug Checking Program data tables"
    publisher = "New York City Department of Health and Mental Hygiene"
    owner_agency = "NYC-DOHMH"
    country = "US"
    licence = "No licence stated; municipal public data (confirm NYC terms before redistribution)"
    url = "https://github.com/nychealth/drugchecking-data"
    files = (COUNTS, BY_CLASS, MULTIPANEL)

    def parse(self, path: Path, rows: Rows) -> None:
        if COUNTS.matches(path.name):
            self._counts(path, rows)
        elif BY_CLASS.matches(path.name):
            self._by_class(path, rows)
        else:
            self._multipanel(path, rows)

    def _counts(self, path: Path, rows: Rows) -> None:
        sheet = read_csv(path, required=["yr_mo", "count"])
        for i, r in enumerate(sheet.frame.to_dict("records")):
            n = sheet.row_of(i)
            period = _month(rows, n, r["yr_mo"])
            if period is not None:
                rows.add(row=n, indicator="drug_checking_samples", jurisdiction=NYC, period=period,
                         value=r["count"], column="count", unit="count",
                         status=Status.PROVISIONAL, note="samples submitted")

    def _multipanel(self, path: Path, rows: Rows) -> None:
        cols = ["yr_mo", "Total_Lab"] + [f"{k}_Lab_{p}_Pos" for p in PANEL for k in ("Total", "Pct")]
        sheet = read_csv(path, required=["yr_mo", "Total_Lab"])
        check_columns(sheet, cols)
        for i, r in enumerate(sheet.frame.to_dict("records")):
            n = sheet.row_of(i)
            period = _month(rows, n, r["yr_mo"])
            if period is not None:
                _lab_cells(rows, n, r, period, "lab:sold-as-opioid", PANEL, note=LAB_NOTE)

    def _by_class(self, path: Path, rows: Rows) -> None:
        cols = ["drugtype_sold_combined", "Total_Lab", "Total_Lab_Fent_Pos", "Pct_Lab_Fent_Pos"]
        sheet = read_csv(path, required=cols[:2])
        check_columns(sheet, cols)
        as_of = BY_CLASS.vintage - timedelta(days=1)
        note = f"cumulative Nov 2021 to {as_of:%b %Y}; {LAB_NOTE}"
        for i, r in enumerate(sheet.frame.to_dict("records")):
            n = sheet.row_of(i)
            sold_as = r["drugtype_sold_combined"].strip().lower().replace(" ", "-")
            if not sold_as:
                rows.fail(n, "drugtype_sold_combined", "", "a sold-as class", "e.g. Opioid")
                continue
            _lab_cells(rows, n, r, day(as_of), f"lab:sold-as-{sold_as}",
                       {"Fent": "fentanyl"}, note=note)


def _lab_cells(rows: Rows, n: int, r: dict, period, setting: str, panel: dict, note: str) -> None:
    common = dict(row=n, jurisdiction=NYC, period=period, setting=setting,
                  status=Status.PROVISIONAL, note=note)
    rows.add(**common, indicator="drug_checking_samples", unit="count", value=r["Total_Lab"],
             column="Total_Lab")
    for infix, substance in panel.items():
        for kind, unit in (("Total", "count"), ("Pct", "percent")):
            col = f"{kind}_Lab_{infix}_Pos"
            rows.add(**common, indicator="drug_checking_detections", substance=substance,
                     unit=unit, value=r[col], column=col)


def _month(rows: Rows, n: int, text: str):
    try:
        d = datetime.strptime(text.strip(), "%b %Y")
    except ValueError:
        rows.fail(n, "yr_mo", text, "a month 'Mon YYYY'", "e.g. Nov 2021 (English abbreviation)")
        return None
    return month(d.year, d.month)
