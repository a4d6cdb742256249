"""LIFETEST's tests of equality over strata and the weighted / delayed-entry Kaplan–Meier estimate.

References: tests/reference/survival_lifetest.R (R survdiff with rho = 0, 0.5, 1; survfit with weights and
Surv(entry, time, event)); for the Gehan, Tarone–Ware and Peto weights, which R's survival package lacks, a direct
loop over the event times written here from Klein & Moeschberger (2003) sec. 7.3; for -2log(LR), Lawless's formula.
"""

from __future__ import annotations

import json
import math

import numpy as np
import pandas as pd
import pytest

from trialscout.survival.lifetest import kaplan_meier_weighted, lifetest_tests, survival_test, wilcoxon_test

from ._reference import DATA, REFERENCE, dataset

REF = json.loads((REFERENCE / "survival_lifetest.json").read_text())
RTOL = 1e-9


def _groups3():
    d = pd.read_csv(DATA / "groups3.csv")  # written by tests/reference/survival_lifetest.R
    return d["time"].to_numpy(float), d["status"].to_numpy(bool), d["group"].to_numpy()


def _slow(t, e, g, weight):
    """Direct k-sample weighted test by a loop over the distinct event times (K&M eq. 7.3.2-7.3.4)."""
    labels = sorted(set(g))
    k = len(labels)
    U = np.zeros(k)
    V = np.zeros((k, k))
    s_tilde = 1.0
    s_km = 1.0
    for tj in sorted(set(t[e])):
        at = t >= tj
        N = at.sum()
        D = ((t == tj) & e).sum()
        n = np.array([(at & (g == h)).sum() for h in labels], float)
        d = np.array([((t == tj) & e & (g == h)).sum() for h in labels], float)
        s_tilde *= 1 - D / (N + 1)
        w = weight(N, s_tilde, s_km)
        s_km *= 1 - D / N
        U += w * (d - D * n / N)
        if N > 1:
            for a in range(k):
                for b in range(k):
                    V[a, b] += w * w * D * (N - D) / (N - 1) * n[a] / N * ((a == b) - n[b] / N)
    sub = slice(0, k - 1)
    return float(U[sub] @ np.linalg.solve(V[sub, sub], U[sub]))


WEIGHTS = {
    "logrank": lambda N, st, sk: 1.0,
    "wilcoxon": lambda N, st, sk: float(N),
    "tarone": lambda N, st, sk: math.sqrt(N),
    "peto": lambda N, st, sk: st,
    "modpeto": lambda N, st, sk: st * N / (N + 1),
    "fleming(1,0)": lambda N, st, sk: sk,
    "fleming(0,1)": lambda N, st, sk: 1 - sk,
}


@pytest.mark.parametrize("name", list(WEIGHTS))
def test_rank_tests_against_direct_loop(name):
    t, e, g = _groups3()
    ours = lifetest_tests(t, e, g, tests=[name])[name.split("(")[0]]
    assert ours.df == 2
    assert ours.statistic == pytest.approx(_slow(t, e, g, WEIGHTS[name]), rel=1e-10)


@pytest.mark.parametrize(("key", "test"), [("logrank", "LOGRANK"), ("fh10", "FLEMING(1)"), ("fh05", "FLEMING(0.5,0)")])
def test_three_groups_against_survdiff(key, test):
    t, e, g = _groups3()
    res = survival_test(t, e, g, test=test)
    assert res.statistic == pytest.approx(REF["groups3"][key]["chisq"], rel=RTOL)
    obs_minus_exp = np.array(REF["groups3"][key]["obs"]) - np.array(REF["groups3"][key]["exp"])
    np.testing.assert_allclose(res.score, obs_minus_exp, rtol=1e-9, atol=1e-9)


@pytest.mark.parametrize(("key", "test"), [("logrank", "logrank"), ("fh10", "fleming(1,0)")])
def test_stratified_against_survdiff(key, test):
    d = dataset("lung_ecog")
    res = survival_test(d["time"], d["event"], d["sex"], test=test, strata=(d["ph.ecog"] >= 1).to_numpy())
    assert res.statistic == pytest.approx(REF["lung_strat"][key]["chisq"], rel=RTOL)


