"""Reading digitized curves and at-risk tables from files, and writing a reconstruction whole-or-nothing.

Shapes read:

- a curve file as WebPlotDigitizer and similar tools export it: two columns x (time), y (survival), with or
  without header lines, separated by commas, semicolons or tabs; with semicolons or tabs the decimal mark may
  be a comma (``12,5;0,87``);
- an at-risk file, either wide (a header ``time,ARM1,ARM2,...`` then one row per time) or long (a header
  naming the columns ``arm``, ``time`` and ``n_risk``, one row per arm and time).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .._output import output_dir
from .._validate import InputError
from ._guyot import Reconstruction, reconstruct_ipd

__all__ = [
    "read_curve",
    "read_at_risk",
    "read_ticks",
    "parse_arm_option",
    "reconstruct_arms",
    "to_adtte",
    "reconstruct_from_files",
    "ReconstructionOutput",
]

MAX_HEADER_LINES = 5
ARM_NAMES = ("arm", "group", "trt", "treatment")
TIME_NAMES = ("time", "t", "month", "months", "day", "days", "week", "weeks", "year", "years")
RISK_NAMES = ("n_risk", "nrisk", "n.risk", "at_risk", "atrisk", "n", "n_at_risk", "number_at_risk")


def _split(line: str) -> tuple[list[str], str]:
    if ";" in line:
        return [f.strip() for f in line.split(";")], ";"
    if "\t" in line:
        return [f.strip() for f in line.split("\t")], "\t"
    return [f.strip() for f in line.split(",")], ","


def _num(field: str, sep: str) -> float:
    f = field.strip().strip('"').strip("'")
    if sep != ",":
        f = f.replace(",", ".")
    return float(f)


def _is_num(field: str, sep: str) -> bool:
    try:
        _num(field, sep)
    except ValueError:
        return False
    return True


def _lines(path: Path) -> list[tuple[int, str]]:
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError(f"{path}: file not found") from None
    except UnicodeDecodeError:
        raise InputError(f"{path}: not a text file (expected CSV)") from None
    return [(i + 1, ln) for i, ln in enumerate(text.splitlines()) if ln.strip()]



def _numeric_rows(path: Path):
    """Yield (line number, line, separator, numbers) for each data line of a digitized file.

    Lines that are not all numbers are header lines while they come first (at most MAX_HEADER_LINES of them);
    after the first data line, such a line is an error naming the file and line.
    """
    started = False
    for k, (lineno, line) in enumerate(_lines(path)):
        fields, sep = _split(line)
        try:
            vals = [_num(f, sep) for f in fields if f]
        except ValueError:
            if not started and k < MAX_HEADER_LINES:
                continue  # a header line
            raise InputError(f"{path} line {lineno}: not a number in {line.strip()!r}") from None
        started = True
        yield lineno, line, sep, vals

def read_curve(path) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Read a digitized curve file.

    Parameters
    ----------
    path : str or Path
        Two-column CSV (time, survival); see the module docstring for the accepted shapes.

    Returns
    -------
    time, survival, line : ndarray
        The values and the 1-based line number of each in the file (for error messages).

    Raises
    ------
    InputError
        Naming the file and line: a non-numeric value after the header, a row without two values, more than
        two columns, or no data rows.
    """
    path = Path(path)
    t, s, where = [], [], []
    for lineno, line, sep, vals in _numeric_rows(path):
        if len(vals) != 2:
            if sep == "," and len(vals) == 4 and "." not in line:
                raise InputError(
                    f"{path} line {lineno}: {line.strip()!r} reads as four values; with a decimal comma, "
                    "separate the columns with ';'"
                )
            raise InputError(
                f"{path} line {lineno}: expected two values (time, survival); got {len(vals)} in {line.strip()!r}"
            )
        t.append(vals[0])
        s.append(vals[1])
        where.append(lineno)
    if not t:
        raise InputError(f"{path}: no data rows (expected two columns: time, survival)")
    return np.asarray(t), np.asarray(s), np.asarray(where)


def read_ticks(path) -> np.ndarray:
    """Read a file of censoring-tick times: one column (time) or two (time, survival; survival is ignored).

    Raises
    ------
    InputError
        Naming the file and line, for a non-numeric value after the header or more than two columns.
    """
    path = Path(path)
    out = []
    for lineno, line, sep, vals in _numeric_rows(path):
        if len(vals) not in (1, 2):
            raise InputError(
                f"{path} line {lineno}: expected a time (and optionally a survival); got {len(vals)} values"
            )
        if not np.isfinite(vals[0]) or vals[0] < 0:
            raise InputError(f"{path} line {lineno}: a tick time must be a non-negative number; got {vals[0]!r}")
        out.append(vals[0])
    return np.sort(np.asarray(out, dtype=np.float64))


