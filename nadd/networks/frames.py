"""The incident tables as pandas frames, read from a generated directory or from the store.

Every analysis in nadd.networks is a pure function over frames shaped like the issue-6 contract
(incidents, incident_items, firearms, transactions, parties, + optional party clusters and truth).
These readers are the only place that knows where the frames come from. Store reads go through the
one access rule, ``nadd.access.policy.visible_sql``; items and firearms are kept only for incidents
the reader may see, so an aggregate never counts a row whose incident is hidden.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

import pandas as pd

from nadd.errors import ConfigError, NotFound

TABLES = ("incidents", "incident_items", "firearms", "transactions", "parties")
NUMERIC = {"quantity": float, "purity_pct": float, "amount": float, "time_to_crime_days": float,
           "item_no": float}
DATES = ("event_date", "date", "purchase_date", "recovery_date")


@dataclass(frozen=True)
class Frames:
    """The incident tables one analysis sees (any may be empty)."""

    incidents: pd.DataFrame
    items: pd.DataFrame = field(default_factory=pd.DataFrame)
    firearms: pd.DataFrame = field(default_factory=pd.DataFrame)
    transactions: pd.DataFrame = field(default_factory=pd.DataFrame)
    parties: pd.DataFrame = field(default_factory=pd.DataFrame)
    clusters: pd.DataFrame | None = None  # record_id, cluster_id (linkage result)
    party_truth: pd.DataFrame | None = None  # record_id, entity_id (generator truth)
    incident_networks: pd.DataFrame | None = None  # incident_id, network_id (generator truth)
    network_roles: pd.DataFrame | None = None  # entity_id, network_id, role_in_network
    source: str = ""

    def with_clusters(self, clusters: pd.DataFrame | None) -> Frames:
        return replace(self, clusters=clusters)

    @property
    def synthetic(self) -> bool:
        """True when any incident is labelled synthetic (outputs must say so)."""
        col = self.incidents.get("synthetic")
        return bool(col is not None and col.astype(str).str.lower().isin(["true", "1"]).any())


def tidy(df: pd.DataFrame) -> pd.DataFrame:
    """Types the analyses rely on: numbers as floats, dates as datetimes, ids and codes as text."""
    df = df.copy()
    for col in df.columns:
        if col in NUMERIC:
            df[col] = pd.to_numeric(df[col], errors="coerce")
        elif col in DATES:
            df[col] = pd.to_datetime(df[col], errors="coerce")
        elif col != "synthetic":
            df[col] = df[col].astype("string").str.strip().replace("", pd.NA)
    return df


def _csv(path: Path, required: bool) -> pd.DataFrame:
    if not path.exists():
        if required:
            raise NotFound(f"{path} not found",
                           hint="point at a directory written by `nadd incidents generate --out DIR`")
        return pd.DataFrame()
    return tidy(pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8"))


def read_dir(path: str | Path, *, clusters: str | Path | None = None) -> Frames:
    """The frames of a generated (or exported) directory; truth/ files are read when present.

    ``clusters`` names a CSV with record_id, cluster_id (for example a linkage result).
    """
    d = Path(path)
    if not d.is_dir():
        raise NotFound(f"{d} is not a directory",
                       hint="write one with `nadd incidents generate --scenario small --out DIR`")
    truth = d / "truth"
    return Frames(
        incidents=_csv(d / "incidents.csv", True),
        items=_csv(d / "incident_items.csv", False),
        firearms=_csv(d / "firearms.csv", False),
        transactions=_csv(d / "transactions.csv", False),
        parties=_csv(d / "parties.csv", False),
        clusters=_csv(Path(clusters), True) if clusters else None,
        party_truth=_csv(truth / "party_truth.csv", False) if truth.is_dir() else None,
        incident_networks=_csv(truth / "incident_networks.csv", False) if truth.is_dir() else None,
        network_roles=_csv(truth / "networks.csv", False) if truth.is_dir() else None,
        source=str(d),
    )


def _visible(principal, alias: str) -> tuple[str, list]:
    """The access rule's WHERE clause: public rows only without a principal (or nadd.access)."""
    col = f"{alias}." if alias else ""
    try:
        from nadd.access import policy
    except ImportError:
        return f"{col}releasability = ?", ["public"]
    sql, params = (policy.is_public_sql(alias) if principal is None
                   else policy.visible_sql(principal, alias))
    return sql, list(params)


def _has_sharing(store, table: str) -> bool:
    cols = store.df(f"SELECT * FROM {table} WHERE 1 = 0").columns
    return "releasability" in cols


def read_store(store, principal=None, *, run_id: str | None = None) -> Frames:
    """The frames the ``principal`` may see in ``store`` (None = the public).

    Party clusters come from ``run_id`` of party_clusters, or from the latest run when omitted.
    """
    if not store.table_exists("incidents"):
        raise ConfigError("the store has no incidents table",
                          hint="load incidents first: nadd incidents load DIR")
    vis, params = _visible(principal, "i")
    out: dict[str, pd.DataFrame] = {
        "incidents": store.df(f"SELECT i.* FROM incidents i WHERE {vis}", params)}
    for table in TABLES[1:]:
        if not store.table_exists(table):
            out[table] = pd.DataFrame()
            continue
        if _has_sharing(store, table):
            tvis, tparams = _visible(principal, "t")
            where, args = f"{tvis} AND {vis}", tparams + params
        else:
            where, args = vis, params
        out[table] = store.df(f"SELECT t.* FROM {table} t JOIN incidents i "
                              f"ON i.incident_id = t.incident_id WHERE {where}", args)
    clusters = None
    if store.table_exists("party_clusters"):
        run = run_id or (store.scalar("SELECT run_id FROM link_runs ORDER BY created_at DESC "
                                      "LIMIT 1") if store.table_exists("link_runs") else None)
        if run is not None:
            clusters = store.df("SELECT record_id, cluster_id FROM party_clusters WHERE run_id = ?",
                                [run])
    frames = {k: tidy(v) if len(v.columns) else v for k, v in out.items()}
    return Frames(incidents=frames["incidents"], items=frames["incident_items"],
                  firearms=frames["firearms"], transactions=frames["transactions"],
                  parties=frames["parties"], clusters=tidy(clusters) if clusters is not None else None,
                  source="store")


def party_keys(frames: Frames, *, using: str = "auto") -> pd.Series:
    """One key per party record: who the record is, as far as we know (index: record_id).

    ``using``: "clusters" (linkage result), "truth" (generator entity ids, for evaluation),
    "records" (no linkage: each record is its own party), or "auto" (clusters, else records).
    """
    p = frames.parties
    if p.empty:
        return pd.Series(dtype="string", name="party_key")
    rec = p["record_id"].astype("string")
    if using == "auto":
        using = "clusters" if frames.clusters is not None else "records"
    if using == "records":
        keys = rec
    else:
        table = frames.clusters if using == "clusters" else frames.party_truth
        col = "cluster_id" if using == "clusters" else "entity_id"
        if table is None or table.empty:
            raise NotFound(f"no {using} to key parties by",
                           hint="run `nadd link run` first, pass --clusters FILE, or use a generated "
                                "directory with truth/party_truth.csv")
        m = dict(zip(table["record_id"].astype(str), table[col].astype(str), strict=False))
        keys = rec.map(lambda r: m.get(r, f"record:{r}")).astype("string")
    return pd.Series(keys.to_numpy(), index=rec.to_numpy(), name="party_key")
