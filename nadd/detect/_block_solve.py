"""Batched solves and inverses of ``X'WX`` for designs ``[dense columns | disjoint dummies]``.

The Farringtons' designs are an intercept, maybe a time trend, and (farringtonFlexible) the
dummies of a seasonal factor.  Dummies with disjoint supports make the lower-right block of
``A = X'WX`` diagonal (``d_j = sum of w over level j``), so ``A`` is solved by eliminating it
(Schur complement): only a ``k x k`` system remains, ``k`` the dense columns (1 or 2), solved in
closed form.  Thousands of fits then cost a few elementwise operations on ``B x p`` arrays
instead of one LAPACK call each (``np.linalg.solve`` on ``B x 11 x 11`` spends ~6 us a fit,
mostly per-matrix overhead, and ran at every IRLS step).
"""

from __future__ import annotations

import numpy as np

__all__ = ["BlockSystem"]


class BlockSystem:
    """``A x = r`` and ``A^-1`` for a stack of ``A = X'WX`` (``B x p x p``) of one design ``X``."""

    def __init__(self, X: np.ndarray) -> None:
        n, p = X.shape
        dummies: list[int] = []
        used = np.zeros(n, dtype=bool)
        for j in range(p):
            col = X[:, j]
            on = col == 1
            # 0/1, not the intercept, and disjoint from the dummies taken so far.
            if np.all(on | (col == 0)) and 0 < on.sum() < n and not np.any(used & on):
                dummies.append(j)
                used |= on
        self.m = np.array(dummies, dtype=int)
        self.d = np.array([j for j in range(p) if j not in dummies], dtype=int)
        self.p = p

    def _parts(self, a: np.ndarray) -> tuple[np.ndarray, ...]:
        d, m = self.d, self.m
        a_dd = a[:, d[:, None], d[None, :]]                   # B x k x k
        a_dm = a[:, d[:, None], m[None, :]]                   # B x k x q
        dm = a[:, m, m]                                       # B x q (the diagonal block)
        with np.errstate(divide="ignore", invalid="ignore"):
            dinv = 1.0 / dm
            c = a_dm * dinv[:, None, :]                       # A_DM D^-1
            s = a_dd - np.einsum("bkq,blq->bkl", c, a_dm)      # Schur complement
        return a_dd, a_dm, dinv, c, s

    def _ok(self, a: np.ndarray, s: np.ndarray) -> np.ndarray:
        # As the LU path: every diagonal entry positive (a level with no weight is singular);
        # and a Schur complement that is not singular.
        ok = np.all(np.einsum("bii->bi", a) > 0, axis=1)
        with np.errstate(invalid="ignore"):
            ok &= np.isfinite(s).all(axis=(1, 2)) & (_det(s) > 0)
        return ok

    def solve(self, a: np.ndarray, r: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """``solve(a, r)`` per fit; NaN and ``ok = False`` where ``a`` is singular."""
        _, a_dm, dinv, c, s = self._parts(a)
        ok = self._ok(a, s)
        r_d, r_m = r[:, self.d], r[:, self.m]
        with np.errstate(divide="ignore", invalid="ignore"):
            x_d = _small_solve(s, r_d - np.einsum("bkq,bq->bk", c, r_m))
            x_m = dinv * (r_m - np.einsum("bkq,bk->bq", a_dm, x_d))
        x = np.empty_like(r)
        x[:, self.d], x[:, self.m] = x_d, x_m
        x[~ok] = np.nan
        return x, ok

    def inverse(self, a: np.ndarray, ok: np.ndarray) -> np.ndarray:
        """``solve(a)`` per fit (NaN where ``ok`` is False), by the block-inverse formula."""
        _, _, dinv, c, s = self._parts(a)
        with np.errstate(divide="ignore", invalid="ignore"):
            s_inv = _small_inverse(s)
            top = -np.einsum("bkl,blq->bkq", s_inv, c)          # -S^-1 A_DM D^-1
            low = -np.einsum("bkq,bkl->bql", c, top)             # D^-1 A_MD S^-1 A_DM D^-1
        q = self.m.size
        low[:, np.arange(q), np.arange(q)] += dinv
        inv = np.empty(a.shape)
        d, m = self.d, self.m
        inv[:, d[:, None], d[None, :]] = s_inv
        inv[:, d[:, None], m[None, :]] = top
        inv[:, m[:, None], d[None, :]] = top.transpose(0, 2, 1)
        inv[:, m[:, None], m[None, :]] = low
        inv[~ok] = np.nan
        return inv


def _det(s: np.ndarray) -> np.ndarray:
    k = s.shape[1]
    if k == 1:
        return s[:, 0, 0]
    if k == 2:
        return s[:, 0, 0] * s[:, 1, 1] - s[:, 0, 1] * s[:, 1, 0]
    return np.linalg.det(s)


def _small_solve(s: np.ndarray, r: np.ndarray) -> np.ndarray:
    """``solve(s, r)`` for ``k x k`` blocks; closed form for k <= 2 (NaN if singular)."""
    k = s.shape[1]
    if k == 1:
        return r / s[:, 0, :]
    if k == 2:
        det = _det(s)
        x0 = (s[:, 1, 1] * r[:, 0] - s[:, 0, 1] * r[:, 1]) / det
        x1 = (s[:, 0, 0] * r[:, 1] - s[:, 1, 0] * r[:, 0]) / det
        return np.stack([x0, x1], axis=1)
    good = np.isfinite(s).all(axis=(1, 2)) & (np.linalg.det(s) != 0)
    x = np.full(r.shape, np.nan)
    if good.any():
        x[good] = np.linalg.solve(s[good], r[good][..., None])[..., 0]
    return x


def _small_inverse(s: np.ndarray) -> np.ndarray:
    k = s.shape[1]
    if k == 1:
        return 1.0 / s
    if k == 2:
        det = _det(s)
        out = np.empty_like(s)
        out[:, 0, 0], out[:, 1, 1] = s[:, 1, 1] / det, s[:, 0, 0] / det
        out[:, 0, 1], out[:, 1, 0] = -s[:, 0, 1] / det, -s[:, 1, 0] / det
        return out
    return _small_solve_identity(s)


def _small_solve_identity(s: np.ndarray) -> np.ndarray:
    good = np.isfinite(s).all(axis=(1, 2)) & (np.linalg.det(s) != 0)
    out = np.full(s.shape, np.nan)
    if good.any():
        out[good] = np.linalg.inv(s[good])
    return out
