"""The reader's rules for the trial and its arms: the trial's name, the arms' names and their randomized sizes.
Each class of phrasing is tested on sentences written for the test (invented drug and trial names), so a rule is
held to the phrasing family, not to one report's words."""

import pytest

from trialscout.scout import scout_text


def _trial(text):
    return scout_text(text).trial


def _arms(text):
    return [(a.label, a.n) for a in scout_text(text).arms]


# --- the trial's name -------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    # a regimen's acronym, defined and repeated, is an arm, not a trial
    "Patients were randomized to cyclophosphamide, doxorubicin, vincristine, and prednisone (CHOP) or ZOR-CHP. "
    "Median PFS was 30.1 months with ZOR-CHP versus 20.8 months with CHOP. The CHOP arm had more neuropathy. "
    "In the CHOP group, 40 patients relapsed.",
    # a brand name repeated in a label's table
    "Overall survival of patients treated with either ZORVIX or placebo. Patients treated with ZORVIX lived longer. "
    "Hazard ratio <1 favors ZORVIX. ZORVIX was well tolerated.",
    # a drug's short form as an arm name: "NIVO + CABO"
    "Overall, 300 patients were randomised to ZORA + CABO and 301 to SUN. Median PFS was improved with ZORA + CABO "
    "versus SUN (16.6 versus 8.4 months). The maximum ZORA treatment was 2 years; ZORA was given every 2 weeks.",
])
def test_a_treatment_acronym_is_not_a_trial_name(text):
    assert _trial(text) is None


@pytest.mark.parametrize("text", [
    "Secondary endpoints included time-to-next-treatment (TTNT). The TTNT was longer with zorvatinib than with "
    "placebo. Median TTNT was not reached. TTNT favoured zorvatinib in the phase 3 setting.",
    "Patients proceeded to autologous stem-cell transplantation (ASCT) after induction. After ASCT, 40 relapsed. "
    "ASCT was feasible; the ASCT group did well in this randomized setting.",
])
def test_an_abbreviated_term_is_not_a_trial_name(text):
    assert _trial(text) is None


@pytest.mark.parametrize("text, name", [
    ("Previous results from ZEPHYRA demonstrated superior PFS with zorvatinib. Here we report OS.", "ZEPHYRA"),
    ("We present data from ORION-TX after a median follow-up of 60 months.", "ORION-TX"),
    ("This is a preplanned subgroup analysis of patients 65 years or older in KAPPA-12.", "KAPPA-12"),
    ("Zorvatinib Plus Placebo Versus Placebo in Participants With Advanced Melanoma (ZETA-047) evaluated "
     "zorvatinib.", "ZETA-047"),
    ("Primary Endpoint – PERSEUS Results | ZORVIX (zorvatinib) Site", "PERSEUS"),
    ("The company announced data from ALB-PC7, a pivotal, international, double blind, randomized Phase 3 trial "
     "of zorvatinib.", "ALB-PC7"),
])
def test_a_trial_named_once_in_its_context(text, name):
    assert _trial(text) == name


@pytest.mark.parametrize("text, name", [
    ("The Lymphoma XII trial randomized 800 patients. Lymphoma XII was designed as an open-label study.",
     "Lymphoma XII"),
    ("The randomized, phase III CLL Elderly trial compared zorvatinib with chlorambucil.", "CLL Elderly"),
    ("SWOG S0123 was a phase III randomized study that compared zorvatinib with placebo.", "SWOG S0123"),
    ("In ZETA3/GOG 3010 (ClinicalTrials.gov identifier: NCT0000001), maintenance zorvatinib was given. The "
     "ZETA3/GOG 3010 Trial enrolled 391 patients.", "ZETA3"),
])
def test_names_of_several_words_and_group_protocol_numbers(text, name):
    assert _trial(text) == name


def test_a_name_repeated_often_is_the_trial_without_the_word_trial():
    text = ("In ZEPHYRA, PFS was longer with zorvatinib than with placebo. ZEPHYRA enrolled adults. ZEPHYRA met its "
            "primary endpoint. Safety in ZEPHYRA was as expected. ZEPHYRA will report OS next year.")
    assert _trial(text) == "ZEPHYRA"


