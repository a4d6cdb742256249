"""The published-summary loader: the bundled CARTITUDE-4 file and every validation message."""

from __future__ import annotations

import copy
import math
import tomllib
from pathlib import Path

import pytest

from trialscout import InputError
from trialscout.synth.summary import load_summary, parse_summary

ROOT = Path(__file__).resolve().parents[2]
C4 = ROOT / "examples" / "cartitude4" / "summary.toml"


@pytest.fixture(scope="module")
def raw():
    return tomllib.loads(C4.read_text(encoding="utf-8"))


def test_cartitude4_holds_every_seed_figure():
    s = load_summary(C4)
    assert [a.n_itt for a in s.arms] == [208, 211]
    assert [a.n_as_treated for a in s.arms] == [176, 208]
    ep = {e.id: e for e in s.endpoints}
    pfs = ep["PFS"]
    assert pfs.arms["CILTA"].median.status == "NR"
    assert pfs.arms["CILTA"].median_lower.value == 34.5 and pfs.arms["CILTA"].median_upper.status == "NE"
    assert pfs.arms["SOC"].median.value == 11.8
    assert (pfs.arms["SOC"].median_lower.value, pfs.arms["SOC"].median_upper.value) == (9.7, 14.0)
    lm = pfs.arms["CILTA"].landmarks[0]
    assert (lm.time, lm.rate.value, lm.lower.value, lm.upper.value) == (30, 59.4, 52.3, 65.7)
    lm = pfs.arms["SOC"].landmarks[0]
    assert (lm.rate.value, lm.lower.value, lm.upper.value) == (25.7, 19.8, 31.9)
    h = pfs.hazard_ratio
    assert (h.value, h.lower, h.upper, h.weighting, h.stratified) == (0.29, 0.22, 0.39, "cutoff:1.84", False)
    os_ = ep["OS"]
    assert os_.arms["SOC"].median_lower.value == 37.7
    assert [x.rate.value for x in os_.arms["CILTA"].landmarks] == [76.4]
    assert (os_.arms["SOC"].landmarks[0].lower.value, os_.arms["SOC"].landmarks[0].upper.value) == (56.9, 69.9)
    assert (os_.hazard_ratio.value, os_.hazard_ratio.lower, os_.hazard_ratio.upper) == (0.55, 0.39, 0.79)
    assert os_.hazard_ratio.pvalue == 0.0009
    assert ep["PFS2"].arms["SOC"].median.value == 25.3 and ep["PFS2"].hazard_ratio.value == 0.46
    assert ep["TTSW"].arms["SOC"].median.value == 34.3 and ep["TTSW"].hazard_ratio.pvalue_text == "<0.0001"
    assert ep["TTSW"].arms["CILTA"].landmarks[0].rate.value == 76.8
    assert ep["TFS"].arms["CILTA"].landmarks[0].rate.value == 66.0 and list(ep["TFS"].arms) == ["CILTA"]
    rates = {r.id: r.rates for r in s.responses}
    assert rates == {"ORR": {"CILTA": 85, "SOC": 67}, "CR": {"CILTA": 77, "SOC": 24},
                     "MRD5": {"CILTA": 62, "SOC": 18}, "MRD6": {"CILTA": 57, "SOC": 9}}
    assert s.safety.grade34 == {"CILTA": 89, "SOC": 93}
    assert s.safety.serious_related == {"CILTA": 32, "SOC": 26}
    assert [(t.term, t.rate) for t in s.safety.top_grade3] == [("Anaemia", 35), ("Neutropenia", 28)]
    assert s.deaths.any_cause == {"CILTA": 24, "SOC": 39} and s.deaths.progression == {"CILTA": 10, "SOC": 25}
    assert [(x.median, x.q1, x.q3) for x in s.exposure] == [(0.71, 0.62, 0.78), (12, 5, 31)]
    d = s.design
    assert (str(d.accrual_start), str(d.accrual_end), str(d.data_cutoff)) == ("2020-07-01", "2021-11-30",
                                                                             "2024-05-01")
    assert d.median_followup == 33.6 and [x.column for x in d.strata] == ["STRATREG", "STRATISS", "STRATLIN"]
    # every figure group carries the sentence it was taken from
    for e in s.endpoints:
        assert e.quote and all(len(q) > 40 for q in e.quote)
    for r in s.responses:
        assert r.quote
    assert s.safety.quote and s.deaths.quote and all(x.quote for x in s.exposure) and d.quote


