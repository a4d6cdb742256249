"""A ninth held-out set of Kaplan-Meier test figures ("held_out_9", names h9_py_*), drawn from patient data
simulated with their own seed and with shapes none of the earlier Python sets draws: an inverse-Gaussian
(Wald) first-passage time, a bathtub hazard (the earlier of a Weibull with a falling and one with a rising
hazard), a wear-out normal time, a Birnbaum-Saunders time, a hazard with a transient hump drawn by thinning,
and a Gompertz-Makeham hazard; 2-4 arms of 60-700 patients.
Drawer: matplotlib ``ax.step(where="post")`` with censor marks as markers on the steps, under hand-made journal
styles rather than matplotlib's named ones (only the left and bottom spines; spines moved outward and trimmed
to the ticks; ticks inward on all four sides with minor ticks; a dashed horizontal grid only; a light panel
with white grid lines) and fonts the earlier sets do not use (P052, cmr10, cmss10, MathJax_Main,
MathJax_SansSerif; C059 once before).  At-risk tables placed in ways the earlier sets do not: a
lifelines-like block under the axes with an "At risk" and an "Events" (or "Censored") row per arm, a framed
table axis with column rules and coloured line samples before the arm names, numbers in the arms' colours
with no names (the legend tells the arms apart), a table with a column every second tick, and a grey table
under a grey figure with line styles; legends below the table across the figure, outside at the top left,
framed at the upper right, at the lower left, or none; CI bands and dotted CI steps; percent axes; censor
marks "o", "x", "s", "v" or none; x in days, weeks, months and years; 100-300 dpi, PNG and JPEG quality 75.
Run from the repository root:

    PYTHONPATH=src python tests/digitize/generate/gen_heldout9_py.py

Writes tests/digitize/figures/h9_py_<nn>_<model>.png|jpg, .csv (arm,time,status) and .json like gen_py.py.
The at-risk times written are the columns printed (the x ticks of the figure, or every second one where the
table has a column every second tick).  Where an x limit cuts the tail the patient data are still all
written: the curve beyond the limit is not drawn.
"""

from __future__ import annotations

import glob
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from matplotlib import font_manager  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402
from matplotlib.offsetbox import AnnotationBbox, DrawingArea  # noqa: E402
from matplotlib.ticker import AutoMinorLocator, PercentFormatter  # noqa: E402

from gen_py import save_truth  # noqa: E402  (the truth files are written as for the first sets)
from trialscout import kaplan_meier  # noqa: E402

OUT = Path("tests/digitize/figures")
# fonts of the system that matplotlib's cache may not list: added by file where they are installed
for _f in (glob.glob("/usr/share/fonts/opentype/urw-base35/*.otf")
           + glob.glob("/usr/share/fonts/opentype/mathjax/MathJax_Main-*.otf")
           + glob.glob("/usr/share/fonts/opentype/mathjax/MathJax_SansSerif-*.otf")
           ):
    font_manager.fontManager.addfont(_f)


