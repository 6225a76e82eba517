"""The NADD web app: pages in English, Spanish and French over the /api/v1 JSON API.

``nadd.api.create_app`` includes ``router`` (pages at ``/``) and mounts ``STATIC_DIR`` at
``/static`` (``mount_static(app)`` does both), so pages and API share one process and session::

    from fastapi import FastAPI
    from nadd.web import mount_static, router
    app = FastAPI(); app.include_router(router); mount_static(app)
"""

from pathlib import Path

from nadd.web._i18n import LANGS, choose_lang, fmt_date, fmt_number, gettext
from nadd.web.pages import router
from nadd.web.incidents import router as _incidents

router.include_router(_incidents)  # incidents, cases and flows pages

STATIC_DIR = Path(__file__).parent / "static"
static_dir = STATIC_DIR  # the name in the issue-5 contract

__all__ = [
    "LANGS",
    "STATIC_DIR",
    "choose_lang",
    "fmt_date",
    "fmt_number",
    "gettext",
    "mount_static",
    "router",
    "static_dir",
]


def mount_static(app) -> None:
    """Serve the vendored scripts, styles and images at /static (no CDN: works air-gapped)."""
    from fastapi.staticfiles import StaticFiles

    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
