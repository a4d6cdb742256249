"""Results, fifth round: the causes of false and missed records found on the tenth and eleventh held-out sets, each
as a class of phrasings written here with invented names (several variants each), with the negatives that must give
no record. Every case states the records it must give (endpoint, kind, arm, value, CI limits, CI level, P, time
point), nothing more."""

import pytest

from trialscout.scout import scout_text

DESIGN = "In the phase 3 MERIDAN-4 trial, 610 patients were randomly assigned 1:1 to tovarimab or placebo. "
A, B = "tovarimab", "placebo"


def _got(text):
    return {(r.endpoint, r.kind, r.arm.lower() if r.arm else None, r.value, r.ci_lower, r.ci_upper, r.ci_level,
             r.p_operator, r.p_value, r.timepoint_months) for r in scout_text(text).records}


def _hr(ep, v, lo, hi, level=95.0, op=None, p=None):
    return (ep, "hr", None, v, lo, hi, level, op, p, None)


# --- a CI after a colon, or opening its own bracket after a semicolon, is the ratio's -------------------------------
CI_AFTER_CASES = {
    "colon": ("PFS was improved with tovarimab (HR 0.43: 95% CI, 0.34-0.56; P < 0.0001).",
              {_hr("PFS", 0.43, 0.34, 0.56, op="<", p=0.0001)}),
    "colon-words": ("Overall survival was longer with tovarimab (hazard ratio 0.71: 95% confidence interval, 0.58 to "
                    "0.87).", {_hr("OS", 0.71, 0.58, 0.87)}),
    "semicolon-bracket": ("PFS favoured tovarimab (HR [tovarimab vs placebo] 0.57; [95% CI, 0.44 to 0.73]).",
                          {_hr("PFS", 0.57, 0.44, 0.73)}),
    "semicolon-paren": ("The hazard ratio for overall survival was 0.66; (95% CI, 0.52-0.84).",
                        {_hr("OS", 0.66, 0.52, 0.84)}),
    "comma-bracket": ("The hazard ratio for PFS was 0.62, [95% CI 0.50-0.77], favouring tovarimab.",
                      {_hr("PFS", 0.62, 0.5, 0.77)}),
}


@pytest.mark.parametrize("key", sorted(CI_AFTER_CASES))
def test_ci_after_colon_or_own_bracket(key):
    text, want = CI_AFTER_CASES[key]
    assert _got(DESIGN + text) == want


# --- a design assumption gives no record ------------------------------------------------------------------------
DESIGN_NEGATIVES = [
    "The primary objective was to demonstrate that tovarimab improves the 5-year event-free survival from 30% to 50%.",
    "The trial was designed to detect an improvement in median PFS from 6.0 months with placebo to 9.0 months with "
    "tovarimab.",
    "Assuming a 2-year overall survival rate of 60% with placebo and 70% with tovarimab, 610 patients were needed.",
    "The study was powered to show a hazard ratio for PFS of 0.70 with 90% power.",
    "We hypothesized that tovarimab would raise the 3-year OS rate from 45% to 58%.",
    "The aim was to show an increase in the objective response rate from 20% to 35% with tovarimab.",
]


@pytest.mark.parametrize("text", DESIGN_NEGATIVES)
def test_design_assumption_gives_no_record(text):
    assert _got(DESIGN + text) == set()


def test_negated_design_word_keeps_the_result_after_its_clause():
    text = ("Although the trial was not powered to demonstrate a difference, the median overall survival was 19.3 "
            "months with tovarimab vs 14.1 months with placebo.")
    assert _got(DESIGN + text) == {("OS", "median", A, 19.3, None, None, None, None, None, None),
                                   ("OS", "median", B, 14.1, None, None, None, None, None, None)}


