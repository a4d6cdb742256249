"""Survival extrapolation for health-technology assessment: parametric, spline and mixture-cure models fitted by
maximum likelihood, predictions with confidence intervals, and the partitioned-survival model."""

from .fit import DISTRIBUTIONS, ConvergenceError, ParametricFit, fit_distribution, fit_models, parse_distribution

__all__ = ["DISTRIBUTIONS", "ConvergenceError", "ParametricFit", "fit_distribution", "fit_models",
           "parse_distribution"]
