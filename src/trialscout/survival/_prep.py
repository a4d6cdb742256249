"""Shared input preparation: codes for groups and strata, and two layouts of the subjects on the event times.

The grid (:func:`strata_grid`) avoids a full sort of the n observations, which pays when times are heavily tied:
distinct values are found by hashing (``pandas.factorize``) and only the distinct values are sorted; the position
of each observation on the sorted grid of distinct event times is found by bucketing (:func:`count_le`). Its
arrays span the event times of every stratum, which with mostly distinct (continuous) times is nearly n per
stratum. There the subjects are sorted instead (:func:`sorted_cells`), once, on an integer key, and every risk set
is a run of rows within its stratum.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .._validate import InputError, as_labels

__all__ = ["encode", "encode_strata", "NotEstimable", "event_grid", "count_le", "distinct_sorted", "mostly_distinct", "strata_grid",
           "StrataGrid", "SortedCells", "sorted_cells", "group_counts",
           "small_codes"]

# an integer label array whose range is at most this many times its length is coded by counting, not sorting
_DENSE_RANGE = 4


class NotEstimable(InputError):
    """The requested quantity cannot be estimated from these data (e.g. a hazard ratio with an arm with no events)."""


def _codes_of_integers(arr: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
    """Codes and sorted distinct values of an integer (or boolean) array by counting; None if the range is wide."""
    if arr.dtype == bool:
        arr = arr.view(np.uint8)
    lo, hi = int(arr.min()), int(arr.max())
    span = hi - lo + 1
    if span > _DENSE_RANGE * len(arr) + 1024:
        return None
    shifted = np.subtract(arr, lo, dtype=np.intp) if lo else arr.astype(np.intp, copy=False)
    present = np.flatnonzero(np.bincount(shifted, minlength=span))
    if len(present) == span:  # every value in the range occurs: the shifted values are the codes
        codes = shifted
    else:
        lut = np.zeros(span, dtype=np.intp)
        lut[present] = np.arange(len(present))
        codes = lut[shifted]
    return codes, present + lo


def encode(x, n: int, name: str) -> tuple[np.ndarray, tuple]:
    """Integer codes 0..k-1 and the sorted distinct labels of a label array (as ``np.unique`` would sort them)."""
    fast = _encode_categorical(x, n)
    if fast is not None:
        return fast
    arr = as_labels(x, n, name)
    if arr.dtype.kind in "biu" and len(arr):
        dense = _codes_of_integers(arr)
        if dense is not None:
            codes, values = dense
            if arr.dtype == bool:
                return codes, tuple(bool(v) for v in values)
            return codes, tuple(int(v) for v in values)
    try:
        codes, labels = _factorize_sorted(arr)
    except TypeError:  # mixed types: compare as text
        codes, labels = _factorize_sorted(arr.astype(str))
    return codes, tuple(v.item() if hasattr(v, "item") else v for v in labels)


def _encode_categorical(x, n: int) -> tuple[np.ndarray, tuple] | None:
    """A pandas Categorical (or categorical Series) of text labels: its codes, renumbered so that the labels used
    come in ``np.unique``'s order, without one string per row. None for anything else, or where the checks of
    :func:`as_labels` must speak (a wrong length, a missing value)."""
    if not isinstance(getattr(x, "dtype", None), pd.CategoricalDtype):
        return None
    cat = pd.Categorical(x)
    codes = np.asarray(cat.codes)
    if len(codes) != n or (len(codes) and codes.min() < 0):
        return None
    cats = np.asarray(cat.categories, dtype=object)
    if not all(isinstance(c, str) for c in cats):
        return None  # numbers, mixed types: the general path decides their order
    used = np.flatnonzero(np.bincount(codes, minlength=len(cats)))
    labels = np.asarray([cats[i] for i in used], dtype=str)
    order = np.argsort(labels, kind="stable")
    new_code = np.empty(len(cats), dtype=np.intp)
    new_code[used[order]] = np.arange(len(used))
    return new_code[codes], tuple(str(labels[i]) for i in order)


def _factorize_sorted(arr: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Hash the labels, then sort only the distinct ones (np.unique's order, without sorting all n labels)."""
    codes, uniques = pd.factorize(arr)
    uniques = np.asarray(uniques)
    labels, inverse = np.unique(uniques, return_inverse=True)
    return inverse.ravel().astype(np.intp)[codes], labels


