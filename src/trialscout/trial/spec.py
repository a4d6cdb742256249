"""The trial spec: a TOML file naming the datasets, arms, analysis sets and endpoints of a readout.

The format is documented in ``docs/trial-spec.md`` and by the example ``examples/small_trial/spec.toml``.
:func:`load_spec` reads and validates it; every error names the key and the file.
"""

from __future__ import annotations

import json
import sys
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints, ValidationError, model_validator
from pydantic_core import PydanticCustomError

from .._validate import InputError
from ..io.files import read_toml

__all__ = [
    "TrialSpec",
    "ArmsSpec",
    "Population",
    "TTEEndpoint",
    "ResponseEndpoint",
    "SafetySpec",
    "DeathsSpec",
    "BaselineVar",
    "ExposureVar",
    "SubgroupVar",
    "SubgroupsSpec",
    "load_spec",
    "parse_weighting",
    "TrialSpecFile",
    "spec_json_schema",
]

DEFAULT_RELATED = ("Y", "RELATED", "PROBABLE", "POSSIBLE", "DEFINITE")
MAX_SPEC_BYTES = 10_000_000  # a trial spec is a few kilobytes


@dataclass(frozen=True, slots=True)
class Population:
    """An analysis set: ADSL rows with ``flag == "Y"``, or rows matching a pandas ``where`` expression."""

    name: str
    flag: str | None = None
    where: str | None = None

    def describe(self) -> str:
        return f"{self.flag} = 'Y'" if self.flag else f"where {self.where}"


@dataclass(frozen=True, slots=True)
class ArmsSpec:
    """The arm variable, the control arm, display order and labels."""

    variable: str
    control: str
    actual_variable: str | None
    order: tuple[str, ...] | None
    labels: tuple[tuple[str, str], ...]

    def label(self, arm: str) -> str:
        return dict(self.labels).get(arm, arm)


@dataclass(frozen=True, slots=True)
class TTEEndpoint:
    """A time-to-event endpoint. ``arms`` (None = every arm) restricts it to some arms; one arm makes it a
    single-arm endpoint: Kaplan–Meier summaries only, no hazard ratio or log-rank test."""

    id: str
    paramcd: str
    label: str
    short: str
    population: str
    landmarks: tuple[float, ...]
    weighting: str
    tau: float | None
    primary: bool
    stratified: bool
    arm: str = "randomized"
    type: str = "tte"
    arms: tuple[str, ...] | None = None

    @property
    def single_arm(self) -> bool:
        return self.arms is not None and len(self.arms) == 1


@dataclass(frozen=True, slots=True)
class ResponseEndpoint:
    id: str
    paramcd: str
    label: str
    short: str
    population: str
    categories: tuple[str, ...]
    responders: tuple[str, ...]
    evaluable: Population | None
    missing: str
    primary: bool
    stratified: bool
    arm: str = "randomized"
    type: str = "response"
    rate_ci: str = "clopper-pearson"


@dataclass(frozen=True, slots=True)
class SafetySpec:
    population: str = "safety"
    arm: str = "actual"
    treatment_emergent: str = "TRTEMFL"
    grade: str = "AETOXGR"
    serious: str = "AESER"
    related: str = "AEREL"
    related_values: tuple[str, ...] = DEFAULT_RELATED
    soc: str = "AEBODSYS"
    term: str = "AEDECOD"
    min_percent: float = 10.0
    top_grade3: int = 5


@dataclass(frozen=True, slots=True)
class DeathsSpec:
    population: str = "itt"
    flag: str = "DTHFL"
    cause: str | None = "DTHCAUS"


@dataclass(frozen=True, slots=True)
class BaselineVar:
    column: str
    label: str
    type: str  # "continuous" | "categorical"
    levels: tuple[str, ...] | None = None


@dataclass(frozen=True, slots=True)
class ExposureVar:
    column: str
    label: str
    arms: tuple[str, ...] | None
    population: str


@dataclass(frozen=True, slots=True)
class SubgroupVar:
    column: str
    label: str
    levels: tuple[str, ...] | None = None
    cuts: tuple[float, ...] | None = None


@dataclass(frozen=True, slots=True)
class SubgroupsSpec:
    endpoints: tuple[str, ...]
    variables: tuple[SubgroupVar, ...]


