"""Time weights for weighted log-rank tests and weighted Cox models.

A weight w(t) multiplies each event time's contribution to the log-rank O - E and its variance (w^2), and to the
Cox score. Two families:

- :class:`FlemingHarrington` G(rho, gamma): w(t) = S(t-)^rho (1 - S(t-))^gamma, with S the pooled Kaplan–Meier
  estimate, left-continuous (its value just before t), computed within each stratum (Harrington & Fleming 1982).
  G(0, 0) is the log-rank test; G(1, 0) the Peto–Peto–Prentice-type test of R's ``survdiff(rho = 1)``.
- :class:`Cutoff` (piecewise): w(t) = 0 for event times t <= T and 1 after, the "delayed effect" weight that
  down-weights an early period in which both arms receive the same treatment. With it the Cox model equals a fit on
  the subjects still at risk after T with delayed entry at T.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import numpy as np

from .._validate import InputError

__all__ = ["FlemingHarrington", "Cutoff", "parse_weights", "TimeWeights"]


@dataclass(frozen=True, slots=True)
class FlemingHarrington:
    """Fleming–Harrington G(rho, gamma) weights on the pooled left-continuous Kaplan–Meier estimate."""

    rho: float
    gamma: float

    def __post_init__(self):
        for name in ("rho", "gamma"):
            v = getattr(self, name)
            if not isinstance(v, (int, float)) or not math.isfinite(v) or v < 0:
                raise InputError(f"`{name}` of Fleming–Harrington weights must be a non-negative number; got {v!r}")

    def describe(self) -> str:
        return f"Fleming-Harrington G({self.rho:g}, {self.gamma:g})"

    def spec(self) -> str:
        return f"fh:{self.rho:g},{self.gamma:g}"

    def at_event_times(self, s_left: np.ndarray, times: np.ndarray) -> np.ndarray:
        with np.errstate(invalid="ignore", divide="ignore"):
            w = np.power(s_left, self.rho) * np.power(1.0 - s_left, self.gamma)
        return np.where(np.isfinite(w), w, 0.0)


@dataclass(frozen=True, slots=True)
class Cutoff:
    """Weight 0 for event times at or before ``time`` and 1 after it."""

    time: float

    def __post_init__(self):
        if not isinstance(self.time, (int, float)) or not math.isfinite(self.time) or self.time < 0:
            raise InputError(f"`time` of a cut-off weight must be a non-negative number; got {self.time!r}")

    def describe(self) -> str:
        return f"cut-off weight (0 up to t = {self.time:g}, 1 after)"

    def spec(self) -> str:
        return f"cutoff:{self.time:g}"

    def at_event_times(self, s_left: np.ndarray, times: np.ndarray) -> np.ndarray:
        return (times > self.time).astype(np.float64)


TimeWeights = FlemingHarrington | Cutoff

_FH = re.compile(r"^fh:\s*([^,]+)\s*,\s*([^,]+)$", re.IGNORECASE)
_CUT = re.compile(r"^cutoff:\s*(.+)$", re.IGNORECASE)


def parse_weights(spec, name: str = "weights") -> TimeWeights | None:
    """Turn ``None``, ``"none"``, ``"fh:RHO,GAMMA"``, ``"cutoff:T"`` or a weight object into a weight object."""
    if spec is None or isinstance(spec, (FlemingHarrington, Cutoff)):
        return spec
    if not isinstance(spec, str):
        raise TypeError(f"`{name}` must be None, a string such as 'fh:0,1' or 'cutoff:2', or a weight object; "
                        f"got {type(spec).__name__}")
    text = spec.strip()
    if text.lower() in ("", "none"):
        return None
    m_fh, m_cut = _FH.match(text), _CUT.match(text)
    m = m_fh or m_cut
    try:
        numbers = [float(g) for g in m.groups()] if m else None
    except ValueError:
        numbers = None
    if numbers is not None:
        try:
            return FlemingHarrington(*numbers) if m_fh else Cutoff(*numbers)
        except InputError:  # say it in terms of the argument the user wrote
            what = ("'fh:RHO,GAMMA' with non-negative, finite RHO and GAMMA" if m_fh
                    else "'cutoff:T' with a non-negative, finite time T")
            raise InputError(f"`{name}` must be {what}; got {spec!r}") from None
    raise InputError(f"`{name}` must be 'none', 'fh:RHO,GAMMA' (e.g. 'fh:0,1') or 'cutoff:T' (e.g. 'cutoff:2'); "
                     f"got {spec!r}")


def pooled_left_km(n_risk: np.ndarray, n_event: np.ndarray) -> np.ndarray:
    """S(t-) of the pooled Kaplan–Meier curve at each event time, from at-risk and event counts in time order."""
    with np.errstate(divide="ignore", invalid="ignore"):
        factors = np.where(n_risk > 0, 1.0 - n_event / n_risk, 1.0)
    s = np.cumprod(factors)
    return np.concatenate(([1.0], s[:-1]))
