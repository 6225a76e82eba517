"""Finance typologies over transactions, each flag naming the indicator that fired.

Three typologies from FinCEN's advisories (trafficking-references.md §4.2-4.3):

* **structuring**: repeated cash deposits just under the cash-reporting threshold into one
  account within a window (31 USC 5324). Thresholds: US currency transaction report for cash of
  *more than* USD 10,000 (31 CFR 1010.311); Canada large cash transaction report for CAD 10,000
  *or more* (PCMLTFR, 24-hour rule); Mexico "operación relevante" for cash of USD 7,500 or more
  in pesos' equivalent (Disposiciones de carácter general del art. 115 LIC; verify for your
  period). No exchange rate is applied silently: the peso threshold is ``mxn_per_usd`` x 7,500,
  a parameter the analyst sets to the rate of the period. Sends through a money transmitter
  (channel msb) just under the US funds-transfer recordkeeping threshold of USD 3,000 (31 CFR
  1010.410(e)) are structuring too (FIN-2019-A006: "transfers adjusted to avoid BSA thresholds").
* **funnel account** (FIN-2014-A005): an account takes repeated cash deposits in places other
  than where it is held (its holder's region), from several depositors when they are recorded,
  and the money leaves quickly, elsewhere. A deposit's place is its depositor's region, else the
  jurisdiction of the report it came in.
* **rapid movement** (pass-through): money in is moved out within a few days; the share of
  inflows matched by outflows within ``rapid_days`` (first in, first out) is the pass-through
  ratio, taken over the episode (at most ``rapid_window_days``) where it is highest.

A deposit into account A is any transaction with to_account = A; an outflow is from_account = A.
Amounts are compared only within one currency (stablecoins count as the currency they are
pegged to: ``pegged``).
"""

from __future__ import annotations

from collections import deque
from dataclasses import asdict, dataclass

import numpy as np
import pandas as pd

COLUMNS = ["typology", "account", "currency", "indicator", "first_date", "last_date",
           "transactions", "amount", "transaction_ids", "parameters"]


@dataclass(frozen=True)
class FinanceParams:
    """Every knob of the typologies, with the value used by default and why."""

    usd_threshold: float = 10_000.0  # US CTR: cash of more than USD 10,000
    cad_threshold: float = 10_000.0  # CA LCTR: CAD 10,000 or more
    mx_usd_threshold: float = 7_500.0  # MX operación relevante, in USD equivalent
    mxn_per_usd: float = 18.0  # set to the period's rate; only used for the MXN threshold
    band: float = 0.10  # "just under" = within 10 % below the threshold
    structuring_count: int = 3  # deposits just under, at least this many ...
    structuring_days: int = 14  # ... within this many days
    cash_only: bool = True  # structuring and funnels look at cash deposits
    msb_threshold: float = 3_000.0  # US funds transfers of USD 3,000 or more: records and ID
    funnel_deposits: int = 4  # cash deposits away from the account's home region ...
    funnel_days: int = 30  # ... within this many days, ...
    funnel_depositors: int = 2  # ... by this many distinct depositors (when depositors are known)
    funnel_out_days: int = 7  # money leaves within this many days of a deposit ...
    funnel_out_share: float = 0.5  # ... at least this share of the deposits
    rapid_days: int = 3  # pass-through: out within this many days of coming in
    rapid_ratio: float = 0.9  # flag when at least this share passes through
    rapid_min_amount: float = 10_000.0  # ... and at least this much came in ...
    rapid_window_days: int = 30  # ... over an episode of at most this many days
    # Stablecoins counted as the currency they are pegged to (an equivalence, not a rate).
    pegged: tuple[tuple[str, str], ...] = (("USDT", "USD"), ("USDC", "USD"))

    def threshold(self, currency: str) -> tuple[float, bool, str] | None:
        """(threshold, reportable at exactly the threshold?, rule) for a currency, or None."""
        return {
            "USD": (self.usd_threshold, False, "US CTR (> USD 10,000)"),
            "CAD": (self.cad_threshold, True, "CA LCTR (>= CAD 10,000)"),
            "MXN": (self.mx_usd_threshold * self.mxn_per_usd, True,
                    f"MX operación relevante (>= USD 7,500 at {self.mxn_per_usd:g} MXN/USD)"),
        }.get(str(currency).upper())


