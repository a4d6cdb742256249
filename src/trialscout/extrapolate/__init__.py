"""Survival extrapolation for health-technology assessment: parametric, spline and mixture-cure models fitted by
maximum likelihood, predictions with confidence intervals, and the partitioned-survival model."""

from .analysis import DEFAULT_DISTRIBUTIONS, Extrapolation, extrapolate
from .fit import DISTRIBUTIONS, ConvergenceError, ParametricFit, fit_distribution, fit_models, parse_distribution
from .lifetable import LifeTable, background_mortality, read_life_table
from .predict import difference, hazard, mean_survival, quantile, rmst, survival

__all__ = ["DEFAULT_DISTRIBUTIONS", "DISTRIBUTIONS", "ConvergenceError", "Extrapolation", "LifeTable", "ParametricFit",
           "background_mortality", "difference", "extrapolate", "fit_distribution", "fit_models", "hazard",
           "mean_survival", "parse_distribution", "quantile", "read_life_table", "rmst", "survival"]
