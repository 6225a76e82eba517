"""Browser tests: the real app (API + pages) served by uvicorn, driven by Debian's Chromium.

One demo store per session: three bundled sources (US deaths, Canadian harms, Mexican crime),
the PHAC detection plan (upper bounds and alerts) and the demo organisations, users and
restricted records of ``nadd.access.demo`` (seeded by ``create_app(demo=True)``).
"""

from __future__ import annotations

import socket
import threading
import time

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
SOURCES = ("cdc_vsrr", "phac_harms", "sesnsp")
PLANS = ("phac-quarterly",)
LANGS = ("en", "es", "fr")


@pytest.fixture(scope="session")
def demo_url(tmp_path_factory) -> str:
    from nadd.detect.plans import bundled_plans
    from nadd.detect.runner import run_plan
    from nadd.ingest import ingest
    from nadd.store import open_store

    url = f"duckdb:///{tmp_path_factory.mktemp('web') / 'demo.duckdb'}"
    s = open_store(url)
    ingest(s, list(SOURCES))
    for plan in bundled_plans():
        if plan.name in PLANS:
            run_plan(s, plan)
    s.close()
    return url


def _server_class():
    import anyio.to_thread
    import uvicorn

    class OneWorkerServer(uvicorn.Server):
        """Runs sync endpoints and dependencies on ONE worker thread.

        Workaround, to drop when nadd.api.hub is fixed: ``get_store`` returns the calling
        thread's DuckDB cursor, but FastAPI may run a sync dependency and its endpoint on two
        different pool threads, so one cursor ends up used by two requests at once ("connection
        is busy with another call"). One worker thread makes dependency and endpoint share it.
        """

        async def startup(self, sockets=None):
            anyio.to_thread.current_default_thread_limiter().total_tokens = 1
            await super().startup(sockets)

    return OneWorkerServer


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def base_url(demo_url) -> str:
    import uvicorn

    from nadd.api import create_app

    app = create_app(demo_url, demo=True)
    port = _free_port()
    server = _server_class()(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(10)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def new_page(browser, base_url):
    """``new_page(lang=None, user=None)``: a fresh browser context (own cookies), signed in if
    ``user`` is given. Script errors, CSP violations and requests to other origins fail the test."""
    contexts, problems = [], []

    def make(lang: str | None = None, user: str | None = None, accept_language: str | None = None,
             form_login: bool = False):
        ctx = browser.new_context(base_url=base_url, locale=accept_language or "en-US",
                                  viewport={"width": 1280, "height": 900})
        contexts.append(ctx)
        page = ctx.new_page()
        page.set_default_timeout(15_000)
        page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
        page.on("console", lambda m: "Content Security Policy" in m.text
                and problems.append(f"CSP violation: {m.text}"))
        page.on("request", lambda r: r.url.startswith(base_url) or r.url.startswith("data:")
                or problems.append(f"request off-origin: {r.url}"))
        if lang:  # what ?lang= would remember, without loading a page
            ctx.add_cookies([{"name": "nadd_lang", "value": lang, "url": base_url}])
        if user and form_login:
            login(page, user)
        elif user:  # through the API: sets the same session and CSRF cookies, no page load
            from nadd.access.demo import DEMO_PASSWORD

            r = page.request.post("/api/v1/auth/login", data={"username": user, "password": DEMO_PASSWORD})
            assert r.ok, r.text()
        return page

    yield make
    for ctx in contexts:
        ctx.close()
    assert not problems, problems


def login(page, username: str) -> None:
    """Sign in through the login form, as a person would."""
    from nadd.access.demo import DEMO_PASSWORD

    page.goto("/login?next=/sources")
    page.fill("#l-username", username)
    page.fill("#l-password", DEMO_PASSWORD)
    page.click("#login-form button[type=submit]")
    page.wait_for_selector("[data-testid=who]")
