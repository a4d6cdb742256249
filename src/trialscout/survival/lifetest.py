"""What SAS PROC LIFETEST prints beyond the Kaplan–Meier table: the tests of equality over strata (log-rank,
Wilcoxon, -2log(LR), Tarone–Ware, Peto–Peto, modified Peto–Peto, Fleming–Harrington, and their trend tests), and the
Kaplan–Meier estimate with case weights (``WEIGHT``/``FREQ``) and with delayed entry (``ENTRY=``).

The rank tests share one form (Klein & Moeschberger 2003, sec. 7.3): at each distinct event time t_j of the pooled
sample, with N_j at risk and D_j events, n_gj at risk and d_gj events in group g, and a weight w_j,

    U_g = sum_j w_j (d_gj - D_j n_gj / N_j),
    V_gh = sum_j w_j^2 D_j (N_j - D_j) / (N_j - 1) (n_gj / N_j) (delta_gh - n_hj / N_j),

and the statistic is U' V^- U on k - 1 degrees of freedom. The tests differ by their weight:

=================  ================================================================  ==========================
test               w_j                                                                SAS ``TEST=``
=================  ================================================================  ==========================
log-rank           1                                                                  ``LOGRANK``
Wilcoxon (Gehan)   N_j                                                                ``WILCOXON``
Tarone–Ware        sqrt(N_j)                                                          ``TARONE``
Peto–Peto          S~(t_j) = prod over t_i <= t_j of (1 - D_i / (N_i + 1))            ``PETO``
modified Peto      S~(t_j) N_j / (N_j + 1)                                            ``MODPETO``
Fleming–Harrington S(t_j-)^p (1 - S(t_j-))^q, S the pooled Kaplan–Meier estimate      ``FLEMING(p, q)``
=================  ================================================================  ==========================

Stratified (``STRATA`` with ``GROUP=``), U and V are sums over strata of the within-stratum terms, the weights
computed within each stratum. The trend test for ordered groups with scores c is (c'U)^2 / (c'Vc) on 1 degree of
freedom. The likelihood-ratio test -2log(LR) (Lawless 1982) assumes exponential times: with D_g events and total time
T_g in group g, 2 [D log(T / D) - sum_g D_g log(T_g / D_g)] on k - 1 degrees of freedom; SAS prints it for the
unstratified comparison only.
"""

from __future__ import annotations

import math
import re
import warnings
from dataclasses import dataclass

import numpy as np
from scipy import stats

from .._results import freeze_arrays
from .._validate import InputError, as_entry, as_event, as_time, check_confidence_level
from ..conventions import Conventions, resolve
from .logrank import group_inputs
from ._transforms import confidence_limits
from .kaplan_meier import KaplanMeier

__all__ = ["SurvivalTest", "LifetestTests", "lifetest_tests", "survival_test", "wilcoxon_test",
           "kaplan_meier_weighted", "RANK_TESTS", "parse_test"]

RANK_TESTS = ("logrank", "wilcoxon", "tarone", "peto", "modpeto", "fleming")

