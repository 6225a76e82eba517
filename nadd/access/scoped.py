"""A store as one principal sees it: every read of a sharing-marked table is filtered.

``scoped(store, principal)`` wraps a store so that domain code written without access control
(``nadd.observations.query``, ``nadd.summary.summary``, ``nadd.alerts.list_alerts``...) reads only
what the principal may see. Each ``FROM``/``JOIN`` of a guarded table in a read is replaced by
a sub-query carrying ``policy.visible_sql``: the filter cannot be forgotten by a new route.

Guarded tables and their rule:

* ``observations``: the record's own releasability and TLP (``visible_sql``);
* ``alert_observations``, ``detection_results``: rows whose observation is visible;
* ``alerts``, ``neighbour_notices``: alerts none of whose evidence (alarm and baseline
  observations) is hidden; an alert on records you cannot see is not shown at all.

Writes pass through unchanged; routes check visibility (a read) before writing.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import pyarrow as pa

from nadd.access.policy import visible_sql
from nadd.access.principal import Principal
from nadd.store.backend import Store

__all__ = ["ScopedStore", "scoped"]

_KEYWORDS = {"where", "join", "left", "right", "inner", "outer", "full", "cross", "on", "using",
             "group", "order", "limit", "offset", "having", "union", "window", "qualify", "natural",
             "anti", "semi", "positional", "as", "except", "intersect", "returning", "set"}
_TABLE = re.compile(
    r"\b(?P<kw>FROM|JOIN)\s+(?P<table>observations|alerts|alert_observations|detection_results|"
    r"neighbour_notices)\b(?!\s*\()(?:\s+(?:AS\s+)?(?P<alias>[A-Za-z_]\w*))?", re.IGNORECASE)


def _guarded(p: Principal) -> dict[str, tuple[str, list[Any]]]:
    vis, vp = visible_sql(p, "o")
    # observations has no index on id (DuckDB loads faster without): the joins also match the
    # sorted columns (indicator, jurisdiction, period) the linked rows carry, so DuckDB's join
    # filters skip row groups instead of scanning every id. By construction they agree.
    results = ("SELECT x.* FROM detection_results x JOIN observations o ON o.id = x.observation_id "
               "AND o.indicator_id = x.indicator_id AND o.jurisdiction_id = x.jurisdiction_id "
               f"AND o.period_start = x.period_start WHERE {vis}")
    links = ("SELECT x.* FROM alert_observations x JOIN alerts a0 ON a0.alert_id = x.alert_id "
             "JOIN observations o ON o.id = x.observation_id AND o.indicator_id = a0.indicator_id "
             "AND o.jurisdiction_id = a0.jurisdiction_id AND o.period_start = x.period_start "
             f"WHERE {vis}")
    # alerts with a piece of evidence not shown visible above (fail closed: a link that does not
    # join, e.g. to a deleted record, hides the alert too)
    hidden_alerts = (f"SELECT l.alert_id FROM alert_observations l LEFT JOIN ({links}) v "
                     "ON v.alert_id = l.alert_id AND v.observation_id = l.observation_id "
                     "WHERE v.observation_id IS NULL")
    return {
        "observations": (f"SELECT * FROM observations o WHERE {vis}", vp),
        "alert_observations": (links, vp),
        "detection_results": (results, vp),
        "alerts": (f"SELECT * FROM alerts a WHERE a.alert_id NOT IN ({hidden_alerts})", vp),
        "neighbour_notices": (f"SELECT * FROM neighbour_notices n WHERE n.alert_id NOT IN "
                              f"({hidden_alerts})", vp),
    }


def _placeholders(sql: str) -> int:
    """Number of ``?`` outside quoted literals."""
    return sum(1 for part in re.split(r"'(?:[^']|'')*'", sql) for c in part if c == "?")


def rewrite(sql: str, params: Sequence[Any], p: Principal) -> tuple[str, list[Any]]:
    """``sql`` with every guarded table read replaced by its visible sub-query."""
    guarded = _guarded(p)
    out, out_params, pos, used = [], list(params), 0, 0
    for m in _TABLE.finditer(sql):
        alias = m.group("alias")
        tail = ""
        if alias and alias.lower() in _KEYWORDS:
            # not an alias: keep the keyword after the sub-query
            tail = m.group(0)[m.start("alias") - m.start():]
            alias = None
        table = m.group("table").lower()
        sub, sub_params = guarded[table]
        before = sql[pos:m.start()]
        out.append(before)
        at = used + _placeholders(before)
        out_params[at:at] = sub_params
        used = at + len(sub_params)
        out.append(f"{m.group('kw')} ({sub}) AS {alias or table}{' ' + tail.lstrip() if tail else ''}")
        pos = m.end()
    out.append(sql[pos:])
    return "".join(out), out_params


class ScopedStore(Store):
    """``store`` as ``principal`` sees it (see the module docstring)."""

    def __init__(self, store: Store, principal: Principal):
        self.inner, self.principal = store, principal
        self.dialect, self.url = store.dialect, store.url

    def _execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        if sql.lstrip()[:6].upper().startswith(("SELECT", "WITH")):
            sql, params = rewrite(sql, params, self.principal)
        self.inner._execute(sql, params)

    def _fetch(self, sql: str, params: Sequence[Any] = ()) -> pa.Table:
        sql, params = rewrite(sql, params, self.principal)
        return self.inner._fetch(sql, params)

    def _insert_arrow(self, table: str, data: pa.Table, *, skip_existing_key: str | None,
                      scope: dict[str, Any] | None = None) -> int:
        return self.inner._insert_arrow(table, data, skip_existing_key=skip_existing_key, scope=scope)

    def close(self) -> None:  # the wrapped store belongs to its opener
        pass


def scoped(store: Store, principal: Principal) -> ScopedStore:
    return ScopedStore(store, principal)
