"""Mantel–Haenszel common odds ratio (Robins–Breslow–Greenland CI), the CMH test, and Fisher's exact test."""

from __future__ import annotations

import math
import warnings

import numpy as np
from scipy import stats

from .._results import Comparison, Estimate, TestResult
from .._validate import InputError, check_confidence_level
from ._counts import as_counts

__all__ = ["odds_ratio", "cmh_test", "fisher_exact", "FISHER_REL_TOL"]

# Fisher's two-sided P sums the tables no more probable than the observed one, "no more" with this relative
# tolerance so that tables of equal probability computed with rounding differences all count (as R fisher.test).
FISHER_REL_TOL = 1e-7


def _cells(x1, n1, x0, n0) -> tuple[np.ndarray, ...]:
    """Cells a (treated responders), b (treated non-responders), c, d (control) and stratum totals, as floats,
    of the strata with at least one subject."""
    keep = (n1 + n0) > 0
    a = x1[keep].astype(float)
    b = (n1 - x1)[keep].astype(float)
    c = x0[keep].astype(float)
    d = (n0 - x0)[keep].astype(float)
    return a, b, c, d, a + b + c + d


def _cmh(a, b, c, d, total) -> tuple[float, float]:
    """CMH numerator sum (a - E[a]) and hypergeometric variance sum, over strata with N >= 2."""
    use = total >= 2
    a, b, c, d, total = a[use], b[use], c[use], d[use], total[use]
    n1, n0 = a + b, c + d
    m1, m0 = a + c, b + d
    expected = n1 * m1 / total
    var = n1 * n0 * m1 * m0 / (total**2 * (total - 1.0))
    return float(np.sum(a - expected)), float(np.sum(var))



def _cmh_chisq(a, b, c, d, total) -> tuple[float, float]:
    """CMH chi-square (no continuity correction) and its P; NaN with a warning when the variance is 0.

    The warning's stacklevel points at the user's call of the public function that called this one.
    """
    num, var = _cmh(a, b, c, d, total)
    if var > 0.0:
        stat = num * num / var
        return float(stat), float(stats.chi2.sf(stat, 1))
    warnings.warn(
        "the CMH test is undefined: no stratum has both arms and both outcomes (variance 0)",
        RuntimeWarning,
        stacklevel=3,
    )
    return math.nan, math.nan

def cmh_test(x1, n1=None, x0=None, n0=None) -> TestResult:
    """Cochran–Mantel–Haenszel test of no association in 2 x 2 x K tables, without continuity correction.

    Parameters
    ----------
    x1, n1, x0, n0 : int or array_like of int
        Responders and subjects in the treated (``x1, n1``) and control (``x0, n0``) arm per stratum, or a
        single table as ``x1`` (see :func:`rate_difference`).

    Returns
    -------
    TestResult
        ``statistic`` = (sum_h (a_h - E a_h))^2 / sum_h V_h, ``df`` = 1, ``pvalue`` from chi-square(1).

    Raises
    ------
    InputError
        Bad counts (see :func:`trialscout.binary.as_counts`).

    Warns
    -----
    RuntimeWarning
        When the variance is 0 (e.g. no stratum has both arms, or no stratum has both outcomes); the
        statistic and P are then NaN.

    Notes
    -----
    With a_h the treated responders of stratum h, E a_h = n1h m1h / N_h and the hypergeometric variance
    V_h = n1h n0h m1h m0h / (N_h^2 (N_h - 1)), where m1h, m0h are the responders and non-responders (Mantel &
    Haenszel 1959). Strata with fewer than 2 subjects carry no information and are skipped. This is SAS PROC
    FREQ's CMH "nonzero correlation" statistic for 2 x 2 x K tables and R ``mantelhaen.test(correct = FALSE)``
    (R corrects for continuity by default).

    References
    ----------
    Mantel N, Haenszel W. Statistical aspects of the analysis of data from retrospective studies of disease.
    J Natl Cancer Inst 1959;22:719-748.

    Examples
    --------
    Three strata (R ``mantelhaen.test(correct = FALSE)`` gives 5.0231, P = 0.0250):

    >>> t = cmh_test([10, 12, 8], [20, 25, 15], [5, 6, 7], [20, 24, 16])
    >>> round(t.statistic, 4), round(t.pvalue, 4)
    (5.0231, 0.025)
    """
    a, b, c, d, total = _cells(*as_counts(x1, n1, x0, n0))
    stat, pvalue = _cmh_chisq(a, b, c, d, total)
    return TestResult(statistic=float(stat), df=1.0, pvalue=pvalue, method="cochran-mantel-haenszel")


