"""Clusters from links: connected components of the graph of linked record pairs.

One implementation for every engine, run in this process on the links the engine found
(pairs at or above the threshold: about 1.3 per record). Splink's own connected components
iterate a join per graph diameter step and write each step to disk; on Spark local mode
that was 29 s for 100,000 records and the slowest part of a million. Collecting the links
and labelling components with scipy's sparse graph routine takes seconds, and as the same
code runs after DuckDB and after Spark, equal links give equal clusters by construction.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from nadd.link.engine import LinkError


def connected_components(record_ids: pd.Series, left: pd.Series, right: pd.Series) -> pd.DataFrame:
    """record_id, cluster_id for every id in ``record_ids``; a link joins ``left[i]`` and
    ``right[i]``. A cluster is named by its smallest record id (records never linked are
    clusters of one). Sorted by record_id."""
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components as _components

    ids = pd.Index(np.sort(record_ids.astype(str).unique()))
    li, ri = ids.get_indexer(left.astype(str)), ids.get_indexer(right.astype(str))
    if (li < 0).any() or (ri < 0).any():
        bad = left[li < 0].tolist() + right[ri < 0].tolist()
        raise LinkError(f"a link names record {bad[0]!r}, which is not among the records",
                        hint="links must join records of the linked table (unique_id)")
    n = len(ids)
    graph = coo_matrix((np.ones(len(li), dtype=np.int8), (li, ri)), shape=(n, n))
    _, label = _components(graph, directed=False)
    # ids are sorted, so the first position of each label is its smallest record id
    first = np.full(label.max() + 1 if n else 0, n, dtype=np.int64)
    np.minimum.at(first, label, np.arange(n))
    return pd.DataFrame({"record_id": ids.to_numpy(), "cluster_id": ids.to_numpy()[first[label]]})
