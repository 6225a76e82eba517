"""The substance checker: a structure drawn from SMILES and the verdict in each jurisdiction."""

from __future__ import annotations

from nadd.web import gettext

ACETYLFENTANYL = "CC(=O)N(c1ccccc1)C1CCN(CCc2ccccc2)CC1"


def test_a_pasted_smiles_is_drawn_and_checked_in_every_jurisdiction(new_page):
    page = new_page(lang="es")
    page.goto("/substances")
    page.fill("#c-q", ACETYLFENTANYL)
    page.click("#check-form button[type=submit]")
    page.wait_for_selector("#verdicts[data-state=ready]", timeout=60_000)
    verdicts = {r: page.get_attribute(f"tr[data-jurisdiction={r}]", "data-verdict") for r in ("us", "ca", "mx")}
    assert verdicts["us"] == "controlled" and verdicts["ca"] == "controlled"
    assert verdicts["mx"] in ("controlled", "possible_analogue")
    us = page.inner_text("tr[data-jurisdiction=us]")
    assert gettext("United States", "es") in us and "21 CFR" in us
    assert gettext("Controlled", "es") in us
    assert page.inner_text("[data-testid=identity]").endswith("FYIUUQUPOKIKNI-UHFFFAOYSA-N")
    img = page.locator("#structure img")
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=img.element_handle())
    assert "q=CC" in page.url  # the check is a shareable link


def test_unreadable_input_is_explained_not_crashed(new_page):
    page = new_page(lang="en")
    page.goto("/substances?q=not-a-molecule-xyz")
    page.wait_for_selector("#verdicts[data-state=error]", timeout=60_000)
    assert page.inner_text("#verdicts .error").strip() != ""


def test_an_api_error_is_headed_in_the_readers_language_with_the_english_detail_marked(new_page):
    page = new_page(lang="es")
    page.goto("/substances?q=not-a-molecule-xyz")
    page.wait_for_selector("#verdicts[data-state=error]", timeout=60_000)
    box = page.locator("#verdicts .error")
    assert box.locator("p").first.inner_text() == "No se pudo leer esta estructura o nombre."
    detail = box.locator("p.error-detail")
    assert detail.get_attribute("lang") == "en"
    assert detail.inner_text().startswith("Detalles (en inglés): ") and "not-a-molecule-xyz" in detail.inner_text()
