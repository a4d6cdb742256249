"""Every result of a readout as plain JSON data (numbers, ``None`` for missing ones, with their NR/NE status)."""

from __future__ import annotations

import math

import numpy as np

from .._results import Comparison, Estimate, TestResult

__all__ = ["readout_to_dict"]


def _num(x):
    if x is None:
        return None
    x = float(x)
    return x if math.isfinite(x) else None


def _est(e: Estimate | None):
    if e is None:
        return None
    d = e.as_dict()
    d["confidence_level"] = e.confidence_level
    d["method"] = e.method
    if math.isfinite(e.std_err):
        d["std_err"] = e.std_err
    return d


def _test(t: TestResult | None):
    if t is None:
        return None
    return {"statistic": _num(t.statistic), "df": _num(t.df), "pvalue": _num(t.pvalue), "method": t.method}


def _cmp(c: Comparison | None):
    if c is None:
        return None
    return {"estimate": _est(c.estimate), "statistic": _num(c.statistic), "pvalue": _num(c.pvalue),
            "method": c.method}


def _summary(s):
    return {k: (_num(getattr(s, k)) if k not in ("n", "missing") else int(getattr(s, k)))
            for k in ("n", "missing", "mean", "sd", "median", "q1", "q3", "min", "max")}


def _tte(r) -> dict:
    a = r.analysis
    arms = {}
    for s in r.arms:
        arms[s.arm] = {
            "n": s.n,
            "events": s.n_events,
            "median": _est(s.median),
            "q25": _est(s.q25),
            "q75": _est(s.q75),
            "landmarks": [{"time": lm.time, "n_at_risk": lm.n_at_risk, "rate": _est(lm.estimate)}
                          for lm in s.landmarks],
            "rmst": _est(s.rmst),
        }
    c = r.comparison
    out = {
        "type": "tte",
        "label": r.endpoint.label,
        "paramcd": r.endpoint.paramcd,
        "population": r.population,
        "weighting": r.endpoint.weighting,
        "arm": r.endpoint.arm,
        "estimand": r.estimand,
        "preset": a.preset,
        "ties": a.ties,
        "conf_type": a.conf_type,
        "landmarks": list(a.landmarks),
        "tau": a.tau,
        "arms": arms,
        "compared": c is not None,
        "hazard_ratio": None,
        "logrank": None,
        "rmst_difference": None,
        "single_arm_strata": [{"stratum": st, "arm": arm} for st, arm in a.single_arm_strata],
        "notes": list(r.notes),
        "warnings": list(a.warnings),
    }
    if c is not None:
        lr = c.logrank
        out["hazard_ratio"] = _est(c.hazard_ratio)
        out["logrank"] = {"statistic": _num(lr.statistic), "df": _num(lr.df), "pvalue": _num(lr.pvalue),
                          "weights": lr.weights, "n_strata": int(lr.n_strata)}
        out["rmst_difference"] = _cmp(c.rmst_difference)
    return out


def _response(r) -> dict:
    return {
        "type": "response",
        "label": r.endpoint.label,
        "paramcd": r.endpoint.paramcd,
        "population": r.population,
        "evaluable": None if r.endpoint.evaluable is None else r.endpoint.evaluable.describe(),
        "arm": r.endpoint.arm,
        "responders": list(r.endpoint.responders),
        "stratified": r.stratified,
        "arms": {a.arm: {"responders": a.responders, "n": a.n, "rate": _est(a.rate)} for a in r.arms},
        "categories": {c: list(n) for c, n in r.categories},
        "difference": _cmp(r.difference),
        "odds_ratio": _cmp(r.odds_ratio),
        "cmh": _test(r.cmh),
    }


def _row(r) -> dict:
    return {"soc": r.soc, "term": r.term, "any_grade": list(r.any_grade), "grade3plus": list(r.grade3plus),
            "by_max_grade": [list(g) for g in r.by_grade]}


def readout_to_dict(readout) -> dict:
    """The whole readout as JSON-ready data.

    Arms are keyed by their ADSL value; per-arm lists (``n``, counts) follow ``arms`` order.
    """
    spec = readout.spec
    out: dict = {
        "trial": {"title": spec.title, "time_unit": spec.time_unit, "preset": spec.preset,
                  "confidence_level": spec.confidence_level, "note": spec.note, "spec": str(spec.path)},
        "arms": list(readout.arms),
        "arm_labels": dict(zip(readout.arms, readout.arm_labels)),
        "control": spec.arms.control,
        "populations": {name: dict(zip(readout.arms, n)) for name, n in readout.population_sizes},
        "endpoints": {},
    }
    for r in readout.endpoints:
        out["endpoints"][r.endpoint.id] = _tte(r) if r.endpoint.type == "tte" else _response(r)
    s = readout.safety
    if s is not None:
        out["safety"] = {
            "population": s.population,
            "n": list(s.n),
            "overview": {c.label: list(c.n) for c in s.overview},
            "rows": [_row(r) for r in s.rows],
            "most_common_grade3": {a: [_row(r) for r in rows] for a, rows in zip(s.arms, s.most_common_grade3)},
        }
    d = readout.deaths
    if d is not None:
        out["deaths"] = {"population": d.population, "n": list(d.n), "died": list(d.died),
                         "causes": {c.label: list(c.n) for c in d.causes}}
    out["baseline"] = [
        {"column": b.column, "label": b.label, "type": b.type,
         "summaries": None if b.summaries is None else [_summary(x) for x in b.summaries],
         "levels": None if b.levels is None else {lv: list(n) for lv, n in b.levels}}
        for b in readout.baseline
    ]
    out["baseline_columns"] = list(readout.arms) + ["overall"]
    out["exposure"] = [
        {"column": x.column, "label": x.label, "population": x.population,
         "arms": {a: _summary(s) for a, s in zip(x.arms, x.summaries)}}
        for x in readout.exposure
    ]
    out["subgroups"] = {}
    for sg in readout.subgroups:
        def lvl(v):
            return {"level": v.level, "events": list(v.events), "n": list(v.n), "hazard_ratio": _est(v.hazard_ratio)}

        out["subgroups"][sg.endpoint] = {
            "method": sg.method,
            "overall": lvl(sg.overall),
            "variables": [{"column": v.column, "label": v.label, "missing": v.missing,
                           "levels": [lvl(x) for x in v.levels], "interaction": _test(v.interaction)}
                          for v in sg.variables],
        }
    return _clean(out)


def _clean(x):
    if isinstance(x, dict):
        return {str(k): _clean(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [_clean(v) for v in x]
    if isinstance(x, (np.integer,)):
        return int(x)
    if isinstance(x, (float, np.floating)):
        return _num(x)
    return x
