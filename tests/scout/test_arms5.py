"""Arms and trial names, fifth round: trial names in mixed case, with a one-letter part, only in a title line or in
parentheses after the trial's mention; markers, brands, sponsors and journals that are no trial names; arm sizes
after a dose inside the arm's parentheses, in lists after "enrolled"/"included", "per arm", in a design sentence
whose regimens carry their doses and schedules; a subgroup's count that is no size; arms named "patients receiving
A ... patients receiving B", "A and B, respectively", "the A-arm", and an arm's letter ("(arm A)", "Arm A: X").

The sentences are invented (invented drug and trial names), written for a phrasing family, not one report."""

from __future__ import annotations

import pytest

from trialscout.scout import _arms
from trialscout.scout.reader import extract

HR = " Median PFS was 9.1 versus 4.2 months (HR 0.52; 95% CI 0.41-0.66)."
VS_DOCETAXEL = " Median PFS was 9.1 months with velotinib versus 4.2 months with docetaxel (HR 0.52; 95% CI 0.41-0.66)."
VS_PLACEBO = " Median PFS was 9.1 months with velotinib versus 4.2 months with placebo (HR 0.52; 95% CI 0.41-0.66)."


def _arms_of(text: str) -> list[tuple[str, int | None]]:
    return [(a.label, a.n) for a in extract(text).arms]


# ---------------------------------------------------------------------------------------------------------
# trial names

@pytest.mark.parametrize("text, name", [
    # a one-letter part after the hyphen
    ("Data from the ZORA-E trial support velotinib." + HR, "ZORA-E"),
    ("MIRAL-B was a randomized phase 3 trial of velotinib versus placebo." + HR, "MIRAL-B"),
    # a capitalized word with a number, in a trial's context
    ("Results of the Lumina-9ER study: 651 patients were randomized to velotinib or docetaxel." + HR, "Lumina-9ER"),
    ("In the phase 3 Corvex 204 trial, velotinib was compared with placebo." + HR, "Corvex 204"),
    ("The Tarsis-3 study enrolled 410 women with advanced disease." + HR, "Tarsis-3"),
    # a name's first word before a capitalized word with a number; a lower-case start with a number
    ("In the phase 3 SELENA Ovary 200 trial, velotinib was compared with placebo." + HR, "SELENA Ovary 200"),
    ("The Corvus Lung 12 study randomized 300 patients to velotinib or placebo." + HR, "Corvus Lung 12"),
    ("Results from the innovaRX 301 trial were presented." + HR, "innovaRX 301"),
    # a cooperative group's number with a letter and two digits, or the Alliance's six
    ("In the NSABP B-77 trial, velotinib was compared with placebo." + HR, "NSABP B-77"),
    ("The phase 3 Alliance A091105 trial randomized patients to velotinib or placebo." + HR, "Alliance A091105"),
    # a capitalized word that "the ... trial" calls a trial, also in parentheses after a title
    ("Velotinib versus docetaxel in advanced NSCLC (the Falcor trial)\nPatients were randomized to velotinib (n = 327) "
     "or docetaxel (n = 325)." + HR, "Falcor"),
    ("In the Palomo study, 154 patients were randomized to velotinib or placebo." + HR, "Palomo"),
    ("The Brenna trial randomized 300 patients to velotinib or placebo." + HR, "Brenna"),
    ("Final analysis of the Quetzal trial. Quetzal randomized patients to velotinib or placebo." + HR, "Quetzal"),
    # the name in parentheses right after the trial's mention
    ("In a randomized, multinational phase 3 study (HARBOR), velotinib was compared with docetaxel." + HR, "HARBOR"),
    ("A double-blind trial (VESTA), conducted at 90 sites, tested velotinib." + HR, "VESTA"),
    # a journal title's forms
    ("Velotinib versus docetaxel in treated NSCLC (MERLOT): a randomised, open-label, phase 3 trial\n"
     "Patients were randomized to velotinib or docetaxel." + HR, "MERLOT"),
    ("Velotinib versus docetaxel in NSCLC: the MERLOT randomized clinical trial\nPatients were randomized." + HR,
     "MERLOT"),
    ("MERLOT-2: velotinib versus docetaxel in treated NSCLC\nPatients were randomized to velotinib or docetaxel."
     + HR, "MERLOT-2"),
    # the subject of the design verb
    ("The HER2LINK-07 trial randomized patients to velotinib or placebo." + HR, "HER2LINK-07"),
    ("KEYNOTE-B77 randomized 886 patients to velotinib plus pembrolizumab or chemotherapy." + HR, "KEYNOTE-B77"),
    ("ORBIT-A12 enrolled 512 patients, who were randomized to velotinib or placebo." + HR, "ORBIT-A12"),
    # a summary's title line, the only mention
    ("SOLA-HF\n\nWhat is the role of velotinib in heart failure?\n\nPatients received velotinib or placebo." + HR,
     "SOLA-HF"),
    ("CARDO-7 trial\nDesign: randomized, double-blind.\nVelotinib was compared with placebo." + HR, "CARDO-7"),
])
def test_trial_name_forms(text, name):
    assert extract(text).trial == name


