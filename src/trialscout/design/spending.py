"""Alpha- and beta-spending functions and classical boundary shapes.

Each spending function f(t; level) is the cumulative error spent at information fraction t in [0, 1], with
f(0) = 0 and f(1) = level.

- Lan & DeMets (1983), O'Brien–Fleming type: f(t) = 2 (1 - Phi(z_{1 - level/2} / sqrt(t))).
- Lan & DeMets (1983), Pocock type: f(t) = level * log(1 + (e - 1) t).
- Kim & DeMets (1987), power family: f(t) = level * t^rho.
- Hwang, Shih & DeCani (1990): f(t) = level (1 - exp(-gamma t)) / (1 - exp(-gamma)); gamma = 0 is linear.

Classical boundaries (Jennison & Turnbull 2000, ch. 2): O'Brien–Fleming c / sqrt(t_k), Pocock c, and the
Wang–Tsiatis family c * t_k^(delta - 1/2) (delta = 0: O'Brien–Fleming, delta = 0.5: Pocock).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy import stats

from .._validate import InputError

__all__ = ["SpendingFunction", "spending_function", "SPENDING_NAMES", "FUTILITY_SPENDING_NAMES",
           "BOUNDARY_NAMES", "boundary_shape"]

SPENDING_NAMES = ("lan_demets_obrien_fleming", "lan_demets_pocock", "kim_demets_power", "hwang_shih_decani")
FUTILITY_SPENDING_NAMES = ("obrien_fleming_type", "pocock_type", "kim_demets_power", "hwang_shih_decani")
BOUNDARY_NAMES = ("obrien_fleming", "pocock", "wang_tsiatis")


@dataclass(frozen=True, slots=True)
class SpendingFunction:
    """A spending family with its parameter.

    Attributes
    ----------
    family : str
        ``"obrien_fleming"``, ``"pocock"``, ``"kim_demets_power"`` or ``"hwang_shih_decani"``.
    parameter : float or None
        ``rho`` of the power family, ``gamma`` of Hwang–Shih–DeCani, else None.
    """

    family: str
    parameter: float | None = None

    def cumulative(self, t, level: float) -> np.ndarray:
        """Cumulative error spent at information fractions ``t`` out of a total of ``level``."""
        t = np.clip(np.asarray(t, dtype=float), 0.0, 1.0)
        if self.family == "obrien_fleming":
            with np.errstate(divide="ignore"):
                out = 2.0 * stats.norm.sf(stats.norm.isf(level / 2.0) / np.sqrt(t))
        elif self.family == "pocock":
            out = level * np.log1p((math.e - 1.0) * t)
        elif self.family == "kim_demets_power":
            out = level * t ** float(self.parameter)  # type: ignore[arg-type]
        else:
            g = float(self.parameter)  # type: ignore[arg-type]
            out = level * t if abs(g) < 1e-12 else level * (-np.expm1(-g * t)) / (-math.expm1(-g))
        return np.where(t >= 1.0, level, np.where(t <= 0.0, 0.0, out))

    def describe(self) -> str:
        p = "" if self.parameter is None else f" ({'rho' if self.family == 'kim_demets_power' else 'gamma'} = " \
            f"{self.parameter:g})"
        return self.family + p


def spending_function(name: str, parameter: float | None = None, *, where: str = "spending") -> SpendingFunction:
    """The spending function named by ``name`` (efficacy or futility vocabulary)."""
    table = {
        "lan_demets_obrien_fleming": "obrien_fleming", "obrien_fleming_type": "obrien_fleming",
        "lan_demets_pocock": "pocock", "pocock_type": "pocock",
        "kim_demets_power": "kim_demets_power", "hwang_shih_decani": "hwang_shih_decani",
    }
    if name not in table:
        raise InputError(f"`{where}` must be one of {', '.join(map(repr, SPENDING_NAMES + FUTILITY_SPENDING_NAMES))}"
                         f"; got {name!r}")
    fam = table[name]
    if fam == "kim_demets_power":
        if parameter is None or not math.isfinite(parameter) or parameter <= 0:
            raise InputError(f"`rho` of the Kim–DeMets power family ({where}) must be a positive number; "
                             f"got {parameter!r}")
        return SpendingFunction(fam, float(parameter))
    if fam == "hwang_shih_decani":
        if parameter is None or not math.isfinite(parameter):
            raise InputError(f"`gamma` of the Hwang–Shih–DeCani family ({where}) must be a finite number; "
                             f"got {parameter!r}")
        return SpendingFunction(fam, float(parameter))
    return SpendingFunction(fam, None)


def boundary_shape(name: str, t: np.ndarray, delta: float | None = None) -> np.ndarray:
    """Shape s_k of a classical boundary c * s_k at information fractions ``t``."""
    if name == "obrien_fleming":
        return 1.0 / np.sqrt(t)
    if name == "pocock":
        return np.ones_like(t)
    if name == "wang_tsiatis":
        if delta is None or not math.isfinite(delta):
            raise InputError(f"`delta` of the Wang–Tsiatis boundary must be a finite number; got {delta!r}")
        return t ** (float(delta) - 0.5)
    raise InputError(f"`boundary` must be one of {', '.join(map(repr, BOUNDARY_NAMES))}; got {name!r}")
