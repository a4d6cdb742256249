"""A single binomial rate (e.g. an objective response rate) and its confidence interval."""

from __future__ import annotations

import math

from scipy import stats

from .._results import Estimate
from .._validate import check_choice, check_confidence_level
from ._counts import as_count

__all__ = ["rate", "RATE_METHODS"]

RATE_METHODS = ("clopper-pearson", "wilson")


def rate(successes, n, *, confidence_level: float = 0.95, method: str = "clopper-pearson") -> Estimate:
    """The proportion ``successes / n`` with its confidence interval.

    Parameters
    ----------
    successes : int
        Number of responders (whole number, 0 <= successes <= n).
    n : int
        Number of subjects (positive whole number).
    confidence_level : float, default 0.95
        Two-sided level of the interval.
    method : {"clopper-pearson", "wilson"}, default "clopper-pearson"
        ``"clopper-pearson"``: the exact interval from beta quantiles (SAS PROC FREQ ``BINOMIAL(EXACT)``,
        R ``binom.test``). ``"wilson"``: the score interval without continuity correction (SAS
        ``BINOMIAL(CL=WILSON)``, R ``prop.test(correct = FALSE)``).

    Returns
    -------
    Estimate
        ``value`` = successes / n, ``lower``/``upper`` the limits, ``std_err`` = sqrt(p (1 - p) / n).

    Raises
    ------
    InputError
        If the counts are negative, not whole numbers, ``successes > n``, or ``n == 0``.

    Notes
    -----
    With a = 1 - confidence_level, Clopper–Pearson limits are the a/2 quantile of Beta(x, n - x + 1) and the
    1 - a/2 quantile of Beta(x + 1, n - x); the lower limit is exactly 0 when x = 0 and the upper exactly 1
    when x = n (Clopper & Pearson 1934). Wilson limits are
    (p + z^2/(2n) -/+ z sqrt(p (1 - p)/n + z^2/(4 n^2))) / (1 + z^2/n) with z the 1 - a/2 normal quantile
    (Wilson 1927).

    References
    ----------
    Clopper CJ, Pearson ES. The use of confidence or fiducial limits illustrated in the case of the binomial.
    Biometrika 1934;26:404-413. Wilson EB. Probable inference, the law of succession, and statistical
    inference. JASA 1927;22:209-212.

    Examples
    --------
    >>> r = rate(7, 20)
    >>> round(r.value, 2), round(r.lower, 4), round(r.upper, 4)
    (0.35, 0.1539, 0.5922)
    """
    x, n = as_count(successes, n)
    level = check_confidence_level(confidence_level)
    method = check_choice("method", method, RATE_METHODS)
    alpha = 1.0 - level
    p = x / n
    se = math.sqrt(p * (1.0 - p) / n)
    if method == "clopper-pearson":
        lower = 0.0 if x == 0 else float(stats.beta.ppf(alpha / 2.0, x, n - x + 1))
        upper = 1.0 if x == n else float(stats.beta.isf(alpha / 2.0, x + 1, n - x))
    else:
        z = float(stats.norm.isf(alpha / 2.0))
        z2 = z * z
        centre = p + z2 / (2.0 * n)
        half = z * math.sqrt(p * (1.0 - p) / n + z2 / (4.0 * n * n))
        denom = 1.0 + z2 / n
        lower = max(0.0, (centre - half) / denom)
        upper = min(1.0, (centre + half) / denom)
        # At x = 0 (x = n) the lower (upper) Wilson limit is exactly 0 (1); rounding can leave 1e-17.
        if x == 0:
            lower = 0.0
        if x == n:
            upper = 1.0
    return Estimate.build(p, lower, upper, level, f"rate; {method}", std_err=se)
