"""Phrasing families of the numbers, second round: two or three invented variants of each family the held-out sets
showed, so that every rule is tested beyond the corpus sentence. Invented drug and trial names throughout."""

from trialscout.scout import scout_text
from trialscout.scout._text import normalize, sentences

DESIGN = "In the phase 3 ZETA-1 trial, 600 patients were randomly assigned 1:1 to zorvatinib or placebo. "


def _full(text, **kw):
    return {(r.endpoint, r.kind, r.arm, r.value, r.ci_lower, r.ci_upper, r.ci_level, r.p_operator, r.p_value)
            for r in scout_text(text, **kw).records}


def _recs(text):
    return {(r.endpoint, r.kind, r.arm.lower() if r.arm else r.arm, r.value) for r in scout_text(text).records}


def _lm(text):
    return {(r.endpoint, r.arm, r.value, r.timepoint_months) for r in scout_text(text).records
            if r.kind == "landmark_rate"}


# -- CIs damaged by a text layer ------------------------------------------------------------------------------
def test_a_question_mark_for_the_dash_of_a_ci():
    for text in (DESIGN + "Overall survival improved (HR=0.78 [95% CI, 0.70?0.87]; p<0.0001).",
                 DESIGN + "The hazard ratio for overall survival was 0.78 (95% CI 0.70\ufffd0.87; P < 0.0001)."):
        assert ("OS", "hr", None, 0.78, 0.7, 0.87, 95.0, "<", 0.0001) in _full(text), text


def test_limits_whose_dash_was_lost_are_cut_where_both_have_the_figures_decimals():
    for text, lo, hi in ((DESIGN + "Median PFS was longer with zorvatinib (HR, 0.64; 95% CI, 0.490.83).", 0.49, 0.83),
                         (DESIGN + "The hazard ratio for overall survival was 0.71 (95% CI 0.550.92).", 0.55, 0.92)):
        got = {r[:6] for r in _full(text) if r[1] == "hr"}
        assert got and next(iter(got))[4:6] == (lo, hi), text


def test_glued_limits_that_cannot_be_cut_or_do_not_bracket_the_figure_give_no_ci():
    # "0.4900.83": the cut would leave limits with unequal decimals; "0.800.95" does not bracket 0.64
    for text in (DESIGN + "Median PFS was longer with zorvatinib (HR, 0.64; 95% CI, 0.4900.83).",
                 DESIGN + "Median PFS was longer with zorvatinib (HR, 0.64; 95% CI, 0.800.95)."):
        assert all(r[4] is None for r in _full(text) if r[1] == "hr"), text


def test_lower_case_ci_and_a_level_stated_once_in_the_sentence():
    for text in (DESIGN + "median overall survival was 12.9 months (95% ci, 11.9-14.0) with zorvatinib versus "
                          "11.5 months (95% ci, 10.6-12.1) with placebo.",
                 DESIGN + "Median overall survival was 12.9 months (95% CI, 11.9-14.0) with zorvatinib versus "
                          "11.5 months (10.6-12.1) with placebo."):
        got = _full(text)
        assert ("OS", "median", "zorvatinib", 12.9, 11.9, 14.0, 95.0, None, None) in got, text
        assert ("OS", "median", "placebo", 11.5, 10.6, 12.1, 95.0, None, None) in got, text


def test_two_levels_in_a_sentence_are_not_lent_to_an_unlabelled_ci():
    text = DESIGN + ("Median overall survival was 12.9 months (95% CI, 11.9-14.0) with zorvatinib versus "
                     "11.5 months (90% CI, 10.6-12.1) with placebo; median PFS was 6.1 vs 4.0 months (5.0-7.2).")
    assert all(r[6] is None for r in _full(text) if r[4] == 5.0)


