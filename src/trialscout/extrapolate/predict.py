"""Predictions from fitted survival models with confidence intervals.

Two interval methods, as flexsurv offers them (Jackson 2016, section 3.3):

* ``delta``: the delta method, var g(theta) = grad g' V grad g with V the inverse observed information and the
  gradient by central differences; the interval is formed on a scale where g is near normal (log(-log S) for
  survival, log for hazards, quantiles and restricted means, the identity for differences) and transformed back.
* ``simulation``: draws theta_b ~ N(theta_hat, V) (Mandel 2013), g evaluated at each draw, the interval from the
  percentiles of the draws; the point estimate is g(theta_hat).
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
from scipy import stats

from .._results import NR, Estimate
from .._validate import InputError, check_confidence_level
from .fit import ParametricFit

__all__ = ["survival", "hazard", "quantile", "rmst", "mean_survival", "difference", "evaluate",
           "QUANTITIES"]

QUANTITIES = ("survival", "hazard", "quantile", "rmst", "mean")
_METHODS = ("delta", "simulation")

# Gauss-Legendre nodes on [0, 1] in 8 panels of 16: integrals of S over [0, tau] use t = tau u^2, which
# smooths the t^a behaviour of S near 0 (a Weibull shape below 1, splines in log t)
_GL_X, _GL_W = np.polynomial.legendre.leggauss(16)
_PANELS = np.linspace(0.0, 1.0, 9)
_U = np.concatenate([(a + b) / 2 + (b - a) / 2 * _GL_X for a, b in zip(_PANELS[:-1], _PANELS[1:])])
_UW = np.concatenate([(b - a) / 2 * _GL_W for a, b in zip(_PANELS[:-1], _PANELS[1:])])


def _background(fit: ParametricFit, arm: str | None) -> Callable | None:
    if not fit.background:
        return None
    return fit.background[fit.arm_index(arm) if len(fit.background) > 1 else 0]


def _logs_logh(fit: ParametricFit, rows: np.ndarray, arm: str | None, t: np.ndarray):
    """log S and log h of the model (times the background survival, plus the background hazard, if any)."""
    p = fit.natural_params(rows, arm)
    with np.errstate(all="ignore"):
        logf, logs = fit.family.logf_logs(t[None, :], p)
        logh = logf - logs
    bg = _background(fit, arm)
    if bg is not None:
        s_bg = np.asarray(bg(t), dtype=float)
        eps = 1e-6 * max(float(np.max(t)), 1.0)
        h_bg = -(np.log(np.asarray(bg(t + eps), dtype=float)) - np.log(np.asarray(bg(np.maximum(t - eps, 0.0)),
                                                                                   dtype=float)))
        h_bg = h_bg / (t + eps - np.maximum(t - eps, 0.0))
        with np.errstate(all="ignore"):
            logs = logs + np.log(s_bg)[None, :]
            logh = np.logaddexp(logh, np.log(np.maximum(h_bg, 1e-300))[None, :])
    return logs, logh


def _survival_rows(fit, rows, arm, t):
    logs, _ = _logs_logh(fit, rows, arm, np.asarray(t, dtype=float))
    return np.exp(logs)


def _integral_rows(fit, rows, arm, tau: float) -> np.ndarray:
    t = tau * _U * _U
    s = _survival_rows(fit, rows, arm, t)
    return s @ (_UW * 2.0 * tau * _U)


def _quantile_rows(fit, rows, arm, prob: float) -> np.ndarray:
    """The time t with S(t) = 1 - prob for each row (bisection on log t); NaN where S stays above 1 - prob."""
    target = 1.0 - prob
    n = rows.shape[0]
    scale = max(fit.last_time, 1e-12)
    lo = np.full(n, math.log(scale * 1e-10))
    hi = np.full(n, math.log(scale))
    for _ in range(60):  # widen the upper end until S(hi) <= target, up to 10^12 times the data's end
        s_hi = _survival_diag(fit, rows, arm, np.exp(hi))
        need = s_hi > target
        if not np.any(need) or np.all(hi[need] > math.log(scale * 1e12)):
            break
        hi = np.where(need, hi + math.log(10.0), hi)
    reached = ~need
    for _ in range(100):
        mid = 0.5 * (lo + hi)
        s_mid = _survival_diag(fit, rows, arm, np.exp(mid))
        above = s_mid > target
        lo = np.where(above, mid, lo)
        hi = np.where(above, hi, mid)
        if np.max(hi - lo) < 1e-13:
            break
    return np.where(reached, np.exp(0.5 * (lo + hi)), np.nan)


def _survival_diag(fit, rows, arm, t) -> np.ndarray:
    """S(t_i) for row i of ``rows`` and the i-th time, without forming the full rows x times table."""
    out = np.empty(rows.shape[0])
    # evaluate in blocks of rows; each block forms a small table and keeps its diagonal
    block = 64
    for s in range(0, rows.shape[0], block):
        r = rows[s:s + block]
        out[s:s + block] = np.diag(_survival_rows(fit, r, arm, t[s:s + block]))
    return out


def evaluate(fit: ParametricFit, quantity: str, rows, arm: str | None, arguments) -> np.ndarray:
    """The quantity at each row of unconstrained parameters (B, p), for each argument: a (B, len(args)) table."""
    rows = np.atleast_2d(np.asarray(rows, dtype=float))
    args = np.asarray(arguments, dtype=float)
    if quantity == "survival":
        return _survival_rows(fit, rows, arm, args)
    if quantity == "hazard":
        _, logh = _logs_logh(fit, rows, arm, args)
        return np.exp(logh)
    if quantity == "quantile":
        return np.column_stack([_quantile_rows(fit, rows, arm, float(p)) for p in args])
    if quantity in ("rmst", "mean"):
        return np.column_stack([_integral_rows(fit, rows, arm, float(tau)) for tau in args])
    raise InputError(f"`quantity` must be one of {', '.join(QUANTITIES)}; got {quantity!r}")


# -- interval machinery ---------------------------------------------------------------------------------------
def _link(quantity: str):
    if quantity == "survival":  # log(-log S)
        return (lambda s: np.log(-np.log(s)), lambda u: np.exp(-np.exp(u)), lambda s: 1.0 / (s * np.log(s)))
    if quantity == "difference":
        return (lambda v: v, lambda u: u, lambda v: np.ones_like(v))
    return (np.log, np.exp, lambda v: 1.0 / v)


def _gradient_rows(fit: ParametricFit, quantity, arm, args):
    """g(theta_hat) and its gradient (len(args), p) by central differences, in one batched evaluation."""
    th = fit.theta
    p = len(th)
    h = 1e-5 * (1.0 + np.abs(th))
    e = np.diag(h)
    rows = np.vstack([th[None, :], th + e, th - e])
    vals = evaluate(fit, quantity, rows, arm, args)
    g = (vals[1:p + 1] - vals[p + 1:]) / (2.0 * h[:, None])
    return vals[0], g.T


def _draws(fit: ParametricFit, n_draws: int, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    if not np.all(np.isfinite(fit.cov)):
        return np.full((n_draws, len(fit.theta)), np.nan)
    cov = 0.5 * (fit.cov + fit.cov.T)
    if np.min(np.linalg.eigvalsh(cov)) < 0:  # not a maximum: no sampling distribution to draw from
        return np.full((n_draws, len(fit.theta)), np.nan)
    return rng.multivariate_normal(fit.theta, cov, size=n_draws, method="eigh")


def _method(method: str) -> str:
    if method not in _METHODS:
        raise InputError(f"`method` must be one of {', '.join(_METHODS)}; got {method!r}")
    return method


def _estimates(quantity: str, value, var_or_draws, level: float, method: str, label: str) -> list[Estimate]:
    z = stats.norm.ppf(0.5 + level / 2.0)
    out = []
    fwd, back, dfwd = _link(quantity)
    for j, v in enumerate(np.atleast_1d(value)):
        if not np.isfinite(v):
            out.append(Estimate.build(math.nan, math.nan, math.nan, level, label,
                                      value_status=NR if quantity == "quantile" else None))
            continue
        if method == "delta":
            var = float(var_or_draws[j])
            se = math.sqrt(var) if var >= 0 else math.nan
            with np.errstate(all="ignore"):
                if quantity == "survival" and not 0 < v < 1:
                    lo = hi = v
                else:
                    u, su = fwd(v), abs(dfwd(v)) * se
                    a, b = back(u - z * su), back(u + z * su)
                    lo, hi = min(a, b), max(a, b)
            out.append(Estimate.build(v, lo, hi, level, label, std_err=se))
        else:
            d = var_or_draws[:, j]
            finite = d[np.isfinite(d)]
            if len(finite) < 0.5 * len(d) or len(finite) == 0:
                lo = hi = math.nan
            else:
                # draws where the quantity is not reached (quantiles) count as beyond the upper limit
                dd = np.where(np.isfinite(d), d, np.inf)
                with np.errstate(invalid="ignore"):  # a limit among the infinite draws is not estimable
                    lo, hi = np.quantile(dd, [0.5 - level / 2, 0.5 + level / 2])
            se = float(np.std(finite, ddof=1)) if len(finite) > 1 else math.nan
            out.append(Estimate.build(v, lo, hi, level, label, std_err=se))
    return out


def _predict(fit: ParametricFit, quantity: str, args, arm, method, level, n_draws, seed) -> list[Estimate]:
    method = _method(method)
    level = fit.confidence_level if level is None else check_confidence_level(level)
    args = np.atleast_1d(np.asarray(args, dtype=float))
    fit.arm_index(arm)
    label = f"{fit.distribution}; {'delta method' if method == 'delta' else f'simulation ({n_draws} draws)'}"
    if method == "delta":
        value, grad = _gradient_rows(fit, quantity, arm, args)
        var = np.einsum("ij,jk,ik->i", grad, fit.cov, grad)
        return _estimates(quantity, value, var, level, method, label)
    value = evaluate(fit, quantity, fit.theta[None, :], arm, args)[0]
    draws = evaluate(fit, quantity, _draws(fit, n_draws, seed), arm, args)
    return _estimates(quantity, value, draws, level, method, label)


def _check_times(name: str, t, *, positive: bool = False) -> np.ndarray:
    arr = np.atleast_1d(np.asarray(t, dtype=float))
    if arr.ndim != 1 or np.any(~np.isfinite(arr)) or np.any(arr < 0) or (positive and np.any(arr <= 0)):
        raise InputError(f"`{name}` must be finite {'positive' if positive else 'non-negative'} times; got {t!r}")
    return arr


def survival(fit: ParametricFit, times, *, arm: str | None = None, method: str = "delta",
             confidence_level: float | None = None, n_draws: int = 1000, seed: int = 1) -> list[Estimate]:
    """S(t) at each time, with CIs (delta method on log(-log S), or simulation)."""
    return _predict(fit, "survival", _check_times("times", times), arm, method, confidence_level, n_draws, seed)


def hazard(fit: ParametricFit, times, *, arm: str | None = None, method: str = "delta",
           confidence_level: float | None = None, n_draws: int = 1000, seed: int = 1) -> list[Estimate]:
    """h(t) at each (positive) time, with CIs (delta method on log h, or simulation)."""
    return _predict(fit, "hazard", _check_times("times", times, positive=True), arm, method, confidence_level,
                    n_draws, seed)


def quantile(fit: ParametricFit, probabilities=0.5, *, arm: str | None = None, method: str = "delta",
             confidence_level: float | None = None, n_draws: int = 1000, seed: int = 1) -> list[Estimate]:
    """The times by which a fraction ``p`` has had the event (p = 0.5: the median); NR if S stays above 1 - p."""
    p = np.atleast_1d(np.asarray(probabilities, dtype=float))
    if np.any(~(p > 0)) or np.any(~(p < 1)):
        raise InputError(f"`probabilities` must lie strictly between 0 and 1; got {probabilities!r}")
    return _predict(fit, "quantile", p, arm, method, confidence_level, n_draws, seed)


def rmst(fit: ParametricFit, tau: float, *, arm: str | None = None, method: str = "delta",
         confidence_level: float | None = None, n_draws: int = 1000, seed: int = 1) -> Estimate:
    """Restricted mean survival time: the area under S(t) from 0 to ``tau``."""
    return _predict(fit, "rmst", _check_times("tau", tau, positive=True), arm, method, confidence_level,
                    n_draws, seed)[0]


def mean_survival(fit: ParametricFit, horizon: float, *, arm: str | None = None, method: str = "delta",
                  confidence_level: float | None = None, n_draws: int = 1000, seed: int = 1) -> Estimate:
    """Mean survival restricted to a (lifetime) ``horizon``: the area under the extrapolated S(t) to it."""
    return _predict(fit, "mean", _check_times("horizon", horizon, positive=True), arm, method, confidence_level,
                    n_draws, seed)[0]


def difference(fit: ParametricFit, quantity: str, args, *, arm: str, reference: str | None = None,
               other: ParametricFit | None = None, method: str = "delta", confidence_level: float | None = None,
               n_draws: int = 1000, seed: int = 1) -> list[Estimate]:
    """``quantity`` in ``arm`` minus ``quantity`` in ``reference``.

    For a joint model give ``fit`` (covering both arms) and the two arm names; for separate models give the
    arm's fit as ``fit`` and the reference arm's as ``other`` (independent estimates: their variances add).
    """
    method = _method(method)
    if quantity not in QUANTITIES:
        raise InputError(f"`quantity` must be one of {', '.join(QUANTITIES)}; got {quantity!r}")
    args = np.atleast_1d(np.asarray(args, dtype=float))
    level = fit.confidence_level if confidence_level is None else check_confidence_level(confidence_level)
    label = f"difference; {fit.distribution}; {'delta method' if method == 'delta' else 'simulation'}"
    if other is None:
        ref = reference if reference is not None else fit.arms[0]
        fit.arm_index(arm)
        fit.arm_index(ref)
        if method == "delta":
            va, ga = _gradient_rows(fit, quantity, arm, args)
            vb, gb = _gradient_rows(fit, quantity, ref, args)
            g = ga - gb
            return _estimates("difference", va - vb, np.einsum("ij,jk,ik->i", g, fit.cov, g), level, method, label)
        rows = _draws(fit, n_draws, seed)
        value = (evaluate(fit, quantity, fit.theta[None, :], arm, args)
                 - evaluate(fit, quantity, fit.theta[None, :], ref, args))[0]
        d = evaluate(fit, quantity, rows, arm, args) - evaluate(fit, quantity, rows, ref, args)
        return _estimates("difference", value, d, level, method, label)
    if method == "delta":
        va, ga = _gradient_rows(fit, quantity, fit.arm, args)
        vb, gb = _gradient_rows(other, quantity, other.arm, args)
        var = np.einsum("ij,jk,ik->i", ga, fit.cov, ga) + np.einsum("ij,jk,ik->i", gb, other.cov, gb)
        return _estimates("difference", va - vb, var, level, method, label)
    value = (evaluate(fit, quantity, fit.theta[None, :], fit.arm, args)
             - evaluate(other, quantity, other.theta[None, :], other.arm, args))[0]
    d = (evaluate(fit, quantity, _draws(fit, n_draws, seed), fit.arm, args)
         - evaluate(other, quantity, _draws(other, n_draws, seed + 1), other.arm, args))
    return _estimates("difference", value, d, level, method, label)
