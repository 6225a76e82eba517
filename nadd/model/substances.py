"""The substance taxonomy: stable ids, names in three languages, synonyms and classes.

The reference tables are the CSV files under ``nadd/reference/substances/`` (package data),
all with the columns of :data:`COLUMNS`. Each row is one id of one ``kind``:

* ``substance``: a drug or chemical (``fentanyl``, ``xylazine``, ``caffeine``);
* ``class``: a group of substances (``opioids``, ``fentanyl-related``, ``all-drugs``);
* ``icd10_group``: an ICD-10 multiple-cause-of-death group (``icd-t40.4``), code in ``icd10``;
* ``precursor``: a precursor, essential chemical or synthesis intermediate (``4-anpp``).

``parent_id`` places each id in one tree (fentanyl -> fentanyl-related -> synthetic-opioids ->
opioids -> all-drugs). The tree is the single classification used for roll-ups; it does not try
to encode every overlapping legal or clinical grouping.

Name lookup (:func:`by_name`) ignores case, accents, whitespace and punctuation, so
``"Cocaína"``, ``"cocaina"`` and ``"COCAINE HYDROCHLORIDE"`` resolve alike. If the exact key is not
known, lookup retries a small, fixed list of source spelling variants, in order: without a
salt or form suffix (``hydrochloride``, ``citrate``, ``base``, ``salt undetermined``,
``(unspecified isomer)``, a trailing footnote digit), without a trailing parenthesis, and
each ``;``- or ``,``-separated alias inside a parenthesis (NFLIS writes
``"ACETYL FENTANYL (N-(1-PHENETHYLPIPERIDIN-4-YL)-N-PHENYLACETAMIDE)"``).

Example:
    >>> by_name("Fentanilo")
    'fentanyl'
    >>> by_name("T40.4")
    'icd-t40.4'
    >>> ancestors("carfentanil")[:2]
    ['fentanyl-analogues', 'fentanyl-related']
"""

from __future__ import annotations

import csv
import difflib
import io
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import pandas as pd

from nadd.errors import NaddError, NotFound

COLUMNS = ("id", "kind", "parent_id", "icd10", "name_en", "name_es", "name_fr", "cas", "synonyms")
KINDS = frozenset({"substance", "class", "icd10_group", "precursor"})
LANGS = ("en", "es", "fr")
_ID_RE = re.compile(r"^[a-z0-9]+(?:[.-][a-z0-9]+)*$")
_PACKAGE = "nadd"
_FOLDER = ("reference", "substances")


class TaxonomyError(NaddError):
    """A reference table of substances is malformed (duplicate id, clashing synonym, bad parent)."""

    code = "taxonomy_error"
    status = 500


@dataclass(frozen=True)
class Substance:
    """One row of the taxonomy."""

    id: str
    kind: str
    parent_id: str | None
    icd10: str | None
    name_en: str
    name_es: str
    name_fr: str
    cas: str | None
    synonyms: tuple[str, ...]
    source_file: str

    def name(self, lang: str = "en") -> str:
        return getattr(self, f"name_{_check_lang(lang)}")


# ---------------------------------------------------------------- normalisation

_SALT_SUFFIX = re.compile(
    r"(?:[\s,;]+(?:salt\s+undetermn?i?ed|salt\s+undetermined|isomer\s+undetermined|hydrochloride|hcl|"
    r"citrate|base|sulfate|sulphate|phosphate|tartrate|bitartrate|hydrobromide|"
    r"\(\s*unspecified\s+isomer\s*\)))+\s*$",
    re.IGNORECASE,
)
_FOOTNOTE = re.compile(r"(?<=[a-z\)])\d$", re.IGNORECASE)


def normalise(text: str) -> str:
    """Lookup key of a name: lower case, no accents, only letters and digits.

    Greek letters used in chemical names are spelled out (``α`` -> ``alpha``).
    """
    if text is None:
        return ""
    s = str(text).replace("α", "alpha").replace("β", "beta").replace("Δ", "delta").replace("δ", "delta")
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c))
    return "".join(c for c in s.casefold() if c.isalnum())


def _variants(text: str) -> list[str]:
    """Spellings to try, in order, for a source name (see module docstring)."""
    raw = re.sub(r"\s+", " ", str(text)).strip().strip('"“”*').strip()
    out = [raw]
    stripped = _FOOTNOTE.sub("", raw)
    stripped = _SALT_SUFFIX.sub("", stripped).strip(" ,;")
    out.append(stripped)
    split = _trailing_parenthesis(stripped)
    if split:
        head, inner = split
        out.append(head)
        out.extend(part.strip() for part in re.split(r"[;,]\s+", inner) if part.strip())
    return out


