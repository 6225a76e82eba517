"""Clusters from links: our connected components give what Splink's clustering gives."""

from __future__ import annotations

import pandas as pd
import pytest

from nadd.link import LinkError
from nadd.link.cluster import connected_components
from nadd.link.run import canonical_clusters


def _ids(*xs):
    return pd.Series(list(xs), dtype=str)


def test_a_chain_of_links_is_one_cluster_named_by_its_smallest_id():
    out = connected_components(_ids("d", "c", "b", "a", "e"), _ids("d", "c"), _ids("c", "b"))
    assert out.to_dict("list") == {"record_id": ["a", "b", "c", "d", "e"],
                                   "cluster_id": ["a", "b", "b", "b", "e"]}


def test_records_without_links_are_clusters_of_one():
    out = connected_components(_ids("x", "y"), _ids(), _ids())
    assert out["cluster_id"].tolist() == ["x", "y"]


def test_duplicate_and_reversed_links_change_nothing():
    ids = _ids("a", "b", "c")
    once = connected_components(ids, _ids("a"), _ids("c"))
    many = connected_components(ids, _ids("a", "c", "a"), _ids("c", "a", "c"))
    pd.testing.assert_frame_equal(once, many)


def test_a_link_to_an_unknown_record_is_a_clear_error():
    with pytest.raises(LinkError, match="'zz'"):
        connected_components(_ids("a", "b"), _ids("a"), _ids("zz"))


def test_our_components_equal_splinks_clustering_of_the_same_predictions(small_parties,
                                                                         small_link):
    """The clusters of nadd.link.link (our components) are those Splink's own connected
    components make from the same scored pairs."""
    from splink import Linker

    from nadd.link.engine import db_api
    from nadd.link.normalise import prepare
    from nadd.link.run import for_dialect

    prepared = prepare(small_parties[0])
    api = db_api("duckdb", threads=1)
    linker = Linker(api.register(prepared, table_name="p"), for_dialect(small_link.model, "duckdb"),
                    log_level=None)
    predictions = linker.inference.predict(threshold_match_probability=small_link.threshold)
    splink = linker.clustering.cluster_pairwise_predictions_at_threshold(
        predictions, threshold_match_probability=small_link.threshold).as_pandas_dataframe()
    splink = splink[["unique_id", "cluster_id"]].rename(columns={"unique_id": "record_id"})
    expected = canonical_clusters(splink.astype(str))
    assert expected["cluster_id"].nunique() < len(expected)  # there are real clusters
    pd.testing.assert_frame_equal(small_link.clusters, expected)
