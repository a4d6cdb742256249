"""Parametric survival models flexible enough for CAR-T curves, mapped through their inverse CDF.

Both models give ``time(u)``: the event time of a subject whose uniform draw is ``u`` (S(time) = u), so that a
fixed vector of uniforms (common random numbers) turns into a sample for any parameter value.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["PiecewiseExponential", "MonotoneCumulativeHazard", "MixtureCure"]


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


def _monotone_slopes(t: np.ndarray, h: np.ndarray, end_slope: float) -> np.ndarray:
    """Knot derivatives of a monotone piecewise-cubic Hermite interpolant of (t, h) (Fritsch & Carlson 1980).

    Interior knots take the weighted harmonic mean of the two neighbouring secants (Fritsch & Butland 1984:
    weights 2 h_k + h_{k-1} and h_k + 2 h_{k-1}; zero when a neighbouring secant is zero), the first knot the
    secant of the first interval, the last knot ``end_slope``; every derivative is then clipped to
    [0, 3 x each neighbouring secant], the sufficient condition of Fritsch & Carlson for a monotone cubic.
    """
    dt = np.diff(t)
    sec = np.diff(h) / dt
    d = np.empty(len(t))
    d[0] = sec[0]
    d[-1] = end_slope
    if len(t) > 2:
        a, b = sec[:-1], sec[1:]
        w1, w2 = 2 * dt[1:] + dt[:-1], dt[1:] + 2 * dt[:-1]
        with np.errstate(divide="ignore", invalid="ignore"):
            hm = (w1 + w2) / (w1 / a + w2 / b)
        d[1:-1] = np.where((a > 0) & (b > 0), hm, 0.0)
    d = np.maximum(d, 0.0)
    d[:-1] = np.minimum(d[:-1], 3 * sec)
    d[1:] = np.minimum(d[1:], 3 * sec)
    return d


@dataclass(frozen=True, slots=True)
class MonotoneCumulativeHazard:
    """Smooth survival model: the cumulative hazard is a monotone cubic through knots, linear after the last.

    Attributes
    ----------
    knots : ndarray
        Increasing times, ``knots[0] == 0``.
    cumhaz : ndarray
        H(knots), strictly increasing, ``cumhaz[0] == 0``.
    tail_hazard : float
        Hazard after the last knot; it is also the slope of H at the last knot, so the hazard is continuous
        there (clipped to three times the last interval's mean hazard when larger, which keeps H monotone).

    Notes
    -----
    H is the monotone piecewise-cubic Hermite interpolant of the knots (Fritsch & Carlson 1980, slopes
    :func:`_monotone_slopes`): it passes through every knot, never decreases, and its derivative, the hazard
    h(t), is continuous and non-negative. Between two knots the hazard moves smoothly from one level to the
    next instead of jumping (piecewise-constant hazards) or being crowded near a knot. S(t) = exp(-H(t)).
    The inverse CDF is evaluated on a grid of ``GRID`` points per interval (H is a cubic there) and linear
    interpolation of (H, t) between them: the time error is below 1e-4 of the interval's length.
    """

    knots: np.ndarray
    cumhaz: np.ndarray
    tail_hazard: float
    GRID = 64

    def _slopes(self) -> np.ndarray:
        return _monotone_slopes(self.knots, self.cumhaz, self.tail_hazard)

    @property
    def end_hazard(self) -> float:
        """The hazard after the last knot (``tail_hazard`` after the monotonicity clip)."""
        return float(self._slopes()[-1])

    def _eval(self, t: np.ndarray, d: np.ndarray) -> np.ndarray:
        k, h = self.knots, self.cumhaz
        j = np.clip(np.searchsorted(k, t, side="right") - 1, 0, len(k) - 2)
        dt = k[j + 1] - k[j]
        x = (t - k[j]) / dt
        h00, h10 = 2 * x ** 3 - 3 * x ** 2 + 1, x ** 3 - 2 * x ** 2 + x
        h01, h11 = -2 * x ** 3 + 3 * x ** 2, x ** 3 - x ** 2
        return h00 * h[j] + h10 * dt * d[j] + h01 * h[j + 1] + h11 * dt * d[j + 1]

    def cumulative_hazard(self, t) -> np.ndarray:
        t = np.asarray(t, dtype=float)
        d = self._slopes()
        inside = self._eval(np.clip(t, 0.0, self.knots[-1]), d)
        return np.where(t > self.knots[-1], self.cumhaz[-1] + d[-1] * (t - self.knots[-1]), inside)

    def hazard(self, t) -> np.ndarray:
        """h(t) = H'(t) (the derivative of the Hermite cubic; ``end_hazard`` after the last knot)."""
        t = np.asarray(t, dtype=float)
        k, h, d = self.knots, self.cumhaz, self._slopes()
        j = np.clip(np.searchsorted(k, t, side="right") - 1, 0, len(k) - 2)
        dt = k[j + 1] - k[j]
        x = np.clip((t - k[j]) / dt, 0.0, 1.0)
        g = ((6 * x ** 2 - 6 * x) * h[j] + (3 * x ** 2 - 4 * x + 1) * dt * d[j] + (-6 * x ** 2 + 6 * x) * h[j + 1]
             + (3 * x ** 2 - 2 * x) * dt * d[j + 1]) / dt
        return np.where(t > k[-1], d[-1], np.maximum(g, 0.0))

    def survival(self, t) -> np.ndarray:
        return np.exp(-self.cumulative_hazard(t))

    def time(self, u) -> np.ndarray:
        """Inverse CDF: the time at which S(t) = u."""
        e = -np.log(np.clip(np.asarray(u, dtype=float), 1e-300, 1.0))
        k = self.knots
        grid = np.concatenate([np.linspace(a, b, self.GRID, endpoint=False) for a, b in zip(k[:-1], k[1:])]
                              + [k[-1:]])
        d = self._slopes()
        hg = self._eval(grid, d)
        hg = np.maximum.accumulate(hg) + np.arange(len(hg)) * 1e-13  # strictly increasing for np.interp
        inside = np.interp(e, hg, grid)
        last = hg[-1]
        lam = d[-1]
        with np.errstate(divide="ignore", invalid="ignore"):
            tail = k[-1] + (e - last) / lam if lam > 0 else np.full_like(e, np.inf)
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
