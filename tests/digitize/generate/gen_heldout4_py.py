"""A fourth held-out set of Kaplan-Meier test figures ("held_out_4", names h4_py_*), drawn from patient data
simulated with their own seeds in realistic trial shapes (2-3 arms of 80-600 patients; proportional and
crossing hazards, a delayed effect, cure fractions, heavy censoring, long log-normal tails).  Drawers:
lifelines (KaplanMeierFitter.plot_survival_function with lifelines.plotting.add_at_risk_counts in its default
three-row layout and with rows_to_show=["At risk"], with and without CI bands), matplotlib step plots with the
at-risk table drawn as text under the axes, and trialscout's own KM figure (trialscout.report.figures.km_figure);
in several fonts and sizes, percent axes, y limits above 0, an x limit that cuts the tail, 100-300 dpi, PNG
and JPEG quality 75.  Needs lifelines (a generator-only dependency).  Run from the repository root:

    PYTHONPATH=src:<lifelines folder> python tests/digitize/generate/gen_heldout4_py.py

Writes tests/digitize/figures/h4_py_<nn>_<model>.png|jpg, .csv (arm,time,status) and .json like gen_py.py.
The at-risk times written are the columns printed (the x ticks of the figure).  Where an x limit cuts the
tail the patient data are still all written: the curve beyond the limit is not drawn.
"""

from __future__ import annotations

import types
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from lifelines import KaplanMeierFitter  # noqa: E402
from lifelines.plotting import add_at_risk_counts  # noqa: E402
from matplotlib.ticker import PercentFormatter  # noqa: E402

from gen_py import censored_arms, save_truth  # noqa: E402  (the truth files are written as for the first sets)
from trialscout import kaplan_meier  # noqa: E402
from trialscout.report.figures import km_figure, nice_ticks  # noqa: E402

OUT = Path("tests/digitize/figures")


def draw(rng, model: str, n: int, k: int) -> np.ndarray:
    """Event times of arm k (0, 1, 2) under `model`, in months."""
    if model == "prop":  # proportional hazards, Weibull with increasing hazard
        return rng.weibull(1.3, n) * [16, 22, 29][k]
    if model == "cross":  # arm 1: more early failures, then a lower hazard
        if k == 0:
            return rng.exponential(15.0, n)
        early = rng.random(n) < [0, 0.28, 0.2][k]
        return np.where(early, rng.exponential(2.2, n), rng.exponential([0, 42, 55][k], n))
    if model == "delayed":  # the same hazard for 6 months, then the treated arms' falls
        t = rng.exponential(11.0, n)
        if k:
            late = t > 6
            t[late] = 6 + rng.exponential(11.0 * [1, 2.2, 1.6][k], int(late.sum()))
        return t
    if model == "cure":
        return np.where(rng.random(n) < [0.18, 0.33, 0.45][k], np.inf, rng.exponential([10, 12, 15][k], n))
    if model == "longtail":
        return rng.lognormal([2.4, 2.8, 3.1][k], [1.25, 1.2, 1.1][k], n)
    return rng.exponential([8, 12, 17][k], n)


def simulate(rng, model, ns, follow, scale):
    return censored_arms(rng, lambda n, k: draw(rng, model, n, k), ns, follow, scale)


