"""Control status of one structure in the US, Canada, Mexico, the UN conventions and the Netherlands.

For each jurisdiction, as of a date, in this order:

1. **Named listings** (``nadd/law/data``): the full InChIKey, then the stereo-stripped key for
   listings whose wording covers isomers. Salts are stripped by the registry, so a salt and its
   free base get the same verdict. A "but not including" entry matched by full key (e.g.
   dextromethorphan under CDSA Sch. I item 10) removes the isomer match it would otherwise get.
2. **Generic rules** (``nadd.law.rules``, B): class definitions (US fentanyl-related substances,
   CDSA item 16, ...). A rule with ``excludes_listed`` never applies to a named substance;
   since named listings are tried first it only fires for unnamed structures.
3. **Analogue laws** (US 21 USC 802(32), CDSA "analogue", LGS "naturaleza análoga"): the nearest
   listed neighbours by Tanimoto (Morgan r2, 2,048 bits; C's ``FingerprintIndex``) give
   ``possible_analogue`` with the neighbours' names and similarities; never ``controlled``.
4. Otherwise ``not_listed``.

Example:
    >>> check("fentanyl citrate").by_jurisdiction["us"].schedule
    'II'
"""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any

from nadd.chem.registry import Structure, parse
from nadd.errors import StructureError
from nadd.law.kb import JURISDICTIONS, Entry, kb, surveillance_for

VERDICTS = ("controlled", "not_listed", "possible_analogue", "uncertain")
ANALOGUE_THRESHOLD = 0.55  # Tanimoto (Morgan r2/2048) from which a listed neighbour is reported
NEIGHBOURS = 3
# Schedules whose substances an analogue law reaches (US: only Schedules I and II, 802(32)(A)).
ANALOGUE_SCHEDULES = {
    "us": frozenset({"I", "II"}),
    "ca": frozenset({"I", "II", "III", "IV", "V"}),
    "mx": frozenset({"234", "245-I", "245-II", "245-III", "245-IV"}),
}
ANALOGUE_PROVISION = {
    "us": "21 USC 802(32), 813",
    "ca": "CDSA s. 2(1) \"analogue\"",
    "mx": "LGS art. 234 / 245 (\"naturaleza análoga\")",
}
COLUMNS = ("verdict", "schedule", "provision", "rule", "effective")


@dataclass(frozen=True)
class Neighbour:
    name: str
    similarity: float
    schedules: str


@dataclass(frozen=True)
class JurisdictionVerdict:
    jurisdiction: str
    verdict: str
    schedule: str = ""
    provision: str = ""
    rule: str = ""
    effective: str = ""
    expiry: str = ""
    atoms: tuple[int, ...] = ()
    names: tuple[str, ...] = ()
    reason: str = ""
    neighbours: tuple[Neighbour, ...] = ()


@dataclass(frozen=True)
class Verdict:
    """Every jurisdiction's answer for one input (or the ``error`` that stopped it)."""

    input: str
    as_of: date
    inchikey: str = ""
    inchikey_nostereo: str = ""
    smiles: str = ""
    name: str = ""
    by_jurisdiction: dict[str, JurisdictionVerdict] = field(default_factory=dict)
    error: str = ""
    #: INCB's limited international special surveillance list (non-scheduled substances that
    #: governments are asked to watch): a flag beside the five legal verdicts, not a sixth one.
    incb_surveillance: str = ""

    def row(self) -> dict[str, Any]:
        """Flat record: ``input, name, inchikey, smiles, J_verdict, J_schedule, ... , error``."""
        out: dict[str, Any] = {"input": self.input, "name": self.name, "inchikey": self.inchikey,
                               "smiles": self.smiles}
        for j in JURISDICTIONS:
            v = self.by_jurisdiction.get(j)
            for c in COLUMNS:
                out[f"{j}_{c}"] = getattr(v, c) if v else ""
        out["incb_surveillance"] = self.incb_surveillance
        out["error"] = self.error
        return out


# ---------------------------------------------------------------- neighbours


@lru_cache(maxsize=1)
def _index():
    """(KB fingerprint bits (2,048, n) int32, their bit counts, stereo-stripped keys, names).

    The fingerprints are C's (``nadd.chem.similarity.fingerprint_smiles``: Morgan r2, 2,048
    bits, RDKit's bit order), unpacked to one row per bit: the KB is a few hundred structures,
    so the bits a batch of queries shares with every KB structure is one sparse (queries x
    bits) times dense (bits x KB) integer product, with no per-query numpy call.
    """
    import numpy as np

    from nadd.chem.similarity import fingerprint_smiles

    names = sorted(kb().structures)
    keys = [kb().structures[n][1] for n in names]
    fps = fingerprint_smiles([kb().structures[n][0] for n in names])
    bits = np.unpackbits(fps.view(np.uint8), axis=1, bitorder="little")
    return (np.ascontiguousarray(bits.T, dtype=np.int32), bits.sum(axis=1, dtype=np.int32),
            keys, names)


