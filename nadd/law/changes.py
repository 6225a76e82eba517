"""A dated feed of legal changes: every listing's entry into force and every expiry.

Events come from the knowledge base's ``effective`` and ``expiry`` dates (temporary orders
expire; a later permanent listing is its own ``added`` event).

Example:
    >>> feed = changes(since=date(2025, 1, 1), jurisdictions=["us"])
    >>> feed.columns.tolist()[:4]
    ['date', 'event', 'jurisdiction', 'schedule']
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

import pandas as pd

from nadd.law.kb import JURISDICTIONS, kb

COLUMNS = ["date", "event", "jurisdiction", "schedule", "substance", "provision", "status",
           "temporary", "note", "entry_id"]


def changes(since: date | None = None, until: date | None = None,
            jurisdictions: Iterable[str] | None = None) -> pd.DataFrame:
    """Events ``added`` (listing in force), ``expired`` (day after a temporary listing's last
    day) and ``excluded`` (an express exclusion), dated, oldest first."""
    wanted = set(jurisdictions or JURISDICTIONS)
    unknown = wanted - set(JURISDICTIONS)
    if unknown:
        from nadd.errors import NotFound

        raise NotFound(f"unknown jurisdiction(s) {sorted(unknown)}", hint=f"Use {', '.join(JURISDICTIONS)}.")
    rows = []
    for e in kb().entries:
        if e.jurisdiction not in wanted:
            continue
        base = {"jurisdiction": e.jurisdiction, "schedule": e.schedule, "substance": e.name,
                "provision": e.provision, "status": e.status, "temporary": e.temporary,
                "note": e.note, "entry_id": e.entry_id}
        rows.append({"date": e.effective, "event": "added" if e.status == "listed" else "excluded", **base})
        if e.expiry is not None:
            rows.append({"date": e.expiry + timedelta(days=1), "event": "expired", **base})
    df = pd.DataFrame(rows, columns=COLUMNS)
    if since is not None:
        df = df[df["date"] >= since]
    if until is not None:
        df = df[df["date"] <= until]
    return df.sort_values(["date", "jurisdiction", "event", "substance"], kind="stable").reset_index(drop=True)
