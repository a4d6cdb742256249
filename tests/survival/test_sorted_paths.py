"""The sorted-rows paths (continuous times, continuous covariates) give what the grid of event times gives.

Without delayed entry or robust variance, Cox fits sort the subjects once and form every risk-set sum as a
reversed cumulative sum over chunks of rows; the log-rank test on mostly distinct times counts each group's
subjects at risk from running counts over the same sorted rows. Each is checked against the grid path (and the
layout itself against brute-force counting) on data that exercise ties between events and censorings, -0.0,
strata without events, many chunks per stratum and both the dense (a cell per row) and the reduced (many rows
per cell) sums.
"""

from __future__ import annotations

import importlib

import numpy as np
import pytest

import trialscout.survival as ts
from trialscout.survival import _prep, cox

logrank_module = importlib.import_module("trialscout.survival.logrank")  # the package exports the function


def _data(seed, n, kind):
    rng = np.random.default_rng(seed)
    arm = rng.integers(0, 2, n)
    t = rng.exponential(5 * np.exp(-0.4 * arm), n) + 0.01
    c = rng.uniform(0, 12, n) + 0.01
    if kind == "tied":
        t, c = np.round(t, 1), np.round(c, 1)
    if kind == "mixed":  # heavy ties early, distinct times later: chunks of both kinds within a stratum
        t = np.where(t < 2, np.round(t, 1), t)
    e = t <= c
    t = np.minimum(t, c)
    if kind == "some ties":
        t[:300] = t[300:600]  # events with events and with censorings
        t[600:610] = 0.0
        t[610:620] = -0.0
        e[600:620] = True
    strata = rng.integers(0, 3, n)
    return t, e, arm, strata, rng.standard_normal(n)


@pytest.mark.parametrize("kind", ["tied", "some ties"])
def test_sorted_cells_and_group_counts_count_the_risk_sets(kind):
    t, e, arm, strata, _ = _data(1, 4000, kind)
    strata[strata == 2] = 3  # stratum 2 is empty
    strata[(strata == 1) & e] = 0  # stratum 1 has no events
    g = (arm + strata) % 3
    sc = _prep.sorted_cells(t, e, strata, 4)
    risk, dead = _prep.group_counts(sc, g[sc.order], 3)
    np.testing.assert_array_equal(risk.sum(axis=0)[:10], [np.sum((strata == strata[sc.order[sc.start[j]]])
                                                               & (t >= sc.time[j])) for j in range(10)])
    for s in range(4):
        lo, hi = sc.cells[s], sc.cells[s + 1]
        u = np.unique(t[(strata == s) & e] + 0.0)
        np.testing.assert_array_equal(sc.time[lo:hi], u)
        rows = sc.order[sc.rows[s]:sc.rows[s + 1]]
        assert (strata[rows] == s).all() and len(rows) == np.sum(strata == s)
        for j in range(3):
            sel = (strata == s) & (g == j)
            np.testing.assert_array_equal(risk[j, lo:hi], [np.sum(sel & (t >= v)) for v in u])
            np.testing.assert_array_equal(dead[j, lo:hi], [np.sum(sel & e & (t == v)) for v in u])
        np.testing.assert_array_equal(sc.deaths[lo:hi], [np.sum((strata == s) & e & (t == v)) for v in u])
        # each cell starts with its deaths
        for c in range(lo, hi):
            first = sc.order[sc.start[c]:sc.start[c] + sc.deaths[c]]
            assert e[first].all() and (t[first] == sc.time[c]).all()
    assert sc.segments() == [(int(sc.cells[0]), int(sc.cells[1]), int(sc.start[sc.cells[0]]), int(sc.rows[1])),
                             (int(sc.cells[3]), int(sc.cells[4]), int(sc.start[sc.cells[3]]), int(sc.rows[4]))]


@pytest.mark.parametrize("weights", [None, "fh:0,1", "cutoff:2"])
@pytest.mark.parametrize("k", [2, 3])
def test_logrank_sorted_equals_grid(monkeypatch, weights, k):
    t, e, arm, strata, _ = _data(2, 30_000, "some ties")
    group = (arm + strata) % k
    assert _prep.mostly_distinct(t)
    fast = ts.logrank(t, e, group, strata=strata, weights=weights)
    monkeypatch.setattr(logrank_module, "_SORTED_MAX_GROUPS", 0)
    grid = ts.logrank(t, e, group, strata=strata, weights=weights)
    for name in ("observed", "expected", "variance", "statistic"):
        np.testing.assert_allclose(getattr(fast, name), getattr(grid, name), rtol=1e-12, atol=1e-9, err_msg=name)


