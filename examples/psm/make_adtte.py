"""Writes adtte.csv: a synthetic two-arm trial (PFS and OS in months), the input of spec.toml.

Run from this folder: python make_adtte.py (numpy and pandas; the output is a deterministic function of the seed).
"""

import numpy as np
import pandas as pd

rng = np.random.default_rng(20240501)
rows = []
for arm, n, pfs_scale, gap_scale in (("Standard", 200, 14.0, 14.0), ("New", 200, 24.0, 18.0)):
    pfs = rng.weibull(1.2, n) * pfs_scale
    os = pfs + rng.weibull(1.1, n) * gap_scale  # death after progression
    censor = rng.uniform(18.0, 42.0, n)  # staggered entry, administrative censoring
    for i in range(n):
        sid = f"{arm[:3].upper()}-{i + 1:03d}"
        os_t, os_e = min(os[i], censor[i]), int(os[i] <= censor[i])
        pfs_t, pfs_e = min(pfs[i], censor[i]), int(pfs[i] <= censor[i])
        rows.append({"USUBJID": sid, "TRT01P": arm, "PARAMCD": "PFS", "AVAL": round(pfs_t, 3), "CNSR": 1 - pfs_e})
        rows.append({"USUBJID": sid, "TRT01P": arm, "PARAMCD": "OS", "AVAL": round(os_t, 3), "CNSR": 1 - os_e})
pd.DataFrame(rows).to_csv("adtte.csv", index=False)