def test_not_calculable_with_its_acronym_is_a_missing_limit():
    for text in (DESIGN + "Median PFS was 39.1 months (95% CI, 31.5-not calculable [NC]) with zorvatinib vs 5.6 "
                          "months (95% CI, 3.7-7.4) with placebo.",
                 DESIGN + "Median PFS was 39.1 months (95% CI, 31.5 to not calculable (NC)) with zorvatinib vs 5.6 "
                          "months (95% CI, 3.7 to 7.4) with placebo."):
        got = _full(text)
        assert ("PFS", "median", "zorvatinib", 39.1, 31.5, "NE", 95.0, None, None) in got, text
        assert not [r for r in got if r[3] == "NE"], text


# -- a CI level is not a result ---------------------------------------------------------------------------------
def test_an_orphan_level_and_limits_are_not_a_rate():
    for text in (DESIGN + "Median OS was more than double at 31.9 months with zorvatinib (95% CI: 21.0-NE) compared "
                          "to 15.1 months with placebo (95% CI: 13.2-26.2).",
                 DESIGN + "Overall survival at two years favoured zorvatinib (95% CI: 21.0-NE)."):
        assert not [r for r in _full(text) if r[3] == 95.0 or r[1] == "landmark_rate"], text
    got = _full(DESIGN + "Median OS was more than double at 31.9 months with zorvatinib (95% CI: 21.0-NE) compared "
                         "to 15.1 months with placebo (95% CI: 13.2-26.2).")
    assert ("OS", "median", "zorvatinib", 31.9, 21.0, "NE", 95.0, None, None) in got


def test_whole_months_after_at_stay_time_points():
    assert ("OS", "zorvatinib", 80.0, 24.0) in _lm(DESIGN + "The overall survival rate at 24 months was 80% with "
                                                            "zorvatinib and 70% with placebo.")


# -- follow-up times and subsets are not the arms' medians ----------------------------------------------------------
def test_a_follow_up_named_after_an_endpoint_is_not_a_median():
    for text in (DESIGN + "The primary analysis had a median progression-free survival (PFS) follow-up of 16.9 "
                          "months for zorvatinib and 16.3 months for placebo.",
                 DESIGN + "The median PFS follow-up was 16.9 months for zorvatinib and 16.3 months for placebo.",
                 DESIGN + "With a median overall survival follow-up of 30.1 months, no difference was seen."):
        assert not [r for r in _recs(text) if r[1] == "median"], text
    # a median whose verb comes first is still one
    assert ("PFS", "median", "zorvatinib", 16.9) in _recs(
        DESIGN + "Median PFS was 16.9 months with zorvatinib and 10.3 months with placebo at follow-up.")


def test_a_subset_chosen_after_randomization_is_doubtful():
    for text in (DESIGN + "Among zorvatinib-treated patients who discontinued treatment for a reason other than "
                          "progression, median PFS was 25 months.",
                 DESIGN + "Among patients who crossed over to zorvatinib, median overall survival was 14.2 months."):
        assert not [r for r in _recs(text) if r[1] == "median"], text


def test_an_endpoint_that_picks_the_patients_names_no_figure():
    for text in (DESIGN + "Among patients with a confirmed complete response (CR), 66.2% in the zorvatinib arm (and "
                          "59.4% in the placebo arm) had an initial partial response that later converted to a CR.",
                 DESIGN + "Among patients who achieved a complete response, 40% with zorvatinib and 35% with "
                          "placebo remained in remission at 2 years.",
                 "In patients with an objective response, 62% with zorvatinib and 48% with placebo had a response "
                 "lasting 12 months or more. " + DESIGN):
        assert not [r for r in _recs(text) if r[1] == "rate"], text


# -- P values ---------------------------------------------------------------------------------------------------
def test_several_words_before_a_p_and_a_sided_count_that_is_not_a_ratio():
    for text in (DESIGN + "2y PFS was 89% and 64% (HR 0.24, 95% CI 0.09-0.63, 1-sided stratified logrank p=0.001).",
                 DESIGN + "PFS favoured zorvatinib (HR 0.24, 95% CI 0.09-0.63, one-sided stratified log-rank "
                          "p=0.001)."):
        got = _full(text)
        assert ("PFS", "hr", None, 0.24, 0.09, 0.63, 95.0, "=", 0.001) in got, text
        assert not [r for r in got if r[3] == 1.0], text


