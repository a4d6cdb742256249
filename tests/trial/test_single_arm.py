"""Single-arm time-to-event endpoints and strata that hold one arm only.

- ``analyze_tte(..., compare=False)`` describes arms without comparing them; the readout uses it for a spec
  endpoint with ``arms = ["X"]`` (CARTITUDE-4's treatment-free survival is published for cilta-cel only).
- ``analyze_tte(..., single_arm_strata="drop")`` lets a stratum that holds one arm contribute nothing, as SAS
  PHREG/LIFETEST STRATA and R coxph/survdiff with strata() do; the default "error" (what `trialscout tte` uses)
  names the stratum. R figures: tests/reference/trial_single_arm_strata.R -> trial_single_arm_strata.json.
"""

from __future__ import annotations

import json
import shutil
import warnings
from pathlib import Path

import pandas as pd
import pytest

from trialscout import NR, InputError
from trialscout.report.build import build_report
from trialscout.report.tte import tte_to_dict, tte_to_text
from trialscout.survival import kaplan_meier
from trialscout.trial import run_readout
from trialscout.trial.tte import analyze_tte

ROOT = Path(__file__).resolve().parents[2]
REF = ROOT / "tests" / "reference"
EXAMPLE = ROOT / "examples" / "small_trial"
# R's coxph stops iterating when the log-likelihood changes by < 1e-9 relative: its coefficient is good to about
# 1e-9 absolute (see test_small_trial.py); the log-rank statistic is a closed form: 1e-12 relative.
COX, EXACT = 1e-7, 1e-12
# The sas preset reports the Cox iterate at which PHREG stops (relative gradient GCONV = 1E-8), R the fully
# converged one: with |log L| ~ 500 and information ~ 35 that criterion allows |d coef| up to ~4e-4, i.e. the
# last printed digit of SAS's listing (tests/survival checks the GCONV iterate itself against SAS and a loop).
COX_GCONV = 2e-3


@pytest.fixture(scope="module")
def lung_ecog():
    d = pd.read_csv(REF / "data" / "lung.csv")
    d = d[d["ph.ecog"].notna()].reset_index(drop=True)  # 227 rows, as in the R script
    d["event"] = (d["status"] == 2).astype(int)
    return d


@pytest.fixture(scope="module")
def r_ref():
    return json.loads((REF / "trial_single_arm_strata.json").read_text())


# ------------------------------------------------------------------------------------ strata with one arm


def test_stratum_with_one_arm_warns_by_default(lung_ecog, r_ref):
    d = lung_ecog
    assert (r_ref["stratum_3"]["n_sex1"], r_ref["stratum_3"]["n_sex2"]) == (1, 0)  # the lonely stratum
    with pytest.warns(UserWarning, match=r"stratum '3' holds only arm '1': it contributes nothing"):
        a = analyze_tte(d.time, d.event, d.sex, control=1, strata=d["ph.ecog"].astype(int))
    assert a.single_arm_strata == (("3", "1"),)
    quiet = analyze_tte(d.time, d.event, d.sex, control=1, strata=d["ph.ecog"].astype(int), single_arm_strata="drop")
    assert quiet.comparison(2).hazard_ratio.value == a.comparison(2).hazard_ratio.value
    with pytest.raises(InputError, match=r"^stratum '3' holds only arm '1': every stratum needs at least two arms"):
        analyze_tte(d.time, d.event, d.sex, control=1, strata=d["ph.ecog"].astype(int), single_arm_strata="error")
    with pytest.raises(InputError, match=r"^`single_arm_strata` must be 'error' or 'drop'; got 'skip'$"):
        analyze_tte(d.time, d.event, d.sex, control=1, strata=d["ph.ecog"].astype(int), single_arm_strata="skip")


