"""Figures printed in the SAS/STAT User's Guide, on the data typed in from the examples' DATALINES
(tests/reference/sas/sas_docs.json names each page), at the precision SAS prints."""

from __future__ import annotations

import json
import math

import pandas as pd
import pytest

import trialscout.survival as ts
from trialscout import sas_options as so

from ._reference import DATA, REFERENCE

DOCS = json.loads((REFERENCE / "sas" / "sas_docs.json").read_text())


def printed(x: float, value: float, decimals: int) -> bool:
    return abs(x - value) <= 0.5 * 10.0 ** (-decimals) + 1e-12


@pytest.fixture(scope="module")
def rats():
    return pd.read_csv(DATA / "rats.csv")


def test_rats_data_is_the_documented_one(rats):
    doc = DOCS["phreg_getting_started"]
    assert len(rats) == doc["n"] and int(rats["status"].sum()) == doc["events"]


def test_phreg_getting_started_hazard_ratio(rats):
    """PROC PHREG's default (TIES=BRESLOW) on the rats data: hazard ratio for Group printed as 0.551."""
    doc = DOCS["phreg_getting_started"]
    fit = ts.cox_ph(rats["days"], rats["status"], rats["group"], preset="sas", **so.cox_options(""))
    assert fit.ties == "breslow"
    assert printed(math.exp(fit.coef[0]), doc["hazard_ratio"], doc["hazard_ratio_decimals"]), math.exp(fit.coef[0])
