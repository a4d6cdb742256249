"""Results tables flattened to text (scout/_tables.py): pipe rows, one cell a line, statistic columns.

The tables here are written for these tests (not taken from the corpus), so that each layout is tested beyond
the corpus reports it was built from.
"""

from __future__ import annotations

from trialscout.scout.reader import extract
from trialscout.scout._tables import parse_cell

PIPE = """In the phase 3 ZENITH-7 trial, 450 patients were randomly assigned 2:1 to zorbatinib or placebo.
Table 2. Efficacy
Endpoint | Zorbatinib (n=300) | Placebo (n=150) |
---|---|---|
Progression-free survival | ||
Median, months (95% CI) | 9.4 (8.1-10.6) | 5.2 (4.4-6.0) |
Hazard ratio (95% CI) | 0.61 (0.49-0.76) | |
P value | <0.001 | |
Objective response, n (%) | 126 (42.0) | 27 (18.0) |
Grade 3 or higher adverse events, n (%) | 141 (47) | 48 (32) |
Median age, years | 63 | 64 |
"""

LINES = """Patients were randomized to velotamab or observation.
Table 3: Overall survival
Velotamab
(N=512)
Observation
(N=508)
Deaths, n (%)
201 (39%)
244 (48%)
Median survival, months
(95% CI)
31.2 (28.0, 34.5)
24.9 (22.1, 27.3)
p value
0.008
Hazard ratio (95% CI)
0.78 (0.65, 0.94)
"""

STAT = """Key outcomes of the HELIOS-2 trial of cardomab versus placebo
Outcome

HR (95% CI)

p-value

All-cause mortality

0.81 (0.70-0.93)

0.004

Serious infection

1.10 (0.80-1.52)

0.55
"""

# arms named only by the table head; the sizes count a response-analysis set, not the randomized patients
HEAD_ONLY = """Table 4.
Best response
Drug X plus chemotherapy (n=210) |
Chemotherapy alone (n=205) |
|
---|---|---|
Complete response | 12 (6%) | 4 (2%) |
Partial response | 80 (38%) | 61 (30%) |
Overall response (95% CI) | 43.8% (37.0-50.8) | 31.7% (25.4-38.6) |
Odds ratio (95% CI) | 1.68 (1.12-2.52) | .. |
p value | 0.012 | .. |
"""


def _rows(text):
    return sorted((r.endpoint, r.kind, r.arm, r.value, r.ci_lower, r.ci_upper, r.ci_level, r.p_operator, r.p_value,
                   r.unit) for r in extract(text).records)


def test_pipe_rows_under_a_section_head_take_its_endpoint():
    got = _rows(PIPE)
    assert ("PFS", "median", "Zorbatinib", 9.4, 8.1, 10.6, 95.0, None, None, "months") in got
    assert ("PFS", "median", "Placebo", 5.2, 4.4, 6.0, 95.0, None, None, "months") in got
    assert ("PFS", "hr", None, 0.61, 0.49, 0.76, 95.0, "<", 0.001, None) in got
    assert ("ORR", "rate", "Zorbatinib", 42.0, None, None, None, None, None, "percent") in got
    assert ("ORR", "rate", "Placebo", 18.0, None, None, None, None, None, "percent") in got
    assert len(got) == 5  # the adverse-event and age rows give nothing


def test_table_records_replace_the_sentence_readers_and_are_kept():
    x = extract(PIPE)
    assert all("table:row" in r.basis for r in x.records)
    assert all(r.confidence >= 0.5 for r in x.records)
    for r in x.records:
        assert PIPE[r.source.start:r.source.end] == r.source.sentence
        assert r.value_text in r.source.sentence


def test_one_cell_a_line_with_size_lines_and_a_p_row_before_its_ratio():
    got = _rows(LINES)
    assert ("OS", "median", "velotamab", 31.2, 28.0, 34.5, 95.0, None, None, "months") in got
    assert ("OS", "median", "observation", 24.9, 22.1, 27.3, 95.0, None, None, "months") in got
    assert ("OS", "hr", None, 0.78, 0.65, 0.94, 95.0, "=", 0.008, None) in got
    assert len(got) == 3  # the deaths row is a count
    assert {(a.label.lower(), a.n) for a in extract(LINES).arms} == {("velotamab", 512), ("observation", 508)}


