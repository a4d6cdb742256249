"""A third held-out set of Kaplan-Meier test figures ("held_out_3", names h3_py_*), drawn from patient data
simulated with their own seeds (Gompertz, log-normal, delayed-effect, cure-fraction, decreasing-hazard
Weibull and three-arm exponential models, small and large n).  Most are drawn by lifelines itself
(KaplanMeierFitter.plot_survival_function and lifelines.plotting.add_at_risk_counts, with its three-row
"At risk / Censored / Events" block or the "At risk" row alone), the rest by matplotlib with at-risk rows in
the axes' own coordinates; in fonts and sizes the earlier sets do not use (DejaVu Serif, Liberation Sans
Narrow, Liberation Serif), with percent axes, y limits above 0, unusual tick steps, titles and HR text in the
plot, three arms, 100-300 dpi and JPEG quality 75.  Needs lifelines (a generator-only dependency).
Run from the repository root:

    PYTHONPATH=src python tests/digitize/generate/gen_heldout3_py.py

Writes tests/digitize/figures/h3_py_<nn>_<model>.png|jpg, .csv (arm,time,status) and .json like gen_py.py.
The at-risk times written are the columns printed (the x ticks given to add_at_risk_counts).
"""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from lifelines import KaplanMeierFitter  # noqa: E402
from lifelines.plotting import add_at_risk_counts  # noqa: E402
from matplotlib.ticker import PercentFormatter  # noqa: E402

from gen_py import censored_arms, save_truth  # noqa: E402  (the truth files are written as for the first sets)
from trialscout import cox_ph, kaplan_meier  # noqa: E402

OUT = Path("tests/digitize/figures")


def draw(rng, model: str, n: int, k: int) -> np.ndarray:
    """Event times of arm k (0, 1, 2) under `model`, in months."""
    if model == "gompertz":  # hazard b * exp(c t)
        b, c = [(0.02, 0.06), (0.012, 0.06), (0.008, 0.07)][k]
        return np.log1p(-c / b * np.log(rng.random(n))) / c
    if model == "lognormal":
        return rng.lognormal([2.2, 2.6, 2.9][k], [1.1, 0.9, 0.8][k], n)
    if model == "delayed":  # the same hazard for 4 months, then the treated arm's falls
        t = rng.exponential(14.0, n)
        if k:
            late = t > 4
            t[late] = 4 + rng.exponential(14.0 * [1, 2.0, 2.6][k], int(late.sum()))
        return t
    if model == "cure":
        return np.where(rng.random(n) < [0.2, 0.38, 0.5][k], np.inf, rng.exponential([7, 9, 12][k], n))
    if model == "weibull":  # decreasing hazard
        return rng.weibull(0.65, n) * [11, 19, 27][k]
    return rng.exponential([9, 14, 21][k], n)


def simulate(rng, model, ns, follow, scale):
    return censored_arms(rng, lambda n, k: draw(rng, model, n, k), ns, follow, scale)


