"""The readout: every result of a two-arm trial from its ADaM data and trial spec.

:func:`run_readout` returns a :class:`Readout`, a tree of frozen dataclasses that the report only reads.

Populations and arms
    Efficacy endpoints are analysed by randomized arm in the endpoint's population (default ITT). Safety is
    analysed by the arm received (``arms.actual_variable``) in the safety set unless the spec says otherwise.

Counting rules (safety)
    Only treatment-emergent rows (``TRTEMFL = "Y"``) of subjects in the safety set count. A subject counts once
    per row of a table, at the maximum grade of the events that belong to that row (any TEAE, a system organ
    class, a preferred term). "Grade 3 or 4" is a maximum grade of 3 or 4; "grade >= 3" includes grade 5.

Descriptive statistics
    Quartiles follow the preset: ``sas`` uses SAS's default percentile definition 5 (empirical distribution
    with averaging; Hyndman & Fan type 2), ``r`` uses R's ``quantile`` default (type 7).
"""

from __future__ import annotations

import math
from typing import TypeVar
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from .._results import Comparison, Estimate, TestResult
from .._validate import InputError
from ..binary import cmh_test, odds_ratio, rate_difference, response_table
from ..binary.freq import rate_interval
from ..survival import NotEstimable, cox_ph
from .adam import AdamData, as_text, load_adam, population_mask
from .spec import ResponseEndpoint, TrialSpec, TTEEndpoint, load_spec
from .tte import TTEAnalysis, analyze_tte

__all__ = [
    "Readout",
    "TTEResult",
    "ArmResponse",
    "ResponseResult",
    "SafetyResult",
    "AECount",
    "AERow",
    "DeathsResult",
    "BaselineRow",
    "ContinuousSummary",
    "ExposureResult",
    "SubgroupLevel",
    "SubgroupVariable",
    "SubgroupResult",
    "run_readout",
    "describe",
    "Progress",
]

#: ``progress(done, total, message)``: called after each step of a readout or report.
Progress = Callable[[int, int, str], None]


# ------------------------------------------------------------------------------------------------ results


@dataclass(frozen=True, slots=True)
class TTEResult:
    """A time-to-event endpoint: the :class:`~trialscout.trial.tte.TTEAnalysis` and what the spec asked.

    Attributes
    ----------
    endpoint : TTEEndpoint
    population : str
    analysis : TTEAnalysis
        Per arm KM summaries (median, landmarks, RMST) and the treated-vs-control comparison (HR from a Cox
        model, log-rank test, RMST difference), stratified and weighted per the spec.
    arms : tuple of ArmSummary
        The arm summaries in the readout's display order (treated first, control last); one for a single-arm
        endpoint (spec ``arms = ["X"]``).
    estimand : str
        Plain words: stratified by what, weighted how, which ties.
    notes : tuple of str
        Facts the report prints with the endpoint: ``"single-arm endpoint: no comparison"``, and each stratum
        that holds one arm only and so contributes nothing to the stratified comparison.
    """

    endpoint: TTEEndpoint
    population: str
    analysis: TTEAnalysis
    arms: tuple
    estimand: str
    notes: tuple = ()

    @property
    def single_arm(self) -> bool:
        """True when the endpoint describes one arm (no hazard ratio, no log-rank test)."""
        return not self.analysis.comparisons

    @property
    def comparison(self):
        """The treated-vs-control :class:`~trialscout.trial.tte.ArmComparison` (None for a single arm)."""
        return self.analysis.comparisons[0] if self.analysis.comparisons else None

    @property
    def hazard_ratio(self) -> Estimate | None:
        c = self.comparison
        return None if c is None else c.hazard_ratio

    @property
    def logrank(self):
        c = self.comparison
        return None if c is None else c.logrank


@dataclass(frozen=True, slots=True)
class ArmResponse:
    arm: str
    responders: int
    n: int
    rate: Estimate


@dataclass(frozen=True, slots=True)
class ResponseResult:
    """A response endpoint: n/N and rate per arm, difference, odds ratio and CMH test.

    Attributes
    ----------
    arms : tuple of ArmResponse
        Treated first, control last.
    difference : Comparison
        Treated minus control (Miettinen–Nurminen; stratified with Mantel–Haenszel weights).
    odds_ratio : Comparison
        Mantel–Haenszel with the Robins–Breslow–Greenland CI.
    cmh : TestResult
        Cochran–Mantel–Haenszel chi-square without continuity correction.
    stratified : bool
    categories : tuple of (str, tuple of int)
        Subjects per AVALC category and arm (arm order as ``arms``); subjects without a record under
        ``"(no record)"``.
    """

    endpoint: ResponseEndpoint
    population: str
    arms: tuple[ArmResponse, ...]
    difference: Comparison
    odds_ratio: Comparison
    cmh: TestResult
    stratified: bool
    categories: tuple[tuple[str, tuple[int, ...]], ...]


