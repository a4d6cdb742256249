"""The joint distribution of group-sequential z statistics by numerical integration.

With information fractions t_1 < ... < t_K and drift delta (the mean of Z_K is delta * sqrt(t_K) = delta at
t_K = 1), the score S_k = Z_k sqrt(t_k) is a Brownian motion with drift: its increments are independent
N(delta (t_k - t_{k-1}), t_k - t_{k-1}). The sub-density of Z_k on the continuation region follows the
recursion of Armitage, McPherson & Rowe (1969), in the form of Jennison & Turnbull (2000, section 19.2):

    f_1(z) = phi(z - delta sqrt(t_1)),
    f_k(z) = int_{C_{k-1}} f_{k-1}(u) sqrt(t_k / dt_k) phi((z sqrt(t_k) - u sqrt(t_{k-1}) - delta dt_k) / sqrt(dt_k)) du,

and the probability of crossing an upper bound b at stage k (having continued before) is
int f_{k-1}(u) (1 - Phi((b sqrt(t_k) - u sqrt(t_{k-1}) - delta dt_k) / sqrt(dt_k))) du.

Instead of the grid of Jennison & Turnbull (Simpson's rule on 6r - 1 points) the integrals use composite
Gauss–Legendre rules on the continuation interval, cut to +-9 standard deviations of Z_k (tail mass below 1e-18),
with panels no wider than a quarter of the standard deviation of the kernel that integrates them. The integrands
are smooth (the truncation is at the ends of the interval), so the rule is accurate to well below 1e-10.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy.special import ndtr

__all__ = ["Stage", "first_tail", "advance"]

_GL_X, _GL_W = np.polynomial.legendre.leggauss(12)
_SPAN = 9.0
_SQRT2PI = math.sqrt(2.0 * math.pi)


@dataclass(frozen=True, slots=True)
class Stage:
    """The sub-density of Z_k on the continuation region: nodes and quadrature weight times density."""

    t: float
    z: np.ndarray
    wf: np.ndarray


def _nodes(lo: float, hi: float, h: float) -> tuple[np.ndarray, np.ndarray]:
    n = max(1, int(math.ceil((hi - lo) / h)))
    edges = np.linspace(lo, hi, n + 1)
    mid = 0.5 * (edges[1:] + edges[:-1])
    half = 0.5 * (edges[1:] - edges[:-1])
    return (mid[:, None] + half[:, None] * _GL_X).ravel(), (half[:, None] * _GL_W).ravel()


def _arg(prev: Stage | None, t_k: float, drift: float, b: float) -> np.ndarray | float:
    if prev is None:
        return b - drift * math.sqrt(t_k)
    dt = t_k - prev.t
    return (b * math.sqrt(t_k) - prev.z * math.sqrt(prev.t) - drift * dt) / math.sqrt(dt)


def first_tail(prev: Stage | None, t_k: float, drift: float, b: float, upper: bool = True) -> float:
    """P(Z_k > b, continued before) if ``upper``, else P(Z_k < b, continued before)."""
    if b == math.inf:
        return 0.0 if upper else _mass(prev)
    if b == -math.inf:
        return _mass(prev) if upper else 0.0
    x = _arg(prev, t_k, drift, b)
    if prev is None:
        return float(ndtr(-x) if upper else ndtr(x))
    return float(prev.wf @ (ndtr(-x) if upper else ndtr(x)))  # type: ignore[operator]


def _mass(prev: Stage | None) -> float:
    return 1.0 if prev is None else float(prev.wf.sum())


def advance(prev: Stage | None, t_k: float, t_next: float | None, drift: float, a: float, b: float,
            center: float | None = None) -> Stage:
    """The sub-density of Z_k on (a, b) given the previous stage (None at stage 1).

    ``drift`` is the mean increment of the score per unit of information over this stage; ``center`` the mean of
    Z_k when the drift changes from stage to stage (default drift * sqrt(t_k)).
    """
    mean = drift * math.sqrt(t_k) if center is None else center
    lo, hi = max(a, mean - _SPAN), min(b, mean + _SPAN)
    sd_next = 1.0 if t_next is None else math.sqrt((t_next - t_k) / t_k)
    sd_here = 1.0 if prev is None else math.sqrt((t_k - prev.t) / t_k)
    h = 0.25 * min(1.0, sd_next, sd_here)
    if not hi > lo:
        return Stage(t_k, np.zeros(1), np.zeros(1))
    z, w = _nodes(lo, hi, h)
    if prev is None:
        f = np.exp(-0.5 * (z - mean) ** 2) / _SQRT2PI
    else:
        dt = t_k - prev.t
        s = math.sqrt(dt)
        x = (z[:, None] * math.sqrt(t_k) - prev.z[None, :] * math.sqrt(prev.t) - drift * dt) / s
        f = (np.exp(-0.5 * x * x) @ prev.wf) * (math.sqrt(t_k) / s / _SQRT2PI)
    return Stage(t_k, z, w * f)
