"""From a design file to the design and the survival sample size (what ``trialscout design`` prints)."""

from __future__ import annotations

from typing import Any

from .._validate import InputError
from .group_sequential import GroupSequentialDesign
from .spec import DesignSpec, TrialFile, build_arms, build_design, dropout_rates
from .survival import SurvivalSampleSize, survival_sample_size

__all__ = ["plan", "plan_dict"]


def _beta(t: TrialFile) -> float | None:
    if t.power is None:
        return None
    b = 1.0 - t.power
    if "beta" in t.design.model_fields_set and abs(b - t.design.beta) > 1e-12:
        raise InputError(f"`power` = {t.power:g} disagrees with `design.beta` = {t.design.beta:g}; give one")
    return b


def plan(spec: DesignSpec | TrialFile) -> tuple[GroupSequentialDesign, SurvivalSampleSize | None]:
    """The design and, for a survival file, its events, subjects and times."""
    if isinstance(spec, DesignSpec):
        return build_design(spec), None
    design = build_design(spec.design, beta=_beta(spec))
    control, treatment, hr = build_arms(spec)
    if hr is None:
        raise InputError("the arms' hazards are not proportional (piecewise hazards that differ in shape, or a "
                         "cure fraction): the events formula needs one hazard ratio; give `hazard_ratio`, or "
                         "use `trialscout simulate` and the non-proportional-hazards power")
    eta_t, eta_c = dropout_rates(spec)
    a = spec.accrual
    ss = survival_sample_size(
        design, control, treatment, hazard_ratio=hr, accrual_start_times=a.start_times,
        accrual_intensity=a.intensity, accrual_intensity_type=a.intensity_type, accrual_end=a.end,
        max_subjects=spec.max_subjects, follow_up_time=spec.follow_up_time, dropout=(eta_t, eta_c),
        allocation_ratio=spec.allocation_ratio, computation=spec.computation, solve_for=spec.solve_for)
    return design, ss


def plan_dict(spec: DesignSpec | TrialFile) -> dict[str, Any]:
    design, ss = plan(spec)
    return {"design": design.as_dict(), "sample_size": None if ss is None else ss.as_dict()}