@dataclass(frozen=True, slots=True)
class AECount:
    """Subjects with an event of a kind, per arm (arm order of the readout)."""

    label: str
    n: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class AERow:
    """One system organ class or preferred term: subjects per arm at any grade, grade >= 3, and per max grade.

    ``by_grade[k][g - 1]`` is the number of subjects of arm ``k`` whose maximum grade within this row is ``g``.
    """

    soc: str
    term: str | None
    any_grade: tuple[int, ...]
    grade3plus: tuple[int, ...]
    by_grade: tuple[tuple[int, ...], ...]


@dataclass(frozen=True, slots=True)
class SafetyResult:
    """Safety tables in the safety set, subjects counted once per row at their maximum grade.

    Attributes
    ----------
    arms : tuple of str
    n : tuple of int
        Subjects in the safety set per arm (the denominators).
    overview : tuple of AECount
        Any TEAE, grade 3 or 4, grade >= 3, grade 5, serious, treatment related, serious treatment related,
        and the distribution of maximum grade 1..5.
    rows : tuple of AERow
        Every SOC (``term`` None) followed by its preferred terms, SOCs and terms by descending total subjects.
    most_common_grade3 : tuple of tuple of AERow
        Per arm, the ``top_grade3`` preferred terms with most subjects at grade >= 3 in that arm.
    """

    population: str
    arms: tuple[str, ...]
    n: tuple[int, ...]
    overview: tuple[AECount, ...]
    rows: tuple[AERow, ...]
    most_common_grade3: tuple[tuple[AERow, ...], ...]
    min_percent: float


@dataclass(frozen=True, slots=True)
class DeathsResult:
    population: str
    arms: tuple[str, ...]
    n: tuple[int, ...]
    died: tuple[int, ...]
    causes: tuple[AECount, ...]


@dataclass(frozen=True, slots=True)
class ContinuousSummary:
    """n, mean, SD, median, quartiles, min and max of the non-missing values; ``missing`` counts the rest."""

    n: int
    missing: int
    mean: float
    sd: float
    median: float
    q1: float
    q3: float
    min: float
    max: float


@dataclass(frozen=True, slots=True)
class BaselineRow:
    """A baseline variable: per arm and overall (last entry).

    For a continuous variable ``summaries`` holds one :class:`ContinuousSummary` per arm and overall; for a
    categorical one ``levels`` holds ``(level, counts)`` with counts per arm and overall.
    """

    column: str
    label: str
    type: str
    summaries: tuple[ContinuousSummary, ...] | None
    levels: tuple[tuple[str, tuple[int, ...]], ...] | None


@dataclass(frozen=True, slots=True)
class ExposureResult:
    column: str
    label: str
    population: str
    arms: tuple[str, ...]
    summaries: tuple[ContinuousSummary, ...]


@dataclass(frozen=True, slots=True)
class SubgroupLevel:
    """One level of a subgroup: events/N per arm (treated, control), HR with CI (Cox, arm only)."""

    level: str
    events: tuple[int, ...]
    n: tuple[int, ...]
    hazard_ratio: Estimate


@dataclass(frozen=True, slots=True)
class SubgroupVariable:
    """A subgroup variable with its levels and the interaction test.

    ``interaction`` is the likelihood-ratio chi-square of the arm x subgroup terms in a Cox model with arm and
    subgroup main effects (df = levels - 1); NaN when the model cannot be fitted.
    """

    column: str
    label: str
    levels: tuple[SubgroupLevel, ...]
    interaction: TestResult
    missing: int


@dataclass(frozen=True, slots=True)
class SubgroupResult:
    endpoint: str
    overall: SubgroupLevel
    variables: tuple[SubgroupVariable, ...]
    method: str


@dataclass(frozen=True, slots=True)
class Readout:
    """Every result of the readout. ``arms`` is the display order (treated first, control last)."""

    spec: TrialSpec
    arms: tuple[str, ...]
    arm_labels: tuple[str, ...]
    population_sizes: tuple[tuple[str, tuple[int, ...]], ...]
    endpoints: tuple[TTEResult | ResponseResult, ...]
    safety: SafetyResult | None
    deaths: DeathsResult | None
    baseline: tuple[BaselineRow, ...]
    exposure: tuple[ExposureResult, ...]
    subgroups: tuple[SubgroupResult, ...]

    def endpoint(self, id: str):
        for e in self.endpoints:
            if e.endpoint.id == id:
                return e
        raise KeyError(id)


