"""The trilateral summary: the latest comparable national figure per country and measure.

Measures are declared as data (MEASURES). For each country the summary takes the latest
national observation that carries a value; a country with none is shown as a data gap,
never left out. Rates per 100,000 are taken as published when the source gives them for
the same cell, else computed from a population observation for the period's year.
"""

from __future__ import annotations

from dataclasses import dataclass

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

_LATEST_SQL = """
SELECT indicator_id, jurisdiction_id, substance_id, period_type, period_start, period_end,
       unit, value, status, source_id, vintage, note
FROM (SELECT o.*, row_number() OVER (PARTITION BY key_id ORDER BY vintage DESC) AS rn
      FROM observations o
      WHERE jurisdiction_id = ? AND indicator_id = ? AND unit = ? AND setting = ?
        AND sex = 'all' AND age_group = 'all' AND manner = 'all' AND value IS NOT NULL) v
WHERE rn = 1
"""


def _candidates(store: Store, country: str, spec: Spec) -> pd.DataFrame:
    df = store.df(_LATEST_SQL, [country, spec.indicator, spec.unit, spec.setting])
    if spec.substances:
        df = df[df["substance_id"].isin(spec.substances)]
    else:
        df = df[df["substance_id"].isna()]
    return df[df["period_type"].isin(spec.period_types)]


def _pick(df: pd.DataFrame, spec: Spec) -> pd.Series | None:
    """Latest period end; among ties the preferred substance, then period type."""
    if df.empty:
        return None
    order = df.assign(
        _s=df["substance_id"].map(lambda s: spec.substances.index(s) if s in spec.substances else 0),
        _p=df["period_type"].map(spec.period_types.index),
    ).sort_values(["period_end", "_s", "_p"], ascending=[False, True, True])
    return order.iloc[0]


def _population(store: Store, jurisdiction: str, year: int) -> tuple[float, str] | None:
    df = store.df(
        "SELECT value, source_id, vintage FROM observations WHERE indicator_id = 'population' "
        "AND jurisdiction_id = ? AND period_type = 'year' AND period_start = ? AND sex = 'all' "
        "AND age_group = 'all' AND value IS NOT NULL ORDER BY vintage DESC",
        [jurisdiction, pd.Timestamp(year=year, month=1, day=1).date()],
    )
    return (float(df["value"].iloc[0]), df["source_id"].iloc[0]) if len(df) else None


def _published_rate(store: Store, row: pd.Series, setting: str) -> float | None:
    v = store.scalar(
        "SELECT value FROM observations WHERE indicator_id IN (?, 'death_rate') AND unit = 'per_100k' "
        "AND jurisdiction_id = ? AND substance_id IS NOT DISTINCT FROM ? AND period_start = ? "
        "AND period_end = ? AND source_id = ? AND setting = ? AND sex = 'all' AND age_group = 'all' "
        "AND manner = 'all' AND value IS NOT NULL ORDER BY vintage DESC LIMIT 1",
        [row["indicator_id"], row["jurisdiction_id"], _none(row["substance_id"]), row["period_start"],
         row["period_end"], row["source_id"], setting],
    )
    return None if v is None else float(v)


def _none(v):
    return None if v is None or (isinstance(v, float) and v != v) else v


def summary(store: Store, lang: str = "en") -> pd.DataFrame:
    """One row per measure and country: value, rate per 100,000, period, source, note."""
    out = []
    for measure, per_country in MEASURES.items():
        for country in COUNTRIES:
            row = None
            spec = per_country[country][0]
            for spec in per_country[country]:
                row = _pick(_candidates(store, country, spec), spec)
                if row is not None:
                    break
            out.append(_row(store, measure, country, spec, row, lang))
    return pd.DataFrame(out)


def _row(store: Store, measure: str, country: str, spec: Spec, row: pd.Series | None, lang: str) -> dict:
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
        rate = _published_rate(store, row, spec.setting)
        if rate is not None:
            notes.append(t("rate.published", lang))
        elif row["indicator_id"] == "drug_deaths":
            pop = _population(store, country, end.year)
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