def test_design_clause_ends_and_the_result_after_it_is_read():
    text = ("The trial was designed to detect a hazard ratio of 0.75; the median PFS was 11.2 months with tovarimab "
            "vs 8.4 months with placebo.")
    assert _got(DESIGN + text) == {("PFS", "median", A, 11.2, None, None, None, None, None, None),
                                   ("PFS", "median", B, 8.4, None, None, None, None, None, None)}


# --- a spread labelled in one figure's bracket makes the parallel unlabelled brackets no CI -------------------------
SPREAD_CASES = [
    "Median EFS was 24.4 months (range, 16.7-32 months) with placebo and 51.2 months (39.8-62.5 months) with "
    "tovarimab.",
    "Median EFS was 51.2 months (range 39.8-62.5) with tovarimab and 24.4 months (16.7-32.0) with placebo.",
    "Median EFS was 51.2 months (IQR, 39.8-62.5) with tovarimab versus 24.4 months (16.7-32.0) with placebo.",
    "The median event-free survival was 51.2 months (interquartile range: 39.8 to 62.5) for tovarimab and 24.4 "
    "months (16.7 to 32.0) for placebo.",
]


@pytest.mark.parametrize("text", SPREAD_CASES)
def test_parallel_bracket_of_a_labelled_spread_is_no_ci(text):
    assert _got(DESIGN + text) == {("EFS", "median", A, 51.2, None, None, None, None, None, None),
                                   ("EFS", "median", B, 24.4, None, None, None, None, None, None)}


def test_follow_up_range_leaves_the_results_ci():
    text = ("After a median follow-up of 24 months (range, 3-50), median PFS was 12.1 months (10.2-14.0) with "
            "tovarimab and 8.0 months (6.9-9.1) with placebo.")
    got = _got(DESIGN + text)
    assert ("PFS", "median", A, 12.1, 10.2, 14.0, None, None, None, None) in got
    assert ("PFS", "median", B, 8.0, 6.9, 9.1, None, None, None, None) in got


# --- the composite of recurrence and death is the report's recurrence endpoint, never OS -------------------------
RECURRENCE_CASES = {
    "risk-of-death-or-recurrence": "Tovarimab reduced the risk of death or disease recurrence (HR, 0.66; 95% CI, "
                                   "0.50-0.88).",
    "recurrence-or-death": "The hazard ratio for recurrence or death was 0.66 (95% CI, 0.50 to 0.88).",
    "disease-recurrence-or-death": "Tovarimab lowered the risk of disease recurrence or death (hazard ratio 0.66; "
                                   "95% CI 0.50-0.88).",
    "relapse-or-death": "The risk of relapse or death was lower with tovarimab (HR = 0.66, 95% CI 0.50-0.88).",
}


@pytest.mark.parametrize("key", sorted(RECURRENCE_CASES))
def test_recurrence_or_death_is_dfs(key):
    assert _got(DESIGN + RECURRENCE_CASES[key]) == {_hr("DFS", 0.66, 0.5, 0.88)}


def test_recurrence_or_death_is_the_reports_one_rfs():
    text = (DESIGN + "The primary end point was relapse-free survival. " + RECURRENCE_CASES["recurrence-or-death"])
    assert _got(text) == {_hr("RFS", 0.66, 0.5, 0.88)}


def test_invasive_recurrence_or_death_is_idfs():
    text = DESIGN + "Tovarimab reduced the risk of invasive disease recurrence or death (HR 0.62; 95% CI, 0.48-0.80)."
    assert _got(text) == {_hr("IDFS", 0.62, 0.48, 0.8)}


def test_death_alone_stays_os():
    text = DESIGN + "Tovarimab reduced the risk of death (HR 0.78; 95% CI, 0.65-0.93)."
    assert _got(text) == {_hr("OS", 0.78, 0.65, 0.93)}


