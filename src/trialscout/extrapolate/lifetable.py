"""General-population mortality from a life table, for relative-survival and cure models.

A life table gives, by age (and optionally sex), the annual hazard of death ``hazard`` or the annual probability
of death ``qx`` (then hazard = -log(1 - qx), constant within each year of age). Each subject's background
hazard at follow-up time t is the table's hazard at age_at_entry + t (in years); the background survival of an
arm is the cohort average of the subjects' exp(-cumulative hazard) (Ederer's exact method).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .._validate import InputError
from ..io.files import check_input_file

__all__ = ["LifeTable", "read_life_table", "YEARS_PER_UNIT", "Background", "background_mortality"]

#: Years per unit of follow-up time.
YEARS_PER_UNIT = {"days": 1.0 / 365.25, "weeks": 7.0 / 365.25, "months": 1.0 / 12.0, "years": 1.0}


@dataclass(frozen=True, slots=True)
class LifeTable:
    """Annual hazards by age band (``age[i]`` to ``age[i+1]``, the last band open) for each sex key."""

    age: np.ndarray
    hazard: dict
    source: str = "life table"

    def _key(self, sex) -> str:
        key = "all" if sex is None else str(sex).strip().lower()
        if key not in self.hazard:
            if "all" in self.hazard:
                return "all"
            raise InputError(f"{self.source}: no rows for sex {sex!r} (the table has {', '.join(sorted(self.hazard))})")
        return key

    def cumulative_hazard(self, age, sex=None) -> np.ndarray:
        """Cumulative hazard from the youngest age in the table to ``age`` (years)."""
        h = self.hazard[self._key(sex)]
        a = np.asarray(age, dtype=float)
        widths = np.diff(self.age)
        cum = np.concatenate([[0.0], np.cumsum(h[:-1] * widths)])
        idx = np.clip(np.searchsorted(self.age, a, side="right") - 1, 0, len(self.age) - 1)
        return cum[idx] + h[idx] * (a - self.age[idx])

    def hazard_at(self, age, sex=None) -> np.ndarray:
        h = self.hazard[self._key(sex)]
        idx = np.clip(np.searchsorted(self.age, np.asarray(age, dtype=float), side="right") - 1, 0, len(self.age) - 1)
        return h[idx]


def read_life_table(path) -> LifeTable:
    """Read a life table CSV with columns ``age``, optional ``sex``, and ``hazard`` or ``qx`` (annual).

    Raises
    ------
    InputError
        A missing file or column, non-numeric or negative values, qx outside [0, 1), repeated ages.
    """
    import pandas as pd

    p = Path(path)
    check_input_file(p, "life table", label=f"life table {path}")  # a pipe or a device would never end
    try:
        df = pd.read_csv(p)
    except (OSError, ValueError) as exc:
        raise InputError(f"life table {path}: cannot be read ({exc})") from None
    cols = {c.strip().lower(): c for c in df.columns}
    if "age" not in cols or not ({"hazard", "qx"} & set(cols)):
        raise InputError(f"life table {path}: needs columns 'age' and 'hazard' (annual) or 'qx'; "
                         f"has {', '.join(map(str, df.columns))}")
    age = pd.to_numeric(df[cols["age"]], errors="coerce").to_numpy(float)
    if "hazard" in cols:
        h = pd.to_numeric(df[cols["hazard"]], errors="coerce").to_numpy(float)
    else:
        q = pd.to_numeric(df[cols["qx"]], errors="coerce").to_numpy(float)
        bad = np.flatnonzero(~((q >= 0) & (q < 1)))
        if len(bad):
            raise InputError(f"life table {path}: 'qx' must lie in [0, 1); line {bad[0] + 2} has {q[bad[0]]!r}")
        h = -np.log1p(-q)
    bad = np.flatnonzero(~(np.isfinite(age) & np.isfinite(h) & (h >= 0) & (age >= 0)))
    if len(bad):
        raise InputError(f"life table {path}: line {bad[0] + 2} has a missing, non-numeric or negative age or hazard")
    sex = (df[cols["sex"]].astype(str).str.strip().str.lower().to_numpy() if "sex" in cols
           else np.full(len(df), "all"))
    table = {}
    ages = None
    for key in dict.fromkeys(sex.tolist()):
        m = sex == key
        order = np.argsort(age[m])
        a_k = age[m][order]
        if np.any(np.diff(a_k) <= 0):
            raise InputError(f"life table {path}: an age is repeated for sex {key!r}")
        if ages is None:
            ages = a_k
        elif len(a_k) != len(ages) or np.any(a_k != ages):
            raise InputError(f"life table {path}: every sex must list the same ages")
        table[key] = h[m][order]
    if ages is None or len(ages) == 0:
        raise InputError(f"life table {path}: no rows")
    return LifeTable(ages, table, f"life table {path}")


@dataclass(frozen=True)
class Background:
    """Background mortality of one cohort in the data's time unit."""

    table: LifeTable
    age: np.ndarray
    sex: np.ndarray | None
    years_per_unit: float

    def _sexes(self):
        return [None] * len(self.age) if self.sex is None else list(self.sex)

    def hazard(self, t) -> np.ndarray:
        """Each subject's background hazard (per unit of time) at its own follow-up time ``t``."""
        t = np.asarray(t, dtype=float)
        out = np.empty(len(self.age))
        for key in set(self._sexes()):
            m = np.array([s == key for s in self._sexes()])
            out[m] = self.table.hazard_at(self.age[m] + t[m] * self.years_per_unit, key) * self.years_per_unit
        return out

    def survival(self, t) -> np.ndarray:
        """The cohort's background survival at times ``t``: mean over subjects of exp(-H_i(t))."""
        t = np.atleast_1d(np.asarray(t, dtype=float))
        total = np.zeros(len(t))
        for key in set(self._sexes()):
            m = np.array([s == key for s in self._sexes()])
            a = self.age[m][:, None]
            ch = self.table.cumulative_hazard(a + t[None, :] * self.years_per_unit, key) \
                - self.table.cumulative_hazard(a, key)
            total += np.exp(-ch).sum(axis=0)
        return total / len(self.age)

    def __call__(self, t) -> np.ndarray:
        return self.survival(t)


def background_mortality(table: LifeTable, age, sex=None, *, time_unit: str = "months") -> Background:
    """The background mortality of a cohort: ages at entry (years), sexes (matching the table's ``sex``)."""
    if time_unit not in YEARS_PER_UNIT:
        raise InputError(f"`time_unit` must be one of {', '.join(YEARS_PER_UNIT)}; got {time_unit!r}")
    a = np.asarray(age, dtype=float)
    bad = np.flatnonzero(~(np.isfinite(a) & (a >= 0)))
    if len(bad):
        raise InputError(f"`age` must be known and non-negative; row {bad[0]} has {a[bad[0]]!r}")
    s = None if sex is None else np.array([str(v).strip().lower() for v in sex])
    if s is not None:
        for key in set(s.tolist()):
            table._key(key)
    if not math.isfinite(YEARS_PER_UNIT[time_unit]):  # pragma: no cover
        raise InputError("bad time unit")
    return Background(table, a, s, YEARS_PER_UNIT[time_unit])
