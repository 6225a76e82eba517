"""User administration for an organisation's admins, and their slice of the audit log.

An admin manages the users of *their own* organisation only: the user lists of other agencies
and countries are not theirs to read. Organisations themselves are created by whoever runs the
node (`nadd access orgs add`). Every change is written to the audit log (action ``admin``).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel, Field

from nadd.access import Principal, audit, audit_entries
from nadd.access import admin as accounts
from nadd.api.deps import get_store, require_csrf, require_role
from nadd.errors import NotFound

router = APIRouter(prefix="/admin", tags=["admin"])
Admin = Annotated[Principal, Depends(require_role("admin"))]


class NewUser(BaseModel):
    username: str = Field(min_length=2, max_length=100)
    password: str = Field(min_length=8, max_length=1000)
    roles: list[str] = Field(default_factory=lambda: ["viewer"], min_length=1, max_length=4)
    display_name: str | None = Field(None, max_length=200)


class UserChange(BaseModel):
    roles: list[str] | None = Field(None, min_length=1, max_length=4)
    active: bool | None = None
    password: str | None = Field(None, min_length=8, max_length=1000)


def _records(df) -> list[dict]:
    return [{k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in r.items()}
            for r in df.to_dict("records")]


def _own_user(store, admin: Principal, username: str) -> None:
    """NotFound (not Forbidden) for users of other organisations: their existence is not shared."""
    try:
        org = accounts.user_org(store, username)
    except NotFound:
        org = None
    if org != admin.org_id:
        raise NotFound(f"no user {username!r} in your organisation",
                       hint="GET /api/v1/admin/users lists the users you administer")


@router.get("/users", summary="Users of your organisation, with roles and active flag")
def users(request: Request, p: Admin) -> dict:
    return {"org_id": p.org_id, "users": _records(accounts.list_users(get_store(request), org_id=p.org_id))}


@router.post("/users", summary="Add a user to your organisation", status_code=201,
             dependencies=[Depends(require_csrf)])
def add_user(body: NewUser, request: Request, p: Admin) -> dict:
    store = get_store(request)
    accounts.add_user(store, body.username, body.password, org_id=p.org_id, roles=body.roles,
                      display_name=body.display_name)
    audit(store, p, "admin", "admin/users", detail={"added": body.username, "roles": body.roles})
    return {"ok": True, "username": body.username, "org_id": p.org_id, "roles": body.roles}


@router.patch("/users/{username}", summary="Change a user's roles, active flag or password",
              dependencies=[Depends(require_csrf)])
def change_user(username: str, body: UserChange, request: Request, p: Admin) -> dict:
    store = get_store(request)
    _own_user(store, p, username)
    changed = []
    if body.roles is not None:
        accounts.set_roles(store, username, body.roles)
        changed.append("roles")
    if body.active is not None:
        accounts.set_active(store, username, body.active)
        changed.append("active")
    if body.password is not None:
        accounts.set_password(store, username, body.password)
        changed.append("password")
    audit(store, p, "admin", f"admin/users/{username}",
          detail={"changed": changed, "roles": body.roles, "active": body.active})
    return {"ok": True, "username": username, "changed": changed}


@router.get("/audit", summary="The audit log of your organisation's users, most recent first")
def audit_log(request: Request, p: Admin,
              action: Annotated[str | None, Query(max_length=40)] = None,
              limit: Annotated[int, Query(ge=1, le=5000)] = 200) -> dict:
    df = audit_entries(get_store(request), action=action, org_id=p.org_id, limit=limit)
    return {"org_id": p.org_id, "entries": _records(df)}
