"""Rules written for the error classes of the held-out 13 scoring (scout/_tables.py, reader.py, _text.py).

Every text here is invented for these tests; each class has several phrasings and a negative case.
"""

from __future__ import annotations

import pytest

from trialscout.scout.reader import extract


def _rows(text):
    return sorted((r.endpoint, r.kind, r.arm and r.arm.lower(), r.value, r.ci_lower, r.ci_upper, r.ci_level,
                   r.p_operator, r.p_value, r.timepoint_months, r.unit) for r in extract(text).records)


DESIGN = "In the phase 3 ORBIT-4 trial, 520 patients were randomly assigned to relatinib plus docetaxel (REL+DOC) " \
         "or docetaxel (DOC).\n\n"

# -- class 1: flattened tables ----------------------------------------------------------------------------------
# one arm a row, single spaces between the cells, endpoints with their units as the columns; footnote letters stuck
# to the heads and the figures, a ratio row of "HR x (ci)" / "OR x (ci)", marks that the legend gives P values
SPACED_ARM_ROWS = DESIGN + """Table 2 Efficacy in the ORBIT-4 trial

Arm PFSa (months) OSb (months) ORRc (%)
First analysis
 REL+DOC (n = 260) 8.1d 19.4d 41
 DOC (n = 260) 4.6d 14.8d 23
 HR/OR (95% CI) HR 0.58 (0.47-0.71)* HR 0.74 (0.60-0.91)** OR 2.31 (1.58-3.37)
Final analysis
 REL+DOC (n = 260) 8.3d 20.1d 42
 DOC (n = 260) 4.6d 15.0d 23
 HR/OR (95% CI) HR 0.60 (0.49-0.73) HR 0.76 (0.62-0.93)e OR 2.40 (1.64-3.51)
  1. *p < 0.001, **p = 0.004 vs. DOC
  2. aPrimary endpoint
  3. bKey secondary endpoint
  4. cConfirmed responses
  5. dMedian
  6. eDescriptive
"""


def test_one_arm_a_row_with_single_spaces():
    got = _rows(SPACED_ARM_ROWS)
    want = []
    for pfs, os_, orr, hrs in (((8.1, 4.6), (19.4, 14.8), (41.0, 23.0),
                                ((0.58, 0.47, 0.71, "<", 0.001), (0.74, 0.60, 0.91, "=", 0.004),
                                 (2.31, 1.58, 3.37, None, None))),
                               ((8.3, 4.6), (20.1, 15.0), (42.0, 23.0),
                                ((0.60, 0.49, 0.73, None, None), (0.76, 0.62, 0.93, None, None),
                                 (2.40, 1.64, 3.51, None, None)))):
        for arm, k in (("rel+doc", 0), ("doc", 1)):
            want += [("PFS", "median", arm, pfs[k], None, None, None, None, None, None, "months"),
                     ("OS", "median", arm, os_[k], None, None, None, None, None, None, "months"),
                     ("ORR", "rate", arm, orr[k], None, None, None, None, None, None, "percent")]
        for (ep, kind), (v, lo, hi, op, p) in zip((("PFS", "hr"), ("OS", "hr"), ("ORR", "odds_ratio")), hrs):
            want.append((ep, kind, None, v, lo, hi, 95.0, op, p, None, None))
    assert got == sorted(want)


def test_spaced_arm_rows_in_another_wording():
    text = DESIGN + """Regimen DFS (mo) ORR (% of patients)
 Relatinib plus docetaxel 21.0 55
 Docetaxel 15.2 31
 HR/OR (90% CI) HR 0.70 (0.55-0.89) OR 2.70 (1.80-4.05)
"""
    assert _rows(text) == sorted([
        ("DFS", "median", "relatinib plus docetaxel", 21.0, None, None, None, None, None, None, "months"),
        ("DFS", "median", "docetaxel", 15.2, None, None, None, None, None, None, "months"),
        ("ORR", "rate", "relatinib plus docetaxel", 55.0, None, None, None, None, None, None, "percent"),
        ("ORR", "rate", "docetaxel", 31.0, None, None, None, None, None, None, "percent"),
        ("DFS", "hr", None, 0.70, 0.55, 0.89, 90.0, None, None, None, None),
        ("ORR", "odds_ratio", None, 2.70, 1.80, 4.05, 90.0, None, None, None, None),
    ])


