"""Group-sequential designs against rpact's getDesignGroupSequential / getDesignCharacteristics
(tests/reference/design_rpact.R)."""

from __future__ import annotations

import numpy as np
import pytest

from trialscout.design.spec import DesignSpec, build_design

from ._reference import REF

CASES = REF["designs"]


def _id(case) -> str:
    d = case["input"]
    e = d["efficacy"]
    name = e.get("spending") or e.get("boundary")
    f = d.get("futility")
    fut = "" if f is None else f"-{f.get('spending', 'fixed')}-{'b' if f['binding'] else 'nb'}"
    return f"k{d['k']}-s{d['sided']}-{name}{fut}"


@pytest.mark.parametrize("case", CASES, ids=[_id(c) for c in CASES])
def test_design_matches_rpact(case):
    d = build_design(DesignSpec.model_validate(case["input"]))
    r = case["rpact"]
    k = d.k
    # bounds, alpha spent and stage levels: 1e-6 absolute
    np.testing.assert_allclose(d.critical_z, np.atleast_1d(r["critical_z"]), atol=1e-6, rtol=0)
    np.testing.assert_allclose(d.nominal_alpha, np.atleast_1d(r["stage_levels"]), atol=1e-6, rtol=0)
    np.testing.assert_allclose(d.alpha_spent, np.atleast_1d(r["alpha_spent"]), atol=1e-6, rtol=0)
    if r.get("futility_z") is not None:
        assert d.futility_z is not None
        np.testing.assert_allclose(d.futility_z, np.atleast_1d(r["futility_z"])[: k - 1], atol=1e-6, rtol=0)
    if r.get("beta_spent") is not None:
        np.testing.assert_allclose(d.beta_spent, np.atleast_1d(r["beta_spent"]), atol=1e-6, rtol=0)
    # inflation and expected information: 1e-5 relative
    np.testing.assert_allclose(d.inflation_factor, r["inflation_factor"], rtol=1e-5)
    np.testing.assert_allclose(d.power, np.atleast_1d(r["power"]), atol=1e-6)
    if k == 1:  # rpact gives no stage-wise characteristics for a fixed design
        assert d.rejection_probabilities[0] == pytest.approx(1 - d.beta, abs=1e-9)
        assert d.expected_information_h1 == pytest.approx(1.0, abs=1e-9)
        return
    np.testing.assert_allclose(d.rejection_probabilities, np.atleast_1d(r["rejection_probabilities"]), atol=1e-6)
    np.testing.assert_allclose(d.futility_probabilities, np.atleast_1d(r["futility_probabilities"]), atol=1e-6)
    np.testing.assert_allclose(d.expected_information_h1, r["asn_h1"], rtol=1e-5)
    np.testing.assert_allclose(d.expected_information_h0, r["asn_h0"], rtol=1e-5)
