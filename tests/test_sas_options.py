"""SAS option spellings map onto trialscout's keywords, and the mapped calls give SAS's printed figures."""

from __future__ import annotations


import pytest

import trialscout.survival as ts
from trialscout import sas_options as so
from trialscout.binary import freq


def test_lifetest_options():
    assert so.lifetest_options("conftype = loglog alpha=0.1") == {"conf_type": "log-log", "confidence_level": 0.9}
    assert so.lifetest_options("CONFTYPE=LINEAR")["conf_type"] == "plain"
    assert so.lifetest_options("CONFTYPE=ASINSQRT")["conf_type"] == "arcsine"
    opts = so.lifetest_options("TEST=(LOGRANK WILCOXON FLEMING(1, 0))")
    assert opts["tests"] == ["LOGRANK", "WILCOXON", "FLEMING(1, 0)"]
    from trialscout.survival.lifetest import lifetest_tests

    res = lifetest_tests([1, 2, 3, 4, 5, 6], [1, 1, 1, 1, 1, 0], [0, 1, 0, 1, 0, 1], **opts)
    assert [t.label for t in res.tests] == ["Log-Rank", "Wilcoxon", "Fleming(1,0)"]
    with pytest.raises(ValueError, match="CONFTYPE=BOGUS"):
        so.lifetest_options("CONFTYPE=BOGUS")


def test_cox_options():
    assert so.cox_options("TIES=EXACT") == {"ties": "marginal"}
    assert so.cox_options("ties=discrete rl alpha=0.1 maxiter=20 fconv=1e-10") == {
        "ties": "exact", "confidence_level": 0.9, "max_iter": 20, "convergence": "fconv=1e-10"}
    fit = ts.cox_ph([5, 8, 12, 3, 9, 15, 7, 7], [1, 1, 0, 1, 1, 1, 1, 1], [0, 0, 0, 1, 1, 1, 0, 1],
                    **so.cox_options("TIES=EFRON GCONV=1E-10"))
    assert fit.ties == "efron" and fit.conventions.cox_convergence == "gconv=1e-10"
    with pytest.raises(ValueError, match="one PHREG convergence"):
        so.cox_options("GCONV=1E-8 FCONV=1E-8")


def test_binomial_cl_names():
    methods = so.freq_methods("binomial", "LEVEL='Yes' CL=(CLOPPERPEARSON WALD WILSON AGRESTICOULL JEFFREYS MIDP "
                                          "LIKELIHOODRATIO LOGIT BLAKER)")
    assert methods == ["clopper-pearson", "wald", "wilson", "agresti-coull", "jeffreys", "mid-p", "likelihood-ratio",
                       "logit", "blaker"]
    # Clopper-Pearson 7/20: (0.1539, 0.5922), the published exact interval
    est = freq.proportion_ci(7, 20, method=so.freq_method("binomial", "CLOPPERPEARSON"))
    assert [round(est.lower, 4), round(est.upper, 4)] == [0.1539, 0.5922]
    assert so.freq_methods("binomial", "CL=(WILSON(CORRECT) WALD(CORRECT))") == ["wilson-cc", "wald-cc"]
    assert so.freq_methods("binomial", "") == ["wald", "clopper-pearson"]


def test_riskdiff_cl():
    assert so.freq_methods("riskdiff", "CL=(WALD NEWCOMBE HA) CORRECT") == ["wald-cc", "newcombe-cc", "hauck-anderson"]
    assert so.freq_methods("riskdiff", "CL=MN(CORRECT=NO)") == ["mee"]
    assert so.freq_methods("riskdiff", "CL=(MN AC)") == ["miettinen-nurminen", "agresti-caffo"]
    assert so.freq_methods("riskdiff", "CL=EXACT") == ["exact"]
    with pytest.raises(ValueError, match="not a SAS RISKDIFF interval"):
        so.freq_methods("riskdiff", "CL=BOGUS")


def test_or_relrisk_cl():
    assert so.freq_methods("or", "CL=(WALD EXACT MIDP LR)") == ["wald", "exact", "mid-p", "likelihood-ratio"]
    assert so.freq_methods("relrisk", "CL=(WALD LR)") == ["wald", "likelihood-ratio"]
    assert so.freq_method("or", "SCORE") == "score"
    assert so.freq_method("or", "WALDMODIFIED") == "wald-modified"
    assert so.freq_methods("relrisk", "CL=(EXACT WALDMODIFIED SCORE)") == ["exact", "wald-modified", "score"]


def test_every_mapped_name_is_a_real_method():
    from trialscout.conventions import CONF_TYPES, TIES

    assert set(so.CONFTYPE.values()) <= set(CONF_TYPES)
    assert set(so.TIES.values()) <= set(TIES)
    assert {v for v in so.BINOMIAL_CL.values() if v} <= set(freq.PROPORTION_METHODS)
    assert {v for v in so.RISKDIFF_CL.values() if v} <= set(freq.RISK_DIFFERENCE_METHODS)
    assert {v for v in so.RELRISK_CL.values() if v} <= set(freq.RELATIVE_RISK_METHODS)
    assert {v for v in so.OR_CL.values() if v} <= set(freq.ODDS_RATIO_METHODS)
    # MNMH goes to trialscout.binary.rate_difference (MN score, Mantel-Haenszel weights)
    assert {v for v in so.COMMONRISKDIFF_CL.values() if v} - {"miettinen-nurminen-mh"} <= set(
        freq.COMMON_RISK_DIFFERENCE_METHODS)


def test_commonriskdiff_cl():
    assert so.freq_methods("commonriskdiff", "CL=(MH SCORE)") == ["mantel-haenszel", "summary-score"]
    assert so.freq_methods("commonriskdiff", "CL=(NEWCOMBE MN)") == ["newcombe", "miettinen-nurminen"]
    with pytest.raises(NotImplementedError, match="KLINGENBERG"):
        so.freq_methods("commonriskdiff", "CL=KLINGENBERG")
    with pytest.raises(NotImplementedError, match="CORRECT"):
        so.freq_methods("commonriskdiff", "CL=NEWCOMBE CORRECT")
