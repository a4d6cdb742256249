"""Consistency checks: hand-derived cases, and their catch and false-alarm rates on the corpus.

Inconsistent variants are made from the real reports of the corpus by editing the printed text (an HR or a
median moved outside its CI, a P value that contradicts the CI, a CI reversed, a landmark rate against its
median), then scouted again; a variant is caught when a warning or error names the edited record.
"""

import math
import re
from dataclasses import replace
from statistics import NormalDist

import pytest

from tests.scout import scorer
from trialscout.scout import check_records, scout_text
from trialscout.scout.checks import rounding_interval
from trialscout.scout.reader import Arm, Record, Source

NAMES = sum((scorer.split()[k] for k in ("dev", "heldout", "heldout2", "heldout3", "heldout4")), [])


def _texts():
    return {n: (scorer.CORPUS / f"{n}.txt").read_text(encoding="utf-8") for n in NAMES}


def _rec(**kw):
    base = dict(endpoint="OS", kind="hr", arm=None, value=0.55, ci_lower=0.39, ci_upper=0.79, ci_level=95.0,
                p_value=None, p_operator=None, timepoint_months=None, unit=None, source=Source(0, 1, "x"),
                value_text="0.55", lower_text="0.39", upper_text="0.79")
    base.update(kw)
    return Record(**base)


def test_rounding_interval():
    assert rounding_interval("0.55") == pytest.approx((0.545, 0.555))
    assert rounding_interval("12") == (11.5, 12.5)


def test_p_from_ci_hand_derivation():
    # Altman & Bland 2011: se = (log 0.79 - log 0.39) / (2 x 1.96) = 0.1801, z = |log 0.55| / se = 3.320,
    # P = 2 (1 - Phi(3.320)) = 0.00090: the seed article's OS "P = .0009" agrees with its CI
    z = abs(math.log(0.55)) / ((math.log(0.79) - math.log(0.39)) / (2 * 1.959964))
    assert z == pytest.approx(3.320, abs=0.001)
    assert 2 * (1 - NormalDist().cdf(z)) == pytest.approx(0.00090, abs=0.00001)
    assert check_records([_rec(p_value=0.0009, p_operator="=", p_text="P = .0009")]) == []
    bad = check_records([_rec(p_value=0.09, p_operator="=", p_text="P = .09")])
    assert sorted(c.kind for c in bad) == ["p_vs_ci", "significance_vs_ci"]


def test_hr_outside_ci_and_reversed():
    assert "estimate_outside_ci" in [c.kind for c in check_records([_rec(value=0.85, value_text="0.85")])]
    assert [c.kind for c in check_records([_rec(ci_lower=0.79, ci_upper=0.39, lower_text="0.79",
                                               upper_text="0.39")])] == ["ci_reversed"]
    # an estimate equal to its printed lower limit is inside the CI once rounding is allowed for
    assert "estimate_outside_ci" not in [c.kind for c in check_records(
        [_rec(value=0.39, value_text="0.39", ci_lower=0.39, lower_text="0.39")])]


def test_significance_and_symmetry():
    out = check_records([_rec(value=0.80, value_text="0.80", ci_lower=0.60, ci_upper=1.10, lower_text="0.60",
                              upper_text="1.10", p_value=0.01, p_operator="=", p_text="P = 0.01")])
    assert {"significance_vs_ci", "p_vs_ci"} <= {c.kind for c in out}
    asym = check_records([_rec(value=0.45, value_text="0.45")])
    assert [c.kind for c in asym] == ["ci_asymmetric"]


def test_landmarks_and_median():
    src = Source(0, 1, "x")
    recs = [Record("OS", "landmark_rate", "A", 60.0, None, None, None, None, None, 12.0, "percent", src, "60"),
            Record("OS", "landmark_rate", "A", 65.0, None, None, None, None, None, 24.0, "percent", src, "65"),
            Record("OS", "median", "A", 10.0, None, None, None, None, None, None, "months", src, "10.0")]
    kinds = sorted(c.kind for c in check_records(recs))
    assert kinds == ["landmark_rising", "rate_vs_median", "rate_vs_median"]


