"""The end-to-end demo: CARTITUDE-4 from its publication to a synthetic trial, its readout and report.

``trialscout demo`` calls :func:`run_demo`: it synthesizes the trial from the bundled published summary
(``examples/cartitude4/summary.toml``), writes the ADaM-style data and trial spec, runs the readout, writes
the HTML report (which states that the patients are synthetic) and returns the published-vs-reproduced rows.
"""

from __future__ import annotations

import csv
import datetime
import hashlib
import json
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from ._output import output_dir
from ._validate import InputError
from .synth.compare import ComparisonRow, compare_readout
from .synth.summary import TrialSummary, load_summary
from .synth.synthesize import DEFAULT_SEED, synthesize_trial, write_trial

__all__ = ["DemoResult", "run_demo", "bundled_summary_path"]

Progress = Callable[[int, int, str], None]


def bundled_summary_path() -> Path:
    """Path of the bundled CARTITUDE-4 summary (repository ``examples/``, or package data when installed)."""
    here = Path(__file__).resolve()
    candidates = [here.parents[2] / "examples" / "cartitude4" / "summary.toml",
                  here.parent / "examples" / "cartitude4" / "summary.toml"]
    for c in candidates:
        if c.is_file():
            return c
    raise InputError("the bundled CARTITUDE-4 summary (examples/cartitude4/summary.toml) is missing from this "
                     "installation")


def _relative(path: str | Path, out: Path) -> str:
    """``path`` relative to the output folder ``out`` (POSIX separators), as every recorded path is."""
    return Path(os.path.relpath(Path(path).resolve(), out.resolve())).as_posix()


def _provenance(summ: TrialSummary, out: Path, seed: int) -> dict:
    """When, by which version, with which seed and from which summary (path relative to ``out``, SHA-256)."""
    from . import __version__

    p = Path(summ.path)
    digest = hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else None
    return {"created": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
            "trialscout_version": __version__, "seed": seed,
            "inputs": [{"path": _relative(p, out) if p.is_file() else str(summ.path), "sha256": digest}]}


@dataclass(frozen=True)
class DemoResult:
    """What :func:`run_demo` produced.

    Attributes
    ----------
    out_dir : Path
    data_dir : Path
        ADaM-style CSVs and ``spec.toml``.
    report_dir : Path
        ``report.html``, ``results.json``, figures.
    report_html : Path
    comparison_csv : Path
        The published-vs-reproduced table (also ``comparison.json``).
    rows : tuple of ComparisonRow
        Every published figure, its reproduction, the tolerance and whether it is within.
    seed : int
    messages : tuple of str
        What the synthesizer reported it could not match.
    seconds : dict
        Wall time of each step ("synthesize", "report", "total").
    """

    out_dir: Path
    data_dir: Path
    report_dir: Path
    report_html: Path
    comparison_csv: Path
    rows: tuple[ComparisonRow, ...]
    seed: int
    messages: tuple[str, ...]
    seconds: dict

    @property
    def n_within(self) -> int:
        return sum(r.within for r in self.rows)

    @property
    def all_within(self) -> bool:
        return all(r.within for r in self.rows)

    @property
    def missed(self) -> tuple[str, ...]:
        """The published figures not reproduced within tolerance (empty when all are)."""
        return tuple(r.figure for r in self.rows if not r.within)

    def missed_message(self) -> str:
        """One line naming the figures not reproduced (``""`` when every figure is)."""
        if not self.missed:
            return ""
        return (f"{len(self.missed)} of {len(self.rows)} published figures not reproduced within tolerance "
                f"(seed {self.seed}): " + "; ".join(self.missed))


