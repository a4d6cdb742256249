"""The time-to-event analysis of one endpoint (trialscout.trial.tte.analyze_tte) and its report
(trialscout.report.tte), checked against trialscout's own survival calls, R `survival` and the golden cases.

R figures: tests/reference/tte_cli_reference.R -> tte_cli_reference.json (see the case names there).
"""

import json
import math
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from trialscout import NE, NR, InputError
from trialscout.report.tte import tte_to_dict, tte_to_text
from trialscout.survival import cox_ph, kaplan_meier, logrank, rmst_difference
from trialscout.trial.tte import TTEAnalysis, analyze_tte

REF = Path(__file__).resolve().parents[1] / "reference"
# 1e-6 relative, the project's agreement with R: the same closed forms, and Cox fits converged far
# beyond R's own tolerance; 1e-9 absolute where a reference value is ~0.
RTOL, ATOL = 1e-6, 1e-9


@pytest.fixture(scope="module")
def r_ref():
    return json.loads((REF / "tte_cli_reference.json").read_text())


@pytest.fixture(scope="module")
def lung():
    d = pd.read_csv(REF / "data" / "lung.csv")
    d["event"] = (d["status"] == 2).astype(int)
    return d


@pytest.fixture(scope="module")
def veteran():
    d = pd.read_csv(REF / "data" / "veteran.csv")
    d["event"] = d["status"]
    return d


def assert_matches_r(ours, ref, path="") -> None:
    """Every number in the R reference ``ref`` equals the one at the same place in ``ours`` (null <-> None)."""
    if isinstance(ref, dict):
        assert isinstance(ours, dict), path
        for k, v in ref.items():
            assert k in ours, f"{path}.{k} missing"
            assert_matches_r(ours[k], v, f"{path}.{k}")
    elif isinstance(ref, list):
        assert len(ours) == len(ref), path
        for i, (a, b) in enumerate(zip(ours, ref)):
            assert_matches_r(a, b, f"{path}[{i}]")
    elif ref is None:
        assert ours is None, f"{path}: R gives NA, trialscout {ours}"
    elif isinstance(ref, str):
        assert ours == ref, path
    else:
        assert ours is not None, f"{path}: R gives {ref}, trialscout None"
        assert math.isclose(ours, ref, rel_tol=RTOL, abs_tol=ATOL), f"{path}: {ours} vs R {ref}"


def quiet(*args, **kwargs) -> TTEAnalysis:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return analyze_tte(*args, **kwargs)


# -- against R ----------------------------------------------------------------------------------------------
def test_lung_preset_r_matches_r(lung, r_ref):
    a = analyze_tte(lung.time, lung.event, lung.sex, control=1, preset="r", landmarks=(180, 365, 730), tau=700)
    assert_matches_r(tte_to_dict(a), r_ref["lung_r"])


def test_lung_loglog_breslow_matches_r(lung, r_ref):
    a = analyze_tte(lung.time, lung.event, lung.sex, preset="r", conf_type="log-log", ties="breslow",
                    landmarks=(180, 365, 730), tau=700)
    d = tte_to_dict(a)
    assert (d["conf_type"], d["ties"], d["preset"]) == ("log-log", "breslow", "r")
    assert_matches_r(d, r_ref["lung_r_loglog_breslow"])


def test_lung_stratified_matches_r(lung, r_ref):
    e = lung.dropna(subset=["ph.ecog"])
    a = analyze_tte(e.time, e.event, e.sex, strata=(e["ph.ecog"] >= 1).astype(int), preset="r",
                    landmarks=(365,), tau=700)
    d = tte_to_dict(a)
    assert_matches_r(d, r_ref["lung_strata_r"])
    # docs/conventions.md golden: survdiff 10.60408, not the Breslow Cox score test 10.5718
    assert d["logrank"]["chisq"] == pytest.approx(10.60408, abs=5e-6)
    b = analyze_tte(e.time, e.event, e.sex, strata=(e["ph.ecog"] >= 1).astype(int), preset="sas")
    assert tte_to_dict(b)["cox"]["score_chisq"] == pytest.approx(r_ref["lung_strata_breslow_score"], rel=RTOL)


