"""The trial spec: a TOML file naming the datasets, arms, analysis sets and endpoints of a readout.

The format is documented in ``docs/trial-spec.md`` and by the example ``examples/small_trial/spec.toml``.
:func:`load_spec` reads and validates it; every error names the key and the file.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from .._validate import InputError

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
]

DEFAULT_RELATED = ("Y", "RELATED", "PROBABLE", "POSSIBLE", "DEFINITE")
_ID = re.compile(r"^[A-Za-z0-9_-]+$")


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
# parsing helpers: each error names the key path and the file


class _Ctx:
    def __init__(self, path: Path):
        self.path = path

    def fail(self, key: str, msg: str) -> InputError:
        return InputError(f"trial spec {self.path}: key '{key}' {msg}")

    def table(self, d: dict, key: str, allowed: set[str], required: set[str] = frozenset()) -> None:
        unknown = sorted(set(d) - allowed)
        if unknown:
            raise self.fail(
                f"{key}.{unknown[0]}" if key else unknown[0],
                f"is not a known key (allowed: {', '.join(sorted(allowed))})",
            )
        for r in sorted(required):
            if r not in d:
                raise self.fail(f"{key}.{r}" if key else r, "is required but missing")

    def str_(self, d: dict, key: str, name: str, default=None, required: bool = False) -> str | None:
        if name not in d:
            if required:
                raise self.fail(f"{key}.{name}", "is required but missing")
            return default
        v = d[name]
        if not isinstance(v, str) or not v.strip():
            raise self.fail(f"{key}.{name}", f"must be a non-empty string; got {v!r}")
        return v

    def num(self, d: dict, key: str, name: str, default=None, positive: bool = True) -> float | None:
        if name not in d:
            return default
        v = d[name]
        if isinstance(v, bool) or not isinstance(v, (int, float)):
            raise self.fail(f"{key}.{name}", f"must be a number; got {v!r}")
        if positive and not v > 0:
            raise self.fail(f"{key}.{name}", f"must be positive; got {v!r}")
        return float(v)

    def bool_(self, d: dict, key: str, name: str, default: bool) -> bool:
        if name not in d:
            return default
        v = d[name]
        if not isinstance(v, bool):
            raise self.fail(f"{key}.{name}", f"must be true or false; got {v!r}")
        return v

    def strlist(self, d: dict, key: str, name: str, default=None, required: bool = False):
        if name not in d:
            if required:
                raise self.fail(f"{key}.{name}", "is required but missing")
            return default
        v = d[name]
        if not isinstance(v, list) or not all(isinstance(x, str) and x for x in v):
            raise self.fail(f"{key}.{name}", f"must be a list of non-empty strings; got {v!r}")
        if len(set(v)) != len(v):
            raise self.fail(f"{key}.{name}", f"has duplicates: {v!r}")
        return tuple(v)

    def numlist(self, d: dict, key: str, name: str) -> tuple[float, ...]:
        v = d.get(name, [])
        if not isinstance(v, list) or not all(
            isinstance(x, (int, float)) and not isinstance(x, bool) and x > 0 for x in v
        ):
            raise self.fail(f"{key}.{name}", f"must be a list of positive numbers; got {v!r}")
        return tuple(sorted(float(x) for x in v))

    def population(self, key: str, name: str, v) -> Population:
        if isinstance(v, str) and v.strip():
            return Population(name, flag=v)
        if isinstance(v, dict):
            self.table(v, key, {"where", "flag"})
            if len(v) != 1:
                raise self.fail(key, "must have exactly one of 'flag' or 'where'")
            if "flag" in v:
                return Population(name, flag=self.str_(v, key, "flag"))
            return Population(name, where=self.str_(v, key, "where"))
        raise self.fail(key, f"must be an ADSL flag column name or {{ where = \"...\" }}; got {v!r}")


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
        The TOML file. Dataset paths in it are relative to its directory.

    Returns
    -------
    TrialSpec

    Raises
    ------
    InputError
        The file is missing, is not valid TOML, or a key is missing, unknown or has a bad value; the message
        names the key and the file.
    """
    path = Path(path)
    if not path.is_file():
        raise InputError(f"trial spec {path}: file not found")
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"trial spec {path}: not valid TOML: {exc}") from None
    except UnicodeDecodeError:
        raise InputError(f"trial spec {path}: not a UTF-8 text file") from None
    c = _Ctx(path)
    c.table(
        raw, "",
        {"trial", "datasets", "arms", "populations", "stratification", "endpoints", "safety", "deaths",
         "baseline", "exposure", "subgroups"},
        {"trial", "datasets", "arms", "populations"},
    )
    for k in ("trial", "datasets", "arms", "populations"):
        if not isinstance(raw[k], dict):
            raise c.fail(k, "must be a table")

    tr = raw["trial"]
    c.table(tr, "trial", {"title", "time_unit", "confidence_level", "preset", "note"}, {"title"})
    title = c.str_(tr, "trial", "title")
    time_unit = c.str_(tr, "trial", "time_unit", "months")
    level = c.num(tr, "trial", "confidence_level", 0.95)
    if not 0 < level < 1:
        raise c.fail("trial.confidence_level", f"must be between 0 and 1; got {level!r}")
    preset = c.str_(tr, "trial", "preset", "sas")
    if preset not in ("sas", "r"):
        raise c.fail("trial.preset", f"must be 'sas' or 'r'; got {preset!r}")
    note = c.str_(tr, "trial", "note")

    ds = raw["datasets"]
    c.table(ds, "datasets", {"adsl", "adtte", "adrs", "adae", "subject"}, {"adsl"})
    datasets = []
    for name in ("adsl", "adtte", "adrs", "adae"):
        p = c.str_(ds, "datasets", name)
        if p is None:
            continue
        full = (path.parent / p).resolve() if not Path(p).is_absolute() else Path(p)
        if full.suffix.lower() not in (".csv", ".parquet", ".xpt", ".sas7bdat"):
            raise c.fail(f"datasets.{name}", f"must end in .csv, .parquet, .xpt or .sas7bdat; got {p!r}")
        datasets.append((name, full))
    subject = c.str_(ds, "datasets", "subject", "USUBJID")

    ar = raw["arms"]
    c.table(ar, "arms", {"variable", "control", "actual_variable", "order", "labels"}, {"variable", "control"})
    labels = ar.get("labels", {})
    if not isinstance(labels, dict) or not all(isinstance(v, str) for v in labels.values()):
        raise c.fail("arms.labels", "must be a table of arm value = \"display name\"")
    order = c.strlist(ar, "arms", "order")
    control = c.str_(ar, "arms", "control")
    if order is not None and control not in order:
        raise c.fail("arms.order", f"must include the control arm {control!r}")
    arms = ArmsSpec(
        variable=c.str_(ar, "arms", "variable"),
        control=control,
        actual_variable=c.str_(ar, "arms", "actual_variable"),
        order=order,
        labels=tuple((str(k), v) for k, v in labels.items()),
    )

    pops = []
    for name, v in raw["populations"].items():
        pops.append(c.population(f"populations.{name}", name, v))
    pop_names = {p.name for p in pops}
    if "itt" not in pop_names:
        raise c.fail("populations.itt", "is required but missing")

    def need_pop(key: str, name: str) -> str:
        if name not in pop_names:
            raise c.fail(key, f"names population {name!r}, which [populations] does not define "
                              f"(defined: {', '.join(sorted(pop_names))})")
        return name

    strata: tuple[str, ...] = ()
    if "stratification" in raw:
        st = raw["stratification"]
        if not isinstance(st, dict):
            raise c.fail("stratification", "must be a table")
        c.table(st, "stratification", {"factors"}, {"factors"})
        strata = c.strlist(st, "stratification", "factors")

    endpoints = []
    eps = raw.get("endpoints", [])
    if not isinstance(eps, list):
        raise c.fail("endpoints", "must be an array of tables ([[endpoints]])")
    seen: set[str] = set()
    for i, e in enumerate(eps, start=1):
        key = f"endpoints[{i}]"
        if not isinstance(e, dict):
            raise c.fail(key, "must be a table")
        eid = c.str_(e, key, "id", required=True)
        key = f"endpoints[{i}] (id {eid!r})"
        if not _ID.match(eid):
            raise c.fail(f"{key}.id", "may contain only letters, digits, '_' and '-'")
        if eid in seen:
            raise c.fail(f"{key}.id", "is used by two endpoints")
        seen.add(eid)
        etype = c.str_(e, key, "type", required=True)
        common = {"id", "type", "paramcd", "label", "short", "population", "primary", "stratified", "arm"}
        arm_kind = c.str_(e, key, "arm", "randomized")
        if arm_kind not in ("randomized", "actual"):
            raise c.fail(f"{key}.arm", f"must be 'randomized' or 'actual'; got {arm_kind!r}")
        if etype == "tte":
            c.table(e, key, common | {"landmarks", "weighting", "tau", "arms"}, {"paramcd"})
            w = c.str_(e, key, "weighting", "none")
            try:
                parse_weighting(w)
            except ValueError as exc:
                raise c.fail(f"{key}.weighting", f"{exc}; got {w!r}") from None
            ep_arms = c.strlist(e, key, "arms")
            if ep_arms is not None and not 1 <= len(ep_arms) <= 2:
                raise c.fail(f"{key}.arms", f"must list one arm (a single-arm endpoint) or two; got {ep_arms!r}")
            if ep_arms is not None and len(ep_arms) == 1:
                for k in ("weighting", "stratified"):
                    if k in e and (e[k] is not False if k == "stratified" else w.strip().lower() != "none"):
                        raise c.fail(f"{key}.{k}", f"applies to the comparison of arms, which a single-arm "
                                     f"endpoint (arms = {list(ep_arms)!r}) does not have")
            endpoints.append(TTEEndpoint(
                id=eid,
                paramcd=c.str_(e, key, "paramcd"),
                label=c.str_(e, key, "label", eid),
                short=c.str_(e, key, "short", eid),
                population=need_pop(f"{key}.population", c.str_(e, key, "population", "itt")),
                landmarks=c.numlist(e, key, "landmarks"),
                weighting=w.strip().lower(),
                tau=c.num(e, key, "tau"),
                primary=c.bool_(e, key, "primary", False),
                stratified=c.bool_(e, key, "stratified", bool(strata)) and not (ep_arms and len(ep_arms) == 1),
                arm=arm_kind,
                arms=ep_arms,
            ))
        elif etype == "response":
            c.table(e, key, common | {"categories", "responders", "evaluable", "missing"},
                    {"paramcd", "categories", "responders"})
            cats = c.strlist(e, key, "categories", required=True)
            resp = c.strlist(e, key, "responders", required=True)
            bad = [r for r in resp if r not in cats]
            if bad:
                raise c.fail(f"{key}.responders", f"has values not in 'categories': {bad!r}")
            missing = c.str_(e, key, "missing", "nonresponder")
            if missing not in ("nonresponder", "exclude"):
                raise c.fail(f"{key}.missing", f"must be 'nonresponder' or 'exclude'; got {missing!r}")
            ev = None
            if "evaluable" in e:
                ev = c.population(f"{key}.evaluable", f"{eid} evaluable", e["evaluable"])
            endpoints.append(ResponseEndpoint(
                id=eid,
                paramcd=c.str_(e, key, "paramcd"),
                label=c.str_(e, key, "label", eid),
                short=c.str_(e, key, "short", eid),
                population=need_pop(f"{key}.population", c.str_(e, key, "population", "itt")),
                categories=cats,
                responders=resp,
                evaluable=ev,
                missing=missing,
                primary=c.bool_(e, key, "primary", False),
                stratified=c.bool_(e, key, "stratified", bool(strata)),
                arm=arm_kind,
            ))
        else:
            raise c.fail(f"{key}.type", f"must be 'tte' or 'response'; got {etype!r}")
    ds_names = {n for n, _ in datasets}
    if any(e.type == "tte" for e in endpoints) and "adtte" not in ds_names:
        raise c.fail("datasets.adtte", "is required because a tte endpoint is defined")
    if any(e.type == "response" for e in endpoints) and "adrs" not in ds_names:
        raise c.fail("datasets.adrs", "is required because a response endpoint is defined")

    safety = None
    if "safety" in raw:
        sf = raw["safety"]
        if not isinstance(sf, dict):
            raise c.fail("safety", "must be a table")
        names = {"population", "arm", "treatment_emergent", "grade", "serious", "related", "related_values",
                 "soc", "term", "min_percent", "top_grade3"}
        c.table(sf, "safety", names)
        if "adae" not in ds_names:
            raise c.fail("datasets.adae", "is required because [safety] is defined")
        d = SafetySpec()
        arm = c.str_(sf, "safety", "arm", "actual")
        if arm not in ("actual", "randomized"):
            raise c.fail("safety.arm", f"must be 'actual' or 'randomized'; got {arm!r}")
        top = sf.get("top_grade3", d.top_grade3)
        if isinstance(top, bool) or not isinstance(top, int) or top < 1:
            raise c.fail("safety.top_grade3", f"must be a positive integer; got {top!r}")
        minp = c.num(sf, "safety", "min_percent", d.min_percent, positive=False)
        if not 0 <= minp <= 100:
            raise c.fail("safety.min_percent", f"must be between 0 and 100; got {minp!r}")
        safety = SafetySpec(
            population=need_pop("safety.population", c.str_(sf, "safety", "population", "safety")),
            arm=arm,
            treatment_emergent=c.str_(sf, "safety", "treatment_emergent", d.treatment_emergent),
            grade=c.str_(sf, "safety", "grade", d.grade),
            serious=c.str_(sf, "safety", "serious", d.serious),
            related=c.str_(sf, "safety", "related", d.related),
            related_values=c.strlist(sf, "safety", "related_values", d.related_values),
            soc=c.str_(sf, "safety", "soc", d.soc),
            term=c.str_(sf, "safety", "term", d.term),
            min_percent=minp,
            top_grade3=top,
        )

    deaths = None
    if "deaths" in raw:
        dt = raw["deaths"]
        if not isinstance(dt, dict):
            raise c.fail("deaths", "must be a table")
        c.table(dt, "deaths", {"population", "flag", "cause"})
        deaths = DeathsSpec(
            population=need_pop("deaths.population", c.str_(dt, "deaths", "population", "itt")),
            flag=c.str_(dt, "deaths", "flag", "DTHFL"),
            cause=c.str_(dt, "deaths", "cause", "DTHCAUS"),
        )

    baseline = []
    for i, b in enumerate(raw.get("baseline", []), start=1):
        key = f"baseline[{i}]"
        if not isinstance(b, dict):
            raise c.fail(key, "must be a table")
        c.table(b, key, {"column", "label", "type", "levels"}, {"column", "type"})
        t = c.str_(b, key, "type")
        if t not in ("continuous", "categorical"):
            raise c.fail(f"{key}.type", f"must be 'continuous' or 'categorical'; got {t!r}")
        col = c.str_(b, key, "column")
        baseline.append(BaselineVar(col, c.str_(b, key, "label", col), t, c.strlist(b, key, "levels")))

    exposure = []
    for i, x in enumerate(raw.get("exposure", []), start=1):
        key = f"exposure[{i}]"
        if not isinstance(x, dict):
            raise c.fail(key, "must be a table")
        c.table(x, key, {"column", "label", "arms", "population"}, {"column"})
        col = c.str_(x, key, "column")
        default_pop = "safety" if "safety" in pop_names else "itt"
        exposure.append(ExposureVar(
            col, c.str_(x, key, "label", col), c.strlist(x, key, "arms"),
            need_pop(f"{key}.population", c.str_(x, key, "population", default_pop)),
        ))

    subgroups = None
    if "subgroups" in raw:
        sg = raw["subgroups"]
        if not isinstance(sg, dict):
            raise c.fail("subgroups", "must be a table")
        c.table(sg, "subgroups", {"endpoints", "variables"}, {"endpoints", "variables"})
        ids = c.strlist(sg, "subgroups", "endpoints")
        tte_ids = {e.id for e in endpoints if e.type == "tte"}
        for eid in ids:
            if eid not in tte_ids:
                raise c.fail("subgroups.endpoints", f"names {eid!r}, which is not a tte endpoint id")
            if next(e for e in endpoints if e.id == eid).single_arm:
                raise c.fail("subgroups.endpoints", f"names {eid!r}, a single-arm endpoint: subgroup hazard "
                             "ratios need two arms")
        variables = []
        if not isinstance(sg["variables"], list) or not sg["variables"]:
            raise c.fail("subgroups.variables", "must be a non-empty array of tables")
        for i, v in enumerate(sg["variables"], start=1):
            key = f"subgroups.variables[{i}]"
            if not isinstance(v, dict):
                raise c.fail(key, "must be a table")
            c.table(v, key, {"column", "label", "levels", "cuts"}, {"column"})
            col = c.str_(v, key, "column")
            cuts = None
            if "cuts" in v:
                cl = v["cuts"]
                if not isinstance(cl, list) or not cl or not all(
                    isinstance(x, (int, float)) and not isinstance(x, bool) for x in cl
                ) or sorted(cl) != cl or len(set(cl)) != len(cl):
                    raise c.fail(f"{key}.cuts", f"must be a non-empty increasing list of numbers; got {cl!r}")
                cuts = tuple(float(x) for x in cl)
            levels = c.strlist(v, key, "levels")
            if cuts is not None and levels is not None:
                raise c.fail(key, "may have 'levels' or 'cuts', not both")
            variables.append(SubgroupVar(col, c.str_(v, key, "label", col), levels, cuts))
        subgroups = SubgroupsSpec(ids, tuple(variables))

    return TrialSpec(
        path=path.resolve(),
        title=title,
        time_unit=time_unit,
        confidence_level=level,
        preset=preset,
        note=note,
        datasets=tuple(datasets),
        subject=subject,
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
