"""Publication figures: Kaplan–Meier curves with a numbers-at-risk table, and the subgroup forest plot.

matplotlib is imported inside the functions (Agg backend), so importing :mod:`trialscout.report` stays cheap and
never needs a display. Each function returns a matplotlib Figure; :func:`save_figure` writes it as SVG and PNG
and :func:`figure_bytes` gives the bytes for embedding.
"""

from __future__ import annotations

import math
import textwrap

import numpy as np

from .format import format_hr, format_pvalue
from .text import pretty

__all__ = ["km_figure", "forest_figure", "save_figure", "figure_bytes", "nice_ticks", "mark_synthetic", "ARM_COLORS",
           "SYNTHETIC_LABEL"]

#: Treated arm first, control second: NEJM-style blue and red, then further distinct colours.
ARM_COLORS = ("#0072B5", "#BC3C29", "#20854E", "#E18727", "#7876B1", "#6F99AD")

_RC = {
    "font.family": "DejaVu Sans",
    "font.size": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.linewidth": 0.8,
    "xtick.major.width": 0.8,
    "ytick.major.width": 0.8,
    "svg.fonttype": "path",
    "svg.hashsalt": "trialscout",  # deterministic SVG ids
}


#: The words drawn into every figure made from synthetic patients, so that a figure copied out of the report
#: cannot pass for the trial's own.
SYNTHETIC_LABEL = "Synthetic data"


def mark_synthetic(fig) -> None:
    """Draw :data:`SYNTHETIC_LABEL` into ``fig``: a large diagonal watermark across the figure and a boxed label in
    its top-left corner. Both are part of the image (PNG pixels, SVG paths), not metadata."""
    fig.text(0.5, 0.55, SYNTHETIC_LABEL.upper(), ha="center", va="center", rotation=28, fontsize=44,
             fontweight="bold", color="#999999", alpha=0.22, zorder=0.5, gid="synthetic-data-watermark")
    fig.text(0.006, 0.994, SYNTHETIC_LABEL, ha="left", va="top", fontsize=8.5, fontweight="bold",
             color="#8B0000", gid="synthetic-data-label", bbox={"boxstyle": "square,pad=0.25", "facecolor": "white", "edgecolor": "#8B0000",
                                   "linewidth": 0.8})


def _plt():
    import matplotlib

    matplotlib.use("Agg", force=True)
    import matplotlib.pyplot as plt

    return plt


def nice_ticks(t_max: float, max_ticks: int = 9) -> np.ndarray:
    """Tick positions 0, step, 2 step, ... covering ``t_max`` with at most ``max_ticks`` intervals.

    The step is the smallest of 1, 2, 5 times a power of ten, or 3, 6, 12, 18, 24, 36, 48, 60 (months read well
    in 3s and 6s), that needs at most ``max_ticks`` intervals.
    """
    if not math.isfinite(t_max) or t_max <= 0:
        return np.array([0.0, 1.0])
    steps = sorted({b * 10.0 ** k for k in range(-3, 7) for b in (1, 2, 5)} | {3, 6, 12, 18, 24, 36, 48, 60})
    for step in steps:
        n = math.ceil(t_max / step - 1e-9)
        if n <= max_ticks:
            return np.round(np.arange(n + 1) * step, 10)
    return np.linspace(0, t_max, max_ticks + 1)  # pragma: no cover - beyond 10^7 units


