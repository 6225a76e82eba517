"""Shared fixtures of the linkage tests: small SYNTHETIC party files with known truth."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def small_parties():
    """About 1,800 party records of 600 entities (own sampler: entities + noise model)."""
    from nadd.link.synthetic import sample_parties

    return sample_parties(600, seed=7)


@pytest.fixture(scope="session")
def small_link(small_parties):
    """The DuckDB linkage of ``small_parties`` (computed once)."""
    from nadd.link import link

    parties, _ = small_parties
    return link(parties, engine="duckdb", threads=1)


@pytest.fixture
def scenario_dir(tmp_path, small_parties):
    """A scenario folder as `nadd incidents generate` writes it (parties + truth only)."""
    parties, truth = small_parties
    parties.to_csv(tmp_path / "parties.csv", index=False)
    (tmp_path / "truth").mkdir()
    truth.to_csv(tmp_path / "truth" / "party_truth.csv", index=False)
    return tmp_path
