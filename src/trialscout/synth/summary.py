"""The published-summary file: what a paper reports about a trial, figure by figure, with its source sentence.

A summary is a TOML file whose shape is declared once, by the pydantic model :class:`SummaryFile` (published as
JSON Schema in ``docs/schemas/summary.schema.json``, described in ``docs/summary.md``): types, ranges and
unknown keys are checked there, with messages that name the file and the key; the checks that relate one
figure to another (a CI holds its estimate, an "NR" median has no landmark below 50 %, response rates are
nested...) follow in :func:`parse_summary`. It holds the design facts needed to simulate the trial
(arms and their sizes, strata, accrual window, data cut-off, follow-up) and every published figure the synthetic
trial must reproduce: per time-to-event endpoint the median and landmark rates with their CIs per arm and the
hazard ratio *with its estimand* (stratified or not, weighted or not); response rates; safety rates; deaths;
exposure. Every figure group carries ``quote``, the sentence it was taken from.

Rates are written in percent, times in ``trial.time_unit`` (months), missing numbers as the strings the paper
prints: ``"NR"`` (not reached) and ``"NE"`` (not estimable).
"""

from __future__ import annotations

import datetime as _dt
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictFloat, StrictInt, StrictStr, ValidationError

from .._validate import InputError
from ..io.files import read_toml

__all__ = [
    "TrialSummary", "ArmSummary", "DesignSummary", "Stratum", "Figure", "Landmark", "TteArm", "HazardRatio",
    "TteEndpoint", "ResponseEndpoint", "SafetySummary", "TopGrade3", "DeathSummary", "ExposureItem",
    "load_summary", "parse_summary", "TTE_KINDS", "RESPONSE_KINDS", "MISSING", "SummaryFile", "summary_json_schema",
    "MAX_PATIENTS", "MAX_FILE_BYTES",
]

#: Time-to-event endpoint kinds the synthesizer knows how to make consistent with each other.
TTE_KINDS = ("os", "pfs", "pfs2", "tfs", "pro")
#: Response endpoint kinds (MRD is nested in CR, CR in response).
RESPONSE_KINDS = ("orr", "cr", "mrd")
MISSING = ("NR", "NE")
#: Largest arm size accepted (a summary describes a trial, not a population register).
MAX_PATIENTS = 100_000
#: Largest summary file read (a summary is a few kilobytes of text).
MAX_FILE_BYTES = 1_000_000