def odds_ratio(x1, n1=None, x0=None, n0=None, *, confidence_level: float = 0.95) -> Comparison:
    """Mantel–Haenszel common odds ratio with the Robins–Breslow–Greenland interval and the CMH test.

    Parameters
    ----------
    x1, n1, x0, n0 : int or array_like of int
        Responders and subjects in the treated (``x1, n1``) and control (``x0, n0``) arm per stratum, or a
        single table as ``x1`` (see :func:`rate_difference`). One stratum gives the ordinary odds ratio.
    confidence_level : float, default 0.95
        Two-sided level of the interval.

    Returns
    -------
    Comparison
        ``estimate``: the odds ratio (treated vs control odds of response) with its interval (``std_err`` is
        NaN: the interval's standard error is of log OR); ``statistic``/``pvalue``: the CMH chi-square
        (1 df, no continuity correction) and its P, as :func:`cmh_test`.

    Raises
    ------
    InputError
        Bad counts (see :func:`trialscout.binary.as_counts`).

    Notes
    -----
    With cells a, b (treated responders, non-responders), c, d (control) and N per stratum,
    R = a d / N, S = b c / N, P = (a + d) / N, Q = (b + c) / N, the estimate is sum R / sum S and
    (Robins, Breslow & Greenland 1986)

        Var(log OR) = sum P R / (2 (sum R)^2) + sum (P S + Q R) / (2 sum R sum S) + sum Q S / (2 (sum S)^2),

    with limits exp(log OR -+ z sqrt(Var)). For one table this is Woolf's 1/a + 1/b + 1/c + 1/d. SAS PROC
    FREQ ``CMH`` reports this estimate and interval ("Mantel-Haenszel"); R ``mantelhaen.test`` gives them for
    2 x 2 x K tables. When sum R = 0 (OR 0) or sum S = 0 (OR infinite) the limits are not estimable (NE);
    an infinite estimate is reported NE as well.

    References
    ----------
    Robins J, Breslow N, Greenland S. Estimators of the Mantel-Haenszel variance consistent in both sparse
    data and large-strata limiting models. Biometrics 1986;42:311-323.

    Examples
    --------
    >>> round(odds_ratio(14, 20, 6, 20).estimate.value, 4)
    5.4444
    """
    x1, n1, x0, n0 = as_counts(x1, n1, x0, n0)
    level = check_confidence_level(confidence_level)
    a, b, c, d, total = _cells(x1, n1, x0, n0)
    if a.size == 0:
        raise InputError("every stratum is empty (`n1` + `n0` is 0): there is no odds ratio to estimate")
    r = a * d / total
    s = b * c / total
    p = (a + d) / total
    q = (b + c) / total
    sr, ss = float(np.sum(r)), float(np.sum(s))
    if sr > 0.0 and ss > 0.0:
        value = sr / ss
        var = (
            float(np.sum(p * r)) / (2.0 * sr * sr)
            + float(np.sum(p * s + q * r)) / (2.0 * sr * ss)
            + float(np.sum(q * s)) / (2.0 * ss * ss)
        )
        se = math.sqrt(var)
        z = float(stats.norm.isf((1.0 - level) / 2.0))
        lower, upper = math.exp(math.log(value) - z * se), math.exp(math.log(value) + z * se)
    else:
        value = math.inf if ss == 0.0 and sr > 0.0 else (0.0 if sr == 0.0 and ss > 0.0 else math.nan)
        lower = upper = math.nan
    stat, pvalue = _cmh_chisq(a, b, c, d, total)
    est = Estimate.build(value, lower, upper, level, "odds ratio; mantel-haenszel; robins-breslow-greenland")
    return Comparison(estimate=est, statistic=float(stat), pvalue=pvalue, method="cochran-mantel-haenszel")


def fisher_exact(x1, n1=None, x0=None, n0=None) -> TestResult:
    """Fisher's exact test of a 2 x 2 table, two-sided as R ``fisher.test`` and SAS PROC FREQ ``FISHER``.

    Parameters
    ----------
    x1, n1, x0, n0 : int
        Responders and subjects in the treated and control arm (one table; a (2, 2) array as ``x1`` also
        works).

    Returns
    -------
    TestResult
        ``statistic``: the observed number of treated responders (the count whose conditional distribution
        gives P), ``df`` NaN, ``pvalue`` two-sided.

    Raises
    ------
    InputError
        Bad counts, or more than one stratum.

    Notes
    -----
    Given the margins, the treated responders follow the hypergeometric distribution. The two-sided P is the
    total probability of the tables whose probability is at most (1 + 1e-7) times that of the observed table
    (the relative tolerance makes tables of equal probability count in spite of rounding, as R does).

    References
    ----------
    Fisher RA. Statistical Methods for Research Workers, 5th ed. Edinburgh: Oliver & Boyd; 1934.

    Examples
    --------
    >>> round(fisher_exact(3, 4, 1, 4).pvalue, 4)
    0.4857
    """
    x1, n1, x0, n0 = as_counts(x1, n1, x0, n0)
    if x1.size != 1:
        raise InputError(f"Fisher's exact test takes one 2 x 2 table; got {x1.size} strata")
    a, n_t, c, n_c = int(x1[0]), int(n1[0]), int(x0[0]), int(n0[0])
    total = n_t + n_c
    if total == 0:
        raise InputError("the table is empty (`n1` + `n0` is 0): Fisher's exact test needs subjects")
    m1 = a + c
    lo, hi = max(0, m1 - n_c), min(m1, n_t)
    support = np.arange(lo, hi + 1)
    logp = stats.hypergeom.logpmf(support, total, m1, n_t)
    dens = np.exp(logp - logp.max())
    dens /= dens.sum()
    observed = dens[a - lo]
    pvalue = float(min(1.0, dens[dens <= observed * (1.0 + FISHER_REL_TOL)].sum()))
    return TestResult(statistic=float(a), df=math.nan, pvalue=pvalue, method="fisher exact; two-sided")
