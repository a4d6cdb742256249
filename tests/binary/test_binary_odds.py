"""odds_ratio, cmh_test and fisher_exact against R mantelhaen.test(correct = FALSE), fisher.test and
hand-derived one-table figures (tests/reference/binary_reference.R)."""

import math

import numpy as np
import pytest
import scipy.stats

from trialscout import NE
from trialscout._validate import InputError
from trialscout.binary import cmh_test, fisher_exact, odds_ratio

# Odds ratios and P-values span orders of magnitude: compared relatively at 1e-6 (observed ~1e-13).
REL = 1e-6


def test_stratified_against_mantelhaen(ref):
    cases = ref["cmh"]
    assert {"s1", "zero_cells", "one_arm_stratum", "large", "four"} <= {c["name"] for c in cases}
    assert len(cases) == 15
    for c in cases:
        counts = (c["x1"], c["n1"], c["x0"], c["n0"])
        o = odds_ratio(*counts)
        t = cmh_test(*counts)
        # mantelhaen.test(correct = FALSE): estimate, conf.int (RBG), statistic, p.value
        assert o.estimate.value == pytest.approx(c["estimate"], rel=REL), c["name"]
        assert o.estimate.lower == pytest.approx(c["lower"], rel=REL), c["name"]
        assert o.estimate.upper == pytest.approx(c["upper"], rel=REL), c["name"]
        assert t.statistic == pytest.approx(c["statistic"], rel=REL), c["name"]
        assert t.df == c["df"] == 1
        assert t.pvalue == pytest.approx(c["pvalue"], rel=REL), c["name"]
        assert o.statistic == t.statistic and o.pvalue == t.pvalue


def test_ninety_percent_interval(ref):
    c = next(c for c in ref["cmh"] if c["name"] == "s1")
    o = odds_ratio(c["x1"], c["n1"], c["x0"], c["n0"], confidence_level=0.90)
    assert o.estimate.lower == pytest.approx(ref["cmh_s1_90"]["lower"], rel=REL)
    assert o.estimate.upper == pytest.approx(ref["cmh_s1_90"]["upper"], rel=REL)


def test_single_table_is_woolf(ref):
    for c in ref["odds_ratio_single"]:
        o = odds_ratio(c["x1"], c["n1"], c["x0"], c["n0"])
        assert o.estimate.value == pytest.approx(c["estimate"], rel=REL)
        assert o.estimate.lower == pytest.approx(c["lower"], rel=REL)
        assert o.estimate.upper == pytest.approx(c["upper"], rel=REL)
        assert o.statistic == pytest.approx(c["statistic"], rel=REL)
        assert o.pvalue == pytest.approx(c["pvalue"], rel=REL)


def test_by_hand_14_of_20_vs_6_of_20():
    # OR = (14 * 14) / (6 * 6); Woolf SE = sqrt(2/14 + 2/6); CMH = (14 - 10)^2 / (20*20*20*20 / (40^2 * 39)).
    o = odds_ratio(14, 20, 6, 20)
    assert o.estimate.value == pytest.approx(196 / 36, rel=1e-14)
    se = math.sqrt(2 / 14 + 2 / 6)
    assert o.estimate.lower == pytest.approx(196 / 36 * math.exp(-1.959963984540054 * se), rel=1e-12)
    assert o.statistic == pytest.approx(16 / (160000 / (1600 * 39)), rel=1e-12)


def test_zero_cells():
    # No control responder in a single table: OR infinite, limits not estimable; the test still works.
    o = odds_ratio(5, 10, 0, 10)
    assert o.estimate.value_status is NE and o.estimate.lower_status is NE and o.estimate.upper_status is NE
    assert o.statistic == pytest.approx(cmh_test(5, 10, 0, 10).statistic)
    o = odds_ratio(0, 10, 5, 10)
    assert o.estimate.value == 0.0 and o.estimate.lower_status is NE
    # A zero cell in one stratum only is fine for the MH estimate (checked against R in "zero_cells").