def test_weights_match_r(lung, r_ref):
    fh = analyze_tte(lung.time, lung.event, lung.sex, weights="fh:1,0")
    assert_matches_r(tte_to_dict(fh)["logrank"], r_ref["lung_fh10_logrank"])
    # preset r (R's full convergence) with Breslow ties: the same model R fitted
    cut = analyze_tte(lung.time, lung.event, lung.sex, weights="cutoff:200", ties="breslow", preset="r")
    cox = tte_to_dict(cut)["cox"]
    ref = r_ref["lung_cutoff200_cox_breslow"]
    # the weighted Cox equals R's delayed-entry fit (CONVENTIONS.md): estimate, SE, CI and Wald P
    assert_matches_r({k: cox[k] for k in ("hr", "lower", "upper", "coef", "se", "p_wald")},
                     {k: ref[k] for k in ("hr", "lower", "upper", "coef", "se", "p_wald")})
    assert cut.weights == "cutoff:200"


def test_four_arms_match_r(veteran, r_ref):
    with pytest.warns(UserWarning, match=r"arm '(adeno|smallcell)': `tau` = 400 is beyond"):
        a = analyze_tte(veteran.time, veteran.event, veteran.celltype, control="squamous", preset="r",
                        landmarks=(90,), tau=400)
    assert len(a.warnings) == 2  # adeno and smallcell end before 400; R's rmean carries S forward too
    d = tte_to_dict(a)
    assert d["control_arm"] == "squamous"
    assert d["treated_arm"] == ["adeno", "large", "smallcell"]
    assert set(d["cox"]) == {"adeno", "large", "smallcell"}
    assert set(d["logrank"]) == {"adeno", "large", "smallcell", "overall"}
    assert d["logrank"]["overall"]["df"] == 3
    assert_matches_r(d, r_ref["veteran_r"])


# -- golden cases and the library's own calls -----------------------------------------------------------------
def test_lung_preset_sas_golden(lung):
    a = analyze_tte(lung.time, lung.event, lung.sex)
    assert a.control_arm == "1" and a.treated_arms == ("2",)
    m1, m2 = a.arm(1).median, a.arm(2).median
    assert (m1.value, m1.lower, m1.upper) == (270, 210, 306)
    assert (m2.value, m2.lower, m2.upper) == (426, 345, 524)
    assert a.overall_logrank.statistic == pytest.approx(10.3267, abs=5e-5)
    assert a.comparison(2).logrank.statistic == a.overall_logrank.statistic
    assert (a.preset, a.conf_type, a.ties) == ("sas", "log-log", "breslow")


def test_pieces_equal_direct_library_calls(lung):
    t, e, g = lung.time.to_numpy(), lung.event.to_numpy(), lung.sex.to_numpy()
    a = analyze_tte(t, e, g, landmarks=(365,), tau=700, preset="sas")
    for arm in (1, 2):
        km = kaplan_meier(t[g == arm], e[g == arm], preset="sas")
        s = a.arm(arm)
        assert s.median == km.median() and s.q25 == km.quantile(0.25) and s.q75 == km.quantile(0.75)
        assert s.landmarks[0].estimate == km.survival_at(365)
        assert s.landmarks[0].n_at_risk == km.n_at_risk_at(365)
        assert s.rmst == km.rmst(700)
    fit = cox_ph(t, e, (g == 2).astype(float), ties="breslow")
    c = a.comparison(2)
    assert c.hazard_ratio == fit.hazard_ratio()
    assert c.cox.score_statistic == fit.score_statistic and c.cox.lr_statistic == fit.lr_statistic
    assert c.logrank.statistic == logrank(t, e, g).statistic
    rd = rmst_difference(kaplan_meier(t[g == 2], e[g == 2]), kaplan_meier(t[g == 1], e[g == 1]), 700)
    assert c.rmst_difference.estimate == rd.estimate and c.rmst_difference.pvalue == rd.pvalue


