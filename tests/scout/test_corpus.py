"""The scout on its corpus of public trial reports, scored against the hand annotations (tests/scout/gold/).

The development third was used to write the rules; the held-out parts were annotated by hand from the text and
never used to write rules before their first scoring (tests/scout/results/). The thresholds below guard against
regressions; the measured figures are printed by ``python tests/scout/scorer.py all``.
"""

import json

import pytest

from tests.scout import scorer
from trialscout.scout import scout_file, scout_text

SPLIT = scorer.split()
CONTRACT_ENDPOINT_KEYS = {"endpoint", "kind", "arm", "value", "ci_lower", "ci_upper", "ci_level", "p_value",
                          "p_operator", "timepoint_months", "unit", "source"}


def _scored(names):
    return scorer.score(names, scorer.scout_predict)


def test_dev_scores():
    s = _scored(SPLIT["dev"])
    assert s["precision"] >= 0.98, s["precision"]
    assert s["recall"] >= 0.85, s["recall"]
    assert s["arms_right"] >= 0.9 and s["trial_name_right"] >= 0.85


def test_first_heldout_scores():
    # seen after its first scoring (0.70 precision); the rules written since must keep it at this level
    s = _scored(SPLIT["heldout"])
    assert s["precision"] >= 0.9, s["precision"]
    assert s["recall"] >= 0.85, s["recall"]


def test_second_heldout_scores():
    # scored once untouched (0.833 precision, 0.656 recall); the rules written since must keep this level
    s = _scored(SPLIT["heldout2"])
    assert s["precision"] >= 0.95, s["precision"]
    assert s["recall"] >= 0.85, s["recall"]


def test_third_heldout_scores():
    # scored once untouched (0.878 precision, 0.706 recall); the rules written since must keep this level
    s = _scored(SPLIT["heldout3"])
    assert s["precision"] >= 0.95, s["precision"]
    assert s["recall"] >= 0.85, s["recall"]


def test_fourth_heldout_scores():
    # scored once with the rules frozen (0.725 precision, 0.592 recall); the fixes since must keep this level
    s = _scored(SPLIT["heldout4"])
    assert s["precision"] >= 0.93, s["precision"]
    assert s["recall"] >= 0.75, s["recall"]


def test_fifth_heldout_scores():
    # scored untouched (0.716 precision, 0.552 recall), then with this round's general rules before its errors were
    # read (0.742, 0.563); the rules written from its errors since must keep this level
    s = _scored(SPLIT["heldout5"])
    assert s["precision"] >= 0.95, s["precision"]
    assert s["recall"] >= 0.8, s["recall"]


def test_seed_article_every_figure():
    res = scout_file(scorer.CORPUS / "cartitude4-news.txt")
    assert res.trial == "CARTITUDE-4"
    assert [(a.label, a.n) for a in res.arms] == [("cilta-cel", 208), ("SOC", 211)]
    got = {(r.endpoint, r.kind, r.arm, r.value, r.ci_lower, r.ci_upper, r.p_operator, r.p_value, r.timepoint_months)
           for r in res.records}
    want = {
        ("OS", "median", "cilta-cel", "NR", "NE", "NE", None, None, None),
        ("OS", "median", "SOC", "NR", 37.7, "NR", None, None, None),
        ("OS", "hr", None, 0.55, 0.39, 0.79, "=", 0.0009, None),
        ("OS", "landmark_rate", "cilta-cel", 76.4, 70.0, 81.6, None, None, 30.0),
        ("OS", "landmark_rate", "SOC", 63.8, 56.9, 69.9, None, None, 30.0),
        ("PFS", "median", "cilta-cel", "NR", 34.5, "NE", None, None, None),
        ("PFS", "median", "SOC", 11.8, 9.7, 14.0, None, None, None),
        ("PFS", "hr", None, 0.29, 0.22, 0.39, None, None, None),
        ("PFS", "landmark_rate", "cilta-cel", 59.4, 52.3, 65.7, None, None, 30.0),
        ("PFS", "landmark_rate", "SOC", 25.7, 19.8, 31.9, None, None, 30.0),
        ("MRD", "rate", "cilta-cel", 62.0, None, None, None, None, None),
        ("MRD", "rate", "cilta-cel", 57.0, None, None, None, None, None),
        ("MRD", "rate", "SOC", 18.0, None, None, None, None, None),
        ("MRD", "rate", "SOC", 9.0, None, None, None, None, None),
        ("CR", "rate", "cilta-cel", 77.0, None, None, None, None, None),
        ("CR", "rate", "SOC", 24.0, None, None, None, None, None),
        ("ORR", "rate", "cilta-cel", 85.0, None, None, None, None, None),
        ("ORR", "rate", "SOC", 67.0, None, None, None, None, None),
        ("TTSW", "median", "cilta-cel", "NR", "NE", "NE", None, None, None),
        ("TTSW", "median", "SOC", 34.3, 32.2, "NE", None, None, None),
        ("TTSW", "hr", None, 0.38, 0.24, 0.61, "<", 0.0001, None),
        ("TTSW", "landmark_rate", "cilta-cel", 76.8, 67.6, 83.8, None, None, 30.0),
        ("TTSW", "landmark_rate", "SOC", 63.1, 52.7, 71.8, None, None, 30.0),
        ("PFS2", "median", "cilta-cel", "NR", "NE", "NE", None, None, None),
        ("PFS2", "median", "SOC", 25.3, 21.6, 32.9, None, None, None),
        ("PFS2", "hr", None, 0.46, 0.34, 0.63, None, None, None),
        ("TFS", "median", "cilta-cel", "NR", 36.6, "NR", None, None, None),
        ("TFS", "landmark_rate", "cilta-cel", 66.0, 58.6, 72.4, None, None, 30.0),
    }
    assert got == want
    thresholds = sorted(r.threshold for r in res.records if r.endpoint == "MRD")
    assert thresholds == [1e-6, 1e-6, 1e-5, 1e-5]
    # nothing from safety, deaths, doses, IQRs, MRD thresholds or follow-up became a result
    assert not res.checks


