"""Numbers as publications print them: estimates with CIs, hazard ratios, rates and P values.

Every function here only *reads* a result. Missing numbers keep their meaning: a median that is not reached
prints ``NR``, a confidence limit that cannot be estimated prints ``NE``, e.g. ``NR (95% CI, 34.5–NE)``.

Rounding is decimal half-up on the shortest representation of the float (``2.675`` -> ``2.68``), which is
what a reader doing the rounding by hand (and SAS's ``ROUND``) gives, rather than Python's binary
round-half-even (``format(2.675, ".2f") == "2.67"``).
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Context, Decimal

from .._results import OK, Estimate, Status

__all__ = [
    "format_number",
    "format_estimate",
    "format_rate",
    "format_hr",
    "format_pvalue",
    "ci_label",
    "RANGE_DASH",
]

#: The dash between two confidence limits (an en dash, as journals set it).
RANGE_DASH = "\u2013"


def format_number(x: float, digits: int = 1) -> str:
    """``x`` with ``digits`` decimals, rounded half-up in decimal; ``"NE"`` when not finite.

    >>> format_number(2.675, 2)
    '2.68'
    >>> format_number(-0.04, 1)
    '0.0'
    """
    digits = _check_digits(digits)
    x = float(x)
    if not math.isfinite(x):
        return "NE"
    q = Decimal(1).scaleb(-digits)
    # enough significant digits for any float (up to 1.8e308) with its decimals: the default 28 would raise
    # InvalidOperation for times beyond 1e28
    d = Decimal(repr(x)).quantize(q, rounding=ROUND_HALF_UP, context=Context(prec=330 + digits))
    if d.is_zero():
        d = abs(d)  # never print "-0.0"
    return f"{d:.{digits}f}"


def ci_label(confidence_level: float) -> str:
    """``0.95`` -> ``"95% CI"``, ``0.975`` -> ``"97.5% CI"``."""
    pct = Decimal(repr(float(confidence_level) * 100)).quantize(Decimal("0.001"), rounding=ROUND_HALF_UP)
    text = format(pct.normalize(), "f")
    return f"{text}% CI"


def _part(value: float, status: Status, digits: int, suffix: str) -> str:
    if status is not OK:
        return str(status)  # "NR" or "NE"
    if not math.isfinite(value):
        return "NE"
    return format_number(value, digits) + suffix


def _interval(est: Estimate, digits: int, scale: float, suffix: str) -> tuple[str, str, str]:
    value = _part(est.value * scale, est.value_status, digits, suffix)
    lower = _part(est.lower * scale, est.lower_status, digits, suffix)
    upper = _part(est.upper * scale, est.upper_status, digits, suffix)
    return value, lower, upper


def _join(lower: str, upper: str) -> str:
    # "−1.2–3.4" reads as a subtraction: with a negative limit, journals write "to"
    if lower.startswith("-") or upper.startswith("-"):
        return f"{lower} to {upper}"
    return f"{lower}{RANGE_DASH}{upper}"


def _check_estimate(est) -> Estimate:
    if not isinstance(est, Estimate):
        raise TypeError(f"`est` must be a trialscout Estimate; got {type(est).__name__}")
    return est


def _check_digits(digits) -> int:
    if isinstance(digits, bool) or not isinstance(digits, int) or digits < 0:
        raise TypeError(f"`digits` must be a non-negative integer; got {digits!r}")
    return digits


def format_estimate(est: Estimate, digits: int = 1, unit: str = "", percent: bool = False) -> str:
    """An estimate with its confidence interval, as a publication prints it.

    Parameters
    ----------
    est : Estimate
        The estimate (e.g. ``km.median()``).
    digits : int
        Decimals of the estimate and of both limits.
    unit : str
        Written after the value when it is a number, e.g. ``"months"`` -> ``"11.8 months (95% CI, ...)"``.
    percent : bool
        Multiply by 100 and write ``%`` after the value and each limit (see :func:`format_rate`).

    Returns
    -------
    str
        ``"11.8 (95% CI, 9.7–14.0)"``; ``"NR (95% CI, 34.5–NE)"`` when the median is not reached and its
        upper limit not estimable. With a negative limit the range is written ``"-1.2 to 3.4"``.

    Examples
    --------
    >>> from trialscout import Estimate, NR, NE
    >>> format_estimate(Estimate.build(11.83, 9.71, 14.0, 0.95, "km"))
    '11.8 (95% CI, 9.7–14.0)'
    >>> format_estimate(Estimate.build(float("nan"), 34.5, float("nan"), 0.95, "km",
    ...                                value_status=NR, upper_status=NE))
    'NR (95% CI, 34.5–NE)'
    """
    est = _check_estimate(est)
    digits = _check_digits(digits)
    scale, suffix = (100.0, "%") if percent else (1.0, "")
    value, lower, upper = _interval(est, digits, scale, suffix)
    if unit and est.value_status is OK and math.isfinite(est.value):
        value = f"{value} {unit}"
    return f"{value} ({ci_label(est.confidence_level)}, {_join(lower, upper)})"


def format_rate(est: Estimate, digits: int = 1) -> str:
    """A proportion printed as a percentage with its CI: ``"59.4% (95% CI, 52.3%–65.7%)"``.

    ``est`` holds the proportion on the 0–1 scale (e.g. ``km.survival_at(12)``); a landmark beyond follow-up
    prints ``"NE (95% CI, NE–NE)"``.
    """
    return format_estimate(est, digits=digits, percent=True)


def format_hr(est: Estimate, digits: int = 2) -> str:
    """A hazard ratio with its CI: ``"HR 0.29 (95% CI, 0.22–0.39)"``.

    A ratio that could not be estimated (e.g. an arm without events) prints ``"HR NE (95% CI, NE–NE)"``.
    """
    est = _check_estimate(est)
    digits = _check_digits(digits)
    value, lower, upper = _interval(est, digits, 1.0, "")
    return f"HR {value} ({ci_label(est.confidence_level)}, {_join(lower, upper)})"


def format_pvalue(p: float) -> str:
    """A two-sided P value in journal style (AMA Manual of Style, sec. 20.9, with a floor of .0001).

    Rules: ``P < .0001`` below 0.0001; four decimals below 0.001 (``P = .0009``); three decimals below 0.01
    (``P = .003``); otherwise two decimals (``P = .21``); ``P > .99`` above 0.99. The class is chosen on the
    rounded value, so 0.00099 prints ``P = .001`` (not ``.0010``) and 0.00996 ``P = .01``. A value below .05 that
    would round to .05 gets a third decimal (``P = .049``) and, if it still rounds to .050, prints ``P < .05``:
    never a misleading ``P = .05``. No leading zero, as P cannot exceed 1. ``P = NE`` when the value is missing.

    >>> format_pvalue(0.00089)
    'P = .0009'
    >>> format_pvalue(1.2e-7)
    'P < .0001'
    """
    try:
        p = float(p)
    except (TypeError, ValueError):
        raise TypeError(f"`p` must be a number; got {p!r}") from None
    if math.isnan(p):
        return "P = NE"
    if not 0.0 <= p <= 1.0:
        raise ValueError(f"`p` must be between 0 and 1; got {p!r}")
    if p < 0.0001:
        return "P < .0001"
    if p > 0.99:
        return "P > .99"
    digits = 2
    for d, limit in ((4, 0.001), (3, 0.01)):
        if Decimal(format_number(p, d)) < Decimal(str(limit)):
            digits = d
            break
    if digits == 2 and p < 0.05 and Decimal(format_number(p, 2)) >= Decimal("0.05"):
        digits = 3
        if Decimal(format_number(p, 3)) >= Decimal("0.05"):
            return "P < .05"
    text = format_number(p, digits)
    return f"P = {text[1:] if text.startswith('0') else text}"
