"""Train the scout's learned record filter from the committed corpus and write its weights.

Every record the reader's rules propose on every report of tests/scout/corpus/split.json is labelled right or
wrong by the scorer's own matching (tests/scout/scorer.py: right only if every field equals an annotated record's,
each annotated record matching at most one proposed record), turned into features (src/trialscout/scout/_model.py)
and fitted with an L2-regularised logistic regression (NumPy/SciPy, L-BFGS from zero: deterministic).

Leave-one-set-out cross-validation (fit without set K, score set K with the scorer) chooses the regularisation
(lowest pooled out-of-set log loss) and the threshold (the lowest whose pooled out-of-set precision is at least
0.98, else the best F1 at least as precise as the rules); the model is enabled by default only when, at that
threshold, its pooled out-of-set precision is at least the rules' confidence's at 0.5 and its F1 higher by at least
ENABLE_MARGIN (one point: a smaller gain is within what one set's reports move the pooled figure, and does not pay
for a filter that also drops clean-pattern records of sentences unlike the corpus's). The final weights are fitted
on every set.

Run: PYTHONPATH=src python scripts/train_scout_model.py [--out PATH] [--report PATH] [--quiet] [--exclude SET ...]
(``make scout-model`` writes src/trialscout/scout/scout_model.json and tests/scout/results/model-cv.txt).
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy import optimize, sparse

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "scout"))
import scorer  # noqa: E402

from trialscout.scout import _model  # noqa: E402
from trialscout.scout._text import normalize, read_report, sentences  # noqa: E402
from trialscout.scout.reader import extract  # noqa: E402

LAMBDAS = (3.0, 10.0, 30.0)
UNPENALISED = ("bias", "log_rule_confidence")
THRESHOLDS = tuple(round(0.05 * i, 2) for i in range(1, 20))
TABLE_THRESHOLDS = (0.5, 0.7, 0.8, 0.9)
TARGET_PRECISION = 0.98
RULE_THRESHOLD = 0.5
# the gain in pooled out-of-set F1 over the rules a model must show to be enabled by default
ENABLE_MARGIN = 0.01
DEFAULT_OUT = ROOT / "src" / "trialscout" / "scout" / _model.MODEL_FILE
DEFAULT_REPORT = ROOT / "tests" / "scout" / "results" / "model-cv.txt"


@dataclass
class Report:
    name: str
    set: str
    gold: dict
    records: list          # contract dicts of the rules' records, in reading order
    rule_conf: list[float]
    labels: list[int]
    rows: list[dict[str, float]]


def corpus(exclude: tuple[str, ...] = ()) -> list[Report]:
    """Every report of every set but those in ``exclude``, its rules' records, their labels and features."""
    out = []
    for set_name, names in scorer.report_sets().items():
        if set_name == "all" or set_name in exclude:
            continue
        for name in names:
            text = read_report(scorer.CORPUS / f"{name}.txt")
            x = extract(text, learned=False)
            sents = sentences(normalize(text))
            gold = json.loads((scorer.GOLD / f"{name}.json").read_text())
            left = Counter(scorer._key(g, gold["arms"]) for g in gold["endpoints"])
            recs, labels = [], []
            for r in x.records:
                j = r.to_json()
                k = scorer._key(j, gold["arms"])
                labels.append(int(left[k] > 0))
                if left[k] > 0:
                    left[k] -= 1
                recs.append(j)
            out.append(Report(name, set_name, gold, recs, [r.confidence for r in x.records], labels,
                              _model.feature_rows(x.records, sents, x.arms)))
    return out


def matrix(reports: list[Report]) -> tuple[sparse.csr_matrix, np.ndarray]:
    data, ind, ptr, y = [], [], [0], []
    for rep in reports:
        for row, lab in zip(rep.rows, rep.labels):
            h = sorted(_model.hashed(row).items())
            ind.extend(i for i, _ in h)
            data.extend(v for _, v in h)
            ptr.append(len(ind))
            y.append(lab)
    X = sparse.csr_matrix((np.array(data, float), np.array(ind, np.int64), np.array(ptr, np.int64)),
                          shape=(len(y), _model.N_FEATURES))
    return X, np.array(y, float)


def fit(X: sparse.csr_matrix, y: np.ndarray, lam: float) -> np.ndarray:
    """Weights minimising the summed log loss plus lam/2 |w|^2 (the bias and the rule confidence unpenalised: with
    few wrong records to learn from, the model stays close to the rules' own confidence)."""
    pen = np.full(X.shape[1], lam)
    for name in UNPENALISED:
        pen[_model._index(name)] = 0.0

    def f(w):
        z = X @ w
        # log(1 + exp(-z)) for y = 1 and log(1 + exp(z)) for y = 0, computed stably
        s = np.where(y > 0, -z, z)
        loss = np.sum(np.logaddexp(0.0, s)) + 0.5 * np.sum(pen * w * w)
        p = 0.5 * (1.0 + np.tanh(0.5 * z))
        grad = X.T @ (p - y) + pen * w
        return loss, grad

    res = optimize.minimize(f, np.zeros(X.shape[1]), jac=True, method="L-BFGS-B",
                            options={"maxiter": 1000, "gtol": 1e-7, "ftol": 1e-12})
    return res.x


