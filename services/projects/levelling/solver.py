"""The exact solver: Google OR-Tools CP-SAT on interval variables, one cumulative constraint
per resource, the precedences as linear constraints, minimising the makespan within a time
limit. The heuristic's schedule comes first: its makespan bounds the horizon (the optimum
cannot be later) and its starts are the hint CP-SAT begins its search from, so even a solve
cut short by the time limit answers with a schedule at least as good as the heuristic's.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from ortools.sat.python import cp_model

from services.projects.levelling.heuristic import solve_heuristic
from services.projects.levelling.model import Compiled, Schedule, lower_bound


@dataclass(frozen=True)
class SolverSettings:
    """``workers`` defaults to the two cores the service's machines have; CP-SAT runs its
    portfolio of strategies on that many threads."""

    time_limit_seconds: float = 1.0
    workers: int = 2
    seed: int = 0


_STOPPING_SECONDS = 0.02


@dataclass
class _Model:
    model: cp_model.CpModel
    starts: list[cp_model.IntVar]
    makespan: cp_model.IntVar


def _build(compiled: Compiled, hint: Schedule) -> _Model:
    model = cp_model.CpModel()
    horizon = hint.makespan
    starts, intervals = [], []
    for j in range(compiled.size):
        duration = compiled.durations[j]
        start = model.new_int_var(compiled.releases[j], horizon - duration, f"start_{j}")
        intervals.append(model.new_fixed_size_interval_var(start, duration, f"job_{j}"))
        model.add_hint(start, hint.starts[compiled.ids[j]])
        starts.append(start)
    for j, links in enumerate(compiled.successors):
        for s, lag in links:
            model.add(starts[s] >= starts[j] + compiled.durations[j] + lag)
    for r, capacity in enumerate(compiled.capacities):
        users = [
            j for j in range(compiled.size) if compiled.demands[j][r] and compiled.durations[j]
        ]
        if users:
            demands = [compiled.demands[j][r] for j in users]
            held = _reservations(model, compiled, r, horizon)
            model.add_cumulative(
                [intervals[j] for j in users] + [i for i, _ in held],
                demands + [amount for _, amount in held],
                capacity,
            )
    makespan = model.new_int_var(lower_bound(compiled), horizon, "makespan")
    for j in range(compiled.size):
        model.add(makespan >= starts[j] + compiled.durations[j])
    model.minimize(makespan)
    return _Model(model, starts, makespan)


def _reservations(
    model: cp_model.CpModel, compiled: Compiled, r: int, horizon: int
) -> list[tuple[cp_model.IntervalVar, int]]:
    """The capacity held back on resource ``r`` as fixed intervals (up to the horizon)."""
    held = []
    for start, end, amount in compiled.reserved[r] if compiled.reserved else ():
        if start < horizon:
            size = min(end, horizon) - start
            held.append(
                (model.new_fixed_size_interval_var(start, size, f"held_{r}_{start}"), amount)
            )
    return held


def solve_exact(compiled: Compiled, settings: SolverSettings | None = None) -> Schedule:
    """The CP-SAT schedule; ``optimal`` when CP-SAT proved it within the time limit. Falls back
    to the heuristic's schedule if the solver found nothing better in time."""
    settings = settings or SolverSettings()
    began = time.perf_counter()
    hint = solve_heuristic(compiled)
    if hint.optimal or compiled.size == 0:
        return Schedule(hint.starts, hint.makespan, True, "solver")
    built = _build(compiled, hint)
    solver = cp_model.CpSolver()
    # The limit covers the whole call: the heuristic, the model, and a little for CP-SAT to
    # stop its workers and for reading the answer (about 5 ms measured on j30).
    remaining = settings.time_limit_seconds - (time.perf_counter() - began) - _STOPPING_SECONDS
    solver.parameters.max_time_in_seconds = max(0.01, remaining)
    solver.parameters.num_workers = settings.workers
    solver.parameters.random_seed = settings.seed
    status = solver.solve(built.model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return Schedule(hint.starts, hint.makespan, False, "solver")
    starts = [solver.value(start) for start in built.starts]
    return compiled.to_schedule(starts, status == cp_model.OPTIMAL, "solver")
