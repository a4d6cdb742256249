"""Rules written for the error classes of the held-out 17 scoring (reader.py).

Every text here is invented for these tests; each class has several phrasings and a negative case.
"""

from __future__ import annotations

from trialscout.scout.reader import extract


def _ratios(text):
    return sorted((r.endpoint, r.kind, r.value, r.ci_lower, r.ci_upper, r.ci_level) for r in extract(text).records
                  if r.kind in ("hr", "odds_ratio"))


DESIGN = "In the phase 3 ORBIT-4 trial, 520 patients were randomly assigned to relatinib plus docetaxel " \
         "(n = 260) or docetaxel (n = 260).\n\n"


# -- class 4: a text cut inside a CI; the number broken off after its point is no limit ---------------------------


def test_cut_upper_limit_is_not_read():
    for text, lo in (
        ("Median OS was 14.1 months and 11.0 months, respectively (HR 0.812 [95% CI: 0.655, 0.\n", 0.655),
        ("The hazard ratio for overall survival was 0.70 (95% CI, 0.52 to 1.\n", 0.52),
    ):
        got = [r for r in _ratios(DESIGN + text) if r[0] == "OS"]
        assert got and got[0][3] == lo and got[0][4] is None, (text, got)


def test_closed_ci_at_sentence_end_keeps_its_limit():
    for text in ("The hazard ratio for overall survival was 0.70 (95% CI, 0.52 to 1).\n",
                 "The hazard ratio for overall survival was 0.70; 95% CI, 0.52 to 1.\n"):
        got = [r for r in _ratios(DESIGN + text) if r[0] == "OS"]
        assert got and got[0][3:5] == (0.52, 1.0), (text, got)


# -- class 8: CIs with no word for them after a ratio, and "95% confidence interval/CI" ---------------------------


def test_bare_dash_limits_after_a_ratio():
    got = _ratios(DESIGN + "Progression-free survival favoured relatinib plus docetaxel (HR 0.66, 0.51-0.86; "
                           "p=0.002).")
    assert got == [("PFS", "hr", 0.66, 0.51, 0.86, None)]
    got = _ratios(DESIGN + "Median progression-free survival was 9.1 months [95% CI 8.0-10.4] vs 6.2 months "
                           "[5.5-7.0]; HR 0.66, 0.51-0.86; p=0.002.")
    assert got == [("PFS", "hr", 0.66, 0.51, 0.86, 95.0)]


def test_bare_dash_pair_not_bracketing_the_ratio_is_no_ci():
    got = _ratios(DESIGN + "Progression-free survival favoured relatinib plus docetaxel (HR 0.66, 12-24; p=0.002).")
    assert got == [("PFS", "hr", 0.66, None, None, None)]


def test_slashed_acronym_after_confidence_interval():
    for text in (
        "Progression-free survival was longer with relatinib (hazard ratio/HR 0.61, 95% confidence interval/CI: "
        "0.45, 0.83, p=0.001).",
        "Progression-free survival was longer with relatinib (HR 0.61, 95% confidence interval / CI = 0.45-0.83).",
    ):
        assert _ratios(DESIGN + text) == [("PFS", "hr", 0.61, 0.45, 0.83, 95.0)], text


# -- class 2: an endpoint that picks the patients is still the measure of a result stated later --------------------


def test_conditioned_endpoint_stated_again_as_a_measure():
    for text, want in (
        ("In patients with a PFS event who had no further therapy, relatinib improved median PFS (HR: 0.58, "
         "P = .002) and median OS (HR: 0.71, P = .01).", [("OS", 0.71), ("PFS", 0.58)]),
        ("Among patients with a PFS event, relatinib lengthened median OS (hazard ratio: 0.64) and median PFS "
         "(hazard ratio: 0.55).", [("OS", 0.64), ("PFS", 0.55)]),
    ):
        got = sorted((r[0], r[2]) for r in _ratios(DESIGN + text))
        assert got == want, text


def test_conditioned_endpoint_alone_names_no_figure():
    # the condition's own mention is still no measure: the ratio goes to the endpoint stated as the result
    got = _ratios(DESIGN + "Among patients with a complete response, overall survival was longer with relatinib "
                           "(HR 0.52, 95% CI 0.33-0.81).")
    assert [(r[0], r[2]) for r in got] == [("OS", 0.52)]


