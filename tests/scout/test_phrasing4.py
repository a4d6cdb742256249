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
        c = ci.format(lo=0.48, hi=0.79)[1:-1]
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
