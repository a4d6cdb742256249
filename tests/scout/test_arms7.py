"""Arms, seventh round: a population that counts its patients arm by arm ("the intention-to-treat population
included 92 patients in the A arm and 92 patients in the B arm") sizes the arms as a design sentence does; without
the verb of inclusion the counts are left alone. Three arms compared in one chain, each with its size ("A (n=355) vs.
B (n=358) vs. C (n=355)"), are three arms.

The sentences are invented (invented drug names), written for a phrasing family, not one report."""

from __future__ import annotations

import pytest

from trialscout.scout.reader import extract


def _sizes(text: str) -> dict[str, int | None]:
    return {a.label: a.n for a in extract(text).arms}


_DESIGN = "Patients were randomly assigned 1:1 to velotinib or docetaxel. "


@pytest.mark.parametrize("sentence, sizes", [
    ("The intention-to-treat population included 92 patients in the velotinib arm and 90 patients in the docetaxel "
     "arm.", {"velotinib": 92, "docetaxel": 90}),
    ("The full analysis set comprised 151 patients in the velotinib group and 149 patients in the docetaxel group.",
     {"velotinib": 151, "docetaxel": 149}),
    ("The study enrolled 120 participants in the docetaxel arm and 118 participants in the velotinib arm.",
     {"velotinib": 118, "docetaxel": 120}),
])
def test_a_population_counted_arm_by_arm_sizes_the_arms(sentence, sizes):
    assert _sizes(_DESIGN + sentence) == sizes


@pytest.mark.parametrize("sentence", [
    # counts of patients with an event, not an inclusion
    "Grade 3 neutropenia occurred in 30 patients in the velotinib arm and 12 patients in the docetaxel arm.",
    "Dose reductions affected 14 patients in the velotinib arm and 9 patients in the docetaxel arm.",
])
def test_counts_without_a_verb_of_inclusion_are_no_sizes(sentence):
    assert _sizes(_DESIGN + sentence) == {"velotinib": None, "docetaxel": None}


def _arms_of(text: str) -> list[tuple[str, int | None]]:
    return [(a.label, a.n) for a in extract(text).arms]


@pytest.mark.parametrize("text, arms", [
    # a summary's line of three sized arms, no design verb; the size glued to the name or after a space
    ("Velotinib + docetaxel(n=355) vs. docetaxel monotherapy (n=358) vs. velotinib monotherapy (n=354)\n"
     "Median PFS: 14.1 vs. 8.2 vs. 10.0 months.",
     [("Velotinib + docetaxel", 355), ("docetaxel", 358), ("velotinib", 354)]),
    ("Zorvatinib (n=120) versus lomadine (n=118) versus placebo (n=119)\nMedian OS: 20.1 vs 18.3 vs 12.0 months.",
     [("Zorvatinib", 120), ("lomadine", 118), ("placebo", 119)]),
    ("Corvatinib plus tazorin (n = 201) vs corvatinib (n = 199) vs tazorin (n = 200). Median PFS was 11.5 vs 7.2 "
     "vs 6.8 months.", [("Corvatinib plus tazorin", 201), ("corvatinib", 199), ("tazorin", 200)]),
])
def test_three_sized_arms_in_one_chain_are_three_arms(text, arms):
    assert _arms_of(text) == arms


def test_a_two_arm_sized_chain_stays_two_arms():
    text = "Velotinib (n=120) vs. docetaxel (n=118)\nMedian PFS: 8.1 vs. 5.2 months."
    assert _arms_of(text) == [("Velotinib", 120), ("docetaxel", 118)]


@pytest.mark.parametrize("text", [
    ("In a phase 3 trial, we randomly assigned, in a 1:1:1:1 ratio, patients to receive docetaxel or velotinib, "
     "velotinib-tazorin, or velotinib-tazorin-lomadine. A total of 800 patients were assigned to one of the four "
     "treatment regimens (200 to docetaxel, 199 to velotinib, 201 to velotinib-tazorin, and 200 to "
     "velotinib-tazorin-lomadine). Median PFS was 20.1 months in the velotinib-tazorin-lomadine group."),
    ("This four-arm trial compared docetaxel, velotinib, velotinib-tazorin and velotinib-tazorin-lomadine. Patients "
     "were randomized (200 to docetaxel, 199 to velotinib, 201 to velotinib-tazorin, and 200 to "
     "velotinib-tazorin-lomadine)."),
])
def test_a_four_arm_design_keeps_its_four_arms(text):
    assert sorted(_arms_of(text)) == sorted([("docetaxel", 200), ("velotinib", 199), ("velotinib-tazorin", 201),
                                             ("velotinib-tazorin-lomadine", 200)])


