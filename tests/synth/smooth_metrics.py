"""Measures of how a synthetic Kaplan–Meier curve moves between the published points, against what they allow.

Two measures per endpoint and arm, both computed from the published summary alone (never from the calibrated
model, which would excuse its own plateaus):

* **flat stretches** (:func:`longest_flat_stretch`): for every stretch between two consecutive events (and from
  the last event to the last follow-up while patients remain at risk), the number of events the published
  figures imply there, E = integral of n(t) h_ref(t) dt, with n(t) the realized number at risk and h_ref the
  *reference hazard*: constant between the published points of the arm (S = 1 at 0, the landmark rates, the
  median at S = 0.5), continued after the last one; an arm without a published point takes the control arm's
  reference hazard times the published hazard ratio; during the common-treatment (bridging) period the treated
  arm takes the control arm's. The largest E over the curve is reported.
* **one-month drops** (:func:`steepest_drop`): the largest S(t) - S(t + 1) over t, against the steepest drop the
  published CIs allow in that month, ``allowed(t)`` = the largest average slope between two consecutive
  published points with each one at the far end of its CI (a landmark at its CI limits, a median reached at the
  lower limit of its CI for the stretch before it and at the upper limit for the stretch after it), plus three
  binomial standard deviations of the number of events in that month. The largest ratio drop / allowed is
  reported.

Windows are counted while at least ``MIN_AT_RISK`` patients are at risk (below that one event alone moves the
curve by several points, which is sampling, not model shape).
"""

from __future__ import annotations

import math

import numpy as np

from trialscout.survival import kaplan_meier

MIN_AT_RISK = 20


def _points(arm):
    """Published (time, S, S_hi, S_lo, t_early, t_late) of one arm, S = 1 at 0 first."""
    pts = [(0.0, 1.0, 1.0, 1.0, 0.0, 0.0)]
    for lm in arm.landmarks:
        lo = lm.lower.value / 100 if lm.lower is not None else lm.rate.value / 100
        hi = lm.upper.value / 100 if lm.upper is not None else lm.rate.value / 100
        pts.append((lm.time, lm.rate.value / 100, hi, lo, lm.time, lm.time))
    if arm.median is not None and arm.median.ok:
        m = arm.median.value
        early = arm.median_lower.value if arm.median_lower is not None and arm.median_lower.ok else m
        late = arm.median_upper.value if arm.median_upper is not None and arm.median_upper.ok else m
        pts.append((m, 0.5, 0.5, 0.5, early, late))
    return sorted(pts)


def reference_hazard(pts):
    """Knots and constant hazards between published points (the last one continued)."""
    t = np.array([p[0] for p in pts])
    h = -np.log(np.array([p[1] for p in pts]))
    if len(t) < 2:
        return t, np.array([0.0])
    lam = np.maximum(np.diff(h) / np.diff(t), 0.0)
    return t, np.r_[lam, lam[-1]]


def allowed_slope(pts):
    """Steepest average monthly drop between consecutive published points at the far ends of their CIs."""
    out = []
    for a, b in zip(pts, pts[1:]):
        span = max(b[4] - a[5], 1e-6)
        out.append((a[0], b[0], max(a[2] - b[3], 0.0) / span))
    return out