@pytest.mark.parametrize("text", [
    # a marker or gene with its status, or glued to its variant
    "Patients with BRAFV600 wild-type melanoma were randomized to velotinib or placebo in the trial. BRAFV600 status "
    "was tested centrally in the study." + HR,
    "Patients with BRAFV600E-mutant disease and KRASG12C-mutated tumours were enrolled in the trial." + HR,
    "In this trial of patients with TRK2 fusions, TRK2-positive disease responded; TRK2 status was known. "
    "TRK2 fusion carriers were randomized to velotinib or placebo. TRK2 testing was central." + HR,
    # a title's opening marker or meeting
    "EGFR-mutant NSCLC: velotinib versus docetaxel\nPatients were randomized to velotinib or docetaxel." + HR,
    "ASCO-GU 2024: velotinib versus docetaxel\nPatients were randomized to velotinib or docetaxel." + HR,
    # a sponsor, a journal, a nationality, a design word
    "The Pfizer trial randomized 600 patients to velotinib or placebo." + HR,
    "In the Lancet study, patients were randomized to velotinib or placebo." + HR,
    "The German study randomized 300 patients to velotinib or placebo." + HR,
    "The Mayo study randomized 300 patients to velotinib or placebo." + HR,
    "The Largest trial of its kind randomized 300 patients to velotinib or placebo." + HR,
    "The Protocol 301 trial randomized 300 patients to velotinib or placebo." + HR,
    "Patients with an ECOG 01 score were randomized in the trial to velotinib or placebo." + HR,
    "The Japanese trial randomized 300 patients to velotinib or placebo." + HR,
    "AstraZeneca announced that the AstraZeneca trial met its end point." + HR,
    "In the Phase 3 trial, patients were randomized to velotinib or placebo. Cycle 2 began on day 22." + HR,
    # a brand with its registered mark or its generic name in parentheses
    "ZORVIX\u00ae (velotinib) was studied in a phase 3 trial. ZORVIX\u00ae reduced the risk of death. ZORVIX is an "
    "oral inhibitor. ZORVIX was compared with placebo. ZORVIX was well tolerated." + HR,
    "KALDERA (velotinib) improved survival in a phase 3 study. KALDERA is approved. Patients on KALDERA lived longer. "
    "KALDERA was well tolerated. KALDERA plus chemotherapy was compared with chemotherapy." + HR,
])
def test_markers_brands_sponsors_journals_are_no_trial_names(text):
    assert extract(text).trial is None


def test_a_numbered_design_word_is_no_trial_name():
    for word in ("Phase", "Cycle", "Cohort", "Part", "Sample"):
        assert _arms.TRIAL_MIXED.search(f"the {word} 3 trial") is None
    assert _arms.TRIAL_MIXED.search("the Lumina 3 trial") is not None


# ---------------------------------------------------------------------------------------------------------
# arm sizes

