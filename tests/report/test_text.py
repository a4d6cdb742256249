"""Text helpers of the report (trialscout.report.text) and the decimals of descriptive tables."""

from __future__ import annotations

import pytest

from trialscout.report.tables import _digits
from trialscout.report.text import midsentence, population_name, pretty


@pytest.mark.parametrize("raw, want", [
    ("MRD negativity (10^-5), evaluable patients", "MRD negativity (10\u207b\u2075), evaluable patients"),
    ("CAR-positive T cells, x10^6/kg", "CAR-positive T cells, \u00d710\u2076/kg"),
    ("Age >=65", "Age \u226565"),
    ("<=2 lines", "\u22642 lines"),
    ("box10^6", "box10^6"),          # not a power of ten on its own: left alone
    ("no change", "no change"),
])
def test_pretty(raw, want):
    assert pretty(raw) == want


@pytest.mark.parametrize("raw, want", [
    ("Time to symptom worsening (MySIm-Q)", "time to symptom worsening (MySIm-Q)"),
    ("Progression-free survival on next-line therapy (PFS2)", "progression-free survival on next-line therapy (PFS2)"),
    ("COVID-19", "COVID-19"),
    ("Cilta-cel", "cilta-cel"),
    ("Standard of care", "standard of care"),
    ("DPd", "DPd"),
])
def test_midsentence(raw, want):
    assert midsentence(raw) == want


def test_population_name():
    assert population_name("itt") == "intention-to-treat"
    assert population_name("as_treated") == "as-treated"
    assert population_name("my_set") == "my set"


def test_digits():
    assert _digits(61.0, 29.0, 80.0, most=1) == 0      # whole ages
    assert _digits(12.5, 5.0, 31.0, most=2) == 1       # a median of whole numbers
    assert _digits(0.71, 0.62, 0.78, most=2) == 2
