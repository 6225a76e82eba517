"""Gap table, dated change feed and precursor -> drug links."""

from __future__ import annotations

import uuid
from datetime import date

import pytest

from nadd.errors import NotFound
from nadd.law import changes, gaps, leads_to, made_from, store_substances

ON = date(2026, 11, 1)


def add_observations(store, substance_ids):
    for sid in substance_ids:
        store.execute(
            "INSERT INTO observations VALUES (?, ?, 'src', 'lab_reports', 'US', 'year', DATE '2024-01-01', "
            "DATE '2024-12-31', ?, 'all', 'all', 'all', 'all', 'count', 1, 'reported', NULL, 1, 'f.csv', "
            "DATE '2025-01-01', 'load', TIMESTAMP '2025-01-01 00:00:00', 'US', 'DEA', 'public', 'CLEAR')",
            [str(uuid.uuid4()), str(uuid.uuid4()), sid])


def test_gap_table_says_where_each_substance_is_controlled_and_where_not():
    t = gaps(["xylazine", "fentanyl", "caffeine", "not a substance at all"], ON).set_index("substance")
    assert t.loc["fentanyl", "controlled_in"] == "us;ca;mx;un;nl" and not t.loc["fentanyl", "gap"]
    assert t.loc["fentanyl", "us"] == "controlled (II)"
    assert t.loc["xylazine", "controlled_in"] == "" and not t.loc["xylazine", "gap"]
    assert t.loc["caffeine", "controlled_in"] == "mx" and t.loc["caffeine", "gap"]  # LGS art. 245 fr. IV
    assert "unknown name" in t.loc["not a substance at all", "error"]


def test_gaps_as_of_follow_the_law_of_the_day():
    before = gaps(["etizolam"], date(2023, 1, 1)).iloc[0]
    during = gaps(["etizolam"], date(2024, 1, 1)).iloc[0]
    assert "us" not in before["controlled_in"].split(";")
    assert "us" in during["controlled_in"].split(";")


def test_store_substances_lists_single_substances_from_observations(store):
    add_observations(store, ["xylazine", "fentanyl", "opioids", None])
    names = store_substances(store)
    assert "Xylazine" in names and "Fentanyl" in names
    assert all(n != "Opioids" for n in names)  # classes have no structure
    t = gaps(names, ON).set_index("substance")
    assert t.loc["Xylazine", "controlled_in"] == ""


def test_change_feed_has_additions_and_expiries_in_date_order():
    feed = changes(since=date(2026, 1, 1), until=date(2027, 12, 31))
    assert list(feed["date"]) == sorted(feed["date"])
    spiro = feed[feed["substance"] == "spirobrorphine"]
    assert list(spiro["event"]) == ["added", "expired"]
    assert list(spiro["date"]) == [date(2026, 6, 5), date(2027, 6, 5)]
    us = changes(since=date(2025, 8, 1), until=date(2025, 8, 31), jurisdictions=["us"])
    assert set(us["substance"]) == {"N-pyrrolidino metonitazene", "N-pyrrolidino protonitazene"}


def test_change_feed_refuses_an_unknown_jurisdiction():
    with pytest.raises(NotFound, match="unknown jurisdiction"):
        changes(jurisdictions=["xx"])


def test_fentanyl_precursors_lead_to_fentanyl_and_back():
    for p in ("4-AP", "1-boc-4-AP", "NPP", "4-ANPP", "norfentanyl", "4-piperidone"):
        assert "fentanyl" in [d for d, _ in leads_to(p)], p
    made = [p for p, _ in made_from("fentanyl citrate")]
    assert {"4-ANPP", "NPP", "4-AP", "1-boc-4-AP", "norfentanyl", "propionyl chloride"} <= set(made)
    direct = {p: link.depth for p, link in made_from("fentanyl")}
    assert direct["4-ANPP"] == 1 and direct["1-boc-4-piperidone"] > 1


def test_meth_mdma_and_lsd_precursors():
    assert {"phenyl-2-propanone", "ephedrine", "pseudoephedrine", "APAAN"} <= {p for p, _ in made_from("methamphetamine")}
    assert {"PMK", "safrole", "piperonal"} <= {p for p, _ in made_from("MDMA")}
    assert {"lysergic acid", "ergotamine"} <= {p for p, _ in made_from("LSD")}
    assert [d for d, _ in leads_to("pseudoephedrine")] == ["methamphetamine"]
