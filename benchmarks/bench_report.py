"""Benchmark: the full readout and report of a 420-patient trial (target: under 10 s on 2 cores).

The trial is generated here, seeded: 420 patients 1:1, three stratification factors, four time-to-event
endpoints (PFS weighted with a cut-off at 2 months, OS, PFS2, time to symptom worsening), three response
endpoints (ORR, CR, MRD with an evaluable flag), about 2,500 adverse events over 12 preferred terms, baseline,
exposure and eight subgroup variables for the PFS forest plot.

Run: ``python benchmarks/bench_report.py [--repeat 3]``. Prints the wall time of each stage (median of the
repeats) and of the whole ``build_report``. A side-by-side peer: the KM + Cox work of the readout redone with
lifelines (if installed) on the same data, to show where the time goes; lifelines has no report.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

N = 420
SOCS = {
    "Blood and lymphatic system disorders": ["Anaemia", "Neutropenia", "Thrombocytopenia", "Lymphopenia"],
    "Infections and infestations": ["Pneumonia", "COVID-19", "Upper respiratory tract infection"],
    "Immune system disorders": ["Cytokine release syndrome"],
    "Nervous system disorders": ["Peripheral neuropathy", "Headache"],
    "General disorders": ["Fatigue", "Pyrexia"],
}


def make_trial(d: Path, seed: int = 20240501) -> Path:
    rng = np.random.default_rng(seed)
    ids = [f"P{i:04d}" for i in range(N)]
    arm = np.where(np.arange(N) % 2 == 0, "TRT", "CTL")
    rng.shuffle(arm)
    trt = arm == "TRT"
    treated = np.where(trt, rng.random(N) > 0.15, rng.random(N) > 0.01)
    adsl = pd.DataFrame({
        "USUBJID": ids, "ARM": arm, "ACTARM": np.where(treated, arm, "NOT TREATED"),
        "ITTFL": "Y", "SAFFL": np.where(treated, "Y", "N"), "ASTRTFL": np.where(treated, "Y", "N"),
        "MRDEVFL": np.where(rng.random(N) < 0.85, "Y", "N"),
        "STRATREG": rng.choice(["PVd", "DPd"], N), "STRATISS": rng.choice(["I", "II", "III"], N, p=[.6, .3, .1]),
        "STRATLIN": rng.choice(["1", "2-3"], N, p=[.33, .67]),
        "AGE": np.round(rng.normal(61, 9, N)).clip(30, 85),
        "SEX": rng.choice(["F", "M"], N, p=[.45, .55]),
        "ECOG": rng.choice(["0", "1"], N, p=[.55, .45]),
        "CYTO": rng.choice(["High risk", "Standard risk"], N, p=[.35, .65]),
        "EMD": rng.choice(["Yes", "No"], N, p=[.2, .8]),
        "REFR": rng.choice(["Triple-class", "Other"], N, p=[.25, .75]),
        "CARTDOSE": np.where(trt & treated, np.round(rng.normal(0.71, 0.1, N), 2), np.nan),
        "NCYCLES": np.where(~trt & treated, rng.integers(1, 40, N), np.nan),
    })
    admin = rng.uniform(29, 45, N)  # follow-up to the data cut-off, months
    rows = []
    scale = {"PFS": (60.0, 15.0), "OS": (120.0, 55.0), "PFS2": (90.0, 33.0), "TTSW": (110.0, 45.0)}
    for p, (s_trt, s_ctl) in scale.items():
        t = rng.exponential(np.where(trt, s_trt, s_ctl))
        c = np.minimum(admin, rng.exponential(200, N))
        for i in range(N):
            rows.append((ids[i], p, round(float(min(t[i], c[i])), 3), 0 if t[i] <= c[i] else 1))
    adtte = pd.DataFrame(rows, columns=["USUBJID", "PARAMCD", "AVAL", "CNSR"])
    bor = np.where(trt, rng.choice(["sCR", "CR", "VGPR", "PR", "SD", "PD"], N, p=[.4, .37, .05, .03, .1, .05]),
                   rng.choice(["sCR", "CR", "VGPR", "PR", "SD", "PD"], N, p=[.05, .19, .2, .23, .2, .13]))
    mrd = np.where(np.isin(bor, ["sCR", "CR"]) & (rng.random(N) < np.where(trt, .8, .7)), "NEGATIVE", "POSITIVE")
    adrs = pd.concat([pd.DataFrame({"USUBJID": ids, "PARAMCD": "BOR", "AVALC": bor}),
                      pd.DataFrame({"USUBJID": ids, "PARAMCD": "MRD5", "AVALC": mrd})])
    terms = [(s, t) for s, ts in SOCS.items() for t in ts]
    ae = []
    for i in np.flatnonzero(treated):
        for _ in range(rng.poisson(6)):
            s, t = terms[rng.integers(len(terms))]
            g = int(rng.choice([1, 2, 3, 4, 5], p=[.35, .3, .25, .08, .02]))
            ae.append((ids[i], s, t, g, "Y" if rng.random() < .2 else "N",
                       "RELATED" if rng.random() < .6 else "NOT RELATED", "Y"))
    adae = pd.DataFrame(ae, columns=["USUBJID", "AEBODSYS", "AEDECOD", "AETOXGR", "AESER", "AEREL", "TRTEMFL"])
    adsl["DTHFL"] = np.where(adtte[adtte.PARAMCD == "OS"].CNSR.to_numpy() == 0, "Y", "N")
    adsl["DTHCAUS"] = np.where(adsl.DTHFL == "Y", rng.choice(["PROGRESSIVE DISEASE", "ADVERSE EVENT", "OTHER"],
                                                             N, p=[.6, .25, .15]), "")
    for name, df in (("adsl", adsl), ("adtte", adtte), ("adrs", adrs), ("adae", adae)):
        df.to_csv(d / f"{name}.csv", index=False)
    sub = "\n".join(f'[[subgroups.variables]]\ncolumn = "{c}"\nlabel = "{c}"' for c in
                    ("STRATREG", "STRATISS", "STRATLIN", "SEX", "ECOG", "CYTO", "EMD", "REFR"))
    spec = f"""
