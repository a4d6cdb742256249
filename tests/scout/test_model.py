"""The scout's learned record filter (src/trialscout/scout/_model.py, scripts/train_scout_model.py)."""

import importlib.util
import json
import math
import sys
from importlib import resources
from pathlib import Path

import pytest

from tests.scout import scorer
from trialscout.scout import _model, scout_text
from trialscout.scout._text import normalize, read_report, sentences
from trialscout.scout.reader import DEFAULT_MIN_CONFIDENCE, extract

ROOT = Path(__file__).resolve().parents[2]


def _trainer():
    spec = importlib.util.spec_from_file_location("train_scout_model", ROOT / "scripts" / "train_scout_model.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("train_scout_model", mod)
    spec.loader.exec_module(sys.modules["train_scout_model"])
    mod = sys.modules["train_scout_model"]
    return mod


def _shipped() -> dict:
    return json.loads(resources.files("trialscout.scout").joinpath(_model.MODEL_FILE).read_text(encoding="utf-8"))


def test_shipped_weights_match_the_features_and_load():
    raw = _shipped()
    assert raw["feature_version"] == _model.FEATURE_VERSION and raw["n_features"] == _model.N_FEATURES
    size = len(resources.files("trialscout.scout").joinpath(_model.MODEL_FILE).read_bytes())
    assert size < 300_000, size
    weights, meta = _model.load_model()
    assert weights and all(0 <= i < _model.N_FEATURES for i in weights)
    assert 0 < meta["threshold"] < 1


def test_default_threshold_and_enabling_follow_the_cross_validation():
    raw = _shipped()
    cv, rules = raw["cv_pooled"], raw["cv_rules"]
    assert raw["enabled"] == (cv["precision"] >= rules["precision"] and cv["f1"] >= rules["f1"])
    assert DEFAULT_MIN_CONFIDENCE == (raw["threshold"] if raw["enabled"] else _model.RULE_THRESHOLD)


def test_retraining_reproduces_the_shipped_weights():
    # fails when the rules, the corpus or the features changed without `make scout-model`
    raw = _shipped()
    got = _trainer().final_weights(raw["l2"])
    want = raw["weights"]
    assert set(got) == set(want) or all(abs(got.get(k, 0.0) - want.get(k, 0.0)) < 1e-5 for k in set(got) | set(want))
    assert max(abs(got.get(k, 0.0) - want.get(k, 0.0)) for k in set(got) | set(want)) < 1e-4


def test_labels_are_the_scorers_matching():
    # a report with both right and wrong records: the labels count exactly the scorer's found records
    tr = _trainer()
    mixed = False
    for rep in tr.corpus():
        mixed = mixed or 0 < sum(rep.labels) < len(rep.labels)
        if rep.name not in ("escc-ncrt-annonc-abstract", "cartitude4-news", "mclyounger-jco-garbled-abstract"):
            continue
        s = scorer.score_report({"trial": None, "arms": [], "endpoints": rep.records}, rep.gold)
        assert sum(rep.labels) == s["tp"] and len(rep.labels) == s["pred"]
    assert mixed


TEXT = ("Patients were randomized to drugamab (n = 200) or placebo (n = 201). Median progression-free survival was "
        "10.2 months (95% CI, 8.1-12.0) with drugamab versus 5.1 months (95% CI, 4.0-6.3) with placebo (hazard "
        "ratio, 0.52; 95% CI, 0.40-0.68; P < 0.001). Grade 3 adverse events: 12% | 9%.")


def test_the_learned_confidence_is_the_model_probability_and_keeps_the_basis():
    rules = extract(TEXT, learned=False)
    learned = extract(TEXT, learned=True)
    assert len(rules.records) == len(learned.records) > 0
    sents = sentences(normalize(TEXT))
    rows = _model.feature_rows(rules.records, sents, rules.arms)
    for r, l, f in zip(rules.records, learned.records, rows):
        assert l.basis == r.basis and l.to_json() == r.to_json()
        assert l.confidence == round(_model.probability(f), 4)
        assert 0 <= l.confidence <= 1


def test_features_name_the_record_and_its_context():
    x = extract(TEXT, learned=False)
    sents = sentences(normalize(TEXT))
    rows = _model.feature_rows(x.records, sents, x.arms)
    hr = next(f for r, f in zip(x.records, rows) if r.kind == "hr")
    assert hr["kind=hr"] == 1 and hr["has_ci"] == 1 and hr["has_p"] == 1 and hr["p_operator=<"] == 1
    assert hr["arms_named=2"] == 1 and "sentence:comparison" in hr and "sentence:table" not in hr
    assert math.isclose(hr["log_rule_confidence"], math.log(x.records[[r.kind for r in x.records].index("hr")]
                                                             .confidence))
    med = next(f for r, f in zip(x.records, rows) if r.kind == "median" and r.value == 10.2)
    assert med["R:with"] == 1 and med["L:was"] == 1 and med["has_arm"] == 1 and med["arm_sized"] == 1
    # hashing is deterministic and inside the dimensions
    h = _model.hashed(med)
    assert h == _model.hashed(dict(med)) and all(0 <= i < _model.N_FEATURES for i in h)


def test_json_contract_unchanged():
    res = scout_text(TEXT)
    for e in res.to_json()["endpoints"]:
        assert "confidence" not in e and "basis" not in e
    for e in res.to_json(confidence=True)["endpoints"]:
        assert 0 <= e["confidence"] <= 1 and isinstance(e["basis"], list)


def test_a_mismatched_weights_file_is_refused(monkeypatch, tmp_path):
    raw = dict(_shipped(), feature_version=_model.FEATURE_VERSION + 1)
    monkeypatch.setattr(_model.resources, "files", lambda pkg: tmp_path)
    (tmp_path / _model.MODEL_FILE).write_text(json.dumps(raw))
    _model.load_model.cache_clear()
    try:
        with pytest.raises(RuntimeError, match="make scout-model"):
            _model.load_model()
        assert not _model.enabled() and _model.shipped_threshold() == _model.RULE_THRESHOLD
    finally:
        monkeypatch.undo()
        _model.load_model.cache_clear()
