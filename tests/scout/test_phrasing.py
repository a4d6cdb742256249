"""Phrasing families of the numbers (values, CIs, P values, endpoints, arms), two or three invented variants each,
so that every rule is tested beyond the corpus sentence that showed it. Invented drug names throughout."""

from trialscout.scout import scout_text

DESIGN = "In the phase 3 ZETA-1 trial, 600 patients were randomly assigned 1:1 to zorvatinib or placebo. "


def _full(text, **kw):
    return {(r.endpoint, r.kind, r.arm, r.value, r.ci_lower, r.ci_upper, r.ci_level, r.p_operator, r.p_value)
            for r in scout_text(text, **kw).records}


def _recs(text):
    return {(r.endpoint, r.kind, r.arm, r.value) for r in scout_text(text).records}


# -- a CI level stated once as a header before the figures --------------------------------------------------
def test_header_level_in_brackets_then_value_and_bracketed_comma_ci():
    for text in (DESIGN + "Overall survival was longer with zorvatinib (hazard ratio [HR] [95% confidence interval "
                          "(CI)] 0.69 [0.53, 0.88]; P = 0.003).",
                 DESIGN + "For overall survival, the HR [95% CI] was 0.69 [0.53, 0.88] (P = 0.003).",
                 DESIGN + "Overall survival: HR (95% CI) 0.69 (0.53-0.88); P = 0.003."):
        assert ("OS", "hr", None, 0.69, 0.53, 0.88, 95.0, "=", 0.003) in _full(text), text


def test_a_restated_level_acronym_is_not_a_header():
    text = DESIGN + ("Overall survival improved (hazard ratio [HR], 0.726; 95% confidence interval [95% CI], "
                     "0.540-0.977; P = .0168).")
    assert ("OS", "hr", None, 0.726, 0.54, 0.977, 95.0, "=", 0.0168) in _full(text)


def test_semicolon_limits_inside_brackets():
    for text in (DESIGN + "Zorvatinib lowered all-cause mortality (HR 0.57; 95% CI [0.41; 0.80]; p=0.001).",
                 DESIGN + "The hazard ratio for overall survival was 0.57, 95% CI [0.41;0.80]."):
        got = {r[:6] for r in _full(text)}
        assert ("OS", "hr", None, 0.57, 0.41, 0.8) in got, text
    # a semicolon outside brackets separates clauses, not limits
    text = DESIGN + "The hazard ratio for overall survival was 0.57; 95% CI 0.41; P = 0.01."
    assert not [r for r in _full(text) if r[4] is not None]


# -- garbled P glyphs of text layers --------------------------------------------------------------------------
def test_garbled_equals_and_less_than_before_a_leading_zero():
    for text, op, p in ((DESIGN + "The hazard ratio for overall survival was 0.80 (95% CI, 0.66 to 0.97; P50.021).",
                         "=", 0.021),
                        (DESIGN + "The hazard ratio for overall survival was 0.80 (95% CI, 0.66 to 0.97; P 5 0.021).",
                         "=", 0.021),
                        (DESIGN + "The hazard ratio for overall survival was 0.80 (95% CI, 0.66 to 0.97; P,0.001).",
                         "<", 0.001)):
        assert ("OS", "hr", None, 0.8, 0.66, 0.97, 95.0, op, p) in _full(text), text


def test_garbled_p_is_checked_on_its_own_digits():
    # the printed digits after the glyph are the P value's: no crash, and a consistent P raises no warning
    res = scout_text(DESIGN + "The hazard ratio for progression-free survival was 0.75 (95% CI, 0.63 to 0.89; "
                              "P50.001).")
    assert [r.p_value for r in res.records] == [0.001]
    assert not [c for c in res.checks if c.kind == "p_vs_ci"]


def test_a_five_that_is_a_number_is_not_an_equals_sign():
    text = DESIGN + "The hazard ratio for overall survival was 0.80 (95% CI, 0.66 to 0.97); P5 patients had events."
    assert [r.p_value for r in scout_text(text).records] == [None]


