"""GLR detectors for Poisson and negative binomial counts, as ``surveillance::algo.glrpois``
and ``algo.glrnb`` (R package surveillance 1.20, including its C routines).

Hoehle and Paul (2008), "Count data regression charts for the monitoring of surveillance time
series", CSDA 52:4357-4368.  Counts ``x_t`` are in control with mean ``mu0_t``; the chart
is the (generalised) likelihood ratio of a change at some earlier time ``k``:

* ``change="intercept"``: out of control ``mu1_t = mu0_t * exp(kappa)``, with ``kappa``
  estimated per ``k`` (GLR) or fixed as ``theta`` (an LR CUSUM);
* ``change="epi"``: ``mu1_t = mu0_t + lambda * x_{t-1}`` (epidemic chart, Held et al. 2005).

The statistic (``ret="value"``) or the number of cases that would have raised it to
``c.ARL`` (``ret="cases"``) is the upper bound; an alarm sounds when the statistic reaches
``c.ARL`` (``>=`` for the GLR charts, ``>`` for the LR and Poisson epidemic charts, as the C
code) and the chart then restarts after the alarm.

``mu0`` is given (one value per monitored point, or a matrix ``n_series x len(range)``) or,
when None, estimated as R does from every point before the first monitored one:
``log mu0_t = b0 [+ b1 t] + sum_{s=1..S} (g_s cos(2 s pi t / freq) + d_s sin(...))`` with
``t`` the 1-based time index; fitted by Poisson GLM (glrpois, or glrnb with alpha fixed =
the NB family of that alpha) or ``MASS::glm.nb`` (glrnb with ``alpha=None``; then
``alpha = 1/theta``).

Example::

    >>> import numpy as np
    >>> from nadd.detect import GlrPois
    >>> x = np.array([2, 3, 1, 2, 9, 11.0])
    >>> GlrPois(mu0=np.full(6, 2.0)).run(x, range=np.arange(6)).alarm
    array([0., 0., 0., 0., 1., 1.])

Tuning (R's defaults): ``c.ARL = 5``, ``Mtilde = 1``, ``M = -1`` (no window),
``change = "intercept"``, ``dir = "inc"``, ``ret = "value"``; ``mu0`` model ``S = 1``, no
trend.  Not offered: ``mu0`` refit after alarms (R's ``mu0$refit``) and ``ret = "cases"`` for
the negative binomial GLR without ``theta`` (R's brute-force search).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

import numpy as np

from nadd.detect._glm import harmonic_design, negbin_glm, poisson_glm
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
    parse_optional_float,
    parse_range,
    register,
    require,
    setting,
)

__all__ = ["GlrNB", "GlrPois"]

#: R's default alarm threshold (c.ARL) for both GLR charts.
DEFAULT_C_ARL = 5.0
#: Newton iterations in the C code: stop when the step is below TOL, or the log-parameter
#: falls below FLOOR, or after MAXITER steps.
TOL = 1e-6
FLOOR = -18.0
MAXITER = 1000
#: The C code's starting maximum of l_{n,k}.
NEG_INF = -1e99


@dataclass(frozen=True)
class _Glr:
    """Settings shared by glrpois and glrnb, spelled as surveillance's control list."""

    c_ARL: float = setting(DEFAULT_C_ARL, parse=parse_float, r="c.ARL",
                           doc="alarm threshold of the statistic (> 0)")
    Mtilde: int = setting(1, parse=parse_int, doc="points needed to estimate the change (>= 1)")
    M: int = setting(-1, parse=parse_int, doc="window: look back at most M points (-1: all)")
    change: str = setting("intercept", parse=parse_choice("intercept", "epi"),
                          doc="'intercept' (multiplicative) or 'epi' (epidemic)")
    theta: float | None = setting(None, parse=parse_optional_float,
                                  doc="known log-change for an LR chart; None: estimated (GLR)")
    dir: str = setting("inc", parse=parse_choice("inc", "dec"), doc="'inc' or 'dec'")
    ret: str = setting("value", parse=parse_choice("value", "cases"),
                       doc="upperbound: the statistic ('value') or cases needed ('cases')")
    mu0: Any = setting(None, parse=parse_optional_float,
                       doc="in-control means per monitored point; None: estimated")
    mu0_S: int = setting(1, parse=parse_int, r="mu0.S", doc="harmonics of the mu0 model")
    mu0_trend: bool = setting(False, parse=parse_bool, r="mu0.trend",
                              doc="linear trend in the mu0 model")
    range: tuple[int, ...] | None = setting(None, parse=parse_range,
                                            doc="0-based indices to monitor")

    _name = "glr"

    def __post_init__(self) -> None:
        n = self._name
        require(np.isfinite(self.c_ARL) and self.c_ARL > 0, n, "c.ARL", self.c_ARL,
                "a number > 0")
        require(_is_int(self.Mtilde) and self.Mtilde >= 1, n, "Mtilde", self.Mtilde,
                "a whole number >= 1")
        require(_is_int(self.M) and (self.M == -1 or self.M >= self.Mtilde), n, "M", self.M,
                "-1 (no window) or a whole number >= Mtilde")
        require(self.change in ("intercept", "epi"), n, "change", self.change,
                "'intercept' or 'epi'")
        require(self.dir in ("inc", "dec"), n, "dir", self.dir, "'inc' or 'dec'")
        require(self.ret in ("value", "cases"), n, "ret", self.ret, "'value' or 'cases'")
        require(self.theta is None or (np.isfinite(self.theta) and self.theta != 0), n,
                "theta", self.theta, "None or a non-zero finite log-change")
        # R stops with "theta has to be larger than 1!" for theta == 1 exactly.
        require(self.theta != 1, n, "theta", self.theta, "different from 1 (R refuses 1)")
        require(_is_int(self.mu0_S) and self.mu0_S >= 0, n, "mu0.S", self.mu0_S,
                "a whole number >= 0")
        require(self.mu0 is None or bool(np.all(np.asarray(self.mu0, dtype=float) > 0)), n,
                "mu0", "...", "None or in-control means > 0")
        if self.change == "epi" and self.ret == "cases":
            raise SettingError(f"{n}: ret='cases' is not available with change='epi' "
                               "(surveillance's epidemic charts return only the statistic)",
                               hint="use ret='value' with change='epi'")
        if self.change == "epi" and self.theta is not None:
            raise SettingError(f"{n}: theta is only used with change='intercept'",
                               hint="leave theta unset for the epidemic chart")

    # ------------------------------------------------------------------ data
    def _alpha(self, x: np.ndarray, first: int) -> np.ndarray | float:
        return 0.0

    def run(self, observed: Any, range: Any = None, *, freq: int = 52) -> Result:  # noqa: A002
        """The chart over ``range`` (0-based); ``freq`` is the season length of the mu0 model."""
        n = self._name
        x, one = as_matrix(observed, n)
        idx = check_range(self.range if range is None else range, x.shape[1], n,
                          first=0 if self.mu0 is not None else self._min_training)
        obs = x[:, idx]
        if np.isnan(obs).any() or (obs < 0).any() or (obs != np.floor(obs)).any():
            raise SeriesRefused(f"{n} needs whole non-negative counts at every monitored "
                                f"point; series {_bad(obs)} has a missing, negative or "
                                "fractional one", hint="impute or round the counts first")
        alpha, mu0 = self._mu0(x, idx, freq)
        ub, alarm, stat = _chart(self, obs, mu0, alpha)
        ub = np.where(np.isnan(ub) | (ub < 0), 0.0, ub)
        result = Result(method=n, range=idx, observed=obs, upperbound=ub, alarm=alarm,
                        expected=mu0, score=stat,
                        settings={**asdict(self), "alpha": alpha})
        return result.squeezed() if one else result

    @property
    def _min_training(self) -> int:
        """Points needed before the first monitored one to fit the mu0 model (parameters + 1)."""
        return 1 + 2 * self.mu0_S + int(self.mu0_trend) + 1

    def _mu0(self, x: np.ndarray, idx: np.ndarray, freq: int) -> tuple[np.ndarray, np.ndarray]:
        n_series, first = x.shape[0], int(idx[0])
        if self.mu0 is not None:
            mu0 = np.asarray(self.mu0, dtype=float)
            if mu0.shape[-1] != idx.size:
                raise SeriesRefused(f"{self._name}: mu0 gives {mu0.shape[-1]} means but "
                                    f"{idx.size} points are monitored",
                                    hint="give one mu0 per monitored point")
            alpha = self._given_alpha()
            if alpha is None:
                raise SettingError("glrnb: alpha must be given when mu0 is given",
                                   hint="set alpha, or leave mu0 unset to estimate both")
            return np.full(n_series, alpha), np.broadcast_to(mu0, (n_series, idx.size)).copy()
        train = x[:, :first]
        need = self._min_training
        if first < need:
            raise SeriesRefused(
                f"{self._name} estimating mu0 with S={self.mu0_S}"
                f"{' and a trend' if self.mu0_trend else ''} needs {need} points before "
                f"the first monitored point; this series has {first}",
                hint="monitor later, use fewer harmonics, or give mu0")
        if np.isnan(train).any() or (train < 0).any():
            raise SeriesRefused(f"{self._name} estimates mu0 from the points before the first "
                                f"monitored one; series {_bad(train)} has a missing or "
                                "negative count there", hint="impute the gaps or give mu0")
        X = harmonic_design(np.arange(1, first + 1), freq, self.mu0_S, self.mu0_trend)
        Xnew = harmonic_design(idx + 1.0, freq, self.mu0_S, self.mu0_trend)
        alpha = self._given_alpha()
        if alpha is None:
            beta, theta = negbin_glm(X, train)
            alpha = 1 / theta
        else:
            beta = poisson_glm(X, train, alpha=alpha)
            alpha = np.full(n_series, alpha)
        return alpha, np.exp(beta @ Xnew.T)

    def _given_alpha(self) -> float | None:
        return 0.0


