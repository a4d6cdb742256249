"""An eighth held-out set of Kaplan-Meier test figures ("held_out_8", names h8_py_*), drawn from patient data
simulated with their own seed and with shapes none of the earlier Python sets draws: a Gompertz hazard rising
with time, a log-logistic (a hazard that rises then falls), a gamma with shape 2, a mixture of a fast and a
slow exponential, a plateau of almost no events then a steep fall, and a Weibull with a rising hazard
(shape 1.8); 2-4 arms of 50-800 patients.
Drawer: matplotlib step lines (``ax.plot(drawstyle="steps-post")``), under matplotlib styles the earlier sets do
not use (Solarize_Light2, petroff10, petroff8, petroff6, seaborn-v0_8, -pastel, -poster, -notebook,
-dark-palette) and fonts they do not use (URW Bookman, URW Gothic, Noto Sans Mono, Noto Mono, Bitstream Vera
Sans Mono); legends framed with a shadow, at the right middle, at the lower left, above, or none with the arm
names written at the curves' ends; log-rank p values and hazard ratios in a framed box inside the plot;
at-risk tables as plain numbers under the axes, as "n (events)", or as a ruled matplotlib table, with the arm
names at the left or a coloured line sample; censor marks "|", "+", "^", "d" or none; CI bands; percent
and proportion axes, a y axis from 0.4 where every curve stays above it; x in days, weeks, months and years;
100-300 dpi, PNG and JPEG quality 75.  Run from the repository root:

    PYTHONPATH=src python tests/digitize/generate/gen_heldout8_py.py

Writes tests/digitize/figures/h8_py_<nn>_<model>.png|jpg, .csv (arm,time,status) and .json like gen_py.py.
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
from trialscout import cox_ph, kaplan_meier, logrank  # noqa: E402

OUT = Path("tests/digitize/figures")
# fonts of the system that matplotlib's cache may not list: added by file where they are installed
for _f in (glob.glob("/usr/share/fonts/opentype/urw-base35/*.otf")
           + glob.glob("/usr/share/fonts/truetype/ttf-bitstream-vera/*.ttf")
           + glob.glob("/usr/share/fonts/truetype/noto/*.ttf")):
    font_manager.fontManager.addfont(_f)


def draw(rng, model: str, n: int, k: int) -> np.ndarray:
    """Event times of arm k (0-3) under `model`, in months."""
    if model == "gomp":  # Gompertz: hazard a * exp(b t), rising with time
        a, b = [0.012, 0.009, 0.0065, 0.0045][k], 0.06
        return np.log(1 - b / a * np.log(rng.random(n))) / b
    if model == "llog":  # log-logistic: a hazard that rises, then falls
        u = rng.random(n)
        return [10.0, 16.0, 24.0, 30.0][k] * (u / (1 - u)) ** (1 / 2.5)
    if model == "gamma2":
        return rng.gamma(2.0, [6.0, 9.0, 12.0, 15.0][k], n)
    if model == "mix2":  # a share with a fast exponential (mean 2 months), the others a slow one
        fast = rng.random(n) < [0.45, 0.3, 0.15, 0.1][k]
        return np.where(fast, rng.exponential(2.0, n), rng.exponential(48.0, n))
    if model == "plateau":  # almost no events for 9 months, then a steep fall
        t = rng.exponential(400.0, n)
        late = t > 9
        t[late] = 9 + rng.exponential([10.0, 16.0, 22.0, 28.0][k], int(late.sum()))
        return t
    if model == "wrise":  # Weibull with shape 1.8: a rising hazard
        return rng.weibull(1.8, n) * [20.0, 28.0, 36.0, 44.0][k]
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
# model, n per arm, follow-up (months), unit, tick step, table ("plain", "events", "ruled", "axis"), style,
# palette (None: the style's own colours), font, font size, CI, percent axis, y floor, last x tick shown (None:
# the whole follow-up), censor mark ("" none), legend place ("none": names at the curve ends), box text
# ("hr", "p", "both" or ""), title, width, height, dpi, file type
_B = dict(ymin=0.0, xcut=None, title=False, box="", ci=False, pct=False)
VARIATIONS = [dict(_B, **v) for v in [
    dict(model="gomp", ns=(250, 240), follow=(24, 60), unit="months", step=12, table="events",
         style="Solarize_Light2", pal=None, font="URW Bookman", size=10, mark="|", legend="lower left",
         box="hr", w=7.4, h=6.0, dpi=150, ext="png"),
    dict(model="llog", ns=(180, 190, 185), follow=(12, 72), unit="weeks", step=52, table="ruled",
         style="petroff10", pal=None, font="URW Gothic", size=10, mark="+", legend="center right",
         title=True, w=7.8, h=6.4, dpi=120, ext="jpg"),
    dict(model="gamma2", ns=(300, 310), follow=(18, 54), unit="months", step=6, table="plain",
         style="seaborn-v0_8", pal=None, font="Noto Sans Mono", size=9, ci=True, mark="", legend="none",
         box="both", w=7.2, h=5.8, dpi=200, ext="png"),
    dict(model="mix2", ns=(160, 170, 150, 165), follow=(24, 84), unit="years", step=1, table="axis",
         style="seaborn-v0_8-notebook", pal=None, font="Bitstream Vera Sans Mono", size=9, mark="^",
         legend="above", pct=True, w=8.0, h=7.0, dpi=110, ext="png"),
    dict(model="plateau", ns=(420, 430), follow=(20, 60), unit="days", step=365, table="events",
         style="petroff8", pal=None, font="Noto Mono", size=9, mark="|", legend="lower left", box="p",
         title=True, w=7.6, h=6.0, dpi=170, ext="png"),
    dict(model="wrise", ns=(90, 95), follow=(12, 60), unit="months", step=10, table="ruled",
         style="seaborn-v0_8-pastel", pal=("#1A5276", "#C0392B"), font="URW Bookman", size=11, mark="d",
         legend="lower left", box="hr", w=7.0, h=6.4, dpi=260, ext="png"),
    dict(model="gomp", ns=(120, 125, 130), follow=(30, 72), unit="years", step=1, table="plain",
         style="seaborn-v0_8-poster", pal=None, font="URW Gothic", size=9, mark="+", legend="lower left",
         pct=True, w=9.0, h=6.6, dpi=100, ext="png"),
    dict(model="llog", ns=(700, 720), follow=(36, 96), unit="months", step=12, table="axis",
         style="seaborn-v0_8-dark-palette", pal=None, font="Noto Sans Mono", size=9, ci=True, mark="",
         legend="center right", box="both", xcut=84, w=8.0, h=6.0, dpi=140, ext="jpg"),
    dict(model="mix2", ns=(200, 210), follow=(18, 60), unit="weeks", step=52, table="events",
         style="petroff6", pal=None, font="Bitstream Vera Sans Mono", size=8, mark="^", legend="above",
         title=True, ymin=0.4, w=7.6, h=5.8, dpi=300, ext="png"),
    dict(model="plateau", ns=(140, 135, 145, 150), follow=(24, 48), unit="months", step=6, table="ruled",
         style="Solarize_Light2", pal=("#073642", "#DC322F", "#268BD2", "#859900"), font="Noto Mono", size=9,
         mark="", legend="lower left", w=8.2, h=6.8, dpi=130, ext="png"),
    dict(model="wrise", ns=(50, 55), follow=(12, 48), unit="days", step=365, table="plain",
         style="seaborn-v0_8-notebook", pal=("black", "#7F7F7F"), font="URW Bookman", size=11, mark="|",
         legend="upper right", box="p", w=6.6, h=6.0, dpi=180, ext="jpg"),
    dict(model="gamma2", ns=(800, 790, 810), follow=(24, 60), unit="months", step=12, table="events",
         style="petroff10", pal=None, font="URW Gothic", size=8, pct=True, mark="", legend="center right",
         box="hr", title=True, w=8.4, h=6.2, dpi=220, ext="png"),
]]
LABELS = [("Best supportive care", "Active"), ("Open surgery", "Laparoscopic"), ("Arm I", "Arm II"),
          ("Standard", "Reduced dose"), ("Radiotherapy", "Radio-chemotherapy")]
LABELS3 = [("Score 0", "Score 1", "Score 2+"), ("Placebo", "5 mg/kg", "10 mg/kg"),
           ("Europe", "Americas", "Asia")]
LABELS4 = [("Q1", "Q2", "Q3", "Q4"), ("ECOG 0", "ECOG 1", "ECOG 2", "ECOG 3")]
TITLES = ["Progression-free survival", "Overall survival", "Disease-specific survival", "Time to relapse"]


def labels_for(i: int, m: int) -> list:
    pool = {2: LABELS, 3: LABELS3, 4: LABELS4}[m]
    return list(pool[i % len(pool)])


def save(fig, name: str, v: dict) -> None:
    kw = {"pil_kwargs": {"quality": 75}} if v["ext"] == "jpg" else {}
    fig.savefig(OUT / f"{name}.{v['ext']}", dpi=v["dpi"], **kw)
    plt.close(fig)


def box_text(arms, labels, what: str) -> str:
    """The hazard ratio of the second arm against the first (trialscout's Cox fit) and/or the log-rank p value
    over all arms, as a figure prints them."""
    lines = []
    if what in ("hr", "both"):
        t = np.concatenate([arms[0][0], arms[1][0]])
        e = np.concatenate([arms[0][1], arms[1][1]])
        x = np.concatenate([np.zeros(arms[0][0].size), np.ones(arms[1][0].size)])
        hr = cox_ph(t, e, x[:, None]).hazard_ratio()
        lines.append(f"HR {hr.value:.2f}, 95% CI {hr.lower:.2f} to {hr.upper:.2f}")
    if what in ("p", "both"):
        t = np.concatenate([a[0] for a in arms])
        e = np.concatenate([a[1] for a in arms])
        g = np.concatenate([np.full(a[0].size, k) for k, a in enumerate(arms)])
        p = logrank(t, e, g).pvalue
        lines.append("Log-rank p < 0.001" if p < 0.001 else f"Log-rank p = {p:.3f}")
    return "\n".join(lines)


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
                         "axes.labelsize": v["size"] + 1, "xtick.labelsize": v["size"],
                         "ytick.labelsize": v["size"], "legend.fontsize": v["size"]})
    cycle = plt.rcParams["axes.prop_cycle"].by_key().get("color", ["black"])
    colors = list(v["pal"]) if v["pal"] is not None else [cycle[k % len(cycle)] for k in range(m)]
    styles = ["-", "--"] if v["pal"] == ("black", "#7F7F7F") else ["-"] * m
    ysc = 100.0 if v["pct"] else 1.0
    on_axis = v["table"] == "axis"
    right = v["legend"] == "center right"
    if on_axis:  # the table in its own axis below the curves
        fig, (ax, tab) = plt.subplots(2, 1, figsize=(v["w"], v["h"]), sharex=True,
                                      gridspec_kw={"height_ratios": [4.0, 0.6 + 0.3 * m], "hspace": 0.3})
    else:
        fig, ax = plt.subplots(figsize=(v["w"], v["h"]))
    kms = [kaplan_meier(t, e) for t, e in arms]
    for k, (km, lab) in enumerate(zip(kms, labels)):
        tt = np.concatenate([[0.0], km.time])
        ss = np.concatenate([[1.0], km.survival]) * ysc
        if v["ci"]:
            lo = np.concatenate([[1.0], km.lower]) * ysc
            hi = np.concatenate([[1.0], km.upper]) * ysc
            ax.fill_between(tt, lo, hi, step="post", color=colors[k], alpha=0.2, lw=0)
        ax.plot(tt, ss, drawstyle="steps-post", color=colors[k], ls=styles[k], lw=2.0, label=lab)
        cens = km.n_censored > 0
        if v["mark"]:
            ax.plot(km.time[cens], km.survival[cens] * ysc, ls="none", marker=v["mark"],
                    ms=4 if v["mark"] in "^d" else 6, mew=1.0, color=colors[k],
                    mfc="none" if v["mark"] in "^d" else colors[k])
        if v["legend"] == "none":  # the arm's name written at the end of its curve
            shown = km.time <= ticks[-1]
            x_end = float(km.time[shown][-1]) if shown.any() else 0.0
            s_end = float(km.survival[shown][-1]) * ysc if shown.any() else ysc
            ax.annotate(lab, (x_end, s_end), xytext=(4, 0), textcoords="offset points", va="center",
                        color=colors[k], fontsize=v["size"], annotation_clip=False)
    if v["pct"]:
        ax.yaxis.set_major_formatter(PercentFormatter(xmax=100.0, decimals=0))
    ax.set_xlim(0, ticks[-1])
    ax.set_xticks(ticks)
    ax.set_xticklabels([f"{x:g}" for x in ticks])
    lowest = min(float(km.survival[km.time <= ticks[-1]].min()) for km in kms)
    ymin = min(v["ymin"], np.floor(10 * lowest) / 10)
    ax.set_ylim(ymin * ysc, 1.03 * ysc)
    xlabel = [f"{v['unit'].capitalize()} since randomisation", f"Time ({v['unit']})",
              f"{v['unit'].capitalize()} from diagnosis", f"Follow-up time, {v['unit']}"][i % 4]
    ax.set_ylabel(["Probability of survival", "Survival", "Proportion alive", "Patients free of event"][i % 4]
                  + (" (%)" if v["pct"] and i % 2 else ""))
    if v["title"]:
        ax.set_title(TITLES[i % len(TITLES)], loc=["left", "center"][i % 2],
                     pad=2.6 * v["size"] if v["legend"] == "above" else 6.0)
    if v["box"]:  # at the top right when the legend is elsewhere, else at the bottom left
        top = v["legend"] != "upper right"
        ax.text(0.97 if top else 0.03, 0.95 if top else 0.05, box_text(arms, labels, v["box"]),
                transform=ax.transAxes, ha="right" if top else "left", va="top" if top else "bottom",
                fontsize=v["size"] * 0.9,
                bbox=dict(boxstyle="round,pad=0.4", facecolor="white", edgecolor="0.5", alpha=0.9))
    if v["legend"] == "center right":  # outside the axes, the figure made room for it
        ax.legend(loc="center left", bbox_to_anchor=(1.02, 0.5), frameon=True, title="Arm")
    elif v["legend"] == "above":
        ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=m, frameon=False)
    elif v["legend"] != "none":
        ax.legend(loc=v["legend"], frameon=True, shadow=True, fancybox=True, framealpha=1.0)
    nrs = [np.atleast_1d(km.n_at_risk_at(ticks)).astype(int) for km in kms]
    # events up to each column: those at times before the column time
    evs = []
    for km in kms:
        cum_e = np.concatenate([[0], np.cumsum(km.n_events)])
        idx = np.searchsorted(km.time, ticks, side="left")  # events strictly before the column time
        evs.append(cum_e[idx].astype(int))
    width = fig.get_size_inches()[0]
    label_room = (0.6 * v["size"] / 72 * max(len(lab) for lab in labels) + 0.3) / width
    if on_axis:
        tab.set_xlabel(xlabel)
        ax.tick_params(labelbottom=True)
        tab.grid(False)
        tab.set_facecolor("none")
        for s in ("top", "right", "left", "bottom"):
            tab.spines[s].set_visible(False)
        tab.tick_params(axis="x", length=0, labelbottom=False)
        tab.set_ylim(-0.5, m - 0.5)
        tab.set_yticks(range(m))
        tab.set_yticklabels(list(reversed(labels)))
        for lab_t, col in zip(tab.get_yticklabels(), reversed(colors)):
            lab_t.set_color(col)
        tab.tick_params(axis="y", length=0, pad=2.5 * v["size"])
        tab.set_title("Number at risk", loc="left", fontsize=v["size"])
        for k in range(m):
            for x, val in zip(ticks, nrs[k]):
                tab.text(x, m - 1 - k, str(val), ha="center", va="center", fontsize=v["size"])
        tab.xaxis.set_label_position("top")
        ax.set_xlabel(xlabel)
        tab.set_xlabel("")
        fig.subplots_adjust(left=max(0.14, 0.08 + label_room), right=0.74 if right else 0.95,
                            top=0.86 if v["legend"] == "above" or v["title"] else 0.95, bottom=0.05)
    elif v["table"] == "ruled":  # a matplotlib table under the axes, one column a tick
        ax.set_xlabel(xlabel)
        cells = [[str(x) for x in nr] for nr in nrs]
        tbl = ax.table(cellText=cells, rowLabels=labels, rowColours=[(1, 1, 1, 0)] * m, loc="bottom",
                       cellLoc="center", bbox=[0.0, -0.2 - 0.075 * m, 1.0, 0.075 * m])
        tbl.auto_set_font_size(False)
        tbl.set_fontsize(v["size"])
        for (r, c), cell in tbl.get_celld().items():
            cell.set_edgecolor("0.6")
            cell.set_linewidth(0.6)
            if c == -1:
                cell.get_text().set_color(colors[r])
        ax.text(0.0, -0.19, "Patients at risk", transform=ax.transAxes, ha="left", va="bottom",
                fontsize=v["size"], weight="bold")
        fig.subplots_adjust(left=max(0.16, 0.06 + label_room), right=0.74 if right else 0.95,
                            top=0.9 if v["title"] or v["legend"] == "above" else 0.95, bottom=0.24 + 0.065 * m)
    else:  # plain numbers or "n (events)" as text under the axes, names at the left
        ax.set_xlabel(xlabel)
        y0 = -0.25
        ev = v["table"] == "events"
        # the names end left of the first column's widest number, a third of the font size a character
        first = max(len(f"{nrs[k][0]} ({evs[k][0]})" if ev else str(nrs[k][0])) for k in range(m))
        pad = 0.35 * v["size"] * first + 0.8 * v["size"]
        ax.annotate("At risk (events)" if ev else "At risk", (0.0, y0), xycoords="axes fraction", xytext=(-pad, 0),
                    textcoords="offset points", ha="right", fontsize=v["size"], style="italic")
        for k, lab in enumerate(labels):
            y = y0 - 0.065 * (k + 1)
            ax.annotate(lab, (0.0, y), xycoords="axes fraction", xytext=(-pad, 0), textcoords="offset points",
                        ha="right", color=colors[k], fontsize=v["size"])
            for x, val, e in zip(ticks, nrs[k], evs[k]):
                ax.text(x, y, f"{val} ({e})" if ev else str(val), transform=ax.get_xaxis_transform(),
                        ha="center", color="black", fontsize=v["size"])
        label_room += pad / 72 / width
        fig.subplots_adjust(left=max(0.16, 0.06 + label_room), right=0.74 if right or v["legend"] == "none" else 0.95,
                            top=0.88 if v["legend"] == "above" or v["title"] else 0.95, bottom=0.25 + 0.045 * m)
    name = f"h8_py_{i:02d}_{v['model']}"
    save(fig, name, v)
    plt.rcdefaults()
    save_truth(name, arms, labels, ticks, "matplotlib")


def main() -> None:
    rng = np.random.default_rng(88018801)
    for i, v in enumerate(VARIATIONS):
        figure(i, v, rng)


if __name__ == "__main__":
    main()