@dataclass(frozen=True, slots=True)
class TrialSpec:
    """A validated trial spec. Paths are absolute (resolved against the spec file's directory)."""

    path: Path
    title: str
    time_unit: str
    confidence_level: float
    preset: str
    note: str | None
    datasets: tuple[tuple[str, Path], ...]
    subject: str
    arms: ArmsSpec
    populations: tuple[Population, ...]
    strata: tuple[str, ...]
    endpoints: tuple[TTEEndpoint | ResponseEndpoint, ...]
    safety: SafetySpec | None
    deaths: DeathsSpec | None
    baseline: tuple[BaselineVar, ...] = field(default=())
    exposure: tuple[ExposureVar, ...] = field(default=())
    subgroups: SubgroupsSpec | None = None

    def dataset_path(self, name: str) -> Path | None:
        return dict(self.datasets).get(name)

    def population(self, name: str) -> Population:
        for p in self.populations:
            if p.name == name:
                return p
        raise KeyError(name)

    def endpoint(self, id: str):
        for e in self.endpoints:
            if e.id == id:
                return e
        raise KeyError(id)


# --------------------------------------------------------------------------------------------------------
# The schema: one declared model per table of the file. Types, ranges and unknown keys are checked here; the
# references between tables (populations named by endpoints, endpoint ids, required datasets) after it.

_STRICT = ConfigDict(extra="forbid", strict=True, frozen=True)
Text = Annotated[str, StringConstraints(min_length=1, pattern=r"\S")]
Positive = Annotated[float, Field(gt=0, allow_inf_nan=False)]
Finite = Annotated[float, Field(allow_inf_nan=False)]
DatasetFile = Annotated[str, StringConstraints(pattern=r"(?i)^.*\S.*\.(csv|parquet|xpt|sas7bdat)$"),
                        Field(description="Path of the dataset, relative to the spec's folder: .csv, .parquet, "
                                          ".xpt or .sas7bdat")]


def _unique(v: list[str]) -> list[str]:
    if len(set(v)) != len(v):
        raise ValueError(f"has duplicates: {v!r}")
    return v


Names = Annotated[list[Text], AfterValidator(_unique)]


class _TrialTable(BaseModel):
    model_config = _STRICT
    title: Text
    time_unit: Text = "months"
    confidence_level: float = Field(0.95, gt=0, lt=1)
    preset: Literal["sas", "r"] = "sas"
    note: Text | None = None


class _DatasetsTable(BaseModel):
    model_config = _STRICT
    adsl: DatasetFile
    adtte: DatasetFile | None = None
    adrs: DatasetFile | None = None
    adae: DatasetFile | None = None
    subject: Text = "USUBJID"


class _ArmsTable(BaseModel):
    model_config = _STRICT
    variable: Text
    control: Text
    actual_variable: Text | None = None
    order: Names | None = None
    labels: dict[str, str] = Field(default_factory=dict, description='arm value = "display name"')

    @model_validator(mode="after")
    def _control_in_order(self):
        if self.order is not None and self.control not in self.order:
            raise PydanticCustomError("spec", "must include the control arm {control!r}",
                                      {"control": self.control, "key": "order"})
        return self


class _PopulationTable(BaseModel):
    model_config = _STRICT
    flag: Text | None = None
    where: Text | None = None

    @model_validator(mode="after")
    def _one_of(self):
        if (self.flag is None) == (self.where is None):
            raise PydanticCustomError("spec", "must have exactly one of 'flag' or 'where'", {})
        return self


PopulationValue = Annotated[Text | _PopulationTable, Field(
    description='An ADSL flag column (rows with "Y"), or { flag = "COL" }, or { where = "pandas expression" }',
    union_mode="left_to_right")]


class _StratificationTable(BaseModel):
    model_config = _STRICT
    factors: Names


def _weighting(v: str) -> str:
    try:
        parse_weighting(v)
    except ValueError as exc:
        raise ValueError(f"{exc}; got {v!r}") from None
    return v.strip().lower()


def _one_or_two(v: list[str]) -> list[str]:
    if not 1 <= len(v) <= 2:
        raise ValueError(f"must list one arm (a single-arm endpoint) or two; got {v!r}")
    return v


