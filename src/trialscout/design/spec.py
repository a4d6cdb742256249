"""The design file: one schema (pydantic) for ``trialscout design`` and ``trialscout simulate``.

A file is JSON or TOML. A design-only file holds the group-sequential design at the top level; a survival file holds
it under ``design`` next to the arms, accrual, dropout and (for simulation) the planned looks. The schema is
published as JSON Schema (docs/schemas/design.schema.json, from :func:`json_schema`).
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any, Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from .._validate import InputError
from ..io.files import read_json, read_toml
from .group_sequential import GroupSequentialDesign, group_sequential_design
from .models import ArmModel, dropout_rate

__all__ = ["DesignSpec", "TrialFile", "read_design_file", "parse_design", "build_design", "build_arms",
           "json_schema", "ArmSpec"]

MAX_DESIGN_BYTES = 10_000_000  # a design file is a few kilobytes


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class EfficacySpec(_Model):
    """Efficacy bounds: alpha spending or a classical boundary."""

    method: Literal["alpha_spending", "classical"] = "alpha_spending"
    spending: Literal["lan_demets_obrien_fleming", "lan_demets_pocock", "kim_demets_power",
                      "hwang_shih_decani"] | None = None
    rho: float | None = Field(None, description="parameter of the Kim-DeMets power family")
    gamma: float | None = Field(None, description="parameter of the Hwang-Shih-DeCani family")
    boundary: Literal["obrien_fleming", "pocock", "wang_tsiatis"] | None = None
    delta: float | None = Field(None, description="parameter of the Wang-Tsiatis boundary")


class FutilitySpec(_Model):
    """Futility bounds: beta spending or fixed z bounds at the interim looks."""

    method: Literal["beta_spending", "fixed_z"]
    spending: Literal["obrien_fleming_type", "pocock_type", "kim_demets_power", "hwang_shih_decani"] | None = None
    rho: float | None = None
    gamma: float | None = None
    bounds: list[float] | None = None
    binding: bool = False


class DesignSpec(_Model):
    """A group-sequential design."""

    k: int = Field(1, ge=1, le=20)
    information_rates: list[float] | None = None
    alpha: float = 0.025
    sided: Literal[1, 2] = 1
    beta: float = 0.2
    efficacy: EfficacySpec = Field(default_factory=lambda: EfficacySpec.model_validate({}))
    futility: FutilitySpec | None = None


class ArmSpec(_Model):
    """An arm: one of a median, a hazard, an event probability at a time, or piecewise hazards."""

    median: float | None = Field(None, gt=0)
    hazard: float | None = Field(None, gt=0)
    event_prob: float | None = Field(None, gt=0, lt=1)
    at_time: float | None = Field(None, gt=0)
    piecewise_start_times: list[float] | None = None
    hazards: list[float] | None = None
    weibull_shape: float | None = Field(None, gt=0)
    cure_fraction: float = Field(0.0, ge=0, lt=1)

    @model_validator(mode="after")
    def _one_form(self):
        forms = [self.median is not None, self.hazard is not None, self.event_prob is not None,
                 self.piecewise_start_times is not None or self.hazards is not None]
        if sum(forms) != 1:
            raise ValueError("give exactly one of `median`, `hazard`, `event_prob` (with `at_time`) or "
                             "`piecewise_start_times` with `hazards`")
        if self.event_prob is not None and self.at_time is None:
            raise ValueError("`event_prob` needs `at_time`")
        if forms[3]:
            st, hz = self.piecewise_start_times, self.hazards
            if st is None or hz is None or len(st) != len(hz) or not st or st[0] != 0:
                raise ValueError("`piecewise_start_times` (starting at 0) and `hazards` must be given together, "
                                 "one hazard per start time")
            if any(b <= a for a, b in zip(st, st[1:])):
                raise ValueError("`piecewise_start_times` must be strictly increasing")
            if any(h < 0 or not math.isfinite(h) for h in hz):
                raise ValueError("`hazards` must be non-negative")
            if self.weibull_shape is not None and self.weibull_shape != 1:
                raise ValueError("`weibull_shape` cannot be combined with piecewise hazards")
        return self

    def model(self) -> ArmModel:
        k = 1.0 if self.weibull_shape is None else float(self.weibull_shape)
        if self.median is not None:
            lam = math.log(2) ** (1 / k) / self.median
        elif self.hazard is not None:
            lam = self.hazard
        elif self.event_prob is not None:
            lam = (-math.log1p(-self.event_prob)) ** (1 / k) / float(self.at_time)  # type: ignore[arg-type]
        else:
            return ArmModel(np.asarray(self.piecewise_start_times, dtype=float), np.asarray(self.hazards, dtype=float),
                            1.0, self.cure_fraction)
        return ArmModel(np.array([0.0]), np.array([lam]), k, self.cure_fraction)


class AccrualSpec(_Model):
    start_times: list[float] = [0.0]
    intensity: list[float]
    intensity_type: Literal["absolute", "relative"] = "absolute"
    end: float | None = Field(None, gt=0)


class DropoutSpec(_Model):
    treatment_prob: float = Field(0.0, ge=0, lt=1)
    control_prob: float = Field(0.0, ge=0, lt=1)
    at_time: float = Field(12.0, gt=0)


class AllocationSpec(_Model):
    treatment: int = Field(1, ge=1)
    control: int = Field(1, ge=1)


class SweepSpec(_Model):
    """A grid of scenarios for ``simulate``: every combination of the values given."""

    hazard_ratio: list[float] | None = None
    accrual_intensity: list[list[float]] | None = None
    planned_events_cumulative: list[list[float]] | None = None
    test: list[str] | None = None


class TrialFile(_Model):
    """A survival design: the design, the arms, accrual, dropout and (for simulation) the looks."""

    design: DesignSpec = Field(default_factory=lambda: DesignSpec.model_validate({}))
    control: ArmSpec
    treatment: ArmSpec | None = None
    hazard_ratio: float | None = Field(None, gt=0)
    accrual: AccrualSpec
    max_subjects: float | None = Field(None, gt=0)
    follow_up_time: float | None = None
    dropout: DropoutSpec | None = None
    allocation_ratio: float = Field(1.0, gt=0)
    allocation: AllocationSpec | None = None
    power: float | None = Field(None, gt=0, lt=1)
    computation: Literal["schoenfeld", "freedman", "hsieh_freedman"] = "schoenfeld"
    solve_for: Literal["max_subjects", "follow_up_time", "accrual_end"] | None = None
    planned_events_cumulative: list[float] | None = None
    planned_calendar_times: list[float] | None = None
    iterations: int = Field(10000, ge=1)
    seed: int = 1
    test: str = "logrank"
    chunk_size: int | None = Field(None, ge=1)
    scenarios: dict[str, "TrialFileOverrides"] | None = None
    sweep: SweepSpec | None = None

    @model_validator(mode="after")
    def _arms(self):
        if self.treatment is None and self.hazard_ratio is None:
            raise ValueError("give `treatment` or `hazard_ratio`")
        if self.treatment is not None and self.hazard_ratio is not None:
            raise ValueError("give either `treatment` or `hazard_ratio`, not both")
        return self


class TrialFileOverrides(_Model):
    """Named alternative scenarios: arms replacing those of the file (e.g. a delayed effect)."""

    control: ArmSpec | None = None
    treatment: ArmSpec | None = None
    hazard_ratio: float | None = Field(None, gt=0)
    test: str | None = None
    description: str | None = None


TrialFile.model_rebuild()


def json_schema() -> dict[str, Any]:
    """The JSON Schema of a design file (either form)."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "trialscout design file",
        "description": "A group-sequential design at the top level, or a survival design with the design under "
                       "`design`.",
        "anyOf": [DesignSpec.model_json_schema(), TrialFile.model_json_schema()],
    }


