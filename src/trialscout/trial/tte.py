"""The two-arm (or k-arm) time-to-event analysis a trial reports for one endpoint.

For each arm: Kaplan–Meier curve, median and quartiles with CIs, landmark rates, RMST. For each arm against the
control: hazard ratio (Cox), log-rank test, RMST difference. Plus the overall k-group log-rank test. Every number
comes from :mod:`trialscout.survival`; this module only chooses, validates and assembles.
"""

from __future__ import annotations

import math
import re
import warnings
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .._results import NE, Comparison, Estimate
from .._validate import (
    InputError,
    as_event,
    as_labels,
    as_time,
    check_confidence_level,
    check_landmarks,
    check_positive,
)
from ..conventions import Conventions, resolve
from ..survival import (
    CoxPH,
    KaplanMeier,
    LogRank,
    NotEstimable,
    cox_ph,
    kaplan_meier,
    logrank,
    parse_weights,
    rmst_difference,
)
from ..survival.lifetest import SurvivalTest, wilcoxon_test

__all__ = ["TTEAnalysis", "ArmSummary", "ArmComparison", "Landmark", "analyze_tte", "choose_control",
           "CONTROL_WORDS"]

# Words that mark an arm label as the control arm (matched as whole words, case-insensitively).
CONTROL_WORDS = (
    "control", "placebo", "pbo", "soc", "standard", "standard of care", "usual care", "best supportive care",
    "bsc", "observation", "comparator", "sham", "vehicle",
)
_CONTROL_RE = re.compile(r"(?<![a-z0-9])(" + "|".join(re.escape(w) for w in CONTROL_WORDS) + r")(?![a-z0-9])",
                         re.IGNORECASE)


def choose_control(arms: Sequence[str]) -> tuple[str, str]:
    """The control arm when none is named, and the rule that chose it.

    The rule, in order:

    1. ``"label"``: exactly one arm's label contains one of :data:`CONTROL_WORDS` as a whole word
       (case-insensitive: "Placebo", "SOC (PVd or DPd)", "Standard of care", "control arm", ...);
    2. ``"sorted-first"``: otherwise, the first arm in sorted order (numbers numerically, text alphabetically).

    Returns ``(control, rule)``.
    """
    if not arms:
        raise InputError("`arm`: there are no arms")
    named = [a for a in arms if _CONTROL_RE.search(str(a))]
    if len(named) == 1:
        return named[0], "label"
    return arms[0], "sorted-first"



@dataclass(frozen=True, slots=True)
class Landmark:
    """S(t) at a landmark time: ``estimate.std_err`` is the standard error of S(t) (Greenwood)."""

    time: float
    estimate: Estimate
    n_at_risk: int


@dataclass(frozen=True, slots=True)
class ArmSummary:
    """One arm's Kaplan–Meier summaries.

    Attributes
    ----------
    arm : str
    km : KaplanMeier
    median, q25, q75 : Estimate
        Quantiles of the time distribution (``q25`` = the time by which 25% have had the event, i.e. where S
        falls to 0.75), with CIs by the preset's rules.
    landmarks : tuple of Landmark
    rmst : Estimate or None
        Restricted mean to ``tau`` (None when no ``tau`` was given); ``std_err`` set.
    """

    arm: str
    km: KaplanMeier
    median: Estimate
    q25: Estimate
    q75: Estimate
    landmarks: tuple
    rmst: Estimate | None

    @property
    def n(self) -> int:
        return self.km.n

    @property
    def n_events(self) -> int:
        return self.km.total_events


@dataclass(frozen=True, slots=True)
class ArmComparison:
    """One arm against the control, on the rows of those two arms only.

    Attributes
    ----------
    arm, control : str
    cox : CoxPH or None
        Cox model with the single covariate ``arm == treated`` (1) vs control (0); None when the hazard ratio is
        not estimable (``note`` says why).
    hazard_ratio : Estimate
        exp(coef) with its Wald CI; all NE when ``cox`` is None.
    logrank : LogRank
        Two-group log-rank test (stratified/weighted as requested).
    rmst_difference : Comparison or None
        RMST(arm) - RMST(control) to ``tau``; None without ``tau``.
    wilcoxon : SurvivalTest or None
        The Wilcoxon (Gehan) test that SAS LIFETEST prints beside the log-rank test, on the same rows and strata;
        None for a weighted analysis (the weights then define the test).
    note : str or None
        Why the hazard ratio is missing, or which strata held only one of the two arms.
    """

    arm: str
    control: str
    cox: CoxPH | None
    hazard_ratio: Estimate
    logrank: LogRank
    rmst_difference: Comparison | None
    note: str | None = None
    wilcoxon: SurvivalTest | None = None


