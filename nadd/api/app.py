"""The FastAPI application: /api/v1 (JSON, OpenAPI) and, when installed, the web pages."""

from __future__ import annotations

import logging
from contextlib import asynccontextmanager
from datetime import timedelta

from fastapi import APIRouter, FastAPI

from nadd.access import SESSION_TTL
from nadd.api import errors
from nadd.api.hub import StoreHub

log = logging.getLogger("nadd.api")
API_PREFIX = "/api/v1"


def create_app(store_url: str | None = None, *, demo: bool = False,
               session_ttl: timedelta = SESSION_TTL) -> FastAPI:
    """The app over the store at ``store_url`` (default: settings). ``demo`` seeds demo
    organisations, users and restricted records (idempotent; see ``nadd.access.demo``)."""
    from nadd.access.rollup import MapRollup, load_signature
    from nadd.api.cache import Cache, MissGate
    from nadd.api.principals import PrincipalMemo, RefreshOnWrite
    from nadd.api.routes import admin, alerts, auth, data, incidents, substances
    from nadd.api.warm import Warmer

    hub = StoreHub(store_url or _default_url())
    rollup = MapRollup()
    if demo:
        from nadd.access.demo import seed

        seed(hub.main)

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        # build (in the background) the map roll-up if the store's is missing or stale
        rollup.ready(hub.store, load_signature(hub.store))
        app.state.warmer.start()  # each visibility class's default views, in the background
        yield
        app.state.warmer.wait()  # background work ends before its connections are closed
        rollup.wait()
        hub.release()  # the store is closed by its opener (nadd serve), so the app can restart

    app = FastAPI(title="nadd API", version="1",
                  description="Open data platform of the North American Drug Dialogue (CA, MX, US). "
                  "Every record is shown exactly to those it was released to.",
                  openapi_url=f"{API_PREFIX}/openapi.json", docs_url=f"{API_PREFIX}/docs",
                  redoc_url=None, lifespan=lifespan)
    app.state.hub, app.state.session_ttl, app.state.demo = hub, session_ttl, demo
    gate = MissGate()  # misses computed at once, over both caches
    app.state.cache, app.state.rollup = Cache(hub.main, gate=gate), rollup
    app.state.principals = PrincipalMemo()
    # whole small results several answers are cut from (routes/data.py), same data version
    app.state.slices = Cache(hub.main, max_entries=256, gate=gate, versions=app.state.cache)
    app.state.warmer = Warmer(app.state, hub.store)
    app.state.cache.on_change = app.state.warmer.start  # refill after a load, run or review
    app.add_middleware(RefreshOnWrite, memo=app.state.principals)
    errors.install(app)
    api = APIRouter(prefix=API_PREFIX)
    for r in (auth.router, admin.router, data.router, alerts.router, substances.router,
              incidents.router):
        api.include_router(r)
    app.include_router(api)
    _include_web(app)
    return app


def _default_url() -> str:
    from nadd.settings import get_settings

    return get_settings().database_url


def _include_web(app: FastAPI) -> None:
    """Pages at / and /static from nadd.web, when that package is importable."""
    try:
        import nadd.web as web
    except ImportError:
        log.info("nadd.web not installed: API only")
        return
    router = getattr(web, "router", None)
    if router is not None:
        app.include_router(router)
    static = getattr(web, "STATIC_DIR", None)
    if static is not None:
        from fastapi.staticfiles import StaticFiles

        app.mount("/static", StaticFiles(directory=str(static)), name="static")
