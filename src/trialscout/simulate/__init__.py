"""Patient-level simulation of group-sequential survival trials, locally or on a Dask cluster."""

from .engine import Problem, TestSpec, parse_test, simulate_chunk, zstat_batch
from .run import SimulationResult, problem_from_file, run_problem, simulate, sweep

__all__ = ["Problem", "TestSpec", "parse_test", "simulate_chunk", "zstat_batch", "SimulationResult",
           "problem_from_file", "run_problem", "simulate", "sweep"]
