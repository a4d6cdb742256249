"""PROC FREQ's intervals and tests (trialscout.binary.freq).

Checked against
* SAS 9.4 listings published by the CAMIS project (tests/reference/sas/camis_freq.json, with the data), at the
  4 decimals SAS prints;
* R (tests/reference/binary_freq.R -> binary_freq.json): binom.test, prop.test, chisq.test, mantelhaen.test,
  fisher.test, glm profile likelihood, and uniroot on the defining equations of mid-p, likelihood-ratio and Blaker;
* hand derivations for the Mantel–Haenszel and logit common relative risk / odds ratio and Breslow–Day.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from trialscout.binary import freq

REF_DIR = Path(__file__).resolve().parents[1] / "reference"
SAS = json.loads((REF_DIR / "sas" / "camis_freq.json").read_text())
R = json.loads((REF_DIR / "binary_freq.json").read_text())


def printed(x: float, value: float, decimals: int = 4) -> bool:
    return abs(x - value) <= 0.5 * 10.0 ** (-decimals) + 1e-12


# -- SAS listings -----------------------------------------------------------------------------------------------
@pytest.mark.parametrize("method", list(SAS["binomial"]["limits"]))
def test_binomial_limits_sas(method):
    b = SAS["binomial"]
    est = freq.proportion_ci(b["x"], b["n"], method=method)
    lo, hi = b["limits"][method]
    assert printed(est.lower, lo) and printed(est.upper, hi), (method, est.lower, est.upper)
    assert printed(est.value, b["proportion"]) and printed(est.std_err, b["ase"])


@pytest.mark.parametrize("method", list(SAS["two_by_two"]["risk_difference_limits"]))
def test_risk_difference_limits_sas(method):
    t = SAS["two_by_two"]
    est = freq.risk_difference_ci(t["x1"], t["n1"], t["x0"], t["n0"], method=method)
    lo, hi = t["risk_difference_limits"][method]
    assert printed(est.lower, lo) and printed(est.upper, hi), (method, est.lower, est.upper)
    assert printed(est.value, t["risk_difference"])


@pytest.mark.parametrize("method", list(SAS["two_by_two"]["relative_risk_limits"]))
def test_relative_risk_limits_sas(method):
    t = SAS["two_by_two"]
    est = freq.relative_risk(t["x1"], t["n1"], t["x0"], t["n0"], method=method)
    lo, hi = t["relative_risk_limits"][method]
    assert printed(est.lower, lo) and printed(est.upper, hi), (method, est.lower, est.upper)
    assert printed(est.value, t["relative_risk"])


@pytest.mark.parametrize("method", list(SAS["two_by_two"]["odds_ratio_limits"]))
def test_odds_ratio_limits_sas(method):
    t = SAS["two_by_two"]
    est = freq.odds_ratio_ci(t["x1"], t["n1"], t["x0"], t["n0"], method=method)
    lo, hi = t["odds_ratio_limits"][method]
    assert printed(est.lower, lo) and printed(est.upper, hi), (method, est.lower, est.upper)
    assert printed(est.value, t["odds_ratio"])


def _cmh_tables(d, x, y, k):
    xs, ys, ks = sorted(d[x].unique()), sorted(d[y].unique()), sorted(d[k].unique())
    arr = np.array([[[((d[k] == kk) & (d[x] == xx) & (d[y] == yy)).sum() for yy in ys] for xx in xs] for kk in ks])
    return arr, xs, ys


@pytest.mark.parametrize("sc", SAS["cmh"]["scenarios"], ids=lambda s: f"scenario{s['id']}")
def test_cmh_statistics_sas(sc):
    d = pd.read_csv(REF_DIR / "data" / "adcibc.csv")
    if sc["filter"]:
        d = d[(d["TRTPN"] != 54) & (d["AGEGR1"] != ">80")]
    arr, xs, ys = _cmh_tables(d, sc["x"], sc["y"], sc["k"])
    # SAS table scores: numeric values for a numeric variable, 1, 2, ... in sorted order for a character one
    rs = [float(v) for v in xs] if sc["x"] == "AVAL" else None
    cs = [float(v) for v in ys] if sc["y"] == "AVAL" else None
    res = freq.cmh_statistics(arr, row_scores=rs, col_scores=cs)
    for name in ("correlation", "row_mean_scores", "general_association"):
        value, df = sc[name]
        decimals = len(str(value).split(".")[1])
        got = getattr(res, name)
        assert printed(got.statistic, value, decimals), (name, got.statistic, value)
        assert got.df == df


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


def test_rate_and_difference_interval_take_sas_names():
    b = SAS["binomial"]
    for sas_name, ours in (("WILSON", "wilson"), ("WILSON(CORRECT)", "wilson-cc"), ("AC", "agresti-coull"),
                           ("EXACT", "clopper-pearson")):
        a = freq.rate_interval(b["x"], b["n"], ci=sas_name)
        assert [round(a.lower, 4), round(a.upper, 4)] == b["limits"][ours]
        assert a == freq.rate_interval(b["x"], b["n"], ci=ours)
    t = SAS["two_by_two"]
    nc = freq.difference_interval(t["x1"], t["n1"], t["x0"], t["n0"], ci="NEWCOMBE")
    assert [round(nc.lower, 4), round(nc.upper, 4)] == t["risk_difference_limits"]["newcombe"]
    from trialscout.binary import rate_difference

    mn = freq.difference_interval(t["x1"], t["n1"], t["x0"], t["n0"], ci="MN")
    assert mn == rate_difference(t["x1"], t["n1"], t["x0"], t["n0"]).estimate


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


COMMON = json.loads((REF_DIR / "sas" / "camis_common_rd.json").read_text())


@pytest.mark.parametrize("method", ["mantel-haenszel", "summary-score"])
def test_common_risk_difference_sas(method):
    st_ = COMMON["strata"]
    x1 = np.repeat(st_["x1"], st_["count"])
    x0 = np.repeat(st_["x0"], st_["count"])
    ones = np.ones(len(x1), dtype=int)
    est = freq.common_risk_difference(x1, ones, x0, ones, method=method)
    ref = COMMON[method]
    assert printed(est.value, ref["value"]) and printed(est.std_err, ref["std_err"])
    assert printed(est.lower, ref["limits"][0]) and printed(est.upper, ref["limits"][1])


def test_common_risk_difference_one_stratum():
    """One stratum: the MH estimate is the risk difference, and Sato's variance the unconditional Wald one."""
    est = freq.common_risk_difference([36], [154], [12], [77])
    wald = freq.risk_difference_ci(36, 154, 12, 77)
    assert est.value == pytest.approx(wald.value, rel=1e-14)
    assert est.std_err == pytest.approx(wald.std_err, rel=2e-2)
