"""Read a chemical structure or name into one standardised identity.

``parse`` accepts a SMILES, an InChI, a MOL block, or a name, synonym, abbreviation or CAS
number known to nadd (the substance taxonomy under ``nadd/reference/substances/`` in English,
Spanish and French, plus the structures dictionary of the legal knowledge base,
``nadd/law/data/structures.csv``). The molecule is standardised to its *parent*: the largest
organic fragment (salts, counter-ions and solvents dropped) and neutralised. Identity is the
InChIKey; ``inchikey_nostereo`` is the key of the same InChI with its stereo layers removed,
because the laws cover isomers. A structure that cannot be read raises
:class:`~nadd.errors.StructureError` with RDKit's own reason, never a silent None.

Example:
    >>> parse("fentanyl citrate").inchikey == parse("CCC(=O)N(c1ccccc1)C1CCN(CCc2ccccc2)CC1").inchikey
    True
"""

from __future__ import annotations

import csv
import difflib
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from rdkit import Chem, rdBase
from rdkit.Chem import rdMolDescriptors
from rdkit.Chem.MolStandardize import rdMolStandardize

from nadd.errors import StructureError

KINDS = ("smiles", "inchi", "mol", "name")
_CAS = re.compile(r"^\d{2,7}-\d{2}-\d$")
# InChI layers that carry stereo: double bond (/b), tetrahedral (/t), its parity (/m), type (/s).
_STEREO_LAYERS = re.compile(r"/[btms][^/]*")
_UNCHARGER = rdMolStandardize.Uncharger()
# '=', '#', brackets, '@' or a ring-closure digit right after an atom: no name looks like this
# (except "N1,N1,N2-..." which falls back to the name search when the SMILES reading fails).
_SURELY_SMILES = re.compile(r"[=#\[\]@]|[A-Za-z)][0-9]")
_CHARGED = Chem.MolFromSmarts("[!+0]")
_SDF_SPLIT = re.compile(r"^\$\$\$\$[^\n]*(?:\n|$)", re.MULTILINE)


@dataclass(frozen=True)
class Structure:
    """One standardised structure. ``mol`` is the parent (largest organic fragment, neutral)."""

    input: str
    mol: Chem.Mol
    smiles: str
    inchi: str
    inchikey: str
    inchikey_nostereo: str
    formula: str
    name: str | None = None

    def __repr__(self) -> str:  # the Mol object prints badly
        return f"Structure({self.name or self.smiles!r}, inchikey={self.inchikey!r})"


# ---------------------------------------------------------------- names


@dataclass(frozen=True)
class _Named:
    name: str
    smiles: str
    cas: str


@lru_cache(maxsize=1)
def _dictionary() -> tuple[dict[str, _Named], dict[str, str]]:
    """(normalised name/synonym/CAS -> entry, taxonomy substance id -> display name of its entry)."""
    from nadd.model.substances import normalise, try_by_name

    text = resources.files("nadd").joinpath("law", "data", "structures.csv").read_text(encoding="utf-8")
    index: dict[str, _Named] = {}
    by_taxonomy_id: dict[str, _Named] = {}
    for row in csv.DictReader(io.StringIO(text)):
        entry = _Named(row["name"], row["smiles"], row["cas"])
        for alias in [row["name"], row["cas"], *row["synonyms"].split("|")]:
            key = normalise(alias)
            if key:
                index.setdefault(key, entry)
        sid = try_by_name(row["name"])
        if sid:
            by_taxonomy_id.setdefault(sid, entry)
    return index, {sid: e.name for sid, e in by_taxonomy_id.items()}


def _lookup_name(text: str) -> _Named | None:
    from nadd.model.substances import _variants, normalise, try_by_name

    index, tax = _dictionary()
    for variant in _variants(text):
        hit = index.get(normalise(variant))
        if hit:
            return hit
    sid = try_by_name(text)  # EN/ES/FR names and synonyms of the taxonomy
    if sid and sid in tax:
        return index[normalise(tax[sid])]
    return None


def known_names() -> list[str]:
    """Display names of every structure nadd can resolve by name."""
    return sorted({e.name for e in _dictionary()[0].values()})


