"""City of Toronto: deaths of people experiencing homelessness, 2017-2023 (Toronto Public Health).

nadd has no Toronto id: rows are stored under CA-ON with setting ``toronto-homeless`` (the
population is the city's homeless population, not Ontario's).
- by cause x year x age x gender: only drug toxicity is kept, as drug_deaths (all-drugs).
  The cause is spelled 'Drug toxicity' and 'Drug Toxicity': matched case-insensitively, and
  rows that then share a year/age/gender are summed (none do in the 2024 pull). The other
  causes are not kept: all-cause totals come from the two tables below, and summing causes
  would give a third, different total (the publisher's tables do not reconcile).
- by year x age x gender and by month: all_cause_deaths.
Strata: Transgender -> sex other; '<20' -> age 0-19; Unknown -> unknown.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from nadd.ingest.adapter import Adapter, Rows, SourceFile
from nadd.ingest.readers import check_columns, read_csv
from nadd.model.periods import month, year

WHERE, SETTING = "CA-ON", "toronto-homeless"
# No release date in PROVENANCE: vintage is the extraction commit date (Jiaqi-Xing/Homeless-death).
VINTAGE = date(2024, 9, 27)
BY_CAUSE = SourceFile("toronto_homeless_deaths_by_cause_year_age_gender_2017_2023.csv", VINTAGE,
                      pattern="toronto_homeless_deaths_by_cause*.csv")
BY_MONTH = SourceFile("toronto_homeless_deaths_by_month_2017_2023.csv", VINTAGE,
                      pattern="toronto_homeless_deaths_by_month*.csv")
BY_DEMOGRAPHY = SourceFile("toronto_homeless_deaths_by_year_age_gender_2017_2023.csv", VINTAGE,
                           pattern="toronto_homeless_deaths_by_year_age_gender*.csv")

DRUG_TOXICITY = "drug toxicity"
SEXES = {"male": "male", "female": "female", "transgender": "other", "unknown": "unknown"}
AGES = {"<20": "0-19", "20-39": "20-39", "40-59": "40-59", "60+": "60+", "unknown": "unknown"}
MONTHS = {m: i for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august",
     "september", "october", "november", "december"], start=1)}


class TorontoHomelessDeaths(Adapter):
    id = "toronto_homeless_deaths"
    title = "Deaths of People Experiencing Homelessness, City of Toronto"
    publisher = "City of Toronto, Toronto Public Health"
    owner_agency = "TPH"
    country = "CA"
    licence = "Open Government Licence - Toronto"
    url = "https://open.toronto.ca/dataset/deaths-of-people-experiencing-homelessness/"
    files = (BY_CAUSE, BY_MONTH, BY_DEMOGRAPHY)

    def parse(self, path: Path, rows: Rows) -> None:
        if BY_MONTH.matches(path.name):
            self._by_month(path, rows)
        else:
            self._by_demography(path, rows, by_cause=BY_CAUSE.matches(path.name))

    def _by_month(self, path: Path, rows: Rows) -> None:
        cols = ["Year.of.death", "Month.of.death", "Count"]
        sheet = read_csv(path, required=cols)
        for i, r in enumerate(sheet.frame.to_dict("records")):
            n = sheet.row_of(i)
            y = _year(rows, n, r["Year.of.death"])
            m = MONTHS.get(r["Month.of.death"].strip().lower())
            if m is None:
                rows.fail(n, "Month.of.death", r["Month.of.death"], "an English month name",
                          "e.g. July")
            if y is None or m is None:
                continue
            rows.add(row=n, indicator="all_cause_deaths", jurisdiction=WHERE, period=month(y, m),
                     setting=SETTING, unit="count", value=r["Count"], column="Count")

    def _by_demography(self, path: Path, rows: Rows, *, by_cause: bool) -> None:
        cols = ["Year.of.death", "Age_group", "Gender", "Count"]
        if by_cause:
            cols.insert(1, "Cause_of_death")
        sheet = read_csv(path, required=cols)
        check_columns(sheet, cols)
        cells: dict[tuple, list] = {}  # (year, age, sex) -> [first row, counts...]
        for i, r in enumerate(sheet.frame.to_dict("records")):
            n = sheet.row_of(i)
            if by_cause and r["Cause_of_death"].strip().lower() != DRUG_TOXICITY:
                continue
            y = _year(rows, n, r["Year.of.death"])
            age = _code(rows, n, "Age_group", r["Age_group"], AGES)
            sex = _code(rows, n, "Gender", r["Gender"], SEXES)
            if None not in (y, age, sex):
                cells.setdefault((y, age, sex), [n]).append(r["Count"])
        indicator, substance = ("drug_deaths", "all-drugs") if by_cause else ("all_cause_deaths", None)
        for (y, age, sex), (n, *counts) in cells.items():
            value = counts[0] if len(counts) == 1 else _sum(rows, n, counts)
            if value is None:
                continue
            rows.add(row=n, indicator=indicator, substance=substance, jurisdiction=WHERE,
                     period=year(y), sex=sex, age_group=age, setting=SETTING, unit="count",
                     value=value, column="Count",
                     note=None if len(counts) == 1 else f"sum of {len(counts)} rows (cause spellings)")


def _year(rows: Rows, n: int, text: str) -> int | None:
    t = text.strip()
    if not (t.isdigit() and len(t) == 4):
        rows.fail(n, "Year.of.death", text, "a 4-digit year", "e.g. 2021")
        return None
    return int(t)


def _code(rows: Rows, n: int, column: str, text: str, codes: dict[str, str]) -> str | None:
    found = codes.get(text.strip().lower())
    if found is None:
        rows.fail(n, column, text, "one of " + ", ".join(codes), "fix the label or extend the map")
    return found


def _sum(rows: Rows, n: int, counts: list[str]) -> float | None:
    try:
        return float(sum(int(c) for c in counts))
    except ValueError:
        rows.fail(n, "Count", "+".join(counts), "whole numbers", "fix the counts")
        return None
