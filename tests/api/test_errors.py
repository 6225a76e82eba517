"""One error shape for every failure; server errors never leak internals."""

from __future__ import annotations

from fastapi.testclient import TestClient

API = "/api/v1"
SHAPE = {"ok", "status", "error", "message", "hint", "errors"}


def test_validation_errors_name_the_field(app):
    r = TestClient(app).get(f"{API}/observations", params={"period_from": "yesterday"})
    body = r.json()
    assert r.status_code == 422 and set(body) == SHAPE
    assert body["errors"][0]["column"] == "query.period_from"


def test_unknown_routes_and_alerts_are_404_in_the_shape(app):
    for path in (f"{API}/nothing-here", f"{API}/alerts/does-not-exist"):
        r = TestClient(app).get(path)
        assert r.status_code == 404 and set(r.json()) == SHAPE


def test_a_bad_period_says_how_to_write_one(app):
    r = TestClient(app).get(f"{API}/map", params={"indicator": "drug_deaths", "period": "May"})
    assert r.status_code == 400 and "2024-05" in r.json()["hint"]


def test_unexpected_errors_are_500_without_a_stack_trace(app, monkeypatch):
    import nadd.access.views as V

    def boom(*a, **k):
        raise RuntimeError("secret internal detail /etc/passwd")

    monkeypatch.setattr(V, "sources", boom)
    app.state.cache.clear()
    r = TestClient(app, raise_server_exceptions=False).get(f"{API}/sources")
    body = r.json()
    assert r.status_code == 500 and set(body) == SHAPE and body["error"] == "internal_error"
    assert "secret" not in r.text and "Traceback" not in r.text and "reference" in body["message"]


def test_the_openapi_spec_lists_every_route(app):
    paths = TestClient(app).get(f"{API}/openapi.json").json()["paths"]
    for p in ("/summary", "/observations", "/series", "/map", "/alerts", "/alerts/{alert_id}",
              "/alerts/{alert_id}/review", "/substances/check", "/substances/similar",
              "/substances/depict", "/substances/{name}", "/sources", "/meta", "/auth/login",
              "/auth/logout", "/auth/me", "/auth/tokens"):
        assert f"{API}{p}" in paths, p