def _prep(tx: pd.DataFrame, p: FinanceParams) -> pd.DataFrame:
    t = tx.copy()
    t["date"] = pd.to_datetime(t["date"], errors="coerce")
    t["amount"] = pd.to_numeric(t["amount"], errors="coerce")
    cur = t["currency"].astype("string").str.upper()
    t["currency"] = cur.replace(dict(p.pegged))
    return t.dropna(subset=["date", "amount"]).sort_values(["date", "transaction_id"])


def _flag(typology, account, currency, indicator, rows: pd.DataFrame, params) -> dict:
    return {"typology": typology, "account": account, "currency": currency, "indicator": indicator,
            "first_date": rows["date"].min(), "last_date": rows["date"].max(),
            "transactions": len(rows), "amount": float(rows["amount"].sum()),
            "transaction_ids": ";".join(rows["transaction_id"].astype(str)), "parameters": params}


def _densest_window(dates: pd.Series, days: int) -> tuple[int, int]:
    """(start, end) positions of the window of ``days`` holding the most events (dates sorted)."""
    best, lo, d = (0, 0), 0, dates.to_numpy()
    for hi in range(len(d)):
        while d[hi] - d[lo] > pd.Timedelta(days=days).to_timedelta64():
            lo += 1
        if hi - lo > best[1] - best[0]:
            best = (lo, hi)
    return best


def _just_under(t: pd.DataFrame, by: str, what: str, threshold_of, p: FinanceParams) -> list[dict]:
    """Flags for every ``by`` account with >= structuring_count ``what`` just under a threshold
    within structuring_days (the densest such window is reported)."""
    flags = []
    for (acct, cur), g in t.groupby([by, "currency"]):
        th = threshold_of(cur)
        if th is None:
            continue
        limit, at_or_above, rule = th
        under = (g["amount"] < limit) if at_or_above else (g["amount"] <= limit)
        near = g[under & (g["amount"] >= limit * (1 - p.band))]
        if len(near) < p.structuring_count:
            continue
        lo, hi = _densest_window(near["date"], p.structuring_days)
        win = near.iloc[lo:hi + 1]
        if len(win) >= p.structuring_count:
            ind = (f"{len(win)} {what} of {limit * (1 - p.band):,.0f}-{limit:,.0f} {cur} "
                   f"within {p.structuring_days} days, just under the {rule} threshold")
            flags.append(_flag("structuring", acct, cur, ind, win,
                               f"band={p.band}, count>={p.structuring_count}, "
                               f"days={p.structuring_days}"))
    return flags


def structuring(tx: pd.DataFrame, p: FinanceParams = FinanceParams()) -> pd.DataFrame:
    """Accounts with >= structuring_count deposits just under the cash threshold, or sends through
    a money transmitter just under the funds-transfer threshold, within structuring_days."""
    t = _prep(tx, p)
    channel = t["channel"].astype("string").str.lower()
    deposits = t[t["to_account"].notna() & ((channel == "cash") if p.cash_only else True)]
    flags = _just_under(deposits, "to_account", "cash deposits" if p.cash_only else "deposits",
                        p.threshold, p)
    sends = t[t["from_account"].notna() & (channel == "msb")]
    msb_rule = (p.msb_threshold, True, "US funds-transfer recordkeeping (>= USD 3,000)")
    flags += _just_under(sends, "from_account", "money-transmitter sends",
                         lambda cur: msb_rule if cur == "USD" else None, p)
    return pd.DataFrame(flags, columns=COLUMNS)


def _places(t: pd.DataFrame, parties: pd.DataFrame | None, side: str) -> pd.Series:
    """Where each transaction's ``side`` party is (region, else city), from its party record."""
    if parties is None or parties.empty or f"{side}_record_id" not in t:
        return pd.Series(pd.NA, index=t.index, dtype="string")
    p = parties.set_index(parties["record_id"].astype(str))
    blank = pd.Series(pd.NA, index=p.index, dtype="string")
    place = p.get("region", blank).astype("string").fillna(p.get("city", blank).astype("string"))
    return t[f"{side}_record_id"].astype("string").map(place).astype("string")


def _mode_by(df: pd.DataFrame, key: str, col: str) -> dict[str, str]:
    """The most frequent ``col`` per ``key`` (ties: alphabetical), vectorised."""
    n = df.dropna(subset=[key, col]).groupby([key, col]).size().rename("n").reset_index()
    n = n.sort_values([key, "n", col], ascending=[True, False, True]).drop_duplicates(key)
    return dict(zip(n[key], n[col], strict=True))


