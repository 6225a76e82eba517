"""CUSUM for counts, as ``surveillance::algo.cusum`` (R package surveillance 1.20).

Rossi, Lampugnani and Marchi (1999), "An approximate CUSUM procedure for surveillance of
health events", Stat Med 18:2111-2122.  Each monitored count ``x`` is standardised against an
expected count ``m`` by ``trans``, and the one-sided CUSUM ``C_t = max(0, C_{t-1} + z_t - k)``
(``C`` starts at 0 before the first monitored point and never resets) alarms when
``C_t >= h``.  The upper bound is the count that would have made ``C_t`` reach ``h``:

============== ============================================ ==================================
trans          z_t                                          upperbound
============== ============================================ ==================================
standard       (x - m) / sqrt(m)                            ceiling(sqrt(m) (h+k-C) + m)
rossi          (x - 3m + 2 sqrt(x m)) / (2 sqrt(m))         R's closed form (see source)
anscombe       3/2 (x^(2/3) - m^(2/3)) / m^(1/6)            (2/3 m^(1/6) (h+k-C) + m^(2/3))^(3/2)
anscombe2nd    (x^(2/3) - (m^(2/3) - m^(-1/3)/9))           as R, including its m^(1/3)/9
               / (2/3 m^(1/6))
pearsonNegBin  (x - m) / sqrt(m + alpha m^2)                sqrt(m + alpha m^2) (h+k-C) + m
none           x                                            h - C_t
============== ============================================ ==================================

(``C`` is ``C_{t-1}``; bounds below 0 or undefined are 0, as in R.)  ``m`` is, as in R: the
mean of every point before the first monitored one (``m=None``), a number or one number per
monitored point, or ``"glm"``: ``glm(x ~ 1 + cos(2 pi/p t) + sin(2 pi/p t), poisson)`` fitted
to the points before the first monitored one and predicted at the monitored points, with
``t = start + index`` (``start`` = R's ``start[2]``, ``p = freq``).

Example::

    >>> import numpy as np
    >>> from nadd.detect import Cusum
    >>> x = np.array([3, 4, 2, 5, 3, 4, 3, 9, 12.0])
    >>> Cusum(k=1.04, h=2.26).run(x, range=[7, 8]).alarm
    array([0., 1.])

Tuning (R's defaults, Rossi et al.): ``k = 1.04`` and ``h = 2.26`` (a standard-normal CUSUM
with in-control ARL about 500 and a one-sd shift detected in about 4 steps); ``alpha = 0.1``
for pearsonNegBin.  R's ``anscombeNegBin`` needs a hypergeometric table inside surveillance
and is not offered.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

import numpy as np

from nadd.detect._glm import harmonic_design, poisson_glm
from nadd.detect.base import (
    Result,
    SeriesRefused,
    as_matrix,
    check_range,
    parse_choice,
    parse_float,
    parse_optional_float,
    parse_range,
    register,
    require,
    setting,
)

__all__ = ["Cusum"]

#: Rossi et al. (1999): reference value and decision interval, R's defaults.
DEFAULT_K = 1.04
DEFAULT_H = 2.26
#: NB overdispersion R uses for trans = "pearsonNegBin" when alpha is left out.
DEFAULT_ALPHA = 0.1
TRANSFORMS = ("standard", "rossi", "anscombe", "anscombe2nd", "pearsonNegBin", "none")
#: Fewest points before the first monitored one for R's estimates of m.
MIN_TRAINING = {"mean": 1, "glm": 3}


def _parse_m(name: str, text: str) -> Any:
    t = text.strip().strip("\"'")
    if t.lower() in ("", "null", "none"):
        return None
    if t == "glm":
        return "glm"
    return parse_float(name, t)


@register("cusum", summary="CUSUM of standardised counts (Rossi et al. 1999), as algo.cusum")
@dataclass(frozen=True)
class Cusum:
    """CUSUM detector; settings spelled as ``surveillance::algo.cusum``'s control list."""

    k: float = setting(DEFAULT_K, parse=parse_float, doc="reference value (> 0 usually)")
    h: float = setting(DEFAULT_H, parse=parse_float, doc="decision interval (> 0)")
    m: Any = setting(None, parse=_parse_m,
                     doc="expected count: None (mean before range), a number, or 'glm'")
    trans: str = setting("standard", parse=parse_choice(*TRANSFORMS),
                         doc="standardisation: " + ", ".join(TRANSFORMS))
    alpha: float | None = setting(None, parse=parse_optional_float,
                                  doc="NB overdispersion for pearsonNegBin (None: 0.1)")
    range: tuple[int, ...] | None = setting(None, parse=parse_range,
                                            doc="0-based indices to monitor")

    def __post_init__(self) -> None:
        require(np.isfinite(self.k), "cusum", "k", self.k, "a finite number")
        require(np.isfinite(self.h) and self.h > 0, "cusum", "h", self.h, "a number > 0")
        require(self.trans in TRANSFORMS, "cusum", "trans", self.trans,
                "one of " + ", ".join(TRANSFORMS) + " (anscombeNegBin is not offered)")
        m = self.m
        ok_m = (m is None or m == "glm" if isinstance(m, (str, type(None)))
                else np.all(np.isfinite(np.asarray(m, dtype=float)))
                and np.all(np.asarray(m, dtype=float) > 0))
        require(bool(ok_m), "cusum", "m", m, "None, 'glm', or expected counts > 0")
        require(self.alpha is None or (np.isfinite(self.alpha) and self.alpha >= 0), "cusum",
                "alpha", self.alpha, "a number >= 0")

    def run(self, observed: Any, range: Any = None, *,  # noqa: A002 - R's name
            freq: int = 52, start: int = 1) -> Result:
        """CUSUM over ``range`` (0-based).  ``freq``/``start`` (R's ``freq``, ``start[2]``)
        place the points in the season for ``m = "glm"``."""
        x, one = as_matrix(observed, "cusum")
        rng = self.range if range is None else range
        idx = check_range(rng, x.shape[1], "cusum", first=1)
        m = self._expected(x, idx, freq, start)
        obs = x[:, idx]
        if np.isnan(obs).any() or (obs < 0).any():
            raise SeriesRefused("cusum needs non-negative counts at every monitored point; "
                                f"series {_bad_rows(obs)} has a missing or negative one",
                                hint="impute or drop the missing points before running")
        k, h = self.k, self.h
        alpha = DEFAULT_ALPHA if self.alpha is None else self.alpha
        with np.errstate(divide="ignore", invalid="ignore"):
            z = _standardise(self.trans, obs, m, alpha)
            cusum = np.zeros((x.shape[0], idx.size + 1))
            for t in np.arange(idx.size):
                cusum[:, t + 1] = np.maximum(0.0, cusum[:, t] + (z[:, t] - k))
            c_prev, c_now = cusum[:, :-1], cusum[:, 1:]
            alarm = (c_now >= h) * 1.0
            upper = _upperbound(self.trans, m, h, k, alpha, c_prev, c_now)
        upper = np.where(np.isnan(upper) | (upper < 0), 0.0, upper)
        result = Result(method="cusum", range=idx, observed=obs, upperbound=upper, alarm=alarm,
                        expected=m, score=c_now, settings=asdict(self))
        return result.squeezed() if one else result

    def _expected(self, x: np.ndarray, idx: np.ndarray, freq: int, start: int) -> np.ndarray:
        """``m`` per series and monitored point (``n_series x len(idx)``), as R computes it."""
        n_series, first = x.shape[0], int(idx[0])
        if self.m is not None and not isinstance(self.m, str):
            m = np.asarray(self.m, dtype=float)
            if m.ndim and m.shape[-1] != idx.size:
                raise SeriesRefused(f"cusum: m gives {m.shape[-1]} expected counts but "
                                    f"{idx.size} points are monitored",
                                    hint="give one m or one per monitored point")
            return np.broadcast_to(m, (n_series, idx.size)).astype(float)
        need = MIN_TRAINING["mean" if self.m is None else "glm"]
        train = x[:, :first]
        if first < need:
            what = "m=NULL (their mean)" if self.m is None else 'm="glm" (a seasonal fit)'
            raise SeriesRefused(
                f"cusum with {what} needs {need} points before the first monitored point; "
                f"this series has {first}",
                hint=f"monitor from index {need} on, or give m as a number")
        if np.isnan(train).any() or (train < 0).any():
            raise SeriesRefused("cusum estimates m from the points before the first monitored "
                                f"one; series {_bad_rows(train)} has a missing or negative "
                                "count there", hint="impute the gaps or give m as a number")
        if self.m is None:
            return np.repeat(train.mean(axis=1, keepdims=True), idx.size, axis=1)
        t_train = start + np.arange(first)
        beta = poisson_glm(harmonic_design(t_train, freq), train)
        return np.exp(beta @ harmonic_design(start + idx, freq).T)


