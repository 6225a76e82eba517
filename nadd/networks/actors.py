"""Key actors: centrality of persons on the person-person graph projected from incidents.

The raw graph is bipartite (persons and the incidents they appear in); projecting it joins two
persons when they appear in the same incident (edge weight = incidents shared). On that graph,
within each person's own network (connected component):
degree (how many people one is tied to), betweenness (how often one sits on the shortest path
between two others: brokers, the people a network falls apart without) and eigenvector
centrality (tied to people who are themselves well tied). Each actor row carries the reason
in words, so an analyst sees why the person ranks high.
"""

from __future__ import annotations

import networkx as nx
import numpy as np
import pandas as pd
from networkx.algorithms import bipartite

from nadd.networks.cases import join_by

COLUMNS = ["party_key", "name", "case_id", "incidents", "ties", "network_size", "degree",
           "betweenness", "brokered_pairs", "eigenvector", "roles", "countries", "reason"]


def person_graph(parties: pd.DataFrame, party_key: pd.Series | None = None) -> nx.Graph:
    """The projected person-person graph (nodes: party keys of persons; weight: shared incidents)."""
    p = parties
    if "kind" in p:
        p = p[p["kind"].fillna("person").astype(str) == "person"]
    keys = (party_key.reindex(p["record_id"].astype(str)).to_numpy()
            if party_key is not None else p["record_id"].astype(str).to_numpy())
    b = nx.Graph()
    persons = {("p", k) for k in keys}
    b.add_nodes_from(persons, bipartite=0)
    b.add_nodes_from({("i", i) for i in p["incident_id"]}, bipartite=1)
    b.add_edges_from((("p", k), ("i", i)) for k, i in zip(keys, p["incident_id"], strict=True))
    proj = bipartite.weighted_projected_graph(b, persons)
    return nx.relabel_nodes(proj, {n: n[1] for n in proj.nodes})


def eigenvector_by_component(g: nx.Graph) -> dict[str, float]:
    """Eigenvector centrality inside each connected component (unit norm there; isolates 0).

    On a disconnected graph the leading eigenvector lives on one component only, which would give
    every other network 0; analysts compare people within their own network.
    """
    out: dict[str, float] = {}
    for comp in nx.connected_components(g):
        if len(comp) == 1:
            out[next(iter(comp))] = 0.0
            continue
        nodes = sorted(comp)
        if len(nodes) == 2:
            out.update(dict.fromkeys(nodes, float(np.sqrt(0.5))))
            continue
        if len(nodes) <= 2000:  # dense symmetric solver: exact, and ARPACK fails on tiny graphs
            a = nx.to_numpy_array(g.subgraph(nodes), nodelist=nodes, weight=None)
            vec = np.linalg.eigh(a)[1][:, -1]  # eigenvalues ascending: the last is the largest
            vals = dict(zip(nodes, vec / np.linalg.norm(vec), strict=True))
        else:
            vals = nx.eigenvector_centrality_numpy(g.subgraph(comp), max_iter=1000)
        out.update({k: abs(float(v)) for k, v in vals.items()})
    return out


def by_component(g: nx.Graph) -> dict[str, dict[str, float]]:
    """Per person, within their own network (connected component): its size, degree and
    betweenness (networkx's normalised values on the component) and brokered pairs (raw
    betweenness: pairs of others whose shortest paths run through the person).

    Normalising over the whole graph would make everyone in a small network look unimportant
    next to a large one; analysts compare people within a network, and rank across networks by
    the absolute count of pairs brokered.
    """
    out: dict[str, dict[str, float]] = {}
    for comp in nx.connected_components(g):
        n = len(comp)
        if n <= 2:  # nobody lies between two others
            for k in comp:
                out[k] = {"network_size": n, "degree": float(n - 1), "betweenness": 0.0,
                          "brokered_pairs": 0.0}
            continue
        sub = g.subgraph(comp)
        raw = nx.betweenness_centrality(sub, normalized=False)
        pairs = (n - 1) * (n - 2) / 2
        for k in comp:
            out[k] = {"network_size": n, "degree": sub.degree(k) / (n - 1),
                      "betweenness": raw[k] / pairs, "brokered_pairs": raw[k]}
    return out


