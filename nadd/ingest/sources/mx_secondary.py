"""Mexico secondary reference figures: fentanyl seizures, SISVEA fentanyl treatment mentions,
CIJ Tijuana methadone patients (annual, national or one city).

SECONDARY DATA: Mexican government figures as cited in an InSight Crime report (March 2026)
and transcribed in that report's companion dashboard (LukeCurran3/fentanyl-corridors-dashboard).
Every row's note says so and names the original publisher and the report page. Use for
context only, until primary SEDENA/SEMAR/FGR and SISVEA/CONASAMA tables replace them.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from nadd.ingest.adapter import Adapter, Rows, SourceFile
from nadd.ingest.readers import check_columns, read_csv
from nadd.model.periods import year

COLUMNS = ["series", "year", "value", "unit", "geography", "original_source", "cited_in", "source_note"]


# series -> (indicator, jurisdiction, substance, unit, setting, published unit, geography prefix)
SERIES = {
    "mexico_national_fentanyl_seizures_kg":
        ("seized_quantity", "MX", "fentanyl", "kg", "all", "kg", "Mexico (national"),
    "sisvea_fentanyl_treatment_mentions":
        ("treatment_mentions", "MX", "fentanyl", "count", "all", "persons", "Mexico (national"),
    # Patients in methadone (opioid agonist) treatment: no drug of use is given, so no substance.
    "tijuana_methadone_patients":
        ("treatment_mentions", "MX-BCN-02004", None, "count", "cij-methadone", "persons", "Tijuana"),
}
# PROVENANCE caveat: not usable as trend baselines.
ANOMALIES = {
    ("mexico_national_fentanyl_seizures_kg", 2013):
        "ANOMALY: 454 kg in 2013 looks like a single large event or a reporting artefact; "
        "do not use as a trend baseline",
    ("mexico_national_fentanyl_seizures_kg", 2014):
        "ANOMALY: 0 kg in 2014 looks like a reporting artefact; do not use as a trend baseline",
}

DATA = SourceFile("mx_fentanyl_seizures_sisvea_cij_secondary_2013_2025.csv", date(2026, 4, 23),
                  pattern="mx_fentanyl_seizures_sisvea_cij_secondary_*.csv")


class MxSecondary(Adapter):
    id = "mx_secondary"
    title = ("Mexico fentanyl seizures, SISVEA fentanyl treatment mentions and CIJ Tijuana "
             "methadone patients (SECONDARY: as cited by InSight Crime, 2026)")
    publisher = "InSight Crime (citing SEDENA, SEMAR, SISVEA/CONASAMA and CIJ)"
    owner_agency = "InSight Crime"
    country = "MX"
    licence = "No licence stated; Mexican government statistics - cite the primary source"
    url = "https://github.com/LukeCurran3/fentanyl-corridors-dashboard"
    files = (DATA,)

    def parse(self, path: Path, rows: Rows) -> None:
        sheet = read_csv(path, required=["series", "year", "value"])
        check_columns(sheet, COLUMNS)
        for i, r in enumerate(sheet.frame.to_dict("records")):
            n = sheet.row_of(i)
            spec = SERIES.get(r["series"].strip())
            y = r["year"].strip()
            if spec is None:
                rows.fail(n, "series", r["series"], f"one of {', '.join(SERIES)}",
                          f"a new series: add it to SERIES in {__name__}")
                continue
            indicator, where, substance, unit, setting, published_unit, geography = spec
            if not re.fullmatch(r"\d{4}", y):
                rows.fail(n, "year", y, "a 4-digit year", "fix the year")
                continue
            if r["unit"].strip() != published_unit:
                rows.fail(n, "unit", r["unit"], f"{published_unit!r} for {r['series']}",
                          "the series changed unit: check the source and the mapping")
                continue
            if not r["geography"].strip().startswith(geography):
                rows.fail(n, "geography", r["geography"], f"{geography}... for {r['series']}",
                          "the series changed geography: check the source and the mapping")
                continue
            rows.add(row=n, indicator=indicator, jurisdiction=where, period=year(int(y)),
                     substance=substance, setting=setting, value=r["value"], unit=unit,
                     column="value", note=_note(r, int(y)))


def _note(r: dict, y: int) -> str:
    parts = [ANOMALIES.get((r["series"].strip(), y)),
             f"SECONDARY: {r['original_source'].strip()}, as cited in {r['cited_in'].strip()}",
             r["source_note"].strip()]
    return ". ".join(p for p in parts if p)
