"""Results tables, second batch (scout/_tables.py): two-level pipe headers, slide tables one cell a line, and the
endpoint names of row labels.

Every table here is written for these tests; each class has several variants and negative cases (safety and
baseline tables give no records).
"""

from __future__ import annotations

import pytest

from trialscout.scout._lexicon import endpoints_in
from trialscout.scout.reader import extract


def _rows(text):
    return sorted((r.endpoint, r.kind, r.arm and r.arm.lower(), r.value, r.ci_lower, r.ci_upper, r.ci_level, r.p_operator, r.p_value,
                   r.timepoint_months, r.unit) for r in extract(text).records)


DESIGN = "In the phase 3 ORBIT-4 trial, 520 patients were randomly assigned 1:1 to relatinib or docetaxel.\n"

# -- class 1: two-level pipe headers --------------------------------------------------------------------------
# arm names spanning their columns (the spanned cells left empty), measures below
ARM_OVER_MEASURE = DESIGN + """Table 2. Efficacy outcomes
| | Relatinib (n=260) | | Docetaxel (n=260) | | |
| Endpoint | Median, months (95% CI) | 12-month rate, % | Median, months (95% CI) | 12-month rate, % | HR (95% CI) |
|---|---|---|---|---|---|
| Progression-free survival | 8.1 (7.0-9.3) | 38.2 | 4.6 (4.1-5.5) | 19.7 | 0.58 (0.47-0.71) |
| Overall survival | 19.4 (17.2-22.0) | 71.5 | 14.8 (13.0-16.9) | 60.3 | 0.74 (0.60-0.91) |
"""


def test_arm_names_spanning_measure_columns():
    got = _rows(ARM_OVER_MEASURE)
    assert got == sorted([
        ("PFS", "median", "relatinib", 8.1, 7.0, 9.3, 95.0, None, None, None, "months"),
        ("PFS", "median", "docetaxel", 4.6, 4.1, 5.5, 95.0, None, None, None, "months"),
        ("PFS", "landmark_rate", "relatinib", 38.2, None, None, None, None, None, 12.0, "percent"),
        ("PFS", "landmark_rate", "docetaxel", 19.7, None, None, None, None, None, 12.0, "percent"),
        ("PFS", "hr", None, 0.58, 0.47, 0.71, 95.0, None, None, None, None),
        ("OS", "median", "relatinib", 19.4, 17.2, 22.0, 95.0, None, None, None, "months"),
        ("OS", "median", "docetaxel", 14.8, 13.0, 16.9, 95.0, None, None, None, "months"),
        ("OS", "landmark_rate", "relatinib", 71.5, None, None, None, None, None, 12.0, "percent"),
        ("OS", "landmark_rate", "docetaxel", 60.3, None, None, None, None, None, 12.0, "percent"),
        ("OS", "hr", None, 0.74, 0.60, 0.91, 95.0, None, None, None, None),
    ])


# the arm row without the spanned cells: each arm owns an equal run of the measures; a P column after the ratio
ARMS_ADJACENT = DESIGN + """Table 3
| | Relatinib | Docetaxel | | |
| Outcome | Median (95% CI), mo | Events, n | Median (95% CI), mo | Events, n | Hazard ratio (95% CI) | P value |
|---|---|---|---|---|---|---|
| PFS | 8.1 (7.0-9.3) | 201 | 4.6 (4.1-5.5) | 230 | 0.58 (0.47-0.71) | <0.001 |
| Time to deterioration | 11.0 (9.1-13.2) | 150 | 7.2 (6.0-8.3) | 181 | 0.69 (0.55-0.86) | 0.001 |
"""