def test_contract_shape_and_spans():
    for name in scorer.report_sets()["all"]:
        text = (scorer.CORPUS / f"{name}.txt").read_text(encoding="utf-8")
        doc = scout_file(scorer.CORPUS / f"{name}.txt").to_json()
        assert set(doc) == {"trial", "arms", "endpoints", "checks"}
        json.dumps(doc)
        labels = {a["label"] for a in doc["arms"]}
        for a in doc["arms"]:
            assert set(a) == {"label", "n"} and (a["n"] is None or isinstance(a["n"], int))
        for e in doc["endpoints"]:
            assert set(e) == CONTRACT_ENDPOINT_KEYS
            assert e["kind"] in ("median", "hr", "odds_ratio", "rate", "landmark_rate")
            assert (e["arm"] is None) == (e["kind"] in ("hr", "odds_ratio"))
            assert e["arm"] is None or e["arm"] in labels
            assert e["value"] in ("NR", "NE") or isinstance(e["value"], float)
            assert e["p_operator"] in ("=", "<", "\u2264", ">", None)
            assert e["unit"] in ("months", "percent", None)
            src = e["source"]
            assert 0 <= src["start"] < src["end"] <= len(text)
            assert text[src["start"]:src["end"]] in src["sentence"]
            assert src["sentence"] in text
        for c in doc["checks"]:
            assert c["severity"] in ("error", "warning", "info")
            assert all(0 <= i < len(doc["endpoints"]) for i in c["records"])


@pytest.mark.parametrize("text", [
    "Grade 3/4 adverse events occurred in 89% vs 93% of patients; 24% and 39% died.",
    "The median dose was 0.71 x 106 cells/kg (IQR, 0.62-0.78) and the median follow-up was 33.6 months.",
    "Patients with HR+ disease (58%) had a 42% lower risk of progression; median age was 61 years (range 27-78).",
    "MRD was assessed at thresholds of 10-5 and 10-6; 12 patients (6%) responded before randomization.",
    "The trial enrolled 419 patients (208 vs 211) at 81 sites; 176 of 208 received the infusion.",
])
def test_non_results_are_not_read(text):
    assert scout_text(text).records == ()


def test_every_report_has_text_source_and_annotation():
    sets = scorer.report_sets()
    names = sets["all"]
    assert len(names) == len(set(names)), "a report is in two sets"
    on_disk = {p.stem for p in scorer.CORPUS.glob("*.txt")}
    assert on_disk == set(names), on_disk ^ set(names)
    kinds = {"median", "hr", "odds_ratio", "rate", "landmark_rate"}
    for name in names:
        source = (scorer.CORPUS / f"{name}.source").read_text(encoding="utf-8").strip()
        assert source, name
        gold = json.loads((scorer.GOLD / f"{name}.json").read_text(encoding="utf-8"))
        for rec in gold["endpoints"]:
            assert set(scorer.FIELDS) | {"arm"} <= set(rec), (name, rec)
            assert rec["kind"] in kinds, (name, rec)
            assert (rec["arm"] is None) == (rec["kind"] in ("hr", "odds_ratio")), (name, rec)
            # an arm named by one annotated label or alias
            assert rec["arm"] is None or scorer._arm_index(rec["arm"], gold["arms"]) != -1, (name, rec["arm"])
            assert rec["unit"] == {"median": "months", "hr": None, "odds_ratio": None}.get(rec["kind"], "percent"), (
                name, rec)
