"""Record linkage of party records: which appearances are one person or company.

    from nadd.link import link, pairwise_metrics
    result = link(parties_df, engine="duckdb")          # or "spark" (local mode)
    pairwise_metrics(result.clusters, party_truth_df)   # precision, recall, F1, B-cubed

Splink does the scoring (settings as data in nadd/link/settings.py), on DuckDB or Spark with
the same clusters; nadd/link/normalise.py makes the comparison forms; nadd/link/store.py keeps
runs in the store (link_runs, party_clusters). Splink is imported only when a run starts.
"""

from nadd.link.engine import ENGINES, LinkError
from nadd.link.evaluate import pairwise_metrics, same_partition

DEFAULT_THRESHOLD = 0.95


def link(*args, **kwargs):
    """See :func:`nadd.link.run.link` (imported lazily: Splink is slow to import)."""
    from nadd.link.run import link as _link

    return _link(*args, **kwargs)


__all__ = ["DEFAULT_THRESHOLD", "ENGINES", "LinkError", "link", "pairwise_metrics",
           "same_partition"]
