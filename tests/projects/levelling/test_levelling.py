"""The levelling core (pure, no database): PSPLIB j30 instances solved by the CP-SAT solver and
the heuristic, every schedule checked by the independent checker, and hand-made cases whose
answer can be worked out by hand."""

from __future__ import annotations

import csv
import itertools
from pathlib import Path

import pytest

from services.projects.levelling import (
    InfeasibleDemand,
    InvalidProblem,
    Job,
    Problem,
    Schedule,
    SolverSettings,
    level,
    level_quickly,
    makespan_lower_bound,
)
from services.projects.levelling.psplib import parse_sm
from tests.perf.schedule_check import violations

J30 = Path(__file__).parents[3] / ".." / "shared" / "data" / "psplib" / "j30"
# Spread over the parameter classes (j30<class>_<instance>), easy and hard ones alike.
SAMPLE = ["j301_1", "j305_3", "j3010_7", "j3016_2", "j3021_9", "j3026_4", "j3033_6", "j3037_9"]
SAMPLE += ["j3042_1", "j3046_3"]
SETTINGS = SolverSettings(time_limit_seconds=5.0)


def _optima() -> dict[str, int]:
    with (J30 / "optimum.csv").open() as rows:
        return {row["problem"]: int(row["optimum"]) for row in csv.DictReader(rows)}


def test_the_psplib_data_is_beside_the_checkout() -> None:
    """Without it the sample below would test nothing (CI lays the folder there too)."""
    assert len(list(J30.glob("*.sm"))) == 480


@pytest.mark.parametrize("name", SAMPLE)
def test_j30_sample_is_feasible_and_the_solver_reaches_the_optimum(name: str) -> None:
    problem = parse_sm((J30 / f"{name}.sm").read_text())
    optimum = _optima()[f"{name}.sm"]
    solved, quick = level(problem, SETTINGS), level_quickly(problem)
    for result in (solved, quick):
        assert violations(problem, result.starts, result.makespan) == []
        assert result.makespan >= optimum
    assert solved.makespan == optimum
    assert solved.optimal
    assert quick.makespan >= solved.makespan


def _both(problem: Problem) -> list[Schedule]:
    results = [level(problem), level_quickly(problem)]
    for result in results:
        assert violations(problem, result.starts, result.makespan) == []
    return results


def test_a_job_needing_more_than_the_capacity_is_named() -> None:
    problem = Problem(
        jobs=[Job("design", 2, {"dev": 1}), Job("build", 3, {"dev": 4})], capacities={"dev": 3}
    )
    for solve in (level, level_quickly):
        with pytest.raises(InfeasibleDemand, match="'build'") as raised:
            solve(problem)
        assert raised.value.job_id == "build"


def test_a_cycle_is_refused() -> None:
    jobs = [Job("a", 1, successors={"b": 0}), Job("b", 1, successors={"a": 0})]
    problem = Problem(jobs=jobs, capacities={})
    with pytest.raises(InvalidProblem, match="cycle"):
        level(problem)


def test_a_chain_runs_back_to_back_with_its_lags() -> None:
    problem = Problem(
        jobs=[
            Job("a", 2, {"r": 1}, {"b": 0}),
            Job("b", 3, {"r": 1}, {"c": 1}),
            Job("c", 4, {"r": 1}),
        ],
        capacities={"r": 1},
    )
    for result in _both(problem):
        assert result.starts == {"a": 0, "b": 2, "c": 6}
        assert result.makespan == 10
        assert result.optimal


def test_zero_duration_jobs_take_no_capacity() -> None:
    problem = Problem(
        jobs=[
            Job("start", 0, {"r": 2}, {"x": 0, "y": 0}),
            Job("x", 3, {"r": 2}, {"end": 0}),
            Job("y", 0, {"r": 2}, {"end": 0}),
            Job("end", 0, {"r": 2}),
        ],
        capacities={"r": 2},
    )
    for result in _both(problem):
        assert result.makespan == 3
        assert result.starts["end"] == 3
        assert result.starts["y"] == 0


def test_a_resource_conflict_forces_the_jobs_in_sequence() -> None:
    """Three independent jobs of 4, 3 and 2 days each need 2 of the 3 people: only one runs at
    a time, so the plan takes 9 days instead of 4."""
    problem = Problem(
        jobs=[Job("a", 4, {"people": 2}), Job("b", 3, {"people": 2}), Job("c", 2, {"people": 2})],
        capacities={"people": 3},
    )
    assert makespan_lower_bound(problem) == 6  # 18 person-days over 3 people
    for result in _both(problem):
        assert result.makespan == 9
        spans = sorted((s, s + {"a": 4, "b": 3, "c": 2}[j]) for j, s in result.starts.items())
        assert all(end <= next_start for (_, end), (next_start, _) in itertools.pairwise(spans))
    assert level(problem).optimal


def test_release_dates_hold_and_levelling_fills_the_gap_before_them() -> None:
    """``late`` cannot start before day 5; ``filler`` shares the resource and fits before."""
    problem = Problem(
        jobs=[Job("late", 3, {"r": 1}, release=5), Job("filler", 4, {"r": 1})],
        capacities={"r": 1},
    )
    for result in _both(problem):
        assert result.starts["late"] == 5
        assert result.starts["filler"] <= 1
        assert result.makespan == 8


def test_the_checker_catches_an_overload_and_a_broken_precedence() -> None:
    """The tests above rely on the checker: it must fail on bad schedules."""
    problem = Problem(
        jobs=[Job("a", 2, {"r": 1}, {"b": 0}), Job("b", 2, {"r": 1})], capacities={"r": 1}
    )
    assert violations(problem, {"a": 0, "b": 2}, 4) == []
    assert any("over capacity" in v for v in violations(problem, {"a": 1, "b": 2}, 4))
    assert any("before job a finishes" in v for v in violations(problem, {"a": 1, "b": 0}, 3))
