"""PROC FREQ's intervals and tests (trialscout.binary.freq).

Checked against (SAS's documentation examples are in test_freq_sas_docs.py)
* R (tests/reference/binary_freq.R -> binary_freq.json): binom.test, prop.test, chisq.test, mantelhaen.test,
  fisher.test, glm profile likelihood, and uniroot on the defining equations of mid-p, likelihood-ratio and Blaker;
* hand derivations for the Mantel–Haenszel and logit common relative risk / odds ratio and Breslow–Day.
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

REF_DIR = Path(__file__).resolve().parents[1] / "reference"
R = json.loads((REF_DIR / "binary_freq.json").read_text())


# -- R ----------------------------------------------------------------------------------------------------------
R_ONE = {"clopper_pearson": "clopper-pearson", "wilson": "wilson", "wilson_cc": "wilson-cc", "jeffreys": "jeffreys",
         "mid_p": "mid-p", "likelihood_ratio": "likelihood-ratio", "blaker": "blaker"}


@pytest.mark.parametrize("case", R["one"], ids=lambda c: f"{c['x']}of{c['n']}")
@pytest.mark.parametrize("key", list(R_ONE))
def test_proportion_against_r(case, key):
    est = freq.proportion_ci(case["x"], case["n"], method=R_ONE[key])
    # Blaker: R's and our root searches bisect a step function's edge to ~1e-10
    tol = 1e-7 if key == "blaker" else 1e-9
    np.testing.assert_allclose([est.lower, est.upper], case[key], rtol=tol, atol=1e-12)


@pytest.mark.parametrize("case", R["two"], ids=lambda c: f"{c['x1']}of{c['n1']}-{c['x0']}of{c['n0']}")
def test_two_by_two_against_r(case):
    a, m1, c, m0 = case["x1"], case["n1"], case["x0"], case["n0"]
    for method, key in (("wald", "wald"), ("wald-cc", "wald_cc")):
        est = freq.risk_difference_ci(a, m1, c, m0, method=method)
        np.testing.assert_allclose([est.lower, est.upper], case[key], rtol=1e-10)
    # fisher.test's and glm-profile (confint) limits are found to a looser tolerance by R itself
    ex = freq.odds_ratio_ci(a, m1, c, m0, method="exact")
    np.testing.assert_allclose([ex.lower, ex.upper], case["or_exact"], rtol=1e-3)
    # fisher.test's uniroot stops at a tolerance of about 1e-4; the defining tail probabilities, from scipy's
    # noncentral hypergeometric distribution, are met to 1e-12
    from scipy import stats

    total, col = m1 + m0, a + c
    assert stats.nchypergeom_fisher.sf(a - 1, total, m1, col, ex.lower) == pytest.approx(0.025, abs=1e-12)
    assert stats.nchypergeom_fisher.cdf(a, total, m1, col, ex.upper) == pytest.approx(0.025, abs=1e-12)
    lr = freq.odds_ratio_ci(a, m1, c, m0, method="likelihood-ratio")
    np.testing.assert_allclose([lr.lower, lr.upper], case["or_lr"], rtol=1e-3)
    rr = freq.relative_risk(a, m1, c, m0, method="likelihood-ratio")
    np.testing.assert_allclose([rr.lower, rr.upper], case["rr_lr"], rtol=1e-3)
    ch = freq.chi_square_tests([[a, m1 - a], [c, m0 - c]])
    assert ch.pearson.statistic == pytest.approx(case["pearson"], rel=1e-12)
    assert ch.continuity_adjusted.statistic == pytest.approx(case["yates"], rel=1e-12)
    assert ch.likelihood_ratio.statistic == pytest.approx(case["g2"], rel=1e-12)


@pytest.mark.parametrize("key", ["general_association", "general_association_3"])
def test_general_association_against_mantelhaen(key):
    ref = R[key]
    r, k, s = ref["dim"]
    arr = np.array(ref["table"], float).reshape((s, k, r)).transpose(0, 2, 1)  # R's column-major (r, c, k)
    res = freq.cmh_statistics(arr)
    assert res.general_association.statistic == pytest.approx(ref["statistic"], rel=1e-10)
    assert res.general_association.df == ref["df"]


def test_cmh_2x2xk_correlation_equals_mantelhaen():
    ref = R["cmh_2x2xk"]
    arr = np.array(ref["table"], float).reshape((3, 2, 2)).transpose(0, 2, 1)
    res = freq.cmh_statistics(arr)
    for name in ("correlation", "row_mean_scores", "general_association"):
        assert getattr(res, name).statistic == pytest.approx(ref["statistic"], rel=1e-10)


# -- hand derivations -------------------------------------------------------------------------------------------
A1, N1, A0, N0 = [10, 6, 8], [20, 15, 30], [4, 3, 9], [20, 16, 28]


def test_mh_common_relative_risk_by_hand():
    R_ = sum(a * n0 / (n1 + n0) for a, n1, n0 in zip(A1, N1, N0))
    S_ = sum(c * n1 / (n1 + n0) for c, n1, n0 in zip(A0, N1, N0))
    num = sum((n1 * n0 * (a + c) - a * c * (n1 + n0)) / (n1 + n0) ** 2 for a, n1, c, n0 in zip(A1, N1, A0, N0))
    se = math.sqrt(num / (R_ * S_))
    est = freq.common_relative_risk(A1, N1, A0, N0)
    z = 1.959963984540054
    assert est.value == pytest.approx(R_ / S_, rel=1e-14)
    assert (est.lower, est.upper) == pytest.approx((R_ / S_ * math.exp(-z * se), R_ / S_ * math.exp(z * se)), rel=1e-12)


def test_logit_common_or_by_hand():
    lors, ws = [], []
    for a, n1, c, n0 in zip(A1, N1, A0, N0):
        b, d = n1 - a, n0 - c
        lors.append(math.log(a * d / (b * c)))
        ws.append(1 / (1 / a + 1 / b + 1 / c + 1 / d))
    est = math.exp(sum(w * x for w, x in zip(ws, lors)) / sum(ws))
    assert freq.common_odds_ratio_logit(A1, N1, A0, N0).value == pytest.approx(est, rel=1e-14)


def test_breslow_day_by_hand():
    """A_h solves A (n0 - m1 + A) = psi (n1 - A)(m1 - A) with psi the MH odds ratio; X^2 = sum (a - A)^2 / Var."""
    from scipy import optimize

    psi = sum(a * (n0 - c) / (n1 + n0) for a, n1, c, n0 in zip(A1, N1, A0, N0)) / \
        sum((n1 - a) * c / (n1 + n0) for a, n1, c, n0 in zip(A1, N1, A0, N0))
    x2 = 0.0
    sa = sA = sv = 0.0
    for a, n1, c, n0 in zip(A1, N1, A0, N0):
        m1 = a + c
        lo, hi = max(0, m1 - n0), min(n1, m1)
        A = optimize.brentq(lambda A: A * (n0 - m1 + A) - psi * (n1 - A) * (m1 - A), lo + 1e-12, hi - 1e-12,
                            xtol=1e-14)
        v = 1 / (1 / A + 1 / (n1 - A) + 1 / (m1 - A) + 1 / (n0 - m1 + A))
        x2 += (a - A) ** 2 / v
        sa, sA, sv = sa + a, sA + A, sv + v
    plain = freq.breslow_day(A1, N1, A0, N0, tarone=False)
    tarone = freq.breslow_day(A1, N1, A0, N0)
    assert plain.statistic == pytest.approx(x2, rel=1e-10) and plain.df == 2
    assert tarone.statistic == pytest.approx(x2 - (sa - sA) ** 2 / sv, rel=1e-10)


def test_mantel_haenszel_chisq_by_hand():
    tab = [[10, 5, 3], [4, 8, 9]]
    o = np.array(tab, float)
    n = o.sum()
    rs, cs = np.repeat([1.0, 2.0], o.sum(axis=1).astype(int)), None
    # (n - 1) r^2 with r the correlation of the row index and column index over the n subjects
    rows = np.concatenate([[i + 1] * int(o[i].sum()) for i in range(2)])
    cols = np.concatenate([np.repeat(np.arange(1, 4), o[i].astype(int)) for i in range(2)])
    r = np.corrcoef(rows, cols)[0, 1]
    del rs, cs
    assert freq.chi_square_tests(tab).mantel_haenszel.statistic == pytest.approx((n - 1) * r * r, rel=1e-12)


# -- properties -------------------------------------------------------------------------------------------------
counts = st.integers(min_value=1, max_value=60).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n)))


@settings(max_examples=60, deadline=None)
@given(counts, st.sampled_from([m for m in freq.PROPORTION_METHODS if m != "logit"]))
def test_proportion_interval_contains_estimate_and_widens(xn, method):
    x, n = xn
    e90 = freq.proportion_ci(x, n, method=method, confidence_level=0.90)
    e95 = freq.proportion_ci(x, n, method=method, confidence_level=0.95)
    eps = 1e-9
    assert e95.lower - eps <= e95.value <= e95.upper + eps
    assert e95.lower <= e90.lower + eps and e90.upper <= e95.upper + eps


@settings(max_examples=60, deadline=None)
@given(counts, counts, st.sampled_from([m for m in freq.RISK_DIFFERENCE_METHODS if m != "exact"]))
def test_risk_difference_interval_contains_estimate_and_widens(a, b, method):
    (x1, n1), (x0, n0) = a, b
    if method == "hauck-anderson" and min(n1, n0) < 2:
        return
    e90 = freq.risk_difference_ci(x1, n1, x0, n0, method=method, confidence_level=0.90)
    e95 = freq.risk_difference_ci(x1, n1, x0, n0, method=method, confidence_level=0.95)
    eps = 1e-9
    assert e95.lower - eps <= e95.value <= e95.upper + eps
    assert e95.lower <= e90.lower + eps and e90.upper <= e95.upper + eps


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 30), st.integers(1, 30), st.integers(1, 30), st.integers(1, 30),
       st.sampled_from(freq.ODDS_RATIO_METHODS))
def test_odds_ratio_interval_contains_estimate_and_widens(a, b, c, d, method):
    e90 = freq.odds_ratio_ci(a, a + b, c, c + d, method=method, confidence_level=0.90)
    e95 = freq.odds_ratio_ci(a, a + b, c, c + d, method=method, confidence_level=0.95)
    rel = 1e-7
    assert e95.lower * (1 - rel) <= e95.value <= e95.upper * (1 + rel)
    assert e95.lower <= e90.lower * (1 + rel) and e90.upper <= e95.upper * (1 + rel)


@settings(max_examples=30, deadline=None)
@given(st.integers(1, 30), st.integers(1, 30), st.integers(1, 30), st.integers(1, 30))
def test_one_stratum_cmh_and_common_estimates_equal_unstratified(a, b, c, d):
    one = freq.cmh_statistics([[[a, b], [c, d]]])
    tab = freq.chi_square_tests([[a, b], [c, d]])
    assert one.general_association.statistic == pytest.approx(tab.mantel_haenszel.statistic, rel=1e-9)
    rr = freq.common_relative_risk([a], [a + b], [c], [c + d])
    assert rr.value == pytest.approx(freq.relative_risk(a, a + b, c, c + d).value, rel=1e-12)
    assert rr.lower == pytest.approx(freq.relative_risk(a, a + b, c, c + d).lower, rel=1e-9)
    lo = freq.common_odds_ratio_logit([a], [a + b], [c], [c + d])
    wald = freq.odds_ratio_ci(a, a + b, c, c + d)
    assert (lo.value, lo.lower, lo.upper) == pytest.approx((wald.value, wald.lower, wald.upper), rel=1e-12)


def test_bad_inputs():
    with pytest.raises(ValueError, match="`method`"):
        freq.proportion_ci(3, 10, method="bogus")
    with pytest.raises(ValueError, match="empty row or column"):
        freq.chi_square_tests([[0, 0], [3, 4]])
    with pytest.raises(ValueError, match="one 2 x 2 table"):
        freq.risk_difference_ci([1, 2], [5, 5], [1, 1], [5, 5])
    with pytest.raises(ValueError, match="at least two strata"):
        freq.breslow_day(3, 10, 4, 10)


small = st.integers(min_value=1, max_value=12).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n)))


@settings(max_examples=8, deadline=None)
@given(small, small)
def test_exact_unconditional_contains_estimate_and_covers_score(a, b):
    """The exact interval holds the estimate and widens with the level."""
    (x1, n1), (x0, n0) = a, b
    e90 = freq.risk_difference_ci(x1, n1, x0, n0, method="exact", confidence_level=0.90)
    e95 = freq.risk_difference_ci(x1, n1, x0, n0, method="exact", confidence_level=0.95)
    eps = 1e-6
    assert e95.lower - eps <= e95.value <= e95.upper + eps
    assert e95.lower <= e90.lower + eps and e90.upper <= e95.upper + eps


def test_common_risk_difference_one_stratum():
    """One stratum: the MH estimate is the risk difference, and Sato's variance the unconditional Wald one."""
    est = freq.common_risk_difference([36], [154], [12], [77])
    wald = freq.risk_difference_ci(36, 154, 12, 77)
    assert est.value == pytest.approx(wald.value, rel=1e-14)
    assert est.std_err == pytest.approx(wald.std_err, rel=2e-2)


