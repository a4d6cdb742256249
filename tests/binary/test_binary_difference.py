"""trialscout.binary.rate_difference (Miettinen-Nurminen) against the independent derivation in
tests/reference/binary_reference.R, the CMH identity, and hand-derived cases."""

import math
import warnings

import numpy as np
import pytest
from scipy import optimize

from trialscout._validate import InputError
from trialscout.binary import cmh_test, rate_difference, response_table
from trialscout.binary.difference import _constrained_mle, _score_parts

# The R reference solves the constrained likelihood numerically (uniroot, tol 1e-15) and inverts z(d) with
# uniroot (tol 1e-14); observed agreement is ~1e-14. 1e-6 on the difference scale (the suite's agreed
# tolerance) is far below any printed digit; P-values are compared relatively (some are ~1e-7).
TOL = 1e-6
PREL = 1e-6


def _check(result, case):
    est = result.estimate
    where = {k: case[k] for k in ("x1", "n1", "x0", "n0")}
    assert est.value == pytest.approx(case["estimate"], abs=TOL), where
    assert est.lower == pytest.approx(case["lower"], abs=TOL), where
    assert est.upper == pytest.approx(case["upper"], abs=TOL), where
    if case["statistic"] is None:
        assert math.isnan(result.statistic) and math.isnan(result.pvalue), where
    else:
        assert result.statistic == pytest.approx(case["statistic"], rel=PREL, abs=1e-12), where
        assert result.pvalue == pytest.approx(case["pvalue"], rel=PREL, abs=1e-15), where


def test_unstratified_against_reference(ref):
    cases = ref["mn_unstratified"]
    assert len(cases) == 51
    for case in cases:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # 0/10 vs 0/10: undefined test, checked below
            r = rate_difference(case["x1"], case["n1"], case["x0"], case["n0"],
                                confidence_level=case["confidence_level"])
        _check(r, case)
        assert r.estimate.method == "rate difference; miettinen-nurminen"


def test_stratified_against_reference(ref):
    cases = {c["name"]: c for c in ref["mn_stratified"]}
    assert {"s1", "zero_cells", "one_arm_stratum", "large", "four"} <= set(cases) and len(cases) == 15
    for case in cases.values():
        r = rate_difference(case["x1"], case["n1"], case["x0"], case["n0"])
        _check(r, case)
        assert "mantel-haenszel weights" in r.method


def test_stratified_score_test_is_cmh(ref):
    # With MH weights, z(0)^2 is the CMH statistic without continuity correction (mantelhaen.test).
    for case in ref["cmh"]:
        r = rate_difference(case["x1"], case["n1"], case["x0"], case["n0"])
        assert r.statistic**2 == pytest.approx(case["statistic"], rel=1e-10)
        assert r.pvalue == pytest.approx(case["pvalue"], rel=1e-9)


def test_unstratified_score_test_is_n_minus_1_chisquare():
    # Hand derivation: at d = 0 the constrained rates are the pooled rate p, so
    # z^2 = (p1 - p0)^2 / (p (1 - p) (1/n1 + 1/n0) N / (N - 1)) = Pearson chi-square * (N - 1) / N.
    x1, n1, x0, n0 = 14, 20, 6, 20
    p = (x1 + x0) / (n1 + n0)
    z2 = (x1 / n1 - x0 / n0) ** 2 / (p * (1 - p) * (1 / n1 + 1 / n0) * 40 / 39)
    r = rate_difference(x1, n1, x0, n0)
    assert r.statistic == pytest.approx(math.sqrt(z2), rel=1e-12)
    assert r.statistic**2 == pytest.approx(cmh_test(x1, n1, x0, n0).statistic, rel=1e-12)


