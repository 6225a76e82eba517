"""What the API serves, read through the policy: record pages, series, map cells, catalogue.

Record-level reads go through ``scoped`` (``policy.visible_sql`` on every guarded table).
The map is an aggregate: its cells may include records the viewer cannot see individually
(never TLP:RED ones); their hidden part is protected by ``suppress``.
"""

from __future__ import annotations

import math
from datetime import date

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from nadd import observations as O
from nadd.access.policy import aggregable_sql, is_public_sql, visible_sql
from nadd.access.principal import Principal
from nadd.access.scoped import scoped
from nadd.access.suppress import suppress_rows
from nadd.model import jurisdictions as J
from nadd.observations import Filter, count, query
from nadd.store import Store

__all__ = ["map_cells", "map_from_sums", "map_sums", "meta", "n_restricted", "n_restricted_table",
           "observations_page", "observations_page_table", "series", "sources"]


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


def observations_page_table(store: Store, p: Principal, flt: Filter, *, page: int = 1,
                            page_size: int = 100) -> tuple[pa.Table, int]:
    """``observations_page`` as Arrow, the page and its total in one read (for JSON pages)."""
    return O.page(scoped(store, p), flt, limit=page_size, offset=(page - 1) * page_size)


def n_restricted_table(t: pa.Table) -> int:
    """``n_restricted`` of an Arrow record table."""
    if not t.num_rows or "releasability" not in t.column_names:
        return 0
    restricted = pc.or_(pc.not_equal(t["releasability"], "public"), pc.not_equal(t["tlp"], "TLP:CLEAR"))
    return int(pc.sum(pc.cast(restricted, pa.int64())).as_py() or 0)


SERIES_KEYS = ("source_id", "indicator_id", "jurisdiction_id", "substance_id", "unit", "setting",
               "period_type", "sex", "age_group", "manner")


def series(store: Store, p: Principal, flt: Filter, *, records: pa.Table | None = None) -> list[dict]:
    """Visible series (one per source, unit and stratum) with the latest detection's upper bound.

    ``records``: ``query_table`` of ``flt`` as ``p`` sees it, when the caller has it already.
    Plain lists and dicts throughout (no pandas): this runs on every uncached series request."""
    view = scoped(store, p)
    rows = (O.query_table(view, flt) if records is None else records).to_pylist()
    if not rows:
        return []
    place = [rows[0]["indicator_id"], rows[0]["jurisdiction_id"]]
    # the scoped read joins the records (~6 ms even on an empty table); a plain look whether
    # the place has any detection result at all decides if it is needed (nothing of it is shown)
    det = view.query(
        "SELECT d.observation_id, d.method, d.expected, d.upperbound, d.alarm, r.created_at "
        "FROM detection_results d JOIN detection_runs r ON r.run_id = d.run_id "
        "WHERE d.indicator_id = ? AND d.jurisdiction_id = ? AND d.monitored", place
    ).to_pylist() if store.scalar(
        "SELECT count(*) FROM (SELECT 1 FROM detection_results WHERE indicator_id = ? "
        "AND jurisdiction_id = ? AND monitored LIMIT 1) x", place) else []
    # (observation id, method) -> the latest run's numbers (stable sort: later rows win ties)
    found: dict[tuple[str, str], dict] = {}
    for r in sorted(det, key=lambda r: (r["created_at"] is None, r["created_at"] or 0)):
        found[(str(r["observation_id"]), r["method"])] = {
            "expected": _num(r["expected"]), "upperbound": _num(r["upperbound"]),
            "alarm": bool(r["alarm"] == 1)}
    methods_all = sorted({m for _, m in found})
    groups: dict[tuple, dict] = {}
    for r in sorted(rows, key=lambda r: r["period_start"]):
        key = tuple(None if _na(r[k]) else r[k] for k in SERIES_KEYS)
        g = groups.get(key)
        if g is None:
            g = groups[key] = {**dict(zip(SERIES_KEYS, key, strict=True)), "methods": set(),
                               "points": [], "n_restricted": 0}
        oid = str(r["id"])
        pt = {"observation_id": oid, "period_start": _day(r["period_start"]),
              "period_end": _day(r["period_end"]), "value": _num(r["value"]),
              "status": r["status"], "vintage": _day(r["vintage"]),
              "releasability": r["releasability"], "tlp": r["tlp"]}
        for m in methods_all:
            if (oid, m) in found:
                pt.setdefault("detection", {})[m] = found[(oid, m)]
                g["methods"].add(m)
        g["points"].append(pt)
        g["n_restricted"] += int(r["releasability"] != "public" or r["tlp"] != "TLP:CLEAR")
    return [{**g, "methods": sorted(g["methods"])} for _, g in sorted(
        groups.items(), key=lambda kv: tuple("" if x is None else str(x) for x in kv[0]))]


