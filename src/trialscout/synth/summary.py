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
import stat
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictFloat, StrictInt, StrictStr, ValidationError

from .._validate import InputError

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


# ---------------------------------------------------------------------------------------------------------
class _Ctx:
    """Builds messages that name the file and the key."""

    def __init__(self, path: str):
        self.path = path

    def err(self, key: str, msg: str) -> InputError:
        return InputError(f"{self.path}: key '{key}': {msg}")


def _need(ctx: _Ctx, tbl: dict, name: str, key: str, kind=None):
    if name not in tbl:
        raise ctx.err(f"{key}.{name}" if key else name, "is required but missing")
    v = tbl[name]
    if kind is not None and not isinstance(v, kind):
        raise ctx.err(f"{key}.{name}" if key else name, f"must be {_kind_name(kind)}; got {v!r}")
    return v


def _kind_name(kind) -> str:
    names = {str: "a string", dict: "a table", list: "an array", bool: "true or false", int: "an integer"}
    if isinstance(kind, tuple):
        return " or ".join(names.get(k, k.__name__) for k in kind if k is not bool)
    return names.get(kind, kind.__name__)


def _check_keys(ctx: _Ctx, tbl: dict, key: str, allowed: set[str]) -> None:
    extra = sorted(set(tbl) - allowed)
    if extra:
        raise ctx.err(f"{key}.{extra[0]}" if key else extra[0],
                      f"unknown key (allowed: {', '.join(sorted(allowed))})")


def _num(ctx: _Ctx, v, key: str) -> float:
    if isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v):
        raise ctx.err(key, f"must be a number; got {v!r}")
    return float(v)


def _fig(ctx: _Ctx, v, key: str) -> Figure:
    if isinstance(v, str):
        if v.upper() in MISSING:
            return Figure(math.nan, v.upper())
        raise ctx.err(key, f"must be a number, \"NR\" or \"NE\"; got {v!r}")
    return Figure(_num(ctx, v, key))


def _quotes(ctx: _Ctx, tbl: dict, key: str) -> tuple[str, ...]:
    q = tbl.get("quote", [])
    if isinstance(q, str):
        return (q,)
    if isinstance(q, list) and all(isinstance(s, str) for s in q):
        return tuple(q)
    raise ctx.err(f"{key}.quote", "must be a string or an array of strings")


def _rate(ctx: _Ctx, v, key: str) -> float:
    r = _num(ctx, v, key)
    if not 0 <= r <= 100:
        raise ctx.err(key, f"is a rate in percent and must lie in 0-100; got {v!r}")
    return r


def _date(ctx: _Ctx, v, key: str) -> _dt.date:
    if isinstance(v, _dt.datetime):
        return v.date()
    if isinstance(v, _dt.date):
        return v
    if isinstance(v, str):
        try:
            return _dt.date.fromisoformat(v)
        except ValueError:
            pass
    raise ctx.err(key, f"must be a date (YYYY-MM-DD); got {v!r}")


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


def _arm_map(ctx: _Ctx, tbl, key: str, arm_ids: list[str], conv) -> dict:
    if not isinstance(tbl, dict):
        raise ctx.err(key, "must be a table keyed by arm id")
    for k in tbl:
        if k not in arm_ids:
            raise ctx.err(f"{key}.{k}", f"unknown arm (arms are {', '.join(arm_ids)})")
    return {k: conv(v, f"{key}.{k}") for k, v in tbl.items()}


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
    try:
        st = p.stat()
    except FileNotFoundError:
        raise InputError(f"summary file {str(p)!r} does not exist") from None
    except OSError as exc:
        raise InputError(f"summary file {str(p)!r} cannot be read: {exc.strerror or exc}") from None
    if not stat.S_ISREG(st.st_mode):
        raise InputError(f"summary file {str(p)!r} is not a regular file")
    if st.st_size > MAX_FILE_BYTES:
        raise InputError(f"summary file {str(p)!r} is {st.st_size} bytes; a summary is text of at most "
                         f"{MAX_FILE_BYTES} bytes")
    with open(p, "rb") as fh:
        data = fh.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise InputError(f"summary file {str(p)!r} is larger than {MAX_FILE_BYTES} bytes")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(f"{p}: not UTF-8 text (byte 0x{data[exc.start]:02X} on line {line}); save the file as "
                         "UTF-8") from None
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"{p}: not valid TOML: {exc}") from None
    return parse_summary(raw, path=str(p))


