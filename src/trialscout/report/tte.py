"""A time-to-event analysis as plain data (the ``trialscout tte --json`` object) and as a readable table.

Both functions only read a :class:`~trialscout.trial.tte.TTEAnalysis`.
"""

from __future__ import annotations

import math

from .._results import OK, Estimate
from ..trial.tte import ArmComparison, ArmSummary, TTEAnalysis
from .format import format_estimate, format_hr, format_number, format_pvalue, format_rate

__all__ = ["tte_to_dict", "tte_to_text"]


def _num(x) -> float | None:
    """A finite float, or None."""
    if x is None:
        return None
    x = float(x)
    return x if math.isfinite(x) else None


def _with_status(out: dict, status: dict | None = None) -> dict:
    """Add ``status`` naming every None number not already explained: NE (nothing here is ever NR but medians)."""
    status = dict(status or {})
    for k, v in out.items():
        if v is None and k not in status:
            status[k] = "NE"
    if status:
        out["status"] = status
    return out


def _estimate(est: Estimate) -> dict:
    d = est.as_dict()
    status = d.pop("status", {})
    # a NaN with status OK should not happen, but never let NaN reach JSON
    for k in ("value", "lower", "upper"):
        d[k] = _num(d[k])
    return _with_status(d, status)


def _landmark(lm) -> dict:
    e = lm.estimate
    status = {}
    for src, dst in (("value", "surv"), ("lower", "lower"), ("upper", "upper")):
        st = getattr(e, f"{src}_status")
        if st is not OK:
            status[dst] = st.value
    out = {
        "time": lm.time,
        "surv": _num(e.value) if e.value_status is OK else None,
        "lower": _num(e.lower) if e.lower_status is OK else None,
        "upper": _num(e.upper) if e.upper_status is OK else None,
        "std_err": _num(e.std_err) if e.value_status is OK else None,
        "n_risk": int(lm.n_at_risk),
    }
    return _with_status(out, status)


def _arm(a: ArmSummary, tau: float | None) -> dict:
    rmst = None
    if a.rmst is not None:
        rmst = _with_status({"tau": tau, "value": _num(a.rmst.value), "std_err": _num(a.rmst.std_err)})
    return {
        "n": a.n,
        "events": a.n_events,
        "median": _estimate(a.median),
        "q25": _estimate(a.q25),
        "q75": _estimate(a.q75),
        "landmarks": [_landmark(lm) for lm in a.landmarks],
        "rmst": rmst,
    }


def _cox(c: ArmComparison) -> dict:
    keys = ("hr", "lower", "upper", "coef", "se", "p_wald", "lr_chisq", "score_chisq")
    if c.cox is None:
        return {**{k: None for k in keys}, "status": {k: "NE" for k in keys}}
    fit, hr = c.cox, c.hazard_ratio
    out = {
        "hr": _num(hr.value), "lower": _num(hr.lower), "upper": _num(hr.upper),
        "coef": _num(fit.coef[0]), "se": _num(fit.se[0]), "p_wald": _num(fit.pvalue(0)),
        "lr_chisq": _num(fit.lr_statistic), "score_chisq": _num(fit.score_statistic),
    }
    return _with_status(out)


def _logrank(lr) -> dict:
    return _with_status({"chisq": _num(lr.statistic), "df": int(lr.df), "p": _num(lr.pvalue)})


def _rmst_diff(c: ArmComparison) -> dict | None:
    if c.rmst_difference is None:
        return None
    e = c.rmst_difference.estimate
    return _with_status({"value": _num(e.value), "lower": _num(e.lower), "upper": _num(e.upper),
                         "p": _num(c.rmst_difference.pvalue)})


