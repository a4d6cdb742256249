"""Parametric survival families on plain arrays: log density and log survival, broadcasting over parameters.

Every family works on *natural* parameters (e.g. Weibull shape and scale) passed as a list of arrays that
broadcast against the times: per-subject arrays of shape (n,) during fitting, (B, 1) columns against a (1, T)
grid of times for predictions from B parameter vectors at once. The optimizer works on unconstrained
parameters: ``log`` for positive ones, the identity otherwise, ``logit`` for a cure fraction.

Parameterizations are those of flexsurv (Jackson 2016, J Stat Softw 70(8), table 1), so that fitted values can
be compared with it:

========== ================== ======================================================== ===============
family      parameters        S(t)                                                     covariates act on
========== ================== ======================================================== ===============
exponential rate               exp(-rate t)                                              log rate
weibull     shape a, scale b   exp(-(t/b)^a)                                             log scale
gompertz    shape a, rate b    exp(-(b/a)(exp(a t) - 1)); a < 0 gives a plateau          log rate
loglogistic shape a, scale b   1 / (1 + (t/b)^a)                                         log scale
lognormal   meanlog, sdlog     1 - Phi((log t - meanlog)/sdlog)                          meanlog
gamma       shape a, rate b    1 - P(a, b t)  (regularized lower incomplete gamma P)      log rate
gengamma    mu, sigma, Q       Prentice (1974), below                                    mu
========== ================== ======================================================== ===============
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
from scipy import special

__all__ = ["Family", "FAMILIES", "SplineFamily", "CureFamily", "spline_basis", "expm1x"]

LOG_2PI = math.log(2.0 * math.pi)


def expm1x(x):
    """(exp(x) - 1) / x, equal to 1 at x = 0 and accurate near it."""
    x = np.asarray(x, dtype=float)
    small = np.abs(x) < 1e-6
    xs = np.where(small, 1.0, x)
    return np.where(small, 1.0 + x / 2.0 + x * x / 6.0, np.expm1(xs) / xs)


def _expm1_minus_x_over_x2(x):
    """(exp(x) - 1 - x) / x^2: 1/2 at x = 0, evaluated by its series near 0 and directly elsewhere."""
    x = np.asarray(x, dtype=float)
    small = np.abs(x) < 1e-3
    out = np.empty(x.shape)
    xs, xm = x[~small], x[small]
    out[~small] = (np.expm1(xs) - xs) / (xs * xs)
    out[small] = 0.5 + xm * (1.0 / 6.0 + xm * (1.0 / 24.0 + xm / 120.0))
    return out


def _stirling_remainder(g):
    """log Gamma(g) - [(g - 1/2) log g - g + log(2 pi)/2], by its asymptotic series for large g."""
    g = np.asarray(g, dtype=float)
    big = g > 1e3
    gb = np.where(big, g, 1e3)
    series = 1.0 / (12.0 * gb) - 1.0 / (360.0 * gb ** 3) + 1.0 / (1260.0 * gb ** 5)
    gs = np.where(big, 1.0, g)
    direct = special.gammaln(gs) - ((gs - 0.5) * np.log(gs) - gs + 0.5 * LOG_2PI)
    return np.where(big, series, direct)


@dataclass(frozen=True)
class Family:
    """One parametric family: names, transforms of its parameters, and its log density / log survival.

    ``location`` is the index of the parameter a treatment effect acts on (flexsurv's location parameter), on
    the unconstrained scale.
    """

    name: str
    par_names: tuple[str, ...]
    transforms: tuple[str, ...]
    location: int
    log_time: bool = True  # defined only for t > 0 (every family here except the exponential and Gompertz)

    @property
    def n_base(self) -> int:
        return len(self.par_names)

    def logf_logs(self, t, p):
        """log f(t) and log S(t) for natural parameters ``p`` (a list of arrays broadcasting with ``t``)."""
        return _LOGFS[self.name](np.asarray(t, dtype=float), p)


def _exponential(t, p):
    rate = p[0]
    logs = -rate * t
    return np.log(rate) + logs, logs


def _weibull(t, p):
    a, b = p
    with np.errstate(divide="ignore"):
        lt = np.log(t)
    lz = a * (lt - np.log(b))
    z = np.exp(lz)
    return np.log(a) - lt + lz - z, -z


def _gompertz(t, p):
    a, b = p
    at = a * t
    cumhaz = b * t * expm1x(at)
    return np.log(b) + at - cumhaz, -cumhaz


def _loglogistic(t, p):
    a, b = p
    with np.errstate(divide="ignore"):
        lt = np.log(t)
    u = a * (lt - np.log(b))
    l1 = np.logaddexp(0.0, u)
    return np.log(a) - lt + u - 2.0 * l1, -l1


def _lognormal(t, p):
    mu, sigma = p
    with np.errstate(divide="ignore"):
        lt = np.log(t)
    w = (lt - mu) / sigma
    return -0.5 * w * w - 0.5 * LOG_2PI - np.log(sigma) - lt, special.log_ndtr(-w)


def _log_clip(s):
    with np.errstate(divide="ignore"):
        return np.log(np.clip(s, 0.0, 1.0))


def _gamma(t, p):
    a, b = p
    with np.errstate(divide="ignore", invalid="ignore"):
        lt = np.log(t)
        bt = b * t
        logf = a * np.log(b) + (a - 1.0) * lt - bt - special.gammaln(a)
    return logf, _log_clip(special.gammaincc(a, bt))


Q_QUADRATURE = 3e-3  # below this |Q|, S(t) by quadrature of the density of W (see _gengamma)
_GL64_X, _GL64_W = np.polynomial.legendre.leggauss(64)


def _log_density_w(v, q):
    """log density of W = (log T - mu)/sigma under Prentice's generalized gamma (exact for all Q, Q = 0 too)."""
    zero = q == 0
    qs = np.where(zero, 1.0, q)
    c = np.where(zero, 0.0, _stirling_remainder(1.0 / (qs * qs)))
    return -0.5 * LOG_2PI - c - v * v * _expm1_minus_x_over_x2(q * v)


def _log_tail_quadrature(w, q):
    """log P(W > w) by 64-point Gauss-Legendre quadrature of W's density.

    For w >= 0 the upper tail is integrated over [w, w + L]; for w < 0, 1 - the lower tail over [w - L, w],
    with L = sqrt(w^2 + 80) - |w|, beyond which the density is below exp(-40) of its value at w.
    """
    w, q = np.broadcast_arrays(np.asarray(w, dtype=float), np.asarray(q, dtype=float))
    aw = np.abs(w)
    length = np.sqrt(aw * aw + 80.0) - aw
    upper = w >= 0
    start = np.where(upper, w, w - length)
    nodes = start[..., None] + (length[..., None] / 2.0) * (_GL64_X + 1.0)
    logw = np.log(length[..., None] / 2.0 * _GL64_W)
    log_int = special.logsumexp(_log_density_w(nodes, q[..., None]) + logw, axis=-1)
    with np.errstate(divide="ignore"):
        return np.where(upper, log_int, np.log1p(-np.minimum(np.exp(log_int), 1.0)))


def _gengamma(t, p):
    # Prentice (1974): w = (log t - mu)/sigma, g = Q^-2; for Q != 0,
    #   f(t) = |Q| g^g / (sigma t Gamma(g)) exp(g (Q w - exp(Q w))),
    #   S(t) = 1 - P(g, g exp(Q w)) for Q > 0 and P(g, g exp(Q w)) for Q < 0, the lognormal at Q = 0.
    # log f is rewritten without cancelling large terms: with x = Q w and Stirling's remainder C(g),
    #   log f = -log(2 pi)/2 - C(g) - w^2 (exp(x) - 1 - x)/x^2 - log sigma - log t,
    # exact for every Q and equal to the lognormal density at Q = 0.
    # The regularized incomplete gamma function of order g = Q^-2 > 1e5 loses relative accuracy in its tails,
    # so for |Q| < 3e-3 S(t) is the integral of the density of W instead (smooth through Q = 0).
    mu, sigma, q = p
    with np.errstate(divide="ignore"):
        lt = np.log(t)
    w = (lt - mu) / sigma
    q = np.asarray(q, dtype=float)
    logf = _log_density_w(w, q) - np.log(sigma) - lt
    wb, qb = np.broadcast_arrays(w, q)
    small = np.abs(qb) < Q_QUADRATURE
    pos = (qb > 0) & ~small
    neg = (qb < 0) & ~small
    logs = np.empty(wb.shape)
    for m, fn in ((pos, special.gammaincc), (neg, special.gammainc)):
        if np.any(m):
            qm = qb[m]
            g = 1.0 / (qm * qm)
            with np.errstate(over="ignore", invalid="ignore"):
                logs[m] = _log_clip(fn(g, g * np.exp(qm * wb[m])))
    if np.any(small):
        logs[small] = _log_tail_quadrature(wb[small], qb[small])
    return logf, logs


_LOGFS = {
    "exponential": _exponential,
    "weibull": _weibull,
    "gompertz": _gompertz,
    "loglogistic": _loglogistic,
    "lognormal": _lognormal,
    "gamma": _gamma,
    "gengamma": _gengamma,
}

FAMILIES: dict[str, Family] = {
    "exponential": Family("exponential", ("rate",), ("log",), 0, log_time=False),
    "weibull": Family("weibull", ("shape", "scale"), ("log", "log"), 1),
    "gompertz": Family("gompertz", ("shape", "rate"), ("id", "log"), 1, log_time=False),
    "loglogistic": Family("loglogistic", ("shape", "scale"), ("log", "log"), 1),
    "lognormal": Family("lognormal", ("meanlog", "sdlog"), ("id", "log"), 0),
    "gamma": Family("gamma", ("shape", "rate"), ("log", "log"), 1),
    "gengamma": Family("gengamma", ("mu", "sigma", "Q"), ("id", "log", "id"), 0),
}


# -- Royston-Parmar splines -----------------------------------------------------------------------------------
def spline_basis(x, knots):
    """Royston & Parmar (2002) natural cubic spline basis in x = log t and its derivative.

    With boundary knots k_min, k_max and interior knots k_1..k_m, the basis is 1, x and, for each interior
    knot, v_j(x) = (x - k_j)_+^3 - l_j (x - k_min)_+^3 - (1 - l_j)(x - k_max)_+^3 with
    l_j = (k_max - k_j)/(k_max - k_min) (Royston & Parmar 2002, eq. 4): linear beyond the boundary knots.

    Returns arrays of shape x.shape + (m + 2,) for the basis and for d/dx.
    """
    x = np.asarray(x, dtype=float)
    kmin, kmax = knots[0], knots[-1]
    cols = [np.ones_like(x), x]
    dcols = [np.zeros_like(x), np.ones_like(x)]
    for kj in knots[1:-1]:
        lam = (kmax - kj) / (kmax - kmin)
        a, b, c = np.maximum(x - kj, 0.0), np.maximum(x - kmin, 0.0), np.maximum(x - kmax, 0.0)
        cols.append(a ** 3 - lam * b ** 3 - (1.0 - lam) * c ** 3)
        dcols.append(3.0 * (a * a - lam * b * b - (1.0 - lam) * c * c))
    return np.stack(cols, axis=-1), np.stack(dcols, axis=-1)


@dataclass(frozen=True)
class SplineFamily(Family):
    """Royston-Parmar spline: g(S(t)) = s(log t; gamma), with g by ``scale``.

    hazard: log(-log S) (log cumulative hazard); odds: log((1 - S)/S); normal: -Phi^-1(S) (Royston & Parmar
    2002, section 2). Parameters gamma0..gamma(m+1); a treatment effect shifts gamma0.
    """

    scale: str = "hazard"
    knots: tuple[float, ...] = ()

    def logf_logs(self, t, p):
        t = np.asarray(t, dtype=float)
        with np.errstate(divide="ignore"):
            x = np.log(t)
        basis, dbasis = spline_basis(x, self.knots)
        eta = sum(p[j] * basis[..., j] for j in range(len(p)))
        deta = sum(p[j] * dbasis[..., j] for j in range(1, len(p)))
        with np.errstate(divide="ignore", invalid="ignore"):
            log_deta = np.where(deta > 0, np.log(np.where(deta > 0, deta, 1.0)), -np.inf)
            if self.scale == "hazard":
                logs = -np.exp(eta)
                logh = log_deta - x + eta
            elif self.scale == "odds":
                logs = -np.logaddexp(0.0, eta)
                logh = log_deta - x + eta + logs
            else:  # normal
                logs = special.log_ndtr(-eta)
                logh = log_deta - x - 0.5 * eta * eta - 0.5 * LOG_2PI - logs
        return logh + logs, logs


def make_spline(k: int, scale: str, knots) -> SplineFamily:
    names = tuple(f"gamma{j}" for j in range(k + 2))
    return SplineFamily(f"spline:k={k}:scale={scale}", names, ("id",) * (k + 2), 0, True, scale, tuple(knots))


# -- mixture cure ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class CureFamily(Family):
    """Mixture cure: S(t) = pi + (1 - pi) S_u(t), f(t) = (1 - pi) f_u(t); pi (``cure``) on the logit scale.

    A treatment effect shifts the uncured family's location and the cure fraction's logit.
    """

    base: Family = field(default_factory=lambda: FAMILIES["weibull"])

    def logf_logs(self, t, p):
        lf, ls = self.base.logf_logs(t, p[:-1])
        pi = p[-1]
        log_pi, log_1m = np.log(pi), np.log1p(-pi)
        return log_1m + lf, np.logaddexp(log_pi, log_1m + ls)


def make_cure(base: Family) -> CureFamily:
    return CureFamily(f"cure:{base.name}", base.par_names + ("cure",), base.transforms + ("logit",), base.location,
                      base.log_time, base)
