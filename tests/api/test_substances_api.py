"""Substance routes: check, similar, show, depict (over nadd.law and nadd.chem)."""

from __future__ import annotations

from fastapi.testclient import TestClient

API = "/api/v1/substances"


def test_a_salt_is_checked_as_its_free_base_in_every_jurisdiction(app):
    body = TestClient(app).get(f"{API}/check", params={"q": "fentanyl citrate"}).json()
    assert body["name"] == "fentanyl"
    assert body["jurisdictions"]["us"]["verdict"] == "controlled"
    assert {"us", "ca", "mx"} <= set(body["jurisdictions"])


def test_similar_lists_named_neighbours_by_tanimoto(app):
    sims = TestClient(app).get(f"{API}/similar", params={"q": "fentanyl", "limit": 5}).json()["similar"]
    assert 0 < len(sims) <= 5 and sims == sorted(sims, key=lambda s: -s["similarity"])


def test_depict_returns_an_svg_drawing(app):
    r = TestClient(app).get(f"{API}/depict", params={"q": "CCO"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("image/svg+xml")
    assert "<svg" in r.text


def test_unreadable_input_is_a_400_that_says_what_to_paste(app):
    r = TestClient(app).get(f"{API}/check", params={"q": "C1CC(("})
    assert r.status_code == 400 and r.json()["error"] == "structure_error" and r.json()["hint"]


def test_unknown_substance_is_404(app):
    assert TestClient(app).get(f"{API}/no-such-drug-xyz").status_code == 404
