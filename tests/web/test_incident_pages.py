"""Incident search, incident detail, cases (network graph) and flows (Sankey) in a real browser,
in English, Spanish and French, over the demo's synthetic incidents (scenario 'small', seed 7,
linked); users of different countries see different incidents.

This module serves its own app (a store with the demo users and incidents, no bundled sources):
``base_url`` below overrides the session one of conftest for these tests only.
"""

from __future__ import annotations

import re
import socket
import threading
import time

import pytest
from playwright.sync_api import expect

HEADING = {"en": "Incidents", "es": "Incidentes", "fr": "Incidents"}
BANNER = {"en": "SYNTHETIC DATA", "es": "DATOS SINTÉTICOS", "fr": "DONNÉES SYNTHÉTIQUES"}
CASES = {"en": "Key actors", "es": "Actores clave", "fr": "Acteurs clés"}
FLOWS = {"en": "Routes and flows", "es": "Rutas y flujos", "fr": "Itinéraires et flux"}


@pytest.fixture(scope="module")
def base_url(tmp_path_factory):
    import anyio.to_thread
    import uvicorn

    from nadd.access.demo import seed, seed_incidents
    from nadd.api import create_app
    from nadd.ingest import sync_reference
    from nadd.store import open_store

    url = f"duckdb:///{tmp_path_factory.mktemp('incweb') / 'demo.duckdb'}"
    s = open_store(url)
    sync_reference(s)
    seed(s, records=False)
    seed_incidents(s)
    s.close()

    class OneWorkerServer(uvicorn.Server):  # see tests/web/conftest.py: one cursor per request
        async def startup(self, sockets=None):
            anyio.to_thread.current_default_thread_limiter().total_tokens = 1
            await super().startup(sockets)

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = OneWorkerServer(uvicorn.Config(create_app(url, demo=True), host="127.0.0.1", port=port,
                                            log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert time.monotonic() < deadline and thread.is_alive(), "uvicorn did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(10)


def _listed(page) -> list[str]:
    page.wait_for_selector("[data-testid=incidents-table], #incidents .note")
    return page.locator("[data-testid=incidents-table] tbody tr").evaluate_all(
        "rows => rows.map(r => r.dataset.incident)")


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["en", "es", "fr"])
def test_every_incident_page_works_in_each_language_with_the_synthetic_banner(new_page, lang):
    page = new_page(user="cbp.steward", lang=lang)
    page.goto("/incidents")
    rows = _listed(page)
    assert len(rows) == 25 and page.inner_text("h1") == HEADING[lang]
    assert page.inner_text("[data-testid=synthetic-banner]").startswith(BANNER[lang])
    assert page.is_visible("[data-testid=synthetic-banner]")
    assert page.inner_text("[data-nav=incidents]") == HEADING[lang]

    page.click(f"a[href='/incidents/{rows[0]}']")
    page.wait_for_selector("[data-testid=items-table], #items .note")
    assert page.is_visible("[data-testid=synthetic-banner]")
    assert rows[0] in page.inner_text("h1")

    page.goto("/cases")
    page.wait_for_selector("[data-testid=cases-table]")
    page.click("[data-testid=cases-table] tbody tr:first-child a")
    page.wait_for_selector("#graph[data-state=ready]")
    assert page.locator("#graph svg rect.n-incident").count() >= 2
    assert page.locator("#graph svg line.edge").count() >= 2
    assert page.locator("#graph svg circle").count() >= 1
    assert CASES[lang] in page.inner_text("main")
    page.wait_for_selector("[data-testid=actors-table]")

    page.goto("/flows?mode=postal")
    page.wait_for_selector("#sankey[data-state=ready]")
    assert page.inner_text("h1") == FLOWS[lang]
    assert page.locator("#sankey svg path.link.postal").count() >= 2
    assert page.locator("#sankey svg path.link:not(.postal)").count() == 0
    assert page.locator("#sankey svg g.node rect").count() >= 3
    assert page.is_visible("[data-testid=synthetic-banner]")


def test_users_of_different_countries_see_different_incidents(new_page):
    seen = {}
    for user in ("phac.analyst", "fgr.viewer"):
        page = new_page(user=user, lang="en")
        page.goto("/incidents?kind=seizure")
        seen[user] = (set(_listed(page)), page.inner_text("[data-testid=pageinfo]"))
    assert seen["phac.analyst"] != seen["fgr.viewer"]
    only_mx = sorted(seen["fgr.viewer"][0] - seen["phac.analyst"][0])
    assert only_mx
    page = new_page(user="phac.analyst", lang="fr")
    page.goto(f"/incidents/{only_mx[0]}")
    page.wait_for_selector("#incident .error")
    assert page.inner_text("#incident .error") == "Introuvable."


def test_the_public_is_asked_to_sign_in_and_sees_no_synthetic_rows(new_page):
    page = new_page(lang="es")
    page.goto("/incidents")
    page.wait_for_selector("#incidents .note")
    assert _listed(page) == []
    assert "Inicie sesión" in page.inner_text("#incidents .note") or "inicie sesión" in page.inner_text("#incidents .note")
    assert not page.is_visible("[data-testid=synthetic-banner]")


def test_filters_paging_and_the_csv_download_follow_the_selection(new_page):
    page = new_page(user="cdc.analyst", lang="en")
    page.goto("/incidents")
    first = _listed(page)
    page.click("#next")
    expect(page.locator("[data-testid=pageinfo]")).to_have_text(re.compile(r"^Page 2 "))
    assert set(_listed(page)).isdisjoint(first)
    page.select_option("#f-mode", "international_mail")
    page.click("#inc-form button[type=submit]")
    expect(page.locator("[data-testid=pageinfo]")).to_have_text(re.compile(r"^Page 1 "))
    expect(page.locator("[data-testid=csv-download]")).to_have_attribute("href", re.compile("international_mail"))
    href = page.get_attribute("[data-testid=csv-download]", "href")
    assert "format=csv" in href and "mode=international_mail" in href
    r = page.request.get(href)
    lines = r.text().strip().splitlines()
    assert r.ok and len(lines) > 1 and all(",international_mail," in x for x in lines[1:])