def test_arm_row_without_spanned_cells_splits_the_measures_evenly():
    got = _rows(ARMS_ADJACENT)
    assert ("PFS", "median", "relatinib", 8.1, 7.0, 9.3, 95.0, None, None, None, "months") in got
    assert ("PFS", "median", "docetaxel", 4.6, 4.1, 5.5, 95.0, None, None, None, "months") in got
    assert ("PFS", "hr", None, 0.58, 0.47, 0.71, 95.0, "<", 0.001, None, None) in got
    assert ("TTD", "median", "docetaxel", 7.2, 6.0, 8.3, 95.0, None, None, None, "months") in got
    assert ("TTD", "hr", None, 0.69, 0.55, 0.86, 95.0, "=", 0.001, None, None) in got
    assert len(got) == 6  # the event counts are no results


# measures spanning the arms below them, a ratio that is an HR only for time-to-event rows, and event columns
MEASURE_OVER_ARM = DESIGN + """Table 2:
Endpoint | Median, months (95% CI) | HR or RR (95% CI) |
p value | Events, n | ||
---|---|---|---|---|---|---|
Relatinib (n=260) |
Docetaxel (n=260) |
Relatinib (n=260) |
Docetaxel (n=260) |
|||
Key secondary endpoints | ||||||
Overall survival | 19.4 (17.2-22.0) | 14.8 (13.0-16.9) | 0.74 (0.60-0.91) | 0.004 | 140 | 171 |
Time to second progression-free survival | 15.0 (13.1-17.4) | 10.2 (9.0-11.8) | 0.66 (0.54-0.81) | <0.001 | 160 | 190 |
Time to pain progression | 21.8 (18.0-25.7) | 26.5 (22.6-29.5) | 1.12 (0.95-1.33) | 0.19 | 86 | 71 |
Confirmed PSA decline, n (%) | 191 (73%) | 157 (60%) | 1.21 (1.08-1.36) | 0.002 | - | - |
Objective response rate, n (%) | n=120 | n=118 | ||||
Responders (complete response or partial response) | 54 (45%) | 31 (26%) | 1.72 (1.20-2.45) | |||
"""


def test_measures_spanning_the_arms_below_them():
    got = _rows(MEASURE_OVER_ARM)
    assert got == sorted([
        ("OS", "median", "relatinib", 19.4, 17.2, 22.0, 95.0, None, None, None, "months"),
        ("OS", "median", "docetaxel", 14.8, 13.0, 16.9, 95.0, None, None, None, "months"),
        ("OS", "hr", None, 0.74, 0.60, 0.91, 95.0, "=", 0.004, None, None),
        ("PFS2", "median", "relatinib", 15.0, 13.1, 17.4, 95.0, None, None, None, "months"),
        ("PFS2", "median", "docetaxel", 10.2, 9.0, 11.8, 95.0, None, None, None, "months"),
        ("PFS2", "hr", None, 0.66, 0.54, 0.81, 95.0, "<", 0.001, None, None),
        # a rate ratio is no odds ratio: the responders' rates only
        ("ORR", "rate", "relatinib", 45.0, None, None, None, None, None, None, "percent"),
        ("ORR", "rate", "docetaxel", 26.0, None, None, None, None, None, None, "percent"),
    ])


# arms over their sizes in a second header row; the arms named only by the table
SIZE_ROW = """Table 4. Efficacy in the intention-to-treat population
| Endpoint | Drug Q plus chemotherapy | Chemotherapy alone | HR (95% CI) | P |
| | n=120 | n=118 | | |
|---|---|---|---|---|
| Median event-free survival, months (95% CI) | 22.3 (18.9-26.0) | 15.1 (12.7-17.8) | 0.64 (0.48-0.85) | 0.002 |
| Pathological complete response, % | 38.3 | 17.8 | | <0.001 |
"""


