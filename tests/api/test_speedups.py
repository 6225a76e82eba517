"""The third latency pass keeps every guarantee: remembered principals, shared slices, the miss
gate and cache warming answer exactly as before and never widen what anyone sees."""

from __future__ import annotations

import json
import threading
import time

import pytest
from conftest import USERS, login
from fastapi.testclient import TestClient

from nadd.access import ANONYMOUS, principal_for, visible_sql
from nadd.access import views as V
from nadd.api.cache import Cache, MissGate
from nadd.api.downloads import table_rows
from nadd.api.warm import visibility_classes
from nadd.observations import Filter

API = "/api/v1"


def _principal(store, user):
    if user == "anonymous":
        return ANONYMOUS
    return principal_for(store, store.scalar("SELECT user_id FROM users WHERE username = ?", [user]))


def test_reads_reuse_a_principal_and_writes_resolve_it_afresh(app, monkeypatch):
    import nadd.api.deps as deps

    calls = []
    real = deps.principal_from_session
    monkeypatch.setattr(deps, "principal_from_session", lambda *a, **k: calls.append(1) or real(*a, **k))
    c = login(app, "dea.analyst")
    for _ in range(3):
        assert c.get(f"{API}/auth/me").json()["username"] == "dea.analyst"
    assert len(calls) == 1  # one lookup for three reads within the second
    c.post(f"{API}/auth/tokens", json={"name": "x"}, headers={"X-CSRF-Token": c.cookies.get("nadd_csrf")})
    assert len(calls) == 2  # a write looks the session up itself
    c.get(f"{API}/auth/me")
    assert len(calls) == 3  # ... and empties the memory once done


def test_a_logout_ends_the_session_for_the_very_next_read(app):
    c = login(app, "phac.analyst")
    token = c.cookies.get("nadd_session")
    thief = TestClient(app, cookies={"nadd_session": token})
    assert thief.get(f"{API}/auth/me").json()["username"] == "phac.analyst"  # remembered now
    c.post(f"{API}/auth/logout", headers={"X-CSRF-Token": c.cookies.get("nadd_csrf")})
    assert thief.get(f"{API}/auth/me").json()["anonymous"] is True


def test_a_change_made_by_another_process_applies_within_the_ttl(app, store):
    c = login(app, "rcmp.viewer")
    assert c.get(f"{API}/auth/me").json()["username"] == "rcmp.viewer"
    uid = store.scalar("SELECT user_id FROM users WHERE username = 'rcmp.viewer'")
    store.execute("UPDATE users SET active = FALSE WHERE user_id = ?", [uid])  # e.g. the CLI
    try:
        time.sleep(app.state.principals.ttl)
        assert c.get(f"{API}/auth/me").json()["anonymous"] is True
    finally:
        store.execute("UPDATE users SET active = TRUE WHERE user_id = ?", [uid])


@pytest.mark.parametrize("user", USERS)
def test_pages_and_series_of_one_place_read_from_a_shared_slice_equal_direct_reads(app, clients, store, user):
    app.state.cache.clear()
    app.state.slices.clear()
    p, c = _principal(store, user), clients[user]
    flt = Filter(indicator="seizure_events", jurisdiction="US-AZ")
    for page in (1, 2, 3, 50):
        got = c.get(f"{API}/observations", params={"indicator": "seizure_events", "jurisdiction": "US-AZ",
                                                   "page": page, "page_size": 7}).json()
        t, total = V.observations_page_table(store, p, flt, page=page, page_size=7)
        assert got["total"] == total and got["rows"] == table_rows(t), (user, page)
    got = c.get(f"{API}/series", params={"indicator": "seizure_events", "jurisdiction": "US-AZ"}).json()
    want = [{k: v for k, v in s.items() if k != "n_restricted"} for s in V.series(store, p, flt)]
    assert got["series"] == json.loads(json.dumps(want))
    assert app.state.slices.misses >= 1


def test_at_most_n_different_misses_are_computed_at_once_and_hits_do_not_wait(store):
    cache = Cache(store, gate=MissGate(2))
    running, peak, lock = [0], [0], threading.Lock()
    cache.get(store, ANONYMOUS, "r", ("hit",), lambda: "ready")

    def slow(i):
        def compute():
            with lock:
                running[0] += 1
                peak[0] = max(peak[0], running[0])
            time.sleep(0.15)
            with lock:
                running[0] -= 1
            return i
        return cache.get(store, ANONYMOUS, "r", (i,), compute)

    threads = [threading.Thread(target=slow, args=(i,)) for i in range(6)]
    [t.start() for t in threads]
    time.sleep(0.05)
    t0 = time.perf_counter()
    assert cache.get(store, ANONYMOUS, "r", ("hit",), lambda: "recomputed") == "ready"
    assert time.perf_counter() - t0 < 0.1  # a hit never queues behind the misses
    [t.join() for t in threads]
    assert peak[0] == 2


def test_a_miss_computing_another_entry_does_not_wait_for_itself(store):
    cache = Cache(store, gate=MissGate(1))
    inner = lambda: cache.get(store, ANONYMOUS, "inner", (), lambda: 41)
    assert cache.get(store, ANONYMOUS, "outer", (), lambda: inner() + 1) == 42


def test_warming_fills_every_visibility_class_default_views_and_writes_no_audit(app, clients, store):
    classes = visibility_classes(store)
    assert classes[0] is ANONYMOUS
    assert {(p.country, p.agency) for p in classes[1:]} == {
        tuple(r.values()) for r in store.query("SELECT country, agency FROM orgs").to_pylist()}
    app.state.cache.clear()
    audited = store.scalar("SELECT count(*) FROM audit_log")
    app.state.warmer.run_once()
    assert store.scalar("SELECT count(*) FROM audit_log") == audited
    misses = app.state.cache.misses
    for user in USERS:
        for lang in ("en", "es", "fr"):
            assert clients[user].get(f"{API}/summary", params={"lang": lang}).status_code == 200
        assert clients[user].get(f"{API}/alerts").status_code == 200
    assert app.state.cache.misses == misses  # every one a hit
    # a class entry is what that class sees: a warmed answer equals a computed one
    cdc = _principal(store, "cdc.analyst")
    warmed = clients["cdc.analyst"].get(f"{API}/alerts").json()
    app.state.cache.clear()
    assert clients["cdc.analyst"].get(f"{API}/alerts").json() == warmed
    assert visible_sql(cdc) in [visible_sql(p) for p in classes]  # same class, same entries