def _homes(t: pd.DataFrame, parties: pd.DataFrame | None) -> dict[str, str]:
    """Account -> the region of its holder (deposit to_record_id, else a party with the account)."""
    homes: dict[str, str] = {}
    if parties is not None and not parties.empty and {"account", "region"} <= set(parties.columns):
        homes.update(_mode_by(parties, "account", "region"))
    homes.update(_mode_by(t, "to_account", "place_to"))
    return homes


def funnel_accounts(tx: pd.DataFrame, parties: pd.DataFrame | None = None,
                    party_key: pd.Series | None = None, incidents: pd.DataFrame | None = None,
                    p: FinanceParams = FinanceParams()) -> pd.DataFrame:
    """Accounts fed by cash deposited away from home, whose money leaves quickly, elsewhere."""
    t = _prep(tx, p)
    t["place_to"] = _places(t, parties, "to")
    place = _places(t, parties, "from")
    if incidents is not None and "jurisdiction_id" in incidents:
        where = incidents.set_index("incident_id")["jurisdiction_id"].astype("string")
        place = place.fillna(t["incident_id"].map(where).astype("string"))
    t["place_from"] = place
    who = t.get("from_record_id", pd.Series(pd.NA, index=t.index)).astype("string")
    if party_key is not None:
        who = who.map(party_key).fillna(who)
    t["depositor"] = who
    homes = _homes(t, parties)
    deps = t[t["to_account"].notna() & t["place_from"].notna()]
    if p.cash_only:
        deps = deps[deps["channel"].astype("string").str.lower() == "cash"]
    flags = []
    for (acct, cur), g in deps.groupby(["to_account", "currency"]):
        home = homes.get(acct)
        away = g[g["place_from"] != home] if home else g
        if len(away) < p.funnel_deposits:
            continue
        lo, hi = _densest_window(away["date"], p.funnel_days)
        win = away.iloc[lo:hi + 1]
        places = set(win["place_from"])
        depositors = win["depositor"].dropna().nunique()
        if (len(win) < p.funnel_deposits or (not home and len(places) < 2)
                or (depositors and depositors < p.funnel_depositors)):
            continue
        outs = t[(t["from_account"] == acct) & (t["currency"] == cur)
                 & (t["date"] >= win["date"].min())
                 & (t["date"] <= win["date"].max() + pd.Timedelta(days=p.funnel_out_days))]
        # "Elsewhere": an outflow whose destination place is one of the deposit places does not count.
        outs = outs[~outs["place_to"].isin(places) | outs["place_to"].isna()]
        share = outs["amount"].sum() / win["amount"].sum()
        if share < p.funnel_out_share:
            continue
        by = f"{depositors} depositors" if depositors else "depositors not recorded"
        ind = (f"{len(win)} cash deposits ({by}) in {', '.join(sorted(places))}"
               f"{f', away from the account home {home}' if home else ''}: "
               f"{win['amount'].sum():,.0f} {cur} within {p.funnel_days} days; "
               f"{share:.0%} left within {p.funnel_out_days} days elsewhere")
        flags.append(_flag("funnel_account", acct, cur, ind, pd.concat([win, outs]),
                           f"deposits>={p.funnel_deposits}, days={p.funnel_days}, "
                           f"depositors>={p.funnel_depositors}, out_days={p.funnel_out_days}, "
                           f"out_share>={p.funnel_out_share}"))
    return pd.DataFrame(flags, columns=COLUMNS)


def matched_inflows(inflows: pd.DataFrame, outflows: pd.DataFrame, days: int) -> np.ndarray:
    """How much of each inflow (date order) outflows took within ``days`` (first in, first out)."""
    ins = list(inflows[["date", "amount"]].itertuples(index=False))
    left = [float(a) for _, a in ins]
    matched = np.zeros(len(ins))
    queue: deque[int] = deque()  # positions of inflows still holding money
    k = 0
    for out_date, out_amt in outflows[["date", "amount"]].itertuples(index=False):
        while k < len(ins) and ins[k].date <= out_date:
            queue.append(k)
            k += 1
        while queue and (out_date - ins[queue[0]].date).days > days:
            queue.popleft()  # too old to count as passing through
        need = float(out_amt)
        while need > 0 and queue:
            i = queue[0]
            take = min(need, left[i])
            left[i] -= take
            matched[i] += take
            need -= take
            if left[i] <= 1e-9:
                queue.popleft()
    return matched


