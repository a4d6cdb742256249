"""Arms and trial names, ninth round: a spelled-out title closed by the trial's acronym, the "controlled group", the
counts of a subgroup (a sentence that counts a subgroup first, a count with its share), regimens of three drugs,
arms named by description ("the triplet", "the doublet", "the X-containing regimen").

The sentences are invented (invented drug names and titles), written for a phrasing family, not one report."""

from __future__ import annotations

import pytest

from trialscout.scout.reader import extract


def _sizes(text: str) -> dict[str, int | None]:
    return {a.label: a.n for a in extract(text).arms}


_DESIGN = "Patients were randomly assigned to velotinib or placebo. "


# ---------------------------------------------------------------------------------------------------------
# trial names


@pytest.mark.parametrize("title, name", [
    ("Nordic Study to Evaluate the Efficacy of Velotinib in Patients with Nonischemic Heart Failure on Mortality "
     "(NORVEL)", "NORVEL"),
    ("Velotinib Versus Placebo in Adults with Chronic Kidney Disease and Anaemia (VELCARE)", "VELCARE"),
    ("A Randomized Trial of Early Velotinib in Patients With Septic Shock (EVESHOCK).", "EVESHOCK"),
])
def test_an_acronym_closing_a_spelled_out_title_is_the_trial_name(title, name):
    text = f"Meeting highlights\n\n{title}\n\n" + _DESIGN + "Mortality was lower with velotinib (HR 0.81)."
    assert extract(text).trial == name


@pytest.mark.parametrize("line", [
    # a term's abbreviation on a heading line, not a trial's title
    "Overall Survival and Quality of Life in the Whole Population (QOLS)",
    # the acronym is not the line's end
    "Nordic Study to Evaluate the Efficacy of Velotinib in Patients with Heart Failure (NORVEL) and its design",
    # too few capitalized words for a title
    "the study of velotinib in heart failure (NORVEL)",
])
def test_other_parenthesized_acronyms_on_a_line_are_no_trial_name(line):
    text = f"{line}\n\n" + _DESIGN + "Mortality was lower with velotinib (HR 0.81)."
    assert extract(text).trial is None


# ---------------------------------------------------------------------------------------------------------
# sizes


def test_the_controlled_group_is_the_control_group():
    text = ("A total of 1000 patients were randomized to velotinib group (n = 498) or to controlled group (n = 502). "
            "Deaths occurred in 120 patients in the velotinib group and 131 patients in the control group (HR 0.87).")
    assert _sizes(text) == {"velotinib": 498, "control": 502}


@pytest.mark.parametrize("sentence", [
    "Among 120 patients with del(17p), 61 were assigned to velotinib and 59 to placebo.",
    "In 120 patients with del(17p) (velotinib, n = 61; placebo, n = 59), median PFS was 12.1 versus 6.3 months.",
    "Of the 98 participants whose tumours expressed the marker, 50 received velotinib and 48 received placebo.",
    # a count with its share of the arm
    "Of 410 patients, 150 (37%) had a high-risk profile (velotinib, n=72 (35%); placebo, n=78 (39%)).",
])
def test_a_subgroup_s_counts_are_no_arm_sizes(sentence):
    assert _sizes(_DESIGN + sentence) == {"velotinib": None, "placebo": None}


@pytest.mark.parametrize("sentence", [
    "Of 410 patients who were randomized, 205 were assigned to velotinib and 205 to placebo.",
    # the trial's own population, randomized
    "Among 410 patients with advanced NSCLC, 205 were randomly assigned to velotinib and 205 to placebo.",
])
def test_a_trial_s_population_counted_first_still_sizes_the_arms(sentence):
    assert _sizes(sentence) == {"velotinib": 205, "placebo": 205}


# ---------------------------------------------------------------------------------------------------------
# arms found


def _labels(text: str) -> list[str]:
    return [a.label.lower() for a in extract(text).arms]


@pytest.mark.parametrize("text", [
    "Velotinib plus zorafen and dexamethasone versus zorafen and dexamethasone in relapsed myeloma: an update. "
    "Velotinib plus zorafen and dexamethasone prolonged progression-free survival (median: 16.1 versus 7.3 months; "
    "hazard ratio, 0.33) compared with zorafen and dexamethasone alone.",
    "Velotinib in combination with dexamethasone and zorafen compared with zorafen and dexamethasone alone improved "
    "the response rate (81% versus 60%).",
])
def test_a_drug_added_to_a_pair_compared_with_the_pair_gives_both_arms(text):
    labels = _labels(text)
    assert len(labels) == 2 and labels[0].startswith("velotinib") and "zorafen" in labels[0]
    assert set(labels[1].split(" and ")) == {"zorafen", "dexamethasone"}


