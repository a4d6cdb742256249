"""Individual patient data from a digitized Kaplan–Meier curve (Guyot et al., 2012).

The algorithm, in the paper's terms. The at-risk table splits follow-up into intervals [t_i, t_{i+1}). Within
an interval, a number of censorings c_i is spread evenly (or on the censoring ticks of the figure); walking
along the digitized points T_k in the interval, the number at risk is

    n_k = n_i - (events before T_k) - (censorings before T_k),

and the events at T_k are the drop of the digitized curve relative to the reconstructed one,

    d_k = round(n_k (1 - S_k / S^_{k-1})),      S^_k = S^_{k-1} (1 - d_k / n_k)        (Guyot eqs. 1-3)

so the reconstructed curve S^ tracks the digitized S and rounding errors do not accumulate. c_i is the value
for which the reconstructed number at risk at t_{i+1} equals the published one. An adjust-until-equal loop
on c_i can cycle for ever when rounding makes the count skip the target; here c_i is found by bisection
over [0, n_i - n_{i+1}] (the count falls, give or take rounding, as c_i grows), then a scan of the values
around the crossing, so the search ends after at most ceil(log2(n)) + 12 walks of the interval. Two repairs
make the published count exact: when rounding skips it, the shortfall is censored just before t_{i+1},
after the interval's last digitized point, where it changes no event; when the curve drops more than the
table allows even with no censoring (noise in the clicks), the interval's events are capped and the
reconstruction catches up with the curve in the next interval.

In the last interval, c is chosen so that the total number of events equals the published one when it is
given; otherwise censoring continues at the average rate of the earlier intervals (Guyot et al.), or at the
censoring ticks, or is absent when nothing is known. Patients still at risk at the curve's end are censored
there. When the total events are given but missed, where censoring falls inside the intervals is refitted
(one shape parameter for all intervals, bounded bisection, every at-risk count kept), and a remaining gap of
r events is closed by turning r censorings into events (or the reverse) at the same times, which keeps every
number at risk (at most max(2, 2% of the arm): a larger gap means the total and the figure disagree, and is
left and reported); both are in the diagnostics.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass, field, replace

import numpy as np

from .._validate import InputError, rows_text
from ._clean import DEFAULT_MAX_RISE, DEFAULT_MAX_SHIFT, DEFAULT_VERTICAL_TOL, CleanCurve, clean_curve

__all__ = ["Reconstruction", "ReconstructionDiagnostics", "ReconstructionWarning", "reconstruct_ipd"]

# Number of candidate censoring counts scanned on each side of the bisection's crossing.
SCAN_HALF_WIDTH = 5

# An arm larger than any trial has enrolled is an input mistake (1e14 would try to allocate petabytes).
MAX_SUBJECTS = 10_000_000

INFO_TABLE_EVENTS = "at-risk table and total events"
INFO_TABLE = "at-risk table"
INFO_N_EVENTS = "N and total events"
INFO_N = "N only"


class ReconstructionWarning(UserWarning):
    """The reconstruction ran but the result is less trustworthy than usual (see the message)."""


@dataclass(frozen=True, slots=True)
class ReconstructionDiagnostics:
    """How well a reconstruction reproduces what was published.

    Attributes
    ----------
    risk_time : ndarray
        Times of the at-risk table rows used (time 0 included).
    risk_published, risk_reconstructed : ndarray
        Published numbers at risk and those of the reconstructed data (subjects with time >= t).
    risk_dropped : tuple of float
        At-risk table times that were not used (none today: times past the digitized curve's end extend it,
        see ``risk_extended``); kept so that a result says so if it ever happens.
    risk_extended : tuple of float
        At-risk table times past the digitized curve's last point, to which the curve was extended flat.
    events_published : int or None
        Total events given, if any.
    events_reconstructed : int
        Events in the reconstructed data.
    censored_per_interval, events_per_interval : ndarray
        Censorings and events placed in each interval [t_i, t_{i+1}) (the last runs to the curve's end;
        the censorings at the end itself are ``censored_at_end``).
    censored_at_end : int
        Subjects still at risk at the curve's end, censored there.
    swapped : int
        Censorings turned into events (or events into censorings) at the same time, after the search, to
        meet the published total events (0 when the search met it).
    censoring_shape : float
        Where censoring was placed within intervals: times lo + (hi - lo) u^shape for evenly spaced u;
        1 (Guyot et al.'s even spread) unless refitted to meet the published total events.
    max_gap : float
        Largest absolute difference between the Kaplan–Meier curve of the reconstructed data and the cleaned
        digitized curve (both read as right-continuous step functions) over [0, end].
    integrated_gap : float
        Integral of that absolute difference over [0, end] (in time units x survival).
    mean_gap : float
        ``integrated_gap / end``.
    """

    risk_time: np.ndarray
    risk_published: np.ndarray
    risk_reconstructed: np.ndarray
    risk_dropped: tuple
    events_published: int | None
    events_reconstructed: int
    censored_per_interval: np.ndarray
    events_per_interval: np.ndarray
    censored_at_end: int
    swapped: int
    censoring_shape: float
    max_gap: float
    integrated_gap: float
    mean_gap: float
    risk_extended: tuple = ()

    @property
    def risk_matched(self) -> bool:
        """True when every published number at risk is used and reproduced exactly (False if any was dropped)."""
        return not self.risk_dropped and bool(np.array_equal(self.risk_published, self.risk_reconstructed))

    @property
    def events_matched(self) -> bool | None:
        """True when the published total events is reproduced; None when none was published."""
        if self.events_published is None:
            return None
        return self.events_published == self.events_reconstructed

    def as_dict(self) -> dict:
        """Plain Python types, for JSON."""
        return {
            "risk_time": [float(x) for x in self.risk_time],
            "risk_published": [int(x) for x in self.risk_published],
            "risk_reconstructed": [int(x) for x in self.risk_reconstructed],
            "risk_matched": self.risk_matched,
            "risk_dropped": [float(x) for x in self.risk_dropped],
            "risk_extended": [float(x) for x in self.risk_extended],
            "events_published": self.events_published,
            "events_reconstructed": self.events_reconstructed,
            "events_matched": self.events_matched,
            "censored_per_interval": [int(x) for x in self.censored_per_interval],
            "events_per_interval": [int(x) for x in self.events_per_interval],
            "censored_at_end": self.censored_at_end,
            "swapped": self.swapped,
            "censoring_shape": self.censoring_shape,
            "max_gap": self.max_gap,
            "integrated_gap": self.integrated_gap,
            "mean_gap": self.mean_gap,
        }


@dataclass(frozen=True, slots=True)
class Reconstruction:
    """Patient-level data rebuilt from one digitized Kaplan–Meier curve.

    Attributes
    ----------
    time : ndarray
        Event or censoring time of each reconstructed subject, sorted.
    event : ndarray of bool
        True where the subject had the event, False where censored.
    information : str
        Which of Guyot et al.'s cases applied: ``"at-risk table and total events"``, ``"at-risk table"``,
        ``"N and total events"`` or ``"N only"``.
    curve : CleanCurve
        The digitized points after cleaning, with what cleaning changed.
    diagnostics : ReconstructionDiagnostics
    warnings : tuple of str
        Everything that makes this reconstruction less trustworthy than usual (also issued as
        :class:`ReconstructionWarning`).
    method : str
    """

    time: np.ndarray
    event: np.ndarray
    information: str
    curve: CleanCurve
    diagnostics: ReconstructionDiagnostics
    warnings: tuple = field(default_factory=tuple)
    method: str = "Guyot et al. 2012 (bounded censoring search)"

    @property
    def n(self) -> int:
        """Number of reconstructed subjects."""
        return int(len(self.time))

    @property
    def n_events(self) -> int:
        """Number of reconstructed events."""
        return int(self.event.sum())


# -- validation ---------------------------------------------------------------------------------------------


def _as_int_count(name: str, value) -> int:
    try:
        v = float(value)
    except (TypeError, ValueError):
        raise TypeError(f"`{name}` must be a whole number; got {value!r}") from None
    if not math.isfinite(v) or v < 0 or v != round(v):
        raise InputError(f"`{name}` must be a non-negative whole number; got {value!r}")
    return int(round(v))


def _check_table(n_risk_times, n_risk, name: str):
    if (n_risk_times is None) != (n_risk is None):
        missing = "n_risk" if n_risk is None else "n_risk_times"
        raise InputError(f"{name}: `n_risk_times` and `n_risk` go together; `{missing}` is missing")
    if n_risk_times is None:
        return None, None
    try:
        rt = np.asarray(n_risk_times, dtype=np.float64).ravel()
        nr = np.asarray(n_risk, dtype=np.float64).ravel()
    except (TypeError, ValueError):
        raise TypeError(f"{name}: `n_risk_times` and `n_risk` must be numeric") from None
    if len(rt) != len(nr):
        raise InputError(f"{name}: `n_risk_times` has {len(rt)} values and `n_risk` {len(nr)}")
    if len(rt) == 0:
        raise InputError(f"{name}: the at-risk table is empty")
    bad = ~np.isfinite(rt)
    if bad.any():
        raise InputError(f"{name}: `n_risk_times` must be finite; {rows_text(np.flatnonzero(bad), rt)}")
    bad = ~np.isfinite(nr) | (nr < 0) | (nr != np.round(nr))
    if bad.any():
        raise InputError(
            f"{name}: `n_risk` must be non-negative whole numbers; {rows_text(np.flatnonzero(bad), nr)}"
        )
    bad = rt < 0
    if bad.any():
        raise InputError(f"{name}: `n_risk_times` must be non-negative; {rows_text(np.flatnonzero(bad), rt)}")
    bad = np.flatnonzero(np.diff(rt) <= 0) + 1
    if len(bad):
        raise InputError(f"{name}: `n_risk_times` must be strictly increasing; {rows_text(bad, rt)}")
    bad = np.flatnonzero(np.diff(nr) > 0) + 1
    if len(bad):
        raise InputError(
            f"{name}: the number at risk cannot increase over time; {rows_text(bad, nr)}, "
            f"more than the row before"
        )
    return rt, nr.astype(np.int64)


# -- the interval walk --------------------------------------------------------------------------------------


def _even_times(lo: float, hi: float, k: int, gamma: float = 1.0) -> np.ndarray:
    """``k`` censoring times strictly inside (lo, hi): lo + (hi - lo) u_j^gamma, u_j = j / (k + 1).

    gamma = 1 spreads them evenly (Guyot et al.); gamma > 1 moves them towards the interval's start.
    """
    if k <= 0:
        return np.empty(0)
    u = np.arange(1, k + 1) / (k + 1)
    return lo + (hi - lo) * (u if gamma == 1.0 else u**gamma)


def _tick_times(ticks: np.ndarray, k: int) -> np.ndarray:
    """``k`` censoring times taken evenly from the sorted tick times of an interval (repeated if k > ticks)."""
    if k <= 0:
        return np.empty(0)
    idx = np.floor((np.arange(k) + 0.5) * len(ticks) / k).astype(np.int64)
    return ticks[np.minimum(idx, len(ticks) - 1)]


def _walk(pt_t, pt_s, n0: int, s0: float, cens: np.ndarray, cap: int | None = None):
    """Events at each point for given censoring times (Guyot eqs. 1-3). Returns (d, n_left, s_end).

    Only the first ``n0 - sum(d)`` censorings happen when there are more (callers trim ``cens`` so).

    ``cap``, if given, is the most events the interval may hold; once reached, later drops get none.
    """
    d = np.zeros(len(pt_t), dtype=np.int64)
    before = np.searchsorted(cens, pt_t, side="left")  # censorings strictly before each point
    s_hat = s0
    dead = 0
    for k in range(len(pt_t)):
        nk = n0 - dead - int(before[k])
        if nk <= 0 or s_hat <= 0.0:
            continue
        x = nk * (1.0 - pt_s[k] / s_hat)
        dk = int(math.floor(x + 0.5))
        if dk <= 0:
            continue
        if dk > nk:
            dk = nk
        if cap is not None and dead + dk > cap:
            dk = cap - dead
            if dk <= 0:
                continue
        d[k] = dk
        dead += dk
        s_hat *= 1.0 - dk / nk
    # Censorings beyond the subjects left (everyone has gone before them) do not happen.
    return d, n0 - dead - min(len(cens), n0 - dead), s_hat


class _Interval:
    """One interval of the at-risk table: its points and how censoring times are laid out in it."""

    __slots__ = ("lo", "hi", "pt_t", "pt_s", "ticks", "gamma")

    def __init__(self, lo, hi, pt_t, pt_s, ticks):
        self.lo, self.hi, self.pt_t, self.pt_s, self.ticks = lo, hi, pt_t, pt_s, ticks
        self.gamma = 1.0

    def cens(self, k: int) -> np.ndarray:
        if self.ticks is not None and len(self.ticks):
            return _tick_times(self.ticks, k)
        return _even_times(self.lo, self.hi, k, self.gamma)

    def walk(self, k: int, n0: int, s0: float, cap: int | None = None):
        return _walk(self.pt_t, self.pt_s, n0, s0, self.cens(k), cap)


def _search(f, k_max: int, target_side):
    """Bounded search for a censoring count.

    ``f(k)`` is an integer that falls (give or take rounding) as ``k`` grows; we want ``f(k) == 0``.
    Bisection over [0, k_max] finds adjacent lo, hi with f(lo) > 0 >= f(hi); then the values within
    SCAN_HALF_WIDTH of the crossing are scanned for an exact zero (nearest first). Returns (k, f(k)) with
    f(k) == 0 if one was found, else the crossing's ``lo`` (if ``target_side == "above"``, i.e. f > 0 can be
    repaired) or the k with the smallest |f|.
    """
    cache: dict[int, int] = {}

    def g(k):
        if k not in cache:
            cache[k] = f(k)
        return cache[k]

    if g(0) <= 0 or k_max <= 0:
        return 0, g(0)
    if g(k_max) > 0:
        return k_max, g(k_max)
    lo, hi = 0, k_max
    while hi - lo > 1:  # at most ceil(log2(k_max)) steps
        mid = (lo + hi) // 2
        if g(mid) > 0:
            lo = mid
        else:
            hi = mid
    if g(hi) == 0:
        return hi, 0
    for off in range(1, SCAN_HALF_WIDTH + 1):
        for k in (hi + off, lo - off):
            if 0 <= k <= k_max and g(k) == 0:
                return k, 0
    if target_side == "above":
        return lo, g(lo)
    best = min(cache, key=lambda k: (abs(cache[k]), abs(k - lo)))
    return best, cache[best]


@dataclass(slots=True)
class _Walk:
    ev_d: list
    cens: list
    ev_count: np.ndarray
    cens_count: np.ndarray
    at_end: int
    resid: int
    msgs: list
    gamma: float = 1.0


def _run(intervals: list, nr: np.ndarray, total_events, gamma: float, name: str) -> _Walk:
    """Walk every interval with censoring positions of shape ``gamma`` (see :func:`_even_times`)."""
    m = len(intervals)
    msgs: list[str] = []
    ev_d: list[np.ndarray] = []
    cens_all: list[np.ndarray] = []
    cens_count = np.zeros(m, dtype=np.int64)
    ev_count = np.zeros(m, dtype=np.int64)
    n_i, s_i = int(nr[0]), 1.0
    for iv in intervals:
        iv.gamma = gamma
    for i, iv in enumerate(intervals[:-1]):
        target = int(nr[i + 1])
        k_max = n_i - target

        def f(k, iv=iv, n_i=n_i, s_i=s_i, target=target):
            return iv.walk(k, n_i, s_i)[1] - target

        k, resid = _search(f, max(k_max, 0), "above")
        cens = iv.cens(k)
        cap = None
        if resid < 0 and k_max >= 0:
            # The digitized curve drops more in this interval than the table allows, even without
            # censoring (noise in the clicks). The published count is exact: cap the events; the
            # reconstructed curve then catches up with the digitized one in the next interval.
            cap = k_max
        d, n_left, s_end = iv.walk(k, n_i, s_i, cap)
        cens = cens[: n_i - int(d.sum())]
        if resid > 0:
            # Rounding skipped the published count: censor the excess after the interval's last point,
            # where it changes no event (see module docstring).
            last = float(iv.pt_t[-1]) if len(iv.pt_t) else iv.lo
            cens = np.concatenate((cens, np.full(resid, 0.5 * (last + iv.hi))))
            n_left -= resid
        if n_left != target:
            msgs.append(
                f"{name}: at time {iv.hi:g} the reconstruction has {n_left} at risk but the table says {target}"
            )
        ev_d.append(d)
        cens_all.append(cens)
        cens_count[i] = len(cens)
        ev_count[i] = int(d.sum())
        n_i, s_i = n_left, s_end

    # The last interval, to the curve's end.
    iv = intervals[-1]
    events_before = int(ev_count.sum())
    resid = 0
    if total_events is not None:
        want = total_events - events_before

        def f_last(k, iv=iv, n_i=n_i, s_i=s_i, want=want):
            return int(iv.walk(k, n_i, s_i)[0].sum()) - want

        k, resid = _search(f_last, n_i, "nearest")
        if resid != 0:
            msgs.append(
                f"{name}: reconstructed {total_events + resid} events, not the published {total_events} "
                + ("(the curve drops more than the events allow)" if resid > 0 else "(the curve drops too little)")
            )
    elif iv.ticks is not None and len(iv.ticks):
        k = min(len(iv.ticks), n_i)
    elif m > 1 and iv.lo > 0:
        # Guyot et al.: censoring continues at the average rate of the earlier intervals.
        rate = cens_count[: m - 1].sum() / iv.lo
        k = min(int(math.floor(rate * (iv.hi - iv.lo) + 0.5)), n_i)
    else:
        k = 0
    d, n_left, _ = iv.walk(k, n_i, s_i)
    cens = iv.cens(k)[: n_i - int(d.sum())]
    ev_d.append(d)
    cens_all.append(cens)
    cens_count[m - 1] = len(cens)
    ev_count[m - 1] = int(d.sum())
    return _Walk(ev_d, cens_all, ev_count, cens_count, n_left, resid, msgs, gamma)


# Largest gap to the published total events closed by same-time swaps: max(2, 2% of the arm).
MAX_SWAPS_MIN = 2
MAX_SWAPS_FRACTION = 0.02

# Bounds and number of steps of the search for the censoring shape when the total events are not met.
LOG_GAMMA_MAX = 2.0
SHAPE_STEPS = 8


def _refit_shape(intervals, nr, total_events, name, first: _Walk) -> _Walk:
    """Find a censoring shape gamma that meets the published total events, keeping every at-risk count.

    Where censoring falls within the intervals decides how many subjects are at risk at each drop, hence
    how many events a drop of the curve stands for: earlier censoring (gamma > 1) means fewer events. The
    events fall as log(gamma) grows, so a bisection over log(gamma) in [-2, 2] (SHAPE_STEPS steps) ends; the
    walk with the smallest mismatch (then gamma nearest 1) is kept.
    """
    best = first
    best_key = (abs(first.resid), 0.0)
    lo, hi = (-LOG_GAMMA_MAX, 0.0) if first.resid < 0 else (0.0, LOG_GAMMA_MAX)
    for _ in range(SHAPE_STEPS):
        mid = 0.5 * (lo + hi)
        w = _run(intervals, nr, total_events, math.exp(mid), name)
        key = (abs(w.resid), abs(mid))
        if key < best_key:
            best, best_key = w, key
        if w.resid == 0:
            break
        if w.resid > 0:  # too many events: censor earlier
            lo = mid
        else:
            hi = mid
    for iv in intervals:
        iv.gamma = 1.0
    return best


# -- the public function ------------------------------------------------------------------------------------


def reconstruct_ipd(
    time,
    survival,
    *,
    n_risk_times=None,
    n_risk=None,
    total_events=None,
    n=None,
    censor_times=None,
    name: str = "curve",
    vertical_tol: float = DEFAULT_VERTICAL_TOL,
    max_rise: float = DEFAULT_MAX_RISE,
    max_shift: float = DEFAULT_MAX_SHIFT,
    monotone: str = "rearrange",
    labels=None,
    incidence: bool = False,
    warn: bool = True,
) -> Reconstruction:
    """Rebuild patient-level (time, event) data from a digitized Kaplan–Meier curve.

    Parameters
    ----------
    time, survival : array_like
        Digitized points of one arm's curve, in any order, survival on the 0-1 or 0-100 scale (see
        :func:`clean_curve` for how the scale is decided).
    n_risk_times, n_risk : array_like, optional
        The numbers-at-risk table printed under the figure: times and counts (counts non-increasing).
        If it does not start at time 0, ``n`` must be given. Times past the last digitized point extend the
        curve flat to them (no events there), with a warning: the count at each is kept, not dropped.
    total_events : int, optional
        Total number of events in the arm, if published.
    n : int, optional
        Number of subjects in the arm; required without an at-risk table, and must equal the table's count
        at time 0 when both are given.
    censor_times : array_like, optional
        Times of the censoring ticks on the figure; censorings are placed on them instead of evenly.
    name : str
        How the arm is named in messages.
    vertical_tol, max_rise, max_shift : float
        Cleaning settings, see :func:`clean_curve`.
    monotone : {"rearrange", "isotonic"}
        How cleaning makes the points non-increasing, see :func:`clean_curve`.
    labels : sequence, optional
        Row labels of the points for error messages (e.g. file line numbers).
    incidence : bool
        The points are a cumulative-incidence curve, 1 - S(t).
    warn : bool
        Issue every entry of ``warnings`` as a :class:`ReconstructionWarning` too.

    Returns
    -------
    Reconstruction

    Raises
    ------
    InputError
        Points that cannot be cleaned; an at-risk table that increases, is out of order or disagrees with
        ``n``; neither a table nor ``n``; ``total_events`` larger than the arm.

    Notes
    -----
    Guyot et al.'s four information cases are covered: an at-risk table with or without the total events,
    and the arm size alone with or without it. With the arm size alone and no total events nothing tells
    censoring from events, so censoring is assumed absent before the curve's end and a warning says the
    data are too thin for a hazard ratio. See the module docstring for the algorithm.

    References
    ----------
    Guyot P, Ades AE, Ouwens MJNM, Welton NJ. Enhanced secondary analysis of survival data: reconstructing
    the data from published Kaplan-Meier survival curves. BMC Med Res Methodol 2012;12:9.

    Examples
    --------
    >>> rec = reconstruct_ipd([0, 5, 5, 10], [1, 1, 0.8, 0.8], n_risk_times=[0, 6], n_risk=[10, 8])
    >>> rec.n, rec.n_events
    (10, 2)
    """
    curve = clean_curve(
        time, survival, name=name, vertical_tol=vertical_tol, max_rise=max_rise, max_shift=max_shift,
        monotone=monotone, labels=labels, incidence=incidence
    )
    rt, nr = _check_table(n_risk_times, n_risk, name)
    msgs: list[str] = []
    if curve.outliers:
        shown = ", ".join(map(str, curve.outliers[:5])) + (", ..." if len(curve.outliers) > 5 else "")
        msgs.append(
            f"{name}: {len(curve.outliers)} point(s) off the {curve.scale_reason.split(' ', 1)[0]} scale "
            f"dropped as stray clicks (rows {shown})"
        )
    if n is not None:
        n = _as_int_count("n", n)
    if rt is None:
        if n is None:
            raise InputError(f"{name}: give the arm size `n` or an at-risk table (`n_risk_times`, `n_risk`)")
        rt, nr = np.array([0.0]), np.array([n], dtype=np.int64)
    elif rt[0] > 0:
        if n is None:
            raise InputError(
                f"{name}: the at-risk table starts at time {rt[0]:g}, not 0; give the arm size `n` as well"
            )
        if n < nr[0]:
            raise InputError(f"{name}: `n` = {n} is smaller than the {nr[0]} at risk at time {rt[0]:g}")
        rt, nr = np.concatenate(([0.0], rt)), np.concatenate(([n], nr))
    elif n is not None and n != nr[0]:
        raise InputError(f"{name}: `n` = {n} but the at-risk table has {nr[0]} at time 0")
    n_total = int(nr[0])
    if n_total > MAX_SUBJECTS:
        raise InputError(f"{name}: an arm of {n_total:,} subjects is beyond any trial (at most {MAX_SUBJECTS:,}); "
                         "check `n` and the at-risk table")
    if n_total <= 0:
        raise InputError(f"{name}: the arm has no subjects (0 at risk at time 0)")
    if total_events is not None:
        total_events = _as_int_count("total_events", total_events)
        if total_events > n_total:
            raise InputError(f"{name}: `total_events` = {total_events} is more than the {n_total} subjects")
    ticks = None
    if censor_times is not None:
        try:
            ticks = np.sort(np.asarray(censor_times, dtype=np.float64).ravel())
        except (TypeError, ValueError):
            raise TypeError(f"{name}: `censor_times` must be numeric") from None
        bad = ~np.isfinite(ticks) | (ticks < 0)
        if bad.any():
            raise InputError(f"{name}: `censor_times` must be finite and non-negative")

    end = curve.end
    past = rt > end
    past[0] = False
    dropped: tuple = ()
    extended = tuple(float(x) for x in rt[past])
    if extended:
        # As other reconstruction tools do: the published count at a time past the last digitized point is
        # kept; the curve is read as flat from its last point to that time (no events are placed there).
        last = float(rt[-1])
        curve = replace(curve, time=np.append(curve.time, last), survival=np.append(curve.survival,
                                                                                   curve.survival[-1]))
        msgs.append(
            f"{name}: at-risk times {', '.join(f'{x:g}' for x in extended)} are past the digitized curve's last "
            f"point ({end:g}); the curve was extended flat to {last:g} (no events after {end:g})"
        )
        end = last
    has_table = len(rt) > 1
    if has_table:
        info = INFO_TABLE_EVENTS if total_events is not None else INFO_TABLE
    else:
        info = INFO_N_EVENTS if total_events is not None else INFO_N
    if info == INFO_N and ticks is None:
        msgs.append(
            f"{name}: only the arm size is known (no at-risk table, no total events): censoring cannot be told "
            "from events, so none is assumed before the curve's end; the data are too thin for a hazard ratio"
        )

    # Points after time 0, by interval.
    pt_t, pt_s = curve.time[1:], curve.survival[1:]
    bounds = np.concatenate((rt, [end]))
    m = len(rt)
    which = np.clip(np.searchsorted(rt, pt_t, side="right") - 1, 0, m - 1)
    intervals = []
    for i in range(m):
        sel = which == i
        lo, hi = float(bounds[i]), float(bounds[i + 1])
        tk = None
        if ticks is not None:
            tk = ticks[(ticks > lo) & ((ticks < hi) if i < m - 1 else (ticks <= hi))]
        intervals.append(_Interval(lo, hi, pt_t[sel], pt_s[sel], tk))

    res = _run(intervals, nr, total_events, 1.0, name)
    if total_events is not None and res.resid != 0 and ticks is None:
        res = _refit_shape(intervals, nr, total_events, name, res)
    msgs.extend(res.msgs)
    at_end = res.at_end
    ev_count, cens_count = res.ev_count, res.cens_count
    et = np.concatenate([iv.pt_t for iv in intervals])
    ed = np.concatenate(res.ev_d)
    cens_all = res.cens
    event_times = np.repeat(et, ed)
    cens_times = np.concatenate(cens_all + [np.full(at_end, end)])
    t_out = np.concatenate((event_times, cens_times))
    e_out = np.concatenate((np.ones(len(event_times), bool), np.zeros(len(cens_times), bool)))
    order = np.lexsort((~e_out, t_out))
    t_out, e_out = t_out[order], e_out[order]
    swapped = 0
    if total_events is not None and res.resid != 0:
        e_out, swapped = _swap_to_total(t_out, e_out, total_events, bounds, curve)
        which = np.clip(np.searchsorted(rt, t_out, side="right") - 1, 0, m - 1)
        ev_count = np.bincount(which[e_out], minlength=m).astype(np.int64)
        at_end_mask = ~e_out & (t_out == end)
        at_end = int(at_end_mask.sum())
        cens_count = np.bincount(which[~e_out & ~at_end_mask], minlength=m).astype(np.int64)
        msgs = [x for x in msgs if "events, not the published" not in x]
        if swapped:
            msgs.append(
                f"{name}: {swapped} censoring(s) and event(s) exchanged at the same time to meet the published "
                f"{total_events} events (the curve and the total disagree by that much)"
            )
        if int(e_out.sum()) != total_events:
            msgs.append(
                f"{name}: reconstructed {int(e_out.sum())} events, not the published {total_events}: the figure "
                "and the total disagree by more than digitizing explains; check the total and the arm"
            )

    risk_rec = len(t_out) - np.searchsorted(t_out, rt, side="left")
    max_gap, int_gap = _gap(t_out, e_out, curve)
    diag = ReconstructionDiagnostics(
        risk_time=rt,
        risk_published=nr,
        risk_reconstructed=risk_rec.astype(np.int64),
        risk_dropped=dropped,
        events_published=total_events,
        events_reconstructed=int(e_out.sum()),
        censored_per_interval=cens_count,
        events_per_interval=ev_count,
        censored_at_end=int(at_end),
        swapped=int(swapped),
        censoring_shape=float(res.gamma),
        max_gap=max_gap,
        integrated_gap=int_gap,
        mean_gap=int_gap / end if end > 0 else 0.0,
        risk_extended=extended,
    )
    if warn:
        for msg in msgs:
            warnings.warn(msg, ReconstructionWarning, stacklevel=2)
    return Reconstruction(
        time=t_out, event=e_out, information=info, curve=curve, diagnostics=diag, warnings=tuple(msgs)
    )


def km_steps(time: np.ndarray, event: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Product-limit curve as (event times, survival just after each), from data sorted by time.

    A minimal Kaplan–Meier for diagnostics (the full estimate with CIs is
    :func:`trialscout.survival.kaplan_meier`): S(t) = prod over event times u <= t of (1 - d_u / n_u).
    """
    time = np.asarray(time, dtype=np.float64)
    event = np.asarray(event, dtype=bool)
    ut = np.unique(time[event])
    if len(ut) == 0:
        return ut, ut.copy()
    n_risk = len(time) - np.searchsorted(np.sort(time), ut, side="left")
    d = np.bincount(np.searchsorted(ut, time[event]), minlength=len(ut))
    return ut, np.cumprod(1.0 - d / n_risk)


