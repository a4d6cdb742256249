"""Weighted log-rank tests against an independent, slow, loop-based reference written here from the formula.

G(rho, gamma) (Fleming & Harrington 1991; Harrington & Fleming 1982): at each distinct event time t of a
stratum, with N subjects at risk (n_j in group j), D events (d_j in group j) and S(t-) the pooled
Kaplan–Meier estimate of the stratum just before t (left-continuous: the product over event times u < t of
1 - D_u / N_u),

    w(t)   = S(t-)^rho * (1 - S(t-))^gamma
    U_j   += w(t) * (d_j - D n_j / N)                                    (weighted O - E)
    V_jk  += w(t)^2 * D (N - D) / (N - 1) * (n_j / N) * (delta_jk - n_k / N)   (hypergeometric, N > 1)

summed over strata; the statistic is U' V^- U on the first k - 1 groups (k - 1 df). R has no G(rho, gamma)
with gamma != 0, so this reference is first checked against ``survdiff(rho = .)`` (G(rho, 0)) and the
cut-off weight against survdiff on the subset at risk after the cut-off (survival_logrank.json); then
trialscout is compared with it for gamma != 0.

Tolerance: 1e-9 relative (the same sums, in a different order).
"""

from __future__ import annotations

import numpy as np
import pytest

import trialscout.survival as ts

from ._reference import arr, dataset, load, matrix

TOL = 1e-9


def reference_logrank(time, event, group, strata=None, weight=lambda s_left, t: 1.0):
    """Slow weighted log-rank: returns (groups, weighted O, weighted E, V, statistic)."""
    time = [float(t) for t in time]
    event = [bool(e) for e in event]
    group = list(group)
    strata = [0] * len(time) if strata is None else list(strata)
    levels = sorted(set(group))
    k = len(levels)
    obs = [0.0] * k
    exp = [0.0] * k
    var = [[0.0] * k for _ in range(k)]
    for s in sorted(set(strata)):
        rows = [i for i in range(len(time)) if strata[i] == s]
        event_times = sorted({time[i] for i in rows if event[i]})
        s_left = 1.0  # pooled KM just before the current event time
        for t in event_times:
            at_risk = [i for i in rows if time[i] >= t]
            dead = [i for i in at_risk if time[i] == t and event[i]]
            N, D = len(at_risk), len(dead)
            w = weight(s_left, t)
            n = [sum(1 for i in at_risk if group[i] == g) for g in levels]
            d = [sum(1 for i in dead if group[i] == g) for g in levels]
            for j in range(k):
                obs[j] += w * d[j]
                exp[j] += w * D * n[j] / N
                if N > 1:
                    for m in range(k):
                        delta = 1.0 if j == m else 0.0
                        var[j][m] += w * w * D * (N - D) / (N - 1) * n[j] / N * (delta - n[m] / N)
            s_left *= 1.0 - D / N
    u = np.array(obs[:-1]) - np.array(exp[:-1])
    v = np.array(var)[:-1, :-1]
    stat = float(u @ np.linalg.solve(v, u))
    return levels, np.array(obs), np.array(exp), np.array(var), stat


def fh(rho, gamma):
    return lambda s, t: s**rho * (1.0 - s) ** gamma


def cutoff(t0):
    return lambda s, t: 1.0 if t > t0 else 0.0


def _cols(name, group, strata=None):
    d = dataset(name)
    return (d["time"].to_numpy(), d["event"].to_numpy(), d[group].to_numpy(),
            None if strata is None else d[strata].to_numpy())


def _close(a, b, what=""):
    np.testing.assert_allclose(np.asarray(a, dtype=float), np.asarray(b, dtype=float), rtol=TOL, atol=1e-12,
                               err_msg=what)


# -- the reference itself against R ---------------------------------------------------------------------------
LR = load("logrank")
R_CASES = {
    "lung_sex": ("lung", "sex", None), "lung_sex_rho1": ("lung", "sex", None),
    "lung_ecog_sex_strat_rho1": ("lung_ecog", "sex", "ecog1"), "colon_death_rx_rho1": ("colon_death", "rx", None),
    "synth_arm2_strat_rho1": ("synth_ties", "arm2", "stratum"), "synth_arm3_rho0.5": ("synth_ties", "arm3", None),
    "synth_arm3_strat": ("synth_ties", "arm3", "stratum"),
}