def test_spaced_rows_that_are_not_one_arm_a_row_give_nothing():
    # rows that name no arm (a baseline table), and a row with fewer figures than columns
    text = DESIGN + """Characteristic PFS (months) ORR (%)
 Age over 65 12 30
 Women 14 28
 REL+DOC 8.1
"""
    assert _rows(text) == []


# a slide's table one cell a line: arm names wrapped before their sizes, a label wrapped over two lines, each
# figure's CI on the line after it, and the ratio's P on its own line
SLIDE_DESIGN = "Relatinib plus docetaxel versus placebo plus docetaxel in the phase 3 ORBIT-4 trial.\n"


@pytest.mark.parametrize("joint", ["+ docetaxel", "plus docetaxel", "+ Docetaxel"])
def test_slide_with_wrapped_arm_names_and_cis_on_their_own_lines(joint):
    text = SLIDE_DESIGN + f"""Relatinib
{joint}
(N = 260)
Placebo
{joint}
(N = 258)
Median PFS, months (95%
CI)
8.1
(7.0, 9.3)
4.6
(4.1, 5.5)
HR (95% CI)
0.58
(0.47, 0.71)
p < 0.001
"""
    ex = extract(text)
    got = sorted((r.endpoint, r.kind, r.value, r.ci_lower, r.ci_upper, r.p_operator, r.p_value) for r in ex.records)
    assert got == sorted([("PFS", "median", 8.1, 7.0, 9.3, None, None), ("PFS", "median", 4.6, 4.1, 5.5, None, None),
                          ("PFS", "hr", 0.58, 0.47, 0.71, "<", 0.001)])
    assert sorted(a.n for a in ex.arms) == [258, 260]


def test_a_ci_line_joins_no_figure_that_has_its_ci():
    # "8.1 (7.0-9.3)" already holds its CI: a bracket line after it is no CI of it
    text = SLIDE_DESIGN + """Relatinib
+ docetaxel
(N = 260)
Placebo
+ docetaxel
(N = 258)
Median PFS, months (95% CI)
8.1 (7.0-9.3)
(7.5, 8.8)
4.6 (4.1-5.5)
"""
    assert not any(r.ci_lower == 7.5 for r in extract(text).records)


# -- class 2: composite endpoints are not OS or CR ---------------------------------------------------------------
OS_FIRST = "In the ORBIT-4 trial of relatinib versus placebo, relatinib reduced all-cause death. "


@pytest.mark.parametrize("outcome", [
    "Heart failure hospitalization or cardiovascular death occurred in fewer patients with relatinib than with "
    "placebo",
    "Cardiovascular death was less frequent with relatinib than with placebo",
    "Death from heart failure or hospitalisation for heart failure was reduced",
    "Major adverse cardiovascular events were reduced with relatinib",
    "The rate of death due to renal disease was lower with relatinib",
])
def test_a_composite_outcome_takes_no_endpoint_from_the_sentence_before(outcome):
    text = OS_FIRST + outcome + " (hazard ratio 0.66; 95% CI 0.55 to 0.79; P < 0.001)."
    assert not any(r.kind == "hr" and r.endpoint == "OS" for r in extract(text).records)


def test_a_bare_ratio_still_takes_the_endpoint_of_the_sentence_before():
    text = "Relatinib prolonged progression-free survival compared with placebo (9.1 vs 5.2 months). " \
           "The hazard ratio was 0.49 (95% CI 0.38-0.63)."
    assert ("PFS", "hr", 0.49) in [(r.endpoint, r.kind, r.value) for r in extract(text).records]


@pytest.mark.parametrize("composite", [
    "complete remission with at least partial haematological recovery",
    "complete remission with partial hematologic recovery",
    "complete remission and full or partial haematological recovery",
    "complete remission with incomplete count recovery",
    "complete remission or complete remission with partial hematologic recovery",
])
def test_complete_remission_with_partial_recovery_is_no_cr(composite):
    text = f"In the ORBIT-4 trial, 34% of patients receiving relatinib had {composite} versus 15.3% of patients " \
           "receiving chemotherapy."
    assert not any(r.endpoint == "CR" for r in extract(text).records)


def test_complete_remission_alone_is_cr():
    text = "In the ORBIT-4 trial, the complete remission rate was 34% with relatinib and 15.3% with chemotherapy."
    assert sorted(r.value for r in extract(text).records if r.endpoint == "CR" and r.kind == "rate") == [15.3, 34.0]