def test_default_control_is_first_sorted(lung):
    a = analyze_tte(lung.time, lung.event, lung.sex.map({1: "Male", 2: "Female"}))
    assert a.control_arm == "Female"  # alphabetical
    b = analyze_tte(lung.time, lung.event, lung.sex * 5)  # numbers sort numerically: 5 before 10
    assert b.control_arm == "5"


def test_swapping_control_inverts_hr_keeps_logrank(lung):
    a = analyze_tte(lung.time, lung.event, lung.sex, control=1)
    b = analyze_tte(lung.time, lung.event, lung.sex, control="2")
    ha, hb = a.comparison(2).hazard_ratio, b.comparison(1).hazard_ratio
    assert ha.value * hb.value == pytest.approx(1, rel=1e-9)
    assert ha.lower * hb.upper == pytest.approx(1, rel=1e-9)
    assert a.overall_logrank.statistic == pytest.approx(b.overall_logrank.statistic, rel=1e-12)


def test_row_order_does_not_matter(lung):
    perm = np.random.default_rng(7).permutation(len(lung))
    s = lung.iloc[perm]
    d1 = tte_to_dict(analyze_tte(lung.time, lung.event, lung.sex, landmarks=(365,), tau=700))
    d2 = tte_to_dict(analyze_tte(s.time, s.event, s.sex, landmarks=(365,), tau=700))
    assert_matches_r(d2, d1)


def test_not_reached_and_beyond_followup():
    # arm B: few events, S stays above 0.5 -> median NR; landmark beyond follow-up -> NE under sas
    t = [1, 2, 3, 4, 5, 6, 1, 2, 3, 4, 5, 6]
    e = [1, 1, 1, 1, 1, 0, 0, 1, 0, 0, 0, 0]
    g = ["A"] * 6 + ["B"] * 6
    a = analyze_tte(t, e, g, landmarks=(3, 10))
    mb = a.arm("B").median
    assert mb.value_status is NR
    d = tte_to_dict(a)
    assert d["arms"]["B"]["median"]["value"] is None
    assert d["arms"]["B"]["median"]["status"]["value"] == "NR"
    lm = d["arms"]["A"]["landmarks"][1]
    assert lm == {"time": 10.0, "surv": None, "lower": None, "upper": None, "std_err": None, "n_risk": 0,
                  "status": {"surv": "NE", "lower": "NE", "upper": "NE", "std_err": "NE"}}
    # preset r carries S forward past the last follow-up
    r = tte_to_dict(analyze_tte(t, e, g, landmarks=(10,), preset="r"))
    assert r["arms"]["B"]["landmarks"][0]["surv"] == pytest.approx(4 / 5)  # censored at 1, event at 2 of 5
    assert r["rmst_difference"] is None and r["arms"]["A"]["rmst"] is None  # no tau


def test_arm_without_events_keeps_the_rest():
    t = [1, 2, 3, 4, 5, 6, 2, 4, 6, 8]
    e = [1, 1, 0, 1, 1, 0, 0, 0, 0, 0]
    g = ["ctl"] * 6 + ["new"] * 4
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        a = analyze_tte(t, e, g, landmarks=(3,), tau=5)
    assert [str(w.message) for w in caught] == list(a.warnings)
    assert any(w.startswith("hazard ratio new vs ctl is not estimable") for w in a.warnings)
    c = a.comparison("new")
    assert c.cox is None and c.hazard_ratio.value_status is NE
    assert math.isfinite(c.logrank.statistic) and c.logrank.pvalue < 1
    assert c.rmst_difference is not None
    assert any("arm 'new' has no events" in w for w in a.warnings)
    d = tte_to_dict(a)
    assert d["cox"]["hr"] is None and d["cox"]["status"]["hr"] == "NE"
    assert set(d["cox"]["status"]) == {"hr", "lower", "upper", "coef", "se", "p_wald", "lr_chisq", "score_chisq"}
    assert d["arms"]["new"]["median"]["status"]["value"] == "NR"
    text = tte_to_text(a)
    assert "HR NE (95% CI, NE\u2013NE)" in text and "Warning: hazard ratio new vs ctl is not estimable" in text


