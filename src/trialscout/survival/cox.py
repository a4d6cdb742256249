"""Cox proportional hazards regression: Breslow, Efron and exact ties, strata, delayed entry, time weights,
robust variance."""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass, field

import numpy as np
from scipy import special  # ndtri, ndtr, chdtrc: scipy.stats costs half a second to import

from .._results import Estimate, freeze_arrays
from .._validate import (InputError, as_entry, as_event, as_init, as_time, check_confidence_level, check_identifiable,
                         check_max_iter)
from ..conventions import Conventions, parse_convergence, resolve
from ._prep import NotEstimable, encode, encode_strata, strata_grid
from .weights import Cutoff, parse_weights, pooled_left_km
from ._prep import group_counts, mostly_distinct, small_codes, sorted_cells  # the sorted design

__all__ = ["CoxPH", "cox_ph"]


@dataclass(frozen=True, slots=True)
class CoxPH:
    """A fitted Cox model.

    Attributes
    ----------
    names : tuple of str
        Covariate names, in the order of ``coef``.
    coef, se : ndarray
        Log hazard ratios and their standard errors (robust when ``robust``).
    variance : ndarray
        Covariance of ``coef`` (robust sandwich when ``robust``; I^-1 J I^-1 with time weights).
    naive_variance : ndarray
        Inverse information, whatever ``robust`` is.
    loglik_null, loglik : float
        Log partial likelihood (weighted, with time weights) at beta = 0 and at the estimate.
    lr_statistic, score_statistic, wald_statistic : float
        Likelihood-ratio, score (at beta = 0) and Wald chi-squares on ``df`` degrees of freedom. With
        Fleming–Harrington weights the weighted partial likelihood is not a likelihood, so ``lr_statistic`` is NaN
        (0/1 cut-off weights keep it: it is then the likelihood ratio of the delayed-entry fit).
    n, n_events, iterations, converged
    ties : str
    weights : str
        Description of the time weights ("none" for the ordinary partial likelihood).
    robust : bool
    confidence_level : float
    conventions : Conventions
    """

    names: tuple
    coef: np.ndarray
    se: np.ndarray
    variance: np.ndarray
    naive_variance: np.ndarray
    loglik_null: float
    loglik: float
    lr_statistic: float
    score_statistic: float
    wald_statistic: float
    df: int
    n: int
    n_events: int
    iterations: int
    converged: bool
    ties: str
    weights: str
    robust: bool
    confidence_level: float
    conventions: Conventions

    def __post_init__(self):
        freeze_arrays(self)

    def _index(self, term) -> int:
        if isinstance(term, str):
            if term not in self.names:
                raise InputError(f"`term` {term!r} is not in the model; terms are {', '.join(self.names)}")
            return self.names.index(term)
        i = int(term)
        if not -len(self.names) <= i < len(self.names):
            raise InputError(f"`term` {term!r} is out of range for {len(self.names)} coefficient(s)")
        return i % len(self.names)

    def hazard_ratio(self, term=0, *, confidence_level: float | None = None) -> Estimate:
        """exp(coef) with the Wald interval exp(coef -/+ z se)."""
        i = self._index(term)
        level = self.confidence_level if confidence_level is None else check_confidence_level(confidence_level)
        z = float(special.ndtri(0.5 + level / 2))
        b, s = float(self.coef[i]), float(self.se[i])
        method = f"cox; {self.ties} ties; {'robust' if self.robust else 'model'} se; weights {self.weights}"
        return Estimate.build(math.exp(b), math.exp(b - z * s), math.exp(b + z * s), level, method, std_err=s)

    def pvalue(self, term=0) -> float:
        """Two-sided Wald P for one coefficient."""
        i = self._index(term)
        return float(2 * special.ndtr(-abs(self.coef[i] / self.se[i])))

    @property
    def lr_pvalue(self) -> float:
        return float(special.chdtrc(self.df, self.lr_statistic))

    @property
    def score_pvalue(self) -> float:
        return float(special.chdtrc(self.df, self.score_statistic))

    @property
    def wald_pvalue(self) -> float:
        return float(special.chdtrc(self.df, self.wald_statistic))


def _covariates(covariates, n: int) -> tuple[np.ndarray, tuple]:
    if covariates is None:
        raise TypeError("`covariates` is required")
    if hasattr(covariates, "columns"):
        names = tuple(str(c) for c in covariates.columns)
        cols = [np.asarray(covariates[c]) for c in covariates.columns]
    elif isinstance(covariates, dict):
        names = tuple(str(k) for k in covariates)
        cols = [np.asarray(v) for v in covariates.values()]
    else:
        arr = np.asarray(covariates)
        if arr.ndim == 1:
            cols, names = [arr], ("x",)
        elif arr.ndim == 2:
            cols = [arr[:, j] for j in range(arr.shape[1])]
            names = tuple(f"x{j + 1}" for j in range(arr.shape[1]))
        else:
            raise InputError(f"`covariates` must be 1-D or 2-D; got shape {arr.shape}")
    if not cols:
        raise InputError("`covariates` has no columns")
    out = np.empty((n, len(cols)))
    for j, (name, c) in enumerate(zip(names, cols)):
        if c.ndim != 1 or len(c) != n:
            raise InputError(f"covariate `{name}` must have one value per row ({n}); got shape {c.shape}")
        if c.dtype == bool:
            c = c.astype(float)
        if c.dtype.kind not in "iuf":
            raise InputError(f"covariate `{name}` must be numeric (code categories as 0/1 columns); got {c.dtype}")
        bad = ~np.isfinite(c.astype(float))
        if bad.any():
            rows = ", ".join(map(str, np.flatnonzero(bad)[:5]))
            raise InputError(f"covariate `{name}` has missing or infinite values; rows {rows}")
        out[:, j] = c
    return out, names


@dataclass(slots=True)
class _Design:
    """Fixed structure of the data that every Newton iteration reuses.

    The subjects are placed on each stratum's grid of event times (:class:`._prep.StrataGrid`): subject i in cell
    c_i is at risk at the event times of its stratum's cells 1 .. c_i (with delayed entry, only those after its
    entry cell a_i), and its event, if any, is at the event time of cell c_i. Risk-set sums S(t_j) are therefore
    reversed cumulative sums, within the stratum, of per-cell totals, taken at cell j; the deaths at t_j are the
    events of cell j.

    The rows are either the subjects themselves, or -- when every covariate takes few integer values, as a
    treatment arm does -- the distinct (cell, covariate pattern) combinations with their counts, which gives the
    same sums from far fewer rows. With at most ``_LEVEL_TABLE_MAX`` patterns there are no rows at all (``x`` holds
    the patterns, ``count``, ``deaths`` and ``cell`` are None): the fixed at-risk and death counts of each pattern
    at each event time (``level_risk``, ``level_deaths``) give every risk-set sum, also on untied data where the
    collapsed rows would be nearly as many as the subjects.
    """

    x: np.ndarray                 # (R, p) centred covariates of each row
    count: np.ndarray | None      # (R,) subjects per row; None when the rows are subjects
    deaths: np.ndarray | None     # (R,) events per row (float); None with the per-pattern tables
    cell: np.ndarray | None       # (R,) cell of each row on the strata's event-time grids; None likewise
    entry_x: np.ndarray | None    # delayed entry: rows by entry cell, subtracted from the risk sets
    entry_count: np.ndarray | None
    entry_cell: np.ndarray | None
    offsets: np.ndarray           # stratum s owns cells offsets[s] .. offsets[s + 1] - 1 (StrataGrid)
    ev_cell: np.ndarray           # (J,) cells holding deaths (every cell but each stratum's first)
    d: np.ndarray                 # (J,) deaths at each of them
    w: np.ndarray                 # (J,) time weight of each
    event_time: np.ndarray        # (J,)
    # one term per death (Efron, k = 0..d-1) or per event time (Breslow): event index, fraction k/d, weights
    rep: np.ndarray
    frac: np.ndarray | None
    mult: np.ndarray | None       # Breslow: d (one term stands for d equal ones); Efron: None (1)
    tw: np.ndarray | None         # weight of each term in the log-likelihood, score and information (None: 1)
    tw2: np.ndarray | None        # the same with squared time weights (for J), when weighted
    Dx: np.ndarray                # (J, p) sum of x over the deaths of each event time
    chunks: list                  # slices of the terms, each of bounded size
    # few covariate patterns (a treatment arm): at-risk and death counts of each pattern at each event time, so
    # that a Newton iteration forms the risk-set sums from L scalars exp(x_l beta) and these fixed counts
    level_x: np.ndarray | None = None       # (L, p) centred covariate values of each pattern
    level_risk: np.ndarray | None = None    # (L, J) subjects of each pattern at risk at each event time
    level_deaths: np.ndarray | None = None  # (L, J) deaths of each pattern at each event time


