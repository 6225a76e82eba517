"""The releasability policy: SQL and Python forms agree, on DuckDB and PostgreSQL."""

from __future__ import annotations

import itertools

import pytest

from nadd.access import can_see, effective_rank, visible_sql
from nadd.access.demo import SHARING_CYCLE, demo_observations
from nadd.model.sharing import TLP, Releasability
from access_principals import PRINCIPALS, principal


def test_demo_records_cover_every_releasability_and_tlp():
    t = demo_observations()
    assert set(t["releasability"].to_pylist()) == {r.value for r in Releasability}
    assert set(t["tlp"].to_pylist()) == {x.value for x in TLP}
    assert len(set(t["owner_country"].to_pylist())) == 3
    assert len(SHARING_CYCLE) == len(set(SHARING_CYCLE))


@pytest.mark.parametrize("name", list(PRINCIPALS))
def test_visible_sql_selects_exactly_what_can_see_allows(marked, name):
    p = PRINCIPALS[name]
    rows = marked.df("SELECT id, owner_country, owner_agency, releasability, tlp FROM observations")
    expected = {r["id"] for r in rows.to_dict("records") if can_see(p, r)}
    sql, params = visible_sql(p, "o")
    got = set(marked.df(f"SELECT o.id FROM observations o WHERE {sql}", params)["id"])
    assert got == expected
    assert 0 < len(got) < len(rows)  # every principal sees some, none sees all


CASES = [
    # (releasability, tlp, owner country, owner agency, viewer) -> visible?
    ("public", "TLP:CLEAR", "US", "CBP", "anonymous", True),
    ("public", "TLP:GREEN", "US", "CBP", "anonymous", False),  # GREEN is community, not public
    ("public", "TLP:GREEN", "US", "CBP", "nl_trimbos", True),
    ("nadd_partners", "TLP:GREEN", "MX", "FGR", "nl_trimbos", True),
    ("nadd", "TLP:GREEN", "MX", "FGR", "nl_trimbos", False),  # partners are not NADD
    ("nadd", "TLP:GREEN", "MX", "FGR", "ca_rcmp", True),
    ("nadd", "TLP:AMBER", "MX", "FGR", "ca_rcmp", False),  # AMBER keeps it in the owner country
    ("nadd", "TLP:AMBER", "US", "CBP", "us_cdc", True),
    ("owner_country", "TLP:AMBER", "US", "CBP", "us_cdc", True),
    ("owner_country", "TLP:AMBER", "US", "CBP", "ca_rcmp", False),
    ("owner_agency", "TLP:AMBER+STRICT", "US", "CBP", "us_cdc", False),
    ("owner_agency", "TLP:AMBER+STRICT", "US", "CBP", "us_cbp", True),
    ("nadd", "TLP:RED", "US", "CBP", "us_cdc", False),  # RED: the owner agency only
    ("nadd", "TLP:RED", "US", "CBP", "us_cbp", True),
    ("owner_agency", "TLP:CLEAR", "US", "CBP", "us_admin", False),  # admin gets no data bypass
    ("made_up", "TLP:CLEAR", "US", "CBP", "us_cdc", False),  # unknown marking: fail closed
    ("made_up", "TLP:CLEAR", "US", "CBP", "us_cbp", True),
    ("public", "TLP:WHITE", "US", "CBP", "anonymous", False),
    ("owner_agency", "TLP:AMBER+STRICT", "CA", "CBP", "us_cbp", False),  # same agency name, other country
]


@pytest.mark.parametrize("rel,tlp,country,agency,viewer,visible", CASES)
def test_policy_case(any_store, rel, tlp, country, agency, viewer, visible):
    p = PRINCIPALS[viewer]
    row = {"owner_country": country, "owner_agency": agency, "releasability": rel, "tlp": tlp}
    assert can_see(p, row) is visible
    any_store.execute("CREATE TABLE marked (owner_country VARCHAR, owner_agency VARCHAR, "
                      "releasability VARCHAR, tlp VARCHAR)")
    any_store.execute("INSERT INTO marked VALUES (?, ?, ?, ?)", [country, agency, rel, tlp])
    sql, params = visible_sql(p, "m")
    assert any_store.scalar(f"SELECT count(*) FROM marked m WHERE {sql}", params) == int(visible)


def test_audience_is_the_stricter_of_releasability_and_tlp():
    for rel, tlp in itertools.product(list(Releasability), list(TLP)):
        r = effective_rank(rel.value, tlp.value)
        assert r <= effective_rank(rel.value, TLP.CLEAR.value)
        assert r <= effective_rank(Releasability.PUBLIC.value, tlp.value)


def test_a_principal_without_country_is_treated_as_the_public():
    p = principal("US", "CBP")
    nobody = type(p)(user_id="x", username="x", org_id=None, agency=None, country=None)
    assert visible_sql(nobody) == visible_sql(PRINCIPALS["anonymous"])