def test_stratum_with_one_arm_or_one_subject_adds_nothing():
    base = cmh_test([10, 12], [20, 25], [5, 6], [20, 24])
    more = cmh_test([10, 12, 0, 1], [20, 25, 0, 1], [5, 6, 3, 0], [20, 24, 7, 0])
    assert more.statistic == pytest.approx(base.statistic, rel=1e-14)
    assert odds_ratio([10, 12, 0], [20, 25, 0], [5, 6, 3], [20, 24, 7]).estimate.value == pytest.approx(
        odds_ratio([10, 12], [20, 25], [5, 6], [20, 24]).estimate.value, rel=1e-14
    )


def test_degenerate_cmh_warns():
    with pytest.warns(RuntimeWarning, match="CMH test is undefined"):
        t = cmh_test(0, 10, 0, 10)
    assert math.isnan(t.statistic) and math.isnan(t.pvalue)


def test_fisher_against_r(ref):
    assert len(ref["fisher"]) >= 10
    for c in ref["fisher"]:
        f = fisher_exact(c["x1"], c["n1"], c["x0"], c["n0"])
        assert f.pvalue == pytest.approx(c["pvalue"], rel=REL), c
        assert f.statistic == c["x1"]
        # scipy's two-sided P uses the same rule (probabilities <= observed, relative tolerance).
        sp = scipy.stats.fisher_exact([[c["x1"], c["n1"] - c["x1"]], [c["x0"], c["n0"] - c["x0"]]]).pvalue
        assert f.pvalue == pytest.approx(sp, rel=1e-9)


def test_fisher_by_hand():
    # 3/4 vs 1/4: margins 4 responders of 8; P(a) = C(4,a) C(4,4-a) / C(8,4) = 1,16,36,16,1 / 70.
    # Two-sided: tables with P <= 16/70 -> (1 + 16 + 16 + 1) / 70.
    assert fisher_exact(3, 4, 1, 4).pvalue == pytest.approx(34 / 70, rel=1e-14)
    assert fisher_exact(np.array([[3, 1], [1, 3]])).pvalue == pytest.approx(34 / 70, rel=1e-14)
    # 2/2 vs 1/4: P(a) = C(3, a) C(3, 2 - a) / C(6, 2) = 3, 9, 3 / 15; the observed a = 2 ties with a = 0,
    # which only the relative tolerance counts (the two log-densities differ by rounding): P = 6/15.
    assert fisher_exact(2, 2, 1, 4).pvalue == pytest.approx(0.4, rel=1e-12)


def test_table_form():
    table = np.array([[[10, 10], [5, 15]], [[12, 13], [6, 18]]])
    assert cmh_test(table) == cmh_test([10, 12], [20, 25], [5, 6], [20, 24])
    assert odds_ratio(table) == odds_ratio([10, 12], [20, 25], [5, 6], [20, 24])


@pytest.mark.parametrize(
    "func, args, message",
    [
        (fisher_exact, ([1, 2], [3, 4], [1, 1], [3, 3]), "Fisher's exact test takes one 2 x 2 table; got 2 strata"),
        (fisher_exact, (0, 0, 0, 0), "the table is empty"),
        (odds_ratio, ([0, 0], [0, 0], [0, 0], [0, 0]), "every stratum is empty"),
        (odds_ratio, (3, 2, 1, 5), "`x1` (3) cannot exceed `n1` (2)"),
        (cmh_test, ([1, 2], [3, 4], [1, 1], [3, -3]), "`n0` must be non-negative; stratum 1 has -3"),
        (cmh_test, ([1, 2], [3, 4], [1, 1], [3, 3.5]), "`n0` must hold whole numbers (counts); stratum 1 has 3.5"),
        (odds_ratio, (np.ones((2, 2, 3)),), "`table` must have shape (2, 2) or (K, 2, 2)"),
        (odds_ratio, (np.array([[3, -1], [2, 2]]),), "cells (stratum, row, column) (0, 0, 1) = -1"),
        (odds_ratio, (np.array([[3, 1.5], [2, 2]]),), "cells (stratum, row, column) (0, 0, 1) = 1.5"),
    ],
)
def test_input_errors(func, args, message):
    with pytest.raises(InputError) as info:
        func(*args)
    assert message in str(info.value)
