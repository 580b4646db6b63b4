"""Levelling quality and speed on PSPLIB: the CP-SAT solver and the SSGS heuristic side by side.

Run: ``uv run python tests/perf/bench_psplib.py [FILE_OR_FOLDER ...] [--out DIR]``. Without
arguments it takes the 480 j30 instances in ``../shared/data/psplib/j30`` (beside the
checkout), whose proven optima are in ``optimum.csv``. Any ``.sm`` files or folders can be
given instead (j60, j120): where a folder has no ``optimum.csv`` entry for an instance, the
deviation is measured from the lower bound (the critical path, or the busiest
resource's work over its capacity if longer). Every schedule is checked by the
independent checker in ``schedule_check.py``; one infeasible schedule fails the run.
``--out DIR`` writes each schedule (job -> start) as ``DIR/<method>/<instance>.json``.
"""

from __future__ import annotations

import argparse
import csv
import json
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from services.projects.levelling import (
    Problem,
    Schedule,
    SolverSettings,
    level,
    level_quickly,
    makespan_lower_bound,
)
from services.projects.levelling.psplib import parse_sm
from tests.perf.schedule_check import violations

J30 = Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "psplib" / "j30"


@dataclass
class Instance:
    name: str
    problem: Problem
    optimum: int | None  # proven optimum, when published
    bound: int  # the critical-path (and resource) lower bound


@dataclass
class Tally:
    """One method's results over the instances."""

    deviations_from_optimum: list[float] = field(default_factory=list)
    deviations_from_bound: list[float] = field(default_factory=list)
    seconds: list[float] = field(default_factory=list)
    at_optimum: int = 0
    proven: int = 0
    infeasible: list[str] = field(default_factory=list)


def _optima(folder: Path) -> dict[str, int]:
    path = folder / "optimum.csv"
    if not path.exists():
        return {}
    with path.open() as rows:
        return {row["problem"]: int(row["optimum"]) for row in csv.DictReader(rows)}


def _files(arguments: list[str]) -> list[Path]:
    files: list[Path] = []
    for argument in arguments or [str(J30)]:
        path = Path(argument)
        files.extend(sorted(path.glob("*.sm")) if path.is_dir() else [path])
    return files


def load(arguments: list[str]) -> list[Instance]:
    optima: dict[Path, dict[str, int]] = {}
    instances = []
    for path in _files(arguments):
        folder = path.resolve().parent
        known = optima.setdefault(folder, _optima(folder))
        problem = parse_sm(path.read_text())
        bound = makespan_lower_bound(problem)
        instances.append(Instance(path.name, problem, known.get(path.name), bound))
    return instances


def _record(tally: Tally, instance: Instance, result: Schedule, seconds: float) -> None:
    tally.seconds.append(seconds)
    problems = violations(instance.problem, result.starts, result.makespan)
    if problems:
        tally.infeasible.append(f"{instance.name}: {problems[:3]}")
    tally.proven += result.optimal
    if instance.optimum is not None:
        gap = (result.makespan - instance.optimum) / instance.optimum * 100
        tally.deviations_from_optimum.append(gap)
        tally.at_optimum += result.makespan == instance.optimum
    elif instance.bound:
        gap = (result.makespan - instance.bound) / instance.bound * 100
        tally.deviations_from_bound.append(gap)


def _write(out: Path, method: str, instance: Instance, result: Schedule) -> None:
    folder = out / method
    folder.mkdir(parents=True, exist_ok=True)
    body = {
        "instance": instance.name,
        "makespan": result.makespan,
        "optimal": result.optimal,
        "starts": {str(job): start for job, start in result.starts.items()},
    }
    (folder / f"{Path(instance.name).stem}.json").write_text(json.dumps(body, indent=1))


def run(instances: list[Instance], settings: SolverSettings, out: Path | None) -> dict[str, Tally]:
    methods = {
        "heuristic": lambda problem: level_quickly(problem),
        "solver": lambda problem: level(problem, settings),
    }
    tallies = {method: Tally() for method in methods}
    for instance in instances:
        for method, solve in methods.items():
            began = time.perf_counter()
            result = solve(instance.problem)
            _record(tallies[method], instance, result, time.perf_counter() - began)
            if out is not None:
                _write(out, method, instance, result)
    return tallies


def _mean(values: list[float]) -> str:
    return f"{statistics.fmean(values):.2f} %" if values else "-"


def print_table(instances: list[Instance], tallies: dict[str, Tally]) -> None:
    known = sum(i.optimum is not None for i in instances)
    print(f"{len(instances)} instances, {known} with a published optimum\n")
    print(
        "| method | avg dev. from optimum | at optimum | proven optimal "
        "| avg dev. from lower bound | mean time | max time | infeasible |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for method, t in tallies.items():
        print(
            f"| {method} | {_mean(t.deviations_from_optimum)} | {t.at_optimum}/{known} "
            f"| {t.proven}/{len(instances)} | {_mean(t.deviations_from_bound)} "
            f"| {statistics.fmean(t.seconds) * 1000:.0f} ms | {max(t.seconds) * 1000:.0f} ms "
            f"| {len(t.infeasible)} |"
        )
    for method, t in tallies.items():
        for line in t.infeasible:
            print(f"INFEASIBLE ({method}) {line}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("paths", nargs="*", help=".sm files or folders (default: j30)")
    parser.add_argument("--out", type=Path, help="write each schedule as JSON under DIR")
    parser.add_argument("--time-limit", type=float, default=1.0, help="seconds per instance")
    parser.add_argument("--workers", type=int, default=SolverSettings.workers)
    args = parser.parse_args()
    instances = load(args.paths)
    if not instances:
        sys.exit("no .sm instances found (is ../shared/data/psplib beside the checkout?)")
    settings = SolverSettings(time_limit_seconds=args.time_limit, workers=args.workers)
    tallies = run(instances, settings, args.out)
    print_table(instances, tallies)
    if any(t.infeasible for t in tallies.values()):
        sys.exit(1)


if __name__ == "__main__":
    main()
