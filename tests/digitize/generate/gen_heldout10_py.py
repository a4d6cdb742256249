"""A tenth held-out set of Kaplan-Meier test figures ("held_out_10", names h10_py_*), drawn from patient data
simulated with their own seed and with shapes none of the earlier sets draws: a generalized gamma time (a gamma
variate raised to 1/p), a Burr XII time, and a log-Laplace time (the log of the time Laplace-distributed);
2-4 arms of 70-600 patients.
Drawer: matplotlib ``ax.step(where="post")`` with censor marks as markers on the steps ("+", thin diamonds,
filled plus signs, tri-downs, "|" or none), under hand-made styles the earlier sets do not use (a full box with
a dotted grid on both axes, a heavy frame with bold tick labels, left and bottom spines with long outward ticks
and minor ticks at every half step, a frame with only a vertical grid) and fonts Liberation Serif, Nimbus Sans
Narrow, URW Gothic, DejaVu Serif, Bitstream Vera Sans and Nimbus Roman.  At-risk tables placed in ways the
earlier sets do not: a second axes under the plot sharing its x axis, the arm names as its tick labels in the
arms' colours; the same framed with rules between the rows and a header row naming the unit; the numbers
printed inside the plot above the x axis.  Legends outside at the right, labels written at the curves' ends
instead of a legend, a framed legend with a shadow, two columns at the lower left, a legend with a title;
CI bands; percent axes; an x limit that cuts the tail; x in days, weeks, months and years; 100-300 dpi, PNG and
JPEG quality 75.
Run from the repository root:

    PYTHONPATH=src python tests/digitize/generate/gen_heldout10_py.py

Writes tests/digitize/figures/h10_py_<nn>_<model>.png|jpg, .csv (arm,time,status) and .json like gen_py.py.
The at-risk times written are the columns printed (the x ticks of the figure).  Where an x limit cuts the tail
the patient data are still all written: the curve beyond the limit is not drawn.
"""

from __future__ import annotations

import glob
import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from matplotlib import font_manager  # noqa: E402
from matplotlib.ticker import MultipleLocator, PercentFormatter  # noqa: E402

sys.path.insert(0, str(Path(__file__).parent))
from gen_py import save_truth  # noqa: E402  (the truth files are written as for the first sets)

OUT = Path("tests/digitize/figures")
for _f in glob.glob("/usr/share/fonts/opentype/urw-base35/*.otf"):
    font_manager.fontManager.addfont(_f)


def draw(rng, model: str, n: int, k: int) -> np.ndarray:
    """Event times of arm k (0-3) under `model`, in months."""
    if model == "gengamma":  # scale * G^(1/p), G ~ gamma(shape a)
        a, p, s = 1.6, 0.7, [6.0, 9.0, 13.0, 18.0][k]
        return s * rng.gamma(a, 1.0, n) ** (1 / p)
    if model == "burr":  # Burr XII(c, k) with scale s, by inversion
        c, kk, s = 2.4, 0.9, [10.0, 15.0, 21.0, 29.0][k]
        return s * ((1 - rng.random(n)) ** (-1 / kk) - 1) ** (1 / c)
    if model == "loglaplace":  # log T ~ Laplace(log median, b)
        med, b = [8.0, 12.0, 17.0, 24.0][k], 0.6
        return np.exp(np.log(med) + rng.laplace(0.0, b, n))
    raise ValueError(f"model {model!r}")


def censored_arms(rng, model, ns, follow, scale):
    """Each arm's (time, status): censored at a uniform time over `follow` (months); scaled by `scale`."""
    arms = []
    for k, n in enumerate(ns):
        t = draw(rng, model, n, k)
        c = rng.uniform(follow[0], follow[1], n)
        arms.append((np.minimum(t, c) * scale, (t <= c).astype(int)))
    return arms


