"""The k-sample log-rank test: stratified, hypergeometric variance, optionally weighted."""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
from scipy import special  # ndtri, ndtr, chdtrc: scipy.stats costs half a second to import

from .._results import freeze_arrays
from .._validate import InputError, as_event, as_time
from ._prep import encode, encode_strata, group_counts, mostly_distinct, small_codes, sorted_cells, strata_grid
from .weights import TimeWeights, parse_weights, pooled_left_km

__all__ = ["LogRank", "logrank"]


@dataclass(frozen=True, slots=True)
class LogRank:
    """Result of a (weighted, stratified) k-sample log-rank test.

    Attributes
    ----------
    groups : tuple
        Group labels, in sorted order; ``observed``, ``expected`` and ``variance`` follow it.
    observed, expected : ndarray
        Weighted observed and expected events per group, summed over strata (unweighted: event counts).
    variance : ndarray
        k x k covariance matrix of O - E (hypergeometric), summed over strata.
    statistic : float
        Chi-square (O - E)' V^- (O - E) on ``df`` = k - 1 degrees of freedom (generalized inverse).
    pvalue : float
    weights : str
        Description of the weights ("none" for the plain log-rank test).
    n_strata : int
    """

    groups: tuple
    observed: np.ndarray
    expected: np.ndarray
    variance: np.ndarray
    statistic: float
    df: int
    pvalue: float
    weights: str
    n_strata: int

    def __post_init__(self):
        freeze_arrays(self)

    @property
    def n_events(self) -> np.ndarray:
        """Alias of ``observed`` (unweighted tests: the event count of each group)."""
        return self.observed


def logrank(time, event, group, *, strata=None, weights=None) -> LogRank:
    """Log-rank test of equal survival across groups.

    Parameters
    ----------
    time, event : array_like
        Follow-up times and event indicators (True/1 = event).
    group : array_like
        Group labels (two or more distinct values).
    strata : array_like or sequence of array_like, optional
        Stratum labels; the per-stratum O - E and variances are summed (stratified test).
    weights : None, str, FlemingHarrington or Cutoff
        ``"fh:RHO,GAMMA"`` for Fleming–Harrington G(rho, gamma) weights on the pooled left-continuous KM within
        each stratum, ``"cutoff:T"`` for 0 up to T and 1 after.

    Returns
    -------
    LogRank

    Raises
    ------
    InputError
        Invalid times or event codes, a single group, or strata none of which holds two groups. A stratum
        holding one group only contributes nothing (with a warning), as in R ``survdiff`` and SAS LIFETEST.

    Notes
    -----
    At each distinct event time t_j with N_j at risk and D_j events, of which n_gj at risk and d_gj events in group
    g: U_g = sum_j w_j (d_gj - D_j n_gj / N_j) and
    V_gh = sum_j w_j^2 D_j (N_j - D_j) / (N_j - 1) (n_gj / N_j) (delta_gh - n_hj / N_j) (Kalbfleisch & Prentice
    2002, eq. 7.4). The statistic is U' V^- U with k - 1 degrees of freedom; stratified, U and V are sums over
    strata. The P value is always that of this statistic, never of a Cox score test (they differ with ties).

    Examples
    --------
    >>> r = logrank([1, 2, 3, 4, 5, 6], [1, 1, 1, 1, 1, 0], ["a", "b", "a", "b", "a", "b"])
    >>> r.df
    1
    """
    t, e, g, groups, s, slabels = group_inputs(time, event, group, strata)
    k = len(groups)
    n_strata = len(slabels)
    w_spec = parse_weights(weights)
    pieces = _per_stratum_terms(t, e, g, k, s, n_strata, w_spec)
    # a stratum in which only one group is present contributes O - E = 0 and variance 0 (as R's survdiff)
    present = np.bincount(s * k + g, minlength=n_strata * k).reshape(n_strata, k) > 0  # (strata, k)
    if strata is not None and not (present.sum(axis=1) >= 2).any():
        raise InputError("no stratum holds two or more groups: a stratified comparison compares nothing; "
                         f"stratum {slabels[0]!r} holds only group {groups[int(np.flatnonzero(present[0])[0])]!r}")
    if strata is not None:
        _warn_lonely_strata(present, slabels, groups)
    E = np.zeros(k)
    O = np.zeros(k)
    V = np.zeros((k, k))
    for o, ex, v in pieces:
        O += o
        E += ex
        V += v
    U = O - E
    stat, df = _quadratic_form(U, V)
    return LogRank(
        groups=groups, observed=O, expected=E, variance=V, statistic=stat, df=df,
        pvalue=float(special.chdtrc(df, stat)) if df > 0 else float("nan"),
        weights="none" if w_spec is None else w_spec.describe(), n_strata=n_strata,
    )


