"""Diagnostics figure: the digitized points over the reconstructed Kaplan–Meier curves."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from ._guyot import Reconstruction, km_steps

__all__ = ["plot_reconstruction"]


def plot_reconstruction(recs: dict[str, Reconstruction], path) -> Path:
    """Draw each arm's digitized points (as given) over the KM curve of its reconstructed data.

    Parameters
    ----------
    recs : dict
        Arm -> :class:`Reconstruction`.
    path : str or Path
        Output file; the format follows the suffix (``.png``, ``.svg``).

    Returns
    -------
    Path
        ``path``.

    Notes
    -----
    Below the curves, one line per arm gives the published / reconstructed numbers at risk at the table's
    times, so a mismatch is visible at a glance.
    """
    import matplotlib

    matplotlib.use("Agg", force=False)
    from matplotlib.figure import Figure

    path = Path(path)
    fig = Figure(figsize=(8, 5.5 + 0.2 * len(recs)))
    bottom = 0.11 + 0.035 * len(recs)
    ax = fig.add_axes((0.1, bottom, 0.85, 0.95 - bottom))
    colors = ["C0", "C3", "C2", "C1", "C4", "C5", "C6", "C7"]
    lines = []
    for j, (arm, rec) in enumerate(recs.items()):
        col = colors[j % len(colors)]
        kt, ks = km_steps(rec.time, rec.event)
        end = max(rec.curve.end, float(rec.time.max()) if rec.n else 0.0)
        xs = np.concatenate(([0.0], kt, [end]))
        ys = np.concatenate(([1.0], ks, [ks[-1] if len(ks) else 1.0]))
        ax.step(xs, ys, where="post", color=col, lw=1.4, label=f"{arm}: reconstructed (n={rec.n}, "
                f"{rec.n_events} events)")
        ax.plot(rec.curve.raw_time, rec.curve.raw_survival, "o", ms=2.5, color=col, alpha=0.5,
                mfc="none", label=f"{arm}: digitized")
        d = rec.diagnostics
        cells = "  ".join(f"{t:g}: {p}/{r}" for t, p, r in zip(d.risk_time, d.risk_published,
                                                                 d.risk_reconstructed))
        gap = f"max gap {d.max_gap:.3f}"
        lines.append(f"{arm} at risk (published/reconstructed) {cells}   [{gap}]")
    ax.set_ylim(-0.02, 1.02)
    ax.set_xlim(left=0)
    ax.set_xlabel("time")
    ax.set_ylabel("survival")
    ax.grid(alpha=0.3)
    ax.legend(fontsize=7, loc="upper right")
    for j, text in enumerate(lines):
        fig.text(0.02, 0.02 + 0.035 * (len(lines) - 1 - j), text, fontsize=6.5, family="monospace")
    fig.savefig(path, dpi=120)
    return path
