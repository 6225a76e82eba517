"""Incident search gives the same answers on DuckDB and PostgreSQL, for every filter and for
principals of different countries (the access predicate is part of the SQL)."""

from __future__ import annotations

import pytest

from nadd.access import Principal
from nadd.incidents import load
from nadd.incidents.search import Query, search

WHO = {
    "public": None,
    "cbp": Principal(user_id="u1", username="cbp", org_id="cbp", agency="CBP", country="US",
                     roles=frozenset({"analyst"})),
    "anam": Principal(user_id="u2", username="anam", org_id="anam", agency="ANAM", country="MX",
                      roles=frozenset({"analyst"})),
}
QUERIES = [Query(), Query(kinds=("seizure",)), Query(modes=("international_mail", "express_consignment")),
           Query(jurisdiction="US-AZ"), Query(substance="fentanyl"), Query(since="2024-01-01", until="2024-06-30"),
           Query(q="garcia"), Query(kinds=("precursor_shipment",), jurisdiction="MX")]


def _answers(store) -> dict[str, list[tuple[list[str], list[str]]]]:
    """Per principal and query: every match (sorted) and the ids of page 2 of 5."""
    out = {}
    for name, who in WHO.items():
        rows = []
        for qy in QUERIES:
            df, total = search(store, who, qy, page=1, page_size=None)
            page, total2 = search(store, who, qy, page=2, page_size=5)
            assert total == total2 == len(df)
            rows.append((sorted(df["incident_id"]), list(page["incident_id"])))
        out[name] = rows
    return out


def test_every_filter_and_page_is_the_same_on_duckdb_and_postgresql(store, pg_store, small_batch):
    load(store, small_batch, source="small")
    load(pg_store, small_batch, source="small")
    duck, pg = _answers(store), _answers(pg_store)
    assert duck == pg
    # the filters and the access rule do real work: different principals, different answers
    assert duck["cbp"][0][0] != duck["anam"][0][0]
    assert any(len(m) for m, _ in duck["cbp"][1:]) and any(len(m) for m, _ in duck["anam"][1:])