def _is_int(v: Any) -> bool:
    return isinstance(v, (int, np.integer)) and not isinstance(v, bool)


def _bad(a: np.ndarray) -> str:
    rows = np.flatnonzero((np.isnan(a) | (a < 0) | (a != np.floor(a))).any(axis=1))
    return ", ".join(str(r) for r in rows[:5]) + (" ..." if rows.size > 5 else "")


@register("glrpois", summary="Poisson GLR/LR chart (Hoehle & Paul 2008), as algo.glrpois")
@dataclass(frozen=True)
class GlrPois(_Glr):
    """Poisson GLR detector; settings as ``surveillance::algo.glrpois``."""

    _name = "glrpois"


@register("glrnb", summary="Negative binomial GLR/LR chart (Hoehle & Paul 2008), "
                           "as algo.glrnb")
@dataclass(frozen=True)
class GlrNB(_Glr):
    """Negative binomial GLR detector; settings as ``surveillance::algo.glrnb``.

    ``alpha`` is the NB overdispersion (variance ``mu + alpha mu^2``); None estimates it with
    ``MASS::glm.nb`` together with mu0, as R does when ``alpha`` is left out; 0 is Poisson.
    """

    alpha: float | None = setting(None, parse=parse_optional_float,
                                  doc="NB overdispersion (>= 0); None: estimated by glm.nb")

    _name = "glrnb"

    def __post_init__(self) -> None:
        super().__post_init__()
        require(self.alpha is None or (np.isfinite(self.alpha) and self.alpha >= 0), "glrnb",
                "alpha", self.alpha, "None or a number >= 0")
        if (self.ret == "cases" and self.theta is None and self.change == "intercept"
                and self.alpha != 0):
            raise SettingError("glrnb: ret='cases' without theta is not offered (R finds "
                               "it by brute-force re-runs of the whole chart)",
                               hint="use ret='value', or give theta for the LR chart")

    def _given_alpha(self) -> float | None:
        return self.alpha


