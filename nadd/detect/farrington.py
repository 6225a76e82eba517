"""Farrington et al. (1996), as ``surveillance::algo.farrington`` (R package surveillance 1.20).

Farrington, Andrews, Beale and Catchpole (1996), "A statistical algorithm for the early
detection of outbreaks of infectious disease", J R Stat Soc A 159:547-563.

For each monitored week ``k`` (R's 1-based index ``t = k + 1``) a quasi-Poisson log-linear model
is fitted to the reference weeks ``t - freq*i + j`` (``i = 1..b``, ``j = -w..w``), with a linear
time trend ``wtime`` (the week's 1-based index) when ``trend``.  The trend is kept only if
``b >= 3``, its t-test p-value is below 0.05 and the prediction at ``t`` does not exceed the
largest reference count; otherwise the model is refitted without it.  With ``reweight`` the
model is refitted with weights down-weighting weeks whose Anscombe residual exceeds 1.  The
upper bound is the ``1 - alpha/2`` quantile of the prediction on the ``powertrans`` scale
(``2/3`` removes the Poisson skewness), ``(mu0^e + z*se)^(1/e)``, with ``se`` the delta-method
standard error of ``mu^e`` under variance ``mu0 * (phi + se.fit^2/mu0)``, as
``algo.farrington.threshold`` (:func:`farrington_upper`).  An
alarm is ``(y - mu0)/(upper - mu0) > 1``; when fewer than ``limit54[1]`` cases were counted in
the last ``limit54[2]`` weeks the upper bound is 0 and there is no alarm.

Data needs: ``b*freq + w`` weeks before the first monitored one (R silently drops reference
weeks before the series start and warns; nadd refuses instead), no negative counts and no
missing week among the reference weeks (R's glm.fit stops there; use farrington-flexible,
which leaves missing weeks out).

Example::

    >>> import numpy as np
    >>> from nadd.detect.farrington import Farrington
    >>> rng = np.random.default_rng(1)
    >>> x = rng.poisson(10, 4 * 52).astype(float); x[-1] = 40
    >>> Farrington(b=3, w=3).run(x, range=[len(x) - 1]).alarm
    array([1.])

Tuning (R's defaults, Farrington et al. 1996): ``b=5`` years, ``w=3`` weeks either side,
``alpha=0.05`` (two-sided, so the bound is the 97.5% quantile), ``powertrans="2/3"``,
``limit54=(5, 4)`` (at least 5 cases in the last 4 weeks), ``reweight=True``, ``trend=True``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
from scipy.stats import norm

from nadd.detect._glm_farrington import DBL_EPS, Response, fit_reweighted
from nadd.detect.base import (
    Result,
    SeriesRefused,
    SettingError,
    as_matrix,
    check_range,
    parse_bool,
    parse_choice,
    parse_float,
    parse_int,
    parse_range,
    register,
    require,
    setting,
)

__all__ = ["Farrington", "farrington_upper", "parse_limit54"]

#: Trend kept only if its p-value is below this (algo.farrington's fixed 0.05) ...
P_TREND = 0.05
#: ... and with at least this many years of reference data (Farrington et al. 1996, p. 551).
MIN_YEARS_TREND = 3
#: Anscombe residuals above this are down-weighted (algo.farrington.assign.weights' default).
WEIGHTS_THRESHOLD = 1.0
POWERTRANS = ("2/3", "1/2", "none")
FIT_FUNS = ("algo.farrington.fitGLM.fast", "algo.farrington.fitGLM",
            "algo.farrington.fitGLM.populationOffset")
UNITS = {52: "weeks", 12: "months", 365: "days"}


def parse_limit54(name: str, text: str) -> tuple[int, int]:
    """``'5,4'`` or R's ``'c(5,4)'``: cases, period."""
    t = text.strip().removeprefix("c(").removesuffix(")")
    parts = [p for p in t.replace(" ", "").split(",") if p]
    if len(parts) != 2:
        raise SettingError(f"setting {name}={text!r} is not two whole numbers (cases, period)",
                           hint=f"e.g. --set {name}=5,4")
    return parse_int(name, parts[0]), parse_int(name, parts[1])


