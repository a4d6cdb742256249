"""Consistency checks of the results a report states — statcheck for trial reports.

Every printed number stands for the interval of values that round to it ("0.55" is [0.545, 0.555]; "P < .0001"
is (0, 0.0001]), so rounding alone never raises an alarm. A check fails only when no values inside those
intervals satisfy it.

=========================  ========  ============================================================================
kind                       severity  what it means
=========================  ========  ============================================================================
``ci_reversed``            error     a CI whose lower limit exceeds its upper limit
``estimate_outside_ci``    error     an estimate (median, ratio, rate) outside its own CI
``ci_asymmetric``          warning   a ratio's CI not symmetric about the estimate on the log scale
``p_vs_ci``                warning   a P value that the ratio's CI contradicts (normal approximation on the log
                                     scale; a log-rank P may differ from the Wald P by up to 10% on the z scale)
``significance_vs_ci``     warning   P < alpha while the CI (at level 1 - alpha) includes 1, or the reverse
``landmark_rising``        error     a landmark rate that rises with time within an arm
``rate_vs_median``         error     a rate above 50% at t with a median below t, or below 50% before the median
                                     (or with a median not reached)
``grim``                   warning   a percentage of the arm's stated n that no whole count rounds to
``hr_vs_medians``          info      a hazard ratio whose direction disagrees with the arms' medians
=========================  ========  ============================================================================

References
----------
Nuijten MB et al. (2016), The prevalence of statistical reporting errors in psychology (1985-2013) [statcheck].
Brown NJL, Heathers JAJ (2017), The GRIM test: a simple technique detects numerous anomalies in the reporting of
results in psychology.
Altman DG, Bland JM (2011), How to obtain the P value from a confidence interval. BMJ 343:d2304.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from statistics import NormalDist

from .reader import Arm, Record

__all__ = ["Check", "check_records", "rounding_interval"]

_N = NormalDist()
#: relative slack on the z scale between a reported (often log-rank or score) P and the Wald P from the CI
Z_SLACK = 0.10
#: relative slack on the log scale for the symmetry of a ratio's CI (exact, profile or stratified CIs differ a little)
LOG_SLACK = 0.05


@dataclass(frozen=True, slots=True)
class Check:
    """One finding: severity ('error', 'warning', 'info'), kind, message and the records (indices) it concerns."""

    severity: str
    kind: str
    message: str
    records: tuple[int, ...]

    def to_json(self) -> dict:
        return {"severity": self.severity, "kind": self.kind, "message": self.message, "records": list(self.records)}


def rounding_interval(text: str) -> tuple[float, float]:
    """The values that round to a printed number: '0.55' -> (0.545, 0.555); '12' -> (11.5, 12.5)."""
    t = text.strip()
    v = float(t)
    dec = len(t.split(".", 1)[1]) if "." in t else 0
    h = 0.5 * 10.0 ** (-dec)
    return v - h, v + h


def _iv(value, text: str) -> tuple[float, float] | None:
    if not isinstance(value, float):
        return None
    try:
        return rounding_interval(text) if text else (value, value)
    except ValueError:
        return (value, value)


def _p_interval(r: Record) -> tuple[float, float] | None:
    if r.p_value is None or r.p_operator is None:
        return None
    txt = r.p_text
    # the printed digits of the P value (after the operator)
    import re

    m = re.search(r"(\d*\.\d+|\d+)(?:\s*x\s*10\s*\^?\s*-\s*(\d+))?\s*$", txt)
    if r.p_operator in ("<", "\u2264"):
        return (0.0, r.p_value)
    if r.p_operator == ">":
        return (r.p_value, 1.0)
    if m and m.group(2) is None:
        lo, hi = rounding_interval(m.group(1) if not m.group(1).startswith(".") else "0" + m.group(1))
        return (max(lo, 0.0), min(hi, 1.0))
    if m:
        mant_lo, mant_hi = rounding_interval(m.group(1))
        scale = 10.0 ** (-int(m.group(2)))
        return (mant_lo * scale, mant_hi * scale)
    return (r.p_value, r.p_value)


def _name(r: Record, i: int) -> str:
    who = f" ({r.arm})" if r.arm else ""
    kind = {"hr": "HR", "odds_ratio": "OR", "median": "median", "rate": "rate", "landmark_rate": "rate"}[r.kind]
    tp = f" at {r.timepoint_months:g} months" if r.timepoint_months is not None else ""
    return f"record {i}: {r.endpoint} {kind}{tp}{who} {r.value_text or r.value}"


def check_records(records: tuple[Record, ...] | list[Record], arms: tuple[Arm, ...] | list[Arm] = ()) -> list[Check]:
    """Run every consistency check on the records of one report (see module docstring)."""
    out: list[Check] = []
    recs = list(records)
    for i, r in enumerate(recs):
        out.extend(_ci_checks(i, r))
        if r.kind in ("hr", "odds_ratio"):
            out.extend(_ratio_checks(i, r))
    out.extend(_landmark_checks(recs))
    out.extend(_grim_checks(recs, arms))
    out.extend(_direction_checks(recs, arms))
    order = {"error": 0, "warning": 1, "info": 2}
    return sorted(out, key=lambda c: (order[c.severity], c.records))


def _ci_checks(i: int, r: Record) -> list[Check]:
    out = []
    v = _iv(r.value, r.value_text)
    lo = _iv(r.ci_lower, r.lower_text)
    hi = _iv(r.ci_upper, r.upper_text)
    if lo and hi and lo[0] > hi[1]:
        out.append(Check("error", "ci_reversed", f"{_name(r, i)}: CI lower limit {r.lower_text} exceeds the upper "
                         f"limit {r.upper_text}", (i,)))
        return out
    if v and lo and lo[0] > v[1]:
        out.append(Check("error", "estimate_outside_ci", f"{_name(r, i)} lies below its CI "
                         f"({r.lower_text}-{r.upper_text or r.ci_upper})", (i,)))
    elif v and hi and hi[1] < v[0]:
        out.append(Check("error", "estimate_outside_ci", f"{_name(r, i)} lies above its CI "
                         f"({r.lower_text or r.ci_lower}-{r.upper_text})", (i,)))
    elif r.kind == "median" and r.value == "NR" and hi is not None:
        out.append(Check("warning", "estimate_outside_ci", f"{_name(r, i)}: a median not reached cannot have a "
                         f"finite upper CI limit ({r.upper_text})", (i,)))
    return out


def _z_level(level: float | None) -> float:
    lv = 95.0 if level is None else level
    return _N.inv_cdf(1 - (1 - lv / 100.0) / 2)


def _ratio_checks(i: int, r: Record) -> list[Check]:
    out: list[Check] = []
    v = _iv(r.value, r.value_text)
    lo = _iv(r.ci_lower, r.lower_text)
    hi = _iv(r.ci_upper, r.upper_text)
    if v and v[1] <= 0:
        out.append(Check("error", "estimate_outside_ci", f"{_name(r, i)}: a ratio must be positive", (i,)))
        return out
    if v and lo and hi and lo[1] > 0 and lo[0] <= hi[1] and v[0] > 0:
        # symmetry on the log scale: log v - log lo = log hi - log v  <=>  v^2 = lo * hi
        v2 = (v[0] ** 2, v[1] ** 2)
        prod = (max(lo[0], 1e-12) * hi[0], lo[1] * hi[1])
        width = math.log(hi[1]) - math.log(max(lo[0], 1e-12))
        slack = math.exp(2 * LOG_SLACK * max(width, 1e-9))
        if v2[0] > prod[1] * slack or v2[1] * slack < prod[0]:
            centre = math.sqrt(r.ci_lower * r.ci_upper) if isinstance(r.ci_lower, float) and isinstance(
                r.ci_upper, float) else float("nan")
            out.append(Check("warning", "ci_asymmetric", f"{_name(r, i)}: the CI ({r.lower_text}-{r.upper_text}) is "
                             f"not symmetric about it on the log scale (its geometric centre is {centre:.3g})", (i,)))
        zc = _z_level(r.ci_level)
        # z = |log v| / se, se = (log hi - log lo) / (2 zc); extremes over the rounding box are at its corners
        zs = []
        for vv in v:
            for ll in lo:
                for hh in hi:
                    if ll <= 0 or hh <= ll or vv <= 0:
                        continue
                    zs.append(abs(math.log(vv)) * 2 * zc / (math.log(hh) - math.log(ll)))
        zmin = (0.0 if v[0] <= 1.0 <= v[1] else min(zs)) if zs else None
        zmax = max(zs) if zs else None
        piv = _p_interval(r)
        if piv is not None and zmin is not None and zmax is not None:
            # the printed P as an interval on the z scale (two-sided)
            pz_hi = _N.inv_cdf(1 - piv[0] / 2) if piv[0] > 0 else math.inf
            pz_lo = _N.inv_cdf(1 - piv[1] / 2) if piv[1] < 1 else 0.0
            if pz_lo > zmax * (1 + Z_SLACK) or pz_hi < zmin * (1 - Z_SLACK):
                p_ci = 2 * (1 - _N.cdf((zmin + zmax) / 2))
                out.append(Check("warning", "p_vs_ci", f"{_name(r, i)}: P {r.p_operator} {r.p_value:g} does not "
                                 f"match its CI ({r.lower_text}-{r.upper_text}), which gives P = {p_ci:.2g}", (i,)))
            alpha = 1 - (95.0 if r.ci_level is None else r.ci_level) / 100.0
            if piv[1] < alpha and lo[1] <= 1.0 <= hi[0]:
                out.append(Check("warning", "significance_vs_ci", f"{_name(r, i)}: P {r.p_operator} {r.p_value:g} is "
                                 f"significant at {alpha:.4g} but its CI ({r.lower_text}-{r.upper_text}) includes 1",
                                 (i,)))
            elif piv[0] > alpha and (hi[1] < 1.0 or lo[0] > 1.0):
                out.append(Check("warning", "significance_vs_ci", f"{_name(r, i)}: P {r.p_operator} {r.p_value:g} is "
                                 f"not significant at {alpha:.4g} but its CI ({r.lower_text}-{r.upper_text}) "
                                 "excludes 1", (i,)))
    return out


def _landmark_checks(recs: list[Record]) -> list[Check]:
    out: list[Check] = []
    by_arm: dict[tuple, list[tuple[int, Record]]] = {}
    medians: dict[tuple, tuple[int, Record]] = {}
    for i, r in enumerate(recs):
        if r.kind == "landmark_rate" and r.arm and r.timepoint_months is not None and isinstance(r.value, float):
            by_arm.setdefault((r.endpoint, r.arm, r.sentence_index // 1000), []).append((i, r))
        if r.kind == "median" and r.arm:
            medians.setdefault((r.endpoint, r.arm, 0), (i, r))
    for key, lst in by_arm.items():
        lst.sort(key=lambda t: t[1].timepoint_months or 0.0)
        for (i, a), (j, b) in zip(lst, lst[1:]):
            if (b.timepoint_months or 0) > (a.timepoint_months or 0):
                ia, ib = _iv(a.value, a.value_text), _iv(b.value, b.value_text)
                if ia and ib and ib[0] > ia[1]:
                    out.append(Check("error", "landmark_rising", f"{_name(b, j)} is higher than {_name(a, i)}: a "
                                     "survival-type rate cannot rise with time", (i, j)))
        med = medians.get((key[0], key[1], 0))
        if med is None:
            continue
        mi, m = med
        for i, r in lst:
            t = r.timepoint_months or 0.0
            iv = _iv(r.value, r.value_text)
            if iv is None:
                continue
            if m.value == "NR" and iv[1] < 50.0:
                out.append(Check("error", "rate_vs_median", f"{_name(r, i)} is below 50% but the median is not "
                                 "reached", (mi, i)))
            elif isinstance(m.value, float):
                mv = _iv(m.value, m.value_text)
                assert mv is not None
                if iv[0] > 50.0 and mv[1] < t:
                    out.append(Check("error", "rate_vs_median", f"{_name(r, i)} is above 50% at {t:g} months, after "
                                     f"the median {m.value_text} months", (mi, i)))
                elif iv[1] < 50.0 and mv[0] > t:
                    out.append(Check("error", "rate_vs_median", f"{_name(r, i)} is below 50% at {t:g} months, before "
                                     f"the median {m.value_text} months", (mi, i)))
    return out


def _grim_checks(recs: list[Record], arms) -> list[Check]:
    out: list[Check] = []
    sizes = {a.label: a.n for a in arms if a.n}
    for i, r in enumerate(recs):
        if r.kind != "rate" or r.arm not in sizes or not isinstance(r.value, float):
            continue
        if any(w in r.source.sentence.lower() for w in ("evaluable", "measurable", "subgroup", "among", "assessable",
                                                        "with baseline", "subset", "in patients with")):
            continue
        n = sizes[r.arm]
        lo, hi = rounding_interval(r.value_text)
        k_lo, k_hi = math.ceil(lo / 100 * n - 1e-9), math.floor(hi / 100 * n + 1e-9)
        if k_lo > k_hi:
            out.append(Check("warning", "grim", f"{_name(r, i)}%: no whole number of the arm's {n} patients gives "
                             f"{r.value_text}% (GRIM)", (i,)))
    return out


def _direction_checks(recs: list[Record], arms) -> list[Check]:
    out: list[Check] = []
    if len(arms) != 2:
        return out
    a0, a1 = arms[0].label, arms[1].label
    for i, r in enumerate(recs):
        if r.kind != "hr" or not isinstance(r.value, float):
            continue
        meds = {m.arm: (j, m) for j, m in enumerate(recs) if m.kind == "median" and m.endpoint == r.endpoint
                and m.sentence_index == r.sentence_index}
        if a0 not in meds or a1 not in meds:
            continue
        (j0, m0), (j1, m1) = meds[a0], meds[a1]
        longer0 = (m0.value == "NR" and m1.value != "NR") or (isinstance(m0.value, float) and isinstance(
            m1.value, float) and m0.value > m1.value)
        longer1 = (m1.value == "NR" and m0.value != "NR") or (isinstance(m0.value, float) and isinstance(
            m1.value, float) and m1.value > m0.value)
        if (r.value < 1 and longer1) or (r.value > 1 and longer0):
            out.append(Check("info", "hr_vs_medians", f"{_name(r, i)} points the other way from the medians "
                             f"({a0} {m0.value_text or m0.value}, {a1} {m1.value_text or m1.value}); medians and "
                             "hazard ratios can disagree, but check which arm the ratio compares", (i, j0, j1)))
    return out
