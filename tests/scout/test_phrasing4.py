"""Phrasing matrix of the numbers, fourth round: each result kind (median with CI, ratio with CI and P, landmark
rate, response rate) crossed with the ways reports write lists, CIs, P values, units, time points and endpoints,
and distractors that must give no result. The cases are generated from templates with invented names; every case
states the records it must give (endpoint, kind, arm, value, CI limits, P, time point), nothing more."""

import itertools

import pytest

from trialscout.scout import scout_text

DESIGN = "In the phase 3 QUILLON-7 trial, 640 patients were randomly assigned 1:1 to velzatinib or placebo. "
A, B = "velzatinib", "placebo"

# CI forms: template with {lo} {hi} -> the text of a bracketed CI after the figure
CI_FORMS = {
    "dash": "(95% CI, {lo}-{hi})",
    "endash": "(95% CI, {lo}\u2013{hi})",
    "minus": "(95% CI, {lo}\u2212{hi})",
    "to": "(95% CI, {lo} to {hi})",
    "comma": "(95% CI: {lo}, {hi})",
    "bracket": "[CI: {lo}\u2212{hi}]",
    "bare": "(95% CI {lo}-{hi})",
    "words": "(95% confidence interval [CI], {lo} to {hi})",
    "ci95": "(CI 95%, {lo}-{hi})",
    "semi": "(95% CI {lo}; {hi})",
}
P_FORMS = {
    "P <.0001": ("<", 0.0001), "p= 0.01": ("=", 0.01), "p-value = 0.0002": ("=", 0.0002),
    "two-sided P = .003": ("=", 0.003), "P\u2009<\u20090.001": ("<", 0.001), "P\u00a0<\u00a00.001": ("<", 0.001),
    "P=0.02": ("=", 0.02),
}
ENDPOINTS_TTE = {
    "progression-free survival (PFS)": "PFS", "overall survival": "OS", "event-free survival": "EFS",
    "duration of response": "DOR", "PFS": "PFS", "OS": "OS",
}
UNITS = {"months": 1.0, "mo": 1.0, "mos": 1.0}


def _inner(ci_text, key):
    """The CI without its brackets, to follow a ratio after a semicolon; limits split by a semicolon are then
    bracketed themselves ("95% CI [a; b]"), as reports print them."""
    if key == "semi":
        return ci_text[1:-1].replace("CI ", "CI [", 1) + "]"
    return ci_text[1:-1]


def _got(text):
    return {(r.endpoint, r.kind, r.arm.lower() if r.arm else None, r.value, r.ci_lower, r.ci_upper, r.p_operator,
             r.p_value, r.timepoint_months) for r in scout_text(text).records}


def _median_cases():
    out = []
    for (epw, ep), (cik, ci), unit in itertools.product(ENDPOINTS_TTE.items(), CI_FORMS.items(), UNITS):
        c1, c2 = ci.format(lo=10.1, hi=14.0), ci.format(lo=6.2, hi=9.0)
        want = {(ep, "median", A, 12.3, 10.1, 14.0, None, None, None),
                (ep, "median", B, 7.4, 6.2, 9.0, None, None, None)}
        lists = {
            "vs": f"Median {epw} was 12.3 {unit} {c1} with {A} vs 7.4 {unit} {c2} with {B}.",
            "versus": f"The median {epw} was 12.3 {c1} versus 7.4 {c2} {unit} with {A} and {B}, respectively.",
            "compared": f"Median {epw} was 12.3 {unit} {c1} in the {A} arm compared with 7.4 {unit} {c2} in the "
                        f"{B} arm.",
            "unitfirst": f"Median {epw} was 12.3 {unit} {c1} and 7.4 {c2} for {A} and {B}, respectively.",
            "parens": f"Median {epw} was 12.3 {unit} {c1} ({A}) and 7.4 {unit} {c2} ({B}).",
            "v.": f"Median {epw}: 12.3 {unit} {c1} with {A} v. 7.4 {unit} {c2} with {B}.",
        }
        for lk, s in lists.items():
            out.append((f"median-{ep}-{epw[:6]}-{cik}-{unit}-{lk}", DESIGN + s, want))
    return out


