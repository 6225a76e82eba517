"""The incident model: five tables, their columns, controlled vocabularies and row validation.

One incident (a seizure, a postal item, an express consignment, a precursor shipment, a firearm
recovery or a suspicious financial report) has items (what was found), firearms, transactions
and parties (each APPEARANCE of a person or company; linkage joins them later). Every row carries
the sharing columns (owner country and agency, releasability, TLP) and a synthetic flag.
Vocabularies are data (vocabulary.csv, labels in EN/ES/FR); validation returns every failure.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from importlib import resources
from typing import Any

from nadd.errors import Failure, NotFound
from nadd.model.sharing import TLP, Releasability

SHARING = ("source_agency", "owner_country", "owner_agency", "releasability", "tlp")


@dataclass(frozen=True)
class Column:
    name: str
    type: str = "str"  # str | date | float | int | bool
    required: bool = False
    vocab: str | None = None  # a vocabulary domain, or a checker name (see _CHECKS)
    many: bool = False  # ';'-joined list of vocab values


def _c(name, type="str", required=False, vocab=None, many=False) -> Column:
    return Column(name, type, required, vocab, many)


_SHARE = [_c("source_agency"), _c("owner_country", required=True, vocab="country"),
          _c("owner_agency", required=True), _c("releasability", required=True, vocab="releasability"),
          _c("tlp", required=True, vocab="tlp")]

TABLES: dict[str, list[Column]] = {
    "incidents": [
        _c("incident_id", required=True), _c("kind", required=True, vocab="incident_kind"),
        _c("event_date", "date", required=True), _c("mode", vocab="mode"),
        _c("jurisdiction_id", required=True, vocab="jurisdiction"), _c("office"),
        _c("origin_country", vocab="country"), _c("transit_countries", vocab="country", many=True),
        _c("destination_country", vocab="country"),
        _c("destination_jurisdiction_id", vocab="jurisdiction"),
        _c("concealment", vocab="concealment"), _c("tracking_number"), _c("description"),
        *_SHARE, _c("synthetic", "bool", required=True),
    ],
    "incident_items": [
        _c("incident_id", required=True), _c("item_no", "int", required=True),
        _c("substance_id", required=True, vocab="substance"), _c("quantity", "float"),
        _c("unit", vocab="unit"), _c("purity_pct", "float"),
    ],
    "firearms": [
        _c("firearm_id", required=True), _c("incident_id", required=True), _c("make"), _c("model"),
        _c("calibre"), _c("serial"), _c("source_country", vocab="country"),
        _c("source_jurisdiction_id", vocab="jurisdiction"), _c("purchase_date", "date"),
        _c("recovery_date", "date"), _c("time_to_crime_days", "int"),
    ],
    "transactions": [
        _c("transaction_id", required=True), _c("incident_id", required=True),
        _c("date", "date", required=True), _c("amount", "float", required=True),
        _c("currency", required=True, vocab="currency"), _c("channel", required=True, vocab="channel"),
        _c("from_account"), _c("to_account"), _c("from_record_id"), _c("to_record_id"),
        _c("red_flags", vocab="red_flag", many=True),
    ],
    "parties": [
        _c("record_id", required=True), _c("incident_id", required=True),
        _c("role", required=True, vocab="role"), _c("kind", required=True, vocab="party_kind"),
        _c("full_name"), _c("given_name"), _c("family_name"), _c("second_family_name"),
        _c("dob", "date"), _c("nationality", vocab="country"), _c("address"), _c("city"),
        _c("region", vocab="jurisdiction"), _c("postcode"), _c("country", vocab="country"),
        _c("phone"), _c("email"), _c("account"), _c("wallet"), *_SHARE,
    ],
}
KEYS = {"incidents": ("incident_id",), "incident_items": ("incident_id", "item_no"),
        "firearms": ("firearm_id",), "transactions": ("transaction_id",), "parties": ("record_id",)}
# Tables whose rows belong to an incident (loaded only with their incident).
CHILDREN = ("incident_items", "firearms", "transactions", "parties")


_COLUMNS = {t: [c.name for c in cols] for t, cols in TABLES.items()}


def columns(table: str) -> list[str]:
    return list(_COLUMNS[table])


# --- vocabularies ------------------------------------------------------------------------------
@lru_cache(maxsize=1)
def _vocab_rows() -> dict[str, dict[str, dict[str, str]]]:
    out: dict[str, dict[str, dict[str, str]]] = {}
    text = (resources.files("nadd.incidents") / "vocabulary.csv").read_text(encoding="utf-8")
    for r in csv.DictReader(text.splitlines()):
        out.setdefault(r["domain"], {})[r["code"]] = {k: r[k] for k in ("en", "es", "fr")}
    return out


def vocabulary(domain: str) -> tuple[str, ...]:
    """The codes of a controlled vocabulary (incident_kind, mode, concealment, channel, role, ...)."""
    if domain == "releasability":
        return tuple(r.value for r in Releasability)
    if domain == "tlp":
        return tuple(t.value for t in TLP)
    try:
        return tuple(_vocab_rows()[domain])
    except KeyError:
        raise NotFound(f"no vocabulary {domain!r}",
                       hint=f"one of: {', '.join(sorted(_vocab_rows()))}") from None


def domains() -> tuple[str, ...]:
    return tuple(_vocab_rows())


def label(domain: str, code: str, lang: str = "en") -> str:
    """A code's label in English, Spanish or French (the code itself when unknown)."""
    return _vocab_rows().get(domain, {}).get(code, {}).get(lang if lang in ("en", "es", "fr") else "en", code)


