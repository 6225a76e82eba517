"""The review workflow in the browser: analysts move an alert along, with the CSRF token; viewers
and requests without the token cannot."""

from __future__ import annotations

from nadd.web import gettext

ALERT = "demo0000000nadd"  # released to NADD: every CA, MX and US user sees it


def test_an_analyst_reviews_an_alert_and_the_history_shows_who_and_why(new_page):
    page = new_page(user="conasama.analyst", lang="es")
    page.goto(f"/alerts/{ALERT}")
    page.wait_for_selector("#review-form:not([hidden])")
    assert page.get_attribute("#alert", "data-status") == "new"
    options = page.locator("#r-status option").evaluate_all("os => os.map(o => o.value)")
    assert options == ["under_review"]  # from new, only under_review is allowed
    page.fill("#r-why", "verificando con el laboratorio")
    page.click("#review-form button[type=submit]")
    page.wait_for_selector("#alert[data-status=under_review]")
    assert page.inner_text("#review-msg") == gettext("Review saved.", "es")
    history = page.inner_text("[data-testid=reviews-table]")
    assert "conasama.analyst (SSA-CONASAMA)" in history and "verificando con el laboratorio" in history
    options = page.locator("#r-status option").evaluate_all("os => os.map(o => o.value)")
    assert options == ["confirmed", "dismissed"]


def test_a_viewer_sees_the_alert_but_no_review_form(new_page):
    page = new_page(user="rcmp.viewer", lang="fr")
    page.goto(f"/alerts/{ALERT}")
    page.wait_for_selector("dl.facts")
    assert page.locator("#review-form").is_hidden()
    assert gettext("Sign in as an analyst to review this alert.", "fr") in page.inner_text("#review")


def test_a_review_without_the_csrf_header_is_refused_even_with_the_session_cookie(new_page):
    page = new_page(user="cdc.analyst")
    before = page.request.get(f"/api/v1/alerts/{ALERT}").json()["alert"]["status"]
    r = page.request.post(f"/api/v1/alerts/{ALERT}/review",
                          data={"status": "under_review", "why": "forged"})
    assert r.status == 403 and r.json()["error"] == "csrf_failed"
    assert page.request.get(f"/api/v1/alerts/{ALERT}").json()["alert"]["status"] == before


def test_signing_in_with_the_form_and_out_again(new_page):
    page = new_page(user="phac.analyst", lang="en", form_login=True)
    assert page.url.endswith("/sources")  # back where the reader came from
    assert page.inner_text("[data-testid=who]") == "phac.analyst · PHAC (CA)"
    page.click("[data-testid=logout]")
    page.wait_for_selector("[data-testid=login-link]")
    assert page.request.get("/api/v1/auth/me").json()["anonymous"] is True


def test_a_wrong_password_is_told_in_the_readers_language(new_page):
    page = new_page(lang="fr")
    page.goto("/login")
    page.fill("#l-username", "phac.analyst")
    page.fill("#l-password", "wrong")
    page.click("#login-form button[type=submit]")
    page.wait_for_selector("[data-testid=login-msg]:not(:empty)")
    assert page.inner_text("[data-testid=login-msg]") == gettext("Wrong user name or password.", "fr")
