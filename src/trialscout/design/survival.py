"""Events, subjects and analysis times of a group-sequential survival trial under proportional hazards."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy import optimize, stats

from .._results import freeze_arrays
from .._validate import InputError
from .group_sequential import GroupSequentialDesign
from .models import Accrual, ArmModel

__all__ = ["SurvivalSampleSize", "survival_sample_size", "events_fixed", "COMPUTATIONS", "build_accrual",
           "survival_power"]

COMPUTATIONS = ("schoenfeld", "freedman", "hsieh_freedman")


def events_fixed(hazard_ratio: float, alpha: float, beta: float, sided: int = 1, allocation_ratio: float = 1.0,
                 computation: str = "schoenfeld") -> float:
    """Events of the fixed design.

    With z = z_{1-alpha/sided} + z_{1-beta}, r = treatment / control and theta the hazard ratio:
    Schoenfeld (1981, 1983) D = z^2 (1 + r)^2 / (r log(theta)^2); Freedman (1982) D = z^2 (1 + r theta)^2 /
    (r (1 - theta)^2); Hsieh–Freedman (Hsieh 1992) D = z^2 (1 + r)^2 (1 + theta)^2 / (4 r (1 - theta)^2).
    """
    if not hazard_ratio > 0 or not math.isfinite(hazard_ratio) or abs(hazard_ratio - 1) < 1e-12:
        raise InputError(f"the hazard ratio must be positive and different from 1 for a sample size; "
                         f"got {hazard_ratio!r}: no number of events reaches the power")
    z = stats.norm.isf(alpha / sided) + stats.norm.isf(beta)
    r, th = allocation_ratio, hazard_ratio
    if computation == "schoenfeld":
        return z * z * (1 + r) ** 2 / (r * math.log(th) ** 2)
    if computation == "freedman":
        return z * z * (1 + r * th) ** 2 / (r * (1 - th) ** 2)
    if computation == "hsieh_freedman":
        return z * z * (1 + r) ** 2 * (1 + th) ** 2 / (4 * r * (1 - th) ** 2)
    raise InputError(f"`computation` must be one of {', '.join(map(repr, COMPUTATIONS))}; got {computation!r}")


@dataclass(frozen=True, slots=True)
class SurvivalSampleSize:
    """Events, subjects and calendar times of a survival trial.

    Attributes
    ----------
    events : ndarray
        Cumulative events at each look (t_k times the maximum).
    events_fixed : float
        Events of the fixed design with the same alpha and power.
    max_subjects : float
        Patients to accrue (not rounded).
    subjects : ndarray
        Patients accrued by each analysis.
    analysis_time : ndarray
        Expected calendar time of each analysis under H1 (from the start of accrual).
    follow_up_time, accrual_end : float
        Follow-up after the end of accrual to the last analysis, and the end of accrual.
    expected_events_h0, expected_events_h1, expected_subjects_h1, study_duration_h1 : float
        Expectations over the looks at which the trial stops.
    hr_at_bound : ndarray
        Hazard ratio at each efficacy bound, exp(-c_k (1 + r) / sqrt(r D_k)) (inverted for HR > 1).
    reject_per_stage : ndarray
        Probability under H1 of rejecting at each look.
    early_stop : float
        Probability under H1 of stopping before the last look.
    hazard_ratio : float
    computation : str
    """

    events: np.ndarray
    events_fixed: float
    max_subjects: float
    subjects: np.ndarray
    analysis_time: np.ndarray
    follow_up_time: float
    accrual_end: float
    expected_events_h0: float
    expected_events_h1: float
    expected_subjects_h1: float
    study_duration_h1: float
    hr_at_bound: np.ndarray
    reject_per_stage: np.ndarray
    early_stop: float
    hazard_ratio: float
    computation: str
    power: float

    def __post_init__(self):
        freeze_arrays(self)

    def as_dict(self) -> dict:
        def f(x):
            return [float(v) for v in x]

        return {
            "events": f(self.events), "events_fixed": float(self.events_fixed),
            "max_subjects": float(self.max_subjects), "subjects": f(self.subjects),
            "analysis_time": f(self.analysis_time), "follow_up_time": float(self.follow_up_time),
            "accrual_end": float(self.accrual_end), "expected_events_h0": float(self.expected_events_h0),
            "expected_events_h1": float(self.expected_events_h1),
            "expected_subjects_h1": float(self.expected_subjects_h1),
            "study_duration_h1": float(self.study_duration_h1), "hr_at_bound": f(self.hr_at_bound),
            "reject_per_stage": f(self.reject_per_stage), "early_stop": float(self.early_stop),
        }


def build_accrual(start_times, intensity, intensity_type: str, end: float | None, max_subjects: float | None
                  ) -> Accrual | None:
    """The accrual; None when it depends on an unknown that is solved for (then rates are relative)."""
    st = np.asarray(start_times, dtype=float).ravel()
    it = np.asarray(intensity, dtype=float).ravel()
    if len(st) == 0 or st[0] != 0 or np.any(np.diff(st) <= 0):
        raise InputError(f"`accrual.start_times` must start at 0 and increase; got {st.tolist()}")
    if len(it) != len(st):
        raise InputError(f"`accrual.intensity` must have one value per start time ({len(st)}); got {len(it)}")
    if np.any(it < 0) or not np.any(it > 0):
        raise InputError(f"`accrual.intensity` must be non-negative and not all 0; got {it.tolist()}")
    if end is not None and not end > st[-1]:
        raise InputError(f"`accrual.end` must be after the last start time {st[-1]:g}; got {end!r}")
    if intensity_type == "absolute":
        if end is not None:
            return Accrual(st, it, float(end))
        if max_subjects is None:
            return None
        return Accrual(st, it, _end_for(st, it, max_subjects))
    if intensity_type != "relative":
        raise InputError(f"`accrual.intensity_type` must be 'absolute' or 'relative'; got {intensity_type!r}")
    if end is None:
        raise InputError("`accrual.end` is required with relative intensities")
    if max_subjects is None:
        return None
    unit = Accrual(st, it, float(end))
    return Accrual(st, it * (max_subjects / unit.total), float(end))


def _end_for(st: np.ndarray, rates: np.ndarray, n: float) -> float:
    """The end of accrual when ``n`` patients have been accrued at absolute ``rates``."""
    cum = 0.0
    for i in range(len(st)):
        nxt = st[i + 1] if i + 1 < len(st) else math.inf
        take = rates[i] * (nxt - st[i])
        if cum + take >= n:
            if rates[i] <= 0:
                break
            return float(st[i] + (n - cum) / rates[i])
        cum += take
    raise InputError(f"`max_subjects` = {n:g} is never reached: the last accrual intensity is 0")


def _time_for(events: float, accrual: Accrual, arms, fr, etas, what: str) -> float:
    def d(t):
        return accrual.expected_events(t, arms, fr, etas)

    hi = max(accrual.end, 1.0)
    limit = 1e5 * hi
    while d(hi) < events:
        hi *= 2
        if hi > limit:
            raise InputError(f"{events:.2f} events are never reached with {accrual.total:.1f} patients ({what}): "
                             "increase the number of subjects or lower the dropout")
    return float(optimize.brentq(lambda t: d(t) - events, 0.0, hi, xtol=1e-12, rtol=1e-14, maxiter=500))


def survival_sample_size(
    design: GroupSequentialDesign,
    control: ArmModel,
    treatment: ArmModel,
    *,
    hazard_ratio: float,
    accrual_start_times=(0.0,),
    accrual_intensity=(1.0,),
    accrual_intensity_type: str = "absolute",
    accrual_end: float | None = None,
    max_subjects: float | None = None,
    follow_up_time: float | None = None,
    dropout: tuple[float, float] = (0.0, 0.0),
    allocation_ratio: float = 1.0,
    computation: str = "schoenfeld",
    solve_for: str | None = None,
) -> SurvivalSampleSize:
    """Maximum events, subjects and analysis times of a group-sequential survival design.

    Parameters
    ----------
    design : GroupSequentialDesign
    control, treatment : ArmModel
        Event-time distributions under H1.
    hazard_ratio : float
        The hazard ratio the events are computed for (treatment / control).
    accrual_start_times, accrual_intensity, accrual_intensity_type, accrual_end
        Piecewise accrual: patients per unit of time (``absolute``) or relative weights (``relative``).
    max_subjects, follow_up_time : float, optional
        Two of subjects, follow-up and accrual end are given; the third is solved for (``solve_for``).
    dropout : (float, float)
        Exponential dropout rates (treatment, control) per unit of time.
    allocation_ratio : float
        Treatment / control.
    computation : {"schoenfeld", "freedman", "hsieh_freedman"}

    Returns
    -------
    SurvivalSampleSize

    Raises
    ------
    InputError
        A hazard ratio of 1 or events never reached, a follow-up that would have to be negative, missing
        quantities.

    Notes
    -----
    D_max = D_fixed * inflation factor and D_k = t_k D_max. Expected events by calendar time T are
    sum_g p_g int_0^min(T, A) a(u) P_g(T - u) du, with a the accrual rate, p_g the allocation fractions and P_g the
    probability of an observed event within follow-up s (competing exponential dropout). Analysis times solve
    D(T_k) = D_k. The expectations weight each look by the probability of stopping there.
    """
    if computation not in COMPUTATIONS:
        raise InputError(f"`computation` must be one of {', '.join(map(repr, COMPUTATIONS))}; got {computation!r}")
    if not allocation_ratio > 0:
        raise InputError(f"`allocation_ratio` must be positive; got {allocation_ratio!r}")
    if follow_up_time is not None and follow_up_time < 0:
        raise InputError(f"`follow_up_time` must be non-negative; got {follow_up_time!r}")
    if max_subjects is not None and not max_subjects > 0:
        raise InputError(f"`max_subjects` must be positive; got {max_subjects!r}")
    r = float(allocation_ratio)
    d_fixed = events_fixed(hazard_ratio, design.alpha, design.beta, design.sided, r, computation)
    d_max = d_fixed * design.inflation_factor
    d_k = design.information_rates * d_max
    arms = [treatment, control]
    fr = [r / (1 + r), 1 / (1 + r)]
    etas = [float(dropout[0]), float(dropout[1])]
    st = np.asarray(accrual_start_times, dtype=float)
    it = np.asarray(accrual_intensity, dtype=float)
    given = {"max_subjects": max_subjects is not None, "follow_up_time": follow_up_time is not None,
             "accrual_end": accrual_end is not None}
    if accrual_intensity_type == "absolute" and accrual_end is not None:
        n_acc = build_accrual(st, it, "absolute", accrual_end, None).total  # type: ignore[union-attr]
        if max_subjects is not None and abs(n_acc - max_subjects) > 1e-6 * n_acc:
            raise InputError(f"`max_subjects` = {max_subjects:g} disagrees with the {n_acc:g} patients that the "
                             f"absolute `accrual.intensity` accrues by `accrual.end` = {accrual_end:g}; give one")
        given["max_subjects"] = True
    if accrual_intensity_type == "absolute" and max_subjects is not None:
        given["accrual_end"] = True
    if solve_for is None:
        missing = [k for k, v in given.items() if not v]
        if accrual_intensity_type == "absolute" and missing == ["max_subjects", "accrual_end"]:
            missing = ["accrual_end"]  # absolute intensities: the end fixes the subjects
        if len(missing) != 1:
            raise InputError("give exactly two of `max_subjects`, `follow_up_time` and `accrual.end` (absolute "
                             "intensities fix the subjects with the end and the end with the subjects), or name "
                             f"the unknown in `solve_for`; missing: {', '.join(missing) or 'none'}")
        solve_for = missing[0]
    if solve_for not in given:
        raise InputError(f"`solve_for` must be 'max_subjects', 'follow_up_time' or 'accrual_end'; got {solve_for!r}")
    if solve_for == "follow_up_time":
        acc = build_accrual(st, it, accrual_intensity_type, accrual_end, max_subjects)
        if acc is None:
            raise InputError("`max_subjects` is required to solve for the follow-up time")
        t_last = _time_for(d_max, acc, arms, fr, etas, "solving for the follow-up time")
        fu = t_last - acc.end
        if fu < -1e-9:
            raise InputError(f"the follow-up would have to be negative ({fu:.3g}): the {d_max:.1f} events are "
                             f"reached at {t_last:.3g}, before accrual ends at {acc.end:.3g}; accrue fewer "
                             "patients or give a shorter `accrual.end`")
    elif solve_for == "max_subjects":
        if follow_up_time is None or accrual_end is None:
            raise InputError("`follow_up_time` and `accrual.end` are required to solve for `max_subjects`")
        unit = build_accrual(st, it, "relative", accrual_end, 1.0)
        assert unit is not None
        per_subject = unit.expected_events(accrual_end + follow_up_time, arms, fr, etas)
        if not per_subject > 0:
            raise InputError("no events are expected: the event probabilities are 0")
        acc = build_accrual(st, it, "relative", accrual_end, d_max / per_subject)
        assert acc is not None
        fu = float(follow_up_time)
        t_last = acc.end + fu
    else:  # accrual end
        if follow_up_time is None:
            raise InputError("`follow_up_time` is required to solve for the end of accrual")
        if accrual_intensity_type != "absolute":
            raise InputError("solving for the end of accrual needs absolute `accrual.intensity` (patients per "
                             "unit of time)")
        fu = float(follow_up_time)

        def d_at(end):
            a = Accrual(st, it, end)
            return a.expected_events(end + fu, arms, fr, etas) - d_max

        hi = max(st[-1] + 1.0, 1.0)
        while d_at(hi) < 0:
            hi *= 2
            if hi > 1e7:
                raise InputError(f"{d_max:.1f} events are never reached by accruing longer")
        end = float(optimize.brentq(d_at, st[-1] + 1e-12 if len(st) > 1 else 1e-12, hi, xtol=1e-12, rtol=1e-14))
        acc = Accrual(st, it, end)
        t_last = end + fu
    times = np.empty(design.k)
    times[-1] = t_last
    for j in range(design.k - 1):
        times[j] = _time_for(d_k[j], acc, arms, fr, etas, "at an interim look")
    subjects = acc.subjects(times)
    rej1 = design.rejection_probabilities
    stop1 = rej1.copy()
    stop1[:-1] += design.futility_probabilities
    stop1[-1] = 1.0 - stop1[:-1].sum()
    stop0 = design.rejection_probabilities_h0.copy()
    stop0[:-1] += design.futility_probabilities_h0
    stop0[-1] = 1.0 - stop0[:-1].sum()
    sign = -1.0 if hazard_ratio < 1 else 1.0
    hr_bound = np.exp(sign * design.critical_z * (1 + r) / np.sqrt(r * d_k))
    return SurvivalSampleSize(
        events=d_k, events_fixed=d_fixed, max_subjects=float(acc.total), subjects=subjects, analysis_time=times,
        follow_up_time=float(fu), accrual_end=float(acc.end),
        expected_events_h0=float(stop0 @ d_k), expected_events_h1=float(stop1 @ d_k),
        expected_subjects_h1=float(stop1 @ subjects), study_duration_h1=float(stop1 @ times),
        hr_at_bound=hr_bound, reject_per_stage=rej1, early_stop=float(stop1[:-1].sum()),
        hazard_ratio=float(hazard_ratio), computation=computation, power=float(rej1.sum()),
    )


def survival_power(design: GroupSequentialDesign, hazard_ratio: float, max_events: float,
                   allocation_ratio: float = 1.0) -> np.ndarray:
    """Per-look rejection probabilities with ``max_events`` events at a hazard ratio (Schoenfeld drift).

    The drift of Z_K is |log(theta)| sqrt(r D_max) / (1 + r).
    """
    r = allocation_ratio
    drift = abs(math.log(hazard_ratio)) * math.sqrt(r * max_events) / (1 + r)
    rej, _ = design.probabilities(drift)
    return rej
