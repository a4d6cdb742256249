"""The readout in the sentences publications use.

"Median PFS was not reached (95% CI, 34.5–NE) with cilta-cel vs 11.8 months (95% CI, 9.7–14.0) with standard
of care (HR, 0.29; 95% CI, 0.22–0.39)." Every number comes from :mod:`trialscout.report.format`.
"""

from __future__ import annotations

import math

from .._results import NR, OK, Estimate
from .format import format_estimate, format_number, format_pvalue
from .text import is_placeholder_term, midsentence

__all__ = ["summary_sentences", "weighting_phrase", "tte_sentence", "response_sentence", "safety_sentences", "split_ci", "pct"]


def split_ci(est: Estimate, digits: int = 1, percent: bool = False) -> tuple[str, str]:
    """``("11.8", "95% CI, 9.7–14.0")`` from :func:`format_estimate`'s ``"11.8 (95% CI, 9.7–14.0)"``.

    With ``percent`` the value keeps its ``%`` and the limits do not: ``("59.4%", "95% CI, 52.3–65.7")``.
    """
    text = format_estimate(est, digits=digits, percent=percent)
    value, ci = text[:-1].split(" (", 1)
    if percent:  # "59.4% (95% CI, 52.3–65.7)": the unit is written once, after the estimate
        label, _, limits = ci.partition(", ")
        ci = f"{label}, {limits.replace('%', '')}"
    return value, ci


def pct(x: int, n: int, digits: int = 1) -> str:
    """``"40.0%"``; ``"NE"`` when ``n`` is 0."""
    return "NE" if n == 0 else format_number(100.0 * x / n, digits) + "%"


def _median_text(est: Estimate, unit: str) -> str:
    value, ci = split_ci(est)
    if est.value_status is NR:
        return f"not reached ({ci})"
    if est.value_status is not OK:
        return f"not estimable ({ci})"
    return f"{value} {unit} ({ci})"


def _ratio_text(name: str, est: Estimate, digits: int = 2) -> str:
    value, ci = split_ci(est, digits=digits)
    return f"{name}, {value}; {ci}"


def _p_text(p: float) -> str:
    return "" if not math.isfinite(p) else "; " + format_pvalue(p)


def weighting_phrase(w: str, unit: str) -> str:
    if w.startswith("cutoff:"):
        return f"weighted analysis, events after {float(w[7:]):g} {unit} only"
    rho, gamma = w[3:].split(",")
    return f"weighted analysis, Fleming-Harrington G({float(rho):g}, {float(gamma):g})"


def _when(t: float) -> str:
    return format_number(t, 0) if float(t).is_integer() else f"{t:g}"


def tte_sentence(r, labels, time_unit: str) -> str:
    """Medians, HR (with P) and landmark rates of one time-to-event endpoint, treated first.

    ``labels`` name ``r.arms``; a single-arm endpoint (one arm) gets its median and rates and the words
    "single-arm endpoint: no comparison" instead of a hazard ratio.
    """
    short = r.endpoint.short
    c = r.comparison
    if c is None:
        (a,), (label,) = r.arms, labels
        s = f"Median {short} was {_median_text(a.median, time_unit)} with {label} ({r.notes[0]})."
        for la in a.landmarks:
            va, ca = split_ci(la.estimate, percent=True)
            s += f" At {_when(la.time)} {time_unit}, the {short} rate was {va} ({ca})."
        return s
    a, b = r.arms
    weighted = "" if r.endpoint.weighting == "none" else f"; {weighting_phrase(r.endpoint.weighting, time_unit)}"
    s = (f"Median {short} was {_median_text(a.median, time_unit)} with {labels[0]} vs "
         f"{_median_text(b.median, time_unit)} with {labels[1]} "
         f"({_ratio_text('HR', c.hazard_ratio)}{_p_text(c.logrank.pvalue)}{weighted}).")
    for la, lb in zip(a.landmarks, b.landmarks):
        va, ca = split_ci(la.estimate, percent=True)
        vb, cb = split_ci(lb.estimate, percent=True)
        s += f" At {_when(la.time)} {time_unit}, the {short} rate was {va} ({ca}) vs {vb} ({cb})."
    return s


def response_sentence(r, labels) -> str:
    """n/N and rates of one response endpoint, the difference and the odds ratio, treated first."""
    a, b = r.arms
    va, ca = split_ci(a.rate, percent=True)
    vb, cb = split_ci(b.rate, percent=True)
    d = r.difference.estimate
    dv, dc = split_ci(d, percent=True)
    where = ""
    if r.endpoint.evaluable is not None and "evaluable" not in r.endpoint.label.lower():
        where = " among evaluable patients"
    return (f"{r.endpoint.label}: {va} ({ca}; {a.responders} of {a.n}) with {labels[0]} vs {vb} ({cb}; "
            f"{b.responders} of {b.n}) with {labels[1]}{where} (difference, {dv.removesuffix('%')} percentage "
            f"points; {dc}; {_ratio_text('odds ratio', r.odds_ratio.estimate)}"
            f"{_p_text(r.cmh.pvalue)}).")


def safety_sentences(safety, deaths, labels) -> list[str]:
    out = []
    if safety is not None:
        n = safety.n
        ov = {c.label: c.n for c in safety.overview}
        g34 = ov["Grade 3 or 4 (maximum grade)"]
        out.append(f"Grade 3 or 4 adverse events (by maximum grade) occurred in {pct(g34[0], n[0])} of patients "
                   f"with {labels[0]} and {pct(g34[1], n[1])} with {labels[1]}.")
        parts = []
        for k, rows in enumerate(safety.most_common_grade3):
            # an event recorded without its term (synthetic data: "... term not published") names no event
            named = [r for r in rows if not is_placeholder_term(r.term)]
            if named:
                r = named[0]
                parts.append(f"{midsentence(r.term)} ({pct(r.grade3plus[k], n[k])}) with {labels[k]}")
        if parts:
            out.append("The most common adverse event of grade 3 or higher was " + " and ".join(parts) + ".")
        sr = ov["Serious treatment-related TEAE"]
        out.append(f"Serious treatment-related adverse events occurred in {pct(sr[0], n[0])} and "
                   f"{pct(sr[1], n[1])}, respectively.")
    if deaths is not None:
        s = (f"Death from any cause occurred in {pct(deaths.died[0], deaths.n[0])} of patients with "
             f"{labels[0]} and {pct(deaths.died[1], deaths.n[1])} with {labels[1]}")
        prog = [c for c in deaths.causes if "PROGRESS" in c.label.upper()]
        if prog:
            c = prog[0]
            s += (f"; death from {c.label.lower()} in {pct(c.n[0], deaths.n[0])} and "
                  f"{pct(c.n[1], deaths.n[1])}")
        out.append(s + ".")
    return out


def summary_sentences(readout) -> list[str]:
    """The summary paragraph, one sentence (or two) per result, primary endpoint first."""
    labels = tuple(midsentence(x) for x in readout.arm_labels)  # "with cilta-cel vs ... with standard of care"
    unit = readout.spec.time_unit
    eps = sorted(readout.endpoints, key=lambda r: not r.endpoint.primary)
    label_of = dict(zip(readout.arms, labels))
    out = []
    for r in eps:
        if r.endpoint.type == "tte":
            out.append(tte_sentence(r, [label_of[a.arm] for a in r.arms], unit))
        else:
            out.append(response_sentence(r, labels))
    out.extend(safety_sentences(readout.safety, readout.deaths, labels))
    return out
