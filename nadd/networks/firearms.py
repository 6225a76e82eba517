"""Firearms source analysis: where recovered crime guns were first sold, and how fast they came.

Time-to-crime (TTC) is ATF's: days from the firearm's first retail purchase to its recovery by
law enforcement; ATF reads a TTC under 3 years as a "short time-to-crime", an indicator of
trafficking (trafficking-references.md §5.2). Bands are the NFCTA's (<= 3 months, 3-7 months,
7 months-1 year, > 1 year) with the 3-year line added. Figures are by recovery country (the
country where the incident happened), as ATF's international reports are.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

DAYS_PER_YEAR = 365.25
SHORT_TTC_DAYS = 3 * DAYS_PER_YEAR
# Upper bounds in days of the NFCTA bands (3 months, 7 months, 1 year) and the 3-year line.
BANDS = (("le_3m", 3 * DAYS_PER_YEAR / 12), ("3m_7m", 7 * DAYS_PER_YEAR / 12),
         ("7m_1y", DAYS_PER_YEAR), ("1y_3y", SHORT_TTC_DAYS), ("gt_3y", np.inf))


def with_ttc(firearms: pd.DataFrame, incidents: pd.DataFrame | None = None) -> pd.DataFrame:
    """Firearms with ttc_days (given, else recovery_date - purchase_date) and recovery_country."""
    f = firearms.copy()
    ttc = pd.to_numeric(f.get("time_to_crime_days"), errors="coerce")
    if {"purchase_date", "recovery_date"} <= set(f.columns):
        derived = (pd.to_datetime(f["recovery_date"], errors="coerce")
                   - pd.to_datetime(f["purchase_date"], errors="coerce")).dt.days
        ttc = ttc.fillna(derived) if ttc is not None else derived
    f["ttc_days"] = ttc.where(ttc >= 0) if ttc is not None else np.nan
    if incidents is not None and "jurisdiction_id" in incidents:
        j = incidents.set_index("incident_id")["jurisdiction_id"].astype("string").str[:2]
        f["recovery_country"] = f["incident_id"].map(j)
    else:
        f["recovery_country"] = pd.NA
    return f


def ttc_summary(firearms: pd.DataFrame, incidents: pd.DataFrame | None = None) -> pd.DataFrame:
    """Per recovery country (and 'ALL'): firearms, traced (with TTC), median TTC, short-TTC share,
    and the share in each band."""
    f = with_ttc(firearms, incidents)
    groups = [("ALL", f)] + [(str(k), g) for k, g in f.groupby("recovery_country", dropna=True)]
    rows = []
    for country, g in groups:
        d = g["ttc_days"].dropna()
        row = {"recovery_country": country, "firearms": len(g), "with_ttc": len(d),
               "median_ttc_days": float(d.median()) if len(d) else np.nan,
               "median_ttc_years": float(d.median() / DAYS_PER_YEAR) if len(d) else np.nan,
               "share_short_ttc": float((d < SHORT_TTC_DAYS).mean()) if len(d) else np.nan}
        lo = -np.inf
        for name, hi in BANDS:
            row[f"share_{name}"] = float(((d > lo) & (d <= hi)).mean()) if len(d) else np.nan
            lo = hi
        rows.append(row)
    return pd.DataFrame(rows)


def source_table(firearms: pd.DataFrame, incidents: pd.DataFrame | None = None, *,
                 level: str = "country") -> pd.DataFrame:
    """Counts by recovery country and source (country, or state/province at level='place'),
    with the share of the recovery country's firearms and the median TTC of that source."""
    f = with_ttc(firearms, incidents)
    col = "source_jurisdiction_id" if level == "place" else "source_country"
    f["source"] = f[col].astype("string").fillna("unknown") if col in f else "unknown"
    f["recovery_country"] = f["recovery_country"].astype("string").fillna("unknown")
    g = (f.groupby(["recovery_country", "source"])
         .agg(firearms=("source", "size"), median_ttc_days=("ttc_days", "median"),
              short_ttc=("ttc_days", lambda s: int((s.dropna() < SHORT_TTC_DAYS).sum())))
         .reset_index())
    g["share"] = g["firearms"] / g.groupby("recovery_country")["firearms"].transform("sum")
    return g.sort_values(["recovery_country", "firearms", "source"],
                         ascending=[True, False, True]).reset_index(drop=True)