# ---------------------------------------------------------------------------------------------- the schema
# Numbers are TOML integers or floats (never booleans or strings); rates are percentages; times in months.
_Num = Union[StrictInt, StrictFloat]
_Rate = Annotated[_Num, Field(ge=0, le=100, allow_inf_nan=False)]
_Time = Annotated[_Num, Field(gt=0, le=1200, allow_inf_nan=False)]
_Positive = Annotated[_Num, Field(gt=0, le=1e6, allow_inf_nan=False)]
_Figure = Union[Annotated[_Num, Field(ge=0, le=1e6, allow_inf_nan=False)], Literal["NR", "NE", "nr", "ne"]]
_Quote = Union[StrictStr, list[StrictStr]]
_Patients = Annotated[StrictInt, Field(ge=1, le=MAX_PATIENTS)]
_Pair = Annotated[list[_Figure], Field(min_length=2, max_length=2)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class TrialTable(_Model):
    """``[trial]``: the trial's name and where the figures come from."""

    name: Annotated[StrictStr, Field(min_length=1)]
    title: StrictStr | None = None
    source: StrictStr | None = None
    time_unit: Literal["months"] = "months"


class ArmTable(_Model):
    """``[[arms]]``: one randomized arm (exactly two, one of them the control)."""

    id: Annotated[StrictStr, Field(pattern=r"^[A-Za-z_][A-Za-z0-9_]*$")]
    label: StrictStr | None = None
    n_itt: Annotated[StrictInt, Field(ge=2, le=MAX_PATIENTS)]
    n_as_treated: _Patients | None = None
    control: StrictBool = False


class StratumTable(_Model):
    """``[[design.strata]]``: a stratification factor, its levels and their (assumed) proportions."""

    column: Annotated[StrictStr, Field(min_length=1)]
    label: StrictStr | None = None
    levels: Annotated[list[StrictStr], Field(min_length=2, max_length=50)]
    proportions: list[Annotated[_Num, Field(gt=0, le=1)]] | None = None


class DesignTable(_Model):
    """``[design]``: randomization, accrual, cut-off, follow-up and the common-treatment period."""

    randomization: StrictStr | None = None
    allocation: Annotated[list[Annotated[StrictInt, Field(ge=1, le=MAX_PATIENTS)]],
                          Field(min_length=2, max_length=2)] = [1, 1]
    block_size: Annotated[StrictInt, Field(ge=1, le=2 * MAX_PATIENTS)] = 4
    accrual_start: _dt.date
    accrual_end: _dt.date
    data_cutoff: _dt.date
    median_followup: _Time
    max_followup: _Time | None = None
    bridging: Annotated[_Num, Field(ge=0, le=120)] = 0.0
    populations: StrictStr | None = None
    quote: _Quote = []
    strata: list[StratumTable] = []


class LandmarkTable(_Model):
    """A landmark rate: S(time) in percent with its CI."""

    time: _Time
    rate: _Rate
    ci: Annotated[list[_Rate], Field(min_length=2, max_length=2)] | None = None


class TteArmTable(_Model):
    """``[endpoints.arms.ID]``: one arm's published median (with CI) and landmark rates."""

    median: _Figure | None = None
    median_ci: _Pair | None = None
    landmarks: list[LandmarkTable] = []
    quote: _Quote = []


class HazardRatioTable(_Model):
    """``[endpoints.hazard_ratio]``: the published HR, its CI and P value, and the estimand it is."""

    value: _Positive
    ci: Annotated[list[_Positive], Field(min_length=2, max_length=2)]
    p: Union[Annotated[_Num, Field(gt=0, le=1)], StrictStr, None] = None
    weighting: StrictStr = "none"
    stratified: StrictBool = True
    estimand: StrictStr = ""
    quote: _Quote = []


class TteEndpointTable(_Model):
    """``[[endpoints]]``: a time-to-event endpoint."""

    id: Annotated[StrictStr, Field(min_length=1)]
    kind: Literal["os", "pfs", "pfs2", "tfs", "pro"]
    label: StrictStr | None = None
    primary: StrictBool = False
    population: StrictStr = "itt"
    quote: _Quote = []
    arms: Annotated[dict[StrictStr, TteArmTable], Field(min_length=1)]
    hazard_ratio: HazardRatioTable | None = None


class ResponseTable(_Model):
    """``[[responses]]``: a response rate per arm (percent)."""

    id: Annotated[StrictStr, Field(min_length=1)]
    kind: Literal["orr", "cr", "mrd"]
    label: StrictStr | None = None
    rates: dict[StrictStr, _Rate]
    threshold: Annotated[_Num, Field(gt=0, lt=1)] | None = None
    population: StrictStr = "itt"
    quote: _Quote = []


class TopGrade3Table(_Model):
    """The most common grade 3 adverse event of one arm."""

    arm: StrictStr
    term: Annotated[StrictStr, Field(min_length=1)]
    body_system: StrictStr = ""
    rate: _Rate


class SafetyTable(_Model):
    """``[safety]``: the published adverse-event figures (percent of the safety population)."""

    population: Literal["as_treated", "itt"] = "as_treated"
    grade34: dict[StrictStr, _Rate] = {}
    serious_related: dict[StrictStr, _Rate] = {}
    top_grade3: list[TopGrade3Table] = []
    quote: _Quote = []


class DeathsTable(_Model):
    """``[deaths]``: deaths from any cause and from progression (percent)."""

    population: Literal["as_treated", "itt"] = "as_treated"
    any_cause: dict[StrictStr, _Rate]
    progression: dict[StrictStr, _Rate] = {}
    quote: _Quote = []


class ExposureTable(_Model):
    """``[[exposure]]``: the median and IQR of one exposure variable in one arm."""

    arm: StrictStr
    column: Annotated[StrictStr, Field(min_length=1)]
    label: StrictStr | None = None
    median: Annotated[_Num, Field(ge=0, le=1e9, allow_inf_nan=False)]
    iqr: Annotated[list[Annotated[_Num, Field(ge=0, le=1e9, allow_inf_nan=False)]], Field(min_length=2, max_length=2)]
    integer: StrictBool = False
    quote: _Quote = []


class SummaryFile(_Model):
    """A published-summary TOML file, as written (see ``docs/summary.md``)."""

    model_config = ConfigDict(extra="forbid", frozen=True, title="trialscout published summary")

    notes: list[StrictStr] = []
    trial: TrialTable
    arms: Annotated[list[ArmTable], Field(min_length=2, max_length=2)]
    design: DesignTable
    endpoints: list[TteEndpointTable] = []
    responses: list[ResponseTable] = []
    safety: SafetyTable | None = None
    deaths: DeathsTable | None = None
    exposure: list[ExposureTable] = []


def summary_json_schema() -> dict:
    """The JSON Schema of the summary file (what ``docs/schemas/summary.schema.json`` holds)."""
    schema = SummaryFile.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://github.com/trialscout/trialscout/blob/main/docs/schemas/summary.schema.json"
    return schema


def _key_path(loc: tuple) -> str:
    """('endpoints', 0, 'arms', 'SOC', 'median') -> 'endpoints[0].arms.SOC.median' (pydantic's union tags dropped)."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif isinstance(part, str) and (part.startswith(("function-", "constrained-", "literal[", "union["))
                                        or part in ("int", "float", "str", "bool", "list", "dict", "date", "none")
                                        or part.startswith(("list[", "dict["))):
            continue
        else:
            out += f".{part}" if out else part
    return out or "(top level)"


_PLAIN = ((re.compile(r"a valid dictionary or instance of \w+"), "a TOML table"),
          (re.compile(r"a valid dictionary"), "a TOML table"), (re.compile(r"a valid list"), "an array"),
          (re.compile(r"a valid integer(, got a number with a fractional part)?"), "an integer"),
          (re.compile(r"a valid string"), "a string"), (re.compile(r"a valid boolean"), "true or false"),
          (re.compile(r" after validation,"), ","))


def _plain(msg: str) -> str:
    for pat, rep in _PLAIN:
        msg = pat.sub(rep, msg)
    return msg


def _schema_error(exc: ValidationError, path: str) -> InputError:
    """One message for the first schema violation: the file, the key, what is wrong and the value found."""
    errs = exc.errors(include_url=False)
    # a union reports every alternative; the most specific (longest location) explains best
    first = errs[0]
    loc = first["loc"]
    same = [e for e in errs if _key_path(e["loc"]) == _key_path(loc)]
    kinds = {e["type"] for e in same}
    key = _key_path(loc)
    value = first.get("input")
    if first["type"] == "extra_forbidden":
        return InputError(f"{path}: key '{key}': unknown key")
    if first["type"] == "missing":
        return InputError(f"{path}: key '{key}': is required but missing")
    msgs = "; or ".join(dict.fromkeys(e["msg"].replace("Input should be", "must be").replace(
        "List should have", "must have").replace("Dictionary should have", "must have") for e in same))
    msgs = _plain(msgs)
    if kinds <= {"int_type", "float_type", "literal_error", "string_type"} and len(same) > 1:
        msgs = "must be a number" + (", \"NR\" or \"NE\"" if "literal_error" in kinds else "")
    extra = len(errs) - len(same)
    more = f" ({extra} more problem{'s' if extra > 1 else ''})" if extra else ""
    return InputError(f"{path}: key '{key}': {msgs[0].lower() + msgs[1:]}; got {value!r}{more}")


def _validate_schema(raw: dict, path: str) -> SummaryFile:
    try:
        return SummaryFile.model_validate(raw)
    except ValidationError as exc:
        raise _schema_error(exc, path) from None


@dataclass(frozen=True, slots=True)
class Figure:
    """One published number: ``value`` (float, NaN when missing) and ``status`` ('ok', 'NR' or 'NE')."""

    value: float
    status: str = "ok"

    @property
    def ok(self) -> bool:
        return self.status == "ok"

    def text(self, digits: int = 1) -> str:
        return f"{self.value:.{digits}f}" if self.ok else self.status


@dataclass(frozen=True, slots=True)
class Landmark:
    """A published landmark rate S(time) in percent with its CI."""

    time: float
    rate: Figure
    lower: Figure | None = None
    upper: Figure | None = None


@dataclass(frozen=True, slots=True)
class TteArm:
    """Published figures of one arm for one time-to-event endpoint."""

    median: Figure | None
    median_lower: Figure | None
    median_upper: Figure | None
    landmarks: tuple[Landmark, ...] = ()


@dataclass(frozen=True, slots=True)
class HazardRatio:
    """A published hazard ratio and the estimand it is.

    ``weighting`` is the time-weight spec of the analysis ("none", "cutoff:T", "fh:RHO,GAMMA");
    ``stratified`` says whether the Cox model is stratified by the randomization factors.
    """

    value: float
    lower: float
    upper: float
    weighting: str = "none"
    stratified: bool = True
    pvalue: float | None = None
    pvalue_text: str | None = None
    estimand: str = ""


@dataclass(frozen=True, slots=True)
class TteEndpoint:
    id: str
    kind: str
    label: str
    arms: dict  # arm id -> TteArm
    hazard_ratio: HazardRatio | None
    primary: bool = False
    population: str = "itt"
    quote: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ResponseEndpoint:
    id: str
    kind: str
    label: str
    rates: dict  # arm id -> percent
    threshold: float | None = None
    population: str = "itt"
    quote: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class TopGrade3:
    arm: str
    term: str
    body_system: str
    rate: float


@dataclass(frozen=True, slots=True)
class SafetySummary:
    population: str
    grade34: dict
    serious_related: dict
    top_grade3: tuple[TopGrade3, ...]
    quote: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class DeathSummary:
    population: str
    any_cause: dict
    progression: dict
    quote: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ExposureItem:
    arm: str
    column: str
    label: str
    median: float
    q1: float
    q3: float
    integer: bool = False
    quote: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Stratum:
    """A stratification factor: ADSL column, its levels and their assumed proportions."""

    column: str
    label: str
    levels: tuple[str, ...]
    proportions: tuple[float, ...]


@dataclass(frozen=True, slots=True)
class DesignSummary:
    allocation: tuple[int, ...]
    block_size: int
    strata: tuple[Stratum, ...]
    accrual_start: _dt.date
    accrual_end: _dt.date
    data_cutoff: _dt.date
    median_followup: float
    bridging: float  # length of the common-treatment period (time units); 0 = none
    quote: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ArmSummary:
    id: str
    label: str
    n_itt: int
    n_as_treated: int
    control: bool


@dataclass(frozen=True, slots=True)
class TrialSummary:
    """A trial's published summary: design facts and every published figure (see module docstring)."""

    name: str
    title: str
    source: str
    time_unit: str
    arms: tuple[ArmSummary, ...]
    design: DesignSummary
    endpoints: tuple[TteEndpoint, ...]
    responses: tuple[ResponseEndpoint, ...]
    safety: SafetySummary | None
    deaths: DeathSummary | None
    exposure: tuple[ExposureItem, ...]
    path: str = "<summary>"
    notes: tuple[str, ...] = field(default=())

    @property
    def control(self) -> ArmSummary:
        return next(a for a in self.arms if a.control)

    @property
    def treated(self) -> ArmSummary:
        return next(a for a in self.arms if not a.control)

    def arm(self, arm_id: str) -> ArmSummary:
        return next(a for a in self.arms if a.id == arm_id)


# ------------------------------------------------------------------------- consistency of the figures
class _Ctx:
    """Builds messages that name the file and the key."""

    def __init__(self, path: str):
        self.path = path

    def err(self, key: str, msg: str) -> InputError:
        return InputError(f"{self.path}: key '{key}': {msg}")


def _fig(v: float | int | str | None) -> Figure | None:
    """A schema-checked figure: a number, or "NR"/"NE" (any case)."""
    if v is None:
        return None
    if isinstance(v, str):
        return Figure(math.nan, v.upper())
    return Figure(float(v))


def _quotes(q: str | list[str]) -> tuple[str, ...]:
    return (q,) if isinstance(q, str) else tuple(q)


def _ci_check(ctx: _Ctx, key: str, est: Figure | None, lo: Figure | None, hi: Figure | None) -> None:
    """A CI must contain its estimate (where both are numbers) and be ordered."""
    if lo is not None and lo.ok and hi is not None and hi.ok and lo.value > hi.value:
        raise ctx.err(key, f"confidence interval is reversed: lower {lo.value:g} > upper {hi.value:g}")
    if est is None or not est.ok:
        return
    if lo is not None and lo.ok and lo.value > est.value:
        raise ctx.err(key, f"confidence interval ({lo.text(2)}-{_t(hi)}) excludes its estimate {est.value:g}")
    if hi is not None and hi.ok and hi.value < est.value:
        raise ctx.err(key, f"confidence interval ({_t(lo)}-{hi.text(2)}) excludes its estimate {est.value:g}")


def _t(f: Figure | None) -> str:
    return "?" if f is None else f.text(2)


def _arm_rates(ctx: _Ctx, rates: dict, key: str, arm_ids: list[str]) -> dict:
    for k in rates:
        if k not in arm_ids:
            raise ctx.err(f"{key}.{k}", f"unknown arm (arms are {', '.join(arm_ids)})")
    return {k: float(v) for k, v in rates.items()}


def load_summary(path: str | Path) -> TrialSummary:
    """Read and validate a published-summary TOML file.

    Parameters
    ----------
    path : str or Path
        The summary file (schema: ``examples/cartitude4/summary.toml`` is a complete example).

    Returns
    -------
    TrialSummary

    Raises
    ------
    InputError
        With one message naming the file and the key: unreadable TOML, a missing required key (arm sizes,
        dates), an unknown key or endpoint kind, a rate outside 0-100 %, a CI that excludes its estimate, a
        median "NR" with a landmark rate below 50 % at or before the end of follow-up, an as-treated arm larger
        than its ITT arm, response rates that are not nested (MRD <= CR <= ORR).
    """
    p = Path(path)
    raw = read_toml(p, "summary", max_bytes=MAX_FILE_BYTES, label=f"summary file {p}")
    return parse_summary(raw, path=str(p))


def parse_summary(raw: dict, *, path: str = "<summary>") -> TrialSummary:
    """Validate an already-parsed summary mapping (see :func:`load_summary`): first against the declared schema
    (:class:`SummaryFile`: types, ranges, unknown keys), then the consistency of its figures."""
    if not isinstance(raw, dict):
        raise InputError(f"{path}: a summary must be a TOML table; got {type(raw).__name__}")
    m = _validate_schema(raw, path)
    ctx = _Ctx(path)
    arms = []
    for i, a in enumerate(m.arms):
        n_at = a.n_as_treated if a.n_as_treated is not None else a.n_itt
        if n_at > a.n_itt:
            raise ctx.err(f"arms[{i}].n_as_treated", f"must be an integer between 1 and n_itt ({a.n_itt}); got {n_at}")
        arms.append(ArmSummary(a.id, a.label if a.label is not None else a.id, a.n_itt, n_at, a.control))
    if sum(a.control for a in arms) != 1:
        raise ctx.err("arms", "exactly one arm must have control = true")
    if arms[0].id == arms[1].id:
        raise ctx.err("arms[1].id", f"duplicate arm id {arms[1].id!r}")
    arm_ids = [a.id for a in arms]
    design = _design(ctx, m.design)

    endpoints = []
    ids: set[str] = set()
    for i, e in enumerate(m.endpoints):
        ep = _tte(ctx, e, f"endpoints[{i}]", arm_ids, design)
        if ep.id in ids:
            raise ctx.err(f"endpoints[{i}].id", f"duplicate endpoint id {ep.id!r}")
        ids.add(ep.id)
        endpoints.append(ep)
    kinds = [e.kind for e in endpoints]
    for k in ("os", "pfs"):
        if kinds.count(k) > 1:
            raise ctx.err("endpoints", f"at most one endpoint of kind {k!r}; got {kinds.count(k)}")
    if any(k in ("pfs2", "tfs", "pro") for k in kinds) and "os" not in kinds:
        raise ctx.err("endpoints", "PFS2, TFS and PRO endpoints are made consistent with OS: add the OS endpoint")
    if "pfs2" in kinds and "pfs" not in kinds:
        raise ctx.err("endpoints", "a PFS2 endpoint needs the PFS endpoint")

    responses = []
    for i, r in enumerate(m.responses):
        key = f"responses[{i}]"
        if r.kind == "mrd" and r.threshold is None:
            raise ctx.err(f"{key}.threshold", "is required but missing (an MRD endpoint needs its threshold)")
        rp = ResponseEndpoint(r.id, r.kind, r.label if r.label is not None else r.id,
                              _arm_rates(ctx, r.rates, f"{key}.rates", arm_ids),
                              float(r.threshold) if r.kind == "mrd" and r.threshold is not None else None,
                              r.population, _quotes(r.quote))
        if rp.id in ids:
            raise ctx.err(f"{key}.id", f"duplicate endpoint id {rp.id!r}")
        ids.add(rp.id)
        responses.append(rp)
    _check_nested(ctx, responses, arm_ids)
    safety = _safety(ctx, m.safety, arm_ids) if m.safety is not None else None
    deaths = _deaths(ctx, m.deaths, arm_ids) if m.deaths is not None else None
    exposure = tuple(_exposure(ctx, x, f"exposure[{i}]", arm_ids) for i, x in enumerate(m.exposure))
    t = m.trial
    return TrialSummary(
        name=t.name, title=t.title if t.title is not None else t.name, source=t.source or "", time_unit=t.time_unit,
        arms=tuple(arms), design=design, endpoints=tuple(endpoints), responses=tuple(responses), safety=safety,
        deaths=deaths, exposure=exposure, path=path, notes=tuple(m.notes),
    )


def _months_between(a: _dt.date, b: _dt.date) -> float:
    return (b - a).days / 30.4375


def _design(ctx: _Ctx, d: DesignTable) -> DesignSummary:
    key = "design"
    alloc = tuple(d.allocation)
    if d.block_size % sum(alloc):
        raise ctx.err(f"{key}.block_size", f"must be a positive multiple of {sum(alloc)}; got {d.block_size}")
    strata = []
    for i, s in enumerate(d.strata):
        sk = f"{key}.strata[{i}]"
        props = [float(p) for p in (s.proportions or [1.0 / len(s.levels)] * len(s.levels))]
        if len(props) != len(s.levels):
            raise ctx.err(f"{sk}.proportions", "needs one proportion per level (and at least two levels)")
        if abs(sum(props) - 1) > 1e-6:
            raise ctx.err(f"{sk}.proportions", f"must be positive and sum to 1; got {props}")
        if len(set(s.levels)) != len(s.levels):
            raise ctx.err(f"{sk}.levels", f"levels must be distinct; got {s.levels}")
        strata.append(Stratum(s.column, s.label if s.label is not None else s.column, tuple(s.levels), tuple(props)))
    start, end, cutoff = d.accrual_start, d.accrual_end, d.data_cutoff
    if not start < end <= cutoff:
        raise ctx.err(f"{key}.data_cutoff", f"dates must satisfy accrual_start < accrual_end <= data_cutoff; "
                      f"got {start}, {end}, {cutoff}")
    mfu = float(d.median_followup)
    lo, hi = _months_between(end, cutoff), _months_between(start, cutoff)
    if not lo < mfu < hi:
        raise ctx.err(f"{key}.median_followup", f"{mfu:g} months is impossible with accrual {start} to {end} and "
                      f"cut-off {cutoff} (follow-up runs {lo:.1f}-{hi:.1f} months)")
    return DesignSummary(alloc, d.block_size, tuple(strata), start, end, cutoff, mfu, float(d.bridging),
                         _quotes(d.quote))


def _tte_arm(ctx: _Ctx, a: TteArmTable, ak: str, max_fu: float) -> TteArm:
    med = _fig(a.median)
    mlo = mhi = None
    if a.median_ci is not None:
        mlo, mhi = _fig(a.median_ci[0]), _fig(a.median_ci[1])
        _ci_check(ctx, f"{ak}.median_ci", med, mlo, mhi)
        if med is not None and med.status == "NR" and mhi is not None and mhi.ok:
            raise ctx.err(f"{ak}.median_ci", f"a median that is not reached cannot have a finite upper limit "
                          f"({mhi.value:g})")
    if med is not None and med.ok and not 0 < med.value <= max_fu:
        raise ctx.err(f"{ak}.median", f"{med.value:g} lies outside the follow-up (0-{max_fu:.1f} months)")
    lms = []
    for j, lm in enumerate(a.landmarks):
        lk = f"{ak}.landmarks[{j}]"
        t = float(lm.time)
        if not t <= max_fu:
            raise ctx.err(f"{lk}.time", f"{t:g} lies outside the follow-up (0-{max_fu:.1f} months)")
        rate = Figure(float(lm.rate))
        lo = hi = None
        if lm.ci is not None:
            lo, hi = Figure(float(lm.ci[0])), Figure(float(lm.ci[1]))
            _ci_check(ctx, f"{lk}.ci", rate, lo, hi)
        lms.append(Landmark(t, rate, lo, hi))
        # an NR median means S stays >= 50% over the whole follow-up: no landmark may be below 50%
        if med is not None and med.status == "NR" and rate.value < 50:
            raise ctx.err(f"{lk}.rate", f"{rate.value:g}% at {t:g} months contradicts median = \"NR\" "
                          "(a median not reached needs the curve to stay at or above 50%)")
        if med is not None and med.ok:
            if t < med.value and rate.value < 50:
                raise ctx.err(f"{lk}.rate", f"{rate.value:g}% at {t:g} months is below 50% before the median "
                              f"({med.value:g} months)")
            if t > med.value and rate.value > 50:
                raise ctx.err(f"{lk}.rate", f"{rate.value:g}% at {t:g} months is above 50% after the median "
                              f"({med.value:g} months)")
    times = [lm.time for lm in lms]
    if len(set(times)) != len(times):
        raise ctx.err(f"{ak}.landmarks", "two landmarks at the same time")
    srt = sorted(lms, key=lambda x: x.time)
    for x, y in zip(srt, srt[1:]):
        if y.rate.value > x.rate.value:
            raise ctx.err(f"{ak}.landmarks", f"rates must not increase with time: {x.rate.value:g}% at "
                          f"{x.time:g} < {y.rate.value:g}% at {y.time:g}")
    return TteArm(med, mlo, mhi, tuple(srt))


def _hazard_ratio(ctx: _Ctx, h: HazardRatioTable, hk: str) -> HazardRatio:
    v, lo, hi = float(h.value), float(h.ci[0]), float(h.ci[1])
    _ci_check(ctx, f"{hk}.ci", Figure(v), Figure(lo), Figure(hi))
    w = h.weighting
    if not (w == "none" or w.startswith("cutoff:") or w.startswith("fh:")):
        raise ctx.err(f"{hk}.weighting", f"must be \"none\", \"cutoff:T\" or \"fh:RHO,GAMMA\"; got {w!r}")
    if w.startswith("fh:"):
        raise ctx.err(f"{hk}.weighting", "Fleming-Harrington weighted HRs cannot be synthesized yet; use "
                      "\"cutoff:T\" or \"none\"")
    if w.startswith("cutoff:"):
        try:
            cut = float(w.split(":", 1)[1])
        except ValueError:
            raise ctx.err(f"{hk}.weighting", f"cut-off time must be a number; got {w!r}") from None
        if not (math.isfinite(cut) and cut >= 0):
            raise ctx.err(f"{hk}.weighting", f"cut-off time must be a finite number >= 0; got {w!r}")
    pval: float | None = None
    ptext: str | None = None
    if isinstance(h.p, str):
        ptext = h.p
        try:
            pval = float(h.p.lstrip("<").strip())
        except ValueError:
            raise ctx.err(f"{hk}.p", f"must be a number or \"<0.0001\"-style text; got {h.p!r}") from None
        if not 0 < pval <= 1:
            raise ctx.err(f"{hk}.p", f"must lie in (0, 1]; got {h.p!r}")
    elif h.p is not None:
        pval = float(h.p)
        ptext = f"{pval:g}"
    return HazardRatio(v, lo, hi, w, h.stratified, pval, ptext, h.estimand)


def _tte(ctx: _Ctx, e: TteEndpointTable, key: str, arm_ids: list[str], design: DesignSummary) -> TteEndpoint:
    max_fu = _months_between(design.accrual_start, design.data_cutoff)
    arms = {}
    for aid, a in e.arms.items():
        if aid not in arm_ids:
            raise ctx.err(f"{key}.arms.{aid}", f"unknown arm (arms are {', '.join(arm_ids)})")
        arms[aid] = _tte_arm(ctx, a, f"{key}.arms.{aid}", max_fu)
    hr = None
    if e.hazard_ratio is not None:
        if len(arms) != 2:
            raise ctx.err(f"{key}.hazard_ratio", "a hazard ratio needs figures for both arms")
        hr = _hazard_ratio(ctx, e.hazard_ratio, f"{key}.hazard_ratio")
    quotes = _quotes(e.quote) + tuple(q for a in e.arms.values() for q in _quotes(a.quote))
    return TteEndpoint(e.id, e.kind, e.label if e.label is not None else e.id, arms, hr, e.primary, e.population,
                       quotes)


def _check_nested(ctx: _Ctx, responses: list[ResponseEndpoint], arm_ids: list[str]) -> None:
    orr = [r for r in responses if r.kind == "orr"]
    cr = [r for r in responses if r.kind == "cr"]
    mrd = sorted((r for r in responses if r.kind == "mrd"), key=lambda r: -(r.threshold or 0.0))
    for a in arm_ids:
        chain = [(r.id, float(r.rates[a])) for r in orr + cr + mrd if a in r.rates]
        for (n1, v1), (n2, v2) in zip(chain, chain[1:]):
            if v2 > v1:
                raise ctx.err(f"responses ({n2}).rates.{a}",
                              f"{v2:g}% exceeds {n1} {v1:g}%: MRD negativity needs a complete response, a "
                              "deeper MRD threshold a shallower one, and a complete response a response")


def _safety(ctx: _Ctx, s: SafetyTable, arm_ids: list[str]) -> SafetySummary:
    key = "safety"
    g34 = _arm_rates(ctx, s.grade34, f"{key}.grade34", arm_ids)
    sr = _arm_rates(ctx, s.serious_related, f"{key}.serious_related", arm_ids)
    tops = []
    for i, t in enumerate(s.top_grade3):
        tk = f"{key}.top_grade3[{i}]"
        if t.arm not in arm_ids:
            raise ctx.err(f"{tk}.arm", f"unknown arm {t.arm!r} (arms are {', '.join(arm_ids)})")
        if t.arm in g34 and t.rate > g34[t.arm]:
            raise ctx.err(f"{tk}.rate", f"{t.rate:g}% exceeds the grade 3/4 rate {g34[t.arm]:g}% of arm {t.arm}")
        tops.append(TopGrade3(t.arm, t.term, t.body_system, float(t.rate)))
    return SafetySummary(s.population, g34, sr, tuple(tops), _quotes(s.quote))


def _deaths(ctx: _Ctx, d: DeathsTable, arm_ids: list[str]) -> DeathSummary:
    key = "deaths"
    anyc = _arm_rates(ctx, d.any_cause, f"{key}.any_cause", arm_ids)
    prog = _arm_rates(ctx, d.progression, f"{key}.progression", arm_ids)
    for a, v in prog.items():
        if a in anyc and v > anyc[a]:
            raise ctx.err(f"{key}.progression.{a}", f"{v:g}% exceeds deaths from any cause {anyc[a]:g}%")
    return DeathSummary(d.population, anyc, prog, _quotes(d.quote))


def _exposure(ctx: _Ctx, x: ExposureTable, key: str, arm_ids: list[str]) -> ExposureItem:
    if x.arm not in arm_ids:
        raise ctx.err(f"{key}.arm", f"unknown arm {x.arm!r} (arms are {', '.join(arm_ids)})")
    med, q1, q3 = float(x.median), float(x.iqr[0]), float(x.iqr[1])
    if not q1 <= med <= q3:
        raise ctx.err(f"{key}.iqr", f"[{q1:g}, {q3:g}] excludes the median {med:g}")
    return ExposureItem(x.arm, x.column, x.label if x.label is not None else x.column, med, q1, q3, x.integer,
                        _quotes(x.quote))
