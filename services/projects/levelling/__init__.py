"""Resource levelling: resource-constrained scheduling of jobs (tasks) under fixed capacities.

Pure core, no I/O: describe the :class:`Problem`, then :func:`level` (CP-SAT, exact within a
time limit) or :func:`level_quickly` (the SSGS heuristic, for plans too large for the solver).
"""

from __future__ import annotations

from services.projects.levelling.heuristic import solve_heuristic
from services.projects.levelling.model import (
    InfeasibleDemand,
    InvalidProblem,
    Job,
    JobId,
    LevellingError,
    Problem,
    Schedule,
    compile_problem,
    lower_bound,
)
from services.projects.levelling.solver import SolverSettings, solve_exact


def level(problem: Problem, settings: SolverSettings | None = None) -> Schedule:
    """The schedule of least makespan CP-SAT finds within the time limit."""
    return solve_exact(compile_problem(problem), settings)


def level_quickly(problem: Problem, *, samples: int = 16) -> Schedule:
    """The heuristic's schedule: fast, usually near the optimum, never proven unless it meets
    the lower bound."""
    return solve_heuristic(compile_problem(problem), samples=samples)


def makespan_lower_bound(problem: Problem) -> int:
    return lower_bound(compile_problem(problem))


__all__ = [
    "InfeasibleDemand",
    "InvalidProblem",
    "Job",
    "JobId",
    "LevellingError",
    "Problem",
    "Schedule",
    "SolverSettings",
    "level",
    "level_quickly",
    "makespan_lower_bound",
]
