"""Calibration on the realized sample: tune each arm's survival model so that the synthetic trial's own
Kaplan–Meier figures and hazard ratio hit the published ones, with the seed's random draws held fixed.

Method (common random numbers). Each subject has a fixed uniform u_i; its latent event time is the model's
inverse CDF at u_i, so the sample is a deterministic, monotone function of the model. The calibration is a
sequence of small steps, each a method of :class:`_Calibration`:

1. **Anchors** (:func:`_anchors_for`): the published points of each arm as (time, cumulative hazard H)
   targets: landmark rates (S = rate), the median (S = 0.5), and the median's CI limits (S a little above 0.5
   at the lower limit, a little below at the upper one: where the log-log pointwise band crosses 0.5).
2. **The hazard model between published points** (:func:`hazard_model`, the one modelling choice): H is a
   *monotone cubic through the anchors* (:class:`~trialscout.synth.models.MonotoneCumulativeHazard`), so the
   hazard is continuous and moves smoothly from one published stretch to the next; there are no flat
   stretches and no cliffs other than those the published points force. Before the first published time an
   extra knot half-way carries the fraction ``shape`` of that interval's hazard (bounded to ``SHAPE_RANGE``,
   a hazard at most 3x higher in one half than in the other). After the last published time the hazard
   continues at the last stretch's level times ``tail`` (bounded to ``TAIL_RANGE``; an arm whose median is
   "NR" is capped so that it stays above 50% to the end of follow-up). During the common-treatment (bridging)
   period the treated arm's H equals the control arm's. An arm without any published point follows
   proportional hazards to the other arm, S_trt = S_ctrl^theta.
3. **Fit the anchors to the realized sample** (:meth:`_Calibration.fit_anchors`): a damped fixed point moves
   every anchor's H until the realized KM hits it (rates and medians on the survival scale, median CI limits on
   the realized Brookmeyer–Crowley limit itself); a median CI limit still off is then found by bisection on
   its anchor's H (:meth:`_Calibration.repair_limits`).
4. **Keep "NR" and "NE"** (:meth:`_Calibration.run`): a median that must stay not reached, or a limit that must
   stay not estimable, lowers the arm's tail.
5. **Drop-out** (:meth:`_Calibration.fit_dropout`, only for endpoints the caller allows it for, e.g.
   patient-reported outcomes whose published CIs show fewer patients at risk than the ITT set): an
   exponential drop-out rate per arm, acting up to the first published landmark, set by bisection so that the
   realized CI of that landmark rate is as wide as the published one.
6. **Match the hazard ratio** (:meth:`_Calibration.match_hazard_ratio`): a bracketing search over one lever at a
   time (treated shape, treated tail, control shape, control tail; theta for a proportional arm), each
   evaluation running steps 3-4.
   An endpoint without a hazard ratio searches its tails (and drop-out) only while a figure is out of
   tolerance (:meth:`_Calibration.fit_marginals`).
7. **Polish** (:meth:`_Calibration.polish`): a coordinate search over every lever on one score, the squared
   errors of every published figure in units of its tolerance, with a steep penalty beyond 0.8 tolerances
   (:func:`_score`); the best sample evaluated is returned as it is,
   so the reported fit is exactly the data written.

Anything still out of tolerance at the end is reported in ``EndpointFit.messages``.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass, field
from typing import Any, Callable

import numpy as np
from scipy import optimize, stats

from .._results import freeze_arrays
from ..survival import cox_ph, kaplan_meier
from .models import MonotoneCumulativeHazard
from .summary import HazardRatio, TteArm

__all__ = ["ArmFit", "EndpointFit", "calibrate_endpoint", "band_target", "hazard_model", "SHAPE_RANGE",
           "TAIL_RANGE"]

Z95 = float(stats.norm.ppf(0.975))
#: Share of the first published interval's cumulative hazard that falls in its first half (0.5: an even
#: hazard). The bounds keep the hazard of one half within 3x that of the other.
SHAPE_RANGE = (0.25, 0.75)
#: Hazard after the last published time, as a multiple of the last published stretch's hazard.
TAIL_RANGE = (0.4, 2.5)
#: Tolerances of the score, as the comparison with the publication uses them.
RATE_TOL, MEDIAN_TOL, HR_TOL, HR_CI_TOL = 0.02, 1.0, 0.03, 0.05
#: Iterations of the anchors' fixed point with full steps before the median-CI steps are refined.
REFINE_AFTER = 10
#: Moves of the coordinate search (each the first lever step that lowers the score).
POLISH_ROUNDS = 4
#: The fixed point stops after this many iterations without a better score.
STALL = 6
#: Weight of the squared part of an error beyond 0.8 tolerances in the score.
PENALTY = 25.0
#: Error (in tolerances) counted when a status that must stay "NR" or "NE" does not.
STATUS_ERROR = 2.0


def _score(errors) -> float:
    """Squared errors in tolerances, plus a steep penalty on the part of each error beyond 0.8 tolerances: a
    sample with every figure inside its tolerance beats one that is closer on average but misses one."""
    e = np.abs(np.asarray(list(errors), dtype=float))
    if e.size == 0:
        return 0.0
    return float(np.sum(e * e) + PENALTY * np.sum(np.maximum(e - 0.8, 0.0) ** 2))


def band_target(greenwood: float, which: str, z: float = Z95) -> float:
    """Survival S at which the log-log pointwise limit equals 0.5, given the Greenwood sum V.

    Lower limit: S^exp(u) = 0.5 with u = z sqrt(V) / |log S|, i.e. x exp(c / x) = log 2 with x = -log S,
    c = z sqrt(V) (a root in (c, log 2) exists when c e < log 2). Upper limit: x exp(-c / x) = log 2, root in
    (log 2, inf). Returns NaN when there is no such S.
    """
    c = z * math.sqrt(max(greenwood, 0.0))
    ln2 = math.log(2.0)
    if c <= 0:
        return 0.5
    if which == "lower":
        if c * math.e >= ln2:
            return math.nan
        x = optimize.brentq(lambda x: x * math.exp(c / x) - ln2, c, ln2)
    else:
        hi = ln2 + 1.0
        while hi * math.exp(-c / hi) < ln2:
            hi *= 2
        x = optimize.brentq(lambda x: x * math.exp(-c / x) - ln2, ln2, hi)
    return math.exp(-x)


def hazard_model(knots, cumhaz, tail_hazard: float) -> MonotoneCumulativeHazard:
    """The hazard model between published points: a monotone cubic cumulative hazard through the knots.

    Knots closer than 0.05 time units are merged, and H is made strictly increasing (a floor of 1e-5 per
    unit time), so that every stretch carries some hazard: a survival curve of patients with a progressive
    disease has no stretch without risk.
    """
    t = np.asarray(knots, dtype=float)
    h = np.asarray(cumhaz, dtype=float)
    keep = np.r_[True, np.diff(t) > 0.05]
    t, h = t[keep], h[keep]
    h = np.maximum.accumulate(h)
    h = h + 1e-5 * t  # strictly increasing
    return MonotoneCumulativeHazard(t, h, float(max(tail_hazard, 1e-5)))


@dataclass
class _Anchor:
    time: float
    kind: str  # rate | median | lower_band | upper_band
    target: float  # S for rate/median; unused for bands
    h: float  # model cumulative hazard at time
    ci: tuple | None = None  # published CI of a landmark rate (fractions), scored but not steered
    offset: float = 0.0  # median anchors: shift of the aimed survival (see fit_anchors)
    gain: float = 0.08  # median CI anchors: step of the steering, halved whenever the error changes sign
    last_err: float = 0.0


@dataclass(frozen=True, slots=True)
class ArmFit:
    """The fitted model of one arm and how it was built (``anchors``: the (time, kind, target) it was fitted to)."""

    model: Any  # MonotoneCumulativeHazard, or None for an arm without data
    mode: str  # "anchors" | "proportional" | "none"
    anchors: tuple = ()
    tail_factor: float = 1.0


@dataclass(frozen=True, slots=True)
class EndpointFit:
    """Result of calibrating one endpoint."""

    arms: dict  # arm code (0 control, 1 treated) -> ArmFit
    latent_days: np.ndarray
    time: np.ndarray  # observed, months
    event: np.ndarray
    hazard_ratio: float
    shape: float
    messages: tuple
    dropout: dict = field(default_factory=dict)
    tail: dict = field(default_factory=dict)

    def __post_init__(self):
        freeze_arrays(self)


def _loglog_width(lower: float, upper: float) -> float:
    """Width of a CI of S on the log(-log) scale (NaN-safe: 0 when a limit is missing)."""
    if not (0 < lower < 1 and 0 < upper < 1):
        return 0.0
    return abs(math.log(-math.log(lower)) - math.log(-math.log(upper)))


def _anchors_for(arm: TteArm | None) -> tuple[list[_Anchor], bool, bool, bool]:
    """Anchors from the published figures of one arm, and flags (median must stay NR, lower limit NE, upper NE)."""
    if arm is None:
        return [], False, False, False
    out = []
    for lm in arm.landmarks:
        ci = (lm.lower.value / 100.0, lm.upper.value / 100.0) if lm.lower is not None and lm.upper is not None else None
        out.append(_Anchor(lm.time, "rate", lm.rate.value / 100.0, -math.log(lm.rate.value / 100.0), ci))
    if arm.median is not None and arm.median.ok:
        out.append(_Anchor(arm.median.value, "median", 0.5, math.log(2)))
    if arm.median_lower is not None and arm.median_lower.ok:
        out.append(_Anchor(arm.median_lower.value, "lower_band", math.nan, -math.log(0.58)))
    if arm.median_upper is not None and arm.median_upper.ok:
        out.append(_Anchor(arm.median_upper.value, "upper_band", math.nan, -math.log(0.42)))
    out.sort(key=lambda a: a.time)
    hmax = 0.0  # initial H non-decreasing in time
    for a in out:
        hmax = max(hmax, a.h)
        a.h = hmax
    nr = arm.median is not None and arm.median.status == "NR"
    lower_ne = arm.median_lower is not None and not arm.median_lower.ok
    upper_ne = arm.median_upper is not None and not arm.median_upper.ok
    return out, nr, lower_ne, upper_ne


class _Calibration:
    """The state of one endpoint's calibration (anchors and levers) and its steps (see the module docstring)."""

    def __init__(self, u, arm_code, observe, published, hazard_ratio, strata, bridging, max_followup, dropout_u,
                 inner_iterations):
        self.u, self.arm_code, self.observe = u, arm_code, observe
        self.published, self.hr_pub, self.strata = published, hazard_ratio, strata
        self.bridging, self.max_followup, self.dropout_u = bridging, max_followup, dropout_u
        self.inner_iterations = inner_iterations
        self.anchors: dict[int, list[_Anchor]] = {}
        self.flags: dict[int, tuple[bool, bool, bool]] = {}
        for code in (0, 1):
            an, *fl = _anchors_for(published.get(code))
            self.anchors[code], self.flags[code] = an, (fl[0], fl[1], fl[2])
        self.present = {c: c in published for c in (0, 1)}
        self.have = {c: bool(self.anchors[c]) for c in (0, 1)}
        if not self.have[0] and not self.have[1]:
            raise ValueError("no arm has a published time point to anchor the model")
        self.idx = {c: np.flatnonzero(arm_code == c) for c in (0, 1)}
        self.want_hr = hazard_ratio is not None and self.present[0] and self.present[1]
        # the free arm: proportional hazards to the other arm when it has no anchor of its own
        self.free = 1 if self.present[1] and not self.have[1] else (0 if self.present[0] and not self.have[0]
                                                                      else None)
        self.order = [c for c in (0, 1) if c != self.free] + ([self.free] if self.free is not None else [])
        # levers
        self.levers = {"shape": 0.5 if self.free is None else 1.0, "cshape": 0.5, "tail1": 1.0, "tail0": 1.0,
                       "drop0": 0.0, "drop1": 0.0}
        lm_times = [lm.time for a in published.values() for lm in a.landmarks]
        self.dropout_until = min(lm_times) if lm_times else math.inf
        # bookkeeping of the last fit and of the best sample seen
        self.last_score = 0.0
        self.last_max = 0.0
        self.hr_ci = [math.nan, math.nan]
        self.best: list = []  # [score, (models, latent, time, event, hr, shape), levers, worst error]

    # -- step 2: the arm models --------------------------------------------------------------------------------
    def build_arm(self, code: int, models: dict) -> ArmFit:
        """The model of one arm from its anchors and levers (or proportional to the other arm)."""
        lv = self.levers
        if not self.present[code]:
            return ArmFit(None, "none")
        if code == self.free:
            other = models[1 - code].model
            theta = lv["shape"] if self.want_hr else 1.0
            tail = lv[f"tail{code}"]
            return ArmFit(MonotoneCumulativeHazard(other.knots, theta * other.cumhaz, theta * other.end_hazard * tail),
                          "proportional", (), theta)
        an = self.anchors[code]
        t, h = [0.0], [0.0]
        first = an[0].time
        start = 0.0
        if code == 1 and 0 < self.bridging < first and 0 in models and self.present[0]:
            hb = float(models[0].model.cumulative_hazard(self.bridging))  # same therapy as the control arm
            t.append(self.bridging)
            h.append(min(hb, 0.9 * an[0].h))
            start = self.bridging
        if self.want_hr and self.free is None:
            w = lv["shape"] if code == 1 else lv["cshape"]
            t.append(0.5 * (start + first))
            h.append(h[-1] + w * (an[0].h - h[-1]))
        for a in an:
            t.append(a.time)
            h.append(max(a.h, h[-1]))
        lam = self._tail_hazard(code, t, h)
        return ArmFit(hazard_model(t, h, lam), "anchors", tuple((a.time, a.kind, a.target) for a in an),
                      lv[f"tail{code}"])

    def _tail_hazard(self, code: int, t: list, h: list) -> float:
        """Hazard after the last published time: the last stretch's, times the arm's tail lever; capped for NR."""
        if len(t) >= 2 and t[-1] > t[-2]:
            last = max((h[-1] - h[-2]) / (t[-1] - t[-2]), 0.0)
        else:
            last = h[-1] / t[-1] if t[-1] > 0 else 0.0
        lam = last * self.levers[f"tail{code}"]
        nr = self.flags[code][0]
        if nr and self.max_followup > t[-1]:
            # an NR curve must stay above 50% to the end of follow-up
            room = math.log(2) - h[-1]
            lam = min(lam, max(room, 0.0) * 0.8 / (self.max_followup - t[-1]))
        return lam

    def models(self) -> dict:
        models: dict = {}
        for code in self.order:
            models[code] = self.build_arm(code, models)
        return models

    # -- the sample ------------------------------------------------------------------------------------------
    def simulate(self):
        """Models, latent event days, observed time and event of every subject under the current state."""
        models = self.models()
        latent = np.full(len(self.u), np.inf)
        for code in (0, 1):
            if self.present[code]:
                latent[self.idx[code]] = models[code].model.time(self.u[self.idx[code]]) * 30.4375
        latent = np.maximum(np.ceil(latent), 1.0)
        time, event = self.observe(latent)
        d0, d1 = self.levers["drop0"], self.levers["drop1"]
        if self.dropout_u is not None and (d0 > 0 or d1 > 0):
            rate = np.where(self.arm_code == 1, d1, d0)
            with np.errstate(divide="ignore"):
                cens = np.where(rate > 0, np.ceil(-np.log(self.dropout_u) / rate * 30.4375) / 30.4375, np.inf)
            # drop-out acts up to the first published landmark (missed assessments while on study); beyond it
            # only the administrative cut-off censors
            cens = np.where(cens <= self.dropout_until, cens, np.inf)
            event = event & (time <= cens)
            time = np.minimum(time, cens)
        return models, latent, time, event

    def km(self, time, event, code):
        return kaplan_meier(time[self.idx[code]], event[self.idx[code]])

    # -- step 3: anchors to the realized sample ----------------------------------------------------------------
    def _status_errors(self, code: int, med) -> list[float]:
        nr, lower_ne, upper_ne = self.flags[code]
        errs = []
        if nr and med.is_reached:
            errs.append(STATUS_ERROR)
        if lower_ne and med.lower_status.value == "ok":
            errs.append(STATUS_ERROR)
        if upper_ne and med.upper_status.value == "ok":
            errs.append(STATUS_ERROR)
        return errs

    def _update_anchors(self, code: int, k, refine: bool) -> list[float]:
        """One damped fixed-point step of every anchor of an arm; returns the errors in tolerances.

        ``refine``: later iterations halve a median-CI anchor's step whenever its error changes sign (the limit
        moves by whole events; the first iterations keep full steps, and the best state seen is kept)."""
        med = k.median()
        errs: list[float] = []
        prev_h = 0.0
        for a in self.anchors[code]:
            j = np.searchsorted(k.time, a.time, side="right") - 1
            if j < 0:
                prev_h = a.h
                continue
            if a.kind in ("lower_band", "upper_band"):
                # steer the realized Brookmeyer-Crowley limit itself: more hazard before the anchor when the
                # limit comes too late (or is NE), less when it comes too early
                lim, st = (med.lower, med.lower_status) if a.kind == "lower_band" else (med.upper, med.upper_status)
                e = (lim - a.time) if st.value == "ok" else 3.0
                errs.append(abs(e) / MEDIAN_TOL)
                if refine and e * a.last_err < 0:  # overshot: the limit jumped to the other side
                    a.gain *= 0.5
                a.last_err = e
                step = max(a.h - prev_h, 1e-4) * float(np.clip(math.exp(a.gain * e), 0.75, 1.33))
                a.h = prev_h + step
                prev_h = a.h
                continue
            s_hat = float(k.survival[j])
            if not 0 < s_hat < 1:
                prev_h = a.h
                continue
            if a.kind == "median":
                err_t = (med.value - a.time) if med.is_reached else 3.0
                errs.append(abs(err_t) / MEDIAN_TOL)
                # the median is the first event time with S < 0.5: when the realized one lands more than half a
                # month off, move the survival aimed at the anchor by a small offset
                if abs(err_t) > 0.5:
                    a.offset = float(np.clip(a.offset - 0.004 * np.sign(err_t), -0.04, 0.04))
            else:
                errs.append(abs(s_hat - a.target) / RATE_TOL)
                if a.ci is not None:
                    lo, hi = float(k.lower[j]), float(k.upper[j])
                    if math.isfinite(lo) and math.isfinite(hi):
                        errs += [abs(lo - a.ci[0]) / RATE_TOL, abs(hi - a.ci[1]) / RATE_TOL]
            # damped (exponent 0.7): the realized KM is a step function and full steps can cycle
            a.h = max(a.h * (math.log(a.target + a.offset) / math.log(s_hat)) ** 0.7, 1e-6)
            prev_h = a.h
        hm = 0.0
        for a in self.anchors[code]:
            hm = max(hm, a.h)
            a.h = hm
        return errs

    def fit_anchors(self):
        """Fixed point of the anchors on the realized sample; keeps (and restores) the best anchors seen."""
        best: tuple[float, list[list[float]], float] | None = None
        for an in self.anchors.values():
            for a in an:
                a.gain, a.last_err = 0.08, 0.0
        stall = 0
        for it in range(max(self.inner_iterations, 1)):
            _, _, time, event = self.simulate()
            snapshot = [[a.h for a in self.anchors[c]] for c in (0, 1)]
            errs: list[float] = []
            for code in (0, 1):
                if not self.present[code]:
                    continue
                k = self.km(time, event, code)
                errs += self._status_errors(code, k.median())
                if self.have[code] and code != self.free:
                    errs += self._update_anchors(code, k, refine=it >= REFINE_AFTER)
            score = _score(errs)
            if best is None or score < best[0]:
                best = (score, snapshot, max(errs) if errs else 0.0)
                stall = 0
            else:
                stall += 1
            if not errs or max(errs) < 0.3 or stall >= STALL:
                break
        assert best is not None  # at least one iteration ran
        for c in (0, 1):
            for a, h in zip(self.anchors[c], best[1][c]):
                a.h = h
        self.last_score, self.last_max = best[0], best[2]
        if self.last_max > 0.8:
            self.repair_limits()
        return self.simulate()

    def _limit_error(self, code: int, a: _Anchor, time, event) -> float:
        """Realized Brookmeyer-Crowley limit minus the published one (3 when it is NE)."""
        med = self.km(time, event, code).median()
        lim, st = (med.lower, med.lower_status) if a.kind == "lower_band" else (med.upper, med.upper_status)
        return (lim - a.time) if st.value == "ok" else 3.0

    def _all_errors(self, time, event) -> list[float]:
        """Every figure's error in tolerances under the current sample (no anchor is moved)."""
        errs: list[float] = []
        for code in (0, 1):
            if not self.present[code]:
                continue
            k = self.km(time, event, code)
            med = k.median()
            errs += self._status_errors(code, med)
            if not self.have[code] or code == self.free:
                continue
            for a in self.anchors[code]:
                j = np.searchsorted(k.time, a.time, side="right") - 1
                if j < 0:
                    continue
                if a.kind in ("lower_band", "upper_band"):
                    errs.append(abs(self._limit_error(code, a, time, event)) / MEDIAN_TOL)
                elif a.kind == "median":
                    errs.append(abs((med.value - a.time) if med.is_reached else 3.0) / MEDIAN_TOL)
                else:
                    errs.append(abs(float(k.survival[j]) - a.target) / RATE_TOL)
                    lo, hi = float(k.lower[j]), float(k.upper[j])
                    if a.ci is not None and math.isfinite(lo) and math.isfinite(hi):
                        errs += [abs(lo - a.ci[0]) / RATE_TOL, abs(hi - a.ci[1]) / RATE_TOL]
        return errs

    def repair_limits(self, steps: int = 10) -> None:
        """Bisection on the H of each median-CI anchor still more than 0.8 months off.

        The realized limit moves by whole events, so the fixed point can jump over the published time; with
        the other anchors held, more hazard before the anchor brings the limit earlier (a monotone step
        function of H), and bisection finds the H whose limit falls within tolerance when there is one. The
        result is kept only if the score of every figure improves."""
        _, _, time, event = self.simulate()
        current = _score(self._all_errors(time, event))
        for code in (0, 1):
            if not self.have[code] or code == self.free:
                continue
            an = self.anchors[code]
            for n_a, a in enumerate(an):
                if a.kind not in ("lower_band", "upper_band"):
                    continue
                e0 = self._limit_error(code, a, time, event)
                if abs(e0) <= 0.8:
                    continue
                h0 = a.h
                lo = an[n_a - 1].h + 1e-4 if n_a > 0 else 1e-4
                hi = an[n_a + 1].h - 1e-4 if n_a + 1 < len(an) else 1.5 * h0
                if e0 > 0:  # too late: more hazard
                    lo_h, hi_h = h0, max(hi, h0)
                else:
                    lo_h, hi_h = min(lo, h0), h0
                best_h, best_e = h0, e0
                for _ in range(steps):
                    a.h = 0.5 * (lo_h + hi_h)
                    _, _, t2, ev2 = self.simulate()
                    e = self._limit_error(code, a, t2, ev2)
                    if abs(e) < abs(best_e):
                        best_h, best_e = a.h, e
                    if abs(e) <= 0.5:
                        break
                    if e > 0:
                        lo_h = a.h
                    else:
                        hi_h = a.h
                a.h = best_h
                _, _, t2, ev2 = self.simulate()
                errs = self._all_errors(t2, ev2)
                if _score(errs) < current:
                    current, time, event = _score(errs), t2, ev2
                    self.last_score, self.last_max = current, max(errs) if errs else 0.0
                else:
                    a.h = h0

    # -- step 4: NR and NE stay so ---------------------------------------------------------------------------
    def run(self):
        """Steps 3-4 under the current levers: fit the anchors, and lower the tail of an arm that must stay NR/NE."""
        out = self.fit_anchors()
        for _ in range(5):
            _, _, time, event = out
            again = False
            for code in (0, 1):
                if not self.present[code]:
                    continue
                if self._status_errors(code, self.km(time, event, code).median()):
                    self.levers[f"tail{code}"] *= 0.5
                    again = True
            if not again:
                break
            out = self.fit_anchors()
        return out

    # -- step 5: drop-out ------------------------------------------------------------------------------------
    def fit_dropout(self) -> None:
        if self.dropout_u is None:
            return
        for code in (0, 1):
            pub = self.published.get(code)
            lms = [lm for lm in (pub.landmarks if pub else ()) if lm.lower is not None and lm.upper is not None]
            if not lms or code == self.free:
                continue
            lm = lms[0]
            key = f"drop{code}"

            def width(rate_: float) -> float:
                self.levers[key] = rate_
                _, _, time, event = self.run()
                e = self.km(time, event, code).survival_at(lm.time)
                return _loglog_width(e.lower, e.upper)

            want = _loglog_width(lm.lower.value / 100, lm.upper.value / 100)
            if width(0.0) >= want * 0.97:
                self.levers[key] = 0.0
                continue
            lo_r, hi_r = 0.0, 0.01
            while width(hi_r) < want and hi_r < 0.64:
                lo_r, hi_r = hi_r, hi_r * 2
            for _ in range(8):
                mid = 0.5 * (lo_r + hi_r)
                if width(mid) < want:
                    lo_r = mid
                else:
                    hi_r = mid
            self.levers[key] = 0.5 * (lo_r + hi_r)

    # -- steps 6-7: the hazard ratio -------------------------------------------------------------------------
    def hazard_ratio_of(self, time, event) -> float:
        x = (self.arm_code == 1).astype(float)
        h = self.hr_pub
        st = self.strata if (h is not None and h.stratified) else None
        w = None if h is None or h.weighting == "none" else h.weighting
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            fit = cox_ph(time, event, x, strata=st, weights=w)
        e = fit.hazard_ratio()
        self.hr_ci[:] = [float(e.lower), float(e.upper)]
        return float(e.value)

    def _hr_errors(self, hr: float) -> tuple[float, float, float]:
        h = self.hr_pub
        return ((hr - h.value) / HR_TOL, (self.hr_ci[0] - h.lower) / HR_CI_TOL, (self.hr_ci[1] - h.upper) / HR_CI_TOL)

    def evaluate(self, levers: dict | None = None) -> tuple[float, float]:
        """Run steps 3-4 under ``levers``; score the sample (every figure, in tolerances) and keep the best.

        Returns (score, log HR error)."""
        if levers is not None:
            self.levers.update(levers)
        out = self.run()
        hr, e = math.nan, ()  # type: tuple[float, tuple[float, ...]]
        if self.want_hr:
            hr = self.hazard_ratio_of(out[2], out[3])
            e = self._hr_errors(hr)
        score = _score(e) + self.last_score
        if not self.best or score < self.best[0]:
            self.best[:] = [score, (*out, hr, self.levers["shape"]), dict(self.levers),
                            max(max((abs(x) for x in e), default=0.0), self.last_max)]
        return score, (math.log(hr) - math.log(self.hr_pub.value)) if self.want_hr else 0.0

    def _clip(self, key: str, value: float) -> float:
        if key in ("shape", "cshape") and self.free is None:
            return float(np.clip(value, *SHAPE_RANGE))
        if key in ("tail0", "tail1"):
            return float(np.clip(value, 0.01, TAIL_RANGE[1]))
        return float(value)

    def _grids(self) -> list[tuple[str, np.ndarray]]:
        if self.free is not None:
            return [("shape", np.exp(np.linspace(math.log(0.1), math.log(2.5), 9)))]
        grids = [("shape", np.linspace(*SHAPE_RANGE, 5))]
        tails = np.exp(np.linspace(math.log(TAIL_RANGE[0]), math.log(TAIL_RANGE[1]), 5))
        if self.have[1]:
            grids.append(("tail1", tails))
        if self.have[0]:
            grids += [("cshape", np.linspace(*SHAPE_RANGE, 5)), ("tail0", tails)]
        return grids

    def match_hazard_ratio(self) -> None:
        """One lever at a time: a grid, then bisection on the sign change of the log HR error."""
        fbest = math.inf
        for key, grid in self._grids():
            vals = np.array([self.evaluate({key: float(g)})[1] for g in grid])
            i = int(np.argmin(np.abs(vals)))
            best_g = float(grid[i]) if abs(vals[i]) < abs(fbest) else None
            fbest = min(fbest, abs(vals[i]))
            for j in (i - 1, i):
                if 0 <= j < len(grid) - 1 and np.sign(vals[j]) != np.sign(vals[j + 1]):
                    a, b, fa = float(grid[j]), float(grid[j + 1]), vals[j]
                    for _ in range(8):
                        m = 0.5 * (a + b)
                        fm = self.evaluate({key: m})[1]
                        if abs(fm) < fbest:
                            best_g, fbest = m, abs(fm)
                        if abs(fm) < 0.008:
                            break
                        if np.sign(fm) == np.sign(fa):
                            a, fa = m, fm
                        else:
                            b = m
                    break
            default = 0.5 if key in ("shape", "cshape") and self.free is None else 1.0
            self.levers[key] = best_g if best_g is not None else default
            if fbest < 0.02:
                break

    def polish(self, start: dict, current: float) -> None:
        """Coordinate search from ``start`` (score ``current``); evaluate() keeps the global best."""
        if not self.want_hr:  # the shape levers act only when a hazard ratio is matched
            keys = [f"tail{c}" for c in (0, 1) if self.have[c]]
        else:
            keys = ["shape", "cshape", "tail1", "tail0"] if self.free is None else ["shape"]
        keys += [f"drop{c}" for c in (0, 1) if self.dropout_u is not None and start[f"drop{c}"] > 0]
        state = dict(start)
        for _ in range(POLISH_ROUNDS):
            improved = False
            for key in keys:
                for up in (False, True):
                    trial = dict(state)
                    if key in ("shape", "cshape") and self.free is None:
                        trial[key] = self._clip(key, state[key] + (0.08 if up else -0.08))
                    else:
                        trial[key] = self._clip(key, state[key] * (1.25 if up else 0.8))
                    if trial[key] == state[key]:
                        continue
                    score = self.evaluate(trial)[0]
                    if score < current:
                        state, current = trial, score
                        improved = True
                        break
            if not improved:
                break

    def fit_hazard_ratio(self) -> None:
        """Steps 6-7, with restarts from up to six other points of the lever space while a figure is out of
        tolerance."""
        self.match_hazard_ratio()
        self.polish(dict(self.best[2]), self.best[0])
        if self.best[3] > 0.9 and self.free is None:
            base = dict(self.best[2])
            lo, hi = SHAPE_RANGE
            mid = 0.5 * (lo + hi)
            for preset in ({"shape": lo, "cshape": hi, "tail1": 0.5, "tail0": 2.0},
                           {"shape": hi, "cshape": lo, "tail1": 1.0, "tail0": 0.5},
                           {"shape": mid, "cshape": mid, "tail1": 1.0, "tail0": 1.0},
                           {"shape": lo, "cshape": lo, "tail1": 1.5, "tail0": 1.0},
                           {"shape": hi, "cshape": hi, "tail1": 0.7, "tail0": 1.5},
                           {"shape": 0.5 * (lo + mid), "cshape": 0.5 * (mid + hi), "tail1": 1.2, "tail0": 0.7}):
                if self.best[3] <= 0.9:
                    break
                start = {**base, **preset}
                self.polish(start, self.evaluate(start)[0])

    def fit_marginals(self) -> None:
        """Without a hazard ratio: the tails (and drop-out) alone, searched only while a figure is out of
        tolerance: a grid over each tail lever, then the polish."""
        self.evaluate()
        if self.best[3] <= 0.9:
            return
        tails = np.exp(np.linspace(math.log(TAIL_RANGE[0]), math.log(TAIL_RANGE[1]), 5))
        for c in (0, 1):
            if self.have[c] and self.best[3] > 0.9:
                start = dict(self.best[2])
                for g in tails:
                    self.evaluate({**start, f"tail{c}": float(g)})
        self.polish(dict(self.best[2]), self.best[0])

    # -- the result ------------------------------------------------------------------------------------------
    def result(self) -> EndpointFit:
        messages: list[str] = []
        hr = math.nan
        if self.best:
            models, latent, time, event, hr, shape = self.best[1]
            self.levers.update(self.best[2])
        else:
            models, latent, time, event = self.run()
            shape = self.levers["shape"]
        if self.want_hr:
            hr = self.hazard_ratio_of(time, event)  # also sets hr_ci for this very sample
            if abs(hr - self.hr_pub.value) > HR_TOL:
                messages.append(f"hazard ratio: the model reaches {hr:.3f} at best, not {self.hr_pub.value:g} "
                                f"(tolerance {HR_TOL:g})")
        for code in (0, 1):
            if self.present[code]:
                messages += _misses(self.published[code], self.km(time, event, code),
                                    "treated arm" if code == 1 else "control arm")
        if self.want_hr and math.isfinite(hr):
            h = self.hr_pub
            for name, got, want in (("HR CI lower", self.hr_ci[0], h.lower), ("HR CI upper", self.hr_ci[1], h.upper)):
                if abs(got - want) > HR_CI_TOL:
                    messages.append(f"{name}: {got:.2f} where the paper has {want:g} (tolerance {HR_CI_TOL:g})")
        lv = self.levers
        return EndpointFit(models, latent, time, event, hr, shape, tuple(messages),
                           {0: lv["drop0"], 1: lv["drop1"]}, {0: lv["tail0"], 1: lv["tail1"]})