def test_limits_solve_the_score_equation():
    # At each limit the MN statistic, computed here from a brute-force constrained MLE, is -+1.959964.
    x1, n1, x0, n0 = 5, 50, 1, 45
    r = rate_difference(x1, n1, x0, n0)

    def z(d):
        def negll(p0):
            p1 = p0 + d
            return -(x1 * np.log(p1) + (n1 - x1) * np.log1p(-p1) + x0 * np.log(p0) + (n0 - x0) * np.log1p(-p0))

        lo, hi = max(0.0, -d), min(1.0, 1.0 - d)
        p0 = optimize.minimize_scalar(negll, bounds=(lo + 1e-12, hi - 1e-12), method="bounded",
                                      options={"xatol": 1e-13}).x
        p1 = p0 + d
        v = (p1 * (1 - p1) / n1 + p0 * (1 - p0) / n0) * (n1 + n0) / (n1 + n0 - 1)
        return (x1 / n1 - x0 / n0 - d) / math.sqrt(v)

    assert z(r.estimate.lower) == pytest.approx(1.959963984540054, abs=1e-6)
    assert z(r.estimate.upper) == pytest.approx(-1.959963984540054, abs=1e-6)


def test_every_small_table_limits_solve_z_equals_critical_value():
    # Exhaustive over all tables with 1..5 subjects per arm: the limits lie around the estimate inside
    # [-1, 1] and, unless at -1 or 1, the MN statistic there equals -+z (bracketing never fails).
    zc = 1.959963984540054
    one = np.array([1.0])
    for n1 in range(1, 6):
        for n0 in range(1, 6):
            for x1 in range(n1 + 1):
                for x0 in range(n0 + 1):
                    with warnings.catch_warnings():
                        warnings.simplefilter("ignore", RuntimeWarning)
                        e = rate_difference(x1, n1, x0, n0).estimate
                    assert -1.0 <= e.lower <= e.value <= e.upper <= 1.0
                    args = tuple(np.array([float(v)]) for v in (x1, n1, x0, n0))
                    for limit, target in ((e.lower, zc), (e.upper, -zc)):
                        if abs(limit) < 1.0:
                            num, var = _score_parts(*args, one, limit)
                            assert num / math.sqrt(var) == pytest.approx(target, abs=1e-7), (x1, n1, x0, n0)


@pytest.mark.parametrize("delta", [-0.9, -0.5, -0.1, 0.0, 0.05, 0.3, 0.7, 0.99])
@pytest.mark.parametrize("counts", [(14, 20, 6, 20), (0, 10, 0, 10), (10, 10, 0, 10), (0, 5, 3, 7), (1, 3, 2, 2)])
def test_constrained_mle_maximises_the_likelihood(counts, delta):
    x1, n1, x0, n0 = counts
    p1, p0 = _constrained_mle(*(np.array([v]) for v in counts), delta)
    assert p1[0] - p0[0] == pytest.approx(delta, abs=1e-12)

    def ll(p0):
        p1 = p0 + delta
        with np.errstate(divide="ignore", invalid="ignore"):
            terms = [x1 * np.log(p1) if x1 else 0.0, (n1 - x1) * np.log1p(-p1) if n1 - x1 else 0.0,
                     x0 * np.log(p0) if x0 else 0.0, (n0 - x0) * np.log1p(-p0) if n0 - x0 else 0.0]
        return sum(terms)

    lo, hi = max(0.0, -delta), min(1.0, 1.0 - delta)
    grid = np.linspace(lo, hi, 20001)
    best = float(np.nanmax(ll(grid)))
    assert ll(p0[0]) >= best - 1e-9


def test_symmetric_table_has_symmetric_constrained_mle():
    # 14/20 vs 6/20 is symmetric under (p1, p0) -> (1 - p0, 1 - p1), so the constrained MLE is
    # p1 = (1 + d) / 2, p0 = (1 - d) / 2 (hand derivation; statsmodels 0.15's score CI gets this wrong).
    for d in (-0.3, 0.2, 0.64):
        p1, p0 = _constrained_mle(np.array([14]), np.array([20]), np.array([6]), np.array([20]), d)
        assert p1[0] == pytest.approx((1 + d) / 2, abs=1e-12)
        assert p0[0] == pytest.approx((1 - d) / 2, abs=1e-12)


