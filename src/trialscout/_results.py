"""Result types shared by every statistical module.

Results are frozen, slotted dataclasses. They hold numbers and the rules that produced them; formatting
lives in :mod:`trialscout.report`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, fields
from enum import Enum

__all__ = ["Status", "Estimate", "TestResult", "Comparison", "OK", "NR", "NE", "freeze_arrays"]


def freeze_arrays(result) -> None:
    """Make every NumPy array field of a result read-only, so that a frozen result cannot change in place.

    Call from ``__post_init__`` of result dataclasses; the arrays are the result's own (never the caller's input).
    """
    import numpy as np

    for f in fields(result):
        value = getattr(result, f.name)
        if isinstance(value, np.ndarray):
            value.setflags(write=False)


class Status(str, Enum):
    """Why a number is or is not there.

    ``OK`` — the number is estimated. ``NR`` — *not reached*: a quantile whose survival curve never falls to
    the required level. ``NE`` — *not estimable*: a confidence limit (or a landmark rate beyond follow-up)
    that the data cannot give.
    """

    OK = "ok"
    NR = "NR"
    NE = "NE"

    def __str__(self) -> str:  # "NR", not "Status.NR"
        return self.value


OK, NR, NE = Status.OK, Status.NR, Status.NE


def _status_for(value: float, status: Status | None) -> Status:
    if status is not None:
        return Status(status)
    return OK if math.isfinite(value) else NE


@dataclass(frozen=True, slots=True)
class Estimate:
    """A point estimate with its confidence interval.

    Attributes
    ----------
    value, lower, upper : float
        The estimate and its confidence limits; NaN when missing, in which case the matching ``*_status``
        says whether it is ``NR`` (not reached) or ``NE`` (not estimable).
    confidence_level : float
        Two-sided level of the interval, e.g. 0.95.
    method : str
        How the estimate and interval were obtained (e.g. ``"kaplan-meier; log-log; brookmeyer-crowley"``).
    std_err : float
        Standard error of ``value`` on its own scale, NaN when not defined.
    value_status, lower_status, upper_status : Status
        ``OK`` when the number is there, ``NR`` or ``NE`` when it is not.
    """

    value: float
    lower: float
    upper: float
    confidence_level: float
    method: str
    std_err: float = math.nan
    value_status: Status = OK
    lower_status: Status = OK
    upper_status: Status = OK

    @classmethod
    def build(
        cls,
        value: float,
        lower: float,
        upper: float,
        confidence_level: float,
        method: str,
        *,
        std_err: float = math.nan,
        value_status: Status | None = None,
        lower_status: Status | None = None,
        upper_status: Status | None = None,
    ) -> "Estimate":
        """Build an estimate, deriving each status from whether the number is finite unless given."""
        value, lower, upper = float(value), float(lower), float(upper)
        vs = _status_for(value, value_status)
        ls = _status_for(lower, lower_status)
        us = _status_for(upper, upper_status)
        return cls(
            value=value if vs is OK else math.nan,
            lower=lower if ls is OK else math.nan,
            upper=upper if us is OK else math.nan,
            confidence_level=float(confidence_level),
            method=method,
            std_err=float(std_err),
            value_status=vs,
            lower_status=ls,
            upper_status=us,
        )

    @property
    def is_reached(self) -> bool:
        """False when the estimate is 'not reached' (NR)."""
        return self.value_status is not NR

    def as_dict(self) -> dict:
        """Plain data: numbers or None, and a ``status`` mapping naming why each None is missing."""
        out: dict = {}
        status: dict = {}
        for name in ("value", "lower", "upper"):
            st = getattr(self, f"{name}_status")
            out[name] = getattr(self, name) if st is OK else None
            if st is not OK:
                status[name] = st.value
        if status:
            out["status"] = status
        return out


@dataclass(frozen=True, slots=True)
class TestResult:
    """A hypothesis test: its statistic, degrees of freedom (NaN where not applicable) and two-sided P."""

    statistic: float
    df: float
    pvalue: float
    method: str

    __test__ = False  # not a pytest test class


@dataclass(frozen=True, slots=True)
class Comparison:
    """A between-group effect (difference, ratio) with its CI, and the test that goes with it."""

    estimate: Estimate
    statistic: float
    pvalue: float
    method: str
