"""Synthetic patient-level trials from a trial's published summary.

``load_summary`` reads the published-summary TOML (figures with their source sentences and the design facts);
``synthesize_trial`` builds subjects whose analysis reproduces every published figure (calibrated on the
realized sample); ``write_trial`` writes ADSL, ADTTE, ADRS, ADAE and a trial spec; ``synthesize`` does all three
(the ``trialscout synthesize`` command). ``compare_readout`` lines up published and reproduced figures.
"""

from .compare import ComparisonRow, compare_readout
from .models import MixtureCure, PiecewiseExponential
from .roundtrip import summarize_survival_data
from .summary import TrialSummary, load_summary, parse_summary
from .synthesize import DEFAULT_SEED, SynthesisResult, SyntheticTrial, synthesize, synthesize_trial, write_trial

__all__ = [
    "TrialSummary", "load_summary", "parse_summary", "SyntheticTrial", "SynthesisResult", "synthesize_trial",
    "write_trial", "synthesize", "DEFAULT_SEED", "ComparisonRow", "compare_readout", "PiecewiseExponential",
    "MixtureCure", "summarize_survival_data",
]
