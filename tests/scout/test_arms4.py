"""Arms and trial names, fourth round: the count of assigned patients inside the design clause, and the speed
mechanisms of the arm finder (cached pure helpers, literal prefilters) that must never change what is read.

The sentences are invented (invented drug and trial names), written for a phrasing family, not one report."""

from __future__ import annotations

from pathlib import Path

import pytest

from trialscout.scout import reader
from trialscout.scout.reader import extract

CORPUS = Path(__file__).parent / "corpus"


def _labels(text: str) -> list[str]:
    return [a.label for a in extract(text).arms]


# "randomly assigned 600 patients (1:1) to A or B": the count sits between the verb and the ratio
@pytest.mark.parametrize("text, arms", [
    ("The trial randomly assigned 412 patients 1:1 to velomirib or docetaxel. Median PFS was 7.1 versus 4.2 months "
     "(HR 0.61; 95% CI 0.50-0.75).", ["velomirib", "docetaxel"]),
    ("Investigators randomized 1,204 participants (2:1) to receive oranzumab or placebo, and the median OS was 19.0 "
     "versus 14.6 months (HR 0.74, 95% CI 0.63-0.87).", ["oranzumab", "placebo"]),
    ("The ORCHID study randomly assigned 600 patients 1:1:1 to zelvotinib, zelvotinib plus fulvestrant, or "
     "fulvestrant. Median PFS was 10.2, 12.5 and 6.1 months, respectively.",
     ["zelvotinib", "zelvotinib plus fulvestrant", "fulvestrant"]),
    ("Overall, 903 women were allocated (1:1:1) to tamerasib, tamerasib plus letrozole, or letrozole; median PFS was "
     "14.1, 16.0 and 9.9 months, respectively.", ["tamerasib", "tamerasib plus letrozole", "letrozole"]),
])
def test_assigned_count_inside_the_design_clause(text, arms):
    assert _labels(text) == arms


def test_three_arms_give_three_medians():
    e = extract("The ORCHID study randomly assigned 600 patients 1:1:1 to zelvotinib, zelvotinib plus fulvestrant, or "
                "fulvestrant. Median PFS was 10.2, 12.5 and 6.1 months, respectively.")
    got = sorted((r.arm, r.value) for r in e.records if r.arm is not None)
    assert got == [("fulvestrant", 6.1), ("zelvotinib", 10.2), ("zelvotinib plus fulvestrant", 12.5)]


def test_a_count_of_events_is_no_assigned_count():
    # "assigned 30 deaths" is no design phrase: only patients, participants and the like are counted
    assert reader._ARM_CTX[9].search("randomly assigned 30 patients to velomirib or docetaxel.") is not None
    assert reader._ARM_CTX[9].search("randomly assigned 30 deaths to velomirib or docetaxel.") is None


def _texts() -> list[str]:
    invented = [
        "Patients received tarnexumab plus carboplatin (n = 301) versus carboplatin alone (n = 299).",
        "Arm A: lumorafenib (212 patients) and arm B: docetaxel (209 patients).",
        "Outcome\tkavotinib\tplacebo\n\t(N = 201)\t(N = 198)\nMedian PFS\t8.1\t4.0",
    ]
    return invented + [p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt"))]


@pytest.mark.parametrize("ci", sorted(reader._ARM_CTX_NEEDS))
def test_each_prefilter_is_contained_in_every_match_of_its_context(ci):
    # the prefilter skips a context only when no match of it is possible: each match contains the literal
    rx, need = reader._ARM_CTX[ci], reader._ARM_CTX_NEEDS[ci]
    matched = 0
    for t in _texts():
        for m in rx.finditer(t):
            matched += 1
            assert need.search(m.group()) or need.search(t[max(0, m.start() - 1):m.end()]), m.group()
    assert matched > 0  # the check looked at real matches


def test_cached_helpers_are_pure():
    words = reader._arm_words("zelvotinib in combination with fulvestrant")
    assert words == frozenset({"zelvotinib", "fulvestrant"})
    assert reader._arm_words("zelvotinib in combination with fulvestrant") is words
    assert reader._arm_words("12-month trastuzumab") == frozenset({"12m", "trastuzumab"})
    assert reader._valid_arm_phrase("observation") and not reader._valid_arm_phrase("evaluated")