def _hr_cases():
    out = []
    for (epw, ep), (cik, ci), (pk, (op, pv)) in itertools.product(
            [(k, v) for k, v in ENDPOINTS_TTE.items() if v != "DOR"], CI_FORMS.items(), P_FORMS.items()):
        c = _inner(ci.format(lo=0.48, hi=0.79), cik)
        want = {(ep, "hr", None, 0.62, 0.48, 0.79, op, pv, None)}
        forms = {
            "semi": f"{A} improved {epw} over {B} (hazard ratio [HR], 0.62; {c}; {pk}).",
            "hr=": f"For {epw}, the HR was 0.62 ({c}), {pk}, favoring {A} over {B}.",
        }
        for fk, s in forms.items():
            out.append((f"hr-{ep}-{epw[:6]}-{cik}-{pk}-{fk}", DESIGN + s, want))
    for (epw, ep) in [(k, v) for k, v in ENDPOINTS_TTE.items() if v != "DOR"]:
        want = {(ep, "hr", None, 0.62, 0.48, 0.79, None, None, None)}
        out.append((f"hr-{ep}-bracketlevel", DESIGN + f"For {epw}, HR[95%CI]: 0.62[0.48-0.79] for {A} versus {B}.",
                    want))
        out.append((f"hr-{ep}-level-after", DESIGN + f"The {epw} hazard ratio was 0.62, 95% CI 0.48-0.79, for {A} "
                                                     f"versus {B}.", want))
    return out


LANDMARKS = {"3-year": 36.0, "at 36 months": 36.0, "24-mo": 24.0, "two-year": 24.0, "2-yr": 24.0,
             "12-month": 12.0}
LM_EPS = {"progression-free survival": "PFS", "overall survival": "OS", "event-free survival": "EFS",
          "PFS": "PFS", "OS": "OS"}


def _landmark_cases():
    out = []
    for (lmk, tm), (epw, ep), (cik, ci) in itertools.product(LANDMARKS.items(), LM_EPS.items(),
                                                              list(CI_FORMS.items())[:4]):
        c1, c2 = ci.format(lo="58.0", hi="70.1"), ci.format(lo="40.2", hi="52.3")
        want = {(ep, "landmark_rate", A, 64.5, 58.0, 70.1, None, None, tm),
                (ep, "landmark_rate", B, 46.1, 40.2, 52.3, None, None, tm)}
        if lmk.startswith("at "):
            s = f"The {epw} rate {lmk} was 64.5% {c1} with {A} versus 46.1% {c2} with {B}."
            s2 = f"{epw} rates {lmk} were 64.5% {c1} and 46.1% {c2} in the {A} and {B} arms, respectively."
        else:
            s = f"The {lmk} {epw} rate was 64.5% {c1} with {A} versus 46.1% {c2} with {B}."
            s2 = f"{lmk[0].upper() + lmk[1:]} {epw} rates were 64.5% {c1} and 46.1% {c2} in the {A} and {B} arms, " \
                 f"respectively."
        out.append((f"lm-{lmk}-{epw[:6]}-{cik}-versus", DESIGN + s, want))
        out.append((f"lm-{lmk}-{epw[:6]}-{cik}-resp", DESIGN + s2, want))
    return out


RESP = {"objective response rate": "ORR", "ORR": "ORR", "complete response rate": "CR",
        "MRD negativity rate": "MRD", "overall response rate": "ORR"}


def _response_cases():
    out = []
    for (epw, ep), (pk, (op, pv)) in itertools.product(RESP.items(), list(P_FORMS.items())[:4]):
        want = {(ep, "rate", A, 45.2, None, None, op, pv, None), (ep, "rate", B, 20.1, None, None, op, pv, None)}
        forms = {
            "vs": f"The {epw} was 45.2% with {A} vs 20.1% with {B} ({pk}).",
            "resp": f"The {epw} was 45.2% and 20.1% in the {A} and {B} groups, respectively ({pk}).",
            "respective": f"The {epw} was 45.2% vs 20.1% in each respective arm ({pk}).",
            "two-sent": f"Responses were assessed by central review. The {epw} with {A} and {B} was 45.2% and 20.1%, "
                        f"respectively ({pk}).",
        }
        for fk, s in forms.items():
            out.append((f"rr-{ep}-{epw[:6]}-{pk}-{fk}", DESIGN + s, want))
    return out


