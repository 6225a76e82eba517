"""Users, argon2 passwords, sessions and their expiry, API tokens, CSRF, audit."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from nadd.access import (
    AuthError,
    CsrfError,
    audit,
    audit_entries,
    authenticate,
    check_csrf,
    create_org,
    create_session,
    create_token,
    create_user,
    principal_from_session,
    principal_from_token,
    revoke_token,
)
from nadd.errors import NaddError


@pytest.fixture
def people(store, fast_hashes):
    create_org(store, "cbp", agency="CBP", country="us", name="Customs and Border Protection")
    uid = create_user(store, "ana", "correct horse", org_id="cbp", roles=("analyst",))
    return store, uid


def test_passwords_are_stored_as_argon2id_hashes_not_text(people):
    store, uid = people
    h = store.scalar("SELECT password_hash FROM users WHERE user_id = ?", [uid])
    assert h.startswith("$argon2id$") and "correct horse" not in h


def test_production_hasher_uses_argon2id_with_rfc9106_memory(store):
    from nadd.access import accounts

    assert accounts._HASHER.memory_cost >= 65536 and accounts._HASHER.type.name == "ID"


def test_sign_in_gives_the_principal_of_the_users_org(people):
    store, uid = people
    p = authenticate(store, "ana", "correct horse")
    assert (p.user_id, p.agency, p.country, p.roles) == (uid, "CBP", "US", frozenset({"analyst"}))
    assert p.has_role("viewer") and not p.has_role("steward")


@pytest.mark.parametrize("user,password", [("ana", "wrong horse"), ("bob", "correct horse"), ("ANA", "correct horse")])
def test_wrong_credentials_are_refused_with_one_message(people, user, password):
    with pytest.raises(AuthError, match="wrong username or password"):
        authenticate(people[0], user, password)


def test_a_deactivated_user_cannot_sign_in_or_keep_a_session(people):
    store, uid = people
    token, _ = create_session(store, uid)
    store.execute("UPDATE users SET active = FALSE WHERE user_id = ?", [uid])
    with pytest.raises(AuthError):
        authenticate(store, "ana", "correct horse")
    assert principal_from_session(store, token) is None


def test_short_passwords_and_unknown_roles_are_refused(people):
    store, _ = people
    with pytest.raises(NaddError, match="too short"):
        create_user(store, "x", "short", org_id="cbp")
    with pytest.raises(NaddError, match="unknown role"):
        create_user(store, "y", "long enough", org_id="cbp", roles=("god",))


def test_session_tokens_are_stored_hashed_and_expire(people):
    store, uid = people
    t0 = datetime(2026, 1, 1, 9, 0)
    token, csrf = create_session(store, uid, ttl=timedelta(hours=1), now=t0)
    assert store.scalar("SELECT count(*) FROM sessions WHERE token_hash = ?", [token]) == 0
    assert principal_from_session(store, token, now=t0 + timedelta(minutes=59)).username == "ana"
    assert principal_from_session(store, token, now=t0 + timedelta(minutes=61)) is None
    assert principal_from_session(store, "forged", now=t0) is None


def test_csrf_needs_header_equal_to_cookie_and_session(people):
    store, uid = people
    token, csrf = create_session(store, uid)
    check_csrf(store, token, csrf, csrf)
    for cookie, header in ((csrf, None), (None, csrf), (csrf, "x" + csrf), ("planted", "planted")):
        with pytest.raises(CsrfError):
            check_csrf(store, token, cookie, header)


def test_api_tokens_authenticate_until_revoked_or_expired(people):
    store, uid = people
    t0 = datetime(2026, 1, 1)
    tok = create_token(store, uid, "etl", ttl=timedelta(days=1), now=t0)
    assert tok["token"].startswith("nadd_")
    assert principal_from_token(store, tok["token"], now=t0).user_id == uid
    with pytest.raises(AuthError):
        principal_from_token(store, tok["token"], now=t0 + timedelta(days=2))
    forever = create_token(store, uid, "sync")
    principal_from_token(store, forever["token"])
    revoke_token(store, uid, forever["token_id"])
    with pytest.raises(AuthError, match="revoked"):
        principal_from_token(store, forever["token"])


def test_audit_entries_record_who_what_when(people):
    store, _ = people
    p = authenticate(store, "ana", "correct horse")
    audit(store, p, "export", "observations", detail={"format": "csv"}, n_restricted=3)
    e = audit_entries(store, action="export").iloc[0]
    assert (e["username"], e["org_id"], e["target"], e["n_restricted"]) == ("ana", "cbp", "observations", 3)
    assert '"format": "csv"' in e["detail"] and e["logged_at"] is not None