def test_arm_heads_over_a_row_of_sizes():
    got = _rows(SIZE_ROW)
    assert got == sorted([
        ("EFS", "median", "drug q plus chemotherapy", 22.3, 18.9, 26.0, 95.0, None, None, None, "months"),
        ("EFS", "median", "chemotherapy alone", 15.1, 12.7, 17.8, 95.0, None, None, None, "months"),
        ("EFS", "hr", None, 0.64, 0.48, 0.85, 95.0, "=", 0.002, None, None),
        ("pCR", "rate", "drug q plus chemotherapy", 38.3, None, None, None, "<", 0.001, None, "percent"),
        ("pCR", "rate", "chemotherapy alone", 17.8, None, None, None, "<", 0.001, None, "percent"),
    ])


def test_arm_heads_over_sizes_when_the_text_names_the_arms():
    text = DESIGN + """| Endpoint | Relatinib | Docetaxel | HR (95% CI) |
| | (N = 260) | (N = 260) | |
|---|---|---|---|
| Median OS, months | 19.4 | 14.8 | 0.74 (0.60-0.91) |
| Median PFS, months | 8.1 | 4.6 | 0.58 (0.47-0.71) |
"""
    got = _rows(text)
    assert ("OS", "median", "relatinib", 19.4, None, None, None, None, None, None, "months") in got
    assert ("PFS", "hr", None, 0.58, 0.47, 0.71, 95.0, None, None, None, None) in got
    assert len(got) == 6


def test_event_columns_give_no_rates():
    text = DESIGN + """| | Relatinib | | Docetaxel | |
| Endpoint | Events, n (%) | Median, months | Events, n (%) | Median, months |
|---|---|---|---|---|
| Objective response | 101 (39%) | | 40 (15%) | |
| Overall survival | 140 (54%) | 19.4 | 171 (66%) | 14.8 |
"""
    got = _rows(text)
    assert got == sorted([
        ("OS", "median", "relatinib", 19.4, None, None, None, None, None, None, "months"),
        ("OS", "median", "docetaxel", 14.8, None, None, None, None, None, None, "months"),
    ])


def test_two_level_safety_table_gives_nothing():
    text = DESIGN + """Table 5. Adverse events
| | Relatinib (n=258) | | Docetaxel (n=255) | |
| Event | Any grade, n (%) | Grade 3-4, n (%) | Any grade, n (%) | Grade 3-4, n (%) |
|---|---|---|---|---|
| Diarrhea | 120 (47%) | 12 (5%) | 60 (24%) | 3 (1%) |
| Neutropenia | 30 (12%) | 9 (3%) | 140 (55%) | 98 (38%) |
| Treatment-related adverse events | 200 (78%) | 51 (20%) | 210 (82%) | 92 (36%) |
"""
    assert _rows(text) == []


def test_two_level_baseline_table_gives_nothing():
    text = DESIGN + """Table 1. Baseline characteristics
| Characteristic | Relatinib | | Docetaxel | |
| | n | % | n | % |
|---|---|---|---|---|
| Age >= 65 years | 120 | 46 | 118 | 45 |
| ECOG performance status 1 | 150 | 58 | 149 | 57 |
| Prior progression-free interval < 12 months | 80 | 31 | 77 | 30 |
"""
    assert _rows(text) == []


def test_a_two_level_header_whose_measures_do_not_fit_the_columns_gives_nothing():
    # three measures for two arms over five figures: no even split, no column can be told
    text = DESIGN + """| | Relatinib | Docetaxel |
| Endpoint | Median (95% CI) | Events | Median (95% CI) |
|---|---|---|---|
| PFS | 8.1 (7.0-9.3) | 201 | 4.6 (4.1-5.5) | 0.58 (0.47-0.71) |
| OS | 19.4 (17.2-22.0) | 140 | 14.8 (13.0-16.9) | 0.74 (0.60-0.91) |
"""
    assert not any(r[1] == "median" and r[2] == "docetaxel" and r[3] == 201 for r in _rows(text))


