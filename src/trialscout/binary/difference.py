"""Difference of two rates with the Miettinen–Nurminen score interval, stratified with Mantel–Haenszel weights."""

from __future__ import annotations

import math
import warnings

import numpy as np
from scipy import optimize, stats

from .._results import Comparison, Estimate
from .._validate import InputError, check_choice, check_confidence_level
from ._counts import as_counts

__all__ = ["rate_difference", "DIFFERENCE_METHODS"]

DIFFERENCE_METHODS = ("miettinen-nurminen",)


def _constrained_mle(x1, n1, x0, n0, delta: float) -> tuple[np.ndarray, np.ndarray]:
    """Maximum-likelihood rates (p1, p0) of each stratum under the constraint p1 - p0 = delta.

    Miettinen & Nurminen (1985); Farrington & Manning (1990): p0 is the root in
    [max(0, -delta), min(1, 1 - delta)] of the cubic L3 p^3 + L2 p^2 + L1 p + L0 = 0 with L3 = N,
    L2 = (n1 + 2 n0) delta - N - C, L1 = (n0 delta - N - 2 x0) delta + C, L0 = x0 delta (1 - delta),
    C = x1 + x0, N = n1 + n0;
    it is the score equation (x1 - n1 p1) p0 (1 - p0) + (x0 - n0 p0) p1 (1 - p1) = 0 multiplied out.
    The root is taken in its closed trigonometric form (the cubic has three real roots).
    """
    x1 = x1.astype(float)
    x0 = x0.astype(float)
    n1 = n1.astype(float)
    n0 = n0.astype(float)
    if delta <= -1.0:  # the feasible set is the single point p1 = 0, p0 = 1
        return np.zeros_like(x1), np.ones_like(x1)
    if delta >= 1.0:
        return np.ones_like(x1), np.zeros_like(x1)
    big_n = n1 + n0
    c = x1 + x0
    l3 = big_n
    l2 = (n1 + 2.0 * n0) * delta - big_n - c
    l1 = (n0 * delta - big_n - 2.0 * x0) * delta + c
    l0 = x0 * delta * (1.0 - delta)
    v = l2**3 / (3.0 * l3) ** 3 - l1 * l2 / (6.0 * l3**2) + l0 / (2.0 * l3)
    u2 = l2**2 / (3.0 * l3) ** 2 - l1 / (3.0 * l3)
    u = np.sign(v) * np.sqrt(np.maximum(u2, 0.0))
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(u == 0.0, 0.0, v / u**3)
    # |v / u^3| <= 1 in exact arithmetic (three real roots); rounding can step just outside.
    w = (math.pi + np.arccos(np.clip(ratio, -1.0, 1.0))) / 3.0
    p0 = 2.0 * u * np.cos(w) - l2 / (3.0 * l3)
    p0 = np.clip(p0, max(0.0, -delta), min(1.0, 1.0 - delta))
    p1 = np.clip(p0 + delta, 0.0, 1.0)
    return p1, p0


def _score_parts(x1, n1, x0, n0, w, delta: float) -> tuple[float, float]:
    """Numerator sum_h w_h (d_h - delta) and variance sum_h w_h^2 V_h(delta) of the MN score statistic."""
    p1, p0 = _constrained_mle(x1, n1, x0, n0, delta)
    big_n = n1 + n0
    # Miettinen & Nurminen (1985): the ML variance times N / (N - 1).
    var = (p1 * (1.0 - p1) / n1 + p0 * (1.0 - p0) / n0) * (big_n / (big_n - 1.0))
    d = x1 / n1 - x0 / n0
    return float(np.sum(w * (d - delta))), float(np.sum(w * w * var))


def _limit(x1, n1, x0, n0, w, z: float, estimate: float, side: int) -> float:
    """The confidence limit on one side (-1 lower, +1 upper): the root of
    sum w (d - delta) + side * z * sqrt(sum w^2 V(delta)) = 0 between the estimate and -1 or +1.
    """
    end = float(side)
    if estimate == end:
        return end

    def f(delta: float) -> float:
        num, var = _score_parts(x1, n1, x0, n0, w, delta)
        return num + side * z * math.sqrt(var)

    # f(end) = sum w (d - end) has the sign of -side: V(+-1) = 0 since the constrained rates are then 0 and 1.
    # At the estimate the numerator is 0 and f = side * z * sqrt(V), of sign side unless V(estimate) = 0 (all
    # strata at rates 0 or 1); then step towards `end` until the square root term takes over.
    inner = estimate
    if side * f(inner) <= 0.0:
        step = 1e-12
        while True:
            inner = estimate + side * step
            if side * (end - inner) <= 0.0:
                return end
            if side * f(inner) > 0.0:
                break
            step *= 10.0
    a, b = sorted((inner, end))
    return float(optimize.brentq(f, a, b, xtol=1e-14, rtol=4.0 * np.finfo(float).eps, maxiter=500))