def pass_through(inflows: pd.DataFrame, outflows: pd.DataFrame, days: int) -> float:
    """Share of inflow amounts matched by outflows within ``days`` after them (first in, first out)."""
    total = float(inflows["amount"].sum())
    return float(matched_inflows(inflows, outflows, days).sum()) / total if total > 0 else 0.0


def _best_episode(dates: np.ndarray, amounts: np.ndarray, matched: np.ndarray,
                  p: FinanceParams) -> tuple[int, int, float] | None:
    """(first, last, ratio) of the inflows within rapid_window_days that pass through most,
    among those with at least rapid_min_amount in and a ratio >= rapid_ratio; None if none."""
    cin = np.concatenate([[0.0], np.cumsum(amounts)])
    cout = np.concatenate([[0.0], np.cumsum(matched)])
    best = None
    span = np.timedelta64(p.rapid_window_days, "D")
    for i in range(len(dates)):
        j = np.arange(i, len(dates))
        j = j[dates[j] - dates[i] <= span]
        total = cin[j + 1] - cin[i]
        ratio = (cout[j + 1] - cout[i]) / np.where(total > 0, total, np.inf)
        ok = (total >= p.rapid_min_amount) & (ratio >= p.rapid_ratio)
        if ok.any():
            jj = j[ok][np.argmax(total[ok])]  # the largest qualifying episode from this start
            r = float((cout[jj + 1] - cout[i]) / (cin[jj + 1] - cin[i]))
            if best is None or cin[jj + 1] - cin[i] > cin[best[1] + 1] - cin[best[0]]:
                best = (i, int(jj), r)
    return best


def rapid_movement(tx: pd.DataFrame, p: FinanceParams = FinanceParams()) -> pd.DataFrame:
    """Accounts where, over some rapid_window_days, at least rapid_ratio of the money paid in
    left within rapid_days of arriving (and at least rapid_min_amount came in).

    Looking at episodes rather than the account's whole history: an account that passes money
    straight through for a month is suspicious even if it later sits idle with a balance.
    """
    t = _prep(tx, p)
    flags = []
    in_groups = dict(list(t[t["to_account"].notna()].groupby(["to_account", "currency"])))
    out_groups = dict(list(t[t["from_account"].notna()].groupby(["from_account", "currency"])))
    for acct, cur in sorted(set(in_groups) & set(out_groups)):
        ins, outs = in_groups[(acct, cur)], out_groups[(acct, cur)]
        if ins["amount"].sum() < p.rapid_min_amount:
            continue
        matched = matched_inflows(ins, outs, p.rapid_days)
        best = _best_episode(ins["date"].to_numpy(), ins["amount"].to_numpy(dtype=float), matched, p)
        if best is None:
            continue
        i, j, ratio = best
        ep = ins.iloc[i:j + 1]
        last = ep["date"].max() + pd.Timedelta(days=p.rapid_days)
        ep_outs = outs[(outs["date"] >= ep["date"].min()) & (outs["date"] <= last)]
        ind = (f"{ratio:.0%} of {ep['amount'].sum():,.0f} {cur} paid in "
               f"{ep['date'].min().date()}..{ep['date'].max().date()} left within "
               f"{p.rapid_days} days (pass-through >= {p.rapid_ratio:.0%})")
        flags.append(_flag("rapid_movement", acct, cur, ind, pd.concat([ep, ep_outs]),
                           f"days={p.rapid_days}, window={p.rapid_window_days}, "
                           f"ratio>={p.rapid_ratio}, min_amount={p.rapid_min_amount:g}"))
    return pd.DataFrame(flags, columns=COLUMNS)


def typologies(tx: pd.DataFrame, parties: pd.DataFrame | None = None,
               party_key: pd.Series | None = None, incidents: pd.DataFrame | None = None,
               p: FinanceParams = FinanceParams()) -> pd.DataFrame:
    """All three typologies, one row per flag (an account may fire several)."""
    if tx is None or tx.empty:
        return pd.DataFrame(columns=COLUMNS)
    parts = [structuring(tx, p), funnel_accounts(tx, parties, party_key, incidents, p), rapid_movement(tx, p)]
    parts = [x for x in parts if len(x)]
    out = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=COLUMNS)
    return out.sort_values(["typology", "account"]).reset_index(drop=True)


def params_table(p: FinanceParams = FinanceParams()) -> pd.DataFrame:
    """The parameters as a two-column table (for --help output and reports)."""
    return pd.DataFrame(list(asdict(p).items()), columns=["parameter", "value"])