@pytest.mark.parametrize("text, arms", [
    # a dose and schedule before the size inside the arm's parentheses
    ("In ZETA-1, 698 patients were randomized (1:1) to the velotinib arm (200 mg IV every 3 weeks; n=350) or the "
     "placebo arm (IV every 3 weeks; n=348)." + HR, [("velotinib", 350), ("placebo", 348)]),
    ("Patients were randomly assigned to the corvatinib group (40 mg daily; n = 201) or the docetaxel group "
     "(75 mg/m2; n = 199)." + HR, [("corvatinib", 201), ("docetaxel", 199)]),
    # a list after "enrolled" / "included N patients:"
    ("From 2018 to 2020, 479 patients were enrolled (velotinib=241; docetaxel=238)." + VS_DOCETAXEL,
     [("velotinib", 241), ("docetaxel", 238)]),
    ("The intention-to-treat population included 146 patients: 72 in the velotinib group and 74 in the placebo "
     "group." + HR, [("velotinib", 72), ("placebo", 74)]),
    ("The trial enrolled 300 patients (velotinib, 151; docetaxel, 149), who were randomized to velotinib or "
     "docetaxel." + HR, [("velotinib", 151), ("docetaxel", 149)]),
    # one size per arm
    ("The trial enrolled N=680 patients (340 per arm), randomized to velotinib or placebo." + HR,
     [("velotinib", 340), ("placebo", 340)]),
    ("Overall, 520 patients were randomized to velotinib or docetaxel, 260 patients per group." + HR,
     [("velotinib", 260), ("docetaxel", 260)]),
    # numbers in words, the arms named "A and B, respectively"
    ("Fifty-one and 58 patients were randomized to velotinib and placebo, respectively." + HR,
     [("velotinib", 51), ("placebo", 58)]),
    ("Seventy-two and 70 participants were assigned to corvatinib and docetaxel, respectively." + HR,
     [("corvatinib", 72), ("docetaxel", 70)]),
    # "(n = X and Y, respectively)" after the two arms
    ("Patients were randomized to velotinib or docetaxel (n = 120 and 118, respectively)." + VS_DOCETAXEL,
     [("velotinib", 120), ("docetaxel", 118)]),
    ("Participants were assigned to velotinib or docetaxel (n = 212 and n = 209, respectively)." + VS_DOCETAXEL,
     [("velotinib", 212), ("docetaxel", 209)]),
    # "N received A and M received B" in a design sentence
    ("After randomization, 120 patients received velotinib and 118 received docetaxel." + VS_DOCETAXEL,
     [("velotinib", 120), ("docetaxel", 118)]),
    ("Overall, 301 participants were randomized: 150 were given velotinib and 151 were given docetaxel."
     + VS_DOCETAXEL, [("velotinib", 150), ("docetaxel", 151)]),
    # an upper-case N right after each arm's name
    ("The velotinib arm (N = 120) and the docetaxel arm (N = 118) were balanced." + VS_DOCETAXEL,
     [("velotinib", 120), ("docetaxel", 118)]),
    # "with n=120 in the A arm and n=118 in the B arm" after the design verb
    ("Patients were randomly assigned, with n=120 in the velotinib arm and n=118 in the docetaxel arm."
     + VS_DOCETAXEL, [("velotinib", 120), ("docetaxel", 118)]),
    # the count after the verb, each arm's count after it
    ("Randomization (2:1) assigned 160 patients to velotinib and 80 to docetaxel." + VS_DOCETAXEL,
     [("velotinib", 160), ("docetaxel", 80)]),
    ("The study allocated 300 participants to velotinib, and 150 to docetaxel." + VS_DOCETAXEL,
     [("velotinib", 300), ("docetaxel", 150)]),
    # "Of the N patients, n1 were assigned to A and n2 to B"
    ("Of the 500 patients, 251 were assigned to velotinib and 249 to docetaxel." + HR,
     [("velotinib", 251), ("docetaxel", 249)]),
])
def test_arm_size_forms(text, arms):
    assert _arms_of(text) == arms