# ------------------------------------------------------------------------------------------------ helpers


_T = TypeVar("_T")


def _given(value: _T | None, what: str) -> _T:
    """``value``, which the spec's validation guarantees is present where this is called."""
    if value is None:  # pragma: no cover - load_spec and load_adam make this unreachable
        raise InputError(f"{what} is required here but was not given")
    return value


def _quantiles(x: np.ndarray, preset: str) -> tuple[float, float, float]:
    method = "averaged_inverted_cdf" if preset == "sas" else "linear"
    q = np.quantile(np.asarray(x, dtype=np.float64), [0.25, 0.5, 0.75], method=method)  # type: ignore[call-overload]
    return float(q[0]), float(q[1]), float(q[2])


def describe(values, preset: str = "sas") -> ContinuousSummary:
    """Descriptive statistics of a numeric column (NaN ignored; see the module notes for the quartiles)."""
    v = pd.to_numeric(pd.Series(values), errors="coerce").to_numpy(float)
    ok = v[np.isfinite(v)]
    miss = int(len(v) - len(ok))
    if len(ok) == 0:
        nan = math.nan
        return ContinuousSummary(0, miss, nan, nan, nan, nan, nan, nan, nan)
    q1, med, q3 = _quantiles(ok, preset)
    sd = float(np.std(ok, ddof=1)) if len(ok) > 1 else math.nan
    return ContinuousSummary(len(ok), miss, float(np.mean(ok)), sd, med, q1, q3, float(ok.min()), float(ok.max()))


def _strata_labels(adsl: pd.DataFrame, factors, mask) -> np.ndarray | None:
    if not factors:
        return None
    parts = [adsl.loc[mask, f].map(as_text).astype(str).to_numpy() for f in factors]
    return np.array(["/".join(t) for t in zip(*parts)], dtype=object)


def _weights_arg(w: str):
    return None if w == "none" else w


def _weighting_words(w: str) -> str:
    if w == "none":
        return "unweighted"
    if w.startswith("fh:"):
        rho, gamma = w[3:].split(",")
        return f"Fleming-Harrington G(rho={float(rho):g}, gamma={float(gamma):g}) weights"
    return f"weight 0 up to {float(w[7:]):g} and 1 after (cut-off weight)"


def _not_estimable(level: float, method: str) -> Estimate:
    return Estimate.build(math.nan, math.nan, math.nan, level, method)


# ------------------------------------------------------------------------------------------------ endpoints


def _arm_column(spec: TrialSpec, data: AdamData, ep, pop: np.ndarray) -> str:
    """The ADSL arm column of an endpoint; with ``arm = "actual"`` every subject of the population must have
    one of the readout's arms there."""
    if ep.arm == "randomized" or not spec.arms.actual_variable:
        return spec.arms.variable
    col = spec.arms.actual_variable
    vals = data.adsl.loc[pop, col]
    bad = ~vals.isin(data.arms).to_numpy()
    if bad.any():
        idx = np.flatnonzero(pop)[bad]
        raise InputError(
            f"dataset ADSL: column {col!r} (actual arm of endpoint {ep.id!r}) is not one of {list(data.arms)} for "
            f"subjects of population {ep.population!r} in data rows {', '.join(str(i + 1) for i in idx[:5])}"
            f" ({', '.join(repr(v) for v in data.adsl.loc[idx[:5], spec.subject])})"
        )
    return col


#: What the report and JSON say about an endpoint described for one arm.
SINGLE_ARM_NOTE = "single-arm endpoint: no comparison"


