"""Build, solve and read back a levelling: the pure part a job runs in its child process
(and a synchronous preview runs in place)."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from services.projects.levelling.builder import (
    BuiltProblem,
    LevellingInput,
    ResourceWithoutWorkingDays,
    build_problem,
    levelling_delays,
)
from services.projects.levelling.heuristic import solve_heuristic
from services.projects.levelling.model import LevellingError, Schedule, compile_problem
from services.projects.levelling.solver import SolverSettings, solve_exact
from services.projects.resources.scenario import ResourceScenario

# Beyond this many jobs "auto" skips CP-SAT: its model alone would eat the time limit.
SOLVER_MAX_JOBS = 5_000
Report = Callable[[float, str], None]


@dataclass(frozen=True)
class SolveOptions:
    method: str = "auto"  # auto | solver | heuristic
    time_limit_seconds: float = 5.0


@dataclass(frozen=True)
class SolveOutcome:
    """``delays`` in axis working days per task; ``status`` optimal | feasible | heuristic."""

    delays: dict[str, int]
    status: str
    makespan: int
    phases: dict[str, float] = field(default_factory=dict)


def _samples(size: int) -> int:
    """Fewer random restarts on big plans: each costs a full SSGS pass."""
    return 16 if size <= 500 else 4 if size <= 3000 else 0


def _silent(progress: float, message: str) -> None:
    del progress, message


def solve_plan(
    inp: LevellingInput,
    scenario: ResourceScenario | None,
    options: SolveOptions,
    report: Report = _silent,
) -> SolveOutcome:
    """Raises the model's ``LevellingError`` (a task needing more than exists, a resource
    without working days) before any solving."""
    began = time.perf_counter()
    built = build_problem(inp, scenario)
    compiled = compile_problem(built.problem)
    phases = {"build": time.perf_counter() - began}
    report(0.1, f"problem built: {compiled.size} tasks to place")
    method = options.method
    if method == "auto":
        method = "solver" if compiled.size <= SOLVER_MAX_JOBS else "heuristic"
    mark = time.perf_counter()
    schedule: Schedule
    if method == "heuristic":
        schedule = solve_heuristic(compiled, samples=_samples(compiled.size))
        status = "optimal" if schedule.optimal else "heuristic"
        phases["heuristic"] = time.perf_counter() - mark
    else:
        report(0.2, "solving")
        settings = SolverSettings(time_limit_seconds=options.time_limit_seconds)
        schedule = solve_exact(compiled, settings)
        status = "optimal" if schedule.optimal else "feasible"
        phases["solver"] = time.perf_counter() - mark
    report(0.9, f"solved ({status})")
    return SolveOutcome(_delays(built, schedule), status, schedule.makespan, phases)


def error_info(error: LevellingError) -> dict[str, Any]:
    """A levelling error as plain data (what it names), for a problem answer."""
    info: dict[str, Any] = {"code": error.code, "message": error.message}
    if isinstance(error, ResourceWithoutWorkingDays):
        info["resource_id"] = error.resource_id
    elif error.job_id is not None:
        info["task_id"] = str(error.job_id)
    return info


def solve_in_child(
    inp: LevellingInput, options: SolveOptions, report: Report
) -> SolveOutcome | dict[str, Any]:
    """A job's child process entry: a levelling error comes back as data (exceptions with
    keyword arguments do not survive unpickling)."""
    try:
        return solve_plan(inp, None, options, report)
    except LevellingError as error:
        return error_info(error)


def _delays(built: BuiltProblem, schedule: Schedule) -> dict[str, int]:
    return levelling_delays(built, schedule.starts)