def read_at_risk(path) -> dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """Read a numbers-at-risk file, wide or long (see the module docstring).

    Returns
    -------
    dict
        Arm name -> (times, counts, line numbers). Blank cells in the wide shape are skipped.

    Raises
    ------
    InputError
        Naming the file and line: no header, unknown columns, non-numeric or negative values, repeated
        times within an arm.
    """
    path = Path(path)
    rows = _lines(path)
    if not rows:
        raise InputError(f"{path}: empty at-risk file")
    lineno0, head = rows[0]
    hfields, sep = _split(head)
    names = [h.strip().strip('"').strip("'") for h in hfields]
    low = [h.lower() for h in names]
    if all(_is_num(h, sep) for h in hfields if h):
        raise InputError(
            f"{path} line {lineno0}: the at-risk file needs a header: 'time,ARM1,ARM2,...' (wide) or "
            "'arm,time,n_risk' (long)"
        )
    out: dict[str, tuple[list, list, list]] = {}

    def cell(fields, j, lineno, what):
        if j >= len(fields) or fields[j] == "":
            return None
        try:
            v = _num(fields[j], sep)
        except ValueError:
            raise InputError(f"{path} line {lineno}: {what} {fields[j]!r} is not a number") from None
        if not np.isfinite(v) or v < 0:
            raise InputError(f"{path} line {lineno}: {what} must be a non-negative number; got {fields[j]!r}")
        return v

    arm_col = next((j for j, h in enumerate(low) if h in ARM_NAMES), None)
    if arm_col is not None:  # long shape
        time_col = next((j for j, h in enumerate(low) if h in TIME_NAMES and j != arm_col), None)
        risk_col = next((j for j, h in enumerate(low) if h in RISK_NAMES and j not in (arm_col, time_col)), None)
        if time_col is None or risk_col is None:
            raise InputError(
                f"{path} line {lineno0}: a long at-risk file needs columns 'arm', 'time' and 'n_risk'; "
                f"got {', '.join(names)}"
            )
        for lineno, line in rows[1:]:
            fields, _ = _split(line)
            arm = fields[arm_col].strip().strip('"').strip("'") if arm_col < len(fields) else ""
            if not arm:
                raise InputError(f"{path} line {lineno}: the arm is missing")
            tv = cell(fields, time_col, lineno, "time")
            nv = cell(fields, risk_col, lineno, "n_risk")
            if tv is None or nv is None:
                raise InputError(f"{path} line {lineno}: time or n_risk is missing")
            out.setdefault(arm, ([], [], []))
            out[arm][0].append(tv)
            out[arm][1].append(nv)
            out[arm][2].append(lineno)
    else:  # wide shape
        if len(names) < 2:
            raise InputError(f"{path} line {lineno0}: expected 'time' then one column per arm; got {head.strip()!r}")
        arms = names[1:]
        for j, a in enumerate(arms):
            if not a:
                raise InputError(f"{path} line {lineno0}: column {j + 2} has no arm name")
        if len(set(arms)) != len(arms):
            raise InputError(f"{path} line {lineno0}: an arm is named twice in {head.strip()!r}")
        for a in arms:
            out[a] = ([], [], [])
        for lineno, line in rows[1:]:
            fields, _ = _split(line)
            tv = cell(fields, 0, lineno, "time")
            if tv is None:
                raise InputError(f"{path} line {lineno}: the time is missing")
            if len(fields) > len(names):
                raise InputError(f"{path} line {lineno}: more values than header columns")
            for j, a in enumerate(arms):
                nv = cell(fields, j + 1, lineno, f"the number at risk for {a!r}")
                if nv is None:
                    continue
                out[a][0].append(tv)
                out[a][1].append(nv)
                out[a][2].append(lineno)
    result = {}
    for arm, (tt, nn, ll) in out.items():
        tt_a, nn_a, ll_a = np.asarray(tt), np.asarray(nn), np.asarray(ll)
        if len(tt_a) == 0:
            raise InputError(f"{path}: no at-risk counts for arm {arm!r}")
        bad = np.flatnonzero(nn_a != np.round(nn_a))
        if len(bad):
            raise InputError(f"{path} line {ll_a[bad[0]]}: the number at risk {nn_a[bad[0]]:g} is not a whole number")
        bad = np.flatnonzero(np.diff(tt_a) <= 0)
        if len(bad):
            raise InputError(
                f"{path} line {ll_a[bad[0] + 1]}: times for arm {arm!r} must increase; "
                f"{tt_a[bad[0] + 1]:g} follows {tt_a[bad[0]]:g}"
            )
        bad = np.flatnonzero(np.diff(nn_a) > 0)
        if len(bad):
            raise InputError(
                f"{path} line {ll_a[bad[0] + 1]}: the number at risk for arm {arm!r} increases, from "
                f"{int(nn_a[bad[0]])} to {int(nn_a[bad[0] + 1])}"
            )
        result[arm] = (tt_a, nn_a.astype(np.int64), ll_a)
    return result


