"""PHAC Opioid- and Stimulant-related Harms in Canada (Health Infobase, SubstanceHarmsData.csv).

One long table: Substance x Source (deaths, hospitalisations, ED visits, EMS) x
Specific_Measure (overall numbers and many overlapping breakdowns) x Region x period x unit.
Every breakdown gets its own key (strata or ``setting``) so no two rows collide (the
loader refuses a file where two rows share a key):

- Sex / Age group / Sex and age group -> ``sex`` / ``age_group``;
- Manner of death (deaths) and Intent (hospital, ED) -> ``manner``;
- Type of opioids / Type of stimulants -> the substance, with setting ``type-of-opioids`` /
  ``type-of-stimulants`` (the percent is a share of the Substance's harms, not of all harms);
- Involving stimulants / opioids / other psychoactive substances and Origin of opioid(s)
  -> substance = the Substance (the denominator), setting ``involving-*`` / ``origin:*``.

"2025 (Jan to Sep)" is a year-to-date figure, not a year: those rows are skipped (the same
months are published as 2025 Q1-Q3 for the overall numbers). Recent periods are preliminary
(coroner investigations take up to 24 months): every period ending within 24 months of the
last quarter in the file is PROVISIONAL.
"""

from __future__ import annotations

import functools
import re
from datetime import date
from pathlib import Path

from nadd.ingest.adapter import Adapter, Rows, SourceFile
from nadd.ingest.readers import check_columns, read_csv
from nadd.model import jurisdictions
from nadd.model.periods import Period, quarter, year
from nadd.model.status import Status

COLUMNS = ["Substance", "Source", "Specific_Measure", "Region", "PRUID", "Time_Period",
           "Year_Quarter", "Aggregator", "Disaggregator", "Unit", "Value"]

INDICATORS = {
    "Deaths": "drug_deaths",
    "Hospitalizations": "hospitalisations",
    "Emergency Department (ED) Visits": "ed_visits",
    "Emergency Medical Services (EMS)": "ems_responses",
}
UNITS = {"Number": "count", "Crude rate": "per_100k", "Percent": "percent"}
SUBSTANCES = {"Opioids": "opioids", "Stimulants": "stimulants"}
# Disaggregator of "Type of opioids" / "Type of stimulants" -> substance id.
TYPES = {
    "Fentanyl": "fentanyl",
    "Fentanyl analogues": "fentanyl-analogues",
    "Fentanyl or fentanyl analogues": "fentanyl-related",
    "Non-fentanyl opioids": "non-fentanyl-opioids",
    "Cocaine": "cocaine",
    "Methamphetamine": "methamphetamine",
    "Other stimulants": "other-stimulants",
}
SEXES = {"Female": "female", "Male": "male"}
# "Intentional" (hospital/ED intent) is intentional self-harm: the model's closest manner is
# suicide; the note says so.
MANNERS = {"Accidental": "accidental", "Suicide": "suicide", "Undetermined": "undetermined",
           "Intentional": "suicide"}
INTENTIONAL_NOTE = "PHAC intent 'Intentional' (intentional self-harm, not necessarily fatal)"
# Origin of opioid(s) disaggregator -> setting code.
ORIGINS = {"Both": "origin:both", "Non-pharmaceutical only": "origin:non-pharmaceutical-only",
           "Pharmaceutical only": "origin:pharmaceutical-only", "Undetermined": "origin:undetermined"}
INVOLVING = {
    "Involving stimulants": "involving-stimulants",
    "Involving opioids": "involving-opioids",
    "Involving other psychoactive substances": "involving-other-psychoactive-substances",
}
YEAR_TO_DATE = re.compile(r"^\d{4} \(\w+ to \w+\)$")  # "2025 (Jan to Sep)": partial year, skipped
PRELIMINARY_MONTHS = 24  # longest coroner investigation (PHAC technical notes)

DATA = SourceFile("SubstanceHarmsData.csv", date(2026, 3, 1), pattern="SubstanceHarmsData*.csv")


