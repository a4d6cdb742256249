"""The trial readout: a TOML trial spec, ADaM datasets, and every result a phase 3 report gives."""

from .adam import AdamData, load_adam
from .readout import Readout, run_readout
from .spec import TrialSpec, load_spec
from .tte import TTEAnalysis, analyze_tte

__all__ = ["TrialSpec", "load_spec", "AdamData", "load_adam", "Readout", "run_readout", "TTEAnalysis",
           "analyze_tte"]