def _tte(spec: TrialSpec, data: AdamData, ep: TTEEndpoint, masks: dict) -> TTEResult:
    adsl, subj = data.adsl, spec.subject
    treated, control = data.arms
    ep_arms = tuple(data.arms)
    if ep.arms is not None:
        unknown = [a for a in ep.arms if a not in data.arms]
        if unknown:
            raise InputError(f"trial spec {spec.path}: key 'endpoints (id {ep.id!r}).arms' names {unknown[0]!r}, "
                             f"which is not an arm of column {spec.arms.variable!r} in the ITT population "
                             f"(arms: {', '.join(map(repr, data.arms))})")
        ep_arms = tuple(a for a in data.arms if a in ep.arms)  # display order
    pop = masks[ep.population].copy()
    armcol = _arm_column(spec, data, ep, pop)
    pop &= adsl[armcol].isin(ep_arms).to_numpy()
    ids = adsl.loc[pop, subj].to_numpy()
    arm = adsl.loc[pop, armcol].to_numpy()
    single = len(ep_arms) == 1
    present = [a for a in ep_arms if (arm == a).any()]
    if len(present) < len(ep_arms):
        absent = [a for a in ep_arms if a not in present]
        hint = ""
        if len(present) == 1:
            hint = (f"; for an endpoint reported for {present[0]!r} only, add arms = [{present[0]!r}] to the "
                    "endpoint (a single-arm endpoint: no comparison)")
        raise InputError(f"endpoint {ep.id!r}: arm {absent[0]!r} has no subjects in population "
                         f"{ep.population!r}{hint}")
    adtte = _given(data.adtte, "dataset ADTTE")
    rows = adtte[adtte["PARAMCD"].astype(str) == ep.paramcd].set_index(subj)
    missing = ~pd.Index(ids).isin(rows.index)
    if missing.any():
        bad = ids[missing]
        raise InputError(
            f"dataset ADTTE: no row with PARAMCD {ep.paramcd!r} for {int(missing.sum())} subject(s) of "
            f"population {ep.population!r}" + (f" in arm {ep_arms[0]!r}" if single else "")
            + f" (endpoint {ep.id!r}): {', '.join(map(repr, bad[:5]))}"
            + (" ..." if len(bad) > 5 else "")
        )
    time = rows.loc[ids, "AVAL"].to_numpy(float)
    event = rows.loc[ids, "CNSR"].to_numpy(float) == 0
    strata = _strata_labels(adsl, spec.strata, pop) if (ep.stratified and not single) else None
    try:
        analysis = analyze_tte(
            time, event, arm, control=None if single else control, strata=strata, landmarks=ep.landmarks,
            tau=ep.tau, preset=spec.preset, confidence_level=spec.confidence_level,
            weights=_weights_arg(ep.weighting), row_labels=ids, compare=not single, single_arm_strata="drop",
        )
    except InputError as exc:
        raise InputError(f"endpoint {ep.id!r} (ADTTE PARAMCD {ep.paramcd!r}): {exc}") from None
    by = f"population {ep.population} by {'arm received' if armcol != spec.arms.variable else 'randomized arm'}"
    if single:
        label = spec.arms.label(ep_arms[0])
        words = [f"Kaplan-Meier estimates for {label} only ({SINGLE_ARM_NOTE})", by]
        notes: tuple[str, ...] = (SINGLE_ARM_NOTE,)
    else:
        words = [f"hazard ratio {spec.arms.label(treated)} vs {spec.arms.label(control)} from a Cox model "
                 f"({analysis.ties.capitalize()} ties)", by]
        words.append(f"stratified by {', '.join(spec.strata)}" if strata is not None else "unstratified")
        words.append(_weighting_words(ep.weighting))
        words.append("log-rank test " + ("stratified and " if strata is not None else "")
                     + ("unweighted" if ep.weighting == "none" else "with the same weights"))
        notes = tuple(f"stratum {s} holds only {spec.arms.label(a)}: it contributes nothing to the stratified "
                      "comparison" for s, a in analysis.single_arm_strata)
    arms = tuple(analysis.arm(a) for a in ep_arms)
    return TTEResult(ep, ep.population, analysis, arms, "; ".join(words), notes)