@dataclass(frozen=True, slots=True)
class TTEAnalysis:
    """Everything a trial reports for one time-to-event endpoint.

    Attributes
    ----------
    arms : tuple of ArmSummary
        Control first, then the other arms in sorted order (with ``compare=False``: the arms in sorted order).
    control_arm : str or None
        None for a descriptive analysis (``compare=False``, e.g. a single-arm endpoint).
    comparisons : tuple of ArmComparison
        Each non-control arm against the control, in the order of ``arms[1:]``; empty with ``compare=False``.
    overall_logrank : LogRank or None
        The k-group test over all arms (equal to the single comparison's test with two arms); None with
        ``compare=False``.
    preset : str
        The preset asked for (``"sas"`` or ``"r"``).
    conventions : Conventions
        The resolved rules (preset plus any ``conf_type``/``ties`` override).
    confidence_level : float
    weights : str
        ``"none"`` or the spec (``"fh:0,1"``, ``"cutoff:2"``) used by the log-rank tests and Cox models.
    strata : tuple of str
        Stratum labels used by the log-rank tests and Cox models (empty when unstratified or not compared).
    single_arm_strata : tuple of (str, str)
        ``(stratum, arm)`` for each stratum that holds one arm only and was left out of every comparison
        (``single_arm_strata="drop"``); empty otherwise. Its subjects still count in the arm summaries.
    landmarks : tuple of float
    tau : float or None
    control_rule : str or None
        How the control arm was chosen: ``"given"`` (the ``control`` argument), ``"label"`` (the only arm whose
        label names a control, see :func:`choose_control`), ``"sorted-first"`` (the first arm in sorted order);
        None without a comparison.
    warnings : tuple of str
        Degenerate results, e.g. an arm without events (hazard ratio not estimable), tau beyond follow-up.
    """

    arms: tuple
    control_arm: str | None
    comparisons: tuple
    overall_logrank: LogRank | None
    preset: str
    conventions: Conventions
    confidence_level: float
    weights: str
    strata: tuple
    landmarks: tuple
    tau: float | None
    warnings: tuple
    single_arm_strata: tuple = ()
    control_rule: str | None = None

    @property
    def compared(self) -> bool:
        """Whether the arms were compared (False for a descriptive, e.g. single-arm, analysis)."""
        return bool(self.comparisons)

    @property
    def arm_labels(self) -> tuple:
        return tuple(a.arm for a in self.arms)

    @property
    def treated_arms(self) -> tuple:
        return tuple(c.arm for c in self.comparisons)

    @property
    def ties(self) -> str:
        return self.conventions.ties

    @property
    def conf_type(self) -> str:
        return self.conventions.conf_type

    def arm(self, label) -> ArmSummary:
        """The summary of arm ``label`` (text or the original value: ``1``, ``1.0`` and ``"1"`` are one arm)."""
        for a in self.arms:
            if a.arm == _key(label):
                return a
        raise InputError(f"arm {label!r} is not in the analysis; arms are {', '.join(self.arm_labels)}")

    def comparison(self, label) -> ArmComparison:
        """The comparison of arm ``label`` with the control."""
        for c in self.comparisons:
            if c.arm == _key(label):
                return c
        if not self.comparisons:
            raise InputError(f"arm {label!r} has no comparison: the arms were not compared (compare=False)")
        raise InputError(
            f"arm {label!r} has no comparison; compared arms are {', '.join(self.treated_arms)} "
            f"(the control is {self.control_arm!r})"
        )


def _key(label) -> str:
    """An arm label as the text the analysis uses: integer-valued numbers without a decimal."""
    if hasattr(label, "item"):
        label = label.item()
    if isinstance(label, float) and label.is_integer():
        label = int(label)
    return str(label)


