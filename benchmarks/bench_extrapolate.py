"""Speed of trialscout.extrapolate's ten-model table, side by side with lifelines in one run.

Run from the repository root:  python benchmarks/bench_extrapolate.py [--repeats 5]
(needs lifelines: pip install -e .[bench]).

Data: R survival's gbsg (686 patients, the German Breast Cancer Study Group 2, time to recurrence in years) and a
synthetic 700-patient sample (lognormal times, 30% censored). For each, the ten models of the default table are
fitted (exponential, Weibull, Gompertz, log-logistic, lognormal, gamma, generalized gamma, one-knot splines on the
hazard, odds and normal scales) with covariances: the target is under 1 s on 2 cores. lifelines fits the models it
has (no Gompertz, no gamma, splines on the hazard scale only): their times, log-likelihoods and convergence are
printed beside ours. The median of ``--repeats`` runs is reported.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
import warnings
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "2")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "2")

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from trialscout.extrapolate import DEFAULT_DISTRIBUTIONS, fit_distribution  # noqa: E402


def datasets():
    gbsg = pd.read_csv(ROOT / "tests" / "reference" / "data" / "gbsg.csv")
    rng = np.random.default_rng(1)
    t = rng.lognormal(1.5, 0.9, 700)
    c = rng.uniform(1.0, 25.0, 700)
    return {"gbsg (686)": (gbsg.rfstime.to_numpy(float) / 365.0, gbsg.status.to_numpy() == 1),
            "synthetic (700)": (np.minimum(t, c), t <= c)}


def ours(t, e):
    return {d: fit_distribution(t, e, d) for d in DEFAULT_DISTRIBUTIONS}


def lifelines_fits(t, e):
    import lifelines

    out = {}
    knots = np.quantile(np.log(t[e]), [0.0, 0.5, 1.0])
    fitters = {"exponential": lifelines.ExponentialFitter, "weibull": lifelines.WeibullFitter,
               "loglogistic": lifelines.LogLogisticFitter, "lognormal": lifelines.LogNormalFitter,
               "gengamma": lifelines.GeneralizedGammaFitter,
               "spline:k=1:scale=hazard": lambda: lifelines.SplineFitter(np.exp(knots))}
    for name, make in fitters.items():
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                f = make().fit(t, e)
            out[name] = (float(f.log_likelihood_), True)
        except Exception as exc:  # a fit that fails to converge raises in lifelines
            out[name] = (float("nan"), f"failed: {type(exc).__name__}")
    return out


def timed(fn, repeats):
    times = []
    res = None
    for _ in range(repeats):
        t0 = time.perf_counter()
        res = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), res


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeats", type=int, default=5)
    args = ap.parse_args()
    try:
        import lifelines
        version = lifelines.__version__
    except ImportError:
        lifelines = None
        version = "not installed"
    print(f"trialscout.extrapolate vs lifelines {version}; median of {args.repeats} runs")
    for name, (t, e) in datasets().items():
        ts, fits = timed(lambda: ours(t, e), args.repeats)
        print(f"\n{name}: trialscout, ten models with covariances: {ts:.3f} s "
              f"({sum(f.converged for f in fits.values())}/10 converged)")
        if lifelines is None:
            continue
        tl, ll = timed(lambda: lifelines_fits(t, e), args.repeats)
        common = [d for d in ll if d in fits]
        t_common, _ = timed(lambda: {d: fit_distribution(t, e, d) for d in common}, args.repeats)
        print(f"  lifelines, its {len(ll)} of the ten: {tl:.3f} s; trialscout on the same {len(common)}: "
              f"{t_common:.3f} s (ratio lifelines / trialscout {tl / t_common:.2f})")
        print(f"  {'model':<26} {'trialscout loglik':>18} {'lifelines loglik':>18}  lifelines status")
        for d in DEFAULT_DISTRIBUTIONS:
            lv, status = ll.get(d, (float("nan"), "not available"))
            print(f"  {d:<26} {fits[d].loglik:>18.6f} {lv:>18.6f}  {status if status is not True else 'ok'}")


if __name__ == "__main__":
    main()
