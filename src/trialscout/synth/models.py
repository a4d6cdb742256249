"""Parametric survival models flexible enough for CAR-T curves, mapped through their inverse CDF.

Both models give ``time(u)``: the event time of a subject whose uniform draw is ``u`` (S(time) = u), so that a
fixed vector of uniforms (common random numbers) turns into a sample for any parameter value.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["PiecewiseExponential", "MixtureCure"]


@dataclass(frozen=True, slots=True)
class PiecewiseExponential:
    """Piecewise-constant hazard: cumulative hazard linear between knots, constant hazard after the last.

    Attributes
    ----------
    knots : ndarray
        Increasing times, ``knots[0] == 0``.
    cumhaz : ndarray
        H(knots), non-decreasing, ``cumhaz[0] == 0``.
    tail_hazard : float
        Hazard after the last knot (0 gives a plateau: a cured fraction exp(-H(last knot))).

    Notes
    -----
    S(t) = exp(-H(t)); on [k_j, k_{j+1}) the hazard is (H_{j+1} - H_j) / (k_{j+1} - k_j). The inverse maps
    u to H^{-1}(-log u) by linear interpolation of (H, t); draws beyond H(last knot) use the tail hazard
    (infinite time when it is 0: never an event).
    """

    knots: np.ndarray
    cumhaz: np.ndarray
    tail_hazard: float

    @classmethod
    def from_survival(cls, times, survival, tail_hazard: float) -> "PiecewiseExponential":
        """Model through the points (times[j], survival[j]) with S(0) = 1 prepended when missing."""
        t = np.asarray(times, dtype=float)
        s = np.asarray(survival, dtype=float)
        if t[0] > 0:
            t, s = np.r_[0.0, t], np.r_[1.0, s]
        h = -np.log(np.clip(s, 1e-12, 1.0))
        h = np.maximum.accumulate(h)
        return cls(t, h, float(max(tail_hazard, 0.0)))

    def cumulative_hazard(self, t) -> np.ndarray:
        t = np.asarray(t, dtype=float)
        h = np.interp(t, self.knots, self.cumhaz)
        beyond = t > self.knots[-1]
        return np.where(beyond, self.cumhaz[-1] + self.tail_hazard * (t - self.knots[-1]), h)

    def survival(self, t) -> np.ndarray:
        return np.exp(-self.cumulative_hazard(t))

    def time(self, u) -> np.ndarray:
        """Inverse CDF: the time at which S(t) = u."""
        e = -np.log(np.clip(np.asarray(u, dtype=float), 1e-300, 1.0))
        k, h = self.knots, self.cumhaz
        # where H is flat over an interval, np.interp on (h, k) needs strictly increasing h: nudge it
        hh = h + np.arange(len(h)) * 1e-12
        inside = np.interp(e, hh, k)
        last = hh[-1]
        with np.errstate(divide="ignore"):
            tail = k[-1] + (e - last) / self.tail_hazard if self.tail_hazard > 0 else np.full_like(e, np.inf)
        return np.where(e <= last, inside, tail)


@dataclass(frozen=True, slots=True)
class MixtureCure:
    """Mixture cure model: S(t) = pi + (1 - pi) S0(t), S0 Weibull(shape, scale).

    A subject with u < pi... is cured (never has the event); the rest map through the latency distribution:
    S(t) = u  <=>  S0(t) = (u - pi) / (1 - pi).
    """

    cure_fraction: float
    shape: float
    scale: float

    def survival(self, t) -> np.ndarray:
        t = np.asarray(t, dtype=float)
        return self.cure_fraction + (1 - self.cure_fraction) * np.exp(-((t / self.scale) ** self.shape))

    def time(self, u) -> np.ndarray:
        u = np.asarray(u, dtype=float)
        pi = self.cure_fraction
        with np.errstate(divide="ignore", invalid="ignore"):
            s0 = (u - pi) / (1 - pi)
            t = self.scale * (-np.log(np.clip(s0, 1e-300, 1.0))) ** (1.0 / self.shape)
        return np.where(u <= pi, np.inf, t)

    def to_piecewise(self, knots) -> PiecewiseExponential:
        """The piecewise-exponential model through this curve at ``knots`` (for calibration)."""
        k = np.asarray(knots, dtype=float)
        return PiecewiseExponential.from_survival(k, self.survival(k), 0.0)