def test_a_stray_glyph_beside_the_operator_of_a_p():
    for text in (DESIGN + "Overall survival improved (HR 0.70, 95% CI 0.55-0.89, P\u0101=\u01010.004).",
                 DESIGN + "Overall survival improved (HR 0.70, 95% CI 0.55-0.89, P \u0101<\u0101 0.004)."):
        got = {r[7:] for r in _full(text) if r[1] == "hr"}
        assert got and next(iter(got))[1] == 0.004, text


def test_time_points_glued_to_their_unit():
    got = _lm(DESIGN + "For zorvatinib vs placebo, 2y PFS was 89% and 64%, and 3-y OS 96% and 85%.")
    assert ("PFS", "zorvatinib", 89.0, 24.0) in got
    assert ("PFS", "placebo", 64.0, 24.0) in got


# -- pairs and arms ---------------------------------------------------------------------------------------------
def test_a_figure_then_the_other_arm_in_brackets():
    for text in (DESIGN + "Zorvatinib improved outcomes, with a median progression-free survival of 12.5 months "
                          "(vs. 6.3 months in the placebo arm).",
                 DESIGN + "Median progression-free survival was 12.5 months (versus 6.3 months with placebo).",
                 DESIGN + "The median PFS was 6.3 months (vs 12.5 months with zorvatinib) in the placebo arm."):
        got = _recs(text)
        assert ("PFS", "median", "zorvatinib", 12.5) in got, text
        assert ("PFS", "median", "placebo", 6.3) in got, text


def test_compared_with_the_comparator_first_the_subject_figure_first():
    for text in (DESIGN + "Compared with the placebo arm, the zorvatinib arm had a higher objective response rate "
                          "(42.5 percent vs 22.7 percent).",
                 DESIGN + "Compared with patients receiving placebo, those on zorvatinib had a higher objective "
                          "response rate (42.5% vs 22.7%).",
                 DESIGN + "Relative to placebo, zorvatinib raised the objective response rate (42.5% vs 22.7%)."):
        got = _recs(text)
        assert ("ORR", "rate", "zorvatinib", 42.5) in got, text
        assert ("ORR", "rate", "placebo", 22.7) in got, text


def test_a_pair_in_one_bracket_shares_its_endpoint():
    text = DESIGN + ("The percentage of patients with a complete response or better was higher in the zorvatinib "
                     "group than in the placebo group (74.7% vs. 64.1%, P = 0.01), as was the percentage of "
                     "patients with MRD-negative status and a complete response (55.5% vs. 40.9%, P = 0.003).")
    assert {("CR", "rate", "zorvatinib", 74.7), ("CR", "rate", "placebo", 64.1),
            ("MRD", "rate", "zorvatinib", 55.5), ("MRD", "rate", "placebo", 40.9)} <= _recs(text)
    # an endpoint named after the pair, in the same clause, is doubtful but never the second figure's alone
    for text in (DESIGN + "The complete response rate was higher in the zorvatinib group than in the placebo group "
                          "(74.7% vs 64.1%), as was MRD negativity (55.5% vs 40.9%).",
                 DESIGN + "The objective response rate favoured zorvatinib over placebo (74.7% vs 64.1%) as did the "
                          "complete response rate (35.5% vs 20.9%)."):
        res = scout_text(text)
        eps = {r.value: r.endpoint for r in res.records + res.withheld}
        assert eps[74.7] == eps[64.1], text


