"""Sign-in over HTTP: cookies, logout, session expiry, CSRF refusal, tokens, audit of sign-ins."""

from __future__ import annotations

from datetime import timedelta

import pytest
from fastapi.testclient import TestClient

from conftest import login
from nadd.access.demo import DEMO_PASSWORD

API = "/api/v1"


def test_login_sets_an_httponly_lax_session_cookie_and_a_readable_csrf_cookie(app):
    c = TestClient(app)
    r = c.post(f"{API}/auth/login", json={"username": "fgr.viewer", "password": DEMO_PASSWORD})
    assert r.status_code == 200 and r.json()["user"]["country"] == "MX"
    cookies = {h.split("=", 1)[0]: h for h in r.headers.get_list("set-cookie")}
    assert "HttpOnly" in cookies["nadd_session"] and "samesite=lax" in cookies["nadd_session"].lower()
    assert "HttpOnly" not in cookies["nadd_csrf"]
    assert "Secure" not in cookies["nadd_session"]  # plain http in tests; https sets Secure
    assert c.get(f"{API}/auth/me").json()["username"] == "fgr.viewer"


def test_cookies_are_secure_over_https(app):
    c = TestClient(app, base_url="https://testserver")
    r = c.post(f"{API}/auth/login", json={"username": "fgr.viewer", "password": DEMO_PASSWORD})
    assert all("Secure" in h for h in r.headers.get_list("set-cookie"))


def test_form_login_works_like_json(app):
    c = TestClient(app)
    r = c.post(f"{API}/auth/login", data={"username": "rcmp.viewer", "password": DEMO_PASSWORD})
    assert r.status_code == 200 and r.json()["user"]["agency"] == "RCMP"


def test_wrong_password_is_401_in_the_error_shape_and_audited(app, store):
    r = TestClient(app).post(f"{API}/auth/login", json={"username": "fgr.viewer", "password": "nope-nope"})
    body = r.json()
    assert r.status_code == 401 and body["error"] == "unauthorized" and body["ok"] is False
    assert store.scalar("SELECT count(*) FROM audit_log WHERE action = 'login_failed'") >= 1


def test_logout_needs_csrf_and_ends_the_session(app):
    c = login(app, "dea.analyst")
    assert c.post(f"{API}/auth/logout").status_code == 403
    r = c.post(f"{API}/auth/logout", headers={"X-CSRF-Token": c.cookies.get("nadd_csrf")})
    assert r.status_code == 200
    assert c.get(f"{API}/auth/me").json()["anonymous"] is True


def test_a_stolen_session_cookie_is_useless_after_logout(app):
    c = login(app, "dea.analyst")
    token = c.cookies.get("nadd_session")
    c.post(f"{API}/auth/logout", headers={"X-CSRF-Token": c.cookies.get("nadd_csrf")})
    thief = TestClient(app, cookies={"nadd_session": token})
    assert thief.get(f"{API}/auth/me").json()["anonymous"] is True


def test_expired_sessions_are_anonymous(app, store):
    c = login(app, "dea.analyst")
    store.execute("UPDATE sessions SET expires_at = created_at - INTERVAL 1 MINUTE")
    assert c.get(f"{API}/auth/me").json()["anonymous"] is True


@pytest.mark.parametrize("header", [None, "", "forged-token"])
def test_state_changing_requests_without_the_csrf_token_are_refused(app, header):
    c = login(app, "conasama.analyst")
    headers = {} if header is None else {"X-CSRF-Token": header}
    r = c.post(f"{API}/auth/tokens", json={"name": "x"}, headers=headers)
    assert r.status_code == 403 and r.json()["error"] == "csrf_failed"


def test_a_csrf_cookie_from_another_session_does_not_pass(app):
    a, b = login(app, "conasama.analyst"), login(app, "phac.analyst")
    other = b.cookies.get("nadd_csrf")
    a.cookies.set("nadd_csrf", other)
    r = a.post(f"{API}/auth/tokens", json={"name": "x"}, headers={"X-CSRF-Token": other})
    assert r.status_code == 403


def test_bearer_tokens_need_no_csrf_and_can_be_revoked(app):
    c = login(app, "cdc.analyst")
    tok = c.post(f"{API}/auth/tokens", json={"name": "etl", "days": 30},
                 headers={"X-CSRF-Token": c.cookies.get("nadd_csrf")}).json()
    bot = TestClient(app, headers={"Authorization": f"Bearer {tok['token']}"})
    assert bot.get(f"{API}/auth/me").json()["username"] == "cdc.analyst"
    assert bot.delete(f"{API}/auth/tokens/{tok['token_id']}").status_code == 200
    r = bot.get(f"{API}/auth/me")
    assert r.status_code == 401 and r.json()["error"] == "unauthorized"


def test_token_creation_needs_a_signed_in_user(app):
    assert TestClient(app).post(f"{API}/auth/tokens", json={"name": "x"}).status_code == 401


def test_admin_routes_need_the_admin_role(app):
    assert TestClient(app).get(f"{API}/admin/cache").status_code == 401
    assert login(app, "cbp.steward").get(f"{API}/admin/cache").status_code == 403
    body = login(app, "admin").get(f"{API}/admin/cache").json()
    assert {"hits", "misses", "entries"} <= set(body)