def draw(rng, model: str, n: int, k: int) -> np.ndarray:
    """Event times of arm k (0-3) under `model`, in months."""
    if model == "wald":  # inverse Gaussian: mean m, shape 1.5 m
        m = [10.0, 15.0, 21.0, 28.0][k]
        return rng.wald(m, 1.5 * m, n)
    if model == "bathtub":  # early deaths under a falling hazard, late ones under a rising one
        early = rng.weibull(0.5, n) * [30.0, 60.0, 110.0, 200.0][k]
        return np.minimum(early, rng.weibull(3.5, n) * [28.0, 34.0, 40.0, 46.0][k])
    if model == "wearout":  # a normal time, drawn again below 0.1
        m, s = [20.0, 27.0, 34.0, 41.0][k], 8.0
        t = rng.normal(m, s, n)
        while (t < 0.1).any():
            t[t < 0.1] = rng.normal(m, s, int((t < 0.1).sum()))
        return t
    if model == "bsaund":  # Birnbaum-Saunders(alpha 1.0, beta)
        z = rng.normal(size=n)
        a, b = 1.0, [7.0, 11.0, 16.0, 23.0][k]
        return b * (a * z / 2 + np.sqrt((a * z / 2) ** 2 + 1)) ** 2
    if model == "hump":  # a base hazard with a transient hump around month 5, by thinning
        h0, h1 = 0.015, [0.06, 0.03, 0.015, 0.005][k]
        out = np.empty(n)
        for i in range(n):
            t = 0.0
            while True:
                t += rng.exponential(1 / (h0 + h1))
                if rng.random() < (h0 + h1 * np.exp(-((t - 5.0) ** 2) / 8.0)) / (h0 + h1):
                    break
            out[i] = t
        return out
    if model == "makeham":  # a constant hazard plus a Gompertz one
        a = [0.012, 0.008, 0.005, 0.003][k]
        gomp = np.log(1 - 0.05 / a * np.log(rng.random(n))) / 0.05
        return np.minimum(rng.exponential(80.0, n), gomp)
    raise ValueError(f"model {model!r}")


def censored_arms(rng, draw_k, ns, follow, scale):
    """Each arm's (time, status): censored at a uniform time over `follow` (months); scaled by `scale`."""
    arms = []
    for k, n in enumerate(ns):
        t = draw_k(n, k)
        c = rng.uniform(follow[0], follow[1], n)
        arms.append((np.minimum(t, c) * scale, (t <= c).astype(int)))
    return arms