def _trailing_parenthesis(text: str) -> tuple[str, str] | None:
    """``("head", "inner")`` if ``text`` ends with a balanced ``( ... )`` group, else None."""
    if not text.endswith(")"):
        return None
    depth = 0
    for i in range(len(text) - 1, -1, -1):
        depth += {")": 1, "(": -1}.get(text[i], 0)
        if depth == 0:
            return (text[:i].strip(), text[i + 1 : -1]) if i > 0 else None
    return None


# ---------------------------------------------------------------- loading


def _reference_files() -> list[tuple[str, str]]:
    folder = resources.files(_PACKAGE).joinpath(*_FOLDER)
    files = sorted((p for p in folder.iterdir() if p.name.endswith(".csv")), key=lambda p: p.name)
    return [(f"nadd/reference/substances/{p.name}", p.read_text(encoding="utf-8")) for p in files]


def _read(files: list[tuple[str, str]]) -> pd.DataFrame:
    frames = []
    for name, text in files:
        rows = list(csv.DictReader(io.StringIO(text)))
        header = tuple(rows[0].keys()) if rows else tuple(next(csv.reader(io.StringIO(text)), ()))
        if header != COLUMNS:
            raise TaxonomyError(
                f"{name}: header is {list(header)}, expected {list(COLUMNS)}.",
                hint="Keep exactly these columns, in this order, in every substances CSV.",
            )
        df = pd.DataFrame(rows, columns=list(COLUMNS), dtype=object).fillna("")
        df["source_file"] = name
        df["source_row"] = range(2, len(df) + 2)  # line number in the file, header is line 1
        frames.append(df)
    if not frames:
        raise TaxonomyError("No substances CSV found under nadd/reference/substances/.", hint="Reinstall nadd.")
    return pd.concat(frames, ignore_index=True)


def _validate(df: pd.DataFrame) -> None:
    problems: list[str] = []
    where = lambda r: f"{r.source_file} row {r.source_row}"  # noqa: E731
    first: dict[str, object] = {}
    for r in df.itertuples():
        if not _ID_RE.match(r.id):
            problems.append(f"{where(r)}: id {r.id!r} is not a lowercase slug (letters, digits, '-', '.')")
        if r.kind not in KINDS:
            problems.append(f"{where(r)}: kind {r.kind!r} is not one of {sorted(KINDS)}")
        for lang in LANGS:
            if not getattr(r, f"name_{lang}").strip():
                problems.append(f"{where(r)}: name_{lang} is empty for {r.id!r}")
        if r.id in first:
            problems.append(f"duplicate id {r.id!r}: {where(first[r.id])} and {where(r)}")
        else:
            first[r.id] = r
    for r in df.itertuples():
        if r.parent_id and r.parent_id not in first:
            problems.append(f"{where(r)}: parent_id {r.parent_id!r} of {r.id!r} is not an id in any substances CSV")
    parents = dict(zip(df["id"], df["parent_id"]))
    for start in parents:
        seen, node = [start], parents.get(start)
        while node:
            if node in seen:
                problems.append(f"cycle in parent_id: {' -> '.join(seen + [node])}")
                break
            seen.append(node)
            node = parents.get(node)
    if problems:
        raise TaxonomyError(
            f"{len(problems)} problem(s) in the substance reference tables: {problems[0]}",
            hint="Fix the rows named; every id must be unique, every parent must exist, names non-empty.",
            details=problems,
        )


def _keys_of(r) -> list[str]:
    """Every lookup name of one row, original spelling (ids, names, synonyms, ICD codes of groups)."""
    names = [r.id, r.name_en, r.name_es, r.name_fr, *[s for s in r.synonyms.split("|") if s.strip()]]
    if r.kind == "icd10_group" and r.icd10:
        names.append(r.icd10)
    return names


@lru_cache(maxsize=1)
def _tables() -> tuple[pd.DataFrame, dict[str, str]]:
    df = _read(_reference_files())
    _validate(df)
    index: dict[str, tuple[str, str]] = {}
    clashes: list[str] = []
    for r in df.itertuples():
        here = f"{r.source_file} row {r.source_row}"
        for name in _keys_of(r):
            key = normalise(name)
            if not key:
                continue
            if key in index and index[key][0] != r.id:
                other_id, other_where = index[key]
                clashes.append(
                    f"name {name!r} maps to {other_id!r} ({other_where}) and to {r.id!r} ({here})"
                )
            index.setdefault(key, (r.id, here))
    if clashes:
        raise TaxonomyError(
            f"{len(clashes)} name(s) map to more than one substance: {clashes[0]}",
            hint="A name or synonym may belong to one id only; remove it from one of the two rows.",
            details=clashes,
        )
    return df, {k: v[0] for k, v in index.items()}