# --- a bullet inside a sentence ends a clause: a ratio takes no endpoint from the next bullet --------------------
BULLET_CASES = [
    "Results \u2022 Fewer first cardiac events (10% vs. 13.7%; HR 0.70, 95% CI 0.59 to 0.83) \u2022 Fewer deaths "
    "from any cause (11.6% vs. 13.9%)",
    "Results \u25aa Lower rate of first hospital admission (9.1% vs 12.0%; HR 0.74, 95% CI 0.61-0.90) \u25aa "
    "all-cause mortality 8.0% vs 9.2%",
    "Outcomes \u25cf A decrease in worsening heart failure (HR 0.70, 95% CI 0.59-0.83) \u25cf overall survival was "
    "similar",
]


@pytest.mark.parametrize("text", BULLET_CASES)
def test_ratio_takes_no_endpoint_of_the_next_bullet(text):
    assert not any(r[1] == "hr" for r in _got(DESIGN + text))


def test_ratio_in_its_own_bullet_keeps_its_endpoint():
    text = DESIGN + ("Results \u2022 Longer overall survival (HR 0.83, 95% CI 0.71 to 0.97) \u2022 Fewer first "
                     "cardiac events (10% vs. 13.7%)")
    assert _got(text) == {_hr("OS", 0.83, 0.71, 0.97)}


# --- with no arm named, "a vs b" follows the design order only when it does not put an inactive control first --
PLACEBO_FIRST = "In the phase 3 MERIDAN-4 trial, 610 patients were randomly assigned to placebo or tovarimab. "
UNNAMED_PAIRS = [
    "The estimated event-free survival at 12 months was 37% vs 12%.",
    "The 12-month overall survival rate was 81.0% versus 70.2%.",
    "Median PFS was 10.4 vs 6.1 months.",
]


@pytest.mark.parametrize("text", UNNAMED_PAIRS)
def test_unnamed_pair_after_a_placebo_first_design_gives_no_arm_record(text):
    assert _got(PLACEBO_FIRST + text) == set()


def test_unnamed_pair_after_an_experimental_first_design_keeps_the_order():
    got = _got(DESIGN + UNNAMED_PAIRS[2])
    assert got == {("PFS", "median", A, 10.4, None, None, None, None, None, None),
                   ("PFS", "median", B, 6.1, None, None, None, None, None, None)}


# --- a response rate takes no time point from an earlier clause ---------------------------------------------------
RESPONSE_AFTER_LANDMARK = {
    "equals": ("For tovarimab versus placebo, 24-month PFS=85.5% versus 69.5%; ORR=94.6% versus 85.3%.",
               [("ORR", 94.6, 85.3), ("PFS", 85.5, 69.5)]),
    "was": ("For tovarimab versus placebo, the 24-month PFS rate was 85.5% versus 69.5%; the complete response rate "
            "was 6.6% versus 15.1%.", [("CR", 6.6, 15.1), ("PFS", 85.5, 69.5)]),
    "colon": ("Tovarimab versus placebo: 2-year OS, 94.3% versus 94.6%; objective response rate, 88.0% versus "
              "70.1%.", [("ORR", 88.0, 70.1), ("OS", 94.3, 94.6)]),
}


@pytest.mark.parametrize("key", sorted(RESPONSE_AFTER_LANDMARK))
def test_response_rate_takes_no_time_of_an_earlier_clause(key):
    text, parts = RESPONSE_AFTER_LANDMARK[key]
    (rep, ra, rb), (lep, la, lb) = parts
    tp = 24.0
    assert _got(DESIGN + text) == {(rep, "rate", A, ra, None, None, None, None, None, None),
                                   (rep, "rate", B, rb, None, None, None, None, None, None),
                                   (lep, "landmark_rate", A, la, None, None, None, None, None, tp),
                                   (lep, "landmark_rate", B, lb, None, None, None, None, None, tp)}


# --- "complete remission" is CR; the state at randomization is no result ------------------------------------------
REMISSION_CASES = [
    "Complete remission was achieved in 38% of patients with tovarimab and 11% with placebo.",
    "The complete remission rate was 38% with tovarimab versus 11% with placebo.",
    "Complete remission rates were 38% and 11% with tovarimab and placebo, respectively.",
]


