"""Kaplan–Meier estimate with Greenwood variance, landmark rates, quantiles and RMST."""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass

import numpy as np
from scipy import special  # ndtri, ndtr, chdtrc: scipy.stats costs half a second to import

from .._results import NE, NR, OK, Estimate, Status, freeze_arrays
from .._validate import InputError, as_event, as_time, check_confidence_level, check_positive
from ..conventions import Conventions, resolve
from ._prep import distinct_sorted, mostly_distinct
from ._transforms import confidence_limits

__all__ = ["KaplanMeier", "kaplan_meier", "QUANTILE_TOL"]

# S(t) is compared with 1 - p using this tolerance, so that a product that lands at 0.49999999999999983
# counts as 0.5 (docs/conventions.md); it is R's sqrt(.Machine$double.eps).
QUANTILE_TOL = math.sqrt(np.finfo(float).eps)


def _z(level: float) -> float:
    return float(special.ndtri(0.5 + level / 2.0))


@dataclass(frozen=True, slots=True)
class KaplanMeier:
    """The Kaplan–Meier estimate of one sample.

    Attributes
    ----------
    time : ndarray
        Distinct observed times (events and censorings), increasing.
    n_at_risk, n_events, n_censored : ndarray
        At each time: subjects with time >= t, events at t, censorings at t.
    survival : ndarray
        S(t) just after each time: the product of (1 - d/n) over event times <= t, formed as a direct product.
    greenwood : ndarray
        Greenwood sum V(t) = sum over event times <= t of d / (n (n - d)); infinite once S reaches 0.
    std_err : ndarray
        Standard error of S(t): S(t) sqrt(V(t)).
    lower, upper : ndarray
        Pointwise confidence limits of S(t) with ``conventions.conf_type`` at ``confidence_level``.
    confidence_level : float
    conventions : Conventions
        The rules that decide quantiles, their CIs and landmark rates.
    """

    time: np.ndarray
    n_at_risk: np.ndarray
    n_events: np.ndarray
    n_censored: np.ndarray
    survival: np.ndarray
    greenwood: np.ndarray
    std_err: np.ndarray
    lower: np.ndarray
    upper: np.ndarray
    confidence_level: float
    conventions: Conventions

    def __post_init__(self):
        freeze_arrays(self)

    # -- plain facts ------------------------------------------------------------------------------------
    @property
    def n(self) -> int:
        """Number of subjects."""
        return int(self.n_at_risk[0]) if len(self.n_at_risk) else 0

    @property
    def total_events(self) -> int:
        return int(self.n_events.sum())

    @property
    def last_followup(self) -> float:
        """The largest observed time (event or censoring)."""
        return float(self.time[-1])

    def n_at_risk_at(self, t) -> np.ndarray | int | float:
        """Number of subjects with time >= ``t`` (scalar or array)."""
        t_arr = np.asarray(t, dtype=np.float64)
        idx = np.searchsorted(self.time, t_arr, side="left")
        total = np.concatenate([self.n_at_risk, [0]])
        out = total[idx]
        return out.item() if out.ndim == 0 else out  # a float with case weights

    def _step_index(self, t: np.ndarray) -> np.ndarray:
        """Index of the last time <= t, or -1 before the first time."""
        return np.searchsorted(self.time, t, side="right") - 1

    # -- landmark rates ---------------------------------------------------------------------------------
    def survival_at(
        self, t: float, *, confidence_level: float | None = None, conf_type: str | None = None
    ) -> Estimate:
        """S(t) with its pointwise CI and standard error.

        Beyond the last follow-up time the rate is NE under the ``sas`` rules and carried forward under
        ``r``. ``std_err`` is the standard error of S(t) (Greenwood).
        """
        level = self.confidence_level if confidence_level is None else check_confidence_level(confidence_level)
        ctype = resolve(self.conventions, conf_type=conf_type).conf_type
        t = float(t)
        if not math.isfinite(t) or t < 0:
            raise InputError(f"`t` must be a finite, non-negative time; got {t!r}")
        method = f"kaplan-meier; greenwood; {ctype}"
        if t > self.last_followup and self.conventions.landmark_beyond_followup == "ne":
            if len(self.survival) and self.survival[-1] <= 0:
                # the last observation is an event and the curve has reached 0: S(t) = 0, its CI undefined
                return Estimate.build(0.0, math.nan, math.nan, level, method + "; beyond last follow-up",
                                      lower_status=NE, upper_status=NE)
            return Estimate.build(math.nan, math.nan, math.nan, level, method + "; beyond last follow-up",
                                  value_status=NE, lower_status=NE, upper_status=NE)
        j = int(self._step_index(np.array(t)))
        if j < 0:
            s, v = 1.0, 0.0
            if self.conventions.landmark_beyond_followup == "carry":
                # R (summary.survfit) reports the time-0 row before the first observed time: limits (1, 1) for
                # every transform, although log-log, logit and arcsine are undefined at S = 1
                return Estimate.build(s, 1.0, 1.0, level, method, std_err=0.0)
        else:
            s, v = float(self.survival[j]), float(self.greenwood[j])
        lo, hi = confidence_limits(np.array([s]), np.array([v]), _z(level), ctype)
        return Estimate.build(s, lo[0], hi[0], level, method, std_err=s * math.sqrt(v))

    def confidence_band(
        self, *, confidence_level: float | None = None, conf_type: str | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        """Pointwise limits at every time in :attr:`time`, for another level or transform."""
        level = self.confidence_level if confidence_level is None else check_confidence_level(confidence_level)
        ctype = resolve(self.conventions, conf_type=conf_type).conf_type
        return confidence_limits(self.survival, self.greenwood, _z(level), ctype)

    # -- quantiles --------------------------------------------------------------------------------------
    def quantile(
        self, p: float, *, confidence_level: float | None = None, conf_type: str | None = None
    ) -> Estimate:
        """The ``p``-th quantile of the time distribution (``p = 0.5`` is the median) with its CI.

        Notes
        -----
        Under the ``sas`` rules: the first event time with S(t) < 1 - p; where S = 1 - p exactly on a flat
        stretch, the midpoint of that event time and the next event time (NE if none); NR if S never falls
        below 1 - p. CI by Brookmeyer & Crowley (1982): the event times whose pointwise CI contains 1 - p,
        from the first of them to the event time after the last of them (NE if none).

        Under the ``r`` rules (``quantile.survfit``): the first time S <= 1 - p, the midpoint of the flat
        stretch when S = 1 - p there (the last follow-up time closing a flat that runs to the end); the CI is
        where the upper and lower pointwise bands cross 1 - p by the same rule.
        """
        p = float(p)
        if not 0 < p < 1:
            raise InputError(f"`p` must be strictly between 0 and 1; got {p!r}")
        level = self.confidence_level if confidence_level is None else check_confidence_level(confidence_level)
        conv = resolve(self.conventions, conf_type=conf_type)
        q = 1.0 - p
        ev = self.n_events > 0
        te = self.time[ev]
        se = self.survival[ev]
        if level == self.confidence_level and conv.conf_type == self.conventions.conf_type:
            lo, hi = self.lower[ev], self.upper[ev]  # the same limits, already computed at every time
        else:
            lo, hi = confidence_limits(se, self.greenwood[ev], _z(level), conv.conf_type)
        method = f"kaplan-meier; {conv.conf_type}; {conv.quantile_ci}"
        if conv.quantile_rule == "sas":
            value, vstat = _quantile_sas(te, se, q)
        else:
            value, vstat = _quantile_r(te, se, q, self.last_followup)
        if conv.quantile_ci == "brookmeyer-crowley":
            lower, lstat, upper, ustat = _bc_interval(te, lo, hi, q, se)
        else:
            # the lower band reaches 1 - p first: it gives the lower limit
            lower, lstat = _quantile_r(te, lo, q, self.last_followup, band=True)
            upper, ustat = _quantile_r(te, hi, q, self.last_followup, band=True)
            lstat = NE if lstat is not OK else OK
            ustat = NE if ustat is not OK else OK
        return Estimate.build(value, lower, upper, level, method,
                              value_status=vstat, lower_status=lstat, upper_status=ustat)

    def median(self, **kwargs) -> Estimate:
        """The median time with its CI; see :meth:`quantile`."""
        return self.quantile(0.5, **kwargs)

    # -- restricted mean --------------------------------------------------------------------------------
    def rmst(self, tau: float, *, confidence_level: float | None = None) -> Estimate:
        """Restricted mean survival time to ``tau``: the area under S from 0 to ``tau``.

        Notes
        -----
        Variance by Klein & Moeschberger (2003) eq. 4.4.4: sum over event times t_i <= tau of
        A_i^2 d_i / (n_i (n_i - d_i)), with A_i the area under S from t_i to tau. Past the last follow-up
        time S is carried forward (with a warning), as R ``survfit`` does with ``rmean``.
        """
        tau = check_positive("tau", tau)
        level = self.confidence_level if confidence_level is None else check_confidence_level(confidence_level)
        if tau > self.last_followup:
            warnings.warn(
                f"`tau` = {tau:g} is beyond the last follow-up time {self.last_followup:g}; "
                "S is carried forward to tau",
                stacklevel=2,
            )
        value, var = _rmst(self.time, self.survival, self.n_at_risk, self.n_events, tau)
        se = math.sqrt(var)
        z = _z(level)
        return Estimate.build(value, value - z * se, value + z * se, level,
                              f"rmst to tau={tau:g}; klein-moeschberger 4.4.4", std_err=se)


def _first(mask: np.ndarray) -> int:
    idx = np.flatnonzero(mask)
    return int(idx[0]) if len(idx) else -1


def _quantile_sas(te: np.ndarray, se: np.ndarray, q: float) -> tuple[float, Status]:
    j_eq = _first(np.abs(se - q) <= QUANTILE_TOL)
    if j_eq >= 0:
        if j_eq + 1 < len(te):
            return 0.5 * (te[j_eq] + te[j_eq + 1]), OK
        return math.nan, NE
    j = _first(se < q)
    if j >= 0:
        return float(te[j]), OK
    return math.nan, NR


def _quantile_r(te, se, q, last_time, band=False) -> tuple[float, Status]:
    """First time the curve is <= q; on a flat stretch at q, the midpoint of the stretch."""
    ok = ~np.isnan(se) if band else np.ones(len(se), dtype=bool)
    t, s = te[ok], se[ok]
    j = _first(s <= q + QUANTILE_TOL)
    if j < 0:
        return math.nan, NR
    if abs(s[j] - q) <= QUANTILE_TOL:
        k = _first(s < q - QUANTILE_TOL)
        end = t[k] if k >= 0 else last_time
        return 0.5 * (t[j] + end), OK
    return float(t[j]), OK


def _bc_interval(te, lo, hi, q, se=None) -> tuple[float, Status, float, Status]:
    """Brookmeyer–Crowley interval from the event times whose pointwise CI contains q.

    The upper limit is NE when the event time after the last such time is where S reaches 0 (``se``, the survival
    at the event times): the pointwise CI is undefined there, and SAS LIFETEST prints NE.
    """
    contains = (lo <= q + QUANTILE_TOL) & (hi >= q - QUANTILE_TOL)
    idx = np.flatnonzero(contains)
    if len(idx) == 0:
        return math.nan, NE, math.nan, NE
    lower = float(te[idx[0]])
    last = idx[-1]
    if last + 1 < len(te):
        if se is not None and se[last + 1] <= 0:
            return lower, OK, math.nan, NE
        return lower, OK, float(te[last + 1]), OK
    return lower, OK, math.nan, NE


def _rmst(time, surv, n_risk, n_event, tau) -> tuple[float, float]:
    keep = time <= tau
    t = time[keep]
    s = surv[keep]
    # step function: S = 1 on [0, t_1), s[i] on [t_i, t_{i+1}), last piece up to tau
    knots = np.concatenate([[0.0], t, [tau]])
    heights = np.concatenate([[1.0], s])
    widths = np.diff(knots)
    pieces = heights * widths
    area = float(pieces.sum())
    # A_i = area from t_i to tau = sum of the pieces from i+1 on (piece i+1 starts at t_i)
    tail = np.cumsum(pieces[::-1])[::-1]  # tail[k] = sum of pieces k..end
    a_i = tail[1:]
    d = n_event[keep]
    n = n_risk[keep]
    ev = d > 0
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = a_i[ev] ** 2 * d[ev] / (n[ev] * (n[ev] - d[ev]))
    terms = terms[np.isfinite(terms)]  # the term where S drops to 0 has A_i = 0
    return area, float(terms.sum())


def kaplan_meier(
    time,
    event=None,
    *,
    confidence_level: float = 0.95,
    preset: str | Conventions = "sas",
    conf_type: str | None = None,
) -> KaplanMeier:
    """Kaplan–Meier estimate of the survival function of one sample.

    Parameters
    ----------
    time : array_like
        Follow-up times, finite and non-negative.
    event : array_like, optional
        True (or 1) where the event was observed, False (0) where the time is censored. All events if
        omitted.
    confidence_level : float
        Level of the pointwise intervals.
    preset : {"sas", "r"} or Conventions
        Rules for intervals, quantiles and landmark rates (docs/conventions.md).
    conf_type : {"log-log", "log", "plain", "logit", "arcsine"}, optional
        Overrides the preset's transform.

    Returns
    -------
    KaplanMeier

    Raises
    ------
    InputError
        On missing or negative times, event codes other than 0/1, or arrays of unequal length.

    Notes
    -----
    S(t) = prod over event times t_i <= t of (1 - d_i / n_i); the product is formed directly, not as
    exp(sum log), so that 0.5 stays 0.5. Greenwood: Var S(t) = S(t)^2 sum d_i / (n_i (n_i - d_i)).

    Examples
    --------
    >>> km = kaplan_meier([6, 6, 6, 7, 10, 13, 16, 22, 23], [1, 1, 1, 0, 1, 1, 1, 1, 1])
    >>> km.median().value
    13.0
    """
    t = as_time(time)
    e = as_event(event, len(t))
    level = check_confidence_level(confidence_level)
    conv = resolve(preset, conf_type=conf_type)
    return _km_arrays(t, e, level, conv)


def _km_arrays(t: np.ndarray, e: np.ndarray, level: float, conv: Conventions) -> KaplanMeier:
    """Worker on validated arrays.

    Mostly distinct (continuous) times: one sort of all times with the event flag carried in the sort key
    (:func:`_counts_by_one_sort`). Otherwise the distinct event times and their counts come from hashing the event
    times (few distinct values when times are tied); only the censored times are sorted, and the two sorted lists
    of distinct times are merged.
    """
    if mostly_distinct(t):
        return _km_from_counts(*_counts_by_one_sort(t, e), level, conv)
    ue, de = distinct_sorted(t[e])
    tc = np.sort(t[~e])
    if len(tc):
        starts = np.flatnonzero(np.concatenate(([True], tc[1:] != tc[:-1])))
        uc = tc[starts]
        cc = np.diff(np.append(starts, len(tc)))
    else:
        uc, cc = tc, np.zeros(0, dtype=np.int64)
    # merge: each distinct event time either coincides with a distinct censored time or is inserted before pos
    pos = np.searchsorted(uc, ue, side="left")
    new = np.ones(len(ue), dtype=bool)
    inside = pos < len(uc)
    new[inside] = uc[pos[inside]] != ue[inside]
    utime = np.insert(uc, pos[new], ue[new])
    at_event = pos + (np.cumsum(new) - new)  # index of each distinct event time in utime
    d = np.zeros(len(utime), dtype=np.int64)
    d[at_event] = de
    is_new = np.zeros(len(utime), dtype=bool)
    is_new[at_event[new]] = True
    c = np.zeros(len(utime), dtype=np.int64)
    c[~is_new] = cc
    n_risk = np.cumsum((d + c)[::-1])[::-1]
    return _km_from_counts(utime, n_risk, d, c, level, conv)


def _counts_by_one_sort(t: np.ndarray, e: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Distinct times, at-risk, event and censoring counts from one sort of the times (for mostly distinct times).

    The event flag rides in the lowest bit of a sort key: for non-negative doubles the IEEE bit pattern read as an
    unsigned integer orders like the value, and doubling it leaves the lowest bit free, so one sort of n integers
    orders the times and carries each subject's flag along (no argsort, no separate sorts of events and
    censorings, no merge).
    """
    n = len(t)
    key = np.add(t, 0.0).view(np.uint64)  # + 0.0 turns -0.0 into 0.0
    key <<= np.uint64(1)
    key |= e.view(np.uint8)
    key.sort()
    # the flag is in the first byte of each (little-endian) key: no n-long integer temporary
    flag = key.view(np.uint8)[::8] & 1 if np.little_endian else (key & np.uint64(1)).astype(np.uint8)
    key >>= np.uint64(1)
    new = np.empty(n, dtype=bool)
    new[0] = True
    np.not_equal(key[1:], key[:-1], out=new[1:])
    starts = np.flatnonzero(new)
    del new
    utime = key[starts].view(np.float64)
    del key
    total = np.diff(np.append(starts, n))
    d = np.add.reduceat(flag, starts, dtype=np.int64)
    del flag
    c = total - d
    n_risk = np.empty(len(starts), dtype=np.int64)
    n_risk[0] = n
    np.subtract(n, np.cumsum(total[:-1]), out=n_risk[1:])
    return utime, n_risk, d, c


def _km_from_counts(utime, n_risk, d, c, level, conv) -> KaplanMeier:
    """S, Greenwood and limits over all distinct times, computed at the event times and carried across the
    censored times (where S and V do not change) -- the same numbers as computing them at every time."""
    ev = np.flatnonzero(d > 0)
    de, ne = d[ev], n_risk[ev]
    with np.errstate(divide="ignore", invalid="ignore"):
        surv_e = np.cumprod(1.0 - de / ne)
        greenwood_e = np.cumsum(de / (ne * (ne - de)))
    greenwood_e[surv_e <= 0] = np.inf
    del de, ne
    # before the first event time: S = 1, V = 0
    first = confidence_limits(np.ones(1), np.zeros(1), _z(level), conv.conf_type)
    aligned = len(ev) == len(utime)  # every distinct time is an event time: nothing to carry
    del ev
    idx = None if aligned else np.cumsum(d > 0)  # 1 + index of the last event time <= each time (0: none yet)

    def spread(values_e, value0):
        return values_e if aligned else np.concatenate(([value0], values_e))[idx]

    # each array over the event times is spread over all times and let go before the next is made
    lower_e, upper_e = confidence_limits(surv_e, greenwood_e, _z(level), conv.conf_type)
    lower = spread(lower_e, first[0][0])
    del lower_e
    upper = spread(upper_e, first[1][0])
    del upper_e
    with np.errstate(invalid="ignore"):
        std_err_e = np.sqrt(greenwood_e)
        std_err_e *= surv_e
        std_err_e[np.isinf(greenwood_e)] = np.nan
    std_err = spread(std_err_e, 0.0)
    del std_err_e
    survival = spread(surv_e, 1.0)
    del surv_e
    greenwood = spread(greenwood_e, 0.0)
    del greenwood_e, idx
    return KaplanMeier(
        time=utime, n_at_risk=n_risk.astype(np.int64, copy=False), n_events=d.astype(np.int64, copy=False),
        n_censored=c.astype(np.int64, copy=False), survival=survival, greenwood=greenwood,
        std_err=std_err, lower=lower, upper=upper, confidence_level=level, conventions=conv,
    )
