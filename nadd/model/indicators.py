"""The indicators of the trilateral model: what an observation counts or measures.

One row per indicator in ``nadd/reference/indicators.csv`` (package data): a stable id, the
default unit (one of :data:`nadd.model.units.ALLOWED`), and a name and a one- or two-sentence
definition in English, Spanish and French.

Example:
    >>> get("drug_deaths").default_unit
    'count'
    >>> name("seized_quantity", "es")
    'Cantidad de drogas aseguradas'
"""

from __future__ import annotations

import csv
import difflib
import io
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import pandas as pd

from nadd.errors import NaddError, NotFound
from nadd.model import units

COLUMNS = (
    "id",
    "default_unit",
    "name_en",
    "name_es",
    "name_fr",
    "definition_en",
    "definition_es",
    "definition_fr",
)
LANGS = ("en", "es", "fr")
_FILE = "nadd/reference/indicators.csv"


class IndicatorTableError(NaddError):
    """``indicators.csv`` is malformed."""

    code = "indicator_table_error"
    status = 500


@dataclass(frozen=True)
class Indicator:
    id: str
    default_unit: str
    name_en: str
    name_es: str
    name_fr: str
    definition_en: str
    definition_es: str
    definition_fr: str


def _text() -> str:
    return resources.files("nadd").joinpath("reference", "indicators.csv").read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def _table() -> pd.DataFrame:
    rows = list(csv.DictReader(io.StringIO(_text())))
    header = tuple(rows[0].keys()) if rows else ()
    if header != COLUMNS:
        raise IndicatorTableError(
            f"{_FILE}: header is {list(header)}, expected {list(COLUMNS)}.",
            hint="Keep exactly these columns, in this order.",
        )
    problems: list[str] = []
    seen: dict[str, int] = {}
    for line, r in enumerate(rows, start=2):
        if r["id"] in seen:
            problems.append(f"{_FILE} row {line}: duplicate id {r['id']!r} (first at row {seen[r['id']]})")
        seen.setdefault(r["id"], line)
        if not units.is_valid(r["default_unit"]):
            problems.append(f"{_FILE} row {line}: default_unit {r['default_unit']!r} of {r['id']!r} is not an allowed unit")
        for col in COLUMNS:
            if not (r[col] or "").strip():
                problems.append(f"{_FILE} row {line}: {col} is empty for {r['id']!r}")
    if problems:
        raise IndicatorTableError(
            f"{len(problems)} problem(s) in {_FILE}: {problems[0]}",
            hint="Fix the rows named.",
            details=problems,
        )
    df = pd.DataFrame(rows, columns=list(COLUMNS))
    df["default_unit"] = df["default_unit"].map(units.check)
    return df


@lru_cache(maxsize=1)
def _by_id() -> dict[str, Indicator]:
    return {r["id"]: Indicator(**r) for r in _table().to_dict("records")}


def all_indicators() -> pd.DataFrame:
    """Every indicator (a copy of the table)."""
    return _table().copy()


def exists(indicator_id: str) -> bool:
    return indicator_id in _by_id()


def get(indicator_id: str) -> Indicator:
    """One indicator; raises :class:`NotFound` with the closest ids as hint."""
    try:
        return _by_id()[indicator_id]
    except (KeyError, TypeError):
        close = difflib.get_close_matches(str(indicator_id), list(_by_id()), n=5, cutoff=0.5)
        raise NotFound(
            f"Unknown indicator {indicator_id!r}.",
            hint=(f"Did you mean: {', '.join(close)}? " if close else "")
            + f"Known indicators are listed in {_FILE}.",
        ) from None


def _lang(lang: str) -> str:
    if lang not in LANGS:
        raise NotFound(f"Unknown language {lang!r}.", hint=f"Use one of: {', '.join(LANGS)}.")
    return lang


def name(indicator_id: str, lang: str = "en") -> str:
    return getattr(get(indicator_id), f"name_{_lang(lang)}")


def definition(indicator_id: str, lang: str = "en") -> str:
    return getattr(get(indicator_id), f"definition_{_lang(lang)}")
