"""Arms, eighth round: sizes listed in parentheses after a verb of inclusion that also gives the total ("The primary
analysis involved 1306 patients (651 in the A group and 655 in the B group)").

The sentences are invented (invented drug names), written for a phrasing family, not one report."""

from __future__ import annotations

import pytest

from trialscout.scout.reader import extract


def _sizes(text: str) -> dict[str, int | None]:
    return {a.label: a.n for a in extract(text).arms}


_DESIGN = "Patients were randomly assigned 1:1 to velotinib or placebo. "


@pytest.mark.parametrize("sentence, sizes", [
    ("The primary analysis involved 1306 patients (651 in the velotinib group and 655 in the placebo group).",
     {"velotinib": 651, "placebo": 655}),
    ("The analysis included 1,204 patients (600 in the placebo arm and 604 in the velotinib arm).",
     {"velotinib": 604, "placebo": 600}),
    ("The trial involved 240 participants (121 in the velotinib group, 119 in the placebo group).",
     {"velotinib": 121, "placebo": 119}),
])
def test_a_total_with_its_arms_counts_in_parentheses_sizes_the_arms(sentence, sizes):
    assert _sizes(_DESIGN + sentence) == sizes


@pytest.mark.parametrize("sentence", [
    # counts of patients with an event after a verb that is no inclusion
    "Neutropenia affected 240 patients (121 in the velotinib group and 119 in the placebo group).",
    # one arm counted only: no list of every arm
    "The primary analysis involved 1306 patients (651 in the velotinib group).",
])
def test_counts_that_are_no_list_of_every_arm_are_no_sizes(sentence):
    assert _sizes(_DESIGN + sentence) == {"velotinib": None, "placebo": None}


@pytest.mark.parametrize("text, sizes", [
    ("All 806 patients received bevacizumab, with 537 randomly assigned to also take twice-daily oral velotinib and "
     "269 allocated to placebo.", {"velotinib": 537, "placebo": 269}),
    ("In this trial 300 patients randomized to receive velotinib and 150 assigned to docetaxel were followed.",
     {"velotinib": 300, "docetaxel": 150}),
    ("Of the patients, 212 women were allocated to take velotinib, while 210 were allocated to observation.",
     {"velotinib": 212, "observation": 210}),
])
def test_a_count_with_its_assignment_verb_names_and_sizes_the_arm(text, sizes):
    assert _sizes(text) == sizes


def test_a_list_of_drugs_after_the_count_is_no_arm_of_its_first_drug():
    # "N were assigned to receive A, B, C and D (ABCD)": the regimen is the abbreviation, not its first drug
    text = ("In this trial, 664 were assigned to receive velotinib, doxorubicin, vinblastine, and dacarbazine (V-DVD) "
            "and 670 were assigned to receive doxorubicin, bleomycin, vinblastine, and dacarbazine (DBVD).")
    assert "velotinib" not in _sizes(text)


def test_a_size_line_names_an_arm_of_several_words():
    # a summary's "Interventions" lines: "N=566 A chemotherapy (A 200 mg ... plus ...)"
    text = ("Interventions\nN=566 velotinib chemotherapy (velotinib 200 mg every 3 weeks plus paclitaxel).\n"
            "N=281 placebo chemotherapy (matching placebo plus paclitaxel).\nPrimary outcome\n"
            "Progression-free survival was longer with velotinib chemotherapy (9.7 vs 5.6 months; HR 0.65).")
    assert _sizes(text) == {"velotinib chemotherapy": 566, "placebo chemotherapy": 281}


def test_a_size_line_with_a_sentence_after_the_count_is_no_arm():
    text = ("Interventions\nN=566 patients were enrolled at the start of the study.\n"
            "Patients were randomly assigned 1:1 to velotinib or docetaxel.")
    assert _sizes(text) == {"velotinib": None, "docetaxel": None}


@pytest.mark.parametrize("text, sizes", [
    ("Efficacy was analysed in the intent-to-treat population (Vel-Kd: n = 179, Kd: n = 123) and safety in treated "
     "patients (Vel-Kd: n = 177, Kd: n = 122).", {"Vel-Kd": 179, "Kd": 123}),
    ("The full analysis set (velotinib: n = 301; docetaxel: n = 299) was analysed.",
     {"velotinib": 301, "docetaxel": 299}),
])
def test_two_arms_each_with_a_colon_and_its_size_in_one_parenthesis(text, sizes):
    assert _sizes(text) == sizes


def test_one_name_with_a_colon_and_a_size_is_no_pair_of_arms():
    text = "Patients were randomly assigned 1:1 to velotinib or docetaxel (total: n = 300)."
    assert _sizes(text) == {"velotinib": None, "docetaxel": None}


