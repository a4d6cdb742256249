"""Pointwise confidence limits for a survival probability: the one place every CI transform lives.

Given S(t) and the Greenwood sum V(t) = sum d/(n(n-d)) (so that Var S ~= S^2 V), each transform g gives
limits g^-1(g(S) -/+ z * se(g(S))). Formulas: Kalbfleisch & Prentice (2002) sec. 1.3; Borgan & Liestol (1990)
for the log-log, logit and arcsine-square-root forms; Klein & Moeschberger (2003) eqs. 4.3.1-4.3.3.
"""

from __future__ import annotations

import numpy as np

__all__ = ["confidence_limits"]


def confidence_limits(
    surv: np.ndarray, greenwood: np.ndarray, z: float, conf_type: str
) -> tuple[np.ndarray, np.ndarray]:
    """Lower and upper pointwise limits of S(t).

    Where the transform is undefined (S = 1 before the first event for log-log, logit and arcsine; S = 0 for
    every transform but plain; infinite V once S reaches 0), the limits are NaN, as R ``survfit`` gives NA.
    Where V = 0 (S = 1) the log and plain limits both equal 1.
    """
    s = np.asarray(surv, dtype=np.float64)
    v = np.asarray(greenwood, dtype=np.float64)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        sd = np.sqrt(v)
        if conf_type == "log":
            # log S +/- z sqrt(V); the upper limit capped at 1 (K&M eq. 4.3.2 on the log scale)
            lower = s * np.exp(-z * sd)
            upper = np.minimum(s * np.exp(z * sd), 1.0)
            bad = s <= 0
        elif conf_type == "log-log":
            # log(-log S) +/- z sqrt(V)/|log S| (K&M eq. 4.3.2): limits S^exp(+u), S^exp(-u)
            u = z * sd / np.abs(np.log(s))
            lower = s ** np.exp(u)
            upper = s ** np.exp(-u)
            bad = (s <= 0) | (s >= 1)
        elif conf_type == "plain":
            # S +/- z S sqrt(V) (K&M eq. 4.3.1), clipped to [0, 1]
            half = z * s * sd
            lower = np.maximum(s - half, 0.0)
            upper = np.minimum(s + half, 1.0)
            bad = ~np.isfinite(half)
        elif conf_type == "logit":
            # log(S/(1-S)) +/- z sqrt(V)/(1-S)
            w = z * sd / (1.0 - s)
            odds = s / (1.0 - s)
            lower = odds * np.exp(-w) / (1.0 + odds * np.exp(-w))
            upper = odds * np.exp(w) / (1.0 + odds * np.exp(w))
            bad = (s <= 0) | (s >= 1)
        elif conf_type == "arcsine":
            # asin(sqrt(S)) +/- z/2 sqrt(V S/(1-S)) (K&M eq. 4.3.3), angle kept within [0, pi/2]
            a = np.arcsin(np.sqrt(s))
            w = 0.5 * z * sd * np.sqrt(s / (1.0 - s))
            lower = np.sin(np.maximum(a - w, 0.0)) ** 2
            upper = np.sin(np.minimum(a + w, np.pi / 2)) ** 2
            bad = (s <= 0) | (s >= 1)
        else:  # pragma: no cover - callers validate conf_type
            raise ValueError(f"unknown conf_type {conf_type!r}")
        bad = bad | ~np.isfinite(sd)
    lower = np.where(bad, np.nan, lower)
    upper = np.where(bad, np.nan, upper)
    return lower, upper