def parse_summary(raw: dict, *, path: str = "<summary>") -> TrialSummary:
    """Validate an already-parsed summary mapping (see :func:`load_summary`): first against the declared schema
    (:class:`SummaryFile`), then the consistency of its figures."""
    if not isinstance(raw, dict):
        raise InputError(f"{path}: a summary must be a TOML table; got {type(raw).__name__}")
    _validate_schema(raw, path)
    ctx = _Ctx(path)
    _check_keys(ctx, raw, "", {"trial", "design", "arms", "endpoints", "responses", "safety", "deaths",
                               "exposure", "notes"})
    trial = _need(ctx, raw, "trial", "", dict)
    _check_keys(ctx, trial, "trial", {"name", "title", "source", "time_unit"})
    name = _need(ctx, trial, "name", "trial", str)
    time_unit = trial.get("time_unit", "months")
    if time_unit != "months":
        raise ctx.err("trial.time_unit", f"only \"months\" is supported; got {time_unit!r}")

    # arms -------------------------------------------------------------------------------------------
    arms_raw = _need(ctx, raw, "arms", "", list)
    arms = []
    for i, a in enumerate(arms_raw):
        key = f"arms[{i}]"
        if not isinstance(a, dict):
            raise ctx.err(key, "must be a table")
        _check_keys(ctx, a, key, {"id", "label", "n_itt", "n_as_treated", "control"})
        aid = _need(ctx, a, "id", key, str)
        if not aid.isidentifier():
            raise ctx.err(f"{key}.id", f"must be a plain identifier (letters, digits, _); got {aid!r}")
        n_itt = _need(ctx, a, "n_itt", key, int)
        n_at = a.get("n_as_treated", n_itt)
        if isinstance(n_itt, bool) or n_itt < 2:
            raise ctx.err(f"{key}.n_itt", f"must be an integer >= 2; got {n_itt!r}")
        if not isinstance(n_at, int) or isinstance(n_at, bool) or not 1 <= n_at <= n_itt:
            raise ctx.err(f"{key}.n_as_treated", f"must be an integer between 1 and n_itt ({n_itt}); got {n_at!r}")
        arms.append(ArmSummary(aid, str(a.get("label", aid)), n_itt, n_at, bool(a.get("control", False))))
    if len(arms) != 2:
        raise ctx.err("arms", f"exactly two arms are supported; got {len(arms)}")
    if sum(a.control for a in arms) != 1:
        raise ctx.err("arms", "exactly one arm must have control = true")
    if arms[0].id == arms[1].id:
        raise ctx.err("arms[1].id", f"duplicate arm id {arms[1].id!r}")
    arm_ids = [a.id for a in arms]

    design = _parse_design(ctx, _need(ctx, raw, "design", "", dict))

    # time-to-event endpoints -------------------------------------------------------------------------
    endpoints = []
    ids: set[str] = set()
    for i, e in enumerate(raw.get("endpoints", [])):
        ep = _parse_tte(ctx, e, f"endpoints[{i}]", arm_ids, design)
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
    for i, r in enumerate(raw.get("responses", [])):
        rp = _parse_response(ctx, r, f"responses[{i}]", arm_ids)
        if rp.id in ids:
            raise ctx.err(f"responses[{i}].id", f"duplicate endpoint id {rp.id!r}")
        ids.add(rp.id)
        responses.append(rp)
    _check_nested(ctx, responses, arm_ids)

    safety = _parse_safety(ctx, raw["safety"], arm_ids) if "safety" in raw else None
    deaths = _parse_deaths(ctx, raw["deaths"], arm_ids) if "deaths" in raw else None
    exposure = tuple(_parse_exposure(ctx, x, f"exposure[{i}]", arm_ids) for i, x in enumerate(raw.get("exposure", [])))
    notes = raw.get("notes", [])
    if not isinstance(notes, list) or not all(isinstance(s, str) for s in notes):
        raise ctx.err("notes", "must be an array of strings")
    return TrialSummary(
        name=name, title=str(trial.get("title", name)), source=str(trial.get("source", "")), time_unit=time_unit,
        arms=tuple(arms), design=design, endpoints=tuple(endpoints), responses=tuple(responses), safety=safety,
        deaths=deaths, exposure=exposure, path=path, notes=tuple(notes),
    )


def _months_between(a: _dt.date, b: _dt.date) -> float:
    return (b - a).days / 30.4375