def _gap(time, event, curve: CleanCurve) -> tuple[float, float]:
    """Largest and integrated |KM(reconstructed) - digitized| over [0, end], both as step functions."""
    kt, ks = km_steps(time, event)
    end = curve.end
    grid = np.unique(np.concatenate((curve.time, kt[kt <= end], [end])))
    idx = np.searchsorted(kt, grid, side="right") - 1
    s_rec = np.where(idx >= 0, ks[np.clip(idx, 0, None)] if len(ks) else 1.0, 1.0)
    diff = np.abs(s_rec - curve.step(grid))
    widths = np.diff(grid)
    return float(diff.max()), float((diff[:-1] * widths).sum())


def _swap_to_total(time, event, total_events: int, bounds: np.ndarray, curve: CleanCurve):
    """Meet the published total events by exchanging censorings and events at the same time.

    Used when the censoring search (and the shape refit) leaves the total off by r. Turning a censoring at
    time c into an event keeps every number at risk (the subject leaves at c either way) and lowers the curve
    after c by a factor 1 - 1/n(c). Candidates are, in each interval, the last censoring (to add events) or the
    last event (to remove one), and the curve's end; each step takes the candidate that adds least to the
    integrated gap between the reconstructed and the digitized curves. At most |r| <= n steps, each over at
    most one candidate per interval plus one.
    """
    event = event.copy()
    r = total_events - int(event.sum())
    if abs(r) > max(MAX_SWAPS_MIN, math.ceil(MAX_SWAPS_FRACTION * len(time))):
        # The published total and the curve disagree by more than digitizing explains (a wrong arm or a
        # typo?): forcing it would bend the curve; leave the mismatch to the warning.
        return event, 0
    want = r > 0
    swapped = 0
    for _ in range(abs(r)):
        # Candidates: subjects whose status would change (censored if adding events, events otherwise).
        pool = np.flatnonzero(event != want)
        if len(pool) == 0:
            break
        which = np.clip(np.searchsorted(bounds, time[pool], side="right") - 1, 0, len(bounds) - 2)
        last = np.flatnonzero(np.concatenate((which[1:] != which[:-1], [True])))
        cands = pool[last]
        best, best_gap = -1, math.inf
        for c in cands:
            event[c] = want
            g = _gap(time, event, curve)[1]
            event[c] = not want
            if g < best_gap:
                best, best_gap = int(c), g
        event[best] = want
        swapped += 1
    # Keep the within-time order: events before censorings at a tied time.
    order = np.lexsort((~event, time))
    return event[order], swapped