def farrington_upper(mu0: np.ndarray, se: np.ndarray, phi: np.ndarray, powertrans: str,
                     z: float) -> np.ndarray:
    """Upper bound of ``algo.farrington.threshold`` (and ``.threshold.farrington``).

    ``tau = phi + se^2/mu0``; on the scale ``mu^e`` (``e`` = 1, 1/2 or 2/3) the prediction's
    standard error is ``sqrt(mu0 tau)``, ``sqrt(tau/4)`` or ``sqrt(4/9 mu0^(1/3) tau)``; the
    bound is the larger non-missing of ``(mu0^e -/+ z se)^(1/e)`` (R's ``sort(na.last=FALSE)``).
    """
    with np.errstate(divide="ignore", invalid="ignore"):
        tau = phi + se ** 2 / mu0
        if powertrans == "none":
            s, e = np.sqrt(mu0 * tau), 1.0
        elif powertrans == "1/2":
            s, e = np.sqrt(0.25 * tau), 0.5
        else:
            s, e = np.sqrt(4 / 9 * mu0 ** (1 / 3) * tau), 2 / 3
        lo = (mu0 ** e - z * s) ** (1 / e)
        hi = (mu0 ** e + z * s) ** (1 / e)
    return np.fmax(lo, hi)


def years_weeks(n: int, freq: int) -> str:
    """``'2 years 4 weeks'`` for ``n = 2*freq + 4``."""
    y, r = divmod(int(n), freq)
    unit = UNITS.get(freq, "time points")
    parts = [f"{y} year{'s' if y != 1 else ''}"] if y else []
    if r or not parts:
        parts.append(f"{r} {unit if r != 1 else unit[:-1]}")
    return " ".join(parts)


def monitored(method: str, rng: Any, n_time: int, need: int, b: int, w: int, freq: int,
              extra: str = "") -> np.ndarray:
    """0-based indices to monitor, refused unless each has ``need`` points of history."""
    if rng is None:
        if n_time > need:
            return np.arange(need, n_time)
        have = n_time
    else:
        idx = check_range(np.sort(np.asarray(rng)), n_time, method)
        if idx[0] >= need:
            return idx
        have = int(idx[0])
    span = f"{b} year{'s' if b != 1 else ''}" + (f" and {w} {UNITS.get(freq, 'points')}"
                                                  if w else "")
    raise SeriesRefused(
        f"{method} with b={b} needs {span} of history ({need} {UNITS.get(freq, 'points')}) "
        f"before the first monitored {UNITS.get(freq, 'points')[:-1]}; this series has "
        f"{years_weeks(have, freq)}{extra}",
        hint=f"monitor from index {need} on, or use a smaller b (years back) or w")


def check_counts(method: str, x: np.ndarray, cols: np.ndarray) -> None:
    """Refuse negative counts at time indices ``cols`` (R's quasipoisson stops on them)."""
    cols = np.unique(cols)
    sub = x[:, cols]
    if np.any(sub < 0):
        s, j = np.argwhere(sub < 0)[0]
        raise SeriesRefused(f"{method} needs counts >= 0; series {s} has {sub[s, j]:g} at "
                            f"index {cols[j]} (a reference week)",
                            hint="counts cannot be negative; fix or drop them")


@dataclass
class TrendFit:
    """What the thresholds need from the final model of each fit (``B`` of them)."""

    eta0: np.ndarray      # linear predictor at the monitored week (with offset)
    root_v: np.ndarray    # sqrt(x0' (X'WX)^-1 x0)
    dispersion: np.ndarray
    phi: np.ndarray
    converged: np.ndarray
    do_trend: np.ndarray


#: Fits computed together: small enough for the IRLS arrays to stay in the CPU cache.
CHUNK = 512