def _na(v) -> bool:
    return v is None or (isinstance(v, float) and v != v) or v is pd.NA


def _num(v) -> float | None:
    return None if _na(v) else float(v)


def _day(v) -> str:
    return str(v)[:10]


def map_cells(store: Store, p: Principal, *, indicator: str, period_start: date | None = None,
              period_type: str | None = None, substance: str | None = None,
              source: str | None = None, setting: str = "all", rollup: bool = False,
              every_period: int | None = None) -> dict:
    """Value per state/province of one layer (source, unit), small hidden parts suppressed.

    A cell sums the latest vintage of every record of the layer in the jurisdiction and
    period (all of a breakdown's settings when the source publishes no ``setting`` total).
    Records ``p`` cannot see count towards the cell (never TLP:RED ones); a hidden part of 1-9
    is suppressed, with complementary suppression within each country.
    ``rollup``: read the pre-summed ``map_rollup`` (``nadd.access.rollup``; the caller checks
    that it is current) instead of the records; the answer is the same. ``every_period``: return
    ``{"sums": ...}``, the sums of every period (at most that many rows, else None): ``map_sums``.
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

    def sums(sub: str, sp: list, by_period: bool = False, limit: str = "") -> tuple[str, list]:
        """Each cell's total, visible part and counts, per layer, setting and jurisdiction."""
        group = "o.source_id, o.unit, o.setting, o.jurisdiction_id, o.period_type" + \
            (", o.period_start" if by_period else "")
        return (f"SELECT {group}, "
                f"sum(o.value) AS value, sum(CASE WHEN {vis} THEN o.value ELSE 0 END) AS visible_value, "
                f"sum(o.n) AS n, sum(CASE WHEN {vis} THEN 0 ELSE o.n END) AS n_hidden, "
                f"sum(CASE WHEN {vis} AND NOT ({pub}) THEN o.n ELSE 0 END) AS n_restricted_seen "
                f"FROM ({sub}) o GROUP BY {group}{limit}", [*vp, *vp, *vp, *pp, *sp])

    if every_period is not None:  # every period's sums at once (see map_sums)
        t = store.query(*sums(*cells_from("", []), by_period=True, limit=f" LIMIT {every_period + 1}"))
        return {"sums": None if t.num_rows > every_period else t.to_pylist()}
    if period_start is None:
        sub, sp = cells_from("", [])
        period_start = store.scalar(f"SELECT max(period_start) FROM ({sub}) x", sp)
        if period_start is None:
            return {"period_start": None, "layers": [], "cells": [], "totals": []}
    rows = store.query(*sums(*cells_from(" AND o.period_start = ?", [period_start]))).to_pylist()
    return {"period_start": _day(period_start), **_map_layer(rows, setting)}


