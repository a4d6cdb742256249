"""Binary endpoints: response rates, their differences, odds ratios, and the CMH and Fisher tests.

Comparisons take counts ``x1`` of ``n1`` treated and ``x0`` of ``n0`` control subjects (scalars, or 1-D arrays
over strata), or a :class:`ResponseTable` built from per-subject data by :func:`response_table`.
"""

from ._counts import ResponseTable, as_counts, response_table
from .difference import rate_difference
from .freq import (
    breslow_day, chi_square_tests, cmh_statistics, common_odds_ratio_logit, common_relative_risk,
    common_risk_difference, difference_interval, odds_ratio_ci, proportion_ci, rate_interval, relative_risk,
    risk_difference_ci,
)
from .odds import cmh_test, fisher_exact, odds_ratio
from .rates import rate

__all__ = [
    "rate",
    "rate_difference",
    "odds_ratio",
    "cmh_test",
    "fisher_exact",
    "response_table",
    "ResponseTable",
    "as_counts",
    "proportion_ci", "risk_difference_ci", "relative_risk", "common_relative_risk", "common_risk_difference",
    "odds_ratio_ci", "common_odds_ratio_logit", "chi_square_tests", "cmh_statistics", "breslow_day",
    "rate_interval", "difference_interval",
]
