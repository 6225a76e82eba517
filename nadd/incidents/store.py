"""Loading incidents into the store (atomic, idempotent) and reading them back under the access rule.

A load adds the incidents not yet stored and, with them, their items, firearms, transactions and
party records; an incident already stored is left as it is (same id = same incident), so loading
a folder twice adds nothing. Child rows inherit the sharing columns and synthetic flag of their
incident. Every read applies ``nadd.access.policy.visible_sql`` for the principal (public rows
only when there is no principal or no access module).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from nadd.errors import NotFound
from nadd.incidents.importer import Batch
from nadd.incidents.model import CHILDREN, columns, s10_valid
from nadd.store import Store

INHERITED = ("owner_country", "owner_agency", "releasability", "tlp", "synthetic")


def _stored_ids(store: Store, ids: pa.Array) -> set[str]:
    """Which of ``ids`` are already stored (asked in chunks: PostgreSQL caps parameters)."""
    out: set[str] = set()
    vals = ids.to_pylist()
    for i in range(0, len(vals), 5000):
        chunk = vals[i:i + 5000]
        q = ",".join("?" * len(chunk))
        out |= set(store.query(f"SELECT incident_id FROM incidents WHERE incident_id IN ({q})", chunk)
                   .column(0).to_pylist())
    return out


def load(store: Store, batch: Batch, *, source: str = "") -> dict[str, Any]:
    """Load a validated batch (``read_folder``) in one transaction; returns counts and the load id."""
    load_id = batch.sha256[:16]
    inc = batch["incidents"]
    result = {"load_id": load_id, "rows_read": batch.rows, "rows_added": 0, "incidents_added": 0}
    with store.transaction():
        if store.has_rows("incident_loads", {"load_id": load_id}):
            return result  # the very same files were loaded before
        old = _stored_ids(store, inc.column("incident_id")) if store.has_rows("incidents") else set()
        new_mask = pc.invert(pc.is_in(inc.column("incident_id"), value_set=pa.array(sorted(old), pa.string())))
        inc = inc.filter(new_mask)
        valid = [s10_valid(t) if t and m == "international_mail" else None
                 for t, m in zip(inc.column("tracking_number").to_pylist(), inc.column("mode").to_pylist(), strict=True)]
        inc = inc.append_column("tracking_number_valid", pa.array(valid, pa.bool_()))
        inc = inc.append_column("load_id", pa.array([load_id] * inc.num_rows, pa.string()))
        added = store.insert("incidents", inc)
        parent = inc.select(["incident_id", *INHERITED]).to_pandas()
        for table in CHILDREN:
            if table not in batch.tables:
                continue
            rows = batch[table].to_pandas()
            own = [c for c in INHERITED if c in rows.columns]
            rows = rows.merge(parent.drop(columns=own), on="incident_id", how="inner")
            if table == "parties":
                rows["synthetic"] = rows["synthetic"].astype(bool)
            rows["load_id"] = load_id
            if len(rows):
                added += store.insert(table, pa.Table.from_pandas(rows[columns(table) + [c for c in INHERITED
                                      if c not in columns(table)] + ["load_id"]], preserve_index=False))
        synthetic = bool(inc.num_rows) and bool(pc.all(inc.column("synthetic")).as_py())
        store.execute("INSERT INTO incident_loads VALUES (?, ?, ?, ?, ?, ?, ?)",
                      [load_id, source, batch.sha256, batch.rows, added, synthetic,
                       datetime.now(UTC).replace(tzinfo=None)])
    result.update(rows_added=added, incidents_added=inc.num_rows)
    return result


# --- reads, under the access rule ---------------------------------------------------------------
class _Local:
    """The operator of the store itself (the CLI on the store's machine): sees every row.
    An object, not a string, so that no value coming from a request can stand for it."""

    def __repr__(self) -> str:
        return "LOCAL"


LOCAL = _Local()


def visible(principal: Any, alias: str) -> tuple[str, list[Any]]:
    """The access predicate for ``alias`` (public rows only without a principal or access module)."""
    if principal is LOCAL:
        return "TRUE", []
    try:
        from nadd.access import policy
    except ImportError:
        col = f"{alias}." if alias else ""
        return f"{col}releasability = ?", ["public"]
    if principal is None:
        return policy.is_public_sql(alias)
    return policy.visible_sql(principal, alias)


def list_incidents(store: Store, principal: Any = None, *, kind: str | None = None, mode: str | None = None,
                   jurisdiction: str | None = None, substance: str | None = None, since: str | None = None,
                   until: str | None = None, synthetic: bool | None = None, limit: int | None = 1000,
                   offset: int = 0) -> pd.DataFrame:
    """Incidents the principal may see, most recent first."""
    where, params = visible(principal, "i")
    conds = [where]
    for col, val in (("i.kind", kind), ("i.mode", mode)):
        if val:
            conds.append(f"{col} = ?")
            params.append(val)
    if jurisdiction:
        conds.append("(i.jurisdiction_id = ? OR i.jurisdiction_id LIKE ?)")
        params += [jurisdiction, f"{jurisdiction}-%"]
    if substance:
        conds.append("i.incident_id IN (SELECT incident_id FROM incident_items WHERE substance_id = ?)")
        params.append(substance)
    if since:
        conds.append("i.event_date >= CAST(? AS DATE)")
        params.append(since)
    if until:
        conds.append("i.event_date <= CAST(? AS DATE)")
        params.append(until)
    if synthetic is not None:
        conds.append("i.synthetic = ?")
        params.append(synthetic)
    page = f" LIMIT {int(limit)} OFFSET {int(offset)}" if limit else ""
    return store.df(f"SELECT i.* FROM incidents i WHERE {' AND '.join(conds)} "
                    f"ORDER BY i.event_date DESC, i.incident_id{page}", params)


def get_incident(store: Store, incident_id: str, principal: Any = None) -> dict[str, Any]:
    """One incident with its items, firearms, transactions and parties (each filtered by access)."""
    where, params = visible(principal, "i")
    df = store.df(f"SELECT i.* FROM incidents i WHERE i.incident_id = ? AND {where}", [incident_id, *params])
    if df.empty:
        raise NotFound(f"no incident {incident_id!r} visible to you",
                       hint="check the id with `nadd incidents list`; restricted incidents need a sign-in")
    out: dict[str, Any] = {"incident": df.iloc[0].to_dict()}
    for table in CHILDREN:
        w, p = visible(principal, "c")
        out[table] = store.df(f"SELECT c.* FROM {table} c WHERE c.incident_id = ? AND {w}", [incident_id, *p])
    return out


def list_parties(store: Store, principal: Any = None, *, incident_id: str | None = None,
                 name: str | None = None, limit: int | None = 1000) -> pd.DataFrame:
    """Party records the principal may see (``name``: case-insensitive substring of full_name)."""
    where, params = visible(principal, "p")
    conds = [where]
    if incident_id:
        conds.append("p.incident_id = ?")
        params.append(incident_id)
    if name:
        conds.append("lower(p.full_name) LIKE ?")
        params.append(f"%{name.lower()}%")
    page = f" LIMIT {int(limit)}" if limit else ""
    return store.df(f"SELECT p.* FROM parties p WHERE {' AND '.join(conds)} ORDER BY p.record_id{page}", params)