UNITS = {"days": 30.4375, "weeks": 4.348, "months": 1.0, "years": 1 / 12}
# model, n per arm, follow-up (months), unit, tick step (in the unit), drawer ("lifelines" with rows, or
# "mpl"), palette (None: black with line styles), font, font size, percent axis, y floor, title / HR text,
# dpi, file type
VARIATIONS = [
    dict(model="gompertz", ns=(140, 150), follow=(12, 48), unit="months", step=9, draw="lifelines",
         rows=["At risk", "Censored", "Events"], pal=("#1f77b4", "#ff7f0e"), font="DejaVu Serif", size=9,
         pct=False, ymin=0.0, title=True, hr=True, dpi=150, ext="png"),
    dict(model="lognormal", ns=(60, 55), follow=(20, 60), unit="days", step=270, draw="lifelines",
         rows=["At risk"], pal=("#2ca02c", "#d62728"), font="Liberation Sans Narrow", size=11, pct=True,
         ymin=0.0, title=False, hr=False, dpi=120, ext="jpg"),
    dict(model="delayed", ns=(320, 330), follow=(18, 42), unit="months", step=6, draw="lifelines",
         rows=["At risk"], pal=("#4D4D4D", "#B2182B"), font="Liberation Serif", size=10, pct=False,
         ymin=0.0, title=True, hr=True, dpi=200, ext="png"),
    dict(model="cure", ns=(80, 85, 90), follow=(24, 84), unit="years", step=1, draw="lifelines",
         rows=["At risk"], pal=("#7570B3", "#E7298A", "#66A61E"), font="DejaVu Sans", size=8, pct=False,
         ymin=0.0, title=False, hr=False, dpi=160, ext="png"),
    dict(model="weibull", ns=(45, 40), follow=(10, 40), unit="weeks", step=20, draw="lifelines",
         rows=["At risk", "Censored", "Events"], pal=None, font="Liberation Sans Narrow", size=10, pct=False,
         ymin=0.0, title=False, hr=True, dpi=100, ext="png"),
    dict(model="exp", ns=(200, 190, 210), follow=(6, 36), unit="months", step=4, draw="lifelines",
         rows=["At risk"], pal=("#E41A1C", "#377EB8", "#4DAF4A"), font="DejaVu Serif", size=8.5, pct=True,
         ymin=0.0, title=True, hr=False, dpi=130, ext="jpg"),
    dict(model="gompertz", ns=(900, 880), follow=(24, 60), unit="years", step=0.5, draw="lifelines",
         rows=["At risk"], pal=("#0072B2", "#D55E00"), font="Liberation Serif", size=11, pct=False,
         ymin=0.4, title=False, hr=True, dpi=150, ext="png"),
    dict(model="cure", ns=(120, 125), follow=(30, 90), unit="months", step=15, draw="lifelines",
         rows=["At risk", "Censored", "Events"], pal=("#984EA3", "#FF7F00"), font="DejaVu Sans", size=7.5,
         pct=True, ymin=0.2, title=True, hr=False, dpi=300, ext="jpg"),
    dict(model="lognormal", ns=(100, 95, 105), follow=(12, 48), unit="months", step=8, draw="mpl",
         pal=None, font="DejaVu Serif", size=9, pct=True, ymin=0.0, title=False, hr=False, dpi=150, ext="png"),
    dict(model="delayed", ns=(500, 480), follow=(12, 36), unit="days", step=150, draw="mpl",
         pal=("#1B7837", "#762A83"), font="Liberation Sans Narrow", size=10.5, pct=False, ymin=0.0, title=True,
         hr=True, dpi=110, ext="jpg"),
    dict(model="weibull", ns=(70, 75), follow=(18, 54), unit="years", step=0.5, draw="mpl",
         pal=("#A50F15", "#08519C"), font="Liberation Serif", size=9.5, pct=False, ymin=0.3, title=False,
         hr=True, dpi=250, ext="png"),
    dict(model="exp", ns=(35, 30), follow=(10, 30), unit="weeks", step=15, draw="mpl", pal=("black", "#E08214"),
         font="DejaVu Sans", size=8, pct=True, ymin=0.0, title=True, hr=False, dpi=180, ext="png"),
    dict(model="gompertz", ns=(250, 240, 260), follow=(18, 54), unit="months", step=10, draw="lifelines",
         rows=["At risk", "Censored", "Events"], pal=("#1f77b4", "#ff7f0e", "#2ca02c"), font="Liberation Serif",
         size=8, pct=False, ymin=0.0, title=False, hr=False, dpi=140, ext="png"),
]
LABELS = [("Control", "Experimental"), ("Usual care", "Intervention"), ("Placebo", "Drug"),
          ("Arm 1", "Arm 2"), ("Observation", "Treatment")]
LABELS3 = [("Placebo", "10 mg", "20 mg"), ("Group A", "Group B", "Group C"), ("None", "Partial", "Full")]


def hr_text(arms) -> str:
    t = np.concatenate([arms[0][0], arms[1][0]])
    e = np.concatenate([arms[0][1], arms[1][1]])
    x = np.concatenate([np.zeros(arms[0][0].size), np.ones(arms[1][0].size)])
    h = cox_ph(t, e, x[:, None]).hazard_ratio()
    return f"HR {h.value:.2f} (95% CI {h.lower:.2f}-{h.upper:.2f})"


