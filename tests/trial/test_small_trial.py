"""The readout of the hand-built example trial (examples/small_trial), checked number by number.

Counts, rates, grade tables, quartiles and subgroup events/N are derived by hand in the comments from the CSV
files. Model-based figures (Cox HRs, log-rank, CIs, interaction LR) come from R: tests/reference/
trial_small_trial.R wrote trial_small_trial.json (survival 3.5; `coxph(ties = "breslow")`, `survdiff`,
`survfit(conf.type = "log-log")`, `binom.test`, `mantelhaen.test(correct = FALSE)`, `quantile(type = 2)`).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from trialscout import NE, NR
from trialscout.trial import run_readout

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / "examples" / "small_trial" / "spec.toml"
REF = json.loads((ROOT / "tests" / "reference" / "trial_small_trial.json").read_text())

# Tolerances. Closed-form quantities (KM products, Greenwood CIs, Clopper-Pearson, CMH) agree with R to
# rounding: 1e-9. Cox estimates: R stops Newton-Raphson when the log-likelihood changes by < 1e-9 relative,
# so its coefficients are only good to about 1e-9 absolute on the log scale; 1e-7 relative is safe and still
# catches any real difference.
EXACT = 1e-9
COX = 1e-7
# The spec's preset is sas: its Cox fits stop where PHREG stops (relative gradient GCONV = 1E-8), R's are fully
# converged; the difference is within the last digit SAS prints (tests/survival checks the GCONV iterate itself).
COX_GCONV = 2e-3


@pytest.fixture(scope="module")
def r():
    return run_readout(SPEC)


def test_arms_and_populations(r):
    assert r.arms == ("CART", "SOC")  # treated first, control last
    assert r.arm_labels == ("cell therapy", "standard of care")
    sizes = dict(r.population_sizes)
    assert sizes["itt"] == (10, 10)
    assert sizes["safety"] == (9, 10)  # S10 never treated: SAFFL = N
    assert sizes["as_treated"] == (9, 10)


def test_pfs_counts_km_and_landmark(r):
    pfs = r.endpoint("PFS")
    a, b = pfs.arms
    # events: CART S01 (2), S10 (6), S03 (8), S05 (15); SOC all but S14, S18, S20
    assert (a.n, a.n_events, b.n, b.n_events) == (10, 4, 10, 7)
    # CART: S(12) = 9/10 * 7/8 * 6/7 = 0.675, never below 0.5 -> median NR
    assert a.median.value_status is NR
    assert a.landmarks[0].estimate.value == pytest.approx(0.675, abs=EXACT)
    assert a.landmarks[0].n_at_risk == 6  # 12, 15, 20, 24, 30, 33
    # SOC: 0.9, 0.8, 0.7, x5/6 = 0.58333, x4/5 = 0.46667 at t = 9 -> median 9; S(12) = x3/4 = 0.35
    assert b.median.value == 9.0
    assert b.landmarks[0].estimate.value == pytest.approx(0.35, abs=EXACT)
    ref = REF["PFS"]
    # R summary(..., times = c(12, 24)): rows CART@12, CART@24, SOC@12, SOC@24
    for arm, i in ((a, 0), (b, 2)):
        est = arm.landmarks[0].estimate
        assert est.lower == pytest.approx(ref["landmark_lower"][i], abs=EXACT)
        assert est.upper == pytest.approx(ref["landmark_upper"][i], abs=EXACT)


def test_pfs_hazard_ratio_logrank_rmst(r):
    pfs = r.endpoint("PFS")
    ref = REF["PFS"]
    hr = pfs.hazard_ratio  # coxph(Surv ~ trt + strata(STRAT1), ties = "breslow")
    assert hr.value == pytest.approx(ref["hr"], rel=COX)
    assert hr.lower == pytest.approx(ref["hr_lower"], rel=COX)
    assert hr.upper == pytest.approx(ref["hr_upper"], rel=COX)
    assert pfs.logrank.statistic == pytest.approx(ref["logrank_chisq"], rel=EXACT)  # survdiff + strata
    assert pfs.logrank.pvalue == pytest.approx(ref["logrank_p"], rel=EXACT)
    a, b = pfs.arms
    # RMST to 24: CART 2*1 + 4*0.9 + 2*0.7875 + 7*0.675 + 9*0.54 = 16.76 (hand); R print.survfit rmean
    assert a.rmst.value == pytest.approx(16.76, abs=EXACT)
    assert a.rmst.value == pytest.approx(ref["rmst"]["CART"], abs=EXACT)
    assert b.rmst.value == pytest.approx(ref["rmst"]["SOC"], abs=EXACT)
    assert a.rmst.std_err == pytest.approx(ref["rmst"]["CART_se"], rel=1e-9)
    assert "stratified by STRAT1" in pfs.estimand and "unweighted" in pfs.estimand


def test_os(r):
    os_ = r.endpoint("OS")
    a, b = os_.arms
    # events: CART S10 (10), S03 (16), S05 (19); SOC S11 (5), S12 (9), S15 (13), S16 (17)
    assert (a.n_events, b.n_events) == (3, 4)
    assert a.median.value_status is NR and b.median.value_status is NR
    # CART: S(12) = 0.9; S(24) = 0.9 * 8/9 * 7/8 = 0.7. SOC: S(12) = 0.8, S(24) = 0.8 * 6/7 * 5/6 = ... = 0.6
    assert [lm.estimate.value for lm in a.landmarks] == pytest.approx([0.9, 0.7], abs=EXACT)
    assert [lm.estimate.value for lm in b.landmarks] == pytest.approx([0.8, 0.6], abs=EXACT)
    assert [lm.estimate.upper for lm in a.landmarks] == pytest.approx(REF["OS"]["landmark_upper"][:2], abs=EXACT)
    assert os_.hazard_ratio.value == pytest.approx(REF["OS"]["hr"], rel=COX)
    assert os_.logrank.statistic == pytest.approx(REF["OS"]["logrank_chisq"], rel=EXACT)


@pytest.mark.parametrize("eid, counts", [
    # ORR: CART CR/PR S01 S02 S04 S05 S06 S07 S08 S09 = 8 of 10 (S03 SD, S10 no record = non-responder);
    #      SOC S13 S14 S17 S18 S20 = 5 of 10
    ("ORR", ((8, 10), (5, 10))),
    # CR: CART S02 S04 S06 S07 S08; SOC S14 S18
    ("CR", ((5, 10), (2, 10))),
    # MRD 1e-5 among MRDEVFL = Y: CART evaluable S01 S02 S04 S05 S06 S08 S09, negative S02 S04 S06 S08 S09;
    #      SOC evaluable S11 S12 S14 S15 S16 S18 S19 S20, negative S14 S18
    ("MRD5", ((5, 7), (2, 8))),
])
def test_response_counts_and_rates(r, eid, counts):
    res = r.endpoint(eid)
    got = tuple((a.responders, a.n) for a in res.arms)
    assert got == counts
    ref = REF["response"][eid]
    for a, arm in zip(res.arms, ("CART", "SOC")):
        assert a.rate.value == pytest.approx(a.responders / a.n, abs=EXACT)
        assert a.rate.lower == pytest.approx(ref[arm]["lower"], abs=1e-9)  # binom.test
        assert a.rate.upper == pytest.approx(ref[arm]["upper"], abs=1e-9)
    assert res.difference.estimate.value == pytest.approx(counts[0][0] / counts[0][1] - counts[1][0] / counts[1][1])
    assert res.cmh.statistic == pytest.approx(ref["cmh"]["statistic"], rel=1e-9)
    assert res.cmh.pvalue == pytest.approx(ref["cmh"]["p"], rel=1e-9)
    if "or" in ref["cmh"]:  # stratified by STRAT1: MH odds ratio and its RBG interval as mantelhaen.test
        assert res.odds_ratio.estimate.value == pytest.approx(ref["cmh"]["or"], rel=1e-9)
        assert res.odds_ratio.estimate.lower == pytest.approx(ref["cmh"]["or_lower"], rel=1e-9)
        assert res.odds_ratio.estimate.upper == pytest.approx(ref["cmh"]["or_upper"], rel=1e-9)
    assert res.stratified is (eid != "MRD5")


def test_response_categories(r):
    cats = dict(r.endpoint("ORR").categories)
    # CART: CR 5, PR 3, SD 1 (S03), no record 1 (S10). SOC: CR 2, PR 3, SD 2 (S12 S15), PD 2 (S11 S16), NE 1 (S19)
    assert cats == {"CR": (5, 2), "PR": (3, 3), "SD": (1, 2), "PD": (0, 2), "NE": (0, 1), "(no record)": (1, 0)}


def test_safety_overview(r):
    s = r.safety
    assert s.arms == ("CART", "SOC") and s.n == (9, 10)
    ov = {c.label: c.n for c in s.overview}
    # TEAE (TRTEMFL = Y) in the safety set: CART S01-S07 (S08's only row is not treatment-emergent, S10 is not in
    # the safety set); SOC S11-S17
    assert ov["Any TEAE"] == (7, 7)
    # max grade CART: S01 4, S02 3, S03 3, S04 3, S05 5, S06 1, S07 1; SOC: S11 3, S12 4, S13 2, S14 2, S15 5,
    # S16 1, S17 3
    assert [ov[f"Maximum grade {g}"] for g in range(1, 6)] == [(2, 1), (0, 2), (3, 2), (1, 1), (1, 1)]
    assert ov["Grade 3 or 4 (maximum grade)"] == (4, 3)
    assert ov["Grade 3 or higher"] == (5, 4)
    assert ov["Grade 5 (fatal)"] == (1, 1)
    # serious: CART S03 S05; SOC S12 S15 S17
    assert ov["Serious TEAE"] == (2, 3)
    # related (AEREL = RELATED): CART S01-S06; SOC all TEAE subjects but S14
    assert ov["Treatment-related TEAE"] == (6, 6)
    # serious and related on the same event: CART S03 (CRS); SOC S12 (neutropenia), S15 (pneumonia), S17 (anaemia)
    assert ov["Serious treatment-related TEAE"] == (1, 3)


def test_safety_soc_pt_table(r):
    rows = {(x.soc, x.term): x for x in r.safety.rows}
    order = [(x.soc, x.term) for x in r.safety.rows]
    blood = "Blood and lymphatic system disorders"
    assert order == [
        (blood, None), (blood, "Anaemia"), (blood, "Neutropenia"),  # SOC totals 9, 5, 4 subjects
        ("Infections and infestations", None), ("Infections and infestations", "Pneumonia"),
        ("Immune system disorders", None), ("Immune system disorders", "Cytokine release syndrome"),
    ]
    # Anaemia: CART S01 (grades 2 and 3 -> once, at 3), S04 (3), S07 (1); SOC S13 (2), S17 (3)
    an = rows[(blood, "Anaemia")]
    assert an.any_grade == (3, 2) and an.grade3plus == (2, 1)
    assert an.by_grade == ((1, 0, 2, 0, 0), (0, 1, 1, 0, 0))
    # Neutropenia: CART S01 (4), S02 (3); SOC S11 (3 and 2 -> 3), S12 (4), S16 (1)
    ne = rows[(blood, "Neutropenia")]
    assert ne.by_grade == ((0, 0, 1, 1, 0), (1, 0, 1, 1, 0))
    # the SOC row counts a subject once at the max over its terms: CART S01 4, S02 3, S04 3, S07 1
    soc = rows[(blood, None)]
    assert soc.any_grade == (4, 5) and soc.grade3plus == (3, 3)
    assert soc.by_grade == ((1, 0, 2, 1, 0), (1, 1, 2, 1, 0))
    # Pneumonia: S10's grade 3 event is outside the safety set
    pn = rows[("Infections and infestations", "Pneumonia")]
    assert pn.by_grade == ((0, 0, 1, 0, 1), (0, 1, 1, 0, 1))
    crs = rows[("Immune system disorders", "Cytokine release syndrome")]
    assert crs.any_grade == (4, 0) and crs.grade3plus == (0, 0)


def test_most_common_grade3(r):
    top = r.safety.most_common_grade3
    # CART: anaemia, neutropenia, pneumonia each 2 at grade >= 3 (ties alphabetical); SOC: neutropenia 2,
    # pneumonia 2, anaemia 1
    assert [(x.term, x.grade3plus[0]) for x in top[0]] == [("Anaemia", 2), ("Neutropenia", 2), ("Pneumonia", 2)]
    assert [(x.term, x.grade3plus[1]) for x in top[1]] == [("Neutropenia", 2), ("Pneumonia", 2), ("Anaemia", 1)]


def test_deaths(r):
    d = r.deaths
    # ITT: CART S03 (PD), S05 (AE), S10 (PD); SOC S11 (PD), S12 (PD), S15 (AE), S16 (no cause recorded)
    assert d.n == (10, 10) and d.died == (3, 4)
    assert {c.label: c.n for c in d.causes} == {
        "PROGRESSIVE DISEASE": (2, 2), "ADVERSE EVENT": (1, 1), "Unknown": (0, 1)}


def test_baseline(r):
    age, sex, ecog = r.baseline
    cart, soc, overall = age.summaries
    # CART ages 49 54 58 61 63 66 67 70 72 75: mean 63.5, median 64.5; SAS definition 5 (type 2) quartiles:
    # 10 * 0.25 = 2.5 -> 3rd value 58, 10 * 0.75 = 7.5 -> 8th value 70
    assert (cart.n, cart.mean, cart.median, cart.q1, cart.q3, cart.min, cart.max) == (10, 63.5, 64.5, 58, 70, 49, 75)
    # SOC ages 52 55 57 59 60 64 68 69 71 74
    assert (soc.median, soc.q1, soc.q3, soc.min, soc.max) == (62.0, 57, 69, 52, 74)
    assert [cart.q1, cart.median, cart.q3] == REF["age_quartiles"]["CART"]
    assert [overall.q1, overall.median, overall.q3] == REF["age_quartiles"]["overall"]
    assert dict(sex.levels) == {"F": (5, 5, 10), "M": (5, 5, 10)}
    # ECOG 0: CART S01 S03 S05 S07 S08; SOC S11 S13 S14 S16 S18 S20
    assert dict(ecog.levels) == {"0": (5, 6, 11), "1": (5, 4, 9)}


def test_exposure(r):
    dose, cycles = r.exposure
    # CART doses (as treated, S01-S09) 0.55 0.62 0.66 0.70 0.71 0.75 0.78 0.80 0.90: median 0.71,
    # 9 * 0.25 = 2.25 -> 3rd value 0.66, 9 * 0.75 = 6.75 -> 7th value 0.78
    s = dose.summaries[0]
    assert dose.arms == ("CART",) and (s.n, s.median, s.q1, s.q3) == (9, 0.71, 0.66, 0.78)
    # SOC cycles 3 4 6 8 9 10 12 16 20 27: median 9.5, Q1 6, Q3 16
    c = cycles.summaries[0]
    assert (c.n, c.median, c.q1, c.q3) == (10, 9.5, 6, 16)
    assert [s.q1, s.median, s.q3] == pytest.approx(REF["exposure_quartiles"]["CARTDOSE"], abs=1e-12)


def test_subgroups(r):
    (sg,) = r.subgroups
    assert sg.endpoint == "PFS"
    assert (sg.overall.events, sg.overall.n) == ((4, 7), (10, 10))
    assert sg.overall.hazard_ratio.value == pytest.approx(REF["subgroups"]["overall"][0], rel=COX_GCONV)
    sex, age = sg.variables
    # PFS events/N. Sex F: CART S01 e, S03 e, S06, S08, S10 e -> 3/5; SOC S12 e, S14, S17 e, S18, S20 -> 2/5.
    # M: CART S05 e only -> 1/5; SOC S11 S13 S15 S16 S19 all events -> 5/5
    assert [(lv.level, lv.events, lv.n) for lv in sex.levels] == [("F", (3, 2), (5, 5)), ("M", (1, 5), (5, 5))]
    # Age < 65: CART S01 e, S02, S05 e, S07, S09 -> 2/5; SOC S11 e, S14, S15 e, S17 e, S18, S20 -> 3/6.
    # >= 65: CART S03 e, S04, S06, S08, S10 e -> 2/5; SOC S12 S13 S16 S19 all events -> 4/4
    assert [(lv.level, lv.events, lv.n) for lv in age.levels] == [
        ("<65", (2, 3), (5, 6)), ("\u226565", (2, 4), (5, 4))]
    for var, key, names in ((sex, "SEX", ("F", "M")), (age, "AGEGR", ("<65", ">=65"))):
        ref = REF["subgroups"][key]
        for lv, name in zip(var.levels, names):
            hr, lo, hi = ref["hr"][name]
            assert lv.hazard_ratio.value == pytest.approx(hr, rel=COX_GCONV)
            assert lv.hazard_ratio.lower == pytest.approx(lo, rel=COX_GCONV)
            assert lv.hazard_ratio.upper == pytest.approx(hi, rel=COX_GCONV)
        # anova-style LR: 2 (loglik(trt * v) - loglik(trt + v))
        assert var.interaction.statistic == pytest.approx(ref["interaction_lr"], rel=COX_GCONV)
        assert var.interaction.pvalue == pytest.approx(ref["interaction_p"], rel=COX_GCONV)
        assert var.interaction.df == 1


def test_not_estimable_subgroup_level_is_ne(tmp_path):
    """A level where one arm has no events gives HR NE, not a crash, and the rest is still computed."""
    import shutil

    d = tmp_path / "t"
    shutil.copytree(SPEC.parent, d)
    adsl = (d / "adsl.csv").read_text().replace("S05,CART,CART,Y,Y,Y,Y,S1,58,M", "S05,CART,CART,Y,Y,Y,Y,S1,58,X")
    (d / "adsl.csv").write_text(adsl)
    spec = (d / "spec.toml").read_text().replace('levels = ["F", "M"]\n', "")
    (d / "spec.toml").write_text(spec)
    sg = run_readout(d / "spec.toml").subgroups[0]
    lv = {x.level: x for x in sg.variables[0].levels}
    # only S05 (CART) is "X": the control arm has no subjects there
    assert lv["X"].n == (1, 0)
    assert lv["X"].hazard_ratio.value_status is NE
    assert lv["M"].events == (0, 5)  # S05 moved out of M: no CART event left -> NE
    assert lv["M"].hazard_ratio.value_status is NE


def test_weighted_cutoff_passes_through(tmp_path):
    """weighting = "cutoff:3": the HR is the weighted Cox model's, which with a 0/1 weight equals R's
    coxph(Surv(rep(3, n), time, event) ~ trt + strata(STRAT1), subset time > 3); the estimand says so."""
    import shutil

    d = tmp_path / "t"
    shutil.copytree(SPEC.parent, d)
    spec = d / "spec.toml"
    spec.write_text(spec.read_text().replace('weighting = "none"', 'weighting = "cutoff:3"'))
    pfs = run_readout(spec).endpoint("PFS")
    ref = REF["PFS_cutoff3"]
    assert pfs.hazard_ratio.value == pytest.approx(ref["hr"], rel=COX_GCONV)
    assert pfs.hazard_ratio.lower == pytest.approx(ref["hr_lower"], rel=COX_GCONV)
    assert pfs.hazard_ratio.upper == pytest.approx(ref["hr_upper"], rel=COX_GCONV)
    assert pfs.analysis.weights == "cutoff:3"
    assert "weight 0 up to 3 and 1 after" in pfs.estimand
    # the Kaplan-Meier summaries are not weighted
    assert pfs.arms[0].landmarks[0].estimate.value == pytest.approx(0.675, abs=EXACT)


def test_parquet_xpt_and_numeric_codes_give_the_same_readout(tmp_path):
    """ADSL as Parquet with the arm coded 1/2 (floats, as SAS exports numbers) and ADTTE as XPT: same numbers."""
    import shutil

    import pandas as pd

    from trialscout.io import write_table

    d = tmp_path / "t"
    shutil.copytree(SPEC.parent, d)
    adsl = pd.read_csv(d / "adsl.csv")
    code = {"CART": 1.0, "SOC": 2.0, "NOT TREATED": 9.0}
    adsl["ARM"] = adsl["ARM"].map(code)
    adsl["ACTARM"] = adsl["ACTARM"].map(code)
    write_table(adsl, d / "adsl.parquet")
    write_table(pd.read_csv(d / "adtte.csv"), d / "adtte.xpt")
    spec = d / "spec.toml"
    text = spec.read_text().replace('adsl = "adsl.csv"', 'adsl = "adsl.parquet"')
    text = text.replace('adtte = "adtte.csv"', 'adtte = "adtte.xpt"').replace('control = "SOC"', 'control = "2"')
    text = text.replace('CART = "cell therapy"', '"1" = "cell therapy"').replace('SOC = "standard of care"',
                                                                                 '"2" = "standard of care"')
    text = text.replace('arms = ["CART"]', 'arms = ["1"]').replace('arms = ["SOC"]', 'arms = ["2"]')
    spec.write_text(text)
    base = run_readout(SPEC)
    other = run_readout(spec)
    assert other.arms == ("1", "2") and other.arm_labels == base.arm_labels
    for a, b in zip(base.endpoints, other.endpoints):
        if a.endpoint.type == "tte":
            assert a.hazard_ratio == b.hazard_ratio
            assert [x.median for x in a.arms] == [x.median for x in b.arms]
        else:
            assert [(x.responders, x.n) for x in a.arms] == [(x.responders, x.n) for x in b.arms]
            assert a.cmh == b.cmh
    assert base.safety.overview == other.safety.overview and base.safety.rows == other.safety.rows
    assert base.subgroups[0].variables == other.subgroups[0].variables


def test_as_treated_endpoint_by_arm_received(tmp_path):
    """population = "as_treated", arm = "actual": S10 (never treated) leaves the CART arm: PFS 3 events of 9."""
    import shutil

    d = tmp_path / "t"
    shutil.copytree(SPEC.parent, d)
    spec = d / "spec.toml"
    spec.write_text(spec.read_text().replace('landmarks = [12]\nweighting = "none"',
                                             'landmarks = [12]\nweighting = "none"\npopulation = "as_treated"\n'
                                             'arm = "actual"'))
    pfs = run_readout(spec).endpoint("PFS")
    a, b = pfs.arms
    assert (a.n, a.n_events, b.n, b.n_events) == (9, 3, 10, 7)
    # CART without S10: 2e (n 9) -> 8/9; 5c; 8e (n 7) -> 8/9 * 6/7 = 0.7619; 12c -> S(12) = 0.76190...
    assert a.landmarks[0].estimate.value == pytest.approx(8 / 9 * 6 / 7, abs=EXACT)
    assert "by arm received" in pfs.estimand


def test_actual_arm_outside_population_arms_is_an_error(tmp_path):
    import shutil

    from trialscout import InputError

    d = tmp_path / "t"
    shutil.copytree(SPEC.parent, d)
    spec = d / "spec.toml"
    spec.write_text(spec.read_text().replace('landmarks = [12]\nweighting = "none"',
                                             'landmarks = [12]\nweighting = "none"\narm = "actual"'))
    with pytest.raises(InputError, match=r"column 'ACTARM' \(actual arm of endpoint 'PFS'\) is not one of "
                                         r"\['CART', 'SOC'\] .* data rows 10 \('S10'\)"):
        run_readout(spec)


def test_response_interval_as_a_sas_program_chose(tmp_path):
    """rate_ci = "WILSON" (SAS BINOMIAL(CL=WILSON)): the response rates carry the Wilson interval, which R's
    prop.test(correct = FALSE) also gives; the table's footnote names it; an unknown name is refused by key."""
    import shutil

    from trialscout import InputError
    from trialscout.binary import rate
    from trialscout.report import tables as T

    d = tmp_path / "t"
    shutil.copytree(SPEC.parent, d)
    spec = d / "spec.toml"
    text = spec.read_text()
    spec.write_text(text.replace('responders = ["CR", "PR"]\n', 'responders = ["CR", "PR"]\nrate_ci = "WILSON"\n', 1))
    res = run_readout(spec).endpoint("ORR")
    for a in res.arms:
        w = rate(a.responders, a.n, method="wilson")
        assert (a.rate.lower, a.rate.upper) == pytest.approx((w.lower, w.upper), rel=1e-12)
    assert "Rates with Wilson CIs" in T.response_table([res], ["CART", "SOC"]).footnote
    spec.write_text(text.replace('responders = ["CR", "PR"]\n', 'responders = ["CR", "PR"]\nrate_ci = "NOPE"\n', 1))
    with pytest.raises(InputError, match=r"rate_ci"):
        run_readout(spec)
