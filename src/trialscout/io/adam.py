"""Columns of an ADaM ADTTE-like table turned into validated time-to-event arrays.

ADaM conventions (CDISC ADaM Basic Data Structure for Time-to-Event, ADTTE):

* ``AVAL`` holds the time, ``CNSR`` the censoring indicator: 0 means the event was observed, a positive
  integer means the time is censored (the integer codes the reason). Hence ``censor="CNSR"`` gives
  ``event = (CNSR == 0)``.
* ``PARAMCD`` names the parameter (``PFS``, ``OS``...): one file holds several endpoints, one row per subject
  and parameter, so a file with several ``PARAMCD`` values needs ``param=`` to choose one.

Every message names the column and the file, and gives rows as *data row numbers* of the file: 1-based,
counted after the header line (data row 1 is the first line below the header of a CSV, the first
observation of an XPT/sas7bdat/Parquet file).
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .._validate import InputError, rows_text

__all__ = ["TTEData", "select_tte"]

ROWS_NOTE = "(data rows numbered from 1 after the header)"


@dataclass(frozen=True, slots=True)
class TTEData:
    """Validated time-to-event columns of one table.

    Attributes
    ----------
    time : ndarray of float64
        Finite, non-negative times.
    event : ndarray of bool
        True where the event was observed.
    arm : ndarray of str
        Treatment arm of each row (integer-valued numbers are written without a decimal: ``1``, not ``1.0``).
    strata : ndarray of str or None
        One label per row; with several strata columns the label joins them (``"ECOG=0, ISS=I"``).
    row : ndarray of int64
        Data row number in the file of each selected row (1-based, after the header).
    source : str
        The file the rows came from, as named in messages.
    columns : tuple of (str, str)
        What each role was read from, e.g. ``(("time", "AVAL"), ("censor", "CNSR"), ("arm", "TRT01P"))``.
    param : str or None
        The ``PARAMCD`` selected, if any.
    """

    time: np.ndarray
    event: np.ndarray
    arm: np.ndarray
    strata: np.ndarray | None
    row: np.ndarray
    source: str
    columns: tuple[tuple[str, str], ...]
    param: str | None = None

    @property
    def n(self) -> int:
        return len(self.time)


def _labels_as_text(values: pd.Series) -> np.ndarray:
    """Labels as strings; integer-valued floats lose their '.0' (a CSV column with a blank reads as float).

    Missing values become ``""`` (callers reject them first where they matter).
    """
    values = values.reset_index(drop=True)
    if isinstance(values.dtype, pd.CategoricalDtype):
        # one text per category, shared by the rows (no string object per row)
        cats = _labels_as_text(pd.Series(values.cat.categories))
        codes = values.cat.codes.to_numpy()
        out = np.append(cats, "")[codes] if len(cats) else np.full(len(codes), "", dtype=object)
        return out.astype(object, copy=False)
    if pd.api.types.is_float_dtype(values):
        vals = values.to_numpy(dtype=np.float64)
        finite = np.isfinite(vals)
        if np.all(vals[finite] == np.round(vals[finite])):
            out = np.full(len(vals), "", dtype=object)
            out[finite] = vals[finite].astype(np.int64).astype(str)
            return out
    out = values.astype(str).to_numpy(dtype=object)
    out[values.isna().to_numpy()] = ""
    return out


def _missing_label(values: pd.Series) -> np.ndarray:
    """Missing values, and (text columns) blank strings: SAS writes a missing character value as blanks."""
    miss = values.isna().to_numpy()
    if isinstance(values.dtype, pd.CategoricalDtype):
        blanks = [v for v in values.cat.categories if isinstance(v, str) and not v.strip()]
        if blanks:
            miss = miss | values.isin(blanks).to_numpy()
        return miss
    if values.dtype == object or pd.api.types.is_string_dtype(values):
        # look at the distinct values only (a hash pass), not at every row
        blanks = [v for v in pd.unique(values) if isinstance(v, str) and not v.strip()]
        if blanks:
            miss = miss | values.isin(blanks).to_numpy()
    return miss


class _Ctx:
    """The data frame, its file name and the 1-based data row numbers, for messages."""

    def __init__(self, df: pd.DataFrame, source: str, cli: bool):
        self.df = df
        self.source = source
        self.rows = np.arange(1, len(df) + 1, dtype=np.int64)
        self.cli = cli

    def opt(self, role: str) -> str:
        """How a role is named in messages: `time` for the library, --time on the command line."""
        return f"--{role}" if self.cli else f"`{role}`"

    def column(self, col: str, option: str) -> pd.Series:
        if not isinstance(col, str) or not col:
            raise InputError(f"{self.opt(option)} must name a column of '{self.source}'; got {col!r}")
        if col not in self.df.columns:
            present = ", ".join(map(str, self.df.columns))
            near = [c for c in self.df.columns if str(c).lower() == col.lower()]
            hint = f" (did you mean {near[0]!r}? names are case-sensitive)" if near else ""
            raise InputError(
                f"column '{col}' ({self.opt(option)}) is not in '{self.source}'{hint}; columns present: {present}"
            )
        if int((self.df.columns == col).sum()) > 1:
            raise InputError(f"column '{col}' ({self.opt(option)}) appears twice in '{self.source}'; "
                             "column names must be unique")
        s = self.df[col]
        if s.dtype == object:
            nested = s.map(lambda v: isinstance(v, (list, tuple, dict, set, np.ndarray))).to_numpy(dtype=bool)
            if nested.any():
                kind = type(s[np.flatnonzero(nested)[0]]).__name__
                raise InputError(
                    f"column '{col}' ({self.opt(option)}) of '{self.source}' holds {kind} values (a nested list "
                    f"or struct column), not one value per cell; {self.where(nested)}"
                )
        if s.dtype.kind == "c":
            raise InputError(f"column '{col}' ({self.opt(option)}) of '{self.source}' holds complex numbers; "
                             "give real numbers")
        return s

    def where(self, mask: np.ndarray, values=None) -> str:
        idx = np.flatnonzero(mask)
        return f"data {rows_text(idx, values, labels=self.rows)} {ROWS_NOTE}"

    def subset(self, keep: np.ndarray) -> None:
        self.df = self.df.loc[keep].reset_index(drop=True)
        self.rows = self.rows[keep]


def _numeric(ctx: _Ctx, col: str, option: str) -> np.ndarray:
    s = ctx.column(col, option)
    if pd.api.types.is_datetime64_any_dtype(s) or (
            s.dtype == object and len(s) and s.map(lambda v: hasattr(v, "isoformat")).any()):
        raise InputError(
            f"column '{col}' ({ctx.opt(option)}) of '{ctx.source}' holds dates or times, not durations; give the "
            "time from the start (e.g. ADTTE AVAL = ADT - STARTDT + 1, in days)"
        )
    if pd.api.types.is_timedelta64_dtype(s):
        if option != "time":
            raise InputError(f"column '{col}' ({ctx.opt(option)}) of '{ctx.source}' holds durations, not codes")
        warnings.warn(f"column '{col}' ({ctx.opt(option)}) of '{ctx.source}' holds durations (timedelta); "
                      "converted to days", UserWarning, stacklevel=3)
        return (s / pd.Timedelta(days=1)).to_numpy(dtype=np.float64)
    if pd.api.types.is_bool_dtype(s):
        return s.to_numpy(dtype=np.float64)
    num = pd.to_numeric(s, errors="coerce").to_numpy(dtype=np.float64)
    text = ~s.isna().to_numpy() & np.isnan(num) & ~_missing_label(s)
    if text.any():
        raise InputError(
            f"column '{col}' ({ctx.opt(option)}) of '{ctx.source}' must be numeric; "
            f"{ctx.where(text, s.to_numpy(dtype=object))}"
        )
    return num


def select_tte(
    df: pd.DataFrame,
    *,
    time: str,
    event: str | None = None,
    censor: str | None = None,
    arm: str,
    strata: str | Sequence[str] | None = None,
    param: str | None = None,
    paramcd: str = "PARAMCD",
    source: str | None = None,
    cli: bool = False,
) -> TTEData:
    """Pick and check the time-to-event columns of a table (ADaM ADTTE conventions).

    Parameters
    ----------
    df : pandas.DataFrame
        The table, e.g. from :func:`trialscout.io.read_table`; its rows are the file's data rows in order.
    time : str
        Column of follow-up times (ADTTE: ``AVAL``). Finite and non-negative.
    event : str, optional
        Column coded 1 = event observed, 0 = censored (booleans accepted). Exactly one of ``event`` and
        ``censor`` must be given.
    censor : str, optional
        ADaM censoring column (``CNSR``): 0 = event, a positive integer = censored (the integer is the
        reason). ``event = (CNSR == 0)``.
    arm : str
        Column of treatment arms (e.g. ``TRT01P``, ``ARM``).
    strata : str or sequence of str, optional
        Stratification column(s); several columns are crossed into one label per row.
    param : str, optional
        Keep the rows whose ``paramcd`` column equals this value (e.g. ``"PFS"``). Required when the table
        has a ``paramcd`` column with more than one value.
    paramcd : str
        Name of the parameter-code column (ADaM: ``PARAMCD``).
    source : str, optional
        The file name used in messages; default ``df.attrs["source"]`` (set by ``read_table``), else
        ``"the data"``.
    cli : bool
        Name the roles in messages as command-line options (``--time``) rather than arguments (```time```).

    Returns
    -------
    TTEData

    Raises
    ------
    InputError
        Naming the column, the file and, for bad values, the data rows (1-based after the header): a missing
        column (listing the columns present), an unknown ``param`` (listing those present), several
        parameters and no ``param``, both or neither of ``event``/``censor``, missing or negative times,
        non-numeric values, event codes other than 0/1, censor codes that are not non-negative integers,
        missing arms or strata, or no rows left after selecting ``param``.
    """
    if not isinstance(df, pd.DataFrame):
        raise TypeError(f"`df` must be a pandas DataFrame; got {type(df).__name__}")
    src = source if source is not None else str(df.attrs.get("source", "the data"))
    ctx = _Ctx(df.reset_index(drop=True), src, cli)
    o = ctx.opt
    if (event is None) == (censor is None):
        raise InputError(f"give exactly one of {o('event')} (a column coded 1 = event) and {o('censor')} "
                         "(an ADaM CNSR column: 0 = event)")

    used: list[tuple[str, str]] = []
    # -- the parameter first: the other checks apply to the selected rows only
    if param is not None or paramcd in ctx.df.columns:
        codes = ctx.df[paramcd] if paramcd in ctx.df.columns else None
        if codes is None:
            present = ", ".join(map(str, ctx.df.columns))
            raise InputError(
                f"{o('param')} {param!r} needs a '{paramcd}' column, which is not in '{src}'; "
                f"columns present: {present}"
            )
        raw = pd.Series(_labels_as_text(codes), dtype=object)
        text = raw.map({v: v.strip() for v in pd.unique(raw)})
        available = sorted(set(text[~_missing_label(codes)]))
        if param is None:
            if len(available) > 1:
                raise InputError(
                    f"'{src}' holds several parameters in {paramcd} ({', '.join(available)}); "
                    f"choose one with {o('param')}"
                )
        else:
            keep = (text == str(param).strip()).to_numpy()
            if not keep.any():
                raise InputError(
                    f"{o('param')} {param!r} is not a {paramcd} value of '{src}'; available: {', '.join(available)}"
                )
            ctx.subset(keep)
            used.append(("param", paramcd))

    t = _numeric(ctx, time, "time")
    used.insert(0, ("time", time))
    bad = np.isnan(t) | np.isinf(t)
    if bad.any():
        raise InputError(f"column '{time}' ({o('time')}) of '{src}' has missing or infinite times; {ctx.where(bad, t)}")
    neg = t < 0
    if neg.any():
        raise InputError(f"column '{time}' ({o('time')}) of '{src}' must be non-negative; {ctx.where(neg, t)}")

    if event is not None:
        e = _numeric(ctx, event, "event")
        bad = ~np.isin(e, (0.0, 1.0))
        if bad.any():
            raise InputError(
                f"column '{event}' ({o('event')}) of '{src}' must be coded 0/1 (1 = event observed); "
                f"{ctx.where(bad, e)}"
            )
        ev = e == 1.0
        used.append(("event", event))
    else:
        assert censor is not None  # exactly one of event and censor, checked above
        c = _numeric(ctx, censor, "censor")
        bad = np.isnan(c) | (c < 0) | (c != np.round(c))
        if bad.any():
            raise InputError(
                f"column '{censor}' ({o('censor')}) of '{src}' must be 0 (event) or a positive integer "
                f"(censored, ADaM CNSR); {ctx.where(bad, c)}"
            )
        ev = c == 0.0
        used.append(("censor", censor))

    arm_s = ctx.column(arm, "arm")
    miss = _missing_label(arm_s)
    if miss.any():
        raise InputError(f"column '{arm}' ({o('arm')}) of '{src}' has missing values; {ctx.where(miss)}")
    arms = _labels_as_text(arm_s)
    used.append(("arm", arm))

    strata_lab = None
    if strata is not None:
        cols = [strata] if isinstance(strata, str) else list(strata)
        if not cols:
            raise InputError(f"{o('strata')} names no column")
        parts = []
        for col in cols:
            s = ctx.column(col, "strata")
            miss = _missing_label(s)
            if miss.any():
                raise InputError(f"column '{col}' ({o('strata')}) of '{src}' has missing values; {ctx.where(miss)}")
            lab = pd.Series(_labels_as_text(s), dtype=object)
            parts.append(lab if len(cols) == 1 else f"{col}=" + lab)
            used.append(("strata", col))
        joined = parts[0]
        for more in parts[1:]:
            joined = joined + ", " + more
        strata_lab = joined.to_numpy(dtype=object)

    return TTEData(
        time=t.astype(np.float64), event=ev, arm=arms, strata=strata_lab, row=ctx.rows.copy(),
        source=src, columns=tuple(used), param=None if param is None else str(param),
    )
