"""Cox proportional hazards regression: Breslow, Efron and exact ties, strata, delayed entry, time weights,
robust variance."""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass

import numpy as np
from scipy import stats

from .._results import Estimate
from .._validate import InputError, as_event, as_time, check_confidence_level
from ..conventions import Conventions, resolve
from ._prep import NotEstimable, encode, encode_strata, stratum_indices
from .weights import TimeWeights, parse_weights, pooled_left_km

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
        Likelihood-ratio, score (at beta = 0) and Wald chi-squares on ``df`` degrees of freedom.
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
        z = float(stats.norm.ppf(0.5 + level / 2))
        b, s = float(self.coef[i]), float(self.se[i])
        method = f"cox; {self.ties} ties; {'robust' if self.robust else 'model'} se; weights {self.weights}"
        return Estimate.build(math.exp(b), math.exp(b - z * s), math.exp(b + z * s), level, method, std_err=s)

    def pvalue(self, term=0) -> float:
        """Two-sided Wald P for one coefficient."""
        i = self._index(term)
        return float(2 * stats.norm.sf(abs(self.coef[i] / self.se[i])))

    @property
    def lr_pvalue(self) -> float:
        return float(stats.chi2.sf(self.lr_statistic, self.df))

    @property
    def score_pvalue(self) -> float:
        return float(stats.chi2.sf(self.score_statistic, self.df))

    @property
    def wald_pvalue(self) -> float:
        return float(stats.chi2.sf(self.wald_statistic, self.df))


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
class _Stratum:
    """Fixed structure of one stratum, sorted by time: what every Newton iteration reuses."""

    x: np.ndarray          # (m, p) covariates in time order, centred
    time: np.ndarray
    entry_order: np.ndarray | None   # order of subjects by entry time (delayed entry)
    entry_sorted: np.ndarray | None
    risk_start: np.ndarray  # for each event time: first index with time >= t_j
    exit_count: np.ndarray | None  # for each event time: number of subjects with entry >= t_j
    death_idx: np.ndarray   # indices (time order) of deaths, grouped by event time
    death_start: np.ndarray  # start of each event time's block in death_idx
    d: np.ndarray           # deaths per event time
    w: np.ndarray           # time weight per event time
    event_time: np.ndarray


def _prepare(t, e, x, entry, sidx, w_spec) -> list[_Stratum]:
    out = []
    for idx in sidx:
        order = idx[np.argsort(t[idx], kind="stable")]
        ts, es, xs = t[order], e[order], x[order]
        en = entry[order] if entry is not None else None
        dpos = np.flatnonzero(es)
        if len(dpos) == 0:
            continue
        dtimes = ts[dpos]
        bounds = np.flatnonzero(np.concatenate(([True], dtimes[1:] != dtimes[:-1])))
        event_time = dtimes[bounds]
        d = np.diff(np.append(bounds, len(dpos)))
        risk_start = np.searchsorted(ts, event_time, side="left")
        if en is not None:
            eo = np.argsort(en, kind="stable")
            es_sorted = en[eo]
            exit_count = len(en) - np.searchsorted(es_sorted, event_time, side="left")
            n_risk = (len(ts) - risk_start) - exit_count
        else:
            eo = es_sorted = exit_count = None
            n_risk = len(ts) - risk_start
        if w_spec is None:
            w = np.ones(len(event_time))
        else:
            w = w_spec.at_event_times(pooled_left_km(n_risk, d), event_time)
        out.append(_Stratum(xs, ts, eo, es_sorted, risk_start, exit_count, dpos, bounds, d, w, event_time))
    return out


