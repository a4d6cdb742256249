"""Round-two rules for the trial and its arms. Each phrasing family is tested on sentences written for the test
(invented drug and trial names), beside its negative, so a rule is held to the family, not to one report's words."""

import pytest

from trialscout.scout import scout_text


def _trial(text):
    return scout_text(text).trial


def _arms(text):
    return [(a.label, a.n) for a in scout_text(text).arms]


# --- the trial's name: forms read only in a trial's own context ---------------------------------------------

@pytest.mark.parametrize("text, name", [
    # a lower-case start
    ("In the preplanned interim analysis of the #zephyrA trial, zorvatinib improved iDFS.", "zephyrA"),
    ("Results from the lumenX study showed longer PFS with zorvatinib than with placebo.", "lumenX"),
    # a cooperative group's protocol number without the group, a year-like number included
    ("The E2017 trial enrolled 500 patients with newly diagnosed disease.", "E2017"),
    ("We report the randomized phase 3 trial, S1492, of zorvatinib in older patients.", "S1492"),
    # two letters and a number
    ("In the phase 3 ZV-301 study, zorvatinib plus placebo was compared with chemotherapy.", "ZV-301"),
    ("ZV-301: The Trial That Changed First-Line Therapy", "ZV-301"),
    # a letter and a number after the hyphen
    ("Final results from the phase 3 KAPPA-B12 trial show longer OS with zorvatinib.", "KAPPA-B12"),
])
def test_a_weak_form_named_in_a_trial_context(text, name):
    assert _trial(text) == name


@pytest.mark.parametrize("text", [
    "Patients with mCRPC received zorvatinib; mCRPC patients had PFS of 8 months.",
    "The ctDNA levels fell with zorvatinib in all patients.",
    "Zorvatinib (MK-4821) was given at 200 mg; MK-4821 was well tolerated.",
    "Form E2017 was filed with the regulator in 2017.",
])
def test_a_weak_form_without_a_trial_context_is_no_name(text):
    assert _trial(text) is None


@pytest.mark.parametrize("text, name", [
    # the author group of a journal abstract
    ("Zorvatinib for Advanced Endometrial Cancer\n\nOPAL Investigators\n\nBACKGROUND: Zorvatinib is a drug.", "OPAL"),
    ("J. Smith, A. Jones, and the ZETA-14/KAPPA-B3 Study Group\n\nJournal: Journal of Things", "ZETA-14"),
    ("The ORCA Trial Investigators\n\nMETHODS: We randomly assigned patients to zorvatinib or placebo.", "ORCA"),
    # a registry line naming the trial in place of the registry
    ("Zorvatinib improved survival. (Funded by Zorva; ZENITH-44 number, NCT01234567.)", "ZENITH-44"),
    # the name after "study"/"trial"
    ("In the global, randomized, open-label study ZORAX, patients received zorvatinib.", "ZORAX"),
])
def test_a_trial_named_by_its_group_registry_or_after_study(text, name):
    assert _trial(text) == name


def test_the_protocol_number_joins_the_group_form():
    text = ("Older patients enrolled on SWOG S1492 did well. In the randomized phase 3 trial, S1492, zorvatinib "
            "was compared with placebo.")
    assert _trial(text) == "SWOG S1492"
