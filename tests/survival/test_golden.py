"""The golden cases of docs/conventions.md, under both presets.

Published figures are checked to the digits they are published with (tolerance half a unit in the last
digit); hand-derived ones exactly (or to 1e-12 where a product of fractions is involved).
"""

from __future__ import annotations

import math

import numpy as np
import pytest

import trialscout.survival as ts

from ._reference import dataset

FLAT_T = [54, 75, 77, 84, 87, 92, 103, 105, 112, 118]
FLAT_E = [1, 1, 1, 1, 1, 0, 0, 0, 0, 0]


def near(x, published: float, decimals: int) -> bool:
    return abs(x - published) <= 0.5 * 10.0 ** (-decimals) + 1e-12


# -- flat at exactly 0.5 ------------------------------------------------------------------------------------
def test_flat_median_preset_r():
    """R quantile(): midpoint of the flat stretch 87..118 (last follow-up) = 102.5."""
    km = ts.kaplan_meier(FLAT_T, FLAT_E, preset="r")
    m = km.median()
    assert m.value == 102.5 and m.value_status == "ok"
    assert km.survival[4] == pytest.approx(0.5, abs=1e-15)


def test_flat_median_preset_sas():
    """SAS: S = 0.5 exactly on a flat stretch with no later event time -> NE."""
    m = ts.kaplan_meier(FLAT_T, FLAT_E, preset="sas").median()
    assert m.value_status == "NE" and math.isnan(m.value)


def test_flat_landmark_120():
    """S(120) beyond the last follow-up (118): SAS NE, R 0.5 carried forward."""
    sas = ts.kaplan_meier(FLAT_T, FLAT_E, preset="sas").survival_at(120)
    assert (sas.value_status, sas.lower_status, sas.upper_status) == ("NE", "NE", "NE")
    r = ts.kaplan_meier(FLAT_T, FLAT_E, preset="r").survival_at(120)
    assert r.value == pytest.approx(0.5, abs=1e-15)


@pytest.mark.parametrize("how", ["conf_type at fit", "conf_type at call"])
def test_flat_landmark_120_loglog_preset_r(how):
    """Preset r with the log-log transform: S(120) = 0.5, CI (0.184, 0.753)."""
    if how == "conf_type at fit":
        est = ts.kaplan_meier(FLAT_T, FLAT_E, preset="r", conf_type="log-log").survival_at(120)
    else:
        est = ts.kaplan_meier(FLAT_T, FLAT_E, preset="r").survival_at(120, conf_type="log-log")
    assert est.value == pytest.approx(0.5, abs=1e-15)
    assert near(est.lower, 0.184, 3) and near(est.upper, 0.753, 3)


@pytest.mark.parametrize("m", range(1, 31))
def test_flat_half_product_not_exp_sum_log(m):
    """m events then m censorings: S = 0.5 after the m-th event (hand derivation: prod (n-1)/n = m/2m).

    For several m, exp(sum(log(1 - d/n))) and even a plain cumulative product land one ulp off 0.5; the median
    rules must still see 0.5: R gives the midpoint of t_m and the last time, SAS NE (no later event).
    """
    t = np.arange(1, 2 * m + 1, dtype=float)
    e = np.r_[np.ones(m), np.zeros(m)]
    r = ts.kaplan_meier(t, e, preset="r").median()
    assert r.value == pytest.approx(0.5 * (m + 2 * m), abs=1e-12)
    sas = ts.kaplan_meier(t, e, preset="sas").median()
    assert sas.value_status == "NE"
    # the last subject dies at 2m + 5 instead: S is still 0.5 from t_m = m on, then 0. SAS takes the midpoint of
    # t_m and that next event time, R the midpoint of the flat stretch -- the same (3m + 5) / 2
    t2 = np.r_[t[:-1], 2 * m + 5]
    e2 = np.r_[e[:-1], 1]
    assert ts.kaplan_meier(t2, e2, preset="sas").median().value == pytest.approx(0.5 * (m + 2 * m + 5))
    assert ts.kaplan_meier(t2, e2, preset="r").median().value == pytest.approx(0.5 * (m + 2 * m + 5))


# -- lung ---------------------------------------------------------------------------------------------------
def _lung_arm(sex, **kw):
    d = dataset("lung")
    d = d[d["sex"] == sex]
    return ts.kaplan_meier(d["time"].to_numpy(), d["event"].to_numpy(), **kw)


