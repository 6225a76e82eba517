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
(``p <= 12``), which agree with R's Householder QR to far better than the 1e-4 the tests ask.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.stats import t as student_t

__all__ = ["QuasiPoissonFit", "anscombe_weights", "fit_quasipoisson", "fit_reweighted"]

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


def _solve(a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Batched ``solve(a, b)``; fits with a singular ``a`` get NaN and ``ok = False``."""
    diag = np.einsum("bii->bi", a)
    ok = np.all(diag > 0, axis=1)
    if not ok.all():
        a = a.copy()
        a[~ok] = np.eye(a.shape[1])
    try:
        x = np.linalg.solve(a, b[..., None])[..., 0]
    except np.linalg.LinAlgError:  # pragma: no cover - exactly singular despite the guard
        x = np.full_like(b, np.nan)
        for i in range(a.shape[0]):
            try:
                x[i] = np.linalg.solve(a[i], b[i])
            except np.linalg.LinAlgError:
                ok[i] = False
    x[~ok] = np.nan
    return x, ok


def fit_quasipoisson(X: np.ndarray, y: np.ndarray, pw: np.ndarray,
                     offset: np.ndarray | None = None) -> tuple[QuasiPoissonFit, np.ndarray]:
    """``glm.fit(X, y, weights = pw, offset, family = quasipoisson())`` for each row of ``y``.

    Returns the fit and the hat values (``hatvalues(model)``, ``B x n``; 0 where ``pw == 0``).
    ``y`` must be finite where ``pw > 0`` (put 0 where a week is missing and its weight is 0).
    """
    B, n = y.shape
    p = X.shape[1]
    eta = np.log(y + 0.1)
    mu = np.maximum(np.exp(eta), DBL_EPS)
    with np.errstate(divide="ignore", invalid="ignore"):
        ylogy = np.where(y > 0, y * np.log(y), 0.0)
    dev_old = _dev(y, ylogy, eta, mu, pw)
    beta = np.zeros((B, p))
    W = np.zeros_like(y)
    XtWX = np.zeros((B, p, p))
    ok = np.ones(B, dtype=bool)
    converged = np.zeros(B, dtype=bool)
    active: np.ndarray | slice = slice(None)
    XX, back = _outer_columns(X)
    for _ in range(MAXIT):
        # mu.eta(eta) = pmax(exp(eta), eps) = mu, and variance(mu) = mu: w^2 = prior * mu.
        e, m, yy, pwa = eta[active], mu[active], y[active], pw[active]
        w2 = pwa * m
        z = e + (yy - m) / m
        if offset is not None:
            z -= offset[active]
        a = (w2 @ XX)[:, back].reshape(-1, p, p)
        rhs = (w2 * z) @ X
        b, good = _solve(a, rhs)
        e_new = b @ X.T
        if offset is not None:
            e_new += offset[active]
        m_new = np.maximum(np.exp(e_new), DBL_EPS)
        dev = _dev(yy, ylogy[active], e_new, m_new, pwa)
        beta[active], W[active], XtWX[active] = b, w2, a
        eta[active], mu[active] = e_new, m_new
        ok[active] &= good
        done = np.abs(dev - dev_old[active]) / (np.abs(dev) + 0.1) < EPSILON
        dev_old[active] = dev
        ids = np.arange(B)[active]
        converged[ids[done]] = True
        active = ids[~done & good]
        if active.size == 0:
            break
    cov, _ = _solve_inverse(XtWX, ok)
    n_ok = (pw != 0).sum(axis=1)
    df = (n_ok - p).astype(float)
    resid = (y - mu) / mu
    with np.errstate(divide="ignore", invalid="ignore"):
        disp = np.where(df > 0, (np.where(W > 0, W * resid ** 2, 0.0)).sum(axis=1) / df,
                        np.nan)
        folded = np.zeros((B, XX.shape[1]))
        np.add.at(folded.T, back, cov.reshape(B, p * p).T)
        hat = W * (folded @ XX.T)
    # lm.influence: hat[hat > 1 - 10 * .Machine$double.eps] <- 1
    hat = np.where(hat > 1 - 10 * DBL_EPS, 1.0, hat)
    fit = QuasiPoissonFit(beta=beta, cov_unscaled=cov, dispersion=disp,
                          phi=_r_max1(disp), df_residual=df, converged=converged, valid=ok,
                          fitted=mu)
    return fit, hat


_OUTER_CACHE: dict[bytes, tuple[np.ndarray, np.ndarray]] = {}


def _outer_columns(X: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Distinct columns ``XX`` of the rows' outer products ``x_i x_i'`` and where each of the
    ``p*p`` products is among them: ``X'WX = ((w @ XX)[:, back])``, one small matmul (products
    of dummies repeat or vanish, so there are far fewer than ``p*p`` columns)."""
    key = X.tobytes() + bytes(str(X.shape), "ascii")
    if key not in _OUTER_CACHE:
        n, p = X.shape
        XX, back = np.unique((X[:, :, None] * X[:, None, :]).reshape(n, p * p), axis=1,
                             return_inverse=True)
        if len(_OUTER_CACHE) > 32:
            _OUTER_CACHE.clear()
        _OUTER_CACHE[key] = (np.ascontiguousarray(XX), back.reshape(-1))
    return _OUTER_CACHE[key]


def _r_max1(d: np.ndarray) -> np.ndarray:
    """R's ``max(d, 1)``: NaN stays NaN (unlike numpy's fmax)."""
    return np.where(np.isnan(d), np.nan, np.maximum(d, 1.0))


def _solve_inverse(a: np.ndarray, ok: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    p = a.shape[1]
    eye = np.broadcast_to(np.eye(p), a.shape)
    a = np.where(ok[:, None, None], a, eye)
    inv = np.linalg.inv(a)
    inv[~ok] = np.nan
    return inv, ok


def anscombe_weights(y: np.ndarray, mu: np.ndarray, hat: np.ndarray, phi: np.ndarray,
                     pw_mask: np.ndarray, threshold: float) -> np.ndarray:
    """``algo.farrington.assign.weights(anscombe.residuals(model, phi), weightsThreshold)``.

    ``s = 3/2 (y^(2/3) mu^(-1/6) - mu^(1/2)) / sqrt(phi (1 - h))``; weeks with ``s`` above the
    threshold get ``gamma * s^-2``, the others ``gamma``, with ``gamma`` making the weights
    average 1 over the (non-missing) reference weeks.  0 where ``pw_mask`` is False.
    """
    with np.errstate(divide="ignore", invalid="ignore"):
        s = 1.5 * (y ** (2 / 3) * mu ** (-1 / 6) - mu ** 0.5)
        s = s / np.sqrt(phi[:, None] * (1 - hat))
        high = s > threshold
        terms = np.where(high, s ** -2.0, 1.0)
        n = pw_mask.sum(axis=1)
        gamma = n / np.where(pw_mask, terms, 0.0).sum(axis=1)
        omega = np.where(high, gamma[:, None] * s ** -2.0, gamma[:, None])
    return np.where(pw_mask, omega, 0.0)


def fit_reweighted(X: np.ndarray, y: np.ndarray, mask: np.ndarray, offset: np.ndarray | None,
                   reweight: bool, threshold: float, prior_weights_in_summary: bool = False
                   ) -> QuasiPoissonFit:
    """The fitFun's two stages: a quasi-Poisson fit and, with ``reweight``, its refit with
    Anscombe-residual weights (``converged`` is the first stage's, as R checks only that).

    ``prior_weights_in_summary``: ``algo.farrington.fitGLM.flexible`` overwrites the refit's
    ``model$weights`` (IRLS working weights) with the prior weights ``omega``, so what R's
    ``summary.glm``/``predict.glm`` then estimate as dispersion is
    ``sum(omega * ((y - mu)/mu)^2) / df.residual``; ``phi`` was taken before and is not.
    """
    pw = mask.astype(float)
    fit, hat = fit_quasipoisson(X, y, pw, offset)
    if not reweight:
        return fit
    omega = anscombe_weights(y, fit.fitted, hat, fit.phi, mask, threshold)
    refit, _ = fit_quasipoisson(X, y, omega, offset)
    if prior_weights_in_summary:
        mu = refit.fitted
        with np.errstate(divide="ignore", invalid="ignore"):
            r2 = np.where(omega > 0, omega * ((y - mu) / mu) ** 2, 0.0)
            refit.dispersion = np.where(refit.df_residual > 0,
                                        r2.sum(axis=1) / refit.df_residual, np.nan)
    refit.converged = fit.converged
    refit.valid &= fit.valid
    return refit
