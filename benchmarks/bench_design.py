"""Simulation benchmark: trialscout.simulate side by side with rpact's getSimulationSurvival, in one run.

Run:  python benchmarks/bench_design.py [--iterations 10000] [--sweep [--scenarios 100]]

Cases (the trials of the CARTITUDE-4-like design): 420 patients and 250 events at one look; the same with three
looks (84, 167, 250 events); 2,000 patients and 1,000 events. rpact is timed inside R (system time of the call,
without R's start-up); trialscout on one process, and on a Dask LocalCluster of 2 worker processes started before
the clock (its start-up is reported separately). Peak memory is the maximum resident set of a fresh process that
runs the case. ``--sweep`` adds a grid of scenarios (hazard ratio x accrual x looks x test) x 10,000 trials on the
LocalCluster, written to one Parquet table. Writes benchmarks/results/bench_design.{json,md}.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

CASES = {
    "420 patients, 250 events, 1 look": dict(k=1, n=420, events=[250], months=24),
    "420 patients, 250 events, 3 looks": dict(k=3, n=420, events=[84, 167, 250], months=24),
    "2000 patients, 1000 events, 1 look": dict(k=1, n=2000, events=[1000], months=24),
}

R_CODE = r"""
suppressPackageStartupMessages(library(rpact))
a <- commandArgs(TRUE); k <- as.integer(a[1]); n <- as.numeric(a[2]); months <- as.numeric(a[3])
it <- as.integer(a[4]); ev <- as.numeric(strsplit(a[5], ",")[[1]])
d <- if (k == 1) getDesignGroupSequential(kMax = 1, alpha = 0.025) else
  getDesignGroupSequential(kMax = k, alpha = 0.025, typeOfDesign = "asOF", informationRates = ev / max(ev))
el <- system.time(r <- getSimulationSurvival(d, hazardRatio = 0.7, median2 = 12, directionUpper = FALSE,
  accrualTime = c(0, months), accrualIntensity = n / months, maxNumberOfSubjects = n, plannedEvents = ev,
  maxNumberOfIterations = it, seed = 1))[["elapsed"]]
