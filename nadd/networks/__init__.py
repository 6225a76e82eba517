"""Trafficking networks over incidents: cases, key actors, routes and flows, precursor -> drug
chains, finance typologies and firearms source analysis.

Pure functions over pandas frames shaped like the incident tables (see nadd.networks.frames);
``read_dir`` and ``read_store`` produce those frames (the store reader applies the access rule).
"""

from nadd.networks.actors import key_actors, person_graph
from nadd.networks.cases import (
    Cases,
    case_graph,
    case_recovery,
    find_cases,
    link_keys,
    phone_key,
)
from nadd.networks.chains import precursor_chains, relations
from nadd.networks.finance import (
    FinanceParams,
    funnel_accounts,
    pass_through,
    rapid_movement,
    structuring,
    typologies,
)
from nadd.networks.firearms import source_table, ttc_summary, with_ttc
from nadd.networks.flows import POSTAL_MODES, Flows, route_flows
from nadd.networks.frames import Frames, party_keys, read_dir, read_store

__all__ = [
    "POSTAL_MODES",
    "Cases",
    "FinanceParams",
    "Flows",
    "Frames",
    "case_graph",
    "case_recovery",
    "find_cases",
    "funnel_accounts",
    "key_actors",
    "link_keys",
    "party_keys",
    "pass_through",
    "person_graph",
    "phone_key",
    "precursor_chains",
    "rapid_movement",
    "read_dir",
    "read_store",
    "relations",
    "route_flows",
    "source_table",
    "structuring",
    "ttc_summary",
    "typologies",
    "with_ttc",
]
