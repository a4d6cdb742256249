"""Side-by-side benchmark of the survival engine: trialscout, lifelines and R ``survival`` in one run.

On n rows (default 1,000,000) with two arms, four strata and a standard-normal covariate (seeded; exponential
event times, uniform censoring), in two scenarios on the same draws -- "tied": event times rounded to 0.01, so
that event times are heavily tied; "continuous": the times as drawn, hardly a tie -- time

- Kaplan–Meier of each arm with its median and the median's CI,
- a Cox model of arm stratified by stratum, Efron ties,
- a Cox model of arm and the continuous covariate, stratified by stratum, Efron ties,
- the stratified log-rank test of arm,

for trialscout, lifelines (if installed) and R (if ``Rscript`` is on the PATH). The data are written once to a
temporary CSV that R reads; R times only the call (``system.time``), not the file read. Each timing is the best
of ``--repeats`` runs. trialscout's peak memory is measured with tracemalloc and reported relative to the input
arrays (time float64, event bool, arm int64, stratum int64). The table is printed and written as JSON and
Markdown to benchmarks/results/.

lifelines has no stratified log-rank test: its unstratified ``logrank_test`` is timed instead and labelled so.
Its KM timing is ``fit`` plus ``median_survival_time_`` (no CI for the median, less work than the others).

It also runs the command ``trialscout tte`` on a ``--tte-n``-row (default 5,000,000) CSV and Parquet file of the
same kind (continuous times, two arms and four strata as text labels, an ADaM-style CNSR column, a subject
identifier and two columns the command does not use), each in a fresh process, and reports its wall time and peak
resident memory, the latter also net of the interpreter's own (``trialscout --version``) and over the size of the
arrays it analyses (time float64, event bool, arm and stratum as one-byte codes).

Usage::

    python benchmarks/bench_survival.py [--n 1000000] [--repeats 5] [--lifelines-cox-repeats 1] [--no-r]
        [--no-lifelines] [--scenarios tied continuous] [--tte-n 5000000 | --no-tte]
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

import numpy as np

import trialscout
import trialscout.survival as ts

RESULTS = Path(__file__).resolve().parent / "results"

TASKS = ("km", "cox", "cox2", "logrank")
LABELS = {
    "km": "KM + median (CI), both arms",
    "cox": "Cox, stratified, Efron",
    "cox2": "Cox, arm + continuous covariate, stratified, Efron",
    "logrank": "log-rank, stratified",
}
SCENARIOS = ("tied", "continuous")
SCENARIO_LABELS = {"tied": "tied (times rounded to 0.01)", "continuous": "continuous times"}


def make_data(n: int, seed: int, scenario: str = "tied") -> dict[str, np.ndarray]:
    """The same draws in both scenarios; "tied" rounds the event times to 0.01, "continuous" keeps them."""
    rng = np.random.default_rng(seed)
    arm = rng.integers(0, 2, n)
    stratum = rng.integers(0, 4, n)
    t_event = rng.exponential(10 * np.exp(-0.3 * arm), n)
    if scenario == "tied":
        t_event = np.round(t_event, 2)
    t_cens = rng.uniform(0, 30, n)
    x = rng.standard_normal(n)
    event = t_event <= t_cens
    time_ = np.minimum(t_event, t_cens)
    return {"time": time_, "event": event, "arm": arm, "stratum": stratum, "x": x}


def best_of(fn, repeats: int) -> tuple[float, object]:
    best, out = float("inf"), None
    for _ in range(repeats):
        gc.collect()
        t0 = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t0)
    return best, out


def peak_memory(fn) -> int:
    gc.collect()
    tracemalloc.start()
    try:
        fn()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak


# -- trialscout ----------------------------------------------------------------------------------------------------
def trialscout_tasks(d):
    t, e, arm, s = d["time"], d["event"], d["arm"], d["stratum"]

    def km():
        out = {}
        for a in (0, 1):
            sel = arm == a
            m = ts.kaplan_meier(t[sel], e[sel], preset="r").median()  # R: log CI, R quantile rule
            out[a] = (m.value, m.lower, m.upper)
        return out

    def cox():
        fit = ts.cox_ph(t, e, arm, strata=s, ties="efron")
        return {"coef": float(fit.coef[0]), "se": float(fit.se[0])}

    def cox2():
        fit = ts.cox_ph(t, e, {"arm": arm, "x": d["x"]}, strata=s, ties="efron")
        return {"coef": fit.coef.tolist(), "se": fit.se.tolist()}

    def logrank():
        return {"chisq": ts.logrank(t, e, arm, strata=s).statistic}

    return {"km": km, "cox": cox, "cox2": cox2, "logrank": logrank}


# -- lifelines -----------------------------------------------------------------------------------------------------
def lifelines_tasks(d):
    import pandas as pd
    from lifelines import CoxPHFitter, KaplanMeierFitter
    from lifelines.statistics import logrank_test

    t, e, arm = d["time"], d["event"], d["arm"]
    frame = pd.DataFrame({"time": t, "event": e.astype(np.int8), "arm": arm, "stratum": d["stratum"]})
    frame2 = frame.assign(x=d["x"])

    def km():
        out = {}
        for a in (0, 1):
            sel = arm == a
            out[a] = (KaplanMeierFitter().fit(t[sel], e[sel]).median_survival_time_,)
        return out

    def cox():
        cph = CoxPHFitter().fit(frame, duration_col="time", event_col="event", strata=["stratum"])
        return {"coef": float(cph.params_["arm"]), "se": float(cph.standard_errors_["arm"])}

    def cox2():
        cph = CoxPHFitter().fit(frame2, duration_col="time", event_col="event", strata=["stratum"])
        return {"coef": cph.params_[["arm", "x"]].tolist(), "se": cph.standard_errors_[["arm", "x"]].tolist()}

    def logrank():
        a = arm == 1
        r = logrank_test(t[~a], t[a], event_observed_A=e[~a], event_observed_B=e[a])
        return {"chisq": float(r.test_statistic)}

    return {"km": km, "cox": cox, "cox2": cox2, "logrank": logrank}


# -- R ---------------------------------------------------------------------------------------------------------
R_SCRIPT = r"""
suppressMessages({library(survival); library(jsonlite)})
args <- commandArgs(trailingOnly = TRUE)
d <- data.table::fread(args[1], data.table = FALSE)
reps <- as.integer(args[3])
best <- function(expr_fn) {
  times <- numeric(reps); val <- NULL
  for (i in seq_len(reps)) { gc(); st <- system.time(val <- expr_fn()); times[i] <- st[["elapsed"]] }
  list(time = min(times), value = val)
}
km <- best(function() {
  f <- survfit(Surv(time, event) ~ arm, data = d)
  q <- quantile(f, probs = 0.5)
  cbind(q$quantile, q$lower, q$upper)
})
cox <- best(function() {
  f <- coxph(Surv(time, event) ~ arm + strata(stratum), data = d, ties = "efron")
  c(coef(f), sqrt(diag(f$var)))
})
cox2 <- best(function() {
  f <- coxph(Surv(time, event) ~ arm + x + strata(stratum), data = d, ties = "efron")
  c(coef(f), sqrt(diag(f$var)))
})
lr <- best(function() survdiff(Surv(time, event) ~ arm + strata(stratum), data = d)$chisq)
out <- list(
  version = paste(R.version$major, R.version$minor, sep = "."),
  survival = as.character(packageVersion("survival")),
  km = list(time = km$time, value = unname(km$value)),
  cox = list(time = cox$time, coef = unname(cox$value[1]), se = unname(cox$value[2])),
  cox2 = list(time = cox2$time, coef = unname(cox2$value[1:2]), se = unname(cox2$value[3:4])),
  logrank = list(time = lr$time, chisq = lr$value))
