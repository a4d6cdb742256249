"""Figures of an extrapolation: fitted models over the Kaplan-Meier curve, empirical against model hazards,
and the long-term extrapolation. matplotlib is imported inside the functions (Agg backend)."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from . import predict as P
from .analysis import Extrapolation

__all__ = ["fits_figure", "hazard_figure", "extrapolation_figure", "save", "empirical_hazard"]

_COLORS = ("#0072B5", "#BC3C29", "#20854E", "#E18727", "#7876B1", "#6F99AD", "#FFDC91", "#EE4C97", "#8C564B",
           "#17BECF", "#7F7F7F", "#BCBD22")
_STYLE = {"font.family": "DejaVu Sans", "font.size": 8.5, "axes.spines.top": False, "axes.spines.right": False,
          "svg.fonttype": "path", "svg.hashsalt": "trialscout"}


def _plt():
    import matplotlib

    matplotlib.use("Agg", force=True)
    import matplotlib.pyplot as plt

    return plt


def save(fig, stem: Path, formats=("png", "svg"), dpi: int = 150) -> list[Path]:
    """Write ``stem.png`` / ``stem.svg`` (deterministic metadata) and close the figure."""
    out = []
    for fmt in formats:
        path = Path(stem).with_suffix(f".{fmt}")
        kw = {"metadata": {"Date": None}} if fmt == "svg" else {"metadata": {"Software": None}}
        fig.savefig(path, format=fmt, dpi=dpi, bbox_inches="tight", **kw)
        out.append(path)
    _plt().close(fig)
    return out


def _km(time, event):
    from ..survival import kaplan_meier

    km = kaplan_meier(time, event, preset="r")
    t = np.concatenate([[0.0], km.time])
    return t, np.concatenate([[1.0], km.survival]), np.concatenate([[1.0], km.lower]), \
        np.concatenate([[1.0], km.upper])


def empirical_hazard(time, event, n_intervals: int = 10):
    """Events per unit person-time in intervals holding equal numbers of events: (midpoints, hazards, edges)."""
    time = np.asarray(time, dtype=float)
    event = np.asarray(event, dtype=bool)
    te = np.sort(time[event])
    k = max(1, min(n_intervals, len(te) // 5))
    edges = np.unique(np.concatenate([[0.0], np.quantile(te, np.linspace(0, 1, k + 1))[1:-1], [time.max()]]))
    mids, haz = [], []
    for a, b in zip(edges[:-1], edges[1:]):
        exposure = np.clip(np.minimum(time, b) - a, 0.0, None).sum()
        d = np.sum(event & (time > a) & (time <= b))
        if exposure > 0:
            mids.append(0.5 * (a + b))
            haz.append(d / exposure)
    return np.array(mids), np.array(haz), edges


def _arm_data(time, event, arm, name):
    time, event = np.asarray(time, dtype=float), np.asarray(event, dtype=bool)
    if arm is None or name == "all":
        return time, event
    m = np.asarray(arm).astype(str) == name
    return time[m], event[m]


def _fits_for(x: Extrapolation, name: str):
    for f in x.fits:
        if name in f.arms and (f.arm is None or f.arm == name):
            yield f


def _best(x: Extrapolation, name: str):
    ok = [f for f in _fits_for(x, name) if f.converged]
    return min(ok, key=lambda f: f.aic) if ok else None


def _curves(ax, x: Extrapolation, name: str, grid: np.ndarray, quantity: str):
    best = _best(x, name)
    for i, f in enumerate(_fits_for(x, name)):
        a = name if f.arm is None else None
        vals = P.evaluate(f, quantity, f.theta[None, :], a, grid)[0]
        lw = 1.8 if f is best else 1.0
        ax.plot(grid, vals, color=_COLORS[i % len(_COLORS)], lw=lw,
                label=f.distribution + ("" if f.converged else " (not converged)"))
        if f is best and quantity == "survival":
            est = P.survival(f, grid, arm=a)
            lo = np.array([e.lower for e in est])
            hi = np.array([e.upper for e in est])
            ax.fill_between(grid, lo, hi, color=_COLORS[i % len(_COLORS)], alpha=0.15, lw=0)


def _best_note(x: Extrapolation, name: str, shaded: bool = True) -> str:
    best = _best(x, name)
    if best is None:
        return ""
    return f"\n(bold: lowest AIC, {best.distribution}" + ("; shaded: its 95% CI)" if shaded else ")")


def _legend(ax, last: bool) -> None:
    if last:  # one legend, right of the last panel: the curves stay visible
        leg = ax.legend(fontsize=7, frameon=False, loc="upper left", bbox_to_anchor=(1.02, 1.0))
        for line in leg.get_lines():  # the bold model differs by panel: the legend shows colours only
            line.set_linewidth(1.4)


def _grid(t_max: float, n: int = 200) -> np.ndarray:
    return np.linspace(t_max / (4 * n), t_max, n)


def fits_figure(x: Extrapolation, time, event, arm):
    """One panel per arm: the Kaplan-Meier curve with its 95% CI and every model's S(t) over the data."""
    plt = _plt()
    with plt.rc_context(_STYLE):
        fig, axes = plt.subplots(1, len(x.arms), figsize=(5.2 * len(x.arms), 4.2), squeeze=False)
        for ax, name in zip(axes[0], x.arms):
            t, e = _arm_data(time, event, arm, name)
            kt, ks, kl, ku = _km(t, e)
            ax.fill_between(kt, kl, ku, step="post", color="0.8", alpha=0.6, lw=0)
            ax.step(kt, ks, where="post", color="black", lw=1.4, label="Kaplan-Meier")
            _curves(ax, x, name, _grid(float(t.max())), "survival")
            ax.set_ylim(0, 1.02)
            ax.set_xlim(0, float(t.max()))
            ax.set_title(f"{name}: fitted models{_best_note(x, name)}")
            ax.set_xlabel("Time")
            ax.set_ylabel("Survival probability")
            _legend(ax, name == x.arms[-1])
        fig.tight_layout()
    return fig


