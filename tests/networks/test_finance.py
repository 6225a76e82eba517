"""Each finance typology fires on its planted pattern and not on the near-misses beside it."""

import pandas as pd
import pytest

from nadd.networks import (
    FinanceParams,
    funnel_accounts,
    pass_through,
    rapid_movement,
    structuring,
    typologies,
)
from nadd.networks.frames import tidy

COLS = ["transaction_id", "incident_id", "date", "amount", "currency", "channel", "from_account",
        "to_account", "from_record_id", "to_record_id"]


def tx(rows):
    return tidy(pd.DataFrame(rows, columns=COLS).astype(str).replace("None", ""))


def cash_in(tid, date, amount, acct, cur="USD", who=""):
    return (tid, "F1", date, amount, cur, "cash", "", acct, who, "")


def test_structuring_fires_on_repeated_deposits_just_under_the_threshold():
    t = tx([cash_in("a1", "2024-03-01", 9500, "X"), cash_in("a2", "2024-03-04", 9900, "X"),
            cash_in("a3", "2024-03-10", 9999, "X"),
            cash_in("b1", "2024-03-01", 9999, "Y"),  # near-miss: 9,999 once
            cash_in("c1", "2024-01-01", 9800, "Z"), cash_in("c2", "2024-01-20", 9800, "Z"),
            cash_in("c3", "2024-02-10", 9800, "Z"),  # near-miss: repeated, but not within 14 days
            cash_in("d1", "2024-03-01", 5000, "W"), cash_in("d2", "2024-03-02", 5000, "W"),
            cash_in("d3", "2024-03-03", 5000, "W")])  # near-miss: well under, not "just under"
    flags = structuring(t)
    assert flags["account"].tolist() == ["X"]
    f = flags.iloc[0]
    assert f["transactions"] == 3 and f["amount"] == 9500 + 9900 + 9999
    assert f["transaction_ids"] == "a1;a2;a3"
    assert "3 cash deposits of 9,000-10,000 USD within 14 days" in f["indicator"]
    assert "US CTR" in f["indicator"]


def test_structuring_thresholds_follow_each_countrys_rule():
    t = tx([cash_in(f"u{i}", f"2024-03-0{i}", 10000, "US1") for i in (1, 2, 3)]  # not reported in US
           + [cash_in(f"c{i}", f"2024-03-0{i}", 10000, "CA1", "CAD") for i in (1, 2, 3)]  # reported
           + [cash_in(f"k{i}", f"2024-03-0{i}", 9800, "CA2", "CAD") for i in (1, 2, 3)]
           + [cash_in(f"m{i}", f"2024-03-0{i}", 130000, "MX1", "MXN") for i in (1, 2, 3)])
    assert structuring(t)["account"].tolist() == ["CA2", "MX1", "US1"]
    # MX: 7,500 USD at 18 MXN/USD is 135,000 MXN; at 20 MXN/USD the deposits are no longer "just under".
    assert "MX1" not in structuring(t, FinanceParams(mxn_per_usd=20.0))["account"].tolist()


def test_structuring_on_transfers_only_when_asked():
    rows = [("t1", "F", "2024-03-01", 9500, "USD", "bank", "S", "X", "", ""),
            ("t2", "F", "2024-03-02", 9500, "USD", "bank", "S", "X", "", ""),
            ("t3", "F", "2024-03-03", 9500, "USD", "bank", "S", "X", "", "")]
    assert structuring(tx(rows)).empty
    assert structuring(tx(rows), FinanceParams(cash_only=False))["account"].tolist() == ["X"]


@pytest.fixture
def funnel_parties():
    rows = [(f"d{i}", "F1", region) for i, region in enumerate(["US-TX", "US-AZ", "US-CA", "US-NM"])]
    rows += [("m1", "F1", "MX-SIN"), ("t0", "F1", "US-TX"), ("h3", "F1", "US-CA")]
    return tidy(pd.DataFrame(rows, columns=["record_id", "incident_id", "region"]))


