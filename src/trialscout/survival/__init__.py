"""The time-to-event engine: Kaplan–Meier, quantiles, RMST, log-rank (weighted too) and Cox models."""

from ._prep import NotEstimable
from .cox import CoxPH, cox_ph
from .bands import ConfidenceBand, confidence_band
from .kaplan_meier import KaplanMeier, kaplan_meier
from .lifetest import LifetestTests, SurvivalTest, kaplan_meier_weighted, lifetest_tests, survival_test, wilcoxon_test
from .logrank import LogRank, logrank
from .rmst import rmst_difference
from .weights import Cutoff, FlemingHarrington, parse_weights

__all__ = [
    "KaplanMeier", "kaplan_meier", "LogRank", "logrank", "CoxPH", "cox_ph", "rmst_difference",
    "FlemingHarrington", "Cutoff", "parse_weights", "NotEstimable",
    "lifetest_tests", "survival_test", "wilcoxon_test", "LifetestTests", "SurvivalTest", "kaplan_meier_weighted",
    "confidence_band", "ConfidenceBand",
]