# -- class 2: slide tables, one cell a line ---------------------------------------------------------------------
SLIDE = """ORBIT-4: secondary end points

End point

Relatinib

(N=260)

Docetaxel

(N=260)

Hazard ratio

(95% CI)

P value

Secondary end points (mo)

Median time to metastasis

22.0

12.5

0.51 (0.40-0.65)

<0.001

Median progression-free survival

8.1

4.6

0.58 (0.47-0.71)

<0.001

Median overall survival

NR

14.8

0.74 (0.60-0.91)

0.004

Exploratory end points

Median second progression-free survival (mo)

NR

11.6

0.62 (0.49-0.78)

Patients with a PSA response (%)

71.3

12.0

6.2 (4.0-9.5)
"""


def test_slide_table_with_double_spaced_heads_and_a_p_column():
    got = _rows(SLIDE)
    assert got == sorted([
        ("PFS", "median", "relatinib", 8.1, None, None, None, None, None, None, "months"),
        ("PFS", "median", "docetaxel", 4.6, None, None, None, None, None, None, "months"),
        ("PFS", "hr", None, 0.58, 0.47, 0.71, 95.0, "<", 0.001, None, None),
        ("OS", "median", "relatinib", "NR", None, None, None, None, None, None, "months"),
        ("OS", "median", "docetaxel", 14.8, None, None, None, None, None, None, "months"),
        ("OS", "hr", None, 0.74, 0.60, 0.91, 95.0, "=", 0.004, None, None),
        # a row without its P value: the figures are the first columns'
        ("PFS2", "median", "relatinib", "NR", None, None, None, None, None, None, "months"),
        ("PFS2", "median", "docetaxel", 11.6, None, None, None, None, None, None, "months"),
        ("PFS2", "hr", None, 0.62, 0.49, 0.78, 95.0, None, None, None, None),
    ])


# bare arm names (the text names the arms) and statistic heads on one line each, no blank lines
SLIDE_BARE = DESIGN + """Outcome
Relatinib
Docetaxel
HR (95% CI)
P
Median PFS, months
8.1
4.6
0.58 (0.47-0.71)
<0.001
Objective response rate, %
41.2
17.5

<0.001
Median DoR, months
9.9
5.6
"""


def test_slide_table_with_bare_arm_names():
    got = _rows(SLIDE_BARE)
    assert ("PFS", "median", "relatinib", 8.1, None, None, None, None, None, None, "months") in got
    assert ("PFS", "hr", None, 0.58, 0.47, 0.71, 95.0, "<", 0.001, None, None) in got
    assert ("ORR", "rate", "relatinib", 41.2, None, None, None, "<", 0.001, None, "percent") in got
    # the ratio cell left out: the P after the arms' figures is the P's
    assert ("ORR", "rate", "docetaxel", 17.5, None, None, None, "<", 0.001, None, "percent") in got
    assert ("DOR", "median", "docetaxel", 5.6, None, None, None, None, None, None, "months") in got
    assert len(got) == 7


def test_slide_table_three_arms():
    text = ("Patients were randomized 1:1:1 to relatinib 100 mg, relatinib 50 mg, or docetaxel.\n"
            "Median OS (months) and HR versus docetaxel\n\nRelatinib 100 mg\n\n(N=150)\n\nRelatinib 50 mg\n\n"
            "(N=151)\n\nDocetaxel\n\n(N=149)\n\n")
    # the doses tell two arms apart only by the number: no arm can be told, nothing is read
    got = _rows(text + "Median overall survival\n\n16.2\n\n15.0\n\n11.9\n\nMedian PFS\n\n7.7\n\n6.9\n\n4.0\n")
    assert not any(r[2] == "docetaxel" and r[3] in (16.2, 15.0) for r in got)


def test_slide_safety_block_gives_nothing():
    text = DESIGN + """Relatinib

(N=258)

Docetaxel

(N=255)

Any adverse event, %

97.3

95.1

Grade 3 or higher adverse event, %

41.0

52.2

Discontinuation due to adverse events, %

8.1

10.2
"""
    assert _rows(text) == []


