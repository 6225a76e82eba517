"""Incidents, cases, flows, finance typologies and firearms sources, under the access rule.

Each answer is built from the records the caller may see only (nadd.incidents.search,
nadd.networks.views); answers holding records not released to the public are audited as
restricted reads, every download as an export, as the data routes do.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

import pandas as pd
from fastapi import APIRouter, Depends, Query, Request

from nadd.access import Principal, audit
from nadd.api.deps import current_principal, get_store
from nadd.api.downloads import file_response, jsonable
from nadd.errors import NaddError
from nadd.incidents.search import Query as Search
from nadd.incidents.search import data_version, search
from nadd.store import Store

router = APIRouter(tags=["incidents"])
Who = Annotated[Principal, Depends(current_principal)]
Db = Annotated[Store, Depends(get_store)]
Lang = Literal["en", "es", "fr"]
Page = Annotated[int, Query(ge=1, le=1_000_000)]
Size = Annotated[int, Query(ge=1, le=1000)]
Level = Literal["country", "place"]
VOCABULARIES = ("incident_kind", "mode", "concealment", "role", "party_kind", "channel", "unit",
                "red_flag")


def _view(request: Request, store: Store, p: Principal):
    """The caller's visible frames, party keys and cases (one per visibility class and data
    version: re-scoring the linkage takes about a second)."""
    from nadd.networks.views import principal_view

    return request.app.state.cache.get(store, p, "incident-view", data_version(store),
                                       lambda: principal_view(store, p))


def _audit(store: Store, p: Principal, target: str, n: int, detail: dict | None = None) -> None:
    if n:
        audit(store, p, "read_restricted", target, detail=detail, n_restricted=n)


def _modes(mode: str | None) -> tuple[str, ...] | None:
    """'postal' stands for international mail and express consignments."""
    from nadd.incidents.model import vocabulary
    from nadd.networks import POSTAL_MODES

    if not mode:
        return None
    out: list[str] = []
    for m in (x.strip() for x in mode.split(",") if x.strip()):
        if m == "postal":
            out += POSTAL_MODES
        elif m in vocabulary("mode"):
            out.append(m)
        else:
            raise NaddError(f"mode {m!r} is not a mode of transport",
                            hint=f"one of: postal, {', '.join(vocabulary('mode'))}")
    return tuple(out)


def _kinds(kind: str | None) -> tuple[str, ...] | None:
    from nadd.incidents.model import vocabulary

    if not kind:
        return None
    kinds = tuple(k.strip() for k in kind.split(",") if k.strip())
    bad = [k for k in kinds if k not in vocabulary("incident_kind")]
    if bad:
        raise NaddError(f"kind {bad[0]!r} is not an incident kind",
                        hint=f"one of: {', '.join(vocabulary('incident_kind'))}")
    return kinds


@router.get("/incident-vocabulary", summary="Codes of the incident model (kinds, modes, roles, ...) "
            "with their EN/ES/FR labels")
def incident_vocabulary(lang: Lang = "en") -> dict:
    from nadd.incidents.model import label, vocabulary

    return {d: [{"code": c, "label": label(d, c, lang)} for c in vocabulary(d)] for d in VOCABULARIES}


@router.get("/incidents", summary="Incidents the caller may see (filters, free text on party names "
            "and tracking numbers); JSON pages or CSV/Parquet downloads", response_model=None)
def incidents(request: Request, p: Who, store: Db, kind: str | None = None, mode: str | None = None,
              jurisdiction: str | None = None, substance: str | None = None,
              since: Annotated[date | None, Query(description="event date on or after")] = None,
              until: Annotated[date | None, Query(description="event date on or before")] = None,
              q: Annotated[str | None, Query(max_length=200, description="party name or tracking number")] = None,
              format: Literal["json", "csv", "parquet"] = "json", page: Page = 1, page_size: Size = 50):
    if since and until and since > until:
        raise NaddError("since is after until", hint="swap them or drop one")
    qy = Search(kinds=_kinds(kind) or (), modes=_modes(mode) or (), jurisdiction=jurisdiction, substance=substance,
                since=since.isoformat() if since else None, until=until.isoformat() if until else None, q=q)
    params = {k: str(v) for k, v in request.query_params.items()}
    if format != "json":  # an export: every match, always audited
        df, total = search(store, p, qy, page_size=None)
        from nadd.networks.views import restricted

        audit(store, p, "export", "incidents", detail={**params, "rows": len(df)}, n_restricted=restricted(df))
        return file_response(df, format, "nadd-incidents")
    from nadd.networks.views import restricted, synthetic

    df, total = search(store, p, qy, page=page, page_size=page_size)
    _audit(store, p, "incidents", restricted(df), params)
    return {"page": page, "page_size": page_size, "total": total, "synthetic": synthetic(df),
            "rows": jsonable(df)}


@router.get("/incidents/{incident_id}", summary="One incident: items, firearms, transactions, "
            "parties and the case it belongs to (as the caller sees it)")
def incident_detail(incident_id: str, request: Request, p: Who, store: Db) -> dict:
    from nadd.incidents import get_incident
    from nadd.networks.views import restricted

    got = get_incident(store, incident_id, p)  # NotFound when the caller may not see it
    inc = pd.DataFrame([got["incident"]])
    view = _view(request, store, p)
    out = {"incident": jsonable(inc)[0], "case_id": view.case_of.get(incident_id),
           "synthetic": bool(got["incident"].get("synthetic"))}
    n = restricted(inc)
    for table in ("incident_items", "firearms", "transactions", "parties"):
        out["items" if table == "incident_items" else table] = jsonable(got[table])
        n += restricted(got[table])
    _audit(store, p, f"incidents/{incident_id}", n)
    return out


@router.get("/cases", summary="Cases: incidents linked by shared parties, tracking numbers, accounts "
            "or phones, computed from the records the caller may see")
def cases(request: Request, p: Who, store: Db, page: Page = 1, page_size: Size = 50) -> dict:
    from nadd.networks.views import restricted, synthetic

    view = _view(request, store, p)
    s = view.cases.summary
    part = s.iloc[(page - 1) * page_size: page * page_size].drop(columns=["incident_ids"])
    members = view.frames.incidents[view.frames.incidents["incident_id"].isin(set(view.cases.members["incident_id"]))]
    _audit(store, p, "cases", restricted(members), {"page": page})
    return {"page": page, "page_size": page_size, "total": len(s), "linkage": view.linkage,
            "synthetic": synthetic(members), "rows": jsonable(part)}


@router.get("/cases/{case_id}", summary="One case as a network graph (incidents, parties and "
            "identifiers with layout positions), its key actors with centrality, incidents and chains")
def case(case_id: str, request: Request, p: Who, store: Db) -> dict:
    from nadd.networks.views import case_detail, restricted, synthetic

    view = _view(request, store, p)

    def compute():
        d = case_detail(view, case_id)  # NotFound when no case of that id is visible
        return {"n": restricted(d["incidents"]), "body": {
            "case": jsonable(pd.DataFrame([d["case"]]))[0], "graph": d["graph"],
            "actors": jsonable(d["actors"]), "incidents": jsonable(d["incidents"]),
            "chains": jsonable(d["chains"]), "linkage": view.linkage, "synthetic": synthetic(d["incidents"])}}

    out = request.app.state.cache.get(store, p, "case", (data_version(store), case_id), compute)
    _audit(store, p, f"cases/{case_id}", out["n"])
    return out["body"]


@router.get("/flows", summary="Routes and flows (origin -> transit -> destination) by mode, as Sankey "
            "nodes and links; postal flows flagged. mode=postal: mail and express")
def flows(request: Request, p: Who, store: Db, mode: str | None = None, kind: str | None = None,
          level: Level = "country") -> dict:
    from nadd.networks.views import flows as build
    from nadd.networks.views import restricted, synthetic

    view = _view(request, store, p)
    out, used = build(view, modes=_modes(mode), kinds=_kinds(kind), level=level)
    _audit(store, p, "flows", restricted(used), dict(request.query_params))
    return {"level": level, "synthetic": synthetic(used), "incidents": len(used),
            **{k: jsonable(v) for k, v in out.items()}}


@router.get("/networks/finance", summary="Finance typology flags (structuring, funnel accounts, "
            "rapid movement), each with the indicator that fired")
def finance(request: Request, p: Who, store: Db) -> dict:
    from nadd.networks import typologies
    from nadd.networks.views import restricted, synthetic

    view = _view(request, store, p)
    f = view.frames
    flags = typologies(f.transactions, f.parties, view.keys, f.incidents)
    _audit(store, p, "networks/finance", restricted(f.transactions))
    return {"synthetic": synthetic(f.transactions), "flags": jsonable(flags)}


@router.get("/networks/firearms", summary="Firearms sources and time-to-crime by recovery country")
def firearms(request: Request, p: Who, store: Db, level: Level = "country") -> dict:
    from nadd.networks import source_table, ttc_summary
    from nadd.networks.views import restricted, synthetic

    f = _view(request, store, p).frames
    if f.firearms.empty:
        return {"synthetic": False, "sources": [], "time_to_crime": []}
    _audit(store, p, "networks/firearms", restricted(f.firearms))
    return {"synthetic": synthetic(f.firearms), "sources": jsonable(source_table(f.firearms, f.incidents, level=level)),
            "time_to_crime": jsonable(ttc_summary(f.firearms, f.incidents))}
