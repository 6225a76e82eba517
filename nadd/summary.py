"""The trilateral summary: the latest comparable national figure per country and measure.

Measures are declared as data (MEASURES). For each country the summary takes the latest
national observation that carries a value; a country with none is shown as a data gap,
never left out. Rates per 100,000 are taken as published when the source gives them for
the same cell, else computed from a population observation for the period's year.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from nadd.i18n import t
from nadd.store import Store

COUNTRIES = ("US", "CA", "MX")
# Period types that are comparable as annual figures, best first.
ANNUAL = ("year", "months12_ending")


@dataclass(frozen=True)
class Spec:
    """Where one country's figure for a measure comes from (first spec with data wins)."""

    indicator: str
    substances: tuple[str, ...]
    unit: str = "count"
    period_types: tuple[str, ...] = ANNUAL
    setting: str = "all"


MEASURES: dict[str, dict[str, tuple[Spec, ...]]] = {
    "opioid_deaths": {c: (Spec("drug_deaths", ("opioids", "icd-t40.0-t40.4-t40.6")),) for c in COUNTRIES},
    "synthetic_opioid_deaths": {
        **{c: (Spec("drug_deaths", ("fentanyl", "icd-t40.4")),) for c in COUNTRIES},
        # PHAC publishes fentanyl as a share of opioid deaths, not as a count.
        "CA": (Spec("drug_deaths", ("fentanyl",)),
               Spec("drug_deaths", ("fentanyl",), unit="percent", setting="type-of-opioids")),
    },
    "stimulant_deaths": {c: (Spec("drug_deaths", ("stimulants",)),) for c in COUNTRIES},
    "all_drug_deaths": {c: (Spec("drug_deaths", ("all-drugs",)),) for c in COUNTRIES},
    "fentanyl_seized": {c: (Spec("seized_quantity", ("fentanyl",), unit="kg"),
                            Spec("seized_quantity", ("fentanyl",), unit="lb")) for c in COUNTRIES},
    "drug_crime": {c: (Spec("drug_crime_incidents", (), setting="narcomenudeo"),) for c in COUNTRIES},
}

# Every national record the summary may use, all vintages: the measures' indicators, the
# published rates and the populations. One read; the choices below are made in Python on it
# (18 measure x country cells used to cost ~25 reads of the store).
_POOL_SQL = """
SELECT key_id, indicator_id, jurisdiction_id, substance_id, period_type, period_start, period_end,
       unit, value, status, source_id, vintage, note, manner, setting
FROM observations
WHERE jurisdiction_id IN ({countries}) AND indicator_id IN ({indicators})
  AND sex = 'all' AND age_group = 'all' AND value IS NOT NULL
"""


def _indicators() -> list[str]:
    found = {spec.indicator for per in MEASURES.values() for specs in per.values() for spec in specs}
    return sorted(found | {"death_rate", "population"})


class _Pool:
    """The pool's rows by (jurisdiction, indicator), and the three lookups of the summary."""

    def __init__(self, store: Store):
        inds = _indicators()
        sql = _POOL_SQL.format(countries=", ".join("?" * len(COUNTRIES)),
                               indicators=", ".join("?" * len(inds)))
        self.rows: dict[tuple[str, str], list[dict]] = {}
        for r in store.query(sql, [*COUNTRIES, *inds]).to_pylist():
            self.rows.setdefault((r["jurisdiction_id"], r["indicator_id"]), []).append(r)

    def candidates(self, country: str, spec: Spec) -> list[dict]:
        """The latest vintage of each key with a value, then the spec's substances and periods."""
        latest: dict = {}
        for r in self.rows.get((country, spec.indicator), ()):
            if r["unit"] != spec.unit or r["setting"] != spec.setting or r["manner"] != "all":
                continue
            seen = latest.get(r["key_id"])
            if seen is None or r["vintage"] > seen["vintage"]:
                latest[r["key_id"]] = r
        return [r for r in latest.values()
                if (r["substance_id"] in spec.substances if spec.substances else r["substance_id"] is None)
                and r["period_type"] in spec.period_types]

    def population(self, jurisdiction: str, year: int) -> tuple[float, str] | None:
        start = date(year, 1, 1)
        rows = [r for r in self.rows.get((jurisdiction, "population"), ())
                if r["period_type"] == "year" and r["period_start"] == start]
        if not rows:
            return None
        r = max(rows, key=lambda r: r["vintage"])
        return float(r["value"]), r["source_id"]

    def published_rate(self, row: dict, setting: str) -> float | None:
        rows = [r for ind in dict.fromkeys((row["indicator_id"], "death_rate"))
                for r in self.rows.get((row["jurisdiction_id"], ind), ())
                if r["unit"] == "per_100k" and r["substance_id"] == row["substance_id"]
                and r["period_start"] == row["period_start"] and r["period_end"] == row["period_end"]
                and r["source_id"] == row["source_id"] and r["setting"] == setting
                and r["manner"] == "all"]
        return float(max(rows, key=lambda r: r["vintage"])["value"]) if rows else None


def _pick(rows: list[dict], spec: Spec) -> dict | None:
    """Latest period end; among ties the preferred substance, then period type."""
    if not rows:
        return None

    def rank(r: dict) -> tuple:
        s = spec.substances.index(r["substance_id"]) if r["substance_id"] in spec.substances else 0
        return (-r["period_end"].toordinal(), s, spec.period_types.index(r["period_type"]),
                r["source_id"], str(r["key_id"]))

    return min(rows, key=rank)


def summary(store: Store, lang: str = "en") -> pd.DataFrame:
    """One row per measure and country: value, rate per 100,000, period, source, note."""
    pool = _Pool(store)
    out = []
    for measure, per_country in MEASURES.items():
        for country in COUNTRIES:
            row = None
            spec = per_country[country][0]
            for spec in per_country[country]:
                row = _pick(pool.candidates(country, spec), spec)
                if row is not None:
                    break
            out.append(_row(pool, measure, country, spec, row, lang))
    return pd.DataFrame(out)


def _row(pool: _Pool, measure: str, country: str, spec: Spec, row: dict | None, lang: str) -> dict:
    base = {"measure_id": measure, "measure": t(f"measure.{measure}", lang), "country_id": country,
            "country": t(f"country.{country}", lang)}
    if row is None:
        return {**base, "period": "", "value": None, "unit": spec.unit, "rate_per_100k": None,
                "source": "", "status": "data_gap", "note": t("gap", lang)}
    end = row["period_end"]
    if row["period_type"] == "year":
        period = str(end.year)
    else:
        period = t("rolling", lang, month=f"{end.year}-{end.month:02d}")
    notes, rate = [], None
    if row["unit"] == "count":
        rate = pool.published_rate(row, spec.setting)
        if rate is not None:
            notes.append(t("rate.published", lang))
        elif row["indicator_id"] == "drug_deaths":
            pop = pool.population(country, end.year)
            if pop:
                rate = row["value"] / pop[0] * 100_000
                notes.append(t("rate.computed", lang, year=end.year, source=pop[1]))
            else:
                notes.append(t("rate.none", lang, year=end.year))
    if row["unit"] == "percent" and spec.setting == "type-of-opioids":
        notes.append(t("share_of_opioid_deaths", lang))
    if row["status"] == "provisional":
        notes.append(t("provisional", lang))
    return {**base, "period": period, "value": float(row["value"]), "unit": row["unit"],
            "rate_per_100k": rate, "source": row["source_id"], "status": row["status"],
            "note": "; ".join(notes)}