@pytest.mark.parametrize("preset", ["sas", "r"])
@pytest.mark.parametrize(("sex", "median", "loglog", "log"),
                         [(1, 270, (210, 306), (212, 310)), (2, 426, (345, 524), (348, 550))])
def test_lung_medians(preset, sex, median, loglog, log):
    """survival::lung, arm = sex: medians 270 / 426; log-log CIs (210, 306) / (345, 524); log (212, 310) /
    (348, 550). Brookmeyer–Crowley (sas) and R's band crossing agree on these data."""
    km = _lung_arm(sex, preset=preset)
    for ct, ci in (("log-log", loglog), ("log", log)):
        m = km.median(conf_type=ct)
        assert (m.value, m.lower, m.upper) == (median, *ci), (preset, ct)


def test_lung_km_preset_defaults():
    """Without conf_type the preset chooses: sas -> log-log CI, r -> log CI."""
    assert (_lung_arm(1, preset="sas").median().lower, _lung_arm(1, preset="sas").median().upper) == (210, 306)
    assert (_lung_arm(1, preset="r").median().lower, _lung_arm(1, preset="r").median().upper) == (212, 310)


def test_lung_logrank_228():
    d = dataset("lung")
    res = ts.logrank(d["time"].to_numpy(), d["event"].to_numpy(), d["sex"].to_numpy())
    assert near(res.statistic, 10.3267, 4)


def test_lung_logrank_227_unstratified_and_stratified():
    d = dataset("lung_ecog")
    args = (d["time"].to_numpy(), d["event"].to_numpy(), d["sex"].to_numpy())
    assert near(ts.logrank(*args).statistic, 10.0082, 4)
    strat = ts.logrank(*args, strata=(d["ph.ecog"] >= 1).to_numpy())
    assert near(strat.statistic, 10.60408, 5)
    assert strat.n_strata == 2


@pytest.mark.parametrize(("preset", "ties"), [("sas", None), ("sas", "breslow"), ("r", "breslow")])
def test_lung_stratified_breslow_cox_score(preset, ties):
    """The stratified Breslow Cox score test gives 10.5718, not the log-rank 10.60408 (tied times)."""
    d = dataset("lung_ecog")
    kw = {} if ties is None else {"ties": ties}
    res = ts.cox_ph(d["time"].to_numpy(), d["event"].to_numpy(), d["sex"].to_numpy(dtype=float),
                    strata=(d["ph.ecog"] >= 1).to_numpy(), preset=preset, **kw)
    assert res.ties == "breslow"
    assert near(res.score_statistic, 10.5718, 4)
    # the log-rank P is never taken from this score test
    lr = ts.logrank(d["time"].to_numpy(), d["event"].to_numpy(), d["sex"].to_numpy(),
                    strata=(d["ph.ecog"] >= 1).to_numpy())
    assert abs(lr.statistic - res.score_statistic) > 0.02


# -- S reaches 0 at the last observation ------------------------------------------------------------------
ZERO_T = [54, 75, 77, 84, 87, 92, 103, 105, 112, 118]
ZERO_E = [1, 1, 1, 1, 1, 0, 0, 0, 0, 1]


def test_zero_median_bc_upper_ne_preset_sas():
    """SAS LIFETEST: median 102.5 with CI (54, NE): the event time after the CI set is 118, where S = 0."""
    m = ts.kaplan_meier(ZERO_T, ZERO_E, preset="sas").median()
    assert m.value == 102.5 and m.lower == 54.0
    assert m.upper_status == "NE" and math.isnan(m.upper)


def test_zero_landmark_beyond_followup_preset_sas():
    """SAS: S(120) = 0 with CI NE, as the last observation (118) is an event."""
    est = ts.kaplan_meier(ZERO_T, ZERO_E, preset="sas").survival_at(120)
    assert est.value == 0.0 and est.value_status == "ok"
    assert (est.lower_status, est.upper_status) == ("NE", "NE")


def test_zero_landmark_preset_r_unchanged():
    """R carries S = 0 forward from 118 (the CI is NA at S = 0)."""
    est = ts.kaplan_meier(ZERO_T, ZERO_E, preset="r").survival_at(120)
    assert est.value == 0.0
