"""The calibrated curves change smoothly: no month carries a cliff that the published figures do not force.

Bound on the largest one-month drop of a synthetic Kaplan–Meier curve (``MAX_MONTHLY_DROP``, 10 points).
CARTITUDE-4's steepest published stretch is the standard-of-care PFS curve before its 11.8-month median
(100% to 50% with a roughly constant hazard: about 5-6 points a month); the cilta-cel PFS curve's early drop
(progression during bridging) is of the same size, and every other curve (OS, PFS2, symptom worsening,
treatment-free survival) falls by 1-3 points a month. With >= 150 patients at risk the binomial noise of a
5-point monthly drop is about sqrt(0.05 * 0.95 / 150) ~ 1.8 points, so the worst of ~40 windows of a curve
that follows the published figures lands near 5 + 2.5 * 1.8 ~ 9.5 points: 10 points. Windows are only
counted while >= 20 patients are still at risk at their end (below that one event alone moves the curve by
2-5 points, which is sampling, not model shape). An earlier calibration that concentrated each median-CI
interval's hazard into the month before the limit gave 14.7 (SOC PFS near 9 months), 20.4 (SOC PFS2) and 13.9
points on the default seed.

Across the ten seeds the demo is checked with, two finer measures (``smooth_metrics``) compare each curve with
what its published figures imply: stretches without events, and one-month drops against the steepest the
published CIs allow.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from trialscout.survival import kaplan_meier
from trialscout.synth import synthesize_trial
from trialscout.synth.summary import load_summary

from .smooth_metrics import curve_checks

C4 = Path(__file__).resolve().parents[2] / "examples" / "cartitude4" / "summary.toml"
SEED = 20240501
MAX_MONTHLY_DROP = 0.10
MIN_AT_RISK = 20


def largest_monthly_drop(time, event, *, step: float = 0.05, min_at_risk: int = MIN_AT_RISK):
    """Largest S(t) - S(t + 1 month) of the KM curve over t on a grid, with >= min_at_risk at risk at t + 1."""
    km = kaplan_meier(time, event)
    grid = np.arange(0.0, float(np.max(time)), step)
    surv = np.array([float(km.survival_at(g).value) for g in grid])
    at_risk = np.array([(time >= g).sum() for g in grid])
    lag = int(round(1.0 / step))
    best, where = 0.0, 0.0
    for i in range(len(grid) - lag):
        if at_risk[i + lag] < min_at_risk:
            break
        drop = surv[i] - surv[i + lag]
        if drop > best:
            best, where = drop, float(grid[i])
    return best, where


@pytest.fixture(scope="module")
def trial():
    return synthesize_trial(load_summary(C4), seed=SEED)


def test_largest_monthly_drop_helper_sees_a_cliff():
    # 100 subjects, 30 events on day 9.5 months, the rest censored at 20: the curve loses 30 points in a month
    time = np.r_[np.full(30, 9.5), np.full(70, 20.0)]
    event = np.r_[np.ones(30, bool), np.zeros(70, bool)]
    drop, where = largest_monthly_drop(time, event)
    assert drop == pytest.approx(0.30) and 8.5 - 1e-9 <= where <= 9.5


def test_no_monthly_cliff_in_any_synthetic_curve(trial):
    ad = trial.adtte.merge(trial.adsl[["USUBJID", "ARM"]], on="USUBJID")
    seen = []
    for (param, arm), d in ad.groupby(["PARAMCD", "ARM"]):
        drop, where = largest_monthly_drop(d["AVAL"].to_numpy(float), (d["CNSR"] == 0).to_numpy())
        seen.append((param, arm))
        assert drop <= MAX_MONTHLY_DROP, f"{param} {arm}: the KM curve falls {100 * drop:.1f} points in the " \
                                         f"month after {where:.1f} months"
    # every endpoint and arm of the summary was looked at (PFS, OS, PFS2, TTSW in both arms; TFS in one)
    assert len(seen) == 9


@pytest.mark.parametrize("seed", [4, 9])
def test_grade_3_4_rate_is_exact_and_no_fatal_event_is_invented(seed):
    # seeds 4 and 9 once gave the standard-of-care arm 90.9% grade 3/4 where the paper has 93%, because invented
    # fatal adverse events took subjects out of the count; no adverse-event death is made up now
    tr = synthesize_trial(load_summary(C4), seed=seed)
    saf = tr.adsl[tr.adsl["SAFFL"] == "Y"]
    max_grade = tr.adae.groupby("USUBJID")["AETOXGR"].max()
    assert not (tr.adae["AETOXGR"] >= 5).any()
    assert not (tr.adsl["DTHCAUS"] == "ADVERSE EVENT").any()
    for arm, rate in tr.summary.safety.grade34.items():
        ids = saf.loc[saf["ARM"] == arm, "USUBJID"]
        n = len(ids)
        n34 = int(max_grade.reindex(ids).fillna(0).isin([3, 4]).sum())
        assert abs(n34 - rate / 100 * n) <= 0.5 + 1e-9, (arm, n34, n, rate)  # within half a subject
    assert not [m for m in tr.messages if m.startswith("safety:")]


# ---- across the ten seeds the demo is checked with --------------------------------------------------------------
#: Largest number of events the published figures imply in a stretch without any event (see smooth_metrics):
#: the calibration with piecewise-constant hazards reached 24.4 (cilta-cel OS, flat from 1.5 to 15 months on the
#: default seed), 24.0, 21.2 and 21.1 on other seeds; the monotone cubic model with balanced draws reaches 12.5
#: at most (cilta-cel symptom worsening on seed 9, where random drop-out thins the events; every other curve
#: and seed stays below 10.4). 14 events: under the published hazard a stretch of 14 expected events without
#: one has probability e^-14 = 8e-7.
FLAT_MAX_EVENTS = 14.0
#: Largest one-month drop over the steepest drop the published CIs allow there plus three binomial SDs: the
#: piecewise-constant calibration reached 1.72 (standard-of-care OS, seed 5) and 1.36-1.45 on five other
#: seeds (the hazard crowded before a median CI limit); the monotone cubic model stays at or below 0.9.
DROP_MAX_RATIO = 1.0
SEEDS = (SEED, *range(1, 10))


@pytest.fixture(scope="module")
def checks():
    summary = load_summary(C4)
    return {seed: curve_checks(synthesize_trial(summary, seed=seed)) for seed in SEEDS}


def test_no_long_flat_stretch_across_seeds(checks):
    bad = [(seed, r["endpoint"], r["arm"], r["flat_events"], r["flat_from"], r["flat_to"])
           for seed, rows in checks.items() for r in rows if r["flat_events"] > FLAT_MAX_EVENTS]
    assert bad == [], "stretches without events where the published figures imply more than " \
                      f"{FLAT_MAX_EVENTS:g}: {bad}"
    # every endpoint and arm was measured on every seed
    assert all(len(rows) == 9 for rows in checks.values())


def test_no_drop_beyond_what_the_published_cis_allow_across_seeds(checks):
    bad = [(seed, r["endpoint"], r["arm"], r["drop"], r["allowed"], r["drop_at"])
           for seed, rows in checks.items() for r in rows if r["drop_ratio"] > DROP_MAX_RATIO]
    assert bad == [], f"one-month drops steeper than the published CIs allow: {bad}"


def test_the_measures_see_a_plateau_and_a_cliff():
    # 200 patients, S(30) published 70%: constant hazard would give ~60 events over 30 months; a sample with all
    # 60 events in month 29 has a 28-month plateau (E ~ 55) and a cliff of 30 points (far above the allowed)
    from trialscout.synth.summary import Figure, Landmark, TteArm

    from .smooth_metrics import Reference, longest_flat_stretch, steepest_drop

    class _Ep:
        arms = {"A": TteArm(None, None, None, (Landmark(30.0, Figure(70.0), Figure(63.0), Figure(76.0)),))}
        hazard_ratio = None

    class _Arm:
        id = "B"

    class _S:
        control = _Arm()

    ref = Reference(_S(), _Ep(), "A", 0.0)
    time = np.r_[np.full(60, 29.0), np.full(140, 40.0)]
    event = np.r_[np.ones(60, bool), np.zeros(140, bool)]
    e, a, b = longest_flat_stretch(time, event, ref)
    assert e > 40 and a == 0.0 and b == 29.0
    ratio, drop, allowed, _ = steepest_drop(time, event, ref)
    assert drop == pytest.approx(0.30) and ratio > 3
