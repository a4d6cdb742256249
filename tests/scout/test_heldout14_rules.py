"""Rules written for the error classes of the held-out 14 scoring (reader.py).

Every text here is invented for these tests; each class has several phrasings and a negative case.
"""

from __future__ import annotations

from trialscout.scout.reader import extract


def _rows(text):
    return sorted((r.endpoint, r.kind, r.arm and r.arm.lower(), r.value, r.timepoint_months)
                  for r in extract(text).records if r.kind in ("landmark_rate", "rate", "median"))


def _ratios(text):
    return sorted((r.endpoint, r.kind, r.value, r.ci_lower, r.ci_upper) for r in extract(text).records
                  if r.kind in ("hr", "odds_ratio"))


DESIGN = "In the phase 3 ORBIT-4 trial, 520 patients were randomly assigned to relatinib plus docetaxel " \
         "(n = 260) or docetaxel (n = 260).\n\n"

# -- class 1: landmark rates whose time point and endpoints stand apart from the figures -------------------------
# k endpoints listed before k blocks of one figure an arm, "respectively"


def test_endpoint_blocks_of_arm_pairs():
    for text in (
        "Two-year OS and PFS rates for relatinib plus docetaxel versus docetaxel were 56.9% versus 31.7% and "
        "24.2% versus 3.3%, respectively.",
        "At 3 years, the OS and PFS rates with relatinib plus docetaxel vs docetaxel were 56.9% vs 31.7% and 24.2% "
        "vs. 3.3%, respectively.",
    ):
        got = _rows(DESIGN + text)
        t = got[0][4]
        assert got == sorted([("OS", "landmark_rate", "relatinib plus docetaxel", 56.9, t),
                              ("OS", "landmark_rate", "docetaxel", 31.7, t),
                              ("PFS", "landmark_rate", "relatinib plus docetaxel", 24.2, t),
                              ("PFS", "landmark_rate", "docetaxel", 3.3, t)]), text
        assert t in (24.0, 36.0)


def test_endpoint_blocks_need_comparison_inside_each_block():
    # four figures joined by "and" only: no blocks of a comparison, so the two endpoints are not spread over them
    got = _rows(DESIGN + "Two-year OS and PFS rates were 56.9%, 31.7%, 24.2% and 3.3%, respectively.")
    assert not any(r[0] == "OS" and r[3] in (24.2, 3.3) for r in got)


# -- class 3: a relative reduction is no rate --------------------------------------------------------------------


def test_relative_reduction_with_bracketed_endpoint_is_no_rate():
    for text in (
        "The combination reduced the risk of disease progression or death (progression-free survival; PFS, as "
        "assessed by investigator) by 84 percent compared to docetaxel after a median three-year follow-up.",
        "Relatinib plus docetaxel lowered the risk of death (OS) by nearly 35% versus docetaxel at 2 years.",
        "Relatinib cut the risk of progression [PFS] by 40% relative to docetaxel at 12 months.",
    ):
        assert _rows(DESIGN + text) == [], text


def test_rates_beside_a_relative_reduction_are_still_read():
    got = _rows(DESIGN + "Relatinib plus docetaxel reduced the risk of death (OS) by 35% versus docetaxel. The "
                         "2-year OS rates were 61% with relatinib plus docetaxel and 44% with docetaxel.")
    assert got == [("OS", "landmark_rate", "docetaxel", 44.0, 24.0),
                   ("OS", "landmark_rate", "relatinib plus docetaxel", 61.0, 24.0)]


# -- class 1: patients alive without progression at a time point given outside the rate phrase -------------------


def test_not_progressed_at_a_time_point_is_pfs():
    for text, t in (
        ("At three years, 71 percent of patients in the relatinib plus docetaxel arm had not experienced disease "
         "progression, compared to 15 percent of patients in the docetaxel arm.", 36.0),
        ("After 5 years, 71% of patients on relatinib plus docetaxel versus 15% on docetaxel were alive and had "
         "not progressed.", 60.0),
        ("At 2 years, 71% of patients given relatinib plus docetaxel and 15% of those given docetaxel were alive "
         "and progression-free.", 24.0),
    ):
        assert _rows(DESIGN + text) == [("PFS", "landmark_rate", "docetaxel", 15.0, t),
                                        ("PFS", "landmark_rate", "relatinib plus docetaxel", 71.0, t)], text