def map_sums(store: Store, p: Principal, *, indicator: str, period_type: str | None = None,
             substance: str | None = None, source: str | None = None,
             limit: int = 20_000) -> list[dict] | None:
    """The map's cell sums for *every* period of a layer, from the roll-up (current: the caller
    checks), in one read; ``map_from_sums`` then gives any period's map as ``map_cells`` does
    (a dashboard steps through the months of one map). None above ``limit`` rows."""
    return map_cells(store, p, indicator=indicator, period_type=period_type, substance=substance,
                     source=source, rollup=True, every_period=limit)["sums"]


def map_from_sums(sums: list[dict], *, period_start: date | None = None, setting: str = "all") -> dict:
    """``map_cells`` of one period (None: the latest) from ``map_sums``: the same answer."""
    if period_start is None:
        period_start = max((r["period_start"] for r in sums), default=None)
        if period_start is None:
            return {"period_start": None, "layers": [], "cells": [], "totals": []}
    rows = [r for r in sums if r["period_start"] == period_start]
    return {"period_start": _day(period_start), **_map_layer(rows, setting)}


_MEASURES = ("value", "visible_value", "n", "n_hidden", "n_restricted_seen")


def _map_layer(rows: list[dict], setting: str) -> dict:
    """The map's cells from the per-(layer, setting, jurisdiction) sums: the layer covering the
    most jurisdictions, its settings' total (or their sum), suppression. Plain Python."""
    rows = [r for r in rows if J.exists(r["jurisdiction_id"])
            and J.get(r["jurisdiction_id"]).level == "subdivision"]
    if not rows:
        return {"layers": [], "cells": [], "totals": []}
    # settings: the published total when there is one, else the sum of the breakdown
    with_total = {(r["source_id"], r["unit"]) for r in rows if r["setting"] == setting}
    rows = [r for r in rows if r["setting"] == setting or (r["source_id"], r["unit"]) not in with_total]
    places: dict[tuple, set] = {}
    for r in rows:
        places.setdefault((r["source_id"], r["unit"], r["period_type"]), set()).add(r["jurisdiction_id"])
    layers = sorted(({"source_id": s, "unit": u, "period_type": t, "jurisdictions": len(js)}
                     for (s, u, t), js in places.items()),
                    key=lambda x: (-x["jurisdictions"], x["source_id"], x["unit"], x["period_type"]))
    top = layers[0]
    by_place: dict[str, list[dict]] = {}
    for r in rows:
        if (r["source_id"], r["unit"], r["period_type"]) == (top["source_id"], top["unit"], top["period_type"]):
            by_place.setdefault(r["jurisdiction_id"], []).append(r)
    cells = []
    for j in sorted(by_place):
        c = {"jurisdiction_id": j, "country": J.get(j).country}
        for m in _MEASURES:
            vals = [r[m] for r in by_place[j]]
            c[m] = math.fsum(vals) if m in ("value", "visible_value") else sum(vals)
        cells.append(c)
    if top["unit"] == "count":
        for c in cells:
            c["hidden"] = c["value"] - c["visible_value"]
        out, totals = suppress_rows(cells, [["country"]])
    else:  # a rate or share of a hidden record cannot be summed away: show only what is visible
        out = [{**c, "suppressed": "restricted" if c["n_hidden"] > 0 else ""} for c in cells]
        for c in out:
            if c["suppressed"]:
                c["value"] = None
        totals = []
    return {
        "source_id": top["source_id"], "unit": top["unit"], "period_type": top["period_type"],
        "layers": layers,
        "cells": [{"jurisdiction_id": c["jurisdiction_id"], "country": c["country"],
                   "value": None if c["value"] is None else float(c["value"]),
                   "suppressed": c["suppressed"],
                   "includes_restricted": bool(c["n_hidden"] or c["n_restricted_seen"])} for c in out],
        "totals": [{"country": t["country"], "value": t["value"], "suppressed": t["suppressed"]}
                   for t in totals],
        # restricted records the viewer sees in a cell (hidden ones reach them only suppressed)
        "n_restricted": int(sum(c["n_restricted_seen"] for c in cells)),
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
