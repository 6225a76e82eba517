"""Who may see a record. Every record carries these; public data defaults to public."""

from enum import StrEnum


class Releasability(StrEnum):
    OWNER_AGENCY = "owner_agency"  # only the agency that owns it
    OWNER_COUNTRY = "owner_country"  # every agency of the owner's country
    NADD = "nadd"  # CA, MX and US agencies
    NADD_PARTNERS = "nadd_partners"  # NADD plus partner countries (NL)
    PUBLIC = "public"


class TLP(StrEnum):
    """Traffic Light Protocol 2.0 markings (FIRST)."""

    CLEAR = "TLP:CLEAR"
    GREEN = "TLP:GREEN"
    AMBER = "TLP:AMBER"
    AMBER_STRICT = "TLP:AMBER+STRICT"
    RED = "TLP:RED"


PUBLIC_DEFAULTS = {"releasability": Releasability.PUBLIC.value, "tlp": TLP.CLEAR.value}
