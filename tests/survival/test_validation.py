"""Input validation of every public survival function: the error type and that the message names the
argument, the problem and the rows (0-based) where it is."""

from __future__ import annotations

import re

import numpy as np
import pytest

import trialscout.survival as ts
from trialscout._validate import InputError

T = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0]
E = [1, 0, 1, 1, 0, 1]
G = [0, 0, 0, 1, 1, 1]


def _km(*a, **k):
    return ts.kaplan_meier(*a, **k)


def _lr(t, e, g=G, **k):
    return ts.logrank(t, e, g, **k)


def _cox(t, e, x=G, **k):
    return ts.cox_ph(t, e, np.asarray(x, dtype=float), **k)


FUNCS = {"kaplan_meier": _km, "logrank": _lr, "cox_ph": _cox}


@pytest.mark.parametrize("fn", FUNCS)
def test_negative_time(fn):
    with pytest.raises(InputError, match=r"`time` must be non-negative; rows? 1, 4 have -2\.0, -0\.5"):
        FUNCS[fn]([1.0, -2.0, 3.0, 4.0, -0.5, 6.0], E)


@pytest.mark.parametrize("fn", FUNCS)
@pytest.mark.parametrize("missing", [np.nan, np.inf])
def test_missing_time(fn, missing):
    t = [1.0, 2.0, missing, 4.0, 5.0, 6.0]
    with pytest.raises(InputError, match=r"`time` must be finite \(no missing values\); row 2 has"):
        FUNCS[fn](t, E)


@pytest.mark.parametrize("fn", FUNCS)
def test_event_code_2(fn):
    """An R-style 1/2 status (lung) is refused, not read as 'event whenever nonzero'."""
    with pytest.raises(InputError, match=r"`event` must be coded 0/1.*row 3 has 2"):
        FUNCS[fn](T, [1, 0, 1, 2, 0, 1])


@pytest.mark.parametrize("fn", FUNCS)
def test_unequal_lengths_event(fn):
    with pytest.raises(InputError, match=r"same length; `time` has 6, `event` has 5"):
        FUNCS[fn](T, E[:5])


def test_unequal_lengths_group():
    with pytest.raises(InputError, match=r"same length; `time` has 6, `group` has 5"):
        ts.logrank(T, E, G[:5])


def test_unequal_lengths_strata():
    with pytest.raises(InputError, match=r"same length; `time` has 6, `strata` has 4"):
        ts.logrank(T, E, G, strata=[0, 0, 1, 1])


def test_unequal_lengths_covariate():
    with pytest.raises(InputError, match=r"covariate `x` must have one value per row \(6\)"):
        ts.cox_ph(T, E, np.array(G[:5], dtype=float))


def test_unequal_lengths_named_covariate():
    with pytest.raises(InputError, match=r"`arm`"):
        ts.cox_ph(T, E, {"arm": np.array(G[:5], dtype=float)})


def test_unequal_lengths_cluster():
    with pytest.raises(InputError, match=r"same length; `time` has 6, `cluster` has 2"):
        ts.cox_ph(T, E, np.array(G, dtype=float), cluster=[1, 2])


def test_logrank_one_group_only():
    with pytest.raises(InputError, match=r"`group` must have at least two distinct values; got only 0"):
        ts.logrank(T, E, [0] * 6)


def test_logrank_missing_group():
    with pytest.raises(InputError, match=r"`group` has missing values; row 1"):
        ts.logrank(T, E, [0, np.nan, 0, 1, 1, 1])


def test_cox_one_group_only():
    with pytest.raises(InputError, match=r"covariate `x` is constant"):
        ts.cox_ph(T, E, np.zeros(6))


def test_cox_missing_covariate():
    with pytest.raises(InputError, match=r"covariate `x` has missing .*rows? 1"):
        ts.cox_ph(T, E, np.array([0, np.nan, 0, 1, 1, 1]))


def test_cox_arm_without_events_is_not_estimable():
    with pytest.raises(ts.NotEstimable, match=r"no events where `x` == 1: its hazard ratio is not estimable"):
        ts.cox_ph(T, [1, 1, 1, 0, 0, 0], np.array(G, dtype=float))
    assert issubclass(ts.NotEstimable, InputError)


def test_cox_ties_choice():
    with pytest.raises(InputError, match=r"`ties` must be one of 'breslow', 'efron', 'exact', 'marginal'; got 'average'$"):
        ts.cox_ph(T, E, np.array(G, dtype=float), ties="average")


def test_cox_ties_discrete_is_exact():
    """SAS TIES=DISCRETE is R's "exact": the name is accepted as a synonym and reported as "exact"."""
    t, e = [1.0, 1, 2, 2, 2, 3, 4, 5], [1, 1, 1, 1, 0, 1, 0, 1]  # tied deaths, a finite estimate
    x = np.array([0.0, 1, 0, 1, 1, 0, 1, 0])
    a = ts.cox_ph(t, e, x, ties="discrete")
    b = ts.cox_ph(t, e, x, ties="exact")
    assert a.ties == b.ties == "exact"
    np.testing.assert_array_equal(a.coef, b.coef)


def test_cox_entry_not_before_time():
    with pytest.raises(InputError, match=r"`entry` must be less than `time`; rows? 1"):
        ts.cox_ph(T, E, np.array(G, dtype=float), entry=[0, 3, 0, 0, 0, 0])