def _levels(x: np.ndarray, limit: int) -> tuple[np.ndarray, np.ndarray] | None:
    """Code each row's covariate pattern when every column holds few integer values (0/1 arms, small scores).

    Returns the code of each row and the covariate values (uncentred) of each code, or None. At most ``limit``
    patterns (counting every integer between a column's minimum and maximum).
    """
    n, p = x.shape
    codes = None
    size = 1
    los, spans = [], []
    for j in range(p):
        col = x[:, j]
        lo, hi = float(col.min()), float(col.max())
        span = int(hi - lo) + 1 if hi - lo < limit else limit + 1
        size *= span
        if size > limit:
            return None
        ci = col.astype(np.int64)
        if not np.array_equal(ci, col):  # not integer-valued: lo + code would not give the values back exactly
            return None
        ci -= int(lo)
        codes = ci if codes is None else codes * span + ci
        los.append(lo)
        spans.append(span)
    assert codes is not None  # x has at least one column (_covariates refuses none)
    values = np.empty((size, p))
    rest = np.arange(size)
    for j in range(p - 1, -1, -1):
        values[:, j] = los[j] + rest % spans[j]
        rest //= spans[j]
    return codes, values


def _collapse(cell, codes, n_cells, n_levels, weights=None):
    """Distinct (cell, level) combinations: their cell, level and count (and summed ``weights``)."""
    key = cell * n_levels
    key += codes
    count = np.bincount(key, minlength=n_cells * n_levels)
    rows = np.flatnonzero(count)
    extra = None if weights is None else np.bincount(key[weights], minlength=n_cells * n_levels)[rows]
    return rows // n_levels, rows % n_levels, count[rows].astype(np.float64), extra