def _funnel(acct, out=True):
    """Four people in four states pay 8,000 USD cash each into ``acct``; 30,000 leaves for Sinaloa."""
    rows = [cash_in(f"{acct}{i}", f"2024-04-0{i + 1}", 8000, acct, who=f"d{i}") for i in range(4)]
    if out:
        rows.append((f"{acct}-w", "F1", "2024-04-06", 30000, "USD", "bank", acct, "EXT", "", "m1"))
    return rows


def test_funnel_account_fires_on_many_depositors_in_many_places_and_quick_outflow(funnel_parties):
    t = tx(_funnel("F") + _funnel("G", out=False))  # G: near-miss, the money stays
    flags = funnel_accounts(t, funnel_parties)
    assert flags["account"].tolist() == ["F"]
    ind = flags.iloc[0]["indicator"]
    assert "4 cash deposits (4 depositors) in US-AZ, US-CA, US-NM, US-TX" in ind
    assert "94% left within 7 days elsewhere" in ind  # 30,000 of 32,000


def test_funnel_needs_different_places_and_distinct_depositors(funnel_parties):
    same_place = [cash_in(f"s{i}", f"2024-04-0{i + 1}", 8000, "S", who=w)
                  for i, w in enumerate(["d0", "t0", "d0", "t0"])]  # two people, one state
    same_place.append(("s-w", "F1", "2024-04-06", 30000, "USD", "bank", "S", "EXT", "", "m1"))
    assert funnel_accounts(tx(same_place), funnel_parties).empty
    # One person paying in away from the account's California home: not "many depositors".
    one_person = [(f"o{i}", "F1", f"2024-04-0{i + 1}", 8000, "USD", "cash", "", "O", "d0", "h3")
                  for i in range(4)]
    one_person.append(("o-w", "F1", "2024-04-06", 30000, "USD", "bank", "O", "EXT", "h3", "m1"))
    assert funnel_accounts(tx(one_person), funnel_parties).empty
    assert len(funnel_accounts(tx(one_person), funnel_parties, p=FinanceParams(funnel_depositors=1))) == 1
    # Outflow back to a place where the cash came in is not "elsewhere".
    home = _funnel("H")
    home[-1] = home[-1][:9] + ("t0",)
    assert funnel_accounts(tx(home), funnel_parties).empty


def _reported(acct, holder, report, day0):
    """A bank's report: four cash deposits (depositor not recorded) and a wire to Mexico."""
    rows = [(f"{report}{i}", report, f"2024-04-{day0 + i:02d}", 8500, "USD", "cash", "", acct, "",
             holder) for i in range(4)]
    rows.append((f"{report}w", report, f"2024-04-{day0 + 4:02d}", 33000, "USD", "bank", acct,
                 "MX-CORR", holder, "m1"))
    return rows


def test_funnel_without_recorded_depositors_uses_where_the_deposits_were_reported(funnel_parties):
    parties = pd.concat([funnel_parties, tidy(pd.DataFrame(
        [("h1", "R1", "US-CA", "ACC-CA"), ("h2", "R2", "US-TX", "ACC-TX")],
        columns=["record_id", "incident_id", "region", "account"]))])
    incidents = tidy(pd.DataFrame({"incident_id": ["R1", "R2"], "jurisdiction_id": ["US-TX", "US-TX"]}))
    t = tx(_reported("ACC-CA", "h1", "R1", 1)    # held in California, cash paid in Texas: fires
           + _reported("ACC-TX", "h2", "R2", 10))  # near-miss: held in Texas, paid in Texas
    flags = funnel_accounts(t, parties, incidents=incidents)
    assert flags["account"].tolist() == ["ACC-CA"]
    ind = flags.iloc[0]["indicator"]
    assert "(depositors not recorded) in US-TX, away from the account home US-CA" in ind
    assert "97% left within 7 days elsewhere" in ind  # 33,000 of 34,000 to Sinaloa


