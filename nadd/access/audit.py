"""The audit log: every read of restricted records and every export — who, what, when."""

from __future__ import annotations

import json
import secrets
from datetime import UTC, datetime
from typing import Any

import pandas as pd

from nadd.access.principal import Principal
from nadd.store import Store

__all__ = ["audit", "audit_entries"]


def audit(store: Store, p: Principal, action: str, target: str, *, detail: dict[str, Any] | None = None,
          n_restricted: int = 0, now: datetime | None = None) -> None:
    """Append one entry. ``detail`` (query parameters, counts, format) is stored as JSON."""
    store.execute(
        "INSERT INTO audit_log (audit_id, logged_at, user_id, username, org_id, action, target, detail, "
        "n_restricted) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [secrets.token_hex(12), now or datetime.now(UTC).replace(tzinfo=None), p.user_id,
         p.username, p.org_id, action, target, json.dumps(detail or {}, default=str, sort_keys=True),
         int(n_restricted)])


def audit_entries(store: Store, *, action: str | None = None, username: str | None = None,
                  org_id: str | None = None, limit: int = 1000) -> pd.DataFrame:
    clauses, params = [], []
    for col, v in (("action", action), ("username", username), ("org_id", org_id)):
        if v:
            clauses.append(f"{col} = ?")
            params.append(v)
    return store.df(f"SELECT * FROM audit_log WHERE {' AND '.join(clauses) or 'TRUE'} "
                    f"ORDER BY logged_at DESC LIMIT {int(limit)}", params)
