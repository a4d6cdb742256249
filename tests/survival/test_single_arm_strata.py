"""A stratum holding one arm contributes nothing to the stratified log-rank test or Cox model, with a warning.

Reference: tests/reference/trial_single_arm_strata.R (R survdiff / coxph on lung by sex, strata ph.ecog; stratum
ph.ecog = 3 holds one patient of sex 1).
"""

from __future__ import annotations

import json

import numpy as np
import pytest

import trialscout.survival as ts

from ._reference import REFERENCE, dataset

REF = json.loads((REFERENCE / "trial_single_arm_strata.json").read_text())


def _lung():
    d = dataset("lung_ecog")
    return d["time"].to_numpy(), d["event"].to_numpy(), d["sex"].to_numpy(), d["ph.ecog"].to_numpy()


def test_logrank_lonely_stratum_warns_and_matches_survdiff():
    t, e, sex, ecog = _lung()
    with pytest.warns(UserWarning, match="holds only group"):
        res = ts.logrank(t, e, sex, strata=ecog)
    assert res.statistic == pytest.approx(REF["logrank"]["chisq"], rel=1e-9)


@pytest.mark.parametrize("ties", ["breslow", "efron"])
def test_cox_lonely_stratum_warns_and_matches_coxph(ties):
    t, e, sex, ecog = _lung()
    with pytest.warns(UserWarning, match="contributes nothing"):
        fit = ts.cox_ph(t, e, (sex == 2).astype(float), strata=ecog, ties=ties, convergence="full")
    ref = REF[f"cox_{ties}"]
    assert fit.coef[0] == pytest.approx(ref["coef"], rel=1e-6)
    assert fit.se[0] == pytest.approx(ref["se"], rel=1e-6)


def test_no_warning_without_lonely_stratum():
    t, e, sex, ecog = _lung()
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ts.logrank(t, e, sex, strata=ecog >= 1)
        ts.cox_ph(t, e, (sex == 2).astype(float), strata=ecog >= 1)


def test_all_strata_lonely_is_an_error():
    t = np.arange(1.0, 9.0)
    e = np.ones(8)
    g = np.array([0, 0, 0, 0, 1, 1, 1, 1])
    with pytest.raises(ValueError, match="no stratum holds two or more groups"):
        ts.logrank(t, e, g, strata=g)
