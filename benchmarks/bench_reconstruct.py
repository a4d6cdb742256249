"""Speed and accuracy of trialscout.reconstruct (Guyot et al. 2012 reconstruction).

Run from the repository root:  python benchmarks/bench_reconstruct.py [--replicates 200] [--inputs 1000]

1. A two-arm figure with 200 digitized points per arm and ten at-risk intervals (target < 50 ms), with and
   without the total events (the events search refits the censoring shape when the first pass misses).
2. 1,000 random noisy inputs (tests/reconstruct/test_reconstruct_fuzz.py's generator): slowest single input (target < 1 s).
3. The round-trip study over 200 noisy replicates per data set (R `survival` lung, veteran, colon, ovarian,
   pbc): |log HR error| median and 95th percentile (targets 0.03 and 0.06), at-risk counts and total events
   reproduced, survival error (as defined in tests/reconstruct/test_reconstruct_roundtrip.py).

No peer runs here: IPDfromKM / survHE are R packages whose code we must not copy and do not call; this file
records our own numbers only.
"""

from __future__ import annotations

import argparse
import sys
import time
import warnings
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "reconstruct"))

from _reconstruct_sim import digitize, load_arms, log_hr  # noqa: E402
from test_reconstruct_fuzz import random_input  # noqa: E402
from test_reconstruct_roundtrip import survival_excess  # noqa: E402

from trialscout._validate import InputError  # noqa: E402
from trialscout.reconstruct import ReconstructionWarning, reconstruct_ipd  # noqa: E402


def two_arm_figure(rng, points=200, intervals=10):
    """Two synthetic arms (300 patients each, exponential, 30% censored) digitized with 200 points each."""
    arms = []
    for scale in (12.0, 18.0):
        t = rng.exponential(scale, 300)
        c = rng.uniform(0, 60, 300)
        time_, event = np.minimum(t, c), t <= c
        x, y, rt, rn, d = digitize(time_, event, rng, drop=0.0, flat_clicks=0)
        idx = np.sort(rng.choice(len(x), size=points, replace=len(x) < points))
        step = time_.max() / intervals
        rt = np.arange(intervals) * step
        rn = np.array([(time_ >= u).sum() for u in rt])
        arms.append((x[idx], y[idx], rt, rn, d))
    return arms


def bench_figure(repeats=50):
    rng = np.random.default_rng(1)
    arms = two_arm_figure(rng)
    out = {}
    for label, with_events in (("table + events", True), ("table only", False)):
        for x, y, rt, rn, d in arms:  # warm-up
            reconstruct_ipd(x, y, n_risk_times=rt, n_risk=rn, total_events=d if with_events else None, warn=False)
        times = []
        for _ in range(repeats):
            t0 = time.perf_counter()
            for x, y, rt, rn, d in arms:
                reconstruct_ipd(
                    x, y, n_risk_times=rt, n_risk=rn, total_events=d if with_events else None, warn=False
                )
            times.append(time.perf_counter() - t0)
        out[label] = (np.median(times) * 1e3, np.max(times) * 1e3)
    return out


def bench_fuzz(n_inputs=1000):
    rng = np.random.default_rng(20240601)
    times, errors = [], 0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ReconstructionWarning)
        for _ in range(n_inputs):
            x, y, kw = random_input(rng)
            t0 = time.perf_counter()
            try:
                reconstruct_ipd(x, y, **kw)
            except InputError:
                errors += 1
            times.append(time.perf_counter() - t0)
    times = np.array(times) * 1e3
    return times, errors


def bench_roundtrip(replicates=200):
    rows = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ReconstructionWarning)
        for ds in ("lung", "veteran", "colon", "ovarian", "pbc"):
            arms = load_arms(ds)
            names = list(arms)
            true_lhr = log_hr(arms, *names)
            errs, excess, risk_ok, ev_ok = [], [], [], []
            t0 = time.perf_counter()
            for r in range(replicates):
                rng = np.random.default_rng(r)
                rebuilt = {}
                for a, (t, e) in arms.items():
                    x, y, rt, rn, d = digitize(t, e, rng)
                    rec = reconstruct_ipd(x, y, n_risk_times=rt, n_risk=rn, total_events=d)
                    rebuilt[a] = (rec.time, rec.event)
                    risk_ok.append(rec.diagnostics.risk_matched)
                    ev_ok.append(rec.n_events == d)
                    excess.append(survival_excess(t, e, rec))
                errs.append(abs(log_hr(rebuilt, *names) - true_lhr))
            errs = np.array(errs)
            rows.append(
                (ds, float(np.exp(true_lhr)), np.median(errs), np.quantile(errs, 0.95), np.mean(risk_ok),
                 np.mean(ev_ok), np.median(excess), np.quantile(excess, 0.95), time.perf_counter() - t0)
            )
    return rows


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--replicates", type=int, default=200)
    ap.add_argument("--inputs", type=int, default=1000)
    args = ap.parse_args()

    print("1. two-arm figure, 200 points per arm, 10 at-risk intervals (target < 50 ms)")
    for label, (med, mx) in bench_figure().items():
        print(f"   {label:15s} median {med:6.1f} ms   max {mx:6.1f} ms")

    times, errors = bench_fuzz(args.inputs)
    print(f"2. {args.inputs} random noisy inputs (target < 1 s each): median {np.median(times):.1f} ms, "
          f"99th pct {np.quantile(times, 0.99):.1f} ms, slowest {times.max():.1f} ms, total {times.sum() / 1e3:.1f} s; "
          f"{errors} refused with InputError")

    print(f"3. round trips, {args.replicates} noisy replicates per data set (targets: median 0.03, p95 0.06)")
    print("   data set  true HR  |dlogHR| med   p95   at-risk ok  events ok  S excess med  p95    time")
    for ds, hr, med, p95, rk, ev, sx, sx95, el in bench_roundtrip(args.replicates):
        print(
            f"   {ds:8s}  {hr:6.3f}   {med:10.4f} {p95:7.4f}   {rk:9.1%}  {ev:8.1%}   {sx:10.4f} {sx95:7.4f}"
            f"  {el:5.1f} s"
        )


if __name__ == "__main__":
    main()