def _all(text):
    return sorted((r.endpoint, r.kind, r.value) for r in extract(text).records)


# -- class 1: shares who died are no survival rates; a named outcome's ratio is not the previous endpoint's ---------


def test_share_who_died_is_no_survival_rate():
    for text in (
        "Death from any cause at 24 months occurred in 38.2% with relatinib plus docetaxel and 45.0% with docetaxel "
        "(HR 0.79, 95% CI 0.61 to 1.02).",
        "All-cause mortality at 24 months was 38.2% with relatinib plus docetaxel versus 45.0% with docetaxel.",
    ):
        assert not [r for r in _all(DESIGN + text) if r[1] == "landmark_rate"], text


def test_survival_rate_beside_death_words_is_kept():
    got = _all(DESIGN + "The 24-month overall survival rate was 61.8% with relatinib plus docetaxel and 55.0% with "
                        "docetaxel (risk of death reduced; HR 0.79).")
    assert ("OS", "landmark_rate", 61.8) in got and ("OS", "landmark_rate", 55.0) in got


def test_ratio_of_a_named_untracked_outcome_is_not_the_previous_endpoint():
    first = DESIGN + "Overall survival did not differ (HR 0.92, 95% CI 0.70 to 1.21).\n"
    for text in (
        "No significant difference in new cerebral events at 6 months (4.2% vs. 3.5%; HR 1.11, 95% CI 0.46 to 2.69).",
        "There was no reduction in hepatic events (HR 1.05, 95% CI 0.71 to 1.55).",
    ):
        got = _ratios(first + text)
        assert [r[2] for r in got] == [0.92], (text, got)


def test_bare_ratio_sentence_still_continues_the_previous_endpoint():
    got = _ratios(DESIGN + "Progression-free survival was longer with relatinib plus docetaxel.\n"
                           "The hazard ratio was 0.61 (95% CI 0.45 to 0.83).")
    assert [(r[0], r[2]) for r in got] == [("PFS", 0.61)]


# -- class 6: lines closed by a pipe are items of their own; time windows of a ratio; "pathological CR" -------------

PIPED = ("Phase 3, double-blind, randomized trial of relatinib |\n"
         "Relatinib (n=300) vs Placebo (n=300) plus chemotherapy for 4 cycles, then relatinib or placebo alone |\n"
         "Efficacy\n")


def test_pipe_closed_lines_are_read_as_their_own_items():
    got = _all(PIPED + "3-yr PFS: 61.2% vs 50.5% (HR 0.74 [0.61-0.90]) |\n"
                       "3-yr OS: 70.1% vs 66.3% (HR 0.88 [0.70-1.10]) |\n"
                       "Pathological CR: 21.0% vs 8.1% |\n")
    assert got == sorted([("PFS", "landmark_rate", 61.2), ("PFS", "landmark_rate", 50.5), ("PFS", "hr", 0.74),
                          ("OS", "landmark_rate", 70.1), ("OS", "landmark_rate", 66.3), ("OS", "hr", 0.88),
                          ("pCR", "rate", 21.0), ("pCR", "rate", 8.1)])


def test_window_of_a_ratio_is_no_median():
    got = _all(PIPED + "OS: HR 0.98 [0.71-1.35] from 0-12 months; HR 0.69 [0.52-0.91] from 12 months onward |\n")
    assert got == [("OS", "hr", 0.69), ("OS", "hr", 0.98)]


def _arm_rows(text):
    return sorted((r.endpoint, r.kind, r.arm and r.arm.lower(), r.value, r.timepoint_months)
                  for r in extract(text).records if r.kind in ("landmark_rate", "rate", "median"))


# -- class 11: elided rates with the time after the word; months pairs that a verb favours; "not yet evaluable" -----


def test_rate_at_a_time_continues_the_one_endpoint_before():
    text = DESIGN + ("Median progression-free survival was 20.4 months with relatinib plus docetaxel vs 14.2 months "
                     "with docetaxel (HR 0.70, 95% CI 0.55-0.89). The rate at 24 months was 44% vs 31%.")
    got = [r for r in _arm_rows(text) if r[1] == "landmark_rate"]
    assert got == [("PFS", "landmark_rate", "docetaxel", 31.0, 24.0),
                   ("PFS", "landmark_rate", "relatinib plus docetaxel", 44.0, 24.0)]
    # read as the elided continuation of that sentence's endpoint, not a guess from another sentence
    assert all("endpoint:elided" in r.basis for r in extract(text).records if r.kind == "landmark_rate")