@lru_cache(maxsize=1)
def _generator():
    from rdkit.Chem import rdFingerprintGenerator

    from nadd.chem.similarity import NBITS, RADIUS

    return rdFingerprintGenerator.GetMorganGenerator(radius=RADIUS, fpSize=NBITS)


def neighbours(structure: Structure, k: int = 10, threshold: float = 0.0) -> list[tuple[str, float, str]]:
    """Nearest structures of the knowledge base: ``(name, Tanimoto, stereo-stripped key)``,
    highest first, the structure itself left out. Tanimoto exactly as RDKit computes it."""
    return neighbours_many([structure], k, threshold)[0]


def neighbours_many(structures: list[Structure], k: int = 10,
                    threshold: float = 0.0) -> list[list[tuple[str, float, str]]]:
    """:func:`neighbours` for a batch: the same lists, computed for all queries at once."""
    import numpy as np

    if not structures:
        return []
    from scipy.sparse import csr_matrix

    kb_bits, counts, keys, names = _index()
    gen = _generator()
    q = np.empty((len(structures), kb_bits.shape[0]), dtype=np.uint8)
    for row, s in enumerate(structures):
        q[row] = gen.GetFingerprintAsNumPy(s.mol)
    sizes = q.sum(axis=1, dtype=np.int32)
    # ~50 of 2,048 bits are on: a sparse product, integer and exact, no BLAS threads
    common = np.asarray(csr_matrix(q, dtype=np.int32) @ kb_bits)
    union = counts[None, :] + sizes[:, None] - common
    sims = np.divide(common, union, out=np.zeros(common.shape), where=union > 0)
    # Only scores >= threshold can be reported. Among them, highest first and ties in KB order
    # (a stable sort), then the first k + 1 looked at: exactly the head of the full stable order.
    rows, cols = np.nonzero(sims >= threshold)  # row-major: each row's columns are contiguous
    out: list[list[tuple[str, float, str]]] = [[] for _ in structures]
    found, first = np.unique(rows, return_index=True)
    for r, cand in zip(found.tolist(), np.split(cols, first[1:])):
        row = sims[r]
        own = structures[r].inchikey_nostereo
        hits = out[r]
        for i in cand[np.argsort(-row[cand], kind="stable")][: k + 1].tolist():
            if len(hits) == k:
                break
            if keys[i] != own:
                hits.append((names[i], float(row[i]), keys[i]))
    return out


# ---------------------------------------------------------------- rules


@lru_cache(maxsize=1)
def _rules() -> dict[str, tuple]:
    try:
        from nadd.law.rules import RULES
    except ImportError:  # B's package missing: named listings and analogues only
        return {}
    out: dict[str, list] = {}
    for r in RULES:
        out.setdefault(r.jurisdiction, []).append(r)
    return {j: tuple(v) for j, v in out.items()}


@lru_cache(maxsize=1)
def _rule_tools():
    """(the per-molecule memo, the Rule class): only reached when rules exist (see _rules);
    a rule-like object of another class (a test's stand-in) is called as ``match(mol)``."""
    from nadd.law.rules._base import Rule, memo

    return memo, Rule


def _rule_in_force(rule, on: date) -> bool:
    return rule.effective <= on and (rule.expiry is None or on <= rule.expiry)


_IN_FORCE: dict[date, tuple[dict, dict[str, tuple]]] = {}


def _rules_on(on: date) -> dict[str, tuple]:
    """The rules in force on ``on``, per jurisdiction (a batch shares one date: filter once;
    recomputed if ``_rules()`` gives another table, as tests that swap the rules do)."""
    table = _rules()
    hit = _IN_FORCE.get(on)
    if hit is None or hit[0] is not table:
        if len(_IN_FORCE) > 64:
            _IN_FORCE.clear()
        hit = _IN_FORCE[on] = (table, {j: tuple(r for r in rules if _rule_in_force(r, on))
                                       for j, rules in table.items()})
    return hit[1]


# ---------------------------------------------------------------- the check


