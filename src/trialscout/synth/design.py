"""Stratified permuted-block randomization and staggered accrual to a data cut-off."""

from __future__ import annotations

import math

import numpy as np

from .._validate import InputError
from .summary import DesignSummary

__all__ = ["DAYS_PER_MONTH", "stratified_blocks", "accrual_days", "accrual_power"]

#: Days per month used for every time conversion (365.25 / 12).
DAYS_PER_MONTH = 30.4375


def stratified_blocks(strata_codes: np.ndarray, allocation: tuple[int, int], block_size: int,
                      rng: np.random.Generator) -> np.ndarray:
    """Assign arms 0/1 in entry order with permuted blocks within each stratum.

    Each stratum has its own sequence of blocks; a block holds ``block_size * allocation[k] / sum(allocation)``
    assignments to arm k in random order. Patient i (in entry order) takes the next slot of its stratum.
    """
    per = block_size // sum(allocation)
    block = np.repeat([0, 1], [allocation[0] * per, allocation[1] * per])
    out = np.empty(len(strata_codes), dtype=np.int8)
    for code in np.unique(strata_codes):
        idx = np.flatnonzero(strata_codes == code)
        nblocks = -(-len(idx) // len(block))
        seq = np.concatenate([rng.permutation(block) for _ in range(nblocks)])
        out[idx] = seq[: len(idx)]
    return out


def accrual_power(design: DesignSummary) -> float:
    """Exponent k of the accrual CDF G(x) = (x / A)^k giving the published median follow-up.

    With A the accrual window and F the time from accrual start to the cut-off (months), the median potential
    follow-up is F - A 0.5^(1/k); solving for the published median gives k = log 0.5 / log((F - m) / A).
    k > 1 means accrual accelerates (the usual ramp-up of a multicentre trial).
    """
    a = (design.accrual_end - design.accrual_start).days / DAYS_PER_MONTH
    f = (design.data_cutoff - design.accrual_start).days / DAYS_PER_MONTH
    ratio = (f - design.median_followup) / a
    if not 0 < ratio < 1:  # pragma: no cover - the summary validator rejects this
        raise InputError("design.median_followup is not reachable with this accrual window")
    return math.log(0.5) / math.log(ratio)


def accrual_days(n: int, design: DesignSummary, rng: np.random.Generator) -> np.ndarray:
    """Entry days (from accrual start, sorted) of ``n`` patients: stratified draws from G(x) = (x / A)^k.

    The i-th patient enters at G^-1((i + v_i) / n), v_i uniform, so the realized entry distribution (and with it
    the median follow-up) is within one patient of the model's.
    """
    k = accrual_power(design)
    a_days = (design.accrual_end - design.accrual_start).days
    p = (np.arange(n) + rng.random(n)) / n
    return np.floor(a_days * p ** (1.0 / k)).astype(np.int64)