def fit_with_trend_rule(y: np.ndarray, mask: np.ndarray, X: np.ndarray, x0: np.ndarray,
                        offset: np.ndarray | None, offset0: np.ndarray | float,
                        **kwargs: Any) -> TrendFit:
    """:func:`fit_trend_rule_block` over blocks of :data:`CHUNK` fits."""
    B = y.shape[0]
    off0 = np.broadcast_to(np.asarray(offset0, dtype=float), (B,))
    parts = [fit_trend_rule_block(y[i:i + CHUNK], mask[i:i + CHUNK], X, x0,
                                  None if offset is None else offset[i:i + CHUNK],
                                  off0[i:i + CHUNK], **kwargs) for i in range(0, B, CHUNK)]
    return TrendFit(*(np.concatenate([getattr(f, name) for f in parts])
                      for name in TrendFit.__dataclass_fields__))


def fit_trend_rule_block(y: np.ndarray, mask: np.ndarray, X: np.ndarray, x0: np.ndarray,
                        offset: np.ndarray | None, offset0: np.ndarray | float, *,
                        trend: bool, reweight: bool, threshold: float, b: int,
                        p_threshold: float, prior_weights_in_summary: bool = False
                        ) -> TrendFit:
    """The fitFun with ``timeTrend = trend`` and the trend rule, for ``B`` fits at once.

    ``X`` has the intercept in column 0 and the (centred) time in column 1; the model without
    trend drops column 1.  A trend fit that does not converge is replaced by the fit without
    trend (as the fitFuns do); a kept trend needs ``b >= 3``, ``p < p_threshold`` and the
    prediction not above the largest reference count (no extrapolation).
    ``prior_weights_in_summary``: see :func:`~nadd.detect._glm_farrington.fit_reweighted`.
    """
    B = y.shape[0]
    keep = np.ones(X.shape[1], dtype=bool)
    keep[1] = False
    X0, x00 = X[:, keep], x0[keep]
    off0 = np.broadcast_to(np.asarray(offset0, dtype=float), (B,))
    out = TrendFit(*(np.full(B, np.nan) for _ in range(4)),
                   converged=np.zeros(B, dtype=bool), do_trend=np.zeros(B, dtype=bool))
    resp = Response.of(y)    # logs of y, shared by the fits with and without trend
    if trend and b >= MIN_YEARS_TREND:   # with b < 3 R fits the trend, then drops it
        f1 = fit_reweighted(X, y, mask, offset, reweight, threshold, prior_weights_in_summary,
                            resp)
        eta0, rv = f1.linear_predictor(x0, off0)
        with np.errstate(over="ignore"):
            mu_hat = np.maximum(np.exp(eta0), DBL_EPS)
        max_resp = np.where(mask, y, -np.inf).max(axis=1)
        with np.errstate(invalid="ignore"):
            out.do_trend = (f1.converged & f1.valid & (f1.p_value(1) < p_threshold)
                            & (mu_hat <= max_resp))
        d = out.do_trend
        out.eta0[d], out.root_v[d] = eta0[d], rv[d]
        out.dispersion[d], out.phi[d], out.converged[d] = f1.dispersion[d], f1.phi[d], True
    rest = np.flatnonzero(~out.do_trend)
    if rest.size:
        f0 = fit_reweighted(X0, y[rest], mask[rest], None if offset is None else offset[rest],
                            reweight, threshold, prior_weights_in_summary, resp.take(rest))
        eta0, rv = f0.linear_predictor(x00, off0[rest])
        bad = ~f0.valid
        eta0[bad] = rv[bad] = np.nan
        out.eta0[rest], out.root_v[rest] = eta0, rv
        out.dispersion[rest], out.phi[rest] = f0.dispersion, f0.phi
        out.converged[rest] = f0.converged & f0.valid
    return out


@register("farrington", summary="Farrington et al. (1996) quasi-Poisson GLM on past years, "
                                "as algo.farrington")
