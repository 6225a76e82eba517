"""Key actors on the hand-built example: person graph A-B, A-C, A-D, D-E; F and H isolated."""

import math

import pytest

from nadd.networks import key_actors, party_keys, person_graph
from nadd.networks.actors import by_component


def test_projection_joins_people_seen_in_the_same_incident(hand):
    g = person_graph(hand.parties, party_keys(hand, using="truth"))
    assert sorted(g.nodes) == ["A", "B", "C", "D", "E", "F", "H"]  # company G left out
    assert sorted(tuple(sorted(e)) for e in g.edges) == [("A", "B"), ("A", "C"), ("A", "D"),
                                                          ("D", "E")]


def test_centralities_and_ranks_match_the_hand_computation(hand):
    actors = key_actors(hand.parties, party_keys(hand, using="truth"), incidents=hand.incidents)
    a = actors.set_index("party_key")
    # Within A's network of 5 (F and H are networks of one). Degree: ties / (5 - 1).
    assert a.loc["A", "network_size"] == 5 and a.loc["F", "network_size"] == 1
    assert a.loc["A", "degree"] == pytest.approx(3 / 4)
    assert a.loc["D", "degree"] == pytest.approx(2 / 4)
    assert a.loc["E", "degree"] == pytest.approx(1 / 4)
    assert a.loc["F", "degree"] == 0
    # Betweenness: A is on B-C, B-D, B-E, C-D, C-E (5 pairs); D on A-E, B-E, C-E (3); of 4*3/2 = 6.
    assert a.loc["A", "brokered_pairs"] == 5 and a.loc["D", "brokered_pairs"] == 3
    assert a.loc["A", "betweenness"] == pytest.approx(5 / 6)
    assert a.loc["D", "betweenness"] == pytest.approx(3 / 6)
    assert a.loc["B", "betweenness"] == 0
    # Eigenvector of the tree: lambda^2 = 2 + sqrt(2); x = (1, 1/l, 1/l, l/(l^2-1), 1/(l^2-1)).
    lam = math.sqrt(2 + math.sqrt(2))
    x = {"A": 1, "B": 1 / lam, "C": 1 / lam, "D": lam / (lam**2 - 1), "E": 1 / (lam**2 - 1)}
    norm = math.sqrt(sum(v * v for v in x.values()))
    for k, v in x.items():
        assert a.loc[k, "eigenvector"] == pytest.approx(v / norm, abs=1e-6)
    assert a.loc["D", "eigenvector"] == pytest.approx(0.5, abs=1e-6)
    assert a.loc["F", "eigenvector"] == 0
    # By pairs brokered, then ties, then eigenvector (B and C are equal: by key).
    assert actors["party_key"].tolist() == ["A", "D", "B", "C", "E", "F", "H"]
    assert actors["rank"].tolist() == [1, 2, 3, 4, 5, 6, 7]


def test_each_actor_says_why_it_ranks(hand):
    actors = key_actors(hand.parties, party_keys(hand, using="truth"), incidents=hand.incidents)
    top = actors.iloc[0]
    assert top["name"] in {"José Ramírez López", "Jose Ramirez", "J. Ramírez"}
    assert top["incidents"] == 3 and top["ties"] == 3
    assert top["reason"].startswith("in 3 incident(s); tied to 3 of 4 other(s) in the network; "
                                    "broker: on the shortest paths of 5 pair(s) of others (83%")
    assert "active in MX, US" in top["reason"]
    assert "broker" not in actors.set_index("party_key").loc["B", "reason"]


def test_network_measures_are_networkx_on_each_component():
    import networkx as nx

    g = nx.disjoint_union(nx.path_graph(5), nx.star_graph(4))  # nodes 0-4 path, 5 = star centre
    g.add_edge(100, 101)
    per = by_component(g)
    assert per[5]["brokered_pairs"] == 6  # the 4 leaves make 6 pairs, all through the centre
    assert per[2]["brokered_pairs"] == 4  # middle of a 5-path: 0-3, 0-4, 1-3, 1-4
    for comp in nx.connected_components(g):
        expected = nx.betweenness_centrality(g.subgraph(comp))
        assert {k: per[k]["betweenness"] for k in comp} == pytest.approx(expected)
    assert per[100] == {"network_size": 2, "degree": 1.0, "betweenness": 0.0, "brokered_pairs": 0.0}