UNITS = {"days": 30.4375, "weeks": 4.348, "months": 1.0, "years": 1 / 12}
# model, n per arm, follow-up (months; a low first bound gives heavy censoring), unit, tick step, drawer
# ("lifelines" with its rows, "mpl", or "report"), palette (None: black with line styles), font, font size,
# CI, percent axis, y floor, last x tick shown (None: the whole follow-up), dpi, file type
VARIATIONS = [
    dict(model="prop", ns=(280, 290), follow=(12, 48), unit="months", step=6, draw="lifelines", rows=None,
         pal=("#0073C2", "#EFC000"), font="DejaVu Sans", size=9, ci=True, pct=False, ymin=0.0, xcut=None,
         dpi=150, ext="png"),
    dict(model="cross", ns=(200, 210), follow=(18, 42), unit="months", step=6, draw="lifelines", rows=None,
         pal=("#868686", "#CD534C"), font="Liberation Serif", size=10, ci=False, pct=False, ymin=0.0, xcut=None,
         dpi=120, ext="jpg"),
    dict(model="cure", ns=(150, 160, 155), follow=(24, 96), unit="years", step=1, draw="lifelines", rows=None,
         pal=("#1B9E77", "#D95F02", "#7570B3"), font="Liberation Sans", size=8, ci=True, pct=False, ymin=0.0,
         xcut=None, dpi=200, ext="png"),
    dict(model="longtail", ns=(95, 90), follow=(6, 120), unit="days", step=500, draw="lifelines", rows=None,
         pal=None, font="DejaVu Serif", size=9, ci=False, pct=True, ymin=0.0, xcut=2500, dpi=130, ext="png"),
    dict(model="delayed", ns=(580, 590), follow=(12, 36), unit="months", step=4, draw="lifelines",
         rows=["At risk"], pal=("#00468B", "#ED0000"), font="Liberation Sans Narrow", size=11, ci=True,
         pct=False, ymin=0.0, xcut=None, dpi=110, ext="png"),
    dict(model="exp", ns=(85, 80, 90), follow=(3, 30), unit="weeks", step=20, draw="lifelines",
         rows=["At risk"], pal=("#3B4992", "#EE0000", "#008B45"), font="DejaVu Sans", size=8.5, ci=False,
         pct=True, ymin=0.2, xcut=None, dpi=160, ext="jpg"),
    dict(model="cure", ns=(300, 310), follow=(30, 90), unit="months", step=12, draw="lifelines",
         rows=["At risk"], pal=("#08519C", "#6BAED6"), font="Liberation Serif", size=10, ci=True, pct=False,
         ymin=0.3, xcut=None, dpi=250, ext="png"),
    dict(model="prop", ns=(120, 115), follow=(6, 40), unit="years", step=0.5, draw="lifelines",
         rows=["At risk"], pal=None, font="DejaVu Sans", size=9, ci=False, pct=False, ymin=0.0, xcut=None,
         dpi=100, ext="png"),
    dict(model="cross", ns=(400, 410, 395), follow=(15, 40), unit="months", step=5, draw="mpl",
         pal=("#E64B35", "#4DBBD5", "#00A087"), font="DejaVu Sans", size=9, ci=False, pct=True, ymin=0.0,
         xcut=None, dpi=150, ext="png"),
    dict(model="longtail", ns=(220, 230), follow=(20, 100), unit="months", step=12, draw="mpl",
         pal=("black", "#B2182B"), font="Liberation Serif", size=10, ci=False, pct=False, ymin=0.0, xcut=72,
         dpi=200, ext="jpg"),
    dict(model="exp", ns=(90, 95), follow=(2, 24), unit="weeks", step=12, draw="mpl", pal=("#333333", "#999999"),
         font="Liberation Sans Narrow", size=10.5, ci=False, pct=False, ymin=0.5, xcut=None, dpi=300, ext="png"),
    dict(model="delayed", ns=(330, 320), follow=(24, 60), unit="days", step=365, draw="mpl",
         pal=("#542788", "#E08214"), font="DejaVu Serif", size=8.5, ci=False, pct=True, ymin=0.0, xcut=None,
         dpi=120, ext="png"),
    dict(model="prop", ns=(260, 255), follow=(12, 54), unit="months", draw="report", pal=None, ci=True,
         dpi=150, ext="png"),
    dict(model="cure", ns=(140, 150, 145), follow=(24, 72), unit="months", draw="report",
         pal=("#374E55", "#DF8F44", "#00A1D5"), ci=False, dpi=110, ext="jpg"),
    dict(model="cross", ns=(500, 480), follow=(6, 30), unit="weeks", draw="report", pal=("#6A3D9A", "#CAB2D6"),
         ci=False, dpi=220, ext="png"),
]
LABELS = [("Control", "Experimental"), ("Standard of care", "Standard of care + study drug"),
          ("Observation", "Maintenance"), ("Placebo", "Active treatment"), ("Arm A", "Arm B")]
LABELS3 = [("Placebo", "Low dose", "High dose"), ("Cohort 1", "Cohort 2", "Cohort 3"),
           ("Surgery", "Surgery + chemotherapy", "Surgery + chemoradiotherapy")]


def labels_for(i: int, m: int) -> list:
    return list((LABELS3 if m == 3 else LABELS)[i % (3 if m == 3 else 5)])


def report(i: int, v: dict, arms, labels) -> None:
    kms = [kaplan_meier(t, e) for t, e in arms]
    result = types.SimpleNamespace(
        arms=[types.SimpleNamespace(km=km) for km in kms], comparison=None,
        endpoint=types.SimpleNamespace(label=["Overall survival", "Progression-free survival",
                                              "Event-free survival"][i % 3], weighting="none"))
    fig = km_figure(result, labels, time_unit=v["unit"], show_ci=v["ci"], colors=v["pal"],
                    width=6.5 + 0.5 * (i % 2))
    name = f"h4_py_{i:02d}_{v['model']}"
    kw = {"pil_kwargs": {"quality": 75}} if v["ext"] == "jpg" else {}
    fig.savefig(OUT / f"{name}.{v['ext']}", dpi=v["dpi"], **kw)
    plt.close(fig)
    ticks = nice_ticks(max(float(t.max()) for t, _ in arms))
    save_truth(name, arms, labels, ticks, "report")