class _EndpointCommon(BaseModel):
    model_config = _STRICT
    id: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_-]+$")]
    paramcd: Text
    label: Text | None = None
    short: Text | None = None
    population: Text = "itt"
    primary: bool = False
    stratified: bool | None = None
    arm: Literal["randomized", "actual"] = "randomized"


class _TTETable(_EndpointCommon):
    type: Literal["tte"]
    landmarks: list[Positive] = Field(default_factory=list)
    weighting: Annotated[str, AfterValidator(_weighting)] = Field(
        "none", description="none, fh:RHO,GAMMA or cutoff:T")
    tau: Positive | None = None
    arms: Annotated[Names, AfterValidator(_one_or_two)] | None = Field(
        None, description="Restrict the endpoint to these arms; one arm makes it a single-arm endpoint")

    @model_validator(mode="after")
    def _single_arm(self):
        if self.arms is not None and len(self.arms) == 1:
            if self.weighting != "none":
                key = "weighting"
            elif self.stratified:
                key = "stratified"
            else:
                return self
            raise PydanticCustomError(
                "spec", "applies to the comparison of arms, which a single-arm endpoint (arms = {arms}) does not have",
                {"arms": repr(list(self.arms)), "key": key})
        return self


class _ResponseTable(_EndpointCommon):
    type: Literal["response"]
    categories: Names
    responders: Names
    evaluable: PopulationValue | None = None
    missing: Literal["nonresponder", "exclude"] = "nonresponder"
    rate_ci: Text = Field("clopper-pearson", description=(
        "The interval of each arm's rate: a trialscout method (clopper-pearson, wilson, agresti-coull, jeffreys, "
        "mid-p, ...) or the SAS BINOMIAL(CL=...) name as a SAS program writes it (EXACT, WILSON, WILSON(CORRECT), "
        "AGRESTICOULL, JEFFREYS, MIDP, BLAKER, LR, LOGIT, WALD)"))

    @model_validator(mode="after")
    def _rate_ci_known(self):
        from ..binary.freq import rate_interval

        try:
            rate_interval(1, 2, ci=self.rate_ci)
        except (ValueError, NotImplementedError) as exc:
            raise PydanticCustomError("spec", "{why}", {"why": " ".join(str(exc).split()), "key": "rate_ci"})
        return self

    @model_validator(mode="after")
    def _responders_in_categories(self):
        bad = [r for r in self.responders if r not in self.categories]
        if bad:
            raise PydanticCustomError("spec", "has values not in 'categories': {bad}",
                                      {"bad": repr(bad), "key": "responders"})
        return self


class _SafetyTable(BaseModel):
    model_config = _STRICT
    population: Text = "safety"
    arm: Literal["actual", "randomized"] = "actual"
    treatment_emergent: Text = "TRTEMFL"
    grade: Text = "AETOXGR"
    serious: Text = "AESER"
    related: Text = "AEREL"
    related_values: Names = Field(default_factory=lambda: list(DEFAULT_RELATED))
    soc: Text = "AEBODSYS"
    term: Text = "AEDECOD"
    min_percent: float = Field(10.0, ge=0, le=100)
    top_grade3: int = Field(5, ge=1)


class _DeathsTable(BaseModel):
    model_config = _STRICT
    population: Text = "itt"
    flag: Text = "DTHFL"
    cause: Text = "DTHCAUS"


class _BaselineTable(BaseModel):
    model_config = _STRICT
    column: Text
    label: Text | None = None
    type: Literal["continuous", "categorical"]
    levels: Names | None = None


class _ExposureTable(BaseModel):
    model_config = _STRICT
    column: Text
    label: Text | None = None
    arms: Names | None = None
    population: Text | None = None


def _increasing(v: list[float]) -> list[float]:
    if any(b <= a for a, b in zip(v, v[1:])):
        raise ValueError(f"must be an increasing list of numbers; got {v!r}")
    return v


class _SubgroupVarTable(BaseModel):
    model_config = _STRICT
    column: Text
    label: Text | None = None
    levels: Names | None = None
    cuts: Annotated[list[Finite], Field(min_length=1), AfterValidator(_increasing)] | None = None

    @model_validator(mode="after")
    def _levels_or_cuts(self):
        if self.cuts is not None and self.levels is not None:
            raise PydanticCustomError("spec", "may have 'levels' or 'cuts', not both", {})
        return self