cat(sprintf("%.6f %.6f\n", el, r$overallReject))
"""


def trial_file(case: dict, iterations: int):
    from trialscout.design.spec import parse_design

    k = case["k"]
    return parse_design({
        "design": {"k": k, "information_rates": [e / case["events"][-1] for e in case["events"]],
                   "efficacy": {"method": "alpha_spending", "spending": "lan_demets_obrien_fleming"}},
        "control": {"median": 12}, "hazard_ratio": 0.7, "max_subjects": case["n"],
        "accrual": {"start_times": [0], "intensity": [case["n"] / case["months"]], "end": case["months"]},
        "planned_events_cumulative": case["events"], "iterations": iterations, "seed": 1,
    })


def run_rpact(case: dict, iterations: int) -> tuple[float, float]:
    with tempfile.NamedTemporaryFile("w", suffix=".R", delete=False) as f:
        f.write(R_CODE)
    try:
        out = subprocess.run(["Rscript", f.name, str(case["k"]), str(case["n"]), str(case["months"]),
                              str(iterations), ",".join(str(e) for e in case["events"])],
                             capture_output=True, text=True, check=True).stdout.split()
    finally:
        os.unlink(f.name)
    return float(out[0]), float(out[1])


def one_process(name: str, iterations: int) -> dict:
    """Run a case in a fresh process: its seconds, power and peak memory."""
    code = (f"import sys, json, time, resource; sys.path.insert(0, {str(ROOT / 'src')!r}); "
            f"sys.path.insert(0, {str(ROOT / 'benchmarks')!r}); import bench_design as b; "
            "from trialscout.simulate import problem_from_file, run_problem; "
            f"t = b.trial_file(b.CASES[{name!r}], {iterations}); p = problem_from_file(t); "
            "run_problem(p, 10, 1); t0 = time.perf_counter(); r = run_problem(p, t.iterations, 1); "
            "s = time.perf_counter() - t0; "
            "print(json.dumps({'seconds': s, 'power': r.power, "
            "'peak_mb': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--iterations", type=int, default=10000)
    ap.add_argument("--sweep", action="store_true")
    ap.add_argument("--scenarios", type=int, default=100)
    args = ap.parse_args()
    from dask.distributed import Client, LocalCluster

    from trialscout.simulate import problem_from_file, run_problem

    rows = []
    t0 = time.perf_counter()
    cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
    client = Client(cluster)
    client.run(lambda: __import__("trialscout.simulate.engine"))
    startup = time.perf_counter() - t0
    try:
        for name, case in CASES.items():
            r_sec, r_pow = run_rpact(case, args.iterations)
            single = one_process(name, args.iterations)
            p = problem_from_file(trial_file(case, args.iterations))
            run_problem(p, 20, 1, client=client)  # compile on the workers
            ts = time.perf_counter()
            res = run_problem(p, args.iterations, 1, client=client)
            dask_sec = time.perf_counter() - ts
            rows.append({
                "case": name, "iterations": args.iterations,
                "rpact_trials_per_s": args.iterations / r_sec, "rpact_power": r_pow,
                "trialscout_1proc_trials_per_s": args.iterations / single["seconds"],
                "trialscout_2workers_trials_per_s": args.iterations / dask_sec, "trialscout_power": res.power,
                "ratio_1proc": r_sec / single["seconds"], "ratio_2workers": r_sec / dask_sec,
                "peak_memory_mb_1proc": single["peak_mb"],
            })
            print(f"{name}: rpact {rows[-1]['rpact_trials_per_s']:.0f}/s, trialscout 1 process "
                  f"{rows[-1]['trialscout_1proc_trials_per_s']:.0f}/s ({rows[-1]['ratio_1proc']:.1f}x), "
                  f"2 Dask workers {rows[-1]['trialscout_2workers_trials_per_s']:.0f}/s "
                  f"({rows[-1]['ratio_2workers']:.1f}x); peak {single['peak_mb']:.0f} MB; "
                  f"power {r_pow:.4f} vs {res.power:.4f}", flush=True)
        sweep_row = None
        if args.sweep:
            from trialscout.design.spec import read_design_file
            from trialscout.simulate import sweep

            t = read_design_file(ROOT / "examples" / "cartitude4" / "design.toml")
            hrs = [round(0.55 + 0.45 * i / 24, 4) for i in range(25)]
            grid = t.sweep.model_copy(update={  # type: ignore[union-attr]
                "hazard_ratio": hrs[: max(1, args.scenarios // 4)], "accrual_intensity": [[14.0], [21.0]],
                "planned_events_cumulative": [[250.0], [150.0, 250.0]], "test": ["logrank"]})
            t = t.model_copy(update={"sweep": grid, "iterations": args.iterations})
            ts = time.perf_counter()
            table = sweep(t, client=client)
            sec = time.perf_counter() - ts
            out = ROOT / "benchmarks" / "results" / "bench_design_sweep.parquet"
            table.to_parquet(out, index=False)
            sweep_row = {"scenarios": len(table), "iterations": args.iterations, "seconds": sec,
                         "trials_per_s": len(table) * args.iterations / sec}
            print(f"sweep: {len(table)} scenarios x {args.iterations} trials in {sec:.1f} s "
                  f"({sweep_row['trials_per_s']:.0f} trials/s) on 2 workers -> {out.relative_to(ROOT)}")
    finally:
        client.close()
        cluster.close()
    res_dir = ROOT / "benchmarks" / "results"
    (res_dir / "bench_design.json").write_text(json.dumps(
        {"cases": rows, "sweep": sweep_row, "cluster_startup_s": startup, "cpus": os.cpu_count(),
         "load_average": os.getloadavg()}, indent=2) + "\n")
    lines = ["| case | rpact trials/s | trialscout 1 process | 2 Dask workers | ratio 1 proc | ratio 2 workers | "
             "peak MB |", "|---|---|---|---|---|---|---|"]
    for r in rows:
        lines.append(f"| {r['case']} | {r['rpact_trials_per_s']:.0f} | {r['trialscout_1proc_trials_per_s']:.0f} | "
                     f"{r['trialscout_2workers_trials_per_s']:.0f} | {r['ratio_1proc']:.1f}x | "
                     f"{r['ratio_2workers']:.1f}x | {r['peak_memory_mb_1proc']:.0f} |")
    lines.append(f"\nLocalCluster start-up {startup:.1f} s (not in the times); load average during the run "
                 f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs.")
    (res_dir / "bench_design.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
