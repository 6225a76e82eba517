"""Incident search for the API and the web app: filters, free text, pages and the total.

Every clause runs under the one access predicate (``nadd.incidents.store.visible``) and the
free-text match on party names only looks at party records the reader may see, so a search
for a hidden party's name finds nothing rather than the incidents that party is in.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from nadd.incidents.store import visible
from nadd.store import Store


@dataclass(frozen=True)
class Query:
    """What to look for (every field optional; dates are ISO ``YYYY-MM-DD``)."""

    kinds: tuple[str, ...] = ()  # any of these kinds
    modes: tuple[str, ...] = ()  # any of these modes
    jurisdiction: str | None = None
    substance: str | None = None
    since: str | None = None
    until: str | None = None
    q: str | None = None  # party name (substring, any case) or tracking number


def _where(principal: Any, qy: Query) -> tuple[str, list[Any]]:
    where, params = visible(principal, "i")
    conds = [where]
    for col, vals in (("i.kind", qy.kinds), ("i.mode", qy.modes)):
        if vals:
            conds.append(f"{col} IN ({', '.join('?' * len(vals))})")
            params += list(vals)
    if qy.jurisdiction:
        conds.append("(i.jurisdiction_id = ? OR i.jurisdiction_id LIKE ?)")
        params += [qy.jurisdiction, f"{qy.jurisdiction}-%"]
    if qy.substance:
        w, p = visible(principal, "s")
        conds.append(f"i.incident_id IN (SELECT s.incident_id FROM incident_items s "
                     f"WHERE s.substance_id = ? AND {w})")
        params += [qy.substance, *p]
    if qy.since:
        conds.append("i.event_date >= CAST(? AS DATE)")
        params.append(qy.since)
    if qy.until:
        conds.append("i.event_date <= CAST(? AS DATE)")
        params.append(qy.until)
    text = (qy.q or "").strip()
    if text:
        w, p = visible(principal, "p")
        # tracking numbers are compared as agencies write them apart: case and spaces ignored
        conds.append("(upper(replace(coalesce(i.tracking_number, ''), ' ', '')) = ? OR i.incident_id IN "
                     f"(SELECT p.incident_id FROM parties p WHERE lower(p.full_name) LIKE ? AND {w}))")
        params += [text.upper().replace(" ", ""), f"%{text.lower()}%", *p]
    return " AND ".join(conds), params


def search(store: Store, principal: Any, qy: Query, *, page: int = 1,
           page_size: int | None = 100) -> tuple[pd.DataFrame, int]:
    """One page of the incidents ``principal`` may see matching ``qy`` (most recent first), and
    the total; ``page_size=None`` returns every match (exports)."""
    where, params = _where(principal, qy)
    total = int(store.scalar(f"SELECT count(*) FROM incidents i WHERE {where}", params) or 0)
    limit = f" LIMIT {int(page_size)} OFFSET {(max(int(page), 1) - 1) * int(page_size)}" if page_size else ""
    df = store.df(f"SELECT i.* FROM incidents i WHERE {where} "
                  f"ORDER BY i.event_date DESC, i.incident_id{limit}", params)
    return df, total


def data_version(store: Store) -> tuple:
    """Changes whenever incidents are loaded or a linkage run is stored (cache keys use it)."""
    loads = store.scalar("SELECT count(*) FROM incident_loads") if store.table_exists("incident_loads") else 0
    run = (store.scalar("SELECT max(run_id) FROM link_runs") if store.table_exists("link_runs") else None)
    return int(loads or 0), run


def has_incidents(store: Store) -> bool:
    return store.table_exists("incidents") and store.has_rows("incidents")
