"""Shared fixtures of the trialscout.binary tests: the figures written by tests/reference/binary_reference.R."""

import json
from pathlib import Path

import pytest

REFERENCE = Path(__file__).resolve().parents[1] / "reference" / "binary_reference.json"


@pytest.fixture(scope="session")
def ref() -> dict:
    """Output of `Rscript tests/reference/binary_reference.R` (R 4.2)."""
    with open(REFERENCE, encoding="utf-8") as fh:
        return json.load(fh)