def _named(structure: Structure, j: str, on: date) -> tuple[list[Entry], list[Entry]]:
    """(listed entries in force, exclusion entries in force) matching the structure in ``j``.

    A listing given without stereo (flat SMILES) stands for every stereoisomer, and an input
    without stereo (a lab's "isomer undetermined") matches every listed isomer. An exclusion
    matched by full key beats isomer and flat matches, but not a listing of that exact isomer.
    """
    exact, excluded, loose = [], [], []
    unknown_stereo = structure.inchikey == structure.inchikey_nostereo  # e.g. "isomer undetermined"
    for e in kb().by_key.get(structure.inchikey_nostereo, ()):
        if e.jurisdiction != j or not e.in_force(on):
            continue
        flat = e.inchikey == e.inchikey_nostereo
        if e.status == "excluded":
            if e.inchikey == structure.inchikey or flat:
                excluded.append(e)
        elif e.inchikey == structure.inchikey:
            exact.append(e)
        elif e.covers_isomers or flat or unknown_stereo:
            loose.append(e)
    if exact:
        return exact + loose, excluded
    if excluded:
        return [], excluded
    return loose, excluded


def _from_entries(j: str, entries: list[Entry]) -> JurisdictionVerdict:
    schedules = list(dict.fromkeys(e.schedule for e in entries))
    first = min(entries, key=lambda e: e.effective)
    expiries = [e.expiry for e in entries]
    expiry = "" if any(x is None for x in expiries) else max(expiries).isoformat()
    return JurisdictionVerdict(
        j, "controlled", schedule=";".join(schedules),
        provision="; ".join(dict.fromkeys(e.provision for e in entries)),
        effective=first.effective.isoformat(), expiry=expiry,
        names=tuple(dict.fromkeys(e.name for e in entries)),
        reason="named: " + "; ".join(dict.fromkeys(f"{e.name} ({e.provision})" for e in entries)))


def _from_rules(j: str, structure: Structure, on: date) -> JurisdictionVerdict | None:
    rules = _rules_on(on).get(j, ())
    if not rules:
        return None
    mol = structure.mol
    memo, rule_type = _rule_tools()
    box = memo(mol)  # fetched once: every rule reads the same per-molecule memo
    hits = []
    for rule in rules:
        m = rule.match(mol, box) if type(rule) is rule_type else rule.match(mol)
        if m is not None:
            hits.append((rule, m))
    if not hits:
        return None
    sure = [(r, m) for r, m in hits if m.verdict == "controlled"]
    chosen = sure or hits
    rule, m = chosen[0]
    return JurisdictionVerdict(
        j, "controlled" if sure else "uncertain",
        schedule=";".join(dict.fromkeys(r.schedule for r, _ in chosen)) if sure else "",
        provision="; ".join(dict.fromkeys(r.provision for r, _ in chosen)),
        rule=";".join(r.id for r, _ in chosen), effective=min(r.effective for r, _ in chosen).isoformat(),
        atoms=tuple(m.atoms), reason=m.reason)


def _from_neighbours(j: str, near: list[tuple[str, float, str]], on: date) -> JurisdictionVerdict | None:
    if j not in ANALOGUE_SCHEDULES:
        return None
    found: list[Neighbour] = []
    for name, sim, key in near:
        if sim < ANALOGUE_THRESHOLD:
            break
        scheds = [e.schedule for e in kb().by_key.get(key, ()) if e.jurisdiction == j
                  and e.status == "listed" and e.in_force(on) and e.schedule in ANALOGUE_SCHEDULES[j]]
        if scheds:
            found.append(Neighbour(name, round(sim, 3), ";".join(dict.fromkeys(scheds))))
        if len(found) == NEIGHBOURS:
            break
    if not found:
        return None
    return JurisdictionVerdict(
        j, "possible_analogue", provision=ANALOGUE_PROVISION[j], neighbours=tuple(found),
        reason=f"not named; structurally close to {found[0].name} (Tanimoto {found[0].similarity:.2f}); "
               "analogue status needs a legal determination")


# Shared, immutable: a batch's pickle then carries each only once.
_NOT_LISTED = {j: JurisdictionVerdict(j, "not_listed") for j in JURISDICTIONS}


