"""Reporting: numbers as publications print them, tables, figures, sentences, and the HTML report.

``build_report(spec_path, out_dir, *, progress=None)`` is what ``trialscout report SPEC --out DIR`` runs.
matplotlib is imported only inside the plotting functions.
"""

from .build import ReportResult, build_report
from .format import format_estimate, format_hr, format_number, format_pvalue, format_rate
from .json_results import readout_to_dict
from .sentences import summary_sentences

__all__ = [
    "build_report", "ReportResult", "readout_to_dict", "summary_sentences",
    "format_number", "format_estimate", "format_rate", "format_hr", "format_pvalue",
]
