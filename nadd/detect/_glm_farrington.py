"""Batched quasi-Poisson fits, as R's ``glm.fit(family = quasipoisson())``, for the Farringtons.

``algo.farrington`` and ``farringtonFlexible`` fit one small log-linear model per series and
monitored week; here all those fits run at once.  Every fit shares one design ``X``
(``n x p``: the reference weeks' offsets from the monitored week are the same for every week),
and differs by its responses ``y`` (``B x n``), prior weights (``B x n``; 0 drops a missing
week, as R's ``dataGLM[!is.na(response), ]``) and offsets.

The iteration is glm.fit's (R 4.x, ``glm.control()``: epsilon 1e-8, maxit 25):
``mustart = y + 0.1``, ``eta = log(mustart)``, ``mu = pmax(exp(eta), .Machine$double.eps)``;
each step a weighted least squares of ``z = eta - offset + (y - mu)/mu`` on ``X`` with weights
``prior * mu``; stop when ``|dev - devold| / (|dev| + 0.1) < epsilon``.  What R reads from the
fit afterwards is reproduced from the *last step's* weights, as R's QR holds them:
``summary.glm``'s dispersion (Pearson on the working residuals), the unscaled covariance
``(X'WX)^-1`` and ``hatvalues``.  Weighted least squares are solved by the normal equations
(``p <= 12``), which agree with R's Householder QR to far better than the 1e-4 the tests ask;
``X'WX`` is solved and inverted by block elimination of the seasonal dummies
(:mod:`nadd.detect._block_solve`), not one LAPACK call per fit.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.stats import t as student_t

from nadd.detect._block_solve import BlockSystem

__all__ = ["QuasiPoissonFit", "Response", "anscombe_weights", "fit_quasipoisson", "fit_reweighted"]

#: glm.control() defaults.
EPSILON = 1e-8
MAXIT = 25
#: make.link("log"): linkinv and mu.eta are pmax(exp(eta), .Machine$double.eps).
DBL_EPS = np.finfo(float).eps
LOG_EPS = np.log(DBL_EPS)


@dataclass
class QuasiPoissonFit:
    """Fitted quasi-Poisson models, one per row (``B`` fits of ``p`` coefficients)."""

    beta: np.ndarray        # B x p
    cov_unscaled: np.ndarray  # B x p x p: (X'WX)^-1 at the last IRLS step
    dispersion: np.ndarray  # B: summary.glm()$dispersion (Pearson / df.residual)
    phi: np.ndarray         # B: max(dispersion, 1)
    df_residual: np.ndarray  # B
    converged: np.ndarray   # B bool
    valid: np.ndarray       # B bool: design of full rank (False: R would drop a coefficient)
    fitted: np.ndarray      # B x n: fitted values mu
    log_fitted: np.ndarray | None = None  # B x n: log(mu) = max(eta, log(eps))

    def linear_predictor(self, x0: np.ndarray, offset0: np.ndarray | float = 0.0
                         ) -> tuple[np.ndarray, np.ndarray]:
        """``eta0 = x0 . beta + offset0`` and ``sqrt(x0' (X'WX)^-1 x0)`` for each fit."""
        eta0 = self.beta @ x0 + offset0
        v = np.einsum("p,bpq,q->b", x0, self.cov_unscaled, x0)
        return eta0, np.sqrt(v)

    def p_value(self, j: int) -> np.ndarray:
        """``summary.glm(model)$coefficients[j, 4]``: two-sided t test on df.residual."""
        se = np.sqrt(self.cov_unscaled[:, j, j] * self.dispersion)
        with np.errstate(divide="ignore", invalid="ignore"):
            return 2 * student_t.sf(np.abs(self.beta[:, j] / se), self.df_residual)


def _dev(y: np.ndarray, ylogy: np.ndarray, eta: np.ndarray, mu: np.ndarray, pw: np.ndarray
         ) -> np.ndarray:
    """sum(quasipoisson()$dev.resids(y, mu, wt)) per row: ``2 wt (y log(y/mu) - (y - mu))``
    (``2 wt mu`` where ``y = 0``), with ``log(mu) = max(eta, log(eps))`` and ``y log y`` given."""
    log_mu = np.maximum(eta, LOG_EPS)
    return 2 * (pw * (ylogy - y * log_mu - y + mu)).sum(axis=1)


@dataclass
class Response:
    """What the fits compute from ``y`` alone, once for the four fits of each (series, week)
    (with and without trend, each fitted twice): ``log`` and ``exp`` cost ~10x a multiply."""

    y: np.ndarray
    eta: np.ndarray     # log(y + 0.1): glm.fit's starting eta (mustart = y + 0.1)
    mu: np.ndarray      # pmax(exp(eta), eps)
    q: np.ndarray       # y log(y) - y
    d0: np.ndarray      # the starting deviance's terms: y log(y) - y log(mu) - y + mu
    mz: np.ndarray      # mu * z with z = eta + (y - mu)/mu (the first working response)
    y23: np.ndarray     # y^(2/3), for the Anscombe residuals

    @classmethod
    def of(cls, y: np.ndarray) -> Response:
        eta = np.log(y + 0.1)
        mu = np.maximum(np.exp(eta), DBL_EPS)
        with np.errstate(divide="ignore", invalid="ignore"):
            ylogy = np.where(y > 0, y * np.log(y), 0.0)
        # log(mu) = max(eta, log(eps)) as _dev; eta >= log(0.1) here, so it is eta.
        d0 = ylogy - y * np.maximum(eta, LOG_EPS) - y + mu
        return cls(y, eta, mu, ylogy - y, d0, mu * (eta + (y - mu) / mu), np.cbrt(y * y))

    def take(self, rows: np.ndarray) -> Response:
        return Response(*(getattr(self, f)[rows] for f in self.__dataclass_fields__))


def fit_quasipoisson(X: np.ndarray, y: np.ndarray, pw: np.ndarray,
                     offset: np.ndarray | None = None, resp: Response | None = None
                     ) -> tuple[QuasiPoissonFit, np.ndarray]:
    """``glm.fit(X, y, weights = pw, offset, family = quasipoisson())`` for each row of ``y``.

    Returns the fit and the hat values (``hatvalues(model)``, ``B x n``; 0 where ``pw == 0``).
    ``y`` must be finite where ``pw > 0`` (put 0 where a week is missing and its weight is 0).
    ``resp``: ``Response.of(y)``, when the caller fits the same ``y`` more than once.

    After the first step ``eta - offset = X beta``, so R's weighted least squares of
    ``z = X beta + (y - mu)/mu`` with weights ``pw mu`` is the Newton step
    ``beta += (X'WX)^-1 X'(pw (y - mu))``, and the deviance is
    ``2 (sum pw (y log y - y) - beta . X'(pw y) - sum pw y offset + sum pw mu)``: each step
    then touches the ``B x n`` arrays only to form ``eta``, ``mu`` and one matmul
    ``(pw mu) @ XX`` that gives ``X'WX``, ``X'(pw mu)`` and ``sum pw mu`` together.
    """
    B, n = y.shape
    p = X.shape[1]
    ob = _outer_columns(X)
    r0 = Response.of(y) if resp is None else resp
    unit = bool(np.all(pw == 1.0))      # first stage without missing weeks: skip pw * ...
    dev_old = 2 * (r0.d0 if unit else pw * r0.d0).sum(axis=1)
    pwy = y if unit else pw * y
    c_dev = (r0.q if unit else pw * r0.q).sum(axis=1)
    py = pwy @ X                                     # X'(pw y), fixed over the iterations
    py_off = np.zeros(B) if offset is None else (pwy * offset).sum(axis=1)
    # First step from eta = log(y + 0.1), which is not X beta: the plain normal equations
    # of w z with w = pw mu and z = eta - offset + (y - mu)/mu.
    w2 = r0.mu if unit else pw * r0.mu
    wz = r0.mz if unit else pw * r0.mz
    if offset is not None:
        wz = wz - w2 * offset
    g = w2 @ ob.XX
    a = g[:, ob.back].reshape(B, p, p)
    b, good = ob.blocks.solve(a, wz @ X)
    w_used = w2                                      # the weights of the last solve
    # Outputs; the working arrays below hold the still-iterating fits only (rows ``ids``).
    beta, W, mu_out = np.full((B, p), np.nan), np.zeros_like(y), np.ones_like(y)
    eta_out = np.zeros_like(y)
    XtWX = np.zeros((B, p, p))
    ok = np.ones(B, dtype=bool)
    converged = np.zeros(B, dtype=bool)
    ids = np.arange(B)
    yy, pwa, off = y, pw, offset
    for it in range(MAXIT):
        if it:
            # X'Wz = X'WX beta + X'(pw (y - mu)): solve for the step alone (better rounding).
            a, w_used = g[:, ob.back].reshape(-1, p, p), w2
            step, good = ob.blocks.solve(a, py - g[:, ob.xcol])
            b = b + step
        e = b @ X.T
        if off is not None:
            e += off
        m = np.exp(e)
        np.maximum(m, DBL_EPS, out=m)
        w2 = m if unit else pwa * m
        g = w2 @ ob.XX
        with np.errstate(invalid="ignore"):
            dev = 2 * (c_dev - np.einsum("bp,bp->b", b, py) - py_off + g[:, ob.one])
            # log(mu) = max(eta, log(eps)): where eta is below, the closed form is not R's.
            low = np.flatnonzero(e.min(axis=1) < LOG_EPS + 1)
        if low.size:
            yl = yy[low]
            with np.errstate(divide="ignore", invalid="ignore"):
                ylogy_l = np.where(yl > 0, yl * np.log(yl), 0.0)
            dev[low] = _dev(yl, ylogy_l, e[low], m[low], pwa[low])
        done = np.abs(dev - dev_old) / (np.abs(dev) + 0.1) < EPSILON
        dev_old = dev
        fin = done | ~good | (it == MAXIT - 1)
        if fin.any():
            r = ids[fin]
            beta[r], W[r], mu_out[r], XtWX[r] = b[fin], w_used[fin], m[fin], a[fin]
            eta_out[r] = e[fin]
            ok[r] &= good[fin]
            converged[r] = done[fin]
            keep = ~fin
            if not keep.any():
                break
            ids, b, g, w2, dev_old = ids[keep], b[keep], g[keep], w2[keep], dev_old[keep]
            yy, pwa, py, c_dev, py_off = yy[keep], pwa[keep], py[keep], c_dev[keep], \
                py_off[keep]
            if off is not None:
                off = off[keep]
    beta[~ok] = np.nan
    cov = ob.blocks.inverse(XtWX, ok)
    n_ok = (pw != 0).sum(axis=1)
    df = (n_ok - p).astype(float)
    resid = (y - mu_out) / mu_out
    with np.errstate(divide="ignore", invalid="ignore"):
        disp = np.where(df > 0, (np.where(W > 0, W * resid ** 2, 0.0)).sum(axis=1) / df,
                        np.nan)
        # hatvalues: w_i x_i' cov x_i, summed over the distinct products of x_i x_i'.
        hat = W * ((cov.reshape(B, p * p) @ ob.fold) @ ob.XX.T)
    # lm.influence: hat[hat > 1 - 10 * .Machine$double.eps] <- 1
    hat = np.where(hat > 1 - 10 * DBL_EPS, 1.0, hat)
    fit = QuasiPoissonFit(beta=beta, cov_unscaled=cov, dispersion=disp,
                          phi=_r_max1(disp), df_residual=df, converged=converged, valid=ok,
                          fitted=mu_out, log_fitted=np.maximum(eta_out, LOG_EPS))
    return fit, hat


@dataclass(frozen=True)
class _Outer:
    """The distinct columns ``XX`` of the rows' outer products ``x_i x_i'`` (with the columns
    of ``X`` and a column of ones among them), and where each lands: with dummies most of the
    ``p*p`` products repeat or vanish, so ``w @ XX`` is one small matmul giving ``X'WX``
    (``[:, back]``), ``X'w`` (``[:, xcol]``) and ``sum w`` (``[:, one]``)."""

    XX: np.ndarray
    back: np.ndarray
    xcol: np.ndarray
    one: int
    fold: np.ndarray    # p*p x k: 1 where product j is column k (sums cov onto XX's columns)
    blocks: BlockSystem


_OUTER_CACHE: dict[bytes, _Outer] = {}


def _outer_columns(X: np.ndarray) -> _Outer:
    key = X.tobytes() + bytes(str(X.shape), "ascii")
    if key not in _OUTER_CACHE:
        n, p = X.shape
        allc = np.concatenate([(X[:, :, None] * X[:, None, :]).reshape(n, p * p), X,
                               np.ones((n, 1))], axis=1)
        XX, inv = np.unique(allc, axis=1, return_inverse=True)
        inv = inv.reshape(-1)
        fold = np.zeros((p * p, XX.shape[1]))
        fold[np.arange(p * p), inv[:p * p]] = 1.0
        if len(_OUTER_CACHE) > 32:
            _OUTER_CACHE.clear()
        _OUTER_CACHE[key] = _Outer(np.ascontiguousarray(XX), inv[:p * p], inv[p * p:-1],
                                   int(inv[-1]), fold, BlockSystem(X))
    return _OUTER_CACHE[key]


def _r_max1(d: np.ndarray) -> np.ndarray:
    """R's ``max(d, 1)``: NaN stays NaN (unlike numpy's fmax)."""
    return np.where(np.isnan(d), np.nan, np.maximum(d, 1.0))


def anscombe_weights(y: np.ndarray, mu: np.ndarray, hat: np.ndarray, phi: np.ndarray,
                     pw_mask: np.ndarray, threshold: float, y23: np.ndarray | None = None,
                     log_mu: np.ndarray | None = None) -> np.ndarray:
    """``algo.farrington.assign.weights(anscombe.residuals(model, phi), weightsThreshold)``.

    ``s = 3/2 (y^(2/3) mu^(-1/6) - mu^(1/2)) / sqrt(phi (1 - h))``; weeks with ``s`` above the
    threshold get ``gamma * s^-2``, the others ``gamma``, with ``gamma`` making the weights
    average 1 over the (non-missing) reference weeks.  0 where ``pw_mask`` is False.
    ``y23 = y^(2/3)`` and ``log_mu = log(mu)`` when known: ``mu^(-1/6)`` is then one ``exp``
    (a power costs several times that).
    """
    with np.errstate(divide="ignore", invalid="ignore"):
        y23 = y ** (2 / 3) if y23 is None else y23
        mu16 = mu ** (-1 / 6) if log_mu is None else np.exp(log_mu * (-1 / 6))
        s = 1.5 * (y23 * mu16 - np.sqrt(mu))
        s = s / np.sqrt(phi[:, None] * (1 - hat))
        high = s > threshold
        s_2 = 1.0 / (s * s)
        terms = np.where(high, s_2, 1.0)
        n = pw_mask.sum(axis=1)
        gamma = n / np.where(pw_mask, terms, 0.0).sum(axis=1)
        omega = np.where(high, gamma[:, None] * s_2, gamma[:, None])
    return np.where(pw_mask, omega, 0.0)


def fit_reweighted(X: np.ndarray, y: np.ndarray, mask: np.ndarray, offset: np.ndarray | None,
                   reweight: bool, threshold: float, prior_weights_in_summary: bool = False,
                   resp: Response | None = None) -> QuasiPoissonFit:
    """The fitFun's two stages: a quasi-Poisson fit and, with ``reweight``, its refit with
    Anscombe-residual weights (``converged`` is the first stage's, as R checks only that).

    ``prior_weights_in_summary``: ``algo.farrington.fitGLM.flexible`` overwrites the refit's
    ``model$weights`` (IRLS working weights) with the prior weights ``omega``, so what R's
    ``summary.glm``/``predict.glm`` then estimate as dispersion is
    ``sum(omega * ((y - mu)/mu)^2) / df.residual``; ``phi`` was taken before and is not.
    ``resp``: ``Response.of(y)`` when the caller has it (shared with other fits of ``y``).
    """
    resp = Response.of(y) if resp is None else resp
    pw = mask.astype(float)
    fit, hat = fit_quasipoisson(X, y, pw, offset, resp)
    if not reweight:
        return fit
    omega = anscombe_weights(y, fit.fitted, hat, fit.phi, mask, threshold, resp.y23,
                             fit.log_fitted)
    refit, _ = fit_quasipoisson(X, y, omega, offset, resp)
    if prior_weights_in_summary:
        mu = refit.fitted
        with np.errstate(divide="ignore", invalid="ignore"):
            r2 = np.where(omega > 0, omega * ((y - mu) / mu) ** 2, 0.0)
            refit.dispersion = np.where(refit.df_residual > 0,
                                        r2.sum(axis=1) / refit.df_residual, np.nan)
    refit.converged = fit.converged
    refit.valid &= fit.valid
    return refit