def _response(spec: TrialSpec, data: AdamData, ep: ResponseEndpoint, masks: dict) -> ResponseResult:
    adsl, subj = data.adsl, spec.subject
    treated, control = data.arms
    pop = masks[ep.population].copy()
    armcol = _arm_column(spec, data, ep, pop)
    pop &= adsl[armcol].isin(data.arms).to_numpy()
    if ep.evaluable is not None:
        pop &= population_mask(adsl, ep.evaluable, f"evaluable set of endpoint {ep.id!r}")
    adrs = _given(data.adrs, "dataset ADRS")
    rs = adrs[adrs["PARAMCD"].astype(str) == ep.paramcd].set_index(subj)["AVALC"]
    ids = adsl.loc[pop, subj].to_numpy()
    avalc = rs.reindex(ids).to_numpy(object)
    has = pd.notna(avalc)
    if ep.missing == "exclude":
        keep = has
    else:
        keep = np.ones(len(ids), bool)
    arm = adsl.loc[pop, armcol].to_numpy()[keep]
    avalc = avalc[keep]
    resp = np.isin(avalc, ep.responders)
    strata = _strata_labels(adsl, spec.strata, pop) if ep.stratified else None
    if strata is not None:
        strata = strata[keep]
    level = spec.confidence_level
    for a in data.arms:
        if not (arm == a).any():
            raise InputError(f"endpoint {ep.id!r}: arm {a!r} has no subjects in population {ep.population!r}"
                             + (" among the evaluable" if ep.evaluable else ""))
    tab = response_table(resp, arm, treated=treated, control=control, strata=strata)
    arms = []
    for a in data.arms:
        m = arm == a
        x, n = int(resp[m].sum()), int(m.sum())
        arms.append(ArmResponse(a, x, n, rate_interval(x, n, ci=ep.rate_ci, confidence_level=level)))
    cats = []
    for c in list(ep.categories) + ["(no record)"]:
        sel = (avalc == c) if c != "(no record)" else pd.isna(avalc)
        cats.append((c, tuple(int((sel & (arm == a)).sum()) for a in data.arms)))
    return ResponseResult(
        endpoint=ep,
        population=ep.population,
        arms=tuple(arms),
        difference=rate_difference(tab, confidence_level=level),
        odds_ratio=odds_ratio(tab, confidence_level=level),
        cmh=cmh_test(tab),
        stratified=strata is not None,
        categories=tuple(cats),
    )


# ------------------------------------------------------------------------------------------------ safety


def _safety(spec: TrialSpec, data: AdamData, masks: dict) -> SafetyResult:
    s = _given(spec.safety, "the spec's [safety] table")
    adsl, subj = data.adsl, spec.subject
    armcol = spec.arms.actual_variable if (s.arm == "actual" and spec.arms.actual_variable) else spec.arms.variable
    pop = masks[s.population]
    arm_of = pd.Series(adsl.loc[pop, armcol].to_numpy(object), index=adsl.loc[pop, subj].to_numpy())
    arms = data.arms
    unknown = sorted(set(arm_of.dropna()) - set(arms))
    if arm_of.isna().any() or unknown:
        bad = arm_of.index[arm_of.isna() | arm_of.isin(unknown)]
        raise InputError(f"dataset ADSL: column {armcol!r} (safety arm) is missing or not one of {list(arms)} "
                         f"for subjects of population {s.population!r}: {', '.join(map(repr, bad[:5]))}")
    n = tuple(int((arm_of == a).sum()) for a in arms)
    adae = _given(data.adae, "dataset ADAE")
    ae = adae[adae["_teae"] & adae[subj].isin(arm_of.index)].copy()
    ae["_arm"] = arm_of.reindex(ae[subj]).to_numpy()
    ae["_ser"] = ae[s.serious].map(lambda v: isinstance(v, str) and v.strip().upper() == "Y").astype(bool)
    rel_values = {v.upper() for v in s.related_values}
    ae["_rel"] = ae[s.related].map(lambda v: isinstance(v, str) and v.strip().upper() in rel_values).astype(bool)
    ae["_soc"] = ae[s.soc].astype(str).str.strip()
    ae["_pt"] = ae[s.term].astype(str).str.strip()

    def subjects(frame: pd.DataFrame) -> tuple[int, ...]:
        return tuple(int(frame.loc[frame["_arm"] == a, subj].nunique()) for a in arms)

    def max_grade(frame: pd.DataFrame) -> pd.DataFrame:
        return frame.groupby(subj, sort=False).agg(g=("_grade", "max"), arm=("_arm", "first"))

    def by_grade(mg: pd.DataFrame) -> tuple[tuple[int, ...], ...]:
        return tuple(tuple(int(((mg["arm"] == a) & (mg["g"] == g)).sum()) for g in range(1, 6)) for a in arms)

    mg = max_grade(ae)
    grades = by_grade(mg)
    overview = [
        AECount("Any TEAE", subjects(ae)),
        AECount("Grade 3 or 4 (maximum grade)", tuple(g[2] + g[3] for g in grades)),
        AECount("Grade 3 or higher", tuple(g[2] + g[3] + g[4] for g in grades)),
        AECount("Grade 5 (fatal)", tuple(g[4] for g in grades)),
        AECount("Serious TEAE", subjects(ae[ae["_ser"]])),
        AECount("Treatment-related TEAE", subjects(ae[ae["_rel"]])),
        AECount("Serious treatment-related TEAE", subjects(ae[ae["_ser"] & ae["_rel"]])),
    ]
    for g in range(1, 6):
        overview.append(AECount(f"Maximum grade {g}", tuple(x[g - 1] for x in grades)))

    def row(frame: pd.DataFrame, soc: str, term: str | None) -> AERow:
        m = max_grade(frame)
        bg = by_grade(m)
        return AERow(soc, term, tuple(sum(x) for x in bg), tuple(x[2] + x[3] + x[4] for x in bg), bg)

    rows: list[AERow] = []
    pt_rows: list[AERow] = []
    soc_rows = [row(f, soc, None) for soc, f in ae.groupby("_soc", sort=True)]
    soc_rows.sort(key=lambda r: (-sum(r.any_grade), r.soc))
    for sr in soc_rows:
        rows.append(sr)
        f = ae[ae["_soc"] == sr.soc]
        pts = [row(g, sr.soc, pt) for pt, g in f.groupby("_pt", sort=True)]
        pts.sort(key=lambda r: (-sum(r.any_grade), r.term))
        rows.extend(pts)
        pt_rows.extend(pts)
    top = []
    for k in range(len(arms)):
        cand = [r for r in pt_rows if r.grade3plus[k] > 0]
        cand.sort(key=lambda r: (-r.grade3plus[k], r.term))
        top.append(tuple(cand[: s.top_grade3]))
    return SafetyResult(s.population, arms, n, tuple(overview), tuple(rows), tuple(top), s.min_percent)