def test_two_different_pairs_are_no_added_drug_design():
    # the pair after "versus" is another one: no three-drug regimen against its pair
    text = ("Velotinib plus zorafen and dexamethasone versus carbotil and dexamethasone was studied in myeloma. "
            "The response rate was 81% versus 60%.")
    assert not any(a.startswith("velotinib plus zorafen and dexamethasone") for a in _labels(text))


@pytest.mark.parametrize("verb", ["achieved", "experienced", "attained"])
def test_patients_who_received_a_regimen_and_an_outcome_verb_name_an_arm(verb):
    text = ("The study showed longer PFS for fixed-duration velotinib-rituximab compared with carbotil-rituximab. "
            f"Patients who received velotinib-rituximab {verb} a higher rate of undetectable MRD (62% v 13%).")
    assert _labels(text) == ["velotinib-rituximab", "carbotil-rituximab"]


def test_the_combination_against_its_backbone_alone_is_an_add_on_design():
    # the combination named only in the result sentence, its backbone "alone" after the comparison
    text = ("In 431 patients, the combination of zorafen and velotinib led to improved overall survival (14.7 vs 9.6 "
            "months), and improved response rates (66% vs 28%), compared to zorafen alone.")
    assert _labels(text) == ["zorafen and velotinib", "zorafen"]


@pytest.mark.parametrize("text, labels", [
    ("The trial evaluated whether patients received velotinib, zorafen, and dexamethasone in the experimental arm, "
     "and the control arm received placebo, zorafen, and DEX.",
     ["velotinib, zorafen, and dexamethasone", "placebo, zorafen, and dex"]),
    ("Patients were randomly assigned to velotinib, zorafen, and dexamethasone or to zorafen and dexamethasone.",
     ["velotinib, zorafen, and dexamethasone", "zorafen and dexamethasone"]),
])
def test_a_regimen_of_three_drugs_listed_with_commas_is_one_arm(text, labels):
    assert _labels(text) == labels


@pytest.mark.parametrize("text", [
    # adverse events, not drugs
    "Patients were randomly assigned to velotinib or placebo. Those on velotinib presented with fatigue, nausea, and "
    "diarrhoea.",
    # symptoms listed after "with"
    "Patients were randomly assigned to velotinib or placebo, with headache, rash, and anaemia recorded.",
])
def test_other_comma_lists_are_no_regimen(text):
    assert _labels(text) == ["velotinib", "placebo"]


def _medians(text: str) -> list[tuple[float, str | None]]:
    return sorted((r.value, r.arm) for r in extract(text).records if r.kind == "median")


@pytest.mark.parametrize("results", [
    "Median PFS was 16.7 months for the triplet. With the doublet, median PFS was 7.1 months.",
    "The triplets gave a median PFS of 16.7 months. The doublet gave a median PFS of 7.1 months.",
])
def test_the_triplet_and_the_doublet_name_the_arms_by_their_drug_counts(results):
    text = "Patients received velotinib, zorafen, and dexamethasone or zorafen and dexamethasone alone. " + results
    assert _medians(text) == [(7.1, "zorafen and dexamethasone"), (16.7, "velotinib, zorafen, and dexamethasone")]


def test_the_added_drug_and_its_containing_regimen_name_its_arm():
    text = ("Patients received velotinib, zorafen, and dexamethasone or placebo, zorafen, and dexamethasone. "
            "Median PFS was 16.7 months with the velotinib-containing regimen. Median PFS was 7.1 months with placebo.")
    assert _medians(text) == [(7.1, "placebo, zorafen, and dexamethasone"),
                              (16.7, "velotinib, zorafen, and dexamethasone")]


def test_arms_whose_drug_counts_are_equal_are_not_named_by_counts():
    text = ("Patients received velotinib, zorafen, and dexamethasone or carbotil, zorafen, and dexamethasone. "
            "Median PFS was 16.7 months for the triplet.")
    assert not any("triplet" in a.aliases for a in extract(text).arms)


def test_each_item_of_a_bulleted_list_in_one_sentence_is_read_alone():
    # the design item beside a deaths item: the deaths are no reason to skip the design's sizes
    text = ("Key findings:\n\n  \u2022 Patients were randomly assigned to either the velotinib (n = 464) or docetaxel "
            "(n = 465) group   \u2022 Number of deaths at this analysis = 398 deaths; 189 vs 209   \u2022 Median OS = "
            "47.6 vs 40.0 months")
    assert _sizes(text) == {"velotinib": 464, "docetaxel": 465}


