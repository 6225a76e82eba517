"""Batched log-link GLM fits, as R's ``glm.fit`` (Poisson) and MASS's ``glm.nb``.

The CUSUM (``m = "glm"``) and GLR (``mu0`` estimated) detectors fit a small seasonal model to
the points before the first monitored one.  These are the same iterations as R's, run for
many series at once (one row of ``y`` per series, a shared design ``X``):

* :func:`poisson_glm` is ``glm.fit(X, y, family = poisson())``: IRLS from ``mustart = y + 0.1``,
  stopped when ``|dev - devold| / (|dev| + 0.1) < epsilon`` (``glm.control``: epsilon 1e-8,
  maxit 25).
* :func:`negbin_glm` is ``MASS::glm.nb``: a Poisson fit, then ``theta.ml`` alternated with an
  IRLS refit for the negative binomial family of that theta, until the log-likelihood and theta
  settle (same tolerances).  It returns ``theta`` (R's ``mod$theta``; ``alpha = 1/theta``).
"""

from __future__ import annotations

import numpy as np
from scipy.special import digamma, gammaln, polygamma

__all__ = ["harmonic_design", "negbin_glm", "poisson_glm"]

#: glm.control() defaults, used by both glm() and glm.nb().
EPSILON = 1e-8
MAXIT = 25
#: theta.ml's convergence tolerance on the Newton step: .Machine$double.eps^0.25.
THETA_EPS = np.finfo(float).eps ** 0.25


def harmonic_design(t: np.ndarray, period: float, S: int = 1, trend: bool = False) -> np.ndarray:
    """Columns ``1, [t], cos(2*s*pi/p*t), sin(2*s*pi/p*t)`` for ``s = 1..S`` (R's order)."""
    t = np.asarray(t, dtype=float)
    cols = [np.ones_like(t)]
    if trend:
        cols.append(t)
    for s in range(1, S + 1):
        cols += [np.cos(2 * s * np.pi / period * t), np.sin(2 * s * np.pi / period * t)]
    return np.column_stack(cols)


def _wls(X: np.ndarray, z: np.ndarray, w: np.ndarray) -> np.ndarray:
    """Coefficients of weighted least squares, one fit per row of ``z``/``w``."""
    sw = np.sqrt(w)
    A = sw[:, :, None] * X[None, :, :]           # n_series x n x p
    b = sw * z
    q, r = np.linalg.qr(A)
    qtb = np.einsum("snp,sn->sp", q, b)
    return np.linalg.solve(r, qtb[..., None])[..., 0]


def _poisson_dev(y: np.ndarray, mu: np.ndarray) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        r = np.where(y > 0, y * np.log(y / mu) - (y - mu), mu)
    return 2 * r.sum(axis=1)


def _negbin_dev(y: np.ndarray, mu: np.ndarray, theta: np.ndarray) -> np.ndarray:
    th = theta[:, None]
    with np.errstate(divide="ignore", invalid="ignore"):
        r = y * np.log(np.maximum(1, y) / mu) - (y + th) * np.log((y + th) / (mu + th))
    return 2 * r.sum(axis=1)


def _irls(X: np.ndarray, y: np.ndarray, eta: np.ndarray, theta: np.ndarray | None
          ) -> tuple[np.ndarray, np.ndarray]:
    """glm.fit's IRLS for the log link; Poisson when ``theta`` is None, else NB(theta)."""
    mu = np.exp(eta)
    dev = _poisson_dev(y, mu) if theta is None else _negbin_dev(y, mu, theta)
    beta = np.zeros((y.shape[0], X.shape[1]))
    active = np.ones(y.shape[0], dtype=bool)
    for _ in range(MAXIT):
        z = eta + (y - mu) / mu
        w = mu if theta is None else mu ** 2 / (mu + mu ** 2 / theta[:, None])
        b = _wls(X, z[active], w[active])
        beta[active] = b
        eta_new = b @ X.T
        mu_new = np.exp(eta_new)
        dev_new = (_poisson_dev(y[active], mu_new) if theta is None
                   else _negbin_dev(y[active], mu_new, theta[active]))
        eta[active], mu[active] = eta_new, mu_new
        conv = np.abs(dev_new - dev[active]) / (np.abs(dev_new) + 0.1) < EPSILON
        dev[active] = dev_new
        active[np.flatnonzero(active)[conv]] = False
        if not active.any():
            break
    return beta, mu