@pytest.mark.parametrize("text", REMISSION_CASES)
def test_complete_remission_is_cr(text):
    assert _got(DESIGN + text) == {("CR", "rate", A, 38.0, None, None, None, None, None, None),
                                   ("CR", "rate", B, 11.0, None, None, None, None, None, None)}


ENTRY_NEGATIVES = [
    "Binet stages were A 13%, B 67%; at randomization, 59% were in complete remission, and 41% in less than complete "
    "remission.",
    "At baseline, 62% had an objective response to induction and 38% had stable disease.",
    "At study entry, 45% of patients were in complete response after induction.",
]


@pytest.mark.parametrize("text", ENTRY_NEGATIVES)
def test_state_at_entry_gives_no_record(text):
    assert _got(DESIGN + text) == set()


def test_population_at_baseline_keeps_its_rates():
    text = ("In patients with measurable disease at baseline, the objective response rate was 55% with tovarimab "
            "and 39% with placebo.")
    assert _got(DESIGN + text) == {("ORR", "rate", A, 55.0, None, None, None, None, None, None),
                                   ("ORR", "rate", B, 39.0, None, None, None, None, None, None)}


def test_remission_with_incomplete_recovery_is_no_cr():
    text = ("Complete remission with incomplete hematologic recovery was achieved in 20% with tovarimab and 9% with "
            "placebo.")
    assert not any(r[0] == "CR" for r in _got(DESIGN + text))


# --- k endpoints named together, then k figures per arm ------------------------------------------------------------
TWO_PER_ARM = [
    "Median PFS and OS were 10.2 and 24.1 months with tovarimab vs 7.1 and 19.9 months with placebo.",
    "The median progression-free and overall survival were 10.2 and 24.1 months with tovarimab versus 7.1 and 19.9 "
    "months with placebo.",
    "Median PFS and OS were 10.2 and 24.1 months, respectively, with tovarimab compared with 7.1 and 19.9 months "
    "with placebo.",
    "Median PFS and OS were 10.2 months and 24.1 months in the tovarimab arm and 7.1 months and 19.9 months in the "
    "placebo arm.",
]


@pytest.mark.parametrize("text", TWO_PER_ARM)
def test_two_endpoints_per_arm(text):
    assert _got(DESIGN + text) == {("PFS", "median", A, 10.2, None, None, None, None, None, None),
                                   ("OS", "median", A, 24.1, None, None, None, None, None, None),
                                   ("PFS", "median", B, 7.1, None, None, None, None, None, None),
                                   ("OS", "median", B, 19.9, None, None, None, None, None, None)}


def test_two_per_arm_with_three_endpoints_named_is_not_paired():
    text = DESIGN + ("Median PFS, DOR and OS were 10.2 and 24.1 months with tovarimab vs 7.1 and 19.9 months with "
                     "placebo.")
    got = _got(text)
    assert ("PFS", "median", A, 10.2, None, None, None, None, None, None) not in got


# --- "vs." ends no clause: the pair after it keeps the time point of its clause -----------------------------------
VS_DOT_CASES = [
    "No significant difference in overall survival at 36 months (84% vs. 74%; HR 1.23, 95% CI 0.64 to 2.38).",
    "Overall survival at 36 months was 84% with tovarimab vs. 74% with placebo.",
    "The 36-month OS rate was 84% v. 74% (HR 0.80, 95% CI 0.64-0.99).",
    "OS at 36 months: 84% Vs. 74%.",
]


@pytest.mark.parametrize("text", VS_DOT_CASES)
def test_vs_with_a_dot_ends_no_clause(text):
    got = {r for r in _got(DESIGN + text) if r[1] == "landmark_rate"}
    assert got == {("OS", "landmark_rate", A, 84.0, None, None, None, None, None, 36.0),
                   ("OS", "landmark_rate", B, 74.0, None, None, None, None, None, 36.0)}


