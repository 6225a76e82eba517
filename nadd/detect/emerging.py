"""Emerging-substance signals for sparse counts (half-yearly lab reports and the like).

Two methods for series too short or too sparse for EARS, Farrington or GLR:

``first-detection`` (:class:`FirstDetection`)
    The first time a substance is reported in a jurisdiction.  At a monitored ``t`` the
    alarm is 1 when ``x[t] >= minCount`` and the ``minAbsent`` periods before it,
    ``x[t-minAbsent .. t-1]``, are all 0.  A missing (NaN) count in that look-back window
    means we cannot tell whether the substance was absent: the alarm is NaN (undefined), as
    it is when ``x[t]`` itself is missing.

    ``upperbound`` is ``minCount - 0.5`` when the look-back is all zero (so, for whole-number
    counts, ``alarm == observed > upperbound`` as for the other methods), ``+inf`` when the
    substance was already reported in the look-back (no count can be a first detection) and
    NaN when the look-back has a missing count.  ``expected`` is the look-back mean, ``score``
    the count ``x[t]``.

    Data needs: ``minAbsent`` points before each monitored point; counts >= 0.

``rising-trend`` (:class:`RisingTrend`)
    A rising trend over the last ``window`` periods ending at ``t`` (inclusive).  The counts
    are fitted by a log-linear Poisson regression on time, ``log(mu_s) = a + b * s``, by
    iteratively reweighted least squares (batched across series), and the slope is tested
    with a one-sided Wald test, ``z = b / se(b)``.  This is the usual screening test for a
    growing count series (a Poisson regression of counts on time, as in trend screening of
    new psychoactive substances); ``family="quasipoisson"`` multiplies ``se(b)`` by the square
    root of the Pearson dispersion ``sum((y - mu)^2 / mu) / (window - 2)``, floored at 1 (so
    over-dispersed lab counts, which are usual, do not alarm on noise; under-dispersion never
    makes the test more eager).

    The alarm is 1 when ``z > qnorm(1 - alpha)`` **and** the fitted rate ratio per period
    ``exp(b) >= minRatio``: significance alone fires on small but steady growth of common
    substances with large counts; the ratio asks for growth fast enough to matter.  The
    defaults -- ``window=6`` (three years of half-years), ``alpha=0.05`` one-sided,
    ``minRatio=1.5`` per period (x2.25 per year for half-yearly data), ``family="poisson"``
    -- are nadd's choices for half-yearly NFLIS reports, not a published standard; tune them
    to the data.  ``minRatio`` is per period of the series, whatever the period is.

    Undefined fits are not errors: a window of all zeros gives alarm 0 (no signal; score
    NaN); a window whose reports all fall in its first or last period has no finite maximum
    likelihood slope (the Wald test breaks down there), so alarm and score are NaN -- that is
    a first detection, use ``first-detection``; a missing count in the window gives NaN.

    ``score`` is ``z``; ``expected`` the window mean; ``upperbound`` the count at ``t`` on the
    slowest alarming trend through the window mean, ``mean * minRatio ** ((window - 1) / 2)``
    (the window mean sits at the window's middle).  It is a reference level, used for the
    severity of alerts: the alarm is the test above, not ``observed > upperbound``.

    Data needs: ``window - 1`` points before each monitored point (``window`` >= 3, two
    parameters and at least one degree of freedom); counts >= 0.

Example::

    >>> import numpy as np
    >>> from nadd.detect import FirstDetection, RisingTrend
    >>> FirstDetection().run(np.array([0, 0, 0, 0, 0, 3, 5, 8.0])).alarm
    array([0., 1., 0., 0.])
    >>> RisingTrend().run(np.array([1, 2, 4, 8, 16, 32.0])).alarm
    array([1.])
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
    parse_range,
    register,
    require,
    setting,
)

__all__ = ["FirstDetection", "RisingTrend"]

#: Smallest trend window: two parameters and one degree of freedom.
MIN_WINDOW = 3
#: IRLS iterations (a log-linear fit of a few points converges in well under 10).
IRLS_MAX_ITER = 50
IRLS_TOL = 1e-10


def _whole(value: Any) -> bool:
    return isinstance(value, (int, np.integer)) and not isinstance(value, bool)


def _monitored(rng: Any, n_time: int, need: int, method: str, setting_txt: str,
               hint: str) -> np.ndarray:
    """Monitored indices, refused unless each has ``need`` points before it."""
    if rng is None and n_time > need:
        return np.arange(need, n_time)
    if rng is None:
        where = f"this series has {n_time}"
    else:
        idx = check_range(np.sort(np.asarray(rng)), n_time, method)
        if idx[0] >= need:
            return idx
        where = f"the first monitored index {idx[0]} has {idx[0]} before it"
    raise SeriesRefused(f"{method} with {setting_txt} needs {need} points before the first "
                        f"monitored point; {where}", hint=hint)


def _no_negative(window: np.ndarray, method: str) -> None:
    if np.any(window < 0):
        raise SeriesRefused(f"{method} needs counts of 0 or more; this series has a "
                            "negative count", hint="check the series: counts cannot be negative")


@register("first-detection", summary="First report of a substance after minAbsent empty periods")
@dataclass(frozen=True)
class FirstDetection:
    """First detection of a substance: a count after ``minAbsent`` periods of zeros."""

    minAbsent: int = setting(4, parse=parse_int,
                             doc="periods before t that must all be 0 (at least 1)")
    minCount: int = setting(1, parse=parse_int,
                            doc="smallest count at t that is a detection (at least 1)")
    range: tuple[int, ...] | None = setting(None, parse=parse_range,
                                            doc="0-based indices to monitor; None: every "
                                                "point with a full look-back")

    def __post_init__(self) -> None:
        require(_whole(self.minAbsent) and self.minAbsent >= 1, "first-detection",
                "minAbsent", self.minAbsent, "a whole number of at least 1")
        require(_whole(self.minCount) and self.minCount >= 1, "first-detection",
                "minCount", self.minCount, "a whole number of at least 1")

    def run(self, observed: Any, range: Any = None) -> Result:  # noqa: A002 - R's name
        """Alarms at ``range`` (0-based; default ``self.range``, else every possible point)."""
        name = "first-detection"
        x, one = as_matrix(observed, name)
        idx = _monitored(self.range if range is None else range, x.shape[1], self.minAbsent,
                         name, f"minAbsent={self.minAbsent}",
                         f"monitor from index {self.minAbsent} on, or use a smaller minAbsent")
        lags = np.arange(self.minAbsent, 0, -1)
        back = x[:, idx[:, None] - lags[None, :]]
        obs = x[:, idx]
        _no_negative(back, name)
        _no_negative(obs, name)
        missing = np.isnan(back).any(axis=2)
        absent = (back == 0).all(axis=2)
        upper = np.where(missing, np.nan, np.where(absent, self.minCount - 0.5, np.inf))
        alarm = np.where(np.isnan(obs) | missing, np.nan, (obs > upper) * 1.0)
        result = Result(method=name, range=idx, observed=obs, upperbound=upper, alarm=alarm,
                        expected=back.mean(axis=2), score=obs.copy(), settings=asdict(self))
        return result.squeezed() if one else result


@register("rising-trend",
          summary="Rising trend: one-sided Wald test on a log-linear Poisson slope")
@dataclass(frozen=True)
class RisingTrend:
    """Rising trend over the last ``window`` periods (log-linear Poisson, Wald test)."""

    window: int = setting(6, parse=parse_int,
                          doc="periods fitted, ending at t inclusive (at least 3)")
    alpha: float = setting(0.05, parse=parse_float,
                           doc="one-sided level of the Wald test on the slope")
    minRatio: float = setting(1.5, parse=parse_float,
                              doc="smallest fitted rate ratio per period that alarms (> 0)")
    family: str = setting("poisson", parse=parse_choice("poisson", "quasipoisson"),
                          doc="poisson, or quasipoisson (Pearson dispersion, floored at 1)")
    range: tuple[int, ...] | None = setting(None, parse=parse_range,
                                            doc="0-based indices to monitor; None: every "
                                                "point with a full window")

    def __post_init__(self) -> None:
        require(_whole(self.window) and self.window >= MIN_WINDOW, "rising-trend", "window",
                self.window, f"a whole number of at least {MIN_WINDOW}")
        require(0 < self.alpha < 1, "rising-trend", "alpha", self.alpha,
                "a probability strictly between 0 and 1")
        require(np.isfinite(self.minRatio) and self.minRatio > 0, "rising-trend", "minRatio",
                self.minRatio, "a number > 0")
        require(self.family in ("poisson", "quasipoisson"), "rising-trend", "family",
                self.family, "one of 'poisson', 'quasipoisson'")

    @property
    def z_alpha(self) -> float:
        return NormalDist().inv_cdf(1 - self.alpha)

    def run(self, observed: Any, range: Any = None) -> Result:  # noqa: A002 - R's name
        """Alarms at ``range`` (0-based; default ``self.range``, else every possible point)."""
        name = "rising-trend"
        x, one = as_matrix(observed, name)
        need = self.window - 1
        idx = _monitored(self.range if range is None else range, x.shape[1], need, name,
                         f"window={self.window}",
                         f"monitor from index {need} on, or use a smaller window "
                         f"(at least {MIN_WINDOW})")
        lags = np.arange(need, -1, -1)
        y = x[:, idx[:, None] - lags[None, :]]  # n_series x n_idx x window
        _no_negative(y, name)
        shape = y.shape[:2]
        flat = y.reshape(-1, self.window)
        missing = np.isnan(flat).any(axis=1)
        total = np.where(missing[:, None], 0.0, flat).sum(axis=1)
        pos = np.where(missing[:, None], 0.0, flat) > 0
        # Reports only at the window's first or last period: the MLE slope is infinite.
        edge = (pos[:, 0] & ~pos[:, 1:].any(axis=1)) | (pos[:, -1] & ~pos[:, :-1].any(axis=1))
        fit = ~missing & (total > 0) & ~edge
        z = np.full(flat.shape[0], np.nan)
        ratio = np.full(flat.shape[0], np.nan)
        if fit.any():
            b, se = _loglinear_slope(flat[fit], self.family == "quasipoisson")
            z[fit], ratio[fit] = b / se, np.exp(b)
        alarm = np.where(fit, ((z > self.z_alpha) & (ratio >= self.minRatio)) * 1.0, np.nan)
        alarm[~missing & (total == 0)] = 0.0
        mean = flat.mean(axis=1)
        upper = mean * self.minRatio ** ((self.window - 1) / 2)
        result = Result(method=name, range=idx, observed=x[:, idx],
                        upperbound=upper.reshape(shape), alarm=alarm.reshape(shape),
                        expected=mean.reshape(shape), score=z.reshape(shape),
                        settings=asdict(self))
        return result.squeezed() if one else result


def _loglinear_slope(y: np.ndarray, quasi: bool) -> tuple[np.ndarray, np.ndarray]:
    """Slope ``b`` of ``log(mu) = a + b*s`` and its standard error, per row of ``y``.

    Poisson IRLS on a centred time ``s`` (so ``a`` and ``b`` are nearly orthogonal), started
    as R's glm does from ``mu = y + 0.1``.  Rows must have a finite MLE (not all zero, not all
    mass at an end).  With ``quasi``, se is scaled by ``sqrt(max(1, Pearson dispersion))``.
    """
    w = y.shape[1]
    s = np.arange(w) - (w - 1) / 2.0
    eta = np.log(y + 0.1)
    b = np.zeros(y.shape[0])
    active = np.ones(y.shape[0], dtype=bool)  # each row stops on its own, so a batch equals
    for _ in range(IRLS_MAX_ITER):            # its rows fitted one at a time
        yy, ee = y[active], eta[active]
        mu = np.exp(ee)
        work = ee + (yy - mu) / mu
        s0, s1, s2 = mu.sum(1), (mu * s).sum(1), (mu * s * s).sum(1)
        t0, t1 = (mu * work).sum(1), (mu * s * work).sum(1)
        det = s0 * s2 - s1 * s1
        b_new = (s0 * t1 - s1 * t0) / det
        a = (s2 * t0 - s1 * t1) / det
        eta[active] = np.clip(a[:, None] + b_new[:, None] * s[None, :], -700, 700)
        done = np.abs(b_new - b[active]) < IRLS_TOL * (1 + np.abs(b_new))
        b[active] = b_new
        active[np.flatnonzero(active)[done]] = False
        if not active.any():
            break
    mu = np.exp(eta)
    s0, s1, s2 = mu.sum(1), (mu * s).sum(1), (mu * s * s).sum(1)
    var_b = s0 / (s0 * s2 - s1 * s1)
    if quasi:
        phi = ((y - mu) ** 2 / mu).sum(1) / (w - 2)
        var_b = var_b * np.maximum(phi, 1.0)
    return b, np.sqrt(var_b)
