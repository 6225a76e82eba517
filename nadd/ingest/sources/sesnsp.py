"""SESNSP incidencia delictiva del fuero común, state x year: narcomenudeo and firearm crimes.

A derived subset (isaacarroyov/datos_facil_acceso) of the SESNSP state open data: counts of
crimes in investigation files, and rates per 100,000 inhabitants (CONAPO population).

- Narcomenudeo (retail drug dealing) -> drug_crime_incidents, setting ``narcomenudeo``
  (fuero común only: federal drug crimes are not in this file).
- "Con arma de fuego" homicides, injuries and femicides -> firearm_crimes, setting = the
  crime subtype slug (``homicidio-doloso``, ``lesiones-culposas``, ``feminicidio``...).
- ``n_delitos_x100kmujeres`` (femicide per 100,000 women) is the rate in the female
  population: sex ``female``, unit per_100k.

The year of the release being loaded (its vintage: 2025 for the bundled copy of August 2025)
is partial: a partial year is not a year, so its rows are skipped. A later release loaded with
``--vintage`` keeps every year before its own.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from pathlib import Path

from nadd.ingest.adapter import Adapter, Rows, SourceFile
from nadd.ingest.readers import check_columns, read_csv
from nadd.model import jurisdictions
from nadd.model.periods import year

COLUMNS = ["n_year", "cve_ent", "nombre_estado", "tipo_de_delito", "subtipo_de_delito",
           "modalidad", "n_delitos", "n_delitos_x100khab", "n_delitos_x100kmujeres"]
FIREARM = "Con arma de fuego"
PER_100K_WOMEN_NOTE = "per 100,000 women (femicide rate in the female population)"
# (year, cve_ent, setting) -> note; PROVENANCE caveats about values that are not real zeros.
ANOMALIES = {
    (2015, "02", "narcomenudeo"): "ANOMALY: Baja California reports 0 narcomenudeo in 2015 "
                                  "(reporting artefact, not an absence of crime)",
}

DATA = SourceFile("sesnsp_fuero_comun_estado_anual_narcomenudeo_armas_fuego_2015_2025.csv",
                  date(2025, 8, 24), pattern="sesnsp_fuero_comun_estado_anual_*.csv")


class Sesnsp(Adapter):
    id = "sesnsp"
    title = "Incidencia delictiva del fuero común (estatal, anual): narcomenudeo y delitos con arma de fuego"
    publisher = "Secretariado Ejecutivo del Sistema Nacional de Seguridad Pública"
    owner_agency = "SESNSP"
    country = "MX"
    licence = "Libre Uso MX (free use with attribution)"
    url = "https://www.gob.mx/sesnsp/acciones-y-programas/datos-abiertos-de-incidencia-delictiva"
    files = (DATA,)

    def parse(self, path: Path, rows: Rows) -> None:
        sheet = read_csv(path, required=["n_year", "cve_ent", "n_delitos"])
        check_columns(sheet, COLUMNS)
        # The year of the release being loaded is incomplete (rows.vintage: --vintage for a new
        # release); the bundled file's vintage only when parse is called without one.
        partial_from = (rows.vintage or (self.file_for(path) or DATA).vintage).year
        for i, r in enumerate(sheet.frame.to_dict("records")):
            n = sheet.row_of(i)
            y = r["n_year"].strip()
            if not re.fullmatch(r"(19|20)\d\d", y):
                rows.fail(n, "n_year", y, "a 4-digit year", "fix the year")
                continue
            if int(y) >= partial_from:
                continue
            where = jurisdictions.try_by_code("inegi_cve_ent", r["cve_ent"])
            if where is None:
                rows.fail(n, "cve_ent", r["cve_ent"], "an INEGI state code 00-32 (00 = national)",
                          "keep cve_ent as text with its leading zero, e.g. 02 for Baja California")
                continue
            crime = _crime(rows, n, r)
            if crime is None:
                continue
            note = ANOMALIES.get((int(y), r["cve_ent"].strip(), crime["setting"]))
            common = {"row": n, "jurisdiction": where, "period": year(int(y)), **crime}
            rows.add(**common, value=r["n_delitos"], unit="count", column="n_delitos", note=note)
            rows.add(**common, value=r["n_delitos_x100khab"], unit="per_100k", column="n_delitos_x100khab",
                     note=note)
            if r["n_delitos_x100kmujeres"].strip():
                rows.add(**common, value=r["n_delitos_x100kmujeres"], unit="per_100k", sex="female",
                         column="n_delitos_x100kmujeres", note=PER_100K_WOMEN_NOTE)


def _crime(rows: Rows, n: int, r: dict) -> dict | None:
    """indicator and setting of one crime row."""
    if r["tipo_de_delito"].strip() == "Narcomenudeo":
        return {"indicator": "drug_crime_incidents", "setting": "narcomenudeo"}
    if r["modalidad"].strip() == FIREARM:
        return {"indicator": "firearm_crimes", "setting": slug(r["subtipo_de_delito"])}
    rows.fail(n, "modalidad", r["modalidad"], f"Narcomenudeo or {FIREARM!r}",
              "this file holds narcomenudeo and firearm crimes only; filter the SESNSP table first")
    return None


def slug(text: str) -> str:
    """'Homicidio doloso' -> 'homicidio-doloso' (accents dropped)."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return "-".join(re.findall(r"[a-z0-9]+", plain))