class PhacHarms(Adapter):
    id = "phac_harms"
    title = "Opioid- and Stimulant-related Harms in Canada"
    publisher = "Public Health Agency of Canada"
    owner_agency = "PHAC"
    country = "CA"
    licence = "Open Government Licence - Canada"
    url = "https://health-infobase.canada.ca/substance-related-harms/opioids-stimulants/"
    files = (DATA,)

    def parse(self, path: Path, rows: Rows) -> None:
        sheet = read_csv(path, required=["Substance", "Specific_Measure", "Value"])
        check_columns(sheet, COLUMNS)
        records = sheet.frame.to_dict("records")
        cutoff = _preliminary_after(records)
        for i, r in enumerate(records):
            n = sheet.row_of(i)
            if YEAR_TO_DATE.match(r["Year_Quarter"].strip()):
                continue
            parsed = _map_row(rows, n, r)
            if parsed is None:
                continue
            period, fields = parsed
            provisional = cutoff is not None and period.end > cutoff
            rows.add(row=n, period=period, value=r["Value"], column="Value",
                     status=Status.PROVISIONAL if provisional else None, **fields)


def _map_row(rows: Rows, n: int, r: dict) -> tuple[Period, dict] | None:
    """Period and Rows.add fields of one PHAC row, or None after reporting what is wrong."""
    indicator = _lookup(rows, n, r, "Source", INDICATORS)
    unit = _lookup(rows, n, r, "Unit", UNITS)
    substance = _lookup(rows, n, r, "Substance", SUBSTANCES)
    where = _jurisdiction(rows, n, r["Region"], r["PRUID"])
    period = _period(rows, n, r["Time_Period"], r["Year_Quarter"])
    strata = _strata(rows, n, r)
    if None in (indicator, unit, substance, where, period, strata):
        return None
    fields = {"indicator": indicator, "unit": unit, "jurisdiction": where,
              "substance": substance, **strata}
    return period, fields


def _lookup(rows: Rows, n: int, r: dict, column: str, table: dict[str, str]) -> str | None:
    found = table.get(r[column].strip())
    if found is None:
        rows.fail(n, column, r[column], f"one of {', '.join(table)}",
                  f"a new PHAC {column} value: add it to the mapping in {__name__}")
    return found


def _jurisdiction(rows: Rows, n: int, region: str, pruid: str) -> str | None:
    found, column, expected, hint = _resolve_region(region, pruid)
    if found is None:
        rows.fail(n, column, region if column == "Region" else pruid, expected, hint)
    return found


@functools.lru_cache(maxsize=256)
def _resolve_region(region: str, pruid: str) -> tuple[str | None, str, str, str]:
    """Region text wins (sub-regions such as Winnipeg share their province's PRUID); the PRUID
    must agree with it (same area, or the province containing the sub-region).
    Returns (id, and where none: the column at fault, what was expected, a hint)."""
    by_region = jurisdictions.try_by_code("phac_region", region)
    if by_region is None:
        return (None, "Region", "a PHAC region (Canada, a province or territory, Territories or "
                "a named sub-region)", "add the region to the phac_region codes of "
                "nadd/reference/jurisdiction_codes.csv")
    by_pruid = jurisdictions.try_by_code("pruid", pruid)
    if by_pruid is None or by_pruid not in (by_region, jurisdictions.get(by_region).parent_id):
        return (None, "PRUID", f"the PRUID of {region} ({by_region})", "PRUID is the Statistics "
                "Canada province code: 1 Canada, 10-62 provinces and territories, 63 Territories")
    return by_region, "", "", ""


def _period(rows: Rows, n: int, kind: str, label: str) -> Period | None:
    period = _parse_period(kind, label.strip())
    if period is None:
        rows.fail(n, "Year_Quarter", label, f"a {'year YYYY' if kind == 'By year' else 'quarter YYYY Qn'} "
                  f"for Time_Period {kind!r}", "Time_Period is 'By year' (2016) or 'By quarter' (2016 Q1)")
    return period