def parse_arm_option(values, option: str, kind=str) -> dict | None:
    """Parse repeated ``ARM=VALUE`` command-line values into an ordered dict (for the CLI).

    Parameters
    ----------
    values : sequence of str or None
        E.g. ``["Male=lung_male.csv", "Female=lung_female.csv"]``; split at the first ``=``.
    option : str
        The option's name for messages, e.g. ``"--curve"``.
    kind : {str, int, Path}
        Conversion of the value; ``int`` must be a non-negative whole number.

    Returns
    -------
    dict or None
        None when ``values`` is empty.

    Raises
    ------
    InputError
        A value without ``=``, an empty arm or value, an arm given twice, or a count that is not a whole number.
    """
    if not values:
        return None
    out: dict = {}
    for v in values:
        arm, sep, val = str(v).partition("=")
        arm, val = arm.strip(), val.strip()
        if not sep or not arm or not val:
            raise InputError(f"{option}: expected ARM=VALUE; got {v!r}")
        if arm in out:
            raise InputError(f"{option}: arm {arm!r} is given twice")
        if kind is int:
            try:
                num = float(val)
            except ValueError:
                raise InputError(f"{option}: {arm}={val} is not a number") from None
            if not np.isfinite(num) or num < 0 or num != round(num):
                raise InputError(f"{option}: {arm}={val} must be a non-negative whole number")
            out[arm] = int(round(num))
        else:
            out[arm] = kind(val)
    return out


def _check_arms(curves: dict, other: dict | None, what: str) -> None:
    if other is None:
        return
    extra = [a for a in other if a not in curves]
    if extra:
        raise InputError(
            f"{what} names arm {extra[0]!r}, which has no curve (curves: {', '.join(map(repr, curves))})"
        )


def reconstruct_arms(
    curves: dict,
    at_risk: dict | None = None,
    events: dict | None = None,
    n: dict | None = None,
    censor_times: dict | None = None,
    *,
    warn: bool = True,
) -> dict[str, Reconstruction]:
    """Reconstruct every arm of a figure.

    Parameters
    ----------
    curves : dict
        Arm -> (time, survival) digitized points; optionally (time, survival, row_labels, name), where the
        row labels (e.g. file line numbers) and the name (e.g. the file) are used in error messages.
    at_risk : dict, optional
        Arm -> (times, counts). When given, it must name exactly the arms of ``curves``.
    events : dict, optional
        Arm -> total events (any subset of the arms).
    n : dict, optional
        Arm -> arm size (needed for arms without an at-risk table).
    censor_times : dict, optional
        Arm -> censoring tick times.
    warn : bool
        Issue the reconstruction warnings.

    Returns
    -------
    dict
        Arm -> :class:`Reconstruction`, in the order of ``curves``.

    Raises
    ------
    InputError
        An arm named in one input but not another, or any error of :func:`reconstruct_ipd`.
    """
    if not curves:
        raise InputError("no curves given")
    _check_arms(curves, at_risk, "the at-risk table")
    _check_arms(curves, events, "`events`")
    _check_arms(curves, n, "`n`")
    _check_arms(curves, censor_times, "`censor_times`")
    if at_risk is not None:
        missing = [a for a in curves if a not in at_risk]
        if missing:
            raise InputError(
                f"the at-risk table has no arm {missing[0]!r} (it has {', '.join(map(repr, at_risk))})"
            )
    out = {}
    for arm, pts in curves.items():
        t, s = pts[0], pts[1]
        labels = pts[2] if len(pts) > 2 else None
        name = str(pts[3]) if len(pts) > 3 else f"arm {arm!r}"
        kw = {}
        if at_risk is not None:
            kw["n_risk_times"], kw["n_risk"] = at_risk[arm][0], at_risk[arm][1]
        out[arm] = reconstruct_ipd(
            t,
            s,
            total_events=None if events is None else events.get(arm),
            n=None if n is None else n.get(arm),
            censor_times=None if censor_times is None else censor_times.get(arm),
            name=name,
            labels=labels,
            warn=warn,
            **kw,
        )
    return out