def test_rates_listed_against_their_endpoints_respectively():
    text = DESIGN + ("For patients who were MRD negative, the 3-year OS and RFS rates were 100% and 45% in the "
                     "zorvatinib arm, respectively.")
    got = _lm(text)
    assert ("OS", "zorvatinib", 100.0, 36.0) in got and ("RFS", "zorvatinib", 45.0, 36.0) in got
    # in both arms: a figure per endpoint, no arm to tell, nothing read
    text = DESIGN + ("For patients who were MRD negative, the 3-year OS and RFS rates were similar in both arms at "
                     "100% vs 45%, respectively.")
    assert not _lm(text)


# -- endpoint names ---------------------------------------------------------------------------------------------
def test_mrd_with_a_complete_response_is_the_mrd_endpoint():
    for text, ep in ((DESIGN + "In the zorvatinib and placebo arms, respectively, sustained MRD-negative status with a "
                               "complete response (CR) or better occurred in 64.8% vs 29.7% of patients.",
                      "sustained MRD"),
                     (DESIGN + "MRD complete response rates were 22% with zorvatinib vs 8% with placebo.", "MRD"),
                     (DESIGN + "MRD-negative status with a complete response was reached by 40% with zorvatinib "
                               "and 20% with placebo.", "MRD")):
        got = _recs(text)
        assert {r[0] for r in got if r[1] == "rate"} == {ep}, text


def test_imaging_based_pfs_is_radiographic():
    for text in (DESIGN + "Zorvatinib prolonged imaging-based progression-free survival (median, 8.7 vs. 3.4 months; "
                          "hazard ratio, 0.40; P<0.001).",
                 DESIGN + "Imaging-based PFS was 8.7 months with zorvatinib vs 3.4 months with placebo (HR 0.40)."):
        got = _recs(text)
        assert ("rPFS", "hr", None, 0.4) in got, text
        assert not [r for r in got if r[0] == "PFS"], text


def test_not_yet_statistically_significant_is_not_a_median_not_reached():
    for text in (DESIGN + "While overall survival trends toward zorvatinib (98% vs. 97%), the difference has not yet "
                          "reached statistical significance.",
                 DESIGN + "Median overall survival has not reached significance (HR 0.90)."):
        assert not [r for r in _recs(text) if r[3] == "NR"], text


# -- sentences ------------------------------------------------------------------------------------------------
def test_a_footnote_number_after_the_full_stop_ends_the_sentence():
    text = ("Zorvatinib improved progression-free survival (PFS) in the phase 3 trial presented at the Annual Meeting.1\n"
            "Within 18 months, 3.1% of patients had high-risk disease.")
    cut = [s.text for s in sentences(normalize(text))]
    assert len(cut) == 2 and cut[1].startswith("Within")
    # a decimal at a line end is not a footnote
    text = ("The hazard ratio for progression-free survival in the intention-to-treat population was 0.5\n"
            "Five patients withdrew.")
    assert len(sentences(normalize(text))) == 2 or "0.5" in sentences(normalize(text))[0].text


# -- lists of landmark rates against lists of time points ------------------------------------------------------
def test_a_list_of_time_points_then_lists_of_rates_per_arm():
    for text in (DESIGN + "At the 2-, 3-, and 5-year time points, the estimated OS rates with zorvatinib were 96.3%, "
                          "93.9%, and 87.7%, respectively; with placebo, these rates were 93.9%, 89.5%, and 82.3%.",
                 DESIGN + "The estimated 2-, 3-, and 5-year DFS rates in the zorvatinib arm were 78.2%, 72.5%, and "
                          "60.9%; in the placebo arm, these respective rates were 67.2%, 62.8%, and 52.2%.",
                 DESIGN + "The 12-, 24- and 36-month PFS rates in the zorvatinib arm were 74%, 65% and 50%. Those "
                          "respective rates were 52%, 33% and 20% in the placebo arm."):
        got = _lm(text)
        ep = "OS" if "OS" in text else "DFS" if "DFS" in text else "PFS"
        t0, t2 = (24.0, 60.0) if ep != "PFS" else (12.0, 36.0)
        z = [r for r in got if r[1] == "zorvatinib"]
        assert len(z) == 3 and (ep, "zorvatinib", z and max(r[2] for r in z), t0) in got, text
        assert any(r[1] == "zorvatinib" and r[3] == t2 for r in got), text
        # a list of another length is not given the times
    text = DESIGN + ("The 2- and 3-year OS rates with zorvatinib were 96.3%, 93.9%, and 87.7%.")
    assert not _lm(text)


