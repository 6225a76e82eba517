"""What the API serves, read through the policy: record pages, series, map cells, catalogue.

Record-level reads go through ``scoped`` (``policy.visible_sql`` on every guarded table).
The map is an aggregate: its cells may include records the viewer cannot see individually
(never TLP:RED ones); their hidden part is protected by ``suppress``.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from nadd.access.policy import aggregable_sql, is_public_sql, visible_sql
from nadd.access.principal import Principal
from nadd.access.scoped import scoped
from nadd.access.suppress import suppress
from nadd.model import jurisdictions as J
from nadd.observations import Filter, count, query
from nadd.store import Store

__all__ = ["map_cells", "meta", "n_restricted", "observations_page", "series", "sources"]


def n_restricted(df: pd.DataFrame) -> int:
    """How many rows of a record frame are not public (their read is audited)."""
    if df.empty or "releasability" not in df:
        return 0
    return int(((df["releasability"] != "public") | (df["tlp"] != "TLP:CLEAR")).sum())


def observations_page(store: Store, p: Principal, flt: Filter, *, page: int = 1,
                      page_size: int = 100) -> tuple[pd.DataFrame, int]:
    """One page of the observations ``p`` may see, and the total count."""
    view = scoped(store, p)
    total = count(view, flt)
    df = query(view, flt, limit=page_size, offset=(page - 1) * page_size)
    return df, total


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


def meta(store: Store) -> dict:
    """Indicators, jurisdictions and substances with EN/ES/FR names (reference tables)."""
    ind = store.df("SELECT id, default_unit, name_en, name_es, name_fr FROM indicators ORDER BY id")
    jur = store.df("SELECT id, level, country, parent_id, name_en, name_es, name_fr FROM jurisdictions "
                   "WHERE level IN ('country', 'subdivision') ORDER BY id")
    sub = store.df("SELECT id, kind, parent_id, name_en, name_es, name_fr FROM substances ORDER BY id")
    return {"indicators": _records(ind), "jurisdictions": _records(jur), "substances": _records(sub)}


def sources(store: Store) -> list[dict]:
    """Every loaded source: publisher, licence, provenance, synthetic flag, vintages."""
    df = store.df("SELECT s.id, s.title, s.publisher, s.country, s.licence, s.url, s.provenance, "
                  "s.synthetic, (SELECT max(vintage) FROM loads l WHERE l.source_id = s.id) AS "
                  "latest_vintage FROM sources s ORDER BY s.id")
    return _records(df)


def _records(df: pd.DataFrame) -> list[dict]:
    return [{k: (None if _na(v) else (str(v)[:10] if hasattr(v, "isoformat") else v))
             for k, v in r.items()} for r in df.to_dict("records")]


def restricted_evidence(store: Store, alert_ids: list[str]) -> dict[str, int]:
    """alert id -> how many of its evidence records are not public (for the audit log)."""
    if not alert_ids:
        return {}
    pub, pp = is_public_sql("o")
    out: dict[str, int] = {}
    for i in range(0, len(alert_ids), 500):
        chunk = alert_ids[i:i + 500]
        df = store.df(f"SELECT l.alert_id, count(*) AS n FROM alert_observations l JOIN observations o "
                      f"ON o.id = l.observation_id WHERE l.alert_id IN ({', '.join('?' * len(chunk))}) "
                      f"AND NOT ({pub}) GROUP BY l.alert_id", [*chunk, *pp])
        out.update(dict(zip(df["alert_id"], df["n"].astype(int), strict=True)))
    return out


def reviews(store: Store, alert_id: str) -> pd.DataFrame:
    """The review history of an alert, oldest first."""
    return store.df("SELECT * FROM alert_reviews WHERE alert_id = ? ORDER BY reviewed_at", [alert_id])