def test_grim():
    src = Source(0, 1, "Overall response was 33.3% and 50%.")
    arms = [Arm("A", 7), Arm("B", 10)]
    ok = Record("ORR", "rate", "A", 42.9, None, None, None, None, None, None, "percent", src, "42.9")  # 3/7
    bad = Record("ORR", "rate", "A", 33.3, None, None, None, None, None, None, "percent", src, "33.3")
    assert check_records([ok], arms) == []
    assert [c.kind for c in check_records([bad], arms)] == ["grim"]


def test_false_alarm_rate_on_unmodified_reports():
    texts = _texts()
    alarmed = [n for n, t in texts.items() if scout_text(t).alarms]
    assert len(alarmed) / len(texts) <= 0.05, alarmed


def _variants(text):
    """(edited text, position of the edited figure, the kinds that should catch it) for every figure."""
    res = scout_text(text)
    out = []
    for r in res.records:
        s0 = r.source.start
        if not isinstance(r.value, float) or text[s0:s0 + len(r.value_text)] != r.value_text:
            continue
        if isinstance(r.ci_upper, float) and isinstance(r.ci_lower, float) and r.ci_upper > r.ci_lower:
            dec = len(r.value_text.split(".")[1]) if "." in r.value_text else 0
            new = f"{r.ci_upper * 1.25 + 10 ** -dec:.{dec}f}"
            out.append((text[:s0] + new + text[s0 + len(r.value_text):], s0, {"estimate_outside_ci"}))
            # the CI's limits swapped
            seg = text[r.source.start:r.source.end]
            if seg.count(r.lower_text) == 1 and seg.count(r.upper_text) == 1 and r.lower_text != r.upper_text:
                a = seg.replace(r.lower_text, "\0").replace(r.upper_text, r.lower_text).replace("\0", r.upper_text)
                out.append((text[:r.source.start] + a + text[r.source.end:], s0, {"ci_reversed",
                                                                                   "estimate_outside_ci"}))
        if r.kind in ("hr", "odds_ratio") and r.p_value is not None and isinstance(r.ci_upper, float) \
                and r.p_operator in ("=", "<"):
            sent_at = text.find(r.source.sentence)
            pm = re.search(r"[Pp]\s*(?:-?\s*value)?\s*(?:=|<|,)\s*\d*\.?\d+", text[s0:sent_at + len(r.source.sentence)])
            if pm:
                a, b = s0 + pm.start(), s0 + pm.end()
                excludes = r.ci_upper < 1 or r.ci_lower > 1
                new = "P = 0.62" if excludes else "P < 0.001"
                out.append((text[:a] + new + text[b:], s0, {"p_vs_ci", "significance_vs_ci"}))
    return out


def test_catch_rate_on_inconsistent_variants():
    caught = total = 0
    missed = []
    for name, text in _texts().items():
        for edited, pos, kinds in _variants(text):
            res = scout_text(edited)
            idx = [i for i, r in enumerate(res.records) if r.source.start == pos]
            total += 1
            hit = any(c.kind in kinds and c.severity in ("error", "warning") and set(c.records) & set(idx)
                      for c in res.checks)
            caught += hit
            if not hit:
                missed.append((name, pos, sorted(kinds)))
    assert total >= 100
    assert caught / total >= 0.95, (caught, total, missed[:10])


def test_landmark_variants_against_medians():
    # every landmark rate of an arm with a numeric median, moved to the wrong side of 50%
    caught = total = 0
    for name, text in _texts().items():
        res = scout_text(text)
        for r in res.records:
            if r.kind != "landmark_rate" or text[r.source.start:r.source.start + len(r.value_text)] != r.value_text:
                continue
            med = [m for m in res.records if m.kind == "median" and m.arm == r.arm and m.endpoint == r.endpoint]
            if not med:
                continue
            m = med[0]
            t = r.timepoint_months
            if m.value == "NR" or (isinstance(m.value, float) and m.value > t * 1.05):
                new = "31.0"  # below 50% before the median (or with a median not reached)
            elif isinstance(m.value, float) and m.value < t * 0.95:
                new = "71.0"  # above 50% after the median
            else:
                continue
            s0 = r.source.start
            edited = text[:s0] + new + text[s0 + len(r.value_text):]
            out = scout_text(edited)
            idx = {i for i, q in enumerate(out.records) if q.source.start == s0}
            total += 1
            caught += any(c.kind == "rate_vs_median" and set(c.records) & idx for c in out.checks)
    assert total >= 5
    assert caught / total >= 0.95, (caught, total)
