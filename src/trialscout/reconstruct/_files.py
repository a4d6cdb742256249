"""Reading digitized curves and at-risk tables from files, and reconstructing the arms from them.

Every file is read as the tool that made it writes it (see :mod:`._read` for separators, quoting, decimal
commas and R's row-name column); text files or .xlsx workbooks (first sheet).

Curve files:

- WebPlotDigitizer: ``x,y`` (or no header, or a ``Dataset 1`` line above it), with extra columns such as
  ``x,y,-,+`` ignored when the header names x and y;
- survHE / Guyot et al.'s ``survival.txt``: an index column, then time and survival (``k TS S``, ``ID time
  survival``), tab or space separated;
- R's ``write.csv`` (a ``""`` row-name column) and ``write.table`` (space separated, quoted header, row names).

At-risk files:

- wide: a header ``time,ARM1,ARM2,...`` then one row per time (blank cells skipped);
- long: columns ``arm``, ``time`` and ``n_risk``, one row per arm and time;
- one arm's table, given as ``ARM=FILE``: ``time,NAR`` (or ``n_risk``...), survHE/Guyot's ``nrisk.txt``
  (``Interval time lower upper nrisk``) and kmdata-style files (``interval trisk lower upper nrisk ...``); the
  ``lower``/``upper`` point indices are not needed (points are assigned to intervals by time).

Arm names are matched exactly, else ignoring case (``Pembro`` in the at-risk file is the curve ``pembro``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .._validate import InputError
from ._guyot import MAX_SUBJECTS, Reconstruction, reconstruct_ipd
from ._read import Cells, index_column, read_cells, to_number

__all__ = [
    "read_curve",
    "read_at_risk",
    "read_ticks",
    "parse_arm_option",
    "reconstruct_arms",
    "to_adtte",
    "reconstruct_files",
    "FileReconstruction",
]

ARM_NAMES = ("arm", "group", "trt", "treatment", "strata", "curve")
TIME_NAMES = ("time", "t", "x", "ts", "t.s", "month", "months", "day", "days", "week", "weeks", "year", "years",
              "trisk", "t.risk", "time_risk")
SURV_NAMES = ("y", "s", "surv", "survival", "prob", "probability", "km", "st", "s(t)", "incidence", "cuminc",
              "cif", "value")
RISK_NAMES = ("n_risk", "nrisk", "n.risk", "at_risk", "atrisk", "at risk", "n", "n_at_risk", "n.at.risk",
              "number_at_risk", "number at risk", "nar", "risk", "no. at risk")


def _key(name: str) -> str:
    return name.strip().strip('"').strip("'").strip().lower()


def _find(names: list[str], wanted: tuple[str, ...], skip=()) -> int | None:
    return next((j for j, h in enumerate(names) if _key(h) in wanted and j not in skip), None)


def _body(cells: Cells, width: int) -> tuple[list[str] | None, list[tuple[int, list[str], str]]]:
    """Column names and data rows with R's row-name column (or an index column) removed."""
    names = cells.names
    rows = cells.rows
    if index_column(cells, width):
        n_vals = max(len(f) for _, f, _ in rows)
        rows = [(ln, f[1:], line) for ln, f, line in rows]
        if names is not None and len(names) == n_vals:
            names = names[1:]
    return names, rows


