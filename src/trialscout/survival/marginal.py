"""The Cox model with SAS PHREG ``TIES=EXACT``: the continuous-time marginal likelihood of tied event times.

With tied events at t_j, the times are taken as continuous and their order unobserved: the likelihood term is the
probability that the d_j subjects D_j who failed at t_j all fail before every other subject at risk
(Kalbfleisch & Prentice 2002, sec. 4.2.3; DeLong, Guirguis & So 1994),

    L_j = int_0^inf prod_{i in D_j} (1 - exp(-r_i t / S_j)) exp(-t) dt,   r_i = exp(x_i beta),
    S_j = sum of r_k over the subjects at risk at t_j who did not fail there.

With d_j = 1 it is r_i / (r_i + S_j), the ordinary partial-likelihood term. The integral is computed by adaptive
quadrature; its gradient in beta is taken under the integral, d log(1 - exp(-a t)) / d beta =
t a exp(-a t) / (1 - exp(-a t)) (x_i - xbar_j), a = r_i / S_j, xbar_j the r-weighted mean over the non-failing
subjects at risk. The information is the finite-difference derivative of that exact gradient. This is SAS's
``TIES=EXACT``; SAS ``TIES=DISCRETE`` (R's ``ties="exact"``) is trialscout's ``ties="exact"``.
"""

from __future__ import annotations

import math

import numpy as np
from scipy import integrate

__all__ = ["marginal_terms", "fit_marginal"]


class _Risk:
    """Per stratum and distinct event time: the rows of the failing subjects and of the others at risk."""

    def __init__(self, t: np.ndarray, e: np.ndarray, s: np.ndarray):
        self.sets: list[tuple[np.ndarray, np.ndarray]] = []
        for si in np.unique(s):
            rows = np.flatnonzero(s == si)
            ts, es = t[rows], e[rows]
            for tj in np.unique(ts[es]):
                dead = rows[(ts == tj) & es]
                others = rows[(ts >= tj) & ~((ts == tj) & es)]
                self.sets.append((dead, others))


def _term(x: np.ndarray, eta: np.ndarray, dead: np.ndarray, others: np.ndarray) -> tuple[float, np.ndarray]:
    """log L_j and its gradient for one event time."""
    p = x.shape[1]
    if len(others) == 0:
        # everyone at risk failed: the probability is 1 (no one left to fail after them)
        return 0.0, np.zeros(p)
    shift = float(max(eta[dead].max(), eta[others].max()))
    r_o = np.exp(eta[others] - shift)
    s_o = float(r_o.sum())
    xbar = (r_o[:, None] * x[others]).sum(axis=0) / s_o
    a = np.exp(eta[dead] - shift) / s_o
    dx = x[dead] - xbar
    if len(dead) == 1:
        # r_i / (r_i + S): log = log a - log(1 + a); gradient (x_i - xbar) / (1 + a)
        return float(math.log(a[0]) - math.log1p(a[0])), dx[0] / (1.0 + a[0])

    def integrand_log(tt: float) -> float:
        return float(np.sum(np.log(-np.expm1(-a * tt)))) - tt

    # the integrand rises from 0 like t^d and falls like exp(-t): its peak lies where d/dt log f = 0
    peak = _peak(a)
    scale = math.exp(integrand_log(peak))

    def f(tt: float) -> float:
        return math.exp(integrand_log(tt)) / scale if tt > 0 else 0.0

    val = _quad(f, peak)
    grad = np.zeros(p)
    for k in range(p):
        def fk(tt: float, k=k) -> float:
            if tt <= 0:
                return 0.0
            w = tt * a * np.exp(-a * tt) / -np.expm1(-a * tt)
            return f(tt) * float(w @ dx[:, k])

        grad[k] = _quad(fk, peak) / val
    return math.log(val) + math.log(scale), grad


def _peak(a: np.ndarray) -> float:
    lo, hi = 1e-12, 50.0 + 50.0 / float(a.min())
    for _ in range(200):
        mid = 0.5 * (lo + hi)
        slope = float(np.sum(a * np.exp(-a * mid) / -np.expm1(-a * mid))) - 1.0
        if slope > 0:
            lo = mid
        else:
            hi = mid
    return 0.5 * (lo + hi)