@pytest.mark.parametrize("text, arms", [
    # a total before "A versus matching B" and one N for one arm only are no sizes
    ("We randomly assigned 6600 participants to velotinib (10 mg once daily) versus matching placebo."
     + VS_PLACEBO, [("velotinib", None), ("placebo", None)]),
    ("The velotinib arm (N = 120) was larger." + VS_PLACEBO, [("velotinib", None), ("placebo", None)]),
    ("Patients were randomized to velotinib or placebo (n = 120)." + VS_PLACEBO,
     [("velotinib", None), ("placebo", None)]),
    ("There were 353 patients randomly assigned to velotinib (PD-L1 >= 1%, n = 140) and 356 to placebo "
     "(PD-L1 >= 1%, n = 142)." + VS_PLACEBO, [("velotinib", 353), ("placebo", 356)]),
    ("Patients were randomized to velotinib (CPS >= 10; n = 98) or docetaxel (CPS >= 10; n = 95)." + HR,
     [("velotinib", None), ("docetaxel", None)]),
    ("Patients were randomized to velotinib (patients with liver metastases, n = 61) or docetaxel (patients with "
     "liver metastases, n = 60)." + HR, [("velotinib", None), ("docetaxel", None)]),
])
def test_a_subgroup_count_is_no_arm_size(text, arms):
    assert _arms_of(text) == arms


@pytest.mark.parametrize("text, arms", [
    ("146 patients were randomly assigned to receive a minimum of six cycles of velotinib at 500 mg once daily and "
     "subcutaneous or intravenous azacitidine at 75 mg/m2 for 7 days in 28-day cycles (n = 72) or placebo plus "
     "azacitidine (n = 74)." + HR, [("velotinib and azacitidine", 72), ("placebo plus azacitidine", 74)]),
    ("In total, 412 patients were randomized to receive corvatinib at 200 mg twice daily on days 1 to 21 of 28-day "
     "cycles plus fulvestrant (n = 206) or placebo plus fulvestrant (n = 206)." + HR,
     [("corvatinib plus fulvestrant", 206), ("placebo plus fulvestrant", 206)]),
    ("The study enrolled 1,010 patients who were randomized 1:1 to receive ZORVIX (200 mg every three weeks) plus "
     "chemotherapy (n = 505) or placebo plus chemotherapy (n = 505)." + HR,
     [("ZORVIX plus chemotherapy", 505), ("placebo plus chemotherapy", 505)]),
    ("Patients were randomized to oral velotinib 40 mg daily for up to 2 years (n = 310) or observation "
     "(n = 305)." + HR, [("velotinib", 310), ("observation", 305)]),
])
def test_a_dosed_and_scheduled_design_sentence(text, arms):
    assert _arms_of(text) == arms


def test_a_name_read_without_its_dose_confirms_the_arm_named_elsewhere():
    text = ("Patients were randomly assigned to receive velotinib at 40 mg plus platinum-based chemotherapy "
            "(n = 201) or platinum-based chemotherapy alone (n = 199). Median EFS was 31.6 months with velotinib "
            "plus chemotherapy and 20.8 months with chemotherapy alone.")
    assert _arms_of(text) == [("velotinib plus chemotherapy", 201), ("chemotherapy", 199)]


def test_plain_regimens_keeps_what_is_in_parentheses_and_positions_of_nothing_else():
    t = "to receive velotinib at 500 mg once daily and oral azacitidine for 7 days (200 mg; n = 72) or placebo"
    assert _arms.plain_regimens(t) == "to receive velotinib and azacitidine (200 mg; n = 72) or placebo"
    assert _arms.plain_regimens("Median PFS was 9.1 months in 20 patients.") == \
        "Median PFS was 9.1 months in 20 patients."


def test_an_event_count_in_a_design_sentence_is_no_size():
    text = ("In a randomized trial of ZORV versus CTRL, patients on ZORV had fewer relapses (n = 8) than those on "
            "CTRL (n = 19; P = .01).")
    assert all(n is None for _, n in _arms_of(text))


# ---------------------------------------------------------------------------------------------------------
# arm names

