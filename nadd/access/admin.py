"""Administering organisations and users: list, add, roles, deactivate, reset a password.

Every change that takes rights away takes effect at once: made through the API it applies to
the next request (the app forgets its memory of the user), made with the CLI against a running
server within a second (the app re-reads a signed-in user at most once a second). Deactivating
a user or resetting their password also ends their sessions (and deactivation revokes their
API tokens), so a stolen cookie or token stops working too.
"""

from __future__ import annotations

import re

import pandas as pd

from nadd.access.accounts import check_roles, create_org, create_user, hash_password
from nadd.access.principal import ROLE_RANK
from nadd.errors import NaddError, NotFound
from nadd.store import Store

__all__ = ["add_org", "add_user", "list_orgs", "list_users", "set_active", "set_password", "set_roles",
           "user_org"]

def _bad(field: str, message: str, hint: str, cls: type[NaddError] = NaddError) -> NaddError:
    """An error naming the field at fault (the API returns it in ``errors``)."""
    return cls(message, hint=hint, details=[{"field": field}])


_ORG_ID = re.compile(r"^[a-z0-9][a-z0-9_.-]{1,62}$")
_USERNAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.@-]{1,99}$")


def list_orgs(store: Store) -> pd.DataFrame:
    """Organisations with their number of active users."""
    return store.df("SELECT o.org_id, o.name, o.agency, o.country, "
                    "count(u.user_id) FILTER (WHERE u.active) AS active_users "
                    "FROM orgs o LEFT JOIN users u ON u.org_id = o.org_id "
                    "GROUP BY o.org_id, o.name, o.agency, o.country ORDER BY o.country, o.org_id")


def add_org(store: Store, org_id: str, *, agency: str, country: str, name: str) -> None:
    """Add an organisation after checking its fields (each error names the field)."""
    if not _ORG_ID.match(org_id or ""):
        raise _bad("org_id", f"org id {org_id!r} is not valid",
                   "2-63 lower-case letters, digits, '.', '_' or '-', e.g. us-cdc")
    if not re.fullmatch(r"[A-Za-z]{2}", country or ""):
        raise _bad("country", f"country {country!r} is not an ISO 3166-1 alpha-2 code",
                   "e.g. US, CA, MX, NL")
    for fld, val in (("agency", agency), ("name", name)):
        if not (val or "").strip():
            raise _bad(fld, f"{fld} is empty",
                       "agency: the owner_agency value the org's records carry, e.g. CDC")
    if store.scalar("SELECT count(*) FROM orgs WHERE org_id = ?", [org_id]):
        raise _bad("org_id", f"organisation {org_id!r} exists already",
                   "choose another id, or list them with `nadd access orgs list`")
    create_org(store, org_id, agency=agency.strip(), country=country, name=name.strip())


def add_user(store: Store, username: str, password: str, *, org_id: str, roles: tuple[str, ...] | list[str],
             display_name: str | None = None) -> str:
    """Add a user (password hashed with argon2id); returns the user id."""
    if not _USERNAME.match(username or ""):
        raise _bad("username", f"username {username!r} is not valid",
                   "2-100 letters, digits, '.', '_', '@' or '-'")
    if store.scalar("SELECT count(*) FROM users WHERE username = ?", [username]):
        raise _bad("username", f"user {username!r} exists already",
                   "choose another username, or change this one's roles")
    return create_user(store, username, password, org_id=org_id, roles=roles,
                       display_name=display_name)


def list_users(store: Store, *, org_id: str | None = None) -> pd.DataFrame:
    """Users (all, or of one organisation) with their roles joined by ';'. Never the hashes."""
    where, params = ("WHERE u.org_id = ?", [org_id]) if org_id else ("", [])
    df = store.df("SELECT u.username, u.display_name, u.org_id, o.country, u.active, u.created_at, "
                  "r.role FROM users u JOIN orgs o ON o.org_id = u.org_id "
                  f"LEFT JOIN user_roles r ON r.user_id = u.user_id {where} ORDER BY u.username, r.role",
                  params)
    keys = ["username", "display_name", "org_id", "country", "active", "created_at"]
    if df.empty:
        return pd.DataFrame(columns=[*keys, "roles"])
    return (df.groupby(keys, sort=True, dropna=False)["role"]
              .agg(lambda s: ";".join(sorted((r for r in s.dropna()), key=ROLE_RANK.get)))
              .rename("roles").reset_index())


def _user_id(store: Store, username: str) -> str:
    t = store.query("SELECT user_id FROM users WHERE username = ?", [username])
    if not t.num_rows:
        raise _bad("username", f"no user {username!r}", "list users with `nadd access users list`", NotFound)
    return t.column(0)[0].as_py()


def user_org(store: Store, username: str) -> str:
    """The organisation of ``username`` (NotFound if there is no such user)."""
    return store.scalar("SELECT org_id FROM users WHERE user_id = ?", [_user_id(store, username)])


def set_roles(store: Store, username: str, roles: tuple[str, ...] | list[str]) -> None:
    uid, roles = _user_id(store, username), check_roles(roles)
    with store.transaction():
        store.execute("DELETE FROM user_roles WHERE user_id = ?", [uid])
        for r in roles:
            store.execute("INSERT INTO user_roles (user_id, role) VALUES (?, ?)", [uid, r])


def set_active(store: Store, username: str, active: bool) -> None:
    """(De)activate; deactivating ends the user's sessions and revokes their API tokens."""
    uid = _user_id(store, username)
    with store.transaction():
        store.execute("UPDATE users SET active = ? WHERE user_id = ?", [bool(active), uid])
        if not active:
            store.execute("DELETE FROM sessions WHERE user_id = ?", [uid])
            store.execute("UPDATE api_tokens SET revoked = TRUE WHERE user_id = ?", [uid])


def set_password(store: Store, username: str, password: str) -> None:
    """Set a new password and end the user's sessions (API tokens stay: they are not passwords)."""
    uid = _user_id(store, username)
    digest = hash_password(password)
    with store.transaction():
        store.execute("UPDATE users SET password_hash = ? WHERE user_id = ?", [digest, uid])
        store.execute("DELETE FROM sessions WHERE user_id = ?", [uid])
