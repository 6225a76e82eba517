"""Improved Farrington of Noufaily et al. (2013), as ``surveillance::farringtonFlexible`` 1.20.

Noufaily, Enki, Farrington, Garthwaite, Andrews and Charlett (2013), "An improved algorithm
for outbreak detection in multiple surveillance systems", Stat Med 32:1206-1222.

As :class:`~nadd.detect.farrington.Farrington`, with the changes Noufaily et al. recommend,
each a setting:

* ``noPeriods``: besides the ``2w+1``-week windows of the past ``b`` years (level
  ``noPeriods``), the weeks between them enter the model too, cut into ``noPeriods - 1``
  blocks, each a level of a seasonal factor (1 = the windows only, as Farrington 1996).
* ``pastWeeksNotIncluded`` (default ``w``): the weeks ``t - pastWeeksNotIncluded .. t`` are
  left out; the rest of the current window is a reference too.
* ``weightsThreshold`` (2.58; Farrington used 1): Anscombe residuals above it are
  down-weighted; ``pThresholdTrend`` (0.05): the trend's p-value must be below it.
* ``thresholdMethod``: ``"delta"`` (Farrington's, but one-sided ``1 - alpha``),
  ``"nbPlugin"`` (the ``1 - alpha`` quantile of a negative binomial of mean ``exp(eta0)``
  and dispersion ``phi``; Poisson when ``phi = 1``) or ``"muan"`` (the same with mean
  ``exp(qnorm(1 - alpha, eta0, se(eta0)))``).
* ``populationOffset``: ``offset(log(population))`` in the model.

An alarm is ``score > 1`` with at least ``limit54[0]`` cases in the last ``limit54[1]`` weeks
and a non-zero count; otherwise there is no alarm and the upper bound is missing (NaN), as R.
Missing weeks (NaN) are left out of the fits, as R's.  ``glmWarnings`` only silences R's
warnings and changes no number.  Like R, ``expected``/``score`` are on the link scale's
peculiarities: for nbPlugin and muan ``score = (y - eta0) / (upper - eta0)`` with ``eta0`` the
log of the expectation (R's formula, kept for equality).

Data needs: ``b*freq + w`` weeks before the first monitored one (R: "Some reference time
points did not exist").

Example::

    >>> import numpy as np
    >>> from nadd.detect.farrington_flexible import FarringtonFlexible
    >>> rng = np.random.default_rng(1)
    >>> x = rng.poisson(10, 4 * 52).astype(float); x[-1] = 40
    >>> FarringtonFlexible(b=3, noPeriods=10, thresholdMethod="nbPlugin").run(
    ...     x, range=[len(x) - 1]).alarm
    array([1.])

Tuning (R's defaults): ``b=5``, ``w=3``, ``alpha=0.05``, ``weightsThreshold=2.58``,
``pThresholdTrend=0.05``, ``powertrans="2/3"``, ``limit54=(5, 4)``, ``noPeriods=1``,
``thresholdMethod="delta"``; Noufaily et al. (2013) recommend ``noPeriods=10``,
``pastWeeksNotIncluded=26``, ``thresholdMethod="nbPlugin"`` (or ``"muan"``).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
from scipy.stats import nbinom, norm, poisson

from nadd.detect._glm_farrington import DBL_EPS
from nadd.detect.base import (
    Result,
    as_matrix,
    parse_bool,
    parse_choice,
    parse_float,
    parse_int,
    parse_range,
    register,
    require,
    setting,
)
from nadd.detect.farrington import (
    POWERTRANS,
    check_common,
    check_counts,
    design,
    enough_cases,
    farrington_upper,
    fit_with_trend_rule,
    monitored,
    parse_limit54,
    population_matrix,
)

__all__ = ["FarringtonFlexible", "reference_blocks"]

THRESHOLD_METHODS = ("delta", "nbPlugin", "muan")


def _parse_optional_int(name: str, text: str) -> int | None:
    return None if text.strip().lower() in ("", "null", "none", "na") else parse_int(name, text)


def _r_seq(a: int, b: int) -> range:
    """R's ``a:b`` (descending when ``b < a``)."""
    return range(a, b + 1) if a <= b else range(a, b - 1, -1)