def km(t: np.ndarray, e: np.ndarray):
    """Kaplan-Meier steps (times, survival, lower, upper with a log-log Greenwood CI) and the censored times."""
    times = np.unique(t[e == 1])
    s, var, out_s, lo, hi = 1.0, 0.0, [1.0], [1.0], [1.0]
    for u in times:
        r = np.sum(t >= u)
        d = np.sum((t == u) & (e == 1))
        s *= 1 - d / r
        var += d / (r * (r - d)) if r > d else 0.0
        out_s.append(s)
        if 0 < s < 1 and var > 0:
            z = 1.96 * np.sqrt(var) / abs(np.log(s))
            lo.append(s ** np.exp(z))
            hi.append(s ** np.exp(-z))
        else:
            lo.append(s)
            hi.append(s)
    return np.concatenate([[0.0], times]), np.array(out_s), np.array(lo), np.array(hi), t[e == 0]


UNITS = {"days": 30.4375, "weeks": 4.348, "months": 1.0, "years": 1 / 12}
STYLES = {
    "dotbox": {"axes.grid": True, "grid.linestyle": ":", "grid.color": "0.6", "xtick.direction": "in",
               "ytick.direction": "in"},
    "heavy": {"axes.linewidth": 1.8, "xtick.major.width": 1.6, "ytick.major.width": 1.6,
              "axes.spines.top": False, "axes.spines.right": False, "font.weight": "bold",
              "axes.labelweight": "bold"},
    "longticks": {"axes.spines.top": False, "axes.spines.right": False, "xtick.major.size": 7,
                  "ytick.major.size": 7, "xtick.minor.size": 3.5, "xtick.minor.visible": True},
    "vgrid": {"axes.grid": True, "axes.grid.axis": "x", "grid.color": "0.85", "grid.linewidth": 0.8},
}
# model, n per arm, follow-up (months), unit, tick step, table ("axes", "framed", "inside"), style, palette,
# font, font size, CI band, percent axis, x cut, censor mark ("" none), legend, width, height, dpi, file type
_B = dict(xcut=None, ci=False, pct=False)
VARIATIONS = [dict(_B, **v) for v in [
    dict(model="gengamma", ns=(260, 255), follow=(18, 54), unit="months", step=9, table="axes", style="dotbox",
         pal=("#1F77B4", "#B22222"), font="Liberation Serif", size=11, mark="+", legend="right", w=8.4,
         h=6.0, dpi=150, ext="png"),
    dict(model="burr", ns=(180, 175, 185), follow=(24, 60), unit="months", step=10, table="framed",
         style="heavy", pal=("#2B8CBE", "#E34A33", "#31A354"), font="Nimbus Sans Narrow", size=11, mark="d",
         legend="ends", w=7.8, h=6.6, dpi=200, ext="png"),
    dict(model="loglaplace", ns=(300, 290), follow=(12, 48), unit="weeks", step=20, table="inside",
         style="longticks", pal=("0.1", "0.55"), font="URW Gothic", size=10, mark="|", legend="shadow",
         ci=True, w=7.2, h=5.8, dpi=130, ext="jpg"),
    dict(model="gengamma", ns=(150, 160, 145, 155), follow=(24, 72), unit="months", step=12, table="axes",
         style="vgrid", pal=("#762A83", "#AF8DC3", "#7FBF7B", "#1B7837"), font="DejaVu Serif", size=9,
         mark="P", legend="twocol", pct=True, w=7.6, h=7.0, dpi=240, ext="png"),
    dict(model="burr", ns=(420, 410), follow=(24, 66), unit="days", step=300, table="framed", style="dotbox",
         pal=("#D95F02", "#1B9E77"), font="Bitstream Vera Sans", size=10, mark="1", legend="title",
         xcut=1800, w=8.0, h=6.4, dpi=110, ext="png"),
    dict(model="loglaplace", ns=(120, 115, 125), follow=(36, 84), unit="years", step=1, table="inside",
         style="vgrid", pal=("#8C2D04", "#CC4C02", "#525252"), font="Nimbus Roman", size=12, mark="+",
         legend="right", w=8.6, h=6.2, dpi=180, ext="png"),
    dict(model="gengamma", ns=(600, 590), follow=(30, 60), unit="months", step=6, table="framed",
         style="longticks", pal=("#00429D", "#93003A"), font="Liberation Serif", size=9, mark="", legend="ends",
         ci=True, pct=True, w=7.4, h=6.6, dpi=300, ext="png"),
    dict(model="burr", ns=(70, 80, 75, 72), follow=(18, 48), unit="months", step=8, table="axes", style="heavy",
         pal=("black", "0.3", "0.5", "0.7"), font="URW Gothic", size=10, mark="|", legend="shadow", grey=True,
         w=7.6, h=6.8, dpi=160, ext="jpg"),
    dict(model="loglaplace", ns=(330, 340), follow=(24, 60), unit="months", step=5, table="inside",
         style="dotbox", pal=("#E7298A", "#386CB0"), font="DejaVu Serif", size=10, mark="d", legend="title",
         xcut=50, w=8.2, h=6.0, dpi=100, ext="png"),
]]
LABELS = [("Observation", "Adjuvant"), ("Standard", "Experimental"), ("Chemotherapy", "Chemo-immunotherapy")]
LABELS3 = [("Dose level 1", "Dose level 2", "Dose level 3"), ("Low", "Intermediate", "High")]
LABELS4 = [("Q1", "Q2", "Q3", "Q4"), ("Arm A", "Arm B", "Arm C", "Arm D")]


