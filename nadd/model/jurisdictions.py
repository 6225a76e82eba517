"""Jurisdictions of the trilateral model: ids, names, code crosswalks and neighbours.

Ids are ISO 3166-1 alpha-2 (``MX``), ISO 3166-2 (``US-TX``, ``MX-CMX``) and, below them,
``US-TX-48201`` (county FIPS), ``MX-BCN-02004`` (INEGI CVE_GEO) and named special areas
(``US-NY-NYC``, ``CA-MB-WINNIPEG``, ``CA-TERRITORIES``). The tables are package data built by
``tools/build_geo_reference.py``; this module only reads them.
"""

from __future__ import annotations

import csv
import difflib
import functools
import unicodedata
from dataclasses import dataclass, field
from importlib.resources import files

import pandas as pd

from nadd.errors import NaddError, NotFound

LANGS = ("en", "es", "fr")
# Broadest first: a bare "Chihuahua" in a source means the state, not the municipality.
LEVEL_RANK = {"country": 0, "subdivision": 1, "region": 2, "city": 3, "health_region": 3,
              "county": 4, "municipality": 4}
# Numeric systems and the width their codes are zero-padded to ("6" and 6 both mean "06").
PADDED = {"fips_state": 2, "fips_county": 5, "inegi_cve_ent": 2, "inegi_cve_mun": 5, "sgc": 2,
          "iso_numeric": 3, "pruid": 0}
UPPER = {"iso3", "usps"}
TEXT = {"alt_name", "phac_region"}


@dataclass(frozen=True)
class Jurisdiction:
    id: str
    level: str
    country: str
    parent_id: str | None
    names: dict[str, str] = field(hash=False, compare=False)

    def name(self, lang: str = "en") -> str:
        return self.names[_lang(lang)]


def _ref(name: str):
    return files("nadd") / "reference" / name


def _rows(name: str) -> list[dict[str, str]]:
    # csv (not pandas type inference) so codes such as "02004" stay text
    with _ref(name).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def plain(text: str) -> str:
    """Case-, accent- and punctuation-insensitive form of a name, for matching."""
    text = unicodedata.normalize("NFKD", str(text).replace("’", "'"))
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    return " ".join("".join(c if c.isalnum() else " " for c in text).split())


@functools.lru_cache(maxsize=1)
def all_jurisdictions() -> pd.DataFrame:
    """Every jurisdiction, one row per id; all columns are text (parent_id '' for countries)."""
    with _ref("jurisdictions.csv").open(encoding="utf-8") as f:
        return pd.read_csv(f, dtype=str, keep_default_na=False)


@functools.lru_cache(maxsize=1)
def _by_id() -> dict[str, Jurisdiction]:
    return {
        r["id"]: Jurisdiction(r["id"], r["level"], r["country"], r["parent_id"] or None,
                              {lang: r[f"name_{lang}"] for lang in LANGS})
        for r in _rows("jurisdictions.csv")
    }


@functools.lru_cache(maxsize=1)
def _codes() -> dict[tuple[str, str], str]:
    return {(r["system"], _norm_code(r["system"], r["code"])): r["jurisdiction_id"]
            for r in _rows("jurisdiction_codes.csv")}


@functools.lru_cache(maxsize=1)
def systems() -> tuple[str, ...]:
    """The code systems that ``by_code`` knows."""
    return tuple(sorted({s for s, _ in _codes()}))


@functools.lru_cache(maxsize=1)
def _names() -> dict[str, dict[str, set[str]]]:
    """country -> plain name -> ids; alt_name entries are kept apart (they win over names)."""
    index: dict[str, dict[str, set[str]]] = {}
    for j in _by_id().values():
        for n in j.names.values():
            index.setdefault(j.country, {}).setdefault(plain(n), set()).add(j.id)
    return index


@functools.lru_cache(maxsize=1)
def _alt_names() -> dict[str, dict[str, str]]:
    index: dict[str, dict[str, str]] = {}
    for (system, code), jid in _codes().items():
        if system == "alt_name":
            country, _, text = code.partition(":")
            index.setdefault(country.upper(), {})[text] = jid
    return index


@functools.lru_cache(maxsize=1)
def _adjacency() -> dict[str, list[tuple[str, bool]]]:
    out: dict[str, list[tuple[str, bool]]] = {}
    for r in _rows("adjacency.csv"):
        out.setdefault(r["a"], []).append((r["b"], r["cross_border"] == "true"))
    return out


def _lang(lang: str) -> str:
    if lang not in LANGS:
        raise NaddError(f"unknown language {lang!r}", hint=f"use one of {', '.join(LANGS)}")
    return lang


