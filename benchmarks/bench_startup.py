"""Start-up time of the command line, side by side with R's.

    python benchmarks/bench_startup.py [--repeats 5]

Times (best of N, wall clock, each in a fresh process): ``trialscout --version``, ``trialscout --help``,
``trialscout tte`` on the bundled 20-patient example, and, for comparison, ``Rscript -e 'library(survival)'``
followed by the same survfit/coxph/survdiff on that file (if Rscript is installed). Writes
``results/bench_startup.{json,md}``.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DATA = ROOT / "examples" / "small_trial"


def best_of(cmd: list[str], repeats: int, **kw) -> float:
    best = float("inf")
    for _ in range(repeats):
        t0 = time.perf_counter()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, **kw)
        best = min(best, time.perf_counter() - t0)
    return best


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeats", type=int, default=5)
    args = ap.parse_args()
    ts = [sys.executable, "-m", "trialscout"]
    adtte = DATA / "adtte.csv"
    # the example's arms live in ADSL: join them once into a small file the command reads
    import pandas as pd

    tmp = HERE / "results" / "_startup_tte.csv"
    tmp.parent.mkdir(exist_ok=True)
    d = pd.read_csv(adtte).merge(pd.read_csv(DATA / "adsl.csv")[["USUBJID", "ARM"]], on="USUBJID")
    d[d.PARAMCD == "PFS"].to_csv(tmp, index=False)
    rows = [
        ("trialscout --version", best_of([*ts, "--version"], args.repeats)),
        ("trialscout --help", best_of([*ts, "--help"], args.repeats)),
        ("trialscout tte (20 patients)",
         best_of([*ts, "tte", str(tmp), "--time", "AVAL", "--censor", "CNSR", "--arm", "ARM", "--control", "SOC"],
                 args.repeats)),
    ]
    r_time = None
    if shutil.which("Rscript"):
        code = ("suppressMessages(library(survival)); d <- read.csv('%s'); f <- survfit(Surv(AVAL, 1 - CNSR) ~ ARM, d);"
                " print(f); print(coxph(Surv(AVAL, 1 - CNSR) ~ ARM, d)); print(survdiff(Surv(AVAL, 1 - CNSR) ~ ARM, d))"
                % tmp)
        r_time = best_of(["Rscript", "-e", code], args.repeats)
        rows.append(("Rscript: library(survival) + survfit, coxph, survdiff (20 patients)", r_time))
    tmp.unlink()
    out = {"repeats": args.repeats, "seconds": dict(rows)}
    (HERE / "results" / "bench_startup.json").write_text(json.dumps(out, indent=2) + "\n")
    lines = ["| command | seconds (best of %d) |" % args.repeats, "|---|---:|"]
    lines += [f"| {name} | {sec:.3f} |" for name, sec in rows]
    (HERE / "results" / "bench_startup.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