def check_structure(structure: Structure, as_of: date | None = None, *,
                    near: list[tuple[str, float, str]] | None = None) -> Verdict:
    """The :class:`Verdict` of an already parsed structure (``near``: its analogue neighbours,
    if already computed by :func:`neighbours_many` with ``k=25, threshold=ANALOGUE_THRESHOLD``)."""
    on = as_of or date.today()
    out: dict[str, JurisdictionVerdict] = {}
    for j in JURISDICTIONS:
        listed, excluded = _named(structure, j, on)
        if listed:
            out[j] = _from_entries(j, listed)
            continue
        if excluded:
            e = excluded[0]
            out[j] = JurisdictionVerdict(j, "not_listed", provision=e.provision, names=(e.name,),
                                         reason=f"expressly excluded: {e.name} ({e.provision})")
            continue
        found = _from_rules(j, structure, on)
        if found is None and j in ANALOGUE_SCHEDULES:
            if near is None:
                near = neighbours(structure, k=25, threshold=ANALOGUE_THRESHOLD)
            found = _from_neighbours(j, near, on)
        out[j] = found or _NOT_LISTED[j]
    watched = "; ".join(sorted({f"{e.provision} (version {e.effective})"
                                for e in surveillance_for(structure.inchikey_nostereo, on)}))
    return Verdict(structure.input, on, structure.inchikey, structure.inchikey_nostereo,
                   structure.smiles, structure.name or "", out, incb_surveillance=watched)


def check(structure_or_text: Structure | str, as_of: date | None = None) -> Verdict:
    """Verdict per jurisdiction for a :class:`Structure`, SMILES, InChI, MOL block or name.

    Raises :class:`~nadd.errors.StructureError` if the text cannot be read.
    """
    s = structure_or_text if isinstance(structure_or_text, Structure) else parse(structure_or_text)
    return check_structure(s, as_of)


def check_or_error(text: str, as_of: date | None = None) -> Verdict:
    """Like :func:`check`, but an unreadable input gives a Verdict with ``error`` set."""
    try:
        return check(text, as_of)
    except StructureError as e:
        return Verdict(str(text), as_of or date.today(), error=e.message)


# ---------------------------------------------------------------- batches


def _warm() -> None:
    """Load everything a check needs once, before worker processes fork (they inherit it)."""
    kb()
    _index()
    _generator()
    _rules()
    from nadd.chem.registry import _dictionary

    _dictionary()


def _check_chunk(args: tuple[list[str], date]) -> list[Verdict]:
    """Verdicts for one chunk: parse all, then every analogue-neighbour search in one batch."""
    texts, on = args
    parsed: list[Structure | Verdict] = []
    for t in texts:
        try:
            parsed.append(parse(t, cache=False))  # read once: no cache filling with parents
        except StructureError as e:
            parsed.append(Verdict(str(t), on, error=e.message))
    ok = [p for p in parsed if isinstance(p, Structure)]
    near = iter(neighbours_many(ok, k=25, threshold=ANALOGUE_THRESHOLD))
    out = []
    for p in parsed:
        if isinstance(p, Structure):
            out.append(check_structure(p, on, near=next(near)))
            _forget(p.mol)  # the rules' scratch need not outlive the verdict
        else:
            out.append(p)
    return out


def _forget(mol) -> None:
    try:
        from nadd.law.rules._base import forget
    except ImportError:  # B's package missing: nothing was remembered
        return
    forget(mol)


@contextmanager
def _long_lived_frozen():
    """Keep the garbage collector off what was loaded before the batch (knowledge base, rules,
    tables, ~90,000 objects): it walked them every few hundred structures, ~40 us per structure.
    Forked workers inherit the frozen state; the objects are thawed when the batch ends."""
    import gc

    if gc.get_freeze_count():  # someone else froze objects: leave their choice alone
        yield
        return
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def check_many(items, as_of: date | None = None, *, processes: int = 2,
               chunksize: int = 250) -> list[Verdict]:
    """Verdicts for many inputs (texts or :class:`Structure`), in input order.

    An unreadable item gives a Verdict with ``error`` set; the batch goes on. Work is spread
    over ``processes`` forked workers (the knowledge base is loaded once, before the fork).
    """
    from nadd.ingest.progress import progress as _progress

    on = as_of or date.today()
    texts = [i.input if isinstance(i, Structure) else ("" if i is None else str(i)) for i in items]
    _warm()
    chunks = [texts[i:i + chunksize] for i in range(0, len(texts), chunksize)]
    out: list[Verdict] = []
    with _progress("checking structures", total=len(texts)) as bar, _long_lived_frozen():
        if processes <= 1 or len(chunks) <= 1:
            for c in chunks:
                out.extend(_check_chunk((c, on)))
                bar.advance(len(c))
        else:
            import multiprocessing as mp

            with mp.get_context("fork").Pool(processes) as pool:
                for part in pool.imap(_check_chunk, [(c, on) for c in chunks]):
                    out.extend(part)
                    bar.advance(len(part))
    return out
