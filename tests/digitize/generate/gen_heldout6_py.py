"""A sixth held-out set of Kaplan-Meier test figures ("held_out_6", names h6_py_*), drawn from patient data
simulated with their own seed and with event-time models none of the earlier Python sets draws: log-logistic
(a hazard rising then falling), gamma, Gompertz (a hazard growing exponentially), a delayed treatment effect
(the curves together for the first months, apart later), a two-component mixture (an early-failing share and a
slow majority) and a cure fraction over a Weibull; 2-4 arms of 70-800 patients.
Drawers: lifelines (KaplanMeierFitter.plot_survival_function with lifelines.plotting.add_at_risk_counts, its
rows "At risk" with "Censored" or "Events", or all three) and matplotlib ax.step plots, under matplotlib
styles the earlier sets do not use (seaborn-v0_8-darkgrid, fivethirtyeight, grayscale, classic,
tableau-colorblind10, Solarize_Light2, seaborn-v0_8-white, seaborn-v0_8-paper) and fonts they do not use
(STIX, DejaVu Sans Condensed and Mono, Nimbus Sans, P052, C059, Bitstream Vera Sans where installed); a title
and a hazard-ratio text inside the plot, legends outside at the right, above the plot in one row or at the
lower left; at-risk tables with the numbers in the arms' colours or in black, as text under the axes or in an
axis of their own, with a header or without; censor marks "|", "+" and "x" or none; CI bands; percent and
proportion axes; x in days, weeks, months and years; 100-300 dpi, PNG and JPEG quality 75.
Needs lifelines (a generator-only dependency).  Run from the repository root:

    PYTHONPATH=src:<lifelines folder> python tests/digitize/generate/gen_heldout6_py.py

Writes tests/digitize/figures/h6_py_<nn>_<model>.png|jpg, .csv (arm,time,status) and .json like gen_py.py.
The at-risk times written are the columns printed (the x ticks of the figure).  Where an x limit cuts the
tail the patient data are still all written: the curve beyond the limit is not drawn.
"""

from __future__ import annotations

import glob
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from lifelines import KaplanMeierFitter  # noqa: E402
from lifelines.plotting import add_at_risk_counts  # noqa: E402
from matplotlib import font_manager  # noqa: E402
from matplotlib.ticker import PercentFormatter  # noqa: E402

from gen_py import censored_arms, save_truth  # noqa: E402  (the truth files are written as for the first sets)
from trialscout import cox_ph, kaplan_meier  # noqa: E402

OUT = Path("tests/digitize/figures")
# fonts of the system that matplotlib's cache may not list: added by file where they are installed
for _f in (glob.glob("/usr/share/fonts/opentype/urw-base35/*.otf")
           + glob.glob("/usr/share/fonts/truetype/ttf-bitstream-vera/*.ttf")):
    font_manager.fontManager.addfont(_f)


def draw(rng, model: str, n: int, k: int) -> np.ndarray:
    """Event times of arm k (0-3) under `model`, in months."""
    if model == "llogis":  # log-logistic: the hazard rises, then falls
        u = rng.random(n)
        return [11, 16, 22, 30][k] * (u / (1 - u)) ** (1 / 1.7)
    if model == "gamma":
        return rng.gamma(2.4, [4.5, 6.5, 8.5, 11.0][k], n)
    if model == "gompertz":  # hazard b * exp(c t)
        b, c = [0.030, 0.020, 0.014, 0.010][k], 0.035
        return np.log(1 - c / b * np.log(rng.random(n))) / c
    if model == "delayed":  # one hazard for the first 5 months; the treated arms' hazard falls after
        t = rng.exponential(14.0, n)
        late = t > 5
        t[late] = 5 + rng.exponential([14.0, 24.0, 30.0, 36.0][k], int(late.sum()))
        return t
    if model == "mix":  # an early-failing share (mean 2.5 months) and a slow majority
        early = rng.random(n) < [0.30, 0.18, 0.12, 0.08][k]
        return np.where(early, rng.exponential(2.5, n), rng.exponential([40, 48, 60, 75][k], n))
    if model == "wcure":  # a cured share, the others Weibull with a rising hazard
        cured = rng.random(n) < [0.25, 0.42, 0.5, 0.58][k]
        return np.where(cured, np.inf, rng.weibull(1.3, n) * [10, 12, 14, 16][k])
    raise ValueError(f"model {model!r}")


