"""The sort-free building blocks of the engine give exactly what the obvious (sorting) NumPy code gives.

These are the pieces that make the engine fast at 10^6 rows (hashing instead of sorting, bucketed instead of binary
search, collapsing subjects with the same covariate pattern); each is checked for exact agreement with the plain
NumPy equivalent, on data large enough to take the fast path and on the edge cases that make it fall back.
"""

from __future__ import annotations

import importlib

import numpy as np
import pytest

import trialscout.survival as ts
from trialscout.survival import _prep, cox


def _times(rng, n, kind):
    if kind == "tied":
        return np.round(rng.exponential(10, n), 2)
    if kind == "continuous":
        return rng.exponential(10, n)
    if kind == "clustered":  # most values in a tiny interval, a few far away: too clustered for the buckets
        return np.concatenate([1 + rng.random(n - 3) * 1e-9, [0.0, 1e6, 2e6]])
    raise AssertionError(kind)


@pytest.mark.parametrize("kind", ["tied", "continuous", "clustered"])
def test_count_le_is_searchsorted(kind):
    rng = np.random.default_rng(1)
    grid = np.unique(_times(rng, 5000, kind))
    x = np.concatenate([_times(rng, 20000, kind), grid, [-1.0, grid[0], grid[-1], grid[-1] + 1, 0.0, -0.0]])
    np.testing.assert_array_equal(_prep.count_le(grid, x), np.searchsorted(grid, x, side="right"))


@pytest.mark.parametrize("kind", ["tied", "continuous"])
@pytest.mark.parametrize("n", [500, 50_000])
def test_distinct_sorted_is_unique(kind, n):
    rng = np.random.default_rng(2)
    v = _times(rng, n, kind)
    v[:3] = [0.0, -0.0, 0.0]  # -0.0 and 0.0 are one value
    u, c = _prep.distinct_sorted(v)
    u0, c0 = np.unique(v, return_counts=True)
    np.testing.assert_array_equal(u, u0)
    np.testing.assert_array_equal(c, c0)


@pytest.mark.parametrize("kind", ["tied", "continuous"])
def test_strata_grid_cells(kind):
    """Cell c of stratum s: c - offsets[s] = number of that stratum's event times <= the subject's time."""
    rng = np.random.default_rng(3)
    n = 30_000
    t = _times(rng, n, kind)
    e = rng.random(n) < 0.6
    s = rng.integers(0, 3, n)
    grid = _prep.strata_grid(t, e, s, 3)
    for k in range(3):
        ev = np.unique(t[(s == k) & e])
        lo, hi = grid.offsets[k], grid.offsets[k + 1]
        assert hi - lo == len(ev) + 1
        np.testing.assert_array_equal(grid.time[lo + 1:hi], ev)
        sel = s == k
        np.testing.assert_array_equal(grid.cell[sel] - lo, np.searchsorted(ev, t[sel], side="right"))
        entry = t[sel] / 2
        np.testing.assert_array_equal(grid.cell_of(entry, s[sel]) - lo, np.searchsorted(ev, entry, side="right"))


@pytest.mark.parametrize("labels", [
    np.array([3, 1, 1, 7, 3, -2]),
    np.array([10**12, 5, 5, -10**12]),  # too wide a range to count: hashed
    np.array([True, False, True]),
    np.array([1.5, 0.5, 1.5]),
    np.array(["b", "a", "c", "a"]),
    np.array([1, "a", 2.5, "a"], dtype=object),  # mixed types: compared as text
])
def test_encode_is_unique_inverse(labels):
    codes, groups = _prep.encode(labels, len(labels), "group")
    try:
        u, inv = np.unique(labels, return_inverse=True)
    except TypeError:
        u, inv = np.unique(labels.astype(str), return_inverse=True)
    np.testing.assert_array_equal(codes, inv.ravel())
    assert groups == tuple(v.item() if hasattr(v, "item") else v for v in u)


def _synthetic(seed=4, n=3000):
    rng = np.random.default_rng(seed)
    arm = rng.integers(0, 2, n)
    score = rng.integers(0, 3, n)
    t = np.round(rng.exponential(5 * np.exp(-0.4 * arm), n), 1) + 0.1
    c = np.round(rng.uniform(0, 12, n), 1) + 0.1
    e = t <= c
    t = np.minimum(t, c)
    return t, e, arm, score, rng.integers(0, 3, n), np.round(t * rng.random(n) * 0.5, 1)


