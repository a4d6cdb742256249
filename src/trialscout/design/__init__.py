"""Group-sequential designs, survival sample size and power, proportional and non-proportional hazards."""

from .group_sequential import GroupSequentialDesign, group_sequential_design, stage_probabilities
from .spending import SpendingFunction, spending_function

__all__ = ["GroupSequentialDesign", "group_sequential_design", "stage_probabilities", "SpendingFunction",
           "spending_function"]