UNITS = {"days": 30.4375, "weeks": 4.348, "months": 1.0, "years": 1 / 12}
# model, n per arm, follow-up (months), unit, tick step, drawer ("lifelines" with its rows, or "mpl" with the
# table as "text" or "axis"), matplotlib style, palette (None: the style's own colours), font, font size, CI,
# percent axis, y floor, last x tick shown (None: the whole follow-up), censor mark ("" none), legend place
# ("in": matplotlib's loc, "right": outside at the right, "above": one row above the plot), title, HR text,
# table numbers in colour, width, height, dpi, file type
VARIATIONS = [
    dict(model="llogis", ns=(260, 255), follow=(14, 60), unit="months", step=12, draw="lifelines", rows=None,
         style="seaborn-v0_8-darkgrid", pal=None, font="DejaVu Sans", size=9, ci=True, pct=False, ymin=0.0,
         xcut=None, mark="|", legend="upper right", title=True, hr=True, w=7.0, h=6.2, dpi=100, ext="png"),
    dict(model="gamma", ns=(150, 160, 145), follow=(6, 30), unit="days", step=120, draw="lifelines",
         rows=["At risk", "Events"], style="default", pal=("#00A1D5", "#B24745", "#79AF97"), font="STIXGeneral",
         size=11, ci=False, pct=False, ymin=0.0, xcut=None, mark="+", legend="lower left", title=False, hr=False,
         w=7.6, h=6.0, dpi=250, ext="jpg"),
    dict(model="gompertz", ns=(380, 390), follow=(24, 84), unit="years", step=1, draw="lifelines",
         rows=["At risk", "Censored"], style="tableau-colorblind10", pal=None, font="Nimbus Sans", size=10,
         ci=True, pct=True, ymin=0.0, xcut=None, mark="", legend="lower left", title=True, hr=False, w=6.6,
         h=5.6, dpi=150, ext="png"),
    dict(model="delayed", ns=(300, 310), follow=(9, 40), unit="months", step=4, draw="lifelines",
         rows=["At risk"], style="default", pal=("#374E55", "#DF8F44"), font="DejaVu Sans Condensed", size=8,
         ci=False, pct=False, ymin=0.0, xcut=None, mark="|", legend="upper right", title=False, hr=True, w=5.0,
         h=4.4, dpi=300, ext="png"),
    dict(model="mix", ns=(110, 120, 115, 105), follow=(12, 60), unit="months", step=12, draw="lifelines",
         rows=["At risk"], style="seaborn-v0_8-white", pal=None, font="P052", size=10, ci=False, pct=False,
         ymin=0.0, xcut=None, mark="+", legend="right", title=False, hr=False, w=8.6, h=5.6, dpi=120, ext="jpg"),
    dict(model="wcure", ns=(420, 410), follow=(30, 90), unit="months", step=12, draw="lifelines", rows=None,
         style="Solarize_Light2", pal=None, font="DejaVu Sans", size=9, ci=True, pct=True, ymin=0.0, xcut=None,
         mark="|", legend="upper right", title=True, hr=True, w=7.2, h=6.6, dpi=140, ext="png"),
    dict(model="gamma", ns=(200, 205), follow=(8, 36), unit="weeks", step=13, draw="lifelines",
         rows=["At risk", "Censored"], style="grayscale", pal=None, font="C059", size=10, ci=False, pct=False,
         ymin=0.0, xcut=None, mark="+", legend="above", title=False, hr=False, w=6.8, h=5.4, dpi=180, ext="png"),
    dict(model="delayed", ns=(240, 245), follow=(12, 48), unit="days", step=180, draw="mpl", table="axis",
         style="default", pal=("#0C5DA5", "#FF2C00"), font="Nimbus Sans", size=10, ci=True, pct=False, ymin=0.0,
         xcut=None, mark="|", legend="right", title=True, hr=True, colour=False, header=True, w=8.8, h=5.6,
         dpi=130, ext="png"),
    dict(model="llogis", ns=(170, 180, 175), follow=(20, 72), unit="years", step=1, draw="mpl", table="text",
         style="seaborn-v0_8-paper", pal=("#1B9E77", "#D95F02", "#7570B3"), font="STIXGeneral", size=9, ci=True,
         pct=False, ymin=0.0, xcut=None, mark="x", legend="upper right", title=False, hr=False, colour=True,
         header=True, w=6.6, h=5.6, dpi=180, ext="png"),
    dict(model="wcure", ns=(280, 290), follow=(24, 72), unit="months", step=6, draw="mpl", table="axis",
         style="default", pal=("#6A51A3", "#EF3B2C"), font="DejaVu Sans", size=9, ci=False, pct=True, ymin=0.0,
         xcut=60, mark="+", legend="above", title=False, hr=True, colour=True, header=False, w=7.4, h=5.8,
         dpi=110, ext="jpg"),
    dict(model="mix", ns=(90, 85, 95, 80), follow=(10, 50), unit="months", step=6, draw="mpl", table="text",
         style="grayscale", pal=None, font="DejaVu Serif", size=9, ci=False, pct=False, ymin=0.0, xcut=48,
         mark="x", legend="lower left", title=True, hr=False, colour=False, header=True, w=7.0, h=6.0, dpi=140,
         ext="png"),
    dict(model="gompertz", ns=(520, 515), follow=(36, 100), unit="months", step=12, draw="mpl", table="axis",
         style="fivethirtyeight", pal=None, font="DejaVu Sans", size=10, ci=False, pct=False, ymin=0.3,
         xcut=None, mark="", legend="lower left", title=True, hr=True, colour=True, header=True, w=8.0, h=6.4,
         dpi=100, ext="png"),
    dict(model="llogis", ns=(75, 70), follow=(6, 42), unit="months", step=6, draw="mpl", table="text",
         style="classic", pal=("blue", "red"), font="DejaVu Sans", size=10, ci=False, pct=False, ymin=0.0,
         xcut=None, mark="+", legend="upper right", title=False, hr=True, colour=False, header=True, w=4.8,
         h=4.6, dpi=260, ext="png"),
    dict(model="gamma", ns=(160, 150, 155), follow=(10, 30), unit="weeks", step=12, draw="mpl", table="axis",
         style="seaborn-v0_8-darkgrid", pal=None, font="Bitstream Vera Sans", size=10, ci=True, pct=True,
         ymin=0.0, xcut=None, mark="|", legend="upper right", title=False, hr=False, colour=True, header=True,
         w=7.2, h=6.0, dpi=160, ext="jpg"),
    dict(model="delayed", ns=(800, 790), follow=(18, 60), unit="years", step=0.5, draw="mpl", table="text",
         style="tableau-colorblind10", pal=None, font="DejaVu Sans Mono", size=8, ci=False, pct=False, ymin=0.0,
         xcut=None, mark="", legend="right", title=True, hr=True, colour=True, header=False, w=8.4, h=5.0,
         dpi=200, ext="png"),
    dict(model="wcure", ns=(130, 135, 128, 140), follow=(20, 66), unit="days", step=365, draw="lifelines",
         rows=["At risk"], style="classic", pal=("black", "#E41A1C", "#377EB8", "#4DAF4A"), font="STIXGeneral",
         size=10, ci=False, pct=True, ymin=0.0, xcut=None, mark="|", legend="lower left", title=True, hr=False,
         w=7.8, h=6.4, dpi=110, ext="png"),
]
LABELS = [("Control", "Experimental"), ("Observation", "Adjuvant radiotherapy"), ("Standard dose", "High dose"),
          ("Arm A", "Arm B"), ("Open surgery", "Laparoscopic surgery"), ("No maintenance", "Maintenance")]