def test_statistic_columns_give_the_kind_and_the_p_value():
    got = _rows(STAT)
    assert got == [("OS", "hr", None, 0.81, 0.70, 0.93, 95.0, "=", 0.004, None)]


def test_arms_named_only_by_the_column_heads_get_no_size():
    x = extract(HEAD_ONLY)
    assert [(a.label, a.n) for a in x.arms] == [("Drug X plus chemotherapy", None), ("Chemotherapy alone", None)]
    got = _rows(HEAD_ONLY)
    assert ("CR", "rate", "Drug X plus chemotherapy", 6.0, None, None, None, None, None, "percent") in got
    assert ("ORR", "rate", "Chemotherapy alone", 31.7, 25.4, 38.6, 95.0, None, None, "percent") in got
    assert ("ORR", "odds_ratio", None, 1.68, 1.12, 2.52, 95.0, "=", 0.012, None) in got
    assert not any(r[3] in (38.0, 30.0) for r in got)  # partial response is not an endpoint


def test_a_table_without_result_rows_gives_nothing():
    text = ("Patients were randomized to zorbatinib or placebo.\n"
            "Characteristic | Zorbatinib (n=300) | Placebo (n=150) |\n"
            "Median age, years | 63 | 64 |\n"
            "Serious adverse events, n (%) | 41 (14) | 18 (12) |\n"
            "Median duration of treatment, months | 8.1 | 5.0 |\n")
    assert _rows(text) == []


def test_cells_lose_their_footnote_marks():
    c = parse_cell("6.1 (4.8-8.9)d")
    assert c is not None and (c.value, c.lower, c.upper) == (6.1, 4.8, 8.9)
    c = parse_cell("0.84 (0.74 to 0.95)#")
    assert c is not None and (c.value, c.lower, c.upper) == (0.84, 0.74, 0.95)
    assert parse_cell("38.7 vs 40.5") is None
    assert parse_cell("3 (1%)") is None and parse_cell("3 (1%)", count_ok=True) is not None


TABS = ("In the phase 3 KESTREL-3 trial, 600 patients were randomly assigned to ravolimab or docetaxel.\n"
        "Table 2\n"
        "\tRavolimab (n=301)\tDocetaxel (n=299)\n"
        "Overall survival\t\t\n"
        "Median, months (95% CI)\t12.8 (11.0-14.6)\t9.9 (8.7-11.2)\n"
        "Hazard ratio (95% CI)\t0.74 (0.61-0.89)\t\n"
        "P value\t0.002\t\n"
        "Treatment-related adverse events, n (%)\t190 (63)\t250 (84)\n")

SPACES = ("Patients were randomized to ravolimab or docetaxel.\n"
          "                              Ravolimab (n=301)     Docetaxel (n=299)\n"
          "Median PFS, months (95% CI)   5.6 (4.9-6.3)         4.1 (3.5-4.6)\n"
          "Hazard ratio (95% CI)         0.80 (0.67-0.95)\n"
          "Objective response, %         28.2                  13.0\n")


def test_tab_separated_cells_are_read_like_pipes():
    got = _rows(TABS)
    assert ("OS", "median", "Ravolimab", 12.8, 11.0, 14.6, 95.0, None, None, "months") in got
    assert ("OS", "median", "Docetaxel", 9.9, 8.7, 11.2, 95.0, None, None, "months") in got
    assert ("OS", "hr", None, 0.74, 0.61, 0.89, 95.0, "=", 0.002, None) in got
    assert len(got) == 3


def test_space_aligned_columns_are_read_when_several_lines_are_aligned():
    got = _rows(SPACES)
    assert ("PFS", "median", "Ravolimab", 5.6, 4.9, 6.3, 95.0, None, None, "months") in got
    assert ("PFS", "hr", None, 0.80, 0.67, 0.95, 95.0, None, None, None) in got
    assert ("ORR", "rate", "Docetaxel", 13.0, None, None, None, None, None, "percent") in got
    # prose with double spaces after full stops is not a table
    prose = "Patients were randomized to ravolimab or docetaxel.  Median PFS was 5.6 months.  It was 4.1 months."
    assert not any("table:row" in r.basis for r in extract(prose).records)


