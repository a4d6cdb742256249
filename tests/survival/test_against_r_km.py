"""Kaplan–Meier figures against R ``survival`` (tests/reference/survival_km.json).

Mirrors, per (data set, group) and per arm, in survival_reference.R::

    f <- survfit(Surv(time, event) ~ 1, data = arm, conf.type = ct)   # ct in log, log-log, plain, logit, arcsin
    f$time, f$n.risk, f$n.event, f$n.censor, f$surv, f$std.err, f$lower, f$upper
    quantile(f, probs = c(.25, .5, .75), conf.int = TRUE)
    summary(f, times = landmarks, extend = TRUE)
    summary(f, rmean = tau)$table[c("rmean", "se(rmean)")]
    survfit(..., conf.int = 0.90): limits and quantile CIs at the 90% level

Tolerance: 1e-6 relative, 1e-9 absolute (closed forms on the same data; see _reference.RTOL).
R's ``std.err`` is the standard error of the cumulative hazard, sqrt(Greenwood sum); the SE of S is
surv * std.err (and summary()'s std.err is already the SE of S).
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats

import trialscout.survival as ts

from ._reference import ATOL, CONF_TYPES, RTOL, arr, load, subset

KM = load("km")
ARMS = [
    pytest.param(case, arm, id=f"{case['id']}-{arm['group']}") for case in KM["cases"] for arm in case["arms"]
]
PRESETS = ["r", "sas"]


def close(actual, expected, what=""):
    np.testing.assert_allclose(np.asarray(actual, dtype=float), arr(expected), rtol=RTOL, atol=ATOL,
                               equal_nan=True, err_msg=what)


def fit(case, arm, preset="r", **kw):
    d = subset(case["dataset"], case["group"], arm["group"])
    assert len(d) == arm["n"], "the Python filter must select the rows R used"
    return ts.kaplan_meier(d["time"].to_numpy(), d["event"].to_numpy(), preset=preset, **kw)


@pytest.mark.parametrize("preset", PRESETS)
@pytest.mark.parametrize(("case", "arm"), ARMS)
def test_table(case, arm, preset):
    """time, n.risk, n.event, n.censor, surv and std.err of survfit."""
    km = fit(case, arm, preset)
    np.testing.assert_array_equal(km.time, arr(arm["time"]))
    np.testing.assert_array_equal(km.n_at_risk, arr(arm["n_risk"]))
    np.testing.assert_array_equal(km.n_events, arr(arm["n_event"]))
    np.testing.assert_array_equal(km.n_censored, arr(arm["n_censor"]))
    close(km.survival, arm["surv"], "surv")
    se_r = arr(arm["std_err"])
    # R's std.err is Inf/NaN once S reaches 0, where trialscout's Greenwood sum is inf
    finite = np.isfinite(se_r) & (arr(arm["surv"]) > 0)
    close(np.sqrt(km.greenwood)[finite], se_r[finite], "sqrt(greenwood) vs R std.err")
    close(km.std_err[finite], arr(arm["surv"])[finite] * se_r[finite], "SE of S")
    assert km.n == arm["n"]
    assert km.total_events == int(arr(arm["n_event"]).sum())


@pytest.mark.parametrize("preset", PRESETS)
@pytest.mark.parametrize("r_ct", list(CONF_TYPES))
@pytest.mark.parametrize(("case", "arm"), ARMS)
def test_pointwise_limits(case, arm, r_ct, preset):
    """f$lower, f$upper for every conf.type: identical under both presets once the transform is given."""
    ct = CONF_TYPES[r_ct]
    km = fit(case, arm, preset, conf_type=ct)
    close(km.lower, arm["ci"][r_ct]["lower"], f"lower {ct}")
    close(km.upper, arm["ci"][r_ct]["upper"], f"upper {ct}")
    # the same figures through confidence_band() of a fit made with the preset's own transform
    lo, hi = fit(case, arm, preset).confidence_band(conf_type=ct)
    close(lo, arm["ci"][r_ct]["lower"], f"band lower {ct}")
    close(hi, arm["ci"][r_ct]["upper"], f"band upper {ct}")


@pytest.mark.parametrize(("case", "arm"), ARMS)
def test_preset_default_transform(case, arm):
    """preset r defaults to R's conf.type = "log"; preset sas to log-log."""
    close(fit(case, arm, "r").lower, arm["ci"]["log"]["lower"])
    close(fit(case, arm, "r").upper, arm["ci"]["log"]["upper"])
    close(fit(case, arm, "sas").lower, arm["ci"]["log-log"]["lower"])
    close(fit(case, arm, "sas").upper, arm["ci"]["log-log"]["upper"])


