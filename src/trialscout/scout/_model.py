"""The learned record filter: a record's confidence is the probability, from a small logistic regression, that
every field of it is right.

The rules (reader.py) propose the records and say how each was read (``Record.basis``); this module turns a record
and its sentence into a sparse vector of named features, each hashed into ``N_FEATURES`` dimensions, and the
shipped weights (``scout_model.json`` beside this file, written by scripts/train_scout_model.py from the committed
corpus; ``make scout-model`` retrains) give the probability. See docs/scout.md, "Confidence".

Features (every one a string, so that the training script can name the heaviest): the record's kind, endpoint and
their pair; each way it was read and their number; the log of the rule confidence; whether it has a CI, a P value,
an arm (sized in the text or not, named with population words), a time point, a value outside its CI, a ratio
above 1, a "not reached" value; words of the sentence (safety, baseline, follow-up, subgroup, crossover,
comparison, "respectively", differences, table delimiters, a text layer's broken words and lost glyphs); the
number of numbers, of arms named and of records read in the sentence, and the sentence's length (log-scaled); the
words and word pairs in a window of six tokens on each side of the figure, digits replaced by ``#``.
"""

from __future__ import annotations

import json
import math
from . import _re as re
import zlib
from dataclasses import replace
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Iterable, Sequence

if TYPE_CHECKING:  # the reader imports this module
    from ._text import Sentence
    from .reader import Arm, Record

__all__ = ["FEATURE_VERSION", "N_FEATURES", "RULE_THRESHOLD", "features", "feature_rows", "hashed", "rescore",
           "load_model", "probability", "enabled", "shipped_threshold"]

#: bumped whenever a feature is added, removed or computed differently: the shipped weights must match it
FEATURE_VERSION = 1
#: hashed dimensions (features share a bucket only by a crc32 collision)
N_FEATURES = 4096
WINDOW_TOKENS = 6
MODEL_FILE = "scout_model.json"

_TOKEN = re.compile(r"[a-z]+|\d+(?:\.\d+)?|[%<>=|;:()\[\]/]")
_GENERIC_ARM = re.compile(r"\b(?:population|patients|intention|overall|all|cohort|analysis)\b", re.I)
_NUMBER = re.compile(r"(?<![\w.])\d+(?:\.\d+)?")
_CONTEXT = {
    "safety": re.compile(r"\b(?:adverse|toxicit|grade\s*\d|serious|discontinu|died|deaths?\b|AEs?\b|TEAE|TRAE)", re.I),
    "baseline": re.compile(r"\b(?:baseline|median age|aged|characteristics|at entry|were women|were men)\b", re.I),
    "follow-up": re.compile(r"\bfollow(?:ed)?[- ]?up\b|\bobservation (?:time|period)\b|\bdata cut", re.I),
    "subgroup": re.compile(r"\bsubgroups?\b|\bsubsets?\b|\b(?:among|in) (?:the )?(?:patients|those|participants) "
                           r"(?:with|who|aged)\b|\bpositive\b|\bnegative\b|\bstage\b|\bexploratory\b|\bpost hoc\b|"
                           r"\bsensitivity analys", re.I),
    "crossover": re.compile(r"\bcross(?:ed)?[- ]?over\b|\bsubsequent\b|\bsalvage\b|\bswitch", re.I),
    "comparison": re.compile(r"\bv(?:s|ersus)?\.?\s|\bcompared\b|\bthan\b", re.I),
    "respectively": re.compile(r"\brespectively\b", re.I),
    "difference": re.compile(r"\bdifference\b|\bimproved\b[^.;]{0,40}\bby\b|\babsolute\b|\bpercentage points?\b|"
                             r"\breduc", re.I),
    "table": re.compile(r"\||\t| {3,}"),
    "broken-word": re.compile(r"[a-z]- [a-z]"),
    "lost-glyph": re.compile(r"[(,;]\s*=\s*\.?\d|\bP5\.?\d"),
    "interim": re.compile(r"\binterim\b|\bprimary analysis\b|\bfinal analysis\b|\bupdated?\b", re.I),
}


def _bucket(x: float, step: float = 1.0) -> float:
    return math.log1p(max(x, 0.0)) / step


def _tokens(s: str) -> list[str]:
    return ["#" if t[0].isdigit() else t for t in _TOKEN.findall(s.lower())]


def _arm_count(sentence: str, arms: Sequence[Arm]) -> int:
    low = sentence.lower()
    return sum(1 for a in arms if any(n and n.lower() in low for n in (a.label, *a.aliases)))