@pytest.mark.parametrize("text, labels", [
    ("Median PFS was 9.1 months in patients receiving velotinib and 4.2 months in patients receiving docetaxel "
     "(HR 0.52; 95% CI 0.41-0.66).", ["velotinib", "docetaxel"]),
    ("ORR was 41% among participants treated with corvatinib versus 22% among those treated with placebo.",
     ["corvatinib", "placebo"]),
    ("In a randomized phase 3 study, patients received velotinib versus docetaxel." + HR, ["velotinib", "docetaxel"]),
    ("Median PFS was 9.1 months in the velotinib-arm and 4.2 months in the docetaxel-arm (HR 0.52; 95% CI "
     "0.41-0.66).", ["velotinib", "docetaxel"]),
    ("Arm A: velotinib; Arm B: docetaxel." + HR, ["velotinib", "docetaxel"]),
    ("Median PFS was 9.1 months in the velotinib-treated group and 4.2 months in the docetaxel-treated group (HR "
     "0.52; 95% CI 0.41-0.66).", ["velotinib", "docetaxel"]),
    ("Median PFS was 9.1 months for corvatinib-treated patients and 4.2 months for placebo-treated patients (HR "
     "0.52; 95% CI 0.41-0.66).", ["corvatinib", "placebo"]),
    ("Median PFS was 9.1 months among patients assigned to velotinib and 4.2 months among patients assigned to "
     "docetaxel (HR 0.52; 95% CI 0.41-0.66).", ["velotinib", "docetaxel"]),
    ("ORR was 41% in participants randomized to corvatinib and 22% in those randomized to placebo.",
     ["corvatinib", "placebo"]),
])
def test_arm_name_forms(text, labels):
    assert [a.label for a in extract(text).arms] == labels


def test_subgroups_of_patients_receiving_are_no_arms():
    # one "patients receiving prior X" is a subgroup, not a pair of arms
    e = extract("Among patients receiving prior bevacizumab, the benefit was consistent." + HR)
    assert [a.label for a in e.arms] == []


@pytest.mark.parametrize("text", [
    "Patients were assigned to receive velotinib (arm A) or docetaxel (arm B). Median PFS was 4.2 months in arm B "
    "and 9.1 months in arm A (HR 0.52; 95% CI 0.41-0.66).",
    "Arm A: velotinib; Arm B: docetaxel. Median PFS was 4.2 months in arm B and 9.1 months in arm A (HR 0.52; "
    "95% CI 0.41-0.66).",
    "Patients were randomized to velotinib (Group A) or docetaxel (Group B). Median PFS was 4.2 months in group B "
    "and 9.1 months in group A (HR 0.52; 95% CI 0.41-0.66).",
])
def test_an_arms_letter_names_the_arm(text):
    got = {(r.arm, r.value) for r in extract(text).records if r.kind == "median"}
    assert got == {("velotinib", 9.1), ("docetaxel", 4.2)}


def test_an_arm_letter_given_to_two_arms_names_neither():
    text = ("Patients were assigned to velotinib (arm A) or docetaxel (arm A). Median PFS was 4.2 months in arm A.")
    for a in extract(text).arms:
        assert "arm a" not in [x.lower() for x in a.aliases]


def test_a_single_arm_design_word_is_no_arm():
    e = extract("A previous single-arm study and a two-arm design were discussed. Patients were randomized to "
                "velotinib or docetaxel." + HR)
    assert [a.label for a in e.arms] == ["velotinib", "docetaxel"]


def test_a_treated_group_names_its_figures():
    e = extract("Median PFS was 4.2 months in the docetaxel-treated group and 9.1 months in the velotinib-treated "
                "group (HR 0.52; 95% CI 0.41-0.66).")
    assert {(r.arm, r.value) for r in e.records if r.kind == "median"} == {("velotinib", 9.1), ("docetaxel", 4.2)}


