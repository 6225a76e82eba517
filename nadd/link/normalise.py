"""Comparison forms of party records: what Splink compares, never what is shown.

Raw values stay in ``parties``; these functions make the normalised columns (accents off,
lower case, nicknames and romanisations mapped to one key, legal forms dropped, E.164 phones,
canonical postcodes) so that a linkage run is reproducible from the raw records. Pure and
vectorised per distinct value: names repeat a lot, so each distinct value is computed once.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import jellyfish
import pandas as pd

from nadd.link.variants import (
    ADDRESS_CANON,
    COMPANY_FORMS,
    NICKNAME_CANON,
    TRANSLIT_CANON,
)

PARTICLES = {"de", "del", "la", "las", "los", "y", "da", "van", "von", "le", "du", "des", "e"}
_LEGAL = sorted({f for c, vs in COMPANY_FORMS.items() for f in [c, *vs] if f}, key=len,
                reverse=True)
_LEGAL_RE = re.compile(r"[\s,]+(" + "|".join(re.escape(f) for f in _LEGAL) + r")\s*$", re.IGNORECASE)
_NON_ALNUM = re.compile(r"[^a-z0-9 ]+")


def plain(s: str | None) -> str:
    """Lower case, accents stripped, punctuation to spaces, single spaces."""
    if not s:
        return ""
    # NFKD then ASCII: accents go, letters stay (fast: both steps are in C).
    s = unicodedata.normalize("NFKD", str(s)).encode("ascii", "ignore").decode("ascii")
    s = _NON_ALNUM.sub(" ", s.lower().replace("'", "").replace("-", " "))
    return " ".join(s.split())


@lru_cache(maxsize=200_000)
def name_key(s: str | None) -> str:
    """One key for a given or family name: nicknames and romanisations mapped, particles out.

    >>> name_key("Pepe"), name_key("MUHAMMAD"), name_key("de la Cruz")
    ('jose', 'mohammed', 'cruz')
    """
    tokens = [t for t in plain(s).split() if t not in PARTICLES and len(t) > 1]
    tokens = [TRANSLIT_CANON.get(NICKNAME_CANON.get(t, t), NICKNAME_CANON.get(t, t))
              for t in tokens]
    return " ".join(tokens)


@lru_cache(maxsize=200_000)
def phonetic(s: str | None) -> str:
    """Metaphone of a name key (first token): "Hernandes" and "Hernández" share one code."""
    first = (s or "").split(" ")[0]
    return jellyfish.metaphone(first) if first else ""


@lru_cache(maxsize=200_000)
def company_key(s: str | None) -> str:
    """Company name without its legal form: "Químicos del Norte, S.A. de C.V." -> "quimicos del norte"."""
    if not s:
        return ""
    prev = None
    s = str(s)
    while prev != s:  # "Foo Corp. Ltd." has two
        prev, s = s, _LEGAL_RE.sub("", s)
    return plain(s)


def phone_e164(s: str | None, country: str | None) -> str:
    """E.164 from the formats agencies write (NANP, Mexico with old 01/044/045/1 tokens).

    ``country`` is the country of the number's record (the region hint libphonenumber needs).
    """
    if not s:
        return ""
    raw = str(s).strip()
    digits = re.sub(r"\D", "", raw)
    intl = raw.startswith("+")
    for prefix in ("011", "001", "00"):  # international dialling out of NANP / Mexico
        if not intl and digits.startswith(prefix) and len(digits) > 11:
            digits, intl = digits[len(prefix):], True
            break
    if digits.startswith("52") and len(digits) in (12, 13) and (intl or len(digits) == 12):
        n = digits[2:]
        return "+52" + (n[1:] if len(n) == 11 and n[0] == "1" else n)
    if (intl or len(digits) == 11) and digits.startswith("1") and len(digits) == 11:
        return "+" + digits
    if country == "MX":
        for token in ("044", "045", "01", "02"):
            if digits.startswith(token) and len(digits) == 10 + len(token):
                digits = digits[len(token):]
                break
        return "+52" + digits if len(digits) == 10 else "+" + digits
    if len(digits) == 10:
        return "+1" + digits
    return "+" + digits


def postcode_key(s: str | None, country: str | None) -> str:
    """Canadian ``A1A1A1``, Mexican 5 digits (leading zero restored), US 5-digit ZIP."""
    if not s:
        return ""
    t = re.sub(r"[^0-9A-Za-z]", "", str(s)).upper()
    if country == "MX" or t.startswith("CP"):
        d = re.sub(r"\D", "", t)
        return d.zfill(5) if d else ""
    if country == "US" and t[:5].isdigit():
        return t[:5]
    return t


@lru_cache(maxsize=200_000)
def address_key(s: str | None) -> str:
    """Street words in one form ("Av." / "Avenida" / "Ave" -> "avenue"), accents and case off."""
    tokens = plain(str(s or "").replace(".", " ")).split()
    return " ".join(ADDRESS_CANON.get(t, t) for t in tokens)


def email_key(s: str | None) -> str:
    """Lower case with dots out of the user name (how most mail hosts treat them)."""
    if not s or "@" not in str(s):
        return ""
    user, domain = str(s).strip().lower().split("@", 1)
    return user.replace(".", "") + "@" + domain


def id_key(s: str | None) -> str:
    """Account numbers, wallets: upper case without separators."""
    return re.sub(r"[\s\-./]", "", str(s or "")).upper()


def _map(col: pd.Series, fn) -> list[str]:
    """``fn`` over the distinct values of ``col`` only (names and cities repeat a lot)."""
    values = col.tolist()
    table = {v: fn(v) for v in set(values)}
    return [table[v] for v in values]


def _map2(a: pd.Series, b: pd.Series, fn) -> list[str]:
    """``fn(a, b)`` over the distinct pairs only (a phone and its country, ...)."""
    pairs = list(zip(a.tolist(), b.tolist()))
    table = {k: fn(*k) for k in set(pairs)}
    return [table[k] for k in pairs]


def prepare(parties: pd.DataFrame) -> pd.DataFrame:
    """The Splink input table for ``parties`` (columns of parties.csv): one row per record.

    Empty strings become nulls so that Splink's null levels see them as missing.
    """
    p = parties.fillna("").astype(str)
    person = (p["kind"].str.lower() != "company").to_numpy()
    out = pd.DataFrame({"unique_id": p["record_id"].tolist(), "kind": p["kind"].str.lower().tolist()})
    given = pd.Series(_map(p["given_name"], name_key))
    family = pd.Series(_map(p["family_name"], name_key))
    second = pd.Series(_map(p["second_family_name"], name_key))
    company = pd.Series(_map(p["full_name"], company_key))
    first_given = given.str.split(" ").str[0]
    first_family = family.str.split(" ").str[0]
    out["given_norm"] = first_given.where(person, "")
    out["family_norm"] = first_family.where(person, "")
    out["full_norm"] = (out["given_norm"] + " " + out["family_norm"]).str.strip().where(
        person, company)
    out["given_phon"] = _map(out["given_norm"], phonetic)
    out["family_phon"] = _map(out["family_norm"], phonetic)
    tokens = (given + " " + family + " " + second).where(person, company)
    out["name_tokens"] = _map(tokens, lambda s: tuple(sorted(set(s.split()))))
    dob = p["dob"].str[:10]
    out["dob"] = dob
    # A clerk's MM/DD vs DD/MM confusion: the swapped date is compared as its own level.
    out["dob_swapped"] = (dob.str[:4] + "-" + dob.str[8:10] + "-" + dob.str[5:7]).where(
        dob.str.len() == 10, "")
    out["birth_year"] = dob.str[:4]
    country = p["country"].str.upper()
    out["phone"] = _map2(p["phone"], country, phone_e164)
    out["email"] = _map(p["email"], email_key)
    out["account"] = _map(p["account"], id_key)
    out["wallet"] = _map(p["wallet"], id_key) if "wallet" in p else ""
    out["postcode"] = _map2(p["postcode"], country, postcode_key)
    out["address"] = _map(p["address"], address_key)
    out["country"] = country.tolist()
    for col in out.columns:
        if col != "name_tokens":
            out[col] = out[col].replace("", None)
    out["name_tokens"] = [list(t) if t else None for t in out["name_tokens"]]
    return out
