"""Data sets the extrapolation tests share: R's (from the survreg reference JSON) and flexsurv's bc."""

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
def bc():
    """German Breast Cancer Study Group 2 (Sauerbrei & Royston 1999) as flexsurv ships it: 686 patients, time
    to recurrence in years (days / 365, as flexsurv's recyrs), prognostic group Good / Medium / Poor."""
    import pandas as pd

    d = pd.read_csv(HERE / "data" / "bc.csv")
    return d.rectime.to_numpy(float) / 365.0, d.censrec.to_numpy() == 1, d.group.to_numpy().astype(str)
