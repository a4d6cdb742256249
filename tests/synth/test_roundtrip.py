"""Round trip on real data: summarize R's survival::lung and survival::colon like a paper, synthesize from the
summary, re-analyse.

The figures of the synthetic trial must match the real data's within the comparison's tolerances: rates +/-2 points,
HR +/-0.03 and its CI limits +/-0.05, medians and their CI limits +/-1 month.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from trialscout.survival import cox_ph, kaplan_meier
from trialscout.synth import synthesize_trial
from trialscout.synth.roundtrip import summarize_survival_data

DATA = Path(__file__).resolve().parents[1] / "reference" / "data"


@pytest.fixture(scope="module")
def lung_summary():
    d = pd.read_csv(DATA / "lung.csv")
    return summarize_survival_data(d["time"] / 30.4375, d["status"] == 2, np.where(d["sex"] == 2, "F", "M"),
                                   treated="F", control="M", landmarks=(6, 12), kind="os")


def test_lung_summary_is_what_the_data_say(lung_summary):
    # survival::lung by sex: medians 270 and 426 days (a golden case of docs/conventions.md), in months
    ep = lung_summary.endpoints[0]
    assert ep.arms["M"].median.value == round(270 / 30.4375, 1)
    assert ep.arms["F"].median.value == round(426 / 30.4375, 1)
    # log-log CIs (210, 306) and (345, 524) days
    assert ep.arms["M"].median_lower.value == round(210 / 30.4375, 1)
    assert ep.arms["F"].median_upper.value == round(524 / 30.4375, 1)
    assert [a.n_itt for a in lung_summary.arms] == [90, 138]


def _check(summary, seed, treated):
    tr = synthesize_trial(summary, seed=seed)
    arm = tr.adsl.set_index("USUBJID").loc[tr.adtte["USUBJID"], "ARM"].to_numpy()
    t, e = tr.adtte["AVAL"].to_numpy(), tr.adtte["CNSR"].to_numpy() == 0
    ep = summary.endpoints[0]
    for a, pub in ep.arms.items():
        km = kaplan_meier(t[arm == a], e[arm == a])
        med = km.median()
        for part, want in (("value", pub.median), ("lower", pub.median_lower), ("upper", pub.median_upper)):
            got, st = getattr(med, part), getattr(med, f"{part}_status").value
            if want.ok:
                assert st == "ok" and abs(got - want.value) <= 1.0, (a, part, got, want)
            else:
                assert st == want.status, (a, part, got, want)  # NR stays NR, NE stays NE
        for lm in pub.landmarks:
            s = km.survival_at(lm.time)
            for got, want in ((s.value, lm.rate), (s.lower, lm.lower), (s.upper, lm.upper)):
                assert abs(100 * got - want.value) <= 2.0, (a, lm.time, got, want)
    hr = cox_ph(t, e, (arm == treated).astype(float)).hazard_ratio()
    h = ep.hazard_ratio
    assert abs(hr.value - h.value) <= 0.03 and abs(hr.lower - h.lower) <= 0.05 and abs(hr.upper - h.upper) <= 0.05
    assert tr.messages == ()


@pytest.mark.parametrize("seed", [20240501, 1, 2])
def test_lung_round_trip(lung_summary, seed):
    _check(lung_summary, seed, "F")


@pytest.fixture(scope="module")
def colon_summary():
    d = pd.read_csv(DATA / "colon.csv")
    d = d[(d["etype"] == 2) & d["rx"].isin(["Obs", "Lev+5FU"])]
    return summarize_survival_data(d["time"] / 30.4375, d["status"] == 1,
                                   np.where(d["rx"] == "Obs", "Obs", "Lev5FU"), treated="Lev5FU", control="Obs",
                                   landmarks=(12, 36, 60), kind="os")


def test_colon_summary_has_a_plateau(colon_summary):
    # survival::colon deaths, Lev+5FU vs Obs: the treated median is not reached (NR, 95% CI lower limit finite)
    arm = colon_summary.endpoints[0].arms["Lev5FU"]
    assert arm.median.status == "NR" and arm.median_lower.ok and arm.median_upper.status == "NE"
    assert colon_summary.endpoints[0].hazard_ratio.value < 1


@pytest.mark.parametrize("seed", [20240501, 1])
def test_colon_round_trip(colon_summary, seed):
    _check(colon_summary, seed, "Lev5FU")