class _SubgroupsTable(BaseModel):
    model_config = _STRICT
    endpoints: Names
    variables: Annotated[list[_SubgroupVarTable], Field(min_length=1)]


class TrialSpecFile(BaseModel):
    """The trial spec file, as a schema (published as docs/schemas/trial-spec.schema.json)."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, title="trialscout trial spec")
    trial: _TrialTable
    datasets: _DatasetsTable
    arms: _ArmsTable
    populations: dict[str, PopulationValue]
    stratification: _StratificationTable | None = None
    endpoints: list[Annotated[_TTETable | _ResponseTable, Field(discriminator="type")]] = Field(
        default_factory=list)
    safety: _SafetyTable | None = None
    deaths: _DeathsTable | None = None
    baseline: list[_BaselineTable] = Field(default_factory=list)
    exposure: list[_ExposureTable] = Field(default_factory=list)
    subgroups: _SubgroupsTable | None = None


def spec_json_schema() -> dict:
    """The JSON Schema of the trial spec file (what docs/schemas/trial-spec.schema.json holds)."""
    schema = _without_null(TrialSpecFile.model_json_schema())
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://github.com/trialscout/trialscout/blob/main/docs/schemas/trial-spec.schema.json"
    schema["description"] = ("A trial spec: the datasets, arms, analysis sets and endpoints of a trial readout "
                             "(TOML; see docs/trial-spec.md).")
    return schema


def _without_null(node):
    """TOML has no null: an optional key is one that may be left out, so drop pydantic's ``null`` branches."""
    if isinstance(node, list):
        return [_without_null(x) for x in node]
    if not isinstance(node, dict):
        return node
    out = {}
    for k, v in node.items():
        if k == "default" and v is None:
            continue
        if k == "anyOf":
            branches = [b for b in v if b != {"type": "null"}]
            if len(branches) == 1:
                out.update(_without_null(branches[0]))
                continue
            v = branches
        out[k] = _without_null(v)
    return out


# -- turning the first schema error into one message that names the key and the file -----------------------
_TAGS = ("tte", "response")


def _key_of(loc: tuple, raw: dict) -> str:
    """``('endpoints', 1, 'tte', 'tau')`` -> ``"endpoints[2] (id 'OS').tau"`` (1-based, as a person counts)."""
    parts: list[str] = []
    node: Any = raw
    prev = None
    for part in loc:
        if isinstance(part, int):
            item = node[part] if isinstance(node, list) and part < len(node) else None
            ident = f" (id {item['id']!r})" if prev == "endpoints" and isinstance(item, dict) and "id" in item else ""
            parts[-1] += f"[{part + 1}]{ident}"
            node = item
        elif part in _TAGS and prev is not None and isinstance(node, dict) and node.get("type") == part:
            continue  # the discriminated union's branch, not a key of the file
        elif not isinstance(node, dict) or (part not in node and (part.startswith("_") or "[" in part)):
            continue  # the name of a union's branch (e.g. 'str', '_PopulationTable'), not a key of the file
        else:
            parts.append(str(part))
            node = node.get(part) if isinstance(node, dict) else None
        prev = part
    return ".".join(parts)


def _allowed(loc: tuple) -> list[str]:
    """The keys allowed in the table at ``loc`` (for an unknown key)."""
    model: Any = TrialSpecFile
    for part in loc[:-1]:
        if part in _TAGS:
            model = _TTETable if part == "tte" else _ResponseTable
            continue
        if isinstance(part, int) or model is None:
            continue
        field_info = model.model_fields.get(part) if hasattr(model, "model_fields") else None
        if field_info is None:
            continue  # a table's own key (a population's name) or a union branch's name
        models = _models_in(field_info.annotation)
        model = models[0] if len(models) == 1 else (None if not models else models)
        if isinstance(model, list):
            model = None
    return sorted(model.model_fields) if model is not None and hasattr(model, "model_fields") else []


def _models_in(tp) -> list:
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return [tp]
    out: list = []
    for arg in typing.get_args(tp):
        out += _models_in(arg)
    return out


