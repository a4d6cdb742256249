"""Rules written for the error classes of the held-out 18 scoring (reader.py, _lexicon.py).

Every text here is invented for these tests; each class has several phrasings and a negative case.
"""

from __future__ import annotations

from trialscout.scout.reader import extract


def _records(text):
    return sorted((r.endpoint, r.kind, r.value) for r in extract(text).records)


DESIGN = "In the phase 3 ORBIT-4 trial, 520 patients were randomly assigned to relatinib plus docetaxel " \
         "(n = 260) or docetaxel (n = 260).\n\n"


# -- "radiological progression" is the British spelling of "radiographic": rPFS, not PFS -----------------------


def test_radiological_progression_or_death_is_rpfs():
    for text in (
        "Relatinib plus docetaxel reduced the risk of radiological progression or death by 40% (HR 0.60).",
        "Relatinib plus docetaxel reduced the risk of radiologic progression or death by 40% (HR 0.60).",
        "Radiological progression-free survival favoured relatinib plus docetaxel (HR 0.60).",
    ):
        got = [r for r in _records(DESIGN + text) if r[1] == "hr"]
        assert got == [("rPFS", "hr", 0.60)], (text, got)


def test_progression_or_death_alone_stays_pfs():
    got = [r for r in _records(DESIGN + "Relatinib plus docetaxel reduced the risk of progression or death by 40% "
                                        "(HR 0.60).") if r[1] == "hr"]
    assert got == [("PFS", "hr", 0.60)]


# -- death joined to a non-fatal event is a composite outcome, never OS ------------------------------------------


def test_composite_of_death_and_hospitalization_is_not_os():
    for text in (
        "All-cause death or hospitalization for cardiovascular cause occurred in 70% and 80% (HR = 0.72; 95% CI, "
        "0.64-0.82).",
        "The composite of death from any cause or heart-failure hospitalization was reduced (HR 0.72; 95% CI, "
        "0.64 to 0.82).",
        "All-cause mortality/rehospitalization was lower with relatinib plus docetaxel (HR 0.72, 95% CI 0.64-0.82).",
    ):
        got = [r for r in _records(DESIGN + text) if r[1] == "hr"]
        assert ("OS", "hr", 0.72) not in got, (text, got)


def test_all_cause_death_alone_is_os():
    for text in ("All-cause death occurred in 58% and 66% (HR = 0.84; 95% CI, 0.73-0.97).",
                 "Death from any cause was less frequent with relatinib plus docetaxel (HR 0.84; 95% CI, 0.73-0.97)."):
        got = [r for r in _records(DESIGN + text) if r[1] == "hr"]
        assert got == [("OS", "hr", 0.84)], (text, got)


# -- a hedged benefit in months is a difference between medians, not a median ------------------------------------


def test_hedged_median_benefit_is_no_median():
    for text in ("Relatinib plus docetaxel gave an incremental median survival benefit of nearly 18 months.",
                 "The combination brought a median survival gain of about 6.5 months.",
                 "There was an improvement in median OS of approximately 4 months."):
        got = [r for r in _records(DESIGN + text) if r[1] == "median"]
        assert got == [], (text, got)


def test_median_with_a_hedge_is_still_read():
    got = [r for r in _records(DESIGN + "Median overall survival was 18.0 months with relatinib plus docetaxel and "
                                        "12.0 months with docetaxel.") if r[1] == "median"]
    assert got == [("OS", "median", 12.0), ("OS", "median", 18.0)]


# -- a word met only in a headline set in capitals is no trial name ----------------------------------------------


def test_headline_word_in_capitals_is_no_trial_name():
    for head in ("ACME TO PRESENT RESULTS OF PHASE III TRIAL OF RELATINIB IN LUNG CANCER",
                 "ACME WILL HIGHLIGHT DATA FROM PHASE 3 STUDY OF RELATINIB AT ANNUAL MEETING"):
        text = head + "\n\nAcme announced results of a phase 3 trial of relatinib against docetaxel. Median overall " \
                      "survival was 13.6 months with relatinib and 12.3 months with docetaxel (HR 0.92)."
        assert extract(text).trial not in ("PRESENT", "HIGHLIGHT"), (head, extract(text).trial)


