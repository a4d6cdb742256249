"""The reader's general mechanisms, one test each, on phrasings of the kind trial reports use (invented drug names
where the mechanism must not depend on a known one). Each asserts what is read and what is left out."""

import pytest

from trialscout.scout import scout_text
from trialscout.scout.reader import control_index, _valid_arm_phrase

DESIGN = "In the phase 3 ZETA-1 trial, 600 patients were randomly assigned 1:1 to zorvatinib or placebo. "


def _recs(text):
    return {(r.endpoint, r.kind, r.arm, r.value) for r in scout_text(text).records}


def test_design_sentence_names_both_arms():
    text = ("Patients were randomly assigned 1:1 to zorvatinib or docetaxel. Median PFS was 9.1 versus 4.2 months "
            "(hazard ratio 0.52).")
    assert [a.label for a in scout_text(text).arms] == ["zorvatinib", "docetaxel"]
    assert _recs(text) == {("PFS", "median", "zorvatinib", 9.1), ("PFS", "median", "docetaxel", 4.2),
                           ("PFS", "hr", None, 0.52)}


def test_an_arm_named_alone_is_not_a_single_arm_study():
    text = ("PFS was significantly prolonged in the palbociclib plus letrozole arm compared with the letrozole alone "
            "arm (hazard ratio, 0.488; 95% CI 0.319-0.748; median PFS, 20.2 vs 10.2 months, respectively).")
    res = scout_text(text)
    assert len(res.arms) == 2
    assert ("PFS", "median", "palbociclib plus letrozole", 20.2) in _recs(text)
    assert ("PFS", "median", "letrozole", 10.2) in _recs(text)


def test_a_single_arm_study_cited_in_a_comparative_report():
    text = ("A previous single-arm study suggested activity. Here, 400 patients were randomly assigned to zorvatinib "
            "or placebo. Median PFS was 9.1 months with zorvatinib and 4.2 months with placebo (HR 0.50).")
    assert [a.label for a in scout_text(text).arms] == ["zorvatinib", "placebo"]
    assert ("PFS", "median", "placebo", 4.2) in _recs(text)


def test_progression_words_name_the_reports_own_endpoint():
    efs = ("Event-free survival (EFS) was the primary end point of the neoadjuvant trial. The hazard ratio was 0.68, "
           "a 32% lower risk of disease progression or death.")
    assert _recs(efs) == {("EFS", "hr", None, 0.68)}
    pfs = ("Progression-free survival (PFS) was the primary end point. The hazard ratio was 0.68, a 32% lower risk "
           "of disease progression or death.")
    assert _recs(pfs) == {("PFS", "hr", None, 0.68)}


def test_respectively_over_subgroups_goes_to_the_one_linked_arm():
    base = DESIGN + "Median PFS was 9.1 months with zorvatinib and 4.2 months with placebo. "
    linked = base + ("Exploratory analyses showed 5-year overall survival rates of 95.3% and 55.7% in those with and "
                     "without a complete response, respectively, in the zorvatinib group.")
    # a list over subgroups (two endpoints in the clause, the arm linked after the list) is read, but withheld by
    # default: its confidence is below the threshold
    got = {(r.endpoint, r.kind, r.arm, r.value) for r in scout_text(linked, min_confidence=0.0).records}
    assert ("OS", "landmark_rate", "zorvatinib", 95.3) in got and ("OS", "landmark_rate", "zorvatinib", 55.7) in got
    assert not {r for r in _recs(linked) if r[1] == "landmark_rate"}
    unlinked = base + ("Exploratory analyses showed 5-year overall survival rates of 95.3% and 55.7% in those with and "
                       "without a complete response, respectively; zorvatinib was well tolerated.")
    assert not {r for r in _recs(unlinked) if r[1] == "landmark_rate"}


def test_generic_control_and_experimental_arm_names():
    text = DESIGN + "Median OS was 24.2 months in the control arm and 31.0 months in the experimental arm."
    assert {r for r in _recs(text)} == {("OS", "median", "placebo", 24.2), ("OS", "median", "zorvatinib", 31.0)}


def test_control_arm_is_told_by_names():
    assert control_index([frozenset({"nivolumab", "chemotherapy"}), frozenset({"chemotherapy"})]) == 1
    assert control_index([frozenset({"placebo"}), frozenset({"zorvatinib"})]) == 0
    assert control_index([frozenset({"zorvatinib"}), frozenset({"docetaxel"})]) is None