DISTRACTORS = [
    "Grade 3 or higher adverse events occurred in 45.2% of patients with velzatinib and 20.1% with placebo.",
    "At baseline, 62% of patients in the velzatinib arm and 60% in the placebo arm had ECOG 0.",
    "The median follow-up was 24.1 months in the velzatinib arm and 23.8 months in the placebo arm.",
    "There were 120 events in the velzatinib arm and 160 events in the placebo arm.",
    "Velzatinib led to a 38% lower risk of progression than placebo.",
    "The difference in median PFS was 4.9 months between velzatinib and placebo.",
    "Median age was 64 years (IQR, 55-71) in the velzatinib arm.",
    "Among HR+ patients, 70% received velzatinib as first therapy.",
    "Treatment discontinuation due to toxicity was 12.0% with velzatinib and 4.1% with placebo.",
    "Median duration of treatment was 10.2 months with velzatinib and 6.1 months with placebo.",
]


def _distractor_cases():
    return [(f"distractor-{i}", DESIGN + s, set()) for i, s in enumerate(DISTRACTORS)]


CASES = _median_cases() + _hr_cases() + _landmark_cases() + _response_cases() + _distractor_cases()


@pytest.mark.parametrize("name,text,want", CASES, ids=[c[0] for c in CASES])
def test_phrasing_matrix(name, text, want):
    got = _got(text)
    assert got == want, (text, sorted(got, key=str), sorted(want, key=str))


# -- second batch: odds ratios, medians in years, lists over two sentences, more endpoint words, distractors ----
def _odds_cases():
    out = []
    for (cik, ci), (pk, (op, pv)), (epw, ep) in itertools.product(
            CI_FORMS.items(), list(P_FORMS.items())[:3],
            {"objective response": "ORR", "pathological complete response (pCR)": "pCR",
             "complete response": "CR"}.items()):
        c = _inner(ci.format(lo=1.6, hi=3.9), cik)
        want = {(ep, "odds_ratio", None, 2.5, 1.6, 3.9, op, pv, None)}
        out.append((f"or-{ep}-{cik}-{pk}-semi", DESIGN + f"The odds of {epw} favored {A} over {B} (odds ratio, 2.5; "
                                                          f"{c}; {pk}).", want))
        out.append((f"or-{ep}-{cik}-{pk}-or", DESIGN + f"For {epw}, the OR was 2.5 ({c}), {pk}, with {A} versus {B}.",
                    want))
    return out


TTE2 = {"time to next treatment (TTNT)": "TTNT", "duration of response (DOR)": "DOR", "overall survival (OS)": "OS",
        "event-free survival (EFS)": "EFS", "progression-free survival": "PFS"}


def _median2_cases():
    out = []
    for (epw, ep), unit in itertools.product(TTE2.items(), ("years", "yr", "months", "mo")):
        f = 12.0 if unit in ("years", "yr") else 1.0
        a1, b1 = (3.1, 2.2) if f == 12.0 else (20.5, 14.3)
        want = {(ep, "median", A, a1, None, None, None, None, None), (ep, "median", B, b1, None, None, None, None, None)}
        if f == 12.0:
            want = {(e, k, arm, round(v * 12, 6), lo, hi, o, p, t) for e, k, arm, v, lo, hi, o, p, t in want}
        forms = {
            "two-sent": f"Patients were followed for survival. Median {epw} for the {A} and {B} arms was {a1} and "
                        f"{b1} {unit}, respectively.",
            "each-arm": f"With {A} and {B}, median {epw} was {a1} {unit} and {b1} {unit} in each respective arm.",
            "with-vs": f"Median {epw} was {a1} {unit} with {A} vs {b1} {unit} with {B}.",
            "arm-first": f"In the {A} arm, median {epw} was {a1} {unit}, compared with {b1} {unit} in the {B} arm.",
        }
        for fk, s in forms.items():
            out.append((f"median2-{ep}-{unit}-{fk}", DESIGN + s, want))
    for (epw, ep) in TTE2.items():
        want = {(ep, "median", A, "NR", None, None, None, None, None), (ep, "median", B, 14.3, 11.0, 17.2, None, None,
                                                                        None)}
        out.append((f"median2-{ep}-NR", DESIGN + f"Median {epw} was not reached (NR) with {A} versus 14.3 months "
                                                 f"(95% CI, 11.0-17.2) with {B}.", want))
    return out