# --- a figure linked to a regimen's abbreviation that only shares a part with an arm's name is no arm's -----------
FOREIGN_ABBREVIATION = [
    "The 3-year PFS was 91% for N-AVD vs. 82% for BV-AVD.",
    "The 3-year PFS was 91% with N-AVD and 82% with BV-AVD.",
    "The 3-year PFS rate was 91% in N-AVD versus 82% in R-AVD.",
]


@pytest.mark.parametrize("text", FOREIGN_ABBREVIATION)
def test_regimen_sharing_a_part_with_an_arm_is_not_that_arm(text):
    design = "In the phase 3 MERIDAN-4 trial, 994 patients were randomized to N-AVD (n = 496) or AVD (n = 498). "
    got = _got(design + text)
    assert ("PFS", "landmark_rate", "avd", 82.0, None, None, None, None, None, 36.0) not in got
    assert ("PFS", "landmark_rate", "n-avd", 91.0, None, None, None, None, None, 36.0) in got


def test_the_arms_own_abbreviation_is_still_read():
    design = "In the phase 3 MERIDAN-4 trial, 994 patients were randomized to N-AVD (n = 496) or AVD (n = 498). "
    got = _got(design + "The 3-year PFS was 91% with N-AVD and 82% with AVD.")
    assert got == {("PFS", "landmark_rate", "n-avd", 91.0, None, None, None, None, None, 36.0),
                   ("PFS", "landmark_rate", "avd", 82.0, None, None, None, None, None, 36.0)}


# --- a report's own acronym of a remission is its endpoint, not the minor-response category ----------------------
def test_molecular_remission_acronym_is_an_endpoint():
    for text in ("Molecular remission (MR) was achieved in 44% with placebo and 80% with tovarimab (P < .001).",
                 "The molecular remission (MR) rate was 80% with tovarimab versus 44% with placebo (P < .001)."):
        got = _got(DESIGN + text)
        assert got == {("MR", "rate", A, 80.0, None, None, None, "<", 0.001, None),
                       ("MR", "rate", B, 44.0, None, None, None, "<", 0.001, None)}, text


def test_minor_response_stays_a_category():
    text = DESIGN + "A minor response (MR) was seen in 12% with tovarimab and 5% with placebo."
    assert not any(r[0] == "MR" for r in _got(text))


# --- in two arms, the one arm named after a comparison word is the comparator of the pair after it --------------
COMPARATOR_NAMED = [
    "Median progression-free survival was longer with combination therapy than with placebo (6.8 months vs. 4.3 "
    "months; HR 0.59; 95% CI, 0.47 to 0.76).",
    "Median PFS was prolonged with the study drug compared with placebo (6.8 vs 4.3 months).",
    "Median PFS was significantly longer in the experimental group than in the placebo group (6.8 months versus 4.3 "
    "months).",
]


@pytest.mark.parametrize("text", COMPARATOR_NAMED)
def test_comparator_named_before_the_pair(text):
    got = {r for r in _got(DESIGN + text) if r[1] == "median"}
    assert got == {("PFS", "median", A, 6.8, None, None, None, None, None, None),
                   ("PFS", "median", B, 4.3, None, None, None, None, None, None)}


def test_comparator_named_after_another_treatment_is_no_pair():
    # a treatment that is no arm's (a third arm the design sentence did not name) makes the pair no one's
    text = DESIGN + "Lenvatinib plus everolimus also prolonged PFS compared with placebo (median 14.7 vs. 9.2 months)."
    assert not any(r[1] == "median" for r in _got(text))