def tte_to_dict(analysis: TTEAnalysis, *, inputs: dict | None = None) -> dict:
    """The analysis as the JSON object of ``trialscout tte --json``.

    Shape::

        {"preset", "conf_type", "conf_level", "ties", "control_arm", "treated_arm",
         "arms": {ARM: {"n", "events", "median": {"value", "lower", "upper"}, "q25": {...}, "q75": {...},
                        "landmarks": [{"time", "surv", "lower", "upper", "std_err", "n_risk"}],
                        "rmst": {"tau", "value", "std_err"}}},
         "cox": {"hr", "lower", "upper", "coef", "se", "p_wald", "lr_chisq", "score_chisq"},
         "logrank": {"chisq", "df", "p"}, "wilcoxon": {"chisq", "df", "p"} | None,
         "rmst_difference": {"value", "lower", "upper", "p"}}

    Missing numbers are None (JSON null), and an object holding one gets a ``status`` mapping that names why:
    ``"NR"`` (a quantile not reached) or ``"NE"`` (not estimable), e.g.
    ``"median": {"value": None, "lower": 34.5, "upper": None, "status": {"value": "NR", "upper": "NE"}}``.
    ``rmst`` and ``rmst_difference`` are None when no ``tau`` was given. A hazard ratio that is not estimable
    (an arm without events) has every ``cox`` number None with status NE.

    A descriptive analysis (``analyze_tte(..., compare=False)``, e.g. a single arm) has ``control_arm``,
    ``treated_arm``, ``cox``, ``logrank`` and ``rmst_difference`` all None.

    What was computed is recorded beside the numbers: ``control_rule`` (how the control was chosen: ``given``,
    ``label`` or ``sorted-first``), ``weights`` (``none``, ``fh:RHO,GAMMA`` or ``cutoff:T``), ``strata`` (the
    stratum labels, or None when unstratified), and ``analysis`` = ``inputs`` as given by the caller (the
    command line gives the file, rows read and analysed, the ``PARAMCD`` selected, the columns of each role and
    the strata columns), or None.

    With more than two arms, ``treated_arm`` is the list of compared arms, and ``cox``, ``logrank`` and
    ``rmst_difference`` are keyed by arm (each arm against the control); ``logrank`` also holds the
    k-group test under ``"overall"``.
    """
    if not isinstance(analysis, TTEAnalysis):
        raise TypeError(f"`analysis` must be a TTEAnalysis; got {type(analysis).__name__}")
    arms = {a.arm: _arm(a, analysis.tau) for a in analysis.arms}
    comps = analysis.comparisons
    out = {
        "preset": analysis.preset,
        "conf_type": analysis.conf_type,
        "conf_level": analysis.confidence_level,
        "ties": analysis.ties,
        "control_arm": analysis.control_arm,
        "treated_arm": None if not comps else comps[0].arm if len(comps) == 1 else [c.arm for c in comps],
        "control_rule": analysis.control_rule,
        "weights": analysis.weights,
        "strata": list(analysis.strata) or None,
        "analysis": None if inputs is None else dict(inputs),
        "arms": arms,
    }
    if analysis.single_arm_strata:
        out["single_arm_strata"] = [{"stratum": st, "arm": a} for st, a in analysis.single_arm_strata]
    if not comps:
        out.update(cox=None, logrank=None, wilcoxon=None, rmst_difference=None)
    elif len(comps) == 1:
        c = comps[0]
        out["cox"] = _cox(c)
        out["logrank"] = _logrank(c.logrank)
        out["wilcoxon"] = None if c.wilcoxon is None else _logrank(c.wilcoxon)
        out["rmst_difference"] = _rmst_diff(c)
    else:
        out["cox"] = {c.arm: _cox(c) for c in comps}
        out["logrank"] = {**{c.arm: _logrank(c.logrank) for c in comps},
                          "overall": _logrank(analysis.overall_logrank)}
        out["wilcoxon"] = {c.arm: None if c.wilcoxon is None else _logrank(c.wilcoxon) for c in comps}
        out["rmst_difference"] = {c.arm: _rmst_diff(c) for c in comps}
    return out


def _table(rows: list[list[str]]) -> list[str]:
    widths = [max(len(r[j]) for r in rows) for j in range(len(rows[0]))]
    return ["  ".join(cell.ljust(w) for cell, w in zip(r, widths)).rstrip() for r in rows]