def _where(err: Any) -> str:
    return ".".join(str(p) for p in err["loc"] if not str(p).startswith("function-after")) or "(top level)"


def parse_design(data: dict, source: str = "the design") -> DesignSpec | TrialFile:
    """Validate a design mapping; errors name the key and the file."""
    if not isinstance(data, dict):
        raise InputError(f"{source}: a design file must hold a table of keys")
    cls: type[_Model] = TrialFile if "design" in data or "control" in data else DesignSpec
    try:
        return cls.model_validate(data)  # type: ignore[return-value]
    except ValidationError as exc:
        e = exc.errors()[0]
        msg = e["msg"].removeprefix("Value error, ")
        raise InputError(f"{source}: `{_where(e)}`: {msg}"
                         + (f" (got {e['input']!r})" if e["type"] not in ("missing", "value_error")
                            and not isinstance(e.get("input"), dict) else "")) from None


def read_design_file(path) -> DesignSpec | TrialFile:
    """Read and validate a JSON or TOML design file."""
    p = Path(path)
    read = read_json if p.suffix.lower() == ".json" else read_toml
    return parse_design(read(p, "design file", max_bytes=MAX_DESIGN_BYTES), str(p))


def build_design(d: DesignSpec, *, beta: float | None = None) -> GroupSequentialDesign:
    e, f = d.efficacy, d.futility
    kw: dict[str, Any] = {}
    if e.method == "classical":
        if e.boundary is None:
            raise InputError("`efficacy.boundary` is required with `method` = 'classical'")
        kw.update(boundary=e.boundary, boundary_delta=e.delta)
    else:
        kw.update(spending=e.spending or "lan_demets_obrien_fleming",
                  spending_parameter=e.rho if e.spending == "kim_demets_power" else e.gamma)
    if f is not None:
        if f.method == "beta_spending":
            if f.spending is None:
                raise InputError("`futility.spending` is required with `method` = 'beta_spending'")
            kw.update(futility_spending=f.spending,
                      futility_parameter=f.rho if f.spending == "kim_demets_power" else f.gamma, binding=f.binding)
        else:
            if f.bounds is None:
                raise InputError("`futility.bounds` is required with `method` = 'fixed_z'")
            kw.update(futility_bounds=f.bounds, binding=f.binding)
    return group_sequential_design(d.k, d.information_rates, alpha=d.alpha, beta=d.beta if beta is None else beta,
                                   sided=d.sided, **kw)


