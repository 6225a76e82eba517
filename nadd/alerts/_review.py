"""The review workflow of an alert: a small state machine, every step stored with who/when/why.

    new -> under_review -> confirmed | dismissed
    confirmed | dismissed -> under_review   (reopen, e.g. after a data revision)

Any other step is refused, naming the steps allowed from the current status.
"""

from __future__ import annotations

import hashlib
from datetime import datetime, timezone

import pyarrow as pa

from nadd.errors import NaddError, NotFound
from nadd.store import Store

__all__ = ["STATUSES", "TRANSITIONS", "InvalidTransition", "allowed", "review"]

STATUSES = ("new", "under_review", "confirmed", "dismissed")
TRANSITIONS: dict[str, tuple[str, ...]] = {
    "new": ("under_review",),
    "under_review": ("confirmed", "dismissed"),
    "confirmed": ("under_review",),
    "dismissed": ("under_review",),
}
REVIEW_SCHEMA = pa.schema([("review_id", pa.string()), ("alert_id", pa.string()),
                           ("from_status", pa.string()), ("to_status", pa.string()),
                           ("who", pa.string()), ("reviewed_at", pa.timestamp("us")),
                           ("why", pa.string())])


class InvalidTransition(NaddError):
    code = "invalid_transition"
    status = 409


def allowed(status: str) -> tuple[str, ...]:
    """Statuses an alert in ``status`` may move to."""
    return TRANSITIONS.get(status, ())


def review(store: Store, alert_id: str, to_status: str, *, who: str, why: str,
           now: datetime | None = None) -> dict:
    """Move alert ``alert_id`` to ``to_status``; records who, when and why. Returns the review."""
    if to_status not in STATUSES:
        raise InvalidTransition(f"unknown alert status {to_status!r}",
                                hint="statuses: " + ", ".join(STATUSES))
    if not who.strip() or not why.strip():
        raise NaddError("a review needs who (--by) and why (--why)",
                        hint='e.g. --by "A. Analyst" --why "checked with the state lab"')
    current = store.scalar("SELECT status FROM alerts WHERE alert_id = ?", [alert_id])
    if current is None:
        raise NotFound(f"no alert {alert_id!r}", hint="list alerts with `nadd alerts list`")
    if to_status not in allowed(current):
        raise InvalidTransition(
            f"alert {alert_id} is {current}; it cannot move to {to_status}",
            hint=f"from {current} it can move to: " + (", ".join(allowed(current)) or "nothing"))
    now = now or datetime.now(timezone.utc).replace(tzinfo=None)
    row = {"review_id": hashlib.sha256(f"{alert_id}|{current}|{to_status}|{who}|{now.isoformat()}"
                                       .encode()).hexdigest()[:16],
           "alert_id": alert_id, "from_status": current, "to_status": to_status,
           "who": who.strip(), "reviewed_at": now, "why": why.strip()}
    with store.transaction():
        store.insert("alert_reviews", pa.Table.from_pylist([row], REVIEW_SCHEMA))
        store.execute("UPDATE alerts SET status = ?, updated_at = ? WHERE alert_id = ?",
                      [to_status, now, alert_id])
    return row
