"""``ties="marginal"`` (SAS PHREG TIES=EXACT): the continuous-time marginal likelihood, checked by hand.

Hand derivation: with exponential clocks, the probability that the d subjects failing at t_j all fail before the
other subjects at risk is the sum over the d! orders of the failures of prod_k r_(k) / (S + sum_{m >= k} r_(m)),
S the sum of r over those who did not fail (Kalbfleisch & Prentice 2002, sec. 4.2.3). That sum over permutations,
computed here on the rats data of PROC PHREG's "Getting Started" (ties of up to 4 at 233 days), is maximized with
scipy and compared with cox_ph(ties="marginal").
"""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from scipy import optimize

import trialscout.survival as ts

# PROC PHREG Getting Started: Days, Status, Group (Kalbfleisch & Prentice 1980, p. 2)
RATS = np.array([
    143, 1, 0, 164, 1, 0, 188, 1, 0, 188, 1, 0, 190, 1, 0, 192, 1, 0, 206, 1, 0, 209, 1, 0, 213, 1, 0, 216, 1, 0,
    220, 1, 0, 227, 1, 0, 230, 1, 0, 234, 1, 0, 246, 1, 0, 265, 1, 0, 304, 1, 0, 216, 0, 0, 244, 0, 0, 142, 1, 1,
    156, 1, 1, 163, 1, 1, 198, 1, 1, 205, 1, 1, 232, 1, 1, 232, 1, 1, 233, 1, 1, 233, 1, 1, 233, 1, 1, 233, 1, 1,
    239, 1, 1, 240, 1, 1, 261, 1, 1, 280, 1, 1, 280, 1, 1, 296, 1, 1, 296, 1, 1, 323, 1, 1, 204, 0, 1, 344, 0, 1,
]).reshape(-1, 3)
T, E, G = RATS[:, 0].astype(float), RATS[:, 1].astype(bool), RATS[:, 2].astype(float)


def brute_loglik(beta: float, t=T, e=E, x=G) -> float:
    r = np.exp(beta * (x - x.mean()))
    ll = 0.0
    for tj in np.unique(t[e]):
        dead = np.flatnonzero((t == tj) & e)
        others = np.flatnonzero((t >= tj) & ~((t == tj) & e))
        s = r[others].sum()
        total = 0.0
        for perm in itertools.permutations(dead):
            prob = 1.0
            for k in range(len(perm)):
                prob *= r[perm[k]] / (s + r[list(perm[k:])].sum())
            total += prob
        ll += math.log(total)
    return ll


def test_loglik_matches_sum_over_orders():
    from trialscout.survival.marginal import marginal_terms

    ev = marginal_terms(T, E, G[:, None], np.zeros(len(T), dtype=int))
    for beta in (-0.8, 0.0, 0.4):
        assert ev(np.array([beta]), need_info=False)[0] == pytest.approx(brute_loglik(beta), rel=1e-11)


def test_fit_maximizes_the_marginal_likelihood():
    res = optimize.minimize_scalar(lambda b: -brute_loglik(b), bracket=(-2, 0), tol=1e-12)
    fit = ts.cox_ph(T, E, G, ties="marginal", convergence="full")
    assert fit.ties == "marginal" and fit.converged
    assert fit.coef[0] == pytest.approx(res.x, abs=1e-7)
    h = 1e-4
    second = (brute_loglik(res.x + h) - 2 * brute_loglik(res.x) + brute_loglik(res.x - h)) / h**2
    assert fit.se[0] == pytest.approx(1 / math.sqrt(-second), rel=1e-5)
    assert fit.loglik == pytest.approx(brute_loglik(fit.coef[0]), rel=1e-11)
    assert fit.lr_statistic == pytest.approx(2 * (brute_loglik(fit.coef[0]) - brute_loglik(0.0)), rel=1e-8)


def test_untied_data_equal_breslow():
    rng = np.random.default_rng(3)
    t = rng.exponential(size=40)
    e = rng.random(40) < 0.8
    x = (rng.random(40) < 0.5).astype(float)
    m = ts.cox_ph(t, e, x, ties="marginal", convergence="full")
    b = ts.cox_ph(t, e, x, ties="breslow", convergence="full")
    assert m.coef[0] == pytest.approx(b.coef[0], rel=1e-9)
    assert m.se[0] == pytest.approx(b.se[0], rel=1e-6)


def test_between_breslow_and_discrete_and_sas_spelling():
    """The marginal estimate lies near Efron's; SAS's TIES=EXACT name maps to it (sas_options)."""
    from trialscout.sas_options import cox_options

    kw = cox_options("TIES=EXACT")
    fit = ts.cox_ph(T, E, G, **kw)
    efron = ts.cox_ph(T, E, G, ties="efron")
    assert fit.ties == "marginal" and abs(fit.coef[0] - efron.coef[0]) < 0.02


def test_marginal_refuses_what_it_does_not_do():
    with pytest.raises(NotImplementedError, match="marginal"):
        ts.cox_ph(T, E, G, ties="marginal", robust=True)
