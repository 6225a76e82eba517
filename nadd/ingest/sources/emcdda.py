"""EMCDDA (now EUDA) Statistical Bulletin 2019: European comparators, country x year.

Eight wide tables (country rows, one column per year, newest first):
- DRD-31/32 drug-induced deaths, males/females -> ``drug_deaths`` (all-drugs, by sex);
- PPP mean retail price (EUR per gram) and mean purity (%) of cocaine and brown heroin ->
  ``drug_price`` unit EUR with setting ``per-gram:study:<code>``, ``drug_purity`` unit percent
  with setting ``study:<code>`` (a country can run several studies: Belgium-A BE-1, Belgium-B BE-2);
- DLO-03 drug-law offences related to supply, heroin/cocaine -> ``drug_crime_incidents``,
  setting ``supply-offences``.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from nadd.ingest.adapter import Adapter, Rows, SourceFile
from nadd.ingest.readers import check_columns, read_excel
from nadd.model import jurisdictions
from nadd.model.periods import year

VINTAGE = date(2020, 5, 27)  # extraction commit; the bulletin gives no release date per table

# file -> (indicator, substance, unit, sex, setting template; {study} = the Study code)
TABLES = {
    "drugDeaths_maleDeaths.xlsx": ("drug_deaths", "all-drugs", "count", "male", "all"),
    "drugDeaths_femaleDeaths.xlsx": ("drug_deaths", "all-drugs", "count", "female", "all"),
    "pricePurity_cocainePriceMean.xlsx": ("drug_price", "cocaine", "EUR", "all", "per-gram:study:{study}"),
    "pricePurity_brownHeroinPriceMean.xlsx": ("drug_price", "heroin", "EUR", "all", "per-gram:study:{study}"),
    "pricePurity_purityCocaineMean.xlsx": ("drug_purity", "cocaine", "percent", "all", "study:{study}"),
    "pricePurity_purityBrownHeroinMean.xlsx": ("drug_purity", "heroin", "percent", "all", "study:{study}"),
    "drugOffenses_cocaineSuppliers.xlsx": ("drug_crime_incidents", "cocaine", "count", "all", "supply-offences"),
    "drugOffenses_heroinSuppliers.xlsx": ("drug_crime_incidents", "heroin", "count", "all", "supply-offences"),
}
NOTES = {"drug_price": "mean retail price per gram", "drug_purity": "mean purity"}
METHOD_NOTE = "EMCDDA methodological note for this country (marked * in the bulletin)"


def country_of(label: str) -> tuple[str | None, bool]:
    """'Spain *' -> ('ES', True); 'Belgium-A' / 'Uk-E' -> the country (the study is its own column).

    Names resolve through the jurisdiction reference, including its alt_name spellings
    ('Turkey' -> TR, 'Uk' -> GB; see tools/build_geo_reference.py SOURCE_ALT).
    """
    text = label.strip()
    flagged = text.endswith("*")
    text = re.sub(r"-[A-Z]$", "", text.rstrip("* ").strip())
    try:
        return jurisdictions.by_name(None, text, level="country"), flagged
    except Exception:
        return None, flagged


class Emcdda(Adapter):
    id = "emcdda"
    title = "EMCDDA Statistical Bulletin 2019: drug-induced deaths, price/purity, supply offences"
    publisher = "European Monitoring Centre for Drugs and Drug Addiction (EUDA)"
    owner_agency = "EMCDDA"
    country = "INT"
    licence = "(c) EMCDDA/EUDA, reproduction authorised with acknowledgement of the source"
    url = "https://www.emcdda.europa.eu/data/stats2019_en"
    files = tuple(SourceFile(name, VINTAGE) for name in TABLES)

    def parse(self, path: Path, rows: Rows) -> None:
        indicator, substance, unit, sex, setting = TABLES[rows.file]
        sheet = read_excel(path, required=["Country"])
        years = [c for c in sheet.frame.columns if re.fullmatch(r"(19|20)\d\d", c)]
        check_columns(sheet, ["Country"] + (["Study"] if "{study}" in setting else []))
        if not years:
            rows.fail(sheet.rows[0] - 1 if sheet.rows else 1, None, None, "year columns (2017, 2016, ...)",
                      "the header row must hold Country, then one column per year")
            return
        for i, r in enumerate(sheet.frame.to_dict("records")):
            n = sheet.row_of(i)
            where, flagged = country_of(r["Country"])
            if where is None:
                rows.fail(n, "Country", r["Country"], "a European country name",
                          "spell it as in ISO 3166, or add the spelling to SOURCE_ALT in "
                          "tools/build_geo_reference.py")
                continue
            study = r.get("Study", "").strip()
            if "{study}" in setting and not study:
                if any(r[y].strip() for y in years):
                    rows.fail(n, "Study", "", "a study code such as BE-1", "fill in the study code")
                continue  # a country without a study has no values
            note = "; ".join(x for x in (NOTES.get(indicator), METHOD_NOTE if flagged else None) if x)
            for y in years:
                rows.add(row=n, indicator=indicator, jurisdiction=where, period=year(int(y)),
                         substance=substance, sex=sex, unit=unit, value=r[y], column=y,
                         setting=setting.format(study=study.lower()), note=note or None)
