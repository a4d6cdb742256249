"""Synthesis benchmark: CARTITUDE-4 over ten seeds (fit and time), the full demo's wall time, and round trips.

Run:  python benchmarks/bench_synth.py [--seeds 10] [--demo]

Prints, per seed, the wall time of synthesize + readout and how many published figures are reproduced within the
issue-4 tolerances (rates +/-2 points, HRs +/-0.03, HR CI limits +/-0.05, medians +/-1 month, NR stays NR), the
share of seeds reproducing every figure (the issue asks >= 9 of 10), and the same for round trips on R's
survival::lung (sex) and survival::colon (death, Lev+5FU vs Obs). There is no peer tool that synthesizes a trial
from its publication, so no side-by-side ratio is given: the reference point is the one-minute budget of
`trialscout demo` on a 2-core machine.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]


def cartitude(seeds: list[int]) -> None:
    from trialscout.demo import bundled_summary_path
    from trialscout.synth import compare_readout, load_summary, synthesize_trial, write_trial
    from trialscout.trial import load_spec, run_readout

    summary = load_summary(bundled_summary_path())
    ok_all = 0
    print(f"CARTITUDE-4, {len(seeds)} seeds (synthesize + readout, no report)")
    for seed in seeds:
        t0 = time.perf_counter()
        trial = synthesize_trial(summary, seed=seed)
        t1 = time.perf_counter()
        with tempfile.TemporaryDirectory() as tmp:
            spec = write_trial(trial, Path(tmp) / "data")
            rows = compare_readout(summary, run_readout(load_spec(spec)), trial.adsl, trial.adtte)
        t2 = time.perf_counter()
        bad = [r for r in rows if not r.within]
        ok_all += not bad
        print(f"  seed {seed:>9}: synthesize {t1 - t0:5.2f} s, readout {t2 - t1:5.2f} s, "
              f"{len(rows) - len(bad)}/{len(rows)} within" + ("" if not bad else "; missed: " + "; ".join(
                  f"{r.figure} {r.published} vs {r.reproduced}" for r in bad)))
    print(f"  seeds reproducing every figure: {ok_all}/{len(seeds)}")


def demo() -> None:
    from trialscout.demo import run_demo

    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        res = run_demo(Path(tmp) / "out")
        print(f"trialscout demo (default seed, with the HTML report): {time.perf_counter() - t0:.2f} s "
              f"{res.seconds}; {res.n_within}/{len(res.rows)} within; cpus={os.cpu_count()}")


def round_trips(seeds: list[int]) -> None:
    from trialscout.survival import cox_ph, kaplan_meier
    from trialscout.synth import summarize_survival_data, synthesize_trial

    data = ROOT / "tests" / "reference" / "data"
    lung = pd.read_csv(data / "lung.csv")
    colon = pd.read_csv(data / "colon.csv")
    colon = colon[(colon["etype"] == 2) & colon["rx"].isin(["Obs", "Lev+5FU"])]
    cases = {
        "lung (sex)": summarize_survival_data(lung["time"] / 30.4375, lung["status"] == 2,
                                              np.where(lung["sex"] == 2, "F", "M"), treated="F", control="M",
                                              landmarks=(6, 12)),
        "colon (death)": summarize_survival_data(colon["time"] / 30.4375, colon["status"] == 1,
                                                 np.where(colon["rx"] == "Obs", "Obs", "Lev5FU"), treated="Lev5FU",
                                                 control="Obs", landmarks=(12, 36, 60)),
    }
    for name, s in cases.items():
        ep = s.endpoints[0]
        ok_all = 0
        misses = []
        t0 = time.perf_counter()
        for seed in seeds:
            tr = synthesize_trial(s, seed=seed)
            arm = tr.adsl.set_index("USUBJID").loc[tr.adtte["USUBJID"], "ARM"].to_numpy()
            t, e = tr.adtte["AVAL"].to_numpy(), tr.adtte["CNSR"].to_numpy() == 0
            bad = []
            for a, pub in ep.arms.items():
                km = kaplan_meier(t[arm == a], e[arm == a])
                med = km.median()
                for part, want in (("value", pub.median), ("lower", pub.median_lower), ("upper", pub.median_upper)):
                    got = getattr(med, part)
                    st = getattr(med, f"{part}_status").value
                    good = (st == want.status) if not want.ok else (st == "ok" and abs(got - want.value) <= 1)
                    if not good:
                        bad.append(f"{a} median {part} {want.text()} vs {got:.1f}")
                for lm in pub.landmarks:
                    sv = km.survival_at(lm.time)
                    for got, want in ((sv.value, lm.rate), (sv.lower, lm.lower), (sv.upper, lm.upper)):
                        if not abs(100 * got - want.value) <= 2:
                            bad.append(f"{a} S({lm.time:g}) {want.value} vs {100 * got:.1f}")
            hr = cox_ph(t, e, (arm == s.treated.id).astype(float)).hazard_ratio()
            h = ep.hazard_ratio
            for got, want, tol in ((hr.value, h.value, 0.03), (hr.lower, h.lower, 0.05), (hr.upper, h.upper, 0.05)):
                if abs(got - want) > tol:
                    bad.append(f"HR {want} vs {got:.3f}")
            ok_all += not bad
            if bad:
                misses.append(f"seed {seed}: " + "; ".join(bad))
        print(f"round trip {name}: {ok_all}/{len(seeds)} seeds within every tolerance "
              f"({(time.perf_counter() - t0) / len(seeds):.2f} s per seed)")
        for m in misses:
            print("   ", m)


def main(argv=None) -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--seeds", type=int, default=10)
    p.add_argument("--demo", action="store_true", help="also time the full demo with the report")
    args = p.parse_args(argv)
    from trialscout.synth import DEFAULT_SEED

    seeds = [DEFAULT_SEED] + list(range(1, args.seeds))
    cartitude(seeds)
    round_trips(seeds)
    if args.demo:
        demo()
    return 0


if __name__ == "__main__":
    sys.exit(main())
