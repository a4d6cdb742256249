"""PROC FREQ figures printed in the SAS/STAT User's Guide, on the data typed in from the examples' DATALINES
(tests/reference/sas/sas_docs.json names each page), at the precision SAS prints."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from trialscout import sas_options as so
from trialscout.binary import freq

REF_DIR = Path(__file__).resolve().parents[1] / "reference"
DOCS = json.loads((REF_DIR / "sas" / "sas_docs.json").read_text())


def printed(x: float, value: float, decimals: int) -> bool:
    return abs(x - value) <= 0.5 * 10.0 ** (-decimals) + 1e-12


def _migraine_tables() -> np.ndarray:
    d = pd.read_csv(REF_DIR / "data" / "migraine.csv")
    # PROC FREQ orders the levels of a character variable alphabetically: female, male; Active, Placebo; Better, Same
    return np.array([[[int(d[(d.gender == g) & (d.treatment == t) & (d.response == r)]["count"].sum())
                       for r in ("Better", "Same")] for t in ("Active", "Placebo")] for g in ("female", "male")])


@pytest.mark.parametrize("name", ["correlation", "row_mean_scores", "general_association"])
def test_cmh_migraine(name):
    doc = DOCS["freq_cmh_migraine"]
    df, value, p = doc["statistics"][name]
    got = getattr(freq.cmh_statistics(_migraine_tables()), name)
    assert got.df == df
    assert printed(got.statistic, value, doc["value_decimals"]), got.statistic
    assert printed(got.pvalue, p, doc["p_decimals"]), got.pvalue


def test_binomial_eyes():
    """BINOMIAL with no CL=: SAS prints the Wald and the exact (Clopper-Pearson) limits."""
    doc = DOCS["freq_binomial_eyes"]
    methods = so.freq_methods("binomial", "")
    assert methods == list(doc["limits"])
    for method in methods:
        est = freq.proportion_ci(doc["x"], doc["n"], method=method, confidence_level=doc["confidence_level"])
        lo, hi = doc["limits"][method]
        assert printed(est.lower, lo, doc["decimals"]) and printed(est.upper, hi, doc["decimals"]), method
        assert printed(est.value, doc["proportion"], doc["decimals"])
        assert printed(est.std_err, doc["ase"], doc["decimals"])