@pytest.mark.parametrize("text, name", [
    ("- Velotinib with chemotherapy showed activity in the phase 1 ORCHID study\n"
     "- LANTERN (NCT01234567) evaluated velotinib-chemo vs chemo in first-line NSCLC\n", "LANTERN"),
    ("Earlier, the phase Ib HARBOR trial had found the dose. In the randomized phase 3 MERIDIAN trial, 300 patients "
     "were randomly assigned to velotinib or docetaxel.", "MERIDIAN"),
    ("The first-in-human ORCHID study set the dose; TIDEWAY, a phase 3 trial, compared velotinib with docetaxel.",
     "TIDEWAY"),
])
def test_an_early_phase_study_recalled_as_background_is_not_the_trial(text, name):
    assert extract(text).trial == name


def test_a_phase_1_2_study_keeps_its_name():
    text = "In the phase 1/2 ORCHID study, velotinib was given to 120 patients; the ORCHID study met its endpoint."
    assert extract(text).trial == "ORCHID"


@pytest.mark.parametrize("text, sizes", [
    ("Adults hospitalized with the infection. velotinib (200 mg loading dose on day 1, followed by 100 mg daily for "
     "up to 9 days) [N=538] VS placebo for up to 10 days [N=521] PRIMARY OUTCOME Median recovery time",
     {"velotinib": 538, "placebo": 521}),
    ("Design: velotinib [N = 301] versus docetaxel (75 mg/m2 every 3 weeks) [N = 299]. Primary outcome: OS.",
     {"velotinib": 301, "docetaxel": 299}),
])
def test_two_arms_compared_each_with_its_size_in_square_brackets(text, sizes):
    assert _sizes(text) == sizes


def test_a_bracketed_size_after_one_arm_only_is_no_pair():
    text = "Patients were randomly assigned 1:1 to velotinib or docetaxel. The velotinib [N=301] arm was older."
    assert _sizes(text)["docetaxel"] is None


@pytest.mark.parametrize("text, sizes", [
    ("Patients were randomised to VELO plus IPI or DOC. Overall, 1096 patients were randomised (ITT: VELO+IPI, "
     "n=550, DOC, n=546; I/P: VELO+IPI, n=425, DOC, n=422; FAV: VELO+IPI, n=125, DOC, n=124).",
     {"VELO+IPI": 550, "DOC": 546}),
    # the intention-to-treat population sizes the arms wherever it stands in the list
    ("Overall, 600 patients were randomised (PP: velotinib, n=280, docetaxel, n=270; ITT: velotinib, n=301, "
     "docetaxel, n=299).", {"velotinib": 301, "docetaxel": 299}),
])
def test_a_list_of_populations_each_sizing_both_arms(text, sizes):
    assert _sizes(text) == sizes


def _labels(text: str) -> list[str]:
    return [a.label for a in extract(text).arms]


@pytest.mark.parametrize("text, arms", [
    ("In the randomized MERIDIAN trial, velotinib plus fulvestrant significantly improved median OS to 46.7 months "
     "compared with 37.3 months for patients receiving placebo plus fulvestrant.",
     ["velotinib plus fulvestrant", "placebo plus fulvestrant"]),
    ("Velotinib significantly prolonged median PFS to 12.1 months versus 8.0 months in those who received docetaxel.",
     ["Velotinib", "docetaxel"]),
])
def test_the_comparator_named_after_its_figure_by_the_patients_who_got_it(text, arms):
    assert _labels(text) == arms


def test_patients_named_by_a_condition_after_the_figure_are_no_arm():
    # "for patients with liver metastases" names a subgroup, not a treatment
    text = ("Velotinib significantly prolonged median PFS to 12.1 months compared with 8.0 months for patients with "
            "liver metastases.")
    assert "liver" not in " ".join(_labels(text))


@pytest.mark.parametrize("text", [
    "Velotinib significantly prolonged survival; those who received only carfilzomib and dexamethasone "
    "did worse than those who received velotinib. "
    "Adding velotinib to carfilzomib and dexamethasone improved overall survival.",
    "Compared with patients who received carfilzomib and dexamethasone alone, those who received velotinib had "
    "longer survival; velotinib also improved PFS.",
])
def test_two_drugs_joined_by_and_marked_alone_or_only_are_one_arm(text):
    assert "carfilzomib and dexamethasone" in _labels(text)


def test_two_drugs_joined_by_and_without_alone_or_only_are_not_joined():
    text = "Patients were randomly assigned 1:1 to velotinib or docetaxel; those who received velotinib and docetaxel."
    assert "velotinib and docetaxel" not in _labels(text)