@pytest.mark.parametrize("text, arms", [
    ("Patients were randomized to velotinib (n = 1,204) or placebo (n = 1,198)." + VS_PLACEBO,
     [("velotinib", 1204), ("placebo", 1198)]),
    ("In total, 2,402 patients were randomized; 1,204 were assigned to velotinib and 1,198 to placebo." + VS_PLACEBO,
     [("velotinib", 1204), ("placebo", 1198)]),
    ("Patients were randomized (velotinib, n = 1,204; placebo, n = 1,198)." + VS_PLACEBO,
     [("velotinib", 1204), ("placebo", 1198)]),
    ("The trial randomized 2,402 patients (1,204 to velotinib and 1,198 to placebo)." + VS_PLACEBO,
     [("velotinib", 1204), ("placebo", 1198)]),
    ("Outcome\tvelotinib\tplacebo\n\t(N = 2,201)\t(N = 2,198)\nMedian PFS\t8.1\t4.0\n" + VS_PLACEBO,
     [("velotinib", 2201), ("placebo", 2198)]),
])
def test_sizes_with_thousands_separators(text, arms):
    assert _arms_of(text) == arms


def test_thousands_commas_only_in_counts():
    assert _arms.without_thousands_commas("(n = 1,204), 12,345,678 and 2,402 patients") == \
        "(n = 1204), 12345678 and 2402 patients"
    for kept in ("0.52,0.66", "HR 0.5,123", "12,34", "1,2345", "2019,2020"):
        assert _arms.without_thousands_commas(kept) == kept


@pytest.mark.parametrize("text, arms", [
    ("Patients were randomized to velotinib or placebo (n = 120 vs 118)." + VS_PLACEBO,
     [("velotinib", 120), ("placebo", 118)]),
    ("Participants were randomly assigned to velotinib or placebo (n = 212/209)." + VS_PLACEBO,
     [("velotinib", 212), ("placebo", 209)]),
    ("There were 120 patients in the velotinib arm and 118 patients in the placebo arm after randomization."
     + VS_PLACEBO, [("velotinib", 120), ("placebo", 118)]),
    ("Enrollment: velotinib arm, n = 120; placebo arm, n = 118." + VS_PLACEBO,
     [("velotinib", 120), ("placebo", 118)]),
    # the counts behind rates, and counts of patients in each arm outside a design sentence, are no sizes
    ("The ORR was 40% with velotinib vs 20% with placebo (n = 120 vs 118)." + VS_PLACEBO,
     [("velotinib", None), ("placebo", None)]),
    ("Grade 3 rash was seen in 12 patients in the velotinib arm and 3 patients in the placebo arm." + VS_PLACEBO,
     [("velotinib", None), ("placebo", None)]),
])
def test_sizes_paired_in_one_sentence(text, arms):
    assert _arms_of(text) == arms


@pytest.mark.parametrize("text, labels", [
    ("Patients were randomized to CT, CT plus velotinib (CT+V), or CT+V followed by corvatinib maintenance "
     "(CT+V+C). The 1-year PFS rates with CT, CT+V, and CT+V+C were 41.1%, 48.5%, and 61.5%, respectively. Median "
     "PFS was 15.1 months in the CT+V+C arm versus 9.6 months in the CT arm (HR 0.55; 95% CI 0.43-0.69).",
     {"CT", "CT+V", "CT+V+C"}),
    ("Median OS was 20.1, 18.4 and 14.2 months, and the 2-year OS rates in the velotinib, corvatinib and placebo "
     "arms were 44%, 39% and 28%, respectively. Median PFS was 9.1 months with velotinib versus 4.2 months with "
     "placebo (HR 0.52; 95% CI 0.41-0.66) and 7.0 months with corvatinib.",
     {"velotinib", "corvatinib", "placebo"}),
])
def test_three_arms_listed_with_their_figures(text, labels):
    assert {a.label for a in extract(text).arms} == labels


def test_three_listed_needs_three_figures_and_three_arms():
    is_arm = {"velotinib", "corvatinib", "placebo"}.__contains__
    assert _arms.three_listed("Rates with velotinib, corvatinib, and placebo were 44%, 39%, and 28%, respectively.",
                              is_arm) == ["velotinib", "corvatinib", "placebo"]
    # two figures, or a name that is no arm
    assert _arms.three_listed("Rates with velotinib, corvatinib, and placebo were 44% and 39%, respectively.",
                              is_arm) is None
    assert _arms.three_listed("Rates in Asia, Europe, and America were 44%, 39%, and 28%, respectively.",
                              is_arm) is None
