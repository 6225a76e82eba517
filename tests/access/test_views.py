"""Series with detection upper bounds, through the policy."""

from __future__ import annotations

from datetime import datetime

from access_principals import PRINCIPALS
from nadd.access import can_see
from nadd.access import views as V
from nadd.observations import Filter


def _detect(store, juris: str):
    """A stored detection run over the demo series of ``juris`` (every point monitored)."""
    store.execute("INSERT INTO detection_runs VALUES ('r1', 'demo', NULL, 'h', '{}', 'ears-c1', NULL, "
                  "NULL, ?, 1, 0, 1)", [datetime(2025, 8, 1)])
    obs = store.df("SELECT * FROM observations WHERE jurisdiction_id = ?", [juris])
    for t, r in enumerate(obs.to_dict("records")):
        store.execute(
            "INSERT INTO detection_results VALUES ('r1', 'ears-c1', 's', ?, ?, ?, ?, 'all', 'all', 'all', ?, "
            "?, ?, ?, ?, ?, ?, ?, 1.0, ?, 0.5, ?, TRUE)",
            [r["source_id"], r["indicator_id"], juris, r["substance_id"], r["setting"], r["unit"],
             r["period_type"], t, r["period_start"], r["period_end"], r["id"], r["value"],
             r["value"] * 0.8, float(t % 2)])
    return obs


def test_series_carry_upper_bounds_and_alarms_only_on_visible_points(marked):
    obs = _detect(marked, "US-AZ")
    for name, p in PRINCIPALS.items():
        out = V.series(marked, p, Filter(indicator="seizure_events", jurisdiction="US-AZ"))
        points = [pt for s in out for pt in s["points"]]
        want = {str(r["id"]) for r in obs.to_dict("records") if can_see(p, r)}
        assert {pt["observation_id"] for pt in points} == want, name
        for pt in points:
            d = pt["detection"]["ears-c1"]
            assert d["upperbound"] is not None and d["alarm"] in (True, False)
        assert all(s["methods"] == ["ears-c1"] for s in out)
