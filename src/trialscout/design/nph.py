"""Power of the log-rank, weighted log-rank and MaxCombo tests under non-proportional hazards.

Asymptotics of weighted log-rank statistics (Lakatos 1988; Yung & Liu 2020; Magirr & Burman 2019; Lin et al. 2020).
At an analysis at calendar time T, a patient of arm g is at risk at follow-up s with probability
y_g(s) = p_g G(T - s) S_g(s) exp(-eta_g s), G the fraction of patients accrued by a calendar time, and has an observed
event at rate y_g(s) h_g(s). With n patients and a predictable weight w(s) of the pooled survival, the control
arm's O - E and its (null) variance per patient are

    mu = int w y_0 y_1 / (y_0 + y_1) (h_0 - h_1) ds,     v = int w^2 y_0 y_1 / (y_0 + y_1)^2 (y_0 h_0 + y_1 h_1) ds,

so Z = U / sqrt(V) is approximately N(sqrt(n) mu / sqrt(v), 1). Over looks, the statistics behave as a Brownian
motion in the information v_k with the means sqrt(n) mu_k / sqrt(v_K) on the score scale; the group-sequential
rejection probabilities follow by the same numerical integration as the design's bounds. The pooled survival of
the weights is the limit of the pooled Kaplan–Meier estimate, exp(-int (y_0 h_0 + y_1 h_1) / (y_0 + y_1) ds).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy import optimize, stats

from .._results import freeze_arrays
from .._validate import InputError
from ._integrate import Stage, advance, first_tail
from .group_sequential import GroupSequentialDesign
from .models import Accrual, ArmModel

__all__ = ["NphPower", "nph_power", "weighted_moments"]

_GRID = 20000


@dataclass(frozen=True, slots=True)
class NphPower:
    """Analytic power of a test under (non-)proportional hazards.

    Attributes
    ----------
    test : str
    power : float
    reject_per_stage : ndarray
    analysis_time, events : ndarray
        Calendar time and expected events of each look.
    z_mean : ndarray
        Mean of the z statistic at each look.
    information_rates : ndarray
        v_k / v_K, the actual information fractions of the test.
    average_hazard_ratio : ndarray
        exp(-z_mean * (1 + r) / sqrt(r D)) at each look: the hazard ratio a proportional-hazards log-rank would see.
    """

    test: str
    power: float
    reject_per_stage: np.ndarray
    analysis_time: np.ndarray
    events: np.ndarray
    z_mean: np.ndarray
    information_rates: np.ndarray
    average_hazard_ratio: np.ndarray

    def __post_init__(self):
        freeze_arrays(self)


def _weight(kind: str, s_bar: np.ndarray, s: np.ndarray, rho: float, gamma: float, tstar: float) -> np.ndarray:
    if kind == "logrank":
        return np.ones_like(s_bar)
    if kind == "fh":
        return s_bar ** rho * (1 - s_bar) ** gamma
    if kind == "magirr_burman":
        s_star = float(np.interp(tstar, s, s_bar))
        return 1.0 / np.maximum(s_bar, s_star)
    raise InputError(f"unknown weight {kind!r}")


def weighted_moments(T: float, control: ArmModel, treatment: ArmModel, accrual: Accrual, allocation_ratio: float,
                     dropout: tuple[float, float], weights: list[tuple[str, float, float, float]]):
    """Per-patient drifts mu_a, null covariance matrix v_ab of the weighted O - E, the per-patient event
    fraction at calendar time T and the variances under the alternative, for the weights
    ``(kind, rho, gamma, tstar)``."""
    r = allocation_ratio
    p1, p0 = r / (1 + r), 1 / (1 + r)
    edges = np.linspace(0.0, T, _GRID + 1)
    s = 0.5 * (edges[1:] + edges[:-1])
    ds = np.diff(edges)
    G = accrual.subjects(T - s) / accrual.total
    y1 = p1 * G * treatment.survival(s) * np.exp(-dropout[0] * s)
    y0 = p0 * G * control.survival(s) * np.exp(-dropout[1] * s)
    h1, h0 = treatment.hazard(s), control.hazard(s)
    y = y0 + y1
    with np.errstate(divide="ignore", invalid="ignore"):
        pooled_h = np.where(y > 0, (y0 * h0 + y1 * h1) / y, 0.0)
        a = np.where(y > 0, y0 * y1 / y, 0.0)
        b = np.where(y > 0, y0 * y1 / (y * y) * (y0 * h0 + y1 * h1), 0.0)
        # variance of the control arm's O - E under the alternative (martingale terms of each arm)
        c = np.where(y > 0, (y1 / y) ** 2 * y0 * h0 + (y0 / y) ** 2 * y1 * h1, 0.0)
    cum = np.concatenate([[0.0], np.cumsum(pooled_h * ds)])
    s_bar = np.exp(-0.5 * (cum[1:] + cum[:-1]))  # pooled survival at the cell midpoints
    ws = [_weight(k, s_bar, s, rho, g, ts) for k, rho, g, ts in weights]
    mu = np.array([np.sum(w * a * (h0 - h1) * ds) for w in ws])
    v = np.array([[np.sum(wa * wb * b * ds) for wb in ws] for wa in ws])
    events = float(np.sum((y0 * h0 + y1 * h1) * ds))
    v_alt = np.array([np.sum(w * w * c * ds) for w in ws])
    return mu, v, events, v_alt


def _parse(test: str) -> list[tuple[str, float, float, float]]:
    from ..simulate.engine import parse_test

    t = parse_test(test)
    if t.kind == "maxcombo":
        return [("fh", 0, 0, 0), ("fh", 0, 1, 0), ("fh", 1, 0, 0), ("fh", 1, 1, 0)]
    return [(t.kind, t.rho, t.gamma, t.tstar)]


def nph_power(design: GroupSequentialDesign, control: ArmModel, treatment: ArmModel, accrual: Accrual, *,
              n_subjects: float | None = None, planned_events=None, planned_times=None, allocation_ratio: float = 1.0,
              dropout: tuple[float, float] = (0.0, 0.0), test: str = "logrank") -> NphPower:
    """Power of ``test`` (``logrank``, ``fh:RHO,GAMMA``, ``magirr_burman:T``, ``maxcombo``) with the design's bounds.

    Looks are event-driven (``planned_events``, cumulative, at the calendar time the expected events reach them)
    or at ``planned_times``. MaxCombo (the maximum of the FH(0,0), (0,1), (1,0), (1,1) statistics) is computed for
    a single look: its critical value solves P(max Z_i >= c) = alpha under the null correlation.
    """
    n = float(accrual.total if n_subjects is None else n_subjects)
    acc = Accrual(accrual.start_times, accrual.rates * (n / accrual.total), accrual.end)
    r = float(allocation_ratio)
    arms, fr = [treatment, control], [r / (1 + r), 1 / (1 + r)]
    etas = [dropout[0], dropout[1]]
    if (planned_events is None) == (planned_times is None):
        raise InputError("give the looks by `planned_events_cumulative` or by `planned_calendar_times`")
    if planned_events is not None:
        ev = np.asarray(planned_events, dtype=float)
        times = []
        for d in ev:
            hi = max(acc.end, 1.0)
            while acc.expected_events(hi, arms, fr, etas) < d:
                hi *= 2
                if hi > 1e6:
                    raise InputError(f"{d:g} events are never expected with {n:g} patients")
            times.append(optimize.brentq(lambda t: acc.expected_events(t, arms, fr, etas) - d, 0, hi, xtol=1e-10))
        T = np.array(times)
    else:
        T = np.asarray(planned_times, dtype=float)
        ev = np.array([acc.expected_events(t, arms, fr, etas) for t in T])
    if len(T) != design.k:
        raise InputError(f"the looks must be one per design look ({design.k}); got {len(T)}")
    wts = _parse(test)
    mom = [weighted_moments(t, control, treatment, acc, r, dropout, wts) for t in T]
    if len(wts) > 1:
        if design.k != 1:
            raise NotImplementedError("the analytic MaxCombo power is for a single look; simulate group-sequential "
                                      "MaxCombo designs")
        mu, v, _, _ = mom[0]
        sd = np.sqrt(np.diag(v))
        R = v / np.outer(sd, sd)
        zm = math.sqrt(n) * mu / sd
        def cdf(x, mean):  # Genz's algorithm; its error (below 1e-6) is far inside the asymptotic approximation
            return float(stats.multivariate_normal.cdf(x, mean=mean, cov=R, allow_singular=True, maxpts=100_000,
                                                       abseps=1e-7, releps=1e-6))

        c = optimize.brentq(lambda c: 1 - cdf(np.full(4, c), np.zeros(4)) - design.alpha / design.sided,
                            1.0, 5.0, xtol=1e-6)
        pw = 1 - cdf(np.full(4, c), zm)
        z_mean = np.array([zm.max()])
        t_rates = np.array([1.0])
        rej = np.array([pw])
    else:
        mu = np.array([m[0][0] for m in mom])
        v = np.array([m[1][0, 0] for m in mom])
        z_mean = math.sqrt(n) * mu / np.sqrt(v)
        t_rates = v / v[-1]
        # the standard deviation of Z under the alternative, sqrt(Var(U) / V) (1 under local alternatives)
        sd = np.sqrt(np.array([m[3][0] for m in mom]) / v)
        rej = _gs_reject(design, t_rates, z_mean, sd)
    hr = np.exp(-z_mean * (1 + r) / np.sqrt(r * ev))
    return NphPower(test=test, power=float(rej.sum()), reject_per_stage=rej, analysis_time=T, events=ev,
                    z_mean=z_mean, information_rates=t_rates, average_hazard_ratio=hr)


def _gs_reject(design: GroupSequentialDesign, t: np.ndarray, z_mean: np.ndarray, sd: np.ndarray) -> np.ndarray:
    """Per-look rejection probabilities of the design's bounds for z means that need not grow as sqrt(t), and
    standard deviations sd_k (the statistics and bounds are divided by sd_k; the correlations are kept)."""
    k = design.k
    lower = np.full(k, -np.inf)
    if design.futility_z is not None:
        lower[: k - 1] = design.futility_z
    lower = lower / sd
    crit = np.asarray(design.critical_z) / sd
    z_mean = z_mean / sd
    m = z_mean * np.sqrt(t)  # means on the score scale
    up = np.zeros(k)
    prev: Stage | None = None
    for j in range(k):
        drift = m[0] / t[0] if j == 0 else (m[j] - m[j - 1]) / (t[j] - t[j - 1])
        up[j] = first_tail(prev, t[j], drift, float(crit[j]), True)
        if j < k - 1:
            prev = advance(prev, t[j], t[j + 1], drift, float(lower[j]), float(crit[j]),
                           center=float(z_mean[j]))
    return up
