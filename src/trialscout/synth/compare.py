"""Published vs reproduced: every figure of a summary next to the synthetic trial's readout of it.

Tolerances: rates +/-2 percentage points; hazard ratios +/-0.03 and their CI limits +/-0.05; reached
medians and median CI limits +/-1 month; "NR" must stay NR and "NE" must stay NE. Extra rows, with the tolerance
each states: population sizes (exact); log-rank P within a factor of 10^0.5 (the spread the HR tolerances allow),
"<x" P-values below 10x; median follow-up +/-1 month; exposure medians and quartiles +/-1 in the last published
digit; the most common grade 3 term (same term, rate +/-2 points).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from .._results import Estimate
from ..survival import kaplan_meier
from .summary import Figure, TrialSummary

__all__ = ["ComparisonRow", "compare_readout"]

RATE_TOL = 2.0
HR_TOL = 0.03
HR_CI_TOL = 0.05
MEDIAN_TOL = 1.0


@dataclass(frozen=True, slots=True)
class ComparisonRow:
    """One published figure and its reproduction.

    Attributes
    ----------
    figure : str
        What it is, e.g. "PFS median (months), Cilta-cel".
    published, reproduced : str
        As printed ("11.8", "NR", "59.4").
    tolerance : str
        The rule, e.g. "±1 month", "stays NR".
    within : bool
    published_value, reproduced_value : float
        Numbers (NaN for NR/NE) for programmatic use.
    """

    figure: str
    published: str
    reproduced: str
    tolerance: str
    within: bool
    published_value: float = math.nan
    reproduced_value: float = math.nan

    def as_dict(self) -> dict:
        return {"figure": self.figure, "published": self.published, "reproduced": self.reproduced,
                "tolerance": self.tolerance, "within": self.within}


def _fmt(x: float, digits: int) -> str:
    return f"{x:.{digits}f}"


def _est_part(e: Estimate, part: str) -> tuple[float, str]:
    st = getattr(e, f"{part}_status").value
    return (getattr(e, part), "ok") if st == "ok" else (math.nan, st)


def _time_row(name: str, pub: Figure, value: float, status: str, *, limit: bool = False) -> ComparisonRow:
    """A median (``limit`` False) or one of its CI limits (``limit`` True) against the readout's.

    A median not reached must stay NR. A CI limit that cannot be estimated is NE in SAS (and in trialscout), but
    papers often print it "NR" ("36.6-NR"): for a limit, a published NR or NE both mean "not estimable" and are
    matched by the readout's NE.
    """
    if not pub.ok:
        want = "NE" if limit else pub.status
        ok = status == want
        rule = f"stays {want}" if want == pub.status else f"{pub.status} (as printed) = {want}"
        return ComparisonRow(name, pub.status, status if status != "ok" else _fmt(value, 1), rule, ok,
                             math.nan, value)
    rep = _fmt(value, 1) if status == "ok" else status
    ok = status == "ok" and abs(value - pub.value) <= MEDIAN_TOL + 1e-9
    return ComparisonRow(name, _fmt(pub.value, 1), rep, "±1 month", ok, pub.value, value)


def _rate_row(name: str, pub: float, rep: float, digits: int = 1) -> ComparisonRow:
    ok = math.isfinite(rep) and abs(rep - pub) <= RATE_TOL + 1e-9
    return ComparisonRow(name, _fmt(pub, digits), _fmt(rep, 1) if math.isfinite(rep) else "NE", "±2 points", ok,
                         pub, rep)


def _num_row(name: str, pub: float, rep: float, tol: float, digits: int) -> ComparisonRow:
    ok = math.isfinite(rep) and abs(rep - pub) <= tol + 1e-9
    return ComparisonRow(name, _fmt(pub, digits), _fmt(rep, digits) if math.isfinite(rep) else "NE",
                         f"±{tol:g}", ok, pub, rep)


def _p_row(name: str, text: str, pub: float, rep: float) -> ComparisonRow:
    shown = f"{rep:.2g}" if rep >= 1e-4 else f"{rep:.1e}"
    if text.strip().startswith("<"):
        ok = rep < 10 * pub
        return ComparisonRow(name, "P " + text.strip(), shown, f"< {10 * pub:g}", ok, pub, rep)
    ok = rep > 0 and abs(math.log10(rep / pub)) <= 0.5
    return ComparisonRow(name, f"P = {pub:g}", shown, "within a factor of 3.2", ok, pub, rep)


def compare_readout(summary: TrialSummary, readout, adsl: pd.DataFrame, adtte: pd.DataFrame) -> tuple:
    """Rows comparing every published figure of ``summary`` with ``readout`` (a trialscout.trial Readout).

    Every endpoint figure comes from the readout (single-arm endpoints such as CARTITUDE-4's treatment-free
    survival included: the spec describes them with ``arms = [...]``); an endpoint missing from the readout
    gives a row that is not within. ``adtte`` gives the median follow-up (reverse Kaplan-Meier of OS); ``adsl`` is
    no longer read (kept for callers).
    """
    rows: list[ComparisonRow] = []
    label = {a.id: a.label for a in summary.arms}
    pops = dict(readout.population_sizes)
    arm_order = list(readout.arms)
    for a in summary.arms:
        k = arm_order.index(a.id)
        rows.append(ComparisonRow(f"Patients randomized (ITT), {a.label}", str(a.n_itt),
                                  str(pops.get("itt", (math.nan,) * 2)[k]), "exact",
                                  pops.get("itt", (None, None))[k] == a.n_itt, a.n_itt, pops.get("itt", (0, 0))[k]))
        if "as_treated" in pops:
            rows.append(ComparisonRow(f"Patients treated (as-treated), {a.label}", str(a.n_as_treated),
                                      str(pops["as_treated"][k]), "exact", pops["as_treated"][k] == a.n_as_treated,
                                      a.n_as_treated, pops["as_treated"][k]))
    # median follow-up: reverse Kaplan-Meier of OS (censorings as events) in the ITT set
    os_ep = next((e for e in summary.endpoints if e.kind == "os"), None)
    if os_ep is not None:
        d = adtte[adtte["PARAMCD"] == os_ep.id]
        fu = kaplan_meier(d["AVAL"].to_numpy(float), d["CNSR"].to_numpy() != 0).median()
        rows.append(_num_row("Median follow-up (months, reverse Kaplan-Meier of OS)",
                             summary.design.median_followup, fu.value, MEDIAN_TOL, 1))
    ids = {e.endpoint.id for e in readout.endpoints}
    for ep in summary.endpoints:
        if ep.id not in ids:
            rows.append(ComparisonRow(f"{ep.id} (every published figure)", "published", "not in the readout",
                                      "analysed by the readout", False))
            continue
        res = readout.endpoint(ep.id)  # single-arm endpoints too: their arm summaries, no hazard ratio
        arm_sum = {s.arm: s for s in res.arms}
        hr = res.hazard_ratio
        lr_p = float(res.logrank.pvalue) if res.logrank is not None else math.nan
        for aid, pub in ep.arms.items():
            s = arm_sum.get(aid)
            who = f"{ep.id} {{}}, {label[aid]}"
            if s is None:
                rows.append(ComparisonRow(who.format("(every published figure)"), "published",
                                          "arm not in the readout", "analysed by the readout", False))
                continue
            med = s.median
            if pub.median is not None:
                v, st = _est_part(med, "value")
                rows.append(_time_row(who.format("median (months)"), pub.median, v, st))
            for part, pf in (("lower", pub.median_lower), ("upper", pub.median_upper)):
                if pf is not None:
                    v, st = _est_part(med, part)
                    rows.append(_time_row(who.format(f"median 95% CI {part}"), pf, v, st, limit=True))
            for lm in pub.landmarks:
                e = _landmark(s, lm.time)
                rows.append(_rate_row(who.format(f"{lm.time:g}-month rate (%)"), lm.rate.value, 100 * e.value))
                if lm.lower is not None:
                    rows.append(_rate_row(who.format(f"{lm.time:g}-month rate 95% CI lower"), lm.lower.value,
                                          100 * e.lower))
                    rows.append(_rate_row(who.format(f"{lm.time:g}-month rate 95% CI upper"), lm.upper.value,
                                          100 * e.upper))
        h = ep.hazard_ratio
        if h is not None:
            what = f"{ep.id} hazard ratio" + (" (weighted)" if h.weighting != "none" else "")
            rv = hr.value if hr is not None else math.nan
            rows.append(_num_row(what, h.value, rv, HR_TOL, 2))
            rows.append(_num_row(f"{what} 95% CI lower", h.lower, hr.lower if hr is not None else math.nan,
                                 HR_CI_TOL, 2))
            rows.append(_num_row(f"{what} 95% CI upper", h.upper, hr.upper if hr is not None else math.nan,
                                 HR_CI_TOL, 2))
            if h.pvalue is not None and math.isfinite(lr_p):
                rows.append(_p_row(f"{ep.id} log-rank P", h.pvalue_text or f"{h.pvalue:g}", h.pvalue, lr_p))
    for r in summary.responses:
        if r.id not in ids:
            continue
        res = readout.endpoint(r.id)
        by = {x.arm: x for x in res.arms}
        for aid, v in r.rates.items():
            x = by[aid]
            rows.append(_rate_row(f"{r.label} (%), {label[aid]}", v, 100 * x.responders / x.n, 0))
    if summary.safety is not None and readout.safety is not None:
        sf = readout.safety
        k_of = {a: i for i, a in enumerate(sf.arms)}
        ov = {o.label: o.n for o in sf.overview}
        none = (0,) * len(sf.arms)
        g34 = next((v for key, v in ov.items() if key.lower().startswith("grade 3 or 4")), none)
        sr = next((v for key, v in ov.items() if key.lower().startswith("serious treatment-related")), none)
        for aid, v in summary.safety.grade34.items():
            k = k_of[aid]
            rows.append(_rate_row(f"Grade 3/4 TEAE (%), {label[aid]}", v, 100 * g34[k] / sf.n[k], 0))
        for aid, v in summary.safety.serious_related.items():
            k = k_of[aid]
            rows.append(_rate_row(f"Serious treatment-related AE (%), {label[aid]}", v, 100 * sr[k] / sf.n[k], 0))
        for t in summary.safety.top_grade3:
            k = k_of[t.arm]
            # events whose term the paper does not give ("... term not published") are no candidate term
            named = [r for r in sf.most_common_grade3[k] if not r.term.lower().endswith("not published")]
            top = named[0] if named else None
            rep_rate = 100 * top.grade3plus[k] / sf.n[k] if top is not None else math.nan
            same = top is not None and top.term.lower() == t.term.lower()
            ok = same and abs(rep_rate - t.rate) <= RATE_TOL
            rows.append(ComparisonRow(f"Most common grade 3 TEAE, {label[t.arm]}", f"{t.term} {t.rate:g}%",
                                      f"{top.term if top else '-'} {rep_rate:.1f}%", "same term, ±2 points", ok,
                                      t.rate, rep_rate))
    if summary.deaths is not None and readout.deaths is not None:
        dr = readout.deaths
        k_of = {a: i for i, a in enumerate(dr.arms)}
        causes = {c.label.upper(): c.n for c in dr.causes}
        for aid, v in summary.deaths.any_cause.items():
            k = k_of[aid]
            rows.append(_rate_row(f"Died, any cause (%), {label[aid]}", v, 100 * dr.died[k] / dr.n[k], 0))
        for aid, v in summary.deaths.progression.items():
            k = k_of[aid]
            n_prog = causes.get("PROGRESSIVE DISEASE", (0,) * len(dr.arms))[k]
            rows.append(_rate_row(f"Died of progression (%), {label[aid]}", v, 100 * n_prog / dr.n[k], 0))
    ex = {x.column: x for x in readout.exposure}
    for x in summary.exposure:
        if x.column not in ex:
            continue
        res = ex[x.column]
        s = res.summaries[list(res.arms).index(x.arm)]
        tol, digits = (1.0, 0) if x.integer else (0.01, 2)
        for name, pub, rep in (("median", x.median, s.median), ("Q1", x.q1, s.q1), ("Q3", x.q3, s.q3)):
            rows.append(_num_row(f"{x.label} {name}, {label[x.arm]}", pub, rep, tol, digits))
    return tuple(rows)


def _landmark(s, t: float) -> Estimate:
    """S(t) of a readout arm: its landmark when the spec asked for ``t``, else from its Kaplan-Meier curve."""
    for lm in s.landmarks:
        if abs(lm.time - t) < 1e-9:
            return lm.estimate
    return s.km.survival_at(t)