def test_pass_through_matches_inflows_first_in_first_out_within_the_window():
    ins = tx([cash_in("i1", "2024-05-01", 10000, "R"), cash_in("i2", "2024-05-05", 10000, "R")])
    outs = tx([("o1", "F", "2024-05-02", 10000, "USD", "bank", "R", "Q", "", ""),
               ("o2", "F", "2024-05-20", 10000, "USD", "bank", "R", "Q", "", "")])
    assert pass_through(ins, outs, 3) == 0.5  # the second inflow sat 15 days
    assert pass_through(ins, outs, 15) == 1.0


def test_rapid_movement_fires_above_the_pass_through_ratio_only():
    def pair(acct, out_amount, out_date):
        return [(f"{acct}i", "F", "2024-06-01", 50000, "USD", "bank", "SRC", acct, "", ""),
                (f"{acct}o", "F", out_date, out_amount, "USD", "wire", acct, "DST", "", "")]

    t = tx(pair("R", 48000, "2024-06-02")   # 96 % out next day: fires
           + pair("S", 40000, "2024-06-02")  # near-miss: 80 % pass-through
           + pair("T", 50000, "2024-06-11"))  # near-miss: all out, but after 10 days
    flags = rapid_movement(t)
    assert flags["account"].tolist() == ["R"]
    assert "96% of 50,000 USD paid in 2024-06-01..2024-06-01 left within 3 days" in flags.iloc[0][
        "indicator"]
    assert rapid_movement(t, FinanceParams(rapid_ratio=0.8))["account"].tolist() == ["R", "S"]


def test_typologies_lists_every_flag_with_its_parameters(funnel_parties):
    t = tx(_funnel("F") + [cash_in(f"a{i}", f"2024-03-0{i}", 9900, "X") for i in (1, 2, 3)])
    flags = typologies(t, funnel_parties)
    # F is a funnel, and its last two deposits (16,000) left within 3 days: rapid movement too.
    assert flags[["typology", "account"]].values.tolist() == [["funnel_account", "F"],
                                                              ["rapid_movement", "F"],
                                                              ["structuring", "X"]]
    assert flags["parameters"].str.len().min() > 10


def test_structuring_of_money_transmitter_sends_under_the_3000_dollar_record_threshold():
    def send(tid, day, amount, acct, channel="msb"):
        return (tid, "F", f"2024-07-0{day}", amount, "USD", channel, acct, "CN-1", "", "")

    t = tx([send("m1", 1, 2800, "S1"), send("m2", 3, 2950, "S1"), send("m3", 6, 2999, "S1"),
            send("n1", 1, 2999, "S2"),  # near-miss: once
            send("w1", 1, 2800, "S3", "bank"), send("w2", 2, 2800, "S3", "bank"),
            send("w3", 3, 2800, "S3", "bank"),  # near-miss: bank wires, not a money transmitter
            send("x1", 1, 3000, "S4"), send("x2", 2, 3000, "S4"), send("x3", 3, 3000, "S4")])
    flags = structuring(t)  # S4: 3,000 is recorded, so not "just under"
    assert flags["account"].tolist() == ["S1"]
    assert flags.iloc[0]["indicator"].startswith("3 money-transmitter sends of 2,700-3,000 USD")


def test_rapid_movement_is_judged_by_episode_not_the_whole_history():
    rows = [("a", "F", "2024-06-01", 50000, "USD", "bank", "SRC", "E", "", ""),
            ("b", "F", "2024-06-02", 49000, "USD", "wire", "E", "DST", "", ""),  # passes through
            ("c", "F", "2024-09-01", 60000, "USD", "bank", "SRC", "E", "", "")]  # months later, stays
    t = tx(rows)
    assert pass_through(t[t["to_account"] == "E"], t[t["from_account"] == "E"], 3) < 0.9
    flags = rapid_movement(t)
    assert flags["account"].tolist() == ["E"]
    assert "98% of 50,000 USD paid in 2024-06-01..2024-06-01" in flags.iloc[0]["indicator"]
    assert flags.iloc[0]["transaction_ids"] == "a;b"
    assert rapid_movement(t, FinanceParams(rapid_window_days=200, rapid_min_amount=100000)).empty
