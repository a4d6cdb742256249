"""The exponential, Weibull, lognormal and log-logistic fits against R survival::survreg
(tests/reference/extrapolate_survreg.R): separate per arm and joint with the arm as a factor, on lung, veteran,
ovarian and colon (death), log-likelihood to 1e-6 relative, medians to 1e-6 relative, S(t) to 1e-6."""

from __future__ import annotations

import math

import numpy as np
import pytest

from trialscout.extrapolate import fit_distribution, quantile, survival

from ._data import r_data, survreg_reference

CASES = survreg_reference()["fits"]


def _fit(case):
    t, e, a, _ = r_data(case["data"])
    if case["model"] == "separate":
        m = a == case["arm"]
        return fit_distribution(t[m], e[m], case["dist"], label=case["arm"])
    return fit_distribution(t, e, case["dist"], arm=a)


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c['data']}-{c['dist']}-{c['model']}-{c['arm']}")
def test_matches_survreg(case):
    fit = _fit(case)
    assert fit.converged, fit.message
    assert fit.loglik == pytest.approx(case["loglik"], rel=1e-6)
    _, _, _, times = r_data(case["data"])
    for arm, ref in case["arms"].items():
        med = quantile(fit, 0.5, arm=arm if fit.arm is None else None)[0]
        assert med.value == pytest.approx(ref["median"], rel=1e-6)
        s = survival(fit, times, arm=arm if fit.arm is None else None)
        np.testing.assert_allclose([x.value for x in s], ref["survival"], rtol=0, atol=1e-6)


@pytest.mark.parametrize("case", [c for c in CASES if c["model"] == "joint" and c["dist"] != "exponential"],
                         ids=lambda c: f"{c['data']}-{c['dist']}")
def test_parameters_map_to_survreg(case):
    # survreg: log T = mu + beta' x + scale * W. flexsurv's AFT parameters: Weibull and log-logistic
    # shape = 1/scale, scale = exp(mu); lognormal meanlog = mu, sdlog = scale. Treatment effects are the
    # coefficients of the arm dummies on the same (log-time) scale.
    fit = _fit(case)
    p = fit.parameters()
    coef = np.atleast_1d(case["coef"])
    sigma = math.exp(case["log_scale"])
    if case["dist"] == "lognormal":
        assert p["meanlog"].value == pytest.approx(coef[0], rel=1e-6)
        assert p["sdlog"].value == pytest.approx(sigma, rel=1e-6)
    else:
        assert p["shape"].value == pytest.approx(1 / sigma, rel=1e-6)
        assert p["scale"].value == pytest.approx(math.exp(coef[0]), rel=1e-6)
    effects = [v.value for k, v in p.items() if k.startswith("arm[")]
    np.testing.assert_allclose(effects, coef[1:], rtol=1e-5, atol=1e-7)


def test_exponential_effect_is_on_the_log_rate():
    case = next(c for c in CASES if c["dist"] == "exponential" and c["model"] == "joint" and c["data"] == "lung")
    fit = _fit(case)
    coef = case["coef"]
    # survreg's exponential is log T = mu + beta x + W: rate = exp(-mu - beta x)
    assert fit.parameters()["rate"].value == pytest.approx(math.exp(-coef[0]), rel=1e-6)
    assert fit.parameters()["arm[male]"].value == pytest.approx(-coef[1], rel=1e-6)


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c['data']}-{c['dist']}-{c['model']}-{c['arm']}")
def test_median_standard_error_matches_survreg(case):
    # predict.survreg(type = "quantile", se.fit = TRUE): the delta method on the same covariance; ours comes
    # from a central-difference Hessian (measured: within 1e-6), hence 1e-5 relative
    fit = _fit(case)
    for arm, ref in case["arms"].items():
        med = quantile(fit, 0.5, arm=arm if fit.arm is None else None)[0]
        assert med.std_err == pytest.approx(ref["median_se"], rel=1e-5)