# --- a list of rates at as many time points, after a clause's words naming one arm, is that arm's ----------------
TIME_LISTS = [
    "The estimated 2-, 3-, and 4-year DFS rates in the tovarimab arm were 78.2%, 72.5%, and 65.0%; in the placebo "
    "arm, these respective rates were 67.2%, 62.8%, and 56.5%.",
    "The 2-, 3- and 4-year DFS rates with tovarimab were 78.2%, 72.5% and 65.0%; with placebo, the respective rates "
    "were 67.2%, 62.8% and 56.5%.",
    "The estimated 2-, 3-, and 4-year DFS rates in the experimental arm were 78.2%, 72.5%, and 65.0%; in the control "
    "arm, these respective rates were 67.2%, 62.8%, and 56.5%.",
]


@pytest.mark.parametrize("text", TIME_LISTS)
def test_time_list_after_one_arm_is_that_arms(text):
    want = {("DFS", "landmark_rate", arm, v, None, None, None, None, None, tp)
            for arm, vs in ((A, (78.2, 72.5, 65.0)), (B, (67.2, 62.8, 56.5))) for v, tp in zip(vs, (24.0, 36.0, 48.0))}
    assert _got(DESIGN + text) == want


def test_time_list_naming_two_arms_is_not_linked():
    # both arms named before the list: a list of both arms' figures, not one arm's
    text = DESIGN + "The 2-, 3- and 4-year DFS rates with tovarimab and placebo were 78.2%, 72.5% and 65.0%."
    assert not any(r[1] == "landmark_rate" for r in _got(text))


# --- a digit of a name between a ratio's keyword and its value does not cut them apart ---------------------------
DIGIT_NAMES = {
    "S-1": ("In a phase 3 trial, 1504 patients were randomly assigned to S-1 or UFT/LV. ",
            "The stratified hazard ratio for DFS in the S-1 group compared with the UFT/LV group was 0.85 (95% "
            "confidence interval: 0.70-1.03)."),
    "PSMA-617": ("In a phase 3 trial, 831 patients were randomly assigned to 177Lu-PSMA-617 or standard care. ",
                 "The hazard ratio for overall survival with 177Lu-PSMA-617 versus standard care was 0.85 (95% CI, "
                 "0.70-1.03)."),
    "PD-L1": (DESIGN, "The hazard ratio for PFS among PD-L1-positive patients was 0.85 (95% CI 0.70 to 1.03)."),
}


@pytest.mark.parametrize("key", sorted(DIGIT_NAMES))
def test_digit_of_a_name_in_the_ratio_gap(key):
    design, text = DIGIT_NAMES[key]
    got = {r for r in _got(design + text) if r[1] == "hr"}
    assert len(got) == 1 and {(r[3], r[4], r[5]) for r in got} == {(0.85, 0.7, 1.03)}


def test_a_figure_between_keyword_and_value_still_cuts_them():
    text = DESIGN + "The hazard ratio for PFS at 12 months of 55% was reported; OS was 0.85 months longer."
    assert not any(r[1] == "hr" for r in _got(text))


# --- "survival estimates" are OS; a standard deviation after a rate is no figure of its own -------------------------
SD_CASES = [
    "Survival estimates at 6 years were 87% (SD = 2%) for tovarimab and 80% (SD = 3%) for placebo.",
    "The 6-year survival estimate was 87% (SE 2%) with tovarimab and 80% (SE 3%) with placebo.",
    "Overall survival at 6 years was 87% (standard error, 2%) in the tovarimab arm and 80% (standard error, 3%) in the "
    "placebo arm.",
]


@pytest.mark.parametrize("text", SD_CASES)
def test_standard_deviation_after_a_rate(text):
    assert _got(DESIGN + text) == {("OS", "landmark_rate", A, 87.0, None, None, None, None, None, 72.0),
                                   ("OS", "landmark_rate", B, 80.0, None, None, None, None, None, 72.0)}