def read_curve(path) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Read a digitized curve file.

    Parameters
    ----------
    path : str or Path
        A text file (comma, semicolon, tab or space separated) or an .xlsx workbook (first sheet), with time
        and survival columns; see the module docstring for the accepted shapes.

    Returns
    -------
    time, survival, line : ndarray
        The values and the 1-based line (row) number of each in the file (for error messages).

    Raises
    ------
    InputError
        Naming the file and line: a non-numeric value after the header, a row without two values, more
        columns than the header explains, or no data rows; a file that is not a regular text file.
    """
    path = Path(path)
    cells = read_cells(path, "digitized curve")
    names, rows = _body(cells, 2)
    ti, si, named = 0, 1, False
    if names is not None:
        t_col = _find(names, TIME_NAMES)
        s_col = _find(names, SURV_NAMES, skip=(t_col,))
        if t_col is not None and s_col is not None:  # e.g. WebPlotDigitizer's x,y,-,+: the others are ignored
            ti, si, named = t_col, s_col, True
    t, s, where = [], [], []
    dc = cells.decimal_comma
    for lineno, fields, line in rows:
        vals = fields
        if named and len(vals) > len(names or ()):
            raise InputError(f"{cells.at(lineno)}: more values than header columns in {line!r}")
        if not named and len(vals) != 2:
            if cells.sep == "," and len(vals) == 4 and "." not in line:
                raise InputError(
                    f"{cells.at(lineno)}: {line!r} reads as four values; with a decimal comma, "
                    "separate the columns with ';'"
                )
            raise InputError(
                f"{cells.at(lineno)}: expected two values (time, survival); got {len(vals)} in {line!r}"
            )
        if len(vals) <= max(ti, si):
            raise InputError(f"{cells.at(lineno)}: expected a time and a survival value in {line!r}")
        try:
            t.append(to_number(vals[ti], dc))
            s.append(to_number(vals[si], dc))
        except ValueError:
            raise InputError(f"{cells.at(lineno)}: not a number in {line!r}") from None
        where.append(lineno)
    if not t:
        raise InputError(f"{path}: no data rows (expected two columns: time, survival)")
    return np.asarray(t, dtype=np.float64), np.asarray(s, dtype=np.float64), np.asarray(where)


def read_ticks(path) -> np.ndarray:
    """Read a file of censoring-tick times: one column (time) or two (time, survival; survival is ignored).

    Raises
    ------
    InputError
        Naming the file and line, for a non-numeric value after the header or more than two columns.
    """
    path = Path(path)
    cells = read_cells(path, "tick file")
    names, rows = _body(cells, 2)
    out = []
    for lineno, fields, line in rows:
        if len(fields) not in (1, 2):
            raise InputError(
                f"{cells.at(lineno)}: expected a time (and optionally a survival); got {len(fields)} values"
            )
        try:
            v = to_number(fields[0], cells.decimal_comma)
        except ValueError:
            raise InputError(f"{cells.at(lineno)}: not a number in {line!r}") from None
        if not np.isfinite(v) or v < 0:
            raise InputError(f"{cells.at(lineno)}: a tick time must be a non-negative number; got {v!r}")
        out.append(v)
    return np.sort(np.asarray(out, dtype=np.float64))


def read_at_risk(path, arm: str | None = None) -> dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """Read a numbers-at-risk file (see the module docstring for its shapes).

    Parameters
    ----------
    path : str or Path
        The file: wide (``time,ARM1,ARM2,...``), long (``arm,time,n_risk``), or one arm's table
        (``time,NAR``; survHE/Guyot's ``Interval time lower upper nrisk``; ``interval trisk lower upper nrisk``).
    arm : str, optional
        The arm a one-arm file belongs to (required for those shapes); with a wide or long file, the arm to
        take from it.

    Returns
    -------
    dict
        Arm name -> (times, counts, line numbers). Blank cells in the wide shape are skipped.

    Raises
    ------
    InputError
        Naming the file and line: no header, unknown columns, non-numeric or negative values, repeated
        times within an arm, a one-arm file without ``arm``.
    """
    path = Path(path)
    cells = read_cells(path, "at-risk file", one_header=True)
    if not cells.header and not cells.rows:
        raise InputError(f"{path}: empty at-risk file")
    if not cells.header:
        lineno0 = cells.rows[0][0]
        raise InputError(
            f"{cells.at(lineno0)}: the at-risk file needs a header: 'time,ARM1,ARM2,...' (wide), "
            "'arm,time,n_risk' (long) or 'time,n_risk' (one arm)"
        )
    lineno0 = cells.rows[0][0] - 1 if cells.rows else 1
    head_line = ",".join(cells.header[-1])
    names, rows = _body(cells, 2)
    assert names is not None
    dc = cells.decimal_comma
    out: dict[str, tuple[list, list, list]] = {}

    def cell(fields, j, lineno, what):
        if j >= len(fields) or fields[j] == "":
            return None
        try:
            v = to_number(fields[j], dc)
        except ValueError:
            raise InputError(f"{cells.at(lineno)}: {what} {fields[j]!r} is not a number") from None
        if not np.isfinite(v) or v < 0:
            raise InputError(f"{cells.at(lineno)}: {what} must be a non-negative number; got {fields[j]!r}")
        return v

    def add(a, tv, nv, lineno):
        out.setdefault(a, ([], [], []))
        out[a][0].append(tv)
        out[a][1].append(nv)
        out[a][2].append(lineno)

    arm_col = _find(names, ARM_NAMES)
    time_col = _find(names, TIME_NAMES, skip=(arm_col,))
    risk_col = _find(names, RISK_NAMES, skip=(arm_col, time_col))
    one_arm = arm_col is None and time_col is not None and risk_col is not None and (
        len(names) == 2 or _find(names, ("lower",)) is not None or _find(names, ("interval",)) is not None
    )
    if arm_col is not None:  # long shape
        if time_col is None or risk_col is None:
            raise InputError(
                f"{path} {cells.where} {lineno0}: a long at-risk file needs columns 'arm', 'time' and "
                f"'n_risk'; got {', '.join(names)}"
            )
        for lineno, fields, _ in rows:
            a = fields[arm_col].strip() if arm_col < len(fields) else ""
            if not a:
                raise InputError(f"{cells.at(lineno)}: the arm is missing")
            tv = cell(fields, time_col, lineno, "time")
            nv = cell(fields, risk_col, lineno, "n_risk")
            if tv is None or nv is None:
                raise InputError(f"{cells.at(lineno)}: time or n_risk is missing")
            add(a, tv, nv, lineno)
    elif one_arm:  # one arm's table: time,NAR or the survHE/Guyot nrisk.txt
        if arm is None:
            raise InputError(
                f"{path}: holds one arm's numbers at risk (columns {', '.join(names)}); say which arm: "
                "--at-risk ARM=FILE"
            )
        for lineno, fields, _ in rows:
            tv = cell(fields, time_col, lineno, "time")
            nv = cell(fields, risk_col, lineno, "the number at risk")
            if tv is None or nv is None:
                raise InputError(f"{cells.at(lineno)}: time or number at risk is missing")
            add(arm, tv, nv, lineno)
    else:  # wide shape
        if len(names) < 2:
            raise InputError(
                f"{path} {cells.where} {lineno0}: expected 'time' then one column per arm; got {head_line!r}"
            )
        arms = names[1:]
        for j, a in enumerate(arms):
            if not a:
                raise InputError(f"{path} {cells.where} {lineno0}: column {j + 2} has no arm name")
        if len(set(arms)) != len(arms):
            raise InputError(f"{path} {cells.where} {lineno0}: an arm is named twice in {head_line!r}")
        for a in arms:
            out[a] = ([], [], [])
        for lineno, fields, _ in rows:
            tv = cell(fields, 0, lineno, "time")
            if tv is None:
                raise InputError(f"{cells.at(lineno)}: the time is missing")
            if len(fields) > len(names):
                raise InputError(f"{cells.at(lineno)}: more values than header columns")
            for j, a in enumerate(arms):
                nv = cell(fields, j + 1, lineno, f"the number at risk for {a!r}")
                if nv is None:
                    continue
                add(a, tv, nv, lineno)
    if arm is not None and not one_arm:
        key = _match_arm(arm, list(out), f"{path}")
        out = {arm: out[key]}
    result = {}
    for a, (tt, nn, ll) in out.items():
        tt_a, nn_a, ll_a = np.asarray(tt, dtype=np.float64), np.asarray(nn, dtype=np.float64), np.asarray(ll)
        if len(tt_a) == 0:
            raise InputError(f"{path}: no at-risk counts for arm {a!r}")
        bad = np.flatnonzero(nn_a != np.round(nn_a))
        if len(bad):
            raise InputError(
                f"{cells.at(ll_a[bad[0]])}: the number at risk {nn_a[bad[0]]:g} is not a whole number"
            )
        bad = np.flatnonzero(nn_a > MAX_SUBJECTS)
        if len(bad):
            raise InputError(
                f"{cells.at(ll_a[bad[0]])}: the number at risk {nn_a[bad[0]]:g} is beyond any trial "
                f"(at most {MAX_SUBJECTS:,})"
            )
        bad = np.flatnonzero(np.diff(tt_a) <= 0)
        if len(bad):
            raise InputError(
                f"{cells.at(ll_a[bad[0] + 1])}: times for arm {a!r} must increase; "
                f"{tt_a[bad[0] + 1]:g} follows {tt_a[bad[0]]:g}"
            )
        bad = np.flatnonzero(np.diff(nn_a) > 0)
        if len(bad):
            raise InputError(
                f"{cells.at(ll_a[bad[0] + 1])}: the number at risk for arm {a!r} increases, from "
                f"{int(nn_a[bad[0]])} to {int(nn_a[bad[0] + 1])}"
            )
        result[a] = (tt_a, nn_a.astype(np.int64), ll_a)
    return result


def _match_arm(arm: str, names: list[str], what: str) -> str:
    """The name in ``names`` that is ``arm``: exactly, else the one equal ignoring case."""
    if arm in names:
        return arm
    same = [x for x in names if x.casefold() == arm.casefold()]
    if len(same) == 1:
        return same[0]
    if len(same) > 1:
        raise InputError(f"{what}: arm {arm!r} matches {', '.join(map(repr, same))}, which differ only in case")
    raise InputError(f"{what}: no arm {arm!r} (it has {', '.join(map(repr, names))})")


def match_arms(curves: dict, other: dict | None, what: str) -> dict | None:
    """``other`` with its arm names spelled as in ``curves`` (matched exactly, else ignoring case).

    Raises
    ------
    InputError
        An arm of ``other`` with no curve, or one that matches several curves or is given twice.
    """
    if other is None:
        return None
    out: dict = {}
    names = list(curves)
    for k, v in other.items():
        if k in curves:
            key = k
        else:
            same = [c for c in names if c.casefold() == str(k).casefold()]
            if len(same) != 1:
                if same:
                    raise InputError(f"{what} names arm {k!r}, which matches curves {', '.join(map(repr, same))} "
                                     "that differ only in case")
                raise InputError(
                    f"{what} names arm {k!r}, which has no curve (curves: {', '.join(map(repr, curves))})"
                )
            key = same[0]
        if key in out:
            raise InputError(f"{what} gives arm {key!r} twice (names differing only in case)")
        out[key] = v
    return out


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


def reconstruct_arms(
    curves: dict,
    at_risk: dict | None = None,
    events: dict | None = None,
    n: dict | None = None,
    censor_times: dict | None = None,
    *,
    incidence: bool = False,
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
    incidence : bool
        The curves are cumulative incidence, 1 - S(t) (rising from 0), not survival.
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
    at_risk = match_arms(curves, at_risk, "the at-risk table")
    events = match_arms(curves, events, "`events`")
    n = match_arms(curves, n, "`n`")
    censor_times = match_arms(curves, censor_times, "`censor_times`")
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
            incidence=incidence,
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
class FileReconstruction:
    """What :func:`reconstruct_files` read and reconstructed.

    Attributes
    ----------
    arms : dict
        Arm -> :class:`Reconstruction`.
    sources : dict
        The inputs as recorded in the diagnostics: curve, at-risk and tick files, events, arm sizes, incidence.
    inputs : tuple of Path
        Every file read (an output folder must not hold one).
    """

    arms: dict
    sources: dict
    inputs: tuple


def reconstruct_files(
    curves: dict,
    at_risk=None,
    events: dict | None = None,
    *,
    n: dict | None = None,
    ticks: dict | None = None,
    incidence: bool = False,
    warn: bool = False,
) -> FileReconstruction:
    """Read digitized curves (and an at-risk table, tick files) and reconstruct each arm.

    The arguments are those of :func:`trialscout.report.reconstruction.reconstruct_from_files`, which also writes
    the result.

    Raises
    ------
    InputError
        A file that cannot be read (naming it and the line), an arm named in one input but not another, or
        any error of :func:`reconstruct_ipd`.
    """
    pts = {}
    for arm, p in curves.items():
        t, s, lines = read_curve(p)
        pts[arm] = (t, s, lines, f"{p} (arm {arm!r})")
    table: dict | None = None
    risk_files: list = []
    if isinstance(at_risk, dict):
        per_arm = match_arms(curves, at_risk, "the at-risk files")
        assert per_arm is not None
        table = {}
        for a, p in per_arm.items():
            table.update(read_at_risk(p, arm=a))
            risk_files.append(p)
        missing = [a for a in curves if a not in table]
        if missing:
            raise InputError(f"no at-risk file for arm {missing[0]!r} (give one per arm: --at-risk ARM=FILE)")
    elif at_risk is not None:
        table = match_arms(curves, read_at_risk(at_risk), f"{at_risk}")
        assert table is not None
        risk_files.append(at_risk)
        missing = [a for a in curves if a not in table]
        if missing:
            raise InputError(f"{at_risk}: no column for arm {missing[0]!r} (it has {', '.join(map(repr, table))})")
    tick_times = None
    if ticks is not None:
        ticks = match_arms(curves, ticks, "the tick files")
        assert ticks is not None
        tick_times = {a: read_ticks(p) for a, p in ticks.items()}
    recs = reconstruct_arms(pts, table, events, n, tick_times, incidence=incidence, warn=warn)
    sources = {
        "curves": {a: str(p) for a, p in curves.items()},
        "at_risk": None if at_risk is None else (
            {a: str(p) for a, p in at_risk.items()} if isinstance(at_risk, dict) else str(at_risk)),
        "incidence": incidence,
        "events": None if events is None else {a: int(v) for a, v in events.items()},
        "n": None if n is None else {a: int(v) for a, v in n.items()},
        "ticks": None if ticks is None else {a: str(p) for a, p in ticks.items()},
    }
    inputs = (*curves.values(), *risk_files, *(ticks or {}).values())
    return FileReconstruction(recs, sources, tuple(Path(q) for q in inputs))