def predict(w: np.ndarray, X: sparse.csr_matrix) -> np.ndarray:
    return 0.5 * (1.0 + np.tanh(0.5 * (X @ w)))


def counts(reports: list[Report], conf: dict[str, list[float]], t: float) -> Counter:
    """Found, predicted and annotated records over ``reports`` keeping the records with confidence >= t."""
    c: Counter = Counter()
    for rep in reports:
        kept = [r for r, p in zip(rep.records, conf[rep.name]) if p >= t]
        s = scorer.score_report({"trial": None, "arms": [], "endpoints": kept}, rep.gold)
        c.update({"tp": s["tp"], "pred": s["pred"], "gold": s["gold"]})
    return c


def prf(c: Counter) -> tuple[float, float, float]:
    p = c["tp"] / c["pred"] if c["pred"] else 1.0
    r = c["tp"] / c["gold"] if c["gold"] else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def cross_validate(reports: list[Report], lam: float) -> dict[str, list[float]]:
    """Out-of-set probabilities: each set's records scored by weights fitted on the other sets."""
    out: dict[str, list[float]] = {}
    for k in dict.fromkeys(r.set for r in reports):
        train = [r for r in reports if r.set != k]
        w = fit(*matrix(train), lam)
        for rep in reports:
            if rep.set == k:
                out[rep.name] = list(predict(w, matrix([rep])[0])) if rep.records else []
    return out


def choose_threshold(curve: dict[float, tuple[float, float, float]], rule_precision: float) -> tuple[float, str]:
    """The lowest threshold whose pooled out-of-set precision reaches the target; failing that, the best F1 among
    those at least as precise as the rules; failing that, the best F1."""
    ok = [t for t, v in curve.items() if v[0] >= TARGET_PRECISION]
    if ok:
        return min(ok), f"the lowest with pooled out-of-set precision >= {TARGET_PRECISION}"
    ok = [t for t, v in curve.items() if v[0] >= rule_precision]
    if ok:
        return max(ok, key=lambda t: (curve[t][2], -t)), (f"no threshold reaches precision {TARGET_PRECISION}; "
                                                         "the best F1 at least as precise as the rules")
    return max(curve, key=lambda t: (curve[t][2], -t)), (f"no threshold reaches the rules' precision; the best F1")


def log_loss(reports: list[Report], conf: dict[str, list[float]]) -> float:
    ll, n = 0.0, 0
    for rep in reports:
        for p, y in zip(conf[rep.name], rep.labels):
            p = min(max(p, 1e-12), 1 - 1e-12)
            ll -= math.log(p if y else 1 - p)
            n += 1
    return ll / max(n, 1)