def _parse_design(ctx: _Ctx, d: dict) -> DesignSummary:
    key = "design"
    _check_keys(ctx, d, key, {"allocation", "block_size", "strata", "accrual_start", "accrual_end", "data_cutoff",
                              "median_followup", "bridging", "quote", "randomization", "populations",
                              "max_followup"})
    alloc = tuple(d.get("allocation", [1, 1]))
    if len(alloc) != 2 or not all(isinstance(a, int) and a > 0 for a in alloc):
        raise ctx.err(f"{key}.allocation", f"must be two positive integers, e.g. [1, 1]; got {list(alloc)!r}")
    block = d.get("block_size", 4)
    if not isinstance(block, int) or block <= 0 or block % sum(alloc):
        raise ctx.err(f"{key}.block_size", f"must be a positive multiple of {sum(alloc)}; got {block!r}")
    strata = []
    for i, s in enumerate(d.get("strata", [])):
        sk = f"{key}.strata[{i}]"
        _check_keys(ctx, s, sk, {"column", "label", "levels", "proportions"})
        col = _need(ctx, s, "column", sk, str)
        levels = _need(ctx, s, "levels", sk, list)
        props = s.get("proportions", [1.0 / len(levels)] * len(levels))
        if len(props) != len(levels) or len(levels) < 2:
            raise ctx.err(f"{sk}.proportions", "needs one proportion per level (and at least two levels)")
        props = [_num(ctx, p, f"{sk}.proportions") for p in props]
        if any(p <= 0 for p in props) or abs(sum(props) - 1) > 1e-6:
            raise ctx.err(f"{sk}.proportions", f"must be positive and sum to 1; got {props}")
        strata.append(Stratum(col, str(s.get("label", col)), tuple(map(str, levels)), tuple(props)))
    start = _date(ctx, _need(ctx, d, "accrual_start", key), f"{key}.accrual_start")
    end = _date(ctx, _need(ctx, d, "accrual_end", key), f"{key}.accrual_end")
    cutoff = _date(ctx, _need(ctx, d, "data_cutoff", key), f"{key}.data_cutoff")
    if not start < end <= cutoff:
        raise ctx.err(f"{key}.data_cutoff", f"dates must satisfy accrual_start < accrual_end <= data_cutoff; "
                      f"got {start}, {end}, {cutoff}")
    mfu = _num(ctx, _need(ctx, d, "median_followup", key), f"{key}.median_followup")
    lo, hi = _months_between(end, cutoff), _months_between(start, cutoff)
    if not lo < mfu < hi:
        raise ctx.err(f"{key}.median_followup", f"{mfu:g} months is impossible with accrual {start} to {end} and "
                      f"cut-off {cutoff} (follow-up runs {lo:.1f}-{hi:.1f} months)")
    bridging = _num(ctx, d.get("bridging", 0.0), f"{key}.bridging")
    if bridging < 0:
        raise ctx.err(f"{key}.bridging", f"must be >= 0; got {bridging:g}")
    return DesignSummary(alloc, block, tuple(strata), start, end, cutoff, mfu, bridging, _quotes(ctx, d, key))