@pytest.mark.parametrize("cid", list(R_CASES))
def test_reference_matches_survdiff(cid):
    case = next(c for c in LR["cases"] if c["id"] == cid)
    name, group, strata = R_CASES[cid]
    t, e, g, s = _cols(name, group, strata)
    levels, o, ex, v, stat = reference_logrank(t, e, g, s, fh(float(case["rho"]), 0.0))
    assert [str(x) for x in levels] == list(case["groups"])
    np.testing.assert_allclose(o, arr(case["obs"]), rtol=1e-9)
    np.testing.assert_allclose(ex, arr(case["exp"]), rtol=1e-9)
    np.testing.assert_allclose(v, matrix(case["var"]), rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(stat, case["chisq"], rtol=1e-9)


@pytest.mark.parametrize("case", [pytest.param(c, id=c["id"]) for c in LR["cutoff"]])
def test_reference_cutoff_matches_survdiff_subset(case):
    group, *rest = [p.strip() for p in case["call"].split("~")[1].split("+")]
    strata = rest[0][len("strata("):-1] if rest else None
    t, e, g, s = _cols(case["dataset"], group, strata)
    _, o, ex, v, stat = reference_logrank(t, e, g, s, cutoff(float(case["cutoff"])))
    np.testing.assert_allclose([stat, *o, *ex], [case["chisq"], *arr(case["obs"]), *arr(case["exp"])], rtol=1e-9)


# -- trialscout against the reference -------------------------------------------------------------------------
DATA = [
    ("lung", "sex", None), ("lung_ecog", "sex", "ecog1"), ("synth_ties", "arm2", None),
    ("synth_ties", "arm3", "stratum"), ("synth_ties_small", "arm", "stratum"), ("aml", "x", None),
]
WEIGHTS = [(0, 0), (1, 0), (0, 1), (1, 1), (0.5, 2), (2, 0.5), (0, 0.5)]


@pytest.mark.parametrize(("rho", "gamma"), WEIGHTS)
@pytest.mark.parametrize(("name", "group", "strata"), DATA)
def test_fleming_harrington(name, group, strata, rho, gamma):
    t, e, g, s = _cols(name, group, strata)
    levels, o, ex, v, stat = reference_logrank(t, e, g, s, fh(rho, gamma))
    kw = {} if s is None else {"strata": s}
    for w in (ts.FlemingHarrington(rho, gamma), f"fh:{rho:g},{gamma:g}"):
        res = ts.logrank(t, e, g, weights=w, **kw)
        what = f"{name} {group} G({rho},{gamma}) {w!r}"
        assert [str(x) for x in res.groups] == [str(x) for x in levels]
        _close(res.statistic, stat, "statistic " + what)
        _close(res.observed, o, "observed " + what)
        _close(res.expected, ex, "expected " + what)
        _close(res.variance, v, "variance " + what)
        assert res.df == len(levels) - 1


@pytest.mark.parametrize("t0", [0.5, 2, 4, 7.5])
def test_cutoff_stratified(t0):
    """Cut-off weights within strata against the loop-based reference; the R anchors (survdiff with strata on
    subset(d, time > t0)) are in test_against_r_logrank.py::test_cutoff_weight."""
    t, e, g, s = _cols("synth_ties", "arm3", "stratum")
    _, o, ex, v, stat = reference_logrank(t, e, g, s, cutoff(t0))
    res = ts.logrank(t, e, g, strata=s, weights=ts.Cutoff(t0))
    _close([res.statistic, *res.observed, *res.expected], [stat, *o, *ex])
    _close(res.variance, v)


# -- weighted Cox: the root of the weighted score, from a loop-based reference --------------------------------
def reference_weighted_cox(time, event, x, strata=None, weight=lambda s_left, t: 1.0, ties="breslow"):
    """Solve sum over event times of w(t) * (score contribution of the events at t) = 0 by Newton–Raphson.

    Breslow: the events at t contribute sum_i x_i - D * S1/S0. Efron: sum_i x_i - sum_{r<D} S1_r/S0_r with
    S_r = S(risk set) - (r/D) S(tied events). S0, S1, S2 are sums of exp(x b), x exp(x b), x x' exp(x b).
    w(t) uses the pooled left-continuous KM of the stratum, as in the weighted log-rank.
    """
    time = np.asarray(time, dtype=float)
    event = np.asarray(event, dtype=bool)
    x = np.asarray(x, dtype=float).reshape(len(time), -1)
    strata = np.zeros(len(time)) if strata is None else np.asarray(strata)
    p = x.shape[1]
    terms = []  # (w, risk-set rows, event rows)
    for s in sorted(set(strata.tolist())):
        rows = [i for i in range(len(time)) if strata[i] == s]
        s_left = 1.0
        for t in sorted({time[i] for i in rows if event[i]}):
            at_risk = [i for i in rows if time[i] >= t]
            dead = [i for i in at_risk if time[i] == t and event[i]]
            terms.append((weight(s_left, t), at_risk, dead))
            s_left *= 1.0 - len(dead) / len(at_risk)

    def score_info(b):
        u = np.zeros(p)
        info = np.zeros((p, p))
        for w, risk, dead in terms:
            D = len(dead)
            r_ = np.exp(x[risk] @ b)
            s0, s1, s2 = r_.sum(), r_ @ x[risk], (x[risk] * r_[:, None]).T @ x[risk]
            d_ = np.exp(x[dead] @ b)
            e0, e1, e2 = d_.sum(), d_ @ x[dead], (x[dead] * d_[:, None]).T @ x[dead]
            u += w * x[dead].sum(axis=0)
            for r in range(D):
                f = r / D if ties == "efron" else 0.0
                a0, a1, a2 = s0 - f * e0, s1 - f * e1, s2 - f * e2
                mean = a1 / a0
                u -= w * mean
                info += w * (a2 / a0 - np.outer(mean, mean))
        return u, info

    b = np.zeros(p)
    for _ in range(50):
        u, info = score_info(b)
        step = np.linalg.solve(info, u)
        b = b + step
        if np.max(np.abs(step)) < 1e-12:
            break
    return b


WEIGHTED_COX = [
    ("lung", ["sex"], None, (0, 1)), ("lung", ["sex", "age"], None, (1, 0)),
    ("lung_ecog", ["sex"], "ecog1", (1, 1)), ("synth_ties", ["arm2"], None, (0, 1)),
    ("synth_ties", ["arm2"], "stratum", (0.5, 2)), ("synth_ties_small", ["arm", "x"], "stratum", (1, 0)),
]


@pytest.mark.parametrize("ties", ["breslow", "efron"])
@pytest.mark.parametrize(("name", "cov", "strata", "rg"), WEIGHTED_COX)
def test_weighted_cox_coefficients(name, cov, strata, rg, ties):
    d = dataset(name)
    s = None if strata is None else d[strata].to_numpy()
    x = d[cov].to_numpy(dtype=float)
    ref = reference_weighted_cox(d["time"].to_numpy(), d["event"].to_numpy(), x, s, fh(*rg), ties)
    kw = {} if s is None else {"strata": s}
    res = ts.cox_ph(d["time"].to_numpy(), d["event"].to_numpy(), {c: d[c].to_numpy(dtype=float) for c in cov},
                    ties=ties, weights=ts.FlemingHarrington(*rg), convergence="full", **kw)
    np.testing.assert_allclose(res.coef, ref, rtol=1e-7, atol=1e-10)


@pytest.mark.parametrize("ties", ["breslow", "efron"])
def test_weighted_cox_reference_unweighted_is_coxph(ties):
    """The reference with w = 1 reproduces R's coxph coefficients (survival_cox.json): checks the reference."""
    case = next(c for c in load("cox")["cases"] if c["id"] == f"lung_ecog_multi_{ties}")
    d = dataset("lung_ecog")
    ref = reference_weighted_cox(d["time"].to_numpy(), d["event"].to_numpy(),
                                 d[["sex", "age", "ph.ecog"]].to_numpy(dtype=float), ties=ties)
    np.testing.assert_allclose(ref, arr(case["coef"]), rtol=1e-7)