def _design(t, e, x_raw, mean, s, n_strata, entry, w_spec, ties, per_subject=False,
            need_cells=False) -> tuple[_Design, dict]:
    """Lay the data on the strata's event-time grids; collapse the rows by covariate pattern where possible.

    Without delayed entry, and unless the caller needs each subject's cell (``need_cells``: robust variance), the
    subjects are sorted instead (:class:`_SortedDesign`) except when the grid's collapsed patterns do better.
    """
    if _SORTED_ROWS and entry is None and not per_subject and not need_cells:
        sorted_des = _sorted_design(t, e, x_raw, mean, s, n_strata, w_spec, ties)
        if sorted_des is not None:
            # it stands in for a _Design where cox_ph uses one (d, w, _efron_terms); the uses that need the grid
            # (exact ties, robust variance) never get it
            return sorted_des, {"exit_cell": None, "entry_cell": None}  # type: ignore[return-value]
    grid = strata_grid(t, e, s, n_strata)
    b = grid.cell
    a = None if entry is None else grid.cell_of(entry, s)
    n_cells = grid.n_cells
    n = len(t)
    # collapse only onto a (cells x patterns) table no larger than about 2n
    levels = None if per_subject else _levels(x_raw, limit=max(2, min(2 * n // n_cells, 1 << 16)))
    tables = None
    if levels is not None and len(levels[1]) <= _LEVEL_TABLE_MAX and len(levels[1]) * n_cells <= 4 * n:
        # few patterns: per-pattern at-risk and death counts at each event time replace the rows altogether
        codes, values = levels
        n_lev = len(values)
        xl = values - mean  # the centred values, exactly as x - mean gives them per subject
        # (pattern, cell) tables, one row per pattern: every pass below runs along contiguous rows
        key = codes * n_cells
        key += b
        size = n_cells * n_lev
        exits = np.bincount(key, minlength=size).reshape(n_lev, n_cells)
        dtab = np.bincount(key[e], minlength=size).reshape(n_lev, n_cells)
        del key
        dcount = dtab[0].copy()
        for row in dtab[1:]:
            dcount += row
        ev_cell = np.flatnonzero(dcount > 0)
        risk = np.stack([_risk_at(row, grid.offsets, ev_cell) for row in exits])
        if a is not None:
            ekey = codes * n_cells
            ekey += a
            entries = np.bincount(ekey, minlength=size).reshape(n_lev, n_cells)
            risk -= np.stack([_risk_at(row, grid.offsets, ev_cell) for row in entries])
        tables = (xl, risk.astype(np.float64), dtab[:, ev_cell].astype(np.float64))
        x_rows, count, deaths, cell = xl, None, None, None
        entry_x = entry_count = entry_cell = None
    elif levels is not None:
        codes, values = levels
        xl = values - mean  # the centred values, exactly as x - mean gives them per subject
        cell_r, lev_r, count, dead = _collapse(b, codes, n_cells, len(values), weights=e)
        x_rows, deaths = xl[lev_r], dead.astype(np.float64)
        entry_x = entry_count = entry_cell = None
        if a is not None:
            ecell, elev, entry_count, _ = _collapse(a, codes, n_cells, len(values))
            entry_x, entry_cell = xl[elev], ecell
        cell = cell_r
    else:
        xc = x_raw - mean
        x_rows, count, deaths, cell = xc, None, e.astype(np.float64), b
        entry_x, entry_count, entry_cell = (xc, None, a) if a is not None else (None, None, None)
    if tables is None:
        assert cell is not None and deaths is not None  # the rows exist whenever there are no tables
        dcount = np.bincount(cell, weights=deaths, minlength=n_cells)
        ev_cell = np.flatnonzero(dcount > 0)
    d = dcount[ev_cell].astype(np.int64)
    event_time = grid.time[ev_cell]
    if w_spec is None:
        w = np.ones(len(ev_cell))
    else:
        if tables is not None:
            n_risk = tables[1].sum(axis=0)
        else:
            assert cell is not None  # the rows exist whenever there are no tables
            n_risk = _risk_at(np.bincount(cell, weights=count, minlength=n_cells), grid.offsets, ev_cell)
            if entry_cell is not None:
                n_risk = n_risk - _risk_at(np.bincount(entry_cell, weights=entry_count, minlength=n_cells),
                                           grid.offsets, ev_cell)
        w = np.empty(len(ev_cell))
        for lo, hi in np.searchsorted(ev_cell, grid.segments()):  # the event cells of each stratum
            w[lo:hi] = w_spec.at_event_times(pooled_left_km(n_risk[lo:hi], d[lo:hi]), event_time[lo:hi])
    if ties == "efron" and _EFRON_UNTIED_SHORTCUT and not (d > 1).any():
        # no tied deaths (continuous times): each Efron term has k = 0, f = 0, den = S0, mean S1 / S0 -- one term
        # per event time, with no per-death expansion and no f * D subtraction
        rep = np.arange(len(d))
        frac = mult = None
        tw = None if w_spec is None else w
    elif ties == "efron":
        starts = np.concatenate(([0], np.cumsum(d)[:-1]))
        rep = np.repeat(np.arange(len(d)), d)
        frac = (np.arange(len(rep)) - starts[rep]) / d[rep]
        mult = None
        tw = None if w_spec is None else w[rep]
    else:  # Breslow (and the d = 1 event times of the exact method): one term per event time, d times over
        rep = np.arange(len(d))
        frac = None
        mult = d.astype(np.float64)
        tw = w * mult
    tw2 = None
    if w_spec is not None:
        tw2 = w[rep] ** 2 if mult is None else w**2 * mult
    if tables is not None:
        xl, dl = tables[0], tables[2]
        Dx = np.stack([_combine(dl, xl[:, k]) for k in range(xl.shape[1])], axis=1)
    else:
        assert cell is not None and deaths is not None  # the rows exist whenever there are no tables
        Dx = np.stack([np.bincount(cell, weights=deaths * x_rows[:, k], minlength=n_cells)[ev_cell]
                       for k in range(x_rows.shape[1])], axis=1)
    des = _Design(x_rows, count, deaths, cell, entry_x, entry_count, entry_cell, grid.offsets, ev_cell, d, w,
                  event_time, rep, frac, mult, tw, tw2, Dx, _chunks(len(rep), frac is not None))
    if tables is not None:
        des.level_x, des.level_risk, des.level_deaths = tables
    return des, {"exit_cell": b, "entry_cell": a}


# at most this many covariate patterns get per-pattern count tables (L x J each)
_LEVEL_TABLE_MAX = 16
# Efron with no tied deaths is Breslow term for term (k = 0 only): take the one-term-per-event-time path
_EFRON_UNTIED_SHORTCUT = True


def _level_sums(des: _Design, beta: np.ndarray, need_info: bool):
    """Risk-set and death sums from the per-pattern count tables: S = sum_l N_l(t) exp(x_l beta) prod(x_l),
    with N_l the (integer) number of pattern-l subjects at risk or dying at t -- no pass over the rows."""
    xl, risk, dead = des.level_x, des.level_risk, des.level_deaths
    assert xl is not None and risk is not None and dead is not None  # called only on a design with the tables
    p = xl.shape[1]
    r = np.exp(_lin(xl, beta))
    coefs = [r] + [r * xl[:, k] for k in range(p)]
    if need_info:
        coefs += [r * (xl[:, k] * xl[:, l]) for k in range(p) for l in range(k, p)]
    S = [_combine(risk, c) for c in coefs]
    D = [_combine(dead, c) for c in coefs]
    return S, D


def _combine(table: np.ndarray, c: np.ndarray) -> np.ndarray:
    """sum_l table[l] * c[l] (table (L, J), c (L,)), accumulated in pattern order."""
    out = table[0] * c[0]
    for i in range(1, len(c)):
        out += table[i] * c[i]
    return out


def _chunks(n_terms: int, per_death: bool, size: int = 1 << 16) -> list:
    if not per_death:
        return [slice(None)]
    return [slice(lo, min(lo + size, n_terms)) for lo in range(0, n_terms, size)]


def _risk_at(totals: np.ndarray, offsets: np.ndarray, ev_cell: np.ndarray) -> np.ndarray:
    """Sum of the cell totals from each event cell to the end of its stratum: the risk-set sum (a reversed
    cumulative sum within each stratum, taken at the event cells)."""
    out = np.empty_like(totals)
    for lo, hi in zip(offsets[:-1].tolist(), offsets[1:].tolist()):
        out[lo:hi] = np.cumsum(totals[lo:hi][::-1], axis=0)[::-1]
    return out[ev_cell]


def _sums(des: _Design, r: np.ndarray, r_entry, x_cols: list, entry_cols: list):
    """Risk-set and death sums at each event cell of r times each product of covariate columns given."""
    n_cells = int(des.offsets[-1])
    cell, deaths = des.cell, des.deaths
    assert cell is not None and deaths is not None  # called only on a design with rows (no tables)
    cr = r if des.count is None else des.count * r
    dr = deaths * r
    S, D = [], []
    for xc, xe in zip(x_cols, entry_cols):
        v = cr if xc is None else cr * xc
        tot = _risk_at(np.bincount(cell, weights=v, minlength=n_cells), des.offsets, des.ev_cell)
        if des.entry_cell is not None:
            ce = r_entry if des.entry_count is None else des.entry_count * r_entry
            ve = ce if xe is None else ce * xe
            tot = tot - _risk_at(np.bincount(des.entry_cell, weights=ve, minlength=n_cells), des.offsets,
                                 des.ev_cell)
        S.append(tot)
        D.append(np.bincount(cell, weights=dr if xc is None else dr * xc, minlength=n_cells)[des.ev_cell])
    return S, D


def _efron_terms(des: _Design | _SortedDesign, beta: np.ndarray, need_info: bool = True, squared_w: bool = False,
                 need_pieces: bool = False):
    """Log-likelihood, score, information (and J with squared weights) for Breslow or Efron ties.

    At event time j with d_j deaths, risk-set sums S0, S1, S2 of r = exp(x beta), r x, r x x' and the same sums
    D0, D1, D2 over its deaths, Efron's k-th term (k = 0..d_j-1, f = k/d_j) has denominator den = S0 - f D0 and
    mean a = (S1 - f D1) / den (Efron 1977); Breslow has f = 0. Then
    loglik = sum_j w_j sum_deaths x beta - sum_jk w_j log den_jk, score = sum_j w_j sum_deaths x - sum_jk w_j a_jk,
    information = sum_jk w_j ((S2 - f D2) / den - a a').
    The risk-set sums are formed once per event time; only the Efron terms are per death, taken in chunks so that
    no per-death temporary grows with n. ``need_pieces`` also returns den and a of every term (score residuals).
    """
    if isinstance(des, _SortedDesign):
        return _sorted_terms(des, beta, need_info, squared_w)
    x = des.x
    p = x.shape[1]
    pairs = [(k, l) for k in range(p) for l in range(k, p)]
    S2: list = []  # filled when need_info
    D2: list = []
    if des.level_risk is not None:
        S, D = _level_sums(des, beta, need_info)
        S0, S1, D0, D1 = S[0], S[1:p + 1], D[0], D[1:p + 1]
        if need_info:
            S2, D2 = S[p + 1:], D[p + 1:]
    else:
        r = np.exp(_lin(x, beta))
        r_entry = None
        if des.entry_x is not None:  # delayed entry (set together with entry_cell)
            r_entry = np.exp(_lin(des.entry_x, beta))
        cols = [None] + [x[:, k] for k in range(p)]
        ecols = [None] + ([des.entry_x[:, k] for k in range(p)] if des.entry_x is not None else [None] * p)
        (S0, *S1), (D0, *D1) = _sums(des, r, r_entry, cols, ecols)
        if need_info:
            prods = [x[:, k] * x[:, l] for k, l in pairs]
            eprods = ([des.entry_x[:, k] * des.entry_x[:, l] for k, l in pairs] if des.entry_x is not None
                      else [None] * len(pairs))
            S2, D2 = _sums(des, r, r_entry, prods, eprods)
    # sum_j w_j sum over its deaths of x beta
    loglik = _wsum(des.w, _lin(des.Dx, beta))
    score = np.einsum("j,jk->k", des.w, des.Dx)
    info = np.zeros((p, p)) if need_info else None
    J = np.zeros((p, p)) if need_info and squared_w else None
    pieces: list[tuple[np.ndarray, np.ndarray]] = []
    for sl in des.chunks:
        if des.frac is None:  # Breslow: one term per event time
            den, num1, f = S0, S1, None
            num2 = S2
            tw = des.tw
            tw2 = des.tw2
        else:
            rep, f = des.rep[sl], des.frac[sl]
            den, num1 = _minus_frac(S0, D0, rep, f), [_minus_frac(S1[k], D1[k], rep, f) for k in range(p)]
            num2 = [_minus_frac(s2, d2, rep, f) for s2, d2 in zip(S2, D2)] if need_info else []
            tw = None if des.tw is None else des.tw[sl]
            tw2 = None if des.tw2 is None else des.tw2[sl]
        inv = np.divide(1.0, den)
        a = [np.multiply(num1[k], inv, out=None if f is None else num1[k]) for k in range(p)]  # a = num1 / den
        loglik -= _wsum(tw, np.log(den))
        for k in range(p):
            score[k] -= _wsum(tw, a[k])
        if info is not None:  # need_info
            for (k, l), n2 in zip(pairs, num2):
                term = np.multiply(n2, inv, out=None if f is None else n2)  # (S2 - f D2) / den - a_k a_l
                term -= a[k] * a[l]
                info[k, l] += _wsum(tw, term)
                if J is not None:  # squared_w
                    J[k, l] += _wsum(tw2, term)
        if need_pieces:
            pieces.append((den, np.stack(a, axis=1)))
    if info is not None:  # need_info
        info = np.triu(info) + np.triu(info, 1).T
        if J is not None:  # squared_w
            J = np.triu(J) + np.triu(J, 1).T
    joined = None
    if need_pieces:
        joined = (np.concatenate([q[0] for q in pieces]), np.concatenate([q[1] for q in pieces]))
    return loglik, score, info, J, joined



# -- sorted rows: continuous times, continuous covariates -----------------------------------------------------------
@dataclass(slots=True)
class _SortedDesign:
    """The data as :class:`._prep.SortedCells` lay them out (subjects sorted by stratum and time), for fits with
    neither delayed entry nor robust variance.

    A risk-set sum at an event time is a sum over the rows from its cell's first row to the end of its stratum:
    the rows are taken in chunks of cells from each stratum's end, and each chunk's sums are its own reversed
    cumulative sums plus the total of the rows after it. Every temporary is one chunk long, so that no array
    spans all event times at once; the evaluation of a chunk's terms is that of :func:`_efron_terms`.

    With at most ``_LEVEL_TABLE_MAX`` covariate patterns (a treatment arm) there are no rows: the number of
    subjects of each pattern at risk (and dying) at each event time are fixed integer tables, and a chunk's sums
    come from those and the L numbers exp(x_l beta).
    """

    d: np.ndarray                    # (J,) deaths at each event time (cells of stratum 0, then 1, ...)
    weights: np.ndarray | None       # (J,) time weight of each event time; None: all 1
    wDx: np.ndarray                  # (p,) sum over event times of w_j times the sum of x over its deaths
    per_death: bool                  # Efron with tied deaths: one term per death (k = 0..d-1)
    breslow_mult: bool               # Breslow with tied deaths: one term per event time standing for d
    chunks: list                     # (first cell, end cell, first row, end row, first chunk of a stratum)
    x: list | None = None            # p sorted, centred covariate columns (rows design)
    start: np.ndarray | None = None  # (J,) first row of each cell (rows design)
    level_x: np.ndarray | None = None       # (L, p) centred covariate values of each pattern (tables design)
    level_risk: np.ndarray | None = None    # (L, J) subjects of each pattern at risk at each event time
    level_deaths: np.ndarray | None = None  # (L, J) deaths of each pattern at each event time (per_death only)
    death_index: dict = field(default_factory=dict)  # per chunk: term -> event time, f of each term, first term

    @property
    def w(self) -> np.ndarray:
        return np.ones(len(self.d)) if self.weights is None else self.weights


# rows of a chunk of the sorted design: its temporaries stay in the processor's cache
_CHUNK_ROWS = 1 << 15
# covariates with at most this many patterns are left to the grid on tied times (its collapsed rows or tables)
_FEW_PATTERNS = 16
# the sorted-rows design (False: always the grid of event times, as for delayed entry and robust variance)
_SORTED_ROWS = True


def _sorted_design(t, e, x_raw, mean, s, n_strata, w_spec, ties) -> _SortedDesign | None:
    """The sorted design for a fit without delayed entry, or None where the grid's collapsed covariate patterns
    do better (heavily tied times with few patterns: the grid then has few cells)."""
    levels = _levels(x_raw, limit=_FEW_PATTERNS)
    if levels is not None and not mostly_distinct(t):
        return None
    if levels is not None:  # one-byte codes while the rows are sorted
        levels = small_codes(levels[0], len(levels[1])), levels[1]
    sc = sorted_cells(t, e, s, n_strata)
    d = sc.deaths
    segments = sc.segments()
    w = None
    if w_spec is not None:
        w = np.empty(len(d))
        for lo, hi, _, end in segments:
            n_risk = end - sc.start[lo:hi]
            w[lo:hi] = w_spec.at_event_times(pooled_left_km(n_risk, d[lo:hi]), sc.time[lo:hi])
    tied = bool((d > 1).any())
    per_death = ties == "efron" and (tied or not _EFRON_UNTIED_SHORTCUT)
    breslow_mult = ties != "efron" and tied
    p = x_raw.shape[1]
    if levels is not None and len(levels[1]) <= _LEVEL_TABLE_MAX:
        codes, values = levels
        n_lev = len(values)
        xl = values - mean  # the centred values, exactly as x - mean gives them per subject
        gs = codes[sc.order]
        del codes, levels
        sc.order = gs[:0]
        risk, dead = group_counts(sc, gs, n_lev)
        del gs
        wd = np.einsum("lj->l", dead.astype(np.float64)) if w is None else np.einsum("lj,j->l", dead, w)
        wDx = np.einsum("l,lk->k", wd, xl)
        J = len(d)
        chunks = [(lo, min(lo + _CHUNK_ROWS, J), 0, 0, True) for lo in range(0, J, _CHUNK_ROWS)]
        return _SortedDesign(d, w, wDx, per_death, breslow_mult, chunks, level_x=xl, level_risk=risk,
                             level_deaths=dead if per_death else None)
    cols = []
    for k in range(p):
        col = x_raw[:, k][sc.order]
        col -= mean[k]
        cols.append(col)
    sc.order = sc.order[:0]
    start = sc.start
    chunks = []
    wDx = np.zeros(p)
    for lo, hi, first_row, end in segments:
        cell_hi, row_hi, first = hi, end, True
        while cell_hi > lo:
            c = lo + int(np.searchsorted(start[lo:cell_hi], row_hi - _CHUNK_ROWS, side="left"))
            c = min(c, cell_hi - 1)
            chunks.append((c, cell_hi, int(start[c]), row_hi, first))
            cell_hi, row_hi, first = c, int(start[c]), False
        # the deaths of each cell are its first d rows
        wc = None if w is None else w[lo:hi]
        for k in range(p):
            Dxk = _death_sums(cols[k][first_row:end], start[lo:hi] - first_row, d[lo:hi], tied)
            wDx[k] += float(Dxk.sum()) if wc is None else float(np.einsum("j,j->", wc, Dxk))
    return _SortedDesign(d, w, wDx, per_death, breslow_mult, chunks, x=cols, start=start)


def _death_sums(v: np.ndarray, loc: np.ndarray, d: np.ndarray, tied: bool) -> np.ndarray:
    """Sum of v over the first d rows of each cell (cells starting at rows ``loc`` of v)."""
    if not tied:
        return v[loc]
    idx = np.empty(2 * len(loc), dtype=np.intp)
    idx[0::2] = loc
    np.add(loc, d, out=idx[1::2])
    if idx[-1] == len(v):
        idx = idx[:-1]  # the last segment runs to the end anyway
    return np.add.reduceat(v, idx)[0::2]


def _sorted_terms(des: _SortedDesign, beta: np.ndarray, need_info: bool, squared_w: bool):
    """:func:`_efron_terms` on the sorted design, chunk by chunk."""
    p = len(beta)
    pairs = [(k, l) for k in range(p) for l in range(k, p)]
    n_cols = 1 + p + (len(pairs) if need_info else 0)
    acc = _Terms(p, need_info, squared_w)
    acc.loglik = float(des.wDx @ beta) if p > 1 else float(des.wDx[0] * beta[0])
    acc.score += des.wDx
    if des.level_risk is not None and des.level_x is not None:
        xl = des.level_x
        r = np.exp(_lin(xl, beta))
        coefs = [r] + [r * xl[:, k] for k in range(p)]
        if need_info:
            coefs += [r * (xl[:, k] * xl[:, l]) for k, l in pairs]
        for lo, hi, _, _, _ in des.chunks:
            risk = des.level_risk[:, lo:hi]
            dead = None if des.level_deaths is None else des.level_deaths[:, lo:hi]
            _chunk_terms(acc, des, lo, hi, [_combine(risk, c) for c in coefs],
                         None if dead is None else [_combine(dead, c) for c in coefs], p, pairs, need_info)
    elif des.x is not None and des.start is not None:
        # with a cell per row or so, the scans are the cost: the columns go through them two at a time, as the
        # real and imaginary parts of one complex array (complex addition is the two float additions, so the sums
        # are the same numbers, in half the passes)
        carry = np.zeros(n_cols)  # each column's total over the rows after the chunk, within the stratum
        tied = des.per_death and bool((des.d > 1).any())
        for lo, hi, r0, r1, first in des.chunks:
            if first:
                carry[:] = 0.0
            xs = [c[r0:r1] for c in des.x]
            r = np.exp(_lin_cols(xs, beta))
            loc = des.start[lo:hi] - r0
            dense = 4 * (hi - lo) > r1 - r0
            back = (r1 - r0 - 1) - loc if dense else None
            S = []
            D: list | None = [] if des.per_death else None
            width = 2 if dense else 1
            for i in range((n_cols + width - 1) // width):
                both = width == 2 and 2 * i + 1 < n_cols
                v = np.empty(r1 - r0, dtype=np.complex128 if both else np.float64)
                _row_column(r, xs, p, pairs, width * i, v.real)
                if both:
                    _row_column(r, xs, p, pairs, 2 * i + 1, v.imag)
                if dense:  # nearly a cell per row: reversed cumulative sum over the rows, taken at the cells
                    Si = np.cumsum(v[::-1])[back]
                else:  # many rows per cell: cell totals first
                    Si = np.cumsum(np.add.reduceat(v, loc)[::-1])[::-1]
                col = width * i
                if both:
                    Si += complex(carry[col], carry[col + 1])
                    carry[col], carry[col + 1] = Si[0].real, Si[0].imag
                else:
                    Si += carry[col]
                    carry[col] = Si[0]
                Di = None if D is None else _death_sums(v, loc, des.d[lo:hi], tied)
                if both:
                    S += [Si.real.copy(), Si.imag.copy()]
                    if D is not None and Di is not None:
                        D += [Di.real.copy(), Di.imag.copy()]
                else:
                    S.append(Si)
                    if D is not None:
                        D.append(Di)
            _chunk_terms(acc, des, lo, hi, S, D, p, pairs, need_info)
    return acc.result()


class _Terms:
    """Running sums of the log-likelihood, score, information and J over the chunks."""

    __slots__ = ("loglik", "score", "info", "J", "need_info", "squared_w")

    def __init__(self, p: int, need_info: bool, squared_w: bool):
        self.loglik = 0.0
        self.score = np.zeros(p)
        self.info: np.ndarray | None = np.zeros((p, p)) if need_info else None
        self.J: np.ndarray | None = np.zeros((p, p)) if need_info and squared_w else None
        self.need_info, self.squared_w = need_info, squared_w

    def result(self):
        info, J = self.info, self.J
        if info is not None:
            info = np.triu(info) + np.triu(info, 1).T
        if J is not None:
            J = np.triu(J) + np.triu(J, 1).T
        return self.loglik, self.score, info, J, None


def _chunk_terms(acc: _Terms, des: _SortedDesign, lo: int, hi: int, S: list, D: list | None, p: int, pairs: list,
                 need_info: bool) -> None:
    """Add the terms of the event times lo..hi-1 (risk-set sums S, death sums D) to the running sums: the loop
    body of :func:`_efron_terms`."""
    S0, S1, S2 = S[0], S[1:p + 1], S[p + 1:]
    w = None if des.weights is None else des.weights[lo:hi]
    if D is not None:
        _death_terms(acc, des, lo, hi, S, D, p, pairs, w)
        return
    den, num1, num2 = S0, S1, S2
    tw: np.ndarray | None = w
    tw2: np.ndarray | None = None if w is None else w**2
    if des.breslow_mult:
        mult = des.d[lo:hi].astype(np.float64)
        tw = mult if w is None else w * mult
        tw2 = None if w is None else w**2 * mult
    inv = np.divide(1.0, den)
    a = [np.multiply(num1[k], inv, out=num1[k]) for k in range(p)]  # a = num1 / den
    acc.loglik -= _wsum(tw, np.log(den))
    for k in range(p):
        acc.score[k] -= _wsum(tw, a[k])
    if acc.info is not None:
        for (k, l), n2 in zip(pairs, num2):
            term = np.multiply(n2, inv, out=n2)  # S2 / den - a_k a_l
            term -= a[k] * a[l]
            acc.info[k, l] += _wsum(tw, term)
            if acc.J is not None:
                acc.J[k, l] += _wsum(tw2, term)


def _death_terms(acc: _Terms, des: _SortedDesign, lo: int, hi: int, S: list, D: list, p: int, pairs: list,
                 w: np.ndarray | None) -> None:
    """Efron's terms, one per death, summed per event time before they meet the p-vectors.

    With den_k = S0 - f_k D0 for the deaths k = 0..d-1 of an event time (f_k = k/d), the sums over k of
    a_k = (S1 - f_k D1) / den_k and of (S2 - f_k D2) / den_k - a_k a_k' are
    S1 A - D1 B and S2 A - D2 B - (S1 S1' Q0 - (S1 D1' + D1 S1') Q1 + D1 D1' Q2), with the scalar sums
    A = sum 1/den_k, B = sum f_k/den_k, Q0 = sum 1/den_k^2, Q1 = sum f_k/den_k^2, Q2 = sum f_k^2/den_k^2:
    the per-death work is on scalars only, whatever the number of covariates.
    """
    key = (lo, hi)
    cached = des.death_index.get(key)
    if cached is None:
        d = des.d[lo:hi]
        first = np.cumsum(d) - d
        rep = np.repeat(np.arange(hi - lo), d)
        f = np.arange(len(rep), dtype=np.float64)
        f -= first[rep]
        f /= d[rep]
        cached = des.death_index[key] = (rep, f, first)
    rep, f, first = cached
    den = _minus_frac(S[0], D[0], rep, f)
    log_den = np.log(den)
    inv = np.divide(1.0, den, out=den)  # den itself is no longer needed
    acc.loglik -= _wsum(None if w is None else w[rep], log_den)
    del log_den
    finv = f * inv
    A = np.add.reduceat(inv, first)
    B = np.add.reduceat(finv, first)
    for k in range(p):
        acc.score[k] -= _wsum(w, S[1 + k] * A - D[1 + k] * B)
    if acc.info is None:
        return
    finv *= inv  # f / den^2
    inv *= inv  # 1 / den^2
    Q0 = np.add.reduceat(inv, first)
    Q1 = np.add.reduceat(finv, first)
    finv *= f
    Q2 = np.add.reduceat(finv, first)
    for i, (k, l) in enumerate(pairs):
        s1k, s1l, d1k, d1l = S[1 + k], S[1 + l], D[1 + k], D[1 + l]
        term = S[1 + p + i] * A
        term -= D[1 + p + i] * B
        term -= s1k * s1l * Q0
        term += (s1k * d1l + d1k * s1l) * Q1
        term -= d1k * d1l * Q2
        acc.info[k, l] += _wsum(w, term)
        if acc.J is not None:
            acc.J[k, l] += _wsum(None if w is None else w**2, term)


def _row_column(r: np.ndarray, xs: list, p: int, pairs: list, i: int, out: np.ndarray) -> None:
    """Risk-set column i of a chunk's rows into ``out``: r, then r x_k (k < p), then r x_k x_l (the pairs)."""
    if i == 0:
        out[...] = r
    elif i <= p:
        np.multiply(r, xs[i - 1], out=out)
    else:
        k, l = pairs[i - 1 - p]
        np.multiply(r, xs[k], out=out)
        out *= xs[l]


def _lin_cols(cols: list, beta: np.ndarray) -> np.ndarray:
    """sum_k cols[k] beta_k (a new array)."""
    out = cols[0] * beta[0]
    for k in range(1, len(beta)):
        out += cols[k] * beta[k]
    return out


def _minus_frac(S: np.ndarray, D: np.ndarray, rep: np.ndarray, f: np.ndarray) -> np.ndarray:
    """S[rep] - f D[rep]: an event time's risk-set sum less the fraction f of its deaths' sum (a new array)."""
    out = S.take(rep)
    sub = D.take(rep)
    sub *= f
    out -= sub
    return out


def _lin(x: np.ndarray, beta: np.ndarray) -> np.ndarray:
    """x @ beta for a tall x, column by column: a BLAS product on a tall matrix starts threads that stall on a
    busy machine (2x slower fits measured), and p is small."""
    out = x[:, 0] * beta[0]
    for k in range(1, len(beta)):
        out += x[:, k] * beta[k]
    return out


def _wsum(w: np.ndarray | None, v: np.ndarray) -> float:
    """sum w v (w None: all ones); einsum, not BLAS: a threaded dot product stalls on a busy machine."""
    return float(v.sum()) if w is None else float(np.einsum("i,i->", w, v))


def _exact_terms(des: _Design, beta: np.ndarray, subj: dict, need_info=True, squared_w=False):
    """Exact (discrete, conditional-logistic) partial likelihood.

    At an event time with d deaths among the risk set R, the denominator is the sum over all d-subsets of R of
    prod exp(x beta) (Gail, Lubin & Rubinstein 1981). With d = 1 that is S0 and the terms are Breslow's, taken from
    the grid sums. With d > 1 it is built by the recursion B(m, s) = B(m-1, s) + r_m B(m-1, s-1) over the members
    of R, with first and second derivatives carried along: for each s the recursion over members is a cumulative
    sum, B(., s) = cumsum(r * B(. - 1, s - 1)).
    """
    x = des.x
    p = x.shape[1]
    single = des.d == 1
    loglik, score, info, J, _ = _efron_terms(_subset_terms(des, np.flatnonzero(single)), beta, need_info,
                                             squared_w)
    if not need_info:
        info = np.zeros((p, p))
    if squared_w and J is None:
        J = np.zeros((p, p))
    eta = _lin(x, beta)
    r = np.exp(eta)
    for j in np.flatnonzero(~single):
        cell = des.ev_cell[j]
        stratum = int(np.searchsorted(des.offsets, cell, side="right")) - 1
        lo, hi = subj["bounds"][stratum]
        ex = subj["exit_sorted"][lo:hi]
        members = subj["order"][lo:hi][np.searchsorted(ex, cell, side="left"):]  # time >= the event time
        if subj["entry_cell"] is not None:
            members = members[subj["entry_cell"][members] < cell]  # and entered before it
        members = np.sort(members)
        deaths = members[(subj["exit_cell"][members] == cell) & subj["event"][members]]
        dj, wj = int(des.d[j]), float(des.w[j])
        xm, rm = x[members], r[members]
        M = len(members)
        # B(m, s - 1), B1, B2 for m = 1..M, starting from s - 1 = 0: B = 1, B1 = B2 = 0
        B, B1, B2 = np.ones(M), np.zeros((M, p)), np.zeros((M, p, p))
        xx = np.einsum("mk,ml->mkl", xm, xm)
        for s_ in range(1, dj + 1):
            # the values after m - 1 members, m = 1..M (after none: B(0, 0) = 1, otherwise 0)
            Bp = np.concatenate(([1.0 if s_ == 1 else 0.0], B[:-1]))
            B1p = np.concatenate((np.zeros((1, p)), B1[:-1]))
            B2p = np.concatenate((np.zeros((1, p, p)), B2[:-1]))
            inc2 = B2p + np.einsum("mk,ml->mkl", B1p, xm) + np.einsum("mk,ml->mkl", xm, B1p) + Bp[:, None, None] * xx
            B2 = np.cumsum(rm[:, None, None] * inc2, axis=0)
            B1 = np.cumsum(rm[:, None] * (B1p + Bp[:, None] * xm), axis=0)
            B = np.cumsum(rm * Bp)
        den, g, H = B[-1], B1[-1], B2[-1]
        loglik += wj * (eta[deaths].sum() - math.log(den))
        score = score + wj * (x[deaths].sum(axis=0) - g / den)
        if need_info:
            term = H / den - np.outer(g, g) / den**2
            info = info + wj * term
            if squared_w:
                J = J + wj**2 * term
    return loglik, score, info, J, None


def _subset_terms(des: _Design, keep: np.ndarray) -> _Design:
    """The design restricted to some event times (rows unchanged)."""
    d = des.d[keep]
    mult = d.astype(np.float64)
    w = des.w[keep]
    return _Design(des.x, des.count, des.deaths, des.cell, des.entry_x, des.entry_count, des.entry_cell,
                   des.offsets, des.ev_cell[keep], d, w, des.event_time[keep], np.arange(len(d)), None, mult,
                   w * mult, None if des.tw2 is None else w**2 * mult, des.Dx[keep], [slice(None)])


def _score_residuals(des: _Design, pieces, beta, xc, e, exit_cell, entry_cell) -> np.ndarray:
    """Score residuals L_i = int (x_i - xbar(t)) dM_i(t) of every subject (Efron: per-k means; Breslow: f = 0).

    For each event time j and its k-th death term (denominator den_jk, mean a_jk, weight w_j): an at-risk subject
    who is not among the deaths contributes -w r_i (x_i - a_jk) / den_jk; a subject among the deaths contributes
    -w (1 - f_k) r_i (x_i - a_jk) / den_jk and, for its own event, + w (x_i - mean_k a_jk).
    The per-event-time sums E (all at risk) and F (the deaths) are accumulated over the grid of cells, so that a
    subject's total is a difference of two cumulative sums (exit and entry cells).
    """
    den, a = pieces
    n, p = xc.shape
    J = len(des.d)
    rep = des.rep
    mult = 1.0 if des.mult is None else des.mult
    c = des.w[rep] * mult / den
    one_minus_f = 1.0 if des.frac is None else 1.0 - des.frac
    E0 = np.bincount(rep, weights=c, minlength=J)
    E1 = np.stack([np.bincount(rep, weights=c * a[:, k], minlength=J) for k in range(p)], axis=1)
    F0 = np.bincount(rep, weights=one_minus_f * c, minlength=J)
    F1 = np.stack([np.bincount(rep, weights=one_minus_f * c * a[:, k], minlength=J) for k in range(p)], axis=1)
    # bincount with weights gives float64 (the stubs say intp): asarray only states the dtype, it copies nothing
    abar = np.asarray(np.stack([np.bincount(rep, weights=mult * a[:, k], minlength=J) for k in range(p)], axis=1),
                      dtype=np.float64)
    abar /= des.d[:, None]
    # cumulative over the cells of each stratum; a subject accrues the event cells c with entry < c <= exit
    n_cells = int(des.offsets[-1])
    grid0 = np.zeros(n_cells)
    grid0[des.ev_cell] = E0
    grid1 = np.zeros((n_cells, p))
    grid1[des.ev_cell] = E1
    cum0, cum1 = np.empty(n_cells), np.empty((n_cells, p))
    for lo, hi in zip(des.offsets[:-1].tolist(), des.offsets[1:].tolist()):
        cum0[lo:hi] = np.cumsum(grid0[lo:hi])
        cum1[lo:hi] = np.cumsum(grid1[lo:hi], axis=0)
    # bin b of a stratum accrues its event cells 1..b; entry cell a removes 1..a (cumulative sums restart per stratum)
    s0 = cum0[exit_cell]
    s1 = cum1[exit_cell]
    if entry_cell is not None:
        s0 = s0 - cum0[entry_cell]
        s1 = s1 - cum1[entry_cell]
    # deaths: at their own event time use F instead of E
    di = np.flatnonzero(e)
    pos = np.searchsorted(des.ev_cell, exit_cell[di])  # the event cell of each death
    s0[di] += F0[pos] - E0[pos]
    s1[di] += F1[pos] - E1[pos]
    r = np.exp(_lin(xc, beta))
    L = -(r[:, None] * (xc * s0[:, None] - s1))
    L[di] += des.w[pos][:, None] * (xc[di] - abar[pos])
    return L


def cox_ph(
    time,
    event,
    covariates,
    *,
    strata=None,
    ties: str | None = None,
    preset: str | Conventions = "sas",
    weights=None,
    robust: bool = False,
    cluster=None,
    entry=None,
    confidence_level: float = 0.95,
    init=None,
    max_iter: int = 50,
    convergence: str | None = None,
) -> CoxPH:
    """Fit a Cox proportional hazards model by Newton–Raphson on the log partial likelihood.

    Parameters
    ----------
    time, event : array_like
        Exit times and event indicators (True/1 = event).
    covariates : array_like (n,) or (n, p), mapping of name -> array, or DataFrame
        Numeric covariates (code a two-arm comparison as 0/1 for control/treated).
    strata : array_like or sequence of array_like, optional
        A separate baseline hazard per stratum, common coefficients.
    ties : {"breslow", "efron", "exact", "discrete"}, optional
        Default from the preset: ``sas`` Breslow, ``r`` Efron. ``"exact"`` is R's exact method, the discrete
        (conditional-logistic) likelihood of SAS ``TIES=DISCRETE``; ``"discrete"`` is accepted as its synonym.
        ``"marginal"`` is SAS ``TIES=EXACT``, the continuous-time marginal likelihood (:mod:`.marginal`).
    weights : None, "fh:RHO,GAMMA", "cutoff:T", FlemingHarrington or Cutoff
        Time weights on each event time's contribution to the log partial likelihood and score (a weighted Cox
        model). The variance is then the sandwich I_w^-1 J I_w^-1 with J formed with squared weights (Lin 1991);
        with 0/1 weights it is the usual inverse information.
    robust : bool
        Robust (sandwich) variance D'D from the dfbeta residuals D (Lin & Wei 1989), summed within ``cluster``.
    cluster : array_like, optional
        Cluster labels for the robust variance (implies ``robust``).
    entry : array_like, optional
        Delayed-entry (left-truncation) times: a subject is at risk on (entry, time].
    confidence_level : float
    init : array_like, optional
        Starting coefficients (default zeros).
    max_iter : int
    convergence : str, optional
        When Newton–Raphson stops; default from the preset: ``sas`` ``"GCONV=1E-8"`` (PHREG's relative gradient
        criterion, reporting the iterate that meets it), ``r`` ``"full"``. Also PHREG's ``"FCONV=R"``,
        ``"ABSFCONV=R"`` and ``"XCONV=R"``.

    Returns
    -------
    CoxPH

    Raises
    ------
    NotEstimable
        A 0/1 covariate whose events all lie in one level (e.g. an arm with no events): its hazard ratio diverges.
    InputError
        Invalid times, events, covariates, strata or options.

    Notes
    -----
    Log partial likelihood with Efron's approximation at an event time with d deaths D, risk-set sums S0, S1 and
    death sums D0, D1: sum_D x beta - sum_{k<d} log(S0 - (k/d) D0) (Efron 1977); Breslow sets k/d = 0; the exact
    method uses the conditional-logistic likelihood. Covariates are centred, which leaves the estimate unchanged.
    The likelihood-ratio test compares with beta = 0, the score test is evaluated at beta = 0, the Wald test at the
    estimate with the reported variance.

    Examples
    --------
    >>> fit = cox_ph([5, 8, 12, 3, 9, 15], [1, 1, 0, 1, 1, 1], [0, 0, 0, 1, 1, 1], ties="efron")
    >>> round(fit.hazard_ratio().value, 4) > 0
    True
    """
    t = as_time(time)
    n = len(t)
    e = as_event(event, n)
    level = check_confidence_level(confidence_level)
    conv = resolve(preset, ties=ties, cox_convergence=convergence)
    x, names = _covariates(covariates, n)
    p = x.shape[1]
    max_iter = check_max_iter(max_iter)
    init = as_init(init, p, names)
    check_identifiable(x, names)
    s, slabels = encode_strata(strata, n)
    w_spec = parse_weights(weights)
    en = None if entry is None else as_entry(entry, t)
    cl = None
    if cluster is not None:
        cl, _ = encode(cluster, n, "cluster")
        robust = True
    if not e.any():
        raise NotEstimable("no events: the Cox model cannot be fitted")
    _check_separation(x, names, e, t, w_spec)
    if strata is not None:
        _warn_constant_strata(x, s, slabels)
    ties_m = conv.ties
    if ties_m == "marginal":  # SAS TIES=EXACT: a likelihood of its own (survival/marginal.py)
        if w_spec is not None or robust or en is not None:
            raise NotImplementedError("ties='marginal' (SAS TIES=EXACT) is available without time weights, robust "
                                      "variance or delayed entry")
        from .marginal import fit_marginal

        return fit_marginal(t, e, x, names, s, conv, level, init, max_iter)
    mean = x.mean(axis=0)
    des, cells = _design(t, e, x, mean, s, len(slabels), en, w_spec,
                         "efron" if ties_m == "efron" else "breslow", per_subject=ties_m == "exact",
                         need_cells=robust)
    if not robust:
        del x  # the design holds what the fit needs
    if len(des.d) == 0 or float(des.w @ des.d) <= 0:
        raise NotEstimable("no events carry weight: the Cox model cannot be fitted with these time weights")
    weighted = w_spec is not None
    subj = None
    if ties_m == "exact":
        subj = _exact_index(cells["exit_cell"], cells["entry_cell"], e, des.offsets)

    def evaluate(beta, need_info=True):
        if ties_m == "exact":
            assert subj is not None  # built above for ties='exact'
            ll, U, I, J, pc = _exact_terms(des, beta, subj, need_info, weighted)
        else:
            ll, U, I, J, pc = _efron_terms(des, beta, need_info, weighted)
        return ll, U, I, (J if weighted else I), pc

    beta = np.zeros(p) if init is None else np.asarray(init, dtype=float).reshape(p)
    ll0, U0, I0, J0, _ = evaluate(np.zeros(p))
    score_stat = float(U0 @ _solve(J0, U0))
    ll, U, I, J, _ = evaluate(beta) if init is not None else (ll0, U0, I0, J0, None)
    converged = False
    it = 0
    rule, crit = parse_convergence(conv.cox_convergence)
    prev_ll, prev_beta = math.nan, None
    for it in range(1, max_iter + 1):
        if rule != "full" and _phreg_converged(rule, crit, beta, ll, U, I, prev_beta, prev_ll):
            converged, it = True, it - 1  # the current iterate meets the criterion: it is the estimate
            break
        prev_ll, prev_beta = ll, beta
        step = _solve(I, U)
        new = beta + step
        ll_new, U_new, I_new, J_new, _ = evaluate(new)
        halvings = 0
        while (not np.isfinite(ll_new) or ll_new < ll - 1e-12 * abs(ll)) and halvings < 30:
            step = step / 2
            new = beta + step
            ll_new, U_new, I_new, J_new, _ = evaluate(new)
            halvings += 1
        done = abs(ll_new - ll) <= 1e-13 * max(1.0, abs(ll)) and np.max(np.abs(step)) < 1e-9
        beta, ll, U, I, J = new, ll_new, U_new, I_new, J_new
        if rule != "full" and done:
            # fully converged before the criterion was checked at this iterate: it can only hold
            converged = True
            break
        if done:
            converged = True
            break
    naive = _inverse(I)
    var = naive @ J @ naive if weighted else naive
    if not converged:
        warnings.warn(f"Cox model did not converge in {max_iter} iterations; estimates may be unreliable",
                      stacklevel=2)
    if robust:
        if ties_m == "exact":
            raise NotImplementedError("robust variance is available for Breslow and Efron ties, not exact")
        pieces = _efron_terms(des, beta, need_info=False, need_pieces=True)[4]
        L = _score_residuals(des, pieces, beta, x - mean, e, cells["exit_cell"], cells["entry_cell"])
        D = np.stack([_lin(L, naive[:, k]) for k in range(p)], axis=1)
        if cl is not None:
            D = np.stack([np.bincount(cl, weights=D[:, k]) for k in range(p)], axis=1)
        var = np.einsum("ik,il->kl", D, D)
    infinite = _diverging(beta, var, naive)
    if infinite:
        warnings.warn(
            f"the log-likelihood converged while {', '.join(f'`{names[j]}`' for j in infinite)} kept growing "
            "(monotone likelihood): the coefficient may be infinite and its variance is not estimable",
            stacklevel=2)
    var = np.array(var, dtype=float)
    bad = np.diag(var) <= 0
    if bad.any() or infinite:
        for j in set(np.flatnonzero(bad)) | set(infinite):
            var[j, :] = var[:, j] = np.nan
    se = np.sqrt(np.diag(var))
    wald = float(beta @ _solve(var, beta)) if np.isfinite(var).all() else math.nan
    # With 0/1 weights the weighted partial likelihood is an ordinary one (on the subjects at risk after the
    # cut-off), so 2(l(b) - l(0)) is chi-square. With other weights (Fleming-Harrington) it is not a likelihood
    # and no likelihood-ratio test exists: NaN rather than a misleading number.
    zero_one = w_spec is None or isinstance(w_spec, Cutoff)
    lr_stat = float(2 * (ll - ll0)) if zero_one else math.nan
    return CoxPH(
        names=names, coef=beta, se=se, variance=var, naive_variance=naive, loglik_null=ll0, loglik=ll,
        lr_statistic=lr_stat, score_statistic=score_stat, wald_statistic=wald, df=p, n=n,
        n_events=int(e.sum()), iterations=it, converged=converged, ties=ties_m,
        weights="none" if w_spec is None else w_spec.describe(), robust=bool(robust), confidence_level=level,
        conventions=conv,
    )


def _phreg_converged(rule: str, crit: float, beta, ll: float, U, I, prev_beta, prev_ll: float) -> bool:
    """SAS PHREG's convergence criteria at the current iterate (f = -log L, the function PHREG minimizes).

    gconv: g' H^-1 g / (|f| + 1e-6) < crit; fconv: |f - f_prev| / (|f_prev| + 1e-6) < crit; absfconv:
    |f - f_prev| < crit; xconv: max_j |delta_j| < crit with delta_j the change of beta_j, relative to |beta_j prev|
    where that is at least 0.01. The function criteria need a previous iterate.
    """
    if rule == "gconv":
        return bool(float(U @ _solve(I, U)) / (abs(ll) + 1e-6) < crit)
    if prev_beta is None:
        return False
    if rule == "fconv":
        return abs(ll - prev_ll) / (abs(prev_ll) + 1e-6) < crit
    if rule == "absfconv":
        return abs(ll - prev_ll) < crit
    big = np.abs(prev_beta) >= 0.01
    delta = np.where(big, np.abs(beta - prev_beta) / np.where(big, np.abs(prev_beta), 1.0), np.abs(beta - prev_beta))
    return bool(np.max(delta) < crit)


def _diverging(beta: np.ndarray, var: np.ndarray, naive: np.ndarray) -> list[int]:
    """Coefficients that run off to infinity (monotone likelihood): a large |beta| whose variance is not a finite
    positive number or is so large that beta is within a few standard errors of 0 only because the information
    has vanished (se > |beta| with |beta| > 10, i.e. a hazard ratio beyond e^10 or below e^-10)."""
    out = []
    for j in range(len(beta)):
        v = naive[j, j]
        if not np.isfinite(beta[j]):
            out.append(j)
        elif abs(beta[j]) > 10 and (not np.isfinite(v) or v <= 0 or math.sqrt(v) > abs(beta[j])):
            out.append(j)
    return out


def _exact_index(exit_cell, entry_cell, e, offsets) -> dict:
    """Subjects ordered by exit cell, with each stratum's range: the risk sets of the exact method."""
    order = np.argsort(exit_cell, kind="stable")
    exit_sorted = exit_cell[order]
    edges = np.searchsorted(exit_sorted, offsets)
    bounds = list(zip(edges[:-1], edges[1:]))
    return {"order": order, "exit_sorted": exit_sorted, "bounds": bounds, "exit_cell": exit_cell,
            "entry_cell": entry_cell, "event": e}


def _warn_constant_strata(x: np.ndarray, s: np.ndarray, slabels) -> None:
    """Warn about each stratum in which every covariate is constant (a stratum holding one arm): it contributes
    nothing to the score or the information, as in R ``coxph`` and SAS PHREG."""
    order = np.argsort(s, kind="stable")
    ss = s[order]
    starts = np.flatnonzero(np.concatenate(([True], ss[1:] != ss[:-1])))
    xs = x[order]
    flat = np.all(np.maximum.reduceat(xs, starts, axis=0) == np.minimum.reduceat(xs, starts, axis=0), axis=1)
    if flat.any():
        which = ", ".join(repr(slabels[int(ss[i])]) for i in starts[flat])
        warnings.warn(f"stratum {which}: every covariate is constant there (one arm only), so it contributes "
                      "nothing to the stratified model", stacklevel=3)


def _check_separation(x, names, e, t, w_spec) -> None:
    """Raise NotEstimable for a 0/1 covariate whose (weighted) events all fall in one level.

    Two-valued columns are found from their minimum and maximum (no sort of the column).
    """
    w_ok = None if w_spec is None or not hasattr(w_spec, "time") else t > w_spec.time
    ev = e if w_ok is None else e & w_ok
    if not ev.any():
        raise NotEstimable(f"no event occurs after the cut-off time {w_spec.time:g}: with {w_spec.describe()} no "
                           "event carries weight, so the model cannot be fitted")
    after = "" if w_ok is None else f" after the cut-off time {w_spec.time:g}"
    for j, name in enumerate(names):
        col = x[:, j]
        lo, hi = col.min(), col.max()
        if lo == hi:
            raise InputError(f"covariate `{name}` is constant ({lo:g}): its coefficient cannot be estimated")
        at_hi = col == hi
        n_hi = np.count_nonzero(at_hi)
        if n_hi + np.count_nonzero(col == lo) != len(col):
            continue  # three or more values
        ev_hi = np.count_nonzero(at_hi & ev)
        for v, events in ((lo, np.count_nonzero(ev) - ev_hi), (hi, ev_hi)):
            if events == 0:
                raise NotEstimable(f"no events{after} where `{name}` == {v:g}: its hazard ratio is not estimable")


def _solve(A: np.ndarray, b: np.ndarray) -> np.ndarray:
    try:
        return np.linalg.solve(A, b)
    except np.linalg.LinAlgError:
        return np.linalg.pinv(A) @ b


def _inverse(A: np.ndarray) -> np.ndarray:
    try:
        return np.linalg.inv(A)
    except np.linalg.LinAlgError:
        return np.linalg.pinv(A)
