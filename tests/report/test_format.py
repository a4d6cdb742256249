"""Publication formatting of estimates, rates, hazard ratios and P values (trialscout.report.format)."""

import math

import numpy as np
import pytest

from trialscout import NE, NR, Estimate, kaplan_meier
from trialscout.report.format import (
    ci_label,
    format_estimate,
    format_hr,
    format_number,
    format_pvalue,
    format_rate,
)

nan = math.nan


def est(v, lo, hi, level=0.95, **st):
    return Estimate.build(v, lo, hi, level, "test", **st)


def test_estimate_plain():
    assert format_estimate(est(11.83, 9.71, 14.0)) == "11.8 (95% CI, 9.7\u201314.0)"


def test_estimate_not_reached_and_not_estimable():
    e = est(nan, 34.5, nan, value_status=NR, upper_status=NE)
    assert format_estimate(e) == "NR (95% CI, 34.5\u2013NE)"
    assert format_estimate(e, unit="months") == "NR (95% CI, 34.5\u2013NE)"  # no "NR months"


def test_estimate_all_missing():
    e = est(nan, nan, nan)  # Estimate.build marks every NaN as NE
    assert format_estimate(e) == "NE (95% CI, NE\u2013NE)"


def test_estimate_unit_digits_and_level():
    assert format_estimate(est(11.83, 9.71, 14.0, 0.9), digits=2, unit="months") == (
        "11.83 months (90% CI, 9.71\u201314.00)"
    )
    assert format_estimate(est(1.0, 0.5, 2.0, 0.975), digits=0) == "1 (97.5% CI, 1\u20132)"  # 0.5 rounds up


def test_negative_limits_use_to():
    assert format_estimate(est(0.4, -1.25, 2.0)) == "0.4 (95% CI, -1.3 to 2.0)"


def test_rounding_is_decimal_half_up():
    # Python's format(2.675, ".2f") gives "2.67" (binary); a reader rounding 2.675 writes 2.68
    assert format_number(2.675, 2) == "2.68"
    assert format_number(0.125, 2) == "0.13"
    assert format_number(-0.04, 1) == "0.0"
    assert format_number(math.inf, 1) == "NE"


def test_rate_percent():
    assert format_rate(est(0.5943, 0.5231, 0.6574)) == "59.4% (95% CI, 52.3%\u201365.7%)"
    assert format_rate(est(nan, nan, nan, value_status=NE)) == "NE (95% CI, NE\u2013NE)"


def test_rate_from_kaplan_meier_landmark():
    # 10 subjects, events at 1..5 -> S(5) = 0.5; Greenwood V = sum 1/(n(n-1)) for n = 10..6 = 0.1
    km = kaplan_meier(np.arange(1, 11), [1] * 5 + [0] * 5, conf_type="plain")
    half = 1.959963984540054 * 0.5 * math.sqrt(0.1)
    expected = f"50.0% (95% CI, {100 * (0.5 - half):.1f}%\u2013{100 * (0.5 + half):.1f}%)"
    assert format_rate(km.survival_at(5)) == expected == "50.0% (95% CI, 19.0%\u201381.0%)"


def test_hr():
    assert format_hr(est(0.2865, 0.2249, 0.3936)) == "HR 0.29 (95% CI, 0.22\u20130.39)"
    assert format_hr(est(nan, nan, nan)) == "HR NE (95% CI, NE\u2013NE)"
    assert format_hr(est(1.23456, 1.0, 1.5), digits=3) == "HR 1.235 (95% CI, 1.000\u20131.500)"


@pytest.mark.parametrize(
    "p, text",
    [
        (0.00089, "P = .0009"),
        (0.00001, "P < .0001"),
        (0.0, "P < .0001"),
        (0.0001, "P = .0001"),
        (0.0049, "P = .005"),
        (0.0123, "P = .01"),
        (0.21, "P = .21"),
        (0.05, "P = .05"),
        (0.0494, "P = .049"),  # would round to .05 with two decimals
        (0.0496, "P < .05"),  # would round to .050 with three: never print a misleading .05
        (0.00099, "P = .001"),  # the class follows the rounded value: not ".0010"
        (0.00995, "P = .01"),  # not ".010"
        (0.99, "P = .99"),
        (0.994, "P > .99"),
        (0.995, "P > .99"),
        (1.0, "P > .99"),
        (nan, "P = NE"),
    ],
)
def test_pvalue(p, text):
    assert format_pvalue(p) == text


def test_ci_label():
    assert ci_label(0.95) == "95% CI"
    assert ci_label(0.9) == "90% CI"
    assert ci_label(0.999) == "99.9% CI"


def test_bad_inputs():
    with pytest.raises(TypeError, match="`est`"):
        format_estimate(0.5)
    with pytest.raises(TypeError, match="`digits`"):
        format_estimate(est(1, 0, 2), digits=-1)
    with pytest.raises(ValueError, match="`p` must be between 0 and 1"):
        format_pvalue(1.5)
    with pytest.raises(TypeError, match="`p`"):
        format_pvalue("x")
