"""trialscout: every result a randomized clinical trial reports, exact to SAS and R.

The statistics (``kaplan_meier``, ``logrank``, ``cox_ph``, ``rmst_difference``, the binary rates and tests) work on
plain arrays and return frozen results; ``trialscout.report`` formats them as publications print them.

The names below are imported on first use, so that ``import trialscout`` (and the command line's ``--help``)
stays fast: ``trialscout.kaplan_meier`` loads the survival engine the first time it is looked up.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._lazy import lazy_exports

__version__ = "0.2.0"

# public name -> the module that defines it
_EXPORTS: dict[str, str] = {
    # results and errors
    "Estimate": "._results", "Status": "._results", "NR": "._results", "NE": "._results",
    "TestResult": "._results", "Comparison": "._results",
    "InputError": "._validate", "TrialscoutError": "._validate",
    "Conventions": ".conventions", "PRESETS": ".conventions",
    # time to event
    "kaplan_meier": ".survival", "KaplanMeier": ".survival", "logrank": ".survival", "LogRank": ".survival",
    "cox_ph": ".survival", "CoxPH": ".survival", "rmst_difference": ".survival", "NotEstimable": ".survival",
    "FlemingHarrington": ".survival", "Cutoff": ".survival",
    # LIFETEST's tests, weighted and delayed-entry KM, simultaneous bands
    "lifetest_tests": ".survival", "wilcoxon_test": ".survival", "survival_test": ".survival",
    "kaplan_meier_weighted": ".survival", "confidence_band": ".survival",
    # PROC FREQ's intervals and tests
    "proportion_ci": ".binary", "risk_difference_ci": ".binary", "relative_risk": ".binary",
    "odds_ratio_ci": ".binary", "common_risk_difference": ".binary", "chi_square_tests": ".binary",
    "cmh_statistics": ".binary", "breslow_day": ".binary", "rate_interval": ".binary",
    # from a publication, and the next trial
    "scout_text": ".scout", "scout_file": ".scout", "digitize_figure": ".digitize",
    "fit_distribution": ".extrapolate", "extrapolate": ".extrapolate",
    "group_sequential_design": ".design", "simulate": ".simulate",
    # binary endpoints
    "rate": ".binary", "rate_difference": ".binary", "odds_ratio": ".binary", "cmh_test": ".binary",
    "fisher_exact": ".binary", "response_table": ".binary",
    # trials
    "analyze_tte": ".trial", "load_spec": ".trial", "run_readout": ".trial",
    "load_summary": ".synth", "synthesize_trial": ".synth",
    "reconstruct_ipd": ".reconstruct", "Reconstruction": ".reconstruct",
}

__all__ = ["__version__", *_EXPORTS]


__getattr__, __dir__ = lazy_exports(__name__, globals(), _EXPORTS)


if TYPE_CHECKING:  # what type checkers and IDEs see
    from ._results import NE, NR, Comparison, Estimate, Status, TestResult
    from ._validate import InputError, TrialscoutError
    from .binary import cmh_test, fisher_exact, odds_ratio, rate, rate_difference, response_table
    from .conventions import PRESETS, Conventions
    from .reconstruct import Reconstruction, reconstruct_ipd
    from .survival import (CoxPH, Cutoff, FlemingHarrington, KaplanMeier, LogRank, NotEstimable, cox_ph,
                           kaplan_meier, logrank, rmst_difference)
    from .binary import (breslow_day, chi_square_tests, cmh_statistics, common_risk_difference, odds_ratio_ci,
                         proportion_ci, rate_interval, relative_risk, risk_difference_ci)
    from .design import group_sequential_design
    from .digitize import digitize_figure
    from .extrapolate import extrapolate, fit_distribution
    from .scout import scout_file, scout_text
    from .simulate import simulate
    from .survival import confidence_band, kaplan_meier_weighted, lifetest_tests, survival_test, wilcoxon_test
    from .synth import load_summary, synthesize_trial
    from .trial import analyze_tte, load_spec, run_readout
