"""The pages: server-rendered shells in the reader's language; data comes from /api/v1.

Every number a page shows is fetched by its script from the JSON API with the reader's own
session, so the one access policy (``nadd.access.policy``) decides what each reader sees. The
pages themselves carry only public metadata (the date of the newest release, in the footer).
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, HTMLResponse, Response
from jinja2 import Environment, FileSystemLoader, select_autoescape

from nadd.web._i18n import (
    LANG_COOKIE,
    LANG_NAMES,
    LANGS,
    choose_lang,
    fmt_date,
    fmt_number,
    translations,
)
from nadd.web._jsmessages import js_messages

TEMPLATES = Path(__file__).parent / "templates"
BOUNDARIES = Path(__file__).resolve().parents[1] / "data" / "geo" / "boundaries.geojson"
CSRF_COOKIE = "nadd_csrf"
router = APIRouter(include_in_schema=False)

# (path, page key); the order is the navigation's, labels are in base.html.
NAV = (
    ("/", "overview"),
    ("/trends", "trends"),
    ("/map", "map"),
    ("/alerts", "alerts"),
    ("/incidents", "incidents"),
    ("/substances", "substances"),
    ("/sources", "sources"),
)


@cache
def _env(lang: str) -> Environment:
    """One Jinja environment per language, with that language's catalogue installed."""
    env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=select_autoescape(["html"]),
                      extensions=["jinja2.ext.i18n"], trim_blocks=True, lstrip_blocks=True)
    env.install_gettext_translations(translations(lang), newstyle=True)
    env.filters["number"] = lambda v, digits=0: fmt_number(v, lang, digits)
    env.filters["date"] = lambda v, style="medium": fmt_date(v, lang, style)
    return env


def _principal(request: Request):
    """The reader (``nadd.api.deps.current_principal``); None when pages run without the API."""
    if getattr(request.app.state, "hub", None) is None:
        return None
    from nadd.api.deps import current_principal

    return current_principal(request)


def _latest_release(request: Request) -> str | None:
    """Date of the newest source release loaded (public metadata, from D's cached /sources view)."""
    if getattr(request.app.state, "hub", None) is None:
        return None
    from nadd.access import ANONYMOUS
    from nadd.access import views as V
    from nadd.api.deps import get_store

    store = get_store(request)
    rows = request.app.state.cache.get(store, ANONYMOUS, "sources", (), lambda: V.sources(store))
    dates = [r["latest_vintage"] for r in rows if r.get("latest_vintage") and not r.get("synthetic")]
    return max(dates) if dates else None


def _user(principal) -> dict:
    if principal is None or getattr(principal, "anonymous", True):
        return {"anonymous": True, "username": None, "country": None, "agency": None, "roles": []}
    return {"anonymous": False, "username": principal.username, "country": principal.country,
            "agency": principal.agency, "roles": sorted(principal.roles)}


def render(request: Request, template: str, page: str, **context) -> HTMLResponse:
    q = request.query_params.get("lang")
    lang = choose_lang(q, request.cookies.get(LANG_COOKIE), request.headers.get("accept-language"))
    user = _user(_principal(request))
    boot = {"lang": lang, "page": page, "api": "/api/v1", "user": user,
            "msgs": js_messages(lang), **context.pop("boot", {})}
    html = _env(lang).get_template(template).render(
        lang=lang, page=page, user=user, nav=NAV, langs=LANGS, lang_names=LANG_NAMES,
        csrf_token=request.cookies.get(CSRF_COOKIE, ""), path=request.url.path,
        latest_release=_latest_release(request),
        boot_json=json.dumps(boot, ensure_ascii=False).replace("</", "<\\/"), **context)
    resp = HTMLResponse(html)
    resp.headers["Content-Language"] = lang
    resp.headers["Vary"] = "Accept-Language, Cookie"
    # No inline script runs: boot data travels as JSON, scripts come only from /static.
    resp.headers["Content-Security-Policy"] = (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'")
    resp.headers["X-Content-Type-Options"] = "nosniff"
    if q and q.lower() in LANGS:
        resp.set_cookie(LANG_COOKIE, q.lower(), max_age=365 * 86400, samesite="lax", path="/")
    return resp


@router.get("/", response_class=HTMLResponse)
def overview(request: Request):
    return render(request, "overview.html", "overview")


@router.get("/trends", response_class=HTMLResponse)
def trends(request: Request):
    return render(request, "trends.html", "trends")


@router.get("/map", response_class=HTMLResponse)
def map_page(request: Request):
    return render(request, "map.html", "map")


@router.get("/alerts", response_class=HTMLResponse)
def alerts(request: Request):
    return render(request, "alerts.html", "alerts")


@router.get("/alerts/{alert_id}", response_class=HTMLResponse)
def alert_detail(request: Request, alert_id: str):
    return render(request, "alert.html", "alerts", alert_id=alert_id, boot={"alert_id": alert_id})


@router.get("/substances", response_class=HTMLResponse)
def substances(request: Request):
    return render(request, "substances.html", "substances")


@router.get("/sources", response_class=HTMLResponse)
def sources(request: Request):
    return render(request, "sources.html", "sources")


@router.get("/login", response_class=HTMLResponse)
def login(request: Request):
    nxt = request.query_params.get("next", "/")
    safe = nxt if nxt.startswith("/") and not nxt.startswith("//") else "/"
    return render(request, "login.html", "login", boot={"next": safe})


@router.get("/geo/boundaries.geojson")
def boundaries() -> Response:
    """US states, Canadian provinces/territories and Mexican states for the map (public)."""
    return FileResponse(BOUNDARIES, media_type="application/geo+json",
                        headers={"Cache-Control": "public, max-age=86400"})
