"""Reading rules of the ninth round, each on invented phrasings of its class: list headings that name their
figures' unit, follow-up times written "follow up", P values of ratios the reader does not track, medians written
"mPFS" or "a 20.6-month median OS", and time points that belong to the previous sentence."""

import pytest

from trialscout.scout import scout_text

DESIGN = "In the phase 3 BRANWELL-4 trial, 612 patients were randomly assigned 1:1 to oravistat or placebo.\n\n"
A, B = "oravistat", "placebo"


def _got(text):
    return {(r.endpoint, r.kind, r.arm.lower() if r.arm else None, r.value, r.p_value, r.timepoint_months)
            for r in scout_text(text).records}


# -- list headings with their figures' unit -----------------------------------------------------------------
@pytest.mark.parametrize("head, mark, indent, unit", [
    ("At 24 months, overall survival (%)", "\u2022", "", ""),
    ("At 24 months, OS rate (%)", "-", "  ", "%"),
    ("  \u2022 At 2 years, overall survival (OS) (%)", "\u2022", "    ", "%"),
    ("At 24 months, overall survival (percent)", "*", "", ""),
])
def test_percent_heading_gives_landmark_rates(head, mark, indent, unit):
    text = DESIGN + f"Results\n\n{head}\n{indent}{mark} Oravistat: 52.4{unit}\n{indent}{mark} Placebo: 38.9{unit}\n"
    got = _got(text)
    assert ("OS", "landmark_rate", A, 52.4, None, 24.0) in got
    assert ("OS", "landmark_rate", B, 38.9, None, 24.0) in got


@pytest.mark.parametrize("head", ["Progression-free survival (Months)", "  \u2022 PFS (months)",
                                  "Progression-free survival (PFS) (mo)"])
def test_months_heading_of_a_time_to_event_gives_medians(head):
    text = DESIGN + f"Primary outcome:\n\n{head}\n  \u2022 Oravistat: 13.2\n  \u2022 Placebo: 8.1 months\n"
    got = _got(text)
    assert ("PFS", "median", A, 13.2, None, None) in got
    assert ("PFS", "median", B, 8.1, None, None) in got


@pytest.mark.parametrize("head", ["Duration of treatment (months)", "Time on study (months)",
                                  "Grade 3 adverse events (%)"])
def test_heading_of_no_tracked_endpoint_gives_nothing(head):
    text = DESIGN + f"{head}\n\u2022 Oravistat: 13.2\n\u2022 Placebo: 8.1\n"
    assert not [r for r in scout_text(text).records if r.kind in ("median", "rate", "landmark_rate")]


def test_heading_needs_labelled_items():
    # one figure under the heading, or figures with no label of their own, are no per-arm list
    text = DESIGN + "Overall survival (months)\n\u2022 13.2 and 8.1 in the two groups\n"
    assert not [r for r in scout_text(text).records if r.kind == "median"]


def test_next_heading_starts_its_own_list():
    text = DESIGN + ("Secondary outcomes:\n\n  \u2022 At 12 months, PFS (%)\n    \u2022 Oravistat: 61%\n"
                     "    \u2022 Placebo: 44%\n  \u2022 Most common adverse event (%)\n    \u2022 Oravistat: 59%\n"
                     "    \u2022 Placebo: 55%\n")
    got = _got(text)
    assert ("PFS", "landmark_rate", A, 61.0, None, 12.0) in got
    assert ("PFS", "landmark_rate", B, 44.0, None, 12.0) in got
    assert not any(g[3] in (59.0, 55.0) for g in got)


def test_unit_in_brackets_is_no_acronym():
    from trialscout.scout._lexicon import defined_acronyms
    assert defined_acronyms("Progression-free survival (Months)\nOverall survival (mo)") == {}
    assert "TUDD" in defined_acronyms("time until definitive deterioration (TUDD) was longer")


# -- P values of ratios the reader does not track ----------------------------------------------------------
@pytest.mark.parametrize("ratio", ["Rate ratio, 1.50; 95% CI, 1.32-1.68 (P<0.001)",
                                   "relative risk 1.4 (95% CI 1.1-1.8; P = 0.002)",
                                   "RR 1.62, p=0.003"])
