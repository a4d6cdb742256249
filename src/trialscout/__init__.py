"""trialscout: every result a randomized clinical trial reports, exact to SAS and R."""

from ._results import NE, NR, Estimate, Status
from ._validate import InputError, TrialscoutError
from .conventions import PRESETS, Conventions
from .survival import KaplanMeier, kaplan_meier

__version__ = "0.1.0"

__all__ = [
    "Estimate", "Status", "NR", "NE", "InputError", "TrialscoutError", "Conventions", "PRESETS",
    "KaplanMeier", "kaplan_meier",
]
