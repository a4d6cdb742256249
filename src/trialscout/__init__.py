"""trialscout: every result a randomized clinical trial reports, exact to SAS and R.

The statistics (``kaplan_meier``, ``logrank``, ``cox_ph``, ``rmst_difference``, the binary rates and tests) work on
plain arrays and return frozen results; ``trialscout.report`` formats them as publications print them.
"""

from ._results import NE, NR, Comparison, Estimate, Status, TestResult
from ._validate import InputError, TrialscoutError
from .binary import cmh_test, fisher_exact, odds_ratio, rate, rate_difference, response_table
from .conventions import PRESETS, Conventions
from .reconstruct import Reconstruction, reconstruct_ipd
from .survival import (
    CoxPH,
    Cutoff,
    FlemingHarrington,
    KaplanMeier,
    LogRank,
    NotEstimable,
    cox_ph,
    kaplan_meier,
    logrank,
    rmst_difference,
)
from .synth import load_summary, synthesize_trial
from .trial import analyze_tte, load_spec, run_readout

__version__ = "0.1.0"

__all__ = [
    # results and errors
    "Estimate", "Status", "NR", "NE", "TestResult", "Comparison", "InputError", "TrialscoutError", "NotEstimable",
    "Conventions", "PRESETS",
    # time to event
    "kaplan_meier", "KaplanMeier", "logrank", "LogRank", "cox_ph", "CoxPH", "rmst_difference",
    "FlemingHarrington", "Cutoff",
    # binary endpoints
    "rate", "rate_difference", "odds_ratio", "cmh_test", "fisher_exact", "response_table",
    # trials
    "analyze_tte", "load_spec", "run_readout", "load_summary", "synthesize_trial", "reconstruct_ipd",
    "Reconstruction",
]