def test_a_trial_named_as_the_subject_of_a_result():
    text = ("ZEPHYRA showed longer PFS with zorvatinib than with placebo. The ZEPHYRA trial enrolled adults. "
            "Median PFS was 9.1 months with zorvatinib versus 4.2 months with placebo.")
    assert _trial(text) == "ZEPHYRA"
    assert [a for a, _ in _arms(text)] == ["zorvatinib", "placebo"]


def test_a_phase_is_not_a_trial_name():
    assert _trial("The Phase III trial compared zorvatinib with placebo. The Stage IV study was stopped.") is None


# --- the arms' randomized sizes ---------------------------------------------------------------------------

@pytest.mark.parametrize("text, sizes", [
    # numbers in words
    ("Fifty-one and 58 patients aged 65 years or older were randomized to zorvatinib and placebo, respectively. "
     "Median PFS was 9.1 months with zorvatinib versus 4.2 months with placebo.", [51, 58]),
    ("Three hundred twelve of 470 patients were randomly assigned to receive zorvatinib; 158 received a placebo. "
     "Median PFS was 9.1 months with zorvatinib versus 4.2 months with placebo.", [312, 158]),
    ("Twenty-two and 19 women were randomly assigned to zorvatinib and placebo, respectively. Median PFS was "
     "9.1 months with zorvatinib versus 4.2 months with placebo.", [22, 19]),
])
def test_sizes_in_words_and_respectively(text, sizes):
    assert [n for _, n in _arms(text)] == sizes


@pytest.mark.parametrize("text", [
    "A total of 500 patients were enrolled (250 patients in each arm). Median PFS was 9.1 months with zorvatinib "
    "versus 4.2 months with placebo.",
    "After stratification, 250 patients were randomly assigned into each arm. Median PFS was 9.1 months with "
    "zorvatinib versus 4.2 months with placebo.",
    "Patients were randomized (n = 250 per arm) to zorvatinib or placebo. Median PFS was 9.1 months with "
    "zorvatinib versus 4.2 months with placebo.",
])
def test_one_size_for_each_arm(text):
    assert [n for _, n in _arms(text)] == [250, 250]


def test_a_total_before_sizes_printed_with_a_garbled_equals_sign():
    text = ("Overall, 600 patients were randomly assigned to zorvatinib (n5301) or placebo (n5299) with "
            "chemotherapy. Median OS was 12.8 months with zorvatinib versus 11.5 months with placebo.")
    assert _arms(text) == [("zorvatinib", 301), ("placebo", 299)]


@pytest.mark.parametrize("text", [
    "The ZETA trial enrolled 300 patients including 200 patients in the oral zorvatinib plus BSC arm. "
    "Median OS was 8.2 months with zorvatinib plus BSC versus 5.9 months with BSC.",
    "The ZETA trial randomized 300 patients (200 patients in the zorvatinib plus BSC arm). "
    "Median OS was 8.2 months with zorvatinib plus BSC versus 5.9 months with BSC.",
])
def test_patients_in_the_arm_of_an_enrolment_sentence(text):
    assert dict(_arms(text)).get("zorvatinib plus BSC") == 200


def test_patients_in_the_arm_of_a_result_sentence_are_no_size():
    text = ("Patients were randomly assigned to zorvatinib or placebo. Of the randomized patients, 40 patients in "
            "the zorvatinib arm responded. Median PFS was 9.1 months with zorvatinib versus 4.2 months with placebo.")
    assert [n for _, n in _arms(text)] == [None, None]


def test_an_abbreviation_inside_an_arm_name_is_not_an_arm():
    text = ("Patients were randomized 1:1 to zorcabtagene [zor-cel; autologous chimeric antigen receptor (CAR) T-cell "
            "therapy] or standard of care (SOC). Median EFS was greater with zor-cel than with SOC (8.1 vs 2.0 "
            "months). Median OS was 20.1 months with zor-cel versus 15.0 months with SOC.")
    labels = [a for a, _ in _arms(text)]
    assert "CAR" not in labels and "SOC" in labels