# -- words broken at a line end --------------------------------------------------------------------------------
def test_line_break_hyphens_are_rejoined():
    for text, ep in ((DESIGN + "There was no difference in recurrence-\nfree survival (HR 1.07, 95% CI 0.71-1.60).",
                      "RFS"),
                     (DESIGN + "The hazard ratio for over- all survival was 0.80 (95% CI, 0.66 to 0.97).", "OS"),
                     (DESIGN + "The hazard ratio for progression-free sur-\nvival was 0.75 (95% CI, 0.63-0.89).",
                      "PFS")):
        assert {r[0] for r in _full(text)} == {ep}, text


def test_a_hyphen_before_and_is_kept():
    from trialscout.scout.reader import _join_broken_words
    s = "pre- and post-treatment, short- or long-term"
    assert _join_broken_words(s) == s
    assert len(_join_broken_words("event-\nfree survival")) == len("event-\nfree survival")
    assert _join_broken_words("non-\nsmall cell").split() == ["non-small", "cell"]


# -- endpoints named by their long form ------------------------------------------------------------------------
def test_death_from_any_cause_names_os_for_a_ratio():
    for text in (DESIGN + "Death from any cause occurred less often with zorvatinib (HR 0.69, 95% CI 0.53 to 0.88).",
                 DESIGN + "The hazard ratio for all-cause mortality was 0.69 (95% CI, 0.53-0.88)."):
        assert _recs(text) == {("OS", "hr", None, 0.69)}, text


# -- arm-level P after ratios that have their own -------------------------------------------------------------
def test_p_after_a_pair_of_rates_in_a_sentence_with_ratios():
    text = DESIGN + ("There was no difference in overall survival (HR 0.83, 95% CI 0.59-1.16; P = 0.27), although "
                     "the pathological complete response rate in the zorvatinib group (31/112, 27.7%) was higher than "
                     "that in the placebo group (3/104, 2.9%; P < 0.001).")
    got = _full(text)
    assert ("pCR", "rate", "zorvatinib", 27.7, None, None, None, "<", 0.001) in got
    assert ("pCR", "rate", "placebo", 2.9, None, None, None, "<", 0.001) in got
    assert ("OS", "hr", None, 0.83, 0.59, 1.16, 95.0, "=", 0.27) in got


# -- "v" pairs, differences of medians --------------------------------------------------------------------------
def test_v_without_a_dot_joins_a_pair():
    for text in (DESIGN + "PFS was longer with zorvatinib than with placebo (median, 11.9 v 9.1 months; HR, 0.80).",
                 DESIGN + "Median overall survival was 20.1 v 15.3 months with zorvatinib and placebo, "
                          "respectively."):
        got = _recs(text)
        assert {r[2] for r in got if r[1] == "median"} == {"zorvatinib", "placebo"}, text


def test_a_gain_by_about_n_months_is_not_a_median():
    for text in (DESIGN + "Zorvatinib improved median progression-free survival by about 7 months over placebo.",
                 DESIGN + "Zorvatinib prolonged median overall survival by approximately 4.5 months compared with "
                          "placebo (HR 0.7)."):
        assert not [r for r in _recs(text) if r[1] == "median"], text


# -- lists of ratios after a list of endpoints ---------------------------------------------------------------
def test_ratios_follow_the_endpoints_listed_before_them():
    for text in (DESIGN + "There was no improvement in RFS or overall survival with zorvatinib (hazard ratios of 0.73 "
                          "[95% CI, 0.49-1.1; P = .14] and 0.84 [95% CI, 0.55-1.29; P = .43]).",
                 DESIGN + "Zorvatinib improved event-free survival and overall survival (hazard ratios, 0.73 "
                          "(95% CI, 0.49-0.91) and 0.84 (95% CI, 0.55-0.99))."):
        got = {(r[0], r[3]) for r in _full(text) if r[1] == "hr"}
        first = "RFS" if "RFS" in text else "EFS"
        assert got == {(first, 0.73), ("OS", 0.84)}, text


def test_ratios_are_not_paired_with_endpoints_of_another_statement():
    # the endpoints are not one list: the first ratio keeps the nearest endpoint rule, the second is joined
    text = DESIGN + ("Event-free survival was longer; overall survival was similar (hazard ratios, 0.73 (95% CI, "
                     "0.49-0.91) and 0.84 (95% CI, 0.55-1.29)).")
    got = {(r.endpoint, r.value) for r in scout_text(text, min_confidence=0).records if r.kind == "hr"}
    assert ("EFS", 0.73) not in got


