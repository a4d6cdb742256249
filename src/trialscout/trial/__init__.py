"""The trial readout: a TOML trial spec, ADaM datasets, and every result a phase 3 report gives.

The names below are imported on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._lazy import lazy_exports

_EXPORTS = {
    "TrialSpec": ".spec", "load_spec": ".spec", "AdamData": ".adam", "load_adam": ".adam",
    "Readout": ".readout", "run_readout": ".readout", "TTEAnalysis": ".tte", "analyze_tte": ".tte",
}
__all__ = list(_EXPORTS)
__getattr__, __dir__ = lazy_exports(__name__, globals(), _EXPORTS)

if TYPE_CHECKING:
    from .adam import AdamData, load_adam
    from .readout import Readout, run_readout
    from .spec import TrialSpec, load_spec
    from .tte import TTEAnalysis, analyze_tte
