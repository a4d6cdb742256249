"""Shared input preparation: codes for groups and strata, and per-stratum time ordering."""

from __future__ import annotations

import numpy as np

from .._validate import InputError, as_labels

__all__ = ["encode", "encode_strata", "NotEstimable"]


class NotEstimable(InputError):
    """The requested quantity cannot be estimated from these data (e.g. a hazard ratio with an arm with no events)."""


def encode(x, n: int, name: str) -> tuple[np.ndarray, tuple]:
    """Integer codes 0..k-1 and the sorted distinct labels of a label array."""
    arr = as_labels(x, n, name)
    try:
        labels, codes = np.unique(arr, return_inverse=True)
    except TypeError:  # mixed types: compare as text
        labels, codes = np.unique(arr.astype(str), return_inverse=True)
    return codes.astype(np.intp).ravel(), tuple(v.item() if hasattr(v, "item") else v for v in labels)


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
        combined = combined * len(lab) + c
    uniq, codes = np.unique(combined, return_inverse=True)
    labels = []
    for u in uniq:
        parts = []
        for lab in reversed(labels_list):
            parts.append(lab[u % len(lab)])
            u //= len(lab)
        labels.append(tuple(reversed(parts)))
    return codes.astype(np.intp).ravel(), tuple(labels)


def stratum_indices(codes: np.ndarray, n_strata: int) -> list[np.ndarray]:
    """Row indices of each stratum (one stable sort, then split)."""
    if n_strata == 1:
        return [np.arange(len(codes))]
    order = np.argsort(codes, kind="stable")
    bounds = np.searchsorted(codes[order], np.arange(1, n_strata))
    return np.split(order, bounds)
