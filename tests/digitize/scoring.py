"""The truth of a committed test figure and the count of its at-risk cells read exactly: one definition for the
tests (tests/digitize/test_digitize.py) and the benchmark (benchmarks/bench_digitize.py); and the simulated arms,
their true at-risk rows and the rows a digitization read, for the tests that draw their own figures."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import numpy as np

__all__ = ["truth", "at_risk_cells", "simulated_arms", "risk_at", "events_by", "read_rows"]


def truth(stem: Path):
    """The figure's metadata (<stem>.json) and its patient data by arm (<stem>.csv: arm, time, status)."""
    meta = json.loads(stem.with_suffix(".json").read_text())
    arms: dict = {}
    with open(stem.with_suffix(".csv")) as f:
        for row in csv.DictReader(f):
            arms.setdefault(row["arm"], ([], []))
            arms[row["arm"]][0].append(float(row["time"]))
            arms[row["arm"]][1].append(int(float(row["status"])))
    return meta, {k: (np.array(v[0]), np.array(v[1])) for k, v in arms.items()}


def at_risk_cells(meta: dict, arms: dict, labels: list, paired: dict) -> dict:
    """At-risk cells of each true arm against the cells read for the arm paired with it.

    cells_read / cells_exact: every cell read, and those whose number is the true number at risk at the time
    read (of read).  cells_expected / cells_expected_exact: the cells the truth lists (arm x at-risk time), and
    those a read cell at that time gives exactly (of expected).  Each expected cell is matched to at most one
    read cell, the nearest in time within a quarter of the step between at-risk times, and each read cell to at
    most one expected cell, so that cells read at times the truth does not list, or the same read arm paired
    with two true arms, cannot raise the share of expected cells read above 1."""
    at_times = np.array(meta["at_risk_times"], float)
    steps = np.diff(np.sort(at_times))
    steps = steps[steps > 0]
    tol = 0.25 * float(steps.min()) if steps.size else np.inf  # one at-risk time: the nearest read cell
    read_all = exact_read = expected = exact_expected = 0
    counted_read: set = set()  # read arms whose cells were counted once already (one arm paired twice)
    for lab in labels:
        a = paired[lab]
        t, _ = arms[lab]
        rt = np.asarray(a.risk_times, float)
        nr = np.asarray(a.n_risk)
        truth_at = [int(np.sum(t >= tt - 1e-9)) for tt in rt]
        if id(a) not in counted_read:
            counted_read.add(id(a))
            read_all += int(rt.size)
            exact_read += sum(int(int(v) == w) for v, w in zip(nr, truth_at))
        expected += int(at_times.size)
        used: set = set()
        for tt in at_times:
            free = [j for j in range(rt.size) if j not in used and abs(rt[j] - tt) <= tol]
            if not free:
                continue
            j = min(free, key=lambda j: abs(rt[j] - tt))
            used.add(j)
            exact_expected += int(int(nr[j]) == int(np.sum(t >= tt - 1e-9)))
    return {"cells_read": read_all, "cells_exact": exact_read, "cells_expected": expected,
            "cells_expected_exact": exact_expected}


def simulated_arms(seed: int, sizes, scales, follow, shape=1.2) -> list:
    """Arms of Weibull(shape, scale) event times censored uniformly on ``follow`` = (low, high), one per size:
    a list of (time, event) arrays. ``shape`` is one value or one per arm."""
    rng = np.random.default_rng(seed)
    shapes = np.broadcast_to(np.asarray(shape, float), (len(sizes),))
    out = []
    for j, n in enumerate(sizes):
        t = rng.weibull(shapes[j], n) * scales[j]
        c = rng.uniform(*follow, n)
        out.append((np.minimum(t, c), (t <= c).astype(int)))
    return out


def risk_at(arms, ticks) -> list:
    """The true numbers at risk of each arm at each tick (the Kaplan-Meier risk set just before the tick)."""
    from trialscout import kaplan_meier

    return [np.atleast_1d(kaplan_meier(t, e).n_at_risk_at(ticks)).astype(int) for t, e in arms]


def events_by(arms, ticks) -> list:
    """The events of each arm up to and including each tick."""
    return [np.array([int(((t <= x) & (e == 1)).sum()) for x in ticks]) for t, e in arms]


def read_rows(dig) -> dict:
    """A digitization's at-risk rows: arm name -> (times, counts)."""
    return {a.name: (list(map(float, a.risk_times)), list(map(int, a.n_risk))) for a in dig.arms}