@dataclass(frozen=True)
class Farrington:
    """Farrington (1996) detector; settings spelled as ``algo.farrington``'s control list."""

    b: int = setting(5, parse=parse_int, doc="years back for the reference weeks (>= 1)")
    w: int = setting(3, parse=parse_int, doc="half window of reference weeks around the "
                                             "monitored week in each past year (>= 0)")
    reweight: bool = setting(True, parse=parse_bool,
                             doc="down-weight past outbreaks (Anscombe residuals > 1)")
    alpha: float = setting(0.05, parse=parse_float,
                           doc="two-sided level: the bound is the 1 - alpha/2 quantile")
    trend: bool = setting(True, parse=parse_bool, doc="try a linear time trend")
    limit54: tuple[int, int] = setting((5, 4), parse=parse_limit54,
                                       doc="no alarm unless limit54[0] cases in the last "
                                           "limit54[1] weeks")
    powertrans: str = setting("2/3", parse=parse_choice(*POWERTRANS),
                              doc="scale of the normal approximation: 2/3, 1/2 or none")
    fitFun: str = setting(FIT_FUNS[0], parse=parse_choice(*FIT_FUNS),
                          doc="R's fitting function; populationOffset adds "
                              "offset(log(population))")
    freq: int = setting(52, parse=parse_int, doc="time points per year (R's sts freq)")
    range: tuple[int, ...] | None = setting(None, parse=parse_range,
                                            doc="0-based indices to monitor; None: every "
                                                "point with b years and w weeks of history")

    def __post_init__(self) -> None:
        check_common(self, "algo.farrington")
        require(self.fitFun in FIT_FUNS, "algo.farrington", "fitFun", self.fitFun,
                "one of " + ", ".join(FIT_FUNS))

    @property
    def need(self) -> int:
        """Points needed before the first monitored one."""
        return max(self.b * self.freq + self.w, self.limit54[1] - 1)

    def run(self, observed: Any, range: Any = None,  # noqa: A002 - R's name
            population: Any = None) -> Result:
        """Upper bounds and alarms at ``range`` (0-based; default ``self.range``, else all).

        ``population`` (same shape as ``observed``) is used by
        ``fitFun="algo.farrington.fitGLM.populationOffset"`` only.
        """
        name = "algo.farrington"
        x, one = as_matrix(observed, name)
        idx = monitored(name, self.range if range is None else range, x.shape[1], self.need,
                        self.b, self.w, self.freq)
        S, T = x.shape[0], idx.size
        # wtimeAll: for i in b:1, seq(t - freq*i - w, t - freq*i + w); offsets d = t - wtime.
        d = np.concatenate([self.freq * i - np.arange(-self.w, self.w + 1)
                            for i in np.arange(self.b, 0, -1)])
        ref = idx[:, None] - d[None, :]                         # T x n
        y = x[:, ref]                                           # S x T x n
        if np.isnan(y).any():
            s, t, j = np.argwhere(np.isnan(y))[0]
            raise SeriesRefused(
                f"algo.farrington needs every reference week; series {s} is missing index "
                f"{ref[t, j]}, a reference week of monitored index {idx[t]}",
                hint="use farrington-flexible, which leaves missing weeks out")
        check_counts(name, x, ref)
        offset = offset0 = None
        if self.fitFun.endswith("populationOffset"):
            pop = population_matrix(population, x.shape, name)
            offset = np.log(pop[:, ref]).reshape(S * T, -1)
            offset0 = np.log(pop[:, idx]).reshape(-1)
        X, x0 = design(d, None)
        fit = fit_with_trend_rule(
            y.reshape(S * T, -1), np.ones((S * T, d.size), dtype=bool), X, x0, offset,
            0.0 if offset0 is None else offset0, trend=self.trend, reweight=self.reweight,
            threshold=WEIGHTS_THRESHOLD, b=self.b, p_threshold=P_TREND)
        # predict.glm(type="response", dispersion = model$phi, se.fit = TRUE)
        mu0 = np.maximum(np.exp(fit.eta0), DBL_EPS)
        se = fit.root_v * np.sqrt(fit.phi) * mu0
        upper = farrington_upper(mu0, se, fit.phi, self.powertrans, norm.ppf(1 - self.alpha / 2))
        if self.fitFun == "algo.farrington.fitGLM":     # R returns NULL when it cannot fit
            upper = np.where(fit.converged, upper, np.nan)
        upper, mu0 = upper.reshape(S, T), mu0.reshape(S, T)
        obs = x[:, idx]
        enough = enough_cases(x, idx, self.limit54)            # 1.0 / 0.0 / NaN
        with np.errstate(divide="ignore", invalid="ignore"):
            score = np.where(enough == 1, (obs - mu0) / (upper - mu0), 0.0)
        score = np.where(np.isnan(enough), np.nan, score)
        alarm = np.where(np.isnan(score), np.nan, (score > 1) * 1.0)
        upperbound = np.where(np.isnan(enough), np.nan, np.where(enough == 1, upper, 0.0))
        result = Result(method="farrington", range=idx, observed=obs, upperbound=upperbound,
                        alarm=alarm, expected=mu0, score=score, settings=asdict(self))
        return result.squeezed() if one else result