def _code_labels(values: np.ndarray) -> tuple[np.ndarray, list[str]]:
    """Integer codes 0..k-1 and the k distinct labels as text, in the natural sorted order of the values.

    Numbers sort numerically (5 before 10), text alphabetically; integer-valued floats print without a
    decimal. One hash pass (``pandas.factorize``) rather than a sort of the rows: this runs on a million rows.
    """
    s = pd.Series(values)
    if s.dtype.kind == "f" and np.all(s.to_numpy() == np.round(s.to_numpy())):
        s = s.astype(np.int64)
    try:
        codes, uniques = pd.factorize(s, sort=True)
    except TypeError:  # mixed types: compare as text
        codes, uniques = pd.factorize(s.astype(str), sort=True)
    labels = [_key(u) for u in uniques]
    if len(set(labels)) < len(labels):  # e.g. 1 and "1" in one object column: the same arm
        codes, uniques = pd.factorize(s.map(_key), sort=True)
        labels = [str(u) for u in uniques]
    return codes.astype(np.intp), labels


def analyze_tte(
    time,
    event,
    arm,
    *,
    control=None,
    strata=None,
    landmarks: Sequence[float] = (),
    tau: float | None = None,
    preset: str = "sas",
    conf_type: str | None = None,
    confidence_level: float = 0.95,
    ties: str | None = None,
    weights=None,
    row_labels=None,
    compare: bool | str = True,
    single_arm_strata: str | None = None,
) -> TTEAnalysis:
    """Analyse one time-to-event endpoint of a randomized trial with two or more arms.

    Parameters
    ----------
    time, event : array_like
        Follow-up times (finite, non-negative) and event indicators (1/True = event observed).
    arm : array_like
        Treatment arm of each subject (labels; compared as text, e.g. ``1`` and ``"1"`` are the same arm).
    control : str, optional
        The control arm. When not given it is chosen by :func:`choose_control`: the one arm whose label names
        a control (placebo, control, standard of care, SOC, ...), else the first arm in sorted order (numbers in
        numeric order, text in alphabetical order). :attr:`TTEAnalysis.control_rule` says which rule chose it;
        name the control explicitly whenever it matters.
    strata : array_like, optional
        One stratum label per subject (cross several factors before calling, as
        :func:`trialscout.io.select_tte` does). Used by the log-rank tests and Cox models (separate baseline
        hazard per stratum); the Kaplan–Meier summaries and RMST stay unstratified, as trials report them.
    landmarks : sequence of float
        Times at which to report S(t) with its CI, standard error and number at risk.
    tau : float, optional
        Truncation time for RMST and the RMST difference; without it they are not computed.
    preset : {"sas", "r"}
        Conventions (docs/conventions.md); ``conf_type`` and ``ties`` override its choices.
    conf_type : {"log-log", "log", "plain", "logit", "arcsine"}, optional
    confidence_level : float
    ties : {"breslow", "efron", "exact"}, optional
    weights : None, "none", "fh:RHO,GAMMA", "cutoff:T", FlemingHarrington or Cutoff
        Time weights for the log-rank tests and the Cox models (weighted analyses).
    row_labels : array_like, optional
        How rows are named in messages (e.g. the file's data row numbers); default 0-based positions.
    compare : bool or "auto"
        True (default): compare the arms (at least two needed). ``"auto"``: compare when there are two or more
        arms, describe a single arm. False: describe each arm only (Kaplan–Meier,
        quantiles, landmarks, RMST) with no hazard ratio or log-rank test — a single-arm endpoint; ``control``,
        ``strata``, ``ties`` and ``weights`` are then not used (``weights`` is still validated).
    single_arm_strata : {None, "drop", "error"}
        What to do with a stratum that holds one arm only. ``"error"``: raise, naming the stratum.
        ``None`` (default): as ``"drop"``, with a warning naming the stratum. ``"drop"``: it contributes nothing to the stratified comparisons, as in SAS PHREG/LIFETEST ``STRATA``
        and R ``coxph``/``survdiff`` with ``strata()`` (its O - E, variance and Cox score and information
        are all zero); it is left out of the Cox models and log-rank tests and listed in
        :attr:`TTEAnalysis.single_arm_strata`. Its subjects still count in the per-arm summaries.

    Returns
    -------
    TTEAnalysis

    Raises
    ------
    InputError
        Invalid times or events, only one arm (unless ``compare=False``), an unknown ``control`` (the message
        lists the arms), a stratum holding only one arm (named; unless ``single_arm_strata="drop"``), no events
        at all (when comparing), invalid landmarks, tau, weights or ``single_arm_strata``.

    Warns
    -----
    UserWarning
        When a result is degenerate: an arm without events (its hazard ratio is not estimable and is reported
        as NE; everything else is still computed), ``tau`` beyond an arm's follow-up. The same messages are kept
        in :attr:`TTEAnalysis.warnings`.

    Notes
    -----
    Each comparison uses the rows of the two arms only: a Cox model with one 0/1 covariate (treated = 1) and
    a two-group log-rank test. A stratum holding one arm adds nothing to a stratified log-rank statistic
    (O - E = 0 and variance 0 in it) nor to the Cox score and information (every subject at risk there has
    the same covariate, so its partial-likelihood terms do not depend on the coefficient); dropping it gives
    the same estimates and tests, as R's ``coxph`` and ``survdiff`` report them. With several arms the overall
    log-rank test is the k-group test on all rows (of the strata holding two or more arms).
    Strata in which a pair of arms is not both present add nothing to that pair's log-rank statistic or Cox
    score, and are left out of that comparison (noted).

    Examples
    --------
    >>> import pandas as pd  # doctest: +SKIP
    >>> lung = pd.read_csv("tests/reference/data/lung.csv")  # doctest: +SKIP
    >>> a = analyze_tte(lung.time, lung.status == 2, lung.sex, control=1)  # doctest: +SKIP
    >>> a.arm("1").median.value, a.overall_logrank.statistic  # doctest: +SKIP
    (270.0, 10.3267...)
    """
    t = as_time(time, labels=row_labels)
    n = len(t)
    e = as_event(event, n, labels=row_labels)
    arm_raw = as_labels(arm, n, "arm", labels=row_labels)
    arm_code, arm_order = _code_labels(arm_raw)
    # the labels themselves go to logrank (its `groups` name the arms); fixed-width text sorts fast
    # the labels go to logrank (its `groups` name the arms) as a Categorical: one small code per row, no string
    arm_text = pd.Categorical.from_codes(arm_code, categories=[str(a) for a in arm_order])
    level = check_confidence_level(confidence_level)
    conv = resolve(preset, conf_type=conf_type, ties=ties)
    preset_name = conv.name.split("+")[0]
    w_spec = parse_weights(weights)
    weights_text = "none" if w_spec is None else w_spec.spec()
    lm = _check_landmarks(landmarks)
    tau_v = None if tau is None else check_positive("tau", tau)

    if single_arm_strata not in (None, "error", "drop"):
        raise InputError(f"`single_arm_strata` must be 'error' or 'drop'; got {single_arm_strata!r}")
    warn_lonely = single_arm_strata is None
    if compare == "auto":
        compare = len(arm_order) >= 2
    if not isinstance(compare, bool):
        raise TypeError(f"`compare` must be True, False or 'auto'; got {compare!r}")
    if not compare:
        return _describe(t, e, arm_code, arm_order, lm, tau_v, conv, preset_name, level, weights_text)
    if len(arm_order) < 2:
        raise InputError(
            f"`arm` has only one arm ({arm_order[0]!r}); a comparison needs at least two arms"
        )
    if control is None:
        ctrl, control_rule = choose_control(arm_order)
    else:
        control_rule = "given"
        ctrl = _key(control)
        if ctrl not in arm_order:
            # 1.0 given for an arm labelled 1
            try:
                f = float(ctrl)
                if f == round(f) and str(int(f)) in arm_order:
                    ctrl = str(int(f))
            except (ValueError, OverflowError):  # not a number, NaN, inf
                pass
        if ctrl not in arm_order:
            raise InputError(
                f"`control` {control!r} is not an arm; arms are {', '.join(repr(a) for a in arm_order)}"
            )
    if not e.any():
        raise InputError("`event`: there are no events in any arm; nothing can be estimated or compared")

    s_code: np.ndarray | None = None
    s_labels: list[str] = []
    lonely: list[tuple[str, str]] = []
    keep = np.ones(n, bool)  # rows that enter the comparisons
    if strata is not None:
        s_raw = as_labels(strata, n, "strata", labels=row_labels)
        s_code, s_labels = _code_labels(s_raw)  # the survival functions get the integer codes
        dropped = []
        for j, arms_here in enumerate(_arms_by_stratum(s_code, len(s_labels), arm_code, len(arm_order))):
            if len(arms_here) == 1:
                if single_arm_strata == "error":
                    raise InputError(
                        f"stratum {s_labels[j]!r} holds only arm {arm_order[arms_here[0]]!r}: every stratum needs "
                        "at least two arms for a stratified comparison (merge it with another stratum or drop "
                        "the strata)"
                    )
                lonely.append((s_labels[j], arm_order[arms_here[0]]))
                dropped.append(j)
        if dropped:
            keep = ~np.isin(s_code, dropped)
            if not e[keep].any():
                raise InputError("`event`: there are no events in the strata that hold two or more arms; "
                                 "nothing can be compared")

    ordered = [ctrl] + [a for a in arm_order if a != ctrl]
    notes: list[str] = []
    if warn_lonely:
        notes.extend(f"stratum {st!r} holds only arm {a!r}: it contributes nothing to the stratified log-rank test "
                     "and Cox model, as in SAS and R" for st, a in lonely)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        summaries = []
        kms = {}
        for a in ordered:
            m = arm_code == arm_order.index(a)
            summary = _summarize(a, t[m], e[m], lm, tau_v, conv, level, notes)
            kms[a] = summary.km
            summaries.append(summary)
        comparisons = []
        for a in ordered[1:]:
            comparisons.append(_compare(t, e, arm_code, arm_text, arm_order, s_code, s_labels, a, ctrl, kms, conv,
                                        preset_name, level, w_spec, tau_v, notes, keep))
        sk = None if s_code is None else s_code[keep]
        overall = logrank(t[keep], e[keep], arm_text[keep], strata=sk, weights=w_spec)
    for w in caught:
        msg = " ".join(str(w.message).split())
        if msg not in notes:
            notes.append(msg)
    for msg in notes:
        warnings.warn(msg, stacklevel=2)
    strata_labels = tuple(s_labels)
    return TTEAnalysis(
        arms=tuple(summaries), control_arm=ctrl, comparisons=tuple(comparisons), overall_logrank=overall,
        preset=preset_name, conventions=conv, confidence_level=level, weights=weights_text,
        strata=strata_labels, landmarks=lm, tau=tau_v, warnings=tuple(notes), single_arm_strata=tuple(lonely),
        control_rule=control_rule,
    )


