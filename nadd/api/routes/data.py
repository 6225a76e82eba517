"""Summary, observations (pages and downloads), series, map, sources, meta."""

from __future__ import annotations

from dataclasses import fields
from datetime import date
from typing import Annotated, Literal

import pyarrow as pa
from fastapi import APIRouter, Depends, Query, Request

from nadd.access import ANONYMOUS, Principal, audit, scoped
from nadd.access import views as V
from nadd.access.rollup import load_signature
from nadd.api.deps import current_principal, get_store, require_role
from nadd.api.downloads import (
    file_response,
    json_body,
    jsonable,
    render_json,
    table_rows,
)
from nadd.api.memo import MemoStore
from nadd.errors import NaddError
from nadd.observations import Filter, query_table
from nadd.store import Store

router = APIRouter(tags=["data"])
Lang = Literal["en", "es", "fr"]
Who = Annotated[Principal, Depends(current_principal)]
Db = Annotated[Store, Depends(get_store)]


def _cached(request: Request, store: Store, p: Principal, route: str, key: tuple, fn):
    return request.app.state.cache.get(store, p, route, key, fn)


@router.get("/summary", summary="Trilateral summary: latest comparable figure per country")
def summary(request: Request, p: Who, store: Db, lang: Lang = "en") -> dict:
    cache = request.app.state.cache
    out = summary_entry(cache, store, p, lang)
    public = out if p.anonymous else summary_entry(cache, store, ANONYMOUS, lang)
    differ = sum(1 for a, b in zip(out["rows"], public["rows"], strict=True) if a != b)
    if differ:  # the answer holds figures the public does not get: a restricted read
        audit(store, p, "read_restricted", "summary", detail={"lang": lang}, n_restricted=differ)
    return json_body(out["body"])


def summary_entry(cache, store: Store, who: Principal, lang: str) -> dict:
    """The summary as ``who``'s visibility class sees it, in ``lang`` (rows and JSON body),
    from the response cache (also filled ahead of requests: ``nadd.api.warm``). No audit here."""
    from nadd.summary import summary as build

    def compute():
        # the figures do not depend on the language: the three languages of a visibility
        # class share the reads (kept with the class's cache entries, emptied with them)
        reads = cache.get(store, who, "summary-reads", (), lambda: MemoStore(scoped(store, who)))
        rows = jsonable(build(reads, lang=lang))
        return {"rows": rows, "body": render_json({"lang": lang, "rows": rows})}

    return cache.get(store, who, "summary", (lang,), compute)


SLICE_ROWS = 5_000


def _slice(request: Request, store: Store, p: Principal, flt: Filter) -> pa.Table | None:
    """Every row ``query`` gives for one indicator in one place as ``p``'s visibility class sees
    it, read once and shared by that filter's series and observation pages (a dashboard shows
    a place's trend, then its records). None for other filters or more than ``SLICE_ROWS``."""
    if not (isinstance(flt.indicator, str) and isinstance(flt.jurisdiction, str)):
        return None

    def compute():
        t = query_table(scoped(store, p), flt, limit=SLICE_ROWS + 1)
        return None if t.num_rows > SLICE_ROWS else t

    return _shared(request, store, p, "slice", tuple(getattr(flt, f.name) for f in fields(flt)), compute)


def _shared(request: Request, store: Store, p: Principal, kind: str, key: tuple, compute):
    """A whole result several answers are cut from, in the slices cache (per visibility class)."""
    slices = getattr(request.app.state, "slices", None) or request.app.state.cache
    return slices.get(store, p, kind, key, compute)


def _filter(indicator, jurisdiction, substance, source, period_type, period_from, period_to, as_of,
            sex, age_group, manner, setting, unit) -> Filter:
    if period_from and period_to and period_from > period_to:
        raise NaddError("period_from is after period_to", hint="swap them or drop one")
    return Filter(indicator=indicator, jurisdiction=jurisdiction, substance=substance, source=source,
                  period_type=period_type, start=period_from, end=period_to, as_of=as_of, sex=sex,
                  age_group=age_group, manner=manner, setting=setting, unit=unit)


@router.get("/observations", summary="Observations (filters, as-of vintage); JSON pages or "
            "CSV/Parquet downloads", response_model=None)