FIT_OPTIONS = [
    {},
    {"robust": True},
    {"entry": "entry", "robust": True},
    {"weights": "fh:0,1", "robust": True},
    {"weights": "cutoff:2", "entry": "entry"},
    {"cluster": "cluster"},
]


def _fit_kwargs(opts, t, entry) -> dict:
    """cox_ph keywords for one FIT_OPTIONS entry: "entry" and "cluster" name arrays built from the data."""
    kw = {k: v for k, v in opts.items() if k not in ("entry", "cluster")}
    if "entry" in opts:
        kw["entry"] = np.minimum(entry, t - 0.05)
    if "cluster" in opts:
        kw["cluster"] = np.arange(len(t)) % 50
    return kw


@pytest.mark.parametrize("ties", ["breslow", "efron"])
@pytest.mark.parametrize("opts", FIT_OPTIONS, ids=lambda o: ",".join(o) or "plain")
def test_collapsed_rows_equal_subject_rows(monkeypatch, ties, opts):
    """Collapsing subjects with the same (cell, covariate pattern) gives the per-subject fit (heavy ties, strata)."""
    t, e, arm, score, strata, entry = _synthetic()
    kw = _fit_kwargs(opts, t, entry)
    cov = {"arm": arm, "score": score}
    collapsed = ts.cox_ph(t, e, cov, strata=strata, ties=ties, **kw)
    monkeypatch.setattr(cox, "_levels", lambda x, limit: None)
    per_subject = ts.cox_ph(t, e, cov, strata=strata, ties=ties, **kw)
    for name in ("coef", "se", "loglik", "loglik_null", "score_statistic", "wald_statistic"):
        np.testing.assert_allclose(getattr(collapsed, name), getattr(per_subject, name), rtol=1e-11, err_msg=name)


@pytest.mark.filterwarnings("ignore:Cox model did not converge")
def test_exact_recursion_equals_enumeration():
    """The exact (discrete) likelihood's denominator at a tied time is the sum over all d-subsets of the risk set:
    with 3 deaths among 6 at risk that is 20 subsets, enumerated directly here."""
    from itertools import combinations

    t = np.array([1.0, 1, 1, 2, 2, 3, 4, 4])
    e = np.array([1, 1, 1, 0, 1, 1, 1, 0], dtype=bool)
    x = np.array([0.3, 1.2, -0.5, 0.8, 0.1, -1.0, 0.4, 2.0])
    beta = 0.7
    fit = ts.cox_ph(t, e, x, ties="exact", init=[beta], max_iter=1)
    # log partial likelihood at beta = 0 from the definition (centring x does not change it)
    ll0 = 0.0
    for tj in np.unique(t[e]):
        risk = np.flatnonzero(t >= tj)
        dead = np.flatnonzero((t == tj) & e)
        den = sum(1.0 for _ in combinations(risk, len(dead)))
        ll0 += -np.log(den)
    assert fit.loglik_null == pytest.approx(ll0, rel=1e-13)
    # at beta: sum over subsets of exp(beta * sum x)
    xc = x - x.mean()
    ll = 0.0
    for tj in np.unique(t[e]):
        risk = np.flatnonzero(t >= tj)
        dead = np.flatnonzero((t == tj) & e)
        den = sum(np.exp(beta * xc[list(c)].sum()) for c in combinations(risk, len(dead)))
        ll += beta * xc[dead].sum() - np.log(den)
    refit = ts.cox_ph(t, e, x, ties="exact", init=[beta], max_iter=0)
    assert refit.loglik == pytest.approx(ll, rel=1e-13)


# -- the continuous-time (untied) fast paths ---------------------------------------------------------------------
def test_count_le_crowded_cells_step_only_the_unresolved():
    """Cells holding 3..16 grid values: two dense passes, then only the values still below their grid value."""
    base = np.arange(1000.0)
    grid = (base[:, None] + np.arange(8) * 1e-6).ravel()  # groups of 8 values, each group inside one cell
    rng = np.random.default_rng(11)
    x = np.concatenate([rng.choice(grid, 10_000), rng.uniform(-1, 1001, 10_000), grid + 5e-7, [-0.0, 0.0]])
    np.testing.assert_array_equal(_prep.count_le(grid, x), np.searchsorted(grid, x, side="right"))