def hazard_figure(x: Extrapolation, time, event, arm):
    """One panel per arm: the empirical hazard (steps over equal-event intervals) against the models' hazards."""
    plt = _plt()
    with plt.rc_context(_STYLE):
        fig, axes = plt.subplots(1, len(x.arms), figsize=(5.2 * len(x.arms), 4.2), squeeze=False)
        for ax, name in zip(axes[0], x.arms):
            t, e = _arm_data(time, event, arm, name)
            mids, haz, edges = empirical_hazard(t, e)
            if len(haz):
                ax.stairs(haz, edges[:len(haz) + 1], color="black", lw=1.4, label="empirical")
            _curves(ax, x, name, _grid(float(t.max())), "hazard")
            top = 1.4 * float(np.max(haz)) if len(haz) else None
            if top and np.isfinite(top) and top > 0:
                ax.set_ylim(0, top)
            ax.set_xlim(0, float(t.max()))
            ax.set_title(f"{name}: hazard{_best_note(x, name, shaded=False)}")
            ax.set_xlabel("Time")
            ax.set_ylabel("Hazard (events per unit time)")
            _legend(ax, name == x.arms[-1])
        fig.tight_layout()
    return fig


def extrapolation_figure(x: Extrapolation, time, event, arm):
    """One panel per arm: every model's S(t) to the horizon over the Kaplan-Meier curve; the data's end marked."""
    plt = _plt()
    with plt.rc_context(_STYLE):
        fig, axes = plt.subplots(1, len(x.arms), figsize=(5.2 * len(x.arms), 4.2), squeeze=False)
        for ax, name in zip(axes[0], x.arms):
            t, e = _arm_data(time, event, arm, name)
            kt, ks, _, _ = _km(t, e)
            ax.step(kt, ks, where="post", color="black", lw=1.4, label="Kaplan-Meier")
            _curves(ax, x, name, _grid(x.horizon, 300), "survival")
            ax.axvline(float(t.max()), color="0.5", lw=0.8, ls="--")
            ax.text(float(t.max()), 1.0, " end of data", fontsize=7, color="0.4", va="top")
            ax.set_ylim(0, 1.02)
            ax.set_xlim(0, x.horizon)
            ax.set_title(f"{name}: extrapolation to {x.horizon:g}{_best_note(x, name)}")
            ax.set_xlabel("Time")
            ax.set_ylabel("Survival probability")
            _legend(ax, name == x.arms[-1])
        fig.tight_layout()
    return fig
