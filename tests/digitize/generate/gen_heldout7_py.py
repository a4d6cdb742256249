"""A seventh held-out set of Kaplan-Meier test figures ("held_out_7", names h7_py_*), drawn from patient data
simulated with their own seed and with shapes none of the earlier Python sets draws: a two-piece hazard that
drops after month 6, crossing curves (an arm with more early deaths and fewer late ones), heavy early
censoring (a third of each arm lost in the first months), long tails (a log-normal with a wide spread), a
high cure fraction over exponential times, and a Weibull with a falling hazard; 2-3 arms of 60-700 patients.
Drawer: matplotlib ax.step plots (lifelines is not needed), under matplotlib styles the earlier sets do not use
(seaborn-v0_8-colorblind, -muted, -deep, -dark, -bright, -talk, fast) and fonts they do not use (Nimbus Roman,
Nimbus Sans Narrow, Nimbus Mono PS, Bitstream Vera Serif, Liberation Mono, DejaVu Serif Condensed where
installed); titles and hazard-ratio texts inside the plot, legends inside, above or at the right; at-risk tables
as text under the axes or in an axis of their own, in colour or black, with a header or without; censor marks
"|", "+", "x", "." or none; CI bands; percent and proportion axes; x in days, weeks, months and years;
100-300 dpi, PNG and JPEG quality 75.  Run from the repository root:

    PYTHONPATH=src python tests/digitize/generate/gen_heldout7_py.py

Writes tests/digitize/figures/h7_py_<nn>_<model>.png|jpg, .csv (arm,time,status) and .json like gen_py.py.
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
from matplotlib import font_manager  # noqa: E402
from matplotlib.ticker import PercentFormatter  # noqa: E402

from gen_py import save_truth  # noqa: E402  (the truth files are written as for the first sets)
from trialscout import cox_ph, kaplan_meier  # noqa: E402

OUT = Path("tests/digitize/figures")
# fonts of the system that matplotlib's cache may not list: added by file where they are installed
for _f in (glob.glob("/usr/share/fonts/opentype/urw-base35/*.otf")
           + glob.glob("/usr/share/fonts/truetype/ttf-bitstream-vera/*.ttf")):
    font_manager.fontManager.addfont(_f)


def draw(rng, model: str, n: int, k: int) -> np.ndarray:
    """Event times of arm k (0-2) under `model`, in months."""
    if model == "pw2":  # a high hazard for 6 months, a low one after
        t = rng.exponential([7.0, 10.0, 13.0][k], n)
        late = t > 6
        t[late] = 6 + rng.exponential([30.0, 45.0, 60.0][k], int(late.sum()))
        return t
    if model == "cross":  # arm 1 dies more early (surgery-like) and less late: the curves cross
        if k == 0:
            return rng.exponential(20.0, n)
        early = rng.random(n) < [0.0, 0.22, 0.3][k]
        return np.where(early, rng.exponential(1.5, n), rng.exponential([20.0, 55.0, 70.0][k], n))
    if model == "lnorm":  # a log-normal with a wide spread: a long tail
        return rng.lognormal([2.6, 3.0, 3.3][k], 1.3, n)
    if model == "cure":  # a large cured share over exponential times
        cured = rng.random(n) < [0.35, 0.55, 0.65][k]
        return np.where(cured, np.inf, rng.exponential([8.0, 10.0, 12.0][k], n))
    if model == "wfall":  # Weibull with shape < 1: a falling hazard
        return rng.weibull(0.7, n) * [18.0, 30.0, 42.0][k]
    raise ValueError(f"model {model!r}")


def censored_arms(rng, draw_k, ns, follow, scale, early_loss):
    """Each arm's (time, status): censored at a uniform time over `follow`, and a share `early_loss` of the
    patients lost besides at an exponential time of mean 4 months (heavy early censoring); scaled by `scale`."""
    arms = []
    for k, n in enumerate(ns):
        t = draw_k(n, k)
        c = rng.uniform(follow[0], follow[1], n)
        lost = rng.random(n) < early_loss
        c = np.where(lost, np.minimum(c, rng.exponential(4.0, n)), c)
        arms.append((np.minimum(t, c) * scale, (t <= c).astype(int)))
    return arms


UNITS = {"days": 30.4375, "weeks": 4.348, "months": 1.0, "years": 1 / 12}
# model, n per arm, follow-up (months), early loss share, unit, tick step, table ("text" or "axis"), style,
# palette (None: the style's own colours), font, font size, CI, percent axis, y floor, last x tick shown (None:
# the whole follow-up), censor mark ("" none), legend place, title, HR text, table numbers in colour, header,
# width, height, dpi, file type
_B = dict(loss=0.0, ymin=0.0, xcut=None, title=False, hr=False, colour=False, header=True, ci=False, pct=False)
VARIATIONS = [dict(_B, **v) for v in [
    dict(model="pw2", ns=(240, 250), follow=(12, 60), unit="months", step=6, table="text",
         style="seaborn-v0_8-colorblind", pal=None, font="Nimbus Roman", size=10, mark="|",
         legend="upper right", hr=True, w=7.0, h=6.0, dpi=150, ext="png"),
    dict(model="cross", ns=(300, 290), follow=(18, 60), unit="months", step=12, table="axis",
         style="seaborn-v0_8-muted", pal=None, font="Nimbus Sans Narrow", size=11, ci=True, mark="+",
         legend="above", title=True, colour=True, w=7.4, h=6.2, dpi=120, ext="jpg"),
    dict(model="lnorm", ns=(180, 175, 185), follow=(24, 120), unit="years", step=2, table="text",
         style="seaborn-v0_8-deep", pal=None, font="Bitstream Vera Serif", size=9, mark="x",
         legend="right", colour=True, w=8.4, h=5.6, dpi=200, ext="png"),
    dict(model="cure", ns=(400, 410), follow=(24, 96), loss=0.25, unit="months", step=12, table="axis",
         style="fast", pal=("#00468B", "#ED0000"), font="DejaVu Serif Condensed", size=10, pct=True, mark="|",
         legend="lower left", hr=True, header=False, w=7.2, h=6.0, dpi=100, ext="png"),
    dict(model="wfall", ns=(150, 160), follow=(12, 48), loss=0.35, unit="days", step=180, table="text",
         style="seaborn-v0_8-dark", pal=None, font="Liberation Mono", size=9, mark="+",
         legend="upper right", title=True, w=7.6, h=6.0, dpi=170, ext="png"),
    dict(model="pw2", ns=(120, 115, 125), follow=(10, 50), unit="weeks", step=26, table="axis",
         style="seaborn-v0_8-bright", pal=None, font="Nimbus Sans", size=10, ci=True, mark="",
         legend="upper right", colour=True, w=7.0, h=6.4, dpi=220, ext="jpg"),
    dict(model="cross", ns=(90, 95), follow=(12, 48), unit="months", step=6, table="text",
         style="default", pal=("#0073C2", "#EFC000"), font="Nimbus Roman", size=11, mark="|",
         legend="lower left", hr=True, title=True, colour=True, w=6.4, h=6.0, dpi=260, ext="png"),
    dict(model="lnorm", ns=(600, 620), follow=(36, 120), unit="months", step=24, table="axis",
         style="seaborn-v0_8-talk", pal=None, font="DejaVu Sans", size=9, pct=True, mark="",
         legend="right", w=9.0, h=6.0, dpi=100, ext="png"),
    dict(model="cure", ns=(140, 150, 145), follow=(20, 80), unit="years", step=1, table="text",
         style="default", pal=("#3C5488", "#E64B35", "#00A087"), font="Nimbus Sans Narrow", size=10, ci=True,
         mark=".", legend="above", xcut=72 / 12, w=7.2, h=6.2, dpi=180, ext="png"),
    dict(model="wfall", ns=(260, 270), follow=(18, 72), unit="months", step=12, table="axis",
         style="seaborn-v0_8-colorblind", pal=None, font="Nimbus Mono PS", size=9, mark="x",
         legend="upper right", hr=True, header=True, colour=False, ymin=0.2, w=7.0, h=5.8, dpi=140,
         ext="jpg"),
    dict(model="pw2", ns=(700, 690), follow=(24, 72), loss=0.3, unit="days", step=365, table="text",
         style="fast", pal=("black", "#999999"), font="Liberation Mono", size=8, mark="|",
         legend="lower left", title=True, w=6.8, h=5.6, dpi=300, ext="png"),
    dict(model="cross", ns=(200, 210, 205), follow=(12, 54), unit="months", step=9, table="text",
         style="seaborn-v0_8-muted", pal=None, font="Bitstream Vera Serif", size=10, pct=True, mark="+",
         legend="right", colour=True, header=False, w=8.8, h=6.0, dpi=120, ext="png"),
    dict(model="lnorm", ns=(60, 70), follow=(12, 60), unit="weeks", step=52, table="axis",
         style="seaborn-v0_8-deep", pal=None, font="Nimbus Roman", size=12, mark="|", legend="upper right",
         title=True, hr=True, w=6.6, h=6.4, dpi=160, ext="png"),
    dict(model="cure", ns=(320, 330), follow=(30, 90), unit="months", step=10, table="text",
         style="seaborn-v0_8-dark", pal=("#8B0000", "#008B8B"), font="DejaVu Serif Condensed", size=9,
         ci=True, mark="", legend="above", colour=True, xcut=80, w=7.8, h=5.8, dpi=110, ext="jpg"),
    dict(model="wfall", ns=(110, 105, 115), follow=(20, 60), loss=0.2, unit="years", step=1, table="axis",
         style="default", pal=("#1f1f1f", "#d62728", "#2ca02c"), font="Nimbus Sans", size=11, mark=".",
         legend="lower left", pct=True, colour=True, w=7.4, h=6.6, dpi=200, ext="png"),
    dict(model="pw2", ns=(160, 170), follow=(8, 40), unit="months", step=4, table="axis",
         style="seaborn-v0_8-bright", pal=None, font="Liberation Mono", size=9, mark="+", legend="right",
         title=True, hr=True, colour=True, header=False, w=8.2, h=5.4, dpi=240, ext="png"),
]]
LABELS = [("Usual care", "Intervention"), ("Surgery", "Chemoradiation"), ("Once weekly", "Every 3 weeks"),
          ("Group 1", "Group 2"), ("Watchful waiting", "Early intervention"), ("No maintenance", "Maintenance")]
LABELS3 = [("Stage I", "Stage II", "Stage III"), ("Reference", "10 mg", "20 mg"),
           ("Low risk", "Intermediate", "High risk")]
LABELS4 = [("Age < 50", "Age 50-64", "Age 65-74", "Age >= 75"), ("Cohort A", "Cohort B", "Cohort C", "Cohort D")]
TITLES = ["Survival without recurrence", "Time to treatment failure", "Overall survival", "Metastasis-free survival"]


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
    arms = censored_arms(rng, lambda n, k: draw(rng, v["model"], n, k), v["ns"], v["follow"], UNITS[v["unit"]],
                         v["loss"])
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
    styles = ["-", "--", "-.", ":"] if v["pal"] == ("black", "#999999") else ["-"] * m
    ysc = 100.0 if v["pct"] else 1.0
    on_axis = v.get("table") == "axis"
    right = v["legend"] == "right"
    if on_axis:  # the table in its own axis below the curves
        fig, (ax, tab) = plt.subplots(2, 1, figsize=(v["w"], v["h"]), sharex=True,
                                      gridspec_kw={"height_ratios": [4.0, 0.55 + 0.3 * m], "hspace": 0.35})
    else:
        fig, ax = plt.subplots(figsize=(v["w"], v["h"]))
    for k, ((t, e), lab) in enumerate(zip(arms, labels)):
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
        ax.set_title(TITLES[i % len(TITLES)], loc=["center", "left"][i % 2], weight="bold",
                     pad=2.4 * v["size"] if v["legend"] == "above" else 6.0)  # clear of a legend above
    if v["hr"]:
        ax.text(0.97 if v["legend"] != "upper right" else 0.03, 0.05 if v["legend"] != "lower left" else 0.9,
                hr_text(arms), transform=ax.transAxes, ha="right" if v["legend"] != "upper right" else "left",
                fontsize=v["size"] * 0.95)
    place_legend(ax, v, m)
    if on_axis:
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
    name = f"h7_py_{i:02d}_{v['model']}"
    save(fig, name, v)
    plt.rcdefaults()
    save_truth(name, arms, labels, ticks, "matplotlib")


def main() -> None:
    rng = np.random.default_rng(77107710)
    for i, v in enumerate(VARIATIONS):
        figure(i, v, rng)


if __name__ == "__main__":
    main()