def test_p_of_an_untracked_ratio_is_not_the_rates(ratio):
    text = DESIGN + f"The 12-month PFS rate was 61% with oravistat and 44% with placebo; {ratio}."
    got = _got(text)
    assert ("PFS", "landmark_rate", A, 61.0, None, 12.0) in got
    assert ("PFS", "landmark_rate", B, 44.0, None, 12.0) in got


def test_p_after_the_rates_still_theirs():
    text = DESIGN + "The 12-month PFS rate was 61% with oravistat and 44% with placebo (P = 0.004)."
    got = _got(text)
    assert ("PFS", "landmark_rate", A, 61.0, 0.004, 12.0) in got


# -- follow-up written "follow up" -------------------------------------------------------------------------
@pytest.mark.parametrize("fu", ["at a median follow up of 64.2 months", "after 64.2 months of follow up",
                                "with median follow up 64.2 months", "at a median follow-up of 64.2 months"])
def test_follow_up_is_never_a_median(fu):
    text = DESIGN + (f"Oravistat gave a significant OS benefit {fu} (hazard ratio, 0.74; 95% CI, 0.59-0.92). "
                     "Median OS was 49.6 months with oravistat vs 38.5 months with placebo.")
    got = _got(text)
    assert not any(g[3] == 64.2 for g in got)
    assert ("OS", "median", A, 49.6, None, None) in got
    assert ("OS", "median", B, 38.5, None, None) in got


# -- a median's figure glued to its unit before "median" ---------------------------------------------------
@pytest.mark.parametrize("phrase, ep", [
    ("Oravistat gave a 20.6-month median OS compared with 14.1 months for placebo.", "OS"),
    ("Oravistat achieved a 20.6 month median PFS versus 14.1 months with placebo.", "PFS"),
    ("There was a 20.6-month median progression-free survival with oravistat vs 14.1 months with placebo.", "PFS"),
    ("The mOS was 20.6 months with oravistat and 14.1 months with placebo.", "OS"),
    ("Oravistat improved mPFS (20.6 vs 14.1 months).", "PFS"),
])
def test_glued_and_abbreviated_medians(phrase, ep):
    got = _got(DESIGN + phrase)
    assert (ep, "median", A, 20.6, None, None) in got
    assert (ep, "median", B, 14.1, None, None) in got


@pytest.mark.parametrize("fu", ["After a 60-month median follow-up", "After a 60-month median follow up",
                                "With a 5-year median duration of follow-up"])
def test_glued_median_follow_up_is_no_median(fu):
    got = _got(DESIGN + f"{fu}, oravistat showed an OS hazard ratio of 0.70 (95% CI, 0.55-0.89).")
    assert not [g for g in got if g[1] == "median"]
    assert ("OS", "hr", None, 0.7, None, None) in got


def test_glued_time_point_still_a_landmark():
    got = _got(DESIGN + "The 24-month OS rate was 55% with oravistat versus 41% with placebo.")
    assert ("OS", "landmark_rate", A, 55.0, None, 24.0) in got
    assert ("OS", "landmark_rate", B, 41.0, None, 24.0) in got


# -- the arms of an unnamed pair ---------------------------------------------------------------------------
@pytest.mark.parametrize("lead", ["Counting patients who crossed over as part of the placebo group, ",
                                  "In the placebo-crossover-adjusted population, ", ""])
def test_unnamed_pair_follows_the_named_pair_before_it(lead):
    text = DESIGN + (f"{lead}median OS was not reached in the oravistat group vs 52.2 months in the placebo group "
                     "(HR, 0.65); 4-year rates were 65.1% vs 51.8%.")
    got = _got(text)
    assert ("OS", "landmark_rate", A, 65.1, None, 48.0) in got
    assert ("OS", "landmark_rate", B, 51.8, None, 48.0) in got


@pytest.mark.parametrize("lead", ["Results showed that compared with placebo, oravistat",
                                  "The study found that, relative to placebo, oravistat",
                                  "Compared with placebo, oravistat"])
