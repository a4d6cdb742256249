"""Summarize real patient-level data the way a paper would, as a published-summary mapping.

Used for the round trip "real data -> published-style summary -> synthetic trial -> same figures": it computes
what a publication reports for one time-to-event endpoint (per arm: median with its CI, landmark rates with
their CIs; the Cox hazard ratio with its CI) with trialscout's own estimators (SAS preset), and the design
facts a summary needs (arm sizes, accrual window, cut-off, median follow-up by reverse Kaplan-Meier).
"""

from __future__ import annotations

import datetime as _dt
import math

import numpy as np

from .._validate import InputError, as_event, as_labels, as_time
from ..survival import cox_ph, kaplan_meier
from .design import DAYS_PER_MONTH
from .summary import TrialSummary, parse_summary

__all__ = ["summarize_survival_data"]


def _fig(v: float, status) -> float | str:
    return round(float(v), 1) if status.value == "ok" else status.value


def summarize_survival_data(
    time,
    event,
    group,
    *,
    treated,
    control,
    landmarks=(12.0,),
    name: str = "round-trip",
    kind: str = "os",
    data_cutoff: _dt.date = _dt.date(2020, 1, 1),
) -> TrialSummary:
    """A published-style summary of one time-to-event endpoint of real data (times in months).

    Parameters
    ----------
    time, event : array-like
        Follow-up in months and event indicator (1 = event).
    group : array-like
        Arm of each subject; ``treated`` and ``control`` name the two arms compared.
    landmarks : sequence of float
        Landmark times (months) whose rates are reported.
    kind : str
        Endpoint kind of the summary ("os", "pfs", ...).
    data_cutoff : date
        A nominal cut-off; the accrual window ends at the cut-off minus the shortest censored follow-up and
        starts at the cut-off minus the longest follow-up.

    Returns
    -------
    TrialSummary
        Validated as a summary file would be (``path`` = "<round-trip>").
    """
    t = as_time(time)
    e = as_event(event, len(t))
    g = as_labels(group, len(t), "group")
    keep = (g == treated) | (g == control)
    if not keep.any() or (g == treated).sum() < 2 or (g == control).sum() < 2:
        raise InputError(f"`group` must hold at least two subjects of {treated!r} and of {control!r}")
    t, e, g = t[keep], e[keep], g[keep]
    arms = {}
    for a in (treated, control):
        m = g == a
        km = kaplan_meier(t[m], e[m])
        med = km.median()
        lms = []
        for lt in landmarks:
            s = km.survival_at(lt)
            if s.value_status.value != "ok":
                continue
            lms.append({"time": float(lt), "rate": round(100 * s.value, 1),
                        "ci": [round(100 * s.lower, 1), round(100 * s.upper, 1)]})
        arms[str(a)] = {"median": _fig(med.value, med.value_status),
                        "median_ci": [_fig(med.lower, med.lower_status), _fig(med.upper, med.upper_status)],
                        "landmarks": lms}
    hr = cox_ph(t, e, (g == treated).astype(float)).hazard_ratio()
    fu = kaplan_meier(t, ~e).median()
    longest = float(t.max())
    shortest_cens = float(t[~e].min()) if (~e).any() else 0.5 * longest
    start = data_cutoff - _dt.timedelta(days=math.ceil(longest * DAYS_PER_MONTH) + 1)
    end = data_cutoff - _dt.timedelta(days=max(int(shortest_cens * DAYS_PER_MONTH), 1))
    mfu = float(fu.value) if fu.value_status.value == "ok" else 0.5 * longest
    lo = (data_cutoff - end).days / DAYS_PER_MONTH
    hi = (data_cutoff - start).days / DAYS_PER_MONTH
    mfu = float(np.clip(mfu, lo + 0.05 * (hi - lo), hi - 0.05 * (hi - lo)))
    n_t, n_c = int((g == treated).sum()), int((g == control).sum())
    gcd = math.gcd(n_t, n_c)
    alloc = [n_t // gcd, n_c // gcd]
    raw = {
        "trial": {"name": name, "title": name, "source": "summarized from patient-level data"},
        "arms": [{"id": str(treated), "n_itt": int((g == treated).sum()), "control": False},
                 {"id": str(control), "n_itt": int((g == control).sum()), "control": True}],
        # allocation in the observed ratio, one permuted block per (reduced) ratio: the arm sizes are exact
        "design": {"allocation": alloc, "block_size": sum(alloc),
                   "accrual_start": start, "accrual_end": end, "data_cutoff": data_cutoff,
                   "median_followup": round(mfu, 1)},
        "endpoints": [{"id": kind.upper(), "kind": kind, "arms": arms,
                       "hazard_ratio": {"value": round(hr.value, 2), "ci": [round(hr.lower, 2), round(hr.upper, 2)],
                                        "weighting": "none", "stratified": False}}],
    }
    return parse_summary(raw, path="<round-trip>")
