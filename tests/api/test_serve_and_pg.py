"""`nadd serve` wiring, and the API over PostgreSQL."""

from __future__ import annotations

import pytest
from argon2 import PasswordHasher
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from nadd.access.demo import DEMO_PASSWORD, DEMO_SOURCE


def test_serve_seeds_the_demo_prints_credentials_and_starts_uvicorn(tmp_path, monkeypatch):
    import uvicorn

    import nadd.access.accounts as acc
    from nadd.cli import app

    monkeypatch.setattr(acc, "_HASHER", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
    started = {}
    monkeypatch.setattr(uvicorn, "run", lambda a, host, port, **k: started.update(app=a, port=port))
    url = f"duckdb:///{tmp_path / 'serve.duckdb'}"
    r = CliRunner().invoke(app, ["serve", "--demo", "--no-load", "--store", url, "--port", "8123"])
    assert r.exit_code == 0, r.output
    assert "cdc.analyst" in r.output and DEMO_PASSWORD in r.output and "DEMO" in r.output
    assert started["port"] == 8123
    assert started["app"].openapi()["info"]["title"] == "nadd API"


def test_serve_help_has_an_example():
    from nadd.cli import app

    out = CliRunner().invoke(app, ["serve", "--help"]).output
    assert "Example: nadd serve --demo" in out


@pytest.mark.postgres
def test_the_api_enforces_the_policy_on_postgresql(pg_store, monkeypatch):
    import nadd.access.accounts as acc
    from nadd.access import can_see, principal_for
    from nadd.api import create_app

    monkeypatch.setattr(acc, "_HASHER", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
    app = create_app(pg_store.url, demo=True)
    try:
        rows = pg_store.df("SELECT * FROM observations WHERE source_id = ?", [DEMO_SOURCE])
        rows = rows.assign(id=rows["id"].astype(str)).to_dict("records")
        for user in ("anonymous", "rcmp.viewer", "cbp.steward"):
            c = TestClient(app)
            if user == "anonymous":
                from nadd.access import ANONYMOUS as p
            else:
                assert c.post("/api/v1/auth/login", json={"username": user, "password": DEMO_PASSWORD}).status_code == 200
                p = principal_for(pg_store, pg_store.scalar("SELECT user_id FROM users WHERE username = ?", [user]))
            got = {r["id"] for r in c.get("/api/v1/observations", params={"source": DEMO_SOURCE,
                                                                           "page_size": 1000}).json()["rows"]}
            assert got == {r["id"] for r in rows if can_see(p, r)}, user
            assert c.get("/api/v1/alerts").status_code == 200
    finally:
        app.state.hub.close()
