"""Fixtures of the access tests."""

from __future__ import annotations

import pytest


@pytest.fixture
def marked(any_store):
    """A store holding the demo records: every releasability x TLP x owner combination."""
    from nadd.access.demo import seed

    seed(any_store, accounts=False)
    return any_store


@pytest.fixture
def fast_hashes(monkeypatch):
    """Cheap argon2id parameters: the real ones take ~1 s per hash on a busy CI machine."""
    from argon2 import PasswordHasher

    import nadd.access.accounts as acc

    monkeypatch.setattr(acc, "_HASHER", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
