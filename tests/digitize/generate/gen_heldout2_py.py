"""A second held-out set of Kaplan-Meier test figures ("held_out_2", names h2_*) drawn with matplotlib from
patient data simulated with their own seeds (Weibull, piecewise-exponential, log-logistic, cure-fraction and
crossing-hazard models, small and large n), in styles gen_py.py does not use: matplotlib style sheets with
grey backgrounds and grids, legends outside the axes or replaced by labels at the curve ends, dashed CI lines
and shaded bands, percent tick labels, lifelines-like "At risk / Censored / Events" blocks, "n (events)"
cells, grey figures with three line styles, days/months/years, 100-300 dpi and JPEG quality 75.
Run from the repository root:

    PYTHONPATH=src python tests/digitize/generate/gen_heldout2_py.py

Writes tests/digitize/figures/h2_py_<nn>_<model>.png|jpg, .csv (arm,time,status) and .json, like gen_py.py.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from matplotlib.ticker import PercentFormatter  # noqa: E402
from matplotlib.transforms import blended_transform_factory  # noqa: E402

from gen_py import save_truth  # noqa: E402  (the truth files are written as for the first sets)
from trialscout import kaplan_meier  # noqa: E402

OUT = Path("tests/digitize/figures")


def draw(rng, model: str, n: int, k: int, unit_scale: float):
    """Event times of arm k (0, 1, 2) under `model`, in months times unit_scale."""
    if model == "weibull":
        t = rng.weibull([0.8, 1.4, 1.1][k], n) * [14, 22, 30][k]
    elif model == "piecewise":  # hazard changes at 8 months; the arms cross
        r1, r2 = [(1 / 25, 1 / 25), (1 / 9, 1 / 60), (1 / 15, 1 / 40)][k]
        t = rng.exponential(1 / r1, n)
        late = t > 8
        t[late] = 8 + rng.exponential(1 / r2, int(late.sum()))
    elif model == "loglogistic":
        u = rng.random(n)
        t = [10, 16, 24][k] * (u / (1 - u)) ** (1 / [1.6, 2.2, 1.3][k])
    elif model == "cure":
        t = np.where(rng.random(n) < [0.15, 0.4, 0.3][k], np.inf, rng.exponential([8, 11, 14][k], n))
    else:  # exponential
        t = rng.exponential([12, 18, 26][k], n)
    return t * unit_scale


def simulate(rng, model, ns, follow, unit_scale):
    arms = []
    for k, n in enumerate(ns):
        t = draw(rng, model, n, k, unit_scale)
        c = rng.uniform(follow[0], follow[1], n) * unit_scale
        arms.append((np.minimum(t, c), (t <= c).astype(int)))
    return arms


# variations: model, n per arm, follow-up (months), unit, style sheet, palette (None: grey line styles),
# legend ("outside", "ends" = labels at the curve ends, or a matplotlib loc), CI ("band", "dashed", None),
# at-risk form ("rows", "rows_colour", "events", "lifelines"), percent axis, dpi, file type
VARIATIONS = [
    dict(model="weibull", ns=(120, 130), follow=(12, 48), unit="months", style="ggplot", pal=("#E24A33", "#348ABD"),
         legend="upper right", ci="band", table="rows", pct=False, dpi=150, ext="png"),
    dict(model="piecewise", ns=(300, 310), follow=(18, 54), unit="months", style="default", pal=("#4C72B0", "#DD8452"),
         legend="outside", ci=None, table="rows_colour", pct=True, dpi=120, ext="jpg"),
    dict(model="loglogistic", ns=(25, 28), follow=(20, 60), unit="days", style="default", pal=("#009E73", "#CC79A7"),
         legend="lower left", ci="dashed", table="rows", pct=False, dpi=200, ext="png"),
    dict(model="cure", ns=(90, 95, 100), follow=(24, 72), unit="years", style="seaborn-v0_8-whitegrid",
         pal=("#0173B2", "#DE8F05", "#029E73"), legend="ends", ci=None, table="rows_colour", pct=True, dpi=150,
         ext="png"),
    dict(model="exp", ns=(1500, 1450), follow=(6, 40), unit="months", style="default", pal=None, legend="upper right",
         ci=None, table="rows", pct=False, dpi=100, ext="png"),
    dict(model="weibull", ns=(80, 85, 75), follow=(10, 50), unit="months", style="default", pal=None,
         legend="lower left", ci=None, table="rows", pct=True, dpi=200, ext="jpg"),
    dict(model="piecewise", ns=(150, 160), follow=(20, 48), unit="months", style="bmh", pal=("#A60628", "#348ABD"),
         legend="center right", ci="band", table="events", pct=False, dpi=150, ext="png"),
    dict(model="exp", ns=(200, 210), follow=(12, 60), unit="months", style="default", pal=("#1f77b4", "#ff7f0e"),
         legend="upper right", ci="band", table="lifelines", pct=False, dpi=130, ext="png"),
    dict(model="loglogistic", ns=(400, 380), follow=(24, 72), unit="months", style="seaborn-v0_8-ticks",
         pal=("#8172B3", "#55A868"), legend="outside", ci="dashed", table="rows", pct=True, dpi=300, ext="jpg"),
    dict(model="cure", ns=(45, 50), follow=(30, 84), unit="years", style="default", pal=("#d62728", "#9467bd"),
         legend="upper right", ci=None, table="events", pct=False, dpi=100, ext="jpg"),
    dict(model="weibull", ns=(220, 230, 210), follow=(12, 40), unit="days", style="ggplot",
         pal=("#E24A33", "#348ABD", "#988ED5"), legend="upper right", ci=None, table="rows_colour", pct=False,
         dpi=120, ext="png"),
    dict(model="piecewise", ns=(60, 65), follow=(14, 36), unit="months", style="default", pal=("#2ca02c", "#1f77b4"),
         legend="ends", ci="band", table="lifelines", pct=True, dpi=180, ext="png"),
]
UNITS = {"days": 30.4375, "months": 1.0, "years": 1 / 12}
LABELS = [("Control", "Intervention"), ("Standard therapy", "Experimental therapy"), ("Arm A", "Arm B"),
          ("Observation", "Low dose", "High dose"), ("Placebo", "Active"), ("Regimen 1", "Regimen 2", "Regimen 3")]


def tick_step(tmax: float) -> float:
    for s in (1, 2, 3, 6, 12, 24, 50, 100, 200, 250, 365, 500, 1000):
        if tmax / s <= 8:
            return float(s)
    return 2000.0


def figure(i: int, v: dict, rng) -> None:
    m = len(v["ns"])
    scale = UNITS[v["unit"]]
    arms = simulate(rng, v["model"], v["ns"], v["follow"], scale)
    labels = [lab for lab in LABELS if len(lab) >= m][i % len([lab for lab in LABELS if len(lab) >= m])][:m]
    tmax = max(float(t.max()) for t, _ in arms)
    step = tick_step(tmax)
    ticks = np.arange(0, tmax + 1e-9, step)
    if ticks[-1] < tmax:
        ticks = np.append(ticks, ticks[-1] + step)
    lifelines = v["table"] == "lifelines"
    rows_per_arm = 4 if lifelines else 1
    n_rows = m * rows_per_arm
    plt.style.use(v["style"])
    height = 4.6 + 0.22 * n_rows
    fig = plt.figure(figsize=(6.6 if v["legend"] != "outside" else 7.8, height))
    bottom = (0.9 + 0.22 * n_rows + 0.5) / height
    right = 0.74 if v["legend"] in ("outside", "ends") else 0.95
    left = 0.27 if (lifelines or v["table"] == "events") else 0.22
    ax = fig.add_axes((left, bottom, right - left, 0.92 - bottom))
    ysc = 100.0 if v["pct"] else 1.0
    grey_styles = ["-", "--", ":"]
    colors = v["pal"] or ("black",) * m
    for k, ((t, e), lab) in enumerate(zip(arms, labels)):
        km = kaplan_meier(t, e)
        tt = np.concatenate([[0.0], km.time])
        ss = np.concatenate([[1.0], km.survival]) * ysc
        ls = grey_styles[k] if v["pal"] is None else "-"
        ax.step(tt, ss, where="post", color=colors[k], lw=1.6, ls=ls, label=lab)
        if v["ci"]:
            lo = np.concatenate([[1.0], km.lower]) * ysc
            hi = np.concatenate([[1.0], km.upper]) * ysc
            ok = np.isfinite(lo) & np.isfinite(hi)
            if v["ci"] == "band":
                ax.fill_between(tt[ok], lo[ok], hi[ok], step="post", color=colors[k], alpha=0.15, lw=0)
            else:
                ax.step(tt[ok], lo[ok], where="post", color=colors[k], lw=0.8, ls=(0, (4, 3)))
                ax.step(tt[ok], hi[ok], where="post", color=colors[k], lw=0.8, ls=(0, (4, 3)))
        cens = km.n_censored > 0
        if km.time[cens].size < 400:  # very large trials are usually drawn without marks
            ax.plot(km.time[cens], km.survival[cens] * ysc, ls="none", marker=["+", "|", "x"][i % 3], ms=4.5,
                    mew=0.9, color=colors[k])
        if v["legend"] == "ends":
            ax.annotate(lab, (tt[-1], ss[-1]), xytext=(6, 0), textcoords="offset points", va="center",
                        fontsize=8.5, color=colors[k], annotation_clip=False)
    ax.set_xlim(0, ticks[-1])
    ax.set_xticks(ticks)
    ax.set_ylim(0, 1.02 * ysc)
    if v["pct"] and i % 2:
        ax.yaxis.set_major_formatter(PercentFormatter(decimals=0))
    ax.set_xlabel(f"Time ({v['unit']})")
    ax.set_ylabel("Progression-free survival (%)" if v["pct"] else "Survival probability")
    if v["legend"] == "outside":
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False, fontsize=9)
    elif v["legend"] != "ends":
        ax.legend(loc=v["legend"], fontsize=9, title="Treatment" if i % 2 else None)
    if i % 4 == 1:
        ax.set_title("Kaplan-Meier estimate", fontsize=11)
    # at-risk rows in axes coordinates under the x axis
    fig_h_ax = ax.get_position().height * height  # inches of the axes
    line = 0.2 / fig_h_ax
    y = -0.75 / fig_h_ax
    lab_x = -(0.11 if v["table"] == "events" else 0.06) * ticks[-1]
    head = {"events": "Number at risk (events)", "lifelines": None}.get(v["table"], "No. at risk")
    if head:
        ax.text(0.02, y + line, head, transform=blended_transform_factory(fig.transFigure, ax.transAxes),
                fontsize=8.5, weight="bold", ha="left", va="center")
    for k, ((t, e), lab) in enumerate(zip(arms, labels)):
        km = kaplan_meier(t, e)
        nr = np.atleast_1d(km.n_at_risk_at(ticks)).astype(int)
        ev = np.array([int(np.sum(e[t <= x])) for x in ticks])
        ce = np.array([int(np.sum((1 - e)[t <= x])) for x in ticks])
        col = colors[k] if v["table"] == "rows_colour" else "black"
        rows = [(lab, nr)] if not lifelines else [(lab, None), ("At risk", nr), ("Censored", ce), ("Events", ev)]
        for name, vals in rows:
            y -= line
            ax.text(lab_x, y, name, transform=ax.get_xaxis_transform(), ha="right", va="center",
                    fontsize=8.5, color=col, weight="bold" if (lifelines and vals is None) else "normal")
            if vals is None:
                continue
            for x, val, evx in zip(ticks, vals, ev):
                txt = f"{val} ({evx})" if v["table"] == "events" else str(val)
                ax.text(x, y, txt, transform=ax.get_xaxis_transform(), ha="center", va="center", fontsize=8.5,
                        color=col)
        if lifelines:
            y -= 0.3 * line
    name = f"h2_py_{i:02d}_{v['model']}"
    kw = {"pil_kwargs": {"quality": 75}} if v["ext"] == "jpg" else {}
    fig.savefig(OUT / f"{name}.{v['ext']}", dpi=v["dpi"], **kw)
    plt.close(fig)
    plt.style.use("default")
    save_truth(name, arms, labels, ticks, "lifelines" if lifelines else "matplotlib")


def main() -> None:
    rng = np.random.default_rng(8675309)
    for i, v in enumerate(VARIATIONS):
        figure(i, v, rng)


if __name__ == "__main__":
    main()