# -- P values whose letter was lost ----------------------------------------------------------------------------
def test_an_operator_after_a_comma_is_a_lost_p():
    for text, op in ((DESIGN + "The overall survival hazard ratio (0.80 [95% CI, 0.61 to 1.06], = .12) was not "
                               "significant.", "="),
                     (DESIGN + "The overall survival hazard ratio was 0.80 (95% CI, 0.61 to 0.96; < .001).", "<")):
        got = _full(text)
        assert [(r[7], r[8]) for r in got] == [(op, 0.12 if op == "=" else 0.001)], text


def test_an_operator_after_a_word_is_not_a_p():
    text = DESIGN + "The overall survival hazard ratio was 0.80 (95% CI, 0.61 to 0.96), with HR = .5 as threshold."
    assert [r[8] for r in _full(text) if r[3] == 0.8] == [None]


# -- a level header repeated, and medians "from a to b" --------------------------------------------------------
def test_every_repeated_level_header_is_read():
    text = DESIGN + ("Zorvatinib improved PFS from 30 to 57 months (HR[95%CI]: 0.48[0.40-0.58]; p= 0.0001), and OS "
                     "at 3 years (HR[95%CI]: 0.69[0.52-0.93]; p= 0.014).")
    got = {(r[0], r[3], r[4], r[5], r[8]) for r in _full(text, min_confidence=0) if r[1] == "hr"}
    assert got == {("PFS", 0.48, 0.4, 0.58, 0.0001), ("OS", 0.69, 0.52, 0.93, 0.014)}


def test_an_improvement_from_a_to_b_is_a_pair_of_medians_not_a_gain():
    for text in (DESIGN + "The zorvatinib arm showed an improvement in median OS from 18.6 months to 31.8 months.",
                 DESIGN + "There was an improvement in median overall survival from 18.6 to 31.8 months."):
        assert {(r[2], r[3]) for r in _recs(text) if r[1] == "median"} == {("placebo", 18.6),
                                                                           ("zorvatinib", 31.8)}, text
    # a gain stays a gain
    text = DESIGN + "There was an improvement in median overall survival of 13.2 months with zorvatinib."
    assert not [r for r in _recs(text) if r[1] == "median"]


# -- the endpoint named after each ratio of a list -------------------------------------------------------------
def test_endpoint_named_after_each_ratio():
    for text in (DESIGN + "Data favor zorvatinib: HRs were 0.70 (95% CI: 0.53-0.91, P=0.0077) for PFS per "
                          "investigator and 0.72 (95% CI: 0.53-0.99, P=0.0424) for OS.",
                 DESIGN + "The hazard ratios were 0.70 (95% CI, 0.53 to 0.91) for progression-free survival and "
                          "0.72 (95% CI, 0.53 to 0.99) for overall survival."):
        got = {(r[0], r[3]) for r in _full(text) if r[1] == "hr"}
        assert got == {("PFS", 0.7), ("OS", 0.72)}, text
    # a bare number after a ratio that is not named as one is not a ratio
    text = DESIGN + "The hazard ratio was 0.70 (95% CI, 0.53 to 0.91) for PFS and 12 centres took part."
    assert {(r[0], r[3]) for r in _full(text)} == {("PFS", 0.7)}


# -- ratio limits with stray percent signs; hazard ratios of time-to-event endpoints only ---------------------
def test_stray_percent_signs_on_a_ratios_limits():
    for text in (DESIGN + "Overall survival favoured zorvatinib (HR = 0.68, 95% CI = 0.51%-0.91%).",
                 DESIGN + "The hazard ratio for overall survival was 0.68 (95% CI, 0.51% to 0.91%)."):
        assert ("OS", "hr", None, 0.68, 0.51, 0.91, 95.0, None, None) in _full(text), text
    # a percentage with its CI is still a percentage
    text = DESIGN + "The objective response rate was 45% (95% CI, 38%-52%) with zorvatinib."
    assert ("ORR", "rate", "zorvatinib", 45.0) in _recs(text)


def test_a_hazard_ratio_takes_the_time_to_event_endpoint():
    for text in (DESIGN + "Overall survival was 90% among patients with pathological complete response in the "
                          "zorvatinib group (HR = 0.30, 95% CI = 0.10-0.60).",
                 DESIGN + "Event-free survival differed by objective response (hazard ratio 0.30; 95% CI, 0.10 to "
                          "0.60)."):
        got = {(r[0], r[3]) for r in _full(text, min_confidence=0) if r[1] == "hr"}
        assert got == {("OS" if "Overall" in text else "EFS", 0.3)}, text


