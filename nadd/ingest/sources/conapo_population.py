"""CONAPO population of Mexico and its 32 states by sex, 1950-2070 (projections of Aug 2023).

Tidy reshaping (isaacarroyov/datos_facil_acceso) of CONAPO's "Proyecciones de la Población de
México y de las Entidades Federativas". The mid-year (1 July) population is the year's
population; the 1 January column is not loaded. Values after 2020 are projections:
Status.ESTIMATED.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from nadd.ingest.adapter import Adapter, Rows, SourceFile
from nadd.ingest.readers import check_columns, read_csv
from nadd.model import jurisdictions
from nadd.model.periods import year
from nadd.model.status import Status

COLUMNS = ["n_year", "nombre_estado", "cve_ent", "genero", "pob_mid_year"]
SEXES = {"Hombres": "male", "Mujeres": "female", "Total": "all"}
LAST_OBSERVED_YEAR = 2020  # census year; later values are CONAPO projections

DATA = SourceFile("conapo_pob_ent_gender_1950_2070.csv", date(2023, 8, 4),
                  pattern="conapo_pob_ent_gender_*.csv")


class ConapoPopulation(Adapter):
    id = "conapo_population"
    title = "Proyecciones de la Población de México y de las Entidades Federativas (por sexo, 1950-2070)"
    publisher = "Consejo Nacional de Población"
    owner_agency = "CONAPO"
    country = "MX"
    licence = "Libre Uso MX (free use with attribution)"
    url = "https://www.gob.mx/conapo"
    files = (DATA,)

    def parse(self, path: Path, rows: Rows) -> None:
        sheet = read_csv(path, required=["n_year", "cve_ent", "genero"])
        check_columns(sheet, COLUMNS)
        for i, r in enumerate(sheet.frame.to_dict("records")):
            n = sheet.row_of(i)
            y = r["n_year"].strip()
            where = jurisdictions.try_by_code("inegi_cve_ent", r["cve_ent"])
            sex = SEXES.get(r["genero"].strip())
            if not re.fullmatch(r"\d{4}", y):
                rows.fail(n, "n_year", y, "a 4-digit year", "fix the year")
            if where is None:
                rows.fail(n, "cve_ent", r["cve_ent"], "an INEGI state code 00-32 (00 = national)",
                          "keep cve_ent as text with its leading zero, e.g. 02 for Baja California")
            if sex is None:
                rows.fail(n, "genero", r["genero"], "Hombres, Mujeres or Total", "fix the sex label")
            if None in (where, sex) or not re.fullmatch(r"\d{4}", y):
                continue
            projected = int(y) > LAST_OBSERVED_YEAR
            rows.add(row=n, indicator="population", jurisdiction=where, period=year(int(y)),
                     sex=sex, value=r["pob_mid_year"], unit="person", column="pob_mid_year",
                     status=Status.ESTIMATED if projected else None,
                     note="CONAPO projection" if projected else None)
