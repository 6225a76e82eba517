"""Precursor -> drug chains: precursor shipments tied to seizures of the drugs they make.

A chain is a precursor shipment and a drug seizure in the same case (linked through parties,
tracking numbers, accounts or phones), where the shipment holds a precursor of a drug the seizure
holds, and the seizure is not earlier than the shipment (``max_days`` bounds the lag). The
precursor -> drug relations come from the legal knowledge base (nadd/law/data/precursors.csv, read
through nadd.law.kb); when that is not installed, the small table below is used and each chain's
``relation`` says which was used.
"""

from __future__ import annotations

import pandas as pd

from nadd.errors import NaddError
from nadd.model import substances

# Fallback relations (project substance ids; a class id covers every substance below it).
# Chemistry as in INCB's precursor reports and the UN 1988 Convention tables.
LOCAL_RELATIONS = (
    ("npp", "fentanyl-related"), ("4-anpp", "fentanyl-related"), ("4-ap", "fentanyl-related"),
    ("1-boc-4-ap", "fentanyl-related"), ("norfentanyl", "fentanyl-related"),
    ("propionyl-chloride", "fentanyl-related"), ("phenethyl-bromide", "fentanyl-related"),
    ("phenethyl-chloride", "fentanyl-related"),
    ("p2p", "methamphetamine"), ("phenylacetic-acid", "methamphetamine"),
    ("ephedrine", "methamphetamine"), ("pseudoephedrine", "methamphetamine"),
    ("safrole", "mdma"), ("isosafrole", "mdma"), ("pmk", "mdma"),
)
COLUMNS = ["case_id", "precursor_incident", "precursor", "precursor_date", "drug_incident", "drug",
           "drug_date", "days", "relation"]


def _substance_id(name: str) -> str:
    """The project substance id of a name in the law's relations (else the name as an id)."""
    found = substances.try_by_name(name)
    return found or name.strip().lower().replace(" ", "-")


def closure(pairs) -> pd.DataFrame:
    """Every (precursor, drug) reachable through the steps in ``pairs`` (4-AP -> ANPP -> fentanyl
    gives 4-AP -> fentanyl too): a shipment of an early precursor still points at the drug."""
    steps: dict[str, set[str]] = {}
    for pre, drug in pairs:
        steps.setdefault(pre, set()).add(drug)
    rows = []
    for start, first in steps.items():
        seen, stack = set(), list(first)
        while stack:
            node = stack.pop()
            if node not in seen and node != start:
                seen.add(node)
                stack.extend(steps.get(node, ()))
        rows.extend((start, d) for d in sorted(seen))
    return pd.DataFrame(rows, columns=["precursor_id", "drug_id"])


def relations() -> tuple[pd.DataFrame, str]:
    """(precursor_id, drug_id) pairs (transitive) and where they came from: 'nadd.law' (the legal
    knowledge base's precursors.csv, names resolved to substance ids) or 'local' (the table above)."""
    try:
        from nadd.law.kb import precursor_relations
    except ImportError:
        precursor_relations = None
    if precursor_relations is not None:
        try:
            rows = precursor_relations()
        except (NaddError, OSError, ValueError):  # a broken knowledge base must not stop the analysis
            rows = []
        pairs = [(_substance_id(r[0]), _substance_id(r[1])) for r in rows]
        if pairs:
            return closure(pairs), "nadd.law"
    return pd.DataFrame(LOCAL_RELATIONS, columns=["precursor_id", "drug_id"]), "local"


def _lineage(substance_id: str) -> list[str]:
    try:
        return [substance_id, *substances.ancestors(substance_id)]
    except NaddError:  # an id outside the registry still matches itself
        return [substance_id]


def precursor_chains(incidents: pd.DataFrame, items: pd.DataFrame, members: pd.DataFrame, *,
                     rel: pd.DataFrame | None = None, max_days: int | None = None) -> pd.DataFrame:
    """Every (precursor shipment, drug seizure) pair in one case with a matching relation.

    ``members``: incident_id, case_id (from find_cases; any grouping works, e.g. the planted
    networks of a synthetic scenario renamed to case_id). A seizure substance matches a relation's
    drug when it is that drug or lies below it in the substance tree (carfentanil is under
    fentanyl-related). Incidents of kind precursor_shipment are the precursor side; any other
    incident holding the drug is the drug side.
    """
    if rel is None:
        rel, origin = relations()
    else:
        origin = "given"
    if items is None or items.empty or members.empty:
        return pd.DataFrame(columns=COLUMNS)
    by_pre: dict[str, set[str]] = {}
    for pre, drug in rel.itertuples(index=False):
        by_pre.setdefault(pre, set()).add(drug)
    it = items.merge(members, on="incident_id").merge(
        incidents[["incident_id", "kind", "event_date"]], on="incident_id")
    pre_side = it[(it["kind"] == "precursor_shipment") & it["substance_id"].isin(by_pre)]
    drug_side = it[it["kind"] != "precursor_shipment"].copy()
    lineage = {s: set(_lineage(s)) for s in drug_side["substance_id"].dropna().unique()}
    pairs = pre_side.merge(drug_side, on="case_id", suffixes=("_p", "_d"))
    rows = []
    for r in pairs.itertuples(index=False):
        hit = by_pre[r.substance_id_p] & lineage.get(r.substance_id_d, set())
        if not hit:
            continue
        days = (r.event_date_d - r.event_date_p).days if pd.notna(r.event_date_d) and pd.notna(
            r.event_date_p) else None
        if days is not None and (days < 0 or (max_days is not None and days > max_days)):
            continue
        rows.append({"case_id": r.case_id, "precursor_incident": r.incident_id_p,
                     "precursor": r.substance_id_p, "precursor_date": r.event_date_p,
                     "drug_incident": r.incident_id_d, "drug": r.substance_id_d,
                     "drug_date": r.event_date_d, "days": days,
                     "relation": f"{r.substance_id_p} -> {min(hit)} ({origin})"})
    out = pd.DataFrame(rows, columns=COLUMNS).drop_duplicates()
    return out.sort_values(["case_id", "precursor_date", "drug_date"]).reset_index(drop=True)
