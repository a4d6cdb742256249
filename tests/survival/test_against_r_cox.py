"""Cox models against R ``coxph`` (tests/reference/survival_cox.json).

Mirrors ``coxph(Surv(time, event) ~ covariates [+ strata(s)] [+ cluster(id)], data = d, ties = ties
[, robust = TRUE])``: coef, sqrt(diag(var)), var, loglik (null and fitted), 2 * diff(loglik), wald.test,
score (the score test at beta = 0, as sctest), for ties in breslow, efron, exact. With robust = TRUE or cluster(),
R's ``var`` is the robust (sandwich, dfbeta) variance and the Wald test uses it; ``naive.var`` is the model one.

The entry cases mirror ``coxph(Surv(entry, time, event) ~ ...)`` with an entry time per subject.
The cut-off cases mirror the equivalence of docs/conventions.md:
``coxph(Surv(rep(t0, n), time, event) ~ arm, data = subset(d, time > t0))`` == the Cox model with weight 0 for
event times <= t0 and 1 after, on all of d (and == ``cox_ph(..., entry=t0)`` on the subset).

Tolerance: 1e-6 relative, 1e-9 absolute. R iterates Newton–Raphson until the log-likelihood changes by less
than 1e-9 relative; at that point coefficients are within ~1e-9 of the maximum, well inside 1e-6.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats

import trialscout.survival as ts

from ._reference import ATOL, RTOL, arr, dataset, load, matrix

COX = load("cox")


def close(actual, expected, what=""):
    exp = expected if isinstance(expected, np.ndarray) else arr(expected)
    np.testing.assert_allclose(np.asarray(actual, dtype=float), exp, rtol=RTOL, atol=ATOL, equal_nan=True,
                               err_msg=what)


def covariate_frame(d: pd.DataFrame, names) -> pd.DataFrame:
    """The design R built: plain columns, and 0/1 indicators for "col_level" names (R's I(col == level))."""
    out = {}
    for name in names:
        if name in d.columns:
            out[name] = d[name].to_numpy(dtype=float)
        else:
            col, level = name.split("_", 1)
            out[name] = (d[col].astype(str) == level).to_numpy(dtype=float)
    return pd.DataFrame(out)


def fit(case, preset="r", ties="from-case", **extra):
    d = dataset(case["dataset"])
    kw = {}
    if case.get("strata"):
        kw["strata"] = d[case["strata"]].to_numpy()
    if case.get("cluster"):
        kw["cluster"] = d[case["cluster"]].to_numpy()
        kw["robust"] = True
    elif case.get("robust"):
        kw["robust"] = True
    if case.get("entry"):
        kw["entry"] = d[case["entry"]].to_numpy()
    if ties == "from-case":
        kw["ties"] = case["ties"]
    elif ties is not None:
        kw["ties"] = ties
    kw.update(extra)
    kw.setdefault("convergence", "full")  # R's figures are fully converged; the sas preset stops at GCONV=1E-8
    return ts.cox_ph(d["time"].to_numpy(), d["event"].to_numpy(), covariate_frame(d, case["covariates"]),
                     preset=preset, **kw)


CASES = [pytest.param(c, id=c["id"]) for c in COX["cases"]]


def check_fit(res, case, what):
    close(res.coef, case["coef"], "coef " + what)
    close(res.se, case["se"], "se " + what)
    close(res.variance, matrix(case["var"]), "var " + what)
    ll = arr(case["loglik"])
    close(res.loglik_null, ll[0], "loglik null " + what)
    close(res.loglik, ll[1], "loglik " + what)
    close(res.lr_statistic, case["lr"], "LR " + what)
    close(res.wald_statistic, case["wald"], "Wald " + what)
    df = len(arr(case["coef"]))
    close([res.lr_pvalue, res.wald_pvalue], [stats.chi2.sf(case["lr"], df), stats.chi2.sf(case["wald"], df)],
          "P " + what)
    assert res.n == case["n"] and res.n_events == case["nevent"], what
    assert res.df == len(arr(case["coef"]))
    assert res.converged


# explicit ties: both presets must give R's figures; the exact partial likelihood (slow) only under preset r
CASES_PRESETS = [pytest.param(c.values[0], p, id=f"{c.id}-{p}") for c in CASES for p in ("r", "sas")
                 if p == "r" or c.values[0]["ties"] != "exact"]


@pytest.mark.parametrize(("case", "preset"), CASES_PRESETS)
def test_coxph(case, preset):
    """Explicit ties: both presets give R's figures."""
    res = fit(case, preset)
    check_fit(res, case, case["id"])
    assert res.ties == case["ties"]
    assert tuple(res.names) == tuple(case["covariates"])
    if not case["robust"]:
        close(res.score_statistic, case["score"], "score " + case["id"])
        close(res.score_pvalue, stats.chi2.sf(case["score"], res.df), "score P " + case["id"])


@pytest.mark.parametrize("case", [pytest.param(c, id=c["id"]) for c in COX["cases"] if c["robust"]])
def test_robust_score(case):
    """With robust = TRUE / cluster(), the score test reported is R's model-based one (``fit$score``)."""
    res = fit(case)
    close(res.score_statistic, case["score"], "score " + case["id"])


@pytest.mark.parametrize("case", [pytest.param(c, id=c["id"]) for c in COX["cases"] if c["robust"]])
def test_robust_off_gives_naive(case):
    """robust=False on the same model gives R's naive.var (same coefficients)."""
    d = dataset(case["dataset"])
    kw = {"strata": d[case["strata"]].to_numpy()} if case.get("strata") else {}
    res = ts.cox_ph(d["time"].to_numpy(), d["event"].to_numpy(), covariate_frame(d, case["covariates"]),
                    ties=case["ties"], preset="r", **kw)
    close(res.coef, case["coef"])
    close(res.se, case["naive_se"], "naive se")


@pytest.mark.parametrize(("preset", "ties"), [("r", "efron"), ("sas", "breslow")])
@pytest.mark.parametrize("base", ["lung_sex", "lung_ecog_multi", "lung_ecog_sex_strat", "synth_arm2",
                                  "synth_arm3_strat"])
def test_preset_default_ties(base, preset, ties):
    """No ties argument: preset r uses Efron (R's default), preset sas uses Breslow (PROC PHREG's)."""
    case = next(c for c in COX["cases"] if c["id"] == f"{base}_{ties}")
    res = fit(case, preset, ties=None)
    assert res.ties == ties
    check_fit(res, case, case["id"])
    close(res.score_statistic, case["score"], "score")


@pytest.mark.parametrize("level", [0.95, 0.8])
@pytest.mark.parametrize("case", [c for c in CASES if not c.values[0]["robust"]][:6])
def test_hazard_ratio_and_pvalue(case, level):
    """exp(coef) with CI exp(coef -/+ z se), and the two-sided Wald P of each term, from R's coef and se."""
    res = fit(case, confidence_level=level)
    z = stats.norm.ppf(0.5 + level / 2)
    for j, (b, se) in enumerate(zip(arr(case["coef"]), arr(case["se"]))):
        hr = res.hazard_ratio(j)
        close([hr.value, hr.lower, hr.upper], [math.exp(b), math.exp(b - z * se), math.exp(b + z * se)], f"HR {j}")
        close(res.pvalue(j), 2 * stats.norm.sf(abs(b / se)), f"P {j}")
        by_name = res.hazard_ratio(case["covariates"][j] if isinstance(case["covariates"], list)
                                   else case["covariates"])
        assert (by_name.value, by_name.lower, by_name.upper) == (hr.value, hr.lower, hr.upper)


@pytest.mark.parametrize("case", [pytest.param(c, id=c["id"]) for c in COX["entry"]])
def test_delayed_entry_per_subject(case):
    """coxph(Surv(entry, time, event) ~ arm2 [+ strata(stratum)]) with an entry time per subject."""
    res = fit(case)
    check_fit(res, case, case["id"])
    close(res.score_statistic, case["score"], "score " + case["id"])


CUT = [pytest.param(c, id=c["id"]) for c in COX["cutoff"]]


def _check_cut(res, case, what):
    close(res.coef, case["coef"], "coef " + what)
    close(res.se, case["se"], "se " + what)
    close(res.score_statistic, case["score"], "score " + what)
    close(res.wald_statistic, case["wald"], "wald " + what)
    close(res.lr_statistic, case["lr"], "LR " + what)
    ll = arr(case["loglik"])
    close([res.loglik_null, res.loglik], ll, "loglik " + what)


@pytest.mark.parametrize("case", CUT)
def test_cutoff_weighted_cox(case):
    """Cut-off weights on all rows == R's delayed-entry Cox on the rows with time > t0."""
    d = dataset(case["dataset"])
    t0 = float(case["cutoff"])
    for w in (ts.Cutoff(t0), f"cutoff:{t0:g}"):
        res = ts.cox_ph(d["time"].to_numpy(), d["event"].to_numpy(), d[case["group"]].to_numpy(dtype=float),
                        ties=case["ties"], weights=w, preset="r")
        _check_cut(res, case, f"{case['id']} weights={w!r}")


@pytest.mark.parametrize("case", CUT)
def test_delayed_entry_cox(case):
    """``entry=t0`` on the rows with time > t0 is R's Surv(rep(t0, n), time, event)."""
    d = dataset(case["dataset"])
    t0 = float(case["cutoff"])
    d = d[d["time"] > t0]
    assert len(d) == case["n"]
    res = ts.cox_ph(d["time"].to_numpy(), d["event"].to_numpy(), d[case["group"]].to_numpy(dtype=float),
                    ties=case["ties"], entry=np.full(len(d), t0), preset="r")
    _check_cut(res, case, case["id"])


@pytest.mark.parametrize("ties", ["breslow", "efron"])
def test_covariates_as_2d_array(ties):
    """A 2-D array of covariates gives the same fit as the mapping (lung, sex + age + ph.ecog)."""
    case = next(c for c in COX["cases"] if c["id"] == f"lung_ecog_multi_{ties}")
    d = dataset("lung_ecog")
    res = ts.cox_ph(d["time"].to_numpy(), d["event"].to_numpy(), d[["sex", "age", "ph.ecog"]].to_numpy(dtype=float),
                    ties=ties, convergence="full")
    close(res.coef, case["coef"])
    close(res.se, case["se"])
    assert len(res.names) == 3
