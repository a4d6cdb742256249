"""Phrasings the reader used to miss, each class with several invented reports, and the endpoint scan's speed-up
(the dispatched alternation must find what the plain one finds)."""

import re
from pathlib import Path

import pytest

from trialscout.scout import scout_text
from trialscout.scout import _lexicon

CORPUS = Path(__file__).parent / "corpus"
DESIGN = "In the phase 3 QUILLON-7 trial, 640 patients were randomly assigned 1:1 to velzatinib or placebo. "


def _got(text):
    return {(r.endpoint, r.kind, r.arm.lower() if r.arm else None, r.value, r.ci_lower, r.ci_upper, r.p_operator,
             r.p_value, r.timepoint_months) for r in scout_text(text).records}


# --- the endpoint scan: alternatives grouped by first letter give the matches of the plain alternation ---

# the reference: every alternative tried at every word start, in the lexicon's order
_PLAIN = re.compile(r"(?=[A-Za-z\u2265])(?<![A-Za-z])(?:" + "|".join(
    f"(?P<e{i}>{p})" for i, (_, p) in enumerate(_lexicon._ALTS)) + ")", re.I)


def _scan(rx, text, index):
    return [(m.span(), _lexicon._ALTS[index(m.lastgroup)][0]) for m in rx.finditer(text)]


INVENTED = [
    "Median PFS was 12.3 months; mOS 20.1 mo; mDOR 9.9; ≥CR 40%; ≥ CR in 12%.",
    "The 3-year disease-free rate and the relapse-free and overall survival; recurrence-free at 2 years.",
    "Time to second progression, PFS on next-line therapy and progression-free-survival-2 were longer.",
    "all-cause mortality, death from any cause, cardiovascular mortality, the risk of death or disease relapse",
    "alive without disease progression or relapse; sustained MRD-negative status with a CR or better; os; Os.",
    "ſurvival, \u212aaplan; overall response rates; the pathologic complete response; VGPR or better; DCR.",
    "distant metastasis-free survival, invasive disease-free survival (IDFS), iDFS, biochemical relapse-free "
    "survival, locoregional recurrence-free survival, Median survival time, median survival follow-up.",
]