@pytest.mark.parametrize("preset, key", [("sas", "cox_breslow"), ("r", "cox_efron")])
def test_dropped_stratum_matches_r(lung_ecog, r_ref, preset, key):
    # coxph(Surv(time, event) ~ treated + strata(ph.ecog), ties = ...) and survdiff(... ~ sex + strata(ph.ecog))
    d = lung_ecog
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # dropping is what was asked for: a recorded fact, not a warning
        a = analyze_tte(d.time, d.event, d.sex, control=1, strata=d["ph.ecog"].astype(int), preset=preset,
                        single_arm_strata="drop")
    ref = r_ref[key]
    c = a.comparison(2)
    tol = COX if preset == "r" else COX_GCONV
    assert c.cox.coef[0] == pytest.approx(ref["coef"], rel=tol)
    assert c.cox.se[0] == pytest.approx(ref["se"], rel=tol)
    for mine, theirs in ((c.hazard_ratio.value, ref["hr"]), (c.hazard_ratio.lower, ref["lower"]),
                         (c.hazard_ratio.upper, ref["upper"]), (c.cox.pvalue(0), ref["p_wald"])):
        assert mine == pytest.approx(theirs, rel=tol)
    assert c.logrank.statistic == pytest.approx(r_ref["logrank"]["chisq"], rel=EXACT)
    assert c.logrank.pvalue == pytest.approx(r_ref["logrank"]["p"], rel=1e-9)
    assert a.overall_logrank.statistic == pytest.approx(r_ref["logrank"]["chisq"], rel=EXACT)
    assert a.single_arm_strata == (("3", "1"),)
    assert a.strata == ("0", "1", "2", "3") and a.warnings == ()
    # the lonely stratum's patient still counts in the arm summaries (Kaplan-Meier is unstratified)
    assert a.arm(1).n == int((d.sex == 1).sum()) == 137
    km = kaplan_meier(d.time[d.sex == 1], d.event[d.sex == 1], preset=preset)
    assert a.arm(1).median.value == km.median().value


def test_drop_equals_leaving_the_stratum_out(lung_ecog):
    # a hand check independent of R: the comparison is the one without the stratum's rows
    d = lung_ecog
    a = analyze_tte(d.time, d.event, d.sex, control=1, strata=d["ph.ecog"].astype(int), single_arm_strata="drop")
    k = d[d["ph.ecog"] != 3]
    b = analyze_tte(k.time, k.event, k.sex, control=1, strata=k["ph.ecog"].astype(int))
    assert a.comparison(2).hazard_ratio.value == pytest.approx(b.comparison(2).hazard_ratio.value, rel=1e-12)
    assert a.comparison(2).logrank.statistic == pytest.approx(b.comparison(2).logrank.statistic, rel=1e-12)
    assert a.arm(1).n == b.arm(1).n + 1
    assert "stratum 3 holds only arm 1" in tte_to_text(a)
    assert tte_to_dict(a)["single_arm_strata"] == [{"stratum": "3", "arm": "1"}]
    assert "single_arm_strata" not in tte_to_dict(b)


def test_drop_with_no_events_left_is_an_error():
    # the only two-arm stratum has no events: nothing can be compared
    with pytest.raises(InputError, match=r"no events in the strata that hold two or more arms"):
        analyze_tte([1, 2, 3, 4], [0, 0, 1, 1], ["A", "B", "A", "A"], strata=["x", "x", "y", "y"],
                    single_arm_strata="drop")


# ------------------------------------------------------------------------------------ compare=False


def test_compare_false_describes_one_arm(lung_ecog):
    d = lung_ecog[lung_ecog.sex == 1]
    a = analyze_tte(d.time, d.event, d.sex, compare=False, landmarks=[365], tau=500)
    km = kaplan_meier(d.time, d.event)
    (arm,) = a.arms
    assert arm.arm == "1" and arm.n == 137 and arm.n_events == int(d.event.sum())
    assert arm.median.value == km.median().value and arm.median.lower == km.median().lower
    assert arm.landmarks[0].estimate.value == km.survival_at(365).value
    assert arm.rmst.value == pytest.approx(km.rmst(500).value, rel=1e-15)
    assert a.comparisons == () and a.control_arm is None and a.overall_logrank is None and not a.compared
    out = tte_to_dict(a)
    assert out["control_arm"] is None and out["cox"] is None and out["logrank"] is None
    assert "No comparison of arms" in tte_to_text(a)
    with pytest.raises(InputError, match=r"the arms were not compared"):
        a.comparison("1")


def test_compare_false_without_events_is_descriptive():
    with pytest.warns(UserWarning, match=r"arm 'A' has no events: its median is not reached$"):
        a = analyze_tte([1, 2, 3], [0, 0, 0], ["A", "A", "A"], compare=False)
    assert a.arms[0].median.value_status is NR


