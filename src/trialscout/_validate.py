"""Every user-facing input check and its message.

Checks run once, at the public boundary. Messages name the argument (in backticks), the offending values and
where they are (0-based row numbers for arrays, unless the caller supplies its own row labels).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

__all__ = [
    "TrialscoutError",
    "InputError",
    "check_choice",
    "as_time",
    "as_event",
    "as_labels",
    "check_same_length",
    "check_confidence_level",
    "rows_text",
    "as_counts_1d",
]


class TrialscoutError(ValueError):
    """Base class of every input error trialscout raises: one message that says what and where."""


class InputError(TrialscoutError):
    """A value supplied by the user is not acceptable."""


def rows_text(idx: Sequence[int] | np.ndarray, values=None, limit: int = 5, labels=None) -> str:
    """'rows 14, 87 have -3.0, -1.0' (at most ``limit`` shown)."""
    idx = np.asarray(idx)
    n = len(idx)
    shown = idx[:limit]
    names = [str(labels[i]) if labels is not None else str(int(i)) for i in shown]
    more = f" (and {n - limit} more)" if n > limit else ""
    word = "row" if n == 1 else "rows"
    text = f"{word} {', '.join(names)}{more}"
    if values is not None:
        vals = [_fmt(values[i]) for i in shown]
        text += f" {'has' if n == 1 else 'have'} {', '.join(vals)}"
    return text


def _fmt(v) -> str:
    if isinstance(v, (float, np.floating)):
        return "NaN" if np.isnan(v) else repr(float(v))
    return repr(v.item() if hasattr(v, "item") else v)


def check_choice(name: str, value, choices: Sequence[str]) -> str:
    if not isinstance(value, str):
        raise TypeError(f"`{name}` must be one of {', '.join(map(repr, choices))}; got {type(value).__name__}")
    v = value.lower()
    if v not in choices:
        raise InputError(f"`{name}` must be one of {', '.join(map(repr, choices))}; got {value!r}")
    return v


def _as_1d(name: str, x) -> np.ndarray:
    if x is None:
        raise TypeError(f"`{name}` is required")
    if isinstance(x, (str, bytes)):
        raise TypeError(f"`{name}` must be an array, not a string")
    arr = np.asarray(x)
    if arr.ndim == 0:
        raise TypeError(f"`{name}` must be a 1-D array; got a scalar")
    if arr.ndim != 1:
        raise InputError(f"`{name}` must be 1-D; got shape {arr.shape}")
    return arr


def as_time(x, name: str = "time", *, labels=None, allow_empty: bool = False) -> np.ndarray:
    """A 1-D float64 array of finite, non-negative times."""
    arr = _as_1d(name, x)
    if arr.size == 0 and not allow_empty:
        raise InputError(f"`{name}` is empty: there are no observations to analyse")
    if arr.dtype.kind not in "biuf":
        try:
            arr = arr.astype(np.float64)
        except (TypeError, ValueError):
            raise TypeError(f"`{name}` must be numeric; got values of type {arr.dtype}") from None
    arr = np.asarray(arr, dtype=np.float64)
    bad = ~np.isfinite(arr)
    if bad.any():
        idx = np.flatnonzero(bad)
        raise InputError(f"`{name}` must be finite (no missing values); {rows_text(idx, arr, labels=labels)}")
    neg = arr < 0
    if neg.any():
        idx = np.flatnonzero(neg)
        raise InputError(f"`{name}` must be non-negative; {rows_text(idx, arr, labels=labels)}")
    return arr


def as_event(x, n: int, name: str = "event", *, labels=None) -> np.ndarray:
    """A boolean array: True where the event was observed. Accepts booleans or 0/1 codes."""
    if x is None:
        return np.ones(n, dtype=bool)
    arr = _as_1d(name, x)
    if arr.dtype == bool:
        out = arr
    else:
        if arr.dtype.kind not in "biuf":
            try:
                arr = arr.astype(np.float64)
            except (TypeError, ValueError):
                raise InputError(f"`{name}` must be 0/1 or True/False; got values of type {arr.dtype}") from None
        bad = ~np.isin(arr, (0, 1))
        if bad.any():
            idx = np.flatnonzero(bad)
            raise InputError(
                f"`{name}` must be coded 0/1 (1 = event observed); {rows_text(idx, arr, labels=labels)}"
            )
        out = arr == 1
    check_same_length({"time": n, name: len(out)})
    return out


def as_labels(x, n: int, name: str, *, labels=None) -> np.ndarray:
    """A 1-D array of group or stratum labels, with no missing values."""
    arr = _as_1d(name, x)
    check_same_length({"time": n, name: len(arr)})
    if arr.dtype.kind == "f":
        bad = np.isnan(arr)
    elif arr.dtype.kind == "O":
        # None, or NaN (the only value not equal to itself); elementwise in C rather than a Python loop
        bad = (np.asarray(np.equal(arr, None), dtype=np.bool_)  # type: ignore[call-overload]
               | np.asarray(np.not_equal(arr, arr), dtype=np.bool_))
    else:
        bad = np.zeros(len(arr), dtype=bool)
    if bad.any():
        idx = np.flatnonzero(bad)
        raise InputError(f"`{name}` has missing values; {rows_text(idx, labels=labels)}")
    return arr


def check_same_length(lengths: dict[str, int]) -> None:
    vals = set(lengths.values())
    if len(vals) > 1:
        desc = ", ".join(f"`{k}` has {v}" for k, v in lengths.items())
        raise InputError(f"inputs must have the same length; {desc}")


def check_confidence_level(level) -> float:
    try:
        lv = float(level)
    except (TypeError, ValueError):
        raise TypeError(f"`confidence_level` must be a number; got {level!r}") from None
    if not 0 < lv < 1:
        raise InputError(f"`confidence_level` must be between 0 and 1 (e.g. 0.95); got {level!r}")
    return lv


def check_positive(name: str, value) -> float:
    try:
        v = float(value)
    except (TypeError, ValueError):
        raise TypeError(f"`{name}` must be a number; got {value!r}") from None
    if not np.isfinite(v) or v <= 0:
        raise InputError(f"`{name}` must be a positive number; got {value!r}")
    return v


def as_counts_1d(name: str, value) -> np.ndarray:
    """A 1-D int64 array of counts: non-negative whole numbers, one per stratum (a scalar becomes length 1)."""
    if value is None:
        raise TypeError(f"`{name}` is required")
    if isinstance(value, (str, bytes)):
        raise TypeError(f"`{name}` must be a whole number or an array of them, not a string")
    arr = np.asarray(value)
    if arr.ndim == 0:
        arr = arr.reshape(1)
    if arr.ndim != 1:
        raise InputError(f"`{name}` must be a number or a 1-D array over strata; got shape {arr.shape}")
    if arr.size == 0:
        raise InputError(f"`{name}` is empty")
    if arr.dtype == bool or arr.dtype.kind not in "iuf":
        raise TypeError(f"`{name}` must hold whole numbers (counts); got values of type {arr.dtype}")
    if arr.dtype.kind == "f":
        bad = ~np.isfinite(arr) | (arr != np.round(arr))
        if bad.any():
            idx = np.flatnonzero(bad)
            raise InputError(f"`{name}` must hold whole numbers (counts); {_strata_where(idx, arr)}")
    arr = arr.astype(np.int64)
    neg = arr < 0
    if neg.any():
        idx = np.flatnonzero(neg)
        raise InputError(f"`{name}` must be non-negative; {_strata_where(idx, arr)}")
    return arr


def _strata_where(idx: np.ndarray, arr: np.ndarray) -> str:
    """'has 2.5' for a scalar input, 'strata 1, 3 have ...' for an array."""
    if arr.size == 1:
        return f"got {rows_text(idx, arr).split(' has ', 1)[-1]}"
    return rows_text(idx, arr).replace("rows", "strata", 1).replace("row", "stratum", 1)