[trial]
title = "Benchmark trial (420 generated patients)"
time_unit = "months"

[datasets]
adsl = "adsl.csv"
adtte = "adtte.csv"
adrs = "adrs.csv"
adae = "adae.csv"

[arms]
variable = "ARM"
control = "CTL"
actual_variable = "ACTARM"

[populations]
itt = "ITTFL"
safety = "SAFFL"
as_treated = "ASTRTFL"

[stratification]
factors = ["STRATREG", "STRATISS", "STRATLIN"]

[[endpoints]]
id = "PFS"
type = "tte"
paramcd = "PFS"
label = "Progression-free survival"
landmarks = [12, 24, 30]
weighting = "cutoff:2"
tau = 30
primary = true

[[endpoints]]
id = "OS"
type = "tte"
paramcd = "OS"
label = "Overall survival"
landmarks = [12, 24, 30]

[[endpoints]]
id = "PFS2"
type = "tte"
paramcd = "PFS2"
label = "PFS on next-line therapy"

[[endpoints]]
id = "TTSW"
type = "tte"
paramcd = "TTSW"
label = "Time to symptom worsening"
landmarks = [30]

[[endpoints]]
id = "ORR"
type = "response"
paramcd = "BOR"
label = "Overall response"
categories = ["sCR", "CR", "VGPR", "PR", "SD", "PD"]
responders = ["sCR", "CR", "VGPR", "PR"]

[[endpoints]]
id = "MRD5"
type = "response"
paramcd = "MRD5"
label = "MRD negativity (10^-5), evaluable patients"
categories = ["NEGATIVE", "POSITIVE"]
responders = ["NEGATIVE"]
evaluable = "MRDEVFL"

[safety]

[deaths]

[[baseline]]
column = "AGE"
label = "Age, years"
type = "continuous"
[[baseline]]
column = "SEX"
label = "Sex"
type = "categorical"

[[exposure]]
column = "CARTDOSE"
label = "Dose"
arms = ["TRT"]
population = "as_treated"
[[exposure]]
column = "NCYCLES"
label = "Cycles"
arms = ["CTL"]
population = "as_treated"

[subgroups]
endpoints = ["PFS"]
{sub}
"""
    (d / "spec.toml").write_text(spec)
    return d / "spec.toml"


def peer_lifelines(d: Path) -> float | None:
    try:
        from lifelines import CoxPHFitter, KaplanMeierFitter
    except ImportError:
        return None
    adsl = pd.read_csv(d / "adsl.csv")
    adtte = pd.read_csv(d / "adtte.csv")
    t0 = time.perf_counter()
    for p in ("PFS", "OS", "PFS2", "TTSW"):
        x = adtte[adtte.PARAMCD == p].merge(adsl, on="USUBJID")
        x["E"] = (x.CNSR == 0).astype(int)
        x["TRT"] = (x.ARM == "TRT").astype(int)
        for a in ("TRT", "CTL"):
            m = x.ARM == a
            KaplanMeierFitter().fit(x.AVAL[m], x.E[m])
        CoxPHFitter().fit(x[["AVAL", "E", "TRT", "STRATREG", "STRATISS", "STRATLIN"]], "AVAL", "E",
                          strata=["STRATREG", "STRATISS", "STRATLIN"])
        if p == "PFS":
            for c in ("STRATREG", "STRATISS", "STRATLIN", "SEX", "ECOG", "CYTO", "EMD", "REFR"):
                for lv in x[c].unique():
                    CoxPHFitter().fit(x.loc[x[c] == lv, ["AVAL", "E", "TRT"]], "AVAL", "E")
    return time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    from trialscout.report.build import build_report
    from trialscout.trial import load_adam, load_spec, run_readout

    with tempfile.TemporaryDirectory() as tmp:
        d = Path(tmp)
        spec_path = make_trial(d)
        total, readout_t, load_t = [], [], []
        for k in range(args.repeat):
            t0 = time.perf_counter()
            spec = load_spec(spec_path)
            data = load_adam(spec)
            t1 = time.perf_counter()
            run_readout(spec, data)
            t2 = time.perf_counter()
            load_t.append(t1 - t0)
            readout_t.append(t2 - t1)
            t0 = time.perf_counter()
            res = build_report(spec_path, d / f"out{k}")
            total.append(time.perf_counter() - t0)
        ro = res.readout
        print(f"trial: {sum(n for n in dict(ro.population_sizes)['itt'])} patients, "
              f"{len(ro.endpoints)} endpoints ({sum(e.endpoint.type == 'tte' for e in ro.endpoints)} tte), "
              f"{len(ro.safety.rows)} AE table rows, {len(ro.subgroups[0].variables)} subgroup variables")
        print(f"load + check datasets : {statistics.median(load_t):6.2f} s")
        print(f"readout (statistics)  : {statistics.median(readout_t):6.2f} s")
        print(f"build_report (all)    : {statistics.median(total):6.2f} s   target < 10 s "
              f"({'met' if statistics.median(total) < 10 else 'NOT met'})")
        peer = peer_lifelines(d)
        if peer is not None:
            print(f"peer: lifelines KM + stratified Cox + subgroup Cox only: {peer:6.2f} s "
                  f"(trialscout readout / lifelines = {statistics.median(readout_t) / peer:.2f})")


if __name__ == "__main__":
    main()
