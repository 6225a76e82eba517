"""Users of different countries sign in and see exactly the demo records released to them.

The demo (``nadd.access.demo``) has synthetic seizure records owned by CBP (US), RCMP (CA) and
FGR (MX) whose releasability and TLP cycle through every level, and two demo alerts: one on
records released to NADD (CA, MX, US), one kept by its owner agency (CBP).
"""

from __future__ import annotations

import pytest

NADD_ALERT, OWNER_ALERT = "demo0000000nadd", "demo000000owner"
# user -> (demo alerts listed, points of the US-AZ fentanyl seizure series over its 3 settings)
SEES = {
    None: (set(), 3),                                   # the public: public records only
    "trimbos.viewer": (set(), 8),                       # NL partner: + nadd_partners
    "phac.analyst": ({NADD_ALERT}, 10),                 # CA: + nadd
    "fgr.viewer": ({NADD_ALERT}, 10),                   # MX: same as any NADD country
    "cdc.analyst": ({NADD_ALERT}, 14),                  # US: + owner_country of US records
    "cbp.steward": ({NADD_ALERT, OWNER_ALERT}, 18),     # the owner agency: everything
}


def _demo_alerts(page) -> set[str]:
    page.goto("/alerts")
    page.wait_for_selector("[data-testid=alerts-table], #alerts .note")
    ids = page.locator("[data-testid=alerts-table] tbody tr").evaluate_all(
        "rows => rows.map(r => r.dataset.alert)")
    return {i for i in ids if i.startswith("demo")}


def _series_points(page) -> int:
    page.goto("/trends?indicator=seizure_events&jurisdiction=US-AZ&substance=fentanyl")
    page.wait_for_selector("#chart[data-state=ready]")
    return int(page.get_attribute("#chart", "data-total"))


@pytest.mark.slow
@pytest.mark.parametrize("user", list(SEES), ids=lambda u: u or "public")
def test_each_user_sees_exactly_the_records_released_to_them(new_page, user):
    page = new_page(user=user, lang="en")
    alerts, points = SEES[user]
    assert _demo_alerts(page) == alerts
    if user:
        assert page.inner_text("[data-testid=who]").startswith(user)
    else:
        assert page.locator("[data-testid=login-link]").count() == 1
    assert _series_points(page) == points


@pytest.mark.parametrize(("user", "found"), [("phac.analyst", False), ("cbp.steward", True)])
def test_an_alert_on_owner_only_records_opens_only_for_the_owner(new_page, user, found):
    page = new_page(user=user, lang="fr")
    page.goto(f"/alerts/{OWNER_ALERT}")
    if found:
        page.wait_for_selector("[data-testid=linelist-table]")
        assert page.locator("[data-testid=linelist-table] tbody tr").count() == 3
        assert "demo_seizures" in page.inner_text("dl.facts")
    else:
        page.wait_for_selector("#alert .error")
        assert page.inner_text("#alert .error") == "Introuvable."
        assert page.locator("[data-testid=linelist-table]").count() == 0


def test_the_map_suppresses_small_hidden_parts_for_one_country_but_not_for_the_owner(new_page):
    url = "/map?indicator=seizure_events&substance=fentanyl&period=2025-03"
    values = {}
    for user in ("phac.analyst", "cbp.steward"):
        page = new_page(user=user, lang="es")
        page.goto(url)
        page.wait_for_selector("#map[data-state=ready]")
        values[user] = {j: page.get_attribute(f"#map path[data-id={j}]", "data-value")
                        for j in ("US-TX", "US-CA", "CA-ON", "MX-BCN")}
    assert values["phac.analyst"]["US-TX"] == "suppressed"
    assert values["phac.analyst"]["US-CA"] == "suppressed"
    assert values["cbp.steward"]["US-TX"] not in ("", "suppressed")
    assert values["cbp.steward"]["US-CA"] not in ("", "suppressed")
    assert values["phac.analyst"]["CA-ON"] == values["cbp.steward"]["CA-ON"] != ""
