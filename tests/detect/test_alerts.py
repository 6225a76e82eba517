"""Alarms become alerts: merged events, severity, evidence, review workflow, border notices."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from nadd.alerts import (
    RECORD_SOURCES,
    InvalidTransition,
    events,
    line_list,
    list_alerts,
    neighbour_notices,
    neighbour_notices_for,
    review,
    severity,
)
from nadd.detect.plans import load_plan
from nadd.detect.runner import run_plan
from tests.detect.obsdata import FLAT, SPIKE, obs_rows, put

PLAN = """
name: test-quarterly
select: {source: test_src, indicator: drug_deaths, period_type: quarter, jurisdiction: "*"}
methods:
  - {method: ears-c2, settings: {baseline: 4}}
"""


@pytest.fixture
def plan(tmp_path):
    p = tmp_path / "test-quarterly.yaml"
    p.write_text(PLAN)
    return load_plan(p)


def test_consecutive_alarms_are_merged_into_one_event():
    t = np.arange(4, 12)
    alarm = np.array([0, 1, 1, 0, np.nan, 1, 0, 1.0])
    obs = np.array([5, 30, 20, 5, 5, 12, 5, 9.0])
    upper = np.full(8, 10.0)
    evs = events(t, obs, upper, alarm, baseline_len=4)
    assert [(e.first, e.last, e.n_periods) for e in evs] == [(5, 6, 2), (9, 9, 1), (11, 11, 1)]
    assert evs[0].baseline == (1, 2, 3, 4) and evs[0].max_observed == 30
    assert [e.severity for e in evs] == ["high", "low", "low"]


def test_severity_uses_named_ratio_thresholds_then_the_score():
    assert severity(np.array([15.0]), np.array([10.0]), None)[0] == "medium"
    assert severity(np.array([20.0]), np.array([10.0]), None)[0] == "high"
    assert severity(np.array([11.0]), np.array([10.0]), None)[0] == "low"
    assert severity(np.array([3.0]), np.array([0.0]), np.array([7.0]))[0] == "high"
    assert severity(np.array([3.0]), np.array([0.0]), None)[0] == "medium"


def test_a_run_raises_one_alert_per_event_with_its_evidence(any_store, plan):
    put(any_store, obs_rows(SPIKE) + obs_rows(FLAT, jurisdiction="US-NM"))
    report = run_plan(any_store, plan)
    alerts = list_alerts(any_store)
    assert report.alerts == 1 and len(alerts) == 1
    a = alerts.iloc[0]
    assert (a["jurisdiction_id"], a["status"], int(a["n_periods"])) == ("US-TX", "new", 2)
    assert str(a["period_start"])[:10] == "2021-01-01" and str(a["period_end"])[:10] == "2021-06-30"
    lines = line_list(any_store, a["alert_id"])
    assert list(lines["role"]) == ["baseline"] * 6 + ["alarm"] * 2  # baseline + 2-quarter guard
    assert list(lines["value"][-2:]) == [40, 45]
    assert set(lines["source_file"]) == {"test_src.csv"} and lines["source_row"].notna().all()


def test_a_later_run_on_new_data_updates_the_same_alert_and_keeps_its_review(store, plan):
    put(store, obs_rows(SPIKE[:13]))
    run_plan(store, plan)
    aid = list_alerts(store)["alert_id"][0]
    review(store, aid, "under_review", who="ana", why="asking the medical examiner")
    put(store, obs_rows(SPIKE, vintage=date(2025, 6, 1)))
    run_plan(store, plan)
    a = list_alerts(store)
    assert list(a["alert_id"]) == [aid] and int(a["n_periods"][0]) == 2
    assert a["status"][0] == "under_review"


def test_the_review_workflow_records_who_when_why_and_refuses_invalid_steps(any_store, plan):
    put(any_store, obs_rows(SPIKE))
    run_plan(any_store, plan)
    aid = list_alerts(any_store)["alert_id"][0]
    with pytest.raises(InvalidTransition) as e:
        review(any_store, aid, "confirmed", who="ana", why="too fast")
    assert "new" in e.value.message and e.value.hint == "from new it can move to: under_review"
    review(any_store, aid, "under_review", who="ana", why="checking")
    review(any_store, aid, "dismissed", who="luc", why="a reporting catch-up, not a spike")
    with pytest.raises(InvalidTransition) as e:
        review(any_store, aid, "confirmed", who="ana", why="x")
    assert "under_review" in e.value.hint
    steps = any_store.df("SELECT from_status, to_status, who, why FROM alert_reviews "
                         "ORDER BY reviewed_at")
    assert [tuple(r) for r in steps[["from_status", "to_status", "who"]].itertuples(index=False)] \
        == [("new", "under_review", "ana"), ("under_review", "dismissed", "luc")]
    assert list_alerts(any_store)["status"][0] == "dismissed"


def test_a_texas_alert_notifies_the_four_mexican_border_states(any_store, plan):
    put(any_store, obs_rows(SPIKE))
    run_plan(any_store, plan)
    notices = neighbour_notices(any_store)
    assert list(notices["neighbour_id"]) == ["MX-CHH", "MX-COA", "MX-NLE", "MX-TAM"]
    assert set(notices["border"]) == {"US-MX"}


def test_cross_border_neighbours_of_washington_and_none_for_a_national_alert():
    assert neighbour_notices_for("US-WA") == [("CA-BC", "US-CA")]
    assert ("US-TX", "US-MX") in neighbour_notices_for("MX-CHH")
    assert neighbour_notices_for("US") == []


def test_drug_checking_alerts_bring_the_samples_behind_them():
    alert = {"jurisdiction_id": "US-NC", "period_start": date(2021, 10, 1),
             "period_end": date(2021, 10, 31), "substance_id": "fentanyl"}
    recs = RECORD_SOURCES["unc_drug_checking"](alert)
    assert "424" in set(recs["sample_id"]) and all("fentanyl" in d for d in recs["detected"])