def _parse_tte(ctx: _Ctx, e, key: str, arm_ids: list[str], design: DesignSummary) -> TteEndpoint:
    if not isinstance(e, dict):
        raise ctx.err(key, "must be a table")
    _check_keys(ctx, e, key, {"id", "kind", "label", "primary", "population", "quote", "arms", "hazard_ratio"})
    eid = _need(ctx, e, "id", key, str)
    kind = _need(ctx, e, "kind", key, str)
    if kind not in TTE_KINDS:
        raise ctx.err(f"{key}.kind", f"unknown endpoint kind {kind!r} (known: {', '.join(TTE_KINDS)})")
    max_fu = _months_between(design.accrual_start, design.data_cutoff)
    arms = {}
    for aid, a in _need(ctx, e, "arms", key, dict).items():
        ak = f"{key}.arms.{aid}"
        if aid not in arm_ids:
            raise ctx.err(ak, f"unknown arm (arms are {', '.join(arm_ids)})")
        _check_keys(ctx, a, ak, {"median", "median_ci", "landmarks", "quote"})
        med = _fig(ctx, a["median"], f"{ak}.median") if "median" in a else None
        ci = a.get("median_ci")
        mlo = mhi = None
        if ci is not None:
            if not isinstance(ci, list) or len(ci) != 2:
                raise ctx.err(f"{ak}.median_ci", "must be [lower, upper]")
            mlo, mhi = _fig(ctx, ci[0], f"{ak}.median_ci"), _fig(ctx, ci[1], f"{ak}.median_ci")
            _ci_check(ctx, f"{ak}.median_ci", med, mlo, mhi)
            if med is not None and med.status == "NR" and mhi.ok:
                raise ctx.err(f"{ak}.median_ci", f"a median that is not reached cannot have a finite upper limit "
                              f"({mhi.value:g})")
        if med is not None and med.ok and not 0 < med.value <= max_fu:
            raise ctx.err(f"{ak}.median", f"{med.value:g} lies outside the follow-up (0-{max_fu:.1f} months)")
        lms = []
        for j, lm in enumerate(a.get("landmarks", [])):
            lk = f"{ak}.landmarks[{j}]"
            _check_keys(ctx, lm, lk, {"time", "rate", "ci"})
            t = _num(ctx, _need(ctx, lm, "time", lk), f"{lk}.time")
            if not 0 < t <= max_fu:
                raise ctx.err(f"{lk}.time", f"{t:g} lies outside the follow-up (0-{max_fu:.1f} months)")
            rate = Figure(_rate(ctx, _need(ctx, lm, "rate", lk), f"{lk}.rate"))
            lo = hi = None
            if "ci" in lm:
                ci = lm["ci"]
                if not isinstance(ci, list) or len(ci) != 2:
                    raise ctx.err(f"{lk}.ci", "must be [lower, upper]")
                lo, hi = (Figure(_rate(ctx, c, f"{lk}.ci")) for c in ci)
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
        arms[aid] = TteArm(med, mlo, mhi, tuple(srt))
    hr = None
    if "hazard_ratio" in e:
        hk = f"{key}.hazard_ratio"
        h = e["hazard_ratio"]
        _check_keys(ctx, h, hk, {"value", "ci", "weighting", "stratified", "p", "estimand", "quote"})
        v = _num(ctx, _need(ctx, h, "value", hk), f"{hk}.value")
        ci = _need(ctx, h, "ci", hk, list)
        if len(ci) != 2:
            raise ctx.err(f"{hk}.ci", "must be [lower, upper]")
        hr_lo, hr_hi = (_num(ctx, c, f"{hk}.ci") for c in ci)
        if v <= 0 or hr_lo <= 0:
            raise ctx.err(f"{hk}", "hazard ratios and their limits must be positive")
        _ci_check(ctx, f"{hk}.ci", Figure(v), Figure(hr_lo), Figure(hr_hi))
        if len(arms) != 2:
            raise ctx.err(hk, "a hazard ratio needs figures for both arms")
        w = str(h.get("weighting", "none"))
        if not (w == "none" or w.startswith("cutoff:") or w.startswith("fh:")):
            raise ctx.err(f"{hk}.weighting", f"must be \"none\", \"cutoff:T\" or \"fh:RHO,GAMMA\"; got {w!r}")
        if w.startswith("fh:"):
            raise ctx.err(f"{hk}.weighting", "Fleming-Harrington weighted HRs cannot be synthesized yet; use "
                          "\"cutoff:T\" or \"none\"")
        if w.startswith("cutoff:"):
            try:
                float(w.split(":", 1)[1])
            except ValueError:
                raise ctx.err(f"{hk}.weighting", f"cut-off time must be a number; got {w!r}") from None
        p = h.get("p")
        pval = ptext = None
        if isinstance(p, str):
            ptext = p
            try:
                pval = float(p.lstrip("<").strip())
            except ValueError:
                raise ctx.err(f"{hk}.p", f"must be a number or \"<0.0001\"-style text; got {p!r}") from None
        elif p is not None:
            pval = _num(ctx, p, f"{hk}.p")
            ptext = f"{pval:g}"
        if pval is not None and not 0 < pval <= 1:
            raise ctx.err(f"{hk}.p", f"must lie in (0, 1]; got {p!r}")
        hr = HazardRatio(v, hr_lo, hr_hi, w, bool(h.get("stratified", True)), pval, ptext,
                         str(h.get("estimand", "")))
    if not arms:
        raise ctx.err(f"{key}.arms", "needs the figures of at least one arm")
    quotes = _quotes(ctx, e, key) + tuple(q for a in e["arms"].values() for q in _quotes(ctx, a, key))
    return TteEndpoint(eid, kind, str(e.get("label", eid)), arms, hr, bool(e.get("primary", False)),
                       str(e.get("population", "itt")), quotes)


