"""The rules' fast paths give exactly what the plain paths give.

* Reasons quote pieces of the molecule as SMILES (``frag``); the SMILES are written only when a
  reason is handed out (``render`` in ``Rule.match`` / ``Rule.explain``). ``eager_text`` writes
  them at once, as before: every rule must say the same, word for word, both ways.
* ``Rule.match(mol, box)`` with the memo fetched by the caller (``check`` does) equals
  ``Rule.match(mol)``.

The sample: every structure of the knowledge base plus a seeded enumeration of the benchmark's
templates (fentanyl, nitazene, cathinone, 2C, benzodiazepine, tryptamine, ... cores with
substituents), so that every rule fires, misses narrowly and stays silent many times.
"""

from __future__ import annotations

import importlib.util
from datetime import date
from pathlib import Path

import pytest
from rdkit import Chem

from nadd.chem.registry import parse
from nadd.law import check_many
from nadd.law.kb import kb
from nadd.law.rules import BY_ID, RULES
from nadd.law.rules._base import eager_text, forget, memo

ROOT = Path(__file__).resolve().parents[2]
TODAY = date(2026, 11, 1)


def _library(n: int) -> list[str]:
    spec = importlib.util.spec_from_file_location("substance_check", ROOT / "bench" / "substance_check.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.own_library(n, seed=7)


@pytest.fixture(scope="module")
def sample() -> list[str]:
    return [kb().structures[k][0] for k in sorted(kb().structures)] + _library(600)


def _readings(smiles: str) -> list:
    """Every rule's match and explanation of a fresh parent (no memo from another run)."""
    mol = Chem.Mol(parse(smiles, kind="smiles").mol)
    out = []
    for rule in RULES:
        m = rule.match(mol)
        out.append((rule.id, None if m is None else (m.verdict, m.atoms, m.reason), rule.explain(mol)))
    forget(mol)
    return out


@pytest.mark.slow
def test_reasons_written_late_equal_reasons_written_at_once(sample):
    fired = set()
    for smiles in sample:
        late = _readings(smiles)
        with eager_text():
            now = _readings(smiles)
        assert late == now, smiles
        for rule_id, m, why in late:
            assert "\x00" not in ((m[2] if m else "") + (why or "")), (rule_id, smiles)
            if m:
                fired.add(rule_id)
    assert len(fired) >= 15  # the sample exercises most rules, not just a few


def test_checker_verdicts_are_the_same_with_late_reasons(sample):
    items = sample[::4]
    late = check_many(items, TODAY, processes=1)
    with eager_text():
        now = check_many(items, TODAY, processes=1)
    assert [v.row() | {"reasons": [j.reason for j in v.by_jurisdiction.values()]} for v in late] == \
        [v.row() | {"reasons": [j.reason for j in v.by_jurisdiction.values()]} for v in now]
    assert any(j.rule for v in late for j in v.by_jurisdiction.values())


def test_two_identical_rings_are_named_once_in_a_reason():
    # MT-45's "aryl rings" list is a set of ring SMILES: two thiophenes are one ring kind
    mol = parse("CNC(Cc1cccs1)c1cccs1", kind="smiles").mol
    m = BY_ID["ca-mt45"].match(mol)
    assert m is not None and m.verdict == "uncertain"
    assert m.reason.count("c1ccsc1") == 1 and "\x00" not in m.reason


def test_match_with_the_callers_memo_equals_match_alone(sample):
    for smiles in sample[::10]:
        alone = [r.match(Chem.Mol(parse(smiles, kind="smiles").mol)) for r in RULES]
        mol = Chem.Mol(parse(smiles, kind="smiles").mol)
        box = memo(mol)
        assert [r.match(mol, box) for r in RULES] == alone, smiles
