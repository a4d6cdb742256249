"""Numbers at risk from an at-risk table printed as percentages of each arm (survminer's risk.table =
"percentage"): the arm size is estimated from the curve's own steps and the percentages, then each
percentage is turned back into a count."""

from __future__ import annotations

import numpy as np

__all__ = ["arm_size_from_percent", "counts_from_percent"]


def _drops(s: np.ndarray, gap: int) -> list[tuple[int, float, float]]:
    """The curve's drops: (first column, survival before, height), falling columns within ``gap`` columns of
    the first taken as one drop (a step's vertical read in pieces, broken by a censoring mark or a band's edge)."""
    fall = np.flatnonzero(np.diff(s) < 0)
    out = []
    k = 0
    while k < fall.size:
        m = k
        while m + 1 < fall.size and fall[m + 1] - fall[k] <= gap:
            m += 1
        i, j = int(fall[k]), int(fall[m]) + 1
        out.append((i, float(s[i]), float(s[i] - s[j])))
        k = m + 1
    return out


def _fits(n0: int, pct: np.ndarray) -> bool:
    """Every percentage is some whole count of ``n0`` subjects, rounded to a whole percent."""
    m = np.round(n0 * pct / 100.0)
    return bool(np.all(np.abs(100.0 * m / n0 - pct) <= 0.5 + 1e-9))


def arm_size_from_percent(t, s, times, pct, per_px: float, n_max: int = 100_000) -> int:
    """The smallest arm size that both the curve's steps and the printed percentages allow.

    A Kaplan–Meier step at time u falls by S(u-) * d / n(u) with d >= 1 events among the n(u) at risk, and
    n(u) <= n0 * p_j / 100 for the percentage p_j printed at the last table time t_j <= u; so every step
    taller than a pixel and a half (falling columns within 1% of the curve's width taken as one step, so that
    a step read in pieces bounds nothing) bounds the arm size from below, n0 >= 100 S(u-) / (h p_j), with the
    height h and p_j each widened by their reading error (a pixel, half a percent). The percentages then
    allow only sizes n0 of which each is a whole count rounded to a whole percent; the smallest size at or
    above the bound that fits every one is taken (every size from 100 fits, as a percent is then less than
    one subject), or, when none fits (a misread percentage), the bound.
    """
    t, s = np.asarray(t, float), np.asarray(s, float)
    times, pct = np.asarray(times, float), np.asarray(pct, float)
    lo = 1.0
    for i, before, h in _drops(s, max(3, int(0.01 * s.size))):
        if h < 1.5 * per_px:
            continue
        j = int(np.searchsorted(times, t[i] + 1e-9, side="right")) - 1
        if j < 0 or pct[j] <= 0:
            continue
        lo = max(lo, 100.0 * before / ((h + per_px) * (pct[j] + 0.5)))
    start = max(1, int(np.ceil(lo - 1e-9)))
    for n0 in range(start, max(start, 100) + 1):
        if _fits(n0, pct):
            return n0
    return min(start, n_max)


def counts_from_percent(t, s, times, pct, per_px: float) -> tuple[int, list[int]]:
    """(arm size, numbers at risk): the percentages printed at ``times`` as counts of the arm size
    :func:`arm_size_from_percent` estimates, never rising."""
    n0 = arm_size_from_percent(t, s, times, pct, per_px)
    counts = np.round(n0 * np.asarray(pct, float) / 100.0).astype(int)
    counts = np.minimum.accumulate(np.minimum(counts, n0))
    return n0, [int(c) for c in counts]
