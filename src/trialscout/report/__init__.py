"""Reporting: numbers as publications print them, tables, figures, sentences, and the HTML report.

``build_report(spec_path, out_dir, *, progress=None)`` is what ``trialscout report SPEC --out DIR`` runs, and
``reconstruct_from_files`` what ``trialscout reconstruct`` runs.
matplotlib is imported only inside the plotting functions; the names below are imported on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._lazy import lazy_exports

_EXPORTS = {
    "build_report": ".build", "ReportResult": ".build", "readout_to_dict": ".json_results",
    "summary_sentences": ".sentences", "format_number": ".format", "format_estimate": ".format",
    "format_rate": ".format", "format_hr": ".format", "format_pvalue": ".format",
    "reconstruct_from_files": ".reconstruction", "ReconstructionOutput": ".reconstruction",
}
__all__ = list(_EXPORTS)
__getattr__, __dir__ = lazy_exports(__name__, globals(), _EXPORTS)

if TYPE_CHECKING:
    from .build import ReportResult, build_report
    from .format import format_estimate, format_hr, format_number, format_pvalue, format_rate
    from .json_results import readout_to_dict
    from .reconstruction import ReconstructionOutput, reconstruct_from_files
    from .sentences import summary_sentences