def test_slide_baseline_block_gives_nothing():
    text = DESIGN + """Characteristic
Relatinib
Docetaxel
HR (95% CI)
Median age, years
63
64

ECOG 0, %
41
43

"""
    assert _rows(text) == []


def test_a_short_line_naming_one_arm_is_no_slide_header():
    text = DESIGN + "Relatinib\nMedian PFS, months\n8.1\nMedian OS, months\n19.4\n"
    assert not any(r[0] in ("PFS", "OS") and r[3] in (8.1, 19.4) and r[2] == "docetaxel" for r in _rows(text))


# -- class 3: endpoint names in row labels ----------------------------------------------------------------------
@pytest.mark.parametrize("label,want", [
    ("Second progression-free survival", "PFS2"),
    ("Median second-progression-free survival (mo)", "PFS2"),
    ("Time to second progression-free survival", "PFS2"),
    ("Time to second progression", "PFS2"),
    ("PFS on next-line therapy", "PFS2"),
    ("Progression-free survival on next-line treatment", "PFS2"),
    ("Event-free survival", "EFS"),
    ("Relapse-free survival", "RFS"),
    ("Relapse-free rate at 2 years", "RFS"),
    ("Recurrence-free at 3 years, %", "RFS"),
    ("Metastasis-free survival", "MFS"),
    ("Metastasis-free rate, %", "MFS"),
    ("Disease-free at 5 years, %", "DFS"),
    ("Duration of response", "DOR"),
    ("Duration of objective response, median", "DOR"),
    ("Duration of overall response", "DOR"),
    ("Progression-free survival", "PFS"),
])
def test_row_label_endpoint_names(label, want):
    assert {e[2] for e in endpoints_in(label)} == {want}


def test_an_event_free_rate_names_no_endpoint_of_its_own():
    # "event-free" is the event of the endpoint the sentence names ("symptom-worsening event-free rate")
    assert endpoints_in("30-month MySIm-Q event-free rates") == []


def test_time_to_treatment_failure_is_the_reports_own_acronym():
    text = ("In the phase 3 CALYX-2 trial, 400 patients were randomly assigned to relatinib or docetaxel. The "
            "median time to treatment failure (TTF) was 9.0 months with relatinib versus 5.5 months with docetaxel.")
    got = _rows(text)
    assert ("TTF", "median", "relatinib", 9.0, None, None, None, None, None, None, "months") in got


def test_pfs2_table_row_is_not_pfs():
    text = DESIGN + """| Endpoint | Relatinib (n=260) | Docetaxel (n=260) | HR (95% CI) |
|---|---|---|---|
| Median second progression-free survival, months | 15.0 | 10.2 | 0.66 (0.54-0.81) |
| Median progression-free survival, months | 8.1 | 4.6 | 0.58 (0.47-0.71) |
"""
    got = _rows(text)
    assert ("PFS2", "median", "relatinib", 15.0, None, None, None, None, None, None, "months") in got
    assert ("PFS2", "hr", None, 0.66, 0.54, 0.81, 95.0, None, None, None, None) in got
    assert ("PFS", "hr", None, 0.58, 0.47, 0.71, 95.0, None, None, None, None) in got
    assert not any(r[0] == "PFS" and r[3] in (15.0, 10.2, 0.66) for r in got)


# -- a P row for the arm-level figures above it ------------------------------------------------------------------
def test_a_p_row_wrapped_onto_the_next_line_goes_on_the_rates_above_it():
    text = DESIGN + """Table 2.
Efficacy endpoint | Relatinib (n=260) | Docetaxel (n=260) |
Objective response rate (%) (95% CI) | 41 (35 to 47) | 18 (14 to 23) |
Stratified Cochran-Mantel-Haenszel test of the difference in response, p value |
0.0003 | |
Grade 3-5 adverse events (%) | 61.2 | 58.8 |
"""
    got = _rows(text)
    assert got == sorted([
        ("ORR", "rate", "relatinib", 41.0, 35.0, 47.0, 95.0, "=", 0.0003, None, "percent"),
        ("ORR", "rate", "docetaxel", 18.0, 14.0, 23.0, 95.0, "=", 0.0003, None, "percent"),
    ])


