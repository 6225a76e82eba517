"""EARS C1, C2 and C3, as ``surveillance::earsC`` (R package surveillance 1.20).

The CDC's Early Aberration Reporting System compares each count with the mean and standard
deviation of a short sliding baseline of past counts (Hutwagner et al. 2003, "The
bioterrorism preparedness and response Early Aberration Reporting System (EARS)",
J Urban Health 80(2 Suppl 1):i89-96; Fricker et al. 2008, Stat Med 27:3407-3429).

For a monitored time ``t`` (``b = baseline``, ``z = qnorm(1 - alpha)``,
``sd`` with denominator ``b - 1`` as R's ``sd``):

* C1: reference ``x[t-b .. t-1]``;   ``upperbound = mean + z * max(sd, minSigma)``.
* C2: reference ``x[t-b-2 .. t-3]`` (two-point guard band); same upperbound.
* C3: with ``C2(s) = (x[s] - mean_s) / max(sd_s, minSigma)`` on C2's reference of ``s``,
  ``upperbound = max(0, x[t] + max(sd_t, minSigma) * (z - max(0, C2(t-2) - 1)
  - max(0, C2(t-1) - 1)))``.

An alarm is ``observed > upperbound`` (NaN where either is missing).  Points needed before
the first monitored point: ``b`` (C1), ``b + 2`` (C2), ``b + 4`` (C3).

Example::

    >>> import numpy as np
    >>> from nadd.detect import EarsC
    >>> x = np.array([3, 4, 2, 5, 3, 4, 3, 12.0])
    >>> EarsC(method="C1", alpha=0.001).run(x, range=[7]).alarm
    array([1.])

Tuning (R's defaults): ``baseline=7`` (minimum 3), ``minSigma=0``, ``alpha=0.001`` for C1 and
C2 and ``0.025`` for C3 (EARS's original thresholds of about 3 and 2 standard deviations).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from statistics import NormalDist
from typing import Any

import numpy as np

from nadd.detect.base import (
    Result,
    SeriesRefused,
    as_matrix,
    check_range,
    parse_choice,
    parse_float,
    parse_int,
    parse_optional_float,
    parse_range,
    register,
    require,
    setting,
)

__all__ = ["EarsC"]

#: R's minimum: earsC stops with "Minimum baseline to use is 3."
MIN_BASELINE = 3
#: R's alpha when the control list leaves it out: 0.001 for C1/C2 (z about 3), 0.025 for C3.
DEFAULT_ALPHA = {"C1": 0.001, "C2": 0.001, "C3": 0.025}
#: Distance, in time steps, from the monitored point to the last reference point.
GUARD = {"C1": 0, "C2": 2, "C3": 2}


@register("ears-c1", summary="EARS C1: sliding baseline of the last `baseline` points",
          method="C1")
@register("ears-c2", summary="EARS C2: like C1 with a 2-point guard band", method="C2")
@register("ears-c3", summary="EARS C3: C2 plus the two previous C2 exceedances", method="C3")
@dataclass(frozen=True)
class EarsC:
    """EARS C1/C2/C3 detector; settings spelled as ``surveillance::earsC``'s control list."""

    method: str = setting("C1", parse=parse_choice("C1", "C2", "C3"),
                          doc="C1, C2 or C3")
    baseline: int = setting(7, parse=parse_int,
                            doc="number of reference points (at least 3)")
    minSigma: float = setting(0.0, parse=parse_float,
                              doc="floor under the reference standard deviation (>= 0)")
    alpha: float | None = setting(None, parse=parse_optional_float,
                                  doc="upper-tail level of qnorm; None: 0.001 (C1, C2), "
                                      "0.025 (C3) as R when alpha is left out")
    range: tuple[int, ...] | None = setting(None, parse=parse_range,
                                            doc="0-based indices to monitor; None: every "
                                                "point with a full baseline")

    def __post_init__(self) -> None:
        require(self.method in ("C1", "C2", "C3"), "earsC", "method", self.method,
                "one of 'C1', 'C2', 'C3'")
        require(isinstance(self.baseline, (int, np.integer)) and not isinstance(
            self.baseline, bool) and self.baseline >= MIN_BASELINE, "earsC", "baseline",
            self.baseline, f"a whole number of at least {MIN_BASELINE} (R's minimum)")
        require(np.isfinite(self.minSigma) and self.minSigma >= 0, "earsC", "minSigma",
                self.minSigma, "a number >= 0")
        require(self.alpha is None or 0 < self.alpha < 1, "earsC", "alpha", self.alpha,
                "a probability strictly between 0 and 1")

    @property
    def max_lag(self) -> int:
        """Points needed before the first monitored point (R's ``maxLag``)."""
        return self.baseline + {"C1": 0, "C2": 2, "C3": 4}[self.method]

    @property
    def effective_alpha(self) -> float:
        """``alpha``, or R's method default when it is left out."""
        return DEFAULT_ALPHA[self.method] if self.alpha is None else self.alpha

    @property
    def z_alpha(self) -> float:
        """``qnorm(1 - alpha)``; Python's NormalDist uses Wichura's AS241, as R's qnorm."""
        return NormalDist().inv_cdf(1 - self.effective_alpha)

    def run(self, observed: Any, range: Any = None) -> Result:  # noqa: A002 - R's name
        """Upper bounds and alarms at ``range`` (0-based; default ``self.range``, else all)."""
        name = f"earsC {self.method}"
        x, one = as_matrix(observed, name)
        idx = self._monitored(self.range if range is None else range, x.shape[1])
        with np.errstate(divide="ignore", invalid="ignore"):
            obs = x[:, idx]
            if self.method == "C3":
                expected = score = None
                upper = self._c3_upper(x, idx)
            else:
                mean, sd = _reference(x, idx, self.baseline, GUARD[self.method], self.minSigma)
                expected, score = mean, (obs - mean) / sd
                upper = mean + self.z_alpha * sd
        alarm = np.where(np.isnan(obs) | np.isnan(upper), np.nan, (obs > upper) * 1.0)
        result = Result(method=f"ears-{self.method.lower()}", range=idx, observed=obs,
                        upperbound=upper, alarm=alarm, expected=expected, score=score,
                        settings={**asdict(self), "alpha": self.effective_alpha})
        return result.squeezed() if one else result

    def _monitored(self, rng: Any, n_time: int) -> np.ndarray:
        """Sorted 0-based indices to monitor, refused unless each has a full baseline."""
        if rng is None and n_time > self.max_lag:
            return np.arange(self.max_lag, n_time)
        if rng is None:
            where = f"this series has {n_time}"
        else:
            idx = check_range(np.sort(np.asarray(rng)), n_time, f"earsC {self.method}")
            if idx[0] >= self.max_lag:
                return idx
            where = f"the first monitored index {idx[0]} has {idx[0]} before it"
        raise SeriesRefused(
            f"earsC {self.method} with baseline={self.baseline} needs {self.max_lag} points "
            f"before the first monitored point; {where}",
            hint=f"monitor from index {self.max_lag} on, or use a smaller baseline "
                 f"(at least {MIN_BASELINE})")

    def _c3_upper(self, x: np.ndarray, idx: np.ndarray) -> np.ndarray:
        """C3 upper bound: C2's statistic at t-1 and t-2 lowers the C2 margin at t.

        The C2 reference (same guard as C3) is computed once over t-2..t for all t, then read
        at the three lags: monitored points overlap, so this does a third of the work.
        """
        at = np.unique(np.concatenate([idx - 2, idx - 1, idx]))
        mean, sd = _reference(x, at, self.baseline, GUARD["C2"], self.minSigma)
        stat = (x[:, at] - mean) / sd
        pos = np.searchsorted(at, idx)
        lag2 = np.maximum(0.0, stat[:, np.searchsorted(at, idx - 2)] - 1)
        lag1 = np.maximum(0.0, stat[:, np.searchsorted(at, idx - 1)] - 1)
        upper = x[:, idx] + sd[:, pos] * (self.z_alpha - (lag2 + lag1))
        return np.maximum(0.0, upper)


def _reference(x: np.ndarray, idx: np.ndarray, baseline: int, guard: int,
               min_sigma: float) -> tuple[np.ndarray, np.ndarray]:
    """Mean and ``max(sd, minSigma)`` of ``x[:, t-guard-baseline .. t-guard-1]`` per ``t``.

    Arrays are ``n_series x len(idx)``; NaN propagates as R's NA does through mean, sd, pmax.
    """
    lags = np.arange(guard + baseline, guard, -1)
    ref = x[:, idx[:, None] - lags[None, :]]
    mean = ref.mean(axis=2)
    sd = np.sqrt(((ref - mean[..., None]) ** 2).sum(axis=2) / (baseline - 1))
    return mean, np.where(np.isnan(sd), np.nan, np.maximum(sd, min_sigma))