def test_four_subgroups_do_not_make_four_arms():
    text = ("Patients were randomized 1:1 to velotinib or docetaxel. Patients were divided into four groups by risk. "
            "Median PFS was 8.1 months with velotinib and 5.2 months with docetaxel.")
    assert sorted(a.label for a in extract(text).arms) == ["docetaxel", "velotinib"]


@pytest.mark.parametrize("text, control", [
    ("Patients were randomized 1:1 to zorvatinib or investigator's choice of lenvatinib or sorafenib. Median OS was "
     "16.1 months with zorvatinib versus 12.0 months with lenvatinib or sorafenib.", "lenvatinib or sorafenib"),
    ("Patients were randomized to zorvatinib or treatment of physician's choice (eribulin or vinorelbine). Median "
     "PFS was 6.1 months with zorvatinib versus 4.0 months with eribulin or vinorelbine.", "eribulin or vinorelbine"),
    ("Comparator: Investigator\u2019s choice of docetaxel or pemetrexed monotherapy. Median OS was 14.1 months with "
     "velotinib vs 10.2 months with docetaxel or pemetrexed (HR 0.71).", "docetaxel or pemetrexed"),
])
def test_an_investigators_choice_of_two_drugs_is_one_control_arm(text, control):
    r = extract(text)
    assert len(r.arms) == 2 and control in [a.label for a in r.arms]
    assert {e.arm for e in r.records if e.kind == "median"} == {a.label for a in r.arms}


@pytest.mark.parametrize("text, labels", [
    ("Patients were randomized to induction chemotherapy followed by chemoradiotherapy or chemoradiotherapy alone. "
     "The 5-year OS was 80% in the induction chemotherapy group and 72% in the chemoradiotherapy group.",
     {"induction chemotherapy", "chemoradiotherapy"}),
    ("Participants were randomly assigned to receive either chemoradiotherapy alone or induction chemotherapy with "
     "chemoradiotherapy. The 5-year PFS rate was 70% for patients who received induction chemotherapy compared to "
     "61% for those who received chemoradiotherapy alone.", {"induction chemotherapy", "chemoradiotherapy"}),
    ("Patients were randomized to consolidation radiotherapy or observation. Median PFS was 12.1 months with "
     "consolidation radiotherapy and 6.0 months with observation.", {"consolidation radiotherapy", "observation"}),
])
def test_a_treatment_phase_before_a_therapy_stays_in_the_arms_name(text, labels):
    assert {a.label for a in extract(text).arms} == labels


def test_a_treatment_phase_before_a_drug_name_is_left_out():
    text = ("Patients were randomized to maintenance zorvatinib or placebo. Median PFS was 12.1 months with zorvatinib "
            "and 6.0 months with placebo.")
    assert {a.label for a in extract(text).arms} == {"zorvatinib", "placebo"}


@pytest.mark.parametrize("text, labels", [
    ("Velotinib plus gemcitabine-oxaliplatin (Velo-GemOx) improved OS vs rituximab (R)-GemOx. Median OS was 25.5 "
     "months with Velo-GemOx and 12.5 months with R-GemOx.", {"Velo-GemOx", "R-GemOx"}),
    ("Zorvatinib plus CHOP (Z-CHOP) was compared with rituximab (R)-CHOP in a randomized trial. Median PFS was "
     "30.1 months with Z-CHOP versus 24.0 months with R-CHOP.", {"Z-CHOP", "R-CHOP"}),
])
def test_a_drugs_abbreviation_glued_to_a_regimen_names_the_regimen(text, labels):
    r = extract(text)
    assert {a.label for a in r.arms} == labels
    assert {e.arm for e in r.records if e.kind == "median"} == labels


def test_an_abbreviation_of_another_word_is_left_alone():
    from trialscout.scout import _arms
    t = "patients (R)-refractory to velotinib (X)-GemOx"
    assert _arms.glued_abbreviations(t) == t


@pytest.mark.parametrize("text, labels", [
    ("ZORA-3 is an open-label study of velotinib plus tazorin vs velotinib monotherapy or chemotherapy in 800 "
     "patients. Median PFS was 20.1 months in the velotinib plus tazorin arm and 12.2 months for the velotinib arm.",
     {"velotinib plus tazorin", "velotinib", "chemotherapy"}),
    ("This phase 3 trial of corvatinib plus lomadine versus corvatinib alone or docetaxel enrolled 600 patients. "
     "Median OS was 24.0 months with corvatinib plus lomadine and 18.1 months with corvatinib.",
     {"corvatinib plus lomadine", "corvatinib", "docetaxel"}),
])
def test_a_combination_against_its_drug_alone_or_a_control_is_three_arms(text, labels):
    assert {a.label for a in extract(text).arms} == labels
