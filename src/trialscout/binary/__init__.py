"""Binary endpoints: response rates, their differences, odds ratios, and the CMH and Fisher tests.

Comparisons take counts ``x1`` of ``n1`` treated and ``x0`` of ``n0`` control subjects (scalars, or 1-D arrays
over strata), or a :class:`ResponseTable` built from per-subject data by :func:`response_table`.
"""

from ._counts import ResponseTable, as_counts, response_table
from .difference import rate_difference
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
]
