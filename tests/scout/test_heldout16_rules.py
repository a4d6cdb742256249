"""Rules written for the error classes of the held-out 16 scoring (reader.py).

Every text here is invented for these tests; each class has several phrasings and a negative case.
"""

from __future__ import annotations

from trialscout.scout import scout_text
from trialscout.scout.reader import extract


def _ratios(text):
    return sorted((r.endpoint, r.kind, r.value, r.ci_lower, r.ci_upper) for r in extract(text).records
                  if r.kind in ("hr", "odds_ratio"))


def _rows(text):
    return sorted((r.endpoint, r.kind, r.arm and r.arm.lower(), r.value) for r in extract(text).records
                  if r.kind in ("rate", "median", "landmark_rate"))


DESIGN = "In the phase 3 ORBIT-4 trial, 1200 adults were randomly assigned to zelatide or placebo.\n\n"

# -- class 1: a death from a named cause is no overall survival ---------------------------------------------------


def test_cause_specific_deaths_in_a_list_are_not_os():
    for text in (
        "Zelatide lowered the risk of all-cause death (HR, 0.82; 95% CI, 0.70 to 0.95), cardiac death (HR, 0.75; "
        "95% CI, 0.60 to 0.93) and death from unknown causes (HR, 0.64; 95% CI, 0.45 to 0.90).",
        "Zelatide lowered all-cause mortality (HR 0.82; 95% CI 0.70-0.95) as well as cancer-related deaths "
        "(HR 0.75; 95% CI 0.60-0.93) and respiratory deaths (HR 0.64; 95% CI 0.45-0.90).",
    ):
        assert _ratios(DESIGN + text) == [("OS", "hr", 0.82, 0.70, 0.95)], text


def test_cause_specific_death_sentences_take_no_earlier_endpoint():
    for text in (
        "Deaths due to heart failure: HR 0.68 (95% CI 0.50-0.91).",
        "Among patients with pneumonia, fewer died of sepsis (31 vs 52; HR 0.59; 95% CI 0.40-0.88).",
        "Infectious death: HR 0.71 (95% CI 0.51-0.98).",
    ):
        got = _ratios(DESIGN + "Overall survival was longer with zelatide (HR 0.85; 95% CI 0.74-0.97). " + text)
        assert got == [("OS", "hr", 0.85, 0.74, 0.97)], text


def test_death_from_any_cause_stays_os():
    for text in (
        "Death from any cause: HR 0.79 (95% CI 0.66-0.94).",
        "Zelatide reduced deaths from all causes (HR 0.79; 95% CI 0.66-0.94).",
        "Overall survival favoured zelatide (HR 0.79; 95% CI 0.66-0.94); deaths from disease progression were "
        "fewer as well.",
    ):
        assert _ratios(DESIGN + text) == [("OS", "hr", 0.79, 0.66, 0.94)], text


# -- class 4: trial names ------------------------------------------------------------------------------------------


def test_name_closing_a_citation_title_with_a_long_design():
    for text, name in (
        ("Efficacy of zelatide in hospitalised adults with sepsis (ORBIT-2): a randomised, double-blind, "
         "parallel-group, placebo-controlled phase 3 trial\n\nA. Author, B. Author\n\nZelatide reduced mortality.",
         "ORBIT-2"),
        ("Zelatide after resection of gastric cancer (HALO/KEYNOTE-999): an interim analysis of a randomised, "
         "open-label, phase 3 trial\n\nDisease-free survival was longer with zelatide.", "KEYNOTE-999"),
        ("Methods: ORBIT-7 is a randomized, double-blind, placebo-controlled, multicenter, phase 3 trial comparing "
         "zelatide with placebo.", "ORBIT-7"),
    ):
        assert extract(text).trial == name, text