def test_alive_without_progression_is_the_progression_endpoint():
    text = DESIGN + ("At 5 years, the percentage of patients alive without disease progression was 49.2% with "
                     "zorvatinib and 34.4% with placebo (HR = 0.68).")
    got = _recs(text)
    assert ("PFS", "landmark_rate", "zorvatinib", 49.2) in got and ("PFS", "hr", None, 0.68) in got


def test_with_and_without_subgroups_are_withheld():
    text = DESIGN + ("Among patients with a major response, 5-year overall survival was 86.3% vs 52.8% among those "
                     "without a major response (HR = 0.23, 95% CI = 0.12-0.45).")
    assert not scout_text(text).records
    assert {r.value for r in scout_text(text).withheld} == {86.3, 52.8, 0.23}


# -- rates named by their own endpoint; a list closed by "respectively" -------------------------------------
def test_each_rate_named_by_its_endpoint():
    for text in (DESIGN + "Zorvatinib gave durable remissions, with a 6-year PFS rate of 53% and OS rate of 65%.",
                 DESIGN + "With zorvatinib, the 2-year PFS rate was 53% and the OS rate was 65%."):
        got = {(r[0], r[3]) for r in _full(text) if r[1] == "landmark_rate"}
        assert got == {("PFS", 53.0), ("OS", 65.0)}, text


def test_an_endpoint_after_respectively_is_not_the_lists():
    text = DESIGN + ("At a median follow-up of 51 months, the 4-year EFS was 28% and 61%, respectively (P < .001), "
                     "with no difference in overall survival.")
    got = {(r.endpoint, r.value, r.confidence) for r in scout_text(text).records}
    assert {(e, v) for e, v, _ in got} == {("EFS", 28.0), ("EFS", 61.0)}
    # without the closing "respectively" two endpoints share the clause: the figures are doubtful
    text2 = DESIGN + "The 4-year EFS and overall survival were 28% and 61% with zorvatinib."
    assert all(r.confidence < 1 for r in scout_text(text2, min_confidence=0).records)


# -- "not reached (NR)"; one figure for two named arms -------------------------------------------------------
THREE = ("Overall, 535 patients were randomized (zorvatinib-obinutuzumab, n = 179; zorvatinib, n = 179; "
         "chlorambucil-obinutuzumab, n = 177). ")


def test_a_restated_nr_or_ne_acronym_is_part_of_the_figure():
    for text in (DESIGN + "Median PFS for zorvatinib and placebo was not estimable (NE) and 9.3 months (95% CI "
                          "7.6-11.1), respectively.",
                 DESIGN + "Median PFS was not reached (NR) with zorvatinib versus 9.3 months (95% CI 7.6-11.1) with "
                          "placebo."):
        got = {(r[2], r[3]) for r in _full(text) if r[1] == "median"}
        assert got == {("zorvatinib", "NE" if "NE" in text else "NR"), ("placebo", 9.3)}, text


def test_one_figure_for_two_named_arms():
    text = THREE + ("Median PFS was not reached (NR) for zorvatinib-obinutuzumab and zorvatinib vs 27.8 months for "
                    "chlorambucil-obinutuzumab (both P < .0001).")
    got = {(r[2], r[3], r[8]) for r in _full(text) if r[1] == "median"}
    assert got == {("zorvatinib-obinutuzumab", "NR", 0.0001), ("zorvatinib", "NR", 0.0001),
                   ("chlorambucil-obinutuzumab", 27.8, 0.0001)}
    # a "respectively" list is not one figure for two arms
    text = THREE + ("Median PFS was 40.1 and 35.2 months for zorvatinib-obinutuzumab and zorvatinib, respectively, "
                    "vs 27.8 months for chlorambucil-obinutuzumab.")
    got = {(r[2], r[3]) for r in _full(text, min_confidence=0) if r[1] == "median"}
    assert ("zorvatinib", 40.1) not in got and ("zorvatinib-obinutuzumab", 35.2) not in got