def test_tau_beyond_followup_warning_names_the_arm():
    with pytest.warns(UserWarning, match=r"arm 'B': `tau` = 9 is beyond the last follow-up time 6"):
        analyze_tte([1, 2, 3, 4, 5, 9, 1, 2, 3, 4, 5, 6], [1] * 12, ["A"] * 6 + ["B"] * 6, tau=9)


# -- errors ------------------------------------------------------------------------------------------------
def test_one_arm_only():
    with pytest.raises(InputError, match=r"^`arm` has only one arm \('A'\); a comparison needs at least two arms$"):
        analyze_tte([1, 2, 3], [1, 1, 0], ["A", "A", "A"])


def test_unknown_control_lists_arms():
    with pytest.raises(InputError, match=r"^`control` 'C' is not an arm; arms are 'A', 'B'$"):
        analyze_tte([1, 2, 3, 4], [1, 1, 0, 1], ["A", "B", "A", "B"], control="C")


@pytest.mark.parametrize("control", ["inf", "nan", "1.5", 3])
def test_unknown_control_of_any_kind(control):
    with pytest.raises(InputError, match=r"is not an arm; arms are '1', '2'$"):
        analyze_tte([1, 2, 3, 4], [1, 1, 0, 1], [1, 2, 1, 2], control=control)


def test_control_given_as_number_or_text(lung):
    assert analyze_tte(lung.time, lung.event, lung.sex, control="2").control_arm == "2"
    a = analyze_tte(lung.time, lung.event, lung.sex.astype(float), control=2.0)
    assert a.control_arm == "2" and a.arm_labels == ("2", "1")  # control first; floats 1.0 read as "1"
    assert a.arm(1.0) is a.arm("1") is a.arm(np.int64(1)) and a.comparison(1.0).arm == "1"
    with pytest.raises(InputError, match=r"arm 3 is not in the analysis; arms are 2, 1"):
        a.arm(3)


def test_stratum_with_one_arm_is_named():
    with pytest.raises(InputError, match=r"^stratum 'high' holds only arm 'B': every stratum needs at least two arms"):
        analyze_tte([1, 2, 3, 4, 5, 6], [1, 1, 1, 1, 1, 1], ["A", "B", "A", "B", "B", "B"],
                    strata=["low", "low", "low", "low", "high", "high"], single_arm_strata="error")


def test_pairwise_strata_missing_an_arm_are_left_out():
    # 3 arms; stratum 'y' has A and C only: the A-vs-B comparison leaves it out (it adds nothing) and says so
    t = np.arange(1, 13, dtype=float)
    g = ["A", "B", "C", "A", "B", "C", "A", "C", "A", "C", "B", "A"]
    s = ["x", "x", "x", "x", "x", "x", "y", "y", "y", "y", "x", "x"]
    a = quiet(t, np.ones(12), g, strata=s)
    c = a.comparison("B")
    assert "strata 'y' hold only one of the two arms" in c.note
    keep = np.isin(g, ["A", "B"]) & (np.array(s) == "x")
    ref = logrank(t[keep], np.ones(keep.sum()), np.array(g)[keep], strata=np.array(s)[keep])
    assert c.logrank.statistic == pytest.approx(ref.statistic, rel=1e-12)


def test_no_events_at_all():
    with pytest.raises(InputError, match="there are no events in any arm"):
        analyze_tte([1, 2, 3, 4], [0, 0, 0, 0], ["A", "B", "A", "B"])