def test_alive_alone_is_still_os():
    got = _rows(DESIGN + "After 5 years, 46% of patients on relatinib plus docetaxel versus 19% on docetaxel were "
                         "alive.")
    assert got == [("OS", "landmark_rate", "docetaxel", 19.0, 60.0),
                   ("OS", "landmark_rate", "relatinib plus docetaxel", 46.0, 60.0)]


# -- class 2: a bracket of ratios closing with "respectively" after the endpoints it lists ------------------------


def test_bracketed_ratios_respectively():
    for text in (
        "PFS and overall survival remain superior to docetaxel (hazard ratio, 0.16 [95% CI, 0.12 to 0.23]; and "
        "hazard ratio, 0.50 [95% CI, 0.30 to 0.85], respectively).",
        "Relatinib plus docetaxel improved PFS and OS (HR 0.16, 95% CI 0.12-0.23, and HR 0.50, 95% CI 0.30-0.85, "
        "respectively).",
        "Both PFS and OS favoured relatinib plus docetaxel (HR = 0.16 [95% CI: 0.12-0.23] and HR = 0.50 [95% CI: "
        "0.30-0.85], respectively).",
    ):
        assert _ratios(DESIGN + text) == [("OS", "hr", 0.5, 0.3, 0.85), ("PFS", "hr", 0.16, 0.12, 0.23)], text


def test_bracketed_ratios_without_respectively_are_not_spread():
    got = _ratios(DESIGN + "Relatinib plus docetaxel improved PFS and OS (HR 0.16, 95% CI 0.12-0.23; HR 0.50, 95% "
                           "CI 0.30-0.85).")
    assert [r for r in got if r[0] == "PFS" and r[2] == 0.16] == [] or \
        [r for r in got if r[0] == "OS" and r[2] == 0.5] == []


# -- class 1: "the combination" names the one combination arm (also "A in combination with B") -------------------
COMBINED = "In the phase 3 ORBIT-4 trial, 520 patients were randomly assigned to relatinib in combination with " \
           "docetaxel or docetaxel alone.\n\n"


def test_the_combination_names_the_combination_arm():
    for text in (
        "The 12- and 18-month PFS rates with the combination were 48% and 31%, respectively, vs 13% and 3% with "
        "docetaxel alone.",
        "The 12- and 18-month PFS rates in the combination arm were 48% and 31%, respectively, vs 13% and 3% with "
        "docetaxel alone.",
    ):
        assert _rows(COMBINED + text) == [("PFS", "landmark_rate", "docetaxel", 3.0, 18.0),
                                          ("PFS", "landmark_rate", "docetaxel", 13.0, 12.0),
                                          ("PFS", "landmark_rate", "relatinib in combination with docetaxel", 31.0, 18.0),
                                          ("PFS", "landmark_rate", "relatinib in combination with docetaxel", 48.0, 12.0)
                                          ], text


def test_the_combination_is_no_arm_when_both_arms_are_combinations():
    design = "In the phase 3 ORBIT-4 trial, 520 patients were randomly assigned to relatinib plus docetaxel or " \
             "placebo plus docetaxel.\n\n"
    got = _rows(design + "The 12-month PFS rate with the combination was 48%.")
    assert got == []


# -- class 5: subgroup ratio lists joined by "and" after a plural ratio keyword ----------------------------------