def test_comparator_opening_a_clause_puts_the_subject_first(lead):
    got = _got(DESIGN + f"{lead} improved median PFS by 1 month (5.6 vs 4.5 months; HR, 0.66).")
    assert ("PFS", "median", A, 5.6, None, None) in got
    assert ("PFS", "median", B, 4.5, None, None) in got


@pytest.mark.parametrize("fav", ["in favor of the oravistat combination", "favouring oravistat"])
def test_the_favoured_arm_labels_no_figure(fav):
    got = _got(DESIGN + f"In the subgroup of all patients with high expression, median OS was 13.5 months versus "
                        f"9.4 months {fav} (HR 0.62; 95% CI, 0.49-0.78).")
    assert ("OS", "median", A, 13.5, None, None) in got
    assert ("OS", "median", B, 9.4, None, None) in got
    assert not ("OS", "median", A, 9.4, None, None) in got


def test_several_pairs_each_in_the_arms_order():
    text = DESIGN + ("Median OS was significantly longer with oravistat than placebo in cohort A (19.1 months versus "
                     "14.7 months; HR 0.69; 95% CI, 0.50-0.97) with a trend in the overall population (17.3 months "
                     "versus 14.0 months; HR 0.79).")
    got = _got(text)
    for v, arm in ((19.1, A), (14.7, B), (17.3, A), (14.0, B)):
        assert ("OS", "median", arm, v, None, None) in got


def test_pairs_not_joined_by_vs_are_not_split_in_order():
    # "a, b and c, d": no "vs" within a pair, so the figures are no pairs in the arms' order
    text = DESIGN + "Median OS was longer with oravistat than placebo in cohorts A and B (19.1, 14.7, 17.3 and 14.0 months)."
    got = _got(text)
    assert not [g for g in got if g[1] == "median" and g[3] in (14.7, 17.3)]


@pytest.mark.parametrize("tail", ["in the two groups, respectively", "respectively", "in each group"])
def test_respectively_in_a_clause_of_its_own(tail):
    text = DESIGN + ("In the high-expression subgroup, the median OS was 23.0 months in the oravistat group and 16.1 "
                     "months in the placebo group (HR, 0.73; P = 0.0185); in the low-expression subgroup, the median "
                     f"OS was 17.6 and 16.0 months {tail}.")
    got = _got(text)
    assert ("OS", "median", A, 17.6, None, None) in got
    assert ("OS", "median", B, 16.0, None, None) in got
    assert ("OS", "median", A, 23.0, None, None) in got


def test_clause_without_respectively_keeps_its_pair_unassigned():
    text = DESIGN + ("In the high-expression subgroup, the median OS was 23.0 months in the oravistat group and 16.1 "
                     "months in the placebo group; in the low-expression subgroup, it was 17.6 and 16.0 months.")
    got = _got(text)
    assert not [g for g in got if g[3] in (17.6, 16.0)]


# -- a time point bound to another endpoint ----------------------------------------------------------------
@pytest.mark.parametrize("first", ["PFS at month 12 favored oravistat (17.5% vs. 4.7%)",
                                   "The 12-month PFS rate favored oravistat (17.5% vs. 4.7%)",
                                   "Progression-free survival at 12 months also favored oravistat (17.5% vs. 4.7%),"])
@pytest.mark.parametrize("second", ["as did the objective response rate (67.9% vs. 57.6%)",
                                    "as did ORR (67.9% vs. 57.6%)"])
def test_time_point_of_another_endpoint_is_not_the_response_rates(first, second):
    got = _got(DESIGN + f"{first} {second}.")
    assert ("PFS", "landmark_rate", A, 17.5, None, 12.0) in got
    assert ("ORR", "rate", A, 67.9, None, None) in got
    assert ("ORR", "rate", B, 57.6, None, None) in got


def test_time_point_of_the_response_rate_itself_still_drops_it():
    # a response rate at a landmark ("the 12-month ORR") is no best-response rate: nothing is read
    got = _got(DESIGN + "At 12 months, the objective response rate was 67.9% with oravistat vs. 57.6% with placebo.")
    assert not [g for g in got if g[0] == "ORR"]