def _untied(seed=5, n=30_000):
    rng = np.random.default_rng(seed)
    arm = rng.integers(0, 2, n)
    t = rng.exponential(5 * np.exp(-0.4 * arm), n) + 0.01
    c = rng.uniform(0, 12, n) + 0.01
    return np.minimum(t, c), t <= c, arm, rng.integers(0, 3, n), rng.standard_normal(n)


def test_km_one_sort_path_equals_hashed_path(monkeypatch):
    """Continuous times take one sort with the event flag in the key; it gives the hashed path's estimate exactly,
    including times shared by events and censorings and -0.0."""
    t, e, *_ = _untied()
    t[:40] = t[40:80]  # some ties, event with censoring and event with event
    t[80], t[81] = 0.0, -0.0
    e[80] = e[81] = True
    assert _prep.mostly_distinct(t)
    fast = ts.kaplan_meier(t, e, preset="r")
    km_module = importlib.import_module("trialscout.survival.kaplan_meier")  # the package exports the function
    monkeypatch.setattr(km_module, "mostly_distinct", lambda v: False)
    slow = ts.kaplan_meier(t, e, preset="r")
    for name in ("time", "n_at_risk", "n_events", "n_censored", "survival", "greenwood", "std_err", "lower",
                 "upper"):
        np.testing.assert_array_equal(getattr(fast, name), getattr(slow, name), err_msg=name)
    assert fast.median().as_dict() == slow.median().as_dict()
    assert fast.time[0] == 0.0 and fast.n_events[0] == 2


UNTIED_OPTIONS = [{}, {"robust": True}, {"entry": True}, {"weights": "fh:0,1"}, {"weights": "cutoff:2"}]


@pytest.mark.parametrize("covs", ["arm", "arm+x"])
@pytest.mark.parametrize("opts", UNTIED_OPTIONS, ids=lambda o: ",".join(o) or "plain")
def test_efron_untied_shortcut_equals_general_efron(monkeypatch, covs, opts):
    """With no tied deaths the Efron fit takes one term per event time; the general per-death path agrees."""
    t, e, arm, strata, x = _untied()
    kw = dict(opts)
    if "entry" in kw:
        kw["entry"] = t * 0.3
    cov = {"arm": arm} if covs == "arm" else {"arm": arm, "x": x}
    fast = ts.cox_ph(t, e, cov, strata=strata, ties="efron", **kw)
    monkeypatch.setattr(cox, "_EFRON_UNTIED_SHORTCUT", False)
    general = ts.cox_ph(t, e, cov, strata=strata, ties="efron", **kw)
    for name in ("coef", "se", "loglik", "loglik_null", "score_statistic", "wald_statistic"):
        np.testing.assert_allclose(getattr(fast, name), getattr(general, name), rtol=1e-11, err_msg=name)


@pytest.mark.parametrize("ties", ["breslow", "efron"])
@pytest.mark.parametrize("opts", FIT_OPTIONS, ids=lambda o: ",".join(o) or "plain")
def test_level_tables_equal_collapsed_rows(monkeypatch, ties, opts):
    """Per-pattern count tables (few patterns) give the collapsed-row fit (heavy ties, strata)."""
    t, e, arm, score, strata, entry = _synthetic()
    kw = _fit_kwargs(opts, t, entry)
    cov = {"arm": arm, "score": score}
    tables = ts.cox_ph(t, e, cov, strata=strata, ties=ties, **kw)
    monkeypatch.setattr(cox, "_LEVEL_TABLE_MAX", 0)
    rows = ts.cox_ph(t, e, cov, strata=strata, ties=ties, **kw)
    for name in ("coef", "se", "loglik", "loglik_null", "score_statistic", "wald_statistic"):
        np.testing.assert_allclose(getattr(tables, name), getattr(rows, name), rtol=1e-11, err_msg=name)