def _bad(raw, edit, match):
    r = copy.deepcopy(raw)
    edit(r)
    with pytest.raises(InputError, match=match) as exc:
        parse_summary(r, path="bad.toml")
    assert str(exc.value).startswith("bad.toml: key ")


def test_rate_above_100(raw):
    def edit(r):
        r["endpoints"][0]["arms"]["SOC"]["landmarks"][0]["rate"] = 125.7
    _bad(raw, edit, r"endpoints\[0\]\.arms\.SOC\.landmarks\[0\]\.rate'.*0-100")


def test_ci_excludes_estimate(raw):
    def edit(r):
        r["endpoints"][0]["arms"]["SOC"]["landmarks"][0]["ci"] = [26.0, 31.9]
    _bad(raw, edit, r"landmarks\[0\]\.ci'.*excludes its estimate 25.7")

    def edit_hr(r):
        r["endpoints"][1]["hazard_ratio"]["ci"] = [0.56, 0.79]
    _bad(raw, edit_hr, r"endpoints\[1\]\.hazard_ratio\.ci'.*excludes its estimate 0.55")

    def edit_med(r):
        r["endpoints"][0]["arms"]["SOC"]["median_ci"] = [9.7, 11.0]
    _bad(raw, edit_med, r"median_ci'.*excludes its estimate 11.8")


def test_nr_median_with_rate_below_half(raw):
    def edit(r):
        r["endpoints"][0]["arms"]["CILTA"]["landmarks"][0] = {"time": 30, "rate": 45.0, "ci": [40.0, 50.0]}
    _bad(raw, edit, r"arms\.CILTA\.landmarks\[0\]\.rate'.*contradicts median = \"NR\"")


def test_missing_arm_size(raw):
    def edit(r):
        del r["arms"][1]["n_itt"]
    _bad(raw, edit, r"'arms\[1\]\.n_itt': is required but missing")


def test_unknown_endpoint_kind(raw):
    def edit(r):
        r["endpoints"][3]["kind"] = "qol"
    _bad(raw, edit, r"'endpoints\[3\]\.kind': unknown endpoint kind 'qol'")

    def edit_resp(r):
        r["responses"][0]["kind"] = "vgpr"
    _bad(raw, edit_resp, r"'responses\[0\]\.kind': unknown endpoint kind 'vgpr'")


def test_unknown_key_and_arm(raw):
    def edit(r):
        r["endpoints"][0]["arms"]["SOC"]["medain"] = 11.8
    _bad(raw, edit, r"'endpoints\[0\]\.arms\.SOC\.medain': unknown key")

    def edit_arm(r):
        r["responses"][0]["rates"]["PBO"] = 20
    _bad(raw, edit_arm, r"'responses\[0\]\.rates\.PBO': unknown arm")


def test_mrd_not_nested_in_cr(raw):
    def edit(r):
        r["responses"][2]["rates"]["SOC"] = 30
    _bad(raw, edit, r"30% exceeds CR 24%")


def test_as_treated_larger_than_itt(raw):
    def edit(r):
        r["arms"][0]["n_as_treated"] = 300
    _bad(raw, edit, r"'arms\[0\]\.n_as_treated': must be an integer between 1 and n_itt \(208\)")


def test_impossible_followup(raw):
    def edit(r):
        r["design"]["median_followup"] = 50.0
    _bad(raw, edit, r"'design\.median_followup': 50 months is impossible")


def test_landmark_above_half_after_median(raw):
    def edit(r):
        r["endpoints"][0]["arms"]["SOC"]["landmarks"][0] = {"time": 30, "rate": 55.0}
    _bad(raw, edit, r"above 50% after the median \(11.8 months\)")


def test_file_errors(tmp_path):
    with pytest.raises(InputError, match="does not exist"):
        load_summary(tmp_path / "nope.toml")
    p = tmp_path / "broken.toml"
    p.write_text("[trial\nname = 1\n")
    with pytest.raises(InputError, match=r"broken.toml: not valid TOML"):
        load_summary(p)


def test_figures_are_nan_when_missing():
    s = load_summary(C4)
    med = s.endpoints[0].arms["CILTA"].median
    assert math.isnan(med.value) and med.text() == "NR"