def test_name_in_capitals_headline_and_text_is_kept():
    text = "ACME TO PRESENT ORBIT RESULTS AT ANNUAL MEETING\n\nIn the phase 3 ORBIT trial, 520 patients were " \
           "randomly assigned to relatinib or docetaxel. Median overall survival was 13.6 and 12.3 months (HR 0.92)."
    assert extract(text).trial == "ORBIT"


def test_trial_heading_in_capitals_is_kept():
    text = "Smith et al. 2018\n\nORBIT \u2013 SECONDARY AND EXPLORATORY ENDPOINTS\n\nMedian overall survival was " \
           "13.6 months with relatinib and 12.3 months with placebo (HR 0.92)."
    assert extract(text).trial == "ORBIT"


# -- words that are no arm: a goal noun, a disease after a capitalised "Patients with", a brand, the registry -----


def _arm_labels(text):
    return [a.label for a in extract(text).arms]


def test_goal_noun_is_no_arm():
    for text in ("But the bar for success in the ORBIT trial was set low, with docetaxel as the comparator. Median "
                 "overall survival was 13.6 months with relatinib and 12.3 months with docetaxel.",
                 "The trial was powered for superiority. Median overall survival was 13.6 months with relatinib "
                 "and 12.3 months with docetaxel."):
        labels = _arm_labels(text)
        assert "success" not in labels and "superiority" not in labels, (text, labels)


def test_disease_after_capitalised_patients_with_is_no_arm():
    for text, names in (
        ("ORBIT aimed to compare RELOX versus docetaxel as first-line therapy for metastatic lung adenocarcinoma "
         "(mLUAD).\nPatients with mLUAD and performance status 0 or 1 were eligible. Patients with mLUAD were "
         "stratified by region.\nMedian overall survival was 11.1 months with RELOX versus 9.2 months with docetaxel.",
         ["RELOX", "docetaxel"]),
        ("Median overall survival was 11.1 months with relatinib versus 9.2 months with docetaxel. Patients with "
         "mLUAD and performance status 0 or 1 were eligible. Patients with mLUAD were stratified by region. This "
         "trial is registered with ClinicalTrials.gov. It is registered with ClinicalTrials.gov, NCT04083235.",
         ["docetaxel", "relatinib"]),
    ):
        labels = _arm_labels(text)
        assert sorted(labels) == sorted(names), (text, labels)


def test_brand_beside_its_drug_is_no_arm():
    text = "Patients assigned to the combination of relatinib (Zorvexa) and docetaxel (Taxotere) had yet to reach " \
           "median PFS. Median PFS was not reached with relatinib-docetaxel versus 6.2 months with cisplatin-pemetrexed."
    assert "Zorvexa" not in _arm_labels(text)


def test_bracketed_regimen_abbreviation_is_still_read():
    text = "Patients were randomly assigned to receive brentuximab vedotin, doxorubicin, vinblastine and " \
           "dacarbazine (A+AVD) or doxorubicin, bleomycin, vinblastine and dacarbazine (ABVD). Modified PFS at 2 " \
           "years was 82.1% with A+AVD and 77.2% with ABVD."
    labels = _arm_labels(text)
    assert "A+AVD" in labels and "ABVD" in labels, labels


# -- a phase II study recalled in a report on a phase III trial is not its trial -------------------------------


def test_recalled_phase2_study_is_not_the_trial():
    text = "The ORBIT trial is the first phase III study of an all-oral regimen. Median PFS was not reached with " \
           "relatinib. The results are consistent with those of the phase II ZENITH trial, which involved a " \
           "younger population."
    assert extract(text).trial == "ORBIT"


def test_phase2_trial_alone_keeps_its_name():
    text = "In the randomized phase II ZENITH trial, median PFS was 9.1 months with relatinib and 6.2 months " \
           "with docetaxel (HR 0.66)."
    assert extract(text).trial == "ZENITH"


# -- progression to castration resistance is an event of its own, not PFS -------------------------------------