def train(verbose: bool = True, exclude: tuple[str, ...] = ()) -> tuple[dict, str]:
    """The model file's content and the CV report (the sets in ``exclude`` left out of both)."""
    t0 = time.perf_counter()
    reports = corpus(exclude)
    t_read = time.perf_counter() - t0
    X, y = matrix(reports)
    lines = [f"Learned record filter, leave-one-set-out ({len(reports)} reports, {X.shape[0]} proposed records, "
             f"{int(y.sum())} right; {len(LAMBDAS)} regularisations tried)", ""]
    cvs = {lam: cross_validate(reports, lam) for lam in LAMBDAS}
    losses = {lam: log_loss(reports, cv) for lam, cv in cvs.items()}
    lam = min(LAMBDAS, key=lambda x: (round(losses[x], 6), x))
    cv = cvs[lam]
    lines.append("out-of-set log loss by L2 strength: " + ", ".join(f"{x:g}: {losses[x]:.4f}" for x in LAMBDAS) +
                 f"; chosen {lam:g}")
    sets = list(dict.fromkeys(r.set for r in reports))
    by_set = {s: [r for r in reports if r.set == s] for s in sets}
    rule = {r.name: r.rule_conf for r in reports}
    pooled = {t: counts(reports, cv, t) for t in THRESHOLDS}
    rp, _, rf = prf(counts(reports, {r.name: r.rule_conf for r in reports}, RULE_THRESHOLD))
    threshold, why = choose_threshold({t: prf(c) for t, c in pooled.items()}, rp)
    mp, mr, mf = prf(pooled[threshold])
    enabled = mp >= rp and mf >= rf + ENABLE_MARGIN
    lines.append(f"threshold: {threshold:g} ({why}); pooled out-of-set precision {mp:.3f}, recall {mr:.3f}, "
                 f"F1 {mf:.3f} against the rules' {rp:.3f}, F1 {rf:.3f} at {RULE_THRESHOLD}: the model is "
                 + (f"enabled (at least the rules' precision, F1 higher by {ENABLE_MARGIN:g} or more)" if enabled else
                    f"NOT enabled by default (below the rules' precision, or F1 not higher than theirs by "
                    f"{ENABLE_MARGIN:g}); records keep the rules' confidence"))
    lines.append("")
    cols = [("rules>=0.5", rule, RULE_THRESHOLD)] + [(f"model>={t:g}", cv, t) for t in
                                                     sorted(set(TABLE_THRESHOLDS) | {threshold})]
    lines.append(f"{'set':10s} {'gold':>4s}  " + "  ".join(f"{c[0]:>20s}" for c in cols))
    lines.append(f"{'':10s} {'':>4s}  " + "  ".join(f"{'P     R     F1':>20s}" for _ in cols))
    for s in sets + ["pooled"]:
        reps = reports if s == "pooled" else by_set[s]
        cells = []
        gold = 0
        for _, conf, t in cols:
            c = counts(reps, conf, t)
            gold = c["gold"]
            cells.append("{:.3f} {:.3f} {:.3f}".format(*prf(c)))
        lines.append(f"{s:10s} {gold:4d}  " + "  ".join(f"{x:>20s}" for x in cells))
    lines += ["", "proposed records by set: right / wrong with rule confidence >= 0.5, right / wrong below it"]
    for s in sets:
        c = Counter((p >= RULE_THRESHOLD, lab) for rep in by_set[s] for p, lab in zip(rep.rule_conf, rep.labels))
        lines.append(f"  {s:10s} {c[True, 1]:4d} / {c[True, 0]:2d}   {c[False, 1]:3d} / {c[False, 0]:2d}")
    w = fit(X, y, lam)
    t_total = time.perf_counter() - t0
    names: dict[int, set[str]] = {}
    for rep in reports:
        for row in rep.rows:
            for k in row:
                names.setdefault(_model._index(k), set()).add(k)
    order = np.argsort(w, kind="stable")
    lines += ["", "heaviest weights (all sets; a bucket lists every feature hashed into it):"]
    for i in list(order[:12]) + list(order[-12:][::-1]):
        lines.append(f"  {w[i]:+.3f}  {' | '.join(sorted(names.get(int(i), {'?'})))[:100]}")
    lines += ["", f"timing: reading the corpus {t_read:.1f} s, training with cross-validation {t_total - t_read:.1f} s"]
    model = {
        "feature_version": _model.FEATURE_VERSION, "n_features": _model.N_FEATURES, "l2": lam,
        "threshold": threshold, "enabled": enabled, "trained_on": {"reports": len(reports), "records": int(X.shape[0]),
                                               "right": int(y.sum())},
        "cv_pooled": {"precision": round(mp, 4), "recall": round(mr, 4), "f1": round(mf, 4)},
        "cv_rules": {"precision": round(rp, 4), "f1": round(rf, 4), "threshold": RULE_THRESHOLD},
        "weights": serial_weights(w),
    }
    report = "\n".join(lines) + "\n"
    if verbose:
        print(report, end="")
    return model, report


def serial_weights(w: np.ndarray) -> dict[str, float]:
    """The weights as the model file stores them: hashed index -> weight to 6 significant digits, zeros left out."""
    return {str(i): float(f"{w[i]:.6g}") for i in range(len(w)) if abs(w[i]) >= 5e-7}


def final_weights(lam: float, reports: list[Report] | None = None) -> dict[str, float]:
    """The weights fitted on every set with L2 strength ``lam`` (no cross-validation), as stored."""
    return serial_weights(fit(*matrix(corpus() if reports is None else reports), lam))


def dumps(model: dict) -> str:
    return json.dumps(model, indent=0, sort_keys=True) + "\n"


def main(argv: list[str]) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--report", type=Path, default=DEFAULT_REPORT)
    ap.add_argument("--quiet", action="store_true")
    ap.add_argument("--exclude", action="append", default=[], metavar="SET",
                    help="leave this set out of training and cross-validation (to score it as unseen); repeatable")
    a = ap.parse_args(argv)
    model, report = train(verbose=not a.quiet, exclude=tuple(a.exclude))
    a.out.write_text(dumps(model), encoding="utf-8")
    a.report.write_text("\n".join(x for x in report.splitlines() if not x.startswith("timing:")) + "\n",
                        encoding="utf-8")
    print(f"wrote {a.out} ({a.out.stat().st_size} bytes) and {a.report}")


if __name__ == "__main__":
    main(sys.argv[1:])