def test_name_under_a_trial_name_label():
    for text in (
        "Summary\n- Trial Name\n- ORBIT-Lung02\n- Outcome\n- QoL\n- QoL Comment\n- QoL data pending\n",
        "Trial name: ORBIT-Lung02\nOutcome: PFS\nQoL: pending\nQoL: not reported\n",
    ):
        assert extract(text).trial == "ORBIT-Lung02", text


def test_database_identifiers_and_quality_of_life_are_no_names():
    text = ("Zelatide in advanced sepsis\n- PMID: 39912345\n- PMCID: PMC11234567\n\nQoL was maintained; QoL "
            "scores did not differ.")
    assert extract(text).trial is None


def test_two_letter_name_with_a_short_number_beside_trial():
    text = ("This post hoc analysis of the ZX-12 trial (NCT01234567) compared zelatide with placebo. In the ZX-12 "
            "trial, overall survival was longer with zelatide.")
    assert extract(text).trial == "ZX-12"
    # the same form without a trial's context is a marker or a lab value, never a name
    assert extract("IL-17 levels fell and CA-125 declined with zelatide versus placebo.").trial is None


# -- class 3: a population word is no arm -------------------------------------------------------------------------


def test_population_of_a_subgroup_is_no_arm():
    for text in (
        "Of 400 patients randomized, 52 (27 zelatide; 25 docetaxel) were Japanese. In the Japanese subgroup, "
        "zelatide was compared with docetaxel; the Japanese subgroup had median OS of 20.1 months with zelatide.",
        "In the East Asian subgroup, zelatide was compared with docetaxel. The East Asian subgroup showed longer "
        "PFS with zelatide than with docetaxel.",
    ):
        labels = sorted(a.label.lower() for a in extract(text).arms)
        assert labels == ["docetaxel", "zelatide"], text


# -- class 7: several endpoints, each with its bracket of figures, after one comparison -------------------------


def _kept(text):
    return sorted((r.endpoint, r.kind, r.arm and r.arm.lower(), r.value) for r in scout_text(text).records
                  if r.kind in ("rate", "median", "landmark_rate"))


DESIGN2 = "In the phase 3 ORBIT-5 trial, patients were randomly assigned to zelatide or docetaxel.\n\n"


def test_list_of_endpoints_each_with_its_figures():
    for text in (
        "Compared with docetaxel, zelatide showed improved OS (median 20.1 versus 11.3 months), PFS (median 7.2 "
        "versus 3.1 months) and ORR (48.0% versus 12.5%).",
        "Versus docetaxel, zelatide improved OS (median, 20.1 vs 11.3 months), PFS (median, 7.2 vs 3.1 months), "
        "and ORR (48.0% vs 12.5%).",
    ):
        assert _kept(DESIGN2 + text) == sorted([
            ("OS", "median", "zelatide", 20.1), ("OS", "median", "docetaxel", 11.3),
            ("PFS", "median", "zelatide", 7.2), ("PFS", "median", "docetaxel", 3.1),
            ("ORR", "rate", "zelatide", 48.0), ("ORR", "rate", "docetaxel", 12.5)]), text


def test_time_to_event_percentages_in_such_a_list_stay_doubtful():
    # a percentage of the duration of response names no time point; the earlier clause's is not its own
    for text in (
        "Progression-free survival at month 12 also favoured zelatide (17.5% vs. 4.7%) as did objective response "
        "rate (67.9% vs. 57.6%) and duration of response (22.7% vs. 6.3%).",
        "Event-free survival at 2 years favoured zelatide (41.0% vs. 30.2%), as did the response rate (52.3% vs. "
        "40.1%) and duration of response (35.0% vs. 21.4%).",
    ):
        got = _kept(DESIGN2 + text)
        assert not any(r[0] == "DOR" for r in got), text


# -- class 8: a comparator named in the possessive -----------------------------------------------------------------