# --- figures of populations, analyses or assessors are no arm's -----------------------------------------------------
POPULATION_CASES = [
    "The estimated 1-year PFS was 60% in women and 50% in men with tovarimab.",
    "With tovarimab, the ORR was 48% among older patients and 41% among younger patients.",
    "Median OS with tovarimab was 20.2 months in Asian patients and 17.9 months in non-Asian patients.",
]


@pytest.mark.parametrize("text", POPULATION_CASES)
def test_population_figures_are_no_arms(text):
    assert _got(DESIGN + text) == set()


QUALIFIED_CASES = [
    "The median PFS in the tovarimab arm was 10.1 months at the primary analysis and 11.0 months at the final "
    "analysis.",
    "Median PFS with tovarimab was 10.1 months by investigator assessment and 11.0 months by blinded independent "
    "central review.",
    "The ORR with tovarimab was 41% in the intention-to-treat population and 45% in the per-protocol population.",
]


@pytest.mark.parametrize("text", QUALIFIED_CASES)
def test_one_arms_figures_at_two_analyses_give_the_other_arm_nothing(text):
    assert not any(r[2] == B for r in _got(DESIGN + text))


# --- a rate takes the nearest time point after it, not a later one ------------------------------------------------
NEAREST_TIME = [
    "The PFS rate was 62% with tovarimab and 48% with placebo at 12 months and 41% and 27% at 24 months.",
    "PFS was 62% with tovarimab and 48% with placebo at 12 months, and 41% with tovarimab and 27% with placebo at 24 "
    "months.",
]


@pytest.mark.parametrize("text", NEAREST_TIME)
def test_rate_takes_the_nearest_time_after_it(text):
    got = _got(DESIGN + text)
    assert ("PFS", "landmark_rate", A, 62.0, None, None, None, None, None, 24.0) not in got
    assert ("PFS", "landmark_rate", B, 48.0, None, None, None, None, None, 24.0) not in got
    assert ("PFS", "landmark_rate", A, 62.0, None, None, None, None, None, 12.0) in got
    assert ("PFS", "landmark_rate", B, 27.0, None, None, None, None, None, 24.0) in got


# --- pairs of two populations, the arms named after the first pair -------------------------------------------------
TWO_POPULATIONS = [
    "In the ITT population, median OS was 20.1 vs 16.4 months with tovarimab vs placebo; in the PD-L1-positive "
    "population, it was 22.0 vs 15.1 months.",
    "Median OS was 20.1 vs 16.4 months with tovarimab versus placebo overall and 22.0 vs 15.1 months in PD-L1-positive "
    "patients.",
]


@pytest.mark.parametrize("text", TWO_POPULATIONS)
def test_pairs_of_two_populations(text):
    got = _got(DESIGN + text)
    assert {(r[2], r[3]) for r in got if r[1] == "median"} <= {(A, 20.1), (B, 16.4), (A, 22.0), (B, 15.1)}
    assert {(A, 20.1), (B, 16.4)} <= {(r[2], r[3]) for r in got if r[1] == "median"}


# --- "A improved X (a vs b) and Y (c vs d) ... vs B alone": the pairs in the arms' order -------------------------
def test_pairs_between_subject_and_comparator_alone():
    text = DESIGN.replace("tovarimab or placebo", "tovarimab-VTd or VTd") + (
        "Tovarimab-VTd improved MRD-negativity rates after induction (34.6% vs 23.1%) and consolidation (63.7% vs "
        "43.7%) vs VTd alone.")
    got = {(r.endpoint, r.arm.lower() if r.arm else None, r.value) for r in scout_text(text, min_confidence=0).records
           if r.kind == "rate"}
    assert got == {("MRD", "tovarimab-vtd", 34.6), ("MRD", "vtd", 23.1), ("MRD", "tovarimab-vtd", 63.7),
                   ("MRD", "vtd", 43.7)}