writeLines(toJSON(out, digits = NA, auto_unbox = TRUE), args[2])
"""


def run_r(d, repeats: int, workdir: Path) -> dict | None:
    rscript = shutil.which("Rscript")
    if rscript is None:
        return None
    import pandas as pd

    csv = workdir / "data.csv"
    frame = pd.DataFrame({"time": d["time"], "event": d["event"].astype(np.int8), "arm": d["arm"],
                          "stratum": d["stratum"], "x": d["x"]})
    frame.to_csv(csv, index=False, float_format="%.17g")
    script = workdir / "bench.R"
    script.write_text(R_SCRIPT)
    out = workdir / "r.json"
    subprocess.run([rscript, str(script), str(csv), str(out), str(repeats)], check=True)
    return json.loads(out.read_text())


# -- the tte command on a large file ------------------------------------------------------------------------------
TTE_ARRAY_BYTES_PER_ROW = 8 + 1 + 1 + 1  # time float64, event bool, arm and stratum one-byte codes


def write_tte_files(n: int, seed: int, workdir: Path) -> dict[str, Path]:
    """An ADTTE-like table of n subjects as CSV and Parquet: USUBJID, TRT01P, STRAT1, AVAL, CNSR, PARAMCD, AGE."""
    import pandas as pd

    d = make_data(n, seed, "continuous")
    frame = pd.DataFrame({
        "USUBJID": pd.Series(np.arange(n)).map("S{:07d}".format),
        "TRT01P": np.where(d["arm"] == 1, "Drug", "Placebo"),
        "STRAT1": np.array(["A", "B", "C", "D"])[d["stratum"]],
        "AVAL": d["time"],
        "CNSR": (~d["event"]).astype(np.int8),
        "PARAMCD": "PFS",
        "AGE": np.random.default_rng(seed + 1).integers(18, 90, n),
    })
    paths = {"csv": workdir / "adtte.csv", "parquet": workdir / "adtte.parquet"}
    frame.to_csv(paths["csv"], index=False, float_format="%.17g")
    frame.to_parquet(paths["parquet"], index=False)
    return paths


def run_measured(argv: list[str]) -> tuple[float, float]:
    """Wall seconds and peak resident memory (MB) of a command, run alone in a fresh child process."""
    probe = ("import resource, subprocess, sys, time; t0 = time.perf_counter(); "
             "r = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL); dt = time.perf_counter() - t0; "
             "print(r.returncode, dt, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    out = subprocess.run([sys.executable, "-c", probe, *argv], check=True, capture_output=True, text=True)
    code, secs, kb = out.stdout.split()
    if code != "0":
        raise RuntimeError(f"{' '.join(argv)} exited with status {code}")
    return float(secs), int(kb) / 1024  # ru_maxrss is in kilobytes on Linux


def run_tte(n: int, seed: int) -> dict:
    cmd = [sys.executable, "-m", "trialscout"]
    env_path = str(Path(trialscout.__file__).resolve().parents[1])
    os.environ["PYTHONPATH"] = env_path + os.pathsep + os.environ.get("PYTHONPATH", "")
    _, base_mb = run_measured(cmd + ["--version"])
    out = {"n": n, "array_mb": n * TTE_ARRAY_BYTES_PER_ROW / 2**20, "baseline_rss_mb": base_mb, "files": {}}
    with tempfile.TemporaryDirectory() as tmp:
        print(f"[tte] writing {n:,} rows as CSV and Parquet ...", flush=True)
        paths = write_tte_files(n, seed, Path(tmp))
        for kind, path in paths.items():
            args = [str(path), "--time", "AVAL", "--censor", "CNSR", "--arm", "TRT01P", "--control", "Placebo",
                    "--strata", "STRAT1", "--preset", "r", "--json"]
            secs, mb = run_measured(cmd + ["tte", *args])
            out["files"][kind] = {"seconds": secs, "peak_rss_mb": mb, "file_mb": path.stat().st_size / 2**20,
                                  "net_over_arrays": (mb - base_mb) / out["array_mb"],
                                  "rss_over_arrays": mb / out["array_mb"]}
            print(f"  tte {kind:8s} {secs:.2f} s  peak RSS {mb:.0f} MB (interpreter alone {base_mb:.0f} MB; "
                  f"arrays {out['array_mb']:.0f} MB)", flush=True)
    return out


def tte_markdown(t: dict) -> str:
    rows = ["| file | rows | file size (MB) | wall time (s) | peak RSS (MB) | peak RSS / arrays | "
            "(peak RSS - interpreter) / arrays |",
            "|---|---:|---:|---:|---:|---:|---:|"]
    for kind, r in t["files"].items():
        rows.append(f"| {kind} | {t['n']:,} | {r['file_mb']:.0f} | {r['seconds']:.2f} | {r['peak_rss_mb']:.0f} "
                    f"| {r['rss_over_arrays']:.1f}x | {r['net_over_arrays']:.1f}x |")
    notes = ["", f"`trialscout tte FILE --time AVAL --censor CNSR --arm TRT01P --control Placebo --strata STRAT1 "
             f"--preset r --json` in a fresh process; peak RSS from `getrusage`. Arrays analysed: time (float64), "
             f"event (bool), arm and stratum (one-byte codes) = {t['array_mb']:.0f} MB; the interpreter with "
             f"trialscout imported (`trialscout --version`) peaks at {t['baseline_rss_mb']:.0f} MB."]
    return "\n".join(rows + notes) + "\n"


# -- table ----------------------------------------------------------------------------------------------------------
def fmt_s(x) -> str:
    return "—" if x is None else f"{x:.3f}"


def fmt_ratio(x) -> str:
    return "—" if x is None else f"{x:.1f}x"


def markdown(res: dict) -> str:
    rows = ["| data | task | trialscout (s) | peak memory / input | R survival (s) | R / trialscout | lifelines (s) "
            "| lifelines / trialscout |",
            "|---|---|---:|---:|---:|---:|---:|---:|"]
    for scen in res["scenarios"]:
        for task in TASKS:
            r = res["scenarios"][scen]["tasks"][task]
            life = fmt_s(r["lifelines"])
            if task == "logrank" and r["lifelines"] is not None:
                life += " (unstratified\u00b9)"
            rows.append(f"| {SCENARIO_LABELS[scen]} | {LABELS[task]} | {fmt_s(r['trialscout'])} "
                        f"| {r['memory_ratio']:.2f}x | {fmt_s(r['R'])} | {fmt_ratio(r['R_ratio'])} | {life} "
                        f"| {fmt_ratio(r['lifelines_ratio'])} |")
    m = res["machine"]
    distinct = ", ".join(f"{SCENARIO_LABELS[k]}: {v['distinct_event_times']:,} distinct event times"
                         for k, v in res["scenarios"].items())
    notes = [
        "",
        f"n = {res['n']:,} rows, two arms, four strata, one standard-normal covariate (seed {res['seed']}; "
        f"{distinct}); best of {res['repeats']} runs (lifelines Cox: best of {res['lifelines_cox_repeats']}); "
        f"{m['cpus']} CPUs, {m['platform']}; Python {m['python']}, numpy {m['numpy']}, "
        f"trialscout {m['trialscout']}, R {m.get('R', 'not run')} with survival {m.get('R_survival', '—')}, "
        f"lifelines {m.get('lifelines', 'not run')}.",
        "Peak memory: tracemalloc peak during the call over the size of the input arrays the call reads "
        "(time, event, arm, stratum; plus the covariate for the two-covariate Cox).",
        "\u00b9 lifelines has no stratified log-rank test; its unstratified two-group `logrank_test` is timed and "
        "the ratio is not shown. lifelines KM is `fit` + `median_survival_time_` (no CI of the median).",
    ]
    return "\n".join(rows + notes) + "\n"


def run_scenario(scen: str, args, res_machine: dict) -> dict:
    d = make_data(args.n, args.seed, scen)
    base_bytes = sum(d[k].nbytes for k in ("time", "event", "arm", "stratum"))
    out = {"distinct_event_times": int(len(np.unique(d["time"][d["event"]]))),
           "tasks": {k: {} for k in TASKS}, "values": {k: {} for k in TASKS}}
    print(f"[{SCENARIO_LABELS[scen]}] trialscout on {args.n:,} rows ...", flush=True)
    for task, fn in trialscout_tasks(d).items():
        input_bytes = base_bytes + (d["x"].nbytes if task == "cox2" else 0)
        fn()  # warm-up (imports, first-call costs)
        secs, val = best_of(fn, args.repeats)
        peak = peak_memory(fn)
        out["tasks"][task].update(trialscout=secs, memory_ratio=peak / input_bytes, peak_mb=peak / 1e6)
        out["values"][task]["trialscout"] = val
        print(f"  {task:8s} {secs:.3f} s  peak {peak / 1e6:.1f} MB ({peak / input_bytes:.2f}x input)", flush=True)

    life = None
    if not args.no_lifelines:
        try:
            import lifelines

            life = lifelines_tasks(d)
            res_machine["lifelines"] = lifelines.__version__
        except ImportError:
            print("lifelines is not installed: skipped", flush=True)
    for task in TASKS:
        secs = None
        if life is not None:
            print(f"  lifelines {task} ...", flush=True)
            reps = args.lifelines_cox_repeats if task.startswith("cox") else args.repeats
            secs, val = best_of(life[task], reps)
            out["values"][task]["lifelines"] = val
            print(f"  {task:8s} {secs:.3f} s", flush=True)
        out["tasks"][task]["lifelines"] = secs

    r = None
    if not args.no_r:
        with tempfile.TemporaryDirectory() as tmp:
            print("  R survival ...", flush=True)
            r = run_r(d, args.repeats, Path(tmp))
        if r is None:
            print("Rscript is not installed: R skipped", flush=True)
        else:
            res_machine["R"] = r["version"]
            res_machine["R_survival"] = r["survival"]
    for task in TASKS:
        entry = out["tasks"][task]
        entry["R"] = None if r is None else r[task]["time"]
        if r is not None:
            out["values"][task]["R"] = {k: v for k, v in r[task].items() if k != "time"}
        entry["R_ratio"] = None if entry["R"] is None else entry["R"] / entry["trialscout"]
        comparable = entry["lifelines"] is not None and task != "logrank"
        entry["lifelines_ratio"] = entry["lifelines"] / entry["trialscout"] if comparable else None
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=1_000_000)
    ap.add_argument("--seed", type=int, default=20240601)
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--lifelines-cox-repeats", type=int, default=1)
    ap.add_argument("--scenarios", nargs="+", choices=SCENARIOS, default=list(SCENARIOS))
    ap.add_argument("--no-r", action="store_true")
    ap.add_argument("--no-lifelines", action="store_true")
    ap.add_argument("--tte-n", type=int, default=5_000_000)
    ap.add_argument("--no-tte", action="store_true")
    ap.add_argument("--out", type=Path, default=RESULTS)
    args = ap.parse_args(argv)

    res = {"n": args.n, "seed": args.seed, "repeats": args.repeats,
           "lifelines_cox_repeats": args.lifelines_cox_repeats,
           "date": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
           "machine": {"cpus": os.cpu_count(), "platform": platform.platform(terse=True),
                       "python": platform.python_version(), "numpy": np.__version__,
                       "trialscout": getattr(trialscout, "__version__", "dev")},
           "scenarios": {}}
    for scen in args.scenarios:
        res["scenarios"][scen] = run_scenario(scen, args, res["machine"])
    if not args.no_tte:
        res["tte"] = run_tte(args.tte_n, args.seed)

    md = markdown(res)
    if "tte" in res:
        md += "\n" + tte_markdown(res["tte"])
    print()
    print(md)
    print("values:", json.dumps({k: v["values"] for k, v in res["scenarios"].items()}, default=str))
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "bench_survival.json").write_text(json.dumps(res, indent=2, default=str) + "\n")
    (args.out / "bench_survival.md").write_text(md)
    print(f"written to {args.out}/bench_survival.{{json,md}}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