def _parse_response(ctx: _Ctx, r, key: str, arm_ids: list[str]) -> ResponseEndpoint:
    if not isinstance(r, dict):
        raise ctx.err(key, "must be a table")
    _check_keys(ctx, r, key, {"id", "kind", "label", "rates", "threshold", "population", "quote"})
    rid = _need(ctx, r, "id", key, str)
    kind = _need(ctx, r, "kind", key, str)
    if kind not in RESPONSE_KINDS:
        raise ctx.err(f"{key}.kind", f"unknown endpoint kind {kind!r} (known: {', '.join(RESPONSE_KINDS)})")
    rates = _arm_map(ctx, _need(ctx, r, "rates", key), f"{key}.rates", arm_ids, lambda v, k: _rate(ctx, v, k))
    thr = r.get("threshold")
    if kind == "mrd":
        thr = _num(ctx, _need(ctx, r, "threshold", key), f"{key}.threshold")
        if not 0 < thr < 1:
            raise ctx.err(f"{key}.threshold", f"must be a fraction such as 1e-5; got {thr!r}")
    return ResponseEndpoint(rid, kind, str(r.get("label", rid)), rates, thr, str(r.get("population", "itt")),
                            _quotes(ctx, r, key))


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


def _parse_safety(ctx: _Ctx, s, arm_ids) -> SafetySummary:
    key = "safety"
    _check_keys(ctx, s, key, {"population", "grade34", "serious_related", "top_grade3", "quote"})
    pop = str(s.get("population", "as_treated"))
    if pop not in ("as_treated", "itt"):
        raise ctx.err(f"{key}.population", f"must be \"as_treated\" or \"itt\"; got {pop!r}")
    conv = lambda v, k: _rate(ctx, v, k)  # noqa: E731
    g34 = _arm_map(ctx, s.get("grade34", {}), f"{key}.grade34", arm_ids, conv)
    sr = _arm_map(ctx, s.get("serious_related", {}), f"{key}.serious_related", arm_ids, conv)
    tops = []
    for i, t in enumerate(s.get("top_grade3", [])):
        tk = f"{key}.top_grade3[{i}]"
        _check_keys(ctx, t, tk, {"arm", "term", "body_system", "rate"})
        arm = _need(ctx, t, "arm", tk, str)
        if arm not in arm_ids:
            raise ctx.err(f"{tk}.arm", f"unknown arm {arm!r} (arms are {', '.join(arm_ids)})")
        rate = _rate(ctx, _need(ctx, t, "rate", tk), f"{tk}.rate")
        if arm in g34 and rate > g34[arm]:
            raise ctx.err(f"{tk}.rate", f"{rate:g}% exceeds the grade 3/4 rate {g34[arm]:g}% of arm {arm}")
        tops.append(TopGrade3(arm, _need(ctx, t, "term", tk, str), str(t.get("body_system", "")), rate))
    return SafetySummary(pop, g34, sr, tuple(tops), _quotes(ctx, s, key))


def _parse_deaths(ctx: _Ctx, d, arm_ids) -> DeathSummary:
    key = "deaths"
    _check_keys(ctx, d, key, {"population", "any_cause", "progression", "quote"})
    pop = str(d.get("population", "as_treated"))
    if pop not in ("as_treated", "itt"):
        raise ctx.err(f"{key}.population", f"must be \"as_treated\" or \"itt\"; got {pop!r}")
    conv = lambda v, k: _rate(ctx, v, k)  # noqa: E731
    anyc = _arm_map(ctx, _need(ctx, d, "any_cause", key), f"{key}.any_cause", arm_ids, conv)
    prog = _arm_map(ctx, d.get("progression", {}), f"{key}.progression", arm_ids, conv)
    for a, v in prog.items():
        if a in anyc and v > anyc[a]:
            raise ctx.err(f"{key}.progression.{a}", f"{v:g}% exceeds deaths from any cause {anyc[a]:g}%")
    return DeathSummary(pop, anyc, prog, _quotes(ctx, d, key))


def _parse_exposure(ctx: _Ctx, x, key, arm_ids) -> ExposureItem:
    _check_keys(ctx, x, key, {"arm", "column", "label", "median", "iqr", "integer", "quote"})
    arm = _need(ctx, x, "arm", key, str)
    if arm not in arm_ids:
        raise ctx.err(f"{key}.arm", f"unknown arm {arm!r} (arms are {', '.join(arm_ids)})")
    col = _need(ctx, x, "column", key, str)
    med = _num(ctx, _need(ctx, x, "median", key), f"{key}.median")
    iqr = _need(ctx, x, "iqr", key, list)
    if len(iqr) != 2:
        raise ctx.err(f"{key}.iqr", "must be [Q1, Q3]")
    q1, q3 = (_num(ctx, v, f"{key}.iqr") for v in iqr)
    if not q1 <= med <= q3:
        raise ctx.err(f"{key}.iqr", f"[{q1:g}, {q3:g}] excludes the median {med:g}")
    return ExposureItem(arm, col, str(x.get("label", col)), med, q1, q3, bool(x.get("integer", False)),
                        _quotes(ctx, x, key))