def calibrate_endpoint(
    u: np.ndarray,
    arm_code: np.ndarray,
    observe: Callable,
    published: dict,
    hazard_ratio: HazardRatio | None,
    *,
    strata: np.ndarray | None,
    bridging: float,
    max_followup: float,
    dropout_u: np.ndarray | None = None,
    inner_iterations: int = 20,
) -> EndpointFit:
    """Fit the two arms' models of one endpoint to its published figures on the realized sample.

    Parameters
    ----------
    u : ndarray
        Uniform draw of every subject (ITT order), held fixed.
    arm_code : ndarray of int
        1 = treated arm, 0 = control arm.
    observe : callable
        ``observe(latent_days) -> (time_months, event)``: turns latent event days of every subject into the
        observed endpoint (censoring, and the constraints tying it to endpoints fitted before).
    published : dict
        Arm code -> :class:`TteArm` (missing arms have no published figure).
    hazard_ratio : HazardRatio or None
        The published HR and its estimand (weights, stratification).
    strata : ndarray or None
        Stratum label per subject, used when the HR is stratified.
    bridging : float
        Length of the common-treatment period (months); 0 = none.
    max_followup : float
        Longest possible follow-up (months), for the tail of NR curves.
    dropout_u : ndarray or None
        Uniform draws for independent drop-out (exponential, rate fitted per arm so that the realized CI of
        the first landmark rate is as wide as the published one). None: no drop-out.

    Returns
    -------
    EndpointFit
        The models, the sample (latent days, observed time and event) and what could not be matched.

    Notes
    -----
    The steps are those of the module docstring: anchors, the hazard model (:func:`hazard_model`), the fixed
    point of the anchors, NR/NE kept, drop-out, the hazard ratio, the polish.
    """
    cal = _Calibration(u, arm_code, observe, published, hazard_ratio, strata, bridging, max_followup, dropout_u,
                       inner_iterations)
    cal.fit_dropout()
    if cal.want_hr:
        cal.fit_hazard_ratio()
    else:
        cal.fit_marginals()
    return cal.result()