UNITS = {"days": 30.4375, "weeks": 4.348, "months": 1.0, "years": 1 / 12}
# the hand-made journal styles
STYLES = {
    "lb": {"axes.spines.top": False, "axes.spines.right": False, "xtick.direction": "out",
           "ytick.direction": "out", "axes.linewidth": 0.9},
    "offset": {"axes.spines.top": False, "axes.spines.right": False, "xtick.direction": "out",
               "ytick.direction": "out", "axes.linewidth": 1.0},
    "inticks": {"xtick.direction": "in", "ytick.direction": "in", "xtick.top": True, "ytick.right": True,
                "xtick.minor.visible": True, "ytick.minor.visible": True, "axes.linewidth": 1.1},
    "hdash": {"axes.spines.top": False, "axes.spines.right": False, "axes.spines.left": False,
              "axes.grid": True, "axes.grid.axis": "y", "grid.linestyle": "--", "grid.color": "0.75",
              "ytick.major.size": 0},
    "panel": {"axes.facecolor": "#EEF1F5", "axes.edgecolor": "white", "axes.grid": True, "grid.color": "white",
              "grid.linewidth": 1.2, "xtick.major.size": 0, "ytick.major.size": 0, "xtick.major.pad": 7,
              "ytick.major.pad": 7},
}
# model, n per arm, follow-up (months), unit, tick step, table ("lifelines", "boxed", "colour", "sparse",
# "grey"), lifelines rows, style, palette, font, font size, CI ("band", "steps" or None), percent axis, last x
# tick (None: the whole follow-up), censor mark ("" none), legend place, width, height, dpi, file type
_B = dict(xcut=None, ci=None, pct=False, rows=("At risk", "Events"))
VARIATIONS = [dict(_B, **v) for v in [
    dict(model="wald", ns=(240, 250), follow=(18, 48), unit="months", step=6, table="lifelines", style="lb",
         pal=("#0072B2", "#D55E00"), font="P052", size=10, mark="o", legend="upper right", w=7.6, h=6.4,
         dpi=150, ext="png"),
    dict(model="bathtub", ns=(200, 210, 190), follow=(24, 60), unit="months", step=12, table="boxed",
         style="offset", pal=("#1B9E77", "#7570B3", "#E7298A"), font="cmss10", size=10, mark="x",
         legend="none", ci="band", w=7.8, h=6.6, dpi=200, ext="png"),
    dict(model="wearout", ns=(150, 160), follow=(30, 60), unit="weeks", step=26, table="colour", style="inticks",
         pal=("#B2182B", "#2166AC"), font="MathJax_Main", size=11, mark="s", legend="outside top", w=7.4, h=6.0,
         dpi=120, ext="jpg"),
    dict(model="bsaund", ns=(130, 140, 135, 150), follow=(24, 72), unit="months", step=6, table="sparse",
         style="hdash", pal=("#E41A1C", "#FF7F00", "#4DAF4A", "#377EB8"), font="C059", size=9,
         mark="", legend="below", w=8.2, h=7.0, dpi=170, ext="png"),
    dict(model="hump", ns=(320, 330), follow=(18, 42), unit="months", step=6, table="grey", style="lb",
         pal=("black", "0.5"), font="cmr10", size=11, mark="v", legend="lower left", ci="steps", w=7.0,
         h=6.0, dpi=250, ext="png"),
    dict(model="makeham", ns=(260, 250, 255), follow=(36, 96), unit="years", step=1, table="lifelines",
         rows=("At risk", "Censored"), style="panel", pal=("#4C72B0", "#DD8452", "#55A868"),
         font="MathJax_SansSerif", size=9, mark="", legend="upper right", pct=True, w=8.0, h=7.4, dpi=110,
         ext="png"),
    dict(model="wald", ns=(90, 85, 95), follow=(12, 36), unit="days", step=182, table="boxed", style="inticks",
         pal=("#332288", "#117733", "#CC6677"), font="P052", size=9, mark="o", legend="outside top", w=7.6,
         h=6.4, dpi=300, ext="png"),
    dict(model="bathtub", ns=(420, 410), follow=(24, 72), unit="months", step=6, table="sparse", style="offset",
         pal=("#8E0152", "#276419"), font="cmss10", size=10, mark="|", legend="lower left", pct=True, xcut=60,
         w=8.4, h=6.2, dpi=140, ext="jpg"),
    dict(model="wearout", ns=(60, 65, 70), follow=(36, 60), unit="months", step=10, table="grey", style="hdash",
         pal=("black", "0.35", "0.6"), font="MathJax_Main", size=10, mark="x", legend="upper right", w=7.2,
         h=6.6, dpi=180, ext="png"),
    dict(model="bsaund", ns=(300, 310), follow=(24, 60), unit="weeks", step=52, table="colour", style="panel",
         pal=("#E69F00", "#56B4E9"), font="C059", size=10, mark="s", legend="below", ci="band",
         w=7.4, h=6.2, dpi=100, ext="png"),
    dict(model="hump", ns=(150, 155, 160, 145), follow=(18, 48), unit="months", step=12, table="lifelines",
         rows=("At risk",), style="inticks", pal=("#A6761D", "#1F78B4", "#6A3D9A", "#33A02C"), font="cmr10",
         size=9, mark="v", legend="outside top", w=7.8, h=7.6, dpi=160, ext="png"),
    dict(model="makeham", ns=(700, 690), follow=(48, 96), unit="months", step=12, table="boxed", style="lb",
         pal=("#00468B", "#ED0000"), font="MathJax_SansSerif", size=11, mark="", legend="lower left",
         ci="steps", w=7.6, h=6.4, dpi=220, ext="jpg"),
]]
LABELS = [("Usual care", "Intervention"), ("Arm 1", "Arm 2"), ("Watchful waiting", "Early treatment"),
          ("Sham", "Active device"), ("Control", "Vaccine")]
LABELS3 = [("Tertile 1", "Tertile 2", "Tertile 3"), ("No CNS", "Low CNS", "High CNS"),
           ("Regimen X", "Regimen Y", "Regimen Z")]
LABELS4 = [("Grade 1", "Grade 2", "Grade 3", "Grade 4"), ("Site A", "Site B", "Site C", "Site D")]


def labels_for(i: int, m: int) -> list:
    pool = {2: LABELS, 3: LABELS3, 4: LABELS4}[m]
    return list(pool[i % len(pool)])


