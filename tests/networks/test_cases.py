"""Cases on the hand-built example (tests/networks/conftest.py), answers worked out by hand."""

import pandas as pd
import pytest

from nadd.errors import NotFound
from nadd.networks import case_recovery, find_cases, link_keys, party_keys, phone_key


def _groups(cases):
    return sorted(sorted(g["incident_id"]) for _, g in cases.members.groupby("case_id"))


def test_incidents_linked_by_party_tracking_phone_and_account_form_two_cases(hand):
    keys = party_keys(hand, using="truth")
    cases = find_cases(hand.incidents, hand.parties, keys, items=hand.items)
    assert _groups(cases) == [["I1", "I2", "I3", "I4", "I5", "I7"], ["I6", "I8"]]
    big = cases.summary.iloc[0]
    assert big["incidents"] == 6 and big["parties"] == 6  # A, B, C, D, E and company G
    assert big["countries"] == "CN;MX;US"
    assert big["substances"] == "fentanyl;methamphetamine;npp"
    assert big["first_date"] == pd.Timestamp("2023-12-01")
    assert big["last_date"] == pd.Timestamp("2024-02-15")
    assert big["linked_by"] == "party:2; phone:1; tracking:1"  # A, D; E's phone; the parcel
    assert cases.summary.iloc[1]["linked_by"] == "account:1"


def test_only_the_chosen_link_types_join_incidents(hand):
    keys = party_keys(hand, using="truth")
    cases = find_cases(hand.incidents, hand.parties, keys, via=("party",))
    assert _groups(cases) == [["I1", "I2", "I4", "I5"]]


def test_without_linkage_each_record_is_its_own_party(hand):
    cases = find_cases(hand.incidents, hand.parties, party_keys(hand, using="records"))
    # A's three records are not known to be one person: only tracking, phone and account link.
    assert _groups(cases) == [["I2", "I3"], ["I5", "I7"], ["I6", "I8"]]


def test_case_ids_are_stable_and_keys_shared_too_widely_are_dropped(hand):
    keys = party_keys(hand, using="truth")
    a = find_cases(hand.incidents, hand.parties, keys)
    b = find_cases(hand.incidents.iloc[::-1], hand.parties.iloc[::-1], keys)
    assert a.members.sort_values("incident_id").equals(b.members.sort_values("incident_id"))
    capped = find_cases(hand.incidents, hand.parties, keys, max_key_incidents=2)
    # A is in 3 incidents: without A, I1 stands alone and I4 hangs on D only.
    assert _groups(capped) == [["I2", "I3"], ["I4", "I5", "I7"], ["I6", "I8"]]


def test_phones_match_whatever_the_format_and_tracking_numbers_ignore_spaces_and_case(hand):
    assert phone_key("+1 (520) 555-0101") == phone_key("520.555.0101") == "5205550101"
    assert phone_key("555") is None and phone_key(None) is None
    keys = link_keys(hand.incidents, hand.parties)
    tracking = keys[keys["via"] == "tracking"]
    assert set(tracking["key"]) == {"EA123456785CN"} and len(tracking) == 2


def test_case_recovery_scores_planted_networks(hand):
    keys = party_keys(hand, using="truth")
    cases = find_cases(hand.incidents, hand.parties, keys)
    per, overall = case_recovery(cases.members, hand.incident_networks)
    assert per["recall"].tolist() == [1.0, 1.0] and per["precision"].tolist() == [1.0, 1.0]
    assert overall["pair_f1"] == 1.0
    # Party links only: N1 splits (I3 and I7 lost), N2 is not found at all.
    part = find_cases(hand.incidents, hand.parties, keys, via=("party",))
    per, overall = case_recovery(part.members, hand.incident_networks)
    n1 = per.set_index("network_id").loc["N1"]
    assert n1["recall"] == 4 / 6 and n1["precision"] == 1.0
    assert overall["pair_precision"] == 1.0
    assert overall["pair_recall"] == 6 / (15 + 1)  # 6 of N1's 15 pairs and N2's 1 pair


def test_case_graph_shows_incidents_and_the_keys_between_them(hand):
    from nadd.networks import case_graph

    cases = find_cases(hand.incidents, hand.parties, party_keys(hand, using="truth"))
    g = case_graph(cases, cases.summary.iloc[1]["case_id"], hand.incidents)  # {I6, I8}
    kinds = sorted((n["type"], n["label"]) for n in g["nodes"])
    assert kinds == [("account", "account …CT-1"), ("incident", "I6"), ("incident", "I8")]
    assert sorted(e["source"] for e in g["edges"]) == ["incident:I6", "incident:I8"]
    targets = {e["target"] for e in g["edges"]}
    assert len(targets) == 1 and next(iter(targets)).startswith("account:")
    assert "CA-ACCT-1" not in str(g)  # the link is shown, not the account number
    i6 = next(n for n in g["nodes"] if n["label"] == "I6")
    assert (i6["kind"], i6["date"], i6["jurisdiction_id"]) == ("seizure", "2024-03-01", "CA-BC")
    with pytest.raises(NotFound):
        case_graph(cases, "case-nope")
