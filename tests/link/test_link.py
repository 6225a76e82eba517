"""Linkage on DuckDB: quality against the truth, determinism, metrics, store and CLI."""

from __future__ import annotations

import pandas as pd
import pytest
from typer.testing import CliRunner

from nadd.link import LinkError, link, pairwise_metrics, same_partition
from nadd.link.run import canonical_clusters, u_sample


def test_f1_is_at_least_0_95_on_synthetic_parties(small_link, small_parties):
    _, truth = small_parties
    m = pairwise_metrics(small_link.clusters, truth)
    assert m["f1"] >= 0.95, m
    assert m["precision"] >= 0.95 and m["recall"] >= 0.9, m
    assert set(small_link.clusters["record_id"]) == set(truth["record_id"])


def test_the_same_records_give_the_same_clusters(small_link, small_parties):
    parties, _ = small_parties
    again = link(parties.sample(frac=1.0, random_state=3), engine="duckdb", threads=1)
    pd.testing.assert_frame_equal(again.clusters, small_link.clusters)


def test_the_u_sample_is_fixed_by_record_ids_not_by_row_order(small_parties):
    from nadd.link.normalise import prepare

    prepared = prepare(small_parties[0])
    a = u_sample(prepared, 100)["unique_id"]
    b = u_sample(prepared.iloc[::-1], 100)["unique_id"]
    assert sorted(a) == sorted(b) and len(a) == 100


def test_pairwise_metrics_count_pairs_from_cluster_entity_overlaps():
    truth = pd.DataFrame({"record_id": list("abcdef"), "entity_id": list("xxxyyz")})
    # one cluster too big (a, b, c, d), e and f alone
    clusters = pd.DataFrame({"record_id": list("abcdef"), "cluster_id": list("aaaaef")})
    m = pairwise_metrics(clusters, truth)
    assert (m["true_pairs"], m["predicted_pairs"], m["correct_pairs"]) == (4, 6, 3)
    assert m["precision"] == pytest.approx(0.5) and m["recall"] == pytest.approx(0.75)
    assert m["f1"] == pytest.approx(0.6)
    assert m["entities_exact"] == 1  # only z is recovered exactly
    perfect = pairwise_metrics(truth.rename(columns={"entity_id": "cluster_id"}), truth)
    assert perfect["f1"] == 1.0 and perfect["bcubed_precision"] == 1.0 and perfect["exact_share"] == 1


def test_metrics_score_only_the_linked_records_unless_asked_for_all_truth():
    truth = pd.DataFrame({"record_id": list("abcd"), "entity_id": list("xxyy")})
    clusters = pd.DataFrame({"record_id": list("ab"), "cluster_id": list("aa")})
    assert pairwise_metrics(clusters, truth)["f1"] == 1.0
    whole = pairwise_metrics(clusters, truth, all_truth=True)
    assert whole["recall"] == pytest.approx(0.5) and whole["records"] == 4


def test_metrics_refuse_clusters_of_records_the_truth_does_not_know():
    truth = pd.DataFrame({"record_id": ["a"], "entity_id": ["x"]})
    with pytest.raises(LinkError, match="no truth row"):
        pairwise_metrics(pd.DataFrame({"record_id": ["zz"], "cluster_id": ["zz"]}), truth)


def test_same_partition_ignores_cluster_names_but_not_grouping():
    a = pd.DataFrame({"record_id": list("abc"), "cluster_id": ["1", "1", "2"]})
    b = pd.DataFrame({"record_id": list("abc"), "cluster_id": ["q", "q", "r"]})
    c = pd.DataFrame({"record_id": list("abc"), "cluster_id": ["q", "r", "r"]})
    assert same_partition(a, b) and not same_partition(a, c)
    assert canonical_clusters(b)["cluster_id"].tolist() == ["a", "a", "c"]


