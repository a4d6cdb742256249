"""Log-rank tests against R ``survdiff`` (tests/reference/survival_logrank.json).

Mirrors ``survdiff(Surv(time, event) ~ group [+ strata(s)], data = d, rho = rho)``: chisq, obs, exp, var.
``rho`` is the Fleming–Harrington G(rho, 0) weight S(t-)^rho on the pooled left-continuous KM (within stratum),
so R's obs and exp are the *weighted* observed and expected counts. The cut-off cases mirror
``survdiff(Surv(time, event) ~ group, data = subset(d, time > t0))``, which equals the log-rank with weight 0
for event times <= t0 and 1 after on all of d (the risk sets after t0 are the same).

Tolerance: 1e-6 relative, 1e-9 absolute (closed forms on the same data).
"""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

import trialscout.survival as ts

from ._reference import ATOL, RTOL, arr, dataset, load, matrix

LR = load("logrank")


def close(actual, expected, what=""):
    np.testing.assert_allclose(np.asarray(actual, dtype=float), arr(expected) if not isinstance(expected, np.ndarray)
                               else expected, rtol=RTOL, atol=ATOL, equal_nan=True, err_msg=what)


def _terms(call: str) -> tuple[str, str | None]:
    rhs = call.split("~")[1]
    parts = [p.strip() for p in rhs.split("+")]
    group = parts[0]
    strata = next((p[len("strata("):-1] for p in parts[1:] if p.startswith("strata(")), None)
    return group, strata


def _check(res, case, what):
    groups = [str(g) for g in res.groups]
    assert groups == list(case["groups"]), what
    assert res.df == len(groups) - 1
    close(res.statistic, case["chisq"], "chisq " + what)
    close(res.pvalue, case["pvalue"], "P " + what)
    close(res.observed, case["obs"], "obs " + what)
    close(res.expected, case["exp"], "exp " + what)
    close(res.variance, matrix(case["var"]), "var " + what)


@pytest.mark.parametrize("case", [pytest.param(c, id=c["id"]) for c in LR["cases"]])
def test_survdiff(case):
    group, strata = _terms(case["call"])
    d = dataset(case["dataset"])
    kw = {}
    if strata:
        kw["strata"] = d[strata].to_numpy()
    rho = float(case["rho"])
    if rho != 0:
        kw["weights"] = ts.FlemingHarrington(rho, 0)
    res = ts.logrank(d["time"].to_numpy(), d["event"].to_numpy(), d[group].to_numpy(), **kw)
    _check(res, case, case["id"])
    assert res.n_strata == (len(np.unique(d[strata])) if strata else 1)
    if rho != 0:  # the string spelling gives the same figures
        res2 = ts.logrank(d["time"].to_numpy(), d["event"].to_numpy(), d[group].to_numpy(),
                          **{**kw, "weights": f"fh:{rho:g},0"})
        _check(res2, case, case["id"] + " (string weights)")


@pytest.mark.parametrize("case", [pytest.param(c, id=c["id"]) for c in LR["cutoff"]])
def test_cutoff_weight(case):
    """Cut-off weight on all rows == survdiff on the rows with time > t0 (within each stratum when stratified)."""
    d = dataset(case["dataset"])
    t0 = float(case["cutoff"])
    group, strata = _terms(case["call"])
    args = (d["time"].to_numpy(), d["event"].to_numpy(), d[group].to_numpy())
    kw = {} if strata is None else {"strata": d[strata].to_numpy()}
    for w in (ts.Cutoff(t0), f"cutoff:{t0:g}"):
        res = ts.logrank(*args, weights=w, **kw)
        _check(res, case, f"{case['id']} weights={w!r}")
        assert res.n_strata == (len(np.unique(d[strata])) if strata else 1)


def test_cutoff_stratified_cases_present():
    """The stratified cut-off anchors exist (review finding 21), e.g. veteran, trt + strata(celltype), t0 = 50."""
    ids = {c["id"] for c in LR["cutoff"] if "strata(" in c["call"]}
    assert {"veteran_trt_strat_celltype_cut50", "synth_arm3_strat_cut4"} <= ids


def test_unweighted_pvalue_is_chisquare():
    """P is the chi-square upper tail on k - 1 df (log-rank statistic, hypergeometric variance)."""
    case = next(c for c in LR["cases"] if c["id"] == "colon_death_rx")
    d = dataset("colon_death")
    res = ts.logrank(d["time"].to_numpy(), d["event"].to_numpy(), d["rx"].to_numpy())
    close(res.pvalue, stats.chi2.sf(case["chisq"], 2))
