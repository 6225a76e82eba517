"""Organisations, users and roles; argon2 password hashes; sign-in.

Passwords are hashed with argon2id (argon2-cffi defaults, RFC 9106 low-memory profile);
hashes are re-computed on sign-in when the parameters change (``check_needs_rehash``).
"""

from __future__ import annotations

import hashlib
from datetime import datetime, timezone

import pyarrow as pa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from nadd.access.principal import ROLES, Principal
from nadd.errors import NaddError, NotFound
from nadd.store import Store

__all__ = ["AuthError", "Forbidden", "authenticate", "check_roles", "create_org", "create_user", "hash_password",
           "principal_for", "verify_password"]

_HASHER = PasswordHasher()
# Verifying against this keeps the time of "no such user" equal to "wrong password".
_DUMMY_HASH = _HASHER.hash("nadd-dummy-password")


class AuthError(NaddError):
    code = "unauthorized"
    status = 401


class Forbidden(NaddError):
    code = "forbidden"
    status = 403


def hash_password(password: str) -> str:
    if len(password) < 8:
        raise NaddError("password too short", hint="use at least 8 characters")
    return _HASHER.hash(password)


def verify_password(stored_hash: str, password: str) -> bool:
    try:
        return _HASHER.verify(stored_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def _now() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


def check_roles(roles) -> tuple[str, ...]:
    """``roles`` without blanks or repeats; an error naming the field if one is unknown or none given."""
    roles = tuple(dict.fromkeys(r.strip() for r in roles if r.strip()))
    bad = [r for r in roles if r not in ROLES]
    if bad or not roles:
        raise NaddError(f"unknown role(s): {', '.join(bad) or '(none given)'}",
                        hint="roles: " + ", ".join(ROLES), details=[{"field": "roles"}])
    return roles


def create_org(store: Store, org_id: str, *, agency: str, country: str, name: str) -> None:
    """Add an organisation; ``agency`` is the owner_agency its records carry."""
    store.execute("INSERT INTO orgs (org_id, agency, country, name) VALUES (?, ?, ?, ?)",
                  [org_id, agency, country.upper(), name])


def create_user(store: Store, username: str, password: str, *, org_id: str,
                roles: tuple[str, ...] = ("viewer",), display_name: str | None = None) -> str:
    """Add a user of ``org_id`` with ``roles``; returns the user id."""
    roles = check_roles(roles)
    if store.scalar("SELECT count(*) FROM orgs WHERE org_id = ?", [org_id]) == 0:
        raise NotFound(f"no organisation {org_id!r}", hint="create the organisation first")
    uid = hashlib.sha256(f"user|{username}".encode()).hexdigest()[:16]
    with store.transaction():
        store.insert("users", pa.Table.from_pylist([{
            "user_id": uid, "username": username, "org_id": org_id,
            "password_hash": hash_password(password), "display_name": display_name or username,
            "active": True, "created_at": _now()}]))
        for r in roles:
            store.execute("INSERT INTO user_roles (user_id, role) VALUES (?, ?)", [uid, r])
    return uid


def principal_for(store: Store, user_id: str) -> Principal | None:
    """The principal of an active user, None if unknown or deactivated."""
    t = store.query("SELECT u.user_id, u.username, u.org_id, o.agency, o.country FROM users u "
                    "JOIN orgs o ON o.org_id = u.org_id WHERE u.user_id = ? AND u.active", [user_id])
    if not t.num_rows:
        return None
    r = t.to_pylist()[0]
    roles = store.query("SELECT role FROM user_roles WHERE user_id = ?", [user_id]).column(0)
    return Principal(user_id=r["user_id"], username=r["username"], org_id=r["org_id"],
                     agency=r["agency"], country=r["country"], roles=frozenset(roles.to_pylist()))


def authenticate(store: Store, username: str, password: str) -> Principal:
    """The principal for a correct username and password; AuthError otherwise (same message)."""
    t = store.query("SELECT user_id, password_hash FROM users WHERE username = ? AND active",
                    [username])
    row = t.to_pylist()[0] if t.num_rows else None
    ok = verify_password(row["password_hash"] if row else _DUMMY_HASH, password)
    if not row or not ok:
        raise AuthError("wrong username or password", hint="check both; accounts are case-sensitive")
    if _HASHER.check_needs_rehash(row["password_hash"]):
        store.execute("UPDATE users SET password_hash = ? WHERE user_id = ?",
                      [_HASHER.hash(password), row["user_id"]])
    p = principal_for(store, row["user_id"])
    assert p is not None
    return p
