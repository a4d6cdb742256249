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
    _bad(raw, edit, r"endpoints\[0\]\.arms\.SOC\.landmarks\[0\]\.rate': must be less than or equal to 100; got 125.7")


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
    _bad(raw, edit, r"'endpoints\[3\]\.kind': must be 'os', 'pfs', 'pfs2', 'tfs' or 'pro'; got 'qol'")

    def edit_resp(r):
        r["responses"][0]["kind"] = "vgpr"
    _bad(raw, edit_resp, r"'responses\[0\]\.kind': must be 'orr', 'cr' or 'mrd'; got 'vgpr'")


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
    with pytest.raises(InputError, match=r"^summary file .*nope\.toml: file not found$"):
        load_summary(tmp_path / "nope.toml")
    p = tmp_path / "broken.toml"
    p.write_text("[trial\nname = 1\n")
    with pytest.raises(InputError, match=r"broken.toml: not valid TOML"):
        load_summary(p)


def test_figures_are_nan_when_missing():
    s = load_summary(C4)
    med = s.endpoints[0].arms["CILTA"].median
    assert math.isnan(med.value) and med.text() == "NR"


# ---- the declared schema: types, ranges, unknown keys, files --------------------------------------------------

@pytest.mark.parametrize("edit, key, words", [
    (lambda r: r["design"].__setitem__("allocation", 1), "design.allocation", "must be an array; got 1"),
    (lambda r: r["endpoints"][0].__setitem__("hazard_ratio", 0.5), "endpoints[0].hazard_ratio",
     "must be a TOML table; got 0.5"),
    (lambda r: r["design"]["strata"][0].__setitem__("levels", []), "design.strata[0].levels",
     "must have at least 2 items, not 0; got []"),
    (lambda r: r["arms"][0].__setitem__("n_itt", 1e14), "arms[0].n_itt", "must be an integer; got 100000000000000.0"),
    (lambda r: r["arms"][0].__setitem__("n_itt", 10 ** 14), "arms[0].n_itt",
     "must be less than or equal to 100000; got 100000000000000"),
    (lambda r: r["arms"][0].__setitem__("control", "yes"), "arms[0].control", "must be true or false; got 'yes'"),
    (lambda r: r["endpoints"][0]["arms"]["SOC"].__setitem__("median", "soon"), "endpoints[0].arms.SOC.median",
     "must be a number, \"NR\" or \"NE\"; got 'soon'"),
    (lambda r: r["endpoints"][0]["arms"]["SOC"].__setitem__("median", True), "endpoints[0].arms.SOC.median",
     "must be a number, \"NR\" or \"NE\"; got True"),
    (lambda r: r.__setitem__("extra", 1), "extra", "unknown key"),
    (lambda r: r["safety"].__setitem__("population", "all"), "safety.population",
     "must be 'as_treated' or 'itt'; got 'all'"),
    (lambda r: r["design"].__setitem__("accrual_start", "July 2020"), "design.accrual_start", "must be a valid date"),
    (lambda r: r["endpoints"][1]["hazard_ratio"].__setitem__("value", -0.5), "endpoints[1].hazard_ratio.value",
     "must be greater than 0; got -0.5"),
    (lambda r: r["design"].__setitem__("block_size", 10 ** 9), "design.block_size",
     "must be less than or equal to 200000"),
])
def test_schema_messages_name_the_file_and_key(raw, edit, key, words):
    r = copy.deepcopy(raw)
    edit(r)
    with pytest.raises(InputError) as exc:
        parse_summary(r, path="bad.toml")
    msg = str(exc.value)
    assert msg.startswith(f"bad.toml: key '{key}': ") and words in msg, msg


def test_latin1_special_and_huge_files(tmp_path):
    p = tmp_path / "latin1.toml"
    p.write_bytes(C4.read_text(encoding="utf-8").replace("–", "-").encode("utf-8")
                  .replace(b"# CARTITUDE-4", "# CARTITUDE-4 \u00e9tude".encode("latin-1"), 1))
    with pytest.raises(InputError, match=r"latin1\.toml: not UTF-8 text \(byte 0xE9 on line 1\); save the file as "
                                         r"UTF-8"):
        load_summary(p)
    with pytest.raises(InputError, match=r"^summary file /dev/zero: is not a regular file"):
        load_summary("/dev/zero")
    big = tmp_path / "big.toml"
    big.write_bytes(b"#" * 1_000_001)
    with pytest.raises(InputError, match=r"big\.toml: 1,000,001 bytes is too large for a summary \(at most 1,000,000\)"):
        load_summary(big)
    loop = tmp_path / "loop.toml"
    loop.symlink_to(loop)
    with pytest.raises(InputError, match=r"loop\.toml: cannot read the summary: "):
        load_summary(loop)


def test_committed_json_schema_is_the_models():
    from trialscout.synth.write_schema import schema_text

    committed = (ROOT / "docs" / "schemas" / "summary.schema.json").read_text(encoding="utf-8")
    assert committed == schema_text(), "regenerate: python -m trialscout.synth.write_schema"


def test_json_schema_accepts_the_bundled_summary_and_refuses_a_bad_one(raw):
    # the published schema, read by a JSON Schema validator, agrees with the loader on the bundled file
    import json

    import jsonschema  # a test dependency (pyproject: test extra)
    schema = json.loads((ROOT / "docs" / "schemas" / "summary.schema.json").read_text(encoding="utf-8"))
    doc = json.loads(json.dumps(raw, default=str))
    jsonschema.validate(doc, schema)
    doc["design"]["allocation"] = 1
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(doc, schema)
