"""The legal knowledge base: named listings per jurisdiction, loaded once and keyed by structure.

The data are CSV files under ``nadd/law/data/`` (package data, see its ``PROVENANCE.md``):
one file per jurisdiction (``us.csv``, ``ca.csv``, ``mx.csv``, ``un.csv``, ``nl.csv``), the
structures dictionary (``structures.csv``) and the precursor relations (``precursors.csv``).
``incb.csv`` holds INCB's limited international special surveillance list: it binds no
jurisdiction, so it is kept out of ``kb()`` (and of the ``J_*`` verdicts) and read through
``surveillance_for``.
Each listing row is one substance under one provision for one period: ``effective`` (inclusive)
to ``expiry`` (inclusive, empty if open-ended: temporary orders carry one). ``status`` is
``listed``, or ``excluded`` for the laws' "but not including" entries (e.g. dextromethorphan
under CDSA Sch. I item 10), which are matched by full InChIKey only.

Example:
    >>> entries = kb().by_key.get(parse("fentanyl").inchikey_nostereo, ())
    >>> sorted({e.jurisdiction for e in entries})
    ['ca', 'mx', 'nl', 'un', 'us']
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from importlib import resources

from nadd.errors import NaddError

JURISDICTIONS = ("us", "ca", "mx", "un", "nl")
SCHEDULES = {
    "us": ("I", "II", "III", "IV", "V", "List I", "List II"),
    "ca": ("I", "II", "III", "IV", "V", "VI-A", "VI-B"),
    "mx": ("234", "245-I", "245-II", "245-III", "245-IV", "245-V", "precursor", "essential-chemical"),
    "un": ("1961-I", "1961-II", "1961-III", "1961-IV", "1971-I", "1971-II", "1971-III", "1971-IV",
           "1988-I", "1988-II"),
    "nl": ("I", "II"),
}
# Lists that are not a jurisdiction's law: same columns, read apart (see ``surveillance_for``).
SURVEILLANCE_LISTS = {"incb": ("special-surveillance",)}
COLUMNS = ("entry_id", "jurisdiction", "schedule", "status", "name", "smiles", "cas", "formula",
           "provision", "effective", "expiry", "covers", "note")


class KnowledgeBaseError(NaddError):
    code = "knowledge_base_error"
    status = 500


@dataclass(frozen=True)
class Entry:
    """One listing: a substance under one provision of one jurisdiction, for one period."""

    entry_id: str
    jurisdiction: str
    schedule: str
    status: str
    name: str
    smiles: str
    cas: str
    formula: str
    provision: str
    effective: date
    expiry: date | None
    covers: str
    note: str
    inchikey: str = ""
    inchikey_nostereo: str = ""

    def in_force(self, on: date) -> bool:
        return self.effective <= on and (self.expiry is None or on <= self.expiry)

    @property
    def covers_isomers(self) -> bool:
        return "isomer" in self.covers

    @property
    def temporary(self) -> bool:
        return self.expiry is not None


@dataclass(frozen=True)
class KB:
    entries: tuple[Entry, ...]
    by_key: dict[str, tuple[Entry, ...]]  # stereo-stripped InChIKey -> entries
    structures: dict[str, tuple[str, str]]  # display name -> (smiles, inchikey_nostereo)


def _text(name: str) -> str:
    return resources.files("nadd").joinpath("law", "data", name).read_text(encoding="utf-8")


def _date(value: str, where: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise KnowledgeBaseError(f"{where}: {value!r} is not a date YYYY-MM-DD",
                                 hint="Fix the date in the knowledge-base CSV.") from None


def read_entries(lists: tuple[str, ...] = JURISDICTIONS) -> list[Entry]:
    """Every listing row of the files named (default: every jurisdiction), validated
    (structures not yet computed)."""
    out: list[Entry] = []
    problems: list[str] = []
    schedules = {**SCHEDULES, **SURVEILLANCE_LISTS}
    for j in lists:
        rows = list(csv.DictReader(io.StringIO(_text(f"{j}.csv"))))
        if rows and tuple(rows[0]) != COLUMNS:
            raise KnowledgeBaseError(f"nadd/law/data/{j}.csv: header {list(rows[0])}, expected {list(COLUMNS)}")
        for i, r in enumerate(rows, start=2):
            where = f"nadd/law/data/{j}.csv row {i}"
            if r["jurisdiction"] != j:
                problems.append(f"{where}: jurisdiction {r['jurisdiction']!r} in the {j} file")
            if r["schedule"] not in schedules[j]:
                problems.append(f"{where}: schedule {r['schedule']!r} not one of {schedules[j]}")
            if r["status"] not in ("listed", "excluded"):
                problems.append(f"{where}: status {r['status']!r} not listed/excluded")
            out.append(Entry(**{**r, "effective": _date(r["effective"], where),
                                "expiry": _date(r["expiry"], where) if r["expiry"] else None}))
    if problems:
        raise KnowledgeBaseError(f"{len(problems)} problem(s) in the knowledge base: {problems[0]}",
                                 hint="Fix the rows named.", details=problems)
    return out


@lru_cache(maxsize=1)
def kb() -> KB:
    """The knowledge base, with InChIKeys computed once per distinct SMILES."""
    return _keyed(read_entries())


@lru_cache(maxsize=1)
def surveillance() -> KB:
    """INCB's limited international special surveillance list (``incb.csv``), keyed like ``kb()``.

    Not a control: the Board asks governments to watch trade in these non-scheduled chemicals.
    ``effective`` is the date of the list version in which the entry was seen (the date the
    Board added it is given in ``note`` when known).
    """
    return _keyed(read_entries(tuple(SURVEILLANCE_LISTS)))


def surveillance_for(inchikey_nostereo: str, on: date | None = None) -> tuple[Entry, ...]:
    """Surveillance-list entries of a structure (stereo-stripped key), optionally as of ``on``."""
    found = surveillance().by_key.get(inchikey_nostereo, ())
    return found if on is None else tuple(e for e in found if e.in_force(on))


def _keyed(rows: list[Entry]) -> KB:
    from nadd.chem.registry import StructureError, _read_mol, from_mol

    keys: dict[str, tuple[str, str]] = {}
    entries: list[Entry] = []
    for e in rows:
        if e.smiles and e.smiles not in keys:
            try:
                s = from_mol(_read_mol(e.smiles, "smiles"), input=e.smiles)
                keys[e.smiles] = (s.inchikey, s.inchikey_nostereo)
            except StructureError as err:
                raise KnowledgeBaseError(f"{e.entry_id}: SMILES of {e.name!r} unreadable: {err.message}") from None
        k = keys.get(e.smiles, ("", ""))
        entries.append(Entry(**{**e.__dict__, "inchikey": k[0], "inchikey_nostereo": k[1]}))
    by_key: dict[str, list[Entry]] = defaultdict(list)
    structures: dict[str, tuple[str, str]] = {}
    for e in entries:
        if e.inchikey_nostereo:
            by_key[e.inchikey_nostereo].append(e)
            structures.setdefault(e.name, (e.smiles, e.inchikey_nostereo))
    return KB(tuple(entries), {k: tuple(v) for k, v in by_key.items()}, structures)


def entries_for(inchikey_nostereo: str) -> tuple[Entry, ...]:
    return kb().by_key.get(inchikey_nostereo, ())


def entries_named(name: str) -> list[Entry]:
    """Listings of a substance given by name (any synonym the registry knows), all jurisdictions."""
    from nadd.chem.registry import parse

    return list(entries_for(parse(name).inchikey_nostereo))


@lru_cache(maxsize=1)
def precursor_relations() -> tuple[tuple[str, str, str, str], ...]:
    """(precursor, drug, route, note) rows of ``precursors.csv``."""
    rows = csv.DictReader(io.StringIO(_text("precursors.csv")))
    return tuple((r["precursor"], r["drug"], r["route"], r["note"]) for r in rows)
