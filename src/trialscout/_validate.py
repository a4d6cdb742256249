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
    "InputTypeError",
    "check_landmarks",
    "check_max_iter",
    "as_init",
    "check_identifiable",
]


class TrialscoutError(ValueError):
    """Base class of every input error trialscout raises: one message that says what and where."""


class InputError(TrialscoutError):
    """A value supplied by the user is not acceptable."""


class InputTypeError(InputError, TypeError):
    """A value supplied by the user has the wrong type (both an InputError and a TypeError)."""


def _reject_kinds(name: str, arr: np.ndarray) -> np.ndarray:
    """Dates, complex numbers and nested values are refused; durations become days (with a warning)."""
    kind = arr.dtype.kind
    if kind == "M":
        raise InputTypeError(f"`{name}` holds dates or times, not durations; give the time from the start")
    if kind == "m":
        import warnings

        warnings.warn(f"`{name}` holds durations (timedelta); converted to days", UserWarning, stacklevel=4)
        return arr / np.timedelta64(1, "D")
    if kind == "c":
        raise InputTypeError(f"`{name}` holds complex numbers; give real numbers")
    return arr


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
    arr = _reject_kinds(name, _as_1d(name, x))
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


def as_entry(entry, time: np.ndarray) -> np.ndarray:
    """Delayed-entry times: one finite, non-negative time per row of ``time``, each below its row's ``time``."""
    en = as_time(entry, "entry")
    if len(en) != len(time):
        raise InputError(f"`entry` must have one value per row ({len(time)}); got {len(en)}")
    bad = en >= time
    if bad.any():
        rows = ", ".join(map(str, np.flatnonzero(bad)[:5]))
        raise InputError(f"`entry` must be less than `time`; rows {rows} have entry >= time")
    return en


def as_event(x, n: int, name: str = "event", *, labels=None) -> np.ndarray:
    """A boolean array: True where the event was observed. Accepts booleans or 0/1 codes."""
    if x is None:
        return np.ones(n, dtype=bool)
    arr = _as_1d(name, x)
    if arr.dtype.kind in "cmM":
        raise InputTypeError(f"`{name}` must be 0/1 or True/False; got values of type {arr.dtype}")
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
    if arr.dtype.kind == "c":
        raise InputTypeError(f"`{name}` holds complex numbers; give labels")
    if arr.dtype.kind == "f":
        bad = np.isnan(arr)
    elif arr.dtype.kind == "O":
        import pandas as pd

        # None, NaN, pd.NA and NaT (pandas' missing values), elementwise in C rather than a Python loop
        bad = np.asarray(pd.isna(arr), dtype=bool)
        nested = np.flatnonzero(np.fromiter((isinstance(v, (list, dict, set, np.ndarray)) for v in arr),
                                            dtype=bool, count=len(arr)))
        if len(nested):
            raise InputTypeError(f"`{name}` holds {type(arr[nested[0]]).__name__} values, not one label per row; "
                                 f"{rows_text(nested, labels=labels)}")
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


def check_landmarks(landmarks, name: str = "landmarks") -> tuple[float, ...]:
    """Landmark times: a number or a sequence of finite, non-negative numbers (a string is refused: '12' is
    not the times 1 and 2)."""
    if landmarks is None:
        return ()
    if isinstance(landmarks, (str, bytes)):
        raise InputTypeError(f"`{name}` must be a number or a list of numbers, not a string; got {landmarks!r} "
                             f"(e.g. {name}=[12] or {name}=(6, 12, 24))")
    if isinstance(landmarks, (bool, np.bool_)):
        raise InputTypeError(f"`{name}` must be times (numbers); got {landmarks!r}")
    if isinstance(landmarks, (int, float, np.integer, np.floating)):
        landmarks = (landmarks,)
    try:
        items = list(landmarks)
    except TypeError:
        raise InputTypeError(f"`{name}` must be a number or a list of numbers; got {type(landmarks).__name__}") \
            from None
    out = []
    for x in items:
        if isinstance(x, (str, bytes, bool, np.bool_)) or isinstance(x, complex):
            raise InputTypeError(f"`{name}` must be times (numbers); got {x!r}")
        try:
            v = float(x)
        except (TypeError, ValueError):
            raise InputTypeError(f"`{name}` must be times (numbers); got {x!r}") from None
        if not np.isfinite(v) or v < 0:
            raise InputError(f"`{name}` must be finite, non-negative times; got {x!r}")
        out.append(v)
    return tuple(out)


def check_max_iter(max_iter, name: str = "max_iter") -> int:
    """A whole number of iterations, at least 0 (0 evaluates the model at its starting values)."""
    if isinstance(max_iter, (bool, np.bool_)) or not isinstance(max_iter, (int, np.integer)):
        raise InputTypeError(f"`{name}` must be a whole number of iterations; got {max_iter!r}")
    if max_iter < 0:
        raise InputError(f"`{name}` must be a non-negative whole number; got {max_iter!r}")
    return int(max_iter)


def as_init(init, p: int, names: Sequence[str] = (), name: str = "init") -> np.ndarray | None:
    """Starting coefficients: None, or ``p`` finite numbers (one per covariate)."""
    if init is None:
        return None
    if isinstance(init, (str, bytes)):
        raise InputTypeError(f"`{name}` must be numbers, one per covariate; got a string")
    try:
        arr = np.asarray(init, dtype=np.float64).ravel()
    except (TypeError, ValueError):
        raise InputTypeError(f"`{name}` must be numbers, one per covariate; got {init!r}") from None
    if arr.size != p:
        which = f" ({', '.join(map(str, names))})" if names else ""
        raise InputError(f"`{name}` must have one value per covariate{which}: {p}; got {arr.size}")
    if not np.isfinite(arr).all():
        raise InputError(f"`{name}` must be finite; got {init!r}")
    return arr


def check_identifiable(x: np.ndarray, names: Sequence[str], name: str = "covariates") -> None:
    """Refuse covariates that are constant or linear combinations of the others: the model is not identifiable.

    Rank is judged on the centred columns scaled to unit length, with the tolerance numpy's matrix_rank uses
    (largest singular value x max(n, p) x machine epsilon).
    """
    n, p = x.shape
    const = [names[j] for j in range(p) if not x[:, j].max() > x[:, j].min()]  # no copy of the data
    if const:
        raise InputError(f"the model is not identifiable: covariate `{const[0]}` is constant (the same value "
                         "in every row)")
    if p == 1:
        return
    xc = x - x.mean(axis=0)
    z = xc / np.sqrt((xc * xc).sum(axis=0))
    kept: list[int] = []
    for j in range(p):
        cols = z[:, kept + [j]]
        if np.linalg.matrix_rank(cols) < len(kept) + 1:
            others = ", ".join(f"`{names[k]}`" for k in kept)
            raise InputError(f"the model is not identifiable: covariate `{names[j]}` is a linear combination of "
                             f"{others} (collinear {name}); drop one of them")
        kept.append(j)
