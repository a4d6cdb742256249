"""The outputs of a reconstruction: ``ipd.csv``, ``diagnostics.json`` and the diagnostics figure (the digitized
points over the reconstructed Kaplan–Meier curves), written whole or not at all. The reading and the
reconstruction are :mod:`trialscout.reconstruct`'s."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .._output import output_dir
from .._validate import InputError
from ..reconstruct import Reconstruction, km_steps, reconstruct_files, to_adtte

__all__ = ["reconstruct_from_files", "ReconstructionOutput", "plot_reconstruction"]


@dataclass(frozen=True, slots=True)
class ReconstructionOutput:
    """What :func:`reconstruct_from_files` produced.

    Attributes
    ----------
    arms : dict
        Arm -> :class:`Reconstruction`.
    ipd_path, diagnostics_path, figure_path : Path
        The files written in the output folder.
    """

    arms: dict
    ipd_path: Path
    diagnostics_path: Path
    figure_path: Path | None


def _diagnostics_document(recs: dict[str, Reconstruction], sources: dict) -> dict:
    doc: dict = {"method": None, "arms": {}, "sources": sources}
    for arm, rec in recs.items():
        doc["method"] = rec.method
        c = rec.curve
        doc["arms"][arm] = {
            "information": rec.information,
            "n": rec.n,
            "n_events": rec.n_events,
            "warnings": list(rec.warnings),
            "cleaning": {
                "points_given": c.n_input,
                "points_used": int(len(c.time) - 1),
                "percent_scale": c.percent_scale,
                "scale_reason": c.scale_reason,
                "incidence": c.incidence,
                "outliers_dropped": [x if isinstance(x, (int, str)) else str(x) for x in c.outliers],
                "monotone_repair": c.monotone,
                "points_adjusted": c.n_adjusted,
                "largest_adjustment": c.max_adjustment,
                "points_collapsed": c.n_collapsed,
                "points_clipped": c.n_clipped,
                "curve_end": c.end,
            },
            **rec.diagnostics.as_dict(),
        }
    return doc



def reconstruct_from_files(
    curves: dict,
    at_risk=None,
    events: dict | None = None,
    out_dir=None,
    *,
    n: dict | None = None,
    ticks: dict | None = None,
    paramcd: str = "TTE",
    figure_format: str = "png",
    incidence: bool = False,
    warn: bool = False,
) -> ReconstructionOutput:
    """Read digitized curves (and an at-risk table), reconstruct each arm, write the results.

    Parameters
    ----------
    curves : dict
        Arm -> path of the digitized curve file.
    at_risk : path or dict, optional
        The numbers-at-risk file (wide or long), which must name exactly the arms of ``curves``; or a dict
        arm -> path of one file per arm (any shape of the module docstring).
    events : dict, optional
        Arm -> published total events.
    out_dir : path
        Output folder, created if needed. Written whole-or-nothing: ``ipd.csv`` (ADTTE-shaped: USUBJID, ARM,
        PARAMCD, AVAL, CNSR with 0 = event), ``diagnostics.json`` and ``diagnostics.<figure_format>`` (the
        digitized points over the reconstructed curves). An existing folder is replaced as a whole, and only
        if it is empty or trialscout wrote it and it holds nothing else (see
        :func:`trialscout._output.output_dir`); it must not hold an input file.
    n : dict, optional
        Arm -> arm size, for arms without an at-risk table.
    ticks : dict, optional
        Arm -> path of a file of censoring-tick times (one column, or time and survival as digitized).
    paramcd : str
        PARAMCD of the written rows.
    figure_format : {"png", "svg"}, or "none" to skip the figure.
    incidence : bool
        The digitized curves are cumulative incidence, 1 - S(t).
    warn : bool
        Also issue the warnings as Python warnings (they are always in the diagnostics JSON).

    Returns
    -------
    ReconstructionOutput

    Raises
    ------
    InputError
        A file that cannot be read (naming it and the line), an arm named in one input but not another, or
        any error of :func:`~trialscout.reconstruct.reconstruct_ipd`, or an ``out_dir`` that is a file, holds files trialscout did not
        write, or holds an input file. Nothing is written then.
    """
    if out_dir is None:
        raise InputError("`out_dir` is required")
    if figure_format not in ("png", "svg", "none"):
        raise InputError(f"`figure_format` must be 'png', 'svg' or 'none'; got {figure_format!r}")
    read = reconstruct_files(curves, at_risk, events, n=n, ticks=ticks, incidence=incidence, warn=warn)
    recs = read.arms
    out_dir = Path(out_dir)
    names = ["ipd.csv", "diagnostics.json"]
    with output_dir(out_dir, protect=list(read.inputs), command="trialscout reconstruct") as tmp:
        to_adtte(recs, paramcd).to_csv(tmp / "ipd.csv", index=False)
        with open(tmp / "diagnostics.json", "w", encoding="utf-8") as fh:
            json.dump(_diagnostics_document(recs, read.sources), fh, indent=2)
        if figure_format != "none":
            fig_name = f"diagnostics.{figure_format}"
            plot_reconstruction(recs, tmp / fig_name)
            names.append(fig_name)
    return ReconstructionOutput(
        arms=recs,
        ipd_path=out_dir / "ipd.csv",
        diagnostics_path=out_dir / "diagnostics.json",
        figure_path=(out_dir / names[2]) if len(names) > 2 else None,
    )


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