def _bad_rows(a: np.ndarray) -> str:
    rows = np.flatnonzero((np.isnan(a) | (a < 0)).any(axis=1))
    return ", ".join(str(r) for r in rows[:5]) + (" ..." if rows.size > 5 else "")


def _standardise(trans: str, x: np.ndarray, m: np.ndarray, alpha: float) -> np.ndarray:
    if trans == "rossi":
        return (x - 3 * m + 2 * np.sqrt(x * m)) / (2 * np.sqrt(m))
    if trans == "standard":
        return (x - m) / np.sqrt(m)
    if trans == "anscombe":
        return 3 / 2 * (x ** (2 / 3) - m ** (2 / 3)) / m ** (1 / 6)
    if trans == "anscombe2nd":
        return (x ** (2 / 3) - (m ** (2 / 3) - m ** (-1 / 3) / 9)) / (2 / 3 * m ** (1 / 6))
    if trans == "pearsonNegBin":
        return (x - m) / np.sqrt(m + alpha * m ** 2)
    return x  # "none"


def _upperbound(trans: str, m: np.ndarray, h: float, k: float, alpha: float,
                c_prev: np.ndarray, c_now: np.ndarray) -> np.ndarray:
    """The count that would have brought the CUSUM to ``h``; R's back-transformations."""
    if trans == "rossi":
        return (2 * h * m ** 0.5 + 2 * k * m ** 0.5 - 2 * c_prev * m ** 0.5 + 5 * m
                - 2 * (4 * m ** 2 + 2 * m ** 1.5 * h + 2 * m ** 1.5 * k
                       - 2 * m ** 1.5 * c_prev) ** 0.5)
    if trans == "standard":
        return np.ceil(np.sqrt(m) * (h + k - c_prev) + m)
    if trans == "anscombe":
        base = (2 / 3) * m ** (1 / 6) * (h + k - c_prev) + m ** (2 / 3)
        return np.where(base < 0, 0.0, np.abs(base) ** 1.5)
    if trans == "anscombe2nd":
        # R uses m^(1/3)/9 here, not the m^(-1/3)/9 of its transformation; kept for equality.
        base = (2 / 3) * m ** (1 / 6) * (h + k - c_prev) + (m ** (2 / 3) - m ** (1 / 3) / 9)
        return np.where(base < 0, 0.0, np.abs(base) ** 1.5)
    if trans == "pearsonNegBin":
        return np.sqrt(m + alpha * m ** 2) * (h + k - c_prev) + m
    return h - c_now  # "none"
