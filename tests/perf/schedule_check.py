"""An independent feasibility checker for levelled schedules, used by the PSPLIB benchmark and
the levelling tests. It shares no code with the solvers: it reads the problem's plain data and
checks every precedence and, time unit by time unit, every resource's load."""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Mapping

from services.projects.levelling import Problem


def violations(problem: Problem, starts: Mapping[Hashable, int], makespan: int) -> list[str]:
    """Everything wrong with the schedule; empty when it is feasible."""
    found: list[str] = []
    jobs = {job.id: job for job in problem.jobs}
    if set(starts) != set(jobs):
        return [f"scheduled jobs differ from the problem's: {set(starts) ^ set(jobs)}"]
    load: dict[str, Counter[int]] = {r: Counter() for r in problem.capacities}
    for job in problem.jobs:
        start = starts[job.id]
        if not isinstance(start, int) or start < job.release:
            found.append(f"job {job.id} starts at {start}, before its release {job.release}")
        for successor, lag in job.successors.items():
            if starts[successor] < start + job.duration + lag:
                found.append(f"job {successor} starts before job {job.id} finishes (+{lag})")
        for resource, amount in job.demands.items():
            for t in range(start, start + job.duration):
                load[resource][t] += amount
    for resource, per_time in load.items():
        for t, used in sorted(per_time.items()):
            if used > problem.capacities[resource]:
                found.append(f"resource {resource} over capacity at {t}: {used}")
    finish = max((starts[j.id] + j.duration for j in problem.jobs), default=0)
    if finish != makespan:
        found.append(f"makespan {makespan} but the last job finishes at {finish}")
    return found
