"""The implementations before the speed pass (commit 63ebdc2), kept verbatim as the oracle the
pandas-free and one-read versions are checked against (tests/access/test_fast_views.py)."""

# ruff: noqa
from __future__ import annotations

from datetime import date

from dataclasses import dataclass

import pandas as pd

from nadd.i18n import t
from nadd.store import Store
from nadd.summary import ANNUAL, COUNTRIES, MEASURES, Spec


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


# ---- nadd/access/views.py: series and map_cells ----

from nadd.access.policy import aggregable_sql, is_public_sql, visible_sql
from nadd.access.principal import Principal
from nadd.access.scoped import scoped
from nadd.access.suppress import suppress
from nadd.model import jurisdictions as J
from nadd.observations import Filter, query

def series(store: Store, p: Principal, flt: Filter) -> list[dict]:
    """Visible series (one per source, unit and stratum) with the latest detection's upper bound."""
    view = scoped(store, p)
    df = query(view, flt)
    if df.empty:
        return []
    det = view.df(
        "SELECT d.observation_id, d.method, d.expected, d.upperbound, d.alarm, r.created_at "
        "FROM detection_results d JOIN detection_runs r ON r.run_id = d.run_id "
        "WHERE d.indicator_id = ? AND d.jurisdiction_id = ? AND d.monitored",
        [df["indicator_id"].iloc[0], df["jurisdiction_id"].iloc[0]])
    # (observation id, method) -> the latest run's numbers; plain dicts: this runs per request
    found: dict[tuple[str, str], dict] = {}
    for r in det.sort_values("created_at").itertuples(index=False):
        found[(str(r.observation_id), r.method)] = {
            "expected": _num(r.expected), "upperbound": _num(r.upperbound), "alarm": bool(r.alarm == 1)}
    methods_all = sorted({m for _, m in found})
    keys = ["source_id", "indicator_id", "jurisdiction_id", "substance_id", "unit", "setting",
            "period_type", "sex", "age_group", "manner"]
    groups: dict[tuple, dict] = {}
    for r in df.sort_values(["period_start"]).to_dict("records"):
        key = tuple(None if _na(r[k]) else r[k] for k in keys)
        g = groups.setdefault(key, {**dict(zip(keys, key, strict=True)), "methods": set(),
                                    "points": [], "n_restricted": 0})
        oid = str(r["id"])
        pt = {"observation_id": oid, "period_start": str(r["period_start"])[:10],
              "period_end": str(r["period_end"])[:10], "value": _num(r["value"]),
              "status": r["status"], "vintage": str(r["vintage"])[:10],
              "releasability": r["releasability"], "tlp": r["tlp"]}
        for m in methods_all:
            if (oid, m) in found:
                pt.setdefault("detection", {})[m] = found[(oid, m)]
                g["methods"].add(m)
        g["points"].append(pt)
        g["n_restricted"] += int(r["releasability"] != "public" or r["tlp"] != "TLP:CLEAR")
    out = [{**g, "methods": sorted(g["methods"])} for _, g in sorted(
        groups.items(), key=lambda kv: tuple("" if x is None else str(x) for x in kv[0]))]
    return out


def _na(v) -> bool:
    return v is None or (isinstance(v, float) and v != v) or v is pd.NA


def _num(v) -> float | None:
    return None if _na(v) else float(v)


