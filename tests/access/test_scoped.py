"""A scoped store reads guarded tables only through the policy, whatever SQL the caller wrote."""

from __future__ import annotations

import uuid
from datetime import date

import pyarrow as pa
import pytest

from access_principals import PRINCIPALS
from nadd import alerts as A
from nadd.access import can_see, scoped
from nadd.access.scoped import rewrite
from nadd.observations import Filter, query


def _visible_ids(store, p):
    rows = store.df("SELECT id, owner_country, owner_agency, releasability, tlp FROM observations")
    return {r["id"] for r in rows.to_dict("records") if can_see(p, r)}


@pytest.mark.parametrize("sql", [
    "SELECT id FROM observations",
    "SELECT o.id FROM observations o WHERE o.value >= ?",
    "SELECT x.id FROM observations AS x WHERE x.value >= ?",
    "SELECT id FROM observations WHERE value >= ? ORDER BY id",
    "SELECT id FROM (SELECT * FROM observations) s WHERE value >= ?",
    "WITH w AS (SELECT id, value FROM observations WHERE value >= ?) SELECT id FROM w",
    "SELECT o.id FROM alert_observations l JOIN observations o ON o.id = l.observation_id "
    "UNION SELECT id FROM observations WHERE value >= ?",
])
@pytest.mark.parametrize("who", ["anonymous", "us_cdc", "nl_trimbos"])
def test_every_form_of_reading_observations_is_filtered(marked, sql, who):
    p = PRINCIPALS[who]
    params = [0] if "?" in sql else []
    got = set(scoped(marked, p).query(sql, params).column(0).to_pylist())
    assert got and got <= _visible_ids(marked, p)


def test_rewrite_keeps_parameters_in_order():
    sql, params = rewrite("SELECT * FROM t WHERE a = ? AND b IN (SELECT id FROM observations "
                          "WHERE c = ?) AND d = '?'", ["A", "C"], PRINCIPALS["anonymous"])
    assert params[0] == "A" and params[-1] == "C" and len(params) == 4
    assert sql.count("?") == 5  # 4 placeholders and the quoted literal


def test_query_and_alerts_see_only_released_records(marked):
    for name, p in PRINCIPALS.items():
        view = scoped(marked, p)
        ids = set(query(view, Filter(indicator="seizure_events"))["id"])
        assert ids == _visible_ids(marked, p), name
        for a in A.list_alerts(view).to_dict("records"):
            linked = set(A.line_list(view, a["alert_id"])["observation_id"])
            everything = set(marked.df("SELECT observation_id FROM alert_observations WHERE alert_id = ?",
                                       [a["alert_id"]])["observation_id"])
            assert linked == everything and linked <= ids, (name, a["alert_id"])


def test_an_alert_on_owner_only_records_is_invisible_outside_the_agency(marked):
    from nadd.errors import NotFound

    owner_alert = "demo000000owner"
    assert A.get_alert(scoped(marked, PRINCIPALS["us_cbp"]), owner_alert)
    for who in ("us_cdc", "anonymous", "ca_rcmp", "us_admin"):
        with pytest.raises(NotFound):
            A.get_alert(scoped(marked, PRINCIPALS[who]), owner_alert)
        assert owner_alert not in set(A.list_alerts(scoped(marked, PRINCIPALS[who]))["alert_id"])


def test_summary_uses_a_restricted_national_figure_only_for_its_audience(marked):
    from nadd.access.demo import demo_observations
    from nadd.summary import summary

    t = demo_observations().slice(0, 1).to_pylist()[0]
    row = {**t, "id": uuid.uuid4(), "key_id": uuid.uuid4(), "jurisdiction_id": "US",
           "indicator_id": "drug_deaths", "substance_id": "opioids", "period_type": "year",
           "period_start": date(2030, 1, 1), "period_end": date(2030, 12, 31), "setting": "all",
           "value": 123456.0, "releasability": "owner_country", "tlp": "TLP:AMBER"}
    marked.insert("observations", pa.Table.from_pylist([row], demo_observations().schema))

    def us_opioids(p):
        s = summary(scoped(marked, p))
        return s[(s["measure_id"] == "opioid_deaths") & (s["country_id"] == "US")]["value"].iloc[0]

    assert us_opioids(PRINCIPALS["us_cdc"]) == 123456.0
    for who in ("anonymous", "ca_rcmp", "nl_trimbos"):
        assert us_opioids(PRINCIPALS[who]) != 123456.0


def test_writes_pass_through_unchanged(marked):
    view = scoped(marked, PRINCIPALS["anonymous"])
    view.execute("UPDATE alerts SET status = 'under_review' WHERE alert_id = ?", ["demo000000owner"])
    assert marked.scalar("SELECT status FROM alerts WHERE alert_id = 'demo000000owner'") == "under_review"