def run_demo(out_dir: str | Path = "trialscout-demo", *, seed: int = DEFAULT_SEED,
             summary: str | Path | TrialSummary | None = None, progress: Progress | None = None) -> DemoResult:
    """Synthesize CARTITUDE-4, run its readout, write the report and compare with the publication.

    Parameters
    ----------
    out_dir : str or Path
        Directory to write: ``data/`` (ADaM + spec), ``report/`` (HTML, JSON, figures), ``comparison.csv``
        and ``comparison.json``; whole or not at all. An existing directory is replaced only if it is empty
        or an earlier trialscout run wrote it and it holds nothing else (see
        :func:`trialscout._output.output_dir`).
    seed : int
        Seed of the synthesis (the output is a deterministic function of it).
    summary : path or TrialSummary, optional
        Another published summary; default the bundled CARTITUDE-4 one.
    progress : callable, optional
        ``progress(done, total, message)`` after each step.

    Returns
    -------
    DemoResult

    Raises
    ------
    InputError
        ``out_dir`` is a file, holds files trialscout did not write, or holds the summary; or a bad summary.
        Nothing is written then.
    """
    from .report.build import build_report  # reporting is imported inside the functions: synth stays below it

    t0 = time.perf_counter()
    out = Path(out_dir)
    if summary is None:
        summary = bundled_summary_path()
    summ = summary if isinstance(summary, TrialSummary) else load_summary(summary)
    protect = [] if isinstance(summary, TrialSummary) else [summary]
    total = 4
    steps = [0]

    def tick(msg: str) -> None:
        steps[0] += 1
        if progress is not None:
            progress(min(steps[0], total), total, msg)

    # Everything (data/, report/, comparison.*) is built in one temporary folder and swapped in at the end.
    with output_dir(out, protect=protect, command="trialscout demo") as tmp:
        trial = synthesize_trial(summ, seed=seed)
        spec_path = write_trial(trial, tmp / "data")
        t_syn = time.perf_counter() - t0
        tick(f"synthesized {len(trial.adsl)} patients (seed {seed})")
        rep = build_report(spec_path, tmp / "report")
        t_rep = time.perf_counter() - t0 - t_syn
        tick("report written")
        rows = compare_readout(summ, rep.readout, trial.adsl, trial.adtte)
        tick("compared with the publication")
        with open(tmp / "comparison.csv", "w", newline="", encoding="utf-8") as fh:
            w = csv.writer(fh)
            w.writerow(["figure", "published", "reproduced", "tolerance", "within"])
            for r in rows:
                w.writerow([r.figure, r.published, r.reproduced, r.tolerance, "yes" if r.within else "NO"])
        (tmp / "comparison.json").write_text(json.dumps(
            {"seed": seed, "summary": _relative(summ.path, out), "synthetic": True,
             "provenance": _provenance(summ, out, seed), "n_figures": len(rows),
             "n_reproduced": sum(r.within for r in rows), "messages": list(trial.messages),
             "rows": [r.as_dict() for r in rows]}, indent=2) + "\n", encoding="utf-8")
        tick("comparison written")
        extrapolate_os(trial.adsl, trial.adtte, tmp / "extrapolation")  # lifetime OS: the model-choice table
    data_dir, report_dir = out / "data", out / "report"
    csv_path = out / "comparison.csv"
    total_s = time.perf_counter() - t0
    return DemoResult(out, data_dir, report_dir, report_dir / rep.html.name, csv_path, rows, seed, trial.messages,
                      {"synthesize": round(t_syn, 3), "report": round(t_rep, 3), "total": round(total_s, 3)})


LIFETIME_MONTHS = 480.0  # 40 years


def extrapolate_os(adsl, adtte, folder, *, param: str = "OS", arm: str = "ARM",
                   horizon: float = LIFETIME_MONTHS, times=(12.0, 24.0, 60.0, 120.0, 240.0)):
    """Fit the ten-model table to each arm's OS, extrapolate it to ``horizon`` months and write it into ``folder``.

    Parameters
    ----------
    adsl, adtte : pandas.DataFrame
        ADaM ADSL (``USUBJID`` and the ``arm`` column) and ADTTE (``USUBJID``, ``PARAMCD``, ``AVAL`` in months,
        ``CNSR``).
    folder : path
        Written whole or not at all (see :func:`trialscout._output.output_dir`): ``report.html``, ``fits.json``,
        ``fit_table.csv`` (the model-choice table), ``predictions.csv`` and the figures, each marked "Synthetic
        data".

    Returns
    -------
    trialscout.extrapolate.Extrapolation
    """
    import numpy as np

    from .extrapolate import DEFAULT_DISTRIBUTIONS, extrapolate
    from .report.extrapolation import write_extrapolation
    from .report.figures import mark_synthetic

    d = adtte[adtte["PARAMCD"] == param].merge(adsl[["USUBJID", arm]], on="USUBJID", how="left")
    if len(d) == 0 or d[arm].isna().any():
        raise InputError(f"ADTTE has no {param} rows with an arm in ADSL column '{arm}'")
    time = d["AVAL"].to_numpy(float)
    event = d["CNSR"].to_numpy() == 0
    keep = time > 0  # the log-time models need positive times; a death on day 0 is set to half a day
    time = np.where(keep, time, 0.5 / 30.4375)
    res = extrapolate(time, event, d[arm].astype(str).to_numpy(), distributions=DEFAULT_DISTRIBUTIONS,
                      model="separate", times=times, horizon=max(horizon, float(time.max())))
    # its own marker, as the demo's data/ and report/ have: `trialscout extrapolate --out` may rewrite it
    with output_dir(Path(folder), command="trialscout extrapolate") as tmp:
        write_extrapolation(res, tmp, time=time, event=event, arm=d[arm].astype(str).to_numpy(),
                            title=f"Lifetime extrapolation of {param} (synthetic patients; months)",
                            decorate=mark_synthetic)
    return res
