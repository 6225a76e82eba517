"""Property-based requests generated from the OpenAPI spec: no request makes a server error.

Bounded (a few examples per operation) to keep CI time small; every operation is covered.
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

pytestmark = pytest.mark.slow
SHAPE = {"ok", "status", "error", "message", "hint", "errors"}


def _operations(app):
    schema = schemathesis.openapi.from_asgi("/api/v1/openapi.json", app)
    return [r.ok() for r in schema.get_all_operations()]


def test_every_operation_is_exercised(app):
    ops = {f"{o.method.upper()} {o.path}" for o in _operations(app)}
    assert "GET /api/v1/observations" in ops and "POST /api/v1/alerts/{alert_id}/review" in ops


@pytest.mark.parametrize("who", ["anonymous", "cbp.steward"])
def test_no_request_makes_a_server_error(app, clients, who):
    cookies = dict(clients[who].cookies)
    failures = []
    for op in _operations(app):
        @given(case=op.as_strategy())
        @settings(max_examples=8, deadline=None, database=None,
                  suppress_health_check=list(HealthCheck))
        def run(case):
            headers = {"X-CSRF-Token": cookies.get("nadd_csrf", "")} if cookies else {}
            response = case.call(headers=headers, cookies=cookies)
            if response.status_code >= 500:
                failures.append(f"{case.method} {case.formatted_path} {case.query}: "
                                f"{response.status_code} {response.text[:200]}")
            elif response.status_code >= 400 and "json" in response.headers.get("content-type", ""):
                assert SHAPE <= set(response.json()), response.text[:200]

        run()
    assert not failures, "\n".join(failures[:10])
