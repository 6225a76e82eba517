"""The batch checker's housekeeping leaves the process as it found it."""

from __future__ import annotations

import gc
from datetime import date

from nadd.law import check_many

TODAY = date(2026, 11, 1)
ITEMS = ["CCCC(=O)N(c1ccc(Cl)cc1)C1CCN(CCc2ccccc2)CC1", "CC(NC)C(=O)c1ccc(C)c(F)c1", "c1ccccc1", ""]


def test_a_batch_freezes_the_collector_only_while_it_runs():
    seen = []
    gc.callbacks.append(lambda phase, info: seen.append(gc.get_freeze_count()) if phase == "start" else None)
    try:
        gc.collect()
        seen.clear()
        verdicts = check_many(ITEMS * 200, TODAY, processes=1)
    finally:
        gc.callbacks.pop()
    assert len(verdicts) == 800 and verdicts[-1].error
    # collections while structures were checked left the knowledge base and rules alone
    assert sum(n > 10_000 for n in seen) >= 5
    assert gc.get_freeze_count() == 0  # thawed afterwards


def test_objects_someone_else_froze_stay_frozen():
    gc.freeze()
    try:
        before = gc.get_freeze_count()
        check_many(ITEMS, TODAY, processes=1)
        assert gc.get_freeze_count() == before
    finally:
        gc.unfreeze()