@pytest.mark.parametrize("r_ct", list(CONF_TYPES))
@pytest.mark.parametrize(("case", "arm"), ARMS)
def test_quantiles_preset_r(case, arm, r_ct):
    """quantile(f, probs = c(.25, .5, .75), conf.int = TRUE) for each conf.type (preset r rules)."""
    ct = CONF_TYPES[r_ct]
    km = fit(case, arm, "r")
    q = arm["quantile"][r_ct]
    for i, p in enumerate(arr(case["probs"])):
        est = km.quantile(float(p), conf_type=ct)
        what = f"p={p} {ct}"
        close(est.value, arr(q["quantile"])[i], "quantile " + what)
        close(est.lower, arr(q["lower"])[i], "lower " + what)
        close(est.upper, arr(q["upper"])[i], "upper " + what)
        # a quantile R leaves NA is never reached; a missing limit is not estimable
        if math.isnan(arr(q["quantile"])[i]):
            assert est.value_status == "NR", what
        for lim in ("lower", "upper"):
            if math.isnan(arr(q[lim])[i]):
                assert getattr(est, f"{lim}_status") == "NE", what
    if 0.5 in list(arr(case["probs"])):
        m = km.median(conf_type=ct)
        close([m.value, m.lower, m.upper],
              [arr(q[k])[list(arr(case["probs"])).index(0.5)] for k in ("quantile", "lower", "upper")])


@pytest.mark.parametrize("r_ct", list(CONF_TYPES))
@pytest.mark.parametrize(("case", "arm"), ARMS)
def test_landmarks_preset_r(case, arm, r_ct):
    """summary(f, times = landmarks, extend = TRUE): surv, std.err (SE of S), lower, upper, n.risk."""
    ct = CONF_TYPES[r_ct]
    km = fit(case, arm, "r")
    lm = arm["landmark"]
    times = arr(lm["times"])
    for i, t in enumerate(times):
        est = km.survival_at(float(t), conf_type=ct)
        what = f"S({t:g}) {ct}"
        close(est.value, arr(lm["surv"])[i], what)
        close(est.std_err, arr(lm["std_err"])[i], "se " + what)
        if t < km.time[0]:
            continue  # R's special (1, 1) before the first observed time: test_landmark_before_first_time_r
        close(est.lower, arr(lm["ci"][r_ct]["lower"])[i], "lower " + what)
        close(est.upper, arr(lm["ci"][r_ct]["upper"])[i], "upper " + what)
    np.testing.assert_array_equal(km.n_at_risk_at(times), arr(lm["n_risk"]))


@pytest.mark.parametrize("r_ct", list(CONF_TYPES))
@pytest.mark.parametrize(("case", "arm"), ARMS)
def test_landmarks_preset_sas(case, arm, r_ct):
    """Within follow-up the SAS rules give R's landmark figures; beyond the last follow-up time, NE when the last
    observation is censored, and 0 with CI NE when the curve has reached 0 (the last observation an event)."""
    ct = CONF_TYPES[r_ct]
    km = fit(case, arm, "sas")
    lm = arm["landmark"]
    for i, t in enumerate(arr(lm["times"])):
        est = km.survival_at(float(t), conf_type=ct)
        if t > km.last_followup:
            if km.survival[-1] == 0:
                assert est.value == 0.0 and (est.lower_status, est.upper_status) == ("NE", "NE")
                close([est.value], [arr(lm["surv"])[i]], f"S({t:g}) {ct}")
            else:
                assert (est.value_status, est.lower_status, est.upper_status) == ("NE", "NE", "NE")
                assert math.isnan(est.value)
            continue
        close([est.value, est.std_err], [arr(lm[k])[i] for k in ("surv", "std_err")], f"S({t:g}) {ct}")
        if t >= km.time[0]:  # before the first time R's limits are its special (1, 1); not a SAS rule
            close([est.lower, est.upper], [arr(lm["ci"][r_ct][k])[i] for k in ("lower", "upper")],
                  f"limits S({t:g}) {ct}")


@pytest.mark.parametrize("r_ct", list(CONF_TYPES))
def test_landmark_before_first_time_r(r_ct):
    """summary(f, times = 0, extend = TRUE) gives S = 1 with limits (1, 1) for every conf.type.

    (At a censored time with S = 1 *after* the first observed time, R gives NA for log-log, logit and arcsin:
    that case is in test_pointwise_limits.) lung, sex = 1, landmarks 0 and 5 (first time is 11).
    """
    case = next(c for c in KM["cases"] if c["id"] == "lung_sex")
    arm = case["arms"][0]
    km = fit(case, arm, "r")
    lm = arm["landmark"]
    for i, t in enumerate(arr(lm["times"])):
        if t >= km.time[0]:
            continue
        est = km.survival_at(float(t), conf_type=CONF_TYPES[r_ct])
        close([est.value, est.lower, est.upper],
              [arr(lm["surv"])[i]] + [arr(lm["ci"][r_ct][k])[i] for k in ("lower", "upper")], f"S({t:g})")


