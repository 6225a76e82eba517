"""Cases: connected components of incidents linked through what they share.

Two incidents are in one case when a chain of shared links joins them: the same linked party
(cluster id from linkage, or entity id from the generator's truth when evaluating), the same
tracking number, the same account or wallet, or the same phone. The graph is bipartite (incidents
and link keys), so each case also says *why* its incidents belong together.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import combinations

import networkx as nx
import pandas as pd

from nadd.model.ids import stable_id

LINKS = ("party", "tracking", "account", "phone")
_DIGITS = re.compile(r"\D+")


@dataclass(frozen=True)
class Cases:
    """members: incident_id, case_id. links: case_id, incident_id, via, key. summary: one row a case."""

    members: pd.DataFrame
    links: pd.DataFrame
    summary: pd.DataFrame


def phone_key(phone: object) -> str | None:
    """A phone as its last 10 digits: '+1 (915) 555-0134' and '915.555.0134' are one phone.

    Ten digits is the national number in all three countries (NANP and Mexico since 2019), so
    agencies that drop or add the country code still agree.
    """
    if phone is None or pd.isna(phone):
        return None
    digits = _DIGITS.sub("", str(phone))
    return digits[-10:] if len(digits) >= 7 else None


def _text(v: object) -> str | None:
    if v is None or pd.isna(v):
        return None
    s = str(v).strip()
    return s or None


def _norm_id(s: pd.Series) -> pd.Series:
    """Identifiers compared as agencies write them apart: case and spaces ignored."""
    return s.astype("string").str.upper().str.replace(r"\s+", "", regex=True)


def link_keys(incidents: pd.DataFrame, parties: pd.DataFrame, party_key: pd.Series | None = None,
              transactions: pd.DataFrame | None = None, *, via=LINKS) -> pd.DataFrame:
    """Every (incident_id, via, key) an incident can share with another incident."""
    parts: list[pd.DataFrame] = []

    def add(inc: pd.Series, name: str, key: pd.Series) -> None:
        parts.append(pd.DataFrame({"incident_id": inc.astype("string").to_numpy(), "via": name,
                                   "key": key.astype("string").to_numpy()}))

    if "tracking" in via and "tracking_number" in incidents:
        add(incidents["incident_id"], "tracking", _norm_id(incidents["tracking_number"]))
    if parties is not None and not parties.empty:
        if "party" in via:
            rec = parties["record_id"].astype(str)
            keys = party_key.reindex(rec).to_numpy() if party_key is not None else rec.to_numpy()
            add(parties["incident_id"], "party", pd.Series(keys))
        if "account" in via:
            for col in ("account", "wallet"):
                if col in parties:
                    add(parties["incident_id"], "account", _norm_id(parties[col]))
        if "phone" in via and "phone" in parties:
            digits = parties["phone"].astype("string").str.replace(r"\D+", "", regex=True)
            add(parties["incident_id"], "phone", digits.where(digits.str.len() >= 7).str[-10:])
    if "account" in via and transactions is not None and not transactions.empty:
        for col in ("from_account", "to_account"):
            add(transactions["incident_id"], "account", _norm_id(transactions[col]))
    if not parts:
        return pd.DataFrame(columns=["incident_id", "via", "key"])
    out = pd.concat(parts, ignore_index=True).dropna()
    out = out[(out["key"].str.strip() != "") & (out["incident_id"].str.strip() != "")]
    return out.drop_duplicates().reset_index(drop=True)


def find_cases(incidents: pd.DataFrame, parties: pd.DataFrame, party_key: pd.Series | None = None,
               transactions: pd.DataFrame | None = None, items: pd.DataFrame | None = None, *,
               via=LINKS, min_incidents: int = 2, max_key_incidents: int | None = None) -> Cases:
    """Group incidents into cases (components of the incident-key graph).

    ``max_key_incidents`` drops keys shared by more incidents than that (a call-centre number or a
    bank's clearing account would otherwise merge unrelated cases). Cases smaller than
    ``min_incidents`` are left out; case ids are stable (a hash of the sorted incident ids).
    """
    keys = link_keys(incidents, parties, party_key, transactions, via=via)
    keys = keys[keys["incident_id"].isin(set(incidents["incident_id"]))]
    width = keys.groupby(["via", "key"])["incident_id"].transform("nunique")
    keys = keys[(width >= 2) & ((width <= max_key_incidents) if max_key_incidents else True)]
    g = nx.Graph()
    g.add_nodes_from(("i", i) for i in incidents["incident_id"])
    g.add_edges_from((("i", r.incident_id), ("k", r.via, r.key)) for r in keys.itertuples())
    members = []
    for comp in nx.connected_components(g):
        incs = sorted(n[1] for n in comp if n[0] == "i")
        if len(incs) >= min_incidents:
            cid = "case-" + stable_id(";".join(incs))[:10]
            members.extend((i, cid) for i in incs)
    members_df = pd.DataFrame(members, columns=["incident_id", "case_id"])
    links = keys.merge(members_df, on="incident_id")[["case_id", "incident_id", "via", "key"]]
    summary = summarise(members_df, incidents, links, parties, party_key, items)
    order = summary["case_id"].tolist()
    members_df["_o"] = members_df["case_id"].map({c: n for n, c in enumerate(order)})
    members_df = members_df.sort_values(["_o", "incident_id"]).drop(columns="_o")
    return Cases(members_df.reset_index(drop=True),
                 links.sort_values(["case_id", "via", "key", "incident_id"]).reset_index(drop=True),
                 summary)


def _joined(values) -> str:
    return ";".join(sorted({str(v) for v in values if _text(v) is not None}))


def join_by(df: pd.DataFrame, key: str, col: str) -> pd.Series:
    """Distinct non-empty values of ``col`` per ``key``, sorted and ';'-joined (vectorised)."""
    v = df[[key, col]].dropna().astype({col: str})
    v = v[v[col].str.strip() != ""].drop_duplicates().sort_values([key, col])
    return v.groupby(key, sort=False)[col].agg(";".join)


def summarise(members: pd.DataFrame, incidents: pd.DataFrame, links: pd.DataFrame,
              parties: pd.DataFrame | None = None, party_key: pd.Series | None = None,
              items: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row a case: size, kinds, countries, modes, substances, date span, and what links it."""
    cols = ["case_id", "incidents", "parties", "kinds", "countries", "modes", "substances",
            "first_date", "last_date", "linked_by", "incident_ids"]
    if members.empty:
        return pd.DataFrame(columns=cols)
    inc = incidents.merge(members, on="incident_id")
    out = inc.groupby("case_id").agg(incidents=("incident_id", "size"))
    if "event_date" in inc:
        out["first_date"] = inc.groupby("case_id")["event_date"].min()
        out["last_date"] = inc.groupby("case_id")["event_date"].max()
    for col in ("kind", "mode"):
        out[f"{col}s"] = join_by(inc, "case_id", col) if col in inc else ""
    # Countries: where it happened (first two letters of the jurisdiction) and every stop.
    stops = [inc[["case_id"]].assign(c=inc[c].astype("string").str[:2])
             for c in ("jurisdiction_id", "origin_country", "destination_country") if c in inc]
    if "transit_countries" in inc:
        tr = inc[["case_id", "transit_countries"]].dropna()
        tr = tr.assign(c=tr["transit_countries"].astype(str).str.split(";")).explode("c")
        stops.append(tr[["case_id", "c"]].assign(c=lambda d: d["c"].str.strip()))
    out["countries"] = join_by(pd.concat(stops), "case_id", "c") if stops else ""
    out["substances"] = (join_by(items.merge(members, on="incident_id"), "case_id", "substance_id")
                         if items is not None and not items.empty else "")
    out["parties"] = 0
    if parties is not None and not parties.empty:
        p = parties[["record_id", "incident_id"]].copy()
        p["k"] = (party_key.reindex(p["record_id"].astype(str)).to_numpy()
                  if party_key is not None else p["record_id"])
        out["parties"] = p.merge(members, on="incident_id").groupby("case_id")["k"].nunique()
    lk = links.drop_duplicates(["case_id", "via", "key"]).groupby(["case_id", "via"]).size()
    lk = lk.reset_index(name="n").sort_values(["case_id", "via"])
    lk["t"] = lk["via"] + ":" + lk["n"].astype(str)
    out["linked_by"] = lk.groupby("case_id")["t"].agg("; ".join)
    out["incident_ids"] = join_by(inc, "case_id", "incident_id")
    out = out.reset_index()
    for c in cols:
        if c not in out:
            out[c] = pd.NA
    text = ["kinds", "countries", "modes", "substances", "linked_by"]
    out[text] = out[text].fillna("")
    out["parties"] = out["parties"].fillna(0).astype(int)
    out = out[cols]
    return out.sort_values(["incidents", "case_id"], ascending=[False, True]).reset_index(drop=True)


def _pairs(groups: pd.DataFrame, col: str) -> set[tuple[str, str]]:
    out: set[tuple[str, str]] = set()
    for _, g in groups.groupby(col):
        out |= set(combinations(sorted(g["incident_id"]), 2))
    return out


def case_recovery(members: pd.DataFrame, incident_networks: pd.DataFrame) -> tuple[pd.DataFrame, dict]:
    """How well cases recover planted networks (generator truth: incident_id, network_id).

    Per network: the case holding most of its incidents, with precision (share of that case that
    is the network) and recall (share of the network in that case). Overall: pairwise precision,
    recall and F1 over incident pairs (same case vs. same network), the usual clustering score.
    """
    truth = incident_networks[["incident_id", "network_id"]].dropna().drop_duplicates()
    joined = truth.merge(members, on="incident_id", how="left")
    sizes = members.groupby("case_id").size()
    rows = []
    for nid, g in joined.groupby("network_id"):
        counts = g["case_id"].value_counts()
        best = counts.index[0] if len(counts) else None
        hit = int(counts.iloc[0]) if len(counts) else 0
        rows.append({"network_id": nid, "incidents": len(g), "best_case": best, "in_best_case": hit,
                     "precision": hit / sizes[best] if best is not None else 0.0,
                     "recall": hit / len(g)})
    per = pd.DataFrame(rows, columns=["network_id", "incidents", "best_case", "in_best_case",
                                      "precision", "recall"])
    # Pairs are counted among incidents that belong to some planted network or some case.
    true_pairs = _pairs(truth, "network_id")
    found = _pairs(members, "case_id")
    tp = len(true_pairs & found)
    p = tp / len(found) if found else 1.0
    r = tp / len(true_pairs) if true_pairs else 1.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return per, {"pair_precision": p, "pair_recall": r, "pair_f1": f1,
                 "true_pairs": len(true_pairs), "found_pairs": len(found)}


def case_graph(cases: Cases, case_id: str, incidents: pd.DataFrame | None = None) -> dict:
    """One case as a node-link graph for a case view: incidents and the keys that join them.

    Nodes: {"id", "type": "incident" | via, "label", + kind/date/jurisdiction for incidents};
    edges: {"source": incident id, "target": key node id, "via"}. Key nodes carry a hash of the
    key and its last four characters only: seeing that two incidents share an account does not
    need the account number in the page.
    """
    members = cases.members[cases.members["case_id"] == case_id]
    if members.empty:
        from nadd.errors import NotFound

        raise NotFound(f"no case {case_id!r}", hint="list cases with `nadd networks cases`")
    info = (incidents.set_index("incident_id") if incidents is not None
            else pd.DataFrame(index=members["incident_id"]))
    nodes = []
    for inc in members["incident_id"]:
        row = info.loc[inc] if inc in info.index else pd.Series(dtype=object)
        nodes.append({"id": f"incident:{inc}", "type": "incident", "label": inc,
                      **{k: _text(row.get(k)) for k in ("kind", "jurisdiction_id", "mode")},
                      "date": _text(row.get("event_date"))[:10] if _text(row.get("event_date")) else None})
    links = cases.links[cases.links["case_id"] == case_id]
    edges = []
    for r in links.itertuples(index=False):
        node = f"{r.via}:{stable_id(r.key)[:12]}"
        edges.append({"source": f"incident:{r.incident_id}", "target": node, "via": r.via})
    for (via, key), _ in links.groupby(["via", "key"]):
        nodes.append({"id": f"{via}:{stable_id(key)[:12]}", "type": via, "label": f"{via} …{str(key)[-4:]}"})
    return {"case_id": case_id, "nodes": nodes, "edges": edges}
