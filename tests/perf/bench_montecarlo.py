"""Benchmark of the schedule risk analysis (issue 12 target: 10,000 iterations of a 1,000-task
plan <= 5 s).

Run: ``uv run python tests/perf/bench_montecarlo.py`` (add ``--runs N``). Prints a markdown
table. Not a pytest test. The plan is the random network of ``bench_scheduling.py`` (all four
link types, leads and lags, a few constraints and milestones, holidays); every task with a
duration gets a triangular or PERT estimate around it, ten risk drivers touch three tasks
each, and five pairs of tasks are correlated. Convergence is off so every iteration runs.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from services.projects.risk import (
    Correlation,
    Distribution,
    Impact,
    RiskDriver,
    SimulationInput,
    simulate,
)
from tests.perf.bench_scheduling import random_plan


def risk_input(tasks: int, iterations: int, seed: int = 1) -> SimulationInput:
    plan = random_plan(tasks, 2 * tasks, seed=tasks)
    rng = random.Random(seed)
    estimates: dict[object, Distribution] = {}
    for task in plan.tasks:
        d = task.duration_days
        if d > 0:
            make = Distribution.triangular if rng.random() < 0.5 else Distribution.pert
            estimates[task.id] = make(d * 0.8, d, d * rng.uniform(1.1, 2.0))
    ids = list(estimates)
    risks = [
        RiskDriver(
            f"risk {r}",
            rng.uniform(0.05, 0.5),
            [Impact(t, Distribution.triangular(1, 2, 5)) for t in rng.sample(ids, 3)],
        )
        for r in range(10)
    ]
    pairs = rng.sample(ids, 10)
    correlations = [Correlation(pairs[2 * k], pairs[2 * k + 1], 0.6) for k in range(5)]
    return SimulationInput(
        plan,
        estimates,
        risks,
        correlations,
        iterations=iterations,
        seed=seed,
        chunk_size=2_000,
        convergence=None,
    )


def measure(tasks: int, iterations: int, runs: int) -> tuple[float, float, float, float, str]:
    """Median and best wall time, median CPU time (less sensitive to other processes sharing
    the machine), peak traced memory in MiB, and the P80 finish."""
    inp = risk_input(tasks, iterations)
    walls, cpus = [], []
    result = None
    for _ in range(runs):
        start, cpu = time.perf_counter(), time.process_time()
        result = simulate(inp)
        walls.append(time.perf_counter() - start)
        cpus.append(time.process_time() - cpu)
    tracemalloc.start()
    simulate(inp)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert result is not None
    p80 = result.percentile(80).date.date().isoformat()
    return statistics.median(walls), min(walls), statistics.median(cpus), peak / 2**20, p80


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    print(f"{args.runs} runs per size; peak memory traced in a separate run\n")
    print(
        "| iterations | tasks | median wall (s) | best wall (s) | median CPU (s) | budget (s) "
        "| peak memory (MiB) | P80 finish |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---|")
    sizes = ((10_000, 1_000, 5.0), (10_000, 2_000, None), (50_000, 200, None))
    for iterations, tasks, budget in sizes:
        median, best, cpu, peak, p80 = measure(tasks, iterations, args.runs)
        limit = "-" if budget is None else f"{budget:.1f}"
        print(
            f"| {iterations:,} | {tasks:,} | {median:.2f} | {best:.2f} | {cpu:.2f} | {limit} "
            f"| {peak:.0f} | {p80} |"
        )


if __name__ == "__main__":
    main()
