"""Results, sixth round: the causes of false and missed records found on the twelfth held-out set, each as a class
of phrasings written here with invented names (several variants each), with the negatives that must give no record.
Every case states the records it must give (endpoint, kind, arm, value, CI limits, CI level, P, time point), nothing
more."""

import pytest

from trialscout.scout import scout_text

DESIGN = "In the phase 3 CALDERA-2 trial, 540 patients were randomly assigned 1:1 to venarstat or placebo. "
A, B = "venarstat", "placebo"


def _got(text):
    return {(r.endpoint, r.kind, r.arm.lower() if r.arm else None, r.value, r.ci_lower, r.ci_upper, r.ci_level,
             r.p_operator, r.p_value, r.timepoint_months) for r in scout_text(text).records}


def _hr(ep, v, lo=None, hi=None, level=None, op=None, p=None):
    return (ep, "hr", None, v, lo, hi, level, op, p, None)


# --- a P value printed with no operator: "p-value 0.0104" ----------------------------------------------------------
P_BARE_CASES = {
    "p-value": ("Overall survival was longer with venarstat (HR 0.73; 95% CI 0.57-0.93; p-value 0.0104).",
                {_hr("OS", 0.73, 0.57, 0.93, 95.0, "=", 0.0104)}),
    "p value of": ("PFS favoured venarstat, with a hazard ratio of 0.64 (95% CI, 0.50 to 0.82; p value of 0.0005).",
                   {_hr("PFS", 0.64, 0.5, 0.82, 95.0, "=", 0.0005)}),
    "P-value no zero": ("PFS was improved (HR 0.81; 95% CI: 0.66, 0.99; P-value .041).",
                        {_hr("PFS", 0.81, 0.66, 0.99, 95.0, "=", 0.041)}),
}


@pytest.mark.parametrize("key", sorted(P_BARE_CASES))
def test_p_value_without_operator(key):
    text, want = P_BARE_CASES[key]
    assert _got(DESIGN + text) == want


def test_p_value_word_with_a_percentage_is_no_p():
    # "a p-value 0.05 threshold" aside, a percent after the figure is no P value
    got = _got(DESIGN + "Overall survival was longer with venarstat (HR 0.70; 95% CI 0.55-0.89); the p-value 5% "
                        "level was used.")
    assert got == {_hr("OS", 0.7, 0.55, 0.89, 95.0)}


# --- a CI with no level after a named ratio, "95 percent CI", a CI acronym that lost its brackets ------------------
CI_CASES = {
    "comma pair after HR=": ("PFS was not improved: HR=1.12 (0.86, 1.45); p=0.39.",
                             {_hr("PFS", 1.12, 0.86, 1.45, None, "=", 0.39)}),
    "comma pair after hazard ratio": ("Overall survival did not differ (hazard ratio 0.94 (0.72, 1.22)).",
                                      {_hr("OS", 0.94, 0.72, 1.22)}),
    "95 percent CI": ("Overall survival was longer with venarstat (hazard ratio, 0.71; 95 percent CI, 0.58 to 0.87; "
                      "P=0.001).", {_hr("OS", 0.71, 0.58, 0.87, 95.0, "=", 0.001)}),
    "90 percent confidence interval": ("PFS favoured venarstat (HR 0.77, 90 percent confidence interval 0.64-0.93).",
                                       {_hr("PFS", 0.77, 0.64, 0.93, 90.0)}),
    "lost brackets": ("PFS favoured venarstat (hazard ratio HR, 0.55; 95% confidence interval CI, 0.41-0.74).",
                      {_hr("PFS", 0.55, 0.41, 0.74, 95.0)}),
    "lost brackets colon": ("Overall survival: hazard ratio HR, 0.68; 95% confidence interval CI: 0.52-0.89.",
                            {_hr("OS", 0.68, 0.52, 0.89, 95.0)}),
}


@pytest.mark.parametrize("key", sorted(CI_CASES))
def test_ci_level_forms(key):
    text, want = CI_CASES[key]
    assert _got(DESIGN + text) == want


CI_NEGATIVES = {
    # a pair that does not bracket the ratio is no CI of it
    "not bracketing": ("PFS was not improved: HR=1.12 (0.40, 0.60).", {_hr("PFS", 1.12)}),
    # a bracketed pair after a figure that is not a named ratio stays what it was (no CI)
    "no ratio": ("Overall survival did not differ (HR 0.94); the score was 3.1 (2.0, 4.5).", {_hr("OS", 0.94)}),
}


