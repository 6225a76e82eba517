"""Small-cell suppression with complementary suppression. Pure functions on a frame.

A cell of an aggregate may hold records the viewer cannot see (its ``hidden`` part: the cell's
value minus what the viewer can see of it). Publishing such a cell reveals the hidden part
exactly (the viewer subtracts what they see), so:

1. *primary*: a cell whose hidden part is 1-9 (``LOW``..``HIGH``) is suppressed;
2. *complementary*: in every margin group (e.g. the states of a country, with the country total
   published), one suppressed cell alone is revealed by total minus the others. Another cell
   with a hidden part is suppressed too, the smallest first; a cell without a hidden part is no
   help (the viewer can compute it), so when no such cell exists the group's total is
   suppressed instead. Repeated until no group has exactly one suppressed cell.

Zero-count cells and cells without hidden records are never suppressed for their own sake.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import pandas as pd

__all__ = ["HIGH", "LOW", "suppress", "suppress_rows"]

LOW, HIGH = 1, 9


def suppress(cells: pd.DataFrame, groups: Sequence[Sequence[str]] = (), *, value: str = "value",
             hidden: str = "hidden") -> tuple[pd.DataFrame, pd.DataFrame]:
    """(cells, totals) with suppressed values set to None.

    ``cells`` has one row per cell with ``value`` (total over every record of the cell) and
    ``hidden`` (the part the viewer cannot see). ``groups`` lists margins: each is the columns
    whose equal values form one published total (``[["country"]]``: one total per country).
    ``cells`` comes back with ``suppressed`` ('' | 'primary' | 'complementary'); ``totals`` has
    one row per margin group (``margin``, the group columns, ``value``, ``suppressed``).
    """
    out = cells.copy().reset_index(drop=True)
    h = out[hidden].fillna(0)
    out["suppressed"] = ""
    out.loc[(h >= LOW) & (h <= HIGH), "suppressed"] = "primary"
    dead: set[tuple[int, tuple]] = set()  # (margin index, group key) whose total is withheld
    changed = True
    while changed:
        changed = False
        for gi, cols in enumerate(groups):
            for key, idx in _groups(out, cols):
                key = key if isinstance(key, tuple) else (key,)
                sub = out.loc[idx]
                n_sup = (sub["suppressed"] != "").sum()
                if n_sup != 1 or (gi, key) in dead:
                    continue
                cand = sub[(sub["suppressed"] == "") & (sub[hidden].fillna(0) > 0)]
                if len(cand):
                    pick = cand.sort_values([hidden, value]).index[0]
                    out.loc[pick, "suppressed"] = "complementary"
                else:
                    dead.add((gi, key))
                changed = True
    totals = []
    for gi, cols in enumerate(groups):
        for key, idx in _groups(out, cols):
            key = key if isinstance(key, tuple) else (key,)
            withheld = (gi, key) in dead
            totals.append({"margin": "+".join(cols), **dict(zip(cols, key, strict=True)),
                           "value": None if withheld else float(out.loc[idx, value].sum()),
                           "suppressed": "complementary" if withheld else ""})
    out[value] = out[value].astype("object").where(out["suppressed"] == "", None)
    return out, pd.DataFrame(totals, dtype=object)


def _groups(df: pd.DataFrame, cols: Sequence[str]):
    by = list(cols) if len(cols) > 1 else cols[0]
    return df.groupby(by, sort=False, dropna=False).groups.items()


def suppress_rows(cells: list[dict], groups: Sequence[Sequence[str]] = (), *, value: str = "value",
                  hidden: str = "hidden") -> tuple[list[dict], list[dict]]:
    """``suppress`` on plain rows (no pandas: the map runs it per request). Same rules, same
    order of choices (groups in order of first appearance, complements smallest hidden part then
    smallest value first, ties to the earlier row); returns new rows and the totals as dicts."""
    out = [dict(c) for c in cells]
    for c in out:
        c["suppressed"] = "primary" if LOW <= _zero(c[hidden]) <= HIGH else ""
    dead: set[tuple[int, tuple]] = set()
    changed = True
    while changed:
        changed = False
        for gi, cols in enumerate(groups):
            for key, idx in _row_groups(out, cols):
                if sum(1 for i in idx if out[i]["suppressed"]) != 1 or (gi, key) in dead:
                    continue
                cand = [i for i in idx if not out[i]["suppressed"] and _zero(out[i][hidden]) > 0]
                if cand:
                    pick = min(cand, key=lambda i: (out[i][hidden], _last_if_missing(out[i][value])))
                    out[pick]["suppressed"] = "complementary"
                else:
                    dead.add((gi, key))
                changed = True
    totals = []
    for gi, cols in enumerate(groups):
        for key, idx in _row_groups(out, cols):
            withheld = (gi, key) in dead
            values = [out[i][value] for i in idx if not _missing(out[i][value])]
            totals.append({"margin": "+".join(cols), **dict(zip(cols, key, strict=True)),
                           "value": None if withheld else float(math.fsum(values)),
                           "suppressed": "complementary" if withheld else ""})
    for c in out:
        if c["suppressed"]:
            c[value] = None
    return out, totals


def _missing(v) -> bool:
    return v is None or (isinstance(v, float) and v != v)


def _zero(v):
    return 0 if _missing(v) else v


def _last_if_missing(v) -> tuple:
    return (1, 0) if _missing(v) else (0, v)


def _row_groups(rows: list[dict], cols: Sequence[str]) -> list[tuple[tuple, list[int]]]:
    groups: dict[tuple, list[int]] = {}
    for i, r in enumerate(rows):
        groups.setdefault(tuple(r[c] for c in cols), []).append(i)
    return list(groups.items())
