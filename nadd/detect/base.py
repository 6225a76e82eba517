"""What every detector shares: the Result, the errors, settings spelled as in R, the registry.

A detector is a small frozen dataclass of settings, validated in ``__post_init__``, with one
verb, ``run(observed, range=None) -> Result``. Its fields are declared with :func:`setting`,
which records the spelling of the same control entry in R's ``surveillance`` package
(``c.ARL`` for the field ``c_ARL``) and how to parse it from a string, so that
``from_settings("glrpois", {"c.ARL": "5"})`` works as a CLI ``--set c.ARL=5`` gives it.

Conventions shared by all methods:

* ``observed`` is ``n_series x n_time`` (or 1-D for one series); counts, float or int.
* ``range`` holds 0-based time indices to monitor, increasing.  R's ``range = 105:208`` is
  ``range = np.arange(104, 208)`` here.
* The Result's arrays are ``n_series x len(range)`` (1-D when ``observed`` was 1-D); ``alarm``
  is float: 1.0 alarm, 0.0 no alarm, NaN where the method leaves it undefined (as R's NA).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from nadd.errors import NaddError

__all__ = [
    "DetectError",
    "MethodEntry",
    "METHODS",
    "Result",
    "SeriesRefused",
    "SettingError",
    "as_matrix",
    "check_range",
    "from_settings",
    "get_method",
    "list_methods",
    "parse_bool",
    "parse_choice",
    "parse_float",
    "parse_int",
    "parse_optional_float",
    "parse_range",
    "register",
    "require",
    "setting",
]


# --------------------------------------------------------------------------- errors


class DetectError(NaddError):
    """Base of detector errors."""

    code = "detect_error"


class SettingError(DetectError):
    """A detector setting is unknown, unparsable or out of its valid domain."""

    code = "detect_setting"


class SeriesRefused(DetectError):
    """The data cannot meet the method's needs (too short, negative counts, bad range...)."""

    code = "series_refused"
    status = 422


# --------------------------------------------------------------------------- result


@dataclass(frozen=True)
class Result:
    """Output of ``Detector.run``; arrays are ``n_series x len(range)`` (1-D for one series).

    ``upperbound`` is the threshold the observation is compared with (R's ``upperbound``
    slot), ``alarm`` is 1.0 / 0.0 / NaN, ``expected`` the baseline expectation and ``score``
    the method's statistic where it has them (None otherwise).
    """

    method: str
    range: np.ndarray
    observed: np.ndarray
    upperbound: np.ndarray
    alarm: np.ndarray
    expected: np.ndarray | None = None
    score: np.ndarray | None = None
    settings: Mapping[str, Any] = field(default_factory=dict)

    def squeezed(self) -> Result:
        """The same result with the series axis dropped (for a 1-D input)."""
        return self.series(0)

    def series(self, i: int) -> Result:
        """The result of series ``i`` alone, as ``run`` on that series would give it (1-D)."""
        arrays = ("observed", "upperbound", "alarm", "expected", "score")
        return dataclasses.replace(self, **{
            f: None if getattr(self, f) is None else getattr(self, f)[i] for f in arrays})


# --------------------------------------------------------------------------- settings


def setting(default: Any, *, parse: Callable[[str, str], Any], r: str | None = None,
            doc: str = "") -> Any:
    """A dataclass field for a detector setting.

    ``r`` is the spelling in surveillance's control list when it differs from the Python name
    (``c.ARL``); ``parse(name, text)`` turns a CLI string into the value or raises
    :class:`SettingError`.
    """
    return field(default=default, metadata={"r": r, "parse": parse, "doc": doc})


def _bad(name: str, text: str, expected: str) -> SettingError:
    return SettingError(f"setting {name}={text!r} is not {expected}",
                        hint=f"give {name} as {expected}, e.g. --set {name}=...")


def parse_float(name: str, text: str) -> float:
    try:
        return float(text)
    except ValueError:
        raise _bad(name, text, "a number") from None


def parse_optional_float(name: str, text: str) -> float | None:
    if text.strip().lower() in ("", "null", "none", "na"):
        return None
    return parse_float(name, text)


def parse_int(name: str, text: str) -> int:
    try:
        value = float(text)
    except ValueError:
        raise _bad(name, text, "a whole number") from None
    if not value.is_integer():
        raise _bad(name, text, "a whole number")
    return int(value)


def parse_bool(name: str, text: str) -> bool:
    t = text.strip().lower()
    if t in ("true", "t", "1", "yes"):
        return True
    if t in ("false", "f", "0", "no"):
        return False
    raise _bad(name, text, "TRUE or FALSE")


def parse_choice(*choices: str) -> Callable[[str, str], str]:
    """Parser accepting exactly one of ``choices`` (spelled as in R)."""

    def parse(name: str, text: str) -> str:
        t = text.strip().strip("\"'")
        if t not in choices:
            raise _bad(name, text, "one of " + ", ".join(repr(c) for c in choices))
        return t

    return parse


