"""Shared helpers of the reconstruction tests and benchmark: true data, a simulated digitizer, a Cox HR.

The digitizer imitates a person clicking a published figure: both corners of each step of the true KM curve
(the top, at the previous level, and the foot), each kept with probability ``1 - drop``, a few clicks on the
flat stretches, and Gaussian noise of ``noise_t`` x (last time) in time and ``noise_s`` in survival (one pixel
of a 500-pixel axis is 0.002). The at-risk table is printed at regular times, as in publications.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd

DATA = Path(__file__).resolve().parents[1] / "reference" / "data"


def load_arms(dataset: str) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Two arms (time, event) of an R `survival` data set (exported by tests/reference/export_datasets.R)."""
    d = pd.read_csv(DATA / f"{dataset}.csv")
    if dataset == "lung":  # status 2 = dead; arm = sex
        g, t, e = d["sex"], d["time"], d["status"] == 2
    elif dataset == "veteran":
        g, t, e = d["trt"], d["time"], d["status"] == 1
    elif dataset == "colon":  # etype 2 = death; observation vs levamisole + 5-FU
        d = d[(d["etype"] == 2) & d["rx"].isin(["Obs", "Lev+5FU"])]
        g, t, e = d["rx"], d["time"], d["status"] == 1
    elif dataset == "ovarian":
        g, t, e = d["rx"], d["futime"], d["fustat"] == 1
    elif dataset == "pbc":  # the 312 randomized; status 2 = dead (1 = transplant, censored)
        d = d[d["trt"].notna()]
        g, t, e = d["trt"], d["time"], d["status"] == 2
    else:
        raise KeyError(dataset)
    out = {}
    for arm in sorted(pd.unique(g)):
        sel = (g == arm).to_numpy()
        out[str(arm)] = (t.to_numpy(dtype=float)[sel], e.to_numpy(dtype=bool)[sel])
    return out


def km(time, event):
    """Product-limit steps: (event times, S after each) — an independent slow reference (plain loop)."""
    order = np.argsort(time, kind="stable")
    time, event = np.asarray(time, float)[order], np.asarray(event, bool)[order]
    ts, ss, s = [], [], 1.0
    for u in np.unique(time[event]):
        n = int((time >= u).sum())
        dd = int(((time == u) & event).sum())
        s *= 1 - dd / n
        ts.append(u)
        ss.append(s)
    return np.array(ts), np.array(ss)


def step_at(ts, ss, grid):
    idx = np.searchsorted(ts, grid, side="right") - 1
    return np.where(idx >= 0, np.asarray(ss)[np.clip(idx, 0, None)] if len(ss) else 1.0, 1.0)


def nice_step(t_max: float, rows: int = 8) -> float:
    raw = t_max / rows
    mag = 10 ** math.floor(math.log10(raw))
    for m in (1, 2, 2.5, 5, 10):
        if m * mag >= raw:
            return m * mag
    return 10 * mag  # pragma: no cover


def digitize(time, event, rng, *, noise_t=0.002, noise_s=0.002, drop=0.2, flat_clicks=10, rows=8):
    """Simulated clicks on the true KM curve and the at-risk table printed under it.

    Returns (x, y, risk_times, risk_counts, total_events).
    """
    time, event = np.asarray(time, float), np.asarray(event, bool)
    ts, ss = km(time, event)
    t_end = float(time.max())
    before = np.concatenate(([1.0], ss[:-1]))
    x = np.concatenate((ts, ts))
    y = np.concatenate((before, ss))
    keep = rng.random(len(x)) >= drop
    x, y = x[keep], y[keep]
    fx = rng.uniform(0, t_end, flat_clicks)
    x = np.concatenate((x, fx, [t_end]))
    y = np.concatenate((y, step_at(ts, ss, fx), [ss[-1] if len(ss) else 1.0]))
    x = x + rng.normal(0, noise_t * t_end, len(x))
    y = y + rng.normal(0, noise_s, len(y))
    perm = rng.permutation(len(x))
    step = nice_step(t_end, rows)
    rt = np.arange(0, t_end, step)
    rn = np.array([(time >= u).sum() for u in rt])
    return x[perm], y[perm], rt, rn, int(event.sum())


def cox_hr_breslow(time, event, x) -> float:
    """log HR of a 0/1 covariate by Newton–Raphson on the Breslow partial likelihood (test helper).

    U(b) = sum_j [s_j - d_j n1 e^b / (n0 + n1 e^b)],  I(b) = sum_j d_j n0 n1 e^b / (n0 + n1 e^b)^2
    over distinct event times j (s_j: events with x = 1; n0, n1: at risk in each group).
    """
    time, event, x = np.asarray(time, float), np.asarray(event, bool), np.asarray(x, bool)
    ut = np.unique(time[event])
    st0, st1 = np.sort(time[~x]), np.sort(time[x])
    n0 = len(st0) - np.searchsorted(st0, ut, side="left")
    n1 = len(st1) - np.searchsorted(st1, ut, side="left")
    d = np.bincount(np.searchsorted(ut, time[event]), minlength=len(ut))
    s = np.bincount(np.searchsorted(ut, time[event & x]), minlength=len(ut))
    b = 0.0
    for _ in range(50):
        r = n1 * math.exp(b)
        u = float((s - d * r / (n0 + r)).sum())
        info = float((d * n0 * r / (n0 + r) ** 2).sum())
        step = u / info
        b += step
        if abs(step) < 1e-12:
            break
    return b


def log_hr(arms: dict, a0: str, a1: str) -> float:
    """log HR of arm a1 vs a0: trialscout.survival.cox_ph (Breslow) once it exists, else the helper above."""
    t = np.concatenate((arms[a0][0], arms[a1][0]))
    e = np.concatenate((arms[a0][1], arms[a1][1]))
    x = np.concatenate((np.zeros(len(arms[a0][0])), np.ones(len(arms[a1][0]))))
    try:
        from trialscout.survival import cox_ph
    except ImportError:
        return cox_hr_breslow(t, e, x)
    return float(cox_ph(t, e, x, ties="breslow", preset="r").coef[0])  # fully converged, as R
