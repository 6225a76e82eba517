"""Server-side sessions, API tokens and the CSRF check.

Tokens are 256-bit random (``secrets``); only their SHA-256 is stored, so a copy of the
database does not let anyone sign in. A session row also holds its CSRF token: a state-changing
request must send it in ``X-CSRF-Token``, equal to the ``nadd_csrf`` cookie (double submit) and
to the session's own token (so a cookie planted by a sibling domain does not pass).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime, timedelta, timezone

from nadd.access.accounts import AuthError, principal_for
from nadd.access.principal import Principal
from nadd.errors import NaddError
from nadd.store import Store

__all__ = ["CsrfError", "SESSION_TTL", "check_csrf", "create_session", "create_token",
           "delete_session", "principal_from_session", "principal_from_token", "revoke_token",
           "session_csrf"]

SESSION_TTL = timedelta(hours=8)
TOKEN_PREFIX = "nadd_"


class CsrfError(NaddError):
    code = "csrf_failed"
    status = 403


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _now() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


def create_session(store: Store, user_id: str, *, ttl: timedelta = SESSION_TTL,
                   now: datetime | None = None) -> tuple[str, str]:
    """(session token, csrf token) for a signed-in user. Old expired rows are purged."""
    now = now or _now()
    token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    with store.transaction():
        store.execute("DELETE FROM sessions WHERE expires_at < ?", [now])
        store.execute("INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, expires_at) "
                      "VALUES (?, ?, ?, ?, ?)", [_digest(token), user_id, csrf, now, now + ttl])
    return token, csrf


def _session_row(store: Store, token: str, now: datetime | None) -> dict | None:
    t = store.query("SELECT user_id, csrf_token FROM sessions WHERE token_hash = ? AND expires_at > ?",
                    [_digest(token), now or _now()])
    return t.to_pylist()[0] if t.num_rows else None


def principal_from_session(store: Store, token: str, *, now: datetime | None = None) -> Principal | None:
    """The principal of a live session of an active user, None otherwise.

    One query (session, user, organisation, roles): it runs on every signed-in request."""
    t = store.query(
        "SELECT u.user_id, u.username, u.org_id, o.agency, o.country, r.role FROM sessions s "
        "JOIN users u ON u.user_id = s.user_id JOIN orgs o ON o.org_id = u.org_id "
        "LEFT JOIN user_roles r ON r.user_id = u.user_id "
        "WHERE s.token_hash = ? AND s.expires_at > ? AND u.active", [_digest(token), now or _now()])
    if not t.num_rows:
        return None
    rows = t.to_pylist()
    r = rows[0]
    return Principal(user_id=r["user_id"], username=r["username"], org_id=r["org_id"],
                     agency=r["agency"], country=r["country"],
                     roles=frozenset(x["role"] for x in rows if x["role"] is not None))


def session_csrf(store: Store, token: str) -> str | None:
    row = _session_row(store, token, None)
    return row["csrf_token"] if row else None


def delete_session(store: Store, token: str) -> None:
    store.execute("DELETE FROM sessions WHERE token_hash = ?", [_digest(token)])


def check_csrf(store: Store, session_token: str, cookie: str | None, header: str | None) -> None:
    """Refuse a state-changing cookie-session request without the matching CSRF token."""
    expected = session_csrf(store, session_token)
    if not header or not cookie or expected is None:
        raise CsrfError("missing CSRF token",
                        hint="send the value of the nadd_csrf cookie in the X-CSRF-Token header")
    if not (hmac.compare_digest(header, cookie) and hmac.compare_digest(header, expected)):
        raise CsrfError("CSRF token does not match this session",
                        hint="reload the page to get a fresh token, then retry")


def create_token(store: Store, user_id: str, name: str, *, ttl: timedelta | None = None,
                 now: datetime | None = None) -> dict:
    """A new API token for a system acting as ``user_id``; the secret is shown only here."""
    now = now or _now()
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token_id = secrets.token_hex(8)
    expires = now + ttl if ttl else None
    store.execute("INSERT INTO api_tokens (token_hash, token_id, user_id, name, created_at, expires_at, "
                  "revoked) VALUES (?, ?, ?, ?, ?, ?, FALSE)",
                  [_digest(secret), token_id, user_id, name, now, expires])
    return {"token_id": token_id, "name": name, "token": secret,
            "expires_at": expires.isoformat() if expires else None}


def principal_from_token(store: Store, token: str, *, now: datetime | None = None) -> Principal:
    """The principal of a valid API token; AuthError if unknown, revoked or expired."""
    t = store.query("SELECT user_id FROM api_tokens WHERE token_hash = ? AND NOT revoked "
                    "AND (expires_at IS NULL OR expires_at > ?)", [_digest(token), now or _now()])
    p = principal_for(store, t.column(0)[0].as_py()) if t.num_rows else None
    if p is None:
        raise AuthError("invalid, expired or revoked API token",
                        hint="create a new one: POST /api/v1/auth/tokens while signed in")
    return p


def revoke_token(store: Store, user_id: str, token_id: str) -> None:
    store.execute("UPDATE api_tokens SET revoked = TRUE WHERE user_id = ? AND token_id = ?",
                  [user_id, token_id])