def _norm_code(system: str, code: object) -> str:
    """Canonical text of a code: '6', 6 and 6.0 are FIPS '06'; 'ca' is USPS 'CA'."""
    if system in PADDED:
        if isinstance(code, float) and code.is_integer():
            code = int(code)
        text = str(code).strip()
        if text.endswith(".0") and text[:-2].isdigit():  # a number that went through a float column
            text = text[:-2]
        if not text.isdigit():
            return text  # cannot match; the caller reports it
        return text.zfill(PADDED[system]) if PADDED[system] else str(int(text))
    if system in UPPER:
        return str(code).strip().upper()
    if system == "alt_name":
        country, sep, text = str(code).partition(":")
        return f"{country.strip().upper()}:{plain(text)}" if sep else plain(code)
    return plain(code)


def exists(jid: str) -> bool:
    return jid in _by_id()


def get(jid: str) -> Jurisdiction:
    """The jurisdiction with id ``jid`` (e.g. 'US-TX'); NotFound with close ids otherwise."""
    try:
        return _by_id()[jid]
    except (KeyError, TypeError):
        close = difflib.get_close_matches(str(jid).upper(), list(_by_id()), n=5)
        raise NotFound(
            f"no jurisdiction with id {jid!r} in nadd/reference/jurisdictions.csv",
            hint=(f"did you mean {', '.join(close)}? " if close else "")
            + "ids are ISO 3166 codes such as 'US-TX', 'MX-CMX', 'CA-BC'; use by_code() for FIPS/INEGI/SGC codes",
        ) from None


def name(jid: str, lang: str = "en") -> str:
    """Display name of ``jid`` in 'en', 'es' or 'fr'."""
    return get(jid).name(lang)


def try_by_code(system: str, code: object) -> str | None:
    """Like ``by_code`` but None when the code is unknown (still raises for an unknown system)."""
    if system not in systems():
        raise NotFound(f"unknown code system {system!r}", hint=f"valid systems: {', '.join(systems())}")
    return _codes().get((system, _norm_code(system, code)))


def by_code(system: str, code: object) -> str:
    """Jurisdiction id for ``code`` in ``system``, e.g. by_code('fips_state', 6) == 'US-CA'."""
    jid = try_by_code(system, code)
    if jid is None:
        width = PADDED.get(system)
        how = f"{system} codes are digits, zero-padded to {width}" if width else (
            "alt_name codes look like 'MX:coahuila de zaragoza'" if system == "alt_name" else
            f"see the {system!r} rows of nadd/reference/jurisdiction_codes.csv")
        raise NotFound(
            f"no jurisdiction with {system} code {code!r} (read as {_norm_code(system, code)!r})",
            hint=f"{how}; if the code is new, add it in tools/build_geo_reference.py and rebuild",
        )
    return jid


def by_name(country: str | None, text: str, *, level: str | None = None) -> str:
    """Id of the jurisdiction of ``country`` named ``text`` in en/es/fr or a known alternative.

    Matching ignores case, accents and punctuation. A source alternative (alt_name) wins over
    display names, so by_name('MX', 'México') is the State of Mexico as Mexican sources mean it.
    Otherwise the broadest level wins ('Chihuahua' is the state); ``level`` narrows the search.
    ``country=None`` searches every country (UNODC country names).
    """
    key = plain(text)
    scopes = [country.upper()] if country else sorted(_names())
    hits = {_alt_names().get(c, {}).get(key) for c in scopes} - {None}
    if level:
        hits = {h for h in hits if _by_id()[h].level == level}
    if not hits:
        hits = set().union(*(_names().get(c, {}).get(key, set()) for c in scopes))
        if level:
            hits = {h for h in hits if _by_id()[h].level == level}
    if hits:
        best = min(LEVEL_RANK.get(_by_id()[h].level, 9) for h in hits)
        hits = {h for h in hits if LEVEL_RANK.get(_by_id()[h].level, 9) == best}
    if len(hits) == 1:
        return hits.pop()
    where = f"country {country}" if country else "any country"
    if hits:
        raise NotFound(
            f"name {text!r} matches {len(hits)} jurisdictions in {where}: {', '.join(sorted(hits)[:10])}",
            hint="look the place up by code (by_code) instead of by name, or pass level=",
        )
    pool = [n for c in scopes for n in (*_names().get(c, {}), *_alt_names().get(c, {}))]
    close = difflib.get_close_matches(key, pool, n=5, cutoff=0.75)
    raise NotFound(
        f"no jurisdiction named {text!r} in {where}" + (f" at level {level}" if level else ""),
        hint=(f"closest names: {', '.join(close)}" if close else "check the spelling and the country")
        + "; a source's own spelling can be added as an alt_name in tools/build_geo_reference.py",
    )


def neighbours(jid: str, cross_border_only: bool = False) -> list[str]:
    """Ids sharing a border with ``jid`` (states, provinces/territories); sorted."""
    get(jid)
    return sorted(b for b, cross in _adjacency().get(jid, []) if cross or not cross_border_only)


def children(jid: str, level: str | None = None) -> list[str]:
    """Ids whose parent is ``jid`` (optionally of one level); sorted."""
    get(jid)
    return sorted(j.id for j in _by_id().values() if j.parent_id == jid and (level is None or j.level == level))