def build_arms(t: TrialFile, control: ArmSpec | None = None, treatment: ArmSpec | None = None,
               hazard_ratio: float | None = None) -> tuple[ArmModel, ArmModel, float | None]:
    """Control and treatment models and the (proportional) hazard ratio, None when the hazards are not
    proportional."""
    c_spec = control or t.control
    c = c_spec.model()
    hr = hazard_ratio if hazard_ratio is not None else (t.hazard_ratio if treatment is None else None)
    tr_spec = treatment if treatment is not None else (t.treatment if hr is None else None)
    if tr_spec is None:
        assert hr is not None
        tr = c.scaled(hr)
        return c, tr, hr
    tr = tr_spec.model()
    return c, tr, proportional_hr(c, tr)


def proportional_hr(c: ArmModel, tr: ArmModel) -> float | None:
    """The constant hazard ratio of two arms without cure fractions, or None when it is not constant."""
    if c.is_weibull or tr.is_weibull:
        if abs(c.shape - tr.shape) > 1e-12 or c.start_times.size != 1:
            return None
        return float((tr.hazards[0] / c.hazards[0]) ** c.shape)
    grid = sorted(set(c.start_times.tolist()) | set(tr.start_times.tolist()))
    ratios = tr.hazard(grid) / c.hazard(grid)
    if c.cure_fraction == 0 and tr.cure_fraction == 0 and abs(max(ratios) - min(ratios)) < 1e-12 * max(ratios):
        return float(ratios[0])
    return None


def dropout_rates(t: TrialFile) -> tuple[float, float]:
    if t.dropout is None:
        return 0.0, 0.0
    return (dropout_rate(t.dropout.treatment_prob, t.dropout.at_time, "dropout.treatment_prob"),
            dropout_rate(t.dropout.control_prob, t.dropout.at_time, "dropout.control_prob"))