def _quad(f, peak: float) -> float:
    """Integral over (0, inf) split at the peak and a few multiples of it, each piece to full precision."""
    edges = [0.0, peak, 4 * peak + 10.0]
    total = 0.0
    for lo, hi in zip(edges[:-1], edges[1:]):
        total += integrate.quad(f, lo, hi, epsabs=0.0, epsrel=1e-13, limit=200)[0]
    total += integrate.quad(f, edges[-1], np.inf, epsabs=0.0, epsrel=1e-13, limit=200)[0]
    return total


def marginal_terms(t: np.ndarray, e: np.ndarray, x: np.ndarray, s: np.ndarray):
    """A function beta -> (log L, score, information) of the marginal likelihood (information by central
    differences of the exact score, step 1e-5 scaled to each covariate's spread)."""
    risk = _Risk(t, e, s)
    xc = x - x.mean(axis=0)
    p = x.shape[1]
    steps = 1e-5 * np.maximum(xc.std(axis=0), 1e-3) ** -1

    def loglik_score(beta: np.ndarray) -> tuple[float, np.ndarray]:
        eta = xc @ beta
        ll = 0.0
        u = np.zeros(p)
        for dead, others in risk.sets:
            lj, gj = _term(xc, eta, dead, others)
            ll += lj
            u += gj
        return ll, u

    def evaluate(beta: np.ndarray, need_info: bool = True):
        ll, u = loglik_score(beta)
        if not need_info:
            return ll, u, None
        info = np.empty((p, p))
        for k in range(p):
            hstep = np.zeros(p)
            hstep[k] = steps[k]
            up = loglik_score(beta + hstep)[1]
            down = loglik_score(beta - hstep)[1]
            info[:, k] = -(up - down) / (2 * steps[k])
        return ll, u, 0.5 * (info + info.T)

    return evaluate


def fit_marginal(t, e, x, names, s, conv, level, init, max_iter):
    """Newton–Raphson on the marginal likelihood with the convergence rule of ``conv``; returns a CoxPH."""
    import warnings

    from ..conventions import parse_convergence
    from .cox import CoxPH, _inverse, _phreg_converged, _solve

    p = x.shape[1]
    evaluate = marginal_terms(t, e, x, s)
    ll0, u0, i0 = evaluate(np.zeros(p))
    score_stat = float(u0 @ _solve(i0, u0))
    beta = np.zeros(p) if init is None else np.asarray(init, dtype=float).reshape(p)
    ll, u, info = (ll0, u0, i0) if init is None else evaluate(beta)
    rule, crit = parse_convergence(conv.cox_convergence)
    converged, it = False, 0
    prev_ll, prev_beta = math.nan, None
    for it in range(1, max_iter + 1):
        if rule != "full" and _phreg_converged(rule, crit, beta, ll, u, info, prev_beta, prev_ll):
            converged, it = True, it - 1
            break
        prev_ll, prev_beta = ll, beta
        step = _solve(info, u)
        new = beta + step
        ll_new, u_new, info_new = evaluate(new)
        halvings = 0
        while (not np.isfinite(ll_new) or ll_new < ll - 1e-12 * abs(ll)) and halvings < 30:
            step = step / 2
            new = beta + step
            ll_new, u_new, info_new = evaluate(new)
            halvings += 1
        done = abs(ll_new - ll) <= 1e-12 * max(1.0, abs(ll)) and float(np.max(np.abs(step))) < 1e-8
        beta, ll, u, info = new, ll_new, u_new, info_new
        if done:
            converged = True
            break
    if not converged:
        warnings.warn(f"Cox model did not converge in {max_iter} iterations; estimates may be unreliable",
                      stacklevel=3)
    var = _inverse(info)
    se = np.sqrt(np.diag(var))
    wald = float(beta @ _solve(var, beta))
    return CoxPH(
        names=names, coef=beta, se=se, variance=var, naive_variance=var, loglik_null=ll0, loglik=ll,
        lr_statistic=float(2 * (ll - ll0)), score_statistic=score_stat, wald_statistic=wald, df=p, n=len(t),
        n_events=int(e.sum()), iterations=it, converged=converged, ties="marginal", weights="none", robust=False,
        confidence_level=level, conventions=conv,
    )
