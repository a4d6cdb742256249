"""What SAS PROC FREQ prints for binary and categorical endpoints beyond the defaults of :mod:`trialscout.binary`:
every single-proportion interval of ``BINOMIAL(CL=...)``, every risk-difference interval of ``RISKDIFF(CL=...)``,
relative risks (``RELRISK(CL=...)``, the Mantel–Haenszel common relative risk), the common risk difference
(``COMMONRISKDIFF(CL=...)``), odds-ratio intervals (``OR(CL=...)``, the logit-weighted common odds ratio), the
chi-square tests of ``CHISQ``, the CMH statistics of R x C x K tables and the Breslow–Day test with Tarone's
correction.

Method names are trialscout's (``"wilson-cc"``, ``"agresti-caffo"``); :mod:`trialscout.sas_options` maps SAS's
spellings (``CL=WILSON(CORRECT)``, ``CL=AC``) onto them. Formulas: SAS/STAT User's Guide, The FREQ Procedure,
"Binomial Proportion", "Risk and Risk Differences", "Common Risk Difference", "Odds Ratio and Relative Risks for
2 x 2 Tables",
"Cochran-Mantel-Haenszel Statistics", "Breslow-Day Test for Homogeneity of the Odds Ratios"; and the papers cited
at each function.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy import optimize, special, stats

from .._results import Estimate, TestResult
from .._validate import InputError, check_choice, check_confidence_level
from ._counts import as_count, as_counts
from .difference import _constrained_mle

__all__ = [
    "PROPORTION_METHODS", "RISK_DIFFERENCE_METHODS", "RELATIVE_RISK_METHODS", "ODDS_RATIO_METHODS",
    "COMMON_RISK_DIFFERENCE_METHODS",
    "proportion_ci", "risk_difference_ci", "relative_risk", "common_relative_risk", "odds_ratio_ci",
    "common_odds_ratio_logit", "ChiSquareTests", "chi_square_tests", "CMHStatistics", "cmh_statistics",
    "breslow_day", "rate_interval", "difference_interval", "common_risk_difference",
]

PROPORTION_METHODS = ("wald", "wald-cc", "wilson", "wilson-cc", "agresti-coull", "jeffreys", "mid-p", "blaker",
                      "likelihood-ratio", "logit", "clopper-pearson")
RISK_DIFFERENCE_METHODS = ("wald", "wald-cc", "newcombe", "newcombe-cc", "agresti-caffo", "hauck-anderson", "mee",
                           "miettinen-nurminen", "exact")
RELATIVE_RISK_METHODS = ("wald", "wald-modified", "likelihood-ratio", "score", "exact")
ODDS_RATIO_METHODS = ("wald", "wald-modified", "exact", "mid-p", "likelihood-ratio", "score")
COMMON_RISK_DIFFERENCE_METHODS = ("mantel-haenszel", "summary-score", "newcombe", "miettinen-nurminen")


def _z(level: float) -> float:
    return float(stats.norm.isf((1.0 - level) / 2.0))


def _clip01(v: float) -> float:
    return min(1.0, max(0.0, v))


# -- one proportion ---------------------------------------------------------------------------------------------
def proportion_ci(successes, n, *, method: str = "wald", confidence_level: float = 0.95) -> Estimate:
    """A binomial proportion with the confidence interval of SAS ``BINOMIAL(CL=...)``.

    Parameters
    ----------
    successes, n : int
    method : str
        ``"wald"`` (SAS's default asymptotic limits, p +- z sqrt(p q / n), kept within [0, 1]); ``"wald-cc"``
        (half-width plus 1/(2n)); ``"wilson"`` (score; Wilson 1927); ``"wilson-cc"`` (with continuity correction;
        Newcombe 1998 method 4); ``"agresti-coull"`` (Wald on x + z^2/2 of n + z^2); ``"jeffreys"`` (equal-tailed
        Beta(x + 1/2, n - x + 1/2) quantiles, 0 at x = 0 and 1 at x = n); ``"mid-p"`` (exact limits with half the
        probability of the observed count); ``"blaker"`` (Blaker 2000); ``"likelihood-ratio"`` (where
        2 [l(p^) - l(p)] = chi2_1(level)); ``"logit"`` (Wald on log(p/q), NE at x = 0 or n);
        ``"clopper-pearson"`` (exact).
    confidence_level : float

    Returns
    -------
    Estimate
        ``value`` = x / n; ``std_err`` = sqrt(p q / n).
    """
    x, n = as_count(successes, n)
    level = check_confidence_level(confidence_level)
    method = check_choice("method", method, PROPORTION_METHODS)
    alpha = 1.0 - level
    z = _z(level)
    p = x / n
    q = 1.0 - p
    se = math.sqrt(p * q / n)
    lo: float
    hi: float
    if method in ("wald", "wald-cc"):
        half = z * se + (0.5 / n if method == "wald-cc" else 0.0)
        lo, hi = _clip01(p - half), _clip01(p + half)
    elif method == "wilson":
        centre = p + z * z / (2 * n)
        half = z * math.sqrt(p * q / n + z * z / (4 * n * n))
        lo, hi = (centre - half) / (1 + z * z / n), (centre + half) / (1 + z * z / n)
        lo, hi = (0.0 if x == 0 else _clip01(lo)), (1.0 if x == n else _clip01(hi))
    elif method == "wilson-cc":
        den = 2 * (n + z * z)
        lo = 0.0 if x == 0 else (2 * n * p + z * z - 1 - z * math.sqrt(z * z - 2 - 1 / n + 4 * p * (n * q + 1))) / den
        hi = 1.0 if x == n else (2 * n * p + z * z + 1 + z * math.sqrt(z * z + 2 - 1 / n + 4 * p * (n * q - 1))) / den
        lo, hi = _clip01(lo), _clip01(hi)
    elif method == "agresti-coull":
        nt = n + z * z
        pt = (x + z * z / 2) / nt
        half = z * math.sqrt(pt * (1 - pt) / nt)
        lo, hi = _clip01(pt - half), _clip01(pt + half)
    elif method == "jeffreys":
        lo = 0.0 if x == 0 else float(stats.beta.ppf(alpha / 2, x + 0.5, n - x + 0.5))
        hi = 1.0 if x == n else float(stats.beta.isf(alpha / 2, x + 0.5, n - x + 0.5))
    elif method == "clopper-pearson":
        lo = 0.0 if x == 0 else float(stats.beta.ppf(alpha / 2, x, n - x + 1))
        hi = 1.0 if x == n else float(stats.beta.isf(alpha / 2, x + 1, n - x))
    elif method == "mid-p":
        lo, hi = _midp(x, n, alpha)
    elif method == "blaker":
        lo, hi = _blaker(x, n, alpha)
    elif method == "likelihood-ratio":
        lo, hi = _lr_proportion(x, n, level)
    else:  # logit
        if x == 0 or x == n:
            return Estimate.build(p, math.nan, math.nan, level, "proportion; logit", std_err=se)
        lam = math.log(p / q)
        w = z * math.sqrt(1.0 / (n * p * q))
        lo, hi = 1 / (1 + math.exp(-(lam - w))), 1 / (1 + math.exp(-(lam + w)))
    return Estimate.build(p, lo, hi, level, f"proportion; {method}", std_err=se)


def _midp(x: int, n: int, alpha: float) -> tuple[float, float]:
    def upper_tail(pp):  # P(X > x) + P(X = x)/2
        return stats.binom.sf(x, n, pp) + 0.5 * stats.binom.pmf(x, n, pp)

    def lower_tail(pp):  # P(X < x) + P(X = x)/2
        return stats.binom.cdf(x - 1, n, pp) + 0.5 * stats.binom.pmf(x, n, pp)

    lo = 0.0 if x == 0 else float(optimize.brentq(lambda pp: upper_tail(pp) - alpha / 2, 1e-15, 1 - 1e-15,
                                                  xtol=1e-14))
    hi = 1.0 if x == n else float(optimize.brentq(lambda pp: lower_tail(pp) - alpha / 2, 1e-15, 1 - 1e-15,
                                                  xtol=1e-14))
    return lo, hi


def _blaker_acceptability(x: int, n: int, pp: float) -> float:
    """Blaker (2000): P_p(gamma(X) <= gamma(x)), gamma(k) = min(P(X >= k), P(X <= k))."""
    k = np.arange(n + 1)
    cdf = stats.binom.cdf(k, n, pp)
    sf = stats.binom.sf(k - 1, n, pp)  # P(X >= k)
    gamma = np.minimum(cdf, sf)
    pmf = stats.binom.pmf(k, n, pp)
    return float(pmf[gamma <= gamma[x] * (1 + 1e-7)].sum())


def _blaker(x: int, n: int, alpha: float) -> tuple[float, float]:
    """Limits of {p : acceptability(p) > alpha}; it lies inside the Clopper–Pearson interval (Blaker 2000, Thm 1)."""
    cp_lo = 0.0 if x == 0 else float(stats.beta.ppf(alpha / 2, x, n - x + 1))
    cp_hi = 1.0 if x == n else float(stats.beta.isf(alpha / 2, x + 1, n - x))
    p = x / n

    def f(pp):
        return _blaker_acceptability(x, n, pp) - alpha

    def edge(a: float, b: float) -> float:
        # a: outside (f <= 0), b: inside (f > 0); scan for the first inside point from the outside end, then bisect
        grid = np.linspace(a, b, 400)
        vals = [f(g) for g in grid]
        j = next(i for i, v in enumerate(vals) if v > 0)
        lo_, hi_ = grid[j - 1], grid[j]
        for _ in range(60):
            mid = 0.5 * (lo_ + hi_)
            if f(mid) > 0:
                hi_ = mid
            else:
                lo_ = mid
        return float(0.5 * (lo_ + hi_))

    lo = 0.0 if x == 0 else edge(cp_lo, p)
    hi = 1.0 if x == n else edge(cp_hi, p)
    return lo, hi


def _lr_proportion(x: int, n: int, level: float) -> tuple[float, float]:
    crit = float(stats.chi2.ppf(level, 1))
    p = x / n

    def ll(pp):
        return (x * math.log(pp) if x else 0.0) + ((n - x) * math.log(1 - pp) if n - x else 0.0)

    top = ll(p) if 0 < p < 1 else 0.0

    def g(pp):
        return 2 * (top - ll(pp)) - crit

    lo = 0.0 if x == 0 else float(optimize.brentq(g, 1e-300, p, xtol=1e-15))
    hi = 1.0 if x == n else float(optimize.brentq(g, p, 1 - 1e-16, xtol=1e-15))
    return lo, hi


# -- difference of two proportions ------------------------------------------------------------------------------
def _single(x1, n1, x0, n0, what: str) -> tuple[int, int, int, int]:
    a1, m1, a0, m0 = as_counts(x1, n1, x0, n0)
    if a1.size != 1:
        raise InputError(f"{what} takes one 2 x 2 table; got {a1.size} strata")
    if m1[0] == 0 or m0[0] == 0:
        raise InputError(f"{what}: both arms need subjects; got n1 = {int(m1[0])}, n0 = {int(m0[0])}")
    return int(a1[0]), int(m1[0]), int(a0[0]), int(m0[0])


def risk_difference_ci(x1, n1=None, x0=None, n0=None, *, method: str = "wald",
                       confidence_level: float = 0.95) -> Estimate:
    """p1 - p0 with the confidence interval of SAS ``RISKDIFF(CL=...)`` (one table).

    Methods: ``"wald"`` (SAS's default: d +- z sqrt(p1 q1/n1 + p0 q0/n0)); ``"wald-cc"`` (half-width plus
    (1/n1 + 1/n0)/2); ``"newcombe"`` (hybrid score from the two Wilson intervals, Newcombe 1998 method 10);
    ``"newcombe-cc"`` (from the corrected Wilson intervals, method 11); ``"agresti-caffo"`` (Wald after adding one
    success and one failure to each arm; Agresti & Caffo 2000); ``"hauck-anderson"`` (d +- (1/(2 min(n1, n0)) +
    z sqrt(p1 q1/(n1 - 1) + p0 q0/(n0 - 1))); Hauck & Anderson 1986); ``"mee"`` (score interval without the
    N/(N-1) factor; Mee 1984; SAS ``CL=MN(CORRECT=NO)``); ``"miettinen-nurminen"`` (with it; SAS ``CL=MN``);
    ``"exact"`` (exact unconditional, inverting two one-sided score tests with the nuisance rate maximized over a
    grid; Chan & Zhang 1999; SAS ``CL=EXACT``).
    Wald-type limits are kept within [-1, 1].
    """
    a, m1, c, m0 = _single(x1, n1, x0, n0, "the risk difference")
    level = check_confidence_level(confidence_level)
    method = check_choice("method", method, RISK_DIFFERENCE_METHODS)
    z = _z(level)
    p1, p0 = a / m1, c / m0
    d = p1 - p0
    se = math.sqrt(p1 * (1 - p1) / m1 + p0 * (1 - p0) / m0)

    def clip(v: float) -> float:
        return min(1.0, max(-1.0, v))

    if method in ("wald", "wald-cc"):
        half = z * se + (0.5 * (1 / m1 + 1 / m0) if method == "wald-cc" else 0.0)
        lo, hi = clip(d - half), clip(d + half)
    elif method in ("newcombe", "newcombe-cc"):
        kind = "wilson" if method == "newcombe" else "wilson-cc"
        w1 = proportion_ci(a, m1, method=kind, confidence_level=level)
        w0 = proportion_ci(c, m0, method=kind, confidence_level=level)
        lo = d - math.sqrt((p1 - w1.lower) ** 2 + (w0.upper - p0) ** 2)
        hi = d + math.sqrt((w1.upper - p1) ** 2 + (p0 - w0.lower) ** 2)
    elif method == "agresti-caffo":
        q1, q0 = (a + 1) / (m1 + 2), (c + 1) / (m0 + 2)
        half = z * math.sqrt(q1 * (1 - q1) / (m1 + 2) + q0 * (1 - q0) / (m0 + 2))
        lo, hi = clip(q1 - q0 - half), clip(q1 - q0 + half)
    elif method == "hauck-anderson":
        if m1 < 2 or m0 < 2:
            raise InputError("the Hauck–Anderson interval needs at least two subjects per arm")
        half = 1 / (2 * min(m1, m0)) + z * math.sqrt(p1 * (1 - p1) / (m1 - 1) + p0 * (1 - p0) / (m0 - 1))
        lo, hi = clip(d - half), clip(d + half)
    elif method == "exact":
        lo, hi = _exact_rd_limits(a, m1, c, m0, 1.0 - level)
    else:
        correct = method == "miettinen-nurminen"
        lo, hi = _score_rd_limit(a, m1, c, m0, z, -1, correct), _score_rd_limit(a, m1, c, m0, z, 1, correct)
    return Estimate.build(d, lo, hi, level, f"risk difference; {method}", std_err=se)


def _all_tables(m1: int, m0: int):
    """Every 2x2 table with margins m1, m0: the counts 0..m1 and 0..m0, and the responders and sizes of the
    (m1 + 1)(m0 + 1) tables as flat float arrays (X1, X0, N1, N0)."""
    k1 = np.arange(m1 + 1)
    k0 = np.arange(m0 + 1)
    X1 = np.repeat(k1, m0 + 1).astype(float)
    X0 = np.tile(k0, m1 + 1).astype(float)
    return k1, k0, X1, X0, np.full_like(X1, float(m1)), np.full_like(X0, float(m0))


def _exact_rd_limits(a, m1, c, m0, alpha, grid: int = 1000) -> tuple[float, float]:
    """Exact unconditional limits (SAS ``RISKDIFF(CL=EXACT)``): the tail method of Chan & Zhang (1999).

    For a trial difference delta every table (k1, k0) gets the score statistic T = (d - delta) / sqrt(V~(delta)), V~
    the constrained-ML variance; the one-sided P values P(T >= T_obs) and P(T <= T_obs) are maximized over the
    nuisance rate p0 on a grid of ``grid`` points of its feasible range. The lower limit is where the first reaches
    alpha/2, the upper where the second does (bisection to 1e-7).
    """
    k1, k0, X1, X0, N1, N0 = _all_tables(m1, m0)
    diff = X1 / m1 - X0 / m0
    d_obs = a / m1 - c / m0

    def pvalue(delta: float, side: int) -> float:
        q1, q0 = _constrained_mle(X1, N1, X0, N0, delta)
        v = q1 * (1 - q1) / m1 + q0 * (1 - q0) / m0
        with np.errstate(divide="ignore", invalid="ignore"):
            t = np.where(v > 0, (diff - delta) / np.sqrt(v), np.sign(diff - delta) * np.inf)
        t = t.reshape(m1 + 1, m0 + 1)
        t_obs = t[a, c]
        tail = (t >= t_obs - 1e-9) if side > 0 else (t <= t_obs + 1e-9)
        p0 = np.linspace(max(0.0, -delta), min(1.0, 1.0 - delta), grid)
        p1 = np.clip(p0 + delta, 0.0, 1.0)
        b1 = stats.binom.pmf(k1[None, :], m1, p1[:, None])
        b0 = stats.binom.pmf(k0[None, :], m0, p0[:, None])
        return float(np.einsum("gi,ij,gj->g", b1, tail.astype(float), b0).max())

    def bisect(inside, lo, hi, inside_is_high):
        # `inside(delta)` is True on the side of the estimate; find the boundary between lo and hi
        for _ in range(60):
            mid = 0.5 * (lo + hi)
            if inside(mid) == inside_is_high:
                hi = mid
            else:
                lo = mid
            if hi - lo < 1e-7:
                break
        return 0.5 * (lo + hi)

    lower = -1.0 if d_obs <= -1.0 else bisect(lambda dl: pvalue(dl, 1) > alpha / 2, -1.0 + 1e-12, d_obs, True)
    upper = 1.0 if d_obs >= 1.0 else bisect(lambda du: pvalue(du, -1) > alpha / 2, d_obs, 1.0 - 1e-12, False)
    return lower, upper


def _score_rd_limit(a, m1, c, m0, z, side, correct) -> float:
    """Root of (d^ - delta) / sqrt(V(delta)) = -side z, V the constrained-ML variance (times N/(N-1) if correct)."""
    arr = [np.array([float(v)]) for v in (a, m1, c, m0)]
    d = a / m1 - c / m0
    big_n = m1 + m0
    factor = big_n / (big_n - 1.0) if correct else 1.0
    end = float(side)
    if d == end:
        return end

    def f(delta):
        q1, q0 = _constrained_mle(arr[0], arr[1], arr[2], arr[3], delta)
        var = float((q1 * (1 - q1) / m1 + q0 * (1 - q0) / m0)[0]) * factor
        return (d - delta) + side * z * math.sqrt(var)

    inner = d
    step = 1e-12
    while side * f(inner) <= 0.0:
        inner = d + side * step
        if side * (end - inner) <= 0.0:
            return end
        step *= 10.0
    lo, hi = sorted((inner, end))
    return float(optimize.brentq(f, lo, hi, xtol=1e-14))


def common_risk_difference(x1, n1=None, x0=None, n0=None, *, method: str = "mantel-haenszel",
                           confidence_level: float = 0.95) -> Estimate:
    """Common risk difference over strata (SAS ``COMMONRISKDIFF``).

    ``"mantel-haenszel"``: sum w_h d_h / sum w_h with w_h = n1h n0h / N_h and Sato's (1989) variance
    (d_MH sum P_h + sum Q_h) / (sum w_h)^2, P_h = (n1h^2 x0h - n0h^2 x1h + n1h n0h (n0h - n1h) / 2) / N_h^2,
    Q_h = (x1h (n0h - x0h) + x0h (n1h - x1h)) / (2 N_h); Wald limits (SAS ``CL=MH``).
    ``"summary-score"``: each stratum's Miettinen–Nurminen score interval (L_h, U_h) gives a centre (L_h + U_h)/2
    and a variance ((U_h - L_h) / (2 z))^2; the estimate is the inverse-variance weighted mean of the centres,
    with Wald limits on 1 / sum of the weights (SAS ``CL=SCORE``).
    ``"newcombe"``: the stratified Newcombe interval of Yan & Su (2010) (SAS ``CL=NEWCOMBE``) with Mantel–Haenszel
    weights w_h = (n1h n0h / N_h) / sum_i (n1i n0i / N_i): the stratum Wilson limits (L_jh, U_jh) of each arm j
    give the stratified Wilson limits of the weighted arm rate p_j = sum w_h p_jh, L_j = p_j - sqrt(sum w_h^2
    (p_jh - L_jh)^2) and U_j = p_j + sqrt(sum w_h^2 (U_jh - p_jh)^2) (each square is z^2 L(1 - L)/n of the Wilson
    limit); the limits of d = p_1 - p_0 are d - sqrt((p_1 - L_1)^2 + (U_0 - p_0)^2) and
    d + sqrt((U_1 - p_1)^2 + (p_0 - L_0)^2), the estimate the Mantel–Haenszel d.
    ``"miettinen-nurminen"``: the stratified score interval of Miettinen & Nurminen (1985) with their iterative
    weights (SAS ``CL=MN``): at each trial delta, with (q1h, q0h) the constrained-ML rates of stratum h,
    w_h = 1 / (R1 (1 - R1)/n1h + R0 (1 - R0)/n0h) where R_j = sum w_h q_jh / sum w_h (a fixed point, iterated from
    the Mantel–Haenszel weights), and Z(delta) = sum w_h (d_h - delta) / sqrt(sum w_h^2 V_h(delta)), V_h the
    constrained-ML variance times N_h/(N_h - 1). The limits are where Z = -+z, the estimate where Z = 0 (the weighted
    mean of the d_h at its own weights). With Mantel–Haenszel weights instead (SAS ``CL=MNMH``) see
    :func:`trialscout.binary.rate_difference`. Strata lacking an arm are left out.
    """
    a, m1, c, m0 = (v.astype(float) for v in as_counts(x1, n1, x0, n0))
    level = check_confidence_level(confidence_level)
    method = check_choice("method", method, COMMON_RISK_DIFFERENCE_METHODS)
    z = _z(level)
    ok = (m1 > 0) & (m0 > 0)
    if not ok.any():
        raise InputError("no stratum holds subjects in both arms")
    a, m1, c, m0 = a[ok], m1[ok], c[ok], m0[ok]
    if method == "newcombe":
        return _stratified_newcombe(a, m1, c, m0, level)
    if method == "miettinen-nurminen":
        return _stratified_score_mn_weights(a, m1, c, m0, level)
    if method == "mantel-haenszel":
        N = m1 + m0
        w = m1 * m0 / N
        d = a / m1 - c / m0
        est = float(np.sum(w * d) / np.sum(w))
        P = (m1**2 * c - m0**2 * a + m1 * m0 * (m0 - m1) / 2) / N**2
        Q = (a * (m0 - c) + c * (m1 - a)) / (2 * N)
        se = math.sqrt(max(est * float(P.sum()) + float(Q.sum()), 0.0)) / float(w.sum())
    else:
        centres, weights = [], []
        for h in range(len(a)):
            lim = risk_difference_ci(int(a[h]), int(m1[h]), int(c[h]), int(m0[h]), method="miettinen-nurminen",
                                     confidence_level=level)
            var = ((lim.upper - lim.lower) / (2 * z)) ** 2
            centres.append(0.5 * (lim.lower + lim.upper))
            weights.append(1.0 / var)
        wv = np.array(weights)
        est = float(np.sum(wv * np.array(centres)) / wv.sum())
        se = 1.0 / math.sqrt(float(wv.sum()))
    return Estimate.build(est, est - z * se, est + z * se, level, f"common risk difference; {method}", std_err=se)


def _wilson_limits(x: np.ndarray, n: np.ndarray, z: float) -> tuple[np.ndarray, np.ndarray]:
    """Wilson score limits of x / n per stratum (0 at x = 0, 1 at x = n, as :func:`proportion_ci`)."""
    p = x / n
    centre = p + z * z / (2 * n)
    half = z * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    lo = (centre - half) / (1 + z * z / n)
    hi = (centre + half) / (1 + z * z / n)
    return np.where(x == 0, 0.0, np.clip(lo, 0.0, 1.0)), np.where(x == n, 1.0, np.clip(hi, 0.0, 1.0))


def _stratified_newcombe(a, m1, c, m0, level: float) -> Estimate:
    z = _z(level)
    w = m1 * m0 / (m1 + m0)
    w = w / w.sum()
    p1h, p0h = a / m1, c / m0
    l1h, u1h = _wilson_limits(a, m1, z)
    l0h, u0h = _wilson_limits(c, m0, z)
    p1, p0 = float(np.sum(w * p1h)), float(np.sum(w * p0h))
    l1 = p1 - math.sqrt(float(np.sum(w**2 * (p1h - l1h) ** 2)))
    u1 = p1 + math.sqrt(float(np.sum(w**2 * (u1h - p1h) ** 2)))
    l0 = p0 - math.sqrt(float(np.sum(w**2 * (p0h - l0h) ** 2)))
    u0 = p0 + math.sqrt(float(np.sum(w**2 * (u0h - p0h) ** 2)))
    d = p1 - p0
    lo = d - math.sqrt((p1 - l1) ** 2 + (u0 - p0) ** 2)
    hi = d + math.sqrt((u1 - p1) ** 2 + (p0 - l0) ** 2)
    return Estimate.build(d, lo, hi, level, "common risk difference; newcombe")


def _mn_weights(q1: np.ndarray, q0: np.ndarray, m1: np.ndarray, m0: np.ndarray) -> np.ndarray:
    """Miettinen & Nurminen's (1985) stratum weights at one trial difference: w_h = 1 / (R1 (1 - R1) / n1h +
    R0 (1 - R0) / n0h), the inverse variance of d_h were the rates common to the strata, with R_j = sum w_h q_jh /
    sum w_h the weighted constrained rates; a fixed point, iterated from the Mantel–Haenszel weights."""
    w = m1 * m0 / (m1 + m0)
    for _ in range(200):
        r1 = float(np.sum(w * q1) / np.sum(w))
        r0 = float(np.sum(w * q0) / np.sum(w))
        new = 1.0 / np.maximum(r1 * (1 - r1) / m1 + r0 * (1 - r0) / m0, 1e-300)
        new = new / new.sum()
        if float(np.max(np.abs(new - w / w.sum()))) < 1e-15:
            return new
        w = new
    return w / w.sum()


def _stratified_score_mn_weights(a, m1, c, m0, level: float) -> Estimate:
    z = _z(level)
    big_n = m1 + m0
    d_h = a / m1 - c / m0

    def stat(delta: float) -> float:
        q1, q0 = _constrained_mle(a, m1, c, m0, delta)
        v = (q1 * (1 - q1) / m1 + q0 * (1 - q0) / m0) * big_n / (big_n - 1.0)
        w = _mn_weights(q1, q0, m1, m0)
        return float(np.sum(w * (d_h - delta)) / max(math.sqrt(float(np.sum(w * w * v))), 1e-300))

    # Z decreases in delta from +inf-like values at delta -> -1 to -inf-like values at delta -> 1
    eps = 1e-10

    def root(target: float) -> float:
        lo_, hi_ = -1.0 + eps, 1.0 - eps
        f_lo, f_hi = stat(lo_) - target, stat(hi_) - target
        if f_lo <= 0:
            return -1.0
        if f_hi >= 0:
            return 1.0
        return float(optimize.brentq(lambda dl: stat(dl) - target, lo_, hi_, xtol=1e-13))

    est = root(0.0) + 0.0  # no -0.0
    return Estimate.build(est, root(z), root(-z), level, "common risk difference; miettinen-nurminen")


# -- relative risk ----------------------------------------------------------------------------------------------
def relative_risk(x1, n1=None, x0=None, n0=None, *, method: str = "wald", confidence_level: float = 0.95) -> Estimate:
    """p1 / p0 with SAS ``RELRISK(CL=...)`` limits.

    ``"wald"``: exp(log RR -+ z sqrt(1/x1 - 1/n1 + 1/x0 - 1/n0)). ``"wald-modified"`` (SAS ``CL=WALDMODIFIED``): the
    same on the table with 1/2 added to each cell, RR* = ((x1 + 1/2)/(n1 + 1)) / ((x0 + 1/2)/(n0 + 1)) and variance
    1/(x1 + 1/2) - 1/(n1 + 1) + 1/(x0 + 1/2) - 1/(n0 + 1); defined with zero cells. ``"likelihood-ratio"``: profile
    likelihood of the two binomials in (log RR, p0). ``"score"``: Miettinen & Nurminen (1985), the constrained-ML
    score statistic with the N/(N-1) variance factor (SAS ``CL=SCORE``). ``"exact"`` (SAS ``CL=EXACT``): exact
    unconditional limits inverting two one-sided tests of the score statistic, the nuisance control rate maximized
    over its range (Chan & Zhang 1999; see ``_exact_rr_limits``); the lower limit is 0 when x1 = 0 and the upper NE
    when x0 = 0. The estimate is the sample relative risk; the wald, likelihood-ratio and score limits are NE when x1
    or x0 is 0.
    """
    a, m1, c, m0 = _single(x1, n1, x0, n0, "the relative risk")
    level = check_confidence_level(confidence_level)
    method = check_choice("method", method, RELATIVE_RISK_METHODS)
    z = _z(level)
    if method == "wald-modified":
        rr_mod = ((a + 0.5) / (m1 + 1)) / ((c + 0.5) / (m0 + 1))
        se_mod = math.sqrt(1 / (a + 0.5) - 1 / (m1 + 1) + 1 / (c + 0.5) - 1 / (m0 + 1))
        value = (a / m1) / (c / m0) if c else math.nan
        return Estimate.build(value, rr_mod * math.exp(-z * se_mod), rr_mod * math.exp(z * se_mod), level,
                              "relative risk; wald-modified", std_err=se_mod)
    if method == "exact":
        lo, hi = _exact_rr_limits(a, m1, c, m0, 1.0 - level)
        value = (a / m1) / (c / m0) if c else math.nan
        return Estimate.build(value, lo, hi, level, "relative risk; exact unconditional")
    if a == 0 or c == 0:
        rr = (a / m1) / (c / m0) if c else math.nan
        return Estimate.build(rr, math.nan, math.nan, level, f"relative risk; {method}")
    rr = (a / m1) / (c / m0)
    se = math.sqrt(1 / a - 1 / m1 + 1 / c - 1 / m0)
    if method == "score":
        lo, hi = _score_ratio_limits(lambda psi: _rr_score(a, m1, c, m0, psi), rr, z)
        return Estimate.build(rr, lo, hi, level, "relative risk; score", std_err=se)
    if method == "wald":
        return Estimate.build(rr, rr * math.exp(-z * se), rr * math.exp(z * se), level, "relative risk; wald",
                              std_err=se)

    def ll(p1, p0):
        out = 0.0
        for x, m, pp in ((a, m1, p1), (c, m0, p0)):
            out += (x * math.log(pp) if x else 0.0) + ((m - x) * math.log(1 - pp) if m - x else 0.0)
        return out

    def profile(log_rr):
        r = math.exp(log_rr)
        upper_p0 = min(1.0, 1.0 / r)
        res = optimize.minimize_scalar(lambda p0: -ll(min(r * p0, 1 - 1e-15), p0), bounds=(1e-12, upper_p0 - 1e-12),
                                       method="bounded", options={"xatol": 1e-13})
        return -float(res.fun)

    top = ll(a / m1, c / m0)
    crit = float(stats.chi2.ppf(level, 1))
    b = math.log(rr)

    def g(lr):
        return 2 * (top - profile(lr)) - crit

    span = 10 * se + 1
    lo_end, hi_end = b - span, b + span
    while g(lo_end) < 0:
        lo_end -= span
    while g(hi_end) < 0:
        hi_end += span
    lo = float(optimize.brentq(g, lo_end, b, xtol=1e-12))
    hi = float(optimize.brentq(g, b, hi_end, xtol=1e-12))
    return Estimate.build(rr, math.exp(lo), math.exp(hi), level, "relative risk; likelihood-ratio", std_err=se)


def common_relative_risk(x1, n1=None, x0=None, n0=None, *, method: str = "mantel-haenszel",
                         confidence_level: float = 0.95) -> Estimate:
    """Common relative risk over strata (SAS ``CMH`` "Common Relative Risks", column 1 risk).

    ``"mantel-haenszel"``: RR_MH = sum(a_h n0h / N_h) / sum(c_h n1h / N_h) with the Greenland & Robins (1985)
    variance of log RR_MH, sum (n1h n0h m1h - a_h c_h N_h) / N_h^2 / (sum a_h n0h / N_h)(sum c_h n1h / N_h),
    m1h = a_h + c_h. ``"logit"``: the inverse-variance weighted mean of the stratum log relative risks (strata with
    a zero cell are left out, as SAS does).
    """
    a, m1, c, m0 = (v.astype(float) for v in as_counts(x1, n1, x0, n0))
    level = check_confidence_level(confidence_level)
    method = check_choice("method", method, ("mantel-haenszel", "logit"))
    z = _z(level)
    N = m1 + m0
    ok = (m1 > 0) & (m0 > 0)
    a, m1, c, m0, N = a[ok], m1[ok], c[ok], m0[ok], N[ok]
    if method == "mantel-haenszel":
        R = float(np.sum(a * m0 / N))
        S = float(np.sum(c * m1 / N))
        if R == 0 or S == 0:
            return Estimate.build(R / S if S else math.nan, math.nan, math.nan, level, "common relative risk; mh")
        rr = R / S
        var = float(np.sum((m1 * m0 * (a + c) - a * c * N) / N**2)) / (R * S)
    else:
        use = (a > 0) & (c > 0)
        if not use.any():
            return Estimate.build(math.nan, math.nan, math.nan, level, "common relative risk; logit")
        lr = np.log((a[use] / m1[use]) / (c[use] / m0[use]))
        v = 1 / a[use] - 1 / m1[use] + 1 / c[use] - 1 / m0[use]
        w = 1 / v
        rr = math.exp(float(np.sum(w * lr) / np.sum(w)))
        var = 1 / float(np.sum(w))
    se = math.sqrt(var)
    return Estimate.build(rr, rr * math.exp(-z * se), rr * math.exp(z * se), level,
                          f"common relative risk; {method}", std_err=se)


# -- odds ratio -------------------------------------------------------------------------------------------------
def odds_ratio_ci(x1, n1=None, x0=None, n0=None, *, method: str = "wald", confidence_level: float = 0.95) -> Estimate:
    """The odds ratio of one table, (x1 (n0 - x0)) / (x0 (n1 - x1)), with SAS ``OR(CL=...)`` limits.

    ``"wald"``: exp(log OR -+ z sqrt(1/a + 1/b + 1/c + 1/d)); ``"wald-modified"`` (SAS ``CL=WALDMODIFIED``): the
    Wald limits of the table with 1/2 added to every cell, around OR* = (a + 1/2)(d + 1/2) / ((b + 1/2)(c + 1/2))
    with variance sum 1/(cell + 1/2), defined with zero cells; ``"exact"``: the conditional (Cornfield 1956)
    limits from the noncentral hypergeometric distribution of a given the margins (R ``fisher.test``; SAS
    ``EXACT OR``); ``"mid-p"``: the same with half the probability of the observed table; ``"likelihood-ratio"``:
    profile likelihood of the two binomials in (log OR, logit p0); ``"score"``: Miettinen & Nurminen (1985), the
    constrained-ML score statistic with the N/(N-1) variance factor (SAS ``CL=SCORE``). The estimate is always the
    sample odds ratio.
    """
    a, m1, c, m0 = _single(x1, n1, x0, n0, "the odds ratio")
    level = check_confidence_level(confidence_level)
    method = check_choice("method", method, ODDS_RATIO_METHODS)
    b, d = m1 - a, m0 - c
    alpha = 1 - level
    z = _z(level)
    with np.errstate(divide="ignore"):
        orr = (a * d) / (b * c) if b * c else (math.inf if a * d else math.nan)
    se = math.sqrt(1 / a + 1 / b + 1 / c + 1 / d) if min(a, b, c, d) > 0 else math.nan
    if method == "wald-modified":
        or_mod = (a + 0.5) * (d + 0.5) / ((b + 0.5) * (c + 0.5))
        se_mod = math.sqrt(1 / (a + 0.5) + 1 / (b + 0.5) + 1 / (c + 0.5) + 1 / (d + 0.5))
        return Estimate.build(orr, or_mod * math.exp(-z * se_mod), or_mod * math.exp(z * se_mod), level,
                              "odds ratio; wald-modified", std_err=se_mod)
    if method == "wald":
        if not math.isfinite(se):
            return Estimate.build(orr, math.nan, math.nan, level, "odds ratio; wald")
        return Estimate.build(orr, orr * math.exp(-z * se), orr * math.exp(z * se), level, "odds ratio; wald",
                              std_err=se)
    if method in ("exact", "mid-p"):
        lo, hi = _conditional_or_limits(a, m1, c, m0, alpha, mid=method == "mid-p")
        return Estimate.build(orr, lo, hi, level, f"odds ratio; {method} conditional", std_err=se)
    if method == "score":
        if min(a, b, c, d) == 0:
            return Estimate.build(orr, math.nan, math.nan, level, "odds ratio; score")
        lo, hi = _score_ratio_limits(lambda psi: _or_score(a, m1, c, m0, psi), orr, z)
        return Estimate.build(orr, lo, hi, level, "odds ratio; score", std_err=se)
    lo, hi = _lr_or_limits(a, m1, c, m0, level)
    return Estimate.build(orr, lo, hi, level, "odds ratio; likelihood-ratio", std_err=se)


def _rr_constrained(X1, N1, X0, N0, theta: float) -> tuple[np.ndarray, np.ndarray]:
    """Maximum-likelihood rates (p1, p0) of two binomials under p1 = theta p0 (Farrington & Manning 1990; Miettinen
    & Nurminen 1985): p0 is the smaller root of N theta p^2 - (n1 theta + x1 + n0 + x0 theta) p + x1 + x0 = 0."""
    big_n = N1 + N0
    qa = big_n * theta
    qb = -(N1 * theta + X1 + N0 + X0 * theta)
    qc = X1 + X0
    disc = np.sqrt(np.maximum(qb * qb - 4.0 * qa * qc, 0.0))
    # the smaller root, written as 2 qc / (-qb + disc) to keep its precision when qa qc is small
    with np.errstate(divide="ignore", invalid="ignore"):
        p0 = np.where(qc > 0, 2.0 * qc / (-qb + disc), 0.0)
    p0 = np.clip(p0, 0.0, min(1.0, 1.0 / theta))
    return np.clip(theta * p0, 0.0, 1.0), p0


def _exact_rr_limits(a: int, m1: int, c: int, m0: int, alpha: float, grid: int = 1000) -> tuple[float, float]:
    """Exact unconditional limits of the relative risk (SAS ``RELRISK(CL=EXACT)``), the tail method of Chan & Zhang
    (1999) with the score statistic of the relative risk.

    For a trial ratio theta every table (k1, k0) of the two arms gets T = (k1/n1 - theta k0/n0) / sqrt(V~), V~ =
    p1~ q1~ / n1 + theta^2 p0~ q0~ / n0 at the rates fitted under p1 = theta p0 (T = 0 where V~ = 0 and the numerator
    is 0). The one-sided P values P(T >= T_obs) and P(T <= T_obs) are maximized over the control rate p0 on a grid of
    ``grid`` points of [0, min(1, 1/theta)]; the lower limit is where the first reaches alpha/2, the upper where the
    second does (bisection on log theta to 1e-9). A constant factor on V~ (such as N/(N-1)) orders the tables in the
    same way and leaves the limits unchanged.
    """
    k1, k0, X1, X0, N1, N0 = _all_tables(m1, m0)
    logc1 = special.gammaln(m1 + 1) - special.gammaln(k1 + 1) - special.gammaln(m1 - k1 + 1)
    logc0 = special.gammaln(m0 + 1) - special.gammaln(k0 + 1) - special.gammaln(m0 - k0 + 1)

    def pmf(logc, k, n, pr):  # binomial probabilities, one row per rate in `pr` (0 ** 0 = 1)
        pr = pr[:, None]
        return np.exp(logc[None, :] + special.xlogy(k[None, :], pr) + special.xlog1py(n - k[None, :], -pr))

    def pvalue(log_theta: float, side: int) -> float:
        theta = math.exp(log_theta)
        q1, q0 = _rr_constrained(X1, N1, X0, N0, theta)
        num = X1 / m1 - theta * X0 / m0
        v = q1 * (1 - q1) / m1 + theta**2 * q0 * (1 - q0) / m0
        with np.errstate(divide="ignore", invalid="ignore"):
            t = np.where(v > 0, num / np.sqrt(v), np.where(num == 0, 0.0, np.sign(num) * np.inf))
        t = t.reshape(m1 + 1, m0 + 1)
        t_obs = t[a, c]
        tail = (t >= t_obs - 1e-9) if side > 0 else (t <= t_obs + 1e-9)
        weight = tail.astype(float)
        top = min(1.0, 1.0 / theta)

        def size(p0):
            p0 = np.atleast_1d(np.asarray(p0, float))
            p1 = np.clip(theta * p0, 0.0, 1.0)
            return np.einsum("gi,ij,gj->g", pmf(logc1, k1, m1, p1), weight, pmf(logc0, k0, m0, p0))

        # the supremum over p0: the best of a grid, refined between its neighbours
        p0 = np.linspace(0.0, top, grid)
        vals = size(p0)
        g = int(np.argmax(vals))
        bounds = (p0[max(g - 1, 0)], p0[min(g + 1, grid - 1)])
        res = optimize.minimize_scalar(lambda q: -float(size(q)[0]), bounds=bounds, method="bounded",
                                       options={"xatol": 1e-12})
        return max(float(vals[g]), -float(res.fun))

    def boundary(inside, outside: float, inner: float) -> float:
        # `inside(x)` holds at `inner` and fails at `outside`: bisect between them
        lo_, hi_ = outside, inner
        while abs(hi_ - lo_) > 1e-9:
            mid = 0.5 * (lo_ + hi_)
            if inside(mid):
                hi_ = mid
            else:
                lo_ = mid
        return 0.5 * (lo_ + hi_)

    def bracket(inside, start: float, step: float) -> float:
        x = start
        while inside(x):
            x += step
            if abs(x) > 50:
                return math.nan
        return x

    # the search starts from the sample ratio, or from the ratio of the half-corrected rates when a cell is 0
    centre = math.log(((a + 0.5) / (m1 + 1)) / ((c + 0.5) / (m0 + 1)))
    if a == 0:
        lower = 0.0
    else:
        def lo_inside(lt: float) -> bool:
            return pvalue(lt, 1) > alpha / 2
        out = bracket(lo_inside, centre - 1.0, -1.0)
        lower = math.exp(boundary(lo_inside, out, centre)) if math.isfinite(out) else 0.0
    if c == 0:
        upper = math.inf
    else:
        def hi_inside(lt: float) -> bool:
            return pvalue(lt, -1) > alpha / 2
        out = bracket(hi_inside, centre + 1.0, 1.0)
        upper = math.exp(boundary(hi_inside, out, centre)) if math.isfinite(out) else math.inf
    return lower, upper


def _rr_score(a, m1, c, m0, psi) -> float:
    """Miettinen–Nurminen score statistic for RR = psi: (p1^ - psi p0^) / sqrt(V~ N/(N-1)), with the constrained
    ML rates p1~ = psi p0~ (p0~ the smaller root of N psi p^2 - (n1 psi + x1 + n0 + x0 psi) p + x1 + x0)."""
    big_n = m1 + m0
    qa = big_n * psi
    qb = -(m1 * psi + a + m0 + c * psi)
    qc = a + c
    p0 = (-qb - math.sqrt(max(qb * qb - 4 * qa * qc, 0.0))) / (2 * qa)
    p1 = psi * p0
    var = (p1 * (1 - p1) / m1 + psi**2 * p0 * (1 - p0) / m0) * big_n / (big_n - 1)
    return (a / m1 - psi * c / m0) / math.sqrt(var) if var > 0 else math.copysign(math.inf, a / m1 - psi * c / m0)


def _or_score(a, m1, c, m0, psi) -> float:
    """Miettinen–Nurminen score statistic for OR = psi: (x1 - n1 p1~) / sqrt(V~ N/(N-1)), the constrained rates
    fitting the responder margin, V~ = 1 / (1/(n1 p1~ q1~) + 1/(n0 p0~ q0~))."""
    big_n = m1 + m0
    total = a + c
    # n1 psi p0 / (1 - p0 + psi p0) + n0 p0 = total: (psi - 1) n0 p0^2 + (n1 psi + n0 - (psi - 1) total) p0 - total
    qa = (psi - 1) * m0
    qb = m1 * psi + m0 - (psi - 1) * total
    qc = -total
    if abs(qa) < 1e-14:
        p0 = -qc / qb
    else:
        disc = math.sqrt(max(qb * qb - 4 * qa * qc, 0.0))
        roots = [(-qb + disc) / (2 * qa), (-qb - disc) / (2 * qa)]
        p0 = next((r for r in roots if 0 < r < 1), roots[0])
    p1 = psi * p0 / (1 - p0 + psi * p0)
    var = 1 / (1 / (m1 * p1 * (1 - p1)) + 1 / (m0 * p0 * (1 - p0))) * big_n / (big_n - 1)
    return (a - m1 * p1) / math.sqrt(var)


def _score_ratio_limits(stat, estimate: float, z: float) -> tuple[float, float]:
    """Roots of stat(psi) = +z (lower) and -z (upper) on the log scale; stat decreases in psi."""
    if not (math.isfinite(estimate) and estimate > 0):
        return math.nan, math.nan
    b = math.log(estimate)

    def g(lp, target):
        return stat(math.exp(lp)) - target

    lo_end, hi_end = b - 1.0, b + 1.0
    while g(lo_end, z) < 0 and lo_end > b - 60:
        lo_end -= 2.0
    while g(hi_end, -z) > 0 and hi_end < b + 60:
        hi_end += 2.0
    lo = math.exp(optimize.brentq(g, lo_end, b, args=(z,), xtol=1e-13))
    hi = math.exp(optimize.brentq(g, b, hi_end, args=(-z,), xtol=1e-13))
    return lo, hi


def _conditional_or_limits(a, m1, c, m0, alpha, mid):
    total = m1 + m0
    col = a + c
    lo_s, hi_s = max(0, col - m0), min(col, m1)
    support = np.arange(lo_s, hi_s + 1)
    logc = (stats.hypergeom.logpmf(support, total, col, m1))  # log C(m1, k) C(m0, col - k) / const

    def pmf(log_psi):
        lw = logc + support * log_psi
        lw = lw - lw.max()
        w = np.exp(lw)
        return w / w.sum()

    def upper_tail(log_psi):  # P(A >= a) (mid: P(A > a) + P(A = a)/2)
        pr = pmf(log_psi)
        tail = pr[support > a].sum() + (0.5 if mid else 1.0) * pr[support == a].sum()
        return float(tail)

    def lower_tail(log_psi):
        pr = pmf(log_psi)
        return float(pr[support < a].sum() + (0.5 if mid else 1.0) * pr[support == a].sum())

    def solve(fun, target):
        lo_, hi_ = -50.0, 50.0
        return math.exp(optimize.brentq(lambda lp: fun(lp) - target, lo_, hi_, xtol=1e-13))

    lo = 0.0 if a == lo_s else solve(upper_tail, alpha / 2)
    hi = math.inf if a == hi_s else solve(lower_tail, alpha / 2)
    return lo, (hi if math.isfinite(hi) else math.nan)


def _lr_or_limits(a, m1, c, m0, level):
    b, d = m1 - a, m0 - c
    if min(a, b, c, d) == 0:
        return math.nan, math.nan

    def ll_beta(beta, gamma):  # logit p0 = gamma, logit p1 = gamma + beta
        def part(x, m, eta):
            return x * eta - m * np.logaddexp(0.0, eta)

        return float(part(a, m1, gamma + beta) + part(c, m0, gamma))

    def profile(beta):
        res = optimize.minimize_scalar(lambda g: -ll_beta(beta, g), bracket=(-5.0, 5.0))
        return -float(res.fun)

    b_hat = math.log((a * d) / (b * c))
    top = ll_beta(b_hat, math.log(c / d))
    crit = float(stats.chi2.ppf(level, 1))
    se = math.sqrt(1 / a + 1 / b + 1 / c + 1 / d)

    def g(beta):
        return 2 * (top - profile(beta)) - crit

    lo = optimize.brentq(g, b_hat - 20 * se, b_hat, xtol=1e-12)
    hi = optimize.brentq(g, b_hat, b_hat + 20 * se, xtol=1e-12)
    return math.exp(lo), math.exp(hi)


def common_odds_ratio_logit(x1, n1=None, x0=None, n0=None, *, confidence_level: float = 0.95) -> Estimate:
    """The logit (Woolf) common odds ratio: exp of the inverse-variance weighted mean of the stratum log odds
    ratios, variance 1 / sum w_h, w_h = 1 / (1/a + 1/b + 1/c + 1/d); strata with a zero cell are left out (SAS
    ``CMH`` "Logit" adjusted odds ratio)."""
    a, m1, c, m0 = (v.astype(float) for v in as_counts(x1, n1, x0, n0))
    level = check_confidence_level(confidence_level)
    b, d = m1 - a, m0 - c
    use = (a > 0) & (b > 0) & (c > 0) & (d > 0)
    if not use.any():
        return Estimate.build(math.nan, math.nan, math.nan, level, "common odds ratio; logit")
    lor = np.log(a[use] * d[use] / (b[use] * c[use]))
    w = 1 / (1 / a[use] + 1 / b[use] + 1 / c[use] + 1 / d[use])
    est = float(np.sum(w * lor) / np.sum(w))
    se = 1 / math.sqrt(float(np.sum(w)))
    z = _z(level)
    return Estimate.build(math.exp(est), math.exp(est - z * se), math.exp(est + z * se), level,
                          "common odds ratio; logit", std_err=se)


# -- chi-square tests of an R x C table -------------------------------------------------------------------------
def _table(table, name="table") -> np.ndarray:
    arr = np.asarray(table, dtype=float)
    if arr.ndim != 2 or min(arr.shape) < 2:
        raise InputError(f"`{name}` must be a 2-D table with at least 2 rows and 2 columns; got shape {arr.shape}")
    if not np.isfinite(arr).all() or (arr < 0).any() or (arr != np.round(arr)).any():
        raise InputError(f"`{name}` must hold non-negative whole counts")
    if (arr.sum(axis=0) == 0).any() or (arr.sum(axis=1) == 0).any():
        raise InputError(f"`{name}` has an empty row or column: the expected counts are 0 there")
    return arr


@dataclass(frozen=True, slots=True)
class ChiSquareTests:
    """SAS ``CHISQ`` for one R x C table.

    Attributes
    ----------
    pearson, likelihood_ratio, mantel_haenszel : TestResult
        Pearson chi-square sum (O - E)^2 / E on (R-1)(C-1) df; likelihood-ratio G^2 = 2 sum O log(O / E);
        Mantel–Haenszel chi-square (n - 1) r^2 on 1 df, r the Pearson correlation of the row and column scores
        (1..R, 1..C).
    continuity_adjusted : TestResult or None
        2 x 2 only: Yates's sum (max(0, |O - E| - 1/2))^2 / E (as SAS; R ``chisq.test`` caps the correction at
        |O - E|, which gives the same for 2 x 2 tables).
    """

    pearson: TestResult
    likelihood_ratio: TestResult
    continuity_adjusted: TestResult | None
    mantel_haenszel: TestResult


def chi_square_tests(table) -> ChiSquareTests:
    """Pearson (with and without continuity correction), likelihood-ratio and Mantel–Haenszel chi-squares."""
    o = _table(table)
    n = o.sum()
    e = np.outer(o.sum(axis=1), o.sum(axis=0)) / n
    r, k = o.shape
    df = (r - 1) * (k - 1)
    x2 = float(((o - e) ** 2 / e).sum())
    with np.errstate(divide="ignore", invalid="ignore"):
        g2 = float(2 * np.where(o > 0, o * np.log(o / e), 0.0).sum())
    cc = None
    if o.shape == (2, 2):
        yates = float((np.maximum(0.0, np.abs(o - e) - 0.5) ** 2 / e).sum())
        cc = TestResult(yates, 1, float(stats.chi2.sf(yates, 1)), "continuity-adjusted chi-square")
    rs = np.arange(1, r + 1, dtype=float)
    cs = np.arange(1, k + 1, dtype=float)
    rm = o.sum(axis=1) @ rs / n
    cm = o.sum(axis=0) @ cs / n
    sxy = float(((rs - rm)[:, None] * (cs - cm)[None, :] * o).sum())
    sxx = float(o.sum(axis=1) @ (rs - rm) ** 2)
    syy = float(o.sum(axis=0) @ (cs - cm) ** 2)
    corr = sxy / math.sqrt(sxx * syy)
    mh = (n - 1) * corr * corr
    return ChiSquareTests(
        pearson=TestResult(x2, df, float(stats.chi2.sf(x2, df)), "pearson chi-square"),
        likelihood_ratio=TestResult(g2, df, float(stats.chi2.sf(g2, df)), "likelihood-ratio chi-square"),
        continuity_adjusted=cc,
        mantel_haenszel=TestResult(float(mh), 1, float(stats.chi2.sf(mh, 1)), "mantel-haenszel chi-square"),
    )


# -- CMH statistics of R x C x K tables ---------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class CMHStatistics:
    """SAS ``CMH`` for K strata of R x C tables (Landis, Heyman & Koch 1978), with table scores 1..R and 1..C.

    Attributes
    ----------
    correlation : TestResult
        Nonzero correlation, 1 df.
    row_mean_scores : TestResult
        Row mean scores differ, R - 1 df.
    general_association : TestResult
        General association, (R - 1)(C - 1) df (R ``mantelhaen.test`` for R x C x K tables).
    """

    correlation: TestResult
    row_mean_scores: TestResult
    general_association: TestResult


def cmh_statistics(tables, *, row_scores=None, col_scores=None) -> CMHStatistics:
    """The three CMH statistics of a (K, R, C) array of tables (a single (R, C) table is one stratum).

    Each stratum h contributes n_h = vec of its counts, its expectation m_h = (P_h* kron P_*h) N_h under conditional
    independence and covariance V_h = N_h^2/(N_h - 1) (D_c - c c') kron (D_r - r r') with r, c the row and column
    proportions; a statistic with matrix A is G' (A V A')^- G with G = A sum(n_h - m_h) and V = sum V_h.
    A = B_c kron B_r for general association, A = a' kron B_r for row mean scores (a the column scores), A = a' kron
    b' for the correlation (b the row scores); B drops the last level.
    """
    arr = np.asarray(tables, dtype=float)
    if arr.ndim == 2:
        arr = arr[None]
    if arr.ndim != 3 or min(arr.shape[1:]) < 2:
        raise InputError(f"`tables` must have shape (K, R, C) with R, C >= 2; got {arr.shape}")
    if not np.isfinite(arr).all() or (arr < 0).any():
        raise InputError("`tables` must hold non-negative counts")
    _, r, k = arr.shape
    b = np.arange(1, r + 1, dtype=float) if row_scores is None else np.asarray(row_scores, float)
    a = np.arange(1, k + 1, dtype=float) if col_scores is None else np.asarray(col_scores, float)
    if len(b) != r or len(a) != k:
        raise InputError(f"`row_scores` needs {r} values and `col_scores` {k}")
    G = np.zeros(r * k)
    V = np.zeros((r * k, r * k))
    for tab in arr:
        nh = tab.sum()
        if nh < 2:
            continue
        pr = tab.sum(axis=1) / nh
        pc = tab.sum(axis=0) / nh
        # column-major vec (rows vary fastest) so that A = (col part) kron (row part)
        obs = tab.flatten(order="F")
        m = np.kron(pc, pr) * nh
        G += obs - m
        V += nh**2 / (nh - 1) * np.kron(np.diag(pc) - np.outer(pc, pc), np.diag(pr) - np.outer(pr, pr))
    Br = np.hstack([np.eye(r - 1), np.zeros((r - 1, 1))])
    Bc = np.hstack([np.eye(k - 1), np.zeros((k - 1, 1))])

    def stat(A, name):
        g = A @ G
        S = A @ V @ A.T
        val = float(g @ np.linalg.pinv(S) @ g)
        df = int(np.linalg.matrix_rank(S))
        return TestResult(val, df, float(stats.chi2.sf(val, df)) if df else math.nan, f"cmh {name}")

    return CMHStatistics(
        correlation=stat(np.kron(a[None, :], b[None, :]), "nonzero correlation"),
        row_mean_scores=stat(np.kron(a[None, :], Br), "row mean scores differ"),
        general_association=stat(np.kron(Bc, Br), "general association"),
    )


# -- Breslow-Day ------------------------------------------------------------------------------------------------
def breslow_day(x1, n1=None, x0=None, n0=None, *, tarone: bool = True) -> TestResult:
    """Breslow–Day test of homogeneous odds ratios over K 2 x 2 tables, by default with Tarone's (1985) correction
    (SAS ``CMH(BDT)``; without it SAS ``CMH``'s plain Breslow–Day).

    With psi the Mantel–Haenszel common odds ratio, A_h the root in [max(0, m1h - n0h), min(n1h, m1h)] of
    A (n0h - m1h + A) = psi (n1h - A)(m1h - A), and Var_h = 1 / (1/A + 1/(n1h - A) + 1/(m1h - A) +
    1/(n0h - m1h + A)): X^2 = sum (a_h - A_h)^2 / Var_h on K - 1 df; Tarone subtracts
    (sum a_h - sum A_h)^2 / sum Var_h.
    """
    a, m1, c, m0 = (v.astype(float) for v in as_counts(x1, n1, x0, n0))
    keep = (m1 > 0) & (m0 > 0)
    a, m1, c, m0 = a[keep], m1[keep], c[keep], m0[keep]
    if len(a) < 2:
        raise InputError("the Breslow–Day test needs at least two strata with subjects in both arms")
    N = m1 + m0
    b, d = m1 - a, m0 - c
    num = float(np.sum(a * d / N))
    den = float(np.sum(b * c / N))
    if num == 0 or den == 0:
        raise InputError("the Breslow–Day test needs a finite, non-zero Mantel–Haenszel odds ratio")
    psi = num / den
    col = a + c
    A = np.empty(len(a))
    for h in range(len(a)):
        lo, hi = max(0.0, col[h] - m0[h]), min(m1[h], col[h])
        if lo == hi:
            A[h] = lo
            continue
        # (1 - psi) A^2 + (n0 - m1 + psi (n1 + m1)) A - psi n1 m1 = 0
        qa = 1 - psi
        qb = m0[h] - col[h] + psi * (m1[h] + col[h])
        qc = -psi * m1[h] * col[h]
        if abs(qa) < 1e-15:
            A[h] = -qc / qb
        else:
            disc = math.sqrt(qb * qb - 4 * qa * qc)
            roots = [(-qb + disc) / (2 * qa), (-qb - disc) / (2 * qa)]
            A[h] = next(x for x in roots if lo - 1e-9 <= x <= hi + 1e-9)
    with np.errstate(divide="ignore"):
        var = 1 / (1 / A + 1 / (m1 - A) + 1 / (col - A) + 1 / (m0 - col + A))
    ok = np.isfinite(var) & (var > 0)
    x2 = float(np.sum((a[ok] - A[ok]) ** 2 / var[ok]))
    if tarone:
        x2 -= float((a[ok].sum() - A[ok].sum()) ** 2 / var[ok].sum())
    df = int(ok.sum()) - 1
    name = "breslow-day-tarone" if tarone else "breslow-day"
    return TestResult(x2, df, float(stats.chi2.sf(x2, df)) if df > 0 else math.nan, name)



# -- for reports: the interval a SAS program chose --------------------------------------------------------------
def _method_name(kind: str, ci: str, choices: tuple) -> str:
    """trialscout's method name, or a SAS ``CL=`` spelling (``"WILSON(CORRECT)"``, ``"AC"``) mapped onto it."""
    text = str(ci).strip()
    if text.lower() in choices:
        return text.lower()
    from ..sas_options import freq_method

    return freq_method(kind, text)


def rate_interval(successes, n, *, ci: str = "clopper-pearson", confidence_level: float = 0.95) -> Estimate:
    """A response rate with the interval named by ``ci``: a trialscout method (:data:`PROPORTION_METHODS`) or the
    SAS ``BINOMIAL(CL=...)`` name (``"WILSON"``, ``"WILSON(CORRECT)"``, ``"AGRESTICOULL"``, ``"EXACT"``...)."""
    return proportion_ci(successes, n, method=_method_name("binomial", ci, PROPORTION_METHODS),
                         confidence_level=confidence_level)


def difference_interval(x1, n1=None, x0=None, n0=None, *, ci: str = "miettinen-nurminen",
                        confidence_level: float = 0.95) -> Estimate:
    """Treated minus control with the interval named by ``ci`` (trialscout's name or SAS ``RISKDIFF(CL=...)``).

    ``"miettinen-nurminen"`` (SAS ``MN``) goes to :func:`trialscout.binary.rate_difference`, which also takes strata
    (Mantel–Haenszel weights); the other methods take one table.
    """
    method = _method_name("riskdiff", ci, RISK_DIFFERENCE_METHODS)
    if method == "miettinen-nurminen":
        from .difference import rate_difference

        return rate_difference(x1, n1, x0, n0, confidence_level=confidence_level).estimate
    return risk_difference_ci(x1, n1, x0, n0, method=method, confidence_level=confidence_level)