def test_second_rate_added_with_a_comma_is_its_own_clause():
    text = DESIGN + ("The objective response rate (ORR) was 42% with oravistat versus 27% with placebo (P<0.001), "
                     "with a complete response rate of 9% versus 1%.")
    got = _got(text)
    assert ("ORR", "rate", A, 42.0, 0.001, None) in got
    assert ("ORR", "rate", B, 27.0, 0.001, None) in got
    assert ("CR", "rate", A, 9.0, None, None) in got
    assert ("CR", "rate", B, 1.0, None, None) in got


# -- bare "survival" ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("text, want", [
    ("no survival benefit", [(3, 11, "OS")]),
    ("a survival advantage", [(2, 10, "OS")]),
    ("the 3-year survival was", [(11, 19, "OS")]),
    ("5 years survival of", [(8, 16, "OS")]),
    ("progression-free survival benefit", [(0, 25, "PFS")]),
    ("event-free survival advantage", [(0, 19, "EFS")]),
    ("the 3-year disease-specific survival", []),
    ("survival of the cells", []),
])
def test_bare_survival_as_overall_survival(text, want):
    from trialscout.scout._lexicon import endpoints_in
    assert endpoints_in(text) == want


def test_survival_benefit_names_the_ratio():
    got = _got(DESIGN + "Oravistat vs placebo provided no survival benefit as the one-sided boundary for superiority "
                        "(0.025) was not met (hazard ratio [HR] 0.74; P = .036).")
    assert ("OS", "hr", None, 0.74, 0.036, None) in got


# -- subgroup pairs and prior treatments ---------------------------------------------------------------------
@pytest.mark.parametrize("prior", ["with prior lenalidomide", "with prior oravistat", "in those refractory to placebo",
                                   "with previous lenalidomide"])
def test_pairs_by_subgroup_with_the_arms_named_after_them(prior):
    text = DESIGN + ("Overall response rates were 81.9% versus 65.5% after 1 prior line, 72.0% versus 59.7% after 2 "
                     f"or more prior lines, and 70.1% versus 59.3% {prior} for oravistat and placebo, respectively.")
    got = _got(text)
    for v, arm in ((81.9, A), (65.5, B), (72.0, A), (59.7, B), (70.1, A), (59.3, B)):
        assert ("ORR", "rate", arm, v, None, None) in got


def test_prior_treatment_names_no_arm_of_its_figure():
    text = DESIGN + "Among patients with prior placebo exposure, the response rate was 70.1% with oravistat."
    got = _got(text)
    assert ("ORR", "rate", A, 70.1, None, None) in got
    assert not [g for g in got if g[2] == B]


def test_respectively_pairs_need_the_arms_after_them():
    # the arms named before the pairs: the figures are not split pair by pair in that order
    text = DESIGN + ("With oravistat and placebo, response rates were 81.9% versus 65.5% after 1 prior line and "
                     "72.0% versus 59.7% after 2 or more prior lines, respectively.")
    got = _got(text)
    assert not [g for g in got if g[3] == 65.5 and g[2] == A]


@pytest.mark.parametrize("bg", ["bevacizumab plus ", "bevacizumab + ", "bevacizumab in combination with "])
def test_background_treatment_with_an_arm_is_that_arms(bg):
    design = "In the phase 3 BRANWELL-4 trial, 612 patients were randomly assigned 2:1 to oravistat or placebo.\n\n"
    got = _got(design + f"Median progression-free survival was 22.1 months with {bg}oravistat vs. 16.6 months with "
                        f"{bg}placebo.")
    assert ("PFS", "median", A, 22.1, None, None) in got
    assert ("PFS", "median", B, 16.6, None, None) in got


def test_other_treatment_still_foreign():
    got = _got(DESIGN + "Median PFS was 22.1 months with oravistat vs. 16.6 months with docetaxel.")
    assert ("PFS", "median", A, 22.1, None, None) in got
    assert not [g for g in got if g[3] == 16.6]
