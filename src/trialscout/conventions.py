"""Named presets: the rules on which SAS and R ``survival`` differ (shared/CONVENTIONS.md).

Every result records the :class:`Conventions` that produced it. Explicit keyword arguments always override the
preset: ``kaplan_meier(t, e, preset="r", conf_type="log-log")`` uses R's quantile rules with log-log limits.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal

__all__ = ["Conventions", "PRESETS", "resolve", "CONF_TYPES", "TIES"]

CONF_TYPES = ("log-log", "log", "plain", "logit", "arcsine")
TIES = ("breslow", "efron", "exact")

ConfType = Literal["log-log", "log", "plain", "logit", "arcsine"]
Ties = Literal["breslow", "efron", "exact"]


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
        Cox partial-likelihood handling of tied event times.
    """

    name: str
    conf_type: ConfType
    quantile_rule: Literal["sas", "r"]
    quantile_ci: Literal["brookmeyer-crowley", "band"]
    landmark_beyond_followup: Literal["ne", "carry"]
    ties: Ties

    def describe(self) -> str:
        return (
            f"preset {self.name}: {self.conf_type} CI, {self.quantile_ci} quantile CI, "
            f"{self.ties} ties"
        )


PRESETS: dict[str, Conventions] = {
    "sas": Conventions("sas", "log-log", "sas", "brookmeyer-crowley", "ne", "breslow"),
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
    real = {k: v for k, v in changes.items() if getattr(base, k) != v}
    if not real:
        return base
    return replace(base, name=f"{base.name}+custom", **real)