def test_a_p_row_before_the_ratio_of_its_section_stays_the_ratios():
    text = DESIGN + """Endpoint | Relatinib (n=260) | Docetaxel (n=260) |
Overall survival | ||
Median, months (95% CI) | 19.4 (17.2-22.0) | 14.8 (13.0-16.9) |
Log-rank p value | 0.004 | |
Hazard ratio (95% CI) | 0.74 (0.60-0.91) | |
Disease control rate, % | 80.1 | 66.4 |
"""
    got = _rows(text)
    assert ("OS", "hr", None, 0.74, 0.60, 0.91, 95.0, "=", 0.004, None, None) in got
    assert ("OS", "median", "relatinib", 19.4, 17.2, 22.0, 95.0, None, None, None, "months") in got
    assert ("DCR", "rate", "docetaxel", 66.4, None, None, None, None, None, None, "percent") in got
    assert len(got) == 5


def test_a_p_row_after_a_skipped_row_gives_no_p():
    text = DESIGN + """Endpoint | Relatinib (n=260) | Docetaxel (n=260) |
Objective response rate, % | 41.0 | 18.0 |
Duration of treatment, months | 6.1 | 4.0 |
p value | 0.02 | |
"""
    got = _rows(text)
    assert ("ORR", "rate", "relatinib", 41.0, None, None, None, None, None, None, "percent") in got
    assert not any(r[8] == 0.02 for r in got)


def test_arms_over_median_and_rate_columns_for_response_and_time_to_event_rows():
    # a "Rate" column without a time point holds response rates; a time-to-event row has no rate there
    text = """Table 3. Outcomes by arm
| | Drug Q (n=150) | | Observation (n=149) | |
| Endpoint | Median (95% CI), months | Rate | Median (95% CI), months | Rate |
|---|---|---|---|---|
| Overall response | | 48.0% | | 21.5% |
| Complete response | | 12.7% | | 4.0% |
| Duration of objective response | 11.2 (9.0-14.1) | | 7.5 (5.6-9.4) | |
| Progression-free survival | 9.0 (7.7-10.3) | 44.1 | 5.1 (4.4-6.0) | 30.2 |
"""
    got = _rows(text)
    assert got == sorted([
        ("ORR", "rate", "drug q", 48.0, None, None, None, None, None, None, "percent"),
        ("ORR", "rate", "observation", 21.5, None, None, None, None, None, None, "percent"),
        ("CR", "rate", "drug q", 12.7, None, None, None, None, None, None, "percent"),
        ("CR", "rate", "observation", 4.0, None, None, None, None, None, None, "percent"),
        ("DOR", "median", "drug q", 11.2, 9.0, 14.1, 95.0, None, None, None, "months"),
        ("DOR", "median", "observation", 7.5, 5.6, 9.4, 95.0, None, None, None, "months"),
        ("PFS", "median", "drug q", 9.0, 7.7, 10.3, 95.0, None, None, None, "months"),
        ("PFS", "median", "observation", 5.1, 4.4, 6.0, 95.0, None, None, None, "months"),
    ])


def test_three_arms_over_their_measures():
    text = """Patients were randomized 1:1:1 to relatinib, relatinib plus docetaxel, or docetaxel.
| | Relatinib | | Relatinib plus docetaxel | | Docetaxel | |
| Endpoint | Median, mo | 24-mo rate, % | Median, mo | 24-mo rate, % | Median, mo | 24-mo rate, % |
|---|---|---|---|---|---|---|
| OS | 20.1 | 44 | 23.5 | 49 | 15.2 | 31 |
"""
    got = _rows(text)
    assert ("OS", "median", "relatinib plus docetaxel", 23.5, None, None, None, None, None, None, "months") in got
    assert ("OS", "landmark_rate", "docetaxel", 31.0, None, None, None, None, None, 24.0, "percent") in got
    assert ("OS", "landmark_rate", "relatinib", 44.0, None, None, None, None, None, 24.0, "percent") in got
    assert len(got) == 6


