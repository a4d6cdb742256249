"""trialscout.binary.rate against R binom.test / prop.test(correct = FALSE) and hand-derived cases."""

import math

import pytest

from trialscout import NE
from trialscout._validate import InputError
from trialscout.binary import rate

# Limits are on the 0-1 scale; R prints them to 15 significant digits and both sides use the same beta
# quantile / closed form, so 1e-6 (the suite's agreed tolerance) is loose; observed agreement is ~1e-15.
TOL = 1e-6


def test_golden_clopper_pearson_7_of_20():
    # docs/conventions.md golden case: Clopper-Pearson 7/20 is (0.1539, 0.5922).
    r = rate(7, 20)
    assert r.value == 0.35
    assert round(r.lower, 4) == 0.1539
    assert round(r.upper, 4) == 0.5922
    assert r.confidence_level == 0.95
    assert "clopper-pearson" in r.method


def test_against_r(ref):
    assert len(ref["rates"]) >= 10
    for case in ref["rates"]:
        x, n, lv = int(case["x"]), int(case["n"]), case["confidence_level"]
        cp = rate(x, n, confidence_level=lv)
        wi = rate(x, n, confidence_level=lv, method="wilson")
        where = case["call"]
        assert cp.value == pytest.approx(case["estimate"], abs=TOL), where
        assert cp.lower == pytest.approx(case["cp_lower"], abs=TOL), where
        assert cp.upper == pytest.approx(case["cp_upper"], abs=TOL), where
        assert wi.lower == pytest.approx(case["wilson_lower"], abs=TOL), where
        assert wi.upper == pytest.approx(case["wilson_upper"], abs=TOL), where


def test_zero_and_all_are_exact():
    # x = 0: lower exactly 0; upper solves (1 - p)^n = a/2, i.e. 1 - (a/2)^(1/n) (hand derivation).
    r = rate(0, 10)
    assert r.lower == 0.0 and r.lower_status is not NE
    assert r.upper == pytest.approx(1.0 - 0.025 ** (1 / 10), abs=1e-12)
    # x = n: mirror image.
    r = rate(10, 10)
    assert r.upper == 1.0
    assert r.lower == pytest.approx(0.025 ** (1 / 10), abs=1e-12)
    w = rate(0, 10, method="wilson")
    assert w.lower == 0.0
    w = rate(10, 10, method="wilson")
    assert w.upper == 1.0


def test_one_of_one_by_hand():
    # 1/1: Clopper-Pearson lower limit is the a/2 quantile of Beta(1, 1), i.e. 0.025.
    assert rate(1, 1).lower == pytest.approx(0.025, abs=1e-14)


def test_wilson_by_hand():
    # Wilson 7/20 at 95%: centre (0.35 + z^2/40) / (1 + z^2/20), half-width z sqrt(.35*.65/20 + z^2/1600) / (1 + z^2/20)
    z = 1.959963984540054
    centre = (0.35 + z * z / 40) / (1 + z * z / 20)
    half = z * math.sqrt(0.35 * 0.65 / 20 + z * z / 1600) / (1 + z * z / 20)
    r = rate(7, 20, method="wilson")
    assert r.lower == pytest.approx(centre - half, abs=1e-12)
    assert r.upper == pytest.approx(centre + half, abs=1e-12)


def test_std_err():
    assert rate(7, 20).std_err == pytest.approx(math.sqrt(0.35 * 0.65 / 20), abs=1e-15)


def test_whole_floats_are_accepted():
    assert rate(7.0, 20.0).upper == rate(7, 20).upper


@pytest.mark.parametrize(
    "args, kwargs, message",
    [
        ((-1, 10), {}, "`successes` must be non-negative; got -1"),
        ((11, 10), {}, "`successes` (11) cannot exceed `n` (10)"),
        ((0, 0), {}, "`n` must be positive"),
        ((2.5, 10), {}, "`successes` must hold whole numbers (counts); got 2.5"),
        ((3, 10), {"method": "exact"}, "`method` must be one of 'clopper-pearson', 'wilson'; got 'exact'"),
        ((3, 10), {"confidence_level": 95}, "`confidence_level` must be between 0 and 1"),
        (([1, 2], [3, 4]), {}, "`successes` and `n` must be single numbers"),
    ],
)
def test_input_errors(args, kwargs, message):
    with pytest.raises(InputError) as info:
        rate(*args, **kwargs)
    assert message in str(info.value)


def test_type_errors():
    with pytest.raises(TypeError, match="`successes` must hold whole numbers"):
        rate(True, 10)
    with pytest.raises(TypeError, match="not a string"):
        rate("3", 10)