def figure(i: int, v: dict, rng) -> None:
    m = len(v["ns"])
    scale = UNITS[v["unit"]]
    arms = simulate(rng, v["model"], v["ns"], v["follow"], scale)
    labels = list((LABELS3 if m == 3 else LABELS)[i % (3 if m == 3 else 5)])
    tmax = max(float(t.max()) for t, _ in arms)
    ticks = np.arange(0, tmax + 1e-9, v["step"])
    if ticks[-1] < tmax:
        ticks = np.append(ticks, ticks[-1] + v["step"])
    plt.rcParams.update({"font.family": v["font"], "font.size": v["size"]})
    colors = v["pal"] or ("black",) * m
    styles = ["-", "--", ":"] if v["pal"] is None else ["-"] * m
    ysc = 100.0 if v["pct"] else 1.0
    lifelines = v["draw"] == "lifelines"
    n_rows = len(v.get("rows", ["At risk"])) * m + (m if lifelines and len(v["rows"]) > 1 else 0)
    fig, ax = plt.subplots(figsize=(6.4 + 0.3 * (i % 3), 4.6 + 0.17 * n_rows))
    fitters = []
    for k, ((t, e), lab) in enumerate(zip(arms, labels)):
        if lifelines:
            kmf = KaplanMeierFitter(label=lab).fit(t, e)
            kmf.plot_survival_function(ax=ax, color=colors[k], ls=styles[k], lw=1.5, ci_show=(i % 2 == 0),
                                       show_censors=kmf.event_table.censored.sum() < 600,
                                       censor_styles={"ms": 5, "marker": "|+"[i % 2]})
            fitters.append(kmf)
        else:
            km = kaplan_meier(t, e)
            tt = np.concatenate([[0.0], km.time])
            ss = np.concatenate([[1.0], km.survival]) * ysc
            ax.step(tt, ss, where="post", color=colors[k], ls=styles[k], lw=1.7, label=lab)
            cens = km.n_censored > 0
            ax.plot(km.time[cens], km.survival[cens] * ysc, ls="none", marker="|+x"[i % 3], ms=5, mew=0.9,
                    color=colors[k])
    if lifelines and v["pct"]:  # lifelines draws proportions: the tick labels say percent
        ax.yaxis.set_major_formatter(PercentFormatter(xmax=1.0, decimals=0))
    elif v["pct"]:
        ax.yaxis.set_major_formatter(PercentFormatter(xmax=100.0, decimals=0))
    ax.set_xlim(0, ticks[-1])
    ax.set_xticks(ticks)
    ax.set_xticklabels([f"{x:g}" for x in ticks])
    top = 1.02 * (1.0 if lifelines else ysc)
    # a y axis starting above 0 is drawn when every curve stays above it, as published figures do
    lowest = min(float(kaplan_meier(t, e).survival.min()) for t, e in arms)
    ymin = min(v["ymin"], np.floor(10 * lowest) / 10)
    ax.set_ylim(ymin * (1.0 if lifelines else ysc), top)
    ax.set_xlabel(f"Time since enrolment ({v['unit']})")
    ax.set_ylabel("Overall survival" + (" (%)" if v["pct"] and i % 2 else ""))
    ax.legend(loc="upper right" if v["model"] != "cure" else "lower left", frameon=(i % 2 == 1))
    if v["title"]:
        ax.set_title(["Kaplan-Meier curves", "Overall survival by arm", "Time to death"][i % 3],
                     fontsize=v["size"] + 2)
    if v["hr"]:
        ax.text(0.03, 0.06 if v["model"] != "cure" else 0.5, hr_text(arms), transform=ax.transAxes,
                fontsize=v["size"])
    if lifelines:
        add_at_risk_counts(*fitters, ax=ax, rows_to_show=v["rows"], xticks=list(ticks))
    else:  # rows under the axes, labels at the left, coloured like the curves
        y0 = -0.22
        ax.text(-0.06, y0, "Number at risk", transform=ax.transAxes, ha="right", weight="bold",
                fontsize=v["size"])
        for k, ((t, e), lab) in enumerate(zip(arms, labels)):
            nr = np.atleast_1d(kaplan_meier(t, e).n_at_risk_at(ticks)).astype(int)
            y = y0 - 0.065 * (k + 1)
            ax.text(-0.06, y, lab, transform=ax.transAxes, ha="right", color=colors[k], fontsize=v["size"])
            for x, val in zip(ticks, nr):
                ax.text(x, y, str(val), transform=ax.get_xaxis_transform(), ha="center", color=colors[k],
                        fontsize=v["size"])
    if lifelines:
        fig.tight_layout()
    else:  # room at the left for the row labels and under the axes for the rows
        fig.subplots_adjust(left=0.26, right=0.96, top=0.92 if v["title"] else 0.96, bottom=0.27 + 0.035 * m)
    name = f"h3_py_{i:02d}_{v['model']}"
    kw = {"pil_kwargs": {"quality": 75}} if v["ext"] == "jpg" else {}
    fig.savefig(OUT / f"{name}.{v['ext']}", dpi=v["dpi"], **kw)
    plt.close(fig)
    plt.rcdefaults()
    save_truth(name, arms, labels, ticks, "lifelines" if lifelines else "matplotlib")


def main() -> None:
    rng = np.random.default_rng(31415926)
    for i, v in enumerate(VARIATIONS):
        figure(i, v, rng)


if __name__ == "__main__":
    main()