def test_follow_up_never_swallows_the_result_after_it():
    text = (DESIGN + "At a median of 24.1 months of follow-up, the median OS was 20.3 months with zorvatinib vs 12.0 "
            "months with placebo.")
    assert _recs(text) == {("OS", "median", "zorvatinib", 20.3), ("OS", "median", "placebo", 12.0)}


def test_a_figure_of_a_treatment_that_is_no_arm_gets_no_arm():
    text = ("Patients were randomly assigned 1:1 to zorvatinib or docetaxel. Median PFS was 9.1 months with "
            "zorvatinib and 4.2 months with chemotherapy alone.")
    assert _recs(text) == {("PFS", "median", "zorvatinib", 9.1)}


def test_one_named_arm_gives_its_figure_only_in_its_clause():
    text = DESIGN + "The ORR was 61% with zorvatinib; 12% of patients had a complete response."
    assert _recs(text) == {("ORR", "rate", "zorvatinib", 61.0)}


def test_arm_size_by_the_whole_phrase_before_it():
    text = ("Patients were randomly assigned to receive neoadjuvant nivolumab at 360 mg plus platinum-based "
            "chemotherapy (n = 179) or neoadjuvant platinum-based chemotherapy alone (n = 176). Median EFS was 31.6 "
            "months with nivolumab plus chemotherapy and 20.8 months with chemotherapy alone.")
    assert {(a.label, a.n) for a in scout_text(text).arms} == {("nivolumab plus chemotherapy", 179),
                                                              ("chemotherapy", 176)}


def test_a_not_evaluable_ci_does_not_hide_arm_sizes():
    text = ("At a median follow-up of 83.0 months (95% CI, 81.2-86.3) for lorlatinib (n = 149) and 77.2 months (95% "
            "CI, 36.8-not evaluable) for crizotinib (n = 147), median PFS was not reached vs 9.1 months with "
            "crizotinib (HR, 0.19; 95% CI, 0.13-0.26).")
    assert {(a.label, a.n) for a in scout_text(text).arms} == {("lorlatinib", 149), ("crizotinib", 147)}


@pytest.mark.parametrize("text", [
    "Median PFS was 64.7 months with Bu-Mel vs 43.5 months with Mel, with HR=0.53, 95% CI [0.30, 0.91] (p=0.022).",
    "OS improved (hazard ratio [HR], 0.53; 95% confidence interval [95% CI], 0.30-0.91; P = .022).",
])
def test_bracketed_ci_after_its_label(text):
    hr = [r for r in scout_text(text).records if r.kind == "hr"]
    assert [(r.value, r.ci_lower, r.ci_upper, r.ci_level) for r in hr] == [(0.53, 0.30, 0.91, 95.0)]


def test_invasive_disease_free_survival():
    text = ("Enhertu improved invasive disease-free survival, IDFS, versus T-DM1. At three years, 92.4% of patients "
            "in the Enhertu arm were alive and free of invasive disease, compared with 83.7% of those in the T-DM1 "
            "arm.")
    assert _recs(text) == {("IDFS", "landmark_rate", "Enhertu", 92.4), ("IDFS", "landmark_rate", "T-DM1", 83.7)}


def test_response_categories_are_not_endpoints():
    text = ("Patients were randomized 1:1 to Bu-Mel or Mel. At day 90, 102 (98%) patients given Bu-Mel and 95 (97%) "
            "patients given Mel achieved partial response (PR) or better.")
    assert not [r for r in scout_text(text).records if r.endpoint == "PR"]


def test_an_endpoint_named_after_a_percentage_is_its_own():
    text = ("Patients were randomly assigned to lenvatinib plus pembrolizumab or sunitinib. The objective response "
            "rate (ORR) was higher for the lenvatinib plus pembrolizumab arm (71.0%, including a 16.1% complete "
            "response rate) versus the sunitinib arm (36.1%, with a 4.2% complete response rate).")
    got = _recs(text)
    assert ("ORR", "rate", "sunitinib", 36.1) in got and ("CR", "rate", "sunitinib", 4.2) in got
    assert ("CR", "rate", "lenvatinib plus pembrolizumab", 16.1) in got
    assert not {r for r in got if r[3] in (16.1, 4.2) and r[0] != "CR"}


@pytest.mark.parametrize("phrase, ok", [("preplanned", False), ("evaluated", False), ("remaining", False),
                                        ("zorvatinib", True), ("axi-cel", True)])
def test_adjectives_are_not_arms(phrase, ok):
    assert _valid_arm_phrase(phrase) is ok


