"""Scores the scout against the hand annotations in tests/scout/gold/ (one JSON file per corpus report).

A record counts as found only if every field is right: endpoint, kind, arm, value, CI limits, CI level, P value
and its operator, time point and unit (the source span is not scored). Arms are matched by the gold label or one
of its aliases (a report names an arm several ways). Precision = found / predicted, recall = found / annotated,
micro-averaged over the reports. A report's arms are right when every annotated arm is found with its
randomized size (or no size where none is stated); its trial name is right when equal ignoring case, spaces
and hyphens.

Run: PYTHONPATH=src python tests/scout/scorer.py [SET|all] [-v], SET being any list named in corpus/split.json
(dev, heldout, heldout2, ..., heldout6, heldout7); "all" is every set.
"""

from __future__ import annotations

import json
import math
import re
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).parent
CORPUS = HERE / "corpus"
GOLD = HERE / "gold"
FIELDS = ("endpoint", "kind", "value", "ci_lower", "ci_upper", "ci_level", "p_value", "p_operator",
          "timepoint_months", "unit")


def split() -> dict:
    return json.loads((CORPUS / "split.json").read_text())


def report_sets() -> dict[str, list[str]]:
    """The named sets of corpus/split.json (every list in it, dev first) and "all", their union in that order."""
    sp = split()
    sets = {k: v for k, v in sp.items() if isinstance(v, list)}
    sets = {"dev": sets.pop("dev"), **sets}
    sets["all"] = [n for names in sets.values() for n in names]
    return sets


def _norm_name(s) -> str | None:
    return None if s is None else re.sub(r"[\s\-]", "", s).casefold()


def _arm_index(label, arms) -> int | None:
    if label is None:
        return None
    key = label.casefold()
    for i, a in enumerate(arms):
        if key == a["label"].casefold() or key in (x.casefold() for x in a.get("aliases", [])):
            return i
    # a shorter or longer form of one (and only one) annotated name: "platinum plus pembrolizumab"
    names = [[a["label"].casefold()] + [x.casefold() for x in a.get("aliases", [])] for a in arms]
    hits = {i for i, ns in enumerate(names) for n in ns if len(key) >= 3 and (key in n or n in key)}
    if len(hits) == 1:
        return hits.pop()
    return -1  # an arm the annotation does not know


def _val(v):
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        return round(float(v), 9)
    return v


def _key(rec: dict, arms) -> tuple:
    return tuple(_val(rec.get(f)) for f in FIELDS) + (_arm_index(rec.get("arm"), arms),)


def score_report(pred: dict, gold: dict) -> dict:
    arms = gold["arms"]
    g = Counter(_key(r, arms) for r in gold["endpoints"])
    p = Counter(_key(r, arms) for r in pred["endpoints"])
    tp = sum((g & p).values())
    pred_arms = {}
    for a in pred["arms"]:
        i = _arm_index(a["label"], arms)
        if i is not None and i >= 0 and i not in pred_arms:
            pred_arms[i] = a["n"]
    arms_ok = all(pred_arms.get(i, None) == a["n"] and (i in pred_arms or a["n"] is None) for i, a in enumerate(arms))
    # no size invented for an arm that is not in the annotation
    arms_ok = arms_ok and not any(_arm_index(a["label"], arms) == -1 and a["n"] is not None for a in pred["arms"])
    return {"tp": tp, "pred": sum(p.values()), "gold": sum(g.values()),
            "trial_ok": _norm_name(pred["trial"]) == _norm_name(gold["trial"]), "arms_ok": arms_ok,
            "false": sorted((p - g).elements(), key=repr), "missed": sorted((g - p).elements(), key=repr)}


def score(names, predict) -> dict:
    """Micro-averaged scores over ``names`` with ``predict(name) -> contract dict``."""
    tot = Counter()
    per = {}
    for name in names:
        gold = json.loads((GOLD / f"{name}.json").read_text())
        s = score_report(predict(name), gold)
        per[name] = s
        tot.update({"tp": s["tp"], "pred": s["pred"], "gold": s["gold"], "trial_ok": s["trial_ok"],
                    "arms_ok": s["arms_ok"], "reports": 1})
    prec = tot["tp"] / tot["pred"] if tot["pred"] else 1.0
    rec = tot["tp"] / tot["gold"] if tot["gold"] else 1.0
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    return {"precision": prec, "recall": rec, "f1": f1, "records_found": tot["tp"], "records_predicted": tot["pred"],
            "records_annotated": tot["gold"], "reports": tot["reports"],
            "trial_name_right": tot["trial_ok"] / max(tot["reports"], 1),
            "arms_right": tot["arms_ok"] / max(tot["reports"], 1), "per_report": per}


def scout_predict(name: str) -> dict:
    from trialscout.scout import scout_file

    return scout_file(CORPUS / f"{name}.txt").to_json()


def main(argv) -> None:
    which = argv[1] if len(argv) > 1 and not argv[1].startswith("-") else "all"
    sets = report_sets()
    if which not in sets:
        print(f"scorer.py: error: unknown set {which!r}; choose one of {', '.join(sets)}", file=sys.stderr)
        sys.exit(2)
    names = sets[which]
    s = score(names, scout_predict)
    verbose = "-v" in argv
    for name, r in s["per_report"].items():
        flag = "" if (not r["false"] and not r["missed"] and r["trial_ok"] and r["arms_ok"]) else " *"
        print(f"{name:36s} found {r['tp']:3d} / predicted {r['pred']:3d} / annotated {r['gold']:3d}  "
              f"trial {'ok' if r['trial_ok'] else 'WRONG'}  arms {'ok' if r['arms_ok'] else 'WRONG'}{flag}")
        if verbose:
            for k in r["false"]:
                print("     false :", k)
            for k in r["missed"]:
                print("     missed:", k)
    print(f"\n{which}: {s['reports']} reports, {s['records_annotated']} annotated records; precision "
          f"{s['precision']:.3f}, recall {s['recall']:.3f}, F1 {s['f1']:.3f}; trial names right "
          f"{s['trial_name_right']:.0%}, arm sizes right {s['arms_right']:.0%}")


if __name__ == "__main__":
    main(sys.argv)