def _deaths(spec: TrialSpec, data: AdamData, masks: dict) -> DeathsResult:
    d = _given(spec.deaths, "the spec's [deaths] table")
    adsl = data.adsl
    pop = masks[d.population] & adsl[spec.arms.variable].isin(data.arms).to_numpy()
    arm = adsl.loc[pop, spec.arms.variable].to_numpy()
    died = adsl.loc[pop, d.flag].map(lambda v: isinstance(v, str) and v.strip().upper() == "Y").to_numpy(bool)
    n = tuple(int((arm == a).sum()) for a in data.arms)
    dn = tuple(int((died & (arm == a)).sum()) for a in data.arms)
    causes = []
    if d.cause:
        cause = adsl.loc[pop, d.cause].map(lambda v: "Unknown" if pd.isna(v) else as_text(v)).to_numpy(object)
        labels = sorted(set(cause[died]), key=lambda c: (-int((cause[died] == c).sum()), c))
        for c in labels:
            causes.append(AECount(c, tuple(int((died & (cause == c) & (arm == a)).sum()) for a in data.arms)))
    return DeathsResult(d.population, data.arms, n, dn, tuple(causes))


# ------------------------------------------------------------------------------------------------ descriptive


def _baseline(spec: TrialSpec, data: AdamData, masks: dict) -> tuple[BaselineRow, ...]:
    adsl = data.adsl
    pop = masks["itt"] & adsl[spec.arms.variable].isin(data.arms).to_numpy()
    arm = adsl.loc[pop, spec.arms.variable].to_numpy()
    groups = [arm == a for a in data.arms] + [np.ones(len(arm), bool)]
    out = []
    for b in spec.baseline:
        col = adsl.loc[pop, b.column]
        if b.type == "continuous":
            if not pd.api.types.is_numeric_dtype(col):
                num = pd.to_numeric(col, errors="coerce")
                bad = num.isna() & col.notna()
                if bad.any():
                    idx = np.flatnonzero(pop)[np.flatnonzero(bad.to_numpy())]
                    raise InputError(f"dataset ADSL: column {b.column!r} (baseline, continuous) is not numeric "
                                     f"in data rows {', '.join(str(i + 1) for i in idx[:5])}")
                col = num
            vals = col.to_numpy(float)
            out.append(BaselineRow(b.column, b.label, b.type,
                                   tuple(describe(vals[g], spec.preset) for g in groups), None))
        else:
            vals = col.map(lambda v: None if pd.isna(v) else as_text(v)).to_numpy(object)
            present = sorted({v for v in vals if v is not None})
            if b.levels:
                extra = [v for v in present if v not in b.levels]
                if extra:
                    raise InputError(f"dataset ADSL: column {b.column!r} has values {extra!r} that the spec's "
                                     f"baseline levels {list(b.levels)!r} do not list")
                present = list(b.levels)
            levels = [(lv, tuple(int(((vals == lv) & g).sum()) for g in groups)) for lv in present]
            nmiss = tuple(int((pd.isna(vals) & g).sum()) for g in groups) if any(v is None for v in vals) else None
            if nmiss is not None:
                levels.append(("Missing", nmiss))
            out.append(BaselineRow(b.column, b.label, b.type, None, tuple(levels)))
    return tuple(out)