def test_a_name_with_another_treatment_is_no_alias():
    text = ("Patients were randomly assigned to lenvatinib plus pembrolizumab, lenvatinib plus everolimus, or "
            "sunitinib. Lenvatinib plus everolimus also prolonged PFS compared with sunitinib (median 14.7 vs. 9.2 "
            "months; HR 0.65). Median PFS was 23.9 months with lenvatinib plus pembrolizumab.")
    got = _recs(text)
    assert not {r for r in got if r[3] == 14.7 and r[2] == "lenvatinib plus pembrolizumab"}


@pytest.mark.parametrize("text", [
    "A hazard ratio of less than 1.0 indicates a difference in favor of Femara.",
    "Hazard ratio <1 favors ZYTIGA; hazard ratio greater than 1.0 favors placebo.",
])
def test_ratio_thresholds_are_not_results(text):
    assert scout_text(text).records == ()


def test_three_arms_from_the_design_sentence():
    text = ("A total of 535 patients were randomized to receive acalabrutinib monotherapy (n=179), "
            "acalabrutinib/obinutuzumab (n=179), or obinutuzumab/chlorambucil (n=177). The estimated 72-month PFS "
            "rates were 78% for acalabrutinib/obinutuzumab, 62% for acalabrutinib, and 17% for "
            "obinutuzumab/chlorambucil.")
    res = scout_text(text)
    assert {(a.label, a.n) for a in res.arms} == {("acalabrutinib", 179), ("acalabrutinib/obinutuzumab", 179),
                                                 ("obinutuzumab/chlorambucil", 177)}
    assert {(r.arm, r.value) for r in res.records} == {("acalabrutinib/obinutuzumab", 78.0), ("acalabrutinib", 62.0),
                                                      ("obinutuzumab/chlorambucil", 17.0)}


def test_labelled_table_ci_brackets_its_figure():
    text = ("Table 2: Overall survival\nHazard ratio (95% CI)\n0.646 (0.543, 0.768)\nMedian survival (months) "
            "(95% CI)\n14.8 (15.1, 15.4)")
    got = [(r.kind, r.value, r.ci_lower, r.ci_upper, r.ci_level) for r in scout_text(text).records]
    assert got == [("hr", 0.646, 0.543, 0.768, 95.0)]  # 14.8 outside "(15.1, 15.4)": no CI, and no arm: nothing


def test_a_figure_stated_once_for_every_arm():
    text = DESIGN + "Median PFS was 9.1 months with zorvatinib and 4.2 months with placebo. Median OS was not " \
                    "reached in either arm."
    assert {r for r in _recs(text) if r[0] == "OS"} == {("OS", "median", "zorvatinib", "NR"),
                                                       ("OS", "median", "placebo", "NR")}
    listed = DESIGN + "Estimated 30-month OS rates were 76.8% and 63.1% in each arm."
    assert {r for r in _recs(listed)} == {("OS", "landmark_rate", "zorvatinib", 76.8),
                                          ("OS", "landmark_rate", "placebo", 63.1)}


def test_two_drugs_of_one_antibody_are_two_arms_and_not_reached_is_a_median():
    text = ("Patients were randomised 1:1 to trastuzumab deruxtecan (T-DXd) or trastuzumab emtansine (T-DM1). The "
            "analysis demonstrated improved PFS with trastuzumab deruxtecan compared to trastuzumab emtansine [not "
            "reached (95% CI, 18.5 to could not be estimated) vs 6.8 months (95% CI, 5.6 to 8.2) respectively].")
    res = scout_text(text)
    assert [a.label for a in res.arms] == ["trastuzumab deruxtecan", "trastuzumab emtansine"]
    assert {(r.endpoint, r.kind, r.arm, r.value, r.ci_lower, r.ci_upper) for r in res.records} == {
        ("PFS", "median", "trastuzumab deruxtecan", "NR", 18.5, "NE"),
        ("PFS", "median", "trastuzumab emtansine", 6.8, 5.6, 8.2)}


def test_months_without_median_or_not_reached_are_not_read():
    text = DESIGN + "PFS was improved with zorvatinib compared to placebo (9.1 vs 6.8 months, respectively)."
    assert scout_text(text).records == ()


# -- confidence: how a record was read decides whether it is reported by default --------------------------------
def _conf(text, **kw):
    return {(r.endpoint, r.kind, r.arm, r.value): r.confidence for r in
            scout_text(text, min_confidence=0.0, **kw).records}