LABELS3 = [("Placebo", "Low dose", "High dose"), ("Grade 1", "Grade 2", "Grade 3"),
           ("Monotherapy", "Doublet", "Triplet")]
LABELS4 = [("Age < 50", "Age 50-64", "Age 65-74", "Age >= 75"), ("Cohort A", "Cohort B", "Cohort C", "Cohort D")]
TITLES = ["Overall survival", "Progression-free survival", "Event-free survival", "Relapse-free survival"]


def labels_for(i: int, m: int) -> list:
    pool = {2: LABELS, 3: LABELS3, 4: LABELS4}[m]
    return list(pool[i % len(pool)])


def save(fig, name: str, v: dict) -> None:
    kw = {"pil_kwargs": {"quality": 75}} if v["ext"] == "jpg" else {}
    fig.savefig(OUT / f"{name}.{v['ext']}", dpi=v["dpi"], **kw)
    plt.close(fig)


def hr_text(arms) -> str:
    """The hazard ratio of the second arm against the first (trialscout's Cox fit), as a figure prints it."""
    t = np.concatenate([arms[0][0], arms[1][0]])
    e = np.concatenate([arms[0][1], arms[1][1]])
    x = np.concatenate([np.zeros(arms[0][0].size), np.ones(arms[1][0].size)])
    hr = cox_ph(t, e, x[:, None]).hazard_ratio()
    return f"HR {hr.value:.2f} (95% CI {hr.lower:.2f}-{hr.upper:.2f})"


