"""Server side of the pages (no browser): every page in every language, language choice kept in a
cookie, security headers, nothing loaded from another origin."""

from __future__ import annotations

import re
import warnings

import pytest
from fastapi import FastAPI

from nadd.web import STATIC_DIR, mount_static, router
from nadd.web.pages import NAV, TEMPLATES

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

PAGES = [href for href, _ in NAV] + ["/alerts/some-alert", "/login"]
HEADINGS = {
    "en": ("Three countries, one picture", "Sign in"),
    "es": ("Tres países, un panorama", "Iniciar sesión"),
    "fr": ("Trois pays, un portrait", "Se connecter"),
}


@pytest.fixture(scope="module")
def client():
    app = FastAPI()
    app.include_router(router)
    mount_static(app)
    return TestClient(app)


@pytest.mark.parametrize("lang", ["en", "es", "fr"])
def test_every_page_renders_in_the_chosen_language(client, lang):
    for path in PAGES:
        r = client.get(path, params={"lang": lang})
        assert r.status_code == 200, path
        assert f'<html lang="{lang}">' in r.text
        assert r.headers["content-language"] == lang
    home = client.get("/", params={"lang": lang}).text
    assert HEADINGS[lang][0] in home and HEADINGS[lang][1] in home


def test_language_choice_is_remembered_in_a_cookie_and_accept_language_is_the_default():
    c = TestClient(FastAPI(routes=router.routes))
    assert c.get("/", headers={"accept-language": "fr-CA,fr;q=0.9"}).headers["content-language"] == "fr"
    r = c.get("/trends", params={"lang": "es"}, headers={"accept-language": "fr-CA"})
    assert r.headers["content-language"] == "es" and "nadd_lang=es" in r.headers["set-cookie"]
    assert c.get("/map", headers={"accept-language": "fr-CA"}).headers["content-language"] == "es"


def test_pages_forbid_inline_scripts_and_framing(client):
    r = client.get("/")
    csp = r.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
    inline = re.findall(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", r.text)
    assert not inline


def test_boot_data_cannot_close_its_script_element(client):
    r = client.get("/login", params={"next": "/</script><script>alert(1)</script>"})
    boot = r.text.split('id="nadd-boot">')[1].split("</script>")[0]
    assert "alert(1)" in boot and "<script>" not in r.text.split('id="nadd-boot">')[1].split("</script>")[1]


def test_login_returns_only_to_pages_of_this_site(client):
    for bad in ("//evil.example/", "https://evil.example/"):
        assert '"next": "/"' in client.get("/login", params={"next": bad}).text
    assert '"next": "/map"' in client.get("/login", params={"next": "/map"}).text


def test_nothing_is_fetched_from_another_origin():
    """Air-gapped: templates, styles and our scripts name no remote URL (vendored uPlot aside,
    whose licence comment has one)."""
    texts = [p.read_text(encoding="utf-8") for p in TEMPLATES.glob("*.html")]
    texts += [p.read_text(encoding="utf-8") for p in (STATIC_DIR / "js").glob("*.js")]
    texts += [p.read_text(encoding="utf-8") for p in (STATIC_DIR / "css").glob("*.css")]
    for text in texts:
        assert not re.search(r"(src|href)=[\"']?(https?:)?//", text)
        assert not re.search(r"fetch\([\"']https?:", text)
    assert (STATIC_DIR / "vendor" / "uplot" / "LICENSE").exists()


def test_static_assets_and_boundaries_are_served(client):
    assert client.get("/static/vendor/uplot/uPlot.iife.min.js").status_code == 200
    assert client.get("/static/js/map.js").status_code == 200
    geo = client.get("/geo/boundaries.geojson")
    assert geo.status_code == 200 and geo.headers["content-type"].startswith("application/geo+json")
    assert '"CA-ON"' in geo.text and '"MX-SON"' in geo.text and '"US-TX"' in geo.text
