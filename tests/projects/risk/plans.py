"""Plans for the schedule risk analysis tests."""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from services.projects.engine import (
    ConstraintType,
    LinkInput,
    LinkType,
    ScheduleInput,
    TaskInput,
    WorkCalendar,
)

MONDAY = date(2025, 1, 6)
_TYPES = [LinkType.FS] * 5 + [LinkType.SS] * 2 + [LinkType.FF, LinkType.SF]


def plan(
    tasks: Sequence[TaskInput], links: Sequence[LinkInput] = (), **options: Any
) -> ScheduleInput:
    options.setdefault("project_start", MONDAY)
    return ScheduleInput(tasks=list(tasks), links=list(links), **options)


def random_plan(tasks: int, seed: int, *, constraints: bool = True) -> ScheduleInput:
    """A random network like tests/perf/bench_scheduling.py builds: local links of all four
    types with leads and lags, some dated constraints, deadlines and milestones, holidays."""
    rng = random.Random(seed)
    items = []
    for i in range(tasks):
        duration = 0.0 if rng.random() < 0.05 else float(rng.randint(1, 10))
        constraint, when, deadline = ConstraintType.ASAP, None, None
        if constraints and rng.random() < 0.06:
            constraint = rng.choice(
                [
                    ConstraintType.SNET,
                    ConstraintType.FNET,
                    ConstraintType.FNLT,
                    ConstraintType.SNLT,
                    ConstraintType.MSO,
                    ConstraintType.MFO,
                ]
            )
            when = MONDAY + timedelta(days=rng.randint(0, 150))
        if constraints and rng.random() < 0.03:
            deadline = MONDAY + timedelta(days=rng.randint(30, 200))
        items.append(
            TaskInput(
                i,
                f"task {i}",
                duration,
                constraint=constraint,
                constraint_date=when,
                deadline=deadline,
            )
        )
    edges = set()
    while len(edges) < tasks * 2:
        s = rng.randrange(1, tasks)
        edges.add((rng.randrange(max(0, s - 30), s), s))
    links = [
        LinkInput(p, s, rng.choice(_TYPES), float(rng.choice([0, 0, 0, 1, 2, -1, 0.5])))
        for p, s in sorted(edges)
    ]
    holidays = [MONDAY + timedelta(days=rng.randint(0, 400)) for _ in range(15)]
    return ScheduleInput(
        project_start=MONDAY,
        tasks=items,
        links=links,
        calendar=WorkCalendar(non_working_dates=holidays),
    )