def _reason(r: dict) -> str:
    parts = [f"in {r['incidents']} incident(s)",
             f"tied to {r['ties']} of {max(r['network_size'] - 1, 0)} other(s) in the network"]
    if r["brokered_pairs"] > 0:
        parts.append(f"broker: on the shortest paths of {r['brokered_pairs']:g} pair(s) of others "
                     f"({r['betweenness']:.0%} of the network's)")
    if r["countries"] and ";" in r["countries"]:
        parts.append(f"active in {r['countries'].replace(';', ', ')}")
    return "; ".join(parts)


def key_actors(parties: pd.DataFrame, party_key: pd.Series | None = None, *,
               incidents: pd.DataFrame | None = None, members: pd.DataFrame | None = None,
               top: int | None = None) -> pd.DataFrame:
    """Persons ranked by pairs brokered, then ties, then eigenvector centrality, with the reason.

    Every measure is within the person's own network (see by_component and
    eigenvector_by_component); ties are unweighted (a tie is a tie, however many incidents).
    ``members`` (incident_id, case_id) adds each person's case; ``incidents`` their countries.
    """
    if parties is None or parties.empty:
        return pd.DataFrame(columns=COLUMNS)
    g = person_graph(parties, party_key)
    per = by_component(g)
    eig = eigenvector_by_component(g)
    p = parties.copy()
    if "kind" in p:
        p = p[p["kind"].fillna("person").astype(str) == "person"]
    p["party_key"] = (party_key.reindex(p["record_id"].astype(str)).to_numpy()
                      if party_key is not None else p["record_id"].astype(str))
    if members is not None and not members.empty:
        p = p.merge(members, on="incident_id", how="left")
    if incidents is not None and "jurisdiction_id" in incidents:
        p = p.merge(incidents[["incident_id", "jurisdiction_id"]], on="incident_id", how="left")
    for col in ("case_id", "role", "full_name"):
        if col not in p:
            p[col] = pd.NA
    p["country"] = (p["jurisdiction_id"].astype("string").str[:2] if "jurisdiction_id" in p
                    else pd.NA)
    out = p.groupby("party_key", sort=False).agg(incidents=("incident_id", "nunique"))
    for col, src in (("case_id", "case_id"), ("roles", "role"), ("countries", "country")):
        out[col] = join_by(p, "party_key", src).reindex(out.index).fillna("")
    # The name an agency wrote most often (ties: alphabetical), in one pass.
    names = (p.dropna(subset=["full_name"]).groupby(["party_key", "full_name"]).size()
             .rename("n").reset_index().sort_values(["party_key", "n", "full_name"],
                                                    ascending=[True, False, True])
             .drop_duplicates("party_key").set_index("party_key")["full_name"])
    out["name"] = names.reindex(out.index).fillna("")
    out["ties"] = [g.degree(k) if k in g else 0 for k in out.index]
    for m in ("network_size", "degree", "betweenness", "brokered_pairs"):
        out[m] = [per.get(k, {}).get(m, 0.0) for k in out.index]
    out["eigenvector"] = [eig.get(k, 0.0) for k in out.index]
    out = out.reset_index()
    out["reason"] = [_reason(r) for r in out.to_dict("records")]
    out = out[COLUMNS]
    # Rounded so that floating-point noise does not order equals (ties go by key).
    cent = ["degree", "betweenness", "brokered_pairs", "eigenvector"]
    out[cent] = out[cent].astype(float).round(12)
    out["network_size"] = out["network_size"].astype(int)
    out = out.sort_values(["brokered_pairs", "ties", "eigenvector", "party_key"],
                          ascending=[False, False, False, True]).reset_index(drop=True)
    out.insert(0, "rank", np.arange(1, len(out) + 1))
    return out.head(top) if top else out