def test_months_pair_favoured_after_its_endpoint_is_the_medians():
    text = DESIGN + ("ORR (41% vs 22%) and DOR (8.2 months vs 4.9 months) also favored relatinib plus docetaxel "
                     "compared with docetaxel.")
    got = [r for r in _arm_rows(text) if r[0] == "DOR"]
    assert got == [("DOR", "median", "docetaxel", 4.9, None), ("DOR", "median", "relatinib plus docetaxel", 8.2, None)]


def test_months_pair_without_a_verb_of_favour_is_not_read_as_medians():
    text = DESIGN + "DOR (8.2 months vs 4.9 months) was assessed by the investigators."
    assert not [r for r in _arm_rows(text) if r[0] == "DOR"]


def test_not_yet_evaluable_is_ne():
    text = DESIGN + ("The median duration of response was not yet evaluable for relatinib plus docetaxel compared "
                     "with 11.5 months with docetaxel.")
    got = [r for r in _arm_rows(text) if r[0] == "DOR"]
    assert got == [("DOR", "median", "docetaxel", 11.5, None), ("DOR", "median", "relatinib plus docetaxel", "NE", None)]


# -- class 10: trial names in square brackets, on a line spelling them out; an isoform-numbered marker is none ------


def test_name_in_square_brackets_after_trial():
    for text in ("Phase 3, double-blind, randomized trial [TORVALE] |\nRelatinib (n=300) vs Placebo (n=300) |\n",
                 "A randomised study [TORVALE], in 600 patients, compared relatinib with placebo.\n"):
        assert extract(text).trial == "TORVALE", text


def test_name_spelled_out_on_its_own_line():
    text = ("Mortality results\nSafety information\nIndication\nRelatinib is indicated for orbital cardiomyopathy.\n"
            "Patients who received relatinib lived longer than those on placebo during ORB-ACT.\n"
            "Reference\nORB-ACT: Relatinib in Orbital Cardiomyopathy Clinical Trial\n")
    assert extract(text).trial == "ORB-ACT"
    # without the line, and with the name and colon inside a sentence, the name is not read
    assert extract(text.rsplit("ORB-ACT:", 1)[0]).trial is None
    assert extract("Mortality results\nPatients who received relatinib lived longer than those on placebo in "
                   "ORB-ACT: relatinib was in Orbital Cardiomyopathy Clinical Trial\n").trial is None


def test_isoform_numbered_marker_is_no_trial_name():
    text = ("The FDA approved relatinib, a GPRX7.2-directed antibody, for tumors that are GPRX7.2 positive, as shown "
            "by the GPRX7 (12-3B) Assay (results from GPRX7 testing). Efficacy was evaluated in TORVALE "
            "(NCT01234567), which enrolled GPRX7.2 positive patients.\n")
    assert extract(text).trial == "TORVALE"


# -- class 9: arm sizes as "(N participants)" and "(n = N; k received ...)" ------------------------------------------


def _sizes(text):
    return sorted((a.label.lower(), a.n) for a in extract(text).arms)


def test_participants_in_brackets_size_the_arms():
    text = ("A total of 621 adults were randomly assigned to receive either relatinib (312 participants) or placebo "
            "(309 participants). The primary end point was death.")
    assert _sizes(text) == [("placebo", 309), ("relatinib", 312)]


def test_size_followed_by_how_its_patients_were_treated():
    text = ("Patients were randomly assigned to receive relatinib (n = 301) or chemotherapy (n = 298; 150 received "
            "docetaxel and 148 received pemetrexed).")
    assert _sizes(text) == [("chemotherapy", 298), ("relatinib", 301)]


def test_count_of_events_after_a_size_is_not_read_as_one():
    # a bracket holding another count than the size ("n = 12 events") still sizes no arm
    text = ("Patients were randomly assigned to receive relatinib or chemotherapy. Deaths occurred with relatinib "
            "(n = 12; 5 of them early) and with chemotherapy (n = 20).")
    assert all(n is None for _, n in _sizes(text))