@pytest.mark.parametrize("key", sorted(CI_NEGATIVES))
def test_comma_pair_is_no_ci_unless_it_brackets_a_named_ratio(key):
    text, want = CI_NEGATIVES[key]
    assert _got(DESIGN + text) == want


# --- a pathological, molecular or cytogenetic response rate is no objective response rate ------------------------
@pytest.mark.parametrize("kind", ["Major pathologic", "Major pathological", "Major molecular", "Complete cytogenetic",
                                  "Major histologic"])
def test_other_response_rates_are_no_orr(kind):
    text = f"{kind} response rates were 33.1% with venarstat versus 12.4% with placebo."
    assert _got(DESIGN + text) == set()


def test_objective_response_rate_still_read():
    text = "Response rates were 33.1% with venarstat versus 12.4% with placebo."
    assert _got(DESIGN + text) == {("ORR", "rate", A, 33.1, None, None, None, None, None, None),
                                   ("ORR", "rate", B, 12.4, None, None, None, None, None, None)}


# --- the follow-up of each arm is no median of the endpoint named after it -----------------------------------------
FOLLOW_UP_NEGATIVES = [
    "At a median of 36 months of follow-up in the venarstat arm and 35.2 months in the placebo arm, the overall "
    "survival benefit persisted.",
    "After a median of 41.0 months of follow-up with venarstat and 40.3 months with placebo, overall survival data "
    "remained immature.",
    "At a median of 3 years of observation in the venarstat arm and 2.9 years in the placebo arm, overall survival "
    "was similar.",
]


@pytest.mark.parametrize("text", FOLLOW_UP_NEGATIVES)
def test_follow_up_per_arm_is_no_median(text):
    assert _got(DESIGN + text) == set()


def test_median_after_follow_up_still_read():
    text = ("At a median of 36 months of follow-up, median overall survival was 25.1 months with venarstat and "
            "18.3 months with placebo.")
    assert ("OS", "median", A, 25.1, None, None, None, None, None, None) in _got(DESIGN + text)


# --- a list of events each reduced by a percentage, each with its own ratio ----------------------------------------
def test_reduced_by_list_gives_each_ratio_its_own_item():
    text = ("The primary composite of cardiovascular death or heart failure admission was reduced by 18% (HR 0.82, "
            "P<0.001), cardiovascular death by 15% (HR 0.85), all-cause death by 12% (HR 0.88) and heart failure "
            "admission by 22% (HR 0.78).")
    assert _got(DESIGN + text) == {_hr("OS", 0.88)}


def test_reduced_by_list_item_named_endpoint():
    text = ("Venarstat reduced progression or death by 35% (HR 0.65), and stroke by 20% (HR 0.80).")
    assert _got(DESIGN + text) == {_hr("PFS", 0.65)}


def test_reduced_by_single_item_keeps_its_endpoint():
    text = "The risk of death was reduced by 24% (HR 0.76; 95% CI, 0.62-0.93)."
    assert _got(DESIGN + text) == {_hr("OS", 0.76, 0.62, 0.93, 95.0)}


# --- ratios of a sentence that points back to several results -----------------------------------------------------
BOTH_CASES = [
    "Both differences were statistically significant, with hazard ratios of 0.66 and 0.59, respectively.",
    "These improvements were significant (hazard ratios 0.66 and 0.59, respectively).",
    "The two benefits corresponded to hazard ratios of 0.66 and 0.59.",
]


@pytest.mark.parametrize("text", BOTH_CASES)
def test_ratios_pointing_back_to_several_results_take_no_single_endpoint(text):
    prev = "The 5-year PFS rate was 70% with venarstat and 61% with placebo. "
    got = _got(DESIGN + prev + text)
    assert not any(r[1] == "hr" for r in got)


def test_ratio_after_one_result_keeps_the_previous_endpoint():
    prev = "Median PFS was 9.1 months with venarstat and 6.0 months with placebo. "
    got = _got(DESIGN + prev + "The hazard ratio was 0.66 (95% CI, 0.52-0.84).")
    assert _hr("PFS", 0.66, 0.52, 0.84, 95.0) in got


# --- a responder count bracketed after a rate does not hide the arm named after it ---------------------------------
COUNT_CASES = [
    "The objective response rate was 41% (112/273) with venarstat and 27% (72/267) with placebo.",
    "The objective response rate was 41% (112 of 273) in the venarstat arm vs 27% (72 of 267) in the placebo arm.",
    "The objective response rate was 41% (112/273; CR=5.1%) with venarstat and 27% (72/267; CR=1.9%) with placebo.",
]


