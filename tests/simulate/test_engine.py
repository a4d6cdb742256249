"""The vectorized log-rank of the simulation against trialscout.survival.logrank on individual trials; type I
error; analytic and simulated power under proportional and non-proportional hazards; reproducibility."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest

from trialscout.design.nph import nph_power
from trialscout.design.spec import build_arms, build_design, dropout_rates, read_design_file
from trialscout.design.survival import build_accrual, survival_power
from trialscout.simulate import problem_from_file, run_problem, simulate
from trialscout.simulate.engine import _sorted_flags, parse_test, simulate_chunk, zstat_batch, zstat_sorted
from trialscout.survival import logrank

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "cartitude4" / "design.toml"


def _trials(m=25, n=120, seed=3):
    rng = np.random.default_rng(seed)
    y = rng.exponential(10.0, (m, n))
    ev = rng.random((m, n)) < 0.7
    trt = rng.random((m, n)) < 0.5
    include = rng.random((m, n)) < 0.9
    return y, ev, trt, include


@pytest.mark.parametrize("test,weights", [("logrank", None), ("fh:0,1", "fh:0,1"), ("fh:1,0", "fh:1,0"),
                                          ("fh:1,1", "fh:1,1"), ("fh:0.5,2", "fh:0.5,2")])
def test_batch_logrank_equals_survival_logrank(test, weights):
    y, ev, trt, include = _trials()
    z, _ = zstat_batch(y, ev, trt, include, parse_test(test))
    for i in range(len(y)):
        keep = include[i]
        r = logrank(y[i, keep], ev[i, keep], np.where(trt[i, keep], "t", "c"), weights=weights)
        # groups sorted: "c" first; the control arm's O - E over sqrt(V)
        z_ref = (r.observed[0] - r.expected[0]) / math.sqrt(r.variance[0, 0])
        assert z[i] == pytest.approx(z_ref, rel=1e-9, abs=1e-12)


def test_numba_and_numpy_kernels_agree():
    from trialscout.simulate import _kernels as k

    y, ev, trt, include = _trials(m=40, n=200, seed=5)
    _, _, bits = _sorted_flags(y, ev & include, trt, include)
    u1, v1 = k._logrank_sums_py(bits)
    u2, v2 = k.logrank_sums(bits)
    np.testing.assert_allclose(u1, u2, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(v1, v2, rtol=1e-12, atol=1e-12)
    entry = np.random.default_rng(1).random(y.shape) * 5
    cal = np.where(ev, entry + y, np.inf)
    tau = np.full(len(y), 12.0)
    a = k._look_keys_py(entry, y, cal, trt, tau)
    b = k.look_keys(entry, y, cal, trt, tau)
    for x, w in zip(a, b):
        np.testing.assert_array_equal(x, w)


def test_magirr_burman_weights_by_hand():
    # one trial: with t* beyond every time the weight is 1 / S(t-), so the statistic equals the one computed
    # with those weights directly
    y, ev, trt, include = _trials(m=1, n=60, seed=11)
    keep = include[0]
    z, _ = zstat_batch(y, ev, trt, include, parse_test("magirr_burman:1000"))
    t, e, g = y[0, keep], ev[0, keep], trt[0, keep]
    o = np.argsort(t)
    t, e, g = t[o], e[o], g[o]
    n = len(t)
    s, num, var = 1.0, 0.0, 0.0
    for i in range(n):
        N = n - i
        nt = g[i:].sum()
        if e[i]:
            w = 1.0 / s
            fc = 1 - nt / N
            num += w * ((not g[i]) - fc)
            var += w * w * fc * (1 - fc)
            s *= 1 - 1 / N
    assert z[0] == pytest.approx(num / math.sqrt(var), rel=1e-10)


def test_type_one_error_at_hazard_ratio_one():
    t = read_design_file(EXAMPLE)
    t = t.model_copy(update={"hazard_ratio": 1.0})
    res = simulate(t, iterations=20000, seed=101)
    se = math.sqrt(0.025 * 0.975 / 20000)
    assert abs(res.power - 0.025) < 3.5 * se, res.power


def _analytic(t, name):
    o = dict(t.scenarios[name]) if name else {}
    d = build_design(t.design)
    acc = build_accrual(t.accrual.start_times, t.accrual.intensity, "absolute", None, t.max_subjects)
    c, tr, _ = build_arms(t, o.get("control"), o.get("treatment"), o.get("hazard_ratio"))
    a = nph_power(d, c, tr, acc, planned_events=t.planned_events_cumulative, dropout=dropout_rates(t),
                  test=o.get("test") or t.test)
    return d, a, o


# tolerance: 3.5 Monte Carlo SEs plus 0.01 for the asymptotic approximation with ~250 events
@pytest.mark.parametrize("scenario", [None, "delayed_effect", "delayed_effect_plateau", "delayed_effect_mb"])
def test_analytic_power_agrees_with_simulation(scenario):
    t = read_design_file(EXAMPLE)
    d, a, o = _analytic(t, scenario)
    sim = simulate(t, iterations=10000, seed=202, overrides=o or None)
    assert abs(sim.power - a.power) < 3.5 * sim.power_se + 0.01, (sim.power, a.power)
    np.testing.assert_allclose(sim.analysis_time, a.analysis_time, rtol=0.01)


def test_ph_formula_misses_the_delayed_effect():
    t = read_design_file(EXAMPLE)
    d, a, o = _analytic(t, "delayed_effect")
    ph = float(survival_power(d, 0.7, t.planned_events_cumulative[-1]).sum())
    sim = simulate(t, iterations=10000, seed=303, overrides=o)
    assert ph == pytest.approx(0.80, abs=0.01)
    assert abs(sim.power - ph) > 20 * sim.power_se         # the PH formula is far off (0.80 vs about 0.45)
    assert abs(sim.power - a.power) < 3.5 * sim.power_se + 0.01


def test_maxcombo_analytic_single_look():
    t = read_design_file(EXAMPLE)
    t = t.model_copy(update={"design": t.design.model_copy(update={"k": 1, "information_rates": [1.0]}),
                             "planned_events_cumulative": [250.0], "test": "maxcombo"})
    d, a, o = _analytic(t, "delayed_effect")
    sim = simulate(t, iterations=2000, seed=404, overrides=o)
    assert abs(sim.power - a.power) < 3.5 * sim.power_se + 0.01, (sim.power, a.power)


def test_same_seed_same_results_whatever_the_chunking_of_work():
    t = read_design_file(EXAMPLE).model_copy(update={"chunk_size": 500})
    p = problem_from_file(t)
    a = run_problem(p, 1500, 9)
    b = run_problem(p, 1500, 9)
    np.testing.assert_array_equal(a.per_trial["z"], b.per_trial["z"])
    # a chunk's trials do not depend on the other chunks
    c = simulate_chunk(p, 9, 2, 500)
    np.testing.assert_array_equal(c["z"], a.per_trial["z"][1000:])
    d = run_problem(p, 1500, 10)
    assert not np.array_equal(d.per_trial["z"], a.per_trial["z"])


def test_dask_local_cluster_reproduces_local_run_and_sweep():
    pytest.importorskip("dask.distributed")
    from dask.distributed import Client, LocalCluster

    from trialscout.simulate import sweep

    t = read_design_file(EXAMPLE).model_copy(update={"chunk_size": 400})
    p = problem_from_file(t)
    local = run_problem(p, 1200, 5)
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None) as cluster, \
            Client(cluster) as client:
        dist = run_problem(p, 1200, 5, client=client)
        small = t.model_copy(update={"sweep": t.sweep.model_copy(update={  # type: ignore[union-attr]
            "hazard_ratio": [0.7, 1.0], "accrual_intensity": None, "test": ["logrank"],
            "planned_events_cumulative": [[250.0]]})})
        table = sweep(small, iterations=400, seed=1, client=client)
    np.testing.assert_array_equal(local.per_trial["z"], dist.per_trial["z"])
    assert local.power == dist.power
    assert list(table["hazard_ratio"]) == [0.7, 1.0]
    assert table["power"].iloc[0] > table["power"].iloc[1]


@pytest.mark.parametrize("scenario", [None, "delayed_effect_plateau"])
def test_fused_and_numpy_patient_generation_agree(scenario):
    from trialscout.simulate import engine

    # numba is a dependency (pyproject): the compiled path must be there to be compared with the NumPy one
    assert engine.patients is not None, "the numba-compiled patient generator is missing"
    t = read_design_file(EXAMPLE)
    o = dict(t.scenarios[scenario]) if scenario else None
    p = problem_from_file(t, overrides=o)
    a = engine._generate_fused(np.random.default_rng(4), p, 50)
    b = engine._generate_numpy(np.random.default_rng(4), p, 50)
    for x, y in zip(a, b):
        np.testing.assert_allclose(x, y, rtol=1e-13, atol=0)


def test_cox_test_agrees_with_logrank_on_the_same_trials():
    # without ties the Cox Wald z and the log-rank z differ by O(1/sqrt(events)): on 60 trials of 250 events they
    # stay within 0.1 of each other, and the rejection decisions almost all agree
    t = read_design_file(EXAMPLE).model_copy(update={"chunk_size": 60})
    a = run_problem(problem_from_file(t.model_copy(update={"test": "cox"})), 60, 8)
    b = run_problem(problem_from_file(t), 60, 8)
    za, zb = a.per_trial["z"], b.per_trial["z"]
    ok = np.isfinite(za) & np.isfinite(zb)
    assert np.all(np.abs(za[ok] - zb[ok]) < 0.1)
    assert np.mean(a.per_trial["reject"] == b.per_trial["reject"]) >= 0.95