def test_those_respective_rates_take_the_previous_sentences_time_points():
    for text in (DESIGN + "The 12- and 24-month PFS rates in the zorvatinib arm were 74% and 65%, respectively. Those "
                          "respective rates were 22% and 13% in the placebo arm.",
                 DESIGN + "The 12- and 24-month progression-free survival rates with zorvatinib were 74% and 65%. "
                          "The corresponding rates were 22% and 13% with placebo."):
        got = _lm(text)
        assert {("PFS", "placebo", 22.0, 12.0), ("PFS", "placebo", 13.0, 24.0)} <= got, text
    # no list of time points before: nothing is invented
    text = DESIGN + "The PFS rate at 12 months was 74% with zorvatinib. Those rates were 22% and 13% with placebo."
    assert not [r for r in _lm(text) if r[1] == "placebo"]


def test_time_points_glued_to_a_bare_m():
    got = _lm(DESIGN + "The 48m iDFS rate was 85.8% with zorvatinib vs 79.4% with placebo.")
    assert ("IDFS", "zorvatinib", 85.8, 48.0) in got and ("IDFS", "placebo", 79.4, 48.0) in got


def test_pairs_of_subgroup_medians_follow_the_arms_pair_named_before_them():
    three = ("In the phase 3 ZETA-2 trial, 900 patients were randomly assigned 1:1:1 to zorvatinib, "
             "zorvatinib-chemotherapy, or placebo-chemotherapy. ")
    for text in (three + "For zorvatinib versus placebo-chemotherapy, the median overall survival was 7.9 versus 11.3 "
                         "months in the low subgroup (HR, 1.51) and 10.8 versus 10.1 months in the high subgroup.",
                 DESIGN + "For zorvatinib vs placebo, median OS was 7.9 vs 11.3 months in women and 10.8 vs 10.1 "
                          "months in men."):
        got = _recs(text)
        assert {("OS", "median", "zorvatinib", 7.9), ("OS", "median", "zorvatinib", 10.8)} <= got, text
        assert {r[3] for r in got if r[2] and r[2].startswith("placebo")} == {11.3, 10.1}, text
    # figures not in pairs: no order to follow
    text = DESIGN + "For zorvatinib vs placebo, median OS was 7.9, 11.3 and 10.8 months in three subgroups."
    assert not [r for r in _recs(text) if r[1] == "median"]


def test_pairs_between_the_subject_arm_and_than_the_other():
    for text in (DESIGN + "Patients treated with zorvatinib had higher MRD-negativity rates (28% vs 9%; OR, 4.22) and "
                          "complete response rates (22% vs 8%; OR, 3.55) than those treated with placebo.",
                 DESIGN + "Zorvatinib gave higher objective response rates (28% vs 9%) and complete response rates "
                          "(22% vs 8%) than placebo."):
        res = scout_text(text)  # (the second names two endpoints in one clause: doubtful, withheld, yet read)
        got = {(r.endpoint, r.kind, (r.arm or "").lower(), r.value) for r in res.records + res.withheld}
        assert {r[2:] for r in got if r[1] == "rate"} == {("zorvatinib", 28.0), ("placebo", 9.0),
                                                          ("zorvatinib", 22.0), ("placebo", 8.0)}, text