def _landmark2_cases():
    out = []
    for (lmk, tm), (epw, ep) in itertools.product({"3-year": 36.0, "5-yr": 60.0, "18-month": 18.0,
                                                   "one-year": 12.0}.items(),
                                                  {"overall survival": "OS", "PFS": "PFS", "EFS": "EFS",
                                                   "disease-free survival (DFS)": "DFS"}.items()):
        want = {(ep, "landmark_rate", A, 71.0, None, None, None, None, tm),
                (ep, "landmark_rate", B, 58.0, None, None, None, None, tm)}
        out.append((f"lm2-{lmk}-{ep}-vs", DESIGN + f"The {lmk} {epw} rate was 71% vs 58% for {A} and {B}, "
                                                     f"respectively.", want))
        out.append((f"lm2-{lmk}-{ep}-arms", DESIGN + f"{lmk[0].upper() + lmk[1:]} {epw} was 71% in the {A} group "
                                                       f"and 58% in the {B} group.", want))
    return out


DISTRACTORS2 = [
    "Median PFS improved by 5.2 months with velzatinib compared with placebo.",
    "Serious adverse events were reported in 31% and 22% of patients in the velzatinib and placebo arms, "
    "respectively.",
    "The median time on treatment was 14.1 months with velzatinib versus 8.2 months with placebo.",
    "Velzatinib reduced the risk of death by 27% compared with placebo.",
    "Overall, 46% of patients had HR+ disease and 30% had received prior chemotherapy.",
    "Neutropenia occurred in 18.4% of patients receiving velzatinib and 3.2% of those receiving placebo.",
    "At a median follow-up of 36.2 months, 210 deaths had occurred.",
    "The median age was 61 years in the velzatinib group and 62 years in the placebo group.",
]


CASES2 = (_odds_cases() + _median2_cases() + _landmark2_cases() +
          [(f"distractor2-{i}", DESIGN + s, set()) for i, s in enumerate(DISTRACTORS2)])


@pytest.mark.parametrize("name,text,want", CASES2, ids=[c[0] for c in CASES2])
def test_phrasing_matrix_second_batch(name, text, want):
    got = _got(text)
    assert got == want, (text, sorted(got, key=str), sorted(want, key=str))


# -- third batch: medians and their ratio in one sentence, two-sentence lists, response rates with CIs -----------
def _combined_cases():
    out = []
    for (epw, ep), (cik, ci), (pk, (op, pv)) in itertools.product(
            {"progression-free survival (PFS)": "PFS", "overall survival": "OS", "OS": "OS",
             "event-free survival": "EFS"}.items(), list(CI_FORMS.items()), list(P_FORMS.items())[:4]):
        c = ci.format(lo=0.48, hi=0.79)
        meds = {(ep, "median", A, 12.3, None, None, None, None, None),
                (ep, "median", B, 7.4, None, None, None, None, None)}
        want = meds | {(ep, "hr", None, 0.62, 0.48, 0.79, op, pv, None)}
        c_in = _inner(c, cik)
        forms = {
            "of-vs": f"{A} achieved a median {epw} of 12.3 months vs 7.4 months with {B} (HR, 0.62; {c_in}; {pk}).",
            "unit-last": f"Median {epw} was 12.3 vs 7.4 months for {A} and {B}, respectively (HR 0.62 {c}; {pk}).",
            "hr-first": f"{A} reduced the risk of disease progression or death versus {B} (HR 0.62; {c_in}; {pk}); "
                        f"median {epw}, 12.3 vs 7.4 months." if ep == "PFS" else None,
        }
        for fk, s in forms.items():
            if s is not None:
                out.append((f"comb-{ep}-{epw[:6]}-{cik}-{pk}-{fk}", DESIGN + s, want))
    return out


