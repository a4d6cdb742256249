"""Phrasing families of the numbers, third round: two or three invented variants of each family the newest
held-out set showed, so that every rule is tested beyond the corpus sentence. Invented drug and trial names."""

from trialscout.scout import scout_text

DESIGN = "In the phase 3 ZETA-3 trial, 600 patients were randomly assigned 1:1 to zorvatinib or placebo. "


def _full(text):
    return {(r.endpoint, r.kind, r.arm.lower() if r.arm else r.arm, r.value, r.p_operator, r.p_value,
             r.timepoint_months) for r in scout_text(text).records}


# -- a confidence level or a lone limit is not a result ----------------------------------------------------------
def test_the_level_of_a_one_sided_ci_and_its_lone_bound_are_not_rates():
    for text in (DESIGN + "Among patients given zorvatinib, the 2-year overall survival rate was 81% (one-sided 97.5% "
                          "CI lower bound 75%).",
                 DESIGN + "In the zorvatinib group, 3-year DFS was 76.5% (1-sided 97.5% CI, lower limit of 70.1%).",
                 DESIGN + "With zorvatinib, the 5-year PFS rate was 60.2% (one-sided 90% confidence interval upper "
                          "bound: 66%)."):
        got = {(r[0], r[3]) for r in _full(text)}
        assert len(got) == 1 and not {v for _, v in got} & {97.5, 90.0, 75.0, 70.1, 66.0}, (text, got)


def test_rates_around_a_one_sided_level_are_still_read():
    text = (DESIGN + "Three-year disease-free survival was 76.5% with zorvatinib and 77.8% with placebo, absolute "
                     "difference of -1.3% and a 1-sided 97.5% CI of -6.5% to \u221e.")
    got = {(r[0], r[2], r[3]) for r in _full(text)}
    assert got == {("DFS", "zorvatinib", 76.5), ("DFS", "placebo", 77.8)}, got


# -- a measure the reader does not track names its own figures ---------------------------------------------------
def test_cumulative_incidence_figures_are_not_the_survival_named_before():
    for text, kept in ((DESIGN + "With zorvatinib, the 5-year PFS rate was 71% and the cumulative incidence of local "
                                 "relapse was 12%.", ("PFS", 71.0)),
                       (DESIGN + "In the zorvatinib arm, 2-year event-free survival was 55% and 2-year cumulative "
                                 "incidence of relapse was 30%.", ("EFS", 55.0)),
                       (DESIGN + "In the zorvatinib arm, the 3-year overall survival rate was 88%, and the incidence "
                                 "of distant metastasis was 9%.", ("OS", 88.0))):
        got = {(r[0], r[3]) for r in _full(text)}
        assert got == {kept}, (text, got)


def test_the_survival_figures_before_a_cumulative_incidence_are_kept():
    text = (DESIGN + "Three-year overall survival (zorvatinib vs placebo: 83.1% vs 85.2%; hazard ratio, 1.19; "
                     "95% CI, 0.87 to 1.64) and cumulative incidence of recurrence over the 3-year period "
                     "(zorvatinib vs placebo: 18.8% vs 16.5%) did not differ.")
    got = {(r[0], r[2], r[3], r[6]) for r in _full(text) if r[1] == "landmark_rate"}
    assert got == {("OS", "zorvatinib", 83.1, 36.0), ("OS", "placebo", 85.2, 36.0)}, got


# -- a noninferiority test of a difference is not a comparison of the figures -----------------------------------
def test_a_noninferiority_p_of_a_difference_is_not_put_on_the_rates():
    for text in (DESIGN + "The 5-year progression-free survival rate was 81.4% for placebo and 79.8% for zorvatinib, "
                          "with a difference of 1.6% (95% CI, -6.3% to 9.5%; P = .002 for noninferiority).",
                 DESIGN + "Three-year overall survival was 90% with zorvatinib and 91% with placebo, a difference of "
                          "-1% (95% CI, -5% to 3%; P < .001 for non-inferiority).",
                 DESIGN + "The 2-year DFS rate was 85.0% with zorvatinib and 86.1% with placebo, with a difference of "
                          "-1.1% (noninferiority P = .01)."):
        rates = [r for r in _full(text) if r[1] == "landmark_rate"]
        assert len(rates) == 2 and all(r[5] is None for r in rates), (text, rates)


def test_a_superiority_p_of_a_difference_stays_on_the_rates():
    text = (DESIGN + "The pCR rate was 17.2% with zorvatinib versus 4.3% with placebo, representing a difference of "
                     "13% (95% CI: 8.7%-17.6%; p=0.0004).")
    rates = [r for r in _full(text) if r[1] == "rate"]
    assert len(rates) == 2 and all(r[5] == 0.0004 for r in rates), rates


# -- "median survival" is overall survival; a span of years is not two arms' medians -----------------------------
def test_median_survival_not_reached_for_either_arm():
    for text in (DESIGN + "Median survival was not yet reached for either arm.",
                 DESIGN + "Median survival was not reached in either group (HR 0.75; 95% CI 0.60-0.94).",
                 DESIGN + "Median survival was 14.2 months with zorvatinib and 11.0 months with placebo."):
        got = {(r[0], r[1], r[2]) for r in _full(text) if r[1] == "median"}
        assert got == {("OS", "median", "zorvatinib"), ("OS", "median", "placebo")}, (text, got)


def test_a_span_of_a_median_is_not_two_arms_figures():
    for text in (DESIGN + "Mantle-cell lymphoma is characterized by a median survival of only 3 to 4 years.",
                 DESIGN + "Untreated, the disease has a median overall survival of 8 to 12 months.",
                 DESIGN + "Historically, median PFS in this setting is 4 to 6 months."):
        assert not _full(text), (text, _full(text))


def test_median_survival_follow_up_is_not_an_endpoint():
    text = DESIGN + "After 44.0 months of median survival follow-up, median PFS was 12.1 months with zorvatinib."
    got = {(r[0], r[3]) for r in _full(text)}
    assert got == {("PFS", 12.1)}, got