def _revsum_at(values: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """sum(values[starts[j]:]) for each j (values along axis 0)."""
    c = np.cumsum(values[::-1], axis=0)[::-1]
    c = np.concatenate([c, np.zeros((1,) + values.shape[1:])], axis=0)
    return c[starts]


def _risk_sums(st: _Stratum, vals: np.ndarray) -> np.ndarray:
    """Sums of ``vals`` (per subject, time order) over each event time's risk set."""
    s = _revsum_at(vals, st.risk_start)
    if st.entry_order is not None:
        # subtract subjects not yet entered: entry >= t_j (risk set is entry < t <= time)
        ev = vals[st.entry_order]
        start = len(st.entry_sorted) - st.exit_count
        s = s - _revsum_at(ev, start)
    return s


def _efron_terms(st: _Stratum, beta: np.ndarray, ties: str, need_info: bool = True, squared_w: bool = False):
    """Log-likelihood, score, information (and J with w^2) of one stratum; plus per-event-time pieces."""
    x = st.x
    p = x.shape[1]
    eta = x @ beta
    r = np.exp(eta)
    S0 = _risk_sums(st, r)
    S1 = _risk_sums(st, r[:, None] * x)
    dx = x[st.death_idx]
    dr = r[st.death_idx]
    deta = eta[st.death_idx]
    D0 = np.add.reduceat(dr, st.death_start)
    D1 = np.add.reduceat(dr[:, None] * dx, st.death_start, axis=0)
    Dx = np.add.reduceat(dx, st.death_start, axis=0)
    Deta = np.add.reduceat(deta, st.death_start)
    d = st.d
    w = st.w
    # expand each event time into its d deaths: k = 0..d-1, fraction f = k/d (Efron) or 0 (Breslow)
    rep = np.repeat(np.arange(len(d)), d)
    if ties == "efron":
        f = (np.arange(len(rep)) - np.repeat(st.death_start, d)) / d[rep]
    else:
        f = np.zeros(len(rep))
    den = S0[rep] - f * D0[rep]
    num1 = S1[rep] - f[:, None] * D1[rep]
    a = num1 / den[:, None]
    wr = w[rep]
    loglik = float(np.sum(w * Deta) - np.sum(wr * np.log(den)))
    score = (w[:, None] * Dx).sum(axis=0) - (wr[:, None] * a).sum(axis=0)
    info = J = None
    if need_info:
        info = np.zeros((p, p))
        J = np.zeros((p, p)) if squared_w else None
        for k in range(p):
            for l in range(k, p):
                xx = x[:, k] * x[:, l]
                S2 = _risk_sums(st, r * xx)
                D2 = np.add.reduceat(dr * xx[st.death_idx], st.death_start)
                term = (S2[rep] - f * D2[rep]) / den - a[:, k] * a[:, l]
                info[k, l] = info[l, k] = np.sum(wr * term)
                if squared_w:
                    J[k, l] = J[l, k] = np.sum(wr**2 * term)
    pieces = (rep, f, den, a, wr, r)
    return loglik, score, info, J, pieces


def _exact_terms(st: _Stratum, beta: np.ndarray, need_info=True, squared_w=False):
    """Exact (discrete, conditional-logistic) partial likelihood of one stratum.

    At an event time with d deaths among the risk set R, the denominator is the sum over all d-subsets of R of
    prod exp(x beta); it is built by the recursion B(m, s) = B(m-1, s) + r_m B(m-1, s-1) over the members of R
    (Gail, Lubin & Rubinstein 1981), carrying first and second derivatives along.
    """
    x = st.x
    p = x.shape[1]
    eta = x @ beta
    r = np.exp(eta)
    n = len(st.time)
    loglik = 0.0
    score = np.zeros(p)
    info = np.zeros((p, p))
    J = np.zeros((p, p)) if squared_w else None
    for j, (start, dj) in enumerate(zip(st.death_start, st.d)):
        members = np.arange(st.risk_start[j], n)
        if st.entry_order is not None:
            entered = np.zeros(n, dtype=bool)
            entered[st.entry_order[: len(st.entry_sorted) - st.exit_count[j]]] = True
            members = members[entered[members]]
        deaths = st.death_idx[start:start + dj]
        wj = st.w[j]
        xm, rm = x[members], r[members]
        B = np.zeros(dj + 1)
        B[0] = 1.0
        B1 = np.zeros((dj + 1, p))
        B2 = np.zeros((dj + 1, p, p))
        for i in range(len(members)):
            xi, ri = xm[i], rm[i]
            # update s = dj..1 in place (descending, so the right-hand side uses the previous member's values)
            B2[1:] = B2[1:] + ri * (B2[:-1] + np.einsum("sk,l->skl", B1[:-1], xi)
                                    + np.einsum("k,sl->skl", xi, B1[:-1])
                                    + B[:-1, None, None] * np.outer(xi, xi))
            B1[1:] = B1[1:] + ri * (B1[:-1] + B[:-1, None] * xi)
            B[1:] = B[1:] + ri * B[:-1]
        den, g, H = B[dj], B1[dj], B2[dj]
        loglik += wj * (eta[deaths].sum() - math.log(den))
        score += wj * (x[deaths].sum(axis=0) - g / den)
        term = H / den - np.outer(g, g) / den**2
        info += wj * term
        if squared_w:
            J += wj**2 * term
    return loglik, score, info, J, None


def _score_residuals(st: _Stratum, pieces) -> np.ndarray:
    """Score residuals L_i = int (x_i - xbar(t)) dM_i(t) for one stratum (Efron: per-k means; Breslow: f = 0).

    For each event time j and its k-th death term (denominator den_jk, mean a_jk, weight w_j): an at-risk subject
    who is not among the deaths contributes -w r_i (x_i - a_jk) / den_jk; a subject among the deaths contributes
    -w (1 - f_k) r_i (x_i - a_jk) / den_jk and, for its own event, + w (x_i - mean_k a_jk).
    """
    rep, f, den, a, wr, r = pieces
    x = st.x
    n, p = x.shape
    m = len(st.d)
    c = wr / den
    E0 = np.bincount(rep, weights=c, minlength=m)
    E1 = np.stack([np.bincount(rep, weights=c * a[:, k], minlength=m) for k in range(p)], axis=1)
    F0 = np.bincount(rep, weights=(1 - f) * c, minlength=m)
    F1 = np.stack([np.bincount(rep, weights=(1 - f) * c * a[:, k], minlength=m) for k in range(p)], axis=1)
    abar = np.stack([np.bincount(rep, weights=a[:, k], minlength=m) for k in range(p)], axis=1) / st.d[:, None]
    # cumulative over event times; subject i accrues event times t_j with entry_i < t_j <= time_i
    cE0 = np.concatenate([[0.0], np.cumsum(E0)])
    cE1 = np.concatenate([np.zeros((1, p)), np.cumsum(E1, axis=0)])
    upto = np.searchsorted(st.event_time, st.time, side="right")  # event times <= time_i
    if st.entry_order is not None:
        entry = np.empty(n)
        entry[st.entry_order] = st.entry_sorted
        frm = np.searchsorted(st.event_time, entry, side="right")  # event times <= entry_i are excluded
    else:
        frm = np.zeros(n, dtype=np.intp)
    s0 = cE0[upto] - cE0[frm]
    s1 = cE1[upto] - cE1[frm]
    # deaths: at their own event time use F instead of E
    di = st.death_idx
    j_of_death = np.repeat(np.arange(m), st.d)
    s0[di] += F0[j_of_death] - E0[j_of_death]
    s1[di] += F1[j_of_death] - E1[j_of_death]
    L = -(r[:, None] * (x * s0[:, None] - s1))
    L[di] += st.w[j_of_death][:, None] * (x[di] - abar[j_of_death])
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
    ties : {"breslow", "efron", "exact"}, optional
        Default from the preset: ``sas`` Breslow, ``r`` Efron.
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
    conv = resolve(preset, ties=ties)
    x, names = _covariates(covariates, n)
    p = x.shape[1]
    s, slabels = encode_strata(strata, n)
    w_spec = parse_weights(weights)
    en = None
    if entry is not None:
        en = as_time(entry, "entry")
        if len(en) != n:
            raise InputError(f"`entry` must have one value per row ({n}); got {len(en)}")
        bad = en >= t
        if bad.any():
            rows = ", ".join(map(str, np.flatnonzero(bad)[:5]))
            raise InputError(f"`entry` must be less than `time`; rows {rows} have entry >= time")
    cl = None
    if cluster is not None:
        cl, _ = encode(cluster, n, "cluster")
        robust = True
    if not e.any():
        raise NotEstimable("no events: the Cox model cannot be fitted")
    _check_separation(x, names, e, t, w_spec)
    xc = x - x.mean(axis=0)
    sidx = stratum_indices(s, len(slabels))
    strata_data = _prepare(t, e, xc, en, sidx, w_spec)
    if not strata_data or sum(float(st.w @ st.d) for st in strata_data) <= 0:
        raise NotEstimable("no events carry weight: the Cox model cannot be fitted with these time weights")
    weighted = w_spec is not None
    ties_m = conv.ties

    def evaluate(beta, need_info=True):
        ll, U, I, J = 0.0, np.zeros(p), np.zeros((p, p)), np.zeros((p, p))
        pieces = []
        for st in strata_data:
            if ties_m == "exact":
                a, b, c, dJ, pc = _exact_terms(st, beta, need_info, weighted)
            else:
                a, b, c, dJ, pc = _efron_terms(st, beta, ties_m, need_info, weighted)
            ll += a
            U += b
            if need_info:
                I += c
                if weighted:
                    J += dJ
            pieces.append(pc)
        return ll, U, I, (J if weighted else I), pieces

    beta = np.zeros(p) if init is None else np.asarray(init, dtype=float).reshape(p)
    ll0, U0, I0, J0, _ = evaluate(np.zeros(p))
    score_stat = float(U0 @ _solve(J0, U0))
    ll, U, I, J, pieces = evaluate(beta) if init is not None else (ll0, U0, I0, J0, None)
    converged = False
    it = 0
    for it in range(1, max_iter + 1):
        step = _solve(I, U)
        new = beta + step
        ll_new, U_new, I_new, J_new, pc_new = evaluate(new)
        halvings = 0
        while (not np.isfinite(ll_new) or ll_new < ll - 1e-12 * abs(ll)) and halvings < 30:
            step = step / 2
            new = beta + step
            ll_new, U_new, I_new, J_new, pc_new = evaluate(new)
            halvings += 1
        done = abs(ll_new - ll) <= 1e-13 * max(1.0, abs(ll)) and np.max(np.abs(step)) < 1e-9
        beta, ll, U, I, J, pieces = new, ll_new, U_new, I_new, J_new, pc_new
        if done:
            converged = True
            break
    if pieces is None:
        ll, U, I, J, pieces = evaluate(beta)
    naive = _inverse(I)
    var = naive @ J @ naive if weighted else naive
    if not converged:
        warnings.warn(f"Cox model did not converge in {max_iter} iterations; estimates may be unreliable",
                      stacklevel=2)
    if robust:
        if ties_m == "exact":
            raise NotImplementedError("robust variance is available for Breslow and Efron ties, not exact")
        L = _all_score_residuals(strata_data, sidx, pieces, t, e, n, p)
        D = L @ naive
        if cl is not None:
            D = np.stack([np.bincount(cl, weights=D[:, k]) for k in range(p)], axis=1)
        var = D.T @ D
    se = np.sqrt(np.diag(var))
    wald = float(beta @ _solve(var, beta))
    return CoxPH(
        names=names, coef=beta, se=se, variance=var, naive_variance=naive, loglik_null=ll0, loglik=ll,
        lr_statistic=float(2 * (ll - ll0)), score_statistic=score_stat, wald_statistic=wald, df=p, n=n,
        n_events=int(e.sum()), iterations=it, converged=converged, ties=ties_m,
        weights="none" if w_spec is None else w_spec.describe(), robust=bool(robust), confidence_level=level,
        conventions=conv,
    )


def _all_score_residuals(strata_data, sidx, pieces, t, e, n, p) -> np.ndarray:
    """Score residuals of every subject, in the caller's row order (rows in strata without events get 0)."""
    L = np.zeros((n, p))
    k = 0
    for idx in sidx:
        order = idx[np.argsort(t[idx], kind="stable")]
        if not e[order].any():
            continue
        L[order] = _score_residuals(strata_data[k], pieces[k])
        k += 1
    return L


def _check_separation(x, names, e, t, w_spec) -> None:
    """Raise NotEstimable for a 0/1 covariate whose (weighted) events all fall in one level."""
    w_ok = np.ones(len(t), dtype=bool) if w_spec is None or not hasattr(w_spec, "time") else t > w_spec.time
    ev = e & w_ok
    for j, name in enumerate(names):
        vals = np.unique(x[:, j])
        if len(vals) != 2:
            if len(vals) == 1:
                raise InputError(f"covariate `{name}` is constant ({vals[0]:g}): its coefficient cannot be estimated")
            continue
        for v in vals:
            if not ev[x[:, j] == v].any():
                raise NotEstimable(f"the hazard ratio for `{name}` is not estimable: no events where {name} == {v:g}")


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