def encode_strata(strata, n: int, name: str = "strata") -> tuple[np.ndarray, tuple]:
    """Codes for one stratum array, or for the combinations of several (a 2-D array or a sequence of arrays)."""
    if strata is None:
        return np.zeros(n, dtype=np.intp), ((),)
    if hasattr(strata, "columns"):  # a DataFrame: one column per factor
        cols = [np.asarray(strata[c]) for c in strata.columns]
    elif isinstance(strata, (list, tuple)) and len(strata) and np.ndim(strata[0]) == 1:
        cols = [np.asarray(c) for c in strata]
    else:
        arr = np.asarray(strata)
        cols = [arr] if arr.ndim == 1 else [arr[:, j] for j in range(arr.shape[1])]
    if len(cols) == 1:
        return encode(cols[0], n, name)
    codes_list, labels_list = zip(*(encode(c, n, f"{name}[{j}]") for j, c in enumerate(cols)))
    combined = np.zeros(n, dtype=np.int64)
    for c, lab in zip(codes_list, labels_list):
        combined *= len(lab)
        combined += c
    codes, uniq = encode(combined, n, name)
    labels = []
    for u in uniq:
        parts = []
        for lab in reversed(labels_list):
            parts.append(lab[u % len(lab)])
            u //= len(lab)
        labels.append(tuple(reversed(parts)))
    return codes, tuple(labels)