def place_legend(ax, v: dict, m: int) -> None:
    where = v["legend"]
    if where == "right":  # outside the axes at the right, the figure made room for it
        ax.legend(loc="center left", bbox_to_anchor=(1.01, 0.5), frameon=False, fontsize=v["size"])
    elif where == "above":  # one row above the plot
        ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=m, frameon=False, fontsize=v["size"])
    else:
        ax.legend(loc=where, fontsize=v["size"] * 0.9)


def figure(i: int, v: dict, rng) -> None:
    m = len(v["ns"])
    arms = censored_arms(rng, lambda n, k: draw(rng, v["model"], n, k), v["ns"], v["follow"], UNITS[v["unit"]])
    labels = labels_for(i, m)
    tmax = max(float(t.max()) for t, _ in arms) if v["xcut"] is None else float(v["xcut"])
    ticks = np.arange(0, tmax + 1e-9, v["step"])
    if ticks[-1] < tmax - 1e-9 and v["xcut"] is None:
        ticks = np.append(ticks, ticks[-1] + v["step"])
    plt.style.use("default")
    plt.style.use(v["style"])
    plt.rcParams.update({"font.family": v["font"], "font.size": v["size"], "axes.titlesize": v["size"] + 2,
                         "axes.labelsize": v["size"], "xtick.labelsize": v["size"], "ytick.labelsize": v["size"]})
    cycle = plt.rcParams["axes.prop_cycle"].by_key().get("color", ["black"])
    colors = list(v["pal"]) if v["pal"] is not None else [cycle[k % len(cycle)] for k in range(m)]
    styles = ["-", "--", "-.", ":"] if v["style"] == "grayscale" else ["-"] * m
    ysc = 100.0 if v["pct"] and v["draw"] == "mpl" else 1.0
    lifelines = v["draw"] == "lifelines"
    on_axis = v.get("table") == "axis"
    right = v["legend"] == "right"
    if on_axis:  # the table in its own axis below the curves
        fig, (ax, tab) = plt.subplots(2, 1, figsize=(v["w"], v["h"]), sharex=True,
                                      gridspec_kw={"height_ratios": [4.0, 0.55 + 0.3 * m], "hspace": 0.35})
    else:
        fig, ax = plt.subplots(figsize=(v["w"], v["h"]))
    fitters = []
    for k, ((t, e), lab) in enumerate(zip(arms, labels)):
        if lifelines:
            kmf = KaplanMeierFitter(label=lab).fit(t, e)
            kmf.plot_survival_function(ax=ax, color=colors[k], ls=styles[k], lw=1.6, ci_show=v["ci"],
                                       show_censors=bool(v["mark"]),
                                       censor_styles={"ms": 5, "marker": v["mark"] or "|"})
            fitters.append(kmf)
        else:
            km = kaplan_meier(t, e)
            tt = np.concatenate([[0.0], km.time])
            ss = np.concatenate([[1.0], km.survival]) * ysc
            if v["ci"]:
                lo = np.concatenate([[1.0], km.lower]) * ysc
                hi = np.concatenate([[1.0], km.upper]) * ysc
                ax.fill_between(tt, lo, hi, step="post", color=colors[k], alpha=0.15, lw=0)
            ax.step(tt, ss, where="post", color=colors[k], ls=styles[k], lw=1.8, label=lab)
            cens = km.n_censored > 0
            if v["mark"]:
                ax.plot(km.time[cens], km.survival[cens] * ysc, ls="none", marker=v["mark"], ms=5, mew=0.9,
                        color=colors[k])
    if v["pct"]:
        ax.yaxis.set_major_formatter(PercentFormatter(xmax=100.0 if ysc == 100 else 1.0, decimals=0))
    ax.set_xlim(0, ticks[-1])
    ax.set_xticks(ticks)
    ax.set_xticklabels([f"{x:g}" for x in ticks])
    # a y axis starting above 0 is drawn when every curve stays above it (over the x range shown)
    lowest = min(float(kaplan_meier(t, e).survival[kaplan_meier(t, e).time <= ticks[-1]].min()) for t, e in arms)
    ymin = min(v["ymin"], np.floor(10 * lowest) / 10)
    ax.set_ylim(ymin * ysc, 1.02 * ysc)
    xlabel = [f"Time from randomisation ({v['unit']})", f"{v['unit'].capitalize()} since surgery",
              f"Follow-up ({v['unit']})", f"{v['unit'].capitalize()}"][i % 4]
    ax.set_ylabel(["Survival probability", "Proportion event-free", "Patients alive", "Probability"][i % 4]
                  + (" (%)" if v["pct"] else ""))
    if v["title"]:
        ax.set_title(TITLES[i % len(TITLES)], loc=["center", "left"][i % 2], weight="bold")
    if v["hr"]:
        ax.text(0.97 if v["legend"] != "upper right" else 0.03, 0.05 if v["legend"] != "lower left" else 0.9,
                hr_text(arms), transform=ax.transAxes, ha="right" if v["legend"] != "upper right" else "left",
                fontsize=v["size"] * 0.95)
    place_legend(ax, v, m)
    if lifelines:
        ax.set_xlabel(xlabel)
        kw = {} if v["rows"] is None else {"rows_to_show": v["rows"]}
        add_at_risk_counts(*fitters, ax=ax, xticks=list(ticks), **kw)
        fig.tight_layout()
    elif on_axis:
        tab.set_xlabel(xlabel)
        ax.tick_params(labelbottom=True)
        tab.grid(False)
        tab.set_facecolor("none")
        for s in ("top", "right", "left"):
            tab.spines[s].set_visible(False)
        tab.set_ylim(-0.5, m - 0.5)
        tab.set_yticks(range(m))
        tab.set_yticklabels(list(reversed(labels)))
        if v["colour"]:
            for lab_t, col in zip(tab.get_yticklabels(), reversed(colors)):
                lab_t.set_color(col)
        tab.tick_params(axis="y", length=0, pad=2.5 * v["size"])  # clear of the first column
        if v["header"]:
            tab.set_title("Number at risk", loc="left", fontsize=v["size"], weight="bold")
        for k, (t, e) in enumerate(arms):
            nr = np.atleast_1d(kaplan_meier(t, e).n_at_risk_at(ticks)).astype(int)
            for x, val in zip(ticks, nr):
                tab.text(x, m - 1 - k, str(val), ha="center", va="center", fontsize=v["size"],
                         color=colors[k] if v["colour"] else "black")
        width = fig.get_size_inches()[0]  # room at the left for the longest row label
        left = 0.08 + (0.55 * v["size"] / 72 * max(len(lab) for lab in labels) + 0.25) / width
        fig.subplots_adjust(left=max(0.14, left), right=0.72 if right else 0.96,
                            top=0.86 if v["legend"] == "above" or v["title"] else 0.95, bottom=0.1)
    else:  # the numbers at risk as text under the axes, labels at the left
        ax.set_xlabel(xlabel)
        y0 = -0.26
        if v["header"]:
            ax.text(0.0, y0, "No. at risk", transform=ax.transAxes, ha="left", weight="bold", fontsize=v["size"])
        for k, ((t, e), lab) in enumerate(zip(arms, labels)):
            nr = np.atleast_1d(kaplan_meier(t, e).n_at_risk_at(ticks)).astype(int)
            y = y0 - 0.07 * (k + 1)
            col = colors[k] if v["colour"] else "black"
            ax.text(-0.05, y, lab, transform=ax.transAxes, ha="right", color=col, fontsize=v["size"])
            for x, val in zip(ticks, nr):
                ax.text(x, y, str(val), transform=ax.get_xaxis_transform(), ha="center", color=col,
                        fontsize=v["size"])
        width = fig.get_size_inches()[0]
        left = 0.08 + (0.55 * v["size"] / 72 * max(len(lab) for lab in labels) + 0.2) / width
        fig.subplots_adjust(left=max(0.18, left), right=0.74 if right else 0.96,
                            top=0.88 if v["legend"] == "above" or v["title"] else 0.95, bottom=0.27 + 0.04 * m)
    name = f"h6_py_{i:02d}_{v['model']}"
    save(fig, name, v)
    plt.rcdefaults()
    save_truth(name, arms, labels, ticks, "lifelines" if lifelines else "matplotlib")


def main() -> None:
    rng = np.random.default_rng(66066066)
    for i, v in enumerate(VARIATIONS):
        figure(i, v, rng)


if __name__ == "__main__":
    main()