def features(rec: Record, sentence: Sentence, arms: Sequence[Arm], siblings: int = 1) -> dict[str, float]:
    """The named features of one record read from ``sentence`` (``siblings``: records read from that sentence)."""
    f: dict[str, float] = {"bias": 1.0, f"kind={rec.kind}": 1.0, f"endpoint={rec.endpoint}": 1.0,
                           f"kind,endpoint={rec.kind},{rec.endpoint}": 1.0}
    for h in rec.basis:
        f[f"basis={h}"] = 1.0
        f[f"kind,basis={rec.kind},{h}"] = 1.0
    if not rec.basis:
        f["basis=none"] = 1.0
    f["n_basis"] = float(len(rec.basis))
    f["log_rule_confidence"] = math.log(max(rec.confidence, 1e-3))
    f["has_ci" if rec.ci_lower is not None else "no_ci"] = 1.0
    if rec.ci_level is not None and rec.ci_level != 95:
        f["ci_level_not_95"] = 1.0
    f["has_p" if rec.p_value is not None else "no_p"] = 1.0
    if rec.p_operator:
        f[f"p_operator={rec.p_operator}"] = 1.0
    f["has_arm" if rec.arm is not None else "no_arm"] = 1.0
    if rec.arm is not None:
        arm = next((x for x in arms if x.label == rec.arm), None)
        f["arm_sized" if arm is not None and arm.n is not None else "arm_unsized"] = 1.0
        if _GENERIC_ARM.search(rec.arm):
            f["arm_generic_words"] = 1.0
    if rec.timepoint_months is not None:
        f["has_time"] = 1.0
        f[f"time={rec.timepoint_months:g}"] = 1.0
    if isinstance(rec.value, str):
        f[f"value={rec.value}"] = 1.0
    else:
        v = float(rec.value)
        lo, hi = rec.ci_lower, rec.ci_upper
        if isinstance(lo, float) and isinstance(hi, float) and not lo <= v <= hi:
            f["value_outside_ci"] = 1.0
        if rec.kind in ("hr", "odds_ratio") and v > 1:
            f["ratio_above_1"] = 1.0
        if rec.kind == "median":
            f["median_log_months"] = _bucket(v, 4.0)
    text = sentence.text
    for name, rx in _CONTEXT.items():
        if rx.search(text):
            f[f"sentence:{name}"] = 1.0
            f[f"kind,sentence:{rec.kind},{name}"] = 1.0
    f["log_numbers"] = _bucket(len(_NUMBER.findall(text)), 3.0)
    n_arms = _arm_count(text, arms)
    f[f"arms_named={min(n_arms, 3)}"] = 1.0
    f["log_siblings"] = _bucket(siblings, 3.0)
    f["log_length"] = _bucket(len(text) / 40.0, 3.0)
    a = max(0, rec.source.start - sentence.start)
    b = max(a, rec.source.end - sentence.start)
    left = _tokens(text[max(0, a - 80):a])[-WINDOW_TOKENS:]
    right = _tokens(text[b:b + 80])[:WINDOW_TOKENS]
    for side, toks in (("L", left), ("R", right)):
        for t in toks:
            f[f"{side}:{t}"] = 1.0
        for t1, t2 in zip(toks, toks[1:]):
            f[f"{side}:{t1} {t2}"] = 1.0
    return f


def _index(name: str) -> int:
    return zlib.crc32(name.encode("utf-8")) % N_FEATURES


def hashed(f: dict[str, float]) -> dict[int, float]:
    """A named feature vector hashed into ``N_FEATURES`` dimensions (colliding features add)."""
    out: dict[int, float] = {}
    for k, v in f.items():
        i = _index(k)
        out[i] = out.get(i, 0.0) + v
    return out


def feature_rows(records: Sequence[Record], sents: Sequence[Sentence], arms: Sequence[Arm]) -> list[dict[str, float]]:
    """The named features of every record of one text (``sents``: the sentences the reader read)."""
    per: dict[int, int] = {}
    for r in records:
        per[r.sentence_index] = per.get(r.sentence_index, 0) + 1
    return [features(r, sents[r.sentence_index], arms, per[r.sentence_index]) for r in records]


@lru_cache(maxsize=1)
def load_model() -> tuple[dict[int, float], dict]:
    """The shipped weights (hashed index -> weight) and the file's metadata (threshold, version, CV figures)."""
    raw = json.loads(resources.files(__package__).joinpath(MODEL_FILE).read_text(encoding="utf-8"))
    if raw.get("feature_version") != FEATURE_VERSION or raw.get("n_features") != N_FEATURES:
        raise RuntimeError(f"{MODEL_FILE} was trained for feature version {raw.get('feature_version')} with "
                           f"{raw.get('n_features')} dimensions, the code computes version {FEATURE_VERSION} with "
                           f"{N_FEATURES}: retrain with `make scout-model`")
    weights = {int(k): float(v) for k, v in raw["weights"].items()}
    meta = {k: v for k, v in raw.items() if k != "weights"}
    return weights, meta


#: the rules' own default threshold (their tier boundary: one weak inference kept, two not)
RULE_THRESHOLD = 0.5


def _loadable() -> bool:
    try:
        load_model()
        return True
    except (OSError, RuntimeError, KeyError, ValueError):
        return False


def enabled() -> bool:
    """Whether the shipped weights replace the rules' confidence by default: the training script enables them only
    when their leave-one-set-out precision and F1 at their threshold are at least the rules' at 0.5."""
    return _loadable() and bool(load_model()[1].get("enabled"))


def shipped_threshold() -> float:
    """The default threshold: the model's when it is enabled, else the rules' 0.5 (also while no weights matching
    the features exist, as when retraining after a feature change)."""
    return float(load_model()[1]["threshold"]) if enabled() else RULE_THRESHOLD


def probability(f: dict[str, float], weights: dict[int, float] | None = None) -> float:
    w = load_model()[0] if weights is None else weights
    z = sum(w.get(i, 0.0) * v for i, v in hashed(f).items())
    return 1.0 / (1.0 + math.exp(-z)) if z > -700 else 0.0


def rescore(records: Iterable[Record], sents: Sequence[Sentence], arms: Sequence[Arm]) -> list[Record]:
    """The records with ``confidence`` replaced by the model's probability (``basis`` kept)."""
    recs = list(records)
    return [replace(r, confidence=round(probability(f), 4)) for r, f in zip(recs, feature_rows(recs, sents, arms))]

