"""Hall–Wellner and equal-precision bands (trialscout.survival.bands).

Checks: the critical-value engine against the Kolmogorov distribution (Hall–Wellner over nearly all of [0, 1] is
sup |B0|, whose law is 1 - 2 sum (-1)^(k-1) exp(-2 k^2 c^2)); against a simulation of Brownian bridges; and the
band's shape (it holds the curve and is wider than the pointwise interval on its range).
"""

from __future__ import annotations

import math

import numpy as np
import pytest

import trialscout.survival as ts
from trialscout.survival.bands import band_coverage, band_critical_value, confidence_band

from ._reference import dataset


def kolmogorov(c: float) -> float:
    return 1 - 2 * sum((-1) ** (k - 1) * math.exp(-2 * k * k * c * c) for k in range(1, 60))


@pytest.mark.parametrize("c", [1.0, 1.2238, 1.3581, 1.6276])
def test_hall_wellner_whole_range_is_kolmogorov(c):
    assert band_coverage(c, 0.001, 0.999, "hw") == pytest.approx(kolmogorov(c), abs=2e-5)


def test_critical_values_against_simulated_bridges():
    rng = np.random.default_rng(7)
    m, steps = 6000, 1000
    x = np.arange(1, steps) / steps
    sel = (x >= 0.1) & (x <= 0.9)
    w = np.cumsum(rng.normal(scale=math.sqrt(1 / steps), size=(m, steps)), axis=1)
    b = w[:, :-1] - x * w[:, -1:]
    hw = np.abs(b[:, sel]).max(axis=1)
    ep = (np.abs(b[:, sel]) / np.sqrt(x[sel] * (1 - x[sel]))).max(axis=1)
    # a path monitored at 1000 points misses part of its supremum: the simulated coverage is a little higher
    for kind, sims, c in (("hw", hw, 1.25), ("ep", ep, 2.9)):
        exact = band_coverage(c, 0.1, 0.9, kind)
        simulated = float((sims <= c).mean())
        assert exact - 0.01 < simulated < exact + 0.03, (kind, exact, simulated)


def test_band_holds_curve_and_is_wider_than_pointwise():
    d = dataset("lung")
    km = ts.kaplan_meier(d["time"], d["event"])
    for kind in ("ep", "hw"):
        band = confidence_band(km, kind=kind)
        assert band.critical_value > 1.96 or kind == "hw"
        ok = np.isfinite(band.lower)
        assert np.all(band.lower[ok] <= band.survival[ok]) and np.all(band.survival[ok] <= band.upper[ok])
        idx = np.searchsorted(km.time, band.time)
        if kind == "ep":  # equal precision: the pointwise interval with a larger multiplier
            assert np.all(band.lower[ok] <= km.lower[idx][ok] + 1e-12)
            assert np.all(km.upper[idx][ok] <= band.upper[ok] + 1e-12)
        assert band.critical_value == pytest.approx(
            band_critical_value(band.a_lower, band.a_upper, kind), rel=1e-9)