# ---------------------------------------------------------------- public API


def all_substances() -> pd.DataFrame:
    """Every row of every substances CSV (a copy), with ``source_file`` and ``source_row``."""
    return _tables()[0].copy()


@lru_cache(maxsize=None)
def _by_id() -> dict[str, Substance]:
    out = {}
    for r in _tables()[0].itertuples():
        out[r.id] = Substance(
            id=r.id,
            kind=r.kind,
            parent_id=r.parent_id or None,
            icd10=r.icd10 or None,
            name_en=r.name_en,
            name_es=r.name_es,
            name_fr=r.name_fr,
            cas=r.cas or None,
            synonyms=tuple(s.strip() for s in r.synonyms.split("|") if s.strip()),
            source_file=r.source_file,
        )
    return out


def _not_found_id(substance_id: str) -> NotFound:
    close = difflib.get_close_matches(str(substance_id), list(_by_id()), n=5, cutoff=0.6)
    return NotFound(
        f"Unknown substance id {substance_id!r}.",
        hint=(f"Did you mean: {', '.join(close)}? " if close else "")
        + "Use by_name() to resolve a name, or see all_substances() for the list of ids.",
    )


def get(substance_id: str) -> Substance:
    """The row of one id; raises :class:`NotFound` with the closest ids as hint."""
    try:
        return _by_id()[substance_id]
    except (KeyError, TypeError):
        raise _not_found_id(substance_id) from None


def exists(substance_id: str) -> bool:
    return substance_id in _by_id()


def name(substance_id: str, lang: str = "en") -> str:
    """Display name of an id in ``en``, ``es`` or ``fr``."""
    return get(substance_id).name(lang)


def try_by_name(text: str) -> str | None:
    """Id for a name, id, synonym or ICD-10 code, or None if nothing matches."""
    if text is None:
        return None
    index = _tables()[1]
    for variant in _variants(text):
        key = normalise(variant)
        if key and key in index:
            return index[key]
    return None


def by_name(text: str) -> str:
    """Id for a name, id, synonym or ICD-10 code; raises :class:`NotFound` with close matches."""
    found = try_by_name(text)
    if found is not None:
        return found
    index = _tables()[1]
    key = normalise(text)
    close_keys = difflib.get_close_matches(key, list(index), n=8, cutoff=0.75)
    close_ids = list(dict.fromkeys(index[k] for k in close_keys))[:5]
    raise NotFound(
        f"No substance named {text!r}.",
        hint=(f"Closest ids: {', '.join(close_ids)}. " if close_ids else "")
        + "Add the spelling to the synonyms column of the right row in nadd/reference/substances/*.csv.",
    )


def ancestors(substance_id: str) -> list[str]:
    """Parent, grandparent, ... up to the root (nearest first)."""
    node, out = get(substance_id).parent_id, []
    while node:
        out.append(node)
        node = _by_id()[node].parent_id
    return out


@lru_cache(maxsize=1)
def _children() -> dict[str, tuple[str, ...]]:
    kids: dict[str, list[str]] = {}
    for s in _by_id().values():
        if s.parent_id:
            kids.setdefault(s.parent_id, []).append(s.id)
    return {k: tuple(v) for k, v in kids.items()}


def descendants(substance_id: str) -> list[str]:
    """Every id below ``substance_id`` in the tree (depth first, file order); not the id itself."""
    get(substance_id)
    out: list[str] = []
    stack = list(reversed(_children().get(substance_id, ())))
    while stack:
        node = stack.pop()
        out.append(node)
        stack.extend(reversed(_children().get(node, ())))
    return out


def synonyms_table() -> pd.DataFrame:
    """Every lookup key (normalised) and the id it resolves to: columns ``synonym``, ``substance_id``."""
    index = _tables()[1]
    return pd.DataFrame(sorted(index.items()), columns=["synonym", "substance_id"])


def _check_lang(lang: str) -> str:
    if lang not in LANGS:
        raise NotFound(f"Unknown language {lang!r}.", hint=f"Use one of: {', '.join(LANGS)}.")
    return lang