def test_one_arm_still_an_error_when_comparing():
    with pytest.raises(InputError, match=r"^`arm` has only one arm \('A'\); a comparison needs at least two arms$"):
        analyze_tte([1, 2, 3], [1, 0, 1], ["A", "A", "A"])


# ------------------------------------------------------------------------------------ the readout


def _trial(tmp_path: Path, extra_spec: str = "", adsl_edit=None, adtte_edit=None) -> Path:
    d = tmp_path / "trial"
    shutil.copytree(EXAMPLE, d)
    spec = (d / "spec.toml").read_text()
    # endpoints must come before [safety] in the file: insert the extra tables before it
    spec = spec.replace("[safety]", extra_spec + "\n[safety]", 1)
    (d / "spec.toml").write_text(spec)
    if adsl_edit is not None:
        adsl = pd.read_csv(d / "adsl.csv", dtype=str, keep_default_na=False)
        adsl_edit(adsl)
        adsl.to_csv(d / "adsl.csv", index=False)
    if adtte_edit is not None:
        adtte = pd.read_csv(d / "adtte.csv", dtype=str, keep_default_na=False)
        adtte = adtte_edit(adtte)
        adtte.to_csv(d / "adtte.csv", index=False)
    return d / "spec.toml"


TFS = """
[[endpoints]]
id = "TFS"
type = "tte"
paramcd = "TFS"
label = "Treatment-free survival"
arms = ["CART"]
landmarks = [12, 24]
"""


def _add_tfs(adtte: pd.DataFrame) -> pd.DataFrame:
    # TFS rows for the CART arm only (S01-S10), equal to their OS rows: the figures must then equal OS's CART arm
    os_cart = adtte[(adtte.PARAMCD == "OS") & adtte.USUBJID.isin([f"S{i:02d}" for i in range(1, 11)])].copy()
    os_cart["PARAMCD"] = "TFS"
    os_cart["PARAM"] = "Treatment-free survival (months)"
    return pd.concat([adtte, os_cart], ignore_index=True)


def test_single_arm_endpoint_in_the_readout_and_report(tmp_path):
    spec = _trial(tmp_path, TFS, adtte_edit=_add_tfs)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        res = build_report(spec, tmp_path / "out")
    r = res.readout
    tfs, os_ = r.endpoint("TFS"), r.endpoint("OS")
    assert tfs.single_arm and not os_.single_arm
    (a,) = tfs.arms
    b = os_.arms[0]
    assert a.arm == b.arm == "CART" and (a.n, a.n_events) == (b.n, b.n_events) == (10, b.n_events)
    assert a.median.value_status is b.median.value_status
    assert [lm.estimate.value for lm in a.landmarks] == [lm.estimate.value for lm in b.landmarks]
    assert [lm.estimate.lower for lm in a.landmarks] == [lm.estimate.lower for lm in b.landmarks]
    assert tfs.comparison is None and tfs.hazard_ratio is None and tfs.logrank is None
    assert tfs.notes == ("single-arm endpoint: no comparison",)
    assert "Kaplan-Meier estimates for cell therapy only" in tfs.estimand
    data = json.loads(res.json.read_text())["endpoints"]["TFS"]
    assert list(data["arms"]) == ["CART"] and data["arms"]["CART"]["n"] == 10
    assert data["compared"] is False and data["hazard_ratio"] is None and data["logrank"] is None
    assert data["notes"] == ["single-arm endpoint: no comparison"]
    html = res.html.read_text()
    assert "single-arm endpoint: no comparison" in html
    assert "Median TFS was " in html and "with cell therapy (single-arm endpoint: no comparison)." in html
    assert {p.name for p in res.figures} >= {"km_TFS.svg", "km_TFS.png"}
    assert res.warnings == ()


