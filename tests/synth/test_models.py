"""Survival models and their inverse CDFs (hand-derived values)."""

from __future__ import annotations

import math

import numpy as np

from trialscout.synth.models import MixtureCure, PiecewiseExponential


def test_piecewise_exponential_hand_values():
    # H(10) = log 2, H(20) = log 4: S(10) = 0.5, S(20) = 0.25, hazard after 20 = 0.1
    m = PiecewiseExponential.from_survival([10.0, 20.0], [0.5, 0.25], 0.1)
    assert np.allclose(m.survival([0, 5, 10, 20]), [1.0, 2 ** -0.5, 0.5, 0.25])
    assert np.isclose(m.time(0.5), 10.0) and np.isclose(m.time(0.25), 20.0)
    # beyond the last knot: S(t) = 0.25 exp(-0.1 (t - 20)) -> t = 20 + log(0.25 / u) / 0.1
    assert np.isclose(m.time(0.1), 20 + math.log(2.5) / 0.1)


def test_inverse_is_exact_and_monotone():
    m = PiecewiseExponential.from_survival([1.84, 12.0, 30.0], [0.9, 0.5, 0.3], 0.02)
    u = np.linspace(0.01, 0.999, 200)
    t = m.time(u)
    assert np.all(np.diff(t) <= 0)  # larger u (survival) -> earlier time
    assert np.allclose(m.survival(t), u, atol=1e-9)


def test_plateau_never_fails():
    m = PiecewiseExponential.from_survival([12.0], [0.6], 0.0)
    assert np.isinf(m.time(0.5)) and np.isclose(m.time(0.8), 12 * math.log(0.8) / math.log(0.6))


def test_mixture_cure():
    m = MixtureCure(0.4, 1.5, 10.0)
    assert np.isinf(m.time(0.3))  # u <= cure fraction: cured
    t = m.time(np.array([0.5, 0.7, 0.95]))
    assert np.allclose(m.survival(t), [0.5, 0.7, 0.95])
    # S0(t) = (0.7 - 0.4) / 0.6 = 0.5 -> t = 10 (log 2)^(1/1.5)
    assert np.isclose(t[1], 10 * math.log(2) ** (1 / 1.5))
    pw = m.to_piecewise([0, 5, 10, 20, 40])
    assert np.allclose(pw.survival([5, 10, 20]), m.survival([5, 10, 20]))
