"""Restricted mean survival time: the between-arm difference."""

from __future__ import annotations

import math

from scipy import special  # ndtri, ndtr, chdtrc: scipy.stats costs half a second to import

from .._results import Comparison, Estimate
from .._validate import check_confidence_level, check_positive
from .kaplan_meier import KaplanMeier

__all__ = ["rmst_difference"]


def rmst_difference(km_treated: KaplanMeier, km_control: KaplanMeier, tau: float, *,
                    confidence_level: float = 0.95) -> Comparison:
    """Difference in restricted mean survival time to ``tau`` (treated minus control).

    Notes
    -----
    Each arm's RMST and variance come from :meth:`KaplanMeier.rmst` (Klein & Moeschberger eq. 4.4.4); the arms are
    independent, so Var(diff) = Var_1 + Var_0, with a Wald interval and a two-sided normal P value
    (Royston & Parmar 2013).
    """
    for name, km in (("km_treated", km_treated), ("km_control", km_control)):
        if not isinstance(km, KaplanMeier):
            raise TypeError(f"`{name}` must be a KaplanMeier result (from kaplan_meier); got {type(km).__name__}")
    tau = check_positive("tau", tau)
    level = check_confidence_level(confidence_level)
    a = km_treated.rmst(tau, confidence_level=level)
    b = km_control.rmst(tau, confidence_level=level)
    diff = a.value - b.value
    se = math.sqrt(a.std_err**2 + b.std_err**2)
    z = float(special.ndtri(0.5 + level / 2))
    stat = diff / se if se > 0 else math.nan
    p = float(2 * special.ndtr(-abs(stat))) if se > 0 else math.nan
    est = Estimate.build(diff, diff - z * se, diff + z * se, level, f"rmst difference to tau={tau:g}", std_err=se)
    return Comparison(estimate=est, statistic=stat, pvalue=p, method="rmst difference; wald")
