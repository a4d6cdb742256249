"""Survival models of the arms, accrual and dropout, for sample size and simulation.

An arm is a piecewise-constant hazard (one piece: exponential) or a Weibull distribution, optionally with a cure
fraction pi: S(t) = pi + (1 - pi) S_0(t), where S_0 describes the patients who are not cured. The Weibull form
follows rpact's parameterization S_0(t) = exp(-(lambda t)^kappa), so that lambda = log(2)^(1/kappa) / median and a
hazard ratio HR between two Weibull arms with the same shape multiplies lambda by HR^(1/kappa).

Dropout is exponential and independent of the event, with rate eta = -log(1 - p) / t for a probability p of
dropping out by time t. Accrual is piecewise uniform over calendar time.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .._results import freeze_arrays
from .._validate import InputError

__all__ = ["ArmModel", "Accrual", "dropout_rate"]

_GL_X, _GL_W = np.polynomial.legendre.leggauss(24)


def _gl(lo: float, hi: float, panels: int = 1) -> tuple[np.ndarray, np.ndarray]:
    edges = np.linspace(lo, hi, panels + 1)
    mid = 0.5 * (edges[1:] + edges[:-1])
    half = 0.5 * (edges[1:] - edges[:-1])
    return (mid[:, None] + half[:, None] * _GL_X).ravel(), (half[:, None] * _GL_W).ravel()


def dropout_rate(prob: float, at_time: float, name: str = "dropout") -> float:
    """The exponential dropout rate for a probability ``prob`` of dropping out by ``at_time``."""
    if not 0 <= prob < 1:
        raise InputError(f"`{name}` probability must be in [0, 1); got {prob!r}")
    if not at_time > 0:
        raise InputError(f"`{name}.at_time` must be positive; got {at_time!r}")
    return -math.log1p(-prob) / at_time


@dataclass(frozen=True, slots=True)
class ArmModel:
    """Event-time distribution of one arm.

    Attributes
    ----------
    start_times : ndarray
        Start of each hazard piece (the first is 0).
    hazards : ndarray
        Hazard of each piece (per unit of time); with ``shape`` != 1 a single Weibull rate lambda.
    shape : float
        Weibull shape kappa (1 = piecewise exponential).
    cure_fraction : float
        Fraction of patients who never have the event.
    """

    start_times: np.ndarray
    hazards: np.ndarray
    shape: float = 1.0
    cure_fraction: float = 0.0

    def __post_init__(self):
        st = np.asarray(self.start_times, dtype=float)
        hz = np.asarray(self.hazards, dtype=float)
        object.__setattr__(self, "start_times", st)
        object.__setattr__(self, "hazards", hz)
        freeze_arrays(self)

    @property
    def is_weibull(self) -> bool:
        return abs(self.shape - 1.0) > 1e-15

    def scaled(self, hazard_ratio: float) -> "ArmModel":
        """The arm whose hazard (of the patients not cured) is ``hazard_ratio`` times this one's."""
        f = hazard_ratio ** (1.0 / self.shape) if self.is_weibull else hazard_ratio
        return ArmModel(self.start_times, self.hazards * f, self.shape, self.cure_fraction)

    def cumulative_hazard0(self, t) -> np.ndarray:
        """Cumulative hazard of the patients not cured."""
        t = np.asarray(t, dtype=float)
        if self.is_weibull:
            return (self.hazards[0] * t) ** self.shape
        ends = np.append(self.start_times[1:], np.inf)
        dur = np.clip(t[..., None] - self.start_times, 0.0, ends - self.start_times)
        return dur @ self.hazards

    def survival(self, t) -> np.ndarray:
        """S(t) = pi + (1 - pi) exp(-H_0(t))."""
        return self.cure_fraction + (1 - self.cure_fraction) * np.exp(-self.cumulative_hazard0(t))

    def hazard(self, t) -> np.ndarray:
        """Population hazard h(t) = (1 - pi) f_0(t) / S(t)."""
        t = np.asarray(t, dtype=float)
        if self.is_weibull:
            lam, k = self.hazards[0], self.shape
            with np.errstate(divide="ignore"):
                h0 = k * lam * (lam * np.maximum(t, 1e-300)) ** (k - 1)
        else:
            idx = np.searchsorted(self.start_times, t, side="right") - 1
            h0 = self.hazards[np.clip(idx, 0, len(self.hazards) - 1)]
        if self.cure_fraction == 0:
            return h0
        s0 = np.exp(-self.cumulative_hazard0(t))
        return h0 * (1 - self.cure_fraction) * s0 / (self.cure_fraction + (1 - self.cure_fraction) * s0)

    def median(self) -> float:
        """Median of the whole arm (inf when the cure fraction is 1/2 or more)."""
        target = (0.5 - self.cure_fraction) / (1 - self.cure_fraction)
        if target <= 0:
            return math.inf
        h = -math.log(target)
        if self.is_weibull:
            return h ** (1 / self.shape) / self.hazards[0]
        cum = np.concatenate([[0.0], np.cumsum(np.diff(self.start_times) * self.hazards[:-1])])
        j = int(np.searchsorted(cum, h, side="right") - 1)
        if self.hazards[j] <= 0:
            return math.inf
        return float(self.start_times[j] + (h - cum[j]) / self.hazards[j])

    def event_probability(self, s, eta: float = 0.0) -> np.ndarray:
        """P(event observed by follow-up ``s``) with an independent exponential dropout of rate ``eta``.

        (1 - pi) int_0^s f_0(u) exp(-eta u) du: in closed form piecewise, by Gauss–Legendre for a Weibull
        arm with dropout.
        """
        s = np.asarray(s, dtype=float)
        scal = s.ndim == 0
        s = np.atleast_1d(s)
        pi = self.cure_fraction
        if self.is_weibull:
            lam, k = self.hazards[0], self.shape
            if eta == 0:
                out = -np.expm1(-(lam * s) ** k)
            else:
                # substitute x = (lam u)^kappa: int_0^{(lam s)^kappa} exp(-x - eta x^(1/kappa) / lam) dx
                upper = (lam * s) ** k
                x, w = _gl(0.0, 1.0, 8)
                xx = upper[:, None] * x[None, :]
                out = (np.exp(-xx - eta * xx ** (1 / k) / lam) @ w) * upper
        else:
            st = self.start_times
            ends = np.append(st[1:], np.inf)
            tot = self.hazards + eta
            # survival (event and dropout) at the start of each piece
            surv_start = np.exp(-np.concatenate([[0.0], np.cumsum(tot[:-1] * np.diff(st))]))
            dur = np.clip(s[:, None] - st[None, :], 0.0, (ends - st)[None, :])
            with np.errstate(invalid="ignore", divide="ignore"):
                frac = np.where(tot > 0, self.hazards / np.where(tot > 0, tot, 1.0), 0.0)
            out = (surv_start * frac * -np.expm1(-tot * dur)).sum(axis=1)
        out = (1 - pi) * out
        return out[0] if scal else out

    def breakpoints(self) -> np.ndarray:
        return self.start_times[1:] if not self.is_weibull else np.zeros(0)