# ---------------------------------------------------------------------------- the charts


def _chart(s: _Glr, x: np.ndarray, mu0: np.ndarray, alpha: np.ndarray
           ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Run the C routine R would call, restarting each series after its alarms.

    Returns (upperbound, alarm, statistic), each ``n_series x T``.  Within a run of the chart
    (from its last restart ``s0``) the C code's local index is ``j = t - s0``.
    """
    n_series, T = x.shape
    poisson = alpha == 0
    if not (poisson.all() or (~poisson).all()):
        # glm.nb can give theta = inf (alpha 0) for some series only; split and recombine.
        out = [np.zeros((n_series, T)) for _ in range(3)]
        for mask in (poisson, ~poisson):
            for o, r in zip(out, _chart(s, x[mask], mu0[mask], alpha[mask]), strict=True):
                o[mask] = r
        return tuple(out)  # type: ignore[return-value]
    d = 1.0 if s.dir == "inc" else -1.0
    cases = s.ret == "cases"
    c = s.c_ARL
    a = alpha[:, None]
    if s.change == "intercept" and s.theta is not None:
        kind, first_j, strict = ("lr" if poisson.all() else "lrnb"), 0, True
    elif s.change == "intercept" and poisson.all():
        kind = "glrw" if s.M > 0 else "glr"
        first_j = s.Mtilde if s.M > 0 else max(s.Mtilde - 1, 0)
        strict = False
    elif s.change == "intercept":
        kind, first_j, strict = "nb", max(s.Mtilde - 1, 0), False
    else:
        kind, first_j = ("epi" if poisson.all() else "nbepi"), max(s.Mtilde - 1, 0)
        strict = poisson.all()
    # x_{t-1}: 0 before the first monitored point, then the previous count (also across a
    # restart, where R passes the alarm's count as x_0).
    xm1 = np.concatenate([np.zeros((n_series, 1)), x[:, :-1]], axis=1)
    s0 = np.zeros(n_series, dtype=np.intp)          # start of the current run per series
    lr_prev = np.zeros(n_series)                     # LR charts: statistic at t-1 in the run
    ub = np.zeros((n_series, T))
    stat = np.zeros((n_series, T))
    alarm = np.zeros((n_series, T))
    rows = np.arange(n_series)
    for t in range(T):
        j = t - s0
        live = j >= first_j
        val = np.zeros(n_series)
        cas = np.zeros(n_series)
        if kind in ("lr", "lrnb"):
            kap = s.theta
            prev = np.where(j == 0, 0.0, lr_prev)
            if kind == "lr":
                zn = kap * x[:, t] + (1 - np.exp(kap)) * mu0[:, t]
                cas = (c - prev + mu0[:, t] * (np.exp(kap) - 1)) / kap
            else:
                al = alpha
                lg = np.log((1 + al * mu0[:, t]) / (1 + al * mu0[:, t] * np.exp(kap)))
                zn = kap * x[:, t] + (x[:, t] + 1 / al) * lg
                cas = -(prev * al + lg - c * al) / al / (kap + lg)
            val = np.fmax(0.0, prev + zn)
            lr_prev = val
        elif kind in ("glr", "glrw"):
            val, cas = _glr_pois(s, x, mu0, t, s0, d, cases, kind == "glrw")
        elif kind == "nb":
            val = _glr_newton(x, mu0, xm1, a, t, s0, s, d, "nb")
        else:
            val = _glr_newton(x, mu0, xm1, a, t, s0, s, d, kind)
        val = np.where(live, val, 0.0)
        cas = np.where(live, cas, 0.0)
        stat[:, t] = val
        ub[:, t] = cas if cases else val
        hit = live & ((val > c) if strict else (val >= c))
        alarm[rows[hit], t] = 1.0
        s0 = np.where(hit, t + 1, s0)
    return ub, alarm, stat


def _window_k(s: _Glr, t: int, s0: np.ndarray, window: bool) -> tuple[np.ndarray, int]:
    """Lowest start k (global index) per series and the highest start shared by all."""
    if window:
        return np.maximum(s0, t - s.M), t - s.Mtilde
    return s0.copy(), t


def _glr_pois(s: _Glr, x: np.ndarray, mu0: np.ndarray, t: int, s0: np.ndarray, d: float,
              cases: bool, window: bool) -> tuple[np.ndarray, np.ndarray]:
    """C's glr() / glr_window(): max over starts k of the Poisson GLR of x[k..t]."""
    low, up = _window_k(s, t, s0, window)
    rev_x = np.cumsum(x[:, t::-1], axis=1)           # sum x[k..t] for k = t, t-1, ..., 0
    rev_m = np.cumsum(mu0[:, t::-1], axis=1)
    k = t - np.arange(t + 1)                         # the start of each column
    ok = (k[None, :] >= low[:, None]) & (k[None, :] <= up)

    def glr_of(sx: np.ndarray) -> np.ndarray:
        with np.errstate(divide="ignore", invalid="ignore"):
            kap = d * np.fmax(0.0, d * np.log(sx / rev_m))
            val = kap * sx + (1 - np.exp(kap)) * rev_m
        val = np.where(ok & ~np.isnan(val), val, NEG_INF)
        return val.max(axis=1) if val.shape[1] else np.full(x.shape[0], NEG_INF)

    val = glr_of(rev_x)
    if not cases:
        return val, np.zeros_like(val)
    # smallest count c >= 0 at t with dir*glr >= dir*c.ARL (C's linear search; the GLR is
    # monotone in x_t, so a bisection finds the same count)
    base = rev_x - x[:, t:t + 1]

    searchable = ok.any(axis=1)                      # rows with no start k keep 0 cases

    def reached(cnt: np.ndarray) -> np.ndarray:
        g = glr_of(base + cnt[:, None])
        return (d * g >= d * s.c_ARL) | ~searchable

    lo = np.full(x.shape[0], -1.0)                   # reached(lo) is False (or lo = -1)
    hi = np.zeros(x.shape[0])
    todo = ~reached(hi)
    while todo.any():
        lo = np.where(todo, hi, lo)
        hi = np.where(todo, np.maximum(1.0, 2 * hi), hi)
        todo = ~reached(hi)
    while True:
        gap = hi - lo > 1
        if not gap.any():
            break
        mid = np.floor((lo + hi) / 2)
        r = reached(mid)
        hi = np.where(gap & r, mid, hi)
        lo = np.where(gap & ~r, mid, lo)
    return val, np.where(searchable, hi, 0.0)


def _glr_newton(x: np.ndarray, mu0: np.ndarray, xm1: np.ndarray, a: np.ndarray, t: int,
                s0: np.ndarray, s: _Glr, d: float, kind: str) -> np.ndarray:
    """C's glr_nb_window / glr_epi_window / glr_nbgeneral_window at time t (global index).

    For each start k (ascending, from max(run start, t - M) to t - Mtilde + 1) the change is
    estimated by Newton's method, warm-started at the previous k's estimate, then l_{t,k}.
    """
    n = x.shape[0]
    low = s0 if s.M == -1 else np.maximum(s0, t - s.M)
    up = t - (s.Mtilde - 1)
    best = np.full(n, NEG_INF)
    warm = np.full(n, 0.5)                           # kappa_ml / lambda_ml / theta_ml
    for k in range(int(low.min()), up + 1):
        act = low <= k
        if not act.any():
            continue
        xx, mm, pp = x[act, k:t + 1], mu0[act, k:t + 1], xm1[act, k:t + 1]
        aa = a[act]
        w = warm[act]
        with np.errstate(all="ignore"):
            if kind == "epi":
                old = np.full(w.shape, 2.0)
                new = np.log(w)
                go = lambda o, nw: np.abs(np.exp(nw) - np.exp(o)) > TOL  # noqa: E731
            else:
                old = np.full(w.shape, 0.4)
                new = w.copy()
                go = lambda o, nw: np.abs(nw - o) > TOL  # noqa: E731
            it = 0
            running = (new > FLOOR) & go(old, new)
            while running.any() and it < MAXITER:
                it += 1
                o = new[running]
                r_x, r_m, r_p, r_a = xx[running], mm[running], pp[running], aa[running]
                if kind == "epi":
                    e = np.exp(o)[:, None]
                    sc = e[:, 0] * (r_x * r_p / (e * r_p + r_m) - r_p).sum(axis=1)
                    fi = -sc + np.exp(2.0 * o) * (r_x * r_p ** 2 / (e * r_p + r_m) ** 2).sum(1)
                    step = sc / fi
                else:  # nbScore / nbFisher (the general NB chart reuses them, as in C)
                    e = np.exp(o)[:, None]
                    sc = ((r_x - e * r_m) / (1 + r_a * e * r_m)).sum(axis=1)
                    fi = e[:, 0] * (r_m * (r_a * r_x + 1) / (1 + r_a * e * r_m) ** 2).sum(1)
                    step = sc / fi
                old[running] = o
                new[running] = o + step
                running = (new > FLOOR) & go(old, new)
            if kind == "epi":
                lam = np.exp(new)
                lnk = (xx * np.log(lam[:, None] * pp / mm + 1.0) - lam[:, None] * pp).sum(1)
                est = lam
            elif kind == "nb":
                est = d * np.fmax(0.0, d * new)  # C fmax: NaN -> 0
                kap = est[:, None]
                lnk = (kap * xx + (xx + 1 / aa) * np.log((1 + aa * mm)
                                                         / (1 + aa * mm * np.exp(kap)))).sum(1)
            else:  # nbepi
                est = new
                mu1 = mm + np.exp(est)[:, None] * pp
                lnk = (xx * (np.log(mu1) - np.log(mm) + np.log(1 + aa * mm)
                             - np.log(1 + aa * mu1))
                       + 1 / aa * (np.log(1 + aa * mm) - np.log(1 + aa * mu1))).sum(1)
        warm[act] = est
        b = best[act]
        best[act] = np.where(lnk > b, lnk, b)
    return best
