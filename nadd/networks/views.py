"""Networks as one reader may see them: the API's and the web app's cases, graphs and flows.

Everything here is computed from the records the principal may see and nothing else:

* frames come from ``read_store(store, principal)`` (the access rule on every table);
* who-is-who is the latest linkage run's *model* re-applied to the visible party records only
  (``relink``): the stored clusters were drawn over every record, and a cluster can join two
  visible records only through a hidden third one, which would reveal that the hidden record
  exists. Scoring the visible records alone cannot;
* cases, key actors, flows, typologies and firearms figures are then the pure functions of
  nadd.networks over those frames, so a case's size, edges and actors never count a hidden row.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from functools import cached_property

import networkx as nx
import pandas as pd

from nadd.model.ids import stable_id
from nadd.networks.actors import key_actors
from nadd.networks.cases import Cases, case_graph, find_cases
from nadd.networks.chains import precursor_chains
from nadd.networks.flows import POSTAL_MODES, route_flows
from nadd.networks.frames import Frames, party_keys, read_store

log = logging.getLogger("nadd.networks")


@dataclass(frozen=True)
class View:
    """The frames, party keys and cases one reader may see; ``linkage`` says how parties were
    keyed ("model <run id> re-scored on N visible records" or "none")."""

    frames: Frames
    keys: pd.Series
    cases: Cases
    linkage: str

    @cached_property
    def case_of(self) -> dict[str, str]:
        m = self.cases.members
        return dict(zip(m["incident_id"], m["case_id"], strict=True))

    @cached_property
    def names(self) -> dict[str, tuple[str, str]]:
        return _names(self)


def relink(store, principal) -> tuple[pd.DataFrame | None, str]:
    """Clusters of the visible party records under the latest run's model, or (None, 'none')."""
    if not (store.table_exists("link_runs") and store.has_rows("link_runs")):
        return None, "none"
    run_id, model_json, threshold = store.query(
        "SELECT run_id, model_json, threshold FROM link_runs ORDER BY run_id DESC LIMIT 1").to_pylist()[0].values()
    from nadd.link.store import read_parties

    parties = read_parties(store, principal)
    if len(parties) < 2:
        return (pd.DataFrame({"record_id": parties["record_id"], "cluster_id": parties["record_id"]}),
                f"model {run_id} on {len(parties)} visible record(s)")
    from nadd.link.normalise import prepare
    from nadd.link.run import score_and_cluster

    try:
        res = score_and_cluster(prepare(parties), json.loads(model_json), "duckdb", float(threshold),
                                1, lambda _m: None, {})
    except Exception:  # a model the engine refuses: key by record (links nothing, reveals nothing)
        log.exception("re-scoring linkage run %s failed; parties keyed by record", run_id)
        return None, "none"
    return res.clusters, f"model {run_id} re-scored on {len(parties):,} visible records"


def principal_view(store, principal) -> View:
    """What ``principal`` may see, keyed and grouped into cases (see the module docstring)."""
    frames = read_store(store, principal)
    clusters, how = relink(store, principal) if not frames.parties.empty else (None, "none")
    frames = frames.with_clusters(clusters)
    keys = party_keys(frames, using="clusters" if clusters is not None else "records")
    cases = find_cases(frames.incidents, frames.parties, keys, frames.transactions, frames.items)
    return View(frames, keys, cases, how)


def restricted(df: pd.DataFrame) -> int:
    """Rows not released to the public (their read is audited)."""
    if df is None or df.empty or "releasability" not in df:
        return 0
    return int(((df["releasability"] != "public") | (df["tlp"] != "TLP:CLEAR")).sum())


def synthetic(df: pd.DataFrame) -> bool:
    col = df.get("synthetic") if df is not None else None
    return bool(col is not None and col.astype(str).str.lower().isin(["true", "1"]).any())


def case_incidents(view: View, case_id: str) -> pd.DataFrame:
    ids = set(view.cases.members.loc[view.cases.members["case_id"] == case_id, "incident_id"])
    return view.frames.incidents[view.frames.incidents["incident_id"].isin(ids)]