def test_an_arm_and_a_comma_label_the_figure_inside_brackets():
    for text in (DESIGN + "Median overall survival favoured zorvatinib in older patients (zorvatinib, 43.2 months vs "
                          "placebo, 30.0 months; HR, 0.70).",
                 DESIGN + "Median PFS was longer in the subgroup (zorvatinib, not reached vs placebo, 38.2 months)."):
        got = _recs(text)
        assert {r[2] for r in got if r[1] == "median"} == {"zorvatinib", "placebo"}, text
        assert [r for r in got if r[2] == "placebo" and r[3] in (30.0, 38.2)], text


def test_as_was_opens_a_clause_of_its_own():
    for text in (DESIGN + "The objective response rate was improved by zorvatinib (57% vs 33%), as was median "
                          "duration of response (36.9 vs 6.5 months).",
                 DESIGN + "Progression-free survival was longer with zorvatinib (median 12.1 vs 6.0 months), as was "
                          "overall survival (median 30.2 vs 22.4 months)."):
        got = _recs(text)
        assert len([r for r in got if r[1] in ("rate", "median")]) == 4, text
        assert all(r[2] in ("zorvatinib", "placebo") for r in got), text


def test_no_difference_in_a_median_keeps_the_medians():
    for text in (DESIGN + "There was no difference in median overall survival (9.3 months for the zorvatinib arm and "
                          "9.4 months for the placebo arm).",
                 DESIGN + "No difference in median PFS was seen (9.3 months with zorvatinib vs 9.4 months with "
                          "placebo)."):
        assert {r[3] for r in _recs(text) if r[1] == "median"} == {9.3, 9.4}, text
    # a difference stated as a number is still not a median
    assert not [r for r in _recs(DESIGN + "The difference in median overall survival was 3.1 months.")
                if r[1] == "median"]


def test_patients_who_were_mrd_negative_are_a_condition_not_an_endpoint():
    for text in (DESIGN + "For patients who were aged 30 to 39 and were MRD negative, the 3-year OS rates were 100% "
                          "vs 73% (P = .009).",
                 DESIGN + "Among patients who were MRD negative, the 3-year overall survival rates were 100% with "
                          "zorvatinib and 73% with placebo."):
        got = _lm(text)
        assert {r[2] for r in got if r[0] == "OS"} == {100.0, 73.0}, text
        assert not [r for r in _recs(text) if r[0] == "MRD"], text


def test_a_median_in_mo_is_not_a_glued_time_point():
    for text in (DESIGN + "Median PFS was 10 mo with zorvatinib vs 8 mo with placebo.",
                 DESIGN + "Median PFS was 10 mo vs 8 mo PFS-wise with zorvatinib and placebo, respectively."):
        assert {r[3] for r in _recs(text) if r[1] == "median"} == {10.0, 8.0}, text


def test_a_subgroup_label_with_a_digit_does_not_cut_a_ratio_from_its_keyword():
    for text in (DESIGN + "The HR for DFS in those with M0 intermediate-high risk was 0.75 (95% CI, 0.61-0.93).",
                 DESIGN + "The hazard ratio for overall survival in patients with ECOG PS 1 was 0.75 (95% CI, "
                          "0.61-0.93)."):
        assert {r[3] for r in _full(text) if r[1] == "hr"} == {0.75}, text
    # the label itself is no figure
    assert not _full(DESIGN + "Patients with M1 disease and ECOG 0-1 were eligible.")


# -- confidence limits ("95% CL", SAS's "95% Confidence Limits") ----------------------------------------------
def test_confidence_limits_are_a_ci():
    for text in (DESIGN + "The hazard ratio for death, zorvatinib versus placebo, was 0.74 (95% CL: 0.47-1.16, p = 0.189).",
                 DESIGN + "The hazard ratio for overall survival was 0.74 (95% confidence limits 0.47 to 1.16; "
                          "P = 0.189)."):
        assert ("OS", "hr", None, 0.74, 0.47, 1.16, 95.0, "=", 0.189) in _full(text), text
    # a CLL is a disease, not a limit
    assert not any(r[4] is not None for r in _full(DESIGN + "Of the patients, 95% CLL cases were treated."))
