"""Request dependencies: the store, who is asking, role and CSRF checks.

Who is asking: ``Authorization: Bearer <token>`` (systems), else the ``nadd_session`` cookie
(browsers), else the public (``ANONYMOUS``). Cookie sessions must send ``X-CSRF-Token`` (the
``nadd_csrf`` cookie's value) on every state-changing request; bearer tokens need not (a browser
never attaches them by itself).
"""

from __future__ import annotations

from collections.abc import Callable

from fastapi import Request

from nadd.access import (
    ANONYMOUS,
    AuthError,
    Forbidden,
    Principal,
    check_csrf,
    principal_from_session,
    principal_from_token,
)
from nadd.api.principals import SAFE
from nadd.store import Store

SESSION_COOKIE = "nadd_session"
CSRF_COOKIE = "nadd_csrf"
CSRF_HEADER = "X-CSRF-Token"

__all__ = ["CSRF_COOKIE", "CSRF_HEADER", "SESSION_COOKIE", "csrf_token", "current_principal",
           "get_store", "require_csrf", "require_role", "require_user"]


def get_store(request: Request) -> Store:
    """The app's store (each call runs on the calling thread's own connection)."""
    return request.app.state.hub.store


def current_principal(request: Request) -> Principal:
    """The principal of this request (cached on ``request.state``; reads reuse one resolved
    within the last second, ``nadd.api.principals``)."""
    cached = getattr(request.state, "principal", None)
    if cached is not None:
        return cached
    store = get_store(request)
    auth = request.headers.get("authorization", "")
    memo = getattr(request.app.state, "principals", None)
    reuse = request.method in SAFE

    def resolve(kind: str, credential: str, fn: Callable[[], Principal]) -> Principal:
        return fn() if memo is None else memo.get(kind, credential, fn, reuse=reuse)

    via = None
    if auth.lower().startswith("bearer "):
        token = auth[7:].strip()
        p, via = resolve("token", token, lambda: principal_from_token(store, token)), "token"
    elif request.cookies.get(SESSION_COOKIE):
        cookie = request.cookies[SESSION_COOKIE]
        p = resolve("session", cookie, lambda: principal_from_session(store, cookie) or ANONYMOUS)
        via = "session" if not p.anonymous else None
    else:
        p = ANONYMOUS
    request.state.principal, request.state.auth_via = p, via
    return p


def require_user(request: Request) -> Principal:
    p = current_principal(request)
    if p.anonymous:
        raise AuthError("sign in first", hint="POST /api/v1/auth/login, or send Authorization: Bearer <token>")
    return p


def require_role(role: str) -> Callable[[Request], Principal]:
    """Dependency: a signed-in principal with ``role`` (or a higher one)."""

    def dep(request: Request) -> Principal:
        p = require_user(request)
        if not p.has_role(role):
            raise Forbidden(f"this needs the {role} role; {p.username} has "
                            f"{', '.join(sorted(p.roles)) or 'none'}",
                            hint="ask an admin of your organisation for the role")
        return p

    dep.__name__ = f"require_{role}"
    return dep


def require_csrf(request: Request) -> None:
    """Refuse a cookie-session request that does not carry the session's CSRF token."""
    current_principal(request)
    if getattr(request.state, "auth_via", None) != "session":
        return
    check_csrf(get_store(request), request.cookies[SESSION_COOKIE], request.cookies.get(CSRF_COOKIE),
               request.headers.get(CSRF_HEADER))


def csrf_token(request: Request) -> str:
    """The CSRF token templates put in forms and fetches ('' when not signed in)."""
    return request.cookies.get(CSRF_COOKIE, "")
