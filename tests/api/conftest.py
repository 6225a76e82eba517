"""Fixtures of the API tests: one app over a demo store, a signed-in client per demo user."""

from __future__ import annotations

import pytest
from argon2 import PasswordHasher
from fastapi.testclient import TestClient

from nadd.access.demo import DEMO_PASSWORD, DEMO_USERS

USERS = ["anonymous", *DEMO_USERS]


@pytest.fixture(scope="module")
def app():
    """The app over an in-memory store with the demo orgs, users and restricted records."""
    import nadd.access.accounts as acc
    from nadd.api import create_app
    from nadd.ingest import sync_reference

    with pytest.MonkeyPatch.context() as mp:
        # cheap argon2id parameters: the real ones take ~1 s per hash on a busy CI machine
        mp.setattr(acc, "_HASHER", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
        a = create_app("duckdb:///:memory:", demo=True)
        sync_reference(a.state.hub.main)
        yield a


def login(app, username: str) -> TestClient:
    c = TestClient(app)
    if username != "anonymous":
        r = c.post("/api/v1/auth/login", json={"username": username, "password": DEMO_PASSWORD})
        assert r.status_code == 200, r.text
    return c


@pytest.fixture(scope="module")
def clients(app):
    """username -> a client signed in as that user ('anonymous': not signed in)."""
    import nadd.access.accounts as acc

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(acc, "_HASHER", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
        return {u: login(app, u) for u in USERS}


@pytest.fixture(scope="module")
def store(app):
    return app.state.hub.main
