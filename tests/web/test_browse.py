"""A reader goes through every page in English, Spanish and French (not signed in: the public)."""

from __future__ import annotations

import re

import pytest

from nadd.web import gettext

# page path -> (its heading as English msgid, the element that appears once its data is shown)
PAGES = {
    "/": ("Three countries, one picture", "[data-testid=summary][data-loaded=yes]"),
    "/trends": ("Trends and early warning", "#chart[data-state=ready]"),
    "/map": ("Map of North America", "#map[data-state=ready]"),
    "/alerts": ("Alerts", "[data-testid=alerts-table]"),
    "/substances": ("Substance checker", "#check-form"),
    "/sources": ("Sources, provenance and licences", "[data-testid=sources-table]"),
    "/login": ("Sign in", "#login-form"),
}
NAV = {"en": "Trends", "es": "Tendencias", "fr": "Tendances"}


def _ready(page, selector: str, attr: str = "state") -> None:
    page.wait_for_selector(f"{selector}[data-{attr}]:not([data-{attr}=loading])")


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["en", "es", "fr"])
def test_every_page_speaks_the_chosen_language_and_shows_its_data(new_page, lang):
    page = new_page(lang=lang)
    for path, (heading, loaded) in PAGES.items():
        page.goto(path, wait_until="domcontentloaded")
        assert page.get_attribute("html", "lang") == lang
        assert page.inner_text("main h1").strip().startswith(gettext(heading, lang))
        assert page.inner_text("[data-nav=trends]") == NAV[lang]
        assert page.locator("[data-lang][aria-current=true]").get_attribute("data-lang") == lang
        page.wait_for_selector(loaded)
        assert page.locator("main .error:not(:empty)").count() == 0, page.inner_text("main")
    if lang != "en":
        assert gettext(PAGES["/trends"][0], lang) != PAGES["/trends"][0]


@pytest.mark.parametrize("lang", ["es"])
def test_overview_shows_three_countries_and_mexicos_gaps(new_page, lang):
    page = new_page(lang=lang)
    page.goto("/")
    page.wait_for_selector("[data-testid=summary][data-loaded=yes]")
    countries = page.locator(".country").evaluate_all("els => els.map(e => e.dataset.country)")
    assert countries == ["US", "CA", "MX"]
    mx = page.locator(".country[data-country=MX] li")
    gaps = page.locator(".country[data-country=MX] li[data-status=data_gap]")
    assert mx.count() == 6 and gaps.count() == 5  # only drug crime is published for Mexico
    assert gettext("Data gap: no source loaded for this measure", lang) in gaps.first.inner_text()
    ca_deaths = page.locator(".country[data-country=CA] li[data-measure=opioid_deaths] .figure").inner_text()
    assert re.fullmatch(r"7[,\s\u202f\xa0.]?313", ca_deaths)  # PHAC 2024, grouped per locale
    page.wait_for_selector(".spark[data-country=CA] .chart[data-points]")
    assert int(page.get_attribute(".spark[data-country=CA] .chart", "data-points")) >= 8
    assert int(page.get_attribute(".spark[data-country=US] .chart", "data-points")) >= 3
    assert page.locator(".spark[data-country=MX] .gap").count() == 1
    # server-side Babel formatting: the newest release date, written the Spanish way
    footer = page.inner_text("[data-testid=latest-release]")
    assert re.fullmatch(r"Publicación más reciente cargada: \d{1,2} de [a-z]+ de 20\d\d", footer)


@pytest.mark.parametrize("lang", ["fr"])
def test_trends_chart_draws_the_upper_bound_and_the_alarms(new_page, lang):
    page = new_page(lang=lang)
    page.goto("/trends?indicator=drug_deaths&jurisdiction=CA-BC&substance=opioids&period_type=quarter")
    _ready(page, "#chart")
    chart = page.locator("#chart")
    assert chart.get_attribute("data-state") == "ready"
    assert int(chart.get_attribute("data-points")) >= 30
    assert chart.get_attribute("data-bound") == "yes" and chart.get_attribute("data-method") == "ears-c2"
    assert int(chart.get_attribute("data-alarms")) >= 1
    assert page.locator("#chart canvas").count() == 1
    legend = page.inner_text("#chart .u-legend")
    assert gettext("Upper bound (detection threshold)", lang) in legend
    # another selection through the form: Ontario, stimulants
    page.select_option("#f-jurisdiction", "CA-ON")
    page.select_option("#f-substance", "stimulants")
    page.click("#series-form button[type=submit]")
    page.wait_for_url(re.compile(r"jurisdiction=CA-ON"))
    _ready(page, "#chart")
    assert int(chart.get_attribute("data-points")) >= 30
    # the same selection as a download
    href = page.get_attribute("#dl-csv", "href")
    assert "format=csv" in href and "jurisdiction=CA-ON" in href and "substance=stimulants" in href
    csv = page.request.get(href)
    assert csv.ok and csv.text().startswith("id,source_id,") and ",CA-ON," in csv.text()
    # as known on 1 January 2020: PHAC's only bundled release is from 2026, so nothing yet
    page.fill("#f-as-of", "2020-01-01")
    page.click("#series-form button[type=submit]")
    page.wait_for_url(re.compile(r"as_of=2020-01-01"))
    page.wait_for_selector("#chart[data-series='0']")
    assert gettext("No data for this selection.", lang) in page.inner_text("#chart")


