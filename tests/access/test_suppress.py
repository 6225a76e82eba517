"""Small-cell suppression: hidden parts 1-9 never published, nor derivable from totals."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest

from nadd.access import suppress


def cells(rows):
    return pd.DataFrame(rows, columns=["state", "country", "value", "hidden"])


def test_a_small_hidden_part_is_suppressed_and_a_complement_chosen():
    df = cells([("A", "X", 5, 5), ("B", "X", 40, 40), ("C", "X", 12, 12), ("D", "X", 30, 0)])
    out, totals = suppress(df, [["country"]])
    got = dict(zip(out["state"], out["suppressed"], strict=True))
    assert got["A"] == "primary"
    assert got["C"] == "complementary"  # the smallest other cell with hidden records
    assert got["D"] == ""  # fully visible cells are no help as complements
    assert out.loc[out["state"] == "A", "value"].iloc[0] is None
    assert totals["value"].iloc[0] == 87


def test_large_hidden_parts_and_visible_cells_are_published():
    df = cells([("A", "X", 50, 10), ("B", "X", 3, 0), ("C", "X", 0, 0)])
    out, _ = suppress(df, [["country"]])
    assert list(out["suppressed"]) == ["", "", ""]
    assert list(out["value"]) == [50, 3, 0]


def test_the_total_is_withheld_when_no_complement_exists():
    df = cells([("A", "X", 5, 5), ("B", "X", 20, 0)])
    out, totals = suppress(df, [["country"]])
    assert list(out["suppressed"]) == ["primary", ""]
    assert totals["value"].iloc[0] is None and totals["suppressed"].iloc[0] == "complementary"


def test_the_hidden_part_counts_not_the_cell_value():
    # 14 in the cell, but the viewer sees 10 of them: publishing 14 reveals the hidden 4
    out, _ = suppress(cells([("A", "X", 14, 4), ("B", "X", 30, 25)]), [["country"]])
    assert out["suppressed"].tolist() == ["primary", "complementary"]


def test_two_margins_are_both_protected():
    # rows x columns table with both marginal totals published
    rows = [(r, c, v, v) for (r, c), v in
            {("r1", "c1"): 3, ("r1", "c2"): 20, ("r1", "c3"): 30,
             ("r2", "c1"): 25, ("r2", "c2"): 40, ("r2", "c3"): 50,
             ("r3", "c1"): 35, ("r3", "c2"): 45, ("r3", "c3"): 60}.items()]
    out, totals = suppress(cells(rows), [["state"], ["country"]])
    sup = out[out["suppressed"] != ""]
    assert len(sup) >= 4  # a primary cell needs a rectangle of suppressions
    for col in ("state", "country"):
        for _, g in out.groupby(col):
            assert (g["suppressed"] != "").sum() != 1


def _recoverable(out: pd.DataFrame, totals: pd.DataFrame, groups) -> bool:
    """Can a published cell plus a published total reveal exactly one suppressed hidden part?"""
    for gi, cols in enumerate(groups):
        margin = "+".join(cols)
        for key, g in out.groupby(cols):
            key = key if isinstance(key, tuple) else (key,)
            t = totals[(totals["margin"] == margin)]
            for c, k in zip(cols, key, strict=True):
                t = t[t[c] == k]
            if t["value"].iloc[0] is None:
                continue
            if ((g["suppressed"] != "") & (g["hidden"] > 0)).sum() == 1:
                return True
    return False


@pytest.mark.parametrize("seed", range(40))
def test_random_tables_never_reveal_a_small_hidden_part(seed):
    rng = np.random.default_rng(seed)
    n_states, n_countries = int(rng.integers(1, 6)), int(rng.integers(1, 4))
    rows = []
    for s, c in itertools.product(range(n_states), range(n_countries)):
        value = int(rng.choice([0, rng.integers(1, 10), rng.integers(10, 80)]))
        hidden = int(rng.integers(0, value + 1)) if rng.random() < 0.7 else 0
        rows.append((f"s{s}", f"c{c}", value, hidden))
    df = cells(rows)
    for groups in ([["country"]], [["state"], ["country"]]):
        out, totals = suppress(df, groups)
        published = out[out["suppressed"] == ""]
        assert not ((published["hidden"] >= 1) & (published["hidden"] <= 9)).any()
        assert not _recoverable(out, totals, groups)