@pytest.mark.parametrize("text", INVENTED + [p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt"))])
def test_the_dispatched_endpoint_scan_finds_what_the_plain_alternation_finds(text):
    got = _scan(_lexicon.ENDPOINT_RE, text, _lexicon._GROUP_ALT.__getitem__)
    want = _scan(_PLAIN, text, lambda g: int(g[1:]))
    assert got == want


def test_every_endpoint_name_starts_with_a_letter_the_dispatch_knows():
    # an alternative whose first letters cannot be told would be tried at every word start (slow, not wrong)
    tried = {_lexicon._GROUP_ALT[g] for g in _lexicon.ENDPOINT_RE.groupindex}
    assert tried == set(range(len(_lexicon._ALTS)))
    for i, (_, p) in enumerate(_lexicon._ALTS):
        first, empty = _lexicon._first_chars(re._parser.parse(p, re.I))
        assert first and not empty, p


# --- months abbreviated "m" or "mo." after a figure, and a unit glued to it ---

@pytest.mark.parametrize("text,want", [
    ("Median PFS was 3.5 m with velzatinib vs. 4.0 m with placebo.", {("velzatinib", 3.5), ("placebo", 4.0)}),
    ("median PFS: 3.5 m (velzatinib) vs. 4.0 m (placebo).", {("velzatinib", 3.5), ("placebo", 4.0)}),
    ("Median PFS was 3.5mo with velzatinib vs. 4.0mo with placebo.", {("velzatinib", 3.5), ("placebo", 4.0)}),
    ("The median PFS was 11.2months in the velzatinib arm and 6.1months in the placebo arm.",
     {("velzatinib", 11.2), ("placebo", 6.1)}),
])
def test_a_month_abbreviated_m_or_glued_to_its_figure(text, want):
    got = {(r.arm, r.value) for r in scout_text(DESIGN + text).records if r.kind == "median"}
    assert got == want


def test_a_month_abbreviated_mo_with_a_full_stop_keeps_its_ci():
    text = DESIGN + "Median OS was 12.1 mo. (95% CI, 10.1-14.0) with velzatinib and 9.0 mo. (95% CI, 7.7-10.2) with placebo."
    got = {(r.arm, r.value, r.ci_lower, r.ci_upper) for r in scout_text(text).records}
    assert got == {("velzatinib", 12.1, 10.1, 14.0), ("placebo", 9.0, 7.7, 10.2)}


@pytest.mark.parametrize("text", ["The program cost $3.5 m (USD) in 2020.", "Patients were 1.7 m tall (median).",
                                  "Docetaxel 75 mg/m2 every 3 weeks.", "The tumour was 2 m\u00b2 wide, with a 3.1 mL"])
def test_a_lone_m_of_money_or_metres_is_not_months(text):
    from trialscout.scout._text import normalize
    assert normalize(text) == text


# --- time to next therapy or treatment, named in words, is TTNT ---

@pytest.mark.parametrize("words", ["time to next therapy", "time to next treatment", "time-to-next-treatment",
                                   "time to next anti-myeloma treatment", "time to next line of therapy"])
def test_time_to_next_therapy_in_words_is_ttnt(words):
    text = DESIGN + f"Median {words} was 20.1 months with velzatinib vs 12.0 months with placebo (HR, 0.50; 95% CI, " \
                    "0.40-0.63; P < .001)."
    got = {(r.endpoint, r.kind, r.arm, r.value) for r in scout_text(text).records}
    assert got == {("TTNT", "median", "velzatinib", 20.1), ("TTNT", "median", "placebo", 12.0),
                   ("TTNT", "hr", None, 0.5)}


def test_time_to_next_therapy_is_not_another_endpoint_nor_a_wrong_case_acronym():
    text = DESIGN + "Median PFS was 9.9 months with velzatinib vs 5.0 months with placebo; time to next therapy was " \
                    "not reported. The ttnt was long."
    assert {r.endpoint for r in scout_text(text).records} == {"PFS"}


# --- a sentence that opens on bare landmark rates continues the one endpoint of the sentence before ---

@pytest.mark.parametrize("first,second,ep,months", [
    ("The median PFS was not reached in either arm (HR, 0.68; 95% CI, 0.56-0.84).",
     "The 36-month rate was 62.7% (95% CI, 56.4%-68.4%) vs 54.5% (95% CI, 49.3%-59.3%).", "PFS", 36.0),
    ("Median overall survival was 30.1 months with velzatinib and 22.4 months with placebo.",
     "The 2-year rates were 61% vs 48%.", "OS", 24.0),
    ("Event-free survival favoured velzatinib (HR 0.71; 95% CI, 0.58-0.87).",
     "The corresponding 3-year rates were 55.0% and 44.2%.", "EFS", 36.0),
])
def test_bare_landmark_rates_continue_the_endpoint_of_the_sentence_before(first, second, ep, months):
    got = {(r.endpoint, r.kind, r.arm, r.value, r.timepoint_months) for r in scout_text(DESIGN + first + " " + second).records
           if r.kind == "landmark_rate"}
    values = sorted({g[3] for g in got})
    assert got == {(ep, "landmark_rate", "velzatinib", values[1], months),
                   (ep, "landmark_rate", "placebo", values[0], months)}


def test_bare_rates_after_a_sentence_on_two_endpoints_take_none_of_them():
    text = DESIGN + "Median PFS was 9.9 months and median OS 20.1 months with velzatinib. The 2-year rates were 61% vs 48%."
    assert not [r for r in scout_text(text).records if r.kind == "landmark_rate"]


# --- a response still going on at a time point is the duration of response's landmark ---

@pytest.mark.parametrize("text,months", [
    ("The probability of having a response at 2 years was 37% with velzatinib vs 14.3% with placebo.", 24.0),
    ("Of the responders, 72.8% vs. 46.8% continued to have a response at 18 months with velzatinib and placebo, "
     "respectively.", 18.0),
    ("The proportion of responders with an ongoing response at 12 months was 65% with velzatinib and 40% with "
     "placebo.", 12.0),
])
def test_a_response_ongoing_at_a_time_point_is_a_dor_landmark(text, months):
    got = {(r.endpoint, r.kind, r.arm, r.timepoint_months) for r in scout_text(DESIGN + text).records}
    assert got == {("DOR", "landmark_rate", "velzatinib", months), ("DOR", "landmark_rate", "placebo", months)}


def test_a_response_at_a_time_point_alone_is_no_dor_landmark():
    text = DESIGN + "The proportion of patients with a response at 24 weeks was 40% with velzatinib and 20% with placebo."
    assert not [r for r in scout_text(text).records if r.endpoint == "DOR"]


# --- an odds ratio whose comparator stands between the letters and the figure ---

@pytest.mark.parametrize("text,want", [
    ("The ORR was 61.9% with velzatinib (OR vs placebo, 1.32; 95% CI, 0.89-1.98).", (1.32, 0.89, 1.98)),
    ("The ORR was 61.9% with velzatinib and 40.2% with placebo (OR versus placebo: 1.44; 95% CI, 0.95-2.18).",
     (1.44, 0.95, 2.18)),
    ("The ORR with velzatinib was 61.9%, with a 12.9% CR rate (OR vs placebo, 1.50; 95% CI, 1.02-2.21).",
     (1.5, 1.02, 2.21)),
])
def test_an_odds_ratio_against_a_named_comparator(text, want):
    got = [(r.endpoint, r.value, r.ci_lower, r.ci_upper) for r in scout_text(DESIGN + text).records
           if r.kind == "odds_ratio"]
    assert got == [("ORR", *want)]


def test_or_vs_without_a_figure_is_no_ratio():
    text = DESIGN + "The ORR was 61.9% with velzatinib, or 20 of 32 patients (OR vs, 1.5)."
    assert not [r for r in scout_text(text).records if r.kind == "odds_ratio"]
