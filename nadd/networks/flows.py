"""Routes and flows by mode: origin -> transit -> destination, ready for a Sankey diagram or a map.

An incident's route is its origin country, its transit countries in order, and its destination
(country, or the destination state/province at ``level="place"``); repeated stops are collapsed.
Quantities are the incident's seized mass in kilograms (items in mass units; dosage units and
volumes are counted separately, never mixed into kilograms).
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise

import pandas as pd

from nadd.model import units

POSTAL_MODES = ("international_mail", "express_consignment")
MASS = ("kg", "g", "mg", "lb", "oz", "t")


@dataclass(frozen=True)
class Flows:
    """routes: one row per distinct route and mode. nodes/links: a staged Sankey graph."""

    routes: pd.DataFrame
    nodes: pd.DataFrame
    links: pd.DataFrame

    def to_dict(self) -> dict:
        return {"nodes": self.nodes.to_dict("records"), "links": self.links.to_dict("records"),
                "routes": self.routes.to_dict("records")}


def incident_kg(items: pd.DataFrame | None) -> pd.DataFrame:
    """Per incident: kg seized (mass items converted) and the count of non-mass units."""
    if items is None or items.empty:
        return pd.DataFrame(columns=["incident_id", "quantity_kg", "other_units"])
    it = items.copy()
    unit = it["unit"].astype("string").str.strip().str.lower()
    it["kg"] = 0.0
    for u in MASS:
        sel = unit == u
        if sel.any():
            it.loc[sel, "kg"] = units.convert(it.loc[sel, "quantity"].fillna(0).to_numpy(), u, "kg")
    it["other"] = (~unit.isin(MASS)).astype(int)
    g = it.groupby("incident_id").agg(quantity_kg=("kg", "sum"), other_units=("other", "sum"))
    return g.reset_index()


def route_of(origin: object, transit: object, destination: object) -> list[str]:
    """['CN', 'MX', 'US'] from origin 'CN', transit 'MX' (';'-joined) and destination 'US'."""
    stops = [origin] + (str(transit).split(";") if transit is not None and not pd.isna(transit) else [])
    stops.append(destination)
    out: list[str] = []
    for s in stops:
        if s is None or pd.isna(s) or not str(s).strip():
            continue
        s = str(s).strip()
        if not out or out[-1] != s:
            out.append(s)
    return out


def route_flows(incidents: pd.DataFrame, items: pd.DataFrame | None = None, *,
                modes: tuple[str, ...] | None = None, level: str = "country",
                kinds: tuple[str, ...] | None = None) -> Flows:
    """Counts and quantities per route and mode; Sankey nodes (stage:place) and links.

    ``level="place"`` ends routes at destination_jurisdiction_id (state/province) instead of the
    country. ``modes`` keeps only those modes (POSTAL_MODES for postal and express flows).
    Node ids carry their stage (O origin, T1.. transit, D destination) so that a country seen
    both as transit and destination does not make a cycle the diagram cannot draw.
    """
    inc = incidents
    if modes:
        inc = inc[inc["mode"].isin(modes)]
    if kinds:
        inc = inc[inc["kind"].isin(kinds)]
    inc = inc.merge(incident_kg(items), on="incident_id", how="left")
    inc["quantity_kg"] = inc["quantity_kg"].fillna(0.0)
    dest_col = "destination_jurisdiction_id" if level == "place" else "destination_country"
    recs, links = [], []
    for r in inc.itertuples(index=False):
        dest = getattr(r, dest_col, None)
        if level == "place" and (dest is None or pd.isna(dest)):
            dest = getattr(r, "destination_country", None)
        path = route_of(getattr(r, "origin_country", None), getattr(r, "transit_countries", None),
                        dest)
        if len(path) < 2:
            continue
        recs.append({"mode": r.mode, "origin": path[0], "transit": ";".join(path[1:-1]),
                     "destination": path[-1], "quantity_kg": r.quantity_kg})
        stages = ["O"] + [f"T{n}" for n in range(1, len(path) - 1)] + ["D"]
        ids = [f"{s}:{p}" for s, p in zip(stages, path, strict=True)]
        links.extend({"source": a, "target": b, "mode": r.mode, "quantity_kg": r.quantity_kg}
                     for a, b in pairwise(ids))
    routes = pd.DataFrame(recs, columns=["mode", "origin", "transit", "destination", "quantity_kg"])
    routes = (routes.groupby(["mode", "origin", "transit", "destination"], dropna=False)
              .agg(incidents=("quantity_kg", "size"), quantity_kg=("quantity_kg", "sum"))
              .reset_index().sort_values(["incidents", "quantity_kg"], ascending=False)
              .reset_index(drop=True))
    lk = pd.DataFrame(links, columns=["source", "target", "mode", "quantity_kg"])
    lk = (lk.groupby(["source", "target", "mode"])
          .agg(incidents=("quantity_kg", "size"), quantity_kg=("quantity_kg", "sum"))
          .reset_index().sort_values(["incidents", "source", "target"], ascending=[False, True, True])
          .reset_index(drop=True))
    ids = sorted(set(lk["source"]) | set(lk["target"]), key=_stage_order)
    nodes = pd.DataFrame({"id": ids, "stage": [i.split(":", 1)[0] for i in ids],
                          "label": [i.split(":", 1)[1] for i in ids]})
    return Flows(routes, nodes, lk)


def _stage_order(node_id: str) -> tuple[int, str]:
    stage, label = node_id.split(":", 1)
    rank = 0 if stage == "O" else 999 if stage == "D" else int(stage[1:])
    return rank, label