COX_CASES = [
    ("some ties", "arm", "efron", None),        # per-pattern tables, Efron per death at the tied times
    ("some ties", "arm", "breslow", "fh:0,1"),
    ("some ties", "arm+x", "efron", None),      # sorted rows, a cell per row
    ("some ties", "arm+x", "breslow", None),
    ("some ties", "arm+x", "efron", "fh:1,0"),
    ("some ties", "arm+x", "efron", "cutoff:2"),
    ("tied", "arm+x", "efron", None),           # sorted rows, many rows per cell
    ("tied", "arm+x", "breslow", "fh:0,1"),
    ("mixed", "arm+x", "efron", None),
    ("mixed", "arm+x", "breslow", None),
]


@pytest.mark.parametrize("chunk", [64, 1 << 15])
@pytest.mark.parametrize("kind,covs,ties,weights", COX_CASES)
def test_cox_sorted_equals_grid(monkeypatch, kind, covs, ties, weights, chunk):
    t, e, arm, strata, x = _data(3, 30_000, kind)
    cov = {"arm": arm} if covs == "arm" else {"arm": arm, "x": x}
    monkeypatch.setattr(cox, "_CHUNK_ROWS", chunk)
    fast = ts.cox_ph(t, e, cov, strata=strata, ties=ties, weights=weights)
    monkeypatch.setattr(cox, "_SORTED_ROWS", False)
    grid = ts.cox_ph(t, e, cov, strata=strata, ties=ties, weights=weights)
    for name in ("coef", "se", "loglik", "loglik_null", "score_statistic", "wald_statistic", "lr_statistic"):
        np.testing.assert_allclose(getattr(fast, name), getattr(grid, name), rtol=1e-10, err_msg=name)
    assert fast.iterations == grid.iterations


def test_cox_sorted_terms_equal_grid_terms_at_a_given_beta(monkeypatch):
    """The log-likelihood, score and information at a fixed beta agree to rounding, not only the converged fit."""
    t, e, arm, strata, x = _data(4, 20_000, "some ties")
    xs = np.column_stack([arm, x]).astype(float)
    mean = xs.mean(axis=0)
    beta = np.array([0.4, -0.2])
    monkeypatch.setattr(cox, "_CHUNK_ROWS", 100)
    s, labels = _prep.encode_strata(strata, len(t))
    sorted_des, _ = cox._design(t, e, xs, mean, s, len(labels), None, None, "efron")
    grid_des, _ = cox._design(t, e, xs, mean, s, len(labels), None, None, "efron", need_cells=True)
    assert isinstance(sorted_des, cox._SortedDesign) and isinstance(grid_des, cox._Design)
    a = cox._efron_terms(sorted_des, beta, True, True)
    b = cox._efron_terms(grid_des, beta, True, True)
    assert a[0] == pytest.approx(b[0], rel=1e-13)
    for i in (1, 2, 3):
        np.testing.assert_allclose(a[i], b[i], rtol=1e-11)


def test_strata_without_events_and_one_stratum(monkeypatch):
    t, e, arm, strata, x = _data(5, 25_000, "some ties")
    e[strata == 1] = False
    cov = {"arm": arm, "x": x}
    for s in (strata, None):
        fast = ts.cox_ph(t, e, cov, strata=s, ties="efron")
        lr = ts.logrank(t, e, arm, strata=s)
        monkeypatch.setattr(cox, "_SORTED_ROWS", False)
        monkeypatch.setattr(logrank_module, "_SORTED_MAX_GROUPS", 0)
        grid = ts.cox_ph(t, e, cov, strata=s, ties="efron")
        lr_grid = ts.logrank(t, e, arm, strata=s)
        monkeypatch.undo()
        np.testing.assert_allclose(fast.coef, grid.coef, rtol=1e-10)
        np.testing.assert_allclose(fast.se, grid.se, rtol=1e-10)
        assert lr.statistic == pytest.approx(lr_grid.statistic, rel=1e-12)


def test_categorical_labels_encode_as_their_text():
    # a Categorical (the tte command reads arms as categories) gives the codes and labels its text would give,
    # whatever the category order and with unused categories; without one string per row
    import pandas as pd

    from trialscout.survival import logrank
    from trialscout.survival._prep import encode

    rng = np.random.default_rng(5)
    text = rng.choice(["SOC", "Cilta-cel", "B arm"], 500)
    cat = pd.Categorical(text, categories=["SOC", "unused", "Cilta-cel", "B arm"])
    c1, l1 = encode(text, 500, "group")
    c2, l2 = encode(cat, 500, "group")
    assert l1 == l2 == ("B arm", "Cilta-cel", "SOC") and np.array_equal(c1, c2)
    t, e = rng.exponential(5, 500), rng.random(500) < 0.7
    a, b = logrank(t, e, text), logrank(t, e, pd.Series(cat))
    assert (a.groups, a.statistic) == (b.groups, b.statistic)
    with pytest.raises(Exception, match="missing"):  # a missing category falls back to the checks that name it
        encode(pd.Categorical(["SOC", None, "SOC"]), 3, "group")
