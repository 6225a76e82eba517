"""How an agency writes down a party: the observation-noise model for party records.

``observe(entity, rng, country=..., agency=...)`` takes one true identity (a person or a
company, with the fields of ``parties.csv``) and returns the fields as one agency would have
keyed them. Every kind of noise is one documented rate in :class:`NoiseRates`, drawn from the
``rng`` passed in, so that a seed gives the same records on every machine (pure: no global
state, the entity is not modified).

The noise follows record-linkage practice for this domain (trafficking-references.md §6):
accents dropped by ASCII systems or added by Spanish/French clerks, transliteration variants,
keyboard typos and transpositions, given/family order swapped, the maternal surname dropped,
abbreviated or glued to the paternal one, nicknames, middle initials, company legal-form
variants, street-type abbreviations in EN/ES/FR, postcode and phone formats (E.164, national,
the pre-2019 Mexican ``044``/``01`` prefixes), e-mail case and dots, and missing fields. The
agency's country sets the habits (a US agency drops accents and maternal surnames more often).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, fields, replace

import numpy as np

from nadd.link.variants import (
    ADDRESS_WORDS,
    ADJACENT_KEYS,
    COMPANY_FORMS,
    NICKNAMES,
    TRANSLITERATIONS,
    accent_variant,
)

PARTY_FIELDS = ("kind", "full_name", "given_name", "family_name", "second_family_name", "dob",
                "nationality", "address", "city", "region", "postcode", "country", "phone",
                "email", "account", "wallet")


@dataclass(frozen=True)
class NoiseRates:
    """Probability of each kind of noise, per record (names: per name part)."""

    accent_drop: float = 0.25       # an accented name part written in ASCII
    accent_add: float = 0.05        # "Jose" written "José" (clerk "corrects" it)
    transliteration: float = 0.05   # Mohammed / Muhammad, Aleksandr / Alexander
    typo: float = 0.04              # one adjacent-key, transposed, dropped or doubled letter
    name_swap: float = 0.04         # given and family names in each other's field
    maternal_drop: float = 0.25     # the second family name left out
    maternal_abbrev: float = 0.10   # "López" -> "L."
    maternal_glued: float = 0.05    # "Hernández López" in family_name, second empty
    nickname: float = 0.05          # "Francisco" -> "Paco", "William" -> "Bill"
    middle_initial: float = 0.20    # "Juan Carlos" -> "Juan C." (or middle name dropped)
    company_form: float = 0.50      # "S.A. de C.V." -> "SA DE CV" / dropped / ...
    address_abbrev: float = 0.50    # "Avenue" -> "Ave", "Calle" -> "C."
    postcode_format: float = 0.30   # "H3Z2Y7", "C.P. 06600", "6600", ZIP+4
    phone_format: float = 0.70      # national or spaced formats instead of E.164
    phone_typo: float = 0.02        # one wrong digit
    email_variant: float = 0.20     # upper case, dots in the user name
    dob_swap: float = 0.02          # day and month exchanged (MM/DD vs DD/MM)
    upper_case: float = 0.30        # the whole name in capitals
    missing: float = 0.10           # each optional field left empty (dob, address, phone, ...)


DEFAULT_RATES = NoiseRates()
NO_NOISE = NoiseRates(**{f.name: 0.0 for f in fields(NoiseRates)})

# Agency habits by reporting country: US systems are mostly ASCII and have one surname field;
# Mexican agencies keep both surnames and their accents; Canadian ones sit in between.
COUNTRY_STYLE: dict[str, dict[str, float]] = {
    "US": {"accent_drop": 0.60, "maternal_drop": 0.45, "maternal_glued": 0.10},
    "MX": {"accent_drop": 0.10, "maternal_drop": 0.08, "accent_add": 0.10},
    "CA": {"accent_drop": 0.30, "maternal_drop": 0.30},
}
OPTIONAL = ("dob", "nationality", "address", "city", "postcode", "phone", "email", "account",
            "wallet")


def rates_for(country: str, base: NoiseRates = DEFAULT_RATES) -> NoiseRates:
    """The rates of an agency of ``country``: ``base`` with that country's habits applied.

    A base with a zero rate keeps it zero, so ``NO_NOISE`` stays noiseless everywhere.
    """
    style = COUNTRY_STYLE.get(country, {})
    return replace(base, **{k: v for k, v in style.items() if getattr(base, k) > 0})


def observe(entity: dict, rng: np.random.Generator, *, country: str, agency: str,
            rates: NoiseRates | None = None) -> dict:
    """The party fields of ``entity`` as an agency of ``country`` wrote them.

    ``rates`` defaults to :func:`rates_for` ``(country)``. ``agency`` is kept for habits per
    agency (not modelled yet beyond the country). Keys other than the party fields pass through.
    """
    del agency  # same habits for every agency of a country, for now
    r = rates if rates is not None else rates_for(country)
    out = dict(entity)
    if entity.get("kind", "person") == "company":
        out["full_name"] = _company_name(entity.get("full_name") or "", rng, r)
    else:
        out.update(_person_names(entity, rng, r))
        out["dob"] = _dob(entity.get("dob"), rng, r)
    out["address"] = _address(entity.get("address"), rng, r)
    out["postcode"] = _postcode(entity.get("postcode"), entity.get("country"), rng, r)
    out["phone"] = _phone(entity.get("phone"), country, rng, r)
    out["email"] = _email(entity.get("email"), rng, r)
    out["account"] = _account(entity.get("account"), rng, r)
    for key in OPTIONAL:
        if out.get(key) and _hit(rng, r.missing):
            out[key] = ""
    return out


def _hit(rng: np.random.Generator, p: float) -> bool:
    return bool(rng.random() < p)


def _pick(rng: np.random.Generator, options):
    return options[int(rng.integers(len(options)))]


def strip_accents(s: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))


def typo(s: str, rng: np.random.Generator) -> str:
    """One keyboard slip: adjacent key, transposition, dropped or doubled letter."""
    letters = [i for i, c in enumerate(s) if c.isalpha()]
    if len(letters) < 3:
        return s
    i = letters[int(rng.integers(1, len(letters)))]  # first letters are rarely mistyped
    kind = int(rng.integers(4))
    c = s[i]
    if kind == 0 and strip_accents(c.lower()) in ADJACENT_KEYS:
        near = _pick(rng, ADJACENT_KEYS[strip_accents(c.lower())])
        return s[:i] + (near.upper() if c.isupper() else near) + s[i + 1:]
    if kind == 1 and i + 1 < len(s) and s[i + 1].isalpha():
        return s[:i] + s[i + 1] + c + s[i + 2:]
    if kind == 2:
        return s[:i] + s[i + 1:]
    return s[:i] + c + s[i:]


def _name_part(s: str, rng: np.random.Generator, r: NoiseRates, *, nick: bool = False) -> str:
    if not s:
        return s
    if nick and _hit(rng, r.nickname) and strip_accents(s).lower() in NICKNAMES:
        s = _pick(rng, NICKNAMES[strip_accents(s).lower()]).title()
    if _hit(rng, r.transliteration) and strip_accents(s).lower() in TRANSLITERATIONS:
        s = _pick(rng, TRANSLITERATIONS[strip_accents(s).lower()]).title()
    if _hit(rng, r.accent_drop):
        s = strip_accents(s)
    elif _hit(rng, r.accent_add):
        s = accent_variant(s)
    if _hit(rng, r.typo):
        s = typo(s, rng)
    return s


def _person_names(e: dict, rng: np.random.Generator, r: NoiseRates) -> dict:
    given = e.get("given_name") or ""
    family = e.get("family_name") or ""
    second = e.get("second_family_name") or ""
    parts = given.split()
    if len(parts) > 1 and _hit(rng, r.middle_initial):
        parts = [parts[0]] if _hit(rng, 0.3) else [parts[0]] + [p[0] + "." for p in parts[1:]]
    given = " ".join([_name_part(parts[0], rng, r, nick=True)] + parts[1:]) if parts else ""
    family = _name_part(family, rng, r)
    second = _name_part(second, rng, r)
    if second:
        if _hit(rng, r.maternal_drop):
            second = ""
        elif _hit(rng, r.maternal_abbrev):
            second = second[0] + "."
        elif _hit(rng, r.maternal_glued):
            family, second = f"{family} {second}", ""
    if _hit(rng, r.name_swap):
        given, family = family, given
    if _hit(rng, r.upper_case):
        given, family, second = given.upper(), family.upper(), second.upper()
    full = " ".join(p for p in (given, family, second) if p)
    return {"given_name": given, "family_name": family, "second_family_name": second,
            "full_name": full}


def _company_name(name: str, rng: np.random.Generator, r: NoiseRates) -> str:
    if not name:
        return name
    low = name.lower()
    for canonical, variants in COMPANY_FORMS.items():
        if low.endswith(" " + canonical.lower()) and _hit(rng, r.company_form):
            stem = name[: -len(canonical)].rstrip(" ,")
            form = _pick(rng, variants)
            name = f"{stem} {form}".strip() if form else stem
            break
    if _hit(rng, r.accent_drop):
        name = strip_accents(name)
    if _hit(rng, r.typo):
        name = typo(name, rng)
    if _hit(rng, r.upper_case):
        name = name.upper()
    return name


def _address(addr: str | None, rng: np.random.Generator, r: NoiseRates) -> str:
    if not addr:
        return addr or ""
    words = addr.split(" ")
    for i, w in enumerate(words):
        key = w.strip(",").lower()
        if key in ADDRESS_WORDS and _hit(rng, r.address_abbrev):
            words[i] = _pick(rng, ADDRESS_WORDS[key]) + ("," if w.endswith(",") else "")
    addr = " ".join(words)
    if _hit(rng, r.accent_drop):
        addr = strip_accents(addr)
    if _hit(rng, r.typo):
        addr = typo(addr, rng)
    if _hit(rng, r.upper_case):
        addr = addr.upper()
    return addr


def _postcode(pc: str | None, country: str | None, rng: np.random.Generator,
              r: NoiseRates) -> str:
    if not pc or not _hit(rng, r.postcode_format):
        return pc or ""
    compact = pc.replace(" ", "")
    if country == "CA":
        return _pick(rng, [compact, compact.lower(), f"{compact[:3]}-{compact[3:]}"])
    if country == "MX":
        return _pick(rng, [f"C.P. {pc}", pc.lstrip("0"), f"CP{pc}"])
    if country == "US" and len(compact) == 5:
        return f"{compact}-{int(rng.integers(10000)):04d}"
    return compact


def _phone(e164: str | None, agency_country: str, rng: np.random.Generator,
           r: NoiseRates) -> str:
    """``e164`` (``+15551234567`` / ``+525512345678``) as an agency would key it."""
    if not e164:
        return ""
    digits = e164.lstrip("+")
    if _hit(rng, r.phone_typo):
        i = int(rng.integers(max(1, len(digits) - 7), len(digits)))
        digits = digits[:i] + str((int(digits[i]) + 1 + int(rng.integers(8))) % 10) + digits[i + 1:]
    if not _hit(rng, r.phone_format):
        return "+" + digits
    if digits.startswith("1") and len(digits) == 11:
        a, b, c = digits[1:4], digits[4:7], digits[7:]
        domestic = agency_country in ("US", "CA")
        return _pick(rng, [f"({a}) {b}-{c}", f"{a}-{b}-{c}", f"{a}.{b}.{c}", f"1-{a}-{b}-{c}",
                           f"+1 {a} {b} {c}"] if domestic else
                     [f"+1 ({a}) {b}-{c}", f"001 {a} {b} {c}", f"+1-{a}-{b}-{c}", f"1{a}{b}{c}"])
    if digits.startswith("52") and len(digits) == 12:
        n = digits[2:]
        a, b, c = n[:2], n[2:6], n[6:]
        if agency_country == "MX":
            return _pick(rng, [f"{a} {b} {c}", f"044 {a} {b} {c}", f"01 {a} {b} {c}",
                               f"+52 1 {a} {b} {c}", f"({a}) {b}-{c}"])
        return _pick(rng, [f"+52 {a} {b} {c}", f"011 52 {a} {b} {c}", f"52{n}"])
    return "+" + digits


def _email(email: str | None, rng: np.random.Generator, r: NoiseRates) -> str:
    if not email or "@" not in email or not _hit(rng, r.email_variant):
        return email or ""
    user, domain = email.split("@", 1)
    if _hit(rng, 0.5):
        return email.upper() if _hit(rng, 0.5) else user.title() + "@" + domain
    if "." in user:
        return user.replace(".", "", 1) + "@" + domain
    i = int(rng.integers(1, max(2, len(user))))
    return user[:i] + "." + user[i:] + "@" + domain


def _account(acct: str | None, rng: np.random.Generator, r: NoiseRates) -> str:
    if not acct:
        return acct or ""
    if _hit(rng, r.phone_format * 0.3):  # same clerks: spaces or dashes every four characters
        sep = _pick(rng, [" ", "-"])
        return sep.join(acct[i:i + 4] for i in range(0, len(acct), 4))
    return acct


def _dob(dob: str | None, rng: np.random.Generator, r: NoiseRates) -> str:
    if not dob:
        return dob or ""
    y, m, d = dob[:4], dob[5:7], dob[8:10]
    if _hit(rng, r.dob_swap) and int(d) <= 12 and d != m:
        return f"{y}-{d}-{m}"
    return dob