def test_castration_resistance_median_is_not_pfs():
    design = "Patients receiving relatinib and ADT had a 46% reduction in the risk of disease progression or death " \
             "compared to those on ADT alone (HR 0.54).\nSome numbers:\n- at 24 months, 70.2 % was the probability " \
             "of patients using relatinib to be still progression free, compared to 52% of placebo arm\n"
    for text in ("- at 36 months the median of castrate resistant patients in the relatinib arm was not reached "
                 "compared to 16.8 months of the placebo arm",
                 "- the median time to castration resistance was not reached with relatinib compared to 16.8 months "
                 "with placebo"):
        got = [r for r in _records(design + text) if r[1] == "median"]
        assert not any(r[0] == "PFS" for r in got), (text, got)


def test_castration_resistant_disease_keeps_its_endpoint():
    text = "In men with metastatic castration-resistant prostate cancer, median radiographic progression-free " \
           "survival was 16.5 months with relatinib and 8.3 months with placebo."
    got = [r for r in _records(text) if r[1] == "median"]
    assert got == [("rPFS", "median", 8.3), ("rPFS", "median", 16.5)], got


# -- a bracket standing after a full stop at a line's end belongs to that sentence, not to the next line -------


def test_bracket_after_full_stop_keeps_to_its_sentence():
    text = DESIGN + "Relatinib (13.6 months) was non-inferior to docetaxel (12.3 months) in median OS. (HR 0.92, " \
                    "95% CI 0.79-1.06)\nAdditionally, relatinib improved median PFS (7.4 months versus 3.7 months, " \
                    "HR 0.66, 95% CI 0.57-0.77, P<0.00001)."
    got = sorted((r.endpoint, r.value) for r in extract(text).records if r.kind == "hr")
    assert got == [("OS", 0.92), ("PFS", 0.66)], got


def test_long_line_ending_in_a_bracket_still_runs_on():
    from trialscout.scout._text import sentences
    text = "Median overall survival was longer with relatinib than with docetaxel in the whole population (HR 0.92)\n" \
           "Continued on the next line."
    assert len(sentences(text)) == 1


# -- an author group with its affiliation's mark glued on names the trial ------------------------------------


def test_investigators_with_affiliation_mark_name_the_trial():
    for byline in ("Eric Smith 1, Jean Roe 2; for the ORBIT Investigators1,*\n",
                   "Eric Smith, Jean Roe; for the ORBIT Investigators\n"):
        text = byline + "Background\nWe compared surgery with medical therapy. Death from any cause occurred in " \
                        "58.9% and 66.1% (hazard ratio, 0.84; 95% CI, 0.73 to 0.97)."
        assert extract(text).trial == "ORBIT", (byline, extract(text).trial)


def test_investigators_word_run_on_is_no_author_group():
    text = "Eric Smith; on behalf of the ORBIT Investigatorship programme\nDeath from any cause occurred in 58.9% " \
           "and 66.1% (hazard ratio, 0.84; 95% CI, 0.73 to 0.97)."
    assert extract(text).trial is None


# -- a ratio whose keyword names the CI's level, its limits bracketed after a semicolon ----------------------


def test_ratio_keyword_naming_the_ci_level():
    for text in ("All-cause mortality was lower with relatinib (hazard ratio and 95%CI: 0.76; [0.59-0.98], P= 0.031).",
                 "All-cause mortality was lower with relatinib (hazard ratio and 95% CI: 0.76 [0.59-0.98]; P = 0.031)."):
        got = [(r.endpoint, r.value, r.ci_lower, r.ci_upper, r.ci_level, r.p_value) for r in extract(text).records
               if r.kind == "hr"]
        assert got == [("OS", 0.76, 0.59, 0.98, 95.0, 0.031)], (text, got)


def test_bracketed_pair_not_around_the_ratio_is_no_ci():
    got = [(r.value, r.ci_lower) for r in extract("Progression-free survival favoured relatinib (HR 0.66; [12-24]; "
                                                   "p=0.002).").records if r.kind == "hr"]
    assert got == [(0.66, None)]
