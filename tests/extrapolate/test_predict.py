"""Predictions and their intervals: closed forms, quadrature, delta method against simulation."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import integrate, stats

from trialscout._results import NR
from trialscout._validate import InputError
from trialscout.extrapolate import difference, fit_distribution, hazard, mean_survival, quantile, rmst, survival

from ._data import gbsg, r_data


@pytest.fixture(scope="module")
def weibull_lung():
    t, e, a, _ = r_data("lung")
    return fit_distribution(t[a == "male"], e[a == "male"], "weibull", label="male")


def test_closed_forms_weibull(weibull_lung):
    f = weibull_lung
    a, b = f.parameters()["shape"].value, f.parameters()["scale"].value
    s = survival(f, [100.0, 500.0])
    np.testing.assert_allclose([x.value for x in s], np.exp(-(np.array([100.0, 500.0]) / b) ** a), rtol=1e-13)
    h = hazard(f, [100.0])[0]
    assert h.value == pytest.approx(a / b * (100.0 / b) ** (a - 1), rel=1e-12)
    q = quantile(f, [0.25, 0.5, 0.9])
    np.testing.assert_allclose([x.value for x in q], b * (-np.log1p(-np.array([0.25, 0.5, 0.9]))) ** (1 / a),
                               rtol=1e-11)
    # RMST: integral of S by adaptive quadrature
    ref, _ = integrate.quad(lambda u: math.exp(-(u / b) ** a), 0, 700.0, epsabs=1e-12, epsrel=1e-12)
    assert rmst(f, 700.0).value == pytest.approx(ref, rel=1e-10)
    # mean to a long horizon tends to the Weibull mean b Gamma(1 + 1/a)
    assert mean_survival(f, 1e5).value == pytest.approx(b * math.gamma(1 + 1 / a), rel=1e-9)


def test_exponential_mean_closed_form():
    t, e, _, _ = r_data("veteran")
    f = fit_distribution(t, e, "exponential")
    lam = f.parameters()["rate"].value
    est = mean_survival(f, 400.0)
    assert est.value == pytest.approx((1 - math.exp(-lam * 400.0)) / lam, rel=1e-12)
    # delta method on the log scale: d/dlog(lam) of the restricted mean, times the SE of log(lam)
    se_log = f.std_err()[0]
    dm = -(1 - math.exp(-lam * 400)) / lam + 400 * math.exp(-lam * 400)  # d mean / d log lam
    se = abs(dm) * se_log
    assert est.std_err == pytest.approx(se, rel=1e-5)
    z = stats.norm.ppf(0.975)
    assert est.lower == pytest.approx(est.value * math.exp(-z * se / est.value), rel=1e-5)


def test_delta_and_simulation_agree(weibull_lung):
    f = weibull_lung
    for fn, arg in ((survival, [300.0]), (quantile, [0.5]), (hazard, [300.0])):
        d = fn(f, arg)[0]
        s = fn(f, arg, method="simulation", n_draws=4000, seed=3)[0]
        assert s.value == pytest.approx(d.value, rel=1e-12)  # the point estimate is g(theta_hat) either way
        width = d.upper - d.lower
        assert abs(s.lower - d.lower) < 0.1 * width and abs(s.upper - d.upper) < 0.1 * width


def test_survival_ci_contains_estimate_and_stays_in_0_1(weibull_lung):
    for e in survival(weibull_lung, [0.0, 10.0, 300.0, 3000.0]):
        assert 0 <= e.lower <= e.value <= e.upper <= 1


def test_median_not_reached_for_a_large_cure_fraction():
    rng = np.random.default_rng(5)
    n = 400
    cured = rng.random(n) < 0.6
    tt = np.where(cured, np.inf, rng.exponential(5.0, n))
    t, e = np.minimum(tt, 30.0), tt <= 30.0
    f = fit_distribution(t, e, "cure:exponential")
    med = quantile(f, 0.5)[0]
    assert med.value_status is NR
    assert quantile(f, 0.2)[0].value > 0


def test_joint_difference_against_separate_pieces():
    t, e, g = gbsg()
    f = fit_distribution(t, e, "weibull", arm=g, reference="grade1")
    d = difference(f, "rmst", [5.0], arm="grade3", reference="grade1")[0]
    assert d.value == pytest.approx(rmst(f, 5.0, arm="grade3").value - rmst(f, 5.0, arm="grade1").value, rel=1e-12)
    assert d.lower < d.value < d.upper < 0
    # separate fits are independent: the variances add
    m1, m2 = g == "grade3", g == "grade1"
    fp = fit_distribution(t[m1], e[m1], "weibull", label="grade3")
    fg = fit_distribution(t[m2], e[m2], "weibull", label="grade1")
    ds = difference(fp, "rmst", [5.0], arm="grade3", other=fg)[0]
    assert ds.std_err == pytest.approx(math.hypot(rmst(fp, 5.0).std_err, rmst(fg, 5.0).std_err), rel=1e-9)


def test_bad_prediction_input(weibull_lung):
    with pytest.raises(InputError, match="probabilities"):
        quantile(weibull_lung, 1.5)
    with pytest.raises(InputError, match="times"):
        survival(weibull_lung, [-1.0])
    with pytest.raises(InputError, match="method"):
        survival(weibull_lung, [1.0], method="bootstrap")
    with pytest.raises(InputError, match="arm"):
        survival(weibull_lung, [1.0], arm="female")


def test_library_input_errors():
    t, e, _, _ = r_data("ovarian")
    from trialscout.extrapolate import extrapolate

    with pytest.raises(InputError, match="distribution 'weibul' is not known"):
        fit_distribution(t, e, "weibul")
    with pytest.raises(InputError, match="30 interior knots need at least 32 distinct event times; the data have 12"):
        fit_distribution(t, e, "spline:k=30")
    with pytest.raises(InputError, match="'k=x' is not k=K"):
        fit_distribution(t, e, "spline:k=x")
    with pytest.raises(InputError, match="`horizon` 100 is before the end of the data"):
        extrapolate(t, e, distributions=["weibull"], horizon=100)
    with pytest.raises(InputError, match="must be positive for the lognormal model"):
        fit_distribution(np.r_[0.0, t], np.r_[True, e], "lognormal")
    assert fit_distribution(np.r_[0.0, t], np.r_[True, e], "gompertz").converged


def test_joint_cure_model_effects():
    rng = np.random.default_rng(9)
    n = 600
    arm = np.where(np.arange(n) < n // 2, "A", "B")
    cured = rng.random(n) < np.where(arm == "A", 0.2, 0.5)
    tt = np.where(cured, np.inf, rng.weibull(1.3, n) * 8)
    c = rng.uniform(30, 60, n)
    t, e = np.minimum(tt, c), tt <= c
    f = fit_distribution(t, e, "cure:weibull", arm=arm)
    assert f.converged
    assert f.names == ("shape", "scale", "cure", "arm[B]", "arm[B]:cure")
    assert abs(f.cure_fraction("A") - 0.2) < 0.07 and abs(f.cure_fraction("B") - 0.5) < 0.07
