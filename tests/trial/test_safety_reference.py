"""Safety tables against an independent, deliberately plain re-count (seeded random ADAE data).

The reference loops over subjects in pure Python: for each table row, the maximum grade of that subject's
treatment-emergent events in the row, then counts per arm. The readout must agree exactly.
"""

from __future__ import annotations

import shutil
from collections import defaultdict
from pathlib import Path

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from trialscout.trial import run_readout

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "small_trial"
TERMS = [("SOC A", "a1"), ("SOC A", "a2"), ("SOC B", "b1"), ("SOC C", "c1"), ("SOC C", "c2")]


def reference(adsl: pd.DataFrame, adae: pd.DataFrame):
    safe = adsl[adsl.SAFFL == "Y"].set_index("USUBJID")["ACTARM"]
    arms = ("CART", "SOC")
    rows = defaultdict(lambda: defaultdict(int))  # key -> subject -> max grade
    flags = defaultdict(set)
    for rec in adae.itertuples():
        if rec.TRTEMFL != "Y" or rec.USUBJID not in safe.index:
            continue
        for key in (("any",), (rec.AEBODSYS, None), (rec.AEBODSYS, rec.AEDECOD)):
            rows[key][rec.USUBJID] = max(rows[key][rec.USUBJID], int(rec.AETOXGR))
        if rec.AESER == "Y":
            flags["ser"].add(rec.USUBJID)
        if rec.AEREL == "RELATED":
            flags["rel"].add(rec.USUBJID)
        if rec.AESER == "Y" and rec.AEREL == "RELATED":
            flags["serrel"].add(rec.USUBJID)

    def by_grade(key):
        return tuple(tuple(sum(1 for s, g in rows[key].items() if safe[s] == a and g == k) for k in range(1, 6))
                     for a in arms)

    def subjects(ids):
        return tuple(sum(1 for s in ids if safe[s] == a) for a in arms)

    return by_grade, subjects, flags, rows


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 2**32 - 1), n_events=st.integers(1, 60))
def test_safety_tables_match_plain_recount(tmp_path_factory, seed, n_events):
    rng = np.random.default_rng(seed)
    d = tmp_path_factory.mktemp("t")
    shutil.copytree(EXAMPLE, d, dirs_exist_ok=True)
    adsl = pd.read_csv(d / "adsl.csv")
    idx = rng.integers(0, len(TERMS), n_events)
    adae = pd.DataFrame({
        "USUBJID": rng.choice(adsl.USUBJID.to_numpy(), n_events),
        "AEBODSYS": [TERMS[i][0] for i in idx],
        "AEDECOD": [TERMS[i][1] for i in idx],
        "AETOXGR": rng.integers(1, 6, n_events),
        "AESER": rng.choice(["Y", "N"], n_events),
        "AEREL": rng.choice(["RELATED", "NOT RELATED"], n_events),
        "TRTEMFL": rng.choice(["Y", "N"], n_events, p=[0.85, 0.15]),
    })
    adae.to_csv(d / "adae.csv", index=False)
    s = run_readout(d / "spec.toml").safety
    by_grade, subjects, flags, rows = reference(adsl, adae)
    ov = {c.label: c.n for c in s.overview}
    g = by_grade(("any",))
    assert tuple(sum(x) for x in g) == ov["Any TEAE"]
    assert tuple(x[2] + x[3] for x in g) == ov["Grade 3 or 4 (maximum grade)"]
    assert tuple(x[2] + x[3] + x[4] for x in g) == ov["Grade 3 or higher"]
    assert [ov[f"Maximum grade {k}"] for k in range(1, 6)] == [tuple(x[k - 1] for x in g) for k in range(1, 6)]
    assert subjects(flags["ser"]) == ov["Serious TEAE"]
    assert subjects(flags["rel"]) == ov["Treatment-related TEAE"]
    assert subjects(flags["serrel"]) == ov["Serious treatment-related TEAE"]
    got = {(r.soc, r.term): r.by_grade for r in s.rows}
    want = {k: by_grade(k) for k in rows if k != ("any",)}
    assert got == want
    for r in s.rows:
        assert r.any_grade == tuple(sum(x) for x in r.by_grade)
        assert r.grade3plus == tuple(sum(x[2:]) for x in r.by_grade)