@pytest.mark.parametrize("spec", ["fh:a,b", "fh:1", "cutof:2", "wilcoxon"])
def test_weights_spec(spec):
    with pytest.raises(InputError, match=r"`weights` must be"):
        ts.logrank(T, E, G, weights=spec)
    with pytest.raises(InputError, match=r"`weights` must be"):
        ts.cox_ph(T, E, np.array(G, dtype=float), weights=spec)


def test_weights_negative_rho():
    with pytest.raises(InputError, match=r"`rho`.*non-negative.*got -1"):
        ts.FlemingHarrington(-1, 0)


@pytest.mark.parametrize(("kw", "pattern"), [
    ({"confidence_level": 95}, r"`confidence_level` must be between 0 and 1"),
    ({"preset": "stata"}, r"`preset` must be one of 'sas', 'r'; got 'stata'"),
    ({"conf_type": "loglog"}, r"`conf_type` must be one of .*got 'loglog'"),
])
def test_kaplan_meier_options(kw, pattern):
    with pytest.raises(InputError, match=pattern):
        ts.kaplan_meier(T, E, **kw)


def test_kaplan_meier_methods():
    km = ts.kaplan_meier(T, E)
    with pytest.raises(InputError, match=r"`p` must be strictly between 0 and 1; got 1\.5"):
        km.quantile(1.5)
    with pytest.raises(InputError, match=r"`tau` must be a positive number; got -1"):
        km.rmst(-1)
    with pytest.raises(InputError, match=r"`t` must be a finite, non-negative time"):
        km.survival_at(-3)


def test_rmst_difference_tau():
    km = ts.kaplan_meier(T, E)
    with pytest.raises(InputError, match=r"`tau` must be a positive number; got -1"):
        ts.rmst_difference(km, km, -1)


@pytest.mark.parametrize("which", ["km_treated", "km_control"])
def test_rmst_difference_wrong_type(which):
    """A curve that is not a KaplanMeier result is a TypeError naming the argument (STYLE.md: errors)."""
    km = ts.kaplan_meier(T, E)
    args = {"km_treated": km, "km_control": km, which: [1.0, 2.0]}
    with pytest.raises(TypeError, match=re.escape(f"`{which}`")):
        ts.rmst_difference(args["km_treated"], args["km_control"], 3.0)


# -- degenerate results: warned about (STYLE.md), never a raw numpy warning or a negative variance ------------
@pytest.mark.filterwarnings("error::RuntimeWarning")
def test_cox_monotone_likelihood_warns():
    """Monotone likelihood: the only event among x = 0 comes first, so beta -> -inf.

    R: coxph(Surv(c(1, 1, 3, 3), c(0, 1, 0, 1)) ~ c(1, 0, 1, 1), ties = "breslow") warns "Loglik converged
    before variable 1; coefficient may be infinite" (coef -23.08, var 3.5e9). trialscout must say so too, and
    must not report a negative variance (or leak numpy's 'invalid value encountered in sqrt').
    """
    with pytest.warns(UserWarning, match=r"(?i)infinite|not converge|monotone|separat"):
        res = ts.cox_ph([1.0, 1.0, 3.0, 3.0], [0, 1, 0, 1], np.array([1.0, 0.0, 1.0, 1.0]), ties="breslow")
    assert res.coef[0] < -10
    assert not (np.diag(res.variance) < 0).any()


def test_results_are_read_only():
    """Frozen means frozen: the arrays of a result cannot be changed in place (STYLE.md, Results)."""
    km = ts.kaplan_meier([1.0, 2, 3, 4], [1, 0, 1, 1])
    with pytest.raises(ValueError, match="read-only"):
        km.survival[0] = 0.5
    fit = ts.cox_ph([1.0, 2, 3, 4, 5, 6], [1, 1, 0, 1, 1, 1], [0, 1, 0, 1, 0, 1])
    with pytest.raises(ValueError, match="read-only"):
        fit.coef[0] = 0.0
    lr = ts.logrank([1.0, 2, 3, 4, 5, 6], [1, 1, 0, 1, 1, 1], [0, 1, 0, 1, 0, 1])
    with pytest.raises(ValueError, match="read-only"):
        lr.observed[0] = 0.0


def test_no_likelihood_ratio_under_fleming_harrington_weights():
    """A Fleming-Harrington weighted partial likelihood is not a likelihood: no LR test (NaN); with 0/1 cut-off
    weights the LR test is that of the delayed-entry fit, so it stays."""
    t = [1.0, 2, 3, 4, 5, 6, 7, 8, 9, 10]
    e = [1, 1, 1, 0, 1, 1, 1, 0, 1, 1]
    g = [0, 1, 0, 1, 0, 1, 0, 1, 1, 0]
    fh = ts.cox_ph(t, e, g, weights="fh:1,0")
    assert np.isnan(fh.lr_statistic)
    assert np.isfinite(fh.score_statistic) and np.isfinite(fh.wald_statistic)
    cut = ts.cox_ph(t, e, g, weights="cutoff:2")
    assert np.isfinite(cut.lr_statistic) and cut.lr_statistic >= 0


def test_cutoff_after_every_event_is_not_estimable():
    with pytest.raises(ts.NotEstimable, match=r"no event occurs after the cut-off time 100"):
        ts.cox_ph([1.0, 2, 3, 4], [1, 1, 0, 1], [0, 1, 0, 1], weights="cutoff:100")