@pytest.mark.parametrize("kwargs, message", [
    ({"landmarks": (-1,)}, "`landmarks` must be finite, non-negative times"),
    ({"landmarks": ("x",)}, "`landmarks` must be times"),
    ({"tau": 0}, "`tau` must be a positive number"),
    ({"weights": "fh:x"}, "`weights` must be 'none'"),
    ({"preset": "stata"}, "`preset` must be one of"),
    ({"conf_type": "probit"}, "`conf_type` must be one of"),
    ({"ties": "none"}, "`ties` must be one of"),
    ({"confidence_level": 95}, "`confidence_level` must be between 0 and 1"),
])
def test_option_errors(kwargs, message):
    with pytest.raises(InputError, match=message):
        analyze_tte([1, 2, 3, 4], [1, 1, 0, 1], ["A", "B", "A", "B"], **kwargs)


def test_bad_times_name_rows():
    with pytest.raises(InputError, match=r"^`time` must be non-negative; row 7 has -2\.0$"):
        analyze_tte([1, -2, 3, 4], [1, 1, 0, 1], ["A", "B", "A", "B"], row_labels=[5, 7, 9, 11])


# -- the text report -----------------------------------------------------------------------------------------
def test_text_report(lung):
    a = analyze_tte(lung.time, lung.event, lung.sex, landmarks=(365,), tau=700)
    text = tte_to_text(a)
    lines = text.splitlines()
    assert lines[0].split() == ["1", "(control)", "2"]
    assert "270.0 (95% CI, 210.0\u2013306.0)" in text and "426.0 (95% CI, 345.0\u2013524.0)" in text
    assert "HR 0.59 (95% CI, 0.42\u20130.82)" in text
    assert "chi-square 10.33, 1 df, P = .001" in text
    assert "33.6% (95% CI, 25.3%\u201342.1%)" in text
    assert "Preset sas: log-log CIs, brookmeyer-crowley quantile CIs, breslow ties." in text


def test_text_report_many_arms(veteran):
    text = tte_to_text(quiet(veteran.time, veteran.event, veteran.celltype, control="squamous"))
    assert text.splitlines()[0].split() == ["squamous", "(control)", "adeno", "large", "smallcell"]
    assert "Overall log-rank test (4 arms): chi-square" in text


# -- the control arm when none is named -------------------------------------------------------------------------
@pytest.mark.parametrize("arms, control, rule", [
    (["CART", "SOC"], "SOC", "label"),
    (["Cilta-cel", "Standard of care (PVd or DPd)"], "Standard of care (PVd or DPd)", "label"),
    (["Placebo", "Ribociclib"], "Placebo", "label"),
    (["Drug X", "control arm"], "control arm", "label"),
    (["1", "2"], "1", "sorted-first"),               # nothing names a control
    (["Placebo A", "Placebo B"], "Placebo A", "sorted-first"),  # two candidates: not decided by label
    (["Socrates", "Zeno"], "Socrates", "sorted-first"),          # whole words only: "Soc" inside a word is not SOC
])
def test_choose_control(arms, control, rule):
    from trialscout.trial.tte import choose_control

    assert choose_control(arms) == (control, rule)


def test_default_control_by_label_is_recorded():
    # a new user's data: the alphabetically first arm (CART) is the experimental one
    t = np.array([2.0, 5, 7, 9, 11, 12, 3, 4, 6, 8])
    e = np.array([1, 0, 1, 1, 0, 1, 1, 1, 1, 1])
    arm = np.array(["CART"] * 6 + ["SOC"] * 4)
    a = analyze_tte(t, e, arm)
    assert (a.control_arm, a.control_rule, a.treated_arms) == ("SOC", "label", ("CART",))
    given = analyze_tte(t, e, arm, control="CART")
    assert (given.control_arm, given.control_rule) == ("CART", "given")
    assert a.comparisons[0].hazard_ratio.value == pytest.approx(1 / given.comparisons[0].hazard_ratio.value, rel=1e-9)


def test_compare_auto_describes_one_arm():
    a = analyze_tte([1.0, 2, 3], [1, 0, 1], ["A"] * 3, compare="auto")
    assert not a.compared and a.control_rule is None and a.arms[0].n == 3