def mostly_distinct(values: np.ndarray) -> bool:
    """True for a large array with hardly a tie among ~4096 evenly spaced values (continuous times): there a
    sort beats hashing. Small arrays answer False (hashing them is cheap either way)."""
    n = len(values)
    if n <= 20_000:
        return False
    sample = values[:: n // 4096]
    return len(pd.unique(sample)) > 0.97 * len(sample)


def distinct_sorted(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Sorted distinct values and how often each occurs.

    Heavily tied values (times rounded to days or to 0.01) are hashed and only the distinct ones sorted; mostly
    distinct values are sorted outright (a hash table of 10^6 distinct values costs more than the sort).
    """
    n = len(values)
    if n == 0:
        return np.empty(0), np.zeros(0, dtype=np.int64)
    if mostly_distinct(values):
        v = np.sort(values)
        starts = np.flatnonzero(np.concatenate(([True], v[1:] != v[:-1])))
        return v[starts], np.diff(np.append(starts, n))
    counts = pd.Series(values, copy=False).value_counts(sort=False, dropna=False)
    u = counts.index.to_numpy()
    c = counts.to_numpy()
    order = np.argsort(u, kind="stable")
    u, c = u[order], c[order]
    if len(u) > 1 and not (u[1:] > u[:-1]).all():  # -0.0 and 0.0 hash apart but are one time
        keep = np.concatenate(([True], u[1:] != u[:-1]))
        c = np.add.reduceat(c, np.flatnonzero(keep))
        u = u[keep]
    return u, c


def count_le(grid: np.ndarray, x: np.ndarray) -> np.ndarray:
    """For each x, the number of grid values <= x: ``np.searchsorted(grid, x, side="right")`` for a sorted grid.

    A binary search per value is slow at 10^6 values; instead the grid's range is cut into equal cells, each value
    starts from the count of grid values in the cells below its own, and a few vectorised passes step over the grid
    values inside its cell. The cell of v is floor((v - g_0) * scale), a non-decreasing function of v in floating
    point too, so grid values in lower cells are < v and those in higher cells > v: the result is exact. When the
    grid is too clustered for that (many values in one cell) this falls back to the binary search.
    """
    m = len(grid)
    if m < 64 or len(x) < 4096:
        return np.searchsorted(grid, x, side="right")
    lo, hi = float(grid[0]), float(grid[-1])
    n_cells = min(4 * m, max(len(x), 1024))
    scale = n_cells / (hi - lo) if hi > lo else np.inf
    if not np.isfinite(scale):
        return np.searchsorted(grid, x, side="right")

    def cell(v: np.ndarray) -> np.ndarray:
        c = v - lo
        c *= scale
        np.floor(c, out=c)
        np.clip(c, -1.0, float(n_cells), out=c)
        out = c.astype(np.intp)
        out += 1  # cells 0 .. n_cells + 1
        return out

    occupancy = np.bincount(cell(grid), minlength=n_cells + 2)
    passes = int(occupancy.max())
    if passes > 16:
        return np.searchsorted(grid, x, side="right")
    below = np.zeros(n_cells + 2, dtype=np.intp)
    np.cumsum(occupancy[:-1], out=below[1:])  # grid values in the cells below each cell
    idx = below[cell(x)]
    padded = np.append(grid, np.inf)
    dense = min(passes, 2)
    for _ in range(dense):
        idx += padded[idx] <= x
    if passes > dense:  # the few values in crowded cells: step only those still below their grid value
        active = np.flatnonzero(padded[idx] <= x)
        for _ in range(passes - dense):
            if not len(active):
                break
            ia = idx[active]
            ia += 1
            idx[active] = ia
            active = active[padded[ia] <= x[active]]
    return idx


def event_grid(time: np.ndarray, event: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The sorted distinct event times u and, for every observation, b_i = #{j : u_j <= time_i}.

    Subject i is at risk at the j-th event time (0-based) exactly when j < b_i, and an event of subject i happens
    at event time b_i - 1.
    """
    u, _ = distinct_sorted(time[event])
    return u, count_le(u, time)


@dataclass(slots=True)
class StrataGrid:
    """Each stratum's own grid of event times, laid end to end.

    Stratum s owns the cells ``offsets[s] .. offsets[s + 1] - 1``: its cell 0 holds the subjects whose time is
    before its first event time, its cell j >= 1 those whose time is at or after its j-th event time and before
    the next (``time[cell]`` is that event time). So a subject in cell c is at risk at the event times of the
    cells offsets[s] + 1 .. c, and its event, if any, is at the event time of cell c.
    """

    cell: np.ndarray        # (n,) cell of every subject
    offsets: np.ndarray     # (strata + 1,)
    time: np.ndarray        # (cells,) event time of each cell (NaN for each stratum's cell 0)
    _u: np.ndarray          # all distinct event times
    _map: np.ndarray | None  # (strata * (len(u) + 1),) cell of (stratum, global bin)

    @property
    def n_cells(self) -> int:
        return int(self.offsets[-1])

    def segments(self):
        """(first, end) cell of each stratum."""
        return list(zip(self.offsets[:-1].tolist(), self.offsets[1:].tolist()))

    def cell_of(self, times: np.ndarray, strata: np.ndarray) -> np.ndarray:
        """Cells of other times (e.g. delayed-entry times) of subjects in the given strata."""
        b = count_le(self._u, times)
        if self._map is None:
            return b
        b += strata * (len(self._u) + 1)
        return self._map[b]


def strata_grid(time: np.ndarray, event: np.ndarray, strata: np.ndarray, n_strata: int) -> StrataGrid:
    """Place every subject on its stratum's grid of event times (no sort of the n observations)."""
    u, b = event_grid(time, event)
    m = len(u)
    if n_strata == 1:
        return StrataGrid(b, np.array([0, m + 1]), np.concatenate(([np.nan], u)), u, None)
    b += strata * (m + 1)  # (stratum, global bin), flattened
    flat = np.zeros(n_strata * (m + 1), dtype=bool)
    flat[b[event]] = True  # global event time u_{bin - 1} has an event in this stratum
    # rank[s, bin]: number of stratum s's event times among u_0 .. u_{bin - 1}
    has = flat.reshape(n_strata, m + 1)
    rank = np.empty((n_strata, m + 1), dtype=np.intp)
    for i in range(n_strata):  # row by row: a cumsum of booleans along axis 1 is several times slower
        np.cumsum(has[i], dtype=np.intp, out=rank[i])
    offsets = np.concatenate(([0], np.cumsum(rank[:, -1] + 1)))
    rank += offsets[:-1, None]
    cell_map = rank.ravel()
    ev = np.flatnonzero(has)
    cell_time = np.full(int(offsets[-1]), np.nan)
    cell_time[cell_map[ev]] = u[ev % (m + 1) - 1]
    return StrataGrid(cell_map[b], offsets, cell_time, u, cell_map)


# -- sorted rows (continuous times) -------------------------------------------------------------------------------
@dataclass(slots=True)
class SortedCells:
    """The subjects sorted by stratum, then time, with the events before the censorings at a shared time.

    A cell is an event time of a stratum with the rows that follow it up to the next event time of that stratum:
    its first ``deaths[c]`` rows are the events at ``time[c]``, the rest the censorings before the next event time.
    Subject ``order[i]`` is at risk at the event time of every cell of its stratum that starts at or before row i,
    so every risk-set sum is a sum over the rows from a cell's first row to the end of its stratum. The rows before
    a stratum's first event time (never at risk at one of its event times) lie before ``start[cells[s]]``.
    """

    order: np.ndarray    # (n,) subject of each row
    start: np.ndarray    # (J,) first row of each cell
    deaths: np.ndarray   # (J,) events at each cell's event time
    time: np.ndarray     # (J,) event time of each cell
    cells: np.ndarray    # (strata + 1,) stratum s owns the cells cells[s] .. cells[s + 1] - 1
    rows: np.ndarray     # (strata + 1,) and the rows rows[s] .. rows[s + 1] - 1

    def segments(self):
        """(first cell, end cell, first row of the first cell, end row) of each stratum with events."""
        out = []
        for s in range(len(self.cells) - 1):
            lo, hi = int(self.cells[s]), int(self.cells[s + 1])
            if hi > lo:
                out.append((lo, hi, int(self.start[lo]), int(self.rows[s + 1])))
        return out


def small_codes(codes: np.ndarray, k: int) -> np.ndarray:
    """The same codes in the narrowest unsigned type (uint8/uint16 codes sort by radix)."""
    for dtype in (np.uint8, np.uint16, np.uint32):
        if k <= np.iinfo(dtype).max + 1:
            return codes.astype(dtype)
    return codes


def sorted_cells(time: np.ndarray, event: np.ndarray, strata: np.ndarray, n_strata: int) -> SortedCells:
    """Sort the subjects into :class:`SortedCells`: one sort of n integer keys (the time's bit pattern with the
    censoring flag in the lowest bit) and, with strata, a stable radix sort of the strata codes in that order.

    For non-negative doubles the IEEE bit pattern read as an unsigned integer orders like the value, and doubling
    it leaves the lowest bit free: sorting the keys orders the times exactly, events first at a tie.
    """
    n = len(time)
    if n == 0:
        empty = np.zeros(0, dtype=np.intp)
        return SortedCells(empty, empty, empty, np.zeros(0), np.zeros(n_strata + 1, dtype=np.intp),
                           np.zeros(n_strata + 1, dtype=np.intp))
    key = np.add(time, 0.0).view(np.uint64)  # + 0.0 turns -0.0 into 0.0
    key <<= np.uint64(1)
    key |= (~event).view(np.uint8)
    order = np.argsort(key)
    if n_strata > 1:
        perm = np.argsort(small_codes(strata, n_strata)[order], kind="stable")
        order = order[perm]
        del perm
        rows = np.zeros(n_strata + 1, dtype=np.intp)
        np.cumsum(np.bincount(strata, minlength=n_strata), out=rows[1:])
    else:
        rows = np.array([0, n], dtype=np.intp)
    ks = key[order]
    del key
    if np.little_endian:  # the flag is in the first byte of each key: no n-long integer temporary
        censored = ks.view(np.uint8)[::8] & 1
    else:
        censored = (ks & np.uint64(1)).astype(np.uint8)
    # a run of equal keys starts at row i when its key differs from row i - 1's or a stratum starts at i
    differs = np.empty(n, dtype=bool)
    differs[0] = True
    np.not_equal(ks[1:], ks[:-1], out=differs[1:])
    inner = rows[1:-1]
    differs[inner[inner < n]] = True
    ends = np.empty(n, dtype=bool)  # a run ends at row i
    ends[:-1] = differs[1:]
    ends[-1] = True
    is_event = censored == 0
    del censored
    start = np.flatnonzero(differs & is_event)
    deaths = np.flatnonzero(ends & is_event)
    del differs, ends, is_event
    deaths -= start
    deaths += 1
    cell_time = (ks[start] >> np.uint64(1)).view(np.float64)
    del ks
    cells = np.searchsorted(start, rows)
    return SortedCells(order, start, deaths, cell_time, cells, rows)


def group_counts(sc: SortedCells, g: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Subjects at risk and events of each group at each cell: two (k, J) integer tables.

    ``g`` is the group code (0..k-1) of each sorted row (``codes[sc.order]``). Counts are differences of running
    counts over the rows, which is exact in integers; one pass over the rows per group but the last.
    """
    n = len(g)
    J = len(sc.start)
    dtype = np.int32 if n < np.iinfo(np.int32).max else np.int64
    risk = np.empty((k, J), dtype=dtype)
    dead = np.empty((k, J), dtype=dtype)
    segments = sc.segments()
    for lo, hi, _, end in segments:
        np.subtract(end, sc.start[lo:hi], out=risk[k - 1, lo:hi])
    dead[k - 1] = sc.deaths
    running = np.zeros(n + 1, dtype=dtype)  # running[i]: rows of the group among rows 0 .. i - 1
    for j in range(k - 1):
        np.cumsum(g == j, out=running[1:])
        for lo, hi, _, end in segments:
            first = sc.start[lo:hi]
            at_first = running[first]
            np.subtract(running[end], at_first, out=risk[j, lo:hi])
            first = first + sc.deaths[lo:hi]
            np.subtract(running[first], at_first, out=dead[j, lo:hi])
        risk[k - 1] -= risk[j]
        dead[k - 1] -= dead[j]
    return risk, dead