def figure(i: int, v: dict, rng) -> None:
    m = len(v["ns"])
    scale = UNITS[v["unit"]]
    arms = simulate(rng, v["model"], v["ns"], v["follow"], scale)
    labels = labels_for(i, m)
    if v["draw"] == "report":
        report(i, v, arms, labels)
        return
    tmax = max(float(t.max()) for t, _ in arms) if v["xcut"] is None else float(v["xcut"])
    ticks = np.arange(0, tmax + 1e-9, v["step"])
    if ticks[-1] < tmax - 1e-9 and v["xcut"] is None:
        ticks = np.append(ticks, ticks[-1] + v["step"])
    plt.rcParams.update({"font.family": v["font"], "font.size": v["size"]})
    colors = v["pal"] or ("black",) * m
    styles = ["-", "--", ":"] if v["pal"] is None else ["-"] * m
    ysc = 100.0 if v["pct"] else 1.0
    lifelines = v["draw"] == "lifelines"
    n_rows = (3 if v.get("rows") is None else 1) * m + (m if lifelines and v.get("rows") is None else 0)
    fig, ax = plt.subplots(figsize=(6.6 + 0.3 * (i % 3), 4.5 + 0.17 * n_rows))
    fitters = []
    for k, ((t, e), lab) in enumerate(zip(arms, labels)):
        if lifelines:
            kmf = KaplanMeierFitter(label=lab).fit(t, e)
            kmf.plot_survival_function(ax=ax, color=colors[k], ls=styles[k], lw=1.4 + 0.2 * (i % 2),
                                       ci_show=v["ci"], show_censors=kmf.event_table.censored.sum() < 500,
                                       censor_styles={"ms": 4 + (i % 3), "marker": "+|"[i % 2]})
            fitters.append(kmf)
        else:
            km = kaplan_meier(t, e)
            tt = np.concatenate([[0.0], km.time])
            ss = np.concatenate([[1.0], km.survival]) * ysc
            ax.step(tt, ss, where="post", color=colors[k], ls=styles[k], lw=1.6, label=lab)
            cens = km.n_censored > 0
            ax.plot(km.time[cens], km.survival[cens] * ysc, ls="none", marker="|+"[i % 2], ms=5, mew=0.9,
                    color=colors[k])
    if lifelines and v["pct"]:  # lifelines draws proportions: the tick labels say percent
        ax.yaxis.set_major_formatter(PercentFormatter(xmax=1.0, decimals=0))
    elif v["pct"]:
        ax.yaxis.set_major_formatter(PercentFormatter(xmax=100.0, decimals=0))
    ax.set_xlim(0, ticks[-1])
    ax.set_xticks(ticks)
    ax.set_xticklabels([f"{x:g}" for x in ticks])
    top = 1.02 * (1.0 if lifelines else ysc)
    # a y axis starting above 0 is drawn when every curve stays above it (over the x range shown)
    lowest = min(float(kaplan_meier(t, e).survival[kaplan_meier(t, e).time <= ticks[-1]].min()) for t, e in arms)
    ymin = min(v["ymin"], np.floor(10 * lowest) / 10)
    ax.set_ylim(ymin * (1.0 if lifelines else ysc), top)
    ax.set_xlabel(["Months", f"Time from randomization ({v['unit']})", f"Follow-up ({v['unit']})"][i % 3]
                  if v["unit"] == "months" else f"Time from randomization ({v['unit']})")
    ax.set_ylabel(["Probability of survival", "Progression-free survival", "Event-free survival"][i % 3]
                  + (" (%)" if v["pct"] else ""))
    ax.legend(loc="upper right", frameon=(i % 2 == 0))
    if lifelines:
        kw = {} if v["rows"] is None else {"rows_to_show": v["rows"]}
        add_at_risk_counts(*fitters, ax=ax, xticks=list(ticks), **kw)
        fig.tight_layout()
    else:  # the numbers at risk as text under the axes, labels at the left in the arm's colour
        y0 = -0.24
        ax.text(0.0, y0, "Number at risk", transform=ax.transAxes, ha="left", weight="bold", fontsize=v["size"])
        for k, ((t, e), lab) in enumerate(zip(arms, labels)):
            nr = np.atleast_1d(kaplan_meier(t, e).n_at_risk_at(ticks)).astype(int)
            y = y0 - 0.07 * (k + 1)
            ax.text(-0.04, y, lab, transform=ax.transAxes, ha="right", color=colors[k], fontsize=v["size"])
            for x, val in zip(ticks, nr):
                ax.text(x, y, str(val), transform=ax.get_xaxis_transform(), ha="center",
                        color=colors[k] if i % 2 else "black", fontsize=v["size"])
        width = fig.get_size_inches()[0]  # room at the left for the longest row label
        left = 0.06 + (0.55 * v["size"] / 72 * max(len(lab) for lab in labels) + 0.35) / width
        fig.subplots_adjust(left=max(0.2, left), right=0.95, top=0.96, bottom=0.28 + 0.04 * m)
    name = f"h4_py_{i:02d}_{v['model']}"
    kw = {"pil_kwargs": {"quality": 75}} if v["ext"] == "jpg" else {}
    fig.savefig(OUT / f"{name}.{v['ext']}", dpi=v["dpi"], **kw)
    plt.close(fig)
    plt.rcdefaults()
    save_truth(name, arms, labels, ticks, "lifelines" if lifelines else "matplotlib")


def main() -> None:
    rng = np.random.default_rng(44044044)
    for i, v in enumerate(VARIATIONS):
        figure(i, v, rng)


if __name__ == "__main__":
    main()