def reference_blocks(b: int, w: int, freq: int, no_periods: int, past_weeks_not_included: int
                     ) -> tuple[np.ndarray, np.ndarray]:
    """Offsets ``d`` (reference week ``t - d``) and seasonal levels of farringtonFlexible.

    The same for every monitored week ``t``: R's ``blocks()`` on index dates, then
    ``blocksID[(t - pastWeeksNotIncluded):t] <- NA``.
    """
    L = max(b * freq + w, past_weeks_not_included) + 1    # t = L, 1-based
    f = np.full(L + 1, np.nan)
    p = no_periods
    f[L - w:L + 1] = p
    ref_weeks = [L - i * freq for i in range(b + 1)]
    for i in range(1, b + 1):
        ref = ref_weeks[i]
        f[ref - w:ref + w + 1] = p
        if p != 1:
            period = ref_weeks[i - 1] - 2 * w - 1 - ref
            size, rest = divmod(period, p - 1)
            lengths = np.array([0] + [size + (j < rest) for j in range(p - 1)])
            cs = np.cumsum(lengths)
            for j in range(1, p):
                f[list(_r_seq(ref + w + 1 + cs[j - 1], ref + w + 1 + cs[j] - 1))] = j
    f[L - past_weeks_not_included:L + 1] = np.nan
    f[0] = np.nan
    pos = np.flatnonzero(~np.isnan(f))
    return (L - pos), f[pos]


def noufaily_upper(eta0: np.ndarray, se_eta: np.ndarray, phi: np.ndarray, alpha: float,
                   method: str) -> np.ndarray:
    """Upper bound of ``algo.farrington.threshold.noufaily`` (nbPlugin / muan)."""
    with np.errstate(over="ignore", invalid="ignore"):
        mu_q = np.exp(eta0) if method == "nbPlugin" else np.exp(
            norm.ppf(1 - alpha, loc=eta0, scale=se_eta))
        nb = phi > 1
        upper = np.full(eta0.shape, np.nan)
        ok = np.isfinite(mu_q)
        m = ok & nb
        upper[m] = nbinom.ppf(1 - alpha, mu_q[m] / (phi[m] - 1), 1 / phi[m])
        m = ok & (phi == 1)
        upper[m] = poisson.ppf(1 - alpha, mu_q[m])
    return upper


@register("farrington-flexible", summary="Improved Farrington (Noufaily et al. 2013), "
                                         "as farringtonFlexible")