def figure(i: int, v: dict, rng) -> None:
    m = len(v["ns"])
    labels = list({2: LABELS, 3: LABELS3, 4: LABELS4}[m][i % {2: 3, 3: 2, 4: 2}[m]])
    arms = censored_arms(rng, v["model"], v["ns"], v["follow"], UNITS[v["unit"]])
    tmax = max(float(t.max()) for t, _ in arms) if v["xcut"] is None else float(v["xcut"])
    ticks = np.arange(0, tmax + 1e-9, v["step"])
    if ticks[-1] < tmax - 1e-9 and v["xcut"] is None:
        ticks = np.append(ticks, ticks[-1] + v["step"])
    plt.rcdefaults()
    s = v["size"]
    plt.rcParams.update({"font.family": v["font"], "font.size": s, "axes.labelsize": s + 1, "xtick.labelsize": s,
                         "ytick.labelsize": s, "legend.fontsize": s})
    plt.rcParams.update(STYLES[v["style"]])
    styles = ["-", "--", "-.", ":"] if v.get("grey") else ["-"] * m
    sep = v["table"] in ("axes", "framed")
    if sep:
        fig, (ax, tab) = plt.subplots(2, 1, figsize=(v["w"], v["h"]), sharex=True,
                                      gridspec_kw={"height_ratios": [4, 0.55 + 0.3 * m], "hspace": 0.35})
    else:
        fig, ax = plt.subplots(figsize=(v["w"], v["h"]))
    scale = 100.0 if v["pct"] else 1.0
    lines = []
    for k, ((t, e), lab) in enumerate(zip(arms, labels)):
        x, y, lo, hi, cens = km(t, e)
        x_end = min(float(t.max()), ticks[-1])
        keep = x <= x_end
        xs, ys = np.append(x[keep], x_end), np.append(y[keep], y[keep][-1])
        (ln,) = ax.step(xs, ys * scale, where="post", color=v["pal"][k], ls=styles[k], lw=1.8, label=lab)
        lines.append(ln)
        if v["ci"]:
            ax.fill_between(xs, np.append(lo[keep], lo[keep][-1]) * scale, np.append(hi[keep], hi[keep][-1]) * scale,
                            step="post", color=v["pal"][k], alpha=0.18, lw=0)
        if v["mark"]:
            cens = cens[cens <= x_end]
            idx = np.searchsorted(x, cens, side="right") - 1
            ax.plot(cens, y[idx] * scale, ls="none", marker=v["mark"], color=v["pal"][k], ms=5, mew=1.1)
        if v["legend"] == "ends":
            ax.annotate(lab, xy=(xs[-1], ys[-1] * scale), xytext=(4, 0), textcoords="offset points",
                        va="center", ha="left", color=v["pal"][k], fontsize=s, annotation_clip=False)
    inside = v["table"] == "inside"
    bottom = -(0.07 * m + 0.06) if inside else -0.02
    ax.set_ylim(bottom * scale, 1.03 * scale)
    ax.set_yticks(np.linspace(0, 1, 6) * scale)
    if v["pct"]:
        ax.yaxis.set_major_formatter(PercentFormatter(decimals=0))
    ax.set_xlim(-0.04 * ticks[-1], 1.04 * ticks[-1])
    ax.set_xticks(ticks)
    if v["style"] == "longticks":
        ax.xaxis.set_minor_locator(MultipleLocator(v["step"] / 2))
    ax.set_ylabel(("Overall survival", "Progression-free survival", "Probability without event")[i % 3]
                  + (" (%)" if v["pct"] else ""))
    xl = {"days": "Days", "weeks": "Weeks", "months": "Months", "years": "Years"}[v["unit"]]
    xlabel = (f"{xl} since randomization", f"Time ({v['unit']})", xl)[i % 3]
    leg = v["legend"]
    if leg == "right":
        ax.legend(loc="upper left", bbox_to_anchor=(1.02, 1.0), frameon=False)
    elif leg == "shadow":
        ax.legend(loc="upper right", frameon=True, shadow=True, fancybox=False, edgecolor="black")
    elif leg == "twocol":
        ax.legend(loc="lower left", ncol=2, frameon=False, bbox_to_anchor=(0.0, 0.02))
    elif leg == "title":
        ax.legend(loc="upper right", title="Treatment arm", frameon=True, framealpha=1.0)
    names = labels + ([f"At risk ({v['unit']})"] if v["table"] == "framed" else [])
    left = 0.1 if not sep else min(0.34, 0.05 + max(len(x) for x in names) * 0.55 * s / 72 / v["w"])
    fig.subplots_adjust(left=left, right={"right": 0.8, "ends": 0.84}.get(leg, 0.95), top=0.95, bottom=0.1)
    counts = [[int(np.sum(t >= c)) for c in ticks] for t, _ in arms]
    if inside:
        ax.set_xlabel(xlabel)
        ax.axhline(0, color="0.7", lw=0.6, zorder=0)
        ax.annotate("No. at risk", xy=(0.0, (bottom + 0.07 * m + 0.01) * scale), xycoords="data", ha="left",
                    va="bottom", fontsize=s - 1, fontweight="bold")
        for k in range(m):
            yk = (bottom + 0.07 * (m - k) - 0.03) * scale
            for c, n in zip(ticks, counts[k]):
                ax.text(c, yk, str(n), ha="center", va="center", color=v["pal"][k], fontsize=s - 1)
    else:
        tab.set_ylim(m - 0.4, -0.6 if v["table"] == "axes" else -1.4)
        tab.set_yticks(range(m))
        tab.set_yticklabels(labels)
        for k, lab in enumerate(tab.get_yticklabels()):
            lab.set_color(v["pal"][k])
        tab.tick_params(axis="y", length=0)
        tab.tick_params(axis="x", labelbottom=False, length=0)
        ax.set_xlabel(xlabel)
        tab.grid(False)
        for k in range(m):
            for c, n in zip(ticks, counts[k]):
                tab.text(c, k, str(n), ha="center", va="center", fontsize=s - 1)
        if v["table"] == "axes":
            for sp in tab.spines.values():
                sp.set_visible(False)
            tab.set_title("Number at risk", loc="left", fontsize=s, fontweight="bold")
        else:
            for sp in tab.spines.values():
                sp.set_visible(True)
            for k in range(m):
                tab.axhline(k - 0.5, color="0.6", lw=0.6)
            for c in ticks:
                tab.text(c, -1, f"{c:g}", ha="center", va="center", fontsize=s - 1, fontstyle="italic")
            tab.set_yticks(range(-1, m))
            tab.set_yticklabels([f"At risk ({v['unit']})"] + labels)
            for k, lab in enumerate(tab.get_yticklabels()):
                lab.set_color("black" if k == 0 else v["pal"][k - 1])
        ax.tick_params(axis="x", labelbottom=True)
    name = f"h10_py_{i + 1:02d}_{v['model']}"
    kw = {"pil_kwargs": {"quality": 75}} if v["ext"] == "jpg" else {}
    fig.savefig(OUT / f"{name}.{v['ext']}", dpi=v["dpi"], **kw)
    plt.close(fig)
    save_truth(name, arms, labels, ticks, "matplotlib")


def main() -> None:
    rng = np.random.default_rng(20261004)
    for i, v in enumerate(VARIATIONS):
        figure(i, v, rng)
    print("done")


if __name__ == "__main__":
    main()
