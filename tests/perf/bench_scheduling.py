"""Benchmark of the scheduling engine alone on random plans.

Run: ``uv run python tests/perf/bench_scheduling.py`` (add ``--runs N``). Prints a markdown
table of median wall times. Not a pytest test (pytest does not collect ``bench_*`` files).

Plans are random DAGs: each task's predecessors are drawn from the few hundred tasks before it
(as in real plans, where logic is mostly local), with all four link types, leads and lags, a
sprinkling of constraints and milestones, and holidays in the calendar.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from datetime import date, timedelta

from services.projects.engine import (
    ConstraintType,
    LinkInput,
    LinkType,
    ScheduleInput,
    TaskInput,
    WorkCalendar,
    schedule,
)

_TYPES = [LinkType.FS] * 6 + [LinkType.SS] * 2 + [LinkType.FF, LinkType.SF]
_START = date(2026, 1, 5)


def random_plan(tasks: int, links: int, seed: int) -> ScheduleInput:
    rng = random.Random(seed)
    window = 300
    items = []
    for i in range(tasks):
        duration = 0.0 if rng.random() < 0.05 else float(rng.randint(1, 10))
        constraint, when = ConstraintType.ASAP, None
        if rng.random() < 0.02:
            constraint = rng.choice([ConstraintType.SNET, ConstraintType.FNLT, ConstraintType.ALAP])
            when = _START + timedelta(days=rng.randint(0, 400))
        items.append(
            TaskInput(
                i,
                duration_days=duration,
                constraint=constraint,
                constraint_date=when if constraint != ConstraintType.ALAP else None,
            )
        )
    edges = set()
    while len(edges) < links:
        s = rng.randrange(1, tasks)
        p = rng.randrange(max(0, s - window), s)
        edges.add((p, s))
    link_inputs = [
        LinkInput(p, s, rng.choice(_TYPES), float(rng.choice([0, 0, 0, 1, 2, -1])))
        for p, s in sorted(edges)
    ]
    holidays = [_START + timedelta(days=rng.randint(0, 3650)) for _ in range(100)]
    return ScheduleInput(
        project_start=_START,
        tasks=items,
        links=link_inputs,
        calendar=WorkCalendar(non_working_dates=holidays),
    )


def measure(tasks: int, links: int, runs: int) -> tuple[float, float, float, str]:
    """Median and best wall time, and median CPU time (less sensitive to other processes
    sharing the machine), in seconds."""
    plan = random_plan(tasks, links, seed=tasks)
    wall, cpu = [], []
    result = None
    for _ in range(runs):
        w0, c0 = time.perf_counter(), time.process_time()
        result = schedule(plan)
        wall.append(time.perf_counter() - w0)
        cpu.append(time.process_time() - c0)
    assert result is not None
    finish = result.project_finish.date().isoformat()
    return statistics.median(wall), min(wall), statistics.median(cpu), finish


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    print(f"{args.runs} runs per size; wall and CPU times of schedule() alone\n")
    print(
        "| tasks | links | median wall (ms) | best wall (ms) | median CPU (ms) | budget (ms) "
        "| project finish |"
    )
    print("|---:|---:|---:|---:|---:|---:|---|")
    for tasks, links, budget in ((10_000, 20_000, 150), (100_000, 200_000, 2_000)):
        median, best, cpu, finish = measure(tasks, links, args.runs)
        print(
            f"| {tasks:,} | {links:,} | {median * 1000:.0f} | {best * 1000:.0f} "
            f"| {cpu * 1000:.0f} | {budget} | {finish} |"
        )


if __name__ == "__main__":
    main()