def _describe(t, e, arm_code, arm_order, lm, tau_v, conv, preset_name, level, weights_text) -> TTEAnalysis:
    """``compare=False``: the per-arm summaries only (a single-arm endpoint)."""
    notes: list[str] = []
    summaries = []
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for i, a in enumerate(arm_order):
            summaries.append(_summarize(a, t[arm_code == i], e[arm_code == i], lm, tau_v, conv, level, notes,
                                        compared=False))
    for w in caught:
        msg = " ".join(str(w.message).split())
        if msg not in notes:
            notes.append(msg)
    for msg in notes:
        warnings.warn(msg, stacklevel=3)
    return TTEAnalysis(
        arms=tuple(summaries), control_arm=None, comparisons=(), overall_logrank=None, preset=preset_name,
        conventions=conv, confidence_level=level, weights=weights_text, strata=(), landmarks=lm, tau=tau_v,
        warnings=tuple(notes),
    )


def _summarize(a, t, e, lm, tau_v, conv, level, notes, compared: bool = True) -> ArmSummary:
    """One arm's Kaplan–Meier summaries; degenerate results are appended to ``notes``."""
    km = kaplan_meier(t, e, confidence_level=level, preset=conv)
    if km.total_events == 0:
        notes.append(f"arm {a!r} has no events: its median is not reached"
                     + (" and hazard ratios involving it are not estimable" if compared else ""))
    with warnings.catch_warnings(record=True) as arm_caught:
        warnings.simplefilter("always")
        rmst = None if tau_v is None else km.rmst(tau_v)
    notes.extend(f"arm {a!r}: {' '.join(str(w.message).split())}" for w in arm_caught)
    return ArmSummary(
        arm=a, km=km, median=km.median(), q25=km.quantile(0.25), q75=km.quantile(0.75),
        landmarks=tuple(Landmark(x, km.survival_at(x), int(km.n_at_risk_at(x))) for x in lm),
        rmst=rmst,
    )