def _rate_ci_cases():
    out = []
    for (epw, ep), (cik, ci) in itertools.product(
            {"objective response rate (ORR)": "ORR", "complete response rate": "CR", "ORR": "ORR",
             "rate of MRD negativity": "MRD"}.items(), list(CI_FORMS.items())[:5]):
        c1, c2 = ci.format(lo="38.1", hi="52.4"), ci.format(lo="14.9", hi="26.3")
        want = {(ep, "rate", A, 45.2, 38.1, 52.4, None, None, None),
                (ep, "rate", B, 20.1, 14.9, 26.3, None, None, None)}
        forms = {
            "vs": f"The {epw} was 45.2% {c1} with {A} vs 20.1% {c2} with {B}.",
            "arms": f"The {epw} was 45.2% {c1} in the {A} arm and 20.1% {c2} in the {B} arm.",
            "resp": f"The {epw} was 45.2% {c1} and 20.1% {c2} with {A} and {B}, respectively.",
        }
        for fk, s in forms.items():
            out.append((f"rateci-{ep}-{epw[:6]}-{cik}-{fk}", DESIGN + s, want))
    return out


CASES3 = _combined_cases() + _rate_ci_cases()


@pytest.mark.parametrize("name,text,want", CASES3, ids=[c[0] for c in CASES3])
def test_phrasing_matrix_third_batch(name, text, want):
    got = _got(text)
    assert got == want, (text, sorted(got, key=str), sorted(want, key=str))


# -- the families the matrix found failing, each with invented variants ----------------------------------------
def test_an_arm_alone_in_brackets_after_its_figure_labels_it():
    for text in (DESIGN + "Median OS was 12.3 months (95% CI, 10.1-14.0) (velzatinib) and 7.4 months (95% CI, "
                          "6.2-9.0) (placebo).",
                 DESIGN + "The ORR was 45.2% (velzatinib) and 20.1% (placebo).",
                 DESIGN + "Median event-free survival was 20.5 months [the velzatinib arm] versus 14.3 months "
                          "[the placebo arm]."):
        got = {(r[2], r[3]) for r in _got(text)}
        values = sorted(v for _, v in got)
        assert got == {("velzatinib", values[1]), ("placebo", values[0])}, (text, got)


def test_a_level_written_after_the_letters():
    for text, want in ((DESIGN + "The HR for PFS was 0.62 (CI 95%, 0.48-0.79).", (0.48, 0.79, 95.0)),
                       (DESIGN + "OS favoured velzatinib (HR 0.70; CI 90%: 0.55-0.88).", (0.55, 0.88, 90.0)),
                       (DESIGN + "Median PFS was 9.9 months (CI95% 8.1-11.0) with velzatinib.", (8.1, 11.0, 95.0))):
        got = [(r.ci_lower, r.ci_upper, r.ci_level) for r in scout_text(text).records]
        assert got == [want], (text, got)


def test_a_ci_with_limits_in_percent_after_a_level_is_not_rewritten():
    text = (DESIGN + "The 3-year OS rate was 64.1% (95% CI 56.4% to 72.9%) with velzatinib versus 54.9% (95% CI 47.0% "
                     "to 64.2%) with placebo.")
    got = {(r.arm, r.value, r.ci_lower, r.ci_upper, r.ci_level) for r in scout_text(text).records}
    assert got == {("velzatinib", 64.1, 56.4, 72.9, 95.0), ("placebo", 54.9, 47.0, 64.2, 95.0)}, got


def test_a_ci_labelled_ci_without_a_level():
    for text in (DESIGN + "Velzatinib improved PFS (hazard ratio [HR], 0.62; CI: 0.48-0.79; P < .001).",
                 DESIGN + "The HR for OS was 0.62 [CI: 0.48\u22120.79].",
                 DESIGN + "For EFS, HR = 0.62 (CI = 0.48 to 0.79)."):
        got = [(r.value, r.ci_lower, r.ci_upper) for r in scout_text(text).records]
        assert got == [(0.62, 0.48, 0.79)], (text, got)


def test_an_or_abbreviation_before_was():
    for text in (DESIGN + "For objective response, the OR was 2.5 (95% CI, 1.6-3.9) with velzatinib versus placebo.",
                 DESIGN + "The pCR OR was 3.1 (95% CI 1.9-5.0; P < .001) for velzatinib versus placebo.",
                 DESIGN + "For complete response, ORs were 2.2 (95% CI 1.3-3.7) in favour of velzatinib."):
        got = [(r.kind, r.ci_lower is not None) for r in scout_text(text).records]
        assert got == [("odds_ratio", True)], (text, got)


