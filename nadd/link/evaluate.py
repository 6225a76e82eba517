"""How good a linkage is against the truth: pairwise and cluster-level metrics.

Pairwise: a pair of records is predicted linked when both are in one cluster, truly linked
when both belong to one entity; precision, recall and F1 over those pairs (counted from
cluster x entity intersections, never by listing pairs). Cluster level: share of true
entities recovered exactly, and B-cubed precision and recall (per record, Bagga & Baldwin 1998).
"""

from __future__ import annotations

import pandas as pd

from nadd.link.engine import LinkError


def _pairs(sizes: pd.Series) -> int:
    s = sizes.astype("int64")
    return int((s * (s - 1) // 2).sum())


def pairwise_metrics(clusters: pd.DataFrame, truth: pd.DataFrame, *,
                     all_truth: bool = False) -> dict[str, float]:
    """Precision, recall, F1 (pairwise) and cluster metrics of ``clusters`` against ``truth``.

    ``clusters``: record_id, cluster_id; ``truth``: record_id, entity_id (party_truth.csv).
    Only the records in ``clusters`` are scored (a principal links the records it may see;
    the truth of the others says nothing about this run), unless ``all_truth`` is set:
    then truth records missing from ``clusters`` count as singletons.
    """
    missing_truth = set(clusters["record_id"]) - set(truth["record_id"])
    if missing_truth:
        example = min(missing_truth)
        raise LinkError(f"{len(missing_truth)} linked record(s) have no truth row "
                        f"(e.g. {example!r})",
                        hint="pass the party_truth.csv of the same scenario as the parties")
    df = truth[["record_id", "entity_id"]].merge(clusters[["record_id", "cluster_id"]],
                                                 on="record_id",
                                                 how="left" if all_truth else "inner")
    df["cluster_id"] = df["cluster_id"].fillna("singleton:" + df["record_id"].astype(str))
    cell = df.groupby(["cluster_id", "entity_id"]).size()
    by_cluster = df.groupby("cluster_id").size()
    by_entity = df.groupby("entity_id").size()
    tp, predicted, actual = _pairs(cell), _pairs(by_cluster), _pairs(by_entity)
    precision = tp / predicted if predicted else 1.0
    recall = tp / actual if actual else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    # B-cubed: for each record, overlap of its cluster and its entity.
    c = cell.rename("n").reset_index()
    c["cs"] = c["cluster_id"].map(by_cluster)
    c["es"] = c["entity_id"].map(by_entity)
    n = len(df)
    b3_p = float((c["n"] * c["n"] / c["cs"]).sum() / n)
    b3_r = float((c["n"] * c["n"] / c["es"]).sum() / n)
    exact = int(((c["n"] == c["cs"]) & (c["n"] == c["es"])).sum())
    return {"precision": precision, "recall": recall, "f1": f1,
            "true_pairs": actual, "predicted_pairs": predicted, "correct_pairs": tp,
            "bcubed_precision": b3_p, "bcubed_recall": b3_r,
            "records": n, "entities": len(by_entity), "clusters": len(by_cluster),
            "entities_exact": exact, "exact_share": exact / len(by_entity) if len(by_entity) else 1.0}


def same_partition(a: pd.DataFrame, b: pd.DataFrame) -> bool:
    """True when two clusterings group the same records together (names may differ)."""
    if set(a["record_id"]) != set(b["record_id"]):
        return False
    m = a.merge(b, on="record_id", suffixes=("_a", "_b"))
    return bool((m.groupby("cluster_id_a")["cluster_id_b"].nunique() == 1).all()
                and (m.groupby("cluster_id_b")["cluster_id_a"].nunique() == 1).all())