# --- S10 postal identifiers (UPU S10: 2 letters, 8 digits, check digit, issuer country) -------
_S10 = re.compile(r"^([A-Z]{2})(\d{8})(\d)([A-Z]{2})$")


def s10_check_digit(serial: str) -> int:
    s = sum(int(d) * w for d, w in zip(serial, (8, 6, 4, 2, 3, 5, 9, 7), strict=True))
    c = 11 - s % 11
    return {10: 0, 11: 5}.get(c, c)


def s10_valid(item_id: str) -> bool:
    m = _S10.match(item_id.replace(" ", "").upper())
    return bool(m) and s10_check_digit(m.group(2)) == int(m.group(3))


def s10(service: str, serial: int, country: str) -> str:
    ser = f"{serial:08d}"
    return f"{service}{ser}{s10_check_digit(ser)}{country}"


# --- row validation ------------------------------------------------------------------------------
_COUNTRY = re.compile(r"^[A-Z]{2}$")
_HINTS = {
    "date": "write dates as YYYY-MM-DD",
    "float": "write a plain number with a dot for decimals, no units or thousands separators",
    "int": "write a whole number",
    "bool": "write true or false",
    "country": "use an ISO 3166-1 alpha-2 code, e.g. US, MX, CA, CN",
    "jurisdiction": "use an ISO 3166-1/3166-2 code, e.g. US-TX, MX-CHH, CA-BC",
    "substance": "use a nadd substance id or name (e.g. fentanyl, methamphetamine, 4-anpp)",
}


def parse(col: Column, value: str) -> Any:
    """A cell's typed value; raises ValueError with the expected form when it cannot be read."""
    if col.type == "date":
        return date.fromisoformat(value)
    if col.type == "float":
        return float(value)
    if col.type == "int":
        return int(value)
    if col.type == "bool":
        v = value.strip().lower()
        if v not in ("true", "false", "1", "0", "yes", "no"):
            raise ValueError(value)
        return v in ("true", "1", "yes")
    return value


_SUBDIVISION = re.compile(r"^[A-Z]{2}(-[A-Z0-9]{1,3})?$")


@lru_cache(maxsize=4096)
def _jurisdiction_ok(value: str) -> bool:
    """CA, MX and US codes must be in nadd's reference; elsewhere (CN-GD, IN-MH) the ISO shape is enough."""
    from nadd.model import jurisdictions

    if value[:2] in ("CA", "MX", "US"):
        return jurisdictions.exists(value)
    return bool(_SUBDIVISION.match(value))


def _vocab_ok(domain: str, value: str) -> bool:
    if domain == "country":
        return bool(_COUNTRY.match(value))
    if domain == "jurisdiction":
        return _jurisdiction_ok(value)
    if domain == "substance":
        from nadd.model import substances

        return substances.exists(value)
    return value in vocabulary(domain)


def _cell_problems(table: str, col: Column, raw: Any) -> list[tuple[str | None, str, str]]:
    """(value, expected, hint) for each problem of one cell; [] when it is fine."""
    raw = None if raw is None or str(raw).strip() == "" else str(raw).strip()
    if raw is None:
        return [(None, "a value", f"{col.name} is required in {table}")] if col.required else []
    try:
        parse(col, raw)
    except ValueError:
        return [(raw, f"a {col.type}", _HINTS[col.type])]
    out = []
    if col.vocab:
        for v in (raw.split(";") if col.many else [raw]):
            if not _vocab_ok(col.vocab, v.strip()):
                allowed = _HINTS.get(col.vocab) or "one of: " + ", ".join(vocabulary(col.vocab))
                out.append((v, f"a {col.vocab} code", allowed))
    return out


def validate_table(table: str, rows: list[dict[str, Any]], *, file: str, first_line: int = 2) -> list[Failure]:
    """Every problem of every row, in row then column order. Each distinct value of a column is
    checked once (codes, dates and countries repeat: a million rows validate in seconds)."""
    out: list[tuple[int, int, Failure]] = []
    for k, col in enumerate(TABLES[table]):
        if col.type == "str" and not col.vocab and not col.required:
            continue  # free text: nothing to check
        seen: dict[Any, list] = {}
        for i, r in enumerate(rows):
            raw = r.get(col.name)
            probs = seen.get(raw)
            if probs is None:
                probs = seen[raw] = _cell_problems(table, col, raw)
            for v, exp, hint in probs:
                out.append((i, k, Failure(file, first_line + i, col.name, v, exp, hint)))
    out.sort(key=lambda x: (x[0], x[1]))
    return [f for _, _, f in out]


def validate_row(table: str, row: dict[str, str | None], *, file: str, line: int) -> list[Failure]:
    """Every problem of one row (values as text, None or '' for empty)."""
    return validate_table(table, [row], file=file, first_line=line)