# -- class 7: pipe-table cells that print their unit or bracket their P -------------------------------------------

TABLE = ("The phase 3 ORBIT-4 trial randomized patients to relatinib or docetaxel.\n\n"
         "| Metric | Relatinib (n=210) | Docetaxel (n=205) |\n"
         "| --- | --- | --- |\n")


def _records(text):
    return sorted((r.endpoint, r.kind, r.arm and r.arm.lower(), r.value, r.unit, r.p_value, r.p_operator)
                  for r in extract(text).records)


def test_cell_printing_months_is_a_median_in_months():
    got = _records(TABLE + "| Median PFS | 9.84 months | 6.12 months |\n")
    assert got == [("PFS", "median", "docetaxel", 6.12, "months", None, None),
                   ("PFS", "median", "relatinib", 9.84, "months", None, None)]


def test_ratio_cell_with_bracketed_p():
    got = [r for r in _records(TABLE + "| Median PFS | 9.84 months | 6.12 months |\n"
                                       "| PFS Stratified HR | 0.62 (p<0.001) | - |\n") if r[1] == "hr"]
    assert got == [("PFS", "hr", None, 0.62, None, 0.001, "<")]


def test_cell_with_an_unclosed_p_bracket_is_not_read():
    got = [r for r in _records(TABLE + "| Median PFS | 9.84 months | 6.12 months |\n"
                                       "| PFS Stratified HR | 0.62 (p<0.001 | - |\n") if r[1] == "hr"]
    assert got == []


# -- class 5: another study of the trial's series is no arm ------------------------------------------------------


def test_other_study_of_the_series_is_no_arm():
    text = ("ORBIT-4 trial is a randomized controlled phase 3 trial comparing durvalumab to chemotherapy in the "
            "second-line treatment of patients with lung cancer. Durvalumab is an antibody that was approved in the "
            "second-line treatment of lung cancer based on ORBIT-2, which showed a good response rate. There was an "
            "improvement in symptoms with durvalumab. Durvalumab had fewer adverse events compared to chemotherapy.")
    labels = [a.label.lower() for a in extract(text).arms]
    assert labels == ["durvalumab", "chemotherapy"], labels


def test_drug_code_is_still_an_arm():
    # a code name of letters and a number is an arm when no trial of that series is named
    text = ("Patients were randomly assigned to receive LOXO-292 (n = 150) or chemotherapy (n = 148) in the ORBIT-4 "
            "trial.")
    labels = [a.label.lower() for a in extract(text).arms]
    assert "loxo-292" in labels


def test_route_abbreviation_ends_the_regimen_before_it():
    text = ("- ORBIT-4 is a phase 3 study of relatinib with daratumumab given subcutaneous [SC] vs DPd.\n"
            "- The estimated 24-month PFS was 71.2% vs 40.3% for Rel-Dara SC vs DPd, respectively.\n"
            "- Serious adverse events occurred in 60.1% vs 52.4% of patients in the Rel-Dara SC arm vs DPd arm.\n")
    labels = [a.label.lower() for a in extract(text).arms]
    assert labels == ["rel-dara sc", "dpd"], labels


def test_sc_defined_as_another_name_stays_that_arm():
    text = ("Patients were randomized 2:1 to gilteritinib or salvage chemotherapy (SC), given intravenously or "
            "subcutaneously. Overall, 40 patients in the "
            "gilteritinib arm and 12 patients in the SC arm survived for at least two years. Median OS was 9.3 months "
            "with gilteritinib vs 5.6 months with SC.")
    labels = [a.label.lower() for a in extract(text).arms]
    assert labels == ["gilteritinib", "sc"], labels


def test_no_signs_of_progression_is_a_pfs_rate():
    for phrase in ("showed no signs of disease progression", "had no evidence of progression"):
        text = DESIGN + (f"At 12 months, 52.4% of patients on relatinib plus docetaxel {phrase}, compared to only "
                         "30.2% with docetaxel.")
        got = [r for r in _arm_rows(text) if r[1] == "landmark_rate"]
        assert got == [("PFS", "landmark_rate", "docetaxel", 30.2, 12.0),
                       ("PFS", "landmark_rate", "relatinib plus docetaxel", 52.4, 12.0)], phrase
