"""Seeded property tests: the exponential recovers its rate; the generalized gamma nests the Weibull and the
lognormal, so its maximized log-likelihood is never below theirs."""

from __future__ import annotations

import math

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from trialscout.extrapolate import fit_distribution


@settings(max_examples=25, deadline=None, derandomize=True)
@given(rate=st.floats(0.01, 5.0), n=st.integers(80, 400), seed=st.integers(0, 2 ** 32 - 1),
       censoring=st.floats(0.0, 0.6))
def test_exponential_recovers_its_rate(rate, n, seed, censoring):
    rng = np.random.default_rng(seed)
    t = rng.exponential(1 / rate, n)
    c = np.where(rng.random(n) < censoring, rng.exponential(1 / rate, n), np.inf)
    time, event = np.minimum(t, c), t <= c
    if event.sum() < 10:
        return
    f = fit_distribution(time, event, "exponential")
    assert f.converged
    est = f.parameters()["rate"]
    # the MLE is events / exposure exactly
    assert math.isclose(est.value, event.sum() / time.sum(), rel_tol=1e-8)  # numerical-derivative optimizer
    # within sampling error: |log rate_hat - log rate| < 4.5 SE (SE of the log rate = 1/sqrt(events))
    assert abs(math.log(est.value) - math.log(rate)) < 4.5 / math.sqrt(event.sum())
    assert math.isclose(f.std_err()[0], 1 / math.sqrt(event.sum()), rel_tol=1e-5)


@settings(max_examples=15, deadline=None, derandomize=True)
@given(family=st.sampled_from(["weibull", "lognormal", "gamma", "loglogistic"]), shape=st.floats(0.5, 3.0),
       n=st.integers(60, 300), seed=st.integers(0, 2 ** 32 - 1))
def test_gengamma_nests_weibull_and_lognormal(family, shape, n, seed):
    rng = np.random.default_rng(seed)
    if family == "weibull":
        t = rng.weibull(shape, n) * 10
    elif family == "lognormal":
        t = rng.lognormal(2.0, 1 / shape, n)
    elif family == "gamma":
        t = rng.gamma(shape, 4.0, n)
    else:
        u = rng.random(n)
        t = 10 * (u / (1 - u)) ** (1 / shape)
    c = rng.uniform(0.5, 3.0, n) * np.median(t)
    time, event = np.minimum(t, c), t <= c
    gg = fit_distribution(time, event, "gengamma")
    for other in ("weibull", "lognormal"):
        f = fit_distribution(time, event, other)
        assert gg.loglik >= f.loglik - 1e-7, (other, gg.loglik, f.loglik, gg.message)