def test_single_arm_spec_errors(tmp_path):
    bad_arm = TFS.replace('arms = ["CART"]', 'arms = ["CAR"]')
    spec = _trial(tmp_path, bad_arm, adtte_edit=_add_tfs)
    with pytest.raises(InputError, match=r"key 'endpoints \(id 'TFS'\)\.arms' names 'CAR', which is not an arm"):
        run_readout(spec)
    for i, (text, msg) in enumerate((
        (TFS.replace('arms = ["CART"]', "arms = []"), r"\.arms' must list one arm \(a single-arm endpoint\) or two"),
        (TFS + 'weighting = "fh:0,1"\n', r"\.weighting' applies to the comparison of arms"),
        (TFS + "stratified = true\n", r"\.stratified' applies to the comparison of arms"),
    )):
        sub = tmp_path / f"case{i}"
        sub.mkdir()
        with pytest.raises(InputError, match=msg):
            run_readout(_trial(sub, text, adtte_edit=_add_tfs))
    (tmp_path / "t3").mkdir()
    spec = _trial(tmp_path / "t3", TFS, adtte_edit=_add_tfs)
    spec.write_text(spec.read_text().replace('endpoints = ["PFS"]', 'endpoints = ["TFS"]'))
    with pytest.raises(InputError, match=r"names 'TFS', a single-arm endpoint: subgroup hazard ratios need two arms"):
        run_readout(spec)


def test_population_with_one_arm_needs_the_arms_key(tmp_path):
    text = TFS.replace('arms = ["CART"]\n', 'population = "cart"\n')
    spec = _trial(tmp_path, text, adtte_edit=_add_tfs)
    spec.write_text(spec.read_text().replace('as_treated = "ASTRTFL"',
                                             'as_treated = "ASTRTFL"\ncart = { where = "ARM == \'CART\'" }'))
    with pytest.raises(InputError, match=r"^endpoint 'TFS': arm 'SOC' has no subjects in population 'cart'; for an "
                                         r"endpoint reported for 'CART' only, add arms = \['CART'\]"):
        run_readout(spec)


def test_missing_row_of_the_single_arm_is_named(tmp_path):
    spec = _trial(tmp_path, TFS, adtte_edit=lambda t: _add_tfs(t).query("not (PARAMCD == 'TFS' and USUBJID == 'S04')"))
    with pytest.raises(InputError, match=r"no row with PARAMCD 'TFS' for 1 subject\(s\) of population 'itt' in arm "
                                         r"'CART' \(endpoint 'TFS'\): 'S04'"):
        run_readout(spec)


def test_lonely_stratum_contributes_nothing_in_the_readout(tmp_path):
    def solo(adsl):
        adsl.loc[adsl.USUBJID == "S01", "STRAT1"] = "S9"  # S01 (CART, PFS event at 2) alone in stratum S9

    spec = _trial(tmp_path, adsl_edit=solo)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        res = build_report(spec, tmp_path / "out")
    pfs = res.readout.endpoint("PFS")
    note = "stratum S9 holds only cell therapy: it contributes nothing to the stratified comparison"
    assert pfs.notes == (note,) and pfs.analysis.single_arm_strata == (("S9", "CART"),)
    assert pfs.arms[0].n == 10 and pfs.arms[0].n_events == 4  # S01 still counts in the arm's KM
    # the comparison equals the one without S01 (R's coxph/survdiff would give the same: see the lung test)
    adsl = pd.read_csv(spec.parent / "adsl.csv")
    tte = pd.read_csv(spec.parent / "adtte.csv").query("PARAMCD == 'PFS'").merge(adsl, on="USUBJID")
    k = tte[tte.USUBJID != "S01"]
    ref = analyze_tte(k.AVAL, k.CNSR == 0, k.ARM, control="SOC", strata=k.STRAT1)
    assert pfs.hazard_ratio.value == pytest.approx(ref.comparison("CART").hazard_ratio.value, rel=1e-12)
    assert pfs.logrank.statistic == pytest.approx(ref.comparison("CART").logrank.statistic, rel=1e-12)
    full = analyze_tte(tte.AVAL, tte.CNSR == 0, tte.ARM, control="SOC", strata=tte.STRAT1, single_arm_strata="drop")
    assert pfs.hazard_ratio.value == full.comparison("CART").hazard_ratio.value
    data = json.loads(res.json.read_text())["endpoints"]["PFS"]
    assert data["notes"] == [note] and data["single_arm_strata"] == [{"stratum": "S9", "arm": "CART"}]
    html = res.html.read_text()
    assert "Stratum S9 holds only cell therapy: it contributes nothing to the stratified comparison." in html
    # the unstratified MRD endpoint and the response endpoints are untouched by the stratum
    assert res.readout.endpoint("OS").notes == (note,)