def test_possessive_comparator_names_the_arms():
    for text in (
        "Zelorib's progression-free survival advantage was clear, with a median PFS of 5.49 months for Zelorib "
        "versus docetaxel's 3.84 months. Zelorib's PFS ranged widely.",
        "The company's report showed Zelorib's median PFS of 5.49 months, compared with docetaxel's 3.84 months; "
        "Zelorib's overall survival data are immature.",
    ):
        ex = extract(text)
        assert sorted(a.label.lower() for a in ex.arms) == ["docetaxel", "zelorib"], text
        assert _rows(text) == [("PFS", "median", "docetaxel", 3.84), ("PFS", "median", "zelorib", 5.49)], text


def test_sponsor_possessive_is_no_arm():
    text = "BMS's PFS data and AstraZeneca's OS data were presented; the sponsor's PFS analysis is pending."
    assert not any(a.label in ("BMS", "AstraZeneca") for a in extract(text).arms)


# -- class 6: a heading line over bullet or label lines names their measure ---------------------------------------


def test_median_heading_over_labelled_lines():
    for body in (
        "- Median PFS\n- Zelatide: 11.2 months (95% CI: 9.5, 11.4)\n- Docetaxel: 8.7 months (95% CI: 7.2, 10.2)\n",
        "Median progression-free survival\nZelatide: 11.2 months (95% CI 9.5-11.4)\nDocetaxel: 8.7 months "
        "(95% CI 7.2-10.2)\n",
    ):
        assert _kept(DESIGN2 + body) == [("PFS", "median", "docetaxel", 8.7), ("PFS", "median", "zelatide", 11.2)], body


def test_ratio_heading_over_a_bare_ratio_line():
    for body, want in (
        ("- PFS HR\n- 0.63 (0.52 - 0.76) P < .0001\n- OS HR\n- 0.84 (0.62 - 1.14), NS, immature\n",
         [("OS", "hr", 0.84, 0.62, 1.14), ("PFS", "hr", 0.63, 0.52, 0.76)]),
        ("- HR for OS\n- 0.84 (0.62-1.14)\n", [("OS", "hr", 0.84, 0.62, 1.14)]),
    ):
        assert _ratios(DESIGN2 + body) == want, body


def test_heading_that_names_no_measure_gives_nothing():
    # "PFS Control" / "PFS Gain" do not say which measure the figure is; a heading's endpoint reaches only the
    # label lines right under it, not a later sentence
    got = _kept(DESIGN2 + "- PFS Control\n- 4.9 months\n- PFS Gain\n- 2.0 months\n")
    assert got == []
    for tail in ("Treatment lasted 6.1 months with zelatide and 4.0 months with docetaxel.",
                 "- Duration of treatment\n- Zelatide: 6.1 months\n- Docetaxel: 4.0 months\n"):
        got = _kept(DESIGN2 + "- Median PFS\n- Zelatide: 11.2 months\n- Docetaxel: 8.7 months\n" + tail)
        assert sorted(r[3] for r in got) == [8.7, 11.2], tail


# -- class 5: arm sizes ------------------------------------------------------------------------------------------


def _sizes(text):
    return sorted((a.label.lower(), a.n) for a in extract(text).arms)


def test_bare_bracketed_counts_after_two_arms():
    for text in (
        "Randomised, double-blind, phase 3 trial\nZelatide 200 mg (412) or placebo (409) every 3 weeks\n"
        "Median DFS was longer with zelatide than with placebo.",
        "In this phase 3 study, patients were randomized to zelatide (412) versus placebo (409) for one year. "
        "Zelatide prolonged DFS compared with placebo.",
    ):
        assert _sizes(text) == [("placebo", 409), ("zelatide", 412)], text
    # outside a design sentence or line the bracketed counts are events, not sizes
    text = ("Patients were randomized to zelatide or placebo. Infections occurred with zelatide (12) or "
            "placebo (15). Zelatide improved DFS versus placebo.")
    assert all(n is None for _, n in _sizes(text))
    # years in brackets are no sizes
    text = "Zelatide (2019) or placebo (2020) was approved; zelatide improved DFS versus placebo."
    assert all(n is None for _, n in _sizes(text))