# --- the arms' names --------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Median PFS was 10.2 months with zorvatinib + relatimab versus 4.6 months with zorvatinib (HR 0.78). Median OS "
    "was 30.1 months with zorvatinib + relatimab versus 25.0 months with zorvatinib.",
    "Patients received zorvatinib plus relatimab or zorvatinib alone. Median PFS was 10.2 months with zorvatinib "
    "plus relatimab versus 4.6 months with zorvatinib (HR 0.78). The ORR was higher with zorvatinib plus relatimab.",
])
def test_an_add_on_design_has_the_combination_and_its_drug_alone(text):
    labels = [a for a, _ in _arms(text)]
    assert len(labels) == 2 and "relatimab" in labels[0] and labels[1] == "zorvatinib"


def test_a_combination_named_by_its_new_drug_is_one_arm():
    text = ("Patients were randomly assigned to zorvatinib plus fulvestrant or placebo plus fulvestrant. Median PFS "
            "was 20.5 months with zorvatinib versus 12.8 months with placebo plus fulvestrant. PFS favoured "
            "zorvatinib plus fulvestrant. Responses were more frequent with zorvatinib.")
    labels = [a for a, _ in _arms(text)]
    assert len(labels) == 2 and "placebo plus fulvestrant" in labels


def test_not_reached_with_its_abbreviation_in_parentheses_keeps_its_ci():
    # the add-on design's arms carry a median "not reached (NR) (95% CI, 34.2 to NR)"
    text = ("Median PFS was 10.2 months with zorvatinib + relatimab versus 4.6 months with zorvatinib (HR 0.78). "
            "Median OS was not reached (NR) (95% CI, 34.2 to NR) with zorvatinib + relatimab versus 34.1 months "
            "(95% CI, 25.2 to NR) with zorvatinib (HR 0.80).")
    recs = {(r.arm, r.value, r.ci_lower) for r in scout_text(text).records if r.kind == "median"}
    assert ("zorvatinib + relatimab", "NR", 34.2) in recs


# --- sizes in a table's header or a list --------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Table 2: Overall survival of patients treated with either ZORVIX or placebo\nZORVIX\n(N=500)\nPlacebo\n(N=250)\n"
    "Deaths (%) 333 (42%) 219 (55%)\nMedian survival (months) 14.8 11.2\nHazard ratio 0.65",
    "Table 7: Demographics Baseline Status ZORVIX Placebo\nN=500 N=250\nAge 65 65\n"
    "Table 8: Study Results ZORVIX\nN = 500 Placebo\nN = 250 Hazard Ratio\nDisease Free Survival 0.62",
    "Interventions\nN=500 zorvix (10 mg once daily).\nN=250 placebo (matching placebo once daily).\n"
    "Zorvix was superior to placebo. 67.0% male\nN = 750\n",
])
def test_sizes_in_a_tables_header_or_a_list(text):
    assert sorted(n for _, n in _arms(text)) == [250, 500]


@pytest.mark.parametrize("text, labels", [
    ("Patients were randomly assigned 1:1 to receive zorvatinib 480 mg and relatimab 160 mg or zorvatinib 480 mg "
     "alone. Median PFS was 10.2 versus 4.6 months (HR 0.78).", ["zorvatinib and relatimab", "zorvatinib"]),
    ("Patients were randomly assigned 1:1 to receive zorvatinib 480 mg plus relatimab 160 mg fixed-dose combination "
     "or zorvatinib 480 mg alone. Median PFS was 10.2 versus 4.6 months (HR 0.78).",
     ["zorvatinib plus relatimab", "zorvatinib"]),
    ("Patients were randomized 2:1 to receive zorvatinib 200 mg/m2 or placebo, every 3 weeks. Median PFS was 10.2 "
     "versus 4.6 months (HR 0.78).", ["zorvatinib", "placebo"]),
])
def test_doses_in_the_design_sentence_are_not_in_the_arms_names(text, labels):
    assert [a for a, _ in _arms(text)] == labels
    assert ("PFS", labels[0], 10.2) in {(r.endpoint, r.arm, r.value) for r in scout_text(text).records}


