"""The modified-Wald relative risk and odds ratio, the exact unconditional relative risk, and the stratified Newcombe
and Miettinen–Nurminen-weighted score common risk differences (trialscout.binary.freq).

Checked against
* R (tests/reference/binary_freq_sas_more.R -> binary_freq_sas_more.json), each interval computed there from its
  published definition in base R (Wilson limits from prop.test, constrained rates by optimize, roots by uniroot);
* hand derivations: the exact limits of 1-of-1 tables, the closed forms of the modified Wald limits, and the
  one-stratum reductions of the common risk differences to the single-table intervals.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from trialscout.binary import freq

REF = json.loads((Path(__file__).resolve().parents[1] / "reference" / "binary_freq_sas_more.json").read_text())
Z975 = 1.959963984540054


def _limits(values):
    return [math.inf if v == "Inf" else float(v) for v in values]


# -- R ----------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("case", REF["two"], ids=lambda c: f"{c['x1']}of{c['n1']}-{c['x0']}of{c['n0']}")
def test_wald_modified_against_r(case):
    args = (case["x1"], case["n1"], case["x0"], case["n0"])
    rr = freq.relative_risk(*args, method="wald-modified")
    np.testing.assert_allclose([rr.lower, rr.upper], case["rr_wald_modified"], rtol=1e-12)
    orr = freq.odds_ratio_ci(*args, method="wald-modified")
    np.testing.assert_allclose([orr.lower, orr.upper], case["or_wald_modified"], rtol=1e-12)


@pytest.mark.parametrize("case", REF["two"], ids=lambda c: f"{c['x1']}of{c['n1']}-{c['x0']}of{c['n0']}")
def test_exact_relative_risk_against_r(case):
    est = freq.relative_risk(case["x1"], case["n1"], case["x0"], case["n0"], method="exact")
    lo, hi = _limits(case["rr_exact"])
    assert est.lower == pytest.approx(lo, rel=1e-6, abs=1e-12)
    if math.isinf(hi):
        assert math.isnan(est.upper) and str(est.upper_status) == "NE"
    else:
        assert est.upper == pytest.approx(hi, rel=1e-6)


@pytest.mark.parametrize("case", REF["common"], ids=lambda c: f"{len(c['x1'])}strata-{sum(c['x1'])}")
def test_stratified_newcombe_against_r(case):
    est = freq.common_risk_difference(case["x1"], case["n1"], case["x0"], case["n0"], method="newcombe")
    assert est.value == pytest.approx(case["newcombe_estimate"], rel=1e-12)
    np.testing.assert_allclose([est.lower, est.upper], case["newcombe"], rtol=1e-10)


@pytest.mark.parametrize("case", REF["common"], ids=lambda c: f"{len(c['x1'])}strata-{sum(c['x1'])}")
def test_mn_weighted_common_risk_difference_against_r(case):
    est = freq.common_risk_difference(case["x1"], case["n1"], case["x0"], case["n0"], method="miettinen-nurminen")
    # R's constrained rates come from optimize (tolerance ~1e-9 on the rates)
    assert est.value == pytest.approx(case["mn_estimate"], rel=1e-6)
    np.testing.assert_allclose([est.lower, est.upper], case["mn"], rtol=1e-6)


# -- hand derivations -------------------------------------------------------------------------------------------
@pytest.mark.parametrize("level", [0.95, 0.90])
def test_exact_relative_risk_one_of_one_by_hand(level):
    """1/1 vs 0/1: of the four tables only the observed one has T >= T_obs at any theta (T^2 = 2/theta against
    (1 - theta)/theta for 1/1 vs 1/1), so the size is max over p0 of theta p0 (1 - p0) = theta/4 and the lower limit
    solves theta/4 = alpha/2. Mirrored, 0/1 vs 1/1 has size max (1 - theta p0) p0 = 1/(4 theta): upper 1/(2 alpha)."""
    alpha = 1 - level
    lo = freq.relative_risk(1, 1, 0, 1, method="exact", confidence_level=level)
    assert lo.lower == pytest.approx(2 * alpha, rel=1e-6)
    hi = freq.relative_risk(0, 1, 1, 1, method="exact", confidence_level=level)
    assert hi.lower == 0.0
    assert hi.upper == pytest.approx(1 / (2 * alpha), rel=1e-6)


def test_wald_modified_by_hand_with_zero_cells():
    """0/10 vs 3/10: RR* = (0.5/11)/(3.5/11) = 1/7, var = 1/0.5 - 1/11 + 1/3.5 - 1/11; OR* = 0.5*7.5/(10.5*3.5)."""
    rr = freq.relative_risk(0, 10, 3, 10, method="wald-modified")
    se = math.sqrt(2 - 2 / 11 + 1 / 3.5)
    assert rr.value == 0.0
    assert (rr.lower, rr.upper) == pytest.approx((math.exp(-Z975 * se) / 7, math.exp(Z975 * se) / 7), rel=1e-12)
    orr = freq.odds_ratio_ci(0, 10, 3, 10, method="wald-modified")
    se = math.sqrt(1 / 0.5 + 1 / 10.5 + 1 / 3.5 + 1 / 7.5)
    centre = 0.5 * 7.5 / (10.5 * 3.5)
    assert (orr.lower, orr.upper) == pytest.approx((centre * math.exp(-Z975 * se), centre * math.exp(Z975 * se)),
                                                   rel=1e-12)


@settings(max_examples=25, deadline=None)
@given(st.integers(1, 40).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n))),
       st.integers(1, 40).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n))))
def test_one_stratum_common_risk_differences_are_the_table_intervals(t1, t0):
    """One stratum: the stratified Newcombe interval is Newcombe's (method 10) and the MN-weighted score interval
    the Miettinen–Nurminen one (the weight cancels)."""
    (x1, n1), (x0, n0) = t1, t0
    if n1 + n0 < 3:
        return
    nc = freq.common_risk_difference([x1], [n1], [x0], [n0], method="newcombe")
    ref = freq.risk_difference_ci(x1, n1, x0, n0, method="newcombe")
    assert (nc.value, nc.lower, nc.upper) == pytest.approx((ref.value, ref.lower, ref.upper), abs=1e-12)
    mn = freq.common_risk_difference([x1], [n1], [x0], [n0], method="miettinen-nurminen")
    ref = freq.risk_difference_ci(x1, n1, x0, n0, method="miettinen-nurminen")
    assert (mn.lower, mn.upper) == pytest.approx((ref.lower, ref.upper), abs=1e-9)


def test_stratified_newcombe_two_strata_by_hand():
    """Two strata, from the Wilson limits of proportion_ci and the Mantel–Haenszel weights."""
    strata = [(16, 27, 5, 25), (12, 28, 7, 26)]
    w = np.array([m1 * m0 / (m1 + m0) for _, m1, _, m0 in strata])
    w = w / w.sum()
    arms = []
    for j in (0, 2):
        p = np.array([s[j] / s[j + 1] for s in strata])
        lims = [freq.proportion_ci(s[j], s[j + 1], method="wilson") for s in strata]
        lo = np.array([e.lower for e in lims])
        hi = np.array([e.upper for e in lims])
        pw = float(w @ p)
        arms.append((pw, pw - math.sqrt(float(w**2 @ (p - lo) ** 2)), pw + math.sqrt(float(w**2 @ (hi - p) ** 2))))
    (p1, l1, u1), (p0, l0, u0) = arms
    d = p1 - p0
    est = freq.common_risk_difference([16, 12], [27, 28], [5, 7], [25, 26], method="newcombe")
    assert est.value == pytest.approx(d, rel=1e-14)
    assert est.lower == pytest.approx(d - math.hypot(p1 - l1, u0 - p0), rel=1e-12)
    assert est.upper == pytest.approx(d + math.hypot(u1 - p1, p0 - l0), rel=1e-12)


# -- properties -------------------------------------------------------------------------------------------------
small = st.integers(min_value=1, max_value=10).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n)))


@settings(max_examples=8, deadline=None)
@given(small, small)
def test_exact_relative_risk_holds_estimate_and_widens(a, b):
    (x1, n1), (x0, n0) = a, b
    e90 = freq.relative_risk(x1, n1, x0, n0, method="exact", confidence_level=0.90)
    e95 = freq.relative_risk(x1, n1, x0, n0, method="exact", confidence_level=0.95)
    rel = 1e-6
    if x0 > 0:
        assert e95.lower * (1 - rel) <= e95.value <= e95.upper * (1 + rel)
        assert e90.upper <= e95.upper * (1 + rel)
    assert e95.lower <= e90.lower * (1 + rel) + 1e-12
    if x1 == 0:
        assert e95.lower == 0.0


def test_exact_relative_risk_covers_at_least_the_level():
    """Exact limits: for 6 vs 6 subjects the probability, over all 49 tables, that the interval holds the true ratio is
    at least 95% at each of a few (p1, p0)."""
    m = 6
    ints = {(i, j): freq.relative_risk(i, m, j, m, method="exact") for i in range(m + 1) for j in range(m + 1)}
    from scipy import stats

    for p1, p0 in ((0.3, 0.3), (0.5, 0.25), (0.2, 0.6), (0.9, 0.45)):
        theta = p1 / p0
        cover = 0.0
        for (i, j), e in ints.items():
            hi = math.inf if math.isnan(e.upper) else e.upper
            if e.lower <= theta <= hi:
                cover += stats.binom.pmf(i, m, p1) * stats.binom.pmf(j, m, p0)
        assert cover >= 0.95 - 1e-9, (p1, p0, cover)


def test_bad_common_risk_difference_method():
    with pytest.raises(ValueError, match="`method`"):
        freq.common_risk_difference([3], [10], [2], [10], method="klingenberg")