def test_an_iqr_or_range_header_makes_the_brackets_no_ci():
    for text in (DESIGN + "Median OS (IQR) was 12.3 (8.1-17.0) months with velzatinib and 7.4 (4.0-11.2) months with "
                          "placebo.",
                 DESIGN + "Median duration of response [range] was 14.1 (2.0-30.1) months with velzatinib and 9.0 "
                          "(1.1-22.4) months with placebo.",
                 DESIGN + "Median PFS (interquartile range) was 10.2 (6.0 to 15.5) months with velzatinib versus 6.1 "
                          "(3.2 to 9.9) months with placebo."):
        got = {(r.arm, r.ci_lower, r.ci_upper) for r in scout_text(text).records}
        assert got == {("velzatinib", None, None), ("placebo", None, None)}, (text, got)


def test_a_range_header_of_a_follow_up_leaves_a_labelled_sentence_s_cis():
    text = (DESIGN + "With a median (range) follow-up of 28.2 mo (0.10-40 mo), the median PFS in the velzatinib arm was "
                     "36.6 mo (95% CI, 28.4 mo-NR) vs 13.4 mo (11.1-17.5 mo) with placebo.")
    got = {(r.arm, r.ci_lower, r.ci_upper) for r in scout_text(text).records}
    assert got == {("velzatinib", 28.4, "NR"), ("placebo", 11.1, 17.5)}, got


def test_distractors_beside_results_give_only_the_results():
    for text, want in (
            (DESIGN + "The ORR was 45% in the velzatinib arm compared with 20% in the placebo arm, and 18% of patients "
                      "in the velzatinib arm had grade 3 neutropenia.", {45.0, 20.0}),
            (DESIGN + "The HR for PFS was 0.62 (95% CI 0.48-0.79), corresponding to a 38% reduction in the risk of "
                      "progression.", {0.62}),
            (DESIGN + "Of the patients, 55% had HR+ disease; ORR was 45% with velzatinib vs 20% with placebo.",
             {45.0, 20.0}),
            (DESIGN + "Median OS was 25.3 months with velzatinib vs 20.1 months with placebo, an improvement of 5.2 "
                      "months (HR 0.80; 95% CI 0.66-0.97).", {25.3, 20.1, 0.8}),
            (DESIGN + "Median PFS was 12.3 months with velzatinib and 7.4 months with placebo; 210 events had "
                      "occurred.", {12.3, 7.4})):
        got = {r.value for r in scout_text(text).records}
        assert got == want, (text, got)


def test_semicolon_split_limits_inside_round_brackets():
    for text, want in ((DESIGN + "For PFS, the HR was 0.62 (95% CI 0.48; 0.79) with velzatinib versus placebo.",
                        [(0.48, 0.79)]),
                       (DESIGN + "OS favoured velzatinib [HR 0.70 (95% CI: 0.55; 0.88); P = .003].", [(0.55, 0.88)]),
                       (DESIGN + "Median OS was 12.3 months (95% CI 10.1; 14.0) with velzatinib.", [(10.1, 14.0)])):
        got = [(r.ci_lower, r.ci_upper) for r in scout_text(text).records]
        assert got == want, (text, got)


def test_an_arm_before_a_comparison_word_is_not_the_next_figure_s():
    # unread brackets between a figure and its arm must not hand the arm to the figure after "vs"
    for text in (DESIGN + "Median OS was 12.3 months (95% CI 10.1~14.0) with velzatinib vs 7.4 months (95% CI 6.2~9.0) "
                          "with placebo.",
                 DESIGN + "Median PFS was 12.3 months {10.1, 14.0} with velzatinib versus 7.4 months {6.2, 9.0} with "
                          "placebo.",
                 DESIGN + "The ORR was 45% (n/N 90/200) with velzatinib compared with 20% (n/N 40/200) with placebo."):
        got = {(r.arm, r.value) for r in scout_text(text).records}
        assert ("placebo", 12.3) not in got and ("velzatinib", 7.4) not in got, (text, got)
        assert ("placebo", 45.0) not in got and ("velzatinib", 20.0) not in got, (text, got)