def _unknown_name(text: str, reason: str = "") -> StructureError:
    from nadd.model.substances import _variants, get, normalise, try_by_name

    index = _dictionary()[0]
    sid = try_by_name(text)
    if sid:
        kind = get(sid).kind
        return StructureError(
            f"{text!r} is known (substance id {sid!r}, a {kind}) but has no single structure in nadd",
            hint="Classes, plants and preparations cannot be checked as one structure; give a "
                 "SMILES, or add the structure to nadd/law/data/structures.csv.")
    keys = [normalise(v) for v in _variants(text)]
    close = [c for k in reversed(keys) for c in difflib.get_close_matches(k, list(index), n=5, cutoff=0.75)]
    names = list(dict.fromkeys(index[k].name for k in close))
    return StructureError(
        f"unknown name {text!r}" + (f"; did you mean {', '.join(names)}?" if names else "")
        + (f" (as SMILES: {reason})" if reason else ""),
        hint="Give a SMILES, InChI or MOL block, or a name listed by `nadd substances show --list`.",
    )


# ---------------------------------------------------------------- parsing


def guess_kind(text: str) -> str:
    s = text.strip()
    if s.startswith("InChI="):
        return "inchi"
    if "\n" in s and ("M  END" in s or "V2000" in s or "V3000" in s):
        return "mol"
    if _CAS.match(s) or " " in s:
        return "name"
    return "smiles"


def _reader(text: str, kind: str) -> Chem.Mol | None:
    if kind == "smiles":
        return Chem.MolFromSmiles(text)
    if kind == "inchi":
        return Chem.MolFromInchi(text.strip())
    return Chem.MolFromMolBlock(text)


def _read_mol(text: str, kind: str) -> Chem.Mol:
    # Capturing RDKit's log costs more than a SMILES parse; logs are only blocked on the first
    # try, and a failed reading is read again, captured, for RDKit's reason (same result).
    with rdBase.BlockLogs():
        mol = _reader(text, kind)
    if mol is not None and mol.GetNumAtoms() > 0:
        return mol
    with rdBase.CaptureErrorLog() as log:
        mol = _reader(text, kind)
    if mol is None or mol.GetNumAtoms() == 0:
        lines = [line.split("]", 1)[-1].strip() for line in log.messages.splitlines() if line.strip()]
        reason = "; ".join(dict.fromkeys(lines)) or "RDKit returned no molecule"
        raise StructureError(f"cannot read {kind} {text.strip()[:80]!r}: {reason}",
                             hint=f"Check the {kind}; RDKit's message above says where it fails.")
    return mol


def _largest_organic(mol: Chem.Mol) -> Chem.Mol:
    if len(Chem.GetMolFrags(mol)) == 1:  # index tuples only: cheap
        return mol
    frags = Chem.GetMolFrags(mol, asMols=True)

    def weight(f: Chem.Mol) -> tuple[int, int, int]:
        carbons = sum(a.GetAtomicNum() == 6 for a in f.GetAtoms())
        return (carbons > 0, f.GetNumHeavyAtoms(), carbons)

    return max(frags, key=weight)


def standardise(mol: Chem.Mol) -> Chem.Mol:
    """Parent structure: largest organic fragment, neutralised (where a neutral form exists)."""
    parent = _largest_organic(mol)
    if _needs_uncharging(parent):
        parent = _UNCHARGER.uncharge(parent)
    return parent


def _needs_uncharging(mol: Chem.Mol) -> bool:
    """A protonated atom, or an anion not paired with a neighbouring cation (nitro and N-oxide
    groups are left alone without calling the Uncharger, which is the slow part)."""
    if not mol.HasSubstructMatch(_CHARGED):
        return False
    for a in mol.GetAtoms():
        q = a.GetFormalCharge()
        if q > 0 and a.GetTotalNumHs() > 0:
            return True
        if q < 0 and not any(n.GetFormalCharge() > 0 for n in a.GetNeighbors()):
            return True
    return False


def nostereo_key(inchi: str) -> str:
    """InChIKey of ``inchi`` with its stereo layers removed (equals the key of the flat molecule)."""
    return Chem.InchiToInchiKey(_STEREO_LAYERS.sub("", inchi))


def from_mol(mol: Chem.Mol, *, input: str = "", name: str | None = None) -> Structure:
    """A :class:`Structure` from an RDKit molecule (standardised here)."""
    parent = standardise(mol)
    with rdBase.BlockLogs():  # InChI warns about undefined stereo on every racemate
        inchi = Chem.MolToInchi(parent)
    if not inchi:
        raise StructureError(f"no InChI for {input[:80]!r}", hint="The structure may be a query or a radical.")
    key = Chem.InchiToInchiKey(inchi)
    flat = key if not _STEREO_LAYERS.search(inchi) else nostereo_key(inchi)
    return Structure(input=input, mol=parent, smiles=Chem.MolToSmiles(parent), inchi=inchi,
                     inchikey=key, inchikey_nostereo=flat,
                     formula=rdMolDescriptors.CalcMolFormula(parent), name=name)


