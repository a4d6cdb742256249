"""Property tests: the same numbers written any of the ways reports write them give the same records, and the
order of self-contained sentences changes nothing but the spans."""

from hypothesis import given, settings
from hypothesis import strategies as st

from trialscout.scout import scout_text

DASH = st.sampled_from(["-", "\u2013", "\u2212", "\u2012", " to ", " - ", "\u2013", " \u2013 "])
SPACE = st.sampled_from([" ", "\u2009", "\u00a0", "\u202f"])
LEVEL = st.sampled_from(["95% CI, ", "95% CI: ", "95% CI ", "95% confidence interval [CI], ", "95%\u2009CI, "])
BRACKETS = st.sampled_from([("(", ")"), ("[", "]")])
P = st.sampled_from(["P = .0009", "P=0.0009", "p = 0.0009", "P\u2009=\u2009.0009", "p-value = 0.0009",
                     "two-sided P = 0.0009"])
MONTHS = st.sampled_from(["months", "mo"])


def _key(res):
    return sorted((r.endpoint, r.kind, r.arm, r.value, r.ci_lower, r.ci_upper, r.ci_level, r.p_value, r.p_operator,
                   r.timepoint_months, r.unit) for r in res.records)


def _report(dash, sp, level, br, p, mo):
    o, c = br
    return (f"In the phase 3 TESTTRIAL-1 trial, patients were randomly assigned to drugamab (n{sp}={sp}208) or "
            f"placebo (n = 211). The median OS was 24.1 {mo} {o}{level}20.3{dash}27.9{c} in the drugamab arm vs "
            f"15.2 {mo} {o}{level}13.0{dash}17.8{c} in the placebo arm (HR, 0.55; {level}0.39{dash}0.79; {p}). "
            f"The 30-month PFS rates were 59.4% {o}{level}52.3%{dash}65.7%{c} with drugamab and 25.7% "
            f"{o}{level}19.8%{dash}31.9%{c} with placebo.")


REFERENCE = _key(scout_text(_report("-", " ", "95% CI, ", ("(", ")"), "P = .0009", "months")))


def test_reference_reads_everything():
    assert len(REFERENCE) == 5  # two medians, the HR, two landmark rates
    assert ("OS", "hr", None, 0.55, 0.39, 0.79, 95.0, 0.0009, "=", None, None) in REFERENCE


@settings(max_examples=60, deadline=None)
@given(DASH, SPACE, LEVEL, BRACKETS, P, MONTHS)
def test_notation_variants_give_the_same_records(dash, sp, level, br, p, mo):
    assert _key(scout_text(_report(dash, sp, level, br, p, mo))) == REFERENCE


SENTENCES = [
    "The KEYTEST-7 trial randomly assigned patients to drugamab (n = 300) or placebo (n = 150).",
    "Median PFS was 11.2 months (95% CI, 9.1-13.0) with drugamab vs 6.1 months (95% CI, 5.2-7.3) with placebo "
    "(HR, 0.51; 95% CI, 0.40-0.65; P < .001).",
    "Median OS was not reached (95% CI, 30.1-NE) in the drugamab arm vs 28.4 months (95% CI, 24.0-33.9) in the "
    "placebo arm (HR, 0.71; 95% CI, 0.55-0.92; P = .009).",
    "The objective response rate was 48% with drugamab and 21% with placebo (odds ratio, 3.4; 95% CI, 2.2-5.3).",
    "The 24-month OS rates were 61.5% with drugamab and 55.0% with placebo.",
    "Grade 3 or worse adverse events occurred in 41% with drugamab and 30% with placebo.",
]


@settings(max_examples=40, deadline=None)
@given(st.permutations(SENTENCES))
def test_sentence_order_changes_only_spans(order):
    base = scout_text(" ".join(SENTENCES))
    assert len(base.records) == 11 and {(a.label, a.n) for a in base.arms} == {("drugamab", 300), ("placebo", 150)}
    res = scout_text(" ".join(order))
    assert _key(res) == _key(base)
    assert {(a.label, a.n) for a in res.arms} == {(a.label, a.n) for a in base.arms}
    assert res.trial == base.trial
    text = " ".join(order)
    for r in res.records:
        assert text[r.source.start:r.source.end] in r.source.sentence
