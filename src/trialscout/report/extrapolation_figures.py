"""Figures of a survival extrapolation and of a partitioned-survival model: fitted models over the Kaplan-Meier
curve, empirical against model hazards, the long-term extrapolation; state occupancy, the cost-effectiveness plane
and the acceptability curve. matplotlib is imported inside the functions (Agg backend)."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from ..extrapolate import predict as P
from ..extrapolate.analysis import Extrapolation, empirical_hazard
from ..extrapolate.psm import PSMResult, state_occupancy
from .figures import _plt, save_figure

__all__ = ["fits_figure", "hazard_figure", "extrapolation_figure", "psm_figures", "save"]

_COLORS = ("#0072B5", "#BC3C29", "#20854E", "#E18727", "#7876B1", "#6F99AD", "#FFDC91", "#EE4C97", "#8C564B",
           "#17BECF", "#7F7F7F", "#BCBD22")
_STYLE = {"font.family": "DejaVu Sans", "font.size": 8.5, "axes.spines.top": False, "axes.spines.right": False,
          "svg.fonttype": "path", "svg.hashsalt": "trialscout"}


def save(fig, stem: Path, formats=("png", "svg"), dpi: int = 150) -> list[Path]:
    """Write ``stem.png`` / ``stem.svg`` (deterministic metadata, tight bounding box) and close the figure."""
    save_figure(fig, stem, dpi=dpi, formats=formats, tight=True)
    return [Path(stem).with_suffix(f".{fmt}") for fmt in formats]


def _km(time, event):
    from ..survival import kaplan_meier

    km = kaplan_meier(time, event, preset="r")
    t = np.concatenate([[0.0], km.time])
    return t, np.concatenate([[1.0], km.survival]), np.concatenate([[1.0], km.lower]), \
        np.concatenate([[1.0], km.upper])


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


def _panels(x: Extrapolation, time, event, arm, draw, ylabel: str):
    """One panel per arm, ``draw(ax, name, t, e)`` filling each; the x label, the y label and one legend."""
    plt = _plt()
    with plt.rc_context(_STYLE):
        fig, axes = plt.subplots(1, len(x.arms), figsize=(5.2 * len(x.arms), 4.2), squeeze=False)
        for ax, name in zip(axes[0], x.arms):
            t, e = _arm_data(time, event, arm, name)
            draw(ax, name, t, e)
            ax.set_xlabel("Time")
            ax.set_ylabel(ylabel)
            _legend(ax, name == x.arms[-1])
        fig.tight_layout()
    return fig


def fits_figure(x: Extrapolation, time, event, arm):
    """One panel per arm: the Kaplan-Meier curve with its 95% CI and every model's S(t) over the data."""
    def draw(ax, name, t, e):
        kt, ks, kl, ku = _km(t, e)
        ax.fill_between(kt, kl, ku, step="post", color="0.8", alpha=0.6, lw=0)
        ax.step(kt, ks, where="post", color="black", lw=1.4, label="Kaplan-Meier")
        _curves(ax, x, name, _grid(float(t.max())), "survival")
        ax.set_ylim(0, 1.02)
        ax.set_xlim(0, float(t.max()))
        ax.set_title(f"{name}: fitted models{_best_note(x, name)}")

    return _panels(x, time, event, arm, draw, "Survival probability")


def hazard_figure(x: Extrapolation, time, event, arm):
    """One panel per arm: the empirical hazard (steps over equal-event intervals) against the models' hazards."""
    def draw(ax, name, t, e):
        mids, haz, edges = empirical_hazard(t, e)
        if len(haz):
            ax.stairs(haz, edges[:len(haz) + 1], color="black", lw=1.4, label="empirical")
        _curves(ax, x, name, _grid(float(t.max())), "hazard")
        top = 1.4 * float(np.max(haz)) if len(haz) else None
        if top and np.isfinite(top) and top > 0:
            ax.set_ylim(0, top)
        ax.set_xlim(0, float(t.max()))
        ax.set_title(f"{name}: hazard{_best_note(x, name, shaded=False)}")

    return _panels(x, time, event, arm, draw, "Hazard (events per unit time)")


