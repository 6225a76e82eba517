"""Routes, Sankey flows and precursor -> drug chains on the hand-built example."""

import pandas as pd
import pytest

from nadd.networks import (
    find_cases,
    party_keys,
    precursor_chains,
    relations,
    route_flows,
)
from nadd.networks.chains import LOCAL_RELATIONS
from nadd.networks.flows import route_of


def test_routes_count_incidents_and_kilograms_by_mode(hand):
    flows = route_flows(hand.incidents, hand.items)
    r = {(x.mode, x.origin, x.transit, x.destination): (x.incidents, x.quantity_kg)
         for x in flows.routes.itertuples()}
    assert r == {
        ("international_mail", "CN", "MX", "US"): (2, pytest.approx(0.75)),
        ("land_poe_commercial_truck", "MX", "", "US"): (1, pytest.approx(2.0)),
        ("land_poe_passenger_vehicle", "MX", "", "US"): (1, pytest.approx(4.5359237)),
        ("maritime_container", "CN", "", "MX"): (2, pytest.approx(150.0)),
        ("land_poe_commercial_truck", "US", "", "CA"): (1, pytest.approx(1.0)),
    }  # I6 (CA -> CA) and I7 (no route) have no cross-border route


def test_sankey_nodes_are_staged_so_a_transit_country_is_not_a_cycle(hand):
    flows = route_flows(hand.incidents, hand.items)
    links = {(x.source, x.target, x.mode): x.incidents for x in flows.links.itertuples()}
    assert links[("O:CN", "T1:MX", "international_mail")] == 2
    assert links[("T1:MX", "D:US", "international_mail")] == 2
    assert links[("O:MX", "D:US", "land_poe_commercial_truck")] == 1
    assert links[("O:CN", "D:MX", "maritime_container")] == 2
    assert len(links) == 6
    assert flows.nodes["id"].tolist() == ["O:CN", "O:MX", "O:US", "T1:MX", "D:CA", "D:MX", "D:US"]
    assert set(flows.to_dict()) == {"nodes", "links", "routes"}


def test_postal_flows_end_at_the_destination_state(hand):
    flows = route_flows(hand.incidents, hand.items, modes=("international_mail",), level="place")
    assert flows.links[["source", "target", "incidents"]].values.tolist() == [
        ["O:CN", "T1:MX", 2], ["T1:MX", "D:US-CA", 2]]


def test_route_collapses_repeats_and_skips_blanks():
    assert route_of("CN", "HK;HK;MX", "US") == ["CN", "HK", "MX", "US"]
    assert route_of("MX", None, "MX") == ["MX"]
    assert route_of(pd.NA, "", "US") == ["US"]


def test_precursor_shipment_chains_to_drug_seizures_in_its_case(hand):
    cases = find_cases(hand.incidents, hand.parties, party_keys(hand, using="truth"))
    rel = pd.DataFrame(LOCAL_RELATIONS, columns=["precursor_id", "drug_id"])
    chains = precursor_chains(hand.incidents, hand.items, cases.members, rel=rel)
    # NPP (I4) -> fentanyl in I1, I2, I3; the meth in I5 has no P2P in its case; I9's P2P is alone.
    assert chains["drug_incident"].tolist() == ["I1", "I2", "I3"]
    assert set(chains["precursor_incident"]) == {"I4"}
    assert chains["days"].tolist() == [35, 40, 50]
    assert chains["relation"].iloc[0] == "npp -> fentanyl-related (given)"
    near = precursor_chains(hand.incidents, hand.items, cases.members, rel=rel, max_days=40)
    assert near["drug_incident"].tolist() == ["I1", "I2"]


def test_a_precursor_matches_analogues_below_the_drug_in_the_substance_tree(hand):
    items = hand.items.copy()
    items.loc[items["incident_id"] == "I1", "substance_id"] = "carfentanil"
    cases = find_cases(hand.incidents, hand.parties, party_keys(hand, using="truth"))
    chains = precursor_chains(hand.incidents, items, cases.members,
                              rel=pd.DataFrame([("npp", "fentanyl-related")],
                                               columns=["precursor_id", "drug_id"]))
    assert "carfentanil" in set(chains["drug"])
    only_fentanyl = precursor_chains(hand.incidents, items, cases.members,
                                     rel=pd.DataFrame([("npp", "fentanyl")],
                                                      columns=["precursor_id", "drug_id"]))
    assert "carfentanil" not in set(only_fentanyl["drug"])


def test_relations_know_the_fentanyl_and_methamphetamine_precursors():
    rel, origin = relations()
    assert origin in {"nadd.law", "local"}
    pairs = set(map(tuple, rel.values.tolist()))
    if origin == "nadd.law":  # transitive: NPP -> 4-ANPP -> acetylfentanyl, 4-AP -> ANPP -> fentanyl
        assert {("npp", "fentanyl"), ("npp", "acetyl-fentanyl"), ("4-ap", "fentanyl"),
                ("p2p", "methamphetamine"), ("phenylacetic-acid", "methamphetamine")} <= pairs
    else:
        assert {("npp", "fentanyl-related"), ("p2p", "methamphetamine")} <= pairs


def test_relations_close_over_synthesis_steps():
    from nadd.networks.chains import closure

    rel = closure([("a", "b"), ("b", "c"), ("c", "a"), ("x", "c")])
    assert sorted(map(tuple, rel.values.tolist())) == [
        ("a", "b"), ("a", "c"), ("b", "a"), ("b", "c"), ("c", "a"), ("c", "b"), ("x", "a"),
        ("x", "b"), ("x", "c")]
