"""Round-three rules for the trial and its arms. Each phrasing family is tested on sentences written for the test
(invented drug and trial names), beside its negative, so a rule is held to the family, not to one report's words."""

import pytest

from trialscout.scout import scout_text


def _trial(text):
    return scout_text(text).trial


def _arms(text):
    return [(a.label, a.n) for a in scout_text(text).arms]


# --- two arms named with their sizes in one design clause ---------------------------------------------------

@pytest.mark.parametrize("text, arms", [
    ("Patients were randomized between marrow grafting (n = 90) and surveillance (n = 88). "
     "Median EFS was 30 months in the surveillance group and 44 months in the marrow grafting group.",
     [("marrow grafting", 90), ("surveillance", 88)]),
    ("Patients were randomized between autografting (n = 71) and observation (n = 70). "
     "The 3-year EFS was 55% after autografting and 31% in the observation group.",
     [("autografting", 71), ("observation", 70)]),
    ("Participants were randomly assigned after stratification by site and age to undergo either robotic partial "
     "hepatectomy (n = 300) or open partial hepatectomy (n = 301). The 3-year DFS rate was 70% in the robotic partial "
     "hepatectomy group and 71% in the open partial hepatectomy group.",
     [("robotic partial hepatectomy", 300), ("open partial hepatectomy", 301)]),
])
def test_two_sized_names_in_the_design_clause_are_the_arms(text, arms):
    assert sorted(_arms(text)) == sorted(arms)


def test_a_shared_drug_backbone_still_names_the_arms_by_what_differs():
    text = ("The trial randomly assigned patients to either zorvatinib plus melphalan-rituximab (n = 210) or placebo "
            "plus melphalan-rituximab (n = 209). Median PFS was 60 months in the zorvatinib group and 40 months in "
            "the placebo group.")
    arms = _arms(text)
    assert len(arms) == 2
    assert {n for label, n in arms if "zorvatinib" in label} == {210}
    assert {n for label, n in arms if "placebo" in label} == {209}


# --- counts of events, design words and strata are no arms --------------------------------------------------

@pytest.mark.parametrize("text", [
    ("We conducted a randomized trial of HFRT versus CFRT. At 5 years, men treated with HFRT had fewer treatment "
     "failures (n = 12) than men treated with CFRT (n = 25; P = .03)."),
    ("In a randomized trial of ZORV versus CTRL, patients on ZORV had fewer relapses (n = 8) than those on CTRL "
     "(n = 19; P = .01)."),
])
def test_an_event_count_is_no_arm_size(text):
    assert all(n is None for _, n in _arms(text))
    assert not any(label.lower() in ("failures", "relapses") for label, _ in _arms(text))


@pytest.mark.parametrize("text, word", [
    ("The trial randomized 900 patients to a single XR phase (300 patients), 2 XR phases (XXR) (300 patients), or "
     "zorvatinib (300 patients). EFS was longer with XXR than with XR.", "phase"),
    ("Patients were randomized after stratification by site, age, and stage to zorvatinib or placebo. Secondary end "
     "points were tested for superiority. OS was longer with zorvatinib than with placebo.", "superiority"),
    ("Patients were randomized after stratification by site, age, and stage to zorvatinib or placebo. "
     "OS was longer with zorvatinib than with placebo across age groups.", "age"),
])
def test_a_design_word_or_stratum_is_no_arm(text, word):
    assert word not in [label.lower() for label, _ in _arms(text)]


# --- arms named by their durations --------------------------------------------------------------------------

@pytest.mark.parametrize("text, arms", [
    ("A total of 800 patients were randomly assigned to receive zorvatinib for 3 (n = 401) or 6 (n = 399) months. "
     "The 3-year DFS was 70.1% in the 3M group and 74.2% in the 6M group.",
     [("3M", 401), ("6M", 399)]),
    ("Patients were randomly assigned to receive oral zorvatinib for 6 (n = 310) or 12 (n = 305) months. "
     "The 5-year RFS was 69.3% and 74.1% in the 6M and 12M groups, respectively.",
     [("6M", 310), ("12M", 305)]),
])
def test_arms_named_by_their_durations(text, arms):
    assert sorted(_arms(text)) == sorted(arms)


def test_a_duration_without_a_group_is_no_arm():
    text = "Patients received zorvatinib for 6 months; the 5-year OS was 80% with zorvatinib and 75% with placebo."
    assert not any(label[0].isdigit() for label, _ in _arms(text))


# --- "(n = N for each)" -------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, n", [
    ("Patients were randomly assigned to receive zorplatin- or cisplatin-based CCRT (n = 150 for each). The 5-year "
     "OS was 80% in the zorplatin group and 79% in the cisplatin group.", 150),
    ("Patients were randomly assigned to zorvatinib or placebo (n = 88 each). Median PFS was 9 months with "
     "zorvatinib versus 4 months with placebo.", 88),
])
def test_one_size_for_each_arm(text, n):
    arms = _arms(text)
    assert len(arms) == 2 and all(size == n for _, size in arms)


