"""User administration over HTTP: an admin manages their own organisation's users only, every
change is CSRF-protected and audited, and taking rights away works on the next request."""

from __future__ import annotations

import pytest

API = "/api/v1"


def _csrf(c) -> dict:
    return {"X-CSRF-Token": c.cookies.get("nadd_csrf")}


@pytest.fixture(scope="module")
def admin(app, clients):
    return clients["admin"]


@pytest.mark.parametrize("user,status", [("anonymous", 401), ("cdc.analyst", 403), ("cbp.steward", 403)])
def test_only_admins_reach_user_administration(clients, user, status):
    assert clients[user].get(f"{API}/admin/users").status_code == status
    assert clients[user].get(f"{API}/admin/audit").status_code == status


def test_an_admin_lists_only_the_users_of_their_own_organisation(admin):
    body = admin.get(f"{API}/admin/users").json()
    assert body["org_id"] == "nadd-secretariat"
    assert {u["username"] for u in body["users"]} >= {"admin"}
    assert all(u["org_id"] == "nadd-secretariat" for u in body["users"])
    assert not any("password" in k for u in body["users"] for k in u)


def test_adding_a_user_needs_the_csrf_token(admin):
    r = admin.post(f"{API}/admin/users", json={"username": "no.csrf", "password": "long-enough-1"})
    assert r.status_code == 403 and r.json()["error"] == "csrf_failed"


def test_an_added_user_can_sign_in_with_the_given_roles_and_the_change_is_audited(app, admin):
    r = admin.post(f"{API}/admin/users", headers=_csrf(admin),
                   json={"username": "sec.analyst", "password": "long-enough-1", "roles": ["analyst"]})
    assert r.status_code == 201, r.text
    from fastapi.testclient import TestClient

    c = TestClient(app)
    assert c.post(f"{API}/auth/login", json={"username": "sec.analyst", "password": "long-enough-1"}).status_code == 200
    me = c.get(f"{API}/auth/me").json()
    assert me["org_id"] == "nadd-secretariat" and me["roles"] == ["analyst"]
    entries = admin.get(f"{API}/admin/audit", params={"action": "admin"}).json()["entries"]
    assert any('"added": "sec.analyst"' in e["detail"] for e in entries)


def test_a_duplicate_or_invalid_user_is_refused_naming_the_field(admin):
    dup = admin.post(f"{API}/admin/users", headers=_csrf(admin),
                     json={"username": "admin", "password": "long-enough-1"})
    assert dup.status_code == 400 and dup.json()["errors"] == [{"field": "username"}]
    bad = admin.post(f"{API}/admin/users", headers=_csrf(admin),
                     json={"username": "x.y", "password": "long-enough-1", "roles": ["boss"]})
    assert bad.status_code == 400 and bad.json()["errors"] == [{"field": "roles"}] and bad.json()["hint"]


def test_users_of_other_organisations_look_the_same_as_users_that_do_not_exist(admin):
    other = admin.patch(f"{API}/admin/users/cdc.analyst", headers=_csrf(admin), json={"active": False})
    missing = admin.patch(f"{API}/admin/users/nobody.here", headers=_csrf(admin), json={"active": False})
    assert other.status_code == missing.status_code == 404
    assert other.json()["message"].replace("cdc.analyst", "X") == missing.json()["message"].replace("nobody.here", "X")


def test_deactivating_a_user_ends_their_session_and_revokes_their_tokens_at_once(app, admin):
    admin.post(f"{API}/admin/users", headers=_csrf(admin),
               json={"username": "sec.leaver", "password": "long-enough-1", "roles": ["viewer"]})
    from fastapi.testclient import TestClient

    c = TestClient(app)
    c.post(f"{API}/auth/login", json={"username": "sec.leaver", "password": "long-enough-1"})
    token = c.post(f"{API}/auth/tokens", headers=_csrf(c), json={"name": "script"}).json()["token"]
    assert c.get(f"{API}/auth/me").json()["username"] == "sec.leaver"
    r = admin.patch(f"{API}/admin/users/sec.leaver", headers=_csrf(admin), json={"active": False})
    assert r.status_code == 200 and r.json()["changed"] == ["active"]
    assert c.get(f"{API}/auth/me").json()["anonymous"] is True
    assert TestClient(app).get(f"{API}/auth/me", headers={"Authorization": f"Bearer {token}"}).status_code == 401
    assert TestClient(app).post(f"{API}/auth/login", json={"username": "sec.leaver",
                                                           "password": "long-enough-1"}).status_code == 401


def test_a_role_change_takes_effect_on_the_next_request(app, admin):
    admin.post(f"{API}/admin/users", headers=_csrf(admin),
               json={"username": "sec.promoted", "password": "long-enough-1", "roles": ["viewer"]})
    c = login_as(app, "sec.promoted")
    assert c.get(f"{API}/admin/users").status_code == 403
    admin.patch(f"{API}/admin/users/sec.promoted", headers=_csrf(admin), json={"roles": ["admin"]})
    assert c.get(f"{API}/admin/users").status_code == 200


def test_the_audit_slice_holds_only_the_admins_organisation(clients, admin):
    clients["cdc.analyst"].get(f"{API}/observations", params={"format": "csv"})
    entries = admin.get(f"{API}/admin/audit").json()["entries"]
    assert entries and {e["org_id"] for e in entries} == {"nadd-secretariat"}


def login_as(app, username: str, password: str = "long-enough-1"):
    from fastapi.testclient import TestClient

    c = TestClient(app)
    assert c.post(f"{API}/auth/login", json={"username": username, "password": password}).status_code == 200
    return c