def _exposure(spec: TrialSpec, data: AdamData, masks: dict) -> tuple[ExposureResult, ...]:
    adsl = data.adsl
    out = []
    for x in spec.exposure:
        armcol = spec.arms.actual_variable or spec.arms.variable
        pop = masks[x.population]
        arms = x.arms or data.arms
        arm = adsl.loc[pop, armcol].to_numpy(object)
        vals = pd.to_numeric(adsl.loc[pop, x.column], errors="coerce").to_numpy(float)
        out.append(ExposureResult(x.column, x.label, x.population, tuple(arms),
                                  tuple(describe(vals[arm == a], spec.preset) for a in arms)))
    return tuple(out)


# ------------------------------------------------------------------------------------------------ subgroups


def _fmt_cut(x: float) -> str:
    return f"{x:g}"


def _subgroup_values(adsl: pd.DataFrame, var, mask) -> tuple[np.ndarray, list[str]]:
    col = adsl.loc[mask, var.column]
    if var.cuts is not None:
        v = pd.to_numeric(col, errors="coerce").to_numpy(float)
        edges = list(var.cuts)
        names = [f"<{_fmt_cut(edges[0])}"]
        names += [f"{_fmt_cut(a)} to <{_fmt_cut(b)}" for a, b in zip(edges[:-1], edges[1:])]
        names.append(f"\u2265{_fmt_cut(edges[-1])}")
        idx = np.searchsorted(edges, v, side="right")
        out = np.array([names[i] if np.isfinite(x) else None for i, x in zip(idx, v)], dtype=object)
        return out, names
    vals = col.map(lambda v: None if pd.isna(v) else as_text(v)).to_numpy(object)
    present = sorted({v for v in vals if v is not None})
    if var.levels:
        extra = [v for v in present if v not in var.levels]
        if extra:
            raise InputError(f"dataset ADSL: column {var.column!r} has values {extra!r} that the subgroup "
                             f"levels {list(var.levels)!r} do not list")
        present = [lv for lv in var.levels if lv in present]
    return vals, present


def _sub_level(level_name, time, event, x, level, preset) -> SubgroupLevel:
    ev = (int(event[x == 1].sum()), int(event[x == 0].sum()))
    n = (int((x == 1).sum()), int((x == 0).sum()))
    if min(n) == 0:
        hr = _not_estimable(level, "cox; an arm has no subjects in this subgroup")
    else:
        try:
            hr = cox_ph(time, event, {"arm": x}, preset=preset, confidence_level=level).hazard_ratio(0)
        except NotEstimable:
            hr = _not_estimable(level, "cox; not estimable (an arm without events)")
    return SubgroupLevel(level_name, ev, n, hr)


def _interaction(time, event, x, g, names, preset) -> TestResult:
    codes = np.array([names.index(v) for v in g])
    dummies = {f"sg{k}": (codes == k).astype(float) for k in range(1, len(names))}
    base = {"arm": x, **dummies}
    full = dict(base)
    for k in range(1, len(names)):
        full[f"arm:sg{k}"] = x * dummies[f"sg{k}"]
    df = len(names) - 1
    method = "likelihood-ratio test of arm x subgroup in a Cox model with arm and subgroup"
    try:
        f0 = cox_ph(time, event, base, preset=preset)
        f1 = cox_ph(time, event, full, preset=preset)
    except (NotEstimable, InputError):
        return TestResult(math.nan, float(df), math.nan, method + "; not estimable")
    if not (f0.converged and f1.converged):
        return TestResult(math.nan, float(df), math.nan, method + "; did not converge")
    lr = max(0.0, 2.0 * (f1.loglik - f0.loglik))
    return TestResult(lr, float(df), float(stats.chi2.sf(lr, df)), method)


