"""Train, score and cluster party records with Splink: the same steps on every engine.

Training is deterministic and engine-independent: the u probabilities come from ALL pairs of
a fixed sample of records chosen in Python by a hash of the record id (not from the engine's
own random sampling, whose rows differ between engines), the prior from exact counts of
deterministic rules, and the m probabilities from EM over blocked pairs (no sampling).
By default the model is trained on DuckDB and the scale-out work (blocking, scoring every
blocked pair) runs on the chosen engine; the links it returns are clustered in this process
(nadd.link.cluster: connected components, one implementation for every engine), so equal
links give equal clusters. The links themselves can differ: DuckDB's and Splink's Spark
Jaro-Winkler functions disagree on some strings (21 of 1.3 million links at a million records,
bench/README.md). A cluster is named by its smallest record id.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from nadd.link import settings as S
from nadd.link.cluster import connected_components
from nadd.link.engine import ENGINES, LinkError, db_api, register
from nadd.link.normalise import prepare

U_SAMPLE = 1_000  # records whose every pair estimates u (half a million pairs)
Progress = Callable[[str], None]


@dataclass
class LinkResult:
    clusters: pd.DataFrame          # record_id, cluster_id
    n_records: int
    n_pairs_scored: int
    n_links: int                    # pairs at or above the threshold
    threshold: float
    engine: str
    model: dict = field(repr=False, default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)


def u_sample(prepared: pd.DataFrame, size: int = U_SAMPLE) -> pd.DataFrame:
    """The ``size`` records with the smallest hash of (seed, record id): same on every machine."""
    if len(prepared) <= size:
        return prepared
    keys = prepared["unique_id"].map(
        lambda u: hashlib.blake2b(f"{S.SEED}:{u}".encode(), digest_size=8).hexdigest())
    return prepared.loc[keys.sort_values(kind="stable").index[:size]]


def link(parties: pd.DataFrame, *, engine: str = "duckdb", threshold: float = S.DEFAULT_THRESHOLD,
         threads: int | None = None, train_engine: str = "duckdb",
         progress: Progress | None = None) -> LinkResult:
    """Link ``parties`` (columns of parties.csv): clusters of records of one true party.

    The model is trained on ``train_engine`` (DuckDB by default: training reads a 1,000-record
    sample and the blocked pairs, small work that Spark only slows down) and the pairs are
    scored and clustered on ``engine``. Training on Spark gives the same model, slower.
    """
    say = progress or (lambda _msg: None)
    _check(parties)
    for e in (engine, train_engine):
        if e not in ENGINES:
            raise LinkError(f"unknown engine {e!r}", hint=f"use one of: {', '.join(ENGINES)}")
    logging.getLogger("splink").setLevel(logging.ERROR)
    t: dict[str, float] = {}
    t0 = time.perf_counter()
    say("normalising names, phones, postcodes")
    prepared = prepare(parties)
    t["prepare"] = time.perf_counter() - t0

    t0 = time.perf_counter()
    model, n_pairs = train(prepared, db_api(train_engine, threads=threads), say)
    t["train"] = time.perf_counter() - t0
    result = score_and_cluster(prepared, model, engine, threshold, threads, say, t)
    result.n_pairs_scored = n_pairs
    return result


def _check(parties: pd.DataFrame) -> None:
    if parties.empty:
        raise LinkError("no party records to link",
                        hint="load incidents first (nadd incidents load) or pass --in DIR")
    dupes = parties["record_id"][parties["record_id"].duplicated()]
    if not dupes.empty:
        raise LinkError(f"record_id {dupes.iloc[0]!r} appears more than once in parties",
                        hint="record ids must be unique; check the parties file or table")


def train(prepared: pd.DataFrame, api, say: Progress) -> tuple[dict, int]:
    """The trained Splink model (settings + m, u, prior) as a dict, and the number of pairs
    the blocking rules make (counted here: the count is the same on every engine, and
    exact counting is many small jobs, cheap on DuckDB and slow on Spark)."""
    from splink import Linker, block_on
    from splink.internals.exceptions import EMTrainingException

    sample = u_sample(prepared)
    say(f"estimating u from every pair of {len(sample):,} sampled records")
    trainer = Linker(api.register(sample, table_name="nadd_u_sample"), S.settings(),
                     log_level=None)
    n = len(sample)
    trainer.training.estimate_u_using_random_sampling(
        max_pairs=n * (n - 1) / 2 + 1, seed=S.SEED, min_count_per_level=None, num_chunks=1)
    linker = Linker(api.register(prepared, table_name="nadd_train"),
                    trainer.misc.save_model_to_json(), log_level=None)
    say("estimating the prior from deterministic rules")
    linker.training.estimate_probability_two_random_records_match(
        [block_on(*r) for r in S.PRIOR_RULES], recall=S.PRIOR_RECALL)
    trained = 0
    for rule in S.TRAINING_BLOCKS:
        say(f"EM training blocked on {', '.join(rule)}")
        try:
            linker.training.estimate_parameters_using_expectation_maximisation(block_on(*rule))
            trained += 1
        except EMTrainingException:
            say(f"EM blocked on {', '.join(rule)}: no usable pairs, skipped")
    if not trained:
        raise LinkError(f"too few records to train the linkage model ({len(prepared):,}): "
                        "no EM session found usable pairs",
                        hint="link at least a few hundred records with repeated parties")
    say("counting blocked pairs")
    return linker.misc.save_model_to_json(), _count_pairs(linker)


def score_and_cluster(prepared: pd.DataFrame, model: dict, engine: str, threshold: float,
                      threads: int | None, say: Progress, t: dict[str, float]) -> LinkResult:
    """Score the blocked pairs with ``model`` on ``engine`` and cluster at ``threshold``."""
    from splink import Linker

    t0 = time.perf_counter()
    say(f"starting {engine} and loading {len(prepared):,} records")
    # The engine sees record ids as their rank in sorted order: joins and sorts of 64-bit
    # integers instead of strings, and the same "l.id < r.id" orientation of every pair.
    ids = np.sort(prepared["unique_id"].astype(str).unique())
    keyed = prepared.assign(
        unique_id=np.searchsorted(ids, prepared["unique_id"].astype(str)).astype("int64"))
    api = db_api(engine, threads=threads)
    linker = Linker(register(api, keyed, "nadd_parties"),
                    for_dialect(model, api.sql_dialect.sql_dialect_str), log_level=None)
    t["load"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    say(f"scoring blocked pairs on {engine}")
    predictions = linker.inference.predict(threshold_match_probability=threshold)
    t["predict"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    say("clustering (connected components)")
    links = linker.misc.query_sql(
        f"select unique_id_l, unique_id_r from {predictions.physical_name}", output_type="pandas")
    clusters = connected_components(pd.Series(ids), pd.Series(ids[links["unique_id_l"]]),
                                    pd.Series(ids[links["unique_id_r"]]))
    t["cluster"] = time.perf_counter() - t0
    return LinkResult(clusters=clusters, n_records=len(prepared), n_pairs_scored=-1,
                      n_links=len(links), threshold=threshold, engine=engine, model=model,
                      seconds=t)


def for_dialect(model: dict, dialect: str) -> dict:
    """The trained ``model`` with its SQL written for ``dialect``.

    A saved model holds SQL of the engine it was trained on (DuckDB quotes with "", Spark
    with backticks); the settings are rebuilt from nadd/link/settings.py for ``dialect`` and
    the trained probabilities copied over, level by level.
    """
    out = S.settings().get_settings(dialect).as_dict()
    # Splink leaves out a comparison whose column is empty in the whole file: match by name.
    trained = {c["output_column_name"]: c for c in model["comparisons"]}
    out["comparisons"] = [c for c in out["comparisons"] if c["output_column_name"] in trained]
    for c_out in out["comparisons"]:
        c_in = trained[c_out["output_column_name"]]
        if len(c_out["comparison_levels"]) != len(c_in["comparison_levels"]):
            raise LinkError(f"the trained model does not match the settings of comparison "
                            f"{c_out['output_column_name']!r}",
                            hint="retrain: the settings in nadd/link/settings.py have changed")
        for l_out, l_in in zip(c_out["comparison_levels"], c_in["comparison_levels"]):
            for key in ("m_probability", "u_probability"):
                if key in l_in:
                    l_out[key] = l_in[key]
    out["probability_two_random_records_match"] = model["probability_two_random_records_match"]
    return out


def canonical_clusters(clusters: pd.DataFrame) -> pd.DataFrame:
    """Name every cluster by its smallest record id, whatever the engine called it."""
    out = clusters.copy()
    out["cluster_id"] = out.groupby("cluster_id")["record_id"].transform("min")
    return out.sort_values("record_id").reset_index(drop=True)


def _count_pairs(linker) -> int:
    """Exact number of pairs the blocking rules make (count before scoring, per Splink)."""
    records = linker.blocking_analysis.count_comparisons_from_blocking_rules(
        record_sample_proportion=1.0)
    return int(records[-1]["cumulative_comparison_count"])
