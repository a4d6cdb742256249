"""Loading the R reference figures (tests/reference/survival_*.json) and the data sets they were computed on.

The JSON files are written by tests/reference/survival_reference.R, which reads the same CSV files from
tests/reference/data/. Each data set is filtered here exactly as in that script (see its header):

* lung      event = status == 2 (1 = censored, 2 = dead)
* lung_ecog lung without the row whose ph.ecog is missing (227 rows); ecog1 = ph.ecog >= 1
* lung_inst lung without the row whose inst is missing (227 rows); 18 small strata
* veteran, aml: event = status (0/1); ovarian: time = futime, event = fustat
* colon     all 1858 rows (two per id); colon_death: etype == 2 only
* pbc312    the first 312 rows with trt not missing; event = status == 2 (1 = transplant counts as censored)
* synth_ties, synth_ties_small: synthetic heavy-tie data written by the R script; synth_ties.strat_single is
  stratum with stratum 3 split by arm (strata 30 and 31 hold one arm each)
* synth_entry  synth_ties with a delayed-entry time per subject (column ``entry``)
* flat      the flat-at-0.5 golden case of docs/conventions.md

JSON conventions: R's NA is null (read as NaN in arrays, None as a field); "Inf"/"-Inf"/"NaN" strings are
read as floats.
"""

from __future__ import annotations

import functools
import json
import math
from pathlib import Path

import numpy as np
import pandas as pd

REFERENCE = Path(__file__).resolve().parents[1] / "reference"
DATA = REFERENCE / "data"

# R conf.type name -> trialscout conf_type name
CONF_TYPES = {"log": "log", "log-log": "log-log", "plain": "plain", "logit": "logit", "arcsin": "arcsine"}

# 1e-6 relative: R and trialscout compute the same closed forms (or converge Newton-Raphson to R's
# default tolerance, eps = 1e-9 on the log-likelihood, which moves coefficients by far less than 1e-6);
# the absolute floor 1e-9 applies where the reference is (near) zero.
RTOL = 1e-6
ATOL = 1e-9


def _fix(x, in_list=False):
    if x is None:  # NA inside an array is NaN; a missing field (R NULL / NA scalar) stays None
        return math.nan if in_list else None
    if isinstance(x, str) and x in ("Inf", "-Inf", "NaN"):
        return float(x.replace("Inf", "inf").replace("NaN", "nan"))
    if isinstance(x, list):
        return [_fix(v, True) for v in x]
    if isinstance(x, dict):
        return {k: _fix(v) for k, v in x.items()}
    return x


@functools.cache
def load(name: str) -> dict:
    """The parsed reference file ``survival_<name>.json``."""
    with open(REFERENCE / f"survival_{name}.json", encoding="utf-8") as fh:
        return _fix(json.load(fh))


def arr(x) -> np.ndarray:
    """A float array from a JSON value (a scalar becomes a 1-element array; None is NaN)."""
    return np.atleast_1d(np.asarray(x, dtype=np.float64))


def _intlike(s: pd.Series) -> pd.Series:
    if s.dtype.kind == "f" and s.notna().all() and (s == np.round(s)).all():
        return s.astype(np.int64)
    return s


@functools.cache
def dataset(name: str) -> pd.DataFrame:
    """The data set ``name`` as used by survival_reference.R, with columns ``time`` and ``event`` (0/1)."""
    rd = lambda f: pd.read_csv(DATA / f"{f}.csv")  # noqa: E731
    if name == "lung":
        d = rd("lung")
        d["event"] = (d["status"] == 2).astype(int)
    elif name == "lung_ecog":
        d = dataset("lung")
        d = d[d["ph.ecog"].notna()].reset_index(drop=True)
        d["ph.ecog"] = d["ph.ecog"].astype(int)
        d["ecog1"] = (d["ph.ecog"] >= 1).astype(int)
    elif name == "lung_inst":
        d = dataset("lung")
        d = d[d["inst"].notna()].reset_index(drop=True)
        d["inst"] = d["inst"].astype(int)
    elif name in ("veteran", "aml"):
        d = rd(name)
        d["event"] = d["status"]
    elif name == "colon":
        d = rd("colon")
        d["event"] = d["status"]
    elif name == "colon_death":
        d = dataset("colon")
        d = d[d["etype"] == 2].reset_index(drop=True)
    elif name == "ovarian":
        d = rd("ovarian")
        d["time"] = d["futime"]
        d["event"] = d["fustat"]
    elif name == "pbc312":
        d = rd("pbc").iloc[:312]
        d = d[d["trt"].notna()].reset_index(drop=True)
        d["event"] = (d["status"] == 2).astype(int)
    elif name == "synth_ties":
        d = rd("synth_ties")
        # stratum 3 split by arm: strata 30 and 31 hold one arm each (as in survival_reference.R)
        d["strat_single"] = np.where(d["stratum"] == 3, 30 + d["arm2"], d["stratum"])
    elif name == "synth_entry":
        d = rd("synth_entry")
    elif name == "synth_ties_small":
        d = rd("synth_ties_small")
    elif name == "flat":
        d = pd.DataFrame({"time": [54, 75, 77, 84, 87, 92, 103, 105, 112, 118], "event": [1] * 5 + [0] * 5, "g": 1})
    else:  # pragma: no cover
        raise KeyError(name)
    d = d.copy()
    for col in d.columns:
        d[col] = _intlike(d[col])
    d["time"] = d["time"].astype(np.float64)
    return d


def subset(name: str, column: str, label: str) -> pd.DataFrame:
    """Rows of data set ``name`` whose ``column`` prints as ``label`` (R's group label)."""
    d = dataset(name)
    return d[d[column].astype(str) == label]


def matrix(rows) -> np.ndarray:
    return np.array([arr(r) for r in rows])