def tte_to_text(analysis: TTEAnalysis, *, digits: int = 1, warnings: bool = True) -> str:
    """A readable table of the analysis: one column per arm, as a trial publication reports it.

    ``warnings=False`` leaves the analysis's warnings out (the command line prints them on stderr instead).

    Times (quantiles, RMST) are printed with ``digits`` decimals, rates as percentages with one decimal,
    hazard ratios with two; NR/NE as publications print them (``NR (95% CI, 34.5–NE)``).
    """
    if not isinstance(analysis, TTEAnalysis):
        raise TypeError(f"`analysis` must be a TTEAnalysis; got {type(analysis).__name__}")
    ctrl = analysis.control_arm
    comp = {c.arm: c for c in analysis.comparisons}
    header = [""] + [f"{a.arm} (control)" if a.arm == ctrl else a.arm for a in analysis.arms]
    rows = [header]

    def add(label, cells):
        rows.append([label] + list(cells))

    arms = analysis.arms
    add("N", [str(a.n) for a in arms])
    add("Events", [f"{a.n_events} ({format_number(100 * a.n_events / a.n, 1)}%)" for a in arms])
    add("Median", [format_estimate(a.median, digits) for a in arms])
    add("25th percentile", [format_estimate(a.q25, digits) for a in arms])
    add("75th percentile", [format_estimate(a.q75, digits) for a in arms])
    for i, t in enumerate(analysis.landmarks):
        tt = format_number(t, digits).rstrip("0").rstrip(".") if t != int(t) else str(int(t))
        add(f"S({tt})", [format_rate(a.landmarks[i].estimate) for a in arms])
        add("  SE; at risk", [
            f"{_se_pct(a.landmarks[i].estimate)}; {a.landmarks[i].n_at_risk}"
            for a in arms
        ])
    if analysis.tau is not None:
        add(f"RMST to {analysis.tau:g}", [format_estimate(a.rmst, digits) for a in arms])
    if not analysis.comparisons:
        return _finish(analysis, _table(rows) + ["", "No comparison of arms (descriptive analysis)."], warnings)
    dash = "\u2014"
    add(f"Hazard ratio vs {ctrl}",
        [dash if a.arm == ctrl else format_hr(comp[a.arm].hazard_ratio) for a in arms])
    add("  Wald P", [dash if a.arm == ctrl or comp[a.arm].cox is None
                     else format_pvalue(comp[a.arm].cox.pvalue(0)) for a in arms])
    add(f"Log-rank vs {ctrl}", [dash if a.arm == ctrl else _lr_text(comp[a.arm].logrank) for a in arms])
    if any(c.wilcoxon is not None for c in analysis.comparisons):
        add(f"Wilcoxon vs {ctrl}", [dash if a.arm == ctrl or comp[a.arm].wilcoxon is None
                                    else _lr_text(comp[a.arm].wilcoxon) for a in arms])
    if analysis.tau is not None:
        cells = []
        for a in arms:
            if a.arm == ctrl:
                cells.append(dash)
            else:
                rd = comp[a.arm].rmst_difference
                cells.append(f"{format_estimate(rd.estimate, digits)}, {format_pvalue(rd.pvalue)}")
        add("RMST difference", cells)

    lines = _table(rows)
    if len(analysis.comparisons) > 1:
        lines.append("")
        lines.append(f"Overall log-rank test ({len(arms)} arms): {_lr_text(analysis.overall_logrank)}")
    return _finish(analysis, lines, warnings)


def _finish(analysis: TTEAnalysis, lines: list[str], warnings: bool = True) -> str:
    lines.append("")
    conv = analysis.conventions
    strata = f"; stratified by {len(analysis.strata)} strata" if analysis.strata else ""
    weights = "" if analysis.weights == "none" else f"; weights {analysis.weights}"
    lines.append(
        f"Preset {analysis.preset}: {conv.conf_type} CIs, {conv.quantile_ci} quantile CIs, {conv.ties} ties"
        f"{strata}{weights}. NR = not reached, NE = not estimable."
    )
    for st, arm in analysis.single_arm_strata:
        lines.append(f"Note: stratum {st} holds only arm {arm}: it contributes nothing to the stratified comparison.")
    if warnings:
        lines.extend(f"Warning: {w}" for w in analysis.warnings)
    return "\n".join(lines) + "\n"


def _se_pct(est: Estimate) -> str:
    if est.value_status is not OK or not math.isfinite(est.std_err):
        return "NE"
    return f"{format_number(100 * est.std_err, 1)}%"


def _lr_text(lr) -> str:
    chisq = format_number(lr.statistic, 2) if math.isfinite(lr.statistic) else "NE"
    return f"chi-square {chisq}, {lr.df} df, {format_pvalue(lr.pvalue)}"
