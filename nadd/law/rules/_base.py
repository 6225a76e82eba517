"""The shape every generic rule shares: ``Rule``, ``RuleMatch`` and ``Finding``.

A rule reads one legal text that defines a *class* of substances by structure. Its
``assess(mol)`` does the chemistry and returns a ``Finding``:

* ``controlled``: inside the class on a plain reading of the text;
* ``uncertain``: inside only on a contestable reading (the reason says which one);
* ``outside``: the molecule has the class's anchor but the text does not reach it (the
  reason says which condition fails, so near misses are explainable);
* ``None``: nothing of the class is there at all.

A ``gate`` is a screen shared by a family of rules (e.g. "has a basic amine on an sp3
carbon" for the Canadian amine classes): one test, remembered, spares the family's own screens.

``Rule.match`` keeps the public contract (``RuleMatch`` or ``None``); ``Rule.explain`` gives
the reason for an ``outside`` finding. A compiled ``screen`` (one SMARTS, or a tuple of which
one must match) runs first: it is the cheapest necessary condition, remembered per molecule, so
a typical molecule costs one substructure test per distinct screen. Reasons quote pieces of the
molecule as SMILES (``frag``); those are written only when a reason is handed out
(``match``/``explain``), because a checker reads few of the readings it builds.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from rdkit import Chem, rdBase

Verdict = Literal["controlled", "uncertain"]


@dataclass(frozen=True)
class RuleMatch:
    """A rule fired: the verdict, the atoms that matched and why, in the law's own words."""

    verdict: Verdict
    atoms: tuple[int, ...]
    reason: str


@dataclass(frozen=True)
class Finding:
    verdict: Literal["controlled", "uncertain", "outside"]
    atoms: tuple[int, ...]
    reason: str

    @property
    def rank(self) -> int:
        return {"controlled": 2, "uncertain": 1, "outside": 0}[self.verdict]


def best(findings: list[Finding]) -> Finding | None:
    """The strongest finding; among equals the first (callers order by closeness)."""
    return max(findings, key=lambda f: f.rank) if findings else None


@dataclass(frozen=True)
class Rule:
    """One generic legal definition compiled into a structural test."""

    id: str
    jurisdiction: str
    schedule: str
    provision: str
    effective: date
    expiry: date | None
    title: str
    excludes_listed: bool
    assess: Callable[[Chem.Mol], Finding | None] = field(repr=False, compare=False)
    screen: Chem.Mol | tuple[Chem.Mol, ...] | None = field(default=None, repr=False, compare=False)
    note: str = field(default="", repr=False, compare=False)
    gate: Chem.Mol | None = field(default=None, repr=False, compare=False)

    def __post_init__(self) -> None:
        # the screens as (memo key, pattern) pairs, built once: ``_finding`` runs ~20 times per
        # molecule checked, so it does no per-call tuple building or id() lookups
        screens = self.screen if isinstance(self.screen, tuple) else (
            () if self.screen is None else (self.screen,))
        object.__setattr__(self, "_gate_key", None if self.gate is None else ("screen", id(self.gate)))
        object.__setattr__(self, "_screens", tuple((("screen", id(p)), p) for p in screens))
        object.__setattr__(self, "_assess_key", ("assess", id(self.assess)))

    def _finding(self, mol: Chem.Mol, box: dict | None = None) -> Finding | None:
        # written out (no generator, no helper calls on a remembered answer): a checker calls
        # this for every rule on every molecule, and most calls end at a remembered screen
        if box is None:
            box = memo(mol)
        if self._gate_key is not None:
            hit = box.get(self._gate_key)
            if hit is None:
                hit = _hit(mol, box, self._gate_key, self.gate)
            if not hit:
                return None
        if self._screens:
            for key, pattern in self._screens:
                hit = box.get(key)
                if hit is None:
                    hit = _hit(mol, box, key, pattern)
                if hit:
                    break
            else:
                return None
        # rules sharing one assess (a statute and its temporary order) compute it once
        key = self._assess_key
        found = box.get(key, _UNSET)
        if found is _UNSET:
            found = box[key] = self.assess(mol)
        return found

    def match(self, mol: Chem.Mol, box: dict | None = None) -> RuleMatch | None:
        """``RuleMatch`` if the molecule (standardised parent) falls in the class, else None.
        (``box``: the molecule's ``memo``, if the caller already holds it.)"""
        f = self._finding(mol, box)
        if f is None or f.verdict == "outside":
            return None
        return RuleMatch(f.verdict, f.atoms, render(mol, f.reason))

    def explain(self, mol: Chem.Mol) -> str | None:
        """Why a molecule that shares the class's anchor is nonetheless outside it."""
        f = self._finding(mol)
        return render(mol, f.reason) if f is not None and f.verdict == "outside" else None

    def in_force(self, on: date) -> bool:
        """In force on ``on``: ``effective`` and ``expiry`` are both days in force (inclusive)."""
        return self.effective <= on and (self.expiry is None or on <= self.expiry)

    def __reduce__(self):
        # pickle by id: a worker process gets the module's own rule, so compiled screens stay
        # shared objects there too (the per-molecule memo keys on them)
        return (_rule_by_id, (self.id,))