@pytest.mark.parametrize("lang", ["en"])
def test_map_draws_three_countries_and_colours_the_provinces(new_page, lang):
    page = new_page(lang=lang)
    page.goto("/map?indicator=drug_deaths&substance=opioids")
    _ready(page, "#map")
    svg = page.locator("#map")
    assert svg.get_attribute("data-state") == "ready"
    assert int(svg.get_attribute("data-regions")) == 96
    for jid in ("US-TX", "CA-NU", "MX-OAX"):
        assert page.locator(f"#map path[data-id={jid}]").count() == 1
    assert int(svg.get_attribute("data-coloured")) >= 10  # PHAC: the provinces and territories
    assert page.get_attribute("#map path[data-id=CA-BC]", "data-value") != ""
    assert page.get_attribute("#map path[data-id=US-TX]", "data-value") == ""
    page.hover("#map path[data-id=CA-BC]")
    name = {"en": "British Columbia", "es": "Columbia Británica", "fr": "Colombie-Britannique"}[lang]
    assert page.inner_text("#map-info").startswith(name)


@pytest.mark.parametrize("lang", ["es"])
def test_alerts_list_opens_an_alert_with_its_chart_and_line_list(new_page, lang):
    page = new_page(lang=lang)
    page.goto("/alerts")
    page.wait_for_selector("[data-testid=alerts-table]")
    rows = page.locator("[data-testid=alerts-table] tbody tr")
    assert rows.count() >= 5
    # Quebec's alert: its series, line list and the US states across the border it notifies
    page.locator("[data-testid=alerts-table] tbody tr[data-jurisdiction=CA-QC] a").first.click()
    page.wait_for_selector("dl.facts")
    assert gettext("new", lang) in page.inner_text("dl.facts")
    page.wait_for_selector("#chart[data-points]")
    assert page.get_attribute("#chart", "data-bound") == "yes"
    assert int(page.get_attribute("#chart", "data-alarms")) >= 1
    assert page.locator("[data-testid=linelist-table] tbody tr").count() >= 2
    assert page.locator("#notices li[data-neighbour=US-VT]").inner_text().startswith("Vermont")
    assert page.locator("#notices li").count() == 4  # ME, NH, NY, VT
    # the public may look but not review
    assert gettext("Sign in as an analyst to review this alert.", lang) in page.inner_text("#review")
    assert page.locator("#review-form").is_hidden()


@pytest.mark.parametrize("lang", ["fr"])
def test_sources_show_licences_and_label_synthetic_data(new_page, lang):
    page = new_page(lang=lang)
    page.goto("/sources")
    page.wait_for_selector("[data-testid=sources-table]")
    assert page.locator("tr[data-source=phac_harms][data-synthetic=no]").count() == 1
    demo = page.locator("tr[data-source=demo_seizures][data-synthetic=yes]")
    assert demo.count() == 1
    assert gettext("synthetic data, for demonstration only", lang) in demo.inner_text()
    assert "Open Government Licence" in page.inner_text("tr[data-source=phac_harms]")


def test_language_switch_keeps_the_page_and_is_remembered(new_page):
    page = new_page(accept_language="fr-CA")
    page.goto("/trends?jurisdiction=CA-ON")
    assert page.get_attribute("html", "lang") == "fr"  # from the browser's Accept-Language
    page.wait_for_selector("#chart[data-state=ready]")
    page.click("[data-lang=es]")
    page.wait_for_url(re.compile(r"/trends\?.*lang=es"))
    assert page.get_attribute("html", "lang") == "es"
    page.wait_for_selector("#chart[data-state=ready]")
    assert page.input_value("#f-jurisdiction") == "CA-ON"  # the selection survives the switch
    page.goto("/map")
    assert page.get_attribute("html", "lang") == "es"  # the cookie outranks Accept-Language