@pytest.mark.filterwarnings("ignore:`tau`.*beyond the last follow-up")
@pytest.mark.parametrize("preset", PRESETS)
@pytest.mark.parametrize(("case", "arm"), ARMS)
def test_rmst(case, arm, preset):
    """summary(f, rmean = tau)$table: rmean and se(rmean) (Klein & Moeschberger eq. 4.4.4)."""
    km = fit(case, arm, preset)
    for r in arm["rmean"] or []:
        est = km.rmst(r["tau"])
        close(est.value, r["rmean"], f"rmean tau={r['tau']}")
        close(est.std_err, r["se"], f"se(rmean) tau={r['tau']}")
        z = stats.norm.ppf(0.975)
        close([est.lower, est.upper], [r["rmean"] - z * r["se"], r["rmean"] + z * r["se"]], "rmst CI")


TWO_ARM = [pytest.param(c, id=c["id"]) for c in KM["cases"] if len(c["arms"]) == 2 and c["arms"][0]["rmean"]]


@pytest.mark.filterwarnings("ignore:`tau`.*beyond the last follow-up")
@pytest.mark.parametrize("level", [0.95, 0.9])
@pytest.mark.parametrize("case", TWO_ARM)
def test_rmst_difference(case, level):
    """rmst_difference: R's two rmeans and se(rmean)s combined as independent samples.

    difference = rmean_1 - rmean_0, se = sqrt(se_1^2 + se_0^2), z = difference / se, two-sided normal P,
    CI difference -/+ z_{1-alpha/2} se.
    """
    if not hasattr(ts, "rmst_difference"):
        pytest.fail("trialscout.survival.rmst_difference is not implemented yet")
    a0, a1 = case["arms"]
    km0, km1 = fit(case, a0, "r"), fit(case, a1, "r")
    for r0, r1 in zip(a0["rmean"], a1["rmean"]):
        tau = r0["tau"]
        diff = r1["rmean"] - r0["rmean"]
        se = math.hypot(r1["se"], r0["se"])
        z = stats.norm.ppf(0.5 + level / 2)
        cmp = ts.rmst_difference(km1, km0, tau, confidence_level=level)
        close([cmp.estimate.value, cmp.estimate.lower, cmp.estimate.upper],
              [diff, diff - z * se, diff + z * se], f"tau={tau}")
        close(cmp.estimate.std_err, se, "se")
        close(cmp.statistic, diff / se, "z")
        close(cmp.pvalue, 2 * stats.norm.sf(abs(diff / se)), "P")
        # swapping the arms flips the sign and keeps the test
        rev = ts.rmst_difference(km0, km1, tau, confidence_level=level)
        close(rev.estimate.value, -diff)
        close(rev.pvalue, cmp.pvalue)


@pytest.mark.parametrize("preset", PRESETS)
@pytest.mark.parametrize("r_ct", list(CONF_TYPES))
@pytest.mark.parametrize(("case", "arm"), ARMS)
def test_level_90(case, arm, r_ct, preset):
    """survfit(..., conf.int = 0.90): pointwise limits (both presets) and R's quantile CIs (preset r)."""
    ct = CONF_TYPES[r_ct]
    ref = arm["level90"][r_ct]
    km = fit(case, arm, preset, conf_type=ct, confidence_level=0.9)
    close(km.lower, ref["lower"], "lower")
    close(km.upper, ref["upper"], "upper")
    lo, hi = fit(case, arm, preset).confidence_band(conf_type=ct, confidence_level=0.9)
    close(lo, ref["lower"], "band lower")
    close(hi, ref["upper"], "band upper")
    if preset == "r":
        for i, p in enumerate(arr(case["probs"])):
            est = km.quantile(float(p))
            close([est.value, est.lower, est.upper],
                  [arr(ref[k])[i] for k in ("quantile", "q_lower", "q_upper")], f"p={p}")
            est2 = fit(case, arm, "r").quantile(float(p), conf_type=ct, confidence_level=0.9)
            close([est2.value, est2.lower, est2.upper],
                  [arr(ref[k])[i] for k in ("quantile", "q_lower", "q_upper")], f"p={p} (call level)")
