"""Principals of every kind of audience, for the access and API tests."""

from __future__ import annotations

from nadd.access import ANONYMOUS, Principal


def principal(country: str | None, agency: str | None, *roles: str) -> Principal:
    if country is None:
        return ANONYMOUS
    return Principal(user_id=f"u-{agency}", username=f"{agency}.user", org_id=agency.lower(),
                     agency=agency, country=country, roles=frozenset(roles or ("viewer",)))


#: one principal per kind of audience: public, owner agency, same country, other NADD, partner
PRINCIPALS = {
    "anonymous": ANONYMOUS,
    "us_cbp": principal("US", "CBP"),
    "us_cdc": principal("US", "CDC-NCHS", "analyst"),
    "ca_rcmp": principal("CA", "RCMP"),
    "mx_fgr": principal("MX", "FGR", "analyst"),
    "nl_trimbos": principal("NL", "Trimbos"),
    "us_admin": principal("US", "NADD", "admin"),
}