def extrapolation_figure(x: Extrapolation, time, event, arm):
    """One panel per arm: every model's S(t) to the horizon over the Kaplan-Meier curve; the data's end marked."""
    def draw(ax, name, t, e):
        kt, ks, _, _ = _km(t, e)
        ax.step(kt, ks, where="post", color="black", lw=1.4, label="Kaplan-Meier")
        _curves(ax, x, name, _grid(x.horizon, 300), "survival")
        ax.axvline(float(t.max()), color="0.5", lw=0.8, ls="--")
        ax.text(float(t.max()), 1.0, " end of data", fontsize=7, color="0.4", va="top")
        ax.set_ylim(0, 1.02)
        ax.set_xlim(0, x.horizon)
        ax.set_title(f"{name}: extrapolation to {x.horizon:g}{_best_note(x, name)}")

    return _panels(x, time, event, arm, draw, "Survival probability")


def psm_figures(res: PSMResult) -> dict:
    """State occupancy per arm, and (with draws) the cost-effectiveness plane and acceptability curve."""
    plt = _plt()
    figs = {}
    with plt.rc_context(_STYLE):
        fig, axes = plt.subplots(1, len(res.arms), figsize=(4.6 * len(res.arms), 3.8), squeeze=False)
        for ax, a in zip(axes[0], res.arms):
            pf, pd, dead = state_occupancy(res.pfs[a], res.os[a])
            ax.stackplot(res.times, pf, pd, dead, colors=("#0072B5", "#E18727", "#D9D9D9"),
                         labels=("progression-free", "progressed", "dead"))
            ax.set_xlim(0, res.times[-1])
            ax.set_ylim(0, 1)
            ax.set_title(f"{a}: state occupancy")
            ax.set_xlabel(f"Time ({res.settings.time_unit})")
            ax.set_ylabel("Proportion of the cohort")
        axes[0][-1].legend(frameon=False, fontsize=7, loc="upper left", bbox_to_anchor=(1.02, 1.0))
        fig.tight_layout()
        figs["states"] = fig
        if res.psa and len(res.arms) > 1:
            ref = res.arms[0]
            fig, ax = plt.subplots(figsize=(5.6, 4.4))
            for i, a in enumerate(res.arms[1:]):
                dq = res.psa[a]["qalys_discounted"] - res.psa[ref]["qalys_discounted"]
                dc = res.psa[a]["costs_discounted"] - res.psa[ref]["costs_discounted"]
                ax.scatter(dq, dc, s=5, alpha=0.35, color=_COLORS[(i + 1) % len(_COLORS)], lw=0, label=f"{a} vs {ref}")
                inc = res.incremental[a]
                ax.scatter([inc["qalys"]], [inc["costs"]], s=40, color="black", marker="x")
            ax.axhline(0, color="0.5", lw=0.7)
            ax.axvline(0, color="0.5", lw=0.7)
            ax.set_xlabel("Incremental QALYs (discounted)")
            ax.set_ylabel(f"Incremental costs (discounted{', ' + res.currency if res.currency else ''})")
            ax.set_title("Cost-effectiveness plane (x: deterministic)")
            ax.legend(frameon=False, fontsize=7)
            fig.tight_layout()
            figs["ce_plane"] = fig
        if res.ceac:
            fig, ax = plt.subplots(figsize=(5.6, 4.0))
            for i, a in enumerate(res.arms):
                ax.plot(res.wtp, res.ceac[a], color=_COLORS[i % len(_COLORS)], lw=1.6, marker="o", ms=3, label=a)
            ax.set_ylim(-0.02, 1.02)
            ax.set_xlabel(f"Willingness to pay per QALY{' (' + res.currency + ')' if res.currency else ''}")
            ax.set_ylabel("Probability cost-effective")
            ax.set_title("Cost-effectiveness acceptability curve")
            ax.legend(frameon=False, fontsize=7)
            fig.tight_layout()
            figs["ceac"] = fig
    return figs
