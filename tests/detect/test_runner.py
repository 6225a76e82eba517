"""Plans run over the store: results kept with plan, settings and vintage; runs are idempotent."""

from __future__ import annotations

import json
from datetime import date

import pytest

from nadd.detect.plans import load_plan
from nadd.detect.runner import run_plan
from tests.detect.obsdata import FLAT, SPIKE, obs_rows, put

PLAN = """
name: test-quarterly
select: {source: test_src, indicator: drug_deaths, period_type: quarter, unit: count,
         jurisdiction_level: subdivision}
methods:
  - {method: ears-c1, settings: {baseline: 4}}
"""


@pytest.fixture
def plan(tmp_path):
    p = tmp_path / "test-quarterly.yaml"
    p.write_text(PLAN)
    return load_plan(p)


def fill(store):
    put(store, obs_rows(SPIKE) + obs_rows(FLAT, jurisdiction="US-NM")
        + obs_rows(FLAT, jurisdiction="US-AZ", skip={3})
        + obs_rows(FLAT, jurisdiction="US")  # national: not a subdivision, not selected
        + obs_rows(FLAT[:3], jurisdiction="US-CA"))  # too short for baseline 4


def test_results_are_stored_with_the_plan_settings_and_vintage(any_store, plan):
    fill(any_store)
    report = run_plan(any_store, plan)
    assert (report.series_run, report.series_refused) == (2, 2)
    run = any_store.df("SELECT * FROM detection_runs").iloc[0]
    assert run["plan"] == "test-quarterly" and run["plan_hash"] == plan.hash
    assert json.loads(run["settings"])["methods"][0]["settings"] == {"baseline": "4"}
    assert str(run["data_vintage"])[:10] == "2025-01-01" and run["series_run"] == 2
    res = any_store.df("SELECT * FROM detection_results WHERE jurisdiction_id = 'US-TX' "
                       "AND monitored ORDER BY t")
    assert len(res) == len(SPIKE) - 4  # every point after the 4-quarter baseline
    assert res.loc[res["t"] == 12, "alarm"].item() == 1.0
    assert {"expected", "upperbound", "score"} <= set(res.columns)
    refusals = any_store.df("SELECT jurisdiction_id, method, reason FROM detection_refusals "
                            "ORDER BY jurisdiction_id")
    assert list(refusals["jurisdiction_id"]) == ["US-AZ", "US-CA"]
    assert "2018-Q4" in refusals["reason"][0] and refusals["method"][0] == "*"
    assert refusals["method"][1] == "ears-c1" and "baseline=4" in refusals["reason"][1]


def test_the_same_plan_on_the_same_data_does_not_run_twice(any_store, plan):
    fill(any_store)
    first = run_plan(any_store, plan)
    again = run_plan(any_store, plan)
    assert again.already and again.run_id == first.run_id
    assert any_store.scalar("SELECT count(*) FROM detection_runs") == 1
    assert any_store.scalar("SELECT count(*) FROM alerts") == first.alerts


def test_as_of_uses_the_data_known_then_and_is_another_run(store, plan):
    fill(store)
    put(store, obs_rows([99] * len(SPIKE), jurisdiction="US-NM", vintage=date(2025, 6, 1)))
    now = run_plan(store, plan)
    then = run_plan(store, plan, as_of=date(2025, 3, 1))
    assert now.run_id != then.run_id
    assert (now.data_vintage, then.data_vintage) == (date(2025, 6, 1), date(2025, 1, 1))
    nm = store.df("SELECT run_id, max(observed) AS top FROM detection_results "
                  "WHERE jurisdiction_id = 'US-NM' GROUP BY run_id")
    assert dict(zip(nm["run_id"], nm["top"])) == {now.run_id: 99.0, then.run_id: 13.0}


def test_series_of_equal_length_run_in_one_batch(store, plan, monkeypatch):
    from nadd.detect.ears import EarsC

    calls = []
    real = EarsC.run
    monkeypatch.setattr(EarsC, "run", lambda self, x, range=None, **k: calls.append(
        __import__("numpy").shape(x)) or real(self, x, range=range, **k))
    put(store, [r for j in ("US-TX", "US-NM", "US-AZ", "US-OK") for r in obs_rows(FLAT, jurisdiction=j)])
    run_plan(store, plan)
    assert calls == [(4, len(FLAT))]
