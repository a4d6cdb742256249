"""A fifth held-out set of Kaplan-Meier test figures ("held_out_5", names h5_py_*), drawn from patient data
simulated with their own seeds in realistic trial shapes (2-4 arms of 80-600 patients; Weibull hazards falling
(shape < 1) and rising (shape > 1), piecewise hazards, an early drop, long plateaus, crossing curves, heavy
censoring).  Drawers: lifelines (KaplanMeierFitter.plot_survival_function with
lifelines.plotting.add_at_risk_counts in its default layout and with rows_to_show=["At risk"], with and
without CI bands), matplotlib ax.step plots with fill_between CI bands, grid styles (a light grid, a
grey panel with white grid lines), and the at-risk table either as text under the axes or in a separate axis
below, and trialscout's own KM figure (trialscout.report.figures.km_figure); figure widths from narrow to
wide, 72-300 dpi, PNG and JPEG quality 60-85.  Needs lifelines (a generator-only dependency).  Run from the
repository root:

    PYTHONPATH=src:<lifelines folder> python tests/digitize/generate/gen_heldout5_py.py

Writes tests/digitize/figures/h5_py_<nn>_<model>.png|jpg, .csv (arm,time,status) and .json like gen_py.py.
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
    """Event times of arm k (0-3) under `model`, in months."""
    if model == "wdec":  # Weibull, a falling hazard
        return rng.weibull(0.65, n) * [14, 24, 36, 50][k]
    if model == "winc":  # Weibull, a rising hazard
        return rng.weibull(2.2, n) * [12, 16, 21, 27][k]
    if model == "piecewise":  # a high hazard for the first year, lower afterwards; the treated arms gain late
        t = rng.exponential(9.0, n)
        late = t > 12
        t[late] = 12 + rng.exponential([14, 26, 34, 40][k], int(late.sum()))
        return t
    if model == "drop":  # an early drop within 2 months, then a slow decline
        early = rng.random(n) < [0.22, 0.12, 0.08, 0.05][k]
        return np.where(early, rng.uniform(0, 2, n), rng.exponential([60, 70, 85, 95][k], n))
    if model == "plateau":
        return np.where(rng.random(n) < [0.4, 0.55, 0.62, 0.7][k], np.inf, rng.exponential([7, 8, 9, 10][k], n))
    if model == "cross":  # arm 1 better early, arm 0 better late
        return rng.weibull(0.7, n) * 25 if k == 0 else rng.weibull(1.9, n) * [0, 21, 26, 30][k]
    return rng.exponential([9, 13, 18, 24][k], n)


UNITS = {"days": 30.4375, "weeks": 4.348, "months": 1.0, "years": 1 / 12}
# model, n per arm, follow-up (months; a low first bound gives heavy censoring), unit, tick step, drawer
# ("lifelines" with its rows, "mpl" with the table as "text" or an "axis", or "report"), palette (None: black
# with line styles), font, font size, CI, percent axis, y floor, last x tick shown (None: the whole follow-up),
# grid ("none", "light", "panel"), width in inches, dpi, file type, JPEG quality
VARIATIONS = [
    dict(model="wdec", ns=(300, 310), follow=(12, 60), unit="months", step=12, draw="lifelines", rows=None,
         pal=("#BC3C29", "#0072B5"), font="DejaVu Sans", size=10, ci=True, pct=False, ymin=0.0, xcut=None,
         grid="none", w=7.4, dpi=140, ext="png"),
    dict(model="winc", ns=(180, 175, 185), follow=(18, 36), unit="months", step=3, draw="lifelines", rows=None,
         pal=("#E18727", "#20854E", "#7876B1"), font="Liberation Sans", size=8, ci=False, pct=False, ymin=0.0,
         xcut=None, grid="light", w=8.5, dpi=110, ext="jpg", q=65),
    dict(model="piecewise", ns=(450, 440), follow=(24, 72), unit="years", step=1, draw="lifelines", rows=None,
         pal=None, font="Liberation Serif", size=10, ci=False, pct=True, ymin=0.0, xcut=None, grid="none",
         w=6.4, dpi=200, ext="png"),
    dict(model="drop", ns=(120, 125), follow=(6, 60), unit="days", step=365, draw="lifelines", rows=["At risk"],
         pal=("#1F77B4", "#D62728"), font="DejaVu Sans", size=9, ci=True, pct=False, ymin=0.5, xcut=None,
         grid="light", w=6.0, dpi=160, ext="png"),
    dict(model="plateau", ns=(560, 570), follow=(30, 96), unit="months", step=24, draw="lifelines",
         rows=["At risk"], pal=("#2B8CBE", "#A6BDDB"), font="DejaVu Serif", size=11, ci=True, pct=True, ymin=0.2,
         xcut=None, grid="none", w=7.0, dpi=72, ext="png"),
    dict(model="cross", ns=(250, 245), follow=(12, 48), unit="months", step=6, draw="lifelines",
         rows=["At risk"], pal=("#000000", "#E69F00"), font="Liberation Sans Narrow", size=10, ci=False,
         pct=False, ymin=0.0, xcut=36, grid="panel", w=7.8, dpi=120, ext="jpg", q=80),
    dict(model="exp", ns=(95, 90, 100, 85), follow=(4, 40), unit="months", step=6, draw="lifelines", rows=None,
         pal=("#1B9E77", "#D95F02", "#7570B3", "#E7298A"), font="DejaVu Sans", size=7.5, ci=False, pct=False,
         ymin=0.0, xcut=None, grid="none", w=7.2, dpi=180, ext="png"),
    dict(model="wdec", ns=(350, 340), follow=(10, 48), unit="months", step=6, draw="mpl", table="axis",
         pal=("#3B4992", "#EE0000"), font="DejaVu Sans", size=9, ci=True, pct=False, ymin=0.0, xcut=None,
         grid="light", w=6.8, dpi=150, ext="png"),
    dict(model="winc", ns=(140, 150), follow=(20, 40), unit="weeks", step=26, draw="mpl", table="text",
         pal=("#555555", "#AAAAAA"), font="Liberation Serif", size=10, ci=False, pct=True, ymin=0.0, xcut=None,
         grid="none", w=5.4, dpi=220, ext="png"),
    dict(model="piecewise", ns=(220, 230, 215), follow=(18, 60), unit="months", step=12, draw="mpl", table="axis",
         pal=("#66C2A5", "#FC8D62", "#8DA0CB"), font="DejaVu Sans", size=10, ci=False, pct=False, ymin=0.0,
         xcut=None, grid="panel", w=8.8, dpi=100, ext="jpg", q=70),
    dict(model="drop", ns=(500, 510), follow=(24, 84), unit="years", step=1, draw="mpl", table="text",
         pal=("#006837", "#78C679"), font="DejaVu Serif", size=9, ci=True, pct=True, ymin=0.5, xcut=None,
         grid="light", w=7.0, dpi=300, ext="jpg", q=85),
    dict(model="cross", ns=(110, 105), follow=(3, 36), unit="months", step=4, draw="mpl", table="axis",
         pal=("#984EA3", "#FF7F00"), font="Liberation Sans", size=11, ci=False, pct=False, ymin=0.0, xcut=28,
         grid="none", w=6.2, dpi=130, ext="png"),
    dict(model="plateau", ns=(260, 270, 255), follow=(36, 100), unit="months", step=12, draw="mpl", table="text",
         pal=None, font="DejaVu Sans", size=8.5, ci=False, pct=False, ymin=0.3, xcut=None, grid="light", w=7.6,
         dpi=90, ext="png"),
    dict(model="wdec", ns=(200, 195), follow=(12, 54), unit="months", draw="report", pal=("#0072B5", "#BC3C29"),
         ci=True, dpi=200, ext="png"),
    dict(model="exp", ns=(330, 340, 320), follow=(6, 36), unit="weeks", draw="report", pal=None, ci=False,
         dpi=120, ext="jpg", q=60),
]
LABELS = [("Placebo", "Study drug"), ("Usual care", "Usual care + exercise programme"),
          ("Watch and wait", "Early treatment"), ("Comparator", "Investigational regimen"), ("Group 1", "Group 2")]
LABELS3 = [("10 mg", "20 mg", "40 mg"), ("Low score", "Middle score", "High score"),
           ("Lobectomy", "Segmentectomy", "Wedge resection")]
LABELS4 = [("Quartile 1", "Quartile 2", "Quartile 3", "Quartile 4")]


def labels_for(i: int, m: int) -> list:
    pool = {2: LABELS, 3: LABELS3, 4: LABELS4}[m]
    return list(pool[i % len(pool)])


def save(fig, name: str, v: dict) -> None:
    kw = {"pil_kwargs": {"quality": v.get("q", 75)}} if v["ext"] == "jpg" else {}
    fig.savefig(OUT / f"{name}.{v['ext']}", dpi=v["dpi"], **kw)
    plt.close(fig)


def report(i: int, v: dict, arms, labels) -> None:
    kms = [kaplan_meier(t, e) for t, e in arms]
    result = types.SimpleNamespace(
        arms=[types.SimpleNamespace(km=km) for km in kms], comparison=None,
        endpoint=types.SimpleNamespace(label=["Overall survival", "Disease-free survival"][i % 2], weighting="none"))
    fig = km_figure(result, labels, time_unit=v["unit"], show_ci=v["ci"], colors=v["pal"],
                    width=6.0 + 1.2 * (i % 2))
    name = f"h5_py_{i:02d}_{v['model']}"
    save(fig, name, v)
    ticks = nice_ticks(max(float(t.max()) for t, _ in arms))
    save_truth(name, arms, labels, ticks, "report")


def style_grid(ax, grid: str) -> None:
    if grid == "light":
        ax.grid(True, color="#DDDDDD", lw=0.7)
        ax.set_axisbelow(True)
    elif grid == "panel":  # a grey panel with white grid lines and no frame
        ax.set_facecolor("#EAEAF2")
        ax.grid(True, color="white", lw=1.0)
        ax.set_axisbelow(True)
        for s in ax.spines.values():
            s.set_visible(False)


def figure(i: int, v: dict, rng) -> None:
    m = len(v["ns"])
    arms = censored_arms(rng, lambda n, k: draw(rng, v["model"], n, k), v["ns"], v["follow"], UNITS[v["unit"]])
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
    styles = ["-", "--", ":", "-."] if v["pal"] is None else ["-"] * m
    ysc = 100.0 if v["pct"] else 1.0
    lifelines = v["draw"] == "lifelines"
    on_axis = v.get("table") == "axis"
    if on_axis:  # the table in its own axis below the curves
        fig, (ax, tab) = plt.subplots(2, 1, figsize=(v["w"], 4.6 + 0.25 * m), sharex=True,
                                      gridspec_kw={"height_ratios": [4.2, 0.5 + 0.3 * m], "hspace": 0.32})
    else:
        n_rows = ((3 if v.get("rows") is None else 1) * m + (m if v.get("rows") is None else 0)) if lifelines else m
        fig, ax = plt.subplots(figsize=(v["w"], 4.4 + 0.17 * n_rows))
    style_grid(ax, v["grid"])
    fitters = []
    for k, ((t, e), lab) in enumerate(zip(arms, labels)):
        if lifelines:
            kmf = KaplanMeierFitter(label=lab).fit(t, e)
            kmf.plot_survival_function(ax=ax, color=colors[k], ls=styles[k], lw=1.3 + 0.3 * (i % 2),
                                       ci_show=v["ci"], show_censors=kmf.event_table.censored.sum() < 400,
                                       censor_styles={"ms": 4 + (i % 3), "marker": "|+"[i % 2]})
            fitters.append(kmf)
        else:
            km = kaplan_meier(t, e)
            tt = np.concatenate([[0.0], km.time])
            ss = np.concatenate([[1.0], km.survival]) * ysc
            if v["ci"]:
                lo = np.concatenate([[1.0], km.lower]) * ysc
                hi = np.concatenate([[1.0], km.upper]) * ysc
                ax.fill_between(tt, lo, hi, step="post", color=colors[k], alpha=0.18, lw=0)
            ax.step(tt, ss, where="post", color=colors[k], ls=styles[k], lw=1.5, label=lab)
            cens = km.n_censored > 0
            if cens.sum() < 400:
                ax.plot(km.time[cens], km.survival[cens] * ysc, ls="none", marker="|+"[i % 2], ms=5, mew=0.9,
                        color=colors[k])
    if lifelines and v["pct"]:  # lifelines draws proportions: the tick labels say percent
        ax.yaxis.set_major_formatter(PercentFormatter(xmax=1.0, decimals=0))
    elif v["pct"]:
        ax.yaxis.set_major_formatter(PercentFormatter(xmax=100.0, decimals=0))
    ax.set_xlim(0, ticks[-1])
    ax.set_xticks(ticks)
    ax.set_xticklabels([f"{x:g}" for x in ticks])
    top = 1.03 * (1.0 if lifelines else ysc)
    # a y axis starting above 0 is drawn when every curve stays above it (over the x range shown)
    lowest = min(float(kaplan_meier(t, e).survival[kaplan_meier(t, e).time <= ticks[-1]].min()) for t, e in arms)
    ymin = min(v["ymin"], np.floor(10 * lowest) / 10)
    ax.set_ylim(ymin * (1.0 if lifelines else ysc), top)
    xlabel = [f"Time since randomisation ({v['unit']})", f"{v['unit'].capitalize()}",
              f"Time to event, {v['unit']}"][i % 3]
    ax.set_ylabel(["Overall survival", "Probability without progression", "Survival probability"][i % 3]
                  + (" (%)" if v["pct"] else ""))
    ax.legend(loc=["upper right", "lower left", "best"][i % 3], frameon=(i % 2 == 1), fontsize=v["size"] * 0.95)
    if lifelines:
        ax.set_xlabel(xlabel)
        kw = {} if v["rows"] is None else {"rows_to_show": v["rows"]}
        add_at_risk_counts(*fitters, ax=ax, xticks=list(ticks), **kw)
        fig.tight_layout()
    elif on_axis:
        tab.set_xlabel(xlabel)
        ax.tick_params(labelbottom=True)
        for s in ("top", "right", "left"):
            tab.spines[s].set_visible(False)
        tab.set_ylim(-0.5, m - 0.5)
        tab.set_yticks(range(m))
        tab.set_yticklabels(list(reversed(labels)))
        for lab_t, col in zip(tab.get_yticklabels(), reversed(colors)):
            lab_t.set_color(col)
        tab.tick_params(axis="y", length=0, pad=2.5 * v["size"])  # clear of the first column
        tab.set_title("No. at risk", loc="left", fontsize=v["size"], weight="bold")
        for k, (t, e) in enumerate(arms):
            nr = np.atleast_1d(kaplan_meier(t, e).n_at_risk_at(ticks)).astype(int)
            for x, val in zip(ticks, nr):
                tab.text(x, m - 1 - k, str(val), ha="center", va="center", fontsize=v["size"])
        width = fig.get_size_inches()[0]  # room at the left for the longest row label
        left = 0.08 + (0.5 * v["size"] / 72 * max(len(lab) for lab in labels) + 0.25) / width
        fig.subplots_adjust(left=max(0.14, left), right=0.96, top=0.96, bottom=0.1)
    else:  # the numbers at risk as text under the axes, labels at the left
        ax.set_xlabel(xlabel)
        y0 = -0.25
        ax.text(-0.02, y0, "Patients at risk", transform=ax.transAxes, ha="right", style="italic",
                fontsize=v["size"])
        for k, ((t, e), lab) in enumerate(zip(arms, labels)):
            nr = np.atleast_1d(kaplan_meier(t, e).n_at_risk_at(ticks)).astype(int)
            y = y0 - 0.075 * (k + 1)
            ax.text(-0.08, y, lab, transform=ax.transAxes, ha="right", color=colors[k], fontsize=v["size"])
            for x, val in zip(ticks, nr):
                ax.text(x, y, str(val), transform=ax.get_xaxis_transform(), ha="center",
                        color=colors[k], fontsize=v["size"])
        width = fig.get_size_inches()[0]  # room at the left for the longest row label
        left = 0.1 + (0.5 * v["size"] / 72 * max(len(lab) for lab in labels) + 0.2) / width
        fig.subplots_adjust(left=max(0.2, left), right=0.96, top=0.96, bottom=0.25 + 0.03 * m)
    name = f"h5_py_{i:02d}_{v['model']}"
    save(fig, name, v)
    plt.rcdefaults()
    save_truth(name, arms, labels, ticks, "lifelines" if lifelines else "matplotlib")


def main() -> None:
    rng = np.random.default_rng(55055055)
    for i, v in enumerate(VARIATIONS):
        figure(i, v, rng)


if __name__ == "__main__":
    main()