def test_a_bulleted_safety_item_still_gives_no_sizes():
    text = ("Patients were randomly assigned to velotinib or docetaxel.  \u2022 Deaths: velotinib (n = 40) and "
            "docetaxel (n = 52)   \u2022 Median OS = 47.6 vs 40.0 months")
    assert _sizes(text) == {"velotinib": None, "docetaxel": None}


def test_a_name_in_parentheses_right_before_trial_is_the_trial_name():
    text = ("The phase III Randomized Study of Velotinib Versus Docetaxel in Patients With Lung Cancer (VELODOC) trial "
            "showed improved survival with velotinib versus docetaxel (HR 0.76).")
    assert extract(text).trial == "VELODOC"


def test_two_names_the_design_compares_are_never_one_arm_and_its_abbreviation():
    # a garbled "X (Vz)" elsewhere does not make Vz another name of X when the design randomizes X against Vz
    text = ("Outcomes were better with velotinib and dexamethasone (Kd56) versus zorafen and Kd56 (Vz). Patients were "
            "randomized 1:1 to Kd56 or Vz. Median OS was 47.8 months (Kd56) versus 38.8 months (Vz).")
    assert _labels(text) == ["kd56", "vz"]
    assert _medians(text) == [(38.8, "Vz"), (47.8, "Kd56")]


@pytest.mark.parametrize("cap", ["[\u226435 cycles]", "[\u2264 6 doses]", "[<2 years]"])
def test_a_cap_on_a_schedule_is_no_subgroup_threshold(cap):
    text = (f"Patients were randomized (1:1) to receive velotinib plus chemotherapy (zorafen {cap} and cisplatin; "
            "n=373) or placebo plus chemotherapy (n=376). Median OS was 12.4 months with velotinib plus chemotherapy "
            "and 9.8 months with placebo plus chemotherapy.")
    assert sorted(_sizes(text).values()) == [373, 376]


def test_a_threshold_in_an_arm_s_parentheses_is_still_a_subgroup():
    text = ("Patients were randomized (1:1) to receive velotinib or placebo. Among those with a high score, velotinib "
            "(CPS \u2265 10; n = 98) was compared with placebo (CPS \u2265 10; n = 101).")
    assert _sizes(text) == {"velotinib": None, "placebo": None}


def test_a_slide_s_line_per_arm_names_and_sizes_the_arm_by_its_abbreviation():
    text = ("Phase III, randomized, three-arm, open-label study (VELOX)\n"
            "Arm A: (V+Z+CT) Velotinib 75 mg plus zorafen 1,500 mg and chemotherapy for up to four cycles, followed by "
            "zorafen once every 4 weeks. (n=338)\n"
            "Arm B: (Z+CT) Zorafen 1,500 mg plus chemotherapy for up to four cycles (n=336)\n"
            "Arm C: (CT) chemotherapy for up to six 21-day cycles (n=337)\n"
            "mPFS: 6.2 vs. 4.8 mos (V+Z+CT vs. CT)\nmPFS: 5.5 vs. 4.8 mos (Z+CT vs. CT)\n")
    assert _sizes(text) == {"V+Z+CT": 338, "Z+CT": 336, "CT": 337}


def test_a_line_per_arm_without_its_size_at_the_end_sizes_nothing():
    text = ("Arm A: (V+CT) velotinib plus chemotherapy, n=338 enrolled in the first part of the study\n"
            "Arm B: (CT) chemotherapy alone\nmPFS: 6.2 vs. 4.8 mos (V+CT vs. CT)\n")
    assert 338 not in _sizes(text).values()


@pytest.mark.parametrize("disease", ["mesothelioma", "melanoma", "leukaemia", "leukemia"])
def test_a_disease_is_never_an_arm(disease):
    text = (f"Velotinib is the first immunotherapy for {disease}. Median OS was 18.1 months with velotinib vs 14.1 "
            "months with chemotherapy. It showed superior survival over chemotherapy in this setting.")
    assert disease not in _labels(text)


def test_a_lower_case_word_before_subgroup_is_a_population_not_an_arm():
    text = ("Velotinib improved OS versus placebo. Further studies are needed to confirm benefits in this specific "
            "subgroup. The specific subgroup had a median OS of 20.1 months.")
    assert "specific" not in _labels(text)


def test_an_arm_named_subgroup_in_capitals_stays_an_arm():
    text = ("After induction, patients were randomized to VELOX maintenance or observation. The threshold was achieved "
            "by 65.1% of patients in the VELOX subgroup and by 58.1% of patients in the observation subgroup.")
    assert "velox" in _labels(text)


@pytest.mark.parametrize("outcome", ["mortality", "morbidity", "incidence"])
def test_an_outcome_word_is_never_an_arm(outcome):
    text = (f"This trial tested the effect of velotinib prophylaxis on {outcome} and disease. We studied the impact "
            f"of velotinib on {outcome} in adults. Mortality was lower in the velotinib group than in the placebo "
            "group (HR 0.6).")
    assert _labels(text) == ["velotinib", "placebo"]