def test_subgroup_ratio_list_joined_by_and():
    for text in (
        "The OS benefit was consistent, with hazard ratios of 0.61 (95% CI = 0.38-0.98) among patients with "
        "expression < 1% and 0.65 (95% CI = 0.45-0.92) among those with expression of 1% or more.",
        "For OS, HRs were 0.61 (95% CI, 0.38-0.98) in patients from East Asia and 0.65 (95% CI, 0.45-0.92) in "
        "the other patients.",
        "Hazard ratios for OS were 0.61 (95% CI 0.38 to 0.98) for men and 0.65 (95% CI 0.45 to 0.92) for women.",
    ):
        assert _ratios(DESIGN + text) == [("OS", "hr", 0.61, 0.38, 0.98), ("OS", "hr", 0.65, 0.45, 0.92)], text


def test_singular_ratio_keyword_does_not_list_a_later_figure():
    got = _ratios(DESIGN + "The OS hazard ratio was 0.61 (95% CI = 0.38-0.98) in men and 12.5 (95% CI 10.1-14.0) "
                           "months in women.")
    assert got == [("OS", "hr", 0.61, 0.38, 0.98)]


# -- class 1: a time point with its unit first ("at month 12") ---------------------------------------------------


def test_unit_first_time_point():
    for text, ep, t in (
        ("PFS at month 12 was 48% with relatinib plus docetaxel and 13% with docetaxel.", "PFS", 12.0),
        ("The OS rate at year 3 was 48% with relatinib plus docetaxel and 13% with docetaxel.", "OS", 36.0),
        ("Progression-free survival at month 18 favoured relatinib plus docetaxel (48% vs. 13% with docetaxel).",
         "PFS", 18.0),
    ):
        assert _rows(DESIGN + text) == [(ep, "landmark_rate", "docetaxel", 13.0, t),
                                        (ep, "landmark_rate", "relatinib plus docetaxel", 48.0, t)], text


def test_a_cycle_or_month_count_is_no_time_point():
    # "month" without a number after it, and "12 monthly cycles": no landmark
    got = _rows(DESIGN + "Patients received 12 monthly cycles; the ORR was 48% with relatinib plus docetaxel and "
                         "13% with docetaxel.")
    assert got == [("ORR", "rate", "docetaxel", 13.0, None), ("ORR", "rate", "relatinib plus docetaxel", 48.0, None)]


def test_a_visit_before_a_response_rate_is_no_landmark():
    got = _rows(DESIGN + "At month 15, the CR rate was 48% with relatinib plus docetaxel and 13% with docetaxel.")
    assert [r for r in got if r[4] is not None] == []


# -- class 1: a concessive tail after landmark rates is not their clause's safety or crossover wording -----------


def test_concessive_tail_keeps_the_rates():
    for text in (
        "The 5-year OS rate in patients with HRD-positive tumours was 66% with relatinib plus docetaxel versus 48% "
        "with docetaxel despite >50% of patients in the docetaxel arm receiving subsequent therapy.",
        "The 5-year OS rate was 66% with relatinib plus docetaxel versus 48% with docetaxel, despite crossover.",
        "The 5-year OS rate was 66% with relatinib plus docetaxel versus 48% with docetaxel even though most "
        "patients on docetaxel received a subsequent PARP inhibitor.",
    ):
        assert _rows(DESIGN + text) == [("OS", "landmark_rate", "docetaxel", 48.0, 60.0),
                                        ("OS", "landmark_rate", "relatinib plus docetaxel", 66.0, 60.0)], text


def test_subsequent_therapy_rates_stay_out():
    got = _rows(DESIGN + "Subsequent therapy was given to 56% of patients on relatinib plus docetaxel versus 71% "
                         "on docetaxel.")
    assert got == []
    # a bound on a share of patients is no figure
    assert _rows(DESIGN + "Over 50% of patients in each arm were alive at 2 years.") == []


def test_a_ratio_list_by_endpoint_is_no_subgroup_list():
    got = _ratios(DESIGN + "The hazard ratios were 0.70 (95% CI, 0.53 to 0.91) for progression-free survival and "
                           "0.72 (95% CI, 0.53 to 0.99) for overall survival.")
    assert got == [("OS", "hr", 0.72, 0.53, 0.99), ("PFS", "hr", 0.7, 0.53, 0.91)]