@pytest.mark.parametrize("text", [
    "Overall, 300 patients were randomly assigned in a 1:1:1 ratio to receive zorvatinib, relatimab, or placebo; "
    "100 were assigned to zorvatinib, 101 to relatimab and 99 to placebo. Median PFS was 10.2, 8.1 and 4.6 months, "
    "respectively.",
    "A total of 300 patients were randomized 1:1:1 to zorvatinib (n = 100), relatimab (n = 101), or placebo "
    "(n = 99). Median PFS was 10.2, 8.1 and 4.6 months, respectively.",
])
def test_three_arms_sized_in_the_design_sentence(text):
    assert _arms(text) == [("zorvatinib", 100), ("relatimab", 101), ("placebo", 99)]


@pytest.mark.parametrize("text", [
    "A total of 600 patients were randomized to zorvatinib or placebo. Median PFS was 10.2 versus 4.6 months (HR 0.78).",
    "Overall, 600 patients were randomly assigned to receive zorvatinib or placebo. Median PFS was 10.2 versus 4.6 "
    "months (HR 0.78).",
    "Of the 600 patients randomized to zorvatinib or placebo, 120 had brain metastases. Median PFS was 10.2 versus "
    "4.6 months (HR 0.78).",
])
def test_a_total_randomized_to_both_arms_is_no_arms_size(text):
    assert [n for _, n in _arms(text)] == [None, None]


@pytest.mark.parametrize("text, sizes", [
    ("A total of 484 women were randomly assigned to zorvatinib plus fulvestrant, and 242 to placebo plus "
     "fulvestrant. Median PFS was 10.2 versus 4.6 months (HR 0.78).", [484, 242]),
    ("In total, 600 patients were randomized (400 to zorvatinib and 200 to placebo). Median PFS was 10.2 versus 4.6 "
     "months (HR 0.78).", [400, 200]),
])
def test_sizes_after_a_total(text, sizes):
    assert [n for _, n in _arms(text)] == sizes


def test_both_arms_denominators_in_one_sentence():
    text = ("Patients were randomized 2:1 to zorvatinib plus fulvestrant or placebo plus fulvestrant. At the data "
            "cut-off, 102 (29.4%) out of 347 patients in the zorvatinib plus fulvestrant arm and 93 (53.4%) out of "
            "174 patients in the placebo plus fulvestrant arm had progressed or died. Median PFS was 9.2 versus 3.8 "
            "months (HR 0.42).")
    assert _arms(text) == [("zorvatinib plus fulvestrant", 347), ("placebo plus fulvestrant", 174)]


@pytest.mark.parametrize("middle", [
    # a safety sentence's denominators are the treated, not the randomized
    "Grade 3 adverse events occurred in 60 (17.4%) of 345 patients in the zorvatinib plus fulvestrant arm and "
    "10 (5.9%) of 170 patients in the placebo plus fulvestrant arm.",
    # one arm's denominator alone
    "Progression occurred in 102 (29.4%) out of 347 patients in the zorvatinib plus fulvestrant arm.",
])
def test_denominators_that_are_no_sizes(middle):
    text = ("Patients were randomized 2:1 to zorvatinib plus fulvestrant or placebo plus fulvestrant. " + middle +
            " Median PFS was 9.2 versus 3.8 months (HR 0.42).")
    assert [n for _, n in _arms(text)] == [None, None]


@pytest.mark.parametrize("text, sizes", [
    ("Patients randomized to the treatment arm (n = 93) received zorvacitidine maintenance. The control arm "
     "(n = 94) had no intervention. RFS was longer in the zorvacitidine group than in the control group.", [93, 94]),
    ("The experimental group (n = 120) received zorvatinib; the control group (n = 118) received placebo. Median "
     "PFS was 9.1 months with zorvatinib versus 4.2 months with placebo.", [120, 118]),
])
def test_generic_arm_names_sized(text, sizes):
    assert sorted(n for _, n in _arms(text)) == sorted(sizes)
