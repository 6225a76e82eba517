"""On the generator's `small` scenario: planted networks come back as cases, typologies fire on
the planted finance patterns, straw-purchased guns show a short time-to-crime."""

import pandas as pd
import pytest

from nadd.networks import (
    case_recovery,
    find_cases,
    party_keys,
    structuring,
    ttc_summary,
    typologies,
)


@pytest.fixture(scope="module")
def truth_cases(small):
    keys = party_keys(small, using="truth")
    return find_cases(small.incidents, small.parties, keys, small.transactions, small.items)


def test_planted_networks_are_recovered_as_cases(small, truth_cases):
    per, overall = case_recovery(truth_cases.members, small.incident_networks)
    assert len(per) == small.incident_networks["network_id"].nunique() >= 5
    # Each network's best case is (almost) only that network, and holds at least half of it;
    # no two networks are merged into one case.
    assert (per["precision"] >= 0.9).all(), per
    assert (per["recall"] >= 0.5).all(), per
    assert per["best_case"].is_unique
    assert overall["pair_precision"] >= 0.9


def test_party_links_join_incidents_only_through_linked_identities(small):
    def recall(using):
        c = find_cases(small.incidents, small.parties, party_keys(small, using=using), via=("party",))
        return case_recovery(c.members, small.incident_networks)[1]

    assert recall("records")["found_pairs"] == 0  # unlinked records never repeat
    linked = recall("truth")
    assert linked["pair_recall"] >= 0.5 and linked["pair_precision"] >= 0.9


def _flagged_accounts(tx: pd.DataFrame, code: str) -> set[str]:
    hit = tx[tx["red_flags"].fillna("").str.contains(code)]
    return set(hit["to_account"].dropna()) | set(hit["from_account"].dropna())


def test_funnel_and_structuring_flags_fall_on_the_planted_funnel_accounts(small):
    flags = typologies(small.transactions, small.parties, party_key=None, incidents=small.incidents)
    funnels = set(flags.loc[flags["typology"] == "funnel_account", "account"])
    planted = _flagged_accounts(small.transactions, "funnel_account")
    cash_fed = set(small.transactions.loc[small.transactions["channel"] == "cash", "to_account"].dropna())
    assert funnels and funnels <= planted
    assert len(funnels) >= len(planted & cash_fed) / 2
    assert set(structuring(small.transactions)["account"]) <= _flagged_accounts(small.transactions,
                                                                                "structuring")


def test_straw_purchased_guns_have_a_shorter_time_to_crime(small):
    straw = small.incident_networks.loc[small.incident_networks["network_id"] == "NET-STRAW",
                                        "incident_id"]
    fa = small.firearms
    inside = ttc_summary(fa[fa["incident_id"].isin(straw)], small.incidents).iloc[0]
    outside = ttc_summary(fa[~fa["incident_id"].isin(straw)], small.incidents).iloc[0]
    assert inside["share_short_ttc"] > outside["share_short_ttc"]
    assert inside["median_ttc_days"] < outside["median_ttc_days"]


def test_planted_precursor_network_chains_its_shipments_to_its_fentanyl(small):
    from nadd.networks import precursor_chains

    by_network = small.incident_networks.rename(columns={"network_id": "case_id"})
    chains = precursor_chains(small.incidents, small.items, by_network)
    assert len(chains) and set(chains["case_id"]) == {"NET-PRECURSOR"}
    assert set(chains["drug"]) <= {"fentanyl", "acetyl-fentanyl", "para-fluorofentanyl",
                                   "carfentanil", "4-anpp"} and (chains["days"] >= 0).all()