# -- a list of ratios the text announces ------------------------------------------------------------------------
def test_announced_ratio_lists_are_trusted_more_than_bare_joins():
    def conf(text):
        return {r.value: r.confidence for r in scout_text(text, min_confidence=0).records if r.kind == "hr"}
    base = DESIGN + "Median overall survival was 16.7 months with zorvatinib and 12.1 months with placebo. "
    for text in (base + "Respective hazard ratios for the two subgroups were 0.77 (P = .0020), and 0.69 (P = .0003).",
                 base + "Benefit was smaller in two subgroups (HR 0.995 and 0.996, respectively)."):
        c = conf(text)
        assert len(c) == 2 and min(c.values()) >= 0.5, text
    bare = conf(base + "Benefit was smaller in the subgroup (HR 0.995 and 0.996).")
    assert min(bare.values()) < 0.5


# -- arms that label their figures ----------------------------------------------------------------------------
def test_an_arm_label_with_a_colon_names_the_figure():
    for text in (DESIGN + "The benefit was maintained [3-year PFS: zorvatinib: 83.1% (79.9-85.9), placebo: 76% "
                          "(72.4-79.2)].",
                 DESIGN + "Three-year overall survival (zorvatinib: 83.1%; placebo: 76.0%) favoured zorvatinib."):
        got = {(r[0], r[2], r[3]) for r in _full(text) if r[1] == "landmark_rate"}
        ep = "PFS" if "PFS" in text else "OS"
        assert got == {(ep, "zorvatinib", 83.1), (ep, "placebo", 76.0)}, text


def test_an_improvement_with_a_median_of_is_a_median():
    text = DESIGN + ("Patients treated with zorvatinib showed an improvement in OS with a median of 12.1 months (95% CI, "
                     "10.7-14.0) versus 6.7 months (95% CI, 5.8-7.7) with placebo.")
    assert {(r[2], r[3]) for r in _full(text) if r[1] == "median"} == {("zorvatinib", 12.1), ("placebo", 6.7)}


# -- figures tagged by their endpoints, then the other arm's list ------------------------------------------------
def test_tagged_figures_then_the_other_arms_respectively_list():
    for text in (DESIGN + "Zorvatinib also improved ORR (35%) and DCR (45%) compared to placebo (5% and 9%, "
                          "respectively).",
                 DESIGN + "Zorvatinib improved the objective response rate (35%) and the disease control rate (45%) "
                          "versus placebo (5%, 9%, respectively)."):
        got = {(r[0], r[2].lower(), r[3]) for r in _full(text) if r[1] == "rate"}
        assert got == {("ORR", "zorvatinib", 35.0), ("DCR", "zorvatinib", 45.0), ("ORR", "placebo", 5.0),
                       ("DCR", "placebo", 9.0)}, text
    # without "respectively" the second list is not paired
    text = DESIGN + "Zorvatinib also improved ORR (35%) and DCR (45%) compared to placebo (5% and 9%)."
    got = {(r[0], r[2], r[3]) for r in _full(text, min_confidence=0) if r[1] == "rate"}
    assert ("DCR", "placebo", 9.0) not in got or ("ORR", "placebo", 5.0) not in got


# -- "in the X group (a) ... than that in the Y group (b)" ---------------------------------------------------
def test_figures_in_brackets_after_their_arm():
    for text in (DESIGN + "The ORR in the zorvatinib group (45%) was higher than that in the placebo group (20%).",
                 DESIGN + "The pathological complete response rate in the zorvatinib group (31/112, 27.7%) was "
                          "higher than that in the placebo group (3/104, 2.9%; P < 0.001)."):
        got = {(r.arm, r.value, r.confidence) for r in scout_text(text).records}
        assert {(a, v) for a, v, _ in got} in ({("zorvatinib", 45.0), ("placebo", 20.0)},
                                              {("zorvatinib", 27.7), ("placebo", 2.9)}), text
        assert all(c == 1.0 for _, _, c in got)


def test_mortality_alone_is_os_but_not_a_cause_specific_one():
    text = DESIGN + ("Mortality was lower in the zorvatinib group than in the placebo group (11 (8%) v 21 (16%), "
                     "hazard ratio 0.46, 95% confidence interval 0.22 to 0.95, P=0.015).")
    assert ("OS", "hr", None, 0.46, 0.22, 0.95, 95.0, "=", 0.015) in _full(text)
    for text in (DESIGN + "Cardiovascular mortality was lower with zorvatinib (hazard ratio 0.46, 95% CI 0.22-0.95).",
                 DESIGN + "Non-relapse mortality was similar (hazard ratio 0.96, 95% CI 0.62-1.45)."):
        assert not [r for r in scout_text(text).records if r.endpoint == "OS"], text