def rate_difference(
    x1,
    n1=None,
    x0=None,
    n0=None,
    *,
    confidence_level: float = 0.95,
    method: str = "miettinen-nurminen",
) -> Comparison:
    """Difference of response rates, treated minus control, with the Miettinen–Nurminen score interval.

    Parameters
    ----------
    x1, n1 : int or array_like of int
        Responders and subjects in the treated arm; 1-D arrays with one entry per stratum for a stratified
        analysis. Alternatively ``x1`` alone may be a :class:`ResponseTable` or a (2, 2) / (K, 2, 2) table
        with rows (treated, control) and columns (responders, non-responders).
    x0, n0 : int or array_like of int
        Responders and subjects in the control arm, aligned with ``x1, n1``.
    confidence_level : float, default 0.95
        Two-sided level of the interval.
    method : {"miettinen-nurminen"}
        The only method offered: the score interval of Miettinen & Nurminen (1985).

    Returns
    -------
    Comparison
        ``estimate``: the difference p1 - p0 (stratified: the Mantel–Haenszel weighted mean of the stratum
        differences) with its MN interval; ``std_err`` is NaN because the interval is not of the
        estimate +- z SE form. ``statistic``: the signed MN score statistic z for H0: p1 - p0 = 0;
        ``pvalue``: its two-sided normal P.

    Raises
    ------
    InputError
        Bad counts (see :func:`trialscout.binary.as_counts`); an unstratified arm with no subjects; no
        stratum with subjects in both arms.

    Warns
    -----
    RuntimeWarning
        When the score test is undefined because every stratum has all or no responders in both arms
        (statistic and P are then NaN).

    Notes
    -----
    For a trial value d of the common difference, stratum h has constrained maximum-likelihood rates
    (p1h~, p0h~) with p1h~ - p0h~ = d (closed-form root of a cubic; Miettinen & Nurminen 1985,
    Farrington & Manning 1990) and score variance

        V_h(d) = (p1h~ (1 - p1h~) / n1h + p0h~ (1 - p0h~) / n0h) * N_h / (N_h - 1),

    that is, *with* the N / (N - 1) variance correction of Miettinen & Nurminen (1985), which makes the
    ML variance unbiased (without it the interval is Mee's 1984 score interval). SAS PROC FREQ
    ``RISKDIFF(CL=MN)`` uses the corrected variance by default (``CL=MN(CORRECT=NO)`` drops it). With
    Mantel–Haenszel weights w_h = n1h n0h / (n1h + n0h) the stratified score statistic is

        z(d) = sum_h w_h (p1h^ - p0h^ - d) / sqrt(sum_h w_h^2 V_h(d)),

    and the limits are the two roots of z(d) = +-z_{1-a/2}, found by bracketed root-finding (Brent) between
    the estimate and -1 or +1. With one stratum it is the ordinary MN interval. The estimate, where
    z(d) = 0, is the MH common difference sum w_h d_h / sum w_h. A stratum lacking one arm has weight 0 and
    is left out. z(0)^2 equals the Cochran–Mantel–Haenszel statistic without continuity correction
    (:func:`cmh_test`), so the interval and the CMH test always agree.

    This stratified MN interval with MH weights is SAS PROC FREQ ``COMMONRISKDIFF(CL=MNMH)`` (added with
    SAS Viya); SAS's ``CL=MN`` uses Miettinen & Nurminen's iterative (inverse-variance) weights instead, and
    the older SAS 9.4 "summary score" limits (``CL=SCORE``) are a different, non-inverted interval. Neither
    of those two is offered here.

    References
    ----------
    Miettinen O, Nurminen M. Comparative analysis of two rates. Stat Med 1985;4:213-226.
    Farrington CP, Manning G. Test statistics and sample size formulae for comparative binomial trials with
    null hypothesis of non-zero risk difference or non-unity relative risk. Stat Med 1990;9:1447-1454.
    Mee RW. Confidence bounds for the difference between two probabilities. Biometrics 1984;40:1175-1176.
    SAS/STAT User's Guide, The FREQ Procedure: Risk Difference (Miettinen–Nurminen confidence limits) and
    Common Risk Difference.

    Examples
    --------
    >>> r = rate_difference(14, 20, 6, 20)
    >>> round(r.estimate.value, 2)
    0.4
    """
    x1, n1, x0, n0 = as_counts(x1, n1, x0, n0)
    level = check_confidence_level(confidence_level)
    method = check_choice("method", method, DIFFERENCE_METHODS)
    stratified = x1.size > 1
    if not stratified:
        for name, n in (("n1", n1), ("n0", n0)):
            if n[0] == 0:
                raise InputError(f"`{name}` must be positive: a rate difference needs subjects in both arms")
    keep = (n1 > 0) & (n0 > 0)
    if not keep.any():
        raise InputError(
            "no stratum has subjects in both arms (`n1` and `n0` both positive); the rate difference is not "
            "defined"
        )
    x1, n1, x0, n0 = (a[keep].astype(float) for a in (x1, n1, x0, n0))
    w = n1 * n0 / (n1 + n0)  # Mantel–Haenszel weights; any common scale gives the same z(d)
    d_h = x1 / n1 - x0 / n0
    estimate = float(np.sum(w * d_h) / np.sum(w))
    # The estimate of a single table must be exactly representable as p1 - p0, not a w-weighted round-off.
    if not stratified:
        estimate = float(d_h[0])
    estimate = min(1.0, max(-1.0, estimate))
    z = float(stats.norm.isf((1.0 - level) / 2.0))
    lower = _limit(x1, n1, x0, n0, w, z, estimate, -1)
    upper = _limit(x1, n1, x0, n0, w, z, estimate, +1)
    num, var = _score_parts(x1, n1, x0, n0, w, 0.0)
    if var > 0.0:
        zstat = num / math.sqrt(var)
        pvalue = float(2.0 * stats.norm.sf(abs(zstat)))
    else:
        warnings.warn(
            "the score test of no difference is undefined: every stratum has all or no responders in both arms",
            RuntimeWarning,
            stacklevel=2,
        )
        zstat = pvalue = math.nan
    weights = "; mantel-haenszel weights" if stratified else ""
    est = Estimate.build(estimate, lower, upper, level, f"rate difference; miettinen-nurminen{weights}")
    return Comparison(
        estimate=est, statistic=float(zstat), pvalue=pvalue, method=f"miettinen-nurminen score test{weights}"
    )