@dataclass(frozen=True)
class FarringtonFlexible:
    """Noufaily et al. (2013) detector; settings spelled as ``farringtonFlexible``'s control."""

    b: int = setting(5, parse=parse_int, doc="years back for the reference weeks (>= 1)")
    w: int = setting(3, parse=parse_int, doc="half window around the week in past years")
    reweight: bool = setting(True, parse=parse_bool, doc="down-weight past outbreaks")
    weightsThreshold: float = setting(2.58, parse=parse_float,
                                      doc="Anscombe residual above which a week is "
                                          "down-weighted (Noufaily: 2.58; Farrington: 1)")
    glmWarnings: bool = setting(True, parse=parse_bool,
                                doc="R only: show glm warnings (no effect on numbers)")
    alpha: float = setting(0.05, parse=parse_float, doc="one-sided level of the bound")
    trend: bool = setting(True, parse=parse_bool, doc="try a linear time trend")
    pThresholdTrend: float = setting(0.05, parse=parse_float,
                                     doc="keep the trend only if its p-value is below this")
    limit54: tuple[int, int] = setting((5, 4), parse=parse_limit54,
                                       doc="no alarm unless limit54[0] cases in the last "
                                           "limit54[1] weeks")
    powertrans: str = setting("2/3", parse=parse_choice(*POWERTRANS),
                              doc="scale of the delta method: 2/3, 1/2 or none")
    populationOffset: bool = setting(False, parse=parse_bool,
                                     doc="fit offset(log(population))")
    noPeriods: int = setting(1, parse=parse_int,
                             doc="levels of the seasonal factor (1: windows only)")
    pastWeeksNotIncluded: int | None = setting(None, parse=_parse_optional_int,
                                               doc="recent weeks left out; None: w")
    thresholdMethod: str = setting("delta", parse=parse_choice(*THRESHOLD_METHODS),
                                   doc="delta, nbPlugin or muan")
    freq: int = setting(52, parse=parse_int, doc="time points per year (R's sts freq)")
    range: tuple[int, ...] | None = setting(None, parse=parse_range,
                                            doc="0-based indices to monitor; None: every "
                                                "point with b years and w weeks of history")

    def __post_init__(self) -> None:
        m = "farringtonFlexible"
        check_common(self, m)
        most = self.freq - 2 * self.w
        require(isinstance(self.noPeriods, (int, np.integer)) and not isinstance(
            self.noPeriods, bool) and (self.noPeriods == 1 or 2 <= self.noPeriods <= most),
            m, "noPeriods", self.noPeriods,
            f"1, or 2 to {most} (each block between the windows needs a week at least)")
        require(self.pastWeeksNotIncluded is None or (isinstance(
            self.pastWeeksNotIncluded, (int, np.integer)) and self.pastWeeksNotIncluded >= 0),
            m, "pastWeeksNotIncluded", self.pastWeeksNotIncluded, "None or a whole number >= 0")
        require(self.thresholdMethod in THRESHOLD_METHODS, m, "thresholdMethod",
                self.thresholdMethod, "one of " + ", ".join(THRESHOLD_METHODS))
        require(0 <= self.pThresholdTrend <= 1, m, "pThresholdTrend", self.pThresholdTrend,
                "a probability")
        require(np.isfinite(self.weightsThreshold), m, "weightsThreshold",
                self.weightsThreshold, "a number")

    @property
    def past_weeks(self) -> int:
        return self.w if self.pastWeeksNotIncluded is None else self.pastWeeksNotIncluded

    @property
    def need(self) -> int:
        """Points needed before the first monitored one."""
        return max(self.b * self.freq + self.w, self.limit54[1] - 1, self.past_weeks)

    def run(self, observed: Any, range: Any = None,  # noqa: A002 - R's name
            population: Any = None) -> Result:
        """Upper bounds and alarms at ``range`` (0-based; default ``self.range``, else all).

        ``population`` (same shape as ``observed``) is needed with ``populationOffset``.
        """
        name = "farringtonFlexible"
        x, one = as_matrix(observed, name)
        idx = monitored(name, self.range if range is None else range, x.shape[1], self.need,
                        self.b, self.w, self.freq)
        S, T = x.shape[0], idx.size
        d, levels = reference_blocks(self.b, self.w, self.freq, self.noPeriods,
                                     self.past_weeks)
        ref = idx[:, None] - d[None, :]
        y = x[:, ref].reshape(S * T, -1)
        check_counts(name, x, ref)
        mask = ~np.isnan(y)
        y = np.where(mask, y, 0.0)
        offset = offset0 = None
        if self.populationOffset:
            pop = population_matrix(population, x.shape, name)
            offset = np.log(pop[:, ref]).reshape(S * T, -1)
            offset0 = np.log(pop[:, idx]).reshape(-1)
        X, x0 = design(d, levels if self.noPeriods != 1 else None, self.noPeriods)
        fit = fit_with_trend_rule(
            y, mask, X, x0, offset, 0.0 if offset0 is None else offset0, trend=self.trend,
            reweight=self.reweight, threshold=self.weightsThreshold, b=self.b,
            p_threshold=self.pThresholdTrend, prior_weights_in_summary=True)
        # predict.glm(se.fit = TRUE) with the model's summary dispersion (R passes model$phi
        # inside newdata, not as `dispersion`, and that summary reads the prior weights, see
        # fit_reweighted), type "response" (delta) or "link".
        se_eta = fit.root_v * np.sqrt(fit.dispersion)
        obs = x[:, idx].reshape(-1)
        if self.thresholdMethod == "delta":
            pred = np.maximum(np.exp(fit.eta0), DBL_EPS)
            upper = farrington_upper(pred, se_eta * pred, fit.phi, self.powertrans,
                                     norm.ppf(1 - self.alpha))
            expected = pred
        else:
            pred = fit.eta0
            upper = noufaily_upper(fit.eta0, se_eta, fit.phi, self.alpha, self.thresholdMethod)
            expected = np.exp(pred)
        with np.errstate(divide="ignore", invalid="ignore"):
            score = np.where(np.isnan(upper), np.nan, (obs - pred) / (upper - pred))
        null = ~fit.converged                      # R: the model could not be fitted
        enough = enough_cases(x, idx, self.limit54).reshape(-1)
        alarm = ((enough == 1) & (score > 1) & (obs != 0)) * 1.0
        upperbound = np.where(enough == 1, upper, np.nan)
        expected = np.where((enough == 1) & ~np.isnan(upper), expected, np.nan)
        for a in (alarm, upperbound, expected, score):
            a[null] = np.nan
        result = Result(method="farrington-flexible", range=idx, observed=x[:, idx],
                        upperbound=upperbound.reshape(S, T), alarm=alarm.reshape(S, T),
                        expected=expected.reshape(S, T), score=score.reshape(S, T),
                        settings=asdict(self))
        return result.squeezed() if one else result
