"""The report's tables as plain data: a caption, header cells and rows of text cells.

Each builder only reads readout results and formats them with :mod:`trialscout.report.format`. The HTML
template renders :class:`Table` generically.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from .format import format_number, format_pvalue
from .sentences import pct, split_ci
from .text import is_placeholder_term, population_name

__all__ = ["Table", "tte_table", "response_table", "safety_overview_table", "ae_table", "grade3_table",
           "deaths_table", "baseline_table", "exposure_table", "subgroup_table"]


@dataclass(frozen=True, slots=True)
class Table:
    """``rows`` are tuples of cell strings; ``row_classes`` one CSS class per row (``"head"``, ``"sub"``, "").

    Columns after the first are numbers (right-aligned) except those in ``text_columns`` (left-aligned).
    """

    id: str
    caption: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    row_classes: tuple[str, ...]
    footnote: str = ""
    text_columns: tuple[int, ...] = ()


def _np(x: int, n: int) -> str:
    return f"{x} ({pct(x, n)})"


def _est(e, digits=1, percent=False) -> str:
    v, ci = split_ci(e, digits=digits, percent=percent)
    return f"{v} ({ci.split(', ', 1)[1]})"


def _p(p: float) -> str:
    return "NE" if not math.isfinite(p) else format_pvalue(p).removeprefix("P ").removeprefix("= ")


def tte_table(r, labels, unit: str) -> Table:
    """Per-arm N, events, median, landmark rates, RMST; then HR, log-rank P and RMST difference spanning the
    arm columns. ``labels`` name ``r.arms`` (one label for a single-arm endpoint, which gets no comparison
    rows)."""
    arms = r.arms
    rows, cls = [], []
    lvl = split_ci(arms[0].median)[1].split(",")[0]

    def add(name, cells, c=""):
        rows.append((name, *cells))
        cls.append(c)

    add("Patients, n", [str(a.n) for a in arms])
    add("Events, n (%)", [_np(a.n_events, a.n) for a in arms])
    add(f"Median, {unit} ({lvl})", [_est(a.median) for a in arms])
    for k, lm in enumerate(arms[0].landmarks):
        add(f"Rate at {lm.time:g} {unit}, % ({lvl})", [_est(a.landmarks[k].estimate, percent=True) for a in arms])
    if arms[0].rmst is not None:
        add(f"RMST to {r.analysis.tau:g} {unit} ({lvl})", [_est(a.rmst) for a in arms])
    pad = [""] * (len(arms) - 1)
    c = r.comparison
    if c is not None:
        add(f"Hazard ratio ({lvl})", [_est(c.hazard_ratio, digits=2), *pad], "span")
        add("Log-rank P value", [_p(c.logrank.pvalue), *pad], "span")
        if c.rmst_difference is not None:
            add(f"RMST difference, {unit} ({lvl})", [_est(c.rmst_difference.estimate), *pad], "span")
    foot = f"Estimand: {r.estimand}. Medians and rates by Kaplan-Meier ({r.analysis.conf_type} CI, preset " \
           f"{r.analysis.preset}); NR = not reached, NE = not estimable."
    notes = [n for n in r.notes if c is not None]  # a single-arm endpoint says so in its estimand already
    if notes:
        foot += " " + " ".join(n[0].upper() + n[1:] + "." for n in notes)
    return Table(
        id=f"tte-{r.endpoint.id}",
        caption=f"{r.endpoint.label} ({population_name(r.population)} population"
                + (f"; {r.notes[0]})" if c is None else ")"),
        header=("", *labels),
        rows=tuple(rows),
        row_classes=tuple(cls),
        footnote=foot,
    )


_CI_NAMES = {"clopper-pearson": "Clopper-Pearson", "wilson": "Wilson", "wilson-cc": "Wilson (corrected)",
             "agresti-coull": "Agresti-Coull", "jeffreys": "Jeffreys", "mid-p": "mid-p", "blaker": "Blaker",
             "likelihood-ratio": "likelihood-ratio", "logit": "logit", "wald": "Wald", "wald-cc": "Wald (corrected)"}


def _rate_ci_names(results) -> str:
    """The interval method(s) the response rates used, as the footnote names them."""
    names = []
    for r in results:
        for a in r.arms:
            m = a.rate.method.split(";")[-1].strip()
            name = _CI_NAMES.get(m, m)
            if name not in names:
                names.append(name)
    return " / ".join(names) or "Clopper-Pearson"


def response_table(results, labels) -> Table:
    rows = []
    for r in results:
        a, b = r.arms
        d = r.difference.estimate
        rows.append((
            r.endpoint.label,
            f"{a.responders}/{a.n}; {_est(a.rate, percent=True)}",
            f"{b.responders}/{b.n}; {_est(b.rate, percent=True)}",
            _est(d, percent=True).replace("%", ""),
            _est(r.odds_ratio.estimate, digits=2),
            _p(r.cmh.pvalue),
        ))
    return Table(
        id="response",
        caption="Response endpoints",
        header=("Endpoint", f"{labels[0]}, n/N; % (95% CI)", f"{labels[1]}, n/N; % (95% CI)",
                "Difference, points (95% CI)", "Odds ratio (95% CI)", "CMH P"),
        rows=tuple(rows),
        row_classes=tuple("" for _ in rows),
        footnote=f"Rates with {_rate_ci_names(results)} CIs; difference by Miettinen-Nurminen (stratified with "
                 "Mantel-Haenszel weights where the endpoint is stratified); Mantel-Haenszel odds ratio with the "
                 "Robins-Breslow-Greenland CI; Cochran-Mantel-Haenszel test without continuity correction.",
    )


#: The adverse-event categories a publication typically gives, and the only ones a synthetic trial holds.
PUBLISHED_CATEGORIES = ("Grade 3 or 4 (maximum grade)", "Serious treatment-related TEAE")
_NOT_PUBLISHED_NOTE = ("Synthetic data: only the categories the publication gives are shown (any grade 3 or 4 "
                       "event, the most common grade 3 event of each arm, serious treatment-related events, deaths "
                       "by cause); other adverse events, their terms and their grades were not published.")


def safety_overview_table(s, labels, *, published_only: bool = False) -> Table:
    """Patients with a TEAE by category. ``published_only`` (synthetic patients): only
    :data:`PUBLISHED_CATEGORIES`, with a footnote saying that the rest was not published."""
    cats = [c for c in s.overview if not published_only or c.label in PUBLISHED_CATEGORIES]
    rows = tuple((c.label, _np(c.n[0], s.n[0]), _np(c.n[1], s.n[1])) for c in cats)
    note = "Patients are counted once, at the maximum grade of their events."
    if published_only:
        note += " " + _NOT_PUBLISHED_NOTE
    return Table(
        id="safety-overview",
        caption=f"Treatment-emergent adverse events ({population_name(s.population)} population)",
        header=("", f"{labels[0]} (N = {s.n[0]})", f"{labels[1]} (N = {s.n[1]})"),
        rows=rows,
        row_classes=tuple("" for _ in rows),
        footnote=note,
    )


def ae_table(s, labels) -> Table:
    rows, cls = [], []
    for r in s.rows:
        share = max(100.0 * x / n if n else 0.0 for x, n in zip(r.any_grade, s.n))
        if r.term is not None and share < s.min_percent:
            continue
        rows.append((r.soc if r.term is None else r.term,
                     _np(r.any_grade[0], s.n[0]), _np(r.grade3plus[0], s.n[0]),
                     _np(r.any_grade[1], s.n[1]), _np(r.grade3plus[1], s.n[1])))
        cls.append("head" if r.term is None else "sub")
    note = "System organ class (bold) and preferred term; a patient counts once per row at the maximum grade."
    if s.min_percent > 0:
        note += f" Preferred terms shown when any arm reaches {format_number(s.min_percent, 0)}%."
    return Table(
        id="ae",
        caption="Adverse events by system organ class and preferred term",
        header=("", f"{labels[0]} any grade", f"{labels[0]} grade \u22653", f"{labels[1]} any grade",
                f"{labels[1]} grade \u22653"),
        rows=tuple(rows),
        row_classes=tuple(cls),
        footnote=note,
    )


def grade3_table(s, labels, *, published_only: bool = False) -> Table:
    """The most common grade >= 3 terms of each arm. ``published_only`` (synthetic patients): the one published
    term per arm, events whose term was not published left out, and a footnote saying so."""
    rows = []
    for k, top in enumerate(s.most_common_grade3):
        named = [r for r in top if not (published_only and is_placeholder_term(r.term))]
        for r in named[:1] if published_only else named:
            rows.append((labels[k], r.term, _np(r.grade3plus[k], s.n[k])))
    return Table(
        id="grade3",
        caption="Most common adverse event of grade 3 in each arm" if published_only
        else "Most common adverse events of grade 3 or higher",
        header=("Arm", "Preferred term", "Patients, n (%)"),
        rows=tuple(rows),
        row_classes=tuple("" for _ in rows),
        text_columns=(1,),
        footnote=_NOT_PUBLISHED_NOTE if published_only else "",
    )


def deaths_table(d, labels) -> Table:
    rows = [("Died (any cause)", _np(d.died[0], d.n[0]), _np(d.died[1], d.n[1]))]
    cls = [""]
    for c in d.causes:
        rows.append((c.label.capitalize(), _np(c.n[0], d.n[0]), _np(c.n[1], d.n[1])))
        cls.append("sub")
    return Table(
        id="deaths",
        caption=f"Deaths and their causes ({population_name(d.population)} population)",
        header=("", f"{labels[0]} (N = {d.n[0]})", f"{labels[1]} (N = {d.n[1]})"),
        rows=tuple(rows),
        row_classes=tuple(cls),
    )


def _digits(*values: float, most: int) -> int:
    """Decimals to print: 0 when every value is a whole number (ages, cycles), 1 when all are halves (a median of
    whole numbers), else ``most``."""
    if all(float(v).is_integer() for v in values):
        return 0
    if all(float(2 * v).is_integer() for v in values):
        return 1
    return most


def _cont(s) -> str:
    if s.n == 0:
        return "NE"
    d = _digits(s.median, s.min, s.max, most=1)
    return f"{format_number(s.median, d)} ({format_number(s.min, d)}\u2013{format_number(s.max, d)})"


def baseline_table(rows_in, labels, n) -> Table:
    rows, cls = [], []
    for b in rows_in:
        if b.type == "continuous":
            rows.append((f"{b.label}, median (range)", *[_cont(s) for s in b.summaries]))
            cls.append("")
        else:
            rows.append((b.label, "", "", ""))
            cls.append("head")
            for lv, counts in b.levels:
                rows.append((lv, *[_np(x, m) for x, m in zip(counts, n)]))
                cls.append("sub")
    return Table(
        id="baseline",
        caption="Baseline characteristics (intent-to-treat population)",
        header=("", f"{labels[0]} (N = {n[0]})", f"{labels[1]} (N = {n[1]})", f"Total (N = {n[2]})"),
        rows=tuple(rows),
        row_classes=tuple(cls),
    )


def exposure_table(items, arm_label) -> Table:
    rows = []
    for x in items:
        for a, s in zip(x.arms, x.summaries):
            d = 2 if s.n == 0 else _digits(s.median, s.q1, s.q3, most=2)
            med = "NE" if s.n == 0 else (f"{format_number(s.median, d)} "
                                          f"({format_number(s.q1, d)}\u2013{format_number(s.q3, d)})")
            rows.append((x.label, arm_label(a), str(s.n), med))
    return Table(
        id="exposure",
        caption="Exposure",
        header=("", "Arm", "Patients, n", "Median (IQR)"),
        rows=tuple(rows),
        row_classes=tuple("" for _ in rows),
        text_columns=(1,),
    )


def subgroup_table(sub, labels, endpoint_label: str) -> Table:
    rows, cls = [], []

    def level(name, lv, c):
        rows.append((name, f"{lv.events[0]}/{lv.n[0]}", f"{lv.events[1]}/{lv.n[1]}",
                     _est(lv.hazard_ratio, digits=2), ""))
        cls.append(c)

    level("All patients", sub.overall, "head")
    for v in sub.variables:
        rows.append((v.label, "", "", "", _p(v.interaction.pvalue)))
        cls.append("head")
        for lv in v.levels:
            level(lv.level, lv, "sub")
    return Table(
        id=f"subgroups-{sub.endpoint}",
        caption=f"{endpoint_label} by subgroup",
        header=("Subgroup", f"{labels[0]} events/N", f"{labels[1]} events/N", "Hazard ratio (95% CI)",
                "Interaction P"),
        rows=tuple(rows),
        row_classes=tuple(cls),
        footnote=f"{sub.method}. Interaction P: likelihood-ratio test of the arm-by-subgroup terms.",
    )
