"""Data sets the extrapolation tests share: R's (from the survreg reference JSON)."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import numpy as np

HERE = Path(__file__).parent
REFERENCE = HERE.parent / "reference" / "extrapolate_survreg.json"


@lru_cache(maxsize=1)
def survreg_reference() -> dict:
    return json.loads(REFERENCE.read_text())


def r_data(name: str):
    d = survreg_reference()["data"][name]
    return np.array(d["time"], float), np.array(d["event"]) == 1, np.array(d["arm"]), d["times"]


@lru_cache(maxsize=1)
def gbsg():
    """R survival's ``gbsg`` (German Breast Cancer Study Group 2, Sauerbrei & Royston 1999; exported by
    tests/reference/export_datasets.R): 686 patients, time to recurrence in years (days / 365), and the tumour
    grade as the group (``grade1``, ``grade2``, ``grade3``)."""
    import pandas as pd

    d = pd.read_csv(HERE.parent / "reference" / "data" / "gbsg.csv")
    return (d.rfstime.to_numpy(float) / 365.0, d.status.to_numpy() == 1,
            np.array([f"grade{g}" for g in d.grade.to_numpy()]))