def parse_range(name: str, text: str) -> tuple[int, ...] | None:
    """``'START:STOP'`` (0-based, half-open like a Python slice) or ``'i,j,k'``; empty = None."""
    t = text.strip()
    if t.lower() in ("", "null", "none"):
        return None
    try:
        if ":" in t:
            start, stop = (int(p) for p in t.split(":"))
            return tuple(range(start, stop))
        return tuple(int(p) for p in t.split(","))
    except ValueError:
        raise _bad(name, text, "'START:STOP' (0-based, stop excluded) or 'i,j,k'") from None


def _r_name(f: dataclasses.Field) -> str:
    return f.metadata.get("r") or f.name


# --------------------------------------------------------------------------- data checks


def as_matrix(observed: Any, method: str) -> tuple[np.ndarray, bool]:
    """``observed`` as a float ``n_series x n_time`` matrix, and whether it was 1-D."""
    x = np.asarray(observed, dtype=float)
    if x.ndim not in (1, 2):
        raise SeriesRefused(f"{method} needs a 1-D series or an n_series x n_time matrix; "
                            f"got an array of {x.ndim} dimensions",
                            hint="stack series as rows of a 2-D array")
    one = x.ndim == 1
    x = np.atleast_2d(x)
    if x.shape[1] == 0:
        raise SeriesRefused(f"{method} needs at least one time point; this series is empty")
    return x, one


def check_range(range_: Any, n_time: int, method: str, *, first: int = 0) -> np.ndarray:
    """``range_`` as increasing 0-based indices inside ``[first, n_time)``.

    ``first`` is the earliest index the method can monitor (its data needs); ``None`` means
    every index from ``first`` on.
    """
    if range_ is None:
        if first >= n_time:
            raise SeriesRefused(f"{method} needs at least {first + 1} points to monitor one; "
                                f"this series has {n_time}")
        return np.arange(first, n_time)
    idx = np.asarray(range_)
    if idx.ndim != 1 or idx.size == 0 or not np.issubdtype(idx.dtype, np.integer):
        raise SeriesRefused(f"{method}: range must be a non-empty list of whole time indices",
                            hint="e.g. range=np.arange(104, 208) for R's range=105:208")
    if np.any(np.diff(idx) <= 0):
        raise SeriesRefused(f"{method}: range must be increasing without repeats")
    if idx[0] < 0 or idx[-1] >= n_time:
        raise SeriesRefused(f"{method}: range runs from index {idx[0]} to {idx[-1]} but the "
                            f"series has indices 0 to {n_time - 1}",
                            hint="range holds 0-based indices (R's t is index t-1 here)")
    return idx.astype(np.intp)


# --------------------------------------------------------------------------- registry


@dataclass(frozen=True)
class MethodEntry:
    """A registered method: its detector class, preset settings and one-line summary."""

    name: str
    cls: type
    preset: Mapping[str, Any]
    summary: str

    def __call__(self, **settings: Any) -> Any:
        return self.cls(**{**self.preset, **settings})

    def spellings(self) -> dict[str, dataclasses.Field]:
        """R spelling -> field, for the settings a user may set (presets excluded)."""
        return {_r_name(f): f for f in dataclasses.fields(self.cls)
                if f.name not in self.preset and "parse" in f.metadata}


METHODS: dict[str, MethodEntry] = {}


def register(name: str, *, summary: str, **preset: Any) -> Callable[[type], type]:
    """Class decorator registering a detector under ``name`` with ``preset`` settings."""

    def deco(cls: type) -> type:
        METHODS[name] = MethodEntry(name, cls, dict(preset), summary)
        return cls

    return deco


def list_methods() -> list[str]:
    """Names of every registered detection method."""
    return sorted(METHODS)


def get_method(name: str) -> MethodEntry:
    try:
        return METHODS[name]
    except KeyError:
        raise DetectError(f"unknown detection method {name!r}",
                          hint="known methods (list_methods()): " + ", ".join(list_methods())
                          ) from None


def from_settings(name: str, settings: Mapping[str, Any] | Iterable[str] = ()) -> Any:
    """Build method ``name`` from settings given as strings with surveillance's spellings.

    ``settings`` is a mapping ``{"alpha": "0.05", "c.ARL": "5"}`` or ``NAME=VALUE`` strings
    as a CLI ``--set`` gives them.  Non-string values are taken as they are.
    """
    entry = get_method(name)
    if not isinstance(settings, Mapping):
        pairs = {}
        for item in settings:
            key, sep, value = str(item).partition("=")
            if not sep:
                raise SettingError(f"setting {item!r} is not NAME=VALUE",
                                   hint="e.g. --set alpha=0.05")
            pairs[key.strip()] = value.strip()
        settings = pairs
    fields = entry.spellings()
    kwargs = {}
    for key, value in settings.items():
        f = fields.get(key)
        if f is None:
            raise SettingError(f"{name} has no setting {key!r}",
                               hint=f"{name} settings: " + ", ".join(fields))
        kwargs[f.name] = f.metadata["parse"](key, value) if isinstance(value, str) else value
    return entry(**kwargs)


def require(ok: bool, method: str, name: str, value: Any, expected: str) -> None:
    """For ``__post_init__``: raise :class:`SettingError` unless ``ok``."""
    if not ok:
        raise SettingError(f"{method}: setting {name}={value!r} must be {expected}",
                           hint=f"set {name} to {expected}")