_NAMES = {
    "logrank": "Log-Rank", "wilcoxon": "Wilcoxon", "tarone": "Tarone", "peto": "Peto", "modpeto": "Modified Peto",
    "fleming": "Fleming", "lr": "-2Log(LR)",
}
_FLEMING = re.compile(r"^fleming\s*(?:\(\s*([^,()]+)\s*(?:,\s*([^,()]+)\s*)?\))?$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class SurvivalTest:
    """One row of LIFETEST's "Test of Equality over Strata" (or of its trend tests).

    Attributes
    ----------
    test : str
        ``"logrank"``, ``"wilcoxon"``, ``"tarone"``, ``"peto"``, ``"modpeto"``, ``"fleming"`` or ``"lr"``.
    label : str
        The name SAS prints (``"Log-Rank"``, ``"Wilcoxon"``, ``"-2Log(LR)"``, ``"Fleming(1,0)"`` ...).
    statistic, df, pvalue
        Chi-square, its degrees of freedom and upper-tail P.
    score, variance : ndarray
        The rank statistics U (one per group) and their covariance V (empty for ``"lr"``).
    trend : bool
        True for a trend test ((c'U)^2 / c'Vc on 1 df).
    """

    test: str
    label: str
    statistic: float
    df: int
    pvalue: float
    score: np.ndarray
    variance: np.ndarray
    trend: bool = False

    def __post_init__(self):
        freeze_arrays(self)


@dataclass(frozen=True, slots=True)
class LifetestTests:
    """The tests of equality over strata, as LIFETEST prints them.

    Attributes
    ----------
    groups : tuple
        Group labels in sorted order (the order of each test's ``score``).
    tests : tuple of SurvivalTest
        In the order requested.
    trend_tests : tuple of SurvivalTest
        The trend tests (``TREND``), one per rank test; empty unless asked for.
    n_strata : int
    """

    groups: tuple
    tests: tuple
    trend_tests: tuple
    n_strata: int

    def __getitem__(self, name: str) -> SurvivalTest:
        key = str(name).lower()
        for t in self.tests:
            if key in (t.test, t.label.lower()):
                return t
        raise KeyError(f"no test {name!r}; tests are {', '.join(t.label for t in self.tests)}")

    def trend(self, name: str) -> SurvivalTest:
        key = str(name).lower()
        for t in self.trend_tests:
            if key in (t.test, t.label.lower()):
                return t
        raise KeyError(f"no trend test {name!r}")


def parse_test(spec) -> tuple[str, float, float]:
    """SAS ``TEST=`` spelling -> (test, p, q). ``"FLEMING(1,0)"`` -> ("fleming", 1, 0); others p = q = 0."""
    text = str(spec).strip().lower().replace("-", "").replace("_", "")
    aliases = {"logrank": "logrank", "lr": "lr", "2loglr": "lr", "likelihoodratio": "lr", "wilcoxon": "wilcoxon",
               "gehan": "wilcoxon", "tarone": "tarone", "taroneware": "tarone", "peto": "peto", "petopeto": "peto",
               "modpeto": "modpeto", "modifiedpeto": "modpeto"}
    if text in aliases:
        return aliases[text], 0.0, 0.0
    m = _FLEMING.match(text)
    if m:
        p = float(m.group(1)) if m.group(1) is not None else 1.0
        q = float(m.group(2)) if m.group(2) is not None else 0.0
        if not (math.isfinite(p) and math.isfinite(q) and p >= 0 and q >= 0):
            raise InputError(f"`tests`: FLEMING(p, q) needs non-negative p and q; got {spec!r}")
        return "fleming", p, q
    raise InputError(f"`tests` has unknown test {spec!r}; choose from LOGRANK, WILCOXON, LR, TARONE, PETO, "
                     "MODPETO, FLEMING(p,q) or ALL")


def _expand(tests) -> list[tuple[str, float, float]]:
    if isinstance(tests, str):
        tests = [tests]
    out: list[tuple[str, float, float]] = []
    for t in tests:
        if str(t).strip().lower() == "all":
            # SAS TEST=ALL: every test but FLEMING(p, q), which is given explicitly
            out += [("logrank", 0.0, 0.0), ("wilcoxon", 0.0, 0.0), ("tarone", 0.0, 0.0), ("peto", 0.0, 0.0),
                    ("modpeto", 0.0, 0.0), ("fleming", 1.0, 0.0), ("lr", 0.0, 0.0)]
        else:
            out.append(parse_test(t))
    if not out:
        raise InputError("`tests` is empty")
    seen, unique = set(), []
    for t in out:
        if t not in seen:
            seen.add(t)
            unique.append(t)
    return unique


def _label(test: str, p: float, q: float) -> str:
    return f"Fleming({p:g},{q:g})" if test == "fleming" else _NAMES[test]


def _stratum(t, e, g, k):
    """Per distinct event time of one stratum: at-risk and events by group (m, k), pooled N and D (m,)."""
    ut = np.unique(t[e])
    order = np.argsort(t, kind="stable")
    n_risk = np.empty((len(ut), k))
    deaths = np.empty((len(ut), k))
    for h in range(k):
        th = np.sort(t[g == h])
        eh = np.sort(t[(g == h) & e])
        n_risk[:, h] = len(th) - np.searchsorted(th, ut, side="left")
        deaths[:, h] = np.searchsorted(eh, ut, side="right") - np.searchsorted(eh, ut, side="left")
    del order
    return ut, n_risk, deaths, n_risk.sum(axis=1), deaths.sum(axis=1)


def _weights(test: str, p: float, q: float, N: np.ndarray, D: np.ndarray) -> np.ndarray:
    if test == "logrank":
        return np.ones(len(N))
    if test == "wilcoxon":
        return N.astype(float)
    if test == "tarone":
        return np.sqrt(N)
    if test in ("peto", "modpeto"):
        s_tilde = np.cumprod(1.0 - D / (N + 1.0))
        return s_tilde if test == "peto" else s_tilde * N / (N + 1.0)
    # Fleming-Harrington on the pooled left-continuous KM
    s = np.cumprod(1.0 - D / N)
    s_left = np.concatenate(([1.0], s[:-1]))
    with np.errstate(invalid="ignore", divide="ignore"):
        w = np.power(s_left, p) * np.power(1.0 - s_left, q)
    return np.where(np.isfinite(w), w, 0.0)


def _score_variance(n_risk, deaths, N, D, w) -> tuple[np.ndarray, np.ndarray]:
    frac = n_risk / N[:, None]
    U = (w[:, None] * (deaths - D[:, None] * frac)).sum(axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        c = np.where(N > 1, w**2 * D * (N - D) / (N - 1), 0.0)
    cf = c[:, None] * frac
    V = np.diag(cf.sum(axis=0)) - cf.T @ frac
    return U, V


def _chisq(U: np.ndarray, V: np.ndarray) -> tuple[float, int]:
    """U' V^- U on the rank of V (generalized inverse, as SAS and R do for k groups)."""
    k = len(U)
    if not V.size or not np.any(V):
        return math.nan, 0
    sub = V[: k - 1, : k - 1]
    # V has rank k - 1 (its rows sum to 0): the first k - 1 groups suffice when that block is well conditioned
    if np.linalg.cond(sub) < 1e12:
        return float(U[: k - 1] @ np.linalg.solve(sub, U[: k - 1])), k - 1
    scale = float(np.abs(V).max())
    rank = int(np.linalg.matrix_rank(V / scale, tol=1e-10))
    return float(U @ np.linalg.pinv(V, rcond=1e-10) @ U), rank


def lifetest_tests(time, event, group, *, strata=None, tests=("logrank", "wilcoxon", "lr"), trend: bool = False,
                   scores=None) -> LifetestTests:
    """LIFETEST's tests of equality over strata.

    Parameters
    ----------
    time, event : array_like
        Follow-up times and event indicators (True/1 = event).
    group : array_like
        The groups compared (SAS: the ``STRATA`` variable, or ``GROUP=`` in a stratified test).
    strata : array_like, optional
        Strata of a stratified test (SAS: ``STRATA`` variables with ``GROUP=``); U and V are summed over strata.
    tests : str or sequence of str
        SAS ``TEST=`` names: ``LOGRANK``, ``WILCOXON``, ``LR``, ``TARONE``, ``PETO``, ``MODPETO``, ``FLEMING(p,q)``,
        ``ALL``. Default: what LIFETEST prints without ``TEST=`` (log-rank, Wilcoxon, -2log(LR)).
    trend : bool
        Also the trend tests (SAS ``TREND``), with ``scores`` (default: the group values when numeric, else
        1..k in sorted order).
    scores : sequence of float, optional
        One score per group, in the sorted order of the groups.

    Returns
    -------
    LifetestTests

    Raises
    ------
    InputError
        Invalid data or options, fewer than two groups, ``LR`` with strata (not defined there).
    """
    t, e, g, groups, s, slabels = group_inputs(time, event, group, strata)
    k = len(groups)
    wanted = _expand(tests)
    if strata is not None and any(w[0] == "lr" for w in wanted):
        raise InputError("`tests`: the likelihood-ratio test -2log(LR) is not defined for a stratified comparison "
                         "(SAS prints it only without GROUP=)")
    c = None
    if trend:
        if scores is None:
            numeric = all(isinstance(v, (int, float, np.integer, np.floating)) and not isinstance(v, bool)
                          for v in groups)
            c = np.array([float(v) for v in groups]) if numeric else np.arange(1.0, k + 1)
        else:
            c = np.asarray(scores, dtype=float).ravel()
            if len(c) != k or not np.isfinite(c).all():
                raise InputError(f"`scores` must hold {k} finite numbers, one per group; got {list(scores)!r}")
    pieces = []
    lonely = []
    for si in range(len(slabels)):
        m = s == si
        present = np.unique(g[m])
        if len(present) < 2:
            lonely.append(slabels[si])
        if not e[m].any():
            continue
        pieces.append(_stratum(t[m], e[m], g[m], k))
    if strata is not None and len(lonely) == len(slabels):
        raise InputError("no stratum holds two or more groups: a stratified comparison compares nothing")
    if strata is not None and lonely:
        warnings.warn(f"strata {', '.join(map(repr, lonely))} hold one group only: they contribute nothing to the "
                      "stratified tests", stacklevel=2)
    rows, trends = [], []
    for test, p, q in wanted:
        label = _label(test, p, q)
        if test == "lr":
            stat, df = _lr_exponential(t, e, g, k)
            rows.append(SurvivalTest("lr", label, stat, df, _sf(stat, df), np.zeros(0), np.zeros((0, 0))))
            continue
        U = np.zeros(k)
        V = np.zeros((k, k))
        for _, n_risk, deaths, N, D in pieces:
            u, v = _score_variance(n_risk, deaths, N, D, _weights(test, p, q, N, D))
            U += u
            V += v
        stat, df = _chisq(U, V)
        rows.append(SurvivalTest(test, label, stat, df, _sf(stat, df), U, V))
        if c is not None:
            den = float(c @ V @ c)
            tstat = float((c @ U) ** 2 / den) if den > 0 else math.nan
            trends.append(SurvivalTest(test, label, tstat, 1, _sf(tstat, 1), U, V, trend=True))
    return LifetestTests(groups=groups, tests=tuple(rows), trend_tests=tuple(trends), n_strata=len(slabels))


def _sf(stat: float, df: int) -> float:
    return float(stats.chi2.sf(stat, df)) if df > 0 and math.isfinite(stat) else math.nan


def _lr_exponential(t, e, g, k) -> tuple[float, int]:
    """Lawless (1982) likelihood-ratio test of equal exponential rates: 2 [D log(T/D) - sum D_g log(T_g/D_g)]."""
    D = float(e.sum())
    T = float(t.sum())

    def term(d: float, tt: float) -> float:
        return d * math.log(tt / d) if d > 0 else 0.0

    total = term(D, T)
    parts = sum(term(float(e[g == h].sum()), float(t[g == h].sum())) for h in range(k))
    return 2.0 * (total - parts), k - 1


def survival_test(time, event, group, *, test: str = "logrank", strata=None) -> SurvivalTest:
    """One test of equality over strata (SAS ``TEST=`` name); see :func:`lifetest_tests`."""
    return lifetest_tests(time, event, group, strata=strata, tests=(test,)).tests[0]


def wilcoxon_test(time, event, group, *, strata=None) -> SurvivalTest:
    """The Wilcoxon (Gehan) test that LIFETEST prints beside the log-rank test (weight: the number at risk)."""
    return survival_test(time, event, group, test="wilcoxon", strata=strata)


# -- Kaplan-Meier with case weights and delayed entry ----------------------------------------------------------
def kaplan_meier_weighted(
    time,
    event=None,
    *,
    weights=None,
    entry=None,
    confidence_level: float = 0.95,
    preset: str | Conventions = "sas",
    conf_type: str | None = None,
) -> KaplanMeier:
    """Kaplan–Meier estimate with case weights (SAS ``WEIGHT``; R ``survfit(weights=)``) and/or delayed entry
    (SAS ``ENTRY=``; R ``Surv(entry, time, event)``).

    Parameters
    ----------
    time, event : array_like
        Exit times and event indicators.
    weights : array_like, optional
        Non-negative case weights (frequencies are integer weights).
    entry : array_like, optional
        Entry (left-truncation) times: a subject is at risk on (entry, time]; each entry must be below its time.

    Returns
    -------
    KaplanMeier
        Its counts (``n_at_risk``, ``n_events``, ``n_censored``) are weighted sums (floats), at the distinct exit
        times; with delayed entry ``n_at_risk`` counts only those who have entered.

    Notes
    -----
    At each distinct exit time t: n(t) = sum of w_i over subjects with entry_i < t <= time_i, d(t) = sum of w_i
    over events at t; S(t) = prod (1 - d/n) over event times <= t; Greenwood V(t) = sum d / (n (n - d)) with the
    weighted counts (as R ``survfit``).
    """
    t = as_time(time)
    n = len(t)
    e = as_event(event, n)
    level = check_confidence_level(confidence_level)
    conv = resolve(preset, conf_type=conf_type)
    if weights is None:
        w = np.ones(n)
    else:
        w = np.asarray(weights, dtype=float).ravel()
        if len(w) != n:
            raise InputError(f"`weights` must have one value per row ({n}); got {len(w)}")
        bad = ~np.isfinite(w) | (w < 0)
        if bad.any():
            rows = ", ".join(map(str, np.flatnonzero(bad)[:5]))
            raise InputError(f"`weights` must be finite and non-negative; rows {rows}")
    en = None if entry is None else as_entry(entry, t)
    ut = np.unique(t)
    idx = np.searchsorted(ut, t)
    d = np.bincount(idx, weights=w * e, minlength=len(ut))
    exits = np.bincount(idx, weights=w, minlength=len(ut))
    c = exits - d
    n_risk = np.cumsum(exits[::-1])[::-1]  # sum of w with time >= t
    if en is not None:
        # subtract those not yet entered: entry >= t
        es = np.sort(en)
        order = np.argsort(en, kind="stable")
        cw = np.concatenate(([0.0], np.cumsum(w[order])))
        n_risk = n_risk - (cw[-1] - cw[np.searchsorted(es, ut, side="left")])
    keep = n_risk > 0
    if not keep.any():
        raise InputError("`weights` are all 0: no subject is at risk")
    ut, n_risk, d, c = ut[keep], n_risk[keep], d[keep], c[keep]
    ev = d > 0
    with np.errstate(divide="ignore", invalid="ignore"):
        factor = np.where(ev, 1.0 - d / n_risk, 1.0)
        surv = np.cumprod(factor)
        inc = np.where(ev, d / (n_risk * (n_risk - d)), 0.0)
        gw = np.cumsum(inc)
    gw = np.where(surv <= 0, np.inf, gw)
    z = float(stats.norm.ppf(0.5 + level / 2.0))
    lower, upper = confidence_limits(surv, gw, z, conv.conf_type)
    before_first = np.cumsum(ev) == 0  # S = 1, V = 0 before the first event: limits as at time 0
    if before_first.any():
        lo1, hi1 = confidence_limits(np.ones(1), np.zeros(1), z, conv.conf_type)
        lower = np.where(before_first, lo1[0], lower)
        upper = np.where(before_first, hi1[0], upper)
    with np.errstate(invalid="ignore"):
        se = np.where(np.isinf(gw), np.nan, surv * np.sqrt(gw))
    return KaplanMeier(time=ut, n_at_risk=n_risk, n_events=d, n_censored=c, survival=surv, greenwood=gw,
                       std_err=se, lower=lower, upper=upper, confidence_level=level, conventions=conv)