def test_slide_table_with_sizes_beside_the_names_and_a_ratio_head_on_one_line():
    text = """Efficacy summary
Drug Q (N = 301)
Placebo (N = 150)
HR (95% CI)
P value
Median rPFS, months
16.6
8.3
0.53 (0.42-0.66)
<0.0001
Median OS, months
NR
NR
0.77 (0.58-1.02)
0.07
Any grade 3 adverse event, %
43.0
31.5
"""
    got = _rows(text)
    assert got == sorted([
        ("rPFS", "median", "drug q", 16.6, None, None, None, None, None, None, "months"),
        ("rPFS", "median", "placebo", 8.3, None, None, None, None, None, None, "months"),
        ("rPFS", "hr", None, 0.53, 0.42, 0.66, 95.0, "<", 0.0001, None, None),
        ("OS", "median", "drug q", "NR", None, None, None, None, None, None, "months"),
        ("OS", "median", "placebo", "NR", None, None, None, None, None, None, "months"),
        ("OS", "hr", None, 0.77, 0.58, 1.02, 95.0, "=", 0.07, None, None),
    ])


def test_arms_over_measures_named_only_by_the_table():
    text = """Table 2
| | Drug Q (n=301) | | Placebo (n=150) | |
| Endpoint | Median, months | 12-month rate, % | Median, months | 12-month rate, % |
|---|---|---|---|---|
| Metastasis-free survival | 40.1 | 88.0 | 16.2 | 63.4 |
"""
    x = extract(text)
    assert [a.label for a in x.arms] == ["Drug Q", "Placebo"]
    got = _rows(text)
    assert ("MFS", "median", "drug q", 40.1, None, None, None, None, None, None, "months") in got
    assert ("MFS", "landmark_rate", "placebo", 63.4, None, None, None, None, None, 12.0, "percent") in got
    assert len(got) == 4


def test_slide_row_with_fewer_figures_than_arms_is_not_read():
    # "Median OS" with only its ratio and P: the figures cannot be the arms' medians
    text = DESIGN + """Relatinib
Docetaxel
HR (95% CI)
P value
Median PFS, months
8.1
4.6
0.58 (0.47-0.71)
<0.001
Median OS, months
0.74 (0.60-0.91)
0.004
Median DoR, months
9.9
5.6
"""
    got = _rows(text)
    assert ("DOR", "median", "docetaxel", 5.6, None, None, None, None, None, None, "months") in got
    assert ("PFS", "median", "relatinib", 8.1, None, None, None, None, None, None, "months") in got
    assert not any(r[0] == "OS" for r in got)


@pytest.mark.parametrize("text,want", [
    ("Distant relapse-free survival", {"DRFS"}),
    ("distant metastasis-free survival", {"MFS"}),
    ("locoregional relapse-free survival", set()),
    ("local recurrence-free survival at 5 years", set()),
    ("locoregional relapse-free survival rates", set()),
    ("cancer-specific survival rate at 10 years", set()),
    ("biochemical recurrence-free survival", set()),
    # the report's own acronym names the qualified endpoint
    ("locoregional relapse-free survival (LRRFS) was longer; LRRFS at 5 years", {"LRRFS"}),
    ("biochemical relapse-free survival (bRFS)", {"bRFS"}),
])
def test_qualified_recurrence_is_not_rfs(text, want):
    from trialscout.scout._lexicon import defined_acronyms
    assert {e[2] for e in endpoints_in(text, defined_acronyms(text))} == want