def _names(view: View) -> dict[str, tuple[str, str]]:
    """party key -> (the name agencies wrote most often, kind), over visible records only."""
    p = view.frames.parties
    if p.empty:
        return {}
    d = pd.DataFrame({"k": view.keys.reindex(p["record_id"].astype(str)).to_numpy(),
                      "name": p["full_name"].astype("string").to_numpy(),
                      "kind": p["kind"].astype("string").to_numpy()}).dropna(subset=["name"])
    d = (d.groupby(["k", "name", "kind"]).size().rename("n").reset_index()
         .sort_values(["k", "n", "name"], ascending=[True, False, True]).drop_duplicates("k"))
    return {r.k: (r.name, r.kind) for r in d.itertuples(index=False)}


def layout(nodes: list[dict], edges: list[dict], seed: int = 7) -> None:
    """Positions in [0.04, 0.96] for every node (spring layout, seeded: the same every time)."""
    g = nx.Graph()
    g.add_nodes_from(n["id"] for n in nodes)
    g.add_edges_from((e["source"], e["target"]) for e in edges)
    pos = nx.spring_layout(g, seed=seed, iterations=100) if len(g) > 1 else {n: (0.0, 0.0) for n in g}
    xs, ys = [p[0] for p in pos.values()], [p[1] for p in pos.values()]

    def scale(v, lo, hi):
        return 0.5 if hi - lo < 1e-9 else 0.04 + 0.92 * (v - lo) / (hi - lo)

    for n in nodes:
        x, y = pos[n["id"]]
        n["x"], n["y"] = round(scale(x, min(xs), max(xs)), 4), round(scale(y, min(ys), max(ys)), 4)


def case_detail(view: View, case_id: str) -> dict:
    """One case: summary, the graph (incidents, parties and identifiers, laid out), key actors
    with centrality, member incidents and precursor -> drug chains. NotFound if not visible."""
    graph = case_graph(view.cases, case_id, view.frames.incidents)  # NotFound when not visible
    members = view.cases.members[view.cases.members["case_id"] == case_id]
    incs = case_incidents(view, case_id)
    parties = view.frames.parties
    parties = parties[parties["incident_id"].isin(set(members["incident_id"]))] if not parties.empty else parties
    actors = key_actors(parties, view.keys, incidents=incs, members=members) if not parties.empty \
        else pd.DataFrame()
    names = view.names
    by_node = {}
    for k in (view.keys.reindex(parties["record_id"].astype(str)).dropna().unique() if not parties.empty else []):
        by_node[f"party:{stable_id(k)[:12]}"] = k
    cent = actors.set_index("party_key") if not actors.empty else pd.DataFrame()
    for n in graph["nodes"]:
        key = by_node.get(n["id"])
        if key is None:
            continue
        n["label"], n["kind"] = names.get(key, (n["label"], None))
        if key in cent.index:
            a = cent.loc[key]
            n.update(rank=int(a["rank"]), degree=float(a["degree"]), betweenness=float(a["betweenness"]),
                     eigenvector=float(a["eigenvector"]))
    layout(graph["nodes"], graph["edges"])
    chains = precursor_chains(incs, view.frames.items, members) if not view.frames.items.empty \
        else pd.DataFrame()
    summary = view.cases.summary[view.cases.summary["case_id"] == case_id]
    if not actors.empty:
        actors = actors.drop(columns=["party_key"])  # a cluster id is a record id: not needed
    return {"case": summary.iloc[0].to_dict(), "graph": graph, "actors": actors, "incidents": incs,
            "chains": chains}


def flows(view: View, *, modes: tuple[str, ...] | None = None, kinds: tuple[str, ...] | None = None,
          level: str = "country") -> tuple[dict, pd.DataFrame]:
    """Sankey nodes/links and routes (each with ``postal``: mail or express), and the incidents
    that went into them (for the synthetic label and the audit count)."""
    inc = view.frames.incidents
    used = inc[inc["mode"].isin(modes)] if modes else inc
    used = used[used["kind"].isin(kinds)] if kinds else used
    f = route_flows(used, view.frames.items, level=level)
    routes, links = f.routes.copy(), f.links.copy()
    routes["postal"] = routes["mode"].isin(POSTAL_MODES)
    links["postal"] = links["mode"].isin(POSTAL_MODES)
    return {"nodes": f.nodes, "links": links, "routes": routes}, used
