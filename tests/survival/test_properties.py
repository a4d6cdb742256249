"""Invariants of the time-to-event engine, checked on generated data (hypothesis, derandomized).

Data: 2 to 40 subjects, times either integers 0..8 (many ties) or floats, random censoring, two arms (both
present), optionally two strata. Example counts are modest so the file runs in a few seconds.
"""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import trialscout.survival as ts
from trialscout.conventions import CONF_TYPES

SETTINGS = settings(max_examples=40, derandomize=True, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
TOL = 1e-9  # same data, same arithmetic up to summation order


@st.composite
def trials(draw, min_n=2, max_n=40, strata=False):
    n = draw(st.integers(min_n, max_n))
    if draw(st.booleans()):
        time = draw(st.lists(st.integers(0, 8), min_size=n, max_size=n))
    else:
        time = draw(st.lists(st.floats(0.0, 100.0, allow_nan=False, allow_infinity=False), min_size=n,
                             max_size=n))
    event = draw(st.lists(st.booleans(), min_size=n, max_size=n))
    group = draw(st.lists(st.integers(0, 1), min_size=n, max_size=n))
    assume(0 < sum(group) < n)
    s = draw(st.lists(st.integers(0, 1), min_size=n, max_size=n)) if strata else [0] * n
    # every stratum holds both arms (a single-arm stratum is covered against R in
    # test_against_r_logrank.py::test_survdiff[synth_arm2_strat_single])
    for k in set(s):
        assume(len({g for g, sk in zip(group, s) if sk == k}) == 2)
    return (np.asarray(time, dtype=float), np.asarray(event, dtype=bool), np.asarray(group),
            np.asarray(s))


def _le(a, b):
    """a <= b up to rounding, ignoring missing values."""
    a, b = np.broadcast_arrays(np.asarray(a, dtype=float), np.asarray(b, dtype=float))
    ok = np.isfinite(a) & np.isfinite(b)
    return bool(np.all(a[ok] <= b[ok] + 1e-12))


@SETTINGS
@given(trials(min_n=1), st.sampled_from(["sas", "r"]))
def test_km_monotone_and_cis_contain_estimate(data, preset):
    time, event, _, _ = data
    km = ts.kaplan_meier(time, event, preset=preset)
    s = km.survival
    assert np.all((s >= 0) & (s <= 1))
    assert np.all(np.diff(s) <= 1e-15)
    assert np.all(np.diff(km.n_at_risk) < 0)
    for ct in CONF_TYPES:
        lo, hi = km.confidence_band(conf_type=ct)
        assert _le(lo, s) and _le(s, hi) and _le(0, lo) and _le(hi, 1), ct
        for t in np.r_[0.0, km.time, km.time[-1] + 1]:
            est = km.survival_at(float(t), conf_type=ct)
            if est.value_status == "ok":
                assert _le(est.lower, est.value) and _le(est.value, est.upper), (ct, t)
        for p in (0.25, 0.5, 0.75):
            q = km.quantile(p, conf_type=ct)
            if q.value_status == "ok":
                assert _le(q.lower, q.value) and _le(q.value, q.upper), (ct, p, q)
    if km.total_events:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            r = km.rmst(float(km.time[-1]) + 1.0)
        assert r.lower <= r.value <= r.upper
        assert 0 <= r.value <= km.time[-1] + 1.0


def _swap(g):
    return 1 - g


# degenerate fits (monotone likelihood in tiny arms) are skipped below; their warnings are tested in
# test_validation.py::test_cox_monotone_likelihood_warns
DEGENERATE = [pytest.mark.filterwarnings("ignore:invalid value encountered:RuntimeWarning"),
              pytest.mark.filterwarnings("ignore:Cox model did not converge:UserWarning")]


@DEGENERATE[0]
@DEGENERATE[1]
@SETTINGS
@given(trials(strata=True), st.booleans())
def test_swapping_arms(data, stratified):
    time, event, group, strata = data
    kw = {"strata": strata} if stratified else {}
    assume(event.any())
    a = ts.logrank(time, event, group, **kw)
    b = ts.logrank(time, event, _swap(group), **kw)
    assert b.statistic == pytest.approx(a.statistic, rel=TOL, abs=TOL)
    np.testing.assert_allclose(b.observed, a.observed[::-1], rtol=TOL, atol=TOL)
    np.testing.assert_allclose(b.expected, a.expected[::-1], rtol=TOL, atol=TOL)
    # Cox: only where both arms have events and the fit converges to a finite maximum
    assume(event[group == 0].any() and event[group == 1].any())
    for ties in ("breslow", "efron"):
        try:
            ca = ts.cox_ph(time, event, group.astype(float), ties=ties, **kw)
            cb = ts.cox_ph(time, event, _swap(group).astype(float), ties=ties, **kw)
        except ts.NotEstimable:
            continue
        if not (ca.converged and cb.converged) or abs(ca.coef[0]) > 5:
            continue
        assert cb.coef[0] == pytest.approx(-ca.coef[0], rel=1e-6, abs=1e-8)
        assert cb.se[0] == pytest.approx(ca.se[0], rel=1e-6)
        ha, hb = ca.hazard_ratio(0), cb.hazard_ratio(0)
        assert hb.value == pytest.approx(1 / ha.value, rel=1e-6)
        assert hb.lower == pytest.approx(1 / ha.upper, rel=1e-6)
        assert hb.upper == pytest.approx(1 / ha.lower, rel=1e-6)
        assert cb.score_statistic == pytest.approx(ca.score_statistic, rel=1e-8, abs=1e-10)
        assert cb.lr_statistic == pytest.approx(ca.lr_statistic, rel=1e-6, abs=1e-8)
        assert ha.lower <= ha.value <= ha.upper


@DEGENERATE[0]
@DEGENERATE[1]
@SETTINGS
@given(trials(strata=True), st.randoms(use_true_random=False))
def test_row_order_does_not_matter(data, rnd):
    time, event, group, strata = data
    perm = np.arange(len(time))
    rnd.shuffle(perm)
    for preset in ("sas", "r"):
        k1 = ts.kaplan_meier(time, event, preset=preset)
        k2 = ts.kaplan_meier(time[perm], event[perm], preset=preset)
        for f in ("time", "n_at_risk", "n_events", "n_censored", "survival", "lower", "upper"):
            np.testing.assert_allclose(getattr(k2, f), getattr(k1, f), rtol=TOL, atol=1e-15, equal_nan=True)
        m1, m2 = k1.median(), k2.median()
        np.testing.assert_array_equal([m1.value, m1.lower, m1.upper], [m2.value, m2.lower, m2.upper])
    assume(event.any())
    for kw in ({}, {"strata": strata}, {"weights": ts.FlemingHarrington(1, 1)}):
        kw2 = {k: (v[perm] if isinstance(v, np.ndarray) else v) for k, v in kw.items()}
        a = ts.logrank(time, event, group, **kw)
        b = ts.logrank(time[perm], event[perm], group[perm], **kw2)
        assert b.statistic == pytest.approx(a.statistic, rel=TOL, abs=TOL) or (
            math.isnan(a.statistic) and math.isnan(b.statistic))
        np.testing.assert_allclose(b.variance, a.variance, rtol=TOL, atol=TOL)
    assume(event[group == 0].any() and event[group == 1].any())
    # one binary covariate (the collapsed path of cox_ph) and a binary plus a continuous one (per-subject path)
    x = np.column_stack([group, np.round(time * 0.1 + strata, 1) + 0.01 * np.arange(len(time)) % 0.07]).astype(float)
    for cols in (x[:, :1], x):
        for ties in ("breslow", "efron", "exact"):
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    ca = ts.cox_ph(time, event, cols, ties=ties, strata=strata)
                    cb = ts.cox_ph(time[perm], event[perm], cols[perm], ties=ties, strata=strata[perm])
            except ts.NotEstimable:
                continue
            if not ca.converged or np.max(np.abs(ca.coef)) > 5 or not np.isfinite(ca.se).all():
                continue
            np.testing.assert_allclose(cb.coef, ca.coef, rtol=1e-7, atol=1e-9)
            np.testing.assert_allclose(cb.se, ca.se, rtol=1e-7)
            assert cb.loglik == pytest.approx(ca.loglik, rel=1e-10)
