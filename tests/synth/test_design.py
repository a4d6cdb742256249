"""Stratified permuted blocks and staggered accrual."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np

from trialscout.synth.design import DAYS_PER_MONTH, accrual_days, accrual_power, stratified_blocks
from trialscout.synth.summary import load_summary

C4 = Path(__file__).resolve().parents[2] / "examples" / "cartitude4" / "summary.toml"


def test_blocks_balance_within_each_stratum():
    rng = np.random.default_rng(7)
    strata = rng.integers(0, 5, 400)
    arm = stratified_blocks(strata, (1, 1), 4, rng)
    for s in range(5):
        a = arm[strata == s]
        # after every complete block of 4 the stratum is balanced; in between at most 2 apart
        diff = np.cumsum(np.where(a == 1, 1, -1))
        assert np.all(np.abs(diff) <= 2)
        assert np.all(diff[3::4] == 0)


def test_accrual_power_gives_the_published_median_followup():
    d = load_summary(C4).design
    k = accrual_power(d)
    a = (d.accrual_end - d.accrual_start).days / DAYS_PER_MONTH
    f = (d.data_cutoff - d.accrual_start).days / DAYS_PER_MONTH
    # median entry A 0.5^(1/k); median potential follow-up F - A 0.5^(1/k) = 33.6
    assert math.isclose(f - a * 0.5 ** (1 / k), 33.6, rel_tol=1e-12)
    assert k > 1  # accrual ramps up
    days = accrual_days(419, d, np.random.default_rng(1))
    fu = ((d.data_cutoff - d.accrual_start).days - days) / DAYS_PER_MONTH
    assert abs(np.median(fu) - 33.6) < 0.2
    assert np.all(np.diff(days) >= 0) and days.min() >= 0 and days.max() <= (d.accrual_end - d.accrual_start).days