def test_default_tests_are_what_lifetest_prints():
    t, e, g = _groups3()
    res = lifetest_tests(t, e, g)
    assert [x.label for x in res.tests] == ["Log-Rank", "Wilcoxon", "-2Log(LR)"]
    assert res["logrank"].statistic == pytest.approx(REF["groups3"]["logrank"]["chisq"], rel=RTOL)  # survdiff


def test_lr_exponential_by_hand():
    """Lawless: 2 [D log(T/D) - sum_g D_g log(T_g/D_g)], hand-computed on a tiny sample."""
    t = np.array([2.0, 3, 5, 7, 11, 13])
    e = np.array([1, 1, 0, 1, 1, 0], bool)
    g = np.array([0, 0, 0, 1, 1, 1])
    D, T = 4, 41.0
    D0, T0, D1, T1 = 2, 10.0, 2, 31.0
    expected = 2 * (D * math.log(T / D) - D0 * math.log(T0 / D0) - D1 * math.log(T1 / D1))
    res = lifetest_tests(t, e, g, tests="lr")["lr"]
    assert res.statistic == pytest.approx(expected, rel=1e-14) and res.df == 1


def test_all_tests_and_trend():
    t, e, g = _groups3()
    res = lifetest_tests(t, e, g, tests="ALL", trend=True)
    assert [x.label for x in res.tests] == ["Log-Rank", "Wilcoxon", "Tarone", "Peto", "Modified Peto",
                                            "Fleming(1,0)", "-2Log(LR)"]
    assert len(res.trend_tests) == 6
    tr = res.trend("logrank")
    U, V = tr.score, tr.variance
    c = np.array([1.0, 2.0, 3.0])
    assert tr.statistic == pytest.approx((c @ U) ** 2 / (c @ V @ c), rel=1e-12) and tr.df == 1


def test_two_groups_trend_equals_test():
    d = dataset("lung")
    res = lifetest_tests(d["time"], d["event"], d["sex"], tests=["logrank", "wilcoxon"], trend=True)
    for name in ("logrank", "wilcoxon"):
        assert res.trend(name).statistic == pytest.approx(res[name].statistic, rel=1e-12)


def test_wilcoxon_helper_and_one_stratum():
    d = dataset("lung")
    plain = wilcoxon_test(d["time"], d["event"], d["sex"])
    one = wilcoxon_test(d["time"], d["event"], d["sex"], strata=np.zeros(len(d)))
    assert plain.label == "Wilcoxon" and one.statistic == pytest.approx(plain.statistic, rel=1e-12)


def test_bad_options():
    t, e, g = _groups3()
    with pytest.raises(ValueError, match="unknown test"):
        lifetest_tests(t, e, g, tests="BOGUS")
    with pytest.raises(ValueError, match="not defined for a stratified"):
        lifetest_tests(t, e, g, tests="LR", strata=g)
    with pytest.raises(ValueError, match="`scores`"):
        lifetest_tests(t, e, g, trend=True, scores=[1, 2])


# -- weighted / delayed-entry Kaplan-Meier ----------------------------------------------------------------------
def _lw():
    return pd.read_csv(DATA / "lung_weights_entry.csv")