def _misses(pub: TteArm, km, who: str) -> list[str]:
    """Published figures of one arm that the realized sample misses (the comparison's tolerances)."""
    out = []
    med = km.median()
    for name, fig, part in (("median", pub.median, "value"), ("median CI lower", pub.median_lower, "lower"),
                            ("median CI upper", pub.median_upper, "upper")):
        if fig is None:
            continue
        got, st = getattr(med, part), getattr(med, f"{part}_status").value
        if not fig.ok and st != fig.status:
            out.append(f"{who}: {name} is {got:.1f} where the paper has {fig.status}")
        elif fig.ok and (st != "ok" or abs(got - fig.value) > MEDIAN_TOL):
            out.append(f"{who}: {name} is {got:.1f} where the paper has {fig.value:g} (tolerance 1 month)"
                       if st == "ok" else f"{who}: {name} is {st} where the paper has {fig.value:g}")
    for lm in pub.landmarks:
        e = km.survival_at(lm.time)
        for name, got, fig in (("rate", e.value, lm.rate), ("rate CI lower", e.lower, lm.lower),
                               ("rate CI upper", e.upper, lm.upper)):
            if fig is not None and not abs(100 * got - fig.value) <= 100 * RATE_TOL:
                out.append(f"{who}: {lm.time:g}-month {name} is {100 * got:.1f}% where the paper has "
                           f"{fig.value:g}% (tolerance 2 points)")
    return out