MARKDOWN = """The phase 3 ORCA-2 trial randomly assigned 700 patients to tepratinib or everolimus.
| Endpoint | Tepratinib (n=351) | Everolimus (n=349) | HR (95% CI) | P value |
|---|---|---|---|---|
| Median PFS, months (95% CI) | 11.2 (9.6-12.9) | 6.4 (5.5-7.3) | 0.58 (0.48-0.70) | <0.001 |
| Median OS, months | 28.0 | 24.1 | 0.82 (0.67-1.00) | 0.05 |
| Objective response rate, % | 34 | 9 | | <0.001 |
| Adverse events leading to discontinuation, % | 12 | 8 | | |
"""


def test_markdown_rows_with_ratio_and_p_columns():
    got = _rows(MARKDOWN)
    assert ("PFS", "median", "Tepratinib", 11.2, 9.6, 12.9, 95.0, None, None, "months") in got
    assert ("PFS", "median", "Everolimus", 6.4, 5.5, 7.3, 95.0, None, None, "months") in got
    assert ("PFS", "hr", None, 0.58, 0.48, 0.70, 95.0, "<", 0.001, None) in got
    assert ("OS", "median", "Tepratinib", 28.0, None, None, None, None, None, "months") in got
    assert ("OS", "hr", None, 0.82, 0.67, 1.0, 95.0, "=", 0.05, None) in got
    # a P beside rates and no ratio is the rates' comparison
    assert ("ORR", "rate", "Everolimus", 9.0, None, None, None, "<", 0.001, "percent") in got
    assert len(got) == 8


EFFECT = """Table 1 Key results of the AURORA-HF trial of velnerone versus placebo

Outcome

Effect of velnerone vs placebo (95% CI)*

p-value

All-cause mortality

0.89 (0.79 to 1.01)\u00a7

0.07

Total heart failure events

0.81 (0.70 to 0.94)#

0.005

Change in symptom score (points)

2.1 (1.2 to 3.0)\u00a4

<0.001

1. *Effect presented as a ratio or a difference.
2. \u00a7HR from a Cox proportional hazards model.
3. #Rate ratio.
4. \u00a4Between-group difference.
"""


def test_an_effect_column_takes_each_figures_kind_from_its_footnote_mark():
    got = _rows(EFFECT)
    assert got == [("OS", "hr", None, 0.89, 0.79, 1.01, 95.0, "=", 0.07, None)]
    # without the footnote the kind is unknown and nothing is read
    assert _rows(EFFECT.replace("\u00a7HR from a Cox proportional hazards model.", "\u00a7From a model.")) == []


LANDMARK = """Patients were randomly assigned to ruxotinib or placebo.
Outcome | Ruxotinib (n=220) | Placebo (n=218) |
Event-free survival | ||
Rate at 24 months, % (95% CI) | 71.2 (64.5-76.9) | 58.0 (51.0-64.4) |
3-year EFS rate, % | 65.1 | 50.3 |
Events, n (%) at 24 months | 60 (27) | 88 (40) |
"""


def test_landmark_rates_take_their_time_point_from_the_label():
    got = _rows(LANDMARK)
    assert ("EFS", "landmark_rate", "Ruxotinib", 71.2, 64.5, 76.9, 95.0, None, None, "percent") in got
    assert ("EFS", "landmark_rate", "Placebo", 50.3, None, None, None, None, None, "percent") in got
    assert len(got) == 4
    times = {(r.value, r.timepoint_months) for r in extract(LANDMARK).records}
    assert (71.2, 24.0) in times and (65.1, 36.0) in times


SAME_LINE = """Patients were randomly assigned to nivatumab or docetaxel.
Nivatumab (N = 417)
Docetaxel (N = 208)
Median overall survival, months (95% CI)
Not reached (24.1-NE)
19.8 (16.0-22.5)
Hazard ratio (95% CI)
0.72 (0.58, 0.89); P = 0.002
"""


def test_arm_names_with_their_sizes_on_one_line_and_cells_with_words_and_p():
    got = _rows(SAME_LINE)
    assert ("OS", "median", "nivatumab", "NR", 24.1, "NE", 95.0, None, None, "months") in [
        (r[0], r[1], (r[2] or "").lower(), *r[3:]) for r in got]
    assert ("OS", "hr", None, 0.72, 0.58, 0.89, 95.0, "=", 0.002, None) in got
    assert len(got) == 3