_UNSET = object()


def _rule_by_id(rule_id: str) -> Rule:
    from nadd.law.rules import BY_ID

    return BY_ID[rule_id]


def memo(mol: Chem.Mol) -> dict:
    """A per-molecule scratch dict (on the Mol object) for work several rules share.

    A checker runs every rule on the same parent, and many rules share a screen (nine share the
    piperidine screen), the 4-aminopiperidine reading, or the adjacency lists; each is computed
    once per molecule. A caller that edits a molecule in place should pass a fresh copy.
    """
    box = getattr(mol, "_nadd_memo", None)
    if box is None:
        box = {}
        try:
            mol._nadd_memo = box
        except AttributeError:  # pragma: no cover - Mol always takes attributes today
            pass
        _ensure_rings(mol)
    return box


def forget(mol: Chem.Mol) -> None:
    """Drop the molecule's scratch dict (see ``memo``): a batch checker calls this once a
    verdict is made, so cached parents do not keep every screen, ring cut and fragment."""
    try:
        del mol._nadd_memo
    except AttributeError:
        pass


def _ensure_rings(mol: Chem.Mol) -> None:
    """Give ring information to a molecule that has none (a fragment split off with
    ``sanitizeFrags=False``): SMARTS ring queries need it. Logs blocked: the probe's failure
    is expected, not an error to print."""
    with rdBase.BlockLogs():
        try:
            mol.GetRingInfo().NumRings()
        except RuntimeError:
            Chem.GetSymmSSSR(mol)


def remembered(mol: Chem.Mol, key, compute):
    """``compute(mol)``, once per molecule and ``key``."""
    box = memo(mol)
    if key not in box:
        box[key] = compute(mol)
    return box[key]


def screened(mol: Chem.Mol, pattern: Chem.Mol) -> bool:
    """``mol.HasSubstructMatch(pattern)``, remembered on the molecule (see ``memo``)."""
    return _hit(mol, memo(mol), ("screen", id(pattern)), pattern)


def _hit(mol: Chem.Mol, box: dict, key: tuple, pattern: Chem.Mol) -> bool:
    hit = box.get(key)
    if hit is None:
        try:
            hit = mol.HasSubstructMatch(pattern)
        except RuntimeError:  # a parent split off with sanitizeFrags=False has no ring info
            Chem.GetSymmSSSR(mol)
            hit = mol.HasSubstructMatch(pattern)
        box[key] = hit
    return hit


def smarts(text: str) -> Chem.Mol:
    """Compile a SMARTS once at import; a typo fails loudly at import, not at match time."""
    q = Chem.MolFromSmarts(text)
    if q is None:
        raise ValueError(f"bad SMARTS in a law rule: {text!r}")
    return q


def ring_system(mol: Chem.Mol, idx: int) -> tuple[list[tuple[int, ...]], set[int]]:
    """The SSSR rings of the ring system containing atom ``idx`` (fused, spiro or bridged)."""
    rings = mol.GetRingInfo().AtomRings()
    members = [r for r in rings if idx in r]
    atoms: set[int] = set().union(*members) if members else set()
    grew = True
    while grew:
        grew = False
        for r in rings:
            if r not in members and atoms.intersection(r):
                members.append(r)
                atoms.update(r)
                grew = True
    return members, atoms