def test_summary_score_common_risk_difference_by_hand():
    """SAS CL=SCORE summary: inverse-variance weighted centres of the stratum Miettinen–Nurminen intervals."""
    strata = [(12, 30, 6, 28), (20, 41, 13, 40)]
    z = 1.959963984540054
    centres, weights = [], []
    for a, m1, c, m0 in strata:
        mn = freq.risk_difference_ci(a, m1, c, m0, method="miettinen-nurminen")
        centres.append((mn.lower + mn.upper) / 2)
        weights.append(1 / ((mn.upper - mn.lower) / (2 * z)) ** 2)
    w = np.array(weights)
    value = float(np.dot(w, centres) / w.sum())
    se = float(1 / math.sqrt(w.sum()))
    x1, n1, x0, n0 = (list(col) for col in zip(*strata))
    est = freq.common_risk_difference(x1, n1, x0, n0, method="summary-score")
    assert est.value == pytest.approx(value, rel=1e-12)
    assert est.std_err == pytest.approx(se, rel=1e-12)
    assert [est.lower, est.upper] == pytest.approx([value - z * se, value + z * se], rel=1e-12)
    one = freq.common_risk_difference([12], [30], [6], [28], method="summary-score")
    mn = freq.risk_difference_ci(12, 30, 6, 28, method="miettinen-nurminen")
    assert [one.lower, one.upper] == pytest.approx([mn.lower, mn.upper], rel=1e-12)


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 30), st.integers(1, 30), st.integers(1, 30), st.integers(1, 30),
       st.sampled_from([m for m in freq.RELATIVE_RISK_METHODS if m != "exact"]))
def test_relative_risk_interval_contains_estimate_and_widens(a, b, c, d, method):
    e90 = freq.relative_risk(a, a + b, c, c + d, method=method, confidence_level=0.90)
    e95 = freq.relative_risk(a, a + b, c, c + d, method=method, confidence_level=0.95)
    rel = 1e-7
    assert e95.lower * (1 - rel) <= e95.value <= e95.upper * (1 + rel)
    assert e95.lower <= e90.lower * (1 + rel) and e90.upper <= e95.upper * (1 + rel)
