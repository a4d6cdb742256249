"""Every result a trial report states, read from its text, checked for consistency, ready to synthesize.

``scout_text`` reads a report's text (``scout_file`` a file: plain text, HTML or a PDF's text layer) and returns a
:class:`ScoutResult`: the trial's name, its arms with their randomized sizes, one record per reported number
(medians, hazard and odds ratios, landmark rates, response rates, each with its CI, P value and source span) and
the consistency checks of those numbers. ``evidence_rows`` lines up the results of several reports (``trialscout.report.scout`` writes them as CSV and JSON);
``summary_toml`` turns one into a published-summary file for ``trialscout synthesize``.
"""

from .checks import Check, check_records
from .reader import Arm, Extraction, Record, Source, extract
from .scout import ScoutResult, evidence_rows, scout_file, scout_paths, scout_text, scout_texts
from .summary import summary_toml, write_summary
from ._text import read_report

__all__ = [
    "scout_text", "scout_texts", "scout_file", "scout_paths", "ScoutResult", "Record", "Arm", "Source", "Check", "Extraction",
    "extract", "check_records", "read_report", "evidence_rows", "summary_toml",
    "write_summary",
]