# --- a three-arm design sized in patients, an abbreviation between a name and its size ------------------------

def test_three_arms_sized_in_patients():
    text = ("The trial randomized 1200 patients to a single XR course (405 patients), 2 XR courses (XXR) (402 "
            "patients), or a single XR course with added zorvatinib pulses (XRZP) (397 patients). EFS was longer with "
            "XXR than with XR or XRZP. Survival at 6 years was 87% for XR, 91% for XXR and 90% for XRZP.")
    arms = dict(_arms(text))
    assert arms.get("XRZP") == 397 and arms.get("XXR") == 402
    assert _trial(text) != "XRZP"


# --- a one-word name after the phase ------------------------------------------------------------------------

@pytest.mark.parametrize("text, name", [
    ("The approval was based on results from the phase III Tango trial. Zorvatinib doubled PFS to a median of 7.4 "
     "months versus 3.8 months on placebo.", "Tango"),
    ("Data from the phase 3 Solstice study showed longer OS with zorvatinib than with placebo.", "Solstice"),
])
def test_a_one_word_name_after_the_phase(text, name):
    assert _trial(text) == name


@pytest.mark.parametrize("text", [
    "Results of the phase III Japanese trial showed longer OS with zorvatinib than with placebo.",
    "In the phase III Randomized study, zorvatinib was compared with placebo.",
])
def test_an_adjective_after_the_phase_is_no_name(text):
    assert _trial(text) is None


def test_a_phase_numeral_is_no_part_of_a_name():
    text = "Results from the phase III Tango trial were presented; Tango enrolled 500 patients."
    assert _trial(text) != "III Tango"


# --- an arm sized differently in two randomizations has no one size -------------------------------------------

def test_an_arm_sized_in_two_randomizations_has_no_size():
    text = ("Responders were randomized between marrow grafting (n = 60) and surveillance (n = 61); their 3-year EFS "
            "rates were 70% and 40%. Non-responders were randomized between marrow grafting (n = 45) and zorvatinib "
            "(n = 47). EFS was longer after marrow grafting than with surveillance.")
    arms = dict(_arms(text))
    assert "marrow grafting" in arms and arms["marrow grafting"] is None
    assert arms.get("surveillance") in (None, 61)


# --- a group's numbered study -------------------------------------------------------------------------------

@pytest.mark.parametrize("text, name", [
    ("Interim report of ZKGO study no. 14--phase III randomized trial of zorvatinib versus placebo. The interim "
     "analysis of the ZKGO study covers 190 patients. The ZKGO Clinical Trial Committee permitted this report.",
     "ZKGO study no. 14"),
    ("Final results of the QTRG Study No. 7: zorvatinib versus observation. In the QTRG study, 300 patients were "
     "randomized.", "QTRG Study No. 7"),
])
def test_a_groups_numbered_study(text, name):
    assert _trial(text) == name


# --- a slide's heading names the trial; a double-spaced table header names and sizes the arms --------------------

@pytest.mark.parametrize("text, name", [
    ("Smith J, et al. 2021\n\nZEPHYRUS \u2013 SECONDARY AND EXPLORATORY ENDPOINTS\n\nMedian OS was not reached.\n",
     "ZEPHYRUS"),
    ("TALONAR - PRIMARY END POINT\nZorvatinib improved PFS versus placebo.\n", "TALONAR"),
])
def test_a_slide_heading_names_the_trial(text, name):
    assert _trial(text) == name


def test_a_heading_without_a_results_word_is_no_trial_context():
    assert _trial("ZEPHYRUS \u2013 WHERE WE STAND\n\nZorvatinib improved PFS versus placebo.\n") is None


def test_a_double_spaced_table_header_sizes_the_arms():
    text = ("End Point\n\nZorvatinib\n\n(N=610)\n\nPlacebo\n\n(N=305)\n\nHazard Ratio\n\n(95% CI)\n\n"
            "Median progression-free survival\n\n40.5\n\n14.7\n\n0.29 (0.24\u20130.36)\n")
    assert sorted((label.lower(), n) for label, n in _arms(text)) == [("placebo", 305), ("zorvatinib", 610)]


# --- a drug paired with a steroid keeps its hyphen across a break; an arm's label has single spaces ---------------

def test_a_steroid_pair_broken_at_its_hyphen_names_the_arm():
    text = ("Endpoint | Zorvatinib + melphalan- prednisone (n=300) | Melphalan- prednisone (n=301) |\n"
            "Median rPFS, months | 22.6 | 16.6 |\n"
            "Patients were randomly assigned to zorvatinib plus melphalan-prednisone or melphalan-prednisone alone.")
    labels = [label for label, _ in _arms(text)]
    assert all("  " not in label for label in labels)
    assert not any("melphalanprednisone" in label.lower() for label in labels)