@dataclass(frozen=True, slots=True)
class Accrual:
    """Piecewise-uniform accrual: ``rates[i]`` patients per unit of time from ``start_times[i]`` until the next
    start (the last piece until ``end``)."""

    start_times: np.ndarray
    rates: np.ndarray
    end: float

    def __post_init__(self):
        freeze_arrays(self)

    @property
    def edges(self) -> np.ndarray:
        keep = self.start_times < self.end
        return np.append(self.start_times[keep], self.end)

    @property
    def total(self) -> float:
        return float(self.subjects(self.end))

    def subjects(self, t) -> np.ndarray:
        """Patients accrued by calendar time ``t``."""
        t = np.asarray(t, dtype=float)
        e = self.edges
        r = self.rates[: len(e) - 1]
        return np.clip(t[..., None] - e[:-1], 0.0, np.diff(e)) @ r

    def expected_events(self, t: float, arms: list[ArmModel], fractions: list[float], etas: list[float]) -> float:
        """Expected events by calendar time ``t``: sum_g p_g int_0^min(t, end) a(u) P_g(t - u) du."""
        if t <= 0:
            return 0.0
        e = self.edges
        total = 0.0
        for arm, p, eta in zip(arms, fractions, etas):
            cuts = set(e.tolist()) | {float(t - b) for b in arm.breakpoints()}
            pts = np.array(sorted(c for c in cuts if 0 <= c <= min(t, self.end)) + [min(t, self.end)])
            pts = np.unique(pts)
            for lo, hi in zip(pts[:-1], pts[1:]):
                if hi <= lo:
                    continue
                j = int(np.searchsorted(e, lo, side="right") - 1)
                rate = self.rates[min(j, len(self.rates) - 1)]
                if rate == 0:
                    continue
                u, w = _gl(lo, hi, 4 if arm.is_weibull else 1)
                total += p * rate * float(w @ arm.event_probability(t - u, eta))
        return total