@pytest.mark.parametrize("text", COUNT_CASES)
def test_count_bracket_between_rate_and_arm(text):
    got = {r for r in _got(DESIGN + text) if r[0] == "ORR"}
    assert got == {("ORR", "rate", A, 41.0, None, None, None, None, None, None),
                   ("ORR", "rate", B, 27.0, None, None, None, None, None, None)}


def test_count_bracket_categories_follow_their_rate():
    text = COUNT_CASES[2]
    got = {r for r in _got(DESIGN + text) if r[0] == "CR"}
    assert got == {("CR", "rate", A, 5.1, None, None, None, None, None, None),
                   ("CR", "rate", B, 1.9, None, None, None, None, None, None)}


# --- two settings or subgroups compared within one arm are no arms' pair -------------------------------------------
SETTING_NEGATIVES = [
    "Venarstat was most active in the first-line (1L) vs later-line setting (2-year OS rate: 61.2% vs 40.3%).",
    "Venarstat was most active in the first-line versus second-line plus settings (2-year OS rate 61.2% vs 40.3%).",
    "With venarstat, 2-year OS rates were 61.2% and 40.3% in the younger and older age groups.",
]


@pytest.mark.parametrize("text", SETTING_NEGATIVES)
def test_setting_comparison_is_no_arm_pair(text):
    assert _got(DESIGN + text) == set()


# --- the one arm a clause names only as the comparator is not the figure's -----------------------------------------
COMPARATOR_NEGATIVES = [
    "Patients on the combination kept a PFS benefit vs placebo, with a median PFS of 31.2 months.",
    "The active treatment kept its PFS advantage compared with placebo, with a median PFS of 31.2 months.",
    "The combination kept a PFS benefit over placebo, with a median PFS of 31.2 months.",
]


@pytest.mark.parametrize("text", COMPARATOR_NEGATIVES)
def test_comparator_only_arm_is_not_the_figures(text):
    assert _got(DESIGN + text) == set()


def test_one_named_arm_subject_keeps_the_figure():
    text = "Patients receiving venarstat had a median PFS of 31.2 months."
    assert _got(DESIGN + text) == {("PFS", "median", A, 31.2, None, None, None, None, None, None)}


# --- survival times bracketed after a change in a survival endpoint are its medians --------------------------------
SURVIVAL_PAIR_CASES = {
    "improved overall survival": ("Venarstat led to improved overall survival (14.7 vs 9.6 months) compared to "
                                  "placebo.", "OS", 14.7, 9.6),
    "improved PFS versus": ("Venarstat improved progression-free survival (8.2 versus 5.1 months) over placebo.",
                            "PFS", 8.2, 5.1),
    "prolonged OS": ("Venarstat prolonged overall survival (20.3 vs. 15.8 months) relative to placebo.", "OS",
                     20.3, 15.8),
}


@pytest.mark.parametrize("key", sorted(SURVIVAL_PAIR_CASES))
def test_survival_pair_after_change_is_medians(key):
    text, ep, va, vb = SURVIVAL_PAIR_CASES[key]
    got = {(r[0], r[1], r[3]) for r in _got(DESIGN + text)}
    assert got == {(ep, "median", va), (ep, "median", vb)}


SURVIVAL_PAIR_NEGATIVES = [
    "Venarstat led to improved overall survival (14.7 vs 9.6 months follow-up) compared to placebo.",
    "Overall survival (14.7 vs 9.6 months) was similar with venarstat and placebo.",
    "Venarstat improved overall survival (HR 0.70), with 14.7 vs 9.6 months of treatment.",
]


@pytest.mark.parametrize("text", SURVIVAL_PAIR_NEGATIVES)
def test_survival_pair_needs_a_change_and_the_bracket(text):
    assert not any(r[1] == "median" for r in _got(DESIGN + text))


# --- a heading in capitals with a colon, run into the figures before it, starts a clause ---------------------------
def _confident(text):
    return {(r.endpoint, r.kind, r.arm.lower() if r.arm else None, r.value)
            for r in scout_text(text).records if r.confidence >= 0.99}


RUN_IN_CASES = [
    "Overall Survival: Median OS: 23.1 months with venarstat vs 19.0 months with placebo Objective Response Rate: 31% "
    "with venarstat vs 12% with placebo",
    "Median OS: 23.1 months with venarstat vs 19.0 months with placebo Overall Response Rate (ORR): 31% with "
    "venarstat vs 12% with placebo",
    "Survival Results: 23.1 months with venarstat vs 19.0 months with placebo for median overall survival Best "
    "Overall Response Rate: 31% with venarstat vs 12% with placebo",
]


