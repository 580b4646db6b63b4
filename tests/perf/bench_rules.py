"""Benchmark of the rule kinds alone: every DCMA kind on 200 projects of 100 tasks each.

Run: ``uv run python tests/perf/bench_rules.py`` (add ``--runs N``). Prints a markdown table
of wall times. Not a pytest test (pytest does not collect ``bench_*`` files).

Plans are random: tasks in a chain with extra local links (all four types, some leads and
lags), a sprinkling of milestones, constraints and long tasks, the first third complete, a
baseline and a status date, so every check has something to count.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
import uuid
from datetime import date, datetime, timedelta
from datetime import time as clock
from decimal import Decimal

from services.governance.rules import REGISTRY
from services.governance.rules.base import Category, Facts
from shared.clients.projects.facts import (
    CriticalPathTest,
    FactBaseline,
    FactLink,
    FactRaidCounts,
    FactTask,
    ProjectFactsDTO,
)

STATUS = date(2026, 3, 2)


def _at(day: int, hour: int = 8) -> datetime:
    return datetime.combine(STATUS + timedelta(days=day), clock(hour))


def _task(rng: random.Random, index: int, done: bool) -> FactTask:
    day = (index - 33) * 2
    milestone = rng.random() < 0.05
    return FactTask(
        id=uuid.uuid4(),
        name=f"Task {index}",
        is_summary=False,
        is_milestone=milestone,
        duration_days=Decimal(0 if milestone else rng.choice([1, 3, 5, 10, 50])),
        percent_complete=Decimal(100 if done else rng.choice([0, 0, 0, 40])),
        constraint_type=rng.choice(["ASAP"] * 30 + ["MSO", "FNLT", "SNET"]),
        early_start=_at(day),
        early_finish=_at(day + 4, 17),
        total_float_days=Decimal(rng.choice([0, 0, 3, 10, 60, -2])),
        critical=rng.random() < 0.3,
        actual_start=_at(day) if done else None,
        actual_finish=_at(day + rng.choice([4, 4, 5]), 17) if done else None,
        baseline_finish=_at(day + 4, 17) if rng.random() < 0.97 else None,
        baseline_duration_days=Decimal(5),
    )


def _links(rng: random.Random, tasks: list[FactTask]) -> list[FactLink]:
    pairs = {(i, i + 1) for i in range(len(tasks) - 1)}
    while len(pairs) < len(tasks) * 3 // 2:
        successor = rng.randrange(1, len(tasks))
        pairs.add((rng.randrange(max(0, successor - 10), successor), successor))
    return [
        FactLink(
            id=uuid.uuid4(),
            predecessor_id=tasks[p].id,
            successor_id=tasks[s].id,
            type=rng.choice(["FS"] * 9 + ["SS", "FF", "SF"]),
            lag_days=Decimal(rng.choice([0] * 18 + [2, -1])),
        )
        for p, s in sorted(pairs)
    ]


def random_facts(seed: int, size: int = 100) -> Facts:
    rng = random.Random(seed)
    tasks = [_task(rng, i, done=i < size // 3) for i in range(size)]
    finish = tasks[-1].early_finish or _at(0)
    project = ProjectFactsDTO(
        project_id=uuid.uuid4(),
        code=f"P-{seed}",
        name="Benchmark",
        status="active",
        priority="medium",
        tags=[],
        status_date=STATUS,
        as_of=STATUS,
        critical_path_length_days=Decimal(140),
        tasks=tasks,
        links=_links(rng, tasks),
        baseline=FactBaseline(id=uuid.uuid4(), number=0, created_at=_at(-90), total_cost=None),
        baseline_count=1,
        risks=[],
        raid=FactRaidCounts(open_risks=0, open_issues=0, assumptions=0, decisions=0),
        critical_path_test=CriticalPathTest(
            task_id=tasks[-1].id,
            added_days=Decimal(5),
            finish_before=finish,
            finish_after=finish + timedelta(days=7),
            finish_delta_days=Decimal(5),
        ),
    )
    return Facts(project)


def measure(projects: list[Facts]) -> tuple[float, float]:
    """Wall and CPU seconds (CPU time is less sensitive to other processes on the machine).
    Fresh ``Facts`` each run: what the kinds derive and share is computed again."""
    kinds = [kind for kind in REGISTRY.values() if kind.category is Category.dcma]
    fresh = [Facts(facts.project) for facts in projects]
    wall, cpu = time.perf_counter(), time.process_time()
    for facts in fresh:
        for kind in kinds:
            kind.evaluate(facts, {})
    return time.perf_counter() - wall, time.process_time() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--projects", type=int, default=200)
    args = parser.parse_args()
    projects = [random_facts(seed) for seed in range(args.projects)]
    runs = [measure(projects) for _ in range(args.runs)]
    walls, cpus = [wall for wall, _ in runs], [cpu for _, cpu in runs]
    checks = sum(kind.category is Category.dcma for kind in REGISTRY.values())
    print(f"{args.runs} runs; {checks} DCMA kinds on {args.projects} projects of 100 tasks\n")
    print(
        "| evaluations | median wall (ms) | best wall (ms) | median CPU (ms) "
        "| per evaluation (µs) | budget (ms) |"
    )
    print("|---:|---:|---:|---:|---:|---:|")
    median, count = statistics.median(walls), checks * args.projects
    print(
        f"| {count:,} | {median * 1000:.0f} | {min(walls) * 1000:.0f} "
        f"| {statistics.median(cpus) * 1000:.0f} | {median / count * 1e6:.0f} | 1000 |"
    )


if __name__ == "__main__":
    main()
