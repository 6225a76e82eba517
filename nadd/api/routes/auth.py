"""Sign in and out, who am I, API tokens."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response
from pydantic import BaseModel, Field

from nadd.access import (
    Principal,
    audit,
    authenticate,
    create_session,
    create_token,
    delete_session,
    revoke_token,
)
from nadd.api.deps import (
    CSRF_COOKIE,
    SESSION_COOKIE,
    current_principal,
    get_store,
    require_csrf,
    require_user,
)
from nadd.errors import NaddError
from nadd.store import Store

router = APIRouter(prefix="/auth", tags=["auth"])


class Login(BaseModel):
    username: str = Field(min_length=1, max_length=200)
    password: str = Field(min_length=1, max_length=1000)


class TokenRequest(BaseModel):
    name: str = Field(min_length=1, max_length=200, description="what the token is for")
    days: int | None = Field(None, ge=1, le=3650, description="lifetime in days (none: until revoked)")


def me_dict(p: Principal) -> dict:
    return {"user_id": p.user_id, "username": p.username, "org_id": p.org_id, "agency": p.agency,
            "country": p.country, "roles": sorted(p.roles), "anonymous": p.anonymous}


async def _credentials(request: Request) -> Login:
    ctype = request.headers.get("content-type", "")
    if ctype.startswith("application/json"):
        try:
            data = await request.json()
        except ValueError:
            data = None
    else:
        data = dict(await request.form())
    if not isinstance(data, dict):
        raise NaddError("send username and password as JSON or a form",
                        hint='{"username": "...", "password": "..."}')
    try:
        return Login(username=str(data.get("username", "")), password=str(data.get("password", "")))
    except ValueError as e:
        raise NaddError("username and password are required",
                        hint='{"username": "...", "password": "..."}') from e


@router.post("/login", summary="Sign in (JSON or form); sets the session and CSRF cookies")
async def login(request: Request, response: Response) -> dict:
    creds = await _credentials(request)
    store: Store = get_store(request)
    try:
        p = authenticate(store, creds.username, creds.password)
    except NaddError:
        from nadd.access import ANONYMOUS

        audit(store, ANONYMOUS, "login_failed", "auth", detail={"username": creds.username[:200]})
        raise
    token, csrf = create_session(store, p.user_id)
    secure = request.url.scheme == "https"
    ttl = int(request.app.state.session_ttl.total_seconds())
    response.set_cookie(SESSION_COOKIE, token, httponly=True, secure=secure, samesite="lax",
                        max_age=ttl, path="/")
    response.set_cookie(CSRF_COOKIE, csrf, httponly=False, secure=secure, samesite="lax",
                        max_age=ttl, path="/")
    audit(store, p, "login", "auth")
    return {"ok": True, "user": me_dict(p), "csrf_token": csrf}


@router.post("/logout", summary="Sign out (ends the session)", dependencies=[Depends(require_csrf)])
def logout(request: Request, response: Response) -> dict:
    store = get_store(request)
    p = current_principal(request)
    token = request.cookies.get(SESSION_COOKIE)
    if token:
        delete_session(store, token)
        if not p.anonymous:
            audit(store, p, "logout", "auth")
    response.delete_cookie(SESSION_COOKIE, path="/")
    response.delete_cookie(CSRF_COOKIE, path="/")
    return {"ok": True}


@router.get("/me", summary="Who is signed in (anonymous: the public)")
def me(p: Annotated[Principal, Depends(current_principal)]) -> dict:
    return me_dict(p)


@router.post("/tokens", summary="Create an API token for a system (the secret is shown once)",
             dependencies=[Depends(require_csrf)])
def new_token(body: TokenRequest, request: Request,
              p: Annotated[Principal, Depends(require_user)]) -> dict:
    from datetime import timedelta

    store = get_store(request)
    tok = create_token(store, p.user_id, body.name, ttl=timedelta(days=body.days) if body.days else None)
    audit(store, p, "token", "auth/tokens", detail={"token_id": tok["token_id"], "name": body.name})
    return tok


@router.delete("/tokens/{token_id}", summary="Revoke one of your API tokens",
               dependencies=[Depends(require_csrf)])
def drop_token(token_id: str, request: Request, p: Annotated[Principal, Depends(require_user)]) -> dict:
    revoke_token(get_store(request), p.user_id, token_id)
    return {"ok": True}
