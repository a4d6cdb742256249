"""Patient-level data reconstructed from published Kaplan–Meier curves (Guyot et al. 2012)."""

from ._clean import CleanCurve, clean_curve, pava_nonincreasing
from ._files import (
    FileReconstruction,
    parse_arm_option,
    read_at_risk,
    read_curve,
    read_ticks,
    reconstruct_arms,
    reconstruct_files,
    to_adtte,
)
from ._guyot import Reconstruction, ReconstructionDiagnostics, ReconstructionWarning, km_steps, reconstruct_ipd

__all__ = [
    "CleanCurve",
    "Reconstruction",
    "ReconstructionDiagnostics",
    "FileReconstruction",
    "ReconstructionWarning",
    "clean_curve",
    "km_steps",
    "parse_arm_option",
    "pava_nonincreasing",
    "read_at_risk",
    "read_curve",
    "read_ticks",
    "reconstruct_arms",
    "reconstruct_files",
    "reconstruct_ipd",
    "to_adtte",
]