def poisson_glm(X: np.ndarray, y: np.ndarray, alpha: float = 0.0) -> np.ndarray:
    """Coefficients of ``glm(y ~ X - 1, family = poisson())`` for each row of ``y``.

    With ``alpha > 0``: ``family = negative.binomial(theta = 1/alpha)`` (MASS), whose IRLS
    starts from ``mustart = y + (y == 0)/6``.
    """
    y = np.atleast_2d(np.asarray(y, dtype=float))
    if alpha == 0:
        beta, _ = _irls(X, y, np.log(y + 0.1), None)
    else:
        theta = np.full(y.shape[0], 1 / alpha)
        beta, _ = _irls(X, y, np.log(y + (y == 0) / 6), theta)
    return beta


def _theta_ml(y: np.ndarray, mu: np.ndarray) -> np.ndarray:
    """MASS::theta.ml: Newton's method for the NB size, per row (limit = glm.control maxit)."""
    n = y.shape[1]
    t0 = n / ((y / mu - 1) ** 2).sum(axis=1)
    del_ = np.ones_like(t0)
    it = 0
    active = np.ones_like(t0, dtype=bool)
    while True:
        it += 1
        active &= np.abs(del_) > THETA_EPS
        if not (it < MAXIT and active.any()):
            break
        t = np.abs(t0[active])[:, None]
        yy, mm = y[active], mu[active]
        score = (digamma(t + yy) - digamma(t) + np.log(t) + 1 - np.log(t + mm)
                 - (yy + t) / (mm + t)).sum(axis=1)
        info = (-polygamma(1, t + yy) + polygamma(1, t) - 1 / t + 2 / (mm + t)
                - (yy + t) / (mm + t) ** 2).sum(axis=1)
        d = score / info
        del_[active] = d
        t0[active] = t[:, 0] + d
    return np.maximum(t0, 0.0)


def _nb_loglik(th: np.ndarray, mu: np.ndarray, y: np.ndarray) -> np.ndarray:
    t = th[:, None]
    return (gammaln(t + y) - gammaln(t) - gammaln(y + 1) + t * np.log(t)
            + y * np.log(mu + (y == 0)) - (t + y) * np.log(t + mu)).sum(axis=1)


def negbin_glm(X: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``MASS::glm.nb(y ~ X - 1)`` for each row of ``y``: (coefficients, theta)."""
    y = np.atleast_2d(np.asarray(y, dtype=float))
    n, p = X.shape
    beta, mu = _irls(X, y, np.log(y + 0.1), None)
    th = _theta_ml(y, mu)
    d1 = np.sqrt(2 * max(1, n - p))
    d2 = 1.0
    del_ = np.ones_like(th)
    lm = _nb_loglik(th, mu, y)
    lm0 = lm + 2 * d1
    for _ in range(MAXIT):
        todo = np.abs(lm0 - lm) / d1 + np.abs(del_) / d2 > EPSILON
        if not todo.any():
            break
        b, mu_fit = _irls(X, y[todo], np.log(mu[todo]), th[todo])
        t0 = th[todo]
        th_new = _theta_ml(y[todo], mu[todo])       # as glm.nb: theta from the previous mu
        beta[todo], mu[todo] = b, mu_fit
        del_[todo] = t0 - th_new
        th[todo] = th_new
        lm0[todo] = lm[todo]
        lm[todo] = _nb_loglik(th_new, mu_fit, y[todo])
    return beta, th
