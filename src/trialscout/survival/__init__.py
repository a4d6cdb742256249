"""The time-to-event engine: Kaplan–Meier, quantiles, RMST, log-rank (weighted too) and Cox models."""

from ._prep import NotEstimable
from .cox import CoxPH, cox_ph
from .kaplan_meier import KaplanMeier, kaplan_meier
from .logrank import LogRank, logrank
from .rmst import rmst_difference
from .weights import Cutoff, FlemingHarrington, parse_weights

__all__ = [
    "KaplanMeier", "kaplan_meier", "LogRank", "logrank", "CoxPH", "cox_ph", "rmst_difference",
    "FlemingHarrington", "Cutoff", "parse_weights", "NotEstimable",
]