def observations(
    request: Request, p: Who, store: Db,
    indicator: str | None = None, jurisdiction: str | None = None, substance: str | None = None,
    source: str | None = None, period_type: str | None = None,
    period_from: date | None = Query(None, description="period_start on or after"),
    period_to: date | None = Query(None, description="period_end on or before"),
    as_of: date | None = Query(None, description="as known on this date (latest vintage <= as_of)"),
    sex: str | None = None, age_group: str | None = None, manner: str | None = None,
    setting: str | None = None, unit: str | None = None,
    format: Literal["json", "csv", "parquet"] = "json",
    page: int = Query(1, ge=1, le=1_000_000), page_size: int = Query(100, ge=1, le=10_000),
):
    flt = _filter(indicator, jurisdiction, substance, source, period_type, period_from, period_to,
                  as_of, sex, age_group, manner, setting, unit)
    params = {k: str(v) for k, v in request.query_params.items()}
    if format != "json":  # an export: every matching row, always audited
        df, total = V.observations_page(store, p, flt, page=1, page_size=1_000_000)
        audit(store, p, "export", "observations", detail={**params, "rows": len(df)},
              n_restricted=V.n_restricted(df))
        return file_response(df, format, "nadd-observations")

    def compute():
        whole = _slice(request, store, p, flt) if page * page_size <= SLICE_ROWS else None
        if whole is None:
            t, total = V.observations_page_table(store, p, flt, page=page, page_size=page_size)
        else:  # the rows are in ``query``'s order (unique by id): a slice is the page
            t, total = whole.slice((page - 1) * page_size, page_size), whole.num_rows
        return {"body": render_json({"page": page, "page_size": page_size, "total": total,
                                     "rows": table_rows(t)}),
                "n_restricted": V.n_restricted_table(t)}

    out = _cached(request, store, p, "observations", tuple(sorted(params.items())), compute)
    if out["n_restricted"]:
        audit(store, p, "read_restricted", "observations", detail=params,
              n_restricted=out["n_restricted"])
    return json_body(out["body"])


@router.get("/series", summary="Series of an indicator in a jurisdiction, with the detection's "
            "upper bound and alarms where detection ran")
def series(request: Request, p: Who, store: Db, indicator: str, jurisdiction: str,
           substance: str | None = None, period_type: str | None = None, source: str | None = None,
           as_of: date | None = None) -> dict:
    flt = Filter(indicator=indicator, jurisdiction=jurisdiction, substance=substance,
                 period_type=period_type, source=source, as_of=as_of)
    key = (indicator, jurisdiction, substance, period_type, source, as_of)
    def compute():
        out = V.series(store, p, flt, records=_slice(request, store, p, flt))
        return {"n_restricted": sum(s["n_restricted"] for s in out), "body": render_json(
            {"series": [{k: v for k, v in s.items() if k != "n_restricted"} for s in out]})}

    out = _cached(request, store, p, "series", key, compute)
    if out["n_restricted"]:
        audit(store, p, "read_restricted", "series", detail=dict(request.query_params),
              n_restricted=out["n_restricted"])
    return json_body(out["body"])


def _period(period: str | None) -> date | None:
    if not period:
        return None
    try:
        if len(period) == 4:
            return date(int(period), 1, 1)
        if len(period) == 7:
            return date(int(period[:4]), int(period[5:7]), 1)
        return date.fromisoformat(period)
    except ValueError:
        raise NaddError(f"period {period!r} is not a year, month or date",
                        hint="use 2024, 2024-05 or 2024-05-01 (the period's first day)") from None


@router.get("/map", summary="Value per state/province (small cells of restricted records suppressed)")
def map_values(request: Request, p: Who, store: Db, indicator: str, period: str | None = None,
               substance: str | None = None, period_type: str | None = None,
               source: str | None = None, setting: str = "all") -> dict:
    start = _period(period)
    key = (indicator, start, substance, period_type, source, setting)

    def compute():
        # the pre-summed roll-up when it reflects the current loads (else rebuilt in the
        # background, and this call reads the records)
        ready = request.app.state.rollup.ready(store, load_signature(store))
        layer = {"indicator": indicator, "period_type": period_type, "substance": substance,
                 "source": source}
        # every period of the layer summed in one read, shared by the class's maps of that layer
        sums = _shared(request, store, p, "map-sums", tuple(layer.values()),
                       lambda: V.map_sums(store, p, **layer)) if ready else None
        out = (V.map_from_sums(sums, period_start=start, setting=setting) if sums is not None else
               V.map_cells(store, p, period_start=start, setting=setting, rollup=ready, **layer))
        return {"n_restricted": out.get("n_restricted", 0),
                "body": render_json({k: v for k, v in out.items() if k != "n_restricted"})}

    out = _cached(request, store, p, "map", key, compute)
    if out["n_restricted"]:
        audit(store, p, "read_restricted", "map", detail=dict(request.query_params),
              n_restricted=out["n_restricted"])
    return json_body(out["body"])


@router.get("/sources", summary="Sources: publisher, licence, provenance, synthetic flag")
def sources(request: Request, p: Who, store: Db) -> dict:
    return {"sources": _cached(request, store, ANONYMOUS, "sources", (), lambda: V.sources(store))}


@router.get("/meta", summary="Indicators, jurisdictions and substances with EN/ES/FR names")
def meta(request: Request, p: Who, store: Db) -> dict:
    return _cached(request, store, ANONYMOUS, "meta", (), lambda: V.meta(store))


@router.get("/admin/cache", summary="Response cache statistics (admin)")
def cache_stats(request: Request, p: Annotated[Principal, Depends(require_role("admin"))]) -> dict:
    c, sl = request.app.state.cache, getattr(request.app.state, "slices", None)
    out = {"hits": c.hits, "misses": c.misses, "entries": len(c._data)}
    if sl is not None:  # whole results of one place, shared by its series and pages
        out["slices"] = {"hits": sl.hits, "misses": sl.misses, "entries": len(sl._data)}
    return out