def parse(text: str, *, kind: str | None = None, cache: bool = True) -> Structure:
    """Read ``text`` (SMILES, InChI, MOL block or a known name/CAS) into a :class:`Structure`.

    ``kind`` forces one of ``smiles``, ``inchi``, ``mol``, ``name``; by default a known name
    wins over a SMILES reading (``PCP`` is phencyclidine, not a P-C-P chain). Results are
    remembered (the last 65,536); a batch that reads each input once passes ``cache=False``,
    so its structures do not fill memory (a parent with its rules' scratch is ~10-20 kB).
    """
    if text is None or not str(text).strip():
        raise StructureError("empty structure", hint="Give a SMILES, InChI, MOL block or a name.")
    text = str(text)
    if kind is not None and kind not in KINDS:
        raise StructureError(f"unknown kind {kind!r}", hint=f"Use one of {', '.join(KINDS)}.")
    return _parse_cached(text, kind) if cache else _parse_one(text, kind)


def _parse_one(text: str, kind: str | None) -> Structure:
    guessed = kind or guess_kind(text)
    stripped = text.strip()
    if guessed in ("smiles", "name") and kind != "smiles":
        # An exact dictionary hit costs one dict lookup; the full name search (spelling
        # variants, taxonomy in three languages) only runs for text that cannot be a SMILES.
        named = None if _SURELY_SMILES.search(stripped) else _exact_name(stripped)
        if named is None and (guessed == "name" or _looks_like_a_name(stripped)):
            named = _lookup_name(stripped)
            if named is None:
                raise _unknown_name(text)
        if named:
            return _from_named(named, text)
    try:
        mol = _read_mol(stripped if guessed != "mol" else text, guessed)
    except StructureError as e:
        if guessed == "smiles" and kind is None:
            named = _lookup_name(stripped)  # e.g. an upper-case name the exact lookup missed
            if named:
                return _from_named(named, text)
            if re.search(r"[A-Za-z]{3}", stripped) and not re.search(r"[\[\]=#@()]", stripped):
                raise _unknown_name(text, e.message.split(": ", 1)[-1].splitlines()[0][:120]) from None
        raise
    return from_mol(mol, input=text)


_parse_cached = lru_cache(maxsize=65536)(_parse_one)


def _from_named(named: _Named, text: str) -> Structure:
    if not named.smiles:
        raise StructureError(f"{named.name!r} has no molecular structure in nadd (an element or an "
                             "inorganic reagent listed by name)", hint="Look it up with `nadd substances changes`.")
    return from_mol(_read_mol(named.smiles, "smiles"), input=text, name=named.name)


def _exact_name(text: str) -> _Named | None:
    from nadd.model.substances import normalise

    return _dictionary()[0].get(normalise(text))


def _looks_like_a_name(text: str) -> bool:
    """Lower-case letters no organic SMILES has outside brackets (x, y, a, e, i, ...)."""
    return "[" not in text and re.search(r"[adefghijkmqtuvwxyz]", text) is not None


def read_sdf(path: str | Path) -> Iterator[tuple[int, Structure | StructureError]]:
    """Each record of an SD file as ``(record number from 1, Structure or StructureError)``.

    A bad record yields its error and reading goes on with the next one.
    """
    text = Path(path).read_text(encoding="utf-8", errors="replace")
    for row, block in enumerate(sdf_records(text), start=1):
        try:
            if "M  END" not in block:
                raise StructureError("no 'M  END' line",
                                     hint="Each SDF record is a MOL block ending in 'M  END'.")
            title = block.splitlines()[0].strip()
            found = _parse_cached(block.split("M  END")[0] + "M  END\n", "mol")
            yield row, found if found.name or not title else _with_name(found, title)
        except StructureError as e:
            yield row, StructureError(f"{Path(path).name} record {row}: {e.message}", hint=e.hint)


def sdf_records(text: str) -> list[str]:
    """The MOL blocks of an SD file's text (the first header line may be blank: keep it)."""
    text = text.replace("\r\n", "\n")
    return [b for b in _SDF_SPLIT.split(text) if b.strip()]


def _with_name(s: Structure, name: str) -> Structure:
    from dataclasses import replace

    return replace(s, name=name)