def group_inputs(time, event, group, strata):
    """Validated times and events, group codes and labels (at least two groups), stratum codes and labels: what
    every k-sample rank test starts from."""
    t = as_time(time)
    n = len(t)
    e = as_event(event, n)
    g, groups = encode(group, n, "group")
    if len(groups) < 2:
        raise InputError(f"`group` must have at least two distinct values; got only {groups[0]!r}")
    s, slabels = encode_strata(strata, n)
    return t, e, g, groups, s, slabels


def _warn_lonely_strata(present: np.ndarray, slabels, groups) -> None:
    """Warn about each stratum that holds one group only: it contributes nothing to the comparison."""
    lonely = [(slabels[i], groups[int(np.flatnonzero(row)[0])]) for i, row in enumerate(present) if row.sum() == 1]
    if lonely:
        which = "; ".join(f"stratum {st!r} holds only group {gr!r}" for st, gr in lonely)
        warnings.warn(f"{which}: it contributes nothing to the stratified test", stacklevel=3)


def _stratum_terms(count, deaths, utime, w_spec: TimeWeights | None):
    """Weighted observed, expected and covariance of one stratum.

    ``count`` (m + 1, k): subjects per cell of the stratum's event-time grid and group (cell j holds the times from
    the j-th event time to the next); ``deaths`` (m, k): events at each of its m event times ``utime``.
    At risk at event time j (1-based): the subjects in cells j .. m.
    """
    at_risk = np.cumsum(count[::-1], axis=0)[::-1][1:]
    return _risk_terms(at_risk, deaths, utime, w_spec)


def _risk_terms(at_risk, deaths, utime, w_spec: TimeWeights | None):
    """:func:`_stratum_terms` from ``at_risk``, ``deaths`` (m, k): subjects at risk and events of each group at
    each of the stratum's m event times ``utime``."""
    # tall (m, k) arrays with small k: sums over j go through einsum or column by column, not .sum(axis=0),
    # whose reduction across a short inner axis is several times slower
    k = at_risk.shape[1]
    D = deaths[:, 0].copy()
    N = at_risk[:, 0].copy()
    for g in range(1, k):
        D += deaths[:, g]
        N += at_risk[:, g]
    if w_spec is None:
        w = np.ones(len(D))
    else:
        w = w_spec.at_event_times(pooled_left_km(N, D), utime)
    d, r, Dh, Nh = deaths, at_risk, D.astype(float), N.astype(float)
    frac = r / Nh[:, None]
    obs = np.einsum("j,jg->g", w, d.astype(float))
    exp_ = np.einsum("j,jg->g", w * Dh, frac)
    with np.errstate(divide="ignore", invalid="ignore"):
        c = np.where(Nh > 1, w**2 * Dh * (Nh - Dh) / (Nh - 1), 0.0)
    # sum_j c_j (diag(frac_j) - frac_j frac_j')
    cf = c[:, None] * frac
    V = np.diag(np.einsum("jg->g", cf)) - np.einsum("jg,jh->gh", cf, frac)
    return obs, exp_, V


def _quadratic_form(U: np.ndarray, V: np.ndarray) -> tuple[float, int]:
    """U' V^- U on the rank of V; the first k-1 groups suffice when V has rank k-1."""
    k = len(U)
    sub = V[: k - 1, : k - 1]
    try:
        sol = np.linalg.solve(sub, U[: k - 1])
        return float(U[: k - 1] @ sol), k - 1
    except np.linalg.LinAlgError:
        pinv = np.linalg.pinv(V)
        return float(U @ pinv @ U), int(np.linalg.matrix_rank(V))


def _per_stratum_terms(t, e, g, k, s, n_strata, w_spec: TimeWeights | None):
    """Each stratum's weighted observed, expected and covariance, from its at-risk and event counts.

    Mostly distinct (continuous) times: the counts come from one sort of the subjects
    (:func:`._prep.sorted_cells`), so that no array spans the event times of all strata at once. Otherwise from
    each stratum's grid of event times (:func:`._prep.strata_grid`, hashing; no sort): subjects per cell.
    """
    if k <= _SORTED_MAX_GROUPS and mostly_distinct(t):
        sc = sorted_cells(t, e, s, n_strata)
        gs = small_codes(g, k)[sc.order]
        sc.order = gs[:0]  # the counts are all that is needed
        risk, dead = group_counts(sc, gs, k)
        del gs
        segments, utime = sc.segments(), sc.time
        del sc
        for lo, hi, _, _ in segments:
            yield _risk_terms(risk[:, lo:hi].T, dead[:, lo:hi].T, utime[lo:hi], w_spec)
        return
    grid = strata_grid(t, e, s, n_strata)
    key = grid.cell * k
    key += g
    count = np.bincount(key, minlength=grid.n_cells * k).reshape(grid.n_cells, k)
    deaths = np.bincount(key[e], minlength=grid.n_cells * k).reshape(grid.n_cells, k)
    del key
    for lo, hi in grid.segments():
        yield _stratum_terms(count[lo:hi], deaths[lo + 1:hi], grid.time[lo + 1:hi], w_spec)


# groups counted by running counts over the sorted rows (one pass per group); more groups take the grid
_SORTED_MAX_GROUPS = 16
