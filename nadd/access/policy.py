"""THE releasability policy: who may see a record. Every read goes through ``visible_sql``.

A record carries owner_country, owner_agency, releasability and a TLP marking. Its audience is
the *stricter* of the two (a TLP:AMBER record released to "nadd" stays in the owner's country):

=====================  ==========================================  ========================
level (rank)           audience                                    TLP whose ceiling it is
=====================  ==========================================  ========================
public (4)             everyone, anonymous included                TLP:CLEAR
nadd_partners (3)      signed-in users of CA, MX, US and partners  TLP:GREEN (community)
nadd (2)               signed-in users of CA, MX, US               -
owner_country (1)      signed-in users of the owner's country      TLP:AMBER (org + clients)
owner_agency (0)       signed-in users of the owning agency        TLP:AMBER+STRICT, TLP:RED
=====================  ==========================================  ========================

Unknown releasability or TLP values rank below owner_agency: only the owner agency sees them
(fail closed). Roles do not widen visibility: an admin manages users, not data.
Records marked TLP:RED never enter aggregates shown to anyone outside the owner agency.
"""

from __future__ import annotations

from typing import Any

from nadd.access.principal import Principal
from nadd.model.sharing import TLP, Releasability

NADD_COUNTRIES = frozenset({"CA", "MX", "US"})
PARTNER_COUNTRIES = frozenset({"NL"})

LEVEL_RANK = {Releasability.OWNER_AGENCY.value: 0, Releasability.OWNER_COUNTRY.value: 1,
              Releasability.NADD.value: 2, Releasability.NADD_PARTNERS.value: 3,
              Releasability.PUBLIC.value: 4}
TLP_CEILING = {TLP.CLEAR.value: 4, TLP.GREEN.value: 3, TLP.AMBER.value: 1,
               TLP.AMBER_STRICT.value: 0, TLP.RED.value: 0}


def effective_rank(releasability: str, tlp: str) -> int:
    """Rank of the record's audience (see the table above); -1 for unknown markings."""
    return min(LEVEL_RANK.get(releasability, -1), TLP_CEILING.get(tlp, -1))


def open_rank(p: Principal) -> int | None:
    """Lowest rank the principal sees regardless of owner, None if only public."""
    if p.anonymous or not p.country:
        return 4
    if p.country in NADD_COUNTRIES:
        return 2
    if p.country in PARTNER_COUNTRIES:
        return 3
    return 4


def can_see(p: Principal, row: dict[str, Any]) -> bool:
    """The policy as a Python predicate (for one record); equal to ``visible_sql``."""
    rank = effective_rank(row["releasability"], row["tlp"])
    if rank >= open_rank(p):
        return True
    if p.anonymous or not p.country:
        return False
    if row["owner_country"] != p.country:
        return False
    return rank >= 1 or row["owner_agency"] == p.agency


def _at_least(rank: int) -> tuple[list[str], list[str]]:
    return ([k for k, v in LEVEL_RANK.items() if v >= rank],
            [k for k, v in TLP_CEILING.items() if v >= rank])


def _rank_clause(col: str, rank: int) -> tuple[str, list[str]]:
    rel, tlp = _at_least(rank)
    sql = (f"({col}releasability IN ({', '.join('?' * len(rel))}) "
           f"AND {col}tlp IN ({', '.join('?' * len(tlp))}))")
    return sql, rel + tlp


def visible_sql(p: Principal, alias: str = "") -> tuple[str, list[Any]]:
    """SQL predicate (with ``?`` params) true for the rows of a sharing-marked table ``p`` may see.

    ``alias`` is the table alias in the caller's query ("o" gives ``o.releasability``...).
    """
    col = f"{alias}." if alias else ""
    sql, params = _rank_clause(col, open_rank(p))
    if p.anonymous or not p.country:
        return sql, params
    own, own_params = _rank_clause(col, 1)
    agency_sql = f"{col}owner_agency = ?"
    return (f"({sql} OR ({col}owner_country = ? AND ({own} OR {agency_sql})))",
            [*params, p.country, *own_params, p.agency or ""])


def is_public_sql(alias: str = "") -> tuple[str, list[Any]]:
    """Predicate for records everyone sees (reading others is audited)."""
    return _rank_clause(f"{alias}." if alias else "", 4)


def aggregable_sql(alias: str = "") -> tuple[str, list[Any]]:
    """Records that may enter suppressed aggregates for viewers who cannot see them: not TLP:RED."""
    col = f"{alias}." if alias else ""
    return f"{col}tlp <> ?", [TLP.RED.value]
