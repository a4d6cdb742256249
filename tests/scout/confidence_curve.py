"""Precision and recall of the scout by set as the confidence threshold varies, and the threshold chosen by
leaving each set out (the highest recall on the other sets pooled that keeps their precision >= 0.98).

Run: PYTHONPATH=src python tests/scout/confidence_curve.py [SET ...]   (default: every set of corpus/split.json)
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import scorer  # noqa: E402

THRESHOLDS = (0.0, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0)


def _records(name: str):
    from trialscout.scout import scout_file

    res = scout_file(scorer.CORPUS / f"{name}.txt", min_confidence=0.0)
    return res.to_json(confidence=True)


def set_counts(names: list[str]) -> dict[float, Counter]:
    """Per threshold: true positives, predictions and annotations summed over ``names``."""
    out = {t: Counter() for t in THRESHOLDS}
    for name in names:
        gold = json.loads((scorer.GOLD / f"{name}.json").read_text())
        pred = _records(name)
        for t in THRESHOLDS:
            kept = dict(pred, endpoints=[e for e in pred["endpoints"] if e["confidence"] >= t])
            s = scorer.score_report(kept, gold)
            out[t].update({"tp": s["tp"], "pred": s["pred"], "gold": s["gold"]})
    return out


def _pr(c: Counter) -> tuple[float, float]:
    return (c["tp"] / c["pred"] if c["pred"] else 1.0), (c["tp"] / c["gold"] if c["gold"] else 1.0)


def main(argv) -> None:
    sets = {k: v for k, v in scorer.report_sets().items() if k != "all"}
    chosen = [a for a in argv[1:] if a in sets] or list(sets)
    counts = {k: set_counts(sets[k]) for k in chosen}
    print("set        " + " ".join(f"  t={t:<4}     " for t in THRESHOLDS))
    for k in chosen:
        print(f"{k:10s} " + " ".join("P {:.3f} R {:.3f}".format(*_pr(counts[k][t])) for t in THRESHOLDS))
    # leave one set out: the threshold with the best recall on the other sets pooled, their precision >= 0.98
    if len(chosen) > 1:
        print()
        for k in chosen:
            others = [o for o in chosen if o != k]
            pooled = {t: sum((counts[o][t] for o in others), Counter()) for t in THRESHOLDS}
            ok = [t for t in THRESHOLDS if _pr(pooled[t])[0] >= 0.98]
            if not ok:
                print(f"{k:10s} no threshold keeps precision >= 0.98 on the other sets pooled")
                continue
            t = max(ok, key=lambda x: (_pr(pooled[x])[1], -x))
            p, r = _pr(counts[k][t])
            print(f"{k:10s} left out: threshold {t} chosen on the others; its precision {p:.3f}, recall {r:.3f}")


if __name__ == "__main__":
    main(sys.argv)
