"""Who is asking: a user of an organisation (agency, country) with roles, or the public."""

from __future__ import annotations

from dataclasses import dataclass, field

ROLES = ("viewer", "analyst", "steward", "admin")
#: A role includes the rights of the roles before it (an analyst can do what a viewer can).
ROLE_RANK = {r: i for i, r in enumerate(ROLES)}


@dataclass(frozen=True)
class Principal:
    """The identity every read and write is decided for. ``anonymous`` is the public."""

    user_id: str | None
    username: str
    org_id: str | None
    agency: str | None
    country: str | None  # ISO 3166-1 alpha-2 of the org: US, CA, MX, NL
    roles: frozenset[str] = field(default_factory=frozenset)
    anonymous: bool = False

    def has_role(self, role: str) -> bool:
        """True if one of the principal's roles is ``role`` or ranks above it."""
        need = ROLE_RANK[role]
        return any(ROLE_RANK.get(r, -1) >= need for r in self.roles)


ANONYMOUS = Principal(user_id=None, username="anonymous", org_id=None, agency=None, country=None,
                      roles=frozenset(), anonymous=True)
