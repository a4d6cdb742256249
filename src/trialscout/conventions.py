"""Named presets: the rules on which SAS and R ``survival`` differ (docs/conventions.md).

Every result records the :class:`Conventions` that produced it. Explicit keyword arguments always override the
preset: ``kaplan_meier(t, e, preset="r", conf_type="log-log")`` uses R's quantile rules with log-log limits.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal

__all__ = ["Conventions", "PRESETS", "resolve", "CONF_TYPES", "TIES", "CONVERGENCE_CRITERIA", "check_convergence",
           "parse_convergence"]

CONF_TYPES = ("log-log", "log", "plain", "logit", "arcsine")
TIES = ("breslow", "efron", "exact", "marginal")

CONVERGENCE_CRITERIA = ("gconv", "fconv", "absfconv", "xconv")

ConfType = Literal["log-log", "log", "plain", "logit", "arcsine"]
Ties = Literal["breslow", "efron", "exact", "marginal"]


@dataclass(frozen=True, slots=True)
class Conventions:
    """The rules that decide a published number.

    Attributes
    ----------
    name : str
        ``"sas"`` or ``"r"``; ``"sas+custom"`` or ``"r+custom"`` once an explicit option overrides the preset.
    conf_type : str
        Transform for pointwise CIs of S(t) and for quantile CIs.
    quantile_rule : str
        ``"sas"``: first event time with S < 1-p, midpoint to the next *event* time when S = 1-p on a flat
        stretch (NE if there is none). ``"r"``: ``quantile.survfit`` — midpoint of the flat stretch, using the
        last follow-up time if the flat runs to the end.
    quantile_ci : str
        ``"brookmeyer-crowley"`` (SAS LIFETEST) or ``"band"`` (R: where the pointwise bands cross 1-p).
    landmark_beyond_followup : str
        ``"ne"`` (SAS: S(t) is not estimable past the last follow-up time) or ``"carry"`` (R: carried forward).
    ties : str
        Cox partial-likelihood handling of tied event times: ``"breslow"``, ``"efron"``, ``"exact"`` (the discrete,
        conditional-logistic likelihood: R ``ties="exact"``, SAS ``TIES=DISCRETE``) or ``"marginal"`` (the
        continuous-time marginal likelihood: SAS ``TIES=EXACT``).
    cox_convergence : str
        When Newton–Raphson stops. ``"gconv=1e-8"`` (SAS PHREG's default): at the first iterate whose relative
        gradient g' I^-1 g / (|log L| + 1e-6) is below 1e-8, and that iterate is reported, so a coefficient can
        differ from the fully converged one in the last printed digit. PHREG's other criteria are
        ``"fconv=R"`` (relative change of log L), ``"absfconv=R"`` (absolute change of log L) and ``"xconv=R"``
        (relative change of the coefficients). ``"full"`` (the ``r`` preset): iterate to full convergence,
        as R ``coxph`` does to its tolerance.
    """

    name: str
    conf_type: ConfType
    quantile_rule: Literal["sas", "r"]
    quantile_ci: Literal["brookmeyer-crowley", "band"]
    landmark_beyond_followup: Literal["ne", "carry"]
    ties: Ties
    cox_convergence: str = "full"

    def describe(self) -> str:
        return (
            f"preset {self.name}: {self.conf_type} CI, {self.quantile_ci} quantile CI, "
            f"{self.ties} ties"
        )


PRESETS: dict[str, Conventions] = {
    "sas": Conventions("sas", "log-log", "sas", "brookmeyer-crowley", "ne", "breslow", "gconv=1e-08"),
    "r": Conventions("r", "log", "r", "band", "carry", "efron"),
}


def resolve(preset: str | Conventions = "sas", **overrides) -> Conventions:
    """Return the conventions of ``preset`` with any non-None ``overrides`` applied.

    Raises
    ------
    ValueError
        If ``preset`` is not a known preset name or an override has a value outside its choices.
    """
    from ._validate import check_choice

    if isinstance(preset, Conventions):
        base = preset
    else:
        base = PRESETS[check_choice("preset", preset, tuple(PRESETS))]
    changes = {k: v for k, v in overrides.items() if v is not None}
    if "conf_type" in changes:
        changes["conf_type"] = check_choice("conf_type", changes["conf_type"], CONF_TYPES)
    if "ties" in changes:
        if isinstance(changes["ties"], str) and changes["ties"].lower() == "discrete":
            changes["ties"] = "exact"  # SAS TIES=DISCRETE is R's "exact" (the conditional-logistic likelihood)
        changes["ties"] = check_choice("ties", changes["ties"], TIES)
    if "cox_convergence" in changes:
        changes["cox_convergence"] = check_convergence(changes["cox_convergence"])
    real = {k: v for k, v in changes.items() if getattr(base, k) != v}
    if not real:
        return base
    return replace(base, name=f"{base.name}+custom", **real)


def parse_convergence(spec: str) -> tuple[str, float]:
    """``"gconv=1e-8"`` -> ("gconv", 1e-8); ``"full"`` -> ("full", 0.0). Case-insensitive, as SAS spells it."""
    from ._validate import InputError

    text = str(spec).strip().lower().replace(" ", "")
    if text == "full":
        return "full", 0.0
    name, sep, value = text.partition("=")
    if not sep or name not in CONVERGENCE_CRITERIA:
        raise InputError(f"`convergence` must be 'full' or one of {', '.join(c.upper() + '=R' for c in CONVERGENCE_CRITERIA)}"
                         f" (e.g. 'GCONV=1E-8'); got {spec!r}")
    try:
        r = float(value)
    except ValueError:
        raise InputError(f"`convergence` {spec!r}: {value!r} is not a number") from None
    if not r > 0:
        raise InputError(f"`convergence` {spec!r}: the criterion must be positive")
    return name, r


def check_convergence(spec: str) -> str:
    """The canonical spelling of a convergence rule (``"gconv=1e-08"``), or ValueError."""
    name, r = parse_convergence(spec)
    return "full" if name == "full" else f"{name}={r:g}"