# -- class 3: false records and cut names --------------------------------------------------------------------------
@pytest.mark.parametrize("rough", ["slightly over 1", "just under 1", "about 1", "approximately 2", "close to 1",
                                   "a little above 1"])
def test_a_rough_size_of_a_ratio_is_no_result(rough):
    text = "Relatinib did not prolong overall survival compared with docetaxel in the ORBIT-4 trial (10.6 vs " \
           f"11.3 months). The hazard ratio (HR) is {rough}, with wide confidence limits (HR, 1.01; 95% CI, " \
           "0.77-1.33)."
    hrs = sorted(r.value for r in extract(text).records if r.kind == "hr")
    assert hrs == [1.01]


def test_a_figure_after_approximately_with_its_ci_is_still_read():
    text = "In the ORBIT-4 trial, overall survival favoured relatinib over docetaxel (hazard ratio about 0.70 " \
           "[95% CI 0.58-0.84])."
    assert [(r.kind, r.value) for r in extract(text).records if r.kind == "hr"] == [("hr", 0.70)]


@pytest.mark.parametrize("item", ["2. *p = 0.0047", "3) *P < 0.001", "  4. \u2020p = 0.02 vs placebo"])
def test_a_numbered_footnote_is_no_figure(item):
    text = "In the ORBIT-4 trial, relatinib was compared with docetaxel.\n" \
           "Abbreviations: HR hazard ratio, OR odds ratio, ORR objective response rate\n" + item + "\n"
    assert extract(text).records == ()


@pytest.mark.parametrize("written, name", [
    ("the EMPA-REG OUTCOME\u00ae trial", "EMPA-REG OUTCOME"),
    ("the ORBIT-4 STUDY\u2122 trial", "ORBIT-4 STUDY"),
    ("the ORBIT-4 trial", "ORBIT-4"),
])
def test_a_registered_mark_closes_a_trial_name(written, name):
    text = f"Results of {written} were presented. In {written}, relatinib reduced the risk of death."
    assert extract(text).trial == name


# -- class 5: spaces and dashes garbled by a wrong code page -----------------------------------------------------
def _garbled(text: str, page: str) -> str:
    return text.encode("utf-8").decode(page, errors="replace")


# every code page with every space whose UTF-8 bytes it has characters for (cp1257 has none for U+2006's)
_PAGE_SPACES = [(page, space) for page in ("cp1252", "cp1257", "cp1250") for space in ("\u2009", "\u202f", "\u2006")
                if "\ufffd" not in _garbled(space, page)]


@pytest.mark.parametrize("page,space", _PAGE_SPACES)
def test_a_p_value_with_garbled_thin_spaces(page, space):
    text = _garbled(f"In the ORBIT-4 trial, overall survival was longer with relatinib than with docetaxel (hazard "
                    f"ratio, 0.73; 95% CI, 0.55 to 0.95; two-sided P{space}={space}0.0185).", page)
    got = [(r.kind, r.value, r.p_operator, r.p_value) for r in extract(text).records]
    assert got == [("hr", 0.73, "=", 0.0185)]


def test_a_garbled_dash_in_a_ci():
    text = _garbled("In the ORBIT-4 trial, overall survival favoured relatinib (HR 0.66; 95% CI 0.55\u20130.79).",
                    "cp1252")
    assert [(r.value, r.ci_lower, r.ci_upper) for r in extract(text).records] == [(0.66, 0.55, 0.79)]


def test_normalization_keeps_the_length():
    from trialscout.scout._text import normalize
    for t in ("P\u0101\u20ac\u2030=\u0101\u20ac\u20300.01", "0.55\u00e2\u20ac\u201c0.79", "a\u00c2\u00a0b",
              "Price \u20ac5 \u00c2 x"):
        assert len(normalize(t)) == len(t)
    assert normalize("Price \u20ac5 \u00c2 x") == "Price \u20ac5 \u00c2 x"  # a euro sign and a lone \u00c2 stay