def components(mol: Chem.Mol, blocked: set[int]) -> list[tuple[set[int], set[int]]]:
    """Connected pieces outside ``blocked`` that touch it, each with the blocked atoms it touches.

    Remembered per molecule and ``blocked`` (several rules cut the same piperidine ring out);
    each call gets its own copies, so a caller may change them freely.
    """
    box = memo(mol)
    key = ("components", frozenset(blocked))
    found = box.get(key)
    if found is None:
        found = box[key] = _components(mol, key[1])
    return [(set(c), set(t)) for c, t in found]


def _components(mol: Chem.Mol, blocked: frozenset[int]) -> list[tuple[set[int], set[int]]]:
    adj = remembered(mol, "adjacency", _adjacency)
    seen: set[int] = set()
    out = []
    for start in range(len(adj)):
        if start in blocked or start in seen:
            continue
        comp, touch, stack = {start}, set(), [start]
        while stack:
            for j in adj[stack.pop()]:
                if j in blocked:
                    touch.add(j)
                elif j not in comp:
                    comp.add(j)
                    stack.append(j)
        seen |= comp
        if touch:  # a piece touching nothing is another fragment (a counter-ion): not ours
            out.append((comp, touch))
    return out


def _adjacency(mol: Chem.Mol) -> list[list[int]]:
    # from the bonds, in bond order: the same lists as each atom's GetNeighbors(), at a
    # fraction of the wrapper calls (GetBonds()'s Python sequence wrapper is slow, indices are not)
    adj: list[list[int]] = [[] for _ in range(mol.GetNumAtoms())]
    for k in range(mol.GetNumBonds()):
        b = mol.GetBondWithIdx(k)
        i, j = b.GetBeginAtomIdx(), b.GetEndAtomIdx()
        adj[i].append(j)
        adj[j].append(i)
    return adj


# A piece's SMILES costs ~0.15 ms (MolFragmentToSmiles), and a checker builds many readings
# whose text nobody reads (the losing readings, the "outside" findings ``check`` ignores), so
# ``frag`` writes a placeholder, NUL + atom indices + NUL, that ``render`` replaces by the SMILES
# when ``match``/``explain`` hand a reason out. A rule may join, prefix and compare such text
# freely; only one that sorts or deduplicates pieces by their SMILES must ``render`` first.
_PLACEHOLDER = re.compile("\x00([0-9,]+)\x00")
_EAGER = False  # tests set it (``eager_text``) to prove placeholders change no reason


def frag(mol: Chem.Mol, atoms: set[int] | tuple[int, ...]) -> str:
    """A SMILES of a piece of the molecule, for reasons a chemist can read (see ``render``)."""
    if _EAGER or not atoms:  # no atoms: let RDKit raise its own error, here as before
        return smiles_of(mol, atoms)
    return "\x00" + fmt_atoms(atoms) + "\x00"


def smiles_of(mol: Chem.Mol, atoms: set[int] | tuple[int, ...]) -> str:
    """The canonical SMILES of the piece ``atoms`` of ``mol`` (memoised per molecule)."""
    key = ("frag", frozenset(atoms))
    box = memo(mol)
    if key not in box:
        box[key] = Chem.MolFragmentToSmiles(mol, atomsToUse=sorted(atoms), canonical=True)
    return box[key]


def render(mol: Chem.Mol, text: str) -> str:
    """``text`` with each ``frag`` placeholder replaced by the piece's SMILES."""
    if "\x00" not in text:
        return text
    return _PLACEHOLDER.sub(lambda m: smiles_of(mol, tuple(map(int, m.group(1).split(",")))), text)


@contextmanager
def eager_text():
    """Within the block ``frag`` writes SMILES at once (the reference path for tests)."""
    global _EAGER
    before, _EAGER = _EAGER, True
    try:
        yield
    finally:
        _EAGER = before


def fmt_atoms(atoms: set[int] | tuple[int, ...]) -> str:
    return ",".join(str(i) for i in sorted(atoms))


# Gate of the Canadian amine classes (2C, amphetamines, PCP, MDPV, MT-45, U-47700, AP-237,
# methylphenidate): a non-amide, non-aromatic N on an sp3 carbon (~14% of RDKit's NCI sample).
AMINE_GATE = smarts("[N;!a;!$(N-[C,S]=[O,S,N])]-[CX4]")
