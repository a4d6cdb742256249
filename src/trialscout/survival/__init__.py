"""The time-to-event engine: Kaplan–Meier, quantiles, RMST, log-rank (weighted too) and Cox models."""

from .kaplan_meier import KaplanMeier, kaplan_meier

__all__ = ["KaplanMeier", "kaplan_meier"]