@pytest.mark.parametrize("disease", ["HF", "HIV", "CKD"])
def test_a_disease_s_abbreviation_is_never_an_arm(disease):
    text = (f"Velotinib reduced the risk of a first hospitalization or urgent visit for {disease}. Velotinib vs "
            f"placebo: HR 0.84. Outcomes were worse for {disease}.")
    assert disease.lower() not in _labels(text)


@pytest.mark.parametrize("ratio", ["(2:1 ratio)", "(1:1 ratio)"])
def test_a_ratio_in_parentheses_with_its_word_in_a_design_sentence(ratio):
    text = (f"Patients were randomly assigned {ratio} to receive VR or 6 cycles of ZCR. With a median follow-up of 5.8 "
            "years, VR led to superior PFS. Patients remained on velotinib. Others stayed on velotinib.")
    assert _labels(text) == ["vr", "zcr"]


@pytest.mark.parametrize("sentence", [
    "Median PFS for velotinib and placebo was 27.7 vs 11.1 months, respectively.",
    "The response rates in the velotinib and placebo groups were 41% and 22%, respectively.",
])
def test_two_arms_listed_with_their_figures_and_respectively(sentence):
    text = "Patients previously treated with surgery only were enrolled. " + sentence + " The HR was 0.39."
    assert _labels(text) == ["velotinib", "placebo"]


def test_two_names_with_one_figure_and_respectively_are_no_arm_list():
    text = ("Patients previously treated with surgery only were enrolled. Doses for velotinib and zorafen were "
            "reduced, respectively, in week 4.")
    assert "zorafen" not in _labels(text)


@pytest.mark.parametrize("design", [
    "The study investigates the combination of velotinib and zorafen versus zorafen monotherapy in breast cancer.",
    "A Study of Velotinib With Zorafen vs Zorafen in Untreated Patients.",
    "Velotinib plus zorafen compared with zorafen alone was studied in breast cancer.",
])
def test_a_combination_of_two_drugs_against_one_of_them_is_an_add_on_design(design):
    text = design + " The primary endpoint, PFS, was not met (HR 0.99)."
    assert len(_labels(text)) == 2 and _labels(text)[1] == "zorafen" and "velotinib" in _labels(text)[0]


def test_a_combination_against_another_drug_is_no_add_on_design():
    text = "The study compares the combination of velotinib and zorafen versus carbotil in breast cancer."
    assert "velotinib and zorafen" not in _labels(text)


def test_who_assessed_an_outcome_is_no_arm():
    text = ("The study compares the combination of velotinib and zorafen versus zorafen monotherapy. PFS was not "
            "longer according to the assessment of the blinded independent review committee (n=348 patients): HR=1.07.")
    assert "committee" not in _labels(text)


def test_arms_named_by_their_drugs_initials_after_figures():
    text = ("The study investigates the combination of velotinib and zorafen versus zorafen monotherapy in breast "
            "cancer. Median PFS: 3.5 m (V+Z) vs. 4.0 m (Z); median OS: 13.1 m (V+Z) vs. 12.0 m (Z).")
    assert _medians(text) == [(3.5, "velotinib and zorafen"), (4.0, "zorafen"), (12.0, "zorafen"),
                              (13.1, "velotinib and zorafen")]


def test_initials_the_text_does_not_print_after_a_figure_name_nothing():
    text = ("The study investigates the combination of velotinib and zorafen versus zorafen monotherapy. The V+Z "
            "regimen (V+Z) was given every week.")
    assert all("V+Z" not in a.aliases for a in extract(text).arms)


def test_the_control_arm_beside_a_control_named_by_its_drugs_is_one_arm():
    text = ("rPFS was significantly longer with velotinib than with physician's choice of zorafen or carbotil (HR 0.69). "
            "Of pts in the control arm, 56 (67%) crossed over. Despite extensive crossover from the control arm, "
            "the active drug showed a trend towards improvement in OS.")
    assert _labels(text) == ["velotinib", "zorafen or carbotil"]


def test_a_backbone_both_listed_regimens_share_is_no_arm():
    text = ("Triple therapy with velotinib, ADT, and docetaxel significantly improved survival. Triple therapy with "
            "ADT, docetaxel and velotinib resulted in improved survival rates as compared with ADT, docetaxel and "
            "placebo (HR 0.68). Outcomes with ADT alone were not studied; survival compared with ADT was not reported.")
    assert _labels(text) == ["velotinib, adt, and docetaxel", "adt, docetaxel and placebo"]