def km_figure(result, arm_labels, *, time_unit: str = "months", ylabel: str | None = None,
              show_ci: bool = True, width: float = 7.0, colors=None, synthetic: bool = False):
    """Kaplan–Meier curves of one endpoint, with CI bands, censoring marks and numbers at risk.

    Parameters
    ----------
    result : TTEResult
        From :func:`trialscout.trial.run_readout` (arms in display order, treated first).
    arm_labels : sequence of str
        Display names of the arms, same order.
    time_unit : str
        Label of the x-axis ("Time since randomisation (months)").
    ylabel : str, optional
        Default: the endpoint label and "(%)".
    show_ci : bool
        Shade the pointwise confidence band (the analysis' transform).
    colors : sequence of str, optional
        One colour per arm (default :data:`ARM_COLORS` in order), so an arm keeps its colour in every figure.
    synthetic : bool
        The data are synthetic patients: the figure carries "Synthetic data" (see :func:`mark_synthetic`).

    A single-arm endpoint (``result.comparison`` None) gets one curve and no hazard ratio.

    Returns
    -------
    matplotlib.figure.Figure
        Two stacked axes sharing the x-axis: the curves, then the numbers at risk printed under each x tick.
    """
    plt = _plt()
    arms = result.arms
    ticks = nice_ticks(max(float(a.km.time.max()) if a.km.time.size else 0.0 for a in arms))
    n_arms = len(arms)
    if colors is None:
        colors = [ARM_COLORS[k % len(ARM_COLORS)] for k in range(n_arms)]
    with plt.rc_context(_RC):
        fig = plt.figure(figsize=(width, 4.3 + 0.22 * n_arms))
        gs = fig.add_gridspec(2, 1, height_ratios=[4.0, 0.45 + 0.28 * n_arms], hspace=0.32)
        ax = fig.add_subplot(gs[0])
        tab = fig.add_subplot(gs[1], sharex=ax)
        for k, (a, label) in enumerate(zip(arms, arm_labels)):
            color = colors[k]
            km = a.km
            t = np.concatenate([[0.0], km.time])
            s = np.concatenate([[1.0], km.survival]) * 100
            ax.step(t, s, where="post", color=color, lw=1.6, label=label)
            if show_ci:
                lo = np.concatenate([[1.0], km.lower]) * 100
                hi = np.concatenate([[1.0], km.upper]) * 100
                ok = np.isfinite(lo) & np.isfinite(hi)
                ax.fill_between(t[ok], lo[ok], hi[ok], step="post", color=color, alpha=0.13, lw=0)
            cens = km.n_censored > 0
            ax.plot(km.time[cens], km.survival[cens] * 100, ls="none", marker="|", ms=6, mew=1.0, color=color)
        ax.set_ylim(0, 102)
        ax.set_yticks(range(0, 101, 20))
        ax.set_xlim(0, ticks[-1])
        ax.set_xticks(ticks)
        # a long endpoint label is wrapped over two lines rather than cut at the figure's edge
        ytext = pretty(ylabel or f"{result.endpoint.label} (%)")
        if len(ytext) > 40:  # two balanced lines, broken between words
            ytext = textwrap.fill(ytext, (len(ytext) + 1) // 2 + 6, break_on_hyphens=False)
        ax.set_ylabel(ytext, linespacing=1.1)
        ax.yaxis.set_label_coords(-0.1, 0.5)  # fixed: clear of the tick labels, inside the figure on two lines
        ax.set_xlabel(f"Time since randomisation ({time_unit})")
        ax.tick_params(axis="x", labelbottom=True)
        ax.legend(loc="upper right", frameon=False, handlelength=1.8)
        c = result.comparison
        if c is not None:
            txt = format_hr(c.hazard_ratio)
            if math.isfinite(c.logrank.pvalue):
                txt += f"; {format_pvalue(c.logrank.pvalue)}"
            if result.endpoint.weighting != "none":
                from .sentences import weighting_phrase

                txt += "\n" + weighting_phrase(result.endpoint.weighting, time_unit)
            ax.text(0.02, 0.04, txt, transform=ax.transAxes, ha="left", va="bottom", fontsize=8.5)
        # numbers at risk: one row per arm, each number centred under its x tick
        tab.set_ylim(-0.5, n_arms - 0.5)
        tab.invert_yaxis()
        for k, (a, label) in enumerate(zip(arms, arm_labels)):
            color = colors[k]
            nr = a.km.n_at_risk_at(ticks)
            for x, v in zip(ticks, np.atleast_1d(nr)):
                tab.text(x, k, str(int(v)), ha="center", va="center", fontsize=8.5, color=color)
        tab.set_yticks(range(n_arms))
        tab.set_yticklabels(_row_labels(arm_labels, width), fontsize=8.5)
        for lbl, k in zip(tab.get_yticklabels(), range(n_arms)):
            lbl.set_color(colors[k])
        tab.tick_params(axis="both", length=0, labelbottom=False)
        tab.tick_params(axis="y", pad=16)
        for side in ("left", "bottom", "top", "right"):
            tab.spines[side].set_visible(False)
        tab.set_title("Number at risk", loc="left", fontsize=8.5, fontweight="bold", pad=2)
        fig.subplots_adjust(left=0.2, right=0.97, top=0.97, bottom=0.04)
        _fit_row_labels(fig, tab)
        if synthetic:
            mark_synthetic(fig)
    return fig


# the at-risk table's row labels may take at most this share of the figure's width
_MAX_LABEL_SHARE = 0.34


def _row_labels(arm_labels, width: float) -> list[str]:
    """Arm labels for the at-risk rows: one longer than fits a third of the figure is wrapped between words.

    (A rough width of 0.085 inch a character at 8.5 pt; :func:`_fit_row_labels` then widens the margin by the
    measured size.)"""
    chars = max(12, int(_MAX_LABEL_SHARE * width / 0.085))
    return [textwrap.fill(str(lab), chars, break_on_hyphens=False) if len(str(lab)) > chars else str(lab)
            for lab in arm_labels]


def _fit_row_labels(fig, tab) -> None:
    """Widen the left margin so that the at-risk table's row labels are inside the figure, not cut at its edge."""
    renderer = fig.canvas.get_renderer()
    fig_w = fig.bbox.width
    left_px = min((lbl.get_window_extent(renderer).x0 for lbl in tab.get_yticklabels()), default=0.0)
    if left_px >= 0.02 * fig_w:
        return
    needed = fig.subplotpars.left + (0.02 * fig_w - left_px) / fig_w
    fig.subplots_adjust(left=min(needed, _MAX_LABEL_SHARE + 0.06))


def forest_figure(sub, arm_labels, *, width: float = 9.0, synthetic: bool = False):
    """Forest plot of hazard ratios by subgroup (log scale), with events/N per arm and interaction P values.

    Parameters
    ----------
    sub : SubgroupResult
    arm_labels : sequence of str
        Treated arm first, control second.
    synthetic : bool
        The data are synthetic patients: the figure carries "Synthetic data" (see :func:`mark_synthetic`).
    """
    plt = _plt()
    rows = [("All patients", sub.overall, False, None)]
    for v in sub.variables:
        rows.append((v.label, None, True, v.interaction.pvalue))
        for lv in v.levels:
            rows.append((lv.level, lv, False, None))
    n = len(rows)
    finite = [x for _, lv, _, _ in rows if lv is not None
              for x in (lv.hazard_ratio.lower, lv.hazard_ratio.upper, lv.hazard_ratio.value)
              if math.isfinite(x) and x > 0]
    lo = min(finite + [0.5]) / 1.1
    hi = max(finite + [2.0]) * 1.1
    ladder = (0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000)
    lo = max([t for t in ladder if t <= lo] or [ladder[0]])
    hi = min([t for t in ladder if t >= hi] or [ladder[-1]])
    ticks = [t for t in ladder if lo <= t <= hi]
    if len(ticks) > 7:  # decades only
        ticks = [t for t in ticks if math.isclose(math.log10(t), round(math.log10(t)))]
    height = 1.1 + 0.27 * n
    with plt.rc_context(_RC):
        import matplotlib.transforms as mtransforms

        fig = plt.figure(figsize=(width, height))
        ax = fig.add_axes([0.50, 0.75 / height, 0.24, 1 - 1.05 / height])
        ax.set_xscale("log")
        ax.set_ylim(n - 0.5, -1.6)
        ax.set_xlim(lo, hi)
        ax.axvline(1.0, color="0.3", lw=0.8)
        overall = sub.overall.hazard_ratio.value
        if math.isfinite(overall):
            ax.axvline(overall, color="0.6", lw=0.7, ls="--")
        for side in ("left", "right", "top"):
            ax.spines[side].set_visible(False)
        ax.set_yticks([])
        ax.set_xticks(ticks)
        ax.set_xticklabels([f"{t:g}" for t in ticks])
        ax.minorticks_off()
        ax.set_xlabel(f"\u2190 {textwrap.shorten(arm_labels[0], 24)} better   "
                      f"{textwrap.shorten(arm_labels[1], 24)} better \u2192", fontsize=8)
        tr = mtransforms.blended_transform_factory(fig.transFigure, ax.transData)
        x_label, x_t, x_c, x_hr, x_p = 0.015, 0.30, 0.41, 0.755, 0.905
        head_y = -1.1

        def put(x, y, text, ha="left", bold=False):
            ax.text(x, y, text, transform=tr, ha=ha, va="center", fontsize=8,
                    fontweight="bold" if bold else "normal", clip_on=False)

        put(x_label, head_y, "Subgroup", bold=True)
        put(x_t, head_y, textwrap.fill(arm_labels[0], 12) + "\nevents/N", "center", True)
        put(x_c, head_y, textwrap.fill(arm_labels[1], 12) + "\nevents/N", "center", True)
        put(x_hr, head_y, "Hazard ratio\n(95% CI)", bold=True)
        put(x_p, head_y, "Interaction\nP value", bold=True)
        for y, (label, lv, is_head, p) in enumerate(rows):
            indent = 0.0 if (is_head or y == 0) else 0.015
            put(x_label + indent, y, textwrap.shorten(pretty(label), 40), bold=is_head or y == 0)
            if is_head:
                if p is not None and math.isfinite(p):
                    put(x_p, y, format_pvalue(p).split(" ", 1)[1].removeprefix("= "))
                continue
            put(x_t, y, f"{lv.events[0]}/{lv.n[0]}", "center")
            put(x_c, y, f"{lv.events[1]}/{lv.n[1]}", "center")
            hr = lv.hazard_ratio
            put(x_hr, y, format_hr(hr).removeprefix("HR ").replace("95% CI, ", ""))
            if math.isfinite(hr.value) and hr.value > 0:
                l = hr.lower if math.isfinite(hr.lower) else lo
                u = hr.upper if math.isfinite(hr.upper) else hi
                ax.plot([max(l, lo), min(u, hi)], [y, y], color="black", lw=1.0, solid_capstyle="butt")
                ax.plot([min(max(hr.value, lo), hi)], [y], marker="D" if y == 0 else "s", ms=7 if y == 0 else 5,
                        color=ARM_COLORS[0], mec="black", mew=0.5)
        if synthetic:
            mark_synthetic(fig)
    return fig


def figure_bytes(fig, fmt: str, dpi: int = 200, *, tight: bool = False) -> bytes:
    """The figure encoded as ``"svg"`` or ``"png"`` (no date or software in the metadata: the same figure gives the
    same bytes); ``tight`` crops it to its drawn contents."""
    import io

    buf = io.BytesIO()
    kw: dict = {"metadata": {"Date": None}} if fmt == "svg" else {"metadata": {"Software": None}}
    if tight:
        kw["bbox_inches"] = "tight"
    with _plt().rc_context({"svg.hashsalt": "trialscout"}):  # SVG ids from the contents, not at random
        fig.savefig(buf, format=fmt, dpi=dpi, **kw)
    return buf.getvalue()


def save_figure(fig, stem, *, dpi: int = 200, formats=("svg", "png"), tight: bool = False) -> dict:
    """Write ``stem.svg`` and ``stem.png`` (or the ``formats`` given, in that order); return
    ``{"svg": bytes, "png": bytes}`` and close the figure."""
    from pathlib import Path

    stem = Path(stem)
    out = {}
    for fmt in formats:
        data = figure_bytes(fig, fmt, dpi=dpi, tight=tight)
        stem.with_suffix(f".{fmt}").write_bytes(data)
        out[fmt] = data
    _plt().close(fig)
    return out