def check_common(s: Any, method: str) -> None:
    """Validate the settings both Farringtons share."""
    def whole(v: Any) -> bool:
        return isinstance(v, (int, np.integer)) and not isinstance(v, bool)

    require(whole(s.b) and s.b >= 1, method, "b", s.b, "a whole number of years >= 1")
    require(whole(s.w) and s.w >= 0, method, "w", s.w, "a whole number of weeks >= 0")
    require(whole(s.freq) and s.freq >= 1, method, "freq", s.freq,
            "a whole number of time points per year (52 weekly, 12 monthly)")
    require(2 * s.w + 1 <= s.freq, method, "w", s.w,
            f"at most {(s.freq - 1) // 2} so that the windows of two years do not overlap")
    require(isinstance(s.alpha, (float, int)) and 0 < s.alpha < 1, method, "alpha", s.alpha,
            "a probability strictly between 0 and 1")
    require(s.powertrans in POWERTRANS, method, "powertrans", s.powertrans,
            "one of " + ", ".join(repr(p) for p in POWERTRANS))
    lim = tuple(s.limit54)
    require(len(lim) == 2 and all(whole(v) for v in lim) and lim[0] >= 0 and lim[1] > 0,
            method, "limit54", s.limit54, "two whole numbers (cases >= 0, period > 0)")


def design(d: np.ndarray, levels: np.ndarray | None, p_level: int | None = None
           ) -> tuple[np.ndarray, np.ndarray]:
    """Design of ``response ~ 1 + wtime [+ seasgroups]`` for reference offsets ``d``, and the
    row ``x0`` of the monitored week.  ``wtime`` is centred (``mean(d) - d``), which leaves
    fitted values, predictions and the trend's p-value as R's; ``seasgroups`` uses
    treatment contrasts against its first (smallest) level, as R's ``as.factor``."""
    c = d.mean()
    cols, x0 = [np.ones(d.size), c - d], [1.0, c]
    if levels is not None:
        for lev in np.unique(levels)[1:]:
            cols.append((levels == lev).astype(float))
            x0.append(float(lev == p_level))
    return np.column_stack(cols), np.array(x0)


def enough_cases(x: np.ndarray, idx: np.ndarray, limit54: tuple[int, int]) -> np.ndarray:
    """1.0 where ``sum(x[t - limit54[1] + 1 .. t]) >= limit54[0]``, 0.0 if not, NaN if NA."""
    cases, period = limit54
    win = idx[:, None] - np.arange(period)[None, :]
    total = x[:, win].sum(axis=2)
    return np.where(np.isnan(total), np.nan, (total >= cases) * 1.0)


def population_matrix(population: Any, shape: tuple[int, int], method: str) -> np.ndarray:
    """``population`` broadcast to ``shape`` and checked positive."""
    if population is None:
        raise SeriesRefused(f"{method} with a population offset needs population=",
                            hint="pass population (same shape as observed) to run()")
    pop = np.broadcast_to(np.asarray(population, dtype=float).reshape(
        (-1, shape[1]) if np.ndim(population) else (1, 1)), shape)
    if not np.all(pop > 0):
        raise SeriesRefused(f"{method} with a population offset needs population > 0 "
                            "everywhere (it fits offset(log(population)))",
                            hint="fill missing or zero populations")
    return pop