def test_a_figure_right_after_an_arm_word_is_not_an_arm_number():
    text = DESIGN + ("Median PFS was 9.2 months (95% CI: 7.5, not estimable) for the zorvatinib arm 3.8 months (95% CI: "
                     "3.5, 5.5) for placebo.")
    assert ("PFS", "median", "placebo", 3.8) in _recs(text)
    # "arm 2" and "grade 3" stay masked
    text = DESIGN + "In arm 2, grade 3 events occurred; median PFS was 9.2 months with zorvatinib."
    assert {r[3] for r in _recs(text)} == {9.2}


def test_a_quarter_glyph_after_p_is_an_equals_sign():
    for text in (DESIGN + "OS: HR 0.69 (95% CI 0.53-0.88; P\u00bc0.003).",
                 DESIGN + "The hazard ratio for overall survival was 0.69 (95% CI, 0.53 to 0.88; P \u00bc .003)."):
        assert ("OS", "hr", None, 0.69, 0.53, 0.88, 95.0, "=", 0.003) in _full(text), text


# -- a pair followed by "with A versus B"; ratios after "hazard ratios for E1 and E2" -----------------------------
def test_a_pair_then_both_arms_is_in_the_order_named():
    for text in (DESIGN + "Median OS improved by 4.1 months (20.1 vs 16.0 months) with zorvatinib versus placebo.",
                 DESIGN + "Median OS was 20.1 vs 16.0 months with zorvatinib compared with placebo.",
                 DESIGN + "Median OS was 20.1 vs 16.0 months in the zorvatinib arm vs the placebo arm."):
        got = {(r[2], r[3]) for r in _full(text, min_confidence=0) if r[1] == "median"}
        assert got == {("zorvatinib", 20.1), ("placebo", 16.0)}, text
    text = DESIGN + "Median OS was 20.1 months with placebo vs 26.0 months with zorvatinib."
    assert {(r[2], r[3]) for r in _full(text) if r[1] == "median"} == {("placebo", 20.1), ("zorvatinib", 26.0)}


def test_ratios_after_the_endpoints_the_keyword_names():
    text = DESIGN + ("Hazard ratios for PFS and OS were 0.62 (95% CI, 0.50-0.77) and 0.81 (95% CI, 0.66-0.99), "
                     "respectively.")
    assert {(r[0], r[3]) for r in _full(text) if r[1] == "hr"} == {("PFS", 0.62), ("OS", 0.81)}


def test_a_comma_after_p_before_a_spaced_value_is_not_an_operator():
    text = DESIGN + "The risk of death was reduced (HR, 0.80; 95% CI, 0.61 to 1.06; P, 0.05)."
    assert [(r[7], r[8]) for r in _full(text)] == [(None, None)]


def test_an_endpoint_labelling_a_bracketed_figure_names_no_figure_outside():
    for text in (DESIGN + "ORR was 45% with zorvatinib (CR, 10%) and 20% with placebo (CR, 2%).",
                 DESIGN + "The objective response rate was 45% with zorvatinib [complete response, 10%] and 20% with "
                          "placebo."):
        got = {(r[0], r[2], r[3]) for r in _full(text, min_confidence=0) if r[1] == "rate"}
        assert ("ORR", "placebo", 20.0) in got and not [g for g in got if g[0] == "CR" and g[2] == 20.0], text
    # an acronym in brackets still names the figures after it
    text = DESIGN + "The primary endpoint (PFS) was longer: median 10.1 vs 5.2 months."
    assert {r[0] for r in _full(text, min_confidence=0)} == {"PFS"}


def test_a_pair_before_both_arms_joined_by_and():
    for text in (DESIGN + "OS rates at 24 months were 60.1% and 50.2% in the zorvatinib and placebo arms; the "
                          "difference was 9.9%.",
                 DESIGN + "Median OS was 20.1 vs 16.0 months in the zorvatinib and placebo groups."):
        got = {(r[2], r[3]) for r in _full(text, min_confidence=0) if r[1] in ("median", "landmark_rate")}
        assert got in ({("zorvatinib", 60.1), ("placebo", 50.2)}, {("zorvatinib", 20.1), ("placebo", 16.0)}), text


