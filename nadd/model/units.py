"""Units of the trilateral model, on one pint registry.

Every observation carries a unit string from :data:`ALLOWED`. Conversions go through pint;
the only factors written here are the definitions of our own units:

* ``count``: a dimensionless tally (deaths, reports, events);
* ``per_100k`` = 1e-5 and ``percent`` = 0.01 (dimensionless ratios);
* ``person``: its own dimension, for population denominators;
* ``boolean``: dimensionless 0/1 flag (for example, a law in force);
* currencies (``USD``, ``CAD``, ``MXN``, ``EUR``): each its own base dimension, so that no
  exchange rate is ever applied silently.

Example:
    >>> round(float(convert([1.0], "lb", "kg")[0]), 8)
    0.45359237
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pint

from nadd.errors import UnitError

CURRENCIES = ("USD", "CAD", "MXN", "EUR")

_DEFINITIONS = (
    "count = []",
    "per_100k = 1e-5 = per_100000",
    "boolean = []",
    "person = [population] = persons = people",
    *(f"{c} = [currency_{c.lower()}]" for c in CURRENCIES),
)

#: Units an observation may carry, by their canonical spelling.
ALLOWED: frozenset[str] = frozenset(
    {
        "count",
        "per_100k",
        "percent",
        "boolean",
        "person",
        "kg",
        "g",
        "mg",
        "lb",
        "oz",
        "t",
        "l",
        "ml",
        *CURRENCIES,
    }
)

# Aliases analysts and source files use, mapped to the canonical spelling in ALLOWED.
_ALIASES = {
    "%": "percent",
    "pct": "percent",
    "kilogram": "kg",
    "kilograms": "kg",
    "kgs": "kg",
    "gram": "g",
    "grams": "g",
    "milligram": "mg",
    "milligrams": "mg",
    "pound": "lb",
    "pounds": "lb",
    "lbs": "lb",
    "ounce": "oz",
    "ounces": "oz",
    "tonne": "t",
    "tonnes": "t",
    "metric_ton": "t",
    "litre": "l",
    "liter": "l",
    "litres": "l",
    "liters": "l",
    "millilitre": "ml",
    "milliliter": "ml",
    "persons": "person",
    "people": "person",
    "number": "count",
    "n": "count",
    "per 100k": "per_100k",
    "per_100000": "per_100k",
    "per 100,000": "per_100k",
    "per 100 000": "per_100k",
    "rate per 100k": "per_100k",
    "bool": "boolean",
    "usd": "USD",
    "cad": "CAD",
    "mxn": "MXN",
    "eur": "EUR",
}


def _build_registry() -> pint.UnitRegistry:
    reg = pint.UnitRegistry(autoconvert_offset_to_baseunit=True)
    for line in _DEFINITIONS:
        name = line.split("=", 1)[0].strip()
        if name not in reg:  # pint already defines some (``count``); keep its definition
            reg.define(line)
    pint.set_application_registry(reg)
    return reg


@lru_cache(maxsize=1)
def registry() -> pint.UnitRegistry:
    """The application registry with the custom units; built on first use (pint takes ~2 s)."""
    return _build_registry()


def __getattr__(name: str):
    if name == "UNITS":  # module attribute kept for callers; built lazily
        return registry()
    raise AttributeError(name)

# pint spellings of canonical names that pint parses differently (``t`` is tonne, ``l`` litre).
_PINT_NAME = {"t": "metric_ton", "l": "liter", "ml": "milliliter"}


def _allowed_text() -> str:
    return ", ".join(sorted(ALLOWED, key=str.lower))


def _canonical(unit: str) -> str | None:
    if not isinstance(unit, str):
        return None
    text = unit.strip()
    if text in ALLOWED:
        return text
    key = text.lower()
    if key in _ALIASES:
        return _ALIASES[key]
    if key in ALLOWED:
        return key
    return None


def is_valid(unit: str) -> bool:
    """True if ``unit`` (or a known alias such as ``lbs`` or ``%``) is an allowed unit."""
    return _canonical(unit) is not None


def check(unit: str) -> str:
    """Canonical spelling of ``unit``; raises :class:`UnitError` naming the allowed units."""
    canon = _canonical(unit)
    if canon is None:
        raise UnitError(
            f"Unknown unit {unit!r}.",
            hint=f"Use one of: {_allowed_text()}. Aliases such as 'lbs', 'kilograms', '%' are accepted.",
        )
    return canon


@lru_cache(maxsize=None)
def _pint_unit(canon: str) -> pint.Unit:
    return registry().Unit(_PINT_NAME.get(canon, canon))


def compatible(from_unit: str, to_unit: str) -> bool:
    """True if values in ``from_unit`` can be converted to ``to_unit``."""
    a, b = _pint_unit(check(from_unit)), _pint_unit(check(to_unit))
    return a.dimensionality == b.dimensionality and _kind(check(from_unit)) == _kind(check(to_unit))


# Dimensionless units of different meaning must not convert into each other:
# a count is not a rate, and a flag is not a percentage (only percent <-> per_100k ratios do).
_DIMENSIONLESS_KIND = {"count": "count", "boolean": "boolean", "percent": "ratio", "per_100k": "ratio"}


def _kind(canon: str) -> str:
    return _DIMENSIONLESS_KIND.get(canon, "physical")


def convert(values, from_unit: str, to_unit: str) -> np.ndarray:
    """Convert ``values`` (scalar or array-like) from one unit to another, vectorised.

    Raises :class:`UnitError` naming both units if they measure different things
    (for example ``kg`` to ``USD``, or ``count`` to ``percent``).
    """
    src, dst = check(from_unit), check(to_unit)
    arr = np.asarray(values, dtype=float)
    if src == dst:
        return arr.copy()
    if not compatible(src, dst):
        a, b = _pint_unit(src), _pint_unit(dst)
        raise UnitError(
            f"Cannot convert from {src!r} to {dst!r}: {src} measures {_describe(src, a)}, "
            f"{dst} measures {_describe(dst, b)}.",
            hint="Convert only between units of the same kind (mass: kg, g, mg, lb, oz, t; "
            "ratios: percent, per_100k). Currencies are never converted (no exchange rates).",
        )
    return registry().Quantity(arr, _pint_unit(src)).to(_pint_unit(dst)).magnitude


def _describe(canon: str, unit: pint.Unit) -> str:
    kind = _kind(canon)
    if kind != "physical":
        return {"count": "a count", "boolean": "a yes/no flag", "ratio": "a ratio"}[kind]
    return str(unit.dimensionality)
