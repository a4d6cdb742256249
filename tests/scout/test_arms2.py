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


# --- the arms' sizes ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, sizes", [
    # a list after the design verb: "ARM, N; ARM, N", "ARM n = N, ARM n = N", "N in the ARM arm; N in the ARM arm"
    ("A total of 600 patients were randomized (zorvatinib, 402; placebo, 198). Median PFS was longer with "
     "zorvatinib than with placebo (12.1 vs 6.3 months).", [402, 198]),
    ("Overall, 500 pts were randomized (zorvatinib n = 251, placebo n = 249). PFS was longer with zorvatinib than "
     "with placebo.", [251, 249]),
    ("A total of 480 patients were randomized (241 in the zorvatinib arm; 239 in the placebo arm). OS favoured "
     "zorvatinib over placebo.", [241, 239]),
    ("Overall, 794 patients were randomized (n = 532 zorvatinib; n = 262 placebo). DFS favoured zorvatinib over "
     "placebo. Median OS with zorvatinib versus placebo was 30 months.", [532, 262]),
    ("In all, 300 patients were randomly assigned, 151 in the zorvatinib group and 149 in the placebo group; 20 and "
     "30 died. PFS favoured zorvatinib versus placebo.", [151, 149]),
])
def test_sizes_listed_after_the_design_verb(text, sizes):
    assert [n for _label, n in _arms(text)] == sizes


def test_a_list_that_sizes_one_arm_only_gives_no_size():
    text = ("A total of 600 patients were randomized (zorvatinib, 402). Median PFS was longer with zorvatinib than "
            "with placebo (12.1 vs 6.3 months). Placebo was given orally; zorvatinib was given with placebo.")
    assert dict(_arms(text)).get("placebo") is None


@pytest.mark.parametrize("text, sizes", [
    # "(n = N; HR ...)": a size followed by another item in its parentheses
    ("Median DFS was 10.8 months with placebo (n = 262) and 21.8 months with zorvatinib (n = 532; HR, 0.76; "
     "95% CI, 0.63-0.91).", {"placebo": 262, "zorvatinib": 532}),
    ("Median OS in the zorvatinib arm (n = 143) was 54.0 months vs not reached in the placebo arm (n = 73; HR, "
     "0.81; 95% CI, 0.42-1.56).", {"zorvatinib": 143, "placebo": 73}),
])
def test_a_size_followed_by_a_ratio_in_its_parentheses(text, sizes):
    assert dict(_arms(text)) == sizes


@pytest.mark.parametrize("text", [
    # the count behind a rate is not an arm's size
    "The ORR in the zorvatinib arm reached 67.5% (n=295), whereas the ORR in the placebo arm was 44.2% (n=195).",
    "ORR was 52% (n = 88) with zorvatinib versus 30% (n = 51) with placebo.",
    # a ratio's part is not a size
    "A total of 216 participants were 2:1 randomised to receive zorvatinib (80 mg daily) until disease progression, "
    "or a placebo. Median PFS was longer with zorvatinib than with placebo (12 vs 6 months).",
    "Eligible women were 2:1 randomized to zorvatinib given until relapse. OS was longer with zorvatinib than with "
    "placebo, and PFS with zorvatinib versus placebo.",
    "Patients were 3:1 randomized to zorvatinib or placebo. PFS favoured zorvatinib over placebo.",
])
def test_no_size_from_a_rate_count_or_a_ratio(text):
    assert all(n is None for _label, n in _arms(text))


# --- the arms' names ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, labels", [
    # a timing strategy with its treatment
    ("Patients were randomized to early ART or deferred ART. Mortality was lower with early ART than with "
     "deferred ART.", {"early ART", "deferred ART"}),
    ("A total of 253 patients were randomized, 127 in the immediate ART group and 126 in the deferred ART group; "
     "76 and 70 patients died.", {"immediate ART", "deferred ART"}),
    ("We randomly assigned patients to immediate surgery or delayed surgery. Survival was similar with "
     "immediate surgery versus delayed surgery.", {"immediate surgery", "delayed surgery"}),
    # "relative to" compares two arms
    ("Patients were randomly assigned to receive ZR or 6 cycles of FCR. ZR led to longer PFS relative to FCR in "
     "all patients. ZR improved OS relative to FCR.", {"ZR", "FCR"}),
])
def test_arm_names_of_timing_and_relative_comparisons(text, labels):
    assert {label for label, _n in _arms(text)} == labels


def test_no_timing_arm_from_an_early_stage():
    text = "Patients with early breast cancer were treated with zorvatinib. Early relapses were rare."
    assert all("early" not in label.lower() for label, _n in _arms(text))


@pytest.mark.parametrize("text, sizes", [
    ("Patients were randomly assigned to ZR or FCR. ZR improved PFS relative to FCR. Among the 354 patients "
     "randomized to ZR, 214 (60.5%) remain on treatment.", {"ZR": 354, "FCR": None}),
    ("Patients were randomized to zorvatinib or placebo; PFS favoured zorvatinib versus placebo. Among the 120 "
     "patients randomized to placebo, 40 crossed over.", {"zorvatinib": None, "placebo": 120}),
])
def test_among_the_patients_randomized_to_an_arm(text, sizes):
    assert dict(_arms(text)) == sizes


def test_of_the_patients_randomized_to_both_arms_is_a_total():
    text = ("Of the 713 patients randomized to zorvatinib or placebo, 473 were evaluable. PFS favoured zorvatinib "
            "versus placebo.")
    assert all(n is None for _label, n in _arms(text))