@pytest.mark.parametrize(("key", "kw", "conf"), [
    ("km_weights", {"weights": True}, "log-log"),
    ("km_weights_log", {"weights": True}, "log"),
    ("km_entry", {"entry": True}, "log-log"),
    ("km_entry_weights", {"weights": True, "entry": True}, "log-log"),
])
def test_weighted_entry_km_against_survfit(key, kw, conf):
    d = _lw()
    km = kaplan_meier_weighted(d["time"], d["event"], weights=d["w"] if kw.get("weights") else None,
                               entry=d["entry"] if kw.get("entry") else None, conf_type=conf, preset="r")
    ref = REF[key]
    for i, tt in enumerate(ref["times"]):
        est = km.survival_at(tt)
        assert est.value == pytest.approx(ref["surv"][i], rel=1e-9), (key, tt)
        assert est.std_err == pytest.approx(ref["std_err"][i], rel=1e-8), (key, tt)
        assert est.lower == pytest.approx(ref["lower"][i], rel=1e-8), (key, tt)
        assert est.upper == pytest.approx(ref["upper"][i], rel=1e-8), (key, tt)
        assert km.n_at_risk_at(tt) == pytest.approx(ref["n_risk"][i], rel=1e-12), (key, tt)


def test_weighted_km_median_against_quantile_survfit():
    d = _lw()
    ref = REF["km_weights_log"]
    m = kaplan_meier_weighted(d["time"], d["event"], weights=d["w"], preset="r").median()
    assert (m.value, m.lower, m.upper) == pytest.approx((ref["median"], ref["median_lower"], ref["median_upper"]))


def test_unit_weights_equal_plain_km():
    import trialscout.survival as ts

    d = dataset("lung")
    a = kaplan_meier_weighted(d["time"], d["event"])
    b = ts.kaplan_meier(d["time"], d["event"])
    np.testing.assert_allclose(a.survival, b.survival, rtol=1e-14)
    np.testing.assert_allclose(a.lower, b.lower, rtol=1e-12)
    assert a.median() == b.median()


def test_bad_weights_and_entry():
    with pytest.raises(ValueError, match="`weights`"):
        kaplan_meier_weighted([1, 2, 3], [1, 1, 0], weights=[1, -1, 1])
    with pytest.raises(ValueError, match="`entry`"):
        kaplan_meier_weighted([1, 2, 3], [1, 1, 0], entry=[0, 2, 1])
    with pytest.raises(ValueError, match="all 0"):
        kaplan_meier_weighted([1, 2, 3], [1, 1, 0], weights=[0, 0, 0])


# -- properties ---------------------------------------------------------------------------------------------------
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

samples = st.integers(min_value=6, max_value=40).flatmap(lambda n: st.tuples(
    st.lists(st.integers(1, 15), min_size=n, max_size=n),
    st.lists(st.booleans(), min_size=n, max_size=n),
    st.lists(st.integers(0, 2), min_size=n, max_size=n)))


@settings(max_examples=40, deadline=None)
@given(samples)
def test_one_stratum_equals_unstratified(data):
    t, e, g = (np.asarray(v) for v in data)
    if len(set(g.tolist())) < 2 or not e.any():
        return
    names = ["logrank", "wilcoxon", "tarone", "peto", "modpeto", "fleming(1,0)"]
    plain = lifetest_tests(t, e, g, tests=names)
    one = lifetest_tests(t, e, g, tests=names, strata=np.zeros(len(t)))
    for a, b in zip(plain.tests, one.tests):
        if math.isnan(a.statistic):
            assert math.isnan(b.statistic)
        else:
            assert b.statistic == pytest.approx(a.statistic, rel=1e-10, abs=1e-12) and a.df == b.df


@settings(max_examples=40, deadline=None)
@given(samples, st.lists(st.floats(0.1, 5.0), min_size=40, max_size=40))
def test_weighted_km_interval_contains_estimate_and_widens(data, w):
    t, e, _ = (np.asarray(v) for v in data)
    w = np.asarray(w[: len(t)])
    k95 = kaplan_meier_weighted(t, e, weights=w, conf_type="log")
    k90 = kaplan_meier_weighted(t, e, weights=w, conf_type="log", confidence_level=0.9)
    ok = np.isfinite(k95.lower)
    assert np.all(k95.lower[ok] <= k95.survival[ok] + 1e-12) and np.all(k95.survival[ok] <= k95.upper[ok] + 1e-12)
    assert np.all(k95.lower[ok] <= k90.lower[ok] + 1e-12) and np.all(k90.upper[ok] <= k95.upper[ok] + 1e-12)