def test_duplicate_record_ids_and_unknown_engines_are_clear_errors(small_parties):
    parties, _ = small_parties
    with pytest.raises(LinkError, match="more than once"):
        link(pd.concat([parties.head(3), parties.head(1)]))
    with pytest.raises(LinkError, match="unknown engine"):
        link(parties.head(20), engine="oracle")
    with pytest.raises(LinkError, match="no party records"):
        link(parties.head(0))
    with pytest.raises(LinkError, match="too few records"):
        link(parties.head(5), threads=1)


def _parties_rows(parties: pd.DataFrame, releasability: str):
    import pyarrow as pa

    df = parties.copy()
    df["incident_id"] = "I1"
    df["role"] = "sender"
    df["dob"] = pd.to_datetime(df["dob"].replace("", None), errors="coerce").dt.date
    df["releasability"] = releasability
    df["tlp"] = "TLP:CLEAR" if releasability == "public" else "TLP:AMBER"
    df["synthetic"], df["load_id"] = True, "test"
    return pa.Table.from_pandas(df, preserve_index=False)


def test_a_run_is_stored_and_read_back_through_the_access_rule(any_store, small_link,
                                                               small_parties):
    from nadd.access import ANONYMOUS, Principal
    from nadd.link.store import list_runs, read_clusters, read_parties, save_run

    parties, truth = small_parties
    cols = any_store.df("SELECT * FROM parties WHERE 1 = 0").columns
    half = len(parties) // 2
    for part, rel in ((parties.iloc[:half], "public"), (parties.iloc[half:], "owner_country")):
        table = _parties_rows(part, rel)
        any_store.insert("parties", table.select([c for c in cols if c in table.column_names]))
    us = Principal(user_id="u", username="a", org_id="o", agency="CBP", country="US",
                   roles=frozenset({"analyst"}))
    public = read_parties(any_store, ANONYMOUS)
    assert len(public) == half
    mine = read_parties(any_store, us)
    assert half < len(mine) < len(parties)  # plus the US-owned, not the others' own records
    run_id = save_run(any_store, small_link, pairwise_metrics(small_link.clusters, truth))
    runs = list_runs(any_store)
    assert runs["run_id"].tolist() == [run_id] and runs["pairwise_f1"][0] >= 0.95
    assert len(read_clusters(any_store, us)) == len(mine)
    assert set(read_clusters(any_store, ANONYMOUS, run_id)["record_id"]) == set(public["record_id"])


def test_cli_links_a_scenario_folder_and_prints_f1(tmp_path):
    from nadd.cli import app
    from nadd.link.synthetic import sample_parties

    parties, truth = sample_parties(150, seed=11)
    (tmp_path / "truth").mkdir()
    parties.to_csv(tmp_path / "parties.csv", index=False)
    truth.to_csv(tmp_path / "truth" / "party_truth.csv", index=False)
    out = tmp_path / "clusters.csv"
    res = CliRunner().invoke(app, ["link", "run", "--in", str(tmp_path), "--out", str(out),
                                   "--threads", "1", "--threshold", "0.9"])
    assert res.exit_code == 0, res.output
    assert "Pairwise F1" in res.output and "Pairwise precision" in res.output
    clusters = pd.read_csv(out, dtype=str)
    assert list(clusters.columns) == ["record_id", "cluster_id"]
    bad = CliRunner().invoke(app, ["link", "run", "--in", str(tmp_path / "nowhere")])
    assert bad.exit_code != 0


@pytest.mark.slow
def test_f1_is_at_least_0_95_on_the_generators_standard_scenario(tmp_path_factory):
    """The acceptance test: F's `nadd incidents generate --scenario standard` with its truth."""
    from nadd.incidents.synth.generator import generate

    out = tmp_path_factory.mktemp("standard")
    generate("standard", seed=1, out=out)
    parties = pd.read_csv(out / "parties.csv", dtype=str, keep_default_na=False)
    truth = pd.read_csv(out / "truth" / "party_truth.csv", dtype=str)
    result = link(parties, engine="duckdb")
    m = pairwise_metrics(result.clusters, truth)
    assert m["f1"] >= 0.95, m
    assert m["true_pairs"] > 1000  # the scenario does repeat parties across incidents