def _message(err: dict) -> str:
    kind, got, ctx = err["type"], err.get("input"), err.get("ctx") or {}
    if kind == "missing":
        return "is required but missing"
    if kind == "extra_forbidden":
        allowed = _allowed(err["loc"])
        return "is not a known key" + (f" (allowed: {', '.join(allowed)})" if allowed else "")
    if kind in ("string_type", "string_too_short", "string_pattern_mismatch") and err["loc"][:2] == (
            "datasets", err["loc"][1]) and err["loc"][1] != "subject" and isinstance(got, str):
        return f"must end in .csv, .parquet, .xpt or .sas7bdat; got {got!r}"
    if kind == "string_pattern_mismatch" and err["loc"][-1] == "id":
        return "may contain only letters, digits, '_' and '-'"
    if kind in ("string_type", "string_too_short", "string_pattern_mismatch"):
        return f"must be a non-empty string; got {got!r}"
    if kind in ("float_type", "int_type", "float_parsing", "int_parsing", "int_from_float"):
        whole = "a whole number" if kind.startswith("int") else "a number"
        return f"must be {whole}; got {got!r}"
    if kind == "finite_number":
        return f"must be a finite number; got {got!r}"
    if kind == "bool_type":
        return f"must be true or false; got {got!r}"
    if kind in ("greater_than", "greater_than_equal", "less_than", "less_than_equal"):
        if err["loc"][-1] == "confidence_level":
            return f"must be between 0 and 1; got {got!r}"
        if "gt" in ctx and ctx["gt"] == 0 and "lt" not in ctx:
            return f"must be positive; got {got!r}"
        words = {"greater_than": "greater than", "greater_than_equal": "at least", "less_than": "less than",
                 "less_than_equal": "at most"}[kind]
        bound = next(iter(ctx.values()))
        return f"must be {words} {bound}; got {got!r}"
    if kind == "literal_error":
        return f"must be {ctx.get('expected', '')}; got {got!r}"
    if kind in ("list_type", "too_short", "too_long"):
        if kind == "list_type":
            return f"must be a list; got {got!r}"
        return f"must have {'at least' if kind == 'too_short' else 'at most'} " \
               f"{ctx.get('min_length', ctx.get('max_length'))} item(s); got {got!r}"
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return f"must be a table; got {got!r}"
    if kind == "union_tag_invalid":
        return f"must be 'tte' or 'response'; got {ctx.get('tag')!r}"
    if kind == "union_tag_not_found":
        return "is required but missing"
    if kind == "value_error":
        return str(ctx.get("error", err["msg"]))
    return err["msg"][0].lower() + err["msg"][1:] + (f"; got {got!r}" if got is not None else "")


def _schema_error(exc: ValidationError, raw: dict, path: Path) -> InputError:
    errs = exc.errors()
    # a value that fits none of a union's forms reports one error per form: report the most telling one
    # an unknown key first: a misspelt key also makes the intended one "missing"
    err = next((e for e in errs if e["type"] == "extra_forbidden"), None) or next(
        (e for e in errs if e["type"] not in ("string_type", "model_type", "model_attributes_type")), errs[0])
    loc = tuple(err["loc"])
    if err["type"] == "union_tag_not_found":
        loc = (*loc, "type")
    if err["type"] == "union_tag_invalid":
        loc = (*loc, "type")
    key = _key_of(loc, raw)
    ctx = err.get("ctx") or {}
    if err["type"] == "spec" and ctx.get("key"):
        key = f"{key}.{ctx['key']}"
    got = _get(raw, loc[:2])
    if loc[0] == "populations" and len(loc) >= 2 and not isinstance(got, (str, dict)):
        key = ".".join(str(x) for x in loc[:2])
        return InputError(f"trial spec {path}: key '{key}' must be an ADSL flag column name or "
                          f"{{ where = \"...\" }}; got {got!r}")
    msg = err["msg"] if err["type"] == "spec" else _message(dict(err))
    return InputError(f"trial spec {path}: key '{key}' {msg}")


def _get(raw, loc):
    node = raw
    for part in loc:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            return None
    return node