class Reference:
    """Reference hazard and allowed slopes of one arm of one endpoint (see the module docstring)."""

    def __init__(self, summary, endpoint, arm_id, bridging: float):
        control = summary.control.id
        self.bridging = bridging if arm_id != control else 0.0
        own = endpoint.arms[arm_id]
        pts = _points(own)
        self.control = None
        if control in endpoint.arms and arm_id != control:
            self.control = Reference(summary, endpoint, control, 0.0)
        if len(pts) < 2:  # no published point: proportional to the control arm
            hr = endpoint.hazard_ratio.value
            self.knots, self.lam = self.control.knots, self.control.lam * hr
            self.slopes = [(a, b, s) for a, b, s in self.control.slopes]
        else:
            self.knots, self.lam = reference_hazard(pts)
            self.slopes = allowed_slope(pts)

    def hazard(self, t):
        t = np.asarray(t, dtype=float)
        j = np.clip(np.searchsorted(self.knots, t, side="right") - 1, 0, len(self.lam) - 1)
        h = self.lam[j]
        if self.control is not None and self.bridging > 0:
            h = np.where(t < self.bridging, self.control.hazard(t), h)
        return h

    def allowed(self, t0: float, t1: float) -> float:
        """Steepest average slope of a published stretch overlapping [t0, t1] (the last one continued)."""
        s = [sl for a, b, sl in self.slopes if a < t1 and b > t0]
        if not s:
            s = [self.slopes[-1][2]]
        best = max(s)
        if self.control is not None and t0 < self.bridging:
            best = max(best, self.control.allowed(t0, t1))
        return best


def longest_flat_stretch(time, event, ref: Reference, *, step: float = 0.02):
    """(E, start, end): the largest number of events the published figures imply in a stretch without events."""
    time = np.asarray(time, float)
    event = np.asarray(event, bool)
    ev = np.unique(time[event])
    edges = np.r_[0.0, ev, time.max()]
    best = (0.0, 0.0, 0.0)
    for a, b in zip(edges[:-1], edges[1:]):
        if b - a <= step:
            continue
        grid = np.arange(a + step / 2, b, step)
        n = np.array([(time >= g).sum() for g in grid])
        keep = n >= MIN_AT_RISK
        if not keep.any():
            continue
        e = float(np.sum(n[keep] * ref.hazard(grid[keep])) * step)
        if e > best[0]:
            best = (e, float(a), float(b))
    return best


def steepest_drop(time, event, ref: Reference, *, step: float = 0.05):
    """(ratio, drop, allowed, t): the largest one-month drop relative to what the published CIs allow."""
    time = np.asarray(time, float)
    event = np.asarray(event, bool)
    km = kaplan_meier(time, event)
    grid = np.arange(0.0, float(time.max()) - 1.0, step)
    best = (0.0, 0.0, 0.0, 0.0)
    for g in grid:
        n1 = int((time >= g + 1.0).sum())
        if n1 < MIN_AT_RISK:
            break
        s0 = float(km.survival_at(g).value)
        s1 = float(km.survival_at(g + 1.0).value)
        drop = s0 - s1
        n0 = int((time >= g).sum())
        slope = ref.allowed(g, g + 1.0)
        p = min(slope / max(s0, 1e-9), 1.0)  # share of those at risk who fail in the month
        allowed = slope + 3.0 * s0 * math.sqrt(p * (1 - p) / max(n0, 1)) + s0 / n1
        ratio = drop / allowed if allowed > 0 else math.inf
        if ratio > best[0]:
            best = (ratio, drop, allowed, float(g))
    return best


def curve_checks(trial):
    """Both measures for every endpoint and arm of a synthetic trial: a list of dicts."""
    s = trial.summary
    ad = trial.adtte.merge(trial.adsl[["USUBJID", "ARM"]], on="USUBJID")
    rows = []
    for ep in s.endpoints:
        for arm_id in ep.arms:
            d = ad[(ad["PARAMCD"] == ep.id) & (ad["ARM"] == arm_id)]
            t = d["AVAL"].to_numpy(float)
            e = (d["CNSR"] == 0).to_numpy()
            ref = Reference(s, ep, arm_id, s.design.bridging)
            flat = longest_flat_stretch(t, e, ref)
            drop = steepest_drop(t, e, ref)
            rows.append({"endpoint": ep.id, "arm": arm_id, "flat_events": round(flat[0], 2),
                         "flat_from": round(flat[1], 2), "flat_to": round(flat[2], 2),
                         "drop_ratio": round(drop[0], 2), "drop": round(drop[1], 4), "allowed": round(drop[2], 4),
                         "drop_at": round(drop[3], 2)})
    return rows