def test_count_sharing_a_bracket_with_the_ratio_is_the_total():
    for text in (
        "In the ORBIT-9 trial, patients were randomly assigned to zelatide or placebo. Zelatide improved DFS versus "
        "placebo in the overall population (n = 1020; HR, 0.76 [95% CI, 0.63-0.91]; P = 0.0014).",
        "In the ORBIT-9 trial, patients were randomly assigned to zelatide or placebo. DFS was longer with zelatide "
        "than with placebo in all randomized patients (n = 1020, P = 0.002).",
    ):
        assert all(n is None for _, n in _sizes(text)), text
    # after an arm's own name, it is still that arm's size
    text = ("In the ORBIT-9 trial, median DFS was 10.8 months with placebo (n = 262) and 21.8 months with zelatide "
            "(n = 532; HR, 0.76; 95% CI, 0.63-0.91).")
    assert _sizes(text) == [("placebo", 262), ("zelatide", 532)]


def test_sizes_of_an_analysed_subset_are_not_the_arms():
    for sentence in (
        "Of 1020 pts in the ITT population, 880 (86.3%) received chemotherapy and were included in this analysis "
        "(zelatide, n = 441; placebo, n = 439).",
        "In pts with PD-L1 TPS of 50% or more (zelatide, n = 143; placebo, n = 141), median DFS was not reached.",
    ):
        text = "In the ORBIT-9 trial, zelatide was compared with placebo. " + sentence + \
            " DFS was longer with zelatide than with placebo."
        assert all(n is None for _, n in _sizes(text)), sentence
    # the trial's own arms in the same form are sizes
    text = ("In the ORBIT-9 trial, patients were randomized to zelatide or placebo (zelatide, n = 510; placebo, "
            "n = 510). DFS was longer with zelatide than with placebo.")
    assert _sizes(text) == [("placebo", 510), ("zelatide", 510)]


# -- pairs of rates each named by its endpoint right before them, in one clause -----------------------------------


def test_rate_pairs_each_after_its_endpoint():
    for text in (
        "Objective response rate was 58% vs 31% (P < .001), with a complete response rate of 22% vs 9%.",
        "The ORR was 58% versus 31%, and the CR rate was 22% versus 9%.",
    ):
        assert _kept(DESIGN2 + text) == sorted([
            ("ORR", "rate", "zelatide", 58.0), ("ORR", "rate", "docetaxel", 31.0),
            ("CR", "rate", "zelatide", 22.0), ("CR", "rate", "docetaxel", 9.0)]), text


def test_rates_not_right_after_an_endpoint_stay_doubtful():
    # the endpoints are listed first and the figures after them: no pair is named by its own endpoint
    for text in ("ORR and CR rates were 58% vs 31%.", "The ORR/CR rates were 58% versus 31%."):
        assert _kept(DESIGN2 + text) == [], text


def test_sizes_in_rows_of_a_text_table_run_together():
    text = ("Summary: in the ORBIT-9 trial, adults were randomized to zelatide or placebo.\n\n"
            "| Field | Detail |\n| --- | --- |\n| Population | 9,604 adults followed for 3.3 years, with 833 deaths. |\n"
            "| Intervention | Once-weekly zelatide 2.4 mg (n = 4,803). |\n| Comparison | Matching placebo "
            "(n = 4,801). |\n| Outcome | Of 833 deaths, 485 were cardiovascular; all-cause death: HR 0.81. |\n")
    assert _sizes(text) == [("placebo", 4801), ("zelatide", 4803)]
    # a row that itself counts deaths sizes no arm
    text = ("Summary: in the ORBIT-9 trial, adults were randomized to zelatide or placebo.\n\n"
            "| Field | Detail |\n| --- | --- |\n| Deaths | zelatide (n = 48) and placebo (n = 61) deaths were "
            "adjudicated. |\n")
    assert all(n is None for _, n in _sizes(text))