def parse_weighting(text: str) -> tuple[str, tuple[float, ...]]:
    """``"none"`` -> ("none", ()), ``"fh:0,1"`` -> ("fh", (0.0, 1.0)), ``"cutoff:2"`` -> ("cutoff", (2.0,)).

    Raises ``ValueError`` with a short reason on anything else.
    """
    t = text.strip().lower()
    if t == "none":
        return "none", ()
    kind, _, rest = t.partition(":")
    try:
        nums = tuple(float(x) for x in rest.split(",")) if rest else ()
    except ValueError:
        raise ValueError("numbers expected after ':'") from None
    if kind == "fh" and len(nums) == 2 and all(x >= 0 for x in nums):
        return "fh", nums
    if kind == "cutoff" and len(nums) == 1 and nums[0] > 0:
        return "cutoff", nums
    raise ValueError("expected 'none', 'fh:RHO,GAMMA' (both >= 0) or 'cutoff:T' (T > 0)")


def load_spec(path) -> TrialSpec:
    """Read and validate a trial spec.

    Parameters
    ----------
    path : str or Path
        The TOML file. Dataset paths in it are relative to its directory. Its schema is
        :class:`TrialSpecFile` (published as docs/schemas/trial-spec.schema.json).

    Returns
    -------
    TrialSpec

    Raises
    ------
    InputError
        The file is missing, not a regular file, not UTF-8, not valid TOML, or a key is missing, unknown or
        has a bad type or value, or names a population or endpoint that is not defined; the message names the
        key and the file.
    """
    path = Path(path)
    raw = _read_toml(path)
    try:
        model = TrialSpecFile.model_validate(raw)
    except ValidationError as exc:
        raise _schema_error(exc, raw, path) from None

    def fail(key: str, msg: str) -> InputError:
        return InputError(f"trial spec {path}: key '{key}' {msg}")

    tr = model.trial
    datasets = []
    for name in ("adsl", "adtte", "adrs", "adae"):
        p = getattr(model.datasets, name)
        if p is None:
            continue
        try:
            full = (path.parent / p).resolve() if not Path(p).is_absolute() else Path(p)
        except (RuntimeError, OSError) as exc:  # a symlink loop
            raise fail(f"datasets.{name}", f"names {p!r}, which cannot be resolved ({exc})") from None
        datasets.append((name, full))

    ar = model.arms
    arms = ArmsSpec(
        variable=ar.variable,
        control=ar.control,
        actual_variable=ar.actual_variable,
        order=tuple(ar.order) if ar.order is not None else None,
        labels=tuple((str(k), v) for k, v in ar.labels.items()),
    )

    pops = [_population(name, v) for name, v in model.populations.items()]
    pop_names = {p.name for p in pops}
    if "itt" not in pop_names:
        raise fail("populations.itt", "is required but missing")

    def need_pop(key: str, name: str) -> str:
        if name not in pop_names:
            raise fail(key, f"names population {name!r}, which [populations] does not define "
                            f"(defined: {', '.join(sorted(pop_names))})")
        return name

    strata: tuple[str, ...] = tuple(model.stratification.factors) if model.stratification else ()

    endpoints: list[TTEEndpoint | ResponseEndpoint] = []
    seen: set[str] = set()
    for i, e in enumerate(model.endpoints, start=1):
        key = f"endpoints[{i}] (id {e.id!r})"
        if e.id in seen:
            raise fail(f"{key}.id", "is used by two endpoints")
        seen.add(e.id)
        if isinstance(e, _TTETable):
            single = e.arms is not None and len(e.arms) == 1
            endpoints.append(TTEEndpoint(
                id=e.id,
                paramcd=e.paramcd,
                label=e.label or e.id,
                short=e.short or e.id,
                population=need_pop(f"{key}.population", e.population),
                landmarks=tuple(sorted(float(x) for x in e.landmarks)),
                weighting=e.weighting,
                tau=None if e.tau is None else float(e.tau),
                primary=e.primary,
                stratified=(bool(strata) if e.stratified is None else e.stratified) and not single,
                arm=e.arm,
                arms=tuple(e.arms) if e.arms is not None else None,
            ))
        else:
            endpoints.append(ResponseEndpoint(
                id=e.id,
                paramcd=e.paramcd,
                label=e.label or e.id,
                short=e.short or e.id,
                population=need_pop(f"{key}.population", e.population),
                categories=tuple(e.categories),
                responders=tuple(e.responders),
                evaluable=None if e.evaluable is None else _population(f"{e.id} evaluable", e.evaluable),
                missing=e.missing,
                primary=e.primary,
                stratified=bool(strata) if e.stratified is None else e.stratified,
                arm=e.arm,
                rate_ci=e.rate_ci,
            ))
    ds_names = {n for n, _ in datasets}
    if any(e.type == "tte" for e in endpoints) and "adtte" not in ds_names:
        raise fail("datasets.adtte", "is required because a tte endpoint is defined")
    if any(e.type == "response" for e in endpoints) and "adrs" not in ds_names:
        raise fail("datasets.adrs", "is required because a response endpoint is defined")

    safety = None
    if model.safety is not None:
        sf = model.safety
        if "adae" not in ds_names:
            raise fail("datasets.adae", "is required because [safety] is defined")
        safety = SafetySpec(
            population=need_pop("safety.population", sf.population),
            arm=sf.arm,
            treatment_emergent=sf.treatment_emergent,
            grade=sf.grade,
            serious=sf.serious,
            related=sf.related,
            related_values=tuple(sf.related_values),
            soc=sf.soc,
            term=sf.term,
            min_percent=float(sf.min_percent),
            top_grade3=sf.top_grade3,
        )

    deaths = None
    if model.deaths is not None:
        dt = model.deaths
        deaths = DeathsSpec(population=need_pop("deaths.population", dt.population), flag=dt.flag, cause=dt.cause)

    baseline = [BaselineVar(b.column, b.label or b.column, b.type, tuple(b.levels) if b.levels else None)
                for b in model.baseline]
    default_pop = "safety" if "safety" in pop_names else "itt"
    exposure = [
        ExposureVar(x.column, x.label or x.column, tuple(x.arms) if x.arms is not None else None,
                    need_pop(f"exposure[{i}].population", x.population or default_pop))
        for i, x in enumerate(model.exposure, start=1)
    ]

    subgroups = None
    if model.subgroups is not None:
        sg = model.subgroups
        tte_ids = {e.id for e in endpoints if e.type == "tte"}
        for eid in sg.endpoints:
            if eid not in tte_ids:
                raise fail("subgroups.endpoints", f"names {eid!r}, which is not a tte endpoint id")
            ep = next(e for e in endpoints if e.id == eid)
            if isinstance(ep, TTEEndpoint) and ep.single_arm:
                raise fail("subgroups.endpoints", f"names {eid!r}, a single-arm endpoint: subgroup hazard "
                           "ratios need two arms")
        variables = tuple(
            SubgroupVar(v.column, v.label or v.column, tuple(v.levels) if v.levels is not None else None,
                        tuple(float(x) for x in v.cuts) if v.cuts is not None else None)
            for v in sg.variables
        )
        subgroups = SubgroupsSpec(tuple(sg.endpoints), variables)

    return TrialSpec(
        path=path.resolve(),
        title=tr.title,
        time_unit=tr.time_unit,
        confidence_level=float(tr.confidence_level),
        preset=tr.preset,
        note=tr.note,
        datasets=tuple(datasets),
        subject=model.datasets.subject,
        arms=arms,
        populations=tuple(pops),
        strata=strata,
        endpoints=tuple(endpoints),
        safety=safety,
        deaths=deaths,
        baseline=tuple(baseline),
        exposure=tuple(exposure),
        subgroups=subgroups,
    )


def _population(name: str, v) -> Population:
    if isinstance(v, str):
        return Population(name, flag=v)
    if v.flag is not None:
        return Population(name, flag=v.flag)
    return Population(name, where=v.where)


def _read_toml(path: Path) -> dict:
    """The parsed TOML of a spec file: a regular file of at most MAX_SPEC_BYTES, UTF-8."""
    return read_toml(path, "trial spec", max_bytes=MAX_SPEC_BYTES, label=f"trial spec {path}")


def write_json_schema(dest) -> Path:
    """Write :func:`spec_json_schema` to ``dest`` (how docs/schemas/trial-spec.schema.json is made)."""
    dest = Path(dest)
    dest.write_text(json.dumps(spec_json_schema(), indent=2, sort_keys=False) + "\n", encoding="utf-8")
    return dest

