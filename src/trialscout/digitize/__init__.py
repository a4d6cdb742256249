"""Kaplan–Meier figures read automatically: from an image or a PDF page to curves, numbers at risk and
patient data.

:func:`digitize_figure` finds the plot frame, calibrates both axes from the tick labels it reads (Tesseract),
separates the curves by colour or line style, reads the censoring marks, the numbers-at-risk table and the
legend; :func:`reconstruct_digitized` hands all of it to :func:`trialscout.reconstruct.reconstruct_arms`
(Guyot et al. 2012); :func:`trialscout.report.digitize.write_digitization` writes ``curves.csv``, ``at_risk.csv``,
``ipd.csv``, ``digitize.json`` and ``overlay.png`` into a folder, whole or not at all.
"""

from ._figure import (
    DigitizedArm,
    Digitization,
    digitize_figure,
    load_figure,
    reconstruct_digitized,
)

__all__ = [
    "DigitizedArm",
    "Digitization",
    "digitize_figure",
    "load_figure",
    "reconstruct_digitized",
]
