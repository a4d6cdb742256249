"""Response counts: validating them, and building them from per-subject data.

Every function of :mod:`trialscout.binary` that compares two arms takes the same counts: ``x1`` responders
out of ``n1`` treated subjects and ``x0`` out of ``n0`` controls, each a scalar (one table) or a 1-D array
with one entry per stratum. They may also be given as one table (see :func:`as_counts`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .._validate import InputError, as_counts_1d as _integers, check_same_length, rows_text

__all__ = ["ResponseTable", "response_table", "as_counts", "as_count"]


@dataclass(frozen=True, slots=True)
class ResponseTable:
    """Responders and subjects per arm and stratum: a 2 x 2 x K table.

    Attributes
    ----------
    strata : ndarray
        One label per stratum, in sorted order; ``[None]`` when the analysis is unstratified.
    x1, n1 : ndarray of int64
        Responders and subjects in the treated arm, per stratum.
    x0, n0 : ndarray of int64
        Responders and subjects in the control arm, per stratum.
    treated, control : object
        The ``group`` labels of the two arms.
    """

    strata: np.ndarray
    x1: np.ndarray
    n1: np.ndarray
    x0: np.ndarray
    n0: np.ndarray
    treated: object
    control: object

    @property
    def counts(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """``(x1, n1, x0, n0)``, ready for ``rate_difference(*table.counts)``."""
        return self.x1, self.n1, self.x0, self.n0

    @property
    def n_strata(self) -> int:
        return len(self.strata)

    def as_array(self) -> np.ndarray:
        """The table as an integer array of shape (K, 2, 2).

        ``[k, 0, :]`` is (responders, non-responders) of the treated arm in stratum ``k`` and ``[k, 1, :]`` the
        same for the control arm. R's ``mantelhaen.test`` wants ``np.moveaxis(t.as_array(), 0, -1)``.
        """
        return np.stack(
            [np.stack([self.x1, self.n1 - self.x1], axis=-1), np.stack([self.x0, self.n0 - self.x0], axis=-1)],
            axis=1,
        )


def _check_not_above(xname: str, x: np.ndarray, nname: str, n: np.ndarray) -> None:
    over = x > n
    if over.any():
        idx = np.flatnonzero(over)
        if x.size == 1:
            raise InputError(f"`{xname}` ({x[0]}) cannot exceed `{nname}` ({n[0]})")
        pairs = ", ".join(f"{x[i]} > {n[i]}" for i in idx[:5])
        word, verb = ("stratum", "has") if len(idx) == 1 else ("strata", "have")
        raise InputError(
            f"`{xname}` cannot exceed `{nname}`; {word} {', '.join(map(str, idx[:5]))} {verb} {pairs}"
        )


def as_count(x, n, *, xname: str = "successes", nname: str = "n") -> tuple[int, int]:
    """One validated (x, n) pair of a single sample, n > 0."""
    xa = _integers(xname, x)
    na = _integers(nname, n)
    if xa.size != 1 or na.size != 1:
        raise InputError(f"`{xname}` and `{nname}` must be single numbers; got {xa.size} and {na.size} values")
    if na[0] == 0:
        raise InputError(f"`{nname}` must be positive: a rate of 0 subjects is not defined")
    _check_not_above(xname, xa, nname, na)
    return int(xa[0]), int(na[0])


def as_counts(x1, n1=None, x0=None, n0=None) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Validate the counts of a two-arm comparison and return ``(x1, n1, x0, n0)`` as int64 arrays.

    Either all four of ``x1, n1, x0, n0`` are given (scalars or equal-length 1-D arrays over strata), or
    ``x1`` alone is a table: a :class:`ResponseTable`, or an array of shape (2, 2) or (K, 2, 2) whose rows are
    (treated, control) and columns (responders, non-responders).

    Raises
    ------
    InputError
        Negative or non-whole counts, responders exceeding subjects, strata of different lengths, or a table
        of the wrong shape.
    """
    if n1 is None and x0 is None and n0 is None:
        return _from_table(x1)
    given = {"n1": n1, "x0": x0, "n0": n0}
    missing = [k for k, v in given.items() if v is None]
    if missing:
        raise TypeError(
            f"give all of `x1`, `n1`, `x0`, `n0` (or a single table as `x1`); missing {', '.join(missing)}"
        )
    arrs = {name: _integers(name, v) for name, v in (("x1", x1), ("n1", n1), ("x0", x0), ("n0", n0))}
    sizes = {k: v.size for k, v in arrs.items()}
    if len(set(sizes.values())) > 1:
        desc = ", ".join(f"`{k}` has {v}" for k, v in sizes.items())
        raise InputError(f"`x1`, `n1`, `x0`, `n0` must have one entry per stratum each; {desc}")
    _check_not_above("x1", arrs["x1"], "n1", arrs["n1"])
    _check_not_above("x0", arrs["x0"], "n0", arrs["n0"])
    return arrs["x1"], arrs["n1"], arrs["x0"], arrs["n0"]