def to_adtte(recs: dict[str, Reconstruction], paramcd: str = "TTE"):
    """The reconstructed data as an ADTTE-shaped table: USUBJID, ARM, PARAMCD, AVAL, CNSR (0 = event).

    Returns
    -------
    pandas.DataFrame
    """
    import pandas as pd

    frames = []
    for j, (arm, rec) in enumerate(recs.items()):
        k = rec.n
        frames.append(
            pd.DataFrame(
                {
                    "USUBJID": [f"RECON-{j + 1}-{i + 1:05d}" for i in range(k)],
                    "ARM": np.full(k, arm, dtype=object),
                    "PARAMCD": np.full(k, paramcd, dtype=object),
                    "AVAL": rec.time,
                    "CNSR": np.where(rec.event, 0, 1).astype(np.int64),
                }
            )
        )
    return pd.concat(frames, ignore_index=True)


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
    doc = {"method": None, "arms": {}, "sources": sources}
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
    warn: bool = False,
) -> ReconstructionOutput:
    """Read digitized curves (and an at-risk table), reconstruct each arm, write the results.

    Parameters
    ----------
    curves : dict
        Arm -> path of the digitized curve file.
    at_risk : path, optional
        The numbers-at-risk file (wide or long); must name exactly the arms of ``curves``.
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
    warn : bool
        Also issue the warnings as Python warnings (they are always in the diagnostics JSON).

    Returns
    -------
    ReconstructionOutput

    Raises
    ------
    InputError
        A file that cannot be read (naming it and the line), an arm named in one input but not another, or
        any error of :func:`reconstruct_ipd`, or an ``out_dir`` that is a file, holds files trialscout did not
        write, or holds an input file. Nothing is written then.
    """
    if out_dir is None:
        raise InputError("`out_dir` is required")
    if figure_format not in ("png", "svg", "none"):
        raise InputError(f"`figure_format` must be 'png', 'svg' or 'none'; got {figure_format!r}")
    pts = {}
    for arm, p in curves.items():
        t, s, lines = read_curve(p)
        pts[arm] = (t, s, lines, f"{p} (arm {arm!r})")
    table = None
    if at_risk is not None:
        table = read_at_risk(at_risk)
        _check_arms(curves, table, f"{at_risk}")
        missing = [a for a in curves if a not in table]
        if missing:
            raise InputError(f"{at_risk}: no column for arm {missing[0]!r} (it has {', '.join(map(repr, table))})")
    tick_times = None
    if ticks is not None:
        _check_arms(curves, ticks, "the tick files")
        tick_times = {a: read_ticks(p) for a, p in ticks.items()}
    recs = reconstruct_arms(pts, table, events, n, tick_times, warn=warn)
    sources = {
        "curves": {a: str(p) for a, p in curves.items()},
        "at_risk": None if at_risk is None else str(at_risk),
        "events": None if events is None else {a: int(v) for a, v in events.items()},
        "n": None if n is None else {a: int(v) for a, v in n.items()},
        "ticks": None if ticks is None else {a: str(p) for a, p in ticks.items()},
    }
    out_dir = Path(out_dir)
    inputs = [*curves.values(), at_risk, *(ticks or {}).values()]
    names = ["ipd.csv", "diagnostics.json"]
    with output_dir(out_dir, protect=inputs, command="trialscout reconstruct") as tmp:
        to_adtte(recs, paramcd).to_csv(tmp / "ipd.csv", index=False)
        with open(tmp / "diagnostics.json", "w", encoding="utf-8") as fh:
            json.dump(_diagnostics_document(recs, sources), fh, indent=2)
        if figure_format != "none":
            from ._figure import plot_reconstruction

            fig_name = f"diagnostics.{figure_format}"
            plot_reconstruction(recs, tmp / fig_name)
            names.append(fig_name)
    return ReconstructionOutput(
        arms=recs,
        ipd_path=out_dir / "ipd.csv",
        diagnostics_path=out_dir / "diagnostics.json",
        figure_path=(out_dir / names[2]) if len(names) > 2 else None,
    )
