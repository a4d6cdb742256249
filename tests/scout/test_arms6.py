"""Arms, sixth round: a result sentence whose subject is the added drug or the combination ("the addition of X
improved PFS in comparison to placebo", "the combination of A and B led to longer OS ... compared with A alone")
names both arms (when the comparator is the combination's backbone, an add-on design: the combination and the
backbone); a biomarker's status is never an arm.

The sentences are invented (invented drug names), written for a phrasing family, not one report."""

from __future__ import annotations

import pytest

from trialscout.scout.reader import extract


def _labels(text: str) -> list[str]:
    return [a.label for a in extract(text).arms]


def _medians(text: str) -> list[tuple[float, str | None]]:
    r = extract(text)
    return sorted((float(e.value), e.arm) for e in r.records if e.kind == "median")


@pytest.mark.parametrize("text, labels", [
    # the added drug against placebo
    ("In the phase 3 ZORA-4 trial the addition of velotinib significantly improved progression-free survival in "
     "comparison to placebo, with a median of 10.4 months versus 6.1 months (HR 0.61).", ["velotinib", "placebo"]),
    ("Adding corvatinib prolonged overall survival compared with placebo: median OS was 21.3 vs 15.0 months.",
     ["corvatinib", "placebo"]),
    ("The addition of mirestrant reduced the risk of progression by 40% relative to observation (median PFS "
     "18.2 vs 11.9 months).", ["mirestrant", "observation"]),
    # figures in parentheses between the verb and the comparator
    ("In 402 patients the combination of lomadine and velotinib led to improved overall survival (16.2 vs 10.1 "
     "months), and higher response rates (61% vs 30%), compared to docetaxel.",
     ["lomadine and velotinib", "docetaxel"]),
    ("The combination of corvatinib plus tazorin resulted in longer survival (median 20.5 vs 14.2 months) versus "
     "observation.", ["corvatinib plus tazorin", "observation"]),
])
def test_a_result_sentence_with_the_added_drug_as_subject_names_both_arms(text, labels):
    assert sorted(_labels(text)) == sorted(labels)


def test_the_figures_of_such_a_sentence_go_to_the_arms_in_order():
    text = ("In 402 patients the combination of lomadine and velotinib led to improved overall survival (16.2 vs "
            "10.1 months) compared to docetaxel.")
    assert _medians(text) == [(10.1, "docetaxel"), (16.2, "lomadine and velotinib")]


@pytest.mark.parametrize("text", [
    # no comparator after the verb, or the comparator in another sentence
    "The addition of velotinib improved progression-free survival. Median PFS was 10.4 months.",
    "The combination of lomadine and velotinib was well tolerated. Compared with placebo, nausea was more common.",
    # no result verb: a description of the design, not a result
    "The addition of velotinib to standard therapy was studied; its comparison with placebo is ongoing.",
])
def test_no_arms_without_a_result_verb_and_comparator_in_one_sentence(text):
    assert _labels(text) == []


def test_a_comparator_that_is_the_combinations_backbone_makes_an_add_on_design():
    # "compared to A alone" after "the combination of A and B": the combination is one arm, A (named as its own arm,
    # not "A alone") the other
    text = "The combination of lomadine and velotinib led to longer survival (16.2 vs 10.1 months) compared to lomadine alone."
    assert _labels(text) == ["lomadine and velotinib", "lomadine"]


# ---------------------------------------------------------------------------------------------------------
# a biomarker's status names a population, never an arm

@pytest.mark.parametrize("text", [
    "Velotinib improved PFS vs docetaxel in HER2-low disease. In the HER2-low group, median PFS was 11.0 months "
    "for velotinib versus 7.2 months for docetaxel (HR 0.60).",
    "In the PD-L1-positive population, median OS was 19.1 months with velotinib and 12.4 months with docetaxel.",
    "The EGFR-mutant cohort showed median PFS of 14.2 months for velotinib versus 8.8 months for docetaxel.",
    "Among HR+/HER2- patients, median PFS was 11.0 months with velotinib and 7.2 months with docetaxel; the "
    "HR+/HER2- arm was balanced.",
])
def test_a_biomarker_status_is_no_arm(text):
    labels = _labels(text)
    assert sorted(labels) == ["docetaxel", "velotinib"]


@pytest.mark.parametrize("word, status", [
    ("HER2-low", True), ("HER2-ultralow", True), ("PD-L1-high", True), ("BRCA-mutated", True),
    ("KRAS-wild-type", True), ("HR+/HER2-", True),
    # drug and regimen names with a hyphen are no status
    ("T-DXd", False), ("R-GemOx", False), ("nab-paclitaxel", False), ("5-FU", False), ("KRAS-G12C", False),
])
def test_biomarker_status_words(word, status):
    from trialscout.scout.reader import _BIOMARKER_STATUS
    assert bool(_BIOMARKER_STATUS.fullmatch(word)) is status
