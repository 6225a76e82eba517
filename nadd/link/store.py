"""Link runs in the store: the parties a principal may see in, clusters and metrics out.

Reads go through THE access rule (nadd.access.policy.visible_sql): a run links only the
party records its principal may see, and a run's clusters are shown only for those records.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime

import pandas as pd
import pyarrow as pa

from nadd.errors import ConfigError, NotFound
from nadd.link.run import LinkResult
from nadd.link.settings import SETTINGS_VERSION

PARTY_COLUMNS = ("record_id", "incident_id", "role", "kind", "full_name", "given_name",
                 "family_name", "second_family_name", "dob", "nationality", "address", "city",
                 "region", "postcode", "country", "phone", "email", "account", "wallet",
                 "source_agency", "owner_country", "owner_agency")


def _visible(principal, alias: str) -> tuple[str, list]:
    from nadd.access.policy import visible_sql

    sql, params = visible_sql(principal, alias)
    return sql, list(params)


def read_parties(store, principal) -> pd.DataFrame:
    """The party records ``principal`` may see, as text columns (dob as ISO date)."""
    if not store.table_exists("parties"):
        raise ConfigError("the store has no parties table",
                          hint="load a scenario first: nadd incidents load DIR")
    vis, params = _visible(principal, "p")
    cols = ", ".join(f"p.{c}" for c in PARTY_COLUMNS)
    df = store.df(f"SELECT {cols} FROM parties p WHERE {vis} ORDER BY p.record_id", params)
    df["dob"] = df["dob"].map(lambda d: "" if d is None or pd.isna(d) else str(d)[:10])
    return df.fillna("").astype(str)


def save_run(store, result: LinkResult, metrics: dict | None = None) -> str:
    """Store one run and its clusters; returns the run id (sortable by time)."""
    now = datetime.now(UTC).replace(tzinfo=None)
    model = json.dumps(result.model, sort_keys=True, default=str)
    digest = hashlib.sha256((model + result.engine + now.isoformat()).encode()).hexdigest()[:8]
    run_id = f"L{now:%Y%m%dT%H%M%S}-{digest}"
    m = metrics or {}
    run = pa.table({
        "run_id": [run_id], "engine": [result.engine], "settings_version": [SETTINGS_VERSION],
        "threshold": [float(result.threshold)], "n_records": [result.n_records],
        "n_pairs_scored": [result.n_pairs_scored], "n_links": [result.n_links],
        "n_clusters": [int(result.clusters["cluster_id"].nunique())],
        "pairwise_precision": pa.array([m.get("precision")], pa.float64()),
        "pairwise_recall": pa.array([m.get("recall")], pa.float64()),
        "pairwise_f1": pa.array([m.get("f1")], pa.float64()),
        "seconds": [float(sum(result.seconds.values()))], "model_json": [model],
        "created_at": pa.array([now], pa.timestamp("us")),
    })
    clusters = pa.table({"run_id": [run_id] * len(result.clusters),
                         "record_id": result.clusters["record_id"].astype(str).tolist(),
                         "cluster_id": result.clusters["cluster_id"].astype(str).tolist()})
    with store.transaction():
        store.insert("link_runs", run)
        store.insert("party_clusters", clusters)
    return run_id


def list_runs(store) -> pd.DataFrame:
    """Every run, newest first, without the model JSON (runs hold no party data)."""
    return store.df("SELECT run_id, engine, settings_version, threshold, n_records, "
                    "n_pairs_scored, n_links, n_clusters, pairwise_precision, pairwise_recall, "
                    "pairwise_f1, seconds, created_at FROM link_runs ORDER BY run_id DESC")


def read_clusters(store, principal, run_id: str | None = None) -> pd.DataFrame:
    """record_id, cluster_id of ``run_id`` (default: latest) for the parties ``principal`` sees."""
    run = run_id or store.scalar("SELECT run_id FROM link_runs ORDER BY run_id DESC LIMIT 1")
    if run is None:
        raise NotFound("no link run in the store", hint="run one: nadd link run")
    vis, params = _visible(principal, "p")
    return store.df("SELECT c.record_id, c.cluster_id FROM party_clusters c JOIN parties p "
                    f"ON p.record_id = c.record_id WHERE c.run_id = ? AND {vis} "
                    "ORDER BY c.record_id", [run, *params])