# --- the one time point of a sentence, for a later clause naming another endpoint's rates the same way ------------
PARALLEL_RATES = [
    "The 3-year OS rates were 81% vs 73% (P = .01), and the RFS rates were 70% vs 59% (P = .03).",
    "The 3-year OS rate was 81% versus 73%, while the RFS rate was 70% versus 59%.",
    "For tovarimab versus placebo, the 3-year OS rates were 81% vs 73%, and the RFS rates were 70% vs 59%.",
]


@pytest.mark.parametrize("text", PARALLEL_RATES)
def test_parallel_rates_share_the_time_point(text):
    got = {r[:4] + (r[9],) for r in _got(DESIGN + text)}
    assert {("RFS", "landmark_rate", A, 70.0, 36.0), ("RFS", "landmark_rate", B, 59.0, 36.0),
            ("OS", "landmark_rate", A, 81.0, 36.0), ("OS", "landmark_rate", B, 73.0, 36.0)} == got


def test_two_time_points_are_not_shared():
    text = DESIGN + ("The 3-year OS rate was 81% with tovarimab and the 5-year OS rate 70%, and the RFS rates were 66% "
                     "with tovarimab and 59% with placebo.")
    assert not any(r[0] == "RFS" and r[1] == "landmark_rate" for r in _got(text))


# --- the arm named between a figure and its CI a few words on is the figure's ------------------------------------
ARM_BEFORE_CI = [
    "Median OS was 31.9 months for patients receiving tovarimab (95% CI: 21.0-NE) compared to 15.1 months for "
    "patients receiving placebo (95% CI: 13.2-26.2).",
    "Median OS was 31.9 months in patients treated with tovarimab (95% CI, 21.0 to NE) and 15.1 months in patients "
    "treated with placebo (95% CI, 13.2 to 26.2).",
]


@pytest.mark.parametrize("text", ARM_BEFORE_CI)
def test_arm_between_figure_and_its_ci(text):
    recs = {r.value: r for r in scout_text(DESIGN + text, min_confidence=0).records if r.kind == "median"}
    assert recs[31.9].arm == A and (recs[31.9].ci_lower, recs[31.9].ci_upper) == (21.0, "NE")
    assert recs[15.1].arm == B and (recs[15.1].ci_lower, recs[15.1].ci_upper) == (13.2, 26.2)
    assert "arm:named-after" in recs[31.9].basis and "arm:named-after" in recs[15.1].basis


# --- a response category named right after a percentage is no endpoint's rate -------------------------------------
CATEGORY_AFTER = [
    "The ORR with tovarimab was 55.1%, which comprised a 45.5% partial response (PR) rate and a 9.6% complete "
    "response (CR) rate.",
    "With tovarimab, the ORR was 61.9%, with a 49.0% PR rate and a 12.9% CR rate.",
]


@pytest.mark.parametrize("text", CATEGORY_AFTER)
def test_category_after_a_percentage_is_no_rate(text):
    got = {(r.endpoint, r.value) for r in scout_text(DESIGN + text, min_confidence=0).records}
    assert not any(v in (45.5, 49.0) for _, v in got)


# --- a part of a slash-written regimen is no mention of the arm named by that part alone --------------------------
SLASH_REGIMENS = [
    "Median PFS was 9.6 months with chemotherapy alone compared with 10.2 months in the chemotherapy/durvalumab arm.",
    "Median PFS was 10.2 months in the durvalumab/chemotherapy group and 9.6 months with chemotherapy alone.",
]


@pytest.mark.parametrize("text", SLASH_REGIMENS)
def test_slash_regimen_part_is_not_the_single_agent_arm(text):
    design = "In the phase 3 MERIDAN-6 trial, 700 patients were randomly assigned to tovarimab or chemotherapy alone. "
    got = {(r.arm.lower() if r.arm else None, r.value) for r in scout_text(design + text, min_confidence=0).records
           if r.kind == "median"}
    assert ("chemotherapy", 10.2) not in got and ("chemotherapy alone", 10.2) not in got