def map_cells(store: Store, p: Principal, *, indicator: str, period_start: date | None = None,
              period_type: str | None = None, substance: str | None = None,
              source: str | None = None, setting: str = "all", rollup: bool = False) -> dict:
    """Value per state/province of one layer (source, unit), small hidden parts suppressed.

    A cell sums the latest vintage of every record of the layer in the jurisdiction and
    period (all of a breakdown's settings when the source publishes no ``setting`` total).
    Records ``p`` cannot see count towards the cell (never TLP:RED ones); a hidden part of 1-9
    is suppressed, with complementary suppression within each country.
    ``rollup``: read the pre-summed ``map_rollup`` (``nadd.access.rollup``; the caller checks
    that it is current) instead of the records; the answer is the same.
    """
    vis, vp = visible_sql(p, "o")
    agg, ap = aggregable_sql("o")
    pub, pp = is_public_sql("o")
    clauses, params = ["o.indicator_id = ?", "o.sex = 'all'", "o.age_group = 'all'",
                       "o.manner = 'all'", "o.value IS NOT NULL"], [indicator]
    for col, v in (("o.substance_id", substance), ("o.source_id", source),
                   ("o.period_type", period_type)):
        if v is not None:
            clauses.append(f"{col} = ?")
            params.append(v)
    if substance is None:
        clauses.append("o.substance_id IS NULL")
    # the roll-up tables hold only strata totals (no sex/age/manner columns)
    rolled = " AND ".join(c for c in clauses if not c.startswith(("o.sex", "o.age_group", "o.manner")))

    def base(extra: str = "", table: str = "observations") -> str:
        # a key has one period, so filtering the period before the window is the same cell set
        where = " AND ".join(clauses) if table == "observations" else rolled
        return (f"SELECT o.*, row_number() OVER (PARTITION BY o.key_id ORDER BY o.vintage DESC) "
                f"AS rn FROM {table} o WHERE {where}{extra} AND (({agg}) OR ({vis}))")

    def cells_from(extra: str, extra_params: list) -> tuple[str, list]:
        """The latest visible-or-aggregable records (one row each, ``n`` = 1), or their
        pre-summed roll-up rows (one marking each, ``n`` records) plus the keys with a
        TLP:RED vintage, which keep the per-record logic."""
        if not rollup:
            return (f"SELECT o.*, 1 AS n FROM ({base(extra)}) o WHERE o.rn = 1",
                    [*params, *extra_params, *ap, *vp])
        cols = "o.source_id, o.unit, o.setting, o.jurisdiction_id, o.period_type, o.period_start, " \
               "o.value, o.owner_country, o.owner_agency, o.releasability, o.tlp"
        return (f"SELECT {cols}, o.n FROM map_rollup o WHERE {rolled}{extra} "
                f"AND (({agg}) OR ({vis})) UNION ALL SELECT {cols}, 1 AS n FROM "
                f"({base(extra, 'map_rollup_red')}) o WHERE o.rn = 1",
                [*params, *extra_params, *ap, *vp, *params, *extra_params, *ap, *vp])

    if period_start is None:
        sub, sp = cells_from("", [])
        period_start = store.scalar(f"SELECT max(period_start) FROM ({sub}) x", sp)
        if period_start is None:
            return {"period_start": None, "layers": [], "cells": [], "totals": []}
    sub, sp = cells_from(" AND o.period_start = ?", [period_start])
    df = store.df(
        f"SELECT o.source_id, o.unit, o.setting, o.jurisdiction_id, o.period_type, "
        f"sum(o.value) AS value, sum(CASE WHEN {vis} THEN o.value ELSE 0 END) AS visible_value, "
        f"sum(o.n) AS n, sum(CASE WHEN {vis} THEN 0 ELSE o.n END) AS n_hidden, "
        f"sum(CASE WHEN {vis} AND NOT ({pub}) THEN o.n ELSE 0 END) AS n_restricted_seen "
        f"FROM ({sub}) o "
        f"GROUP BY o.source_id, o.unit, o.setting, o.jurisdiction_id, o.period_type",
        [*vp, *vp, *vp, *pp, *sp])
    df = df[df["jurisdiction_id"].map(lambda j: J.exists(j) and J.get(j).level == "subdivision")]
    if df.empty:
        return {"period_start": str(period_start), "layers": [], "cells": [], "totals": []}
    # settings: the published total when there is one, else the sum of the breakdown
    has_total = df.groupby(["source_id", "unit"])["setting"].transform(lambda s: (s == setting).any())
    df = df[(df["setting"] == setting) | ~has_total]
    layers = (df.groupby(["source_id", "unit", "period_type"]).agg(n=("jurisdiction_id", "nunique"))
              .reset_index().sort_values(["n", "source_id"], ascending=[False, True]))
    top = layers.iloc[0]
    cells = df[(df["source_id"] == top["source_id"]) & (df["unit"] == top["unit"])
               & (df["period_type"] == top["period_type"])]
    cells = (cells.groupby("jurisdiction_id").agg(
        value=("value", "sum"), visible_value=("visible_value", "sum"), n=("n", "sum"),
        n_hidden=("n_hidden", "sum"), n_restricted_seen=("n_restricted_seen", "sum")).reset_index())
    cells["country"] = cells["jurisdiction_id"].map(lambda j: J.get(j).country)
    if top["unit"] == "count":
        cells["hidden"] = cells["value"] - cells["visible_value"]
        out, totals = suppress(cells, [["country"]])
    else:  # a rate or share of a hidden record cannot be summed away: show only what is visible
        out = cells.assign(suppressed="")
        out.loc[out["n_hidden"] > 0, "suppressed"] = "restricted"
        out["value"] = out["value"].astype("object").where(out["suppressed"] == "", None)
        totals = pd.DataFrame(columns=["margin", "country", "value", "suppressed"])
    return {
        "period_start": str(period_start)[:10], "source_id": top["source_id"], "unit": top["unit"],
        "period_type": top["period_type"],
        "layers": layers.rename(columns={"n": "jurisdictions"}).to_dict("records"),
        "cells": [{"jurisdiction_id": r.jurisdiction_id, "country": r.country,
                   "value": None if r.value is None else float(r.value), "suppressed": r.suppressed,
                   "includes_restricted": bool(r.n_hidden or r.n_restricted_seen)}
                  for r in out.itertuples(index=False)],
        "totals": [{"country": r["country"], "value": r["value"], "suppressed": r["suppressed"]}
                   for r in totals.to_dict("records")],
        # restricted records the viewer sees in a cell (hidden ones reach them only suppressed)
        "n_restricted": int(cells["n_restricted_seen"].sum()),
    }


