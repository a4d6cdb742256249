"""Seeded property tests (hypothesis) of the invariants of trialscout.binary."""

import math
import warnings

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from trialscout.binary import cmh_test, fisher_exact, odds_ratio, rate, rate_difference

SETTINGS = settings(max_examples=150, deadline=None, derandomize=True)


@st.composite
def arm(draw, max_n=60, min_n=1):
    n = draw(st.integers(min_n, max_n))
    return draw(st.integers(0, n)), n


@st.composite
def strata(draw, max_k=4):
    k = draw(st.integers(2, max_k))
    rows = [draw(arm(min_n=1)) + draw(arm(min_n=1)) for _ in range(k)]
    return tuple(list(col) for col in zip(*rows))  # x1, n1, x0, n0


levels = st.sampled_from([0.8, 0.9, 0.95, 0.99])


@SETTINGS
@given(arm(max_n=500), levels, st.sampled_from(["clopper-pearson", "wilson"]))
def test_rate_interval_inside_unit_and_contains_estimate(xn, level, method):
    x, n = xn
    r = rate(x, n, confidence_level=level, method=method)
    assert 0.0 <= r.lower <= r.value <= r.upper <= 1.0
    assert r.lower < r.upper


@SETTINGS
@given(arm(max_n=300))
def test_rate_interval_nested_in_level(xn):
    a = rate(*xn, confidence_level=0.9)
    b = rate(*xn, confidence_level=0.95)
    assert b.lower <= a.lower and a.upper <= b.upper


def _diff(*args, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # all-or-none responders: test undefined
        return rate_difference(*args, **kw)


@SETTINGS
@given(arm(), arm(), levels)
def test_difference_interval_contains_estimate(t, c, level):
    r = _diff(*t, *c, confidence_level=level).estimate
    assert -1.0 <= r.lower <= r.value <= r.upper <= 1.0
    assert r.lower < r.upper


@SETTINGS
@given(arm(), arm())
def test_swapping_arms_negates_difference(t, c):
    a = _diff(*t, *c)
    b = _diff(*c, *t)
    assert b.estimate.value == pytest.approx(-a.estimate.value, abs=1e-12)
    assert b.estimate.lower == pytest.approx(-a.estimate.upper, abs=1e-9)
    assert b.estimate.upper == pytest.approx(-a.estimate.lower, abs=1e-9)
    if math.isnan(a.pvalue):
        assert math.isnan(b.pvalue)
    else:
        assert b.statistic == pytest.approx(-a.statistic, rel=1e-9, abs=1e-12)
        assert b.pvalue == pytest.approx(a.pvalue, rel=1e-9)


@SETTINGS
@given(strata())
def test_stratified_swap_negates_and_test_is_cmh(s):
    x1, n1, x0, n0 = s
    a = _diff(x1, n1, x0, n0)
    b = _diff(x0, n0, x1, n1)
    assert -1.0 <= a.estimate.lower <= a.estimate.value <= a.estimate.upper <= 1.0
    assert b.estimate.lower == pytest.approx(-a.estimate.upper, abs=1e-9)
    assert b.estimate.upper == pytest.approx(-a.estimate.lower, abs=1e-9)
    if not math.isnan(a.statistic):
        assert a.statistic**2 == pytest.approx(cmh_test(x1, n1, x0, n0).statistic, rel=1e-9, abs=1e-12)


@SETTINGS
@given(strata())
def test_odds_ratio_swap_inverts(s):
    x1, n1, x0, n0 = s
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        a = odds_ratio(x1, n1, x0, n0).estimate
        b = odds_ratio(x0, n0, x1, n1).estimate
    if math.isfinite(a.lower) and math.isfinite(a.upper):
        assert a.lower <= a.value <= a.upper
        assert b.value == pytest.approx(1.0 / a.value, rel=1e-9)
        assert b.lower == pytest.approx(1.0 / a.upper, rel=1e-9)
        assert b.upper == pytest.approx(1.0 / a.lower, rel=1e-9)


@SETTINGS
@given(arm(max_n=40), arm(max_n=40))
def test_fisher_p_is_a_probability_and_symmetric(t, c):
    p = fisher_exact(*t, *c).pvalue
    assert 0.0 < p <= 1.0
    assert fisher_exact(*c, *t).pvalue == pytest.approx(p, rel=1e-9)