def test_extremes_reach_minus_one_and_one():
    r = rate_difference(10, 10, 0, 10)
    assert r.estimate.value == 1.0 and r.estimate.upper == 1.0 and r.estimate.lower < 1.0
    r = rate_difference(0, 10, 10, 10)
    assert r.estimate.value == -1.0 and r.estimate.lower == -1.0 and r.estimate.upper > -1.0


def test_no_responders_anywhere_warns_and_gives_symmetric_interval():
    with pytest.warns(RuntimeWarning, match="score test of no difference is undefined"):
        r = rate_difference(0, 10, 0, 10)
    assert r.estimate.value == 0.0
    assert r.estimate.lower == pytest.approx(-r.estimate.upper, abs=1e-12)
    assert r.estimate.upper > 0.2
    assert math.isnan(r.pvalue)


def test_one_stratum_array_is_the_unstratified_analysis():
    a = rate_difference([14], [20], [6], [20])
    b = rate_difference(14, 20, 6, 20)
    assert a == b


def test_stratum_lacking_an_arm_gets_no_weight():
    with_empty = rate_difference([4, 7, 0], [10, 15, 0], [3, 2, 1], [10, 14, 5])
    without = rate_difference([4, 7], [10, 15], [3, 2], [10, 14])
    assert with_empty.estimate.lower == pytest.approx(without.estimate.lower, abs=1e-14)
    assert with_empty.estimate.upper == pytest.approx(without.estimate.upper, abs=1e-14)
    assert with_empty.pvalue == pytest.approx(without.pvalue, rel=1e-14)


def test_table_forms_agree():
    counts = ([10, 12, 8], [20, 25, 15], [5, 6, 7], [20, 24, 16])
    direct = rate_difference(*counts)
    table = np.array([[[x1, n1 - x1], [x0, n0 - x0]] for x1, n1, x0, n0 in zip(*counts)])
    assert rate_difference(table) == direct
    resp, grp, st = [], [], []
    for k, (x1, n1, x0, n0) in enumerate(zip(*counts)):
        resp += [1] * x1 + [0] * (n1 - x1) + [1] * x0 + [0] * (n0 - x0)
        grp += ["T"] * n1 + ["C"] * n0
        st += [k] * (n1 + n0)
    t = response_table(resp, grp, strata=st, treated="T", control="C")
    assert rate_difference(t) == direct
    assert rate_difference(*t.counts) == direct


def test_confidence_level_widens():
    narrow = rate_difference(14, 20, 6, 20, confidence_level=0.8).estimate
    wide = rate_difference(14, 20, 6, 20, confidence_level=0.99).estimate
    assert wide.lower < narrow.lower < narrow.upper < wide.upper


@pytest.mark.parametrize(
    "args, message",
    [
        ((0, 0, 3, 10), "`n1` must be positive"),
        ((5, 10, 0, 0), "`n0` must be positive"),
        ((11, 10, 3, 10), "`x1` (11) cannot exceed `n1` (10)"),
        ((-1, 10, 3, 10), "`x1` must be non-negative; got -1"),
        ((5, 10, 2.5, 10), "`x0` must hold whole numbers (counts); got 2.5"),
        (([1, 2], [3, 4], [1], [3]), "`x1`, `n1`, `x0`, `n0` must have one entry per stratum each; `x1` has 2"),
        (([1, 5], [3, 4], [1, 0], [3, 2]), "`x1` cannot exceed `n1`; stratum 1 has 5 > 4"),
        (([1, 0], [3, 0], [0, 1], [0, 2]), "no stratum has subjects in both arms"),
        ((np.zeros((2, 3)),), "`table` must have shape (2, 2) or (K, 2, 2)"),
    ],
)
def test_input_errors(args, message):
    with pytest.raises(InputError) as info:
        rate_difference(*args)
    assert message in str(info.value)


def test_missing_counts_is_a_type_error():
    with pytest.raises(TypeError, match="missing x0, n0"):
        rate_difference(5, 10)
    with pytest.raises(InputError, match="`method` must be one of 'miettinen-nurminen'"):
        rate_difference(5, 10, 3, 10, method="wald")
