"""Simultaneous confidence bands for a Kaplan–Meier curve: Hall–Wellner and equal precision (SAS LIFETEST
``CONFBAND=HW`` / ``CONFBAND=EP``).

With V(t) the Greenwood sum and n subjects, both bands cover S on [t_L, t_U] with probability 1 - alpha
asymptotically (Klein & Moeschberger 2003, sec. 4.4; Hall & Wellner 1980; Nair 1984). With a(t) = n V(t) /
(1 + n V(t)) and a_L, a_U its values at t_L and t_U:

- equal precision: half-width e(a_L, a_U) sqrt(V(t)) on the scale of log S, where e is the 1 - alpha quantile of
  sup over [a_L, a_U] of |B0(x)| / sqrt(x (1 - x)), B0 a Brownian bridge;
- Hall–Wellner: half-width h(a_L, a_U) (1 + n V(t)) / sqrt(n), h the 1 - alpha quantile of sup |B0(x)| there.

The transforms (log-log by default, as LIFETEST) are those of the pointwise limits with the half-width in place of
z sqrt(V). The critical values are computed, not tabulated: B0(x) = (1 - x) W(x / (1 - x)) turns each into the
probability that a Brownian motion W stays within +-c (1 + u) (Hall–Wellner) or +-c sqrt(u) (equal precision) for u
in [u_L, u_U], with W(u_L) ~ N(0, u_L); that probability is propagated on a grid of W values from step to step with
the Gaussian transition density, discounting each transition by the probability that the Brownian bridge between
the two grid values crosses either boundary (exp(-2 (b - y0)(b - y1) / du) for a boundary b that is linear over the
step).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy import optimize, stats

from .._results import freeze_arrays
from .._validate import InputError, check_choice, check_confidence_level
from ._transforms import confidence_limits
from .kaplan_meier import KaplanMeier

__all__ = ["ConfidenceBand", "confidence_band", "band_critical_value", "band_coverage"]


def band_coverage(c: float, a_lower: float, a_upper: float, kind: str, *, grid: int = 201, steps: int = 200) -> float:
    """P(sup over [a_lower, a_upper] of |B0(x)| (``"hw"``) or |B0(x)| / sqrt(x (1 - x)) (``"ep"``) <= c)."""
    if not 0 < a_lower < a_upper < 1:
        raise InputError(f"the band needs 0 < a_L < a_U < 1; got a_L = {a_lower!r}, a_U = {a_upper!r}")
    def bound(u):
        return c * (1.0 + u) if kind == "hw" else c * np.sqrt(u)

    u_lo = a_lower / (1.0 - a_lower)
    b0 = float(bound(u_lo))
    y = np.linspace(-b0, b0, grid)
    dy = y[1] - y[0]
    # steps uniform in x = u / (1 + u), where B0 lives; each step long enough (du >= dy^2) for the transition
    # density to be resolved on the grid -- fewer steps on a short range, and on a very short one the probability
    # at its start alone
    while True:
        xs = np.linspace(a_lower, a_upper, steps + 1)
        us = xs / (1.0 - xs)
        if float(np.diff(us).min()) >= dy * dy or steps == 1:
            break
        steps = max(1, steps // 2)
    if float(np.diff(us).min()) < dy * dy:
        return float(2 * stats.norm.cdf(b0 / math.sqrt(u_lo)) - 1)
    # W(u_L) ~ N(0, u_L), restricted to the band
    dens = stats.norm.pdf(y, scale=math.sqrt(us[0]))
    for j in range(steps):
        du = us[j + 1] - us[j]
        b_start, b_end = float(bound(us[j])), float(bound(us[j + 1]))
        y_new = np.linspace(-b_end, b_end, grid)
        dy_new = y_new[1] - y_new[0]
        diff = y_new[None, :] - y[:, None]
        kern = np.exp(-0.5 * diff**2 / du) / math.sqrt(2 * math.pi * du)
        up = np.exp(-2.0 * np.clip(b_start - y, 0, None)[:, None] * np.clip(b_end - y_new, 0, None)[None, :] / du)
        lo = np.exp(-2.0 * np.clip(b_start + y, 0, None)[:, None] * np.clip(b_end + y_new, 0, None)[None, :] / du)
        kern *= np.clip(1.0 - up - lo, 0.0, 1.0)
        # trapezoid weights over the old grid
        w = np.full(grid, dy)
        w[0] = w[-1] = 0.5 * dy
        dens = (dens * w) @ kern
        y, dy = y_new, dy_new
    w = np.full(grid, dy)
    w[0] = w[-1] = 0.5 * dy
    return float(np.clip(dens @ w, 0.0, 1.0))


def band_critical_value(a_lower: float, a_upper: float, kind: str, confidence_level: float = 0.95) -> float:
    """The c with :func:`band_coverage` (c) = ``confidence_level``."""
    level = check_confidence_level(confidence_level)
    kind = check_choice("kind", kind, ("hw", "ep"))
    f = lambda c: band_coverage(c, a_lower, a_upper, kind) - level  # noqa: E731
    lo, hi = 0.5, 2.0
    while f(hi) < 0:
        hi *= 1.5
    while f(lo) > 0:
        lo /= 1.5
    return float(optimize.brentq(f, lo, hi, xtol=1e-6))


@dataclass(frozen=True, slots=True)
class ConfidenceBand:
    """A simultaneous band over the times of a Kaplan–Meier curve within [t_lower, t_upper].

    Attributes
    ----------
    time, survival, lower, upper : ndarray
        The curve's times in the band's range, S there and the band's limits.
    kind : str
        ``"hw"`` (Hall–Wellner) or ``"ep"`` (equal precision).
    critical_value : float
    a_lower, a_upper : float
    conf_type : str
    confidence_level : float
    """

    time: np.ndarray
    survival: np.ndarray
    lower: np.ndarray
    upper: np.ndarray
    kind: str
    critical_value: float
    a_lower: float
    a_upper: float
    conf_type: str
    confidence_level: float

    def __post_init__(self):
        freeze_arrays(self)


def confidence_band(km: KaplanMeier, *, kind: str = "ep", t_lower: float | None = None,
                    t_upper: float | None = None, confidence_level: float | None = None,
                    conf_type: str | None = None) -> ConfidenceBand:
    """Hall–Wellner (``kind="hw"``) or equal-precision (``"ep"``) band for ``km`` between ``t_lower`` and
    ``t_upper`` (default: the first and last event times; SAS ``BANDMIN=``, ``BANDMAX=``)."""
    kind = check_choice("kind", kind, ("hw", "ep"))
    level = km.confidence_level if confidence_level is None else check_confidence_level(confidence_level)
    ctype = km.conventions.conf_type if conf_type is None else conf_type
    ev_t = km.time[km.n_events > 0]
    if len(ev_t) == 0:
        raise InputError("a confidence band needs at least one event")
    tl = float(ev_t[0]) if t_lower is None else float(t_lower)
    tu = float(ev_t[-1]) if t_upper is None else float(t_upper)
    keep = (km.time >= tl) & (km.time <= tu) & np.isfinite(km.greenwood) & (km.survival > 0)
    if not keep.any():
        raise InputError(f"no time of the curve lies in [{tl:g}, {tu:g}] with S > 0")
    t, s, v = km.time[keep], km.survival[keep], km.greenwood[keep]
    n = float(km.n_at_risk[0])
    a = n * v / (1.0 + n * v)
    a_lo, a_hi = float(a[0]), float(a[-1])
    if a_lo <= 0:
        # the band starts before the first event (V = 0): start it at the first event time
        first = np.flatnonzero(a > 0)
        if len(first) == 0:
            raise InputError("the band's range holds no event time")
        t, s, v, a = t[first[0]:], s[first[0]:], v[first[0]:], a[first[0]:]
        a_lo = float(a[0])
    if a_hi <= a_lo:
        raise InputError("the band's range needs two or more event times")
    c = band_critical_value(a_lo, a_hi, kind, level)
    k = np.sqrt(v) if kind == "ep" else (1.0 + n * v) / math.sqrt(n)
    lower, upper = confidence_limits(s, k**2, c, ctype)
    return ConfidenceBand(time=t, survival=s, lower=lower, upper=upper, kind=kind, critical_value=c, a_lower=a_lo,
                          a_upper=a_hi, conf_type=ctype, confidence_level=level)
