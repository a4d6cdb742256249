"""Pieces of the calibration that have a closed form."""

from __future__ import annotations

import numpy as np
from scipy import stats

from trialscout.survival._transforms import confidence_limits
from trialscout.synth.calibrate import band_target


def test_band_target_puts_the_loglog_limit_at_half():
    z = float(stats.norm.ppf(0.975))
    for v in (0.001, 0.004, 0.01):
        s_lo = band_target(v, "lower")
        lo, _ = confidence_limits(np.array([s_lo]), np.array([v]), z, "log-log")
        assert abs(lo[0] - 0.5) < 1e-10 and s_lo > 0.5
        s_hi = band_target(v, "upper")
        _, hi = confidence_limits(np.array([s_hi]), np.array([v]), z, "log-log")
        assert abs(hi[0] - 0.5) < 1e-10 and s_hi < 0.5


def test_band_target_without_solution():
    # c e >= log 2: no S > 0.5 has its lower limit at 0.5
    assert np.isnan(band_target(0.5, "lower"))
    assert band_target(0.0, "lower") == 0.5
