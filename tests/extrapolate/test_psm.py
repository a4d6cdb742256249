"""The partitioned-survival model against a hand computation, and the spec and its run end to end."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from trialscout._validate import InputError
from trialscout.extrapolate.psm import ArmInputs, PSMSettings, psm_outcomes, read_psm_spec, run_psm, state_occupancy

EXAMPLE = Path(__file__).parents[2] / "examples" / "psm" / "spec.toml"

# three yearly cycles; PFS rises above OS at years 2 and 3, where it is capped
OS = [1.0, 0.8, 0.5, 0.2]
PFS = [1.0, 0.7, 0.55, 0.3]
ARM = ArmInputs(utility_pf=0.8, utility_pd=0.5, cost_pf=100.0, cost_pd=300.0, initial_cost=1000.0)


def test_state_occupancy_caps_pfs_by_os():
    pf, pd, dead = state_occupancy(PFS, OS)
    np.testing.assert_array_equal(pf, [1.0, 0.7, 0.5, 0.2])
    np.testing.assert_allclose(pd, [0.0, 0.1, 0.0, 0.0], atol=1e-15)
    np.testing.assert_allclose(dead, [0.0, 0.2, 0.5, 0.8], atol=1e-15)


def test_hand_computation_half_cycle():
    s = PSMSettings(cycle=1.0, horizon=3.0, time_unit="years", half_cycle=True, discount_costs=0.05,
                    discount_effects=0.035)
    r = psm_outcomes(PFS, OS, s, ARM)
    # trapezoid weights 1/2, 1, 1, 1/2; PF = 1, .7, .5, .2; PD = 0, .1, 0, 0
    assert r["life_years"] == pytest.approx(0.5 * 1.0 + 0.8 + 0.5 + 0.5 * 0.2, abs=1e-12)
    assert r["life_years_pf"] == pytest.approx(0.5 + 0.7 + 0.5 + 0.1, abs=1e-12)
    assert r["life_years_pd"] == pytest.approx(0.1, abs=1e-12)
    # QALYs per year at each boundary: .8, .8*.7 + .5*.1 = .61, .8*.5 = .4, .8*.2 = .16
    assert r["qalys"] == pytest.approx(0.4 + 0.61 + 0.4 + 0.08, abs=1e-12)
    assert r["qalys_discounted"] == pytest.approx(0.4 + 0.61 / 1.035 + 0.4 / 1.035 ** 2 + 0.08 / 1.035 ** 3,
                                                  abs=1e-12)
    assert r["life_years_discounted"] == pytest.approx(0.5 + 0.8 / 1.035 + 0.5 / 1.035 ** 2 + 0.1 / 1.035 ** 3,
                                                       abs=1e-12)
    # costs per cycle at each boundary: 100, 70 + 30 = 100, 50, 20; plus 1000 at the start
    assert r["costs"] == pytest.approx(1000 + 50 + 100 + 50 + 10, abs=1e-9)
    assert r["costs_discounted"] == pytest.approx(1000 + 50 + 100 / 1.05 + 50 / 1.05 ** 2 + 10 / 1.05 ** 3,
                                                  abs=1e-9)


def test_hand_computation_end_of_cycle_months():
    # monthly cycles over 3 months, no half-cycle correction: boundaries 1..3 count fully, the start not at all
    s = PSMSettings(cycle=1.0, horizon=3.0, time_unit="months", half_cycle=False, discount_costs=0.0,
                    discount_effects=0.12)
    r = psm_outcomes(PFS, OS, s, ARM)
    assert r["life_years"] == pytest.approx((0.8 + 0.5 + 0.2) / 12, abs=1e-12)
    assert r["qalys"] == pytest.approx((0.61 + 0.4 + 0.16) / 12, abs=1e-12)
    d = 1.12 ** (-1 / 12)
    assert r["qalys_discounted"] == pytest.approx((0.61 * d + 0.4 * d ** 2 + 0.16 * d ** 3) / 12, abs=1e-12)
    assert r["costs_discounted"] == pytest.approx(1000 + 100 + 50 + 20, abs=1e-9)


def test_draw_rows_broadcast():
    s = PSMSettings(cycle=1.0, horizon=3.0, time_unit="years")
    r = psm_outcomes(np.array([PFS, PFS]), np.array([OS, OS]), s, ARM)
    assert r["qalys"].shape == (2,)
    assert r["qalys"][0] == r["qalys"][1] == pytest.approx(psm_outcomes(PFS, OS, s, ARM)["qalys"], abs=0)


def test_example_end_to_end():
    import pandas as pd

    spec = read_psm_spec(EXAMPLE)
    df = pd.read_csv(spec.data)
    data = {k: (df[df.PARAMCD == p].AVAL.to_numpy(), df[df.PARAMCD == p].CNSR.to_numpy() == 0,
                df[df.PARAMCD == p].TRT01P.to_numpy()) for k, p in (("pfs", "PFS"), ("os", "OS"))}
    res = run_psm(spec, data["pfs"], data["os"])
    assert res.arms == ("Standard", "New")
    # deterministic = the worker on the fitted curves
    for a in res.arms:
        again = psm_outcomes(res.pfs[a], res.os[a], spec.settings, spec.inputs.get(a, spec.inputs["*"]))
        assert res.deterministic[a]["qalys_discounted"] == pytest.approx(float(again["qalys_discounted"]), rel=1e-14)
        assert np.all(res.pfs[a] <= 1) and res.os[a][0] == pytest.approx(1.0)
    inc = res.incremental["New"]
    assert inc["icer"] == pytest.approx(inc["costs"] / inc["qalys"], rel=1e-14)
    # the PSA: CEAC probabilities sum to one; means near the deterministic values
    total = sum(res.ceac[a] for a in res.arms)
    np.testing.assert_allclose(total, 1.0, atol=1e-12)
    for a in res.arms:
        psa_mean = float(np.mean(res.psa[a]["qalys_discounted"]))
        assert psa_mean == pytest.approx(res.deterministic[a]["qalys_discounted"], rel=0.05)
    assert res.ceac["New"][0] == 0.0  # at a willingness to pay of 0 the cheaper arm always wins


def _write(tmp_path, text):
    (tmp_path / "adtte.csv").write_text("AVAL,CNSR,TRT01P,PARAMCD\n1,0,A,OS\n")
    p = tmp_path / "spec.toml"
    p.write_text(text)
    return p


BASE = """[data]\nfile = "adtte.csv"\ncensor = "CNSR"\narm = "TRT01P"\n[settings]\nhorizon = 120\n
[utilities]\nprogression_free = 0.8\nprogressed = 0.6\n"""


@pytest.mark.parametrize("extra, message", [
    ("[settings2]\n", "unknown section"),
    ("[costs]\nprogression_fre = 1\n", "unknown key 'progression_fre'"),
    ("[models]\nos = \"weibul\"\n", "os: distribution 'weibul' is not known"),
    ("[arms.A]\ninitial_cost = \"x\"\n", "initial_cost: must be a number"),
])
def test_spec_errors_name_the_key(tmp_path, extra, message):
    with pytest.raises(InputError, match=message):
        read_psm_spec(_write(tmp_path, BASE + extra))


def test_spec_horizon_whole_cycles(tmp_path):
    with pytest.raises(InputError, match="whole number of cycles"):
        read_psm_spec(_write(tmp_path, BASE.replace("horizon = 120", "horizon = 120\ncycle = 7")))
