"""The Examples sections of trialscout.binary's docstrings run and give what they show."""

import doctest

import pytest

from trialscout.binary import _counts, difference, odds, rates


@pytest.mark.parametrize("module", [_counts, difference, odds, rates])
def test_docstring_examples(module):
    result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0
    assert result.failed == 0