@functools.lru_cache(maxsize=512)
def _parse_period(kind: str, text: str) -> Period | None:
    if kind == "By year" and re.fullmatch(r"\d{4}", text):
        return year(int(text))
    m = re.fullmatch(r"(\d{4}) Q([1-4])", text)
    if kind == "By quarter" and m:
        return quarter(int(m[1]), int(m[2]))
    return None


def _strata(rows: Rows, n: int, r: dict) -> dict | None:
    """sex / age_group / manner / setting / substance (and note) of one row's breakdown."""
    measure, agg, dis = r["Specific_Measure"].strip(), r["Aggregator"].strip(), r["Disaggregator"].strip()
    if measure == "Overall numbers":
        return {}
    if measure == "Sex and age group":  # Aggregator = age group, Disaggregator = sex
        age, sex = _age(agg), SEXES.get(dis)
        if age is None or sex is None:
            bad = ("Aggregator", agg, "an age group such as '20 to 29 years'") if age is None \
                else ("Disaggregator", dis, "Female or Male")
            rows.fail(n, bad[0], bad[1], bad[2], "check the Sex and age group labels")
            return None
        return {"sex": sex, "age_group": age}
    # The other breakdowns repeat the year in Aggregator; it must be the row's year.
    if measure not in INVOLVING and agg != r["Year_Quarter"].strip():
        rows.fail(n, "Aggregator", agg, f"the row's year {r['Year_Quarter']}",
                  "for this breakdown Aggregator repeats Year_Quarter")
        return None
    out = _breakdown(measure, dis)
    if out is None:
        rows.fail(n, "Disaggregator" if measure in BREAKDOWNS else "Specific_Measure",
                  dis if measure in BREAKDOWNS else measure,
                  f"a known {measure} category" if measure in BREAKDOWNS else "a known PHAC measure",
                  f"a new PHAC category: add it to the mapping in {__name__}")
    return out


BREAKDOWNS = {"Sex", "Age group", "Manner of death", "Intent", "Type of opioids",
              "Type of stimulants", "Origin of opioid(s)"}


def _breakdown(measure: str, dis: str) -> dict | None:
    if measure in INVOLVING:
        return {"setting": INVOLVING[measure]}
    if measure == "Sex":
        return {"sex": SEXES[dis]} if dis in SEXES else None
    if measure == "Age group":
        age = _age(dis)
        return {"age_group": age} if age else None
    if measure in ("Manner of death", "Intent"):
        if dis not in MANNERS:
            return None
        return {"manner": MANNERS[dis], **({"note": INTENTIONAL_NOTE} if dis == "Intentional" else {})}
    if measure in ("Type of opioids", "Type of stimulants"):
        if dis not in TYPES:
            return None
        return {"substance": TYPES[dis], "setting": measure.lower().replace(" ", "-")}
    if measure == "Origin of opioid(s)":
        return {"setting": ORIGINS[dis]} if dis in ORIGINS else None
    return None


def _age(text: str) -> str | None:
    """'20 to 29 years' -> '20-29'; '60 years or more' -> '60+'."""
    if m := re.fullmatch(r"(\d+) to (\d+) years", text):
        return f"{m[1]}-{m[2]}"
    if m := re.fullmatch(r"(\d+) years or more", text):
        return f"{m[1]}+"
    return None


def _preliminary_after(records: list[dict]) -> date | None:
    """Periods ending after this day are preliminary: PRELIMINARY_MONTHS before the end of the
    last quarter published in the file."""
    last = max((quarter(int(m[1]), int(m[2])).end for r in records
                if (m := re.fullmatch(r"(\d{4}) Q([1-4])", r["Year_Quarter"].strip()))), default=None)
    if last is None:
        return None
    months = last.year * 12 + last.month - 1 - PRELIMINARY_MONTHS
    return quarter(months // 12, (months % 12) // 3 + 1).end

