"""Alerts: list, detail (series, line list, records, neighbour notices), review."""

from __future__ import annotations

from typing import Annotated, Literal

import pandas as pd
from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel, Field

from nadd import alerts as A
from nadd.access import Principal, audit, scoped
from nadd.access import views as V
from nadd.api.deps import current_principal, get_store, require_csrf, require_role
from nadd.api.downloads import json_body, jsonable, render_json
from nadd.store import Store

router = APIRouter(prefix="/alerts", tags=["alerts"])
Who = Annotated[Principal, Depends(current_principal)]
Db = Annotated[Store, Depends(get_store)]
Status = Literal["new", "under_review", "confirmed", "dismissed"]


class Review(BaseModel):
    status: Status
    why: str = Field(min_length=1, max_length=4000, description="reason, stored with the review")


@router.get("", summary="Alerts the caller may see, most severe and most recent first")
def list_alerts(request: Request, p: Who, store: Db, status: Status | None = None,
                jurisdiction: str | None = None, plan: str | None = None,
                page: int = Query(1, ge=1, le=1_000_000),
                page_size: int = Query(100, ge=1, le=1000)) -> dict:
    out = alerts_entry(request.app.state.cache, store, p, status=status, jurisdiction=jurisdiction,
                       plan=plan, page=page, page_size=page_size)
    if out["n_restricted"]:
        audit(store, p, "read_restricted", "alerts", detail=dict(request.query_params),
              n_restricted=out["n_restricted"])
    return json_body(out["body"])


def alerts_entry(cache, store: Store, p: Principal, *, status: str | None = None,
                 jurisdiction: str | None = None, plan: str | None = None, page: int = 1,
                 page_size: int = 100) -> dict:
    """A page of the alert list as ``p``'s visibility class sees it (JSON body and how many
    restricted records it rests on), from the response cache (``nadd.api.warm`` fills the
    default page ahead of requests). No audit here: the route writes it."""

    def compute():
        df = A.list_alerts(scoped(store, p), status=status, jurisdiction=jurisdiction, plan=plan)
        part = df.iloc[(page - 1) * page_size: page * page_size]
        n = sum(V.restricted_evidence(store, list(part["alert_id"])).values())
        return {"body": render_json({"page": page, "page_size": page_size, "total": len(df),
                                     "alerts": jsonable(part)}), "n_restricted": n}

    return cache.get(store, p, "alerts", (status, jurisdiction, plan, page, page_size), compute)


@router.get("/{alert_id}", summary="One alert: its series with upper bound, line list, records, "
            "reviews and cross-border notices")
def alert_detail(alert_id: str, request: Request, p: Who, store: Db) -> dict:
    view = scoped(store, p)
    a = A.get_alert(view, alert_id)  # NotFound when the caller may not see it
    recs = A.records(view, alert_id)
    out = {"alert": jsonable(pd.DataFrame([a]))[0],
           "series": jsonable(A.series_of(view, alert_id)),
           "line_list": jsonable(A.line_list(view, alert_id)),
           "records": None if recs is None else jsonable(recs),
           "reviews": jsonable(V.reviews(view, alert_id)),
           "neighbour_notices": jsonable(A.neighbour_notices(view, alert_id)),
           "allowed": list(A.allowed(a["status"]))}
    n = V.restricted_evidence(store, [alert_id]).get(alert_id, 0)
    if n:
        audit(store, p, "read_restricted", f"alerts/{alert_id}", n_restricted=n)
    return out


@router.post("/{alert_id}/review", summary="Move an alert along the review workflow (analyst)",
             dependencies=[Depends(require_csrf)])
def review(alert_id: str, body: Review, request: Request, store: Db,
           p: Annotated[Principal, Depends(require_role("analyst"))]) -> dict:
    A.get_alert(scoped(store, p), alert_id)  # an alert you cannot see cannot be reviewed
    row = A.review(store, alert_id, body.status, who=f"{p.username} ({p.agency})", why=body.why)
    audit(store, p, "review", f"alerts/{alert_id}", detail={"to": body.status})
    request.app.state.cache.clear()
    return {"ok": True, "review": jsonable(pd.DataFrame([row]))[0]}
