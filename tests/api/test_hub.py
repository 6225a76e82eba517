"""The app's store is safe across request threads (a found bug: a connection captured by a
dependency was used by the route in another thread while a second request used it too)."""

from __future__ import annotations

import threading

from nadd.api.hub import StoreHub


def test_each_thread_gets_its_own_connection_and_transaction_depth():
    hub = StoreHub("duckdb:///:memory:")
    try:
        seen, depths = {}, {}

        def work(name):
            with hub.store.transaction():
                seen[name] = id(hub.get())
                depths[name] = hub.store._depth
                hub.store.execute("INSERT INTO schema_migrations VALUES (?)", [name])

        threads = [threading.Thread(target=work, args=(f"t{i}",)) for i in range(4)]
        [t.start() for t in threads]
        [t.join() for t in threads]
        assert len(set(seen.values())) == 4 and set(depths.values()) == {1}
        assert hub.store._depth == 0
        assert hub.store.scalar("SELECT count(*) FROM schema_migrations WHERE name LIKE 't%'") == 4
    finally:
        hub.close()


def test_concurrent_requests_do_not_share_a_connection(app, clients):
    from fastapi.testclient import TestClient

    errors = []

    def hit(i):
        c = TestClient(app)
        for k in range(5):
            r = c.get("/api/v1/series", params={"indicator": "seizure_events",
                                                "jurisdiction": ["US-AZ", "MX-SON", "CA-BC"][k % 3],
                                                "period_type": ["month", None][i % 2] or "month"})
            if r.status_code != 200:
                errors.append(r.text)

    threads = [threading.Thread(target=hit, args=(i,)) for i in range(8)]
    [t.start() for t in threads]
    [t.join() for t in threads]
    assert not errors, errors[:2]