@pytest.mark.parametrize("text, labels", [
    # the abbreviation after a list of drugs names the regimen; its last drug is no arm
    ("Median OS was longer with ZBd than with daratumumab (Darzalex) plus bortezomib and dexamethasone (DBd; HR, "
     "0.58). ORR was 83% with ZBd vs 71% with DBd. PFS favoured ZBd over DBd.", ["ZBd", "DBd"]),
    ("Patients received zorvatinib with lenalidomide and dexamethasone (ZRd) or carfilzomib plus lenalidomide "
     "and dexamethasone (KRd). PFS was longer with ZRd than with KRd; OS favoured ZRd over KRd.", ["ZRd", "KRd"]),
])
def test_a_regimen_abbreviation_is_the_arm_not_its_last_drug(text, labels):
    assert [label for label, _n in _arms(text)] == labels


def test_a_drug_abbreviated_by_its_own_letters_keeps_its_name():
    text = ("Patients were randomized to zorvatinib plus sorafenib (SOR) or sorafenib alone. PFS was longer with "
            "zorvatinib plus sorafenib than with SOR alone; OS favoured zorvatinib plus sorafenib versus SOR.")
    labels = [label for label, _n in _arms(text)]
    assert "sorafenib" in labels or "SOR" in labels


@pytest.mark.parametrize("text", [
    "Overall survival in the intention-to-treat population was similar between ZRT and ZCT (HR 0.82). "
    "The pCR rate in the ZRT group was higher than in the ZCT group. PFS with ZRT versus ZCT was similar.",
    "In the per-protocol population, OS was longer with ZRT than with ZCT. DFS in the ZRT group exceeded that of "
    "the ZCT group; the per-protocol population was 90% of all.",
])
def test_an_analysis_population_is_no_arm(text):
    assert sorted(label for label, _n in _arms(text)) == ["ZCT", "ZRT"]


@pytest.mark.parametrize("text, sizes", [
    # a combination whose second part is a named chemotherapy, in a three-arm design
    ("In all, 882 patients were randomly assigned 1:1:1 to receive zorvatinib alone (n = 301), zorvatinib plus "
     "platinum/fluorouracil chemotherapy (n = 281), or cetuximab plus platinum/fluorouracil chemotherapy (n = 300). "
     "OS was longer with zorvatinib/chemotherapy than with cetuximab/chemotherapy.",
     {"zorvatinib": 301, "zorvatinib plus platinum/fluorouracil chemotherapy": 281,
      "cetuximab plus platinum/fluorouracil chemotherapy": 300}),
    ("Patients were randomized to zorvatinib plus platinum-based chemotherapy (n = 410) or placebo plus "
     "platinum-based chemotherapy (n = 206). OS favoured zorvatinib plus platinum-based chemotherapy.",
     {"zorvatinib plus platinum-based chemotherapy": 410, "placebo plus platinum-based chemotherapy": 206}),
])
def test_a_combination_with_a_named_chemotherapy(text, sizes):
    assert dict(_arms(text)) == sizes


def test_a_cooperative_group_is_no_trial_name():
    text = "Investigators of the ZELDA Group reported longer PFS with zorvatinib than with placebo (HR 0.61)."
    assert _trial(text) is None


def test_a_brand_in_parentheses_is_no_regimen_abbreviation():
    text = ("Patients were randomized to carboplatin plus zorvatinib (Zorvix) or carboplatin plus placebo. PFS was "
            "longer with zorvatinib than with placebo; OS favoured zorvatinib over placebo.")
    assert "Zorvix" not in [label for label, _n in _arms(text)]


@pytest.mark.parametrize("text", [
    # a regimen's short form, even beside trial words
    "Results from the phase 3 study of ZRd: patients received ZRd or Isa-ZRd. Data from ZRd cohorts. ZRd was given.",
    # a gene or a growth factor of a subgroup
    "In the IGHV-mutated subgroup, PFS was longer. Results from the IGHV analysis. IGHV status was known in most.",
    "Results from the GM-CSF study were mixed; GM-CSF was given to all. Data from GM-CSF users.",
])
def test_a_regimen_or_marker_is_no_trial_name(text):
    assert _trial(text) is None


@pytest.mark.parametrize("text, arms", [
    # "A in combination with B", "A combined with B": one arm, as "A plus B"
    ("Patients were randomized to zorvatinib in combination with chemotherapy or placebo plus chemotherapy. OS was "
     "longer with zorvatinib in combination with chemotherapy than with placebo plus chemotherapy.",
     [("zorvatinib in combination with chemotherapy", None), ("placebo plus chemotherapy", None)]),
    ("Patients were randomized to zorvatinib combined with fulvestrant (n = 200) or fulvestrant alone (n = 198). "
     "PFS was longer with zorvatinib combined with fulvestrant than with fulvestrant alone.",
     [("zorvatinib combined with fulvestrant", 200), ("fulvestrant", 198)]),
])
def test_a_combination_named_in_combination_with(text, arms):
    assert _arms(text) == arms


@pytest.mark.parametrize("text, labels", [
    # a three-arm design sentence, one arm the combination's own drug given alone
    ("Patients were randomized (2:2:1) to receive zorvatinib in combination with amivantamab, osimertinib "
     "monotherapy, or zorvatinib monotherapy (to show the contribution of components). Median PFS was longer with "
     "zorvatinib in combination with amivantamab than with osimertinib. Median PFS in the zorvatinib monotherapy "
     "arm was 18.5 months.",
     ["zorvatinib in combination with amivantamab", "osimertinib", "zorvatinib"]),
    ("Women were randomly assigned 1:1:1 to zorvatinib plus letrozole, anastrozole, or zorvatinib alone. PFS was "
     "longer with zorvatinib plus letrozole than with anastrozole; zorvatinib alone was inferior.",
     ["zorvatinib plus letrozole", "anastrozole", "zorvatinib"]),
])
def test_a_three_arm_design_list(text, labels):
    assert [label for label, _n in _arms(text)] == labels