def test_a_clean_pattern_has_full_confidence_and_the_json_is_unchanged():
    text = DESIGN + "Median PFS was 10.2 months (95% CI, 8.1-12.0) with zorvatinib versus 5.1 months with placebo."
    conf = _conf(text)
    assert conf == {("PFS", "median", "zorvatinib", 10.2): 1.0, ("PFS", "median", "placebo", 5.1): 1.0}
    res = scout_text(text)
    assert all(set(e) == {"endpoint", "kind", "arm", "value", "ci_lower", "ci_upper", "ci_level", "p_value",
                          "p_operator", "timepoint_months", "unit", "source"} for e in res.to_json()["endpoints"])
    assert {e["confidence"] for e in res.to_json(confidence=True)["endpoints"]} == {1.0}


def test_one_weak_inference_is_kept_two_are_withheld():
    one = DESIGN + "Median PFS was 10.2 versus 5.1 months."  # arms by the design sentence's order only
    assert all(0.5 <= c < 1 for c in _conf(one).values())
    assert len(scout_text(one).records) == 2
    # the arms by order, the endpoint from the previous sentence and the time point from another clause
    two = DESIGN + "PFS was longer. At 12 months, the rates were 61% and 40%."
    assert scout_text(two).records == ()
    assert len(scout_text(two, min_confidence=0.0).records) == 2


def test_pooled_figures_of_all_patients_are_withheld():
    text = DESIGN + "The 5-year OS and PFS rates were 78% and 49% among all patients, respectively."
    assert scout_text(text).records == ()
    assert scout_text(text).withheld  # still available to whoever asks


def test_a_comparison_of_men_with_women_is_withheld():
    text = DESIGN + "Female pts had a longer median PFS than male pts (not reached vs 52.2 months; HR 0.70)."
    assert scout_text(text).records == ()


def test_min_confidence_is_checked():
    with pytest.raises(Exception, match="min_confidence"):
        scout_text(DESIGN, min_confidence=1.5)


# -- general rules -----------------------------------------------------------------------------------------------
def test_a_time_to_endpoint_the_report_defines_keeps_its_own_acronym():
    text = (DESIGN + "Secondary end points included time-to-next-treatment (TTNT) and overall survival (OS). TTNT "
            "was prolonged with zorvatinib (HR 0.53, 95% CI 0.40-0.68). A longer time until definitive deterioration "
            "(TUDD) was seen with zorvatinib (HR, 0.70; 95% CI, 0.51-0.97).")
    assert {(r.endpoint, r.value) for r in scout_text(text).records} == {("TTNT", 0.53), ("TUDD", 0.70)}


def test_medians_in_years_become_months():
    text = DESIGN + "Median RFS was 2.07 years in the zorvatinib group vs 1.28 years in the placebo group."
    assert _recs(text) == {("RFS", "median", "zorvatinib", 24.84), ("RFS", "median", "placebo", 15.36)}
    assert _recs(DESIGN + "Median age was 64 years; after a median follow-up of 10.3 years, OS was longer.") == set()


def test_a_median_observation_time_is_not_a_median_result():
    text = (DESIGN + "At a median observation time of 76.4 months, PFS remained superior for zorvatinib (median, "
            "26.2 vs 16.4 months; HR, 0.40).")
    assert {r.value for r in scout_text(text).records} == {26.2, 16.4, 0.40}


def test_from_a_to_b_gives_the_control_the_first_figure():
    text = DESIGN + "Zorvatinib improved OS at 3 years from 80.2% to 87.5% (HR 0.69)."
    assert {(e, k, a and a.lower(), v) for e, k, a, v in _recs(text)} == {("OS", "landmark_rate", "placebo", 80.2), ("OS", "landmark_rate", "zorvatinib", 87.5),
                           ("OS", "hr", None, 0.69)}


def test_a_figure_after_its_arm():
    text = DESIGN + "The 3-year OS was 83% after zorvatinib versus 77% in the placebo group."
    assert _recs(text) == {("OS", "landmark_rate", "zorvatinib", 83.0), ("OS", "landmark_rate", "placebo", 77.0)}


def test_a_pair_after_both_arms_follows_their_order_not_the_nearest_name():
    text = (DESIGN + "PFS at 10 years was better in the zorvatinib arm than in the placebo arm (56% v 42%; "
            "P = .01).")
    assert _recs(text) == {("PFS", "landmark_rate", "zorvatinib", 56.0), ("PFS", "landmark_rate", "placebo", 42.0)}