def _from_table(table) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    if isinstance(table, ResponseTable):
        return as_counts(table.x1, table.n1, table.x0, table.n0)
    if table is None:
        raise TypeError("`x1` is required")
    arr = np.asarray(table)
    if arr.ndim == 2:
        arr = arr[np.newaxis]
    if arr.ndim != 3 or arr.shape[1:] != (2, 2):
        raise InputError(
            "`table` must have shape (2, 2) or (K, 2, 2) — rows (treated, control), columns (responders, "
            f"non-responders) — or pass `x1, n1, x0, n0`; got shape {np.shape(table)}"
        )
    if arr.dtype == bool or arr.dtype.kind not in "iuf":
        raise TypeError(f"`table` must hold whole numbers (counts); got values of type {arr.dtype}")
    bad = ~np.isfinite(arr) | (arr != np.round(arr)) | (arr < 0) if arr.dtype.kind == "f" else arr < 0
    if bad.any():
        cells = ", ".join(f"{tuple(int(i) for i in ix)} = {arr[tuple(ix)]}" for ix in np.argwhere(bad)[:5])
        raise InputError(f"`table` must hold non-negative whole numbers (counts); cells (stratum, row, column) {cells}")
    flat = arr.astype(np.int64)
    x1, x0 = flat[:, 0, 0], flat[:, 1, 0]
    return x1, x1 + flat[:, 0, 1], x0, x0 + flat[:, 1, 1]


def _as_response(response) -> np.ndarray:
    arr = np.asarray(response)
    if arr.ndim != 1:
        raise InputError(f"`response` must be 1-D; got shape {arr.shape}")
    if arr.dtype == bool:
        return arr
    if arr.dtype.kind == "O":
        bad = np.array([not (isinstance(v, (bool, np.bool_, int, np.integer, float, np.floating))
                             and v in (0, 1)) for v in arr], dtype=bool)
    elif arr.dtype.kind in "iuf":
        bad = ~np.isin(arr, (0, 1))
    else:
        raise InputError(f"`response` must be coded 0/1 or True/False; got values of type {arr.dtype}")
    if bad.any():
        idx = np.flatnonzero(bad)
        raise InputError(f"`response` must be coded 0/1 or True/False (1 = responder); {rows_text(idx, arr)}")
    return arr.astype(float) == 1


def _missing(arr: np.ndarray) -> np.ndarray:
    if arr.dtype.kind == "f":
        return np.isnan(arr)
    if arr.dtype.kind == "O":
        return np.array([v is None or (isinstance(v, float) and np.isnan(v)) for v in arr], dtype=bool)
    return np.zeros(len(arr), dtype=bool)


def _as_label_array(name: str, x, n: int) -> np.ndarray:
    if x is None or isinstance(x, (str, bytes)):
        raise TypeError(f"`{name}` must be an array of labels, one per subject")
    arr = np.asarray(x)
    if arr.ndim != 1:
        raise InputError(f"`{name}` must be 1-D; got shape {arr.shape}")
    check_same_length({"response": n, name: len(arr)})
    bad = _missing(arr)
    if bad.any():
        raise InputError(f"`{name}` has missing values; {rows_text(np.flatnonzero(bad))}")
    return arr


def response_table(response, group, *, treated, control, strata=None) -> ResponseTable:
    """Count responders per arm (and stratum) from per-subject data.

    Parameters
    ----------
    response : array_like of bool or 0/1
        One entry per subject: True (or 1) for a responder.
    group : array_like
        Arm label of each subject. Subjects in neither ``treated`` nor ``control`` (a third arm) are left out.
    treated, control : object
        The labels in ``group`` of the experimental and the control arm.
    strata : array_like, optional
        Stratum label of each subject; strata are ordered as ``numpy.unique`` sorts them. A stratum may lack
        one arm: it is kept with a zero count, and the stratified methods give it no weight.

    Returns
    -------
    ResponseTable
        Counts per stratum; pass ``*table.counts`` (or the table itself) to :func:`rate_difference`,
        :func:`odds_ratio`, :func:`cmh_test`.

    Raises
    ------
    InputError
        If ``response`` is not coded 0/1 or boolean, labels are missing, lengths differ, ``treated`` equals
        ``control``, or either label is absent from ``group``.

    Examples
    --------
    >>> t = response_table([1, 0, 1, 1, 0, 0], ["A", "A", "A", "B", "B", "B"], treated="A", control="B")
    >>> t.x1, t.n1, t.x0, t.n0
    (array([2]), array([3]), array([1]), array([3]))
    """
    if response is None or isinstance(response, (str, bytes)) or np.ndim(response) == 0:
        raise TypeError("`response` must be an array with one entry per subject")
    resp = _as_response(response)
    n = len(resp)
    if n == 0:
        raise InputError("`response` is empty: there are no subjects to count")
    grp = _as_label_array("group", group, n)
    if treated == control:
        raise InputError(f"`treated` and `control` must differ; both are {treated!r}")
    in1 = grp == treated
    in0 = grp == control
    for name, label, mask in (("treated", treated, in1), ("control", control, in0)):
        if not np.any(mask):
            present = ", ".join(repr(v.item() if hasattr(v, "item") else v) for v in np.unique(grp)[:10])
            raise InputError(f"`{name}` label {label!r} does not occur in `group`; its labels are {present}")
    if strata is None:
        labels = np.array([None], dtype=object)
        codes = np.zeros(n, dtype=np.int64)
    else:
        st = _as_label_array("strata", strata, n)
        labels, codes = np.unique(st, return_inverse=True)
    k = len(labels)
    r = resp.astype(np.int64)
    x1 = np.bincount(codes[in1], weights=r[in1], minlength=k).astype(np.int64)
    n1 = np.bincount(codes[in1], minlength=k).astype(np.int64)
    x0 = np.bincount(codes[in0], weights=r[in0], minlength=k).astype(np.int64)
    n0 = np.bincount(codes[in0], minlength=k).astype(np.int64)
    return ResponseTable(strata=labels, x1=x1, n1=n1, x0=x0, n0=n0, treated=treated, control=control)