def _check_landmarks(landmarks) -> tuple:
    return check_landmarks(landmarks)


def _arms_by_stratum(s_code: np.ndarray, n_strata: int, arm_code: np.ndarray, n_arms: int) -> list[list[int]]:
    """The arm codes present in each stratum (strata without rows get an empty list)."""
    pairs = np.unique(s_code.astype(np.int64) * n_arms + arm_code)
    out: list[list[int]] = [[] for _ in range(n_strata)]
    for p in pairs:
        out[int(p // n_arms)].append(int(p % n_arms))
    return out


def _compare(t, e, arm_code, arm_text, arm_order, s_code, s_labels, a, ctrl, kms, conv, preset_name, level,
             w_spec, tau, notes, keep):
    ai, ci = arm_order.index(a), arm_order.index(ctrl)
    m = ((arm_code == ai) | (arm_code == ci)) & keep
    note = None
    strata_sub = None
    if s_code is not None:
        present = _arms_by_stratum(s_code[m], len(s_labels), arm_code[m], len(arm_order))
        lonely = [j for j, arms_here in enumerate(present) if len(arms_here) == 1]
        if lonely:
            m = m & ~np.isin(s_code, lonely)
            note = (f"{a} vs {ctrl}: strata {', '.join(repr(s_labels[j]) for j in lonely)} hold only one of the "
                    "two arms and are left out of this comparison")
            notes.append(note)
        strata_sub = s_code[m]
    tt, ee, treated = t[m], e[m], (arm_code[m] == ai).astype(np.float64)
    lr = logrank(tt, ee, arm_text[m], strata=strata_sub, weights=w_spec)
    wil = None if w_spec is not None else wilcoxon_test(tt, ee, arm_text[m], strata=strata_sub)
    try:
        fit = cox_ph(tt, ee, {"arm": treated}, strata=strata_sub, ties=conv.ties, preset=preset_name,
                     weights=w_spec, confidence_level=level)
        hr = fit.hazard_ratio()
    except NotEstimable as exc:
        fit = None
        msg = f"hazard ratio {a} vs {ctrl} is not estimable: {_why_not_estimable(exc, tt, ee, treated, a, ctrl, w_spec)}"
        notes.append(msg)
        note = msg if note is None else f"{note}; {msg}"
        hr = Estimate.build(math.nan, math.nan, math.nan, level, "cox; not estimable",
                            value_status=NE, lower_status=NE, upper_status=NE)
    rd = None
    if tau is not None:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # tau beyond follow-up: already noted once per arm
            rd = rmst_difference(kms[a], kms[ctrl], tau, confidence_level=level)
    return ArmComparison(arm=a, control=ctrl, cox=fit, hazard_ratio=hr, logrank=lr, rmst_difference=rd, note=note,
                         wilcoxon=wil)



def _why_not_estimable(exc, t, e, treated, arm, control, w_spec) -> str:
    """Say in the user's arm labels why the hazard ratio diverges (the engine only knows a 0/1 column)."""
    cutoff = getattr(w_spec, "time", None) if w_spec is not None and hasattr(w_spec, "time") else None
    ev = e if cutoff is None else e & (t > cutoff)
    after = "" if cutoff is None else f" after the cut-off time {cutoff:g}"
    empty = [lab for lab, flag in ((arm, 1.0), (control, 0.0)) if not ev[treated == flag].any()]
    if len(empty) == 2:
        return f"neither arm has events{after}"
    if empty:
        return f"arm {empty[0]!r} has no events{after}"
    return " ".join(str(exc).split())