@pytest.mark.parametrize("text", RUN_IN_CASES)
def test_run_in_heading_starts_a_clause(text):
    got = _confident(DESIGN + text)
    assert {("ORR", "rate", A, 31.0), ("ORR", "rate", B, 12.0)} <= got
    assert not any(r[0] == "ORR" and r[3] in (23.1, 19.0) for r in got)


def test_lowercase_words_and_colon_are_no_heading():
    # "the rate was as follows: ..." is no heading: the sentence keeps one clause for its figures
    text = "The hazard ratio for overall survival was as follows: 0.74 (95% CI, 0.60-0.91)."
    assert _got(DESIGN + text) == {_hr("OS", 0.74, 0.6, 0.91, 95.0)}


# --- two endpoints named with a slash, then one slash pair of rates per arm ----------------------------------------
SLASH_CASES = [
    "Overall response/complete response rates were 91.0%/66.6% and 88.0%/53.5% in the venarstat and placebo arms, "
    "respectively.",
    "ORR/CR rates were 91.0%/66.6% and 88.0%/53.5% with venarstat and placebo, respectively.",
    "The objective response / complete response rates were 91.0% / 66.6% and 88.0% / 53.5% in the venarstat and "
    "placebo groups, respectively.",
]


@pytest.mark.parametrize("text", SLASH_CASES)
def test_slash_pairs_of_two_named_endpoints(text):
    assert _got(DESIGN + text) == {("ORR", "rate", A, 91.0, None, None, None, None, None, None),
                                   ("CR", "rate", A, 66.6, None, None, None, None, None, None),
                                   ("ORR", "rate", B, 88.0, None, None, None, None, None, None),
                                   ("CR", "rate", B, 53.5, None, None, None, None, None, None)}


SLASH_NEGATIVES = [
    # one endpoint, no slash-named pair of endpoints: a slash list stays doubtful
    "The 2-year OS was 76%/60% and 70%/52% in the venarstat and placebo arms, respectively.",
    # no "respectively": the pairs are not tied to the arms in order
    "Overall response/complete response rates were 91.0%/66.6% and 88.0%/53.5% in two cohorts.",
]


@pytest.mark.parametrize("text", SLASH_NEGATIVES)
def test_slash_pairs_need_two_named_endpoints_and_a_respective_list(text):
    assert _got(DESIGN + text) == set()


# --- "mDOR", the median duration of response ---------------------------------------------------------------------
@pytest.mark.parametrize("word", ["mDOR", "mDoR"])
@pytest.mark.parametrize("form", ["Among responders, {w} was 23.2 months with venarstat and 11.4 months with placebo.",
                                  "The {w} was 23.2 months with venarstat vs 11.4 months with placebo."])
def test_mdor_is_the_median_duration_of_response(word, form):
    got = _got(DESIGN + form.format(w=word))
    assert got == {("DOR", "median", A, 23.2, None, None, None, None, None, None),
                   ("DOR", "median", B, 11.4, None, None, None, None, None, None)}


def test_lowercase_mdor_is_no_endpoint():
    assert _got(DESIGN + "The mdor was 23.2 months with venarstat vs 11.4 months with placebo.") == set()


TWO_RESULTS = ("The 5-year PFS rate was 70% with venarstat and 61% with placebo. The 5-year OS rate was 80% with "
               "venarstat and 72% with placebo. ")


@pytest.mark.parametrize("text", ["Both differences were statistically significant, with hazard ratios of 0.66 and "
                                  "0.59, respectively.",
                                  "These improvements were significant (hazard ratios 0.66 and 0.59, respectively).",
                                  "Both benefits were significant, with HRs of 0.66 and 0.59, respectively."])
def test_ratios_pointing_back_to_two_results_take_their_endpoints_in_order(text):
    got = {r for r in _got(DESIGN + TWO_RESULTS + text) if r[1] == "hr"}
    assert got == {_hr("PFS", 0.66), _hr("OS", 0.59)}


def test_ratios_pointing_back_need_two_endpoints_and_respectively():
    same = ("The 3-year PFS rate was 70% with venarstat and 61% with placebo. The 5-year PFS rate was 60% with "
            "venarstat and 52% with placebo. ")
    both = "Both differences were statistically significant, with hazard ratios of 0.66 and 0.59, respectively."
    assert not any(r[1] == "hr" for r in _got(DESIGN + same + both))
    assert not any(r[1] == "hr" for r in _got(DESIGN + TWO_RESULTS + both.replace(", respectively", "")))