# -- class 4: ratios under a header, and lists of ratios each with its group -------------------------------------
@pytest.mark.parametrize("header, groups", [
    ("(HR; 95% CI)", ["(0.69; 0.59 to 0.81)", "(0.65; 0.54 to 0.78)"]),
    ("(HR, 95% CI)", ["(0.69, 0.59-0.81)", "(0.65, 0.54-0.78)"]),
    ("(hazard ratio; 95% CI)", ["[0.69; 0.59 to 0.81]", "[0.65; 0.54 to 0.78]"]),
])
def test_a_ratio_and_ci_header_names_the_brackets_after_it(header, groups):
    text = f"In the ORBIT-4 trial, OS {header} remained superior with relatinib vs docetaxel in all patients " \
           f"{groups[0]} and in patients with poor risk {groups[1]}."
    got = sorted((r.endpoint, r.kind, r.value, r.ci_lower, r.ci_upper, r.ci_level) for r in extract(text).records)
    assert got == [("OS", "hr", 0.65, 0.54, 0.78, 95.0), ("OS", "hr", 0.69, 0.59, 0.81, 95.0)]


def test_brackets_without_a_ratio_header_are_not_ratios():
    text = "In the ORBIT-4 trial, OS (95% CI) was longer with relatinib in all patients (0.69; 0.59 to 0.81)."
    assert not any(r.kind == "hr" for r in extract(text).records)


@pytest.mark.parametrize("between", [" in the CPS >=10 subgroup, ", " in women, ", " among patients aged 65 or "
                                                                                   "more, "])
def test_a_list_of_ratios_each_with_its_group(between):
    text = f"In the ORBIT-4 trial, HRs (95% CI) for OS were 0.73 (0.55-0.95){between}0.86 (0.72-1.04) in the " \
           "CPS >=1 subgroup, and 0.89 (0.76-1.05) in the ITT population."
    got = sorted((r.endpoint, r.kind, r.value, r.ci_lower, r.ci_upper) for r in extract(text).records)
    assert got == [("OS", "hr", 0.73, 0.55, 0.95), ("OS", "hr", 0.86, 0.72, 1.04), ("OS", "hr", 0.89, 0.76, 1.05)]


def test_a_single_ratio_names_no_list():
    # "the HR" (one ratio): a figure after a group is not another ratio
    text = "In the ORBIT-4 trial, the HR for OS was 0.73 (0.55-0.95) in women, 61.0 (55.2-66.1) in men."
    assert [r.value for r in extract(text).records if r.kind == "hr"] == [0.73]


@pytest.mark.parametrize("sep", ["; ", "; and "])
def test_ratios_listed_per_endpoint_after_a_colon(sep):
    text = "In the ORBIT-4 trial, HRs (95% CI) for the additional subgroups were, for OS: age < 65, 1.09 " \
           f"(0.85-1.40){sep}age 65-74, 0.71 (0.46-1.09); and age >= 75, 0.72 (0.51-1.01); and for PFS: age < 65, " \
           "0.85 (0.65-1.11); and age >= 65, 0.70 (0.44-1.09)."
    got = sorted((r.endpoint, r.kind, r.value, r.ci_lower, r.ci_upper) for r in extract(text).records)
    assert got == sorted([("OS", "hr", 1.09, 0.85, 1.40), ("OS", "hr", 0.71, 0.46, 1.09),
                          ("OS", "hr", 0.72, 0.51, 1.01), ("PFS", "hr", 0.85, 0.65, 1.11),
                          ("PFS", "hr", 0.70, 0.44, 1.09)])


def test_figures_per_endpoint_without_a_ratio_keyword_are_no_ratios():
    text = "In the ORBIT-4 trial, the subgroup estimates were, for OS: age < 65, 1.09 (0.85-1.40); and age >= 65, " \
           "0.71 (0.46-1.09)."
    assert not any(r.kind == "hr" for r in extract(text).records)


@pytest.mark.parametrize("word, kind", [("odds-ratio", "odds_ratio"), ("odds ratio", "odds_ratio"),
                                        ("hazard-ratio", "hr")])
def test_a_hyphenated_ratio_keyword(word, kind):
    ep = "progression-free survival was longer" if kind == "hr" else "the CR rate was higher"
    text = f"In the ORBIT-4 trial, {ep} with relatinib than with docetaxel ({word}: 2.09, 95% CI: 1.26-3.48)."
    got = [(r.kind, r.value, r.ci_lower, r.ci_upper) for r in extract(text).records]
    assert got == [(kind, 2.09, 1.26, 3.48)]