# -- ellipses: a ratio continued after a semicolon, a unit left off the second figure ------------------------
def test_a_ratio_continued_by_ellipsis():
    for text in (DESIGN + "The hazard ratio for OS was 0.80 (95% CI, 0.66 to 0.97); for PFS, 0.75 (95% CI, 0.63 to "
                          "0.89).",
                 DESIGN + "The HR for overall survival was 0.80 (95% CI 0.66-0.97); and for progression-free survival, "
                          "0.75 (95% CI 0.63-0.89)."):
        assert {(r[0], r[3]) for r in _full(text) if r[1] == "hr"} == {("OS", 0.8), ("PFS", 0.75)}, text
    # a figure after a semicolon that is not introduced by an endpoint is not a ratio
    text = DESIGN + "The hazard ratio for OS was 0.80 (95% CI, 0.66 to 0.97); for 12 centres, 0.75 was noted."
    assert {r[3] for r in _full(text)} == {0.8}


def test_a_parallel_pair_shares_the_unit():
    text = DESIGN + "Median PFS was 8.3 months with zorvatinib vs 4.2 with placebo."
    assert {(r[2], r[3]) for r in _full(text)} == {("zorvatinib", 8.3), ("placebo", 4.2)}
    text = DESIGN + "Median PFS was 8.3 months with zorvatinib vs 4 with 2 cycles."
    assert {(r[2], r[3]) for r in _full(text, min_confidence=0)} == {("zorvatinib", 8.3)}


# -- breakdowns in brackets after a figure; response categories -----------------------------------------------
def test_a_breakdown_after_a_figure_is_that_figures():
    text = DESIGN + ("Responses were seen in 45% (CR 10%, PR 35%) of zorvatinib patients and 20% of placebo "
                     "patients.")
    got = {(r[0], r[2], r[3]) for r in _full(text, min_confidence=0)}
    # never the partial-response share as a complete response, nor a breakdown given to the other arm
    assert not [g for g in got if g[2] == 35.0] and ("CR", "placebo", 10.0) not in got


def test_a_restating_bracket_is_the_figure_itself():
    text = DESIGN + ("Median PFS was not reached (NR [95% CI, 64.3 to NR]) with zorvatinib and 9.1 months (95% CI, "
                     "7.4 to 10.9) with placebo.")
    got = {(r[2], r[3], r[4]) for r in _full(text, min_confidence=0) if r[1] == "median"}
    assert got == {("zorvatinib", "NR", 64.3), ("placebo", 9.1, 7.4)}


# -- figures of both arms, labels after "versus" ---------------------------------------------------------------
def test_a_figure_for_both_arms_of_two_is_no_arms():
    for text in (DESIGN + "Median PFS was 10.1 months for zorvatinib and placebo combined.",
                 DESIGN + "The ORR was 40% for zorvatinib and placebo patients with PD-L1 expression."):
        assert not [r for r in _full(text, min_confidence=0) if r[1] in ("median", "rate")], text


def test_arm_labels_before_names_after():
    text = DESIGN + "At 12 months, the OS rate for zorvatinib: 80%, for placebo: 70%."
    assert {(r[2], r[3]) for r in _full(text)} == {("zorvatinib", 80.0), ("placebo", 70.0)}
    # "with A versus B: a versus b" is a pair in the names' order, B does not label a
    text = DESIGN + ("Median PFS was improved with zorvatinib versus placebo: 20.5 months (95% CI, 18.5 to 23.5 months) "
                     "versus 12.8 months (95% CI, 10.9 to 16.3 months), respectively.")
    assert {(r[2], r[3]) for r in _full(text) if r[1] == "median"} == {("zorvatinib", 20.5), ("placebo", 12.8)}


def test_an_endpoint_between_a_ratio_and_its_ci_names_it():
    for text in (DESIGN + "HR 0.62 for PFS (95% CI 0.5-0.77).",
                 DESIGN + "Zorvatinib reduced the hazard, HR 0.62 for overall survival (95% CI, 0.50 to 0.77)."):
        got = {(r[0], r[3], r[4]) for r in _full(text) if r[1] == "hr"}
        assert got == {("OS" if "overall" in text else "PFS", 0.62, 0.5)}, text
