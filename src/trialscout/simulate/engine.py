"""Patient-level simulation of group-sequential survival trials, vectorized across trials.

A chunk of m trials of n patients is a set of (m, n) arrays: entry times (piecewise-uniform accrual), arms
(permuted blocks), event times (inverse cumulative hazard; cured patients never have the event), exponential
dropout. Event-driven looks happen at the calendar time of the D_k-th event; calendar looks at fixed times. At a
look the data are cut at the analysis time and the (weighted) log-rank statistic of every trial is computed at once
from one sort per trial: with continuous times there are no ties, so at the i-th smallest time among the n
included patients N = n - i are at risk and the O - E and variance terms are cumulative sums
(Kalbfleisch & Prentice 2002, eq. 7.4).

Every chunk draws from its own stream, ``numpy.random.SeedSequence([seed, chunk])``, and the chunk size is part
of the problem, not of the machine: the results depend on the seed and the chunk size only, never on how many
workers computed them.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

import numpy as np
from scipy import stats
from scipy.special import ndtri

from .._validate import InputError
from ..design.models import Accrual, ArmModel
from ._kernels import logrank_sums, look_keys, patients, risk_set_terms

__all__ = ["Problem", "TestSpec", "parse_test", "simulate_chunk", "zstat_batch", "zstat_sorted", "COLUMNS"]

COLUMNS = ("stage", "reject", "futility", "events", "subjects", "analysis_time")


@dataclass(frozen=True, slots=True)
class TestSpec:
    """The test at each look: ``logrank``, ``fh`` (rho, gamma), ``magirr_burman`` (t*), ``maxcombo`` or ``cox``
    (the Wald z of the treatment coefficient of :func:`trialscout.survival.cox_ph`, trial by trial: slow)."""

    kind: str
    rho: float = 0.0
    gamma: float = 0.0
    tstar: float = 0.0

    def describe(self) -> str:
        if self.kind == "fh":
            return f"fh:{self.rho:g},{self.gamma:g}"
        if self.kind == "magirr_burman":
            return f"magirr_burman:{self.tstar:g}"
        return self.kind


_FH = re.compile(r"^fh:\s*([0-9.eE+-]+)\s*,\s*([0-9.eE+-]+)$")
_MB = re.compile(r"^magirr_burman:\s*([0-9.eE+-]+)$")


def parse_test(text: str, where: str = "test") -> TestSpec:
    """``logrank``, ``fh:RHO,GAMMA``, ``magirr_burman:T`` or ``maxcombo``."""
    t = str(text).strip().lower()
    if t in ("logrank", "maxcombo", "cox"):
        return TestSpec(t)
    m = _FH.match(t)
    if m:
        rho, gamma = float(m.group(1)), float(m.group(2))
        if rho < 0 or gamma < 0:
            raise InputError(f"`{where}`: fh weights need non-negative RHO and GAMMA; got {text!r}")
        return TestSpec("fh", rho, gamma)
    m = _MB.match(t)
    if m:
        ts = float(m.group(1))
        if not ts >= 0:
            raise InputError(f"`{where}`: magirr_burman needs a non-negative time; got {text!r}")
        return TestSpec("magirr_burman", tstar=ts)
    raise InputError(f"`{where}` must be 'logrank', 'fh:RHO,GAMMA', 'magirr_burman:T', 'maxcombo' or 'cox'; "
                     f"got {text!r}")


@dataclass(frozen=True, slots=True)
class Problem:
    """Everything one simulated trial needs.

    Attributes
    ----------
    control, treatment : ArmModel
    accrual : Accrual
        Absolute rates; ``accrual.total`` patients (rounded) are simulated.
    block : (int, int)
        Permuted-block allocation (treatment, control).
    dropout : (float, float)
        Exponential dropout rates (treatment, control).
    planned_events : ndarray or None
        Cumulative events at each look (event-driven looks).
    planned_times : ndarray or None
        Calendar times of the looks (calendar looks).
    critical_z, futility_z : ndarray
        Efficacy bounds for Z >= c (benefit positive) and futility bounds (-inf for none) at every look.
    test : TestSpec
    benefit_lower_hazard : bool
        Z is positive when the treatment arm has the lower hazard.
    nominal_alpha : ndarray
        One-sided stage levels (used by MaxCombo, whose per-look critical value is set to them).
    """

    control: ArmModel
    treatment: ArmModel
    accrual: Accrual
    n_subjects: int
    block: tuple[int, int]
    dropout: tuple[float, float]
    planned_events: np.ndarray | None
    planned_times: np.ndarray | None
    critical_z: np.ndarray
    futility_z: np.ndarray
    test: TestSpec
    benefit_lower_hazard: bool = True
    chunk_size: int = 2000
    nominal_alpha: np.ndarray = field(default_factory=lambda: np.zeros(0))

    @property
    def k(self) -> int:
        return len(self.critical_z)


def _draws(rng: np.random.Generator, p: Problem, m: int):
    """The random numbers of a chunk, drawn in bulk and in a fixed order (both computing paths use them)."""
    import itertools

    n = p.n_subjects
    acc = p.accrual
    e = np.ascontiguousarray(acc.edges, dtype=np.float64)
    rates = np.ascontiguousarray(acc.rates[: len(e) - 1], dtype=np.float64)
    cum_acc = np.concatenate([[0.0], np.cumsum(rates * np.diff(e))])
    bs = p.block[0] + p.block[1]
    combos = list(itertools.combinations(range(bs), p.block[0]))
    if len(combos) > 100_000:
        raise InputError(f"`allocation` blocks of {bs} patients are too large; use blocks of at most 16")
    table = np.zeros((len(combos), bs), dtype=np.bool_)
    for i, pos in enumerate(combos):
        table[i, list(pos)] = True
    u_entry = rng.random((m, n))
    picks = rng.integers(0, len(table), size=(m, -(-n // bs)))
    e_ev = rng.standard_exponential((m, n))
    cure = p.treatment.cure_fraction > 0 or p.control.cure_fraction > 0
    u_cure = rng.random((m, n)) if cure else np.zeros((m, 0))
    e_drop = rng.standard_exponential((m, n)) if (p.dropout[0] > 0 or p.dropout[1] > 0) else np.zeros((m, 0))
    return e, cum_acc, rates, table, picks, u_entry, e_ev, u_cure, e_drop


def _arm_arrays(arm: ArmModel):
    st = np.asarray(arm.start_times, dtype=np.float64)
    hz = np.asarray(arm.hazards, dtype=np.float64)
    cum = np.concatenate([[0.0], np.cumsum(np.diff(st) * hz[:-1])])
    return st, hz, cum, float(arm.shape) if arm.is_weibull else 1.0, float(arm.cure_fraction)


def _inverse_hazard(arm: ArmModel, e: np.ndarray) -> np.ndarray:
    """Event times from unit exponentials ``e``: the inverse cumulative hazard of the patients not cured."""
    st, hz, cum, shape, _ = _arm_arrays(arm)
    if shape != 1.0:
        return e ** (1.0 / shape) / hz[0]
    j = np.clip(np.searchsorted(cum[1:], e, side="right"), 0, len(hz) - 1)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(hz[j] > 0, st[j] + (e - cum[j]) / hz[j], np.inf)


def _generate_numpy(rng: np.random.Generator, p: Problem, m: int):
    """Entry times (piecewise-uniform accrual, by inverting the accrual curve), arms (permuted blocks: each block
    one of the C(b, t) arrangements), event times (inverse cumulative hazard; cured patients never have the event),
    exponential dropout; returns entry, arm, follow-up to event or dropout, and calendar time of the event."""
    e, cum_acc, rates, table, picks, u_entry, e_ev, u_cure, e_drop = _draws(rng, p, m)
    n = p.n_subjects
    u = u_entry * cum_acc[-1]
    j = np.clip(np.searchsorted(cum_acc[1:], u, side="right"), 0, len(rates) - 1)
    with np.errstate(divide="ignore", invalid="ignore"):
        entry = e[j] + np.where(rates[j] > 0, (u - cum_acc[j]) / rates[j], 0.0)
    trt = table[picks].reshape(m, -1)[:, :n]
    t_ev = np.where(trt, _inverse_hazard(p.treatment, e_ev), _inverse_hazard(p.control, e_ev))
    if u_cure.shape[1]:
        t_ev[np.where(trt, u_cure < p.treatment.cure_fraction, u_cure < p.control.cure_fraction)] = np.inf
    if e_drop.shape[1]:
        eta = np.where(trt, p.dropout[0], p.dropout[1])
        with np.errstate(divide="ignore", invalid="ignore"):
            t_drop = np.where(eta > 0, e_drop / np.where(eta > 0, eta, 1.0), np.inf)
        is_ev = t_ev <= t_drop
        y_full = np.minimum(t_ev, t_drop)
    else:
        is_ev = np.ones(t_ev.shape, dtype=bool)
        y_full = t_ev
    cal_ev = np.where(is_ev & np.isfinite(t_ev), entry + t_ev, np.inf)
    return entry, trt, np.ascontiguousarray(y_full), cal_ev


def _generate_fused(rng: np.random.Generator, p: Problem, m: int):
    """The same patients as :func:`_generate_numpy` from the same draws, the arithmetic fused in one loop."""
    e, cum_acc, rates, table, picks, u_entry, e_ev, u_cure, e_drop = _draws(rng, p, m)
    st1, hz1, c1, k1, pi1 = _arm_arrays(p.treatment)
    st0, hz0, c0, k0, pi0 = _arm_arrays(p.control)
    assert patients is not None
    return patients(u_entry, e, cum_acc, rates, table, picks, e_ev, u_cure, e_drop,
                    st1, hz1, c1, k1, pi1, float(p.dropout[0]), st0, hz0, c0, k0, pi0, float(p.dropout[1]))


def _sorted_flags(y: np.ndarray, event: np.ndarray, trt: np.ndarray, include: np.ndarray):
    """Each trial's patients in order of follow-up time, as (event, treatment, time) arrays.

    One sort of packed 64-bit keys instead of an argsort and gathers: a non-negative double's bit pattern orders as
    an integer, and its two lowest mantissa bits (a relative change below 1e-15) carry the event and arm flags.
    Patients not yet entered get key 0 and sort first, outside every risk set of an event.
    """
    bits = np.ascontiguousarray(y, dtype=np.float64).view(np.int64) & ~np.int64(3)
    bits |= event.view(np.int8).astype(np.int64) << 1
    bits |= trt.view(np.int8).astype(np.int64)
    bits[~include] = 0
    bits.sort(axis=1)
    ev = (bits & 2).astype(bool)
    tr = (bits & 1).astype(bool)
    return ev, tr, bits


def zstat_batch(y: np.ndarray, event: np.ndarray, trt: np.ndarray, include: np.ndarray, test: TestSpec
                ) -> tuple[np.ndarray, np.ndarray | None]:
    """(Weighted) log-rank z statistics of many trials at once, positive when the control arm has more events
    than expected.

    Rows are trials; ``include`` marks the patients entered by the analysis. Returns z (and, for MaxCombo, the
    (m, 4, 4) correlation matrices of the four Fleming–Harrington statistics, with z of shape (m, 4)).
    """
    _, _, bits = _sorted_flags(y, event & include, trt, include)
    return zstat_sorted(bits, test)


def zstat_sorted(bits: np.ndarray, test: TestSpec) -> tuple[np.ndarray, np.ndarray | None]:
    """:func:`zstat_batch` on packed keys already sorted within each trial (see :func:`_sorted_flags`)."""
    if test.kind == "logrank":
        u, v = logrank_sums(bits)
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(v > 0, u / np.sqrt(v), 0.0), None
    m = bits.shape[0]
    d, N, oe, var = risk_set_terms(bits)  # O - E of the control arm and its variance, one event at a time
    # pooled left-continuous Kaplan–Meier S(t-) at each position
    s = np.cumprod(1.0 - d / N, axis=1)
    s_left = np.concatenate([np.ones((m, 1)), s[:, :-1]], axis=1)
    if test.kind == "fh":
        w = _fh(s_left, test.rho, test.gamma)
    elif test.kind == "magirr_burman":
        ys = (bits & ~np.int64(3)).view(np.float64)
        # S at t*: the pooled KM just after the last event time <= t*
        last = (ys <= test.tstar).sum(axis=1)
        s_star = np.where(last > 0, s[np.arange(m), np.maximum(last - 1, 0)], 1.0)
        w = 1.0 / np.maximum(s_left, s_star[:, None])
    else:
        ws = [_fh(s_left, r, g) for r, g in ((0, 0), (0, 1), (1, 0), (1, 1))]
        u = np.stack([(wi * oe).sum(axis=1) for wi in ws], axis=1)
        cov = np.empty((m, 4, 4))
        for a in range(4):
            for b in range(a, 4):
                cov[:, a, b] = cov[:, b, a] = (ws[a] * ws[b] * var).sum(axis=1)
        sd = np.sqrt(np.einsum("mii->mi", cov))
        with np.errstate(divide="ignore", invalid="ignore"):
            z = np.where(sd > 0, u / sd, 0.0)
            corr = cov / (sd[:, :, None] * sd[:, None, :])
        return z, np.nan_to_num(corr)
    u = (w * oe).sum(axis=1)
    v = (w * w * var).sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(v > 0, u / np.sqrt(v), 0.0), None


def _fh(s_left: np.ndarray, rho: float, gamma: float) -> np.ndarray:
    w = np.ones_like(s_left)
    if rho:
        w = w * s_left ** rho
    if gamma:
        w = w * (1.0 - s_left) ** gamma
    return w


def maxcombo_z(z: np.ndarray, corr: np.ndarray, rng: np.random.Generator, draws: int = 400_000) -> np.ndarray:
    """A z value for the MaxCombo test of each trial: Phi^-1(1 - p), with p = P(max_i Z_i >= the trial's maximum)
    under H0 (Lin et al. 2020), so that the design's bounds apply to it.

    The null distribution of the maximum uses the correlation matrix of the four statistics averaged over the
    chunk's trials (it varies little between trials of one design), from ``draws`` normal vectors: the Monte Carlo
    error of p is below 3e-4 at p = 0.025.
    """
    r = np.nan_to_num(corr).mean(axis=0)
    r = 0.5 * (r + r.T) + 1e-9 * np.eye(4)
    lchol = np.linalg.cholesky(r)
    null_max = np.sort((rng.standard_normal((draws, 4)) @ lchol.T).max(axis=1))
    zmax = z.max(axis=1)
    exceed = draws - np.searchsorted(null_max, zmax, side="left")
    p = (exceed + 0.5) / (draws + 1.0)
    return -ndtri(p)


def _cox_z(entry, y_full, cal_ev, trt, tau) -> np.ndarray:
    """-coef / se of the treatment indicator in a Cox model of each trial (Breslow ties; none occur)."""
    from ..survival import cox_ph

    out = np.zeros(len(entry))
    for i in range(len(entry)):
        inc = entry[i] < tau[i]
        y = np.minimum(y_full[i, inc], tau[i] - entry[i, inc])
        ev = cal_ev[i, inc] <= tau[i]
        g = trt[i, inc].astype(np.float64)
        if ev.sum() < 2 or g.min() == g.max():
            continue
        fit = cox_ph(y, ev, g)
        out[i] = -float(fit.coef[0]) / float(fit.se[0])
    return out


def simulate_chunk(p: Problem, seed: int, chunk: int, m: int) -> dict[str, np.ndarray]:
    """Simulate ``m`` trials of chunk number ``chunk``; per-trial results (see :data:`COLUMNS`) and z by look."""
    rng = np.random.default_rng(np.random.SeedSequence([int(seed), int(chunk)]))
    if patients is not None:
        entry, trt, y_full, cal_ev = _generate_fused(rng, p, m)
    else:
        entry, trt, y_full, cal_ev = _generate_numpy(rng, p, m)
    k = p.k
    times = np.full((m, k), np.nan)
    if p.planned_events is not None:
        sorted_ev = np.sort(cal_ev, axis=1)
        n_ev_total = np.isfinite(sorted_ev).sum(axis=1)
        last = sorted_ev[np.arange(m), np.maximum(n_ev_total - 1, 0)]
        for j, dk in enumerate(p.planned_events):
            tj = sorted_ev[:, min(int(round(dk)) - 1, p.n_subjects - 1)]
            # fewer events than planned: the look is held at the last event
            times[:, j] = np.where(np.isfinite(tj), tj, last)
    else:
        times[:] = np.asarray(p.planned_times)[None, :]
    z = np.full((m, k), np.nan)
    events = np.zeros((m, k))
    subjects = np.zeros((m, k))
    sign = 1.0 if p.benefit_lower_hazard else -1.0
    for j in range(k):
        bits, n_ev, n_in = look_keys(entry, y_full, cal_ev, trt, np.ascontiguousarray(times[:, j]))
        if p.test.kind == "cox":
            z[:, j] = sign * _cox_z(entry, y_full, cal_ev, trt, times[:, j])
            events[:, j] = n_ev
            subjects[:, j] = n_in
            continue
        bits.sort(axis=1)
        zz, corr = zstat_sorted(bits, p.test)
        if p.test.kind == "maxcombo":
            assert corr is not None
            zz = maxcombo_z(sign * zz, corr, np.random.default_rng(np.random.SeedSequence([int(seed), int(chunk), 1, j])))
            z[:, j] = zz
        else:
            z[:, j] = sign * zz
        events[:, j] = n_ev
        subjects[:, j] = n_in
    reject = z >= p.critical_z[None, :]
    fut = z < p.futility_z[None, :]
    stopped = reject | fut
    stopped[:, -1] = True
    stage = stopped.argmax(axis=1)
    rows = np.arange(m)
    return {
        "stage": stage + 1, "reject": reject[rows, stage], "futility": fut[rows, stage] & ~reject[rows, stage],
        "events": events[rows, stage], "subjects": subjects[rows, stage], "analysis_time": times[rows, stage],
        "z": z, "look_time": times, "look_events": events,
    }