NOT_RESULTS = {
    "subgroups": """Patients were randomized to zorbatinib or placebo.
Overall survival by subgroup
Subgroup | Zorbatinib (n=300) | Placebo (n=150) | HR (95% CI) |
Age <65 years | 120 | 60 | 0.70 (0.50-0.95) |
Male | 150 | 80 | 0.65 (0.48-0.88) |
""",
    "baseline": """Patients were randomized to zorbatinib or placebo.
Table 1. Baseline characteristics
Characteristic | Zorbatinib (n=300) | Placebo (n=150) |
Median age (range), years | 63 (45-80) | 64 (40-82) |
Median time since diagnosis, months | 14.2 (2.0-60.1) | 13.8 (1.5-58.0) |
""",
    "menu": """Home | News | Oncology | Lung cancer
Zorbatinib improved OS | Read more | Share
Median OS | 12 months | 9 months
""",
}


def test_subgroup_baseline_and_menu_rows_give_no_table_records():
    for name, text in NOT_RESULTS.items():
        assert not any("table:row" in r.basis for r in extract(text).records), name


FOLLOW = """Patients were randomized to zorbatinib or placebo.
Endpoint | Zorbatinib (n=300) | Placebo (n=150) |
Median follow-up, months | 24.1 | 23.9 |
Median duration of response, months (95% CI) | 11.0 (9.0-14.2) | 7.4 (5.6-9.1) |
Median time to response, months | 1.8 | 1.9 |
"""


def test_follow_up_and_time_to_response_rows_are_not_medians_of_an_endpoint():
    got = _rows(FOLLOW)
    assert got == sorted([("DOR", "median", "Zorbatinib", 11.0, 9.0, 14.2, 95.0, None, None, "months"),
                          ("DOR", "median", "Placebo", 7.4, 5.6, 9.1, 95.0, None, None, "months")])


SPACED = """Patients were randomized to Zelbora or placebo.
Table 4: Efficacy Results Zelbora
N = 1200 Placebo
N = 1198 Hazard Ratio
(95% CI) P-Value
Invasive Disease-Free Survival Events 98 (8.2%) 141 (11.8%) 0.68 (0.53, 0.88)3 0.003
Local Recurrence 12 20
Distant Recurrence 60 91 0.66 (0.48 - 0.91) 0.01
Deaths 40 52 0.77 (0.51, 1.16) 0.21
"""


def test_single_space_rows_under_a_header_naming_arms_then_a_ratio():
    got = _rows(SPACED)
    # the events' counts are not results; the row's ratio is; a row naming no endpoint and a deaths row give nothing
    assert got == [("IDFS", "hr", None, 0.68, 0.53, 0.88, 95.0, "=", 0.003, None)]


def test_a_total_column_is_no_arm_and_a_table_without_results_names_none():
    baseline = ("Table 1\n"
                "Characteristic | Drug X (n=120) | Drug Y (n=118) | Total (N=238) |\n"
                "Median age, years | 61 | 60 | 60 |\n"
                "Female, n (%) | 50 (42) | 47 (40) | 97 (41) |\n"
                "ECOG 0, n (%) | 70 (58) | 69 (58) | 139 (58) |\n")
    assert extract(baseline).arms == ()
    two = baseline.replace(" Total (N=238) |", "").replace(" | 60 |", " |").replace(" | 97 (41) |", " |") \
        .replace(" | 139 (58) |", " |")
    assert extract(two).arms == ()  # the arms of a baseline table alone are not kept


def test_size_heads_on_their_own_line_name_no_arm():
    text = ("Table 2\n"
            "| | Drug X | Drug Y |\n"
            "| | (n = 300) | (n = 150) |\n"
            "| Median PFS, months (95% CI) | 9.4 (8.1-10.6) | 5.2 (4.4-6.0) |\n"
            "| Hazard ratio (95% CI) | 0.61 (0.49-0.76) | |\n")
    x = extract(text)
    assert all(a.label.strip() for a in x.arms)
    assert not any(r.arm is not None and not r.arm.strip() for r in x.records)