def _subgroups(spec: TrialSpec, data: AdamData, tte: dict, masks: dict) -> tuple[SubgroupResult, ...]:
    out = []
    adsl, subj = data.adsl, spec.subject
    treated = data.arms[0]
    level, preset = spec.confidence_level, spec.preset
    subgroups = _given(spec.subgroups, "the spec's [subgroups] table")
    for eid in subgroups.endpoints:
        ep = spec.endpoint(eid)
        pop = masks[ep.population].copy()
        armcol = _arm_column(spec, data, ep, pop)
        pop &= adsl[armcol].isin(data.arms).to_numpy()
        ids = adsl.loc[pop, subj].to_numpy()
        adtte = _given(data.adtte, "dataset ADTTE")
        rows = adtte[adtte["PARAMCD"].astype(str) == ep.paramcd].set_index(subj)
        time = rows.loc[ids, "AVAL"].to_numpy(float)
        event = rows.loc[ids, "CNSR"].to_numpy(float) == 0
        x = (adsl.loc[pop, armcol].to_numpy() == treated).astype(float)
        overall = _sub_level("All patients", time, event, x, level, preset)
        variables = []
        for var in subgroups.variables:
            g, names = _subgroup_values(adsl, var, pop)
            ok = np.array([v is not None for v in g])
            lv = tuple(
                _sub_level(nm, time[g == nm], event[g == nm], x[g == nm], level, preset) for nm in names
                if (g == nm).any()
            )
            present = [nm for nm in names if (g == nm).any()]
            if len(present) >= 2:
                inter = _interaction(time[ok], event[ok], x[ok], g[ok], present, preset)
            else:
                inter = TestResult(math.nan, math.nan, math.nan, "single level: no interaction test")
            variables.append(SubgroupVariable(var.column, var.label, lv, inter, int((~ok).sum())))
        out.append(SubgroupResult(eid, overall, tuple(variables),
                                  "Cox model with arm only within each level (unstratified, unweighted; "
                                  f"{'Breslow' if preset == 'sas' else 'Efron'} ties)"))
    return tuple(out)


# ------------------------------------------------------------------------------------------------ driver


def run_readout(spec, data: AdamData | None = None, *, progress: Progress | None = None) -> Readout:
    """Compute every result the spec asks for.

    Parameters
    ----------
    spec : TrialSpec or path
        A loaded spec, or the path of the TOML file.
    data : AdamData, optional
        Already loaded datasets (default: :func:`load_adam` on the spec).
    progress : callable, optional
        ``progress(done, total, message)`` after each step.

    Returns
    -------
    Readout

    Raises
    ------
    InputError
        Bad spec or data (see :func:`load_spec`, :func:`load_adam`).
    NotImplementedError
        More than two arms in the intent-to-treat population.
    """
    if not isinstance(spec, TrialSpec):
        spec = load_spec(spec)
    steps = 1 + len(spec.endpoints) + 4 + (len(spec.subgroups.endpoints) if spec.subgroups else 0)
    done = 0

    def tick(msg: str) -> None:
        nonlocal done
        done += 1
        if progress is not None:
            progress(done, steps, msg)

    if data is None:
        data = load_adam(spec)
    tick("datasets read and checked")
    if len(data.arms) != 2:
        raise NotImplementedError(f"the readout compares two arms; column {spec.arms.variable!r} of ADSL has "
                                  f"{len(data.arms)} in the ITT population: {list(data.arms)!r}")
    masks = {p.name: population_mask(data.adsl, p) for p in spec.populations}
    results: list[TTEResult | ResponseResult] = []
    tte = {}
    for ep in spec.endpoints:
        r: TTEResult | ResponseResult
        if ep.type == "tte":
            r = _tte(spec, data, ep, masks)
            tte[ep.id] = r
        else:
            r = _response(spec, data, ep, masks)
        results.append(r)
        tick(f"endpoint {ep.id}")
    safety = _safety(spec, data, masks) if spec.safety else None
    tick("safety")
    deaths = _deaths(spec, data, masks) if spec.deaths else None
    tick("deaths")
    baseline = _baseline(spec, data, masks)
    tick("baseline")
    exposure = _exposure(spec, data, masks)
    tick("exposure")
    subgroups: tuple[SubgroupResult, ...] = ()
    if spec.subgroups:
        subgroups = _subgroups(spec, data, tte, masks)
        for eid in spec.subgroups.endpoints:
            tick(f"subgroups {eid}")
    armv = data.adsl[spec.arms.variable]
    sizes = tuple(
        (p.name, tuple(int((masks[p.name] & (armv == a).to_numpy()).sum()) for a in data.arms))
        for p in spec.populations
    )
    return Readout(
        spec=spec,
        arms=data.arms,
        arm_labels=tuple(spec.arms.label(a) for a in data.arms),
        population_sizes=sizes,
        endpoints=tuple(results),
        safety=safety,
        deaths=deaths,
        baseline=baseline,
        exposure=exposure,
        subgroups=subgroups,
    )
