"""The two hot loops of the simulation, compiled with numba when it is installed (NumPy fallbacks otherwise).

A profile of 10,000 trials of 420 patients showed the array passes around the sort (cutting the data at the
look, packing the sort keys, the cumulative at-risk counts and the O - E sums) taking four fifths of the time;
fused into one loop per trial they cost less than the sort itself.
"""

from __future__ import annotations

import numpy as np

__all__ = ["HAVE_NUMBA", "look_keys", "logrank_sums"]

try:  # pragma: no cover - exercised when numba is installed
    import numba

    HAVE_NUMBA = True
except ImportError:  # pragma: no cover
    numba = None
    HAVE_NUMBA = False

_MASK = ~np.int64(3)


def _look_keys_py(entry, y_full, cal_ev, trt, tau):
    include = entry < tau[:, None]
    y = np.minimum(y_full, tau[:, None] - entry)
    ev = (cal_ev <= tau[:, None]) & include
    bits = np.ascontiguousarray(y, dtype=np.float64).view(np.int64) & _MASK
    bits |= ev.astype(np.int64) << 1
    bits |= trt.astype(np.int64)
    bits[~include] = 0
    return bits, ev.sum(axis=1).astype(np.float64), include.sum(axis=1).astype(np.float64)


def _logrank_sums_py(bits):
    m, n = bits.shape
    ev = (bits & 2).astype(bool)
    tr = (bits & 1).astype(bool)
    N = (n - np.arange(n, dtype=np.float64))[None, :]
    n_tr = np.cumsum(tr[:, ::-1], axis=1, dtype=np.int32)[:, ::-1]
    d = ev.astype(np.float64)
    frac = 1.0 - n_tr / N
    return (d * ((~tr) - frac)).sum(axis=1), (d * frac * (1.0 - frac)).sum(axis=1)


if HAVE_NUMBA:  # pragma: no cover
    @numba.njit(cache=True, nogil=True)
    def _look_keys_nb(entry, y_full, cal_ev, trt, tau):
        m, n = entry.shape
        bits = np.empty((m, n), dtype=np.int64)
        n_ev = np.zeros(m)
        n_in = np.zeros(m)
        for r in range(m):
            t = tau[r]
            for i in range(n):
                a = entry[r, i]
                if a < t:
                    fu = t - a
                    y = y_full[r, i]
                    if fu < y:
                        y = fu
                    e = cal_ev[r, i] <= t
                    b = np.int64(np.float64(y).view(np.int64)) & np.int64(-4)
                    if e:
                        b |= 2
                        n_ev[r] += 1
                    if trt[r, i]:
                        b |= 1
                    bits[r, i] = b
                    n_in[r] += 1
                else:
                    bits[r, i] = 0
        return bits, n_ev, n_in

    @numba.njit(cache=True, nogil=True)
    def _logrank_sums_nb(bits):
        m, n = bits.shape
        u = np.zeros(m)
        v = np.zeros(m)
        for r in range(m):
            n_tr = 0
            uu = 0.0
            vv = 0.0
            for i in range(n - 1, -1, -1):
                b = bits[r, i]
                if b == 0:
                    break  # the patients not entered sort first
                if b & 1:
                    n_tr += 1
                if b & 2:
                    N = n - i
                    f = 1.0 - n_tr / N
                    uu += (0.0 if b & 1 else 1.0) - f
                    vv += f * (1.0 - f)
            u[r] = uu
            v[r] = vv
        return u, v

    look_keys = _look_keys_nb
    logrank_sums = _logrank_sums_nb
else:  # pragma: no cover
    look_keys = _look_keys_py
    logrank_sums = _logrank_sums_py