def save(fig, name: str, v: dict) -> None:
    kw = {"pil_kwargs": {"quality": 75}} if v["ext"] == "jpg" else {}
    fig.savefig(OUT / f"{name}.{v['ext']}", dpi=v["dpi"], **kw)
    plt.close(fig)


def below(ax, x, pts: float, text: str, **kw) -> None:
    """`text` at data x, `pts` points under the axes' bottom edge (its top there)."""
    ax.annotate(text, xy=(x, 0.0), xycoords=("data", "axes fraction"), xytext=(0, -pts), textcoords="offset points",
                va="top", annotation_clip=False, **kw)


def figure(i: int, v: dict, rng) -> None:
    m = len(v["ns"])
    arms = censored_arms(rng, lambda n, k: draw(rng, v["model"], n, k), v["ns"], v["follow"], UNITS[v["unit"]])
    labels = labels_for(i, m)
    tmax = max(float(t.max()) for t, _ in arms) if v["xcut"] is None else float(v["xcut"])
    ticks = np.arange(0, tmax + 1e-9, v["step"])
    if ticks[-1] < tmax - 1e-9 and v["xcut"] is None:
        ticks = np.append(ticks, ticks[-1] + v["step"])
    cols = ticks[::2] if v["table"] == "sparse" else ticks  # the table's columns
    plt.rcdefaults()
    s = v["size"]
    plt.rcParams.update({"font.family": v["font"], "font.size": s, "axes.labelsize": s + 1, "xtick.labelsize": s,
                         "ytick.labelsize": s, "legend.fontsize": s, "axes.unicode_minus": False,
                         "axes.formatter.use_mathtext": v["font"].startswith("cm")})
    plt.rcParams.update(STYLES[v["style"]])
    colors = list(v["pal"])
    grey = v["table"] == "grey"
    styles = ["-", "--", ":", "-."] if grey else ["-"] * m
    ysc = 100.0 if v["pct"] else 1.0
    kms = [kaplan_meier(t, e) for t, e in arms]
    nrs = [np.atleast_1d(km.n_at_risk_at(cols)).astype(int) for km in kms]
    evs, cens = [], []
    for km in kms:  # events and censorings before each column's time
        idx = np.searchsorted(km.time, cols, side="left")
        evs.append(np.concatenate([[0], np.cumsum(km.n_events)])[idx].astype(int))
        cens.append(np.concatenate([[0], np.cumsum(km.n_censored)])[idx].astype(int))
    # the room under the axes, in points: tick labels and axis title, then the table
    line = 1.3 * s
    if v["table"] == "lifelines":
        nrows = len(v["rows"]) + 1
        table_pts = m * nrows * line + (m - 1) * 0.4 * line
    else:
        table_pts = (m + 1) * line + (0.6 * line if v["table"] == "boxed" else 0)
    start = 2 * s + 2.2 * line  # under the tick labels and the axis title
    room = start + table_pts + (2.2 * line if v["legend"] == "below" else 0) + 8
    header = {"grey": "Number at risk", "sparse": "No. at risk"}.get(v["table"], "")  # right-aligned as the names
    names_w = max(len(lab) for lab in labels + [header]) * 0.55 * s + (3.0 * s if v["table"] == "boxed" else 0)
    digits = max(len(str(int(a[0]))) for a in nrs + evs + cens)
    left_pts = max(4.2 * s, names_w + (0.3 * digits + 1.8) * s) if v["table"] != "colour" else 5.0 * s
    if v["table"] == "boxed":  # the frame reaches half a column left of the axes
        left_pts += 0.5 * 0.85 * v["w"] * 72 / (len(cols) - 1)
    top_pts = 3.2 * line if v["legend"] == "outside top" else 1.2 * line
    fig = plt.figure(figsize=(v["w"], v["h"]))
    W, H = v["w"] * 72, v["h"] * 72
    ax = fig.add_axes((left_pts / W, room / H, 1 - (left_pts + 1.5 * s) / W, 1 - (room + top_pts) / H))
    for k, (km, lab) in enumerate(zip(kms, labels)):
        tt = np.concatenate([[0.0], km.time])
        ss = np.concatenate([[1.0], km.survival]) * ysc
        lo = np.concatenate([[1.0], km.lower]) * ysc
        hi = np.concatenate([[1.0], km.upper]) * ysc
        if v["ci"] == "band":
            ax.fill_between(tt, lo, hi, step="post", color=colors[k], alpha=0.18, lw=0)
        elif v["ci"] == "steps":
            ax.step(tt, lo, where="post", color=colors[k], ls=":", lw=0.9)
            ax.step(tt, hi, where="post", color=colors[k], ls=":", lw=0.9)
        ax.step(tt, ss, where="post", color=colors[k], ls=styles[k], lw=1.8, label=lab)
        c = km.n_censored > 0
        if v["mark"]:
            ax.plot(km.time[c], km.survival[c] * ysc, ls="none", marker=v["mark"], ms=4.5 if v["mark"] != "|" else 7,
                    mew=0.9, color=colors[k], mfc="white" if v["mark"] in "osv" else colors[k])
    ax.set_xlim(0, ticks[-1])
    ax.set_xticks(ticks)
    ax.set_xticklabels([f"{x:g}" for x in ticks])
    ax.set_ylim(0, 1.02 * ysc)
    ax.set_yticks(np.linspace(0, ysc, 6))
    if v["pct"]:
        ax.yaxis.set_major_formatter(PercentFormatter(xmax=100.0, decimals=0))
    else:
        ax.set_yticklabels([f"{y:.1f}" for y in np.linspace(0, 1, 6)])
    if v["style"] == "inticks":
        ax.xaxis.set_minor_locator(AutoMinorLocator(2))
        ax.yaxis.set_minor_locator(AutoMinorLocator(2))
    if v["style"] == "offset":  # spines moved out and trimmed to the outer ticks
        ax.spines["left"].set_position(("outward", 6))
        ax.spines["bottom"].set_position(("outward", 6))
        ax.spines["left"].set_bounds(0, ysc)
        ax.spines["bottom"].set_bounds(0, ticks[-1])
    ax.set_xlabel([f"{v['unit'].capitalize()} since enrolment", f"Time from randomisation ({v['unit']})",
                   f"Follow-up ({v['unit']})", f"{v['unit'].capitalize()}"][i % 4])
    ax.set_ylabel(["Overall survival", "Probability of remaining event-free", "Proportion alive",
                   "Survival (%)" if v["pct"] else "Survival probability"][i % 4])
    if v["legend"] == "upper right":
        ax.legend(loc="upper right", frameon=True, edgecolor="0.3", fancybox=False)
    elif v["legend"] == "lower left":
        ax.legend(loc="lower left", frameon=False)
    elif v["legend"] == "outside top":  # above the axes, at the left, one row
        ax.legend(loc="lower left", bbox_to_anchor=(0.0, 1.02), ncol=m, frameon=False, borderaxespad=0.0,
                  handlelength=2.5)
    elif v["legend"] == "below":  # under the table, across the figure
        fig.legend(*ax.get_legend_handles_labels(), loc="lower center", ncol=m, frameon=False,
                   bbox_to_anchor=(0.5, 0.01))
    # the at-risk table
    tab = v["table"]
    # points left of the axes' left edge where the row names end: clear of the first column's widest number
    first = max(len(str(int(a[0]))) for a in nrs + evs + cens)
    name_x = -(0.3 * s * first + 0.9 * s)
    if tab == "lifelines":  # per arm: the name, then a row per count, as lifelines' add_at_risk_counts lays out
        y = start
        for k, lab in enumerate(labels):
            ax.annotate(lab, xy=(0, 0), xycoords="axes fraction", xytext=(name_x, -y), textcoords="offset points",
                        ha="right", va="top", annotation_clip=False, fontsize=s, weight="bold")
            for r, row in enumerate(v["rows"]):
                yr = y + (r + 1) * line
                ax.annotate(row, xy=(0, 0), xycoords="axes fraction", xytext=(name_x, -yr),
                            textcoords="offset points", ha="right", va="top", annotation_clip=False, fontsize=s)
                vals = {"At risk": nrs[k], "Events": evs[k], "Censored": cens[k]}[row]
                for x, val in zip(cols, vals):
                    below(ax, x, yr, str(val), ha="center", fontsize=s)
            y += (len(v["rows"]) + 1) * line + 0.4 * line
    elif tab == "boxed":  # a framed table axis, column rules between the ticks, line samples before the names
        h_pts = (m + 0.6) * line
        box = ax.get_position()
        half = 0.5 * float(cols[1] - cols[0])  # the frame reaches half a column beyond the first and last
        grow = half / float(ticks[-1]) * box.width
        tax = fig.add_axes((box.x0 - grow, (room - start - h_pts) / H, box.width + 2 * grow, h_pts / H))
        tax.set_xlim(-half, float(ticks[-1]) + half)
        tax.set_ylim(m + 0.3, 0.3)
        tax.set_xticks([])
        tax.set_yticks([])
        tax.grid(False)
        tax.set_facecolor("white")
        for sp in tax.spines.values():
            sp.set_visible(True)
            sp.set_color("0.4")
            sp.set_linewidth(0.8)
        for x in (cols[:-1] + cols[1:]) / 2:
            tax.axvline(x, color="0.8", lw=0.6)
        tax.annotate("Number at risk", xy=(0, 1), xycoords="axes fraction", xytext=(0, 3), textcoords="offset points",
                     ha="left", va="bottom", fontsize=s, weight="bold", annotation_clip=False)
        for k, lab in enumerate(labels):
            for x, val in zip(cols, nrs[k]):
                tax.text(x, k + 1, str(val), ha="center", va="center", fontsize=s)
            tax.annotate(lab, xy=(0, k + 1), xycoords=("axes fraction", "data"), xytext=(-0.9 * s, 0),
                         textcoords="offset points", ha="right", va="center", fontsize=s, annotation_clip=False)
            wpx = len(lab) * 0.55 * s  # the line sample left of the name
            sample = DrawingArea(2.2 * s, 0.6 * s)
            sample.add_artist(Line2D([0, 2.2 * s], [0.3 * s, 0.3 * s], color=colors[k], lw=2.2))
            tax.add_artist(AnnotationBbox(sample, (0, k + 1), xycoords=("axes fraction", "data"),
                                          xybox=(-0.9 * s - wpx - 1.6 * s, 0), boxcoords="offset points",
                                          frameon=False, annotation_clip=False))
    else:  # "colour", "sparse", "grey": a header, then a row per arm
        ax.annotate(header or "No. at risk", xy=(0, 0), xycoords="axes fraction",
                    xytext=(name_x if tab != "colour" else 0, -start), textcoords="offset points",
                    ha="right" if tab != "colour" else "left", va="top", fontsize=s,
                    weight="bold", annotation_clip=False)
        for k, lab in enumerate(labels):
            y = start + (k + 1) * line
            if tab != "colour":
                ax.annotate(lab, xy=(0, 0), xycoords="axes fraction", xytext=(name_x, -y), textcoords="offset points",
                            ha="right", va="top", fontsize=s, annotation_clip=False,
                            color="black" if grey else colors[k])
            for x, val in zip(cols, nrs[k]):
                below(ax, x, y, str(val), ha="center", fontsize=s,
                      color=colors[k] if tab == "colour" else "black")
    name = f"h9_py_{i:02d}_{v['model']}"
    save(fig, name, v)
    plt.rcdefaults()
    save_truth(name, arms, labels, cols, "matplotlib")


def main() -> None:
    rng = np.random.default_rng(99019901)
    for i, v in enumerate(VARIATIONS):
        figure(i, v, rng)


if __name__ == "__main__":
    main()
