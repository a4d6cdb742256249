"""Survival events, subjects and times against rpact's getSampleSizeSurvival (tests/reference/design_rpact.R)."""

from __future__ import annotations

import numpy as np
import pytest

from trialscout.design.plan import plan
from trialscout.design.spec import parse_design

from ._reference import REF

CASES = REF["survival"]


@pytest.mark.parametrize("case", CASES, ids=[f"case{i + 1}" for i in range(len(CASES))])
def test_survival_matches_rpact(case):
    design, ss = plan(parse_design(case["input"]))
    r = case["rpact"]
    assert ss is not None, "a design with arms and accrual plans a sample size"
    # events and subjects 1e-5 relative; times 1e-4 relative
    np.testing.assert_allclose(ss.events_fixed, r["events_fixed"], rtol=1e-5)
    np.testing.assert_allclose(ss.events, r["events"], rtol=1e-5)
    np.testing.assert_allclose(ss.max_subjects, r["max_subjects"], rtol=1e-5)
    np.testing.assert_allclose(ss.subjects, r["subjects"], rtol=1e-5)
    np.testing.assert_allclose(ss.analysis_time, r["analysis_time"], rtol=1e-4)
    np.testing.assert_allclose(ss.follow_up_time, r["follow_up_time"], rtol=1e-4, atol=1e-6)
    np.testing.assert_allclose(ss.accrual_end, r["accrual_end"], rtol=1e-4)
    np.testing.assert_allclose(ss.expected_events_h1, r["expected_events_h1"], rtol=1e-5)
    np.testing.assert_allclose(ss.expected_events_h0, r["expected_events_h0"], rtol=1e-5)
    np.testing.assert_allclose(ss.expected_subjects_h1, r["expected_subjects_h1"], rtol=1e-5)
    np.testing.assert_allclose(ss.study_duration_h1, r["study_duration_h1"], rtol=1e-4)
    if design.k > 1:  # rpact gives no stage-wise rejection or early stopping for a fixed design
        np.testing.assert_allclose(ss.reject_per_stage, r["reject_per_stage"], atol=1e-6)
        np.testing.assert_allclose(ss.early_stop, r["early_stop"], atol=1e-6)
    if case["input"]["computation"] == "schoenfeld":
        np.testing.assert_allclose(ss.hr_at_bound, r["hr_at_bound"], rtol=1e-6)
