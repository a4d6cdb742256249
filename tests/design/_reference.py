"""The rpact reference figures written by tests/reference/design_rpact.R."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

PATH = Path(__file__).resolve().parents[1] / "reference" / "design_rpact.json"


def _undo(x):
    if isinstance(x, dict):
        return {k: _undo(v) for k, v in x.items()}
    if isinstance(x, list):
        return [_undo(v) for v in x]
    if x == "Inf":
        return np.inf
    if x == "-Inf":
        return -np.inf
    if x == "NaN":
        return np.nan
    return x


REF = _undo(json.loads(PATH.read_text()))
