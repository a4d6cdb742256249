"""PROC FREQ figures printed in the SAS/STAT User's Guide, on the data typed in from the examples' DATALINES
(tests/reference/sas/sas_docs.json names each page), at the precision SAS prints."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

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
