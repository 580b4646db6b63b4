"""Capacity varying over time (reservations) in both solvers, and the problem builder's
conversions: link types to precedences, fixed tasks, pools, delays back."""

from __future__ import annotations

from datetime import date

import pytest

from services.projects.engine import WorkCalendar
from services.projects.levelling import Job, Problem, SolverSettings, level, level_quickly
from services.projects.levelling.builder import (
    LevellingInput,
    PlanAssignment,
    PlanLink,
    PlanResource,
    PlanTask,
    ResourceWithoutWorkingDays,
    build_problem,
    levelling_delays,
)
from services.projects.levelling.model import InvalidProblem, compile_problem

MONDAY = date(2027, 1, 4)


@pytest.mark.parametrize("solve", [level_quickly, lambda p: level(p, SolverSettings(2.0))])
def test_reserved_capacity_is_honoured_by_both_solvers(solve) -> None:  # type: ignore[no-untyped-def]
    # One person; days 0-2 held back (time off): the two jobs run on days 3-4 and 5-6.
    problem = Problem(
        jobs=[Job("a", 2, {"p": 1}), Job("b", 2, {"p": 1})],
        capacities={"p": 1},
        reservations={"p": [(0, 3, 1)]},
    )
    schedule = solve(problem)
    assert sorted(schedule.starts.values()) == [3, 5] and schedule.makespan == 7


def test_a_reservation_on_an_unknown_resource_is_refused() -> None:
    with pytest.raises(InvalidProblem):
        compile_problem(Problem([Job("a", 1)], {"p": 1}, {"q": [(0, 1, 1)]}))


def _task(task_id: str, days: int, start: date = MONDAY, fixed: bool = False) -> PlanTask:
    finish = WorkCalendar().add_working_days(start, max(days - 1, 0))
    return PlanTask(task_id, "p1", task_id.upper(), start, finish, float(days), fixed, 480)


def _input(tasks, links=(), resources=(), assignments=()) -> LevellingInput:  # type: ignore[no-untyped-def]
    return LevellingInput(
        WorkCalendar(), list(tasks), list(links), list(resources), list(assignments)
    )


def _person(resource_id: str, role: str | None = None, time_off=()) -> PlanResource:  # type: ignore[no-untyped-def]
    return PlanResource(resource_id, "person", resource_id, role, 1.0, WorkCalendar(), time_off)


def test_link_types_become_precedences_with_shifted_lags() -> None:
    tasks = [_task("a", 3), _task("b", 2), _task("c", 4)]
    links = [PlanLink("a", "b", "SS", 1), PlanLink("a", "c", "FF", 0)]
    built = build_problem(_input(tasks, links))
    assert dict(built.precedences["b"]) == {"a": 1 - 3}  # start_b >= start_a + 1
    assert dict(built.precedences["c"]) == {"a": -4}  # finish_c >= finish_a


def test_fixed_work_holds_capacity_and_delays_come_back() -> None:
    someone = _person("p")
    tasks = [_task("done", 2, fixed=True), _task("x", 1), _task("y", 1)]
    assignments = [PlanAssignment(t, "p", 1.0) for t in ("done", "x", "y")]
    built = build_problem(_input(tasks, resources=[someone], assignments=assignments))
    assert [job.id for job in built.problem.jobs] == ["x", "y"]
    assert built.problem.reservations["p"] == [(0, 2, 480)]
    schedule = level_quickly(built.problem)
    assert sorted(schedule.starts.values()) == [2, 3]
    assert sorted(levelling_delays(built, schedule.starts).values()) == [2, 3]


def test_a_pool_without_members_has_its_placeholder_and_a_member_counts_twice() -> None:
    role = PlanResource("r", "role", "Dev", None, 2.0, WorkCalendar())
    member = _person("m", role="Dev")
    tasks = [_task("x", 1), _task("y", 1)]
    assignments = [PlanAssignment("x", "m", 1.0), PlanAssignment("y", "r", 1.0)]
    built = build_problem(_input(tasks, resources=[role, member], assignments=assignments))
    assert built.problem.capacities == {"m": 480, "r": 480}  # the pool: its one member
    assert built.problem.jobs[0].demands == {"m": 480, "r": 480}


def test_a_resource_that_never_works_is_named() -> None:
    away = ((date(2026, 1, 1), date(2040, 1, 1)),)
    tasks = [_task("x", 1)]
    with pytest.raises(ResourceWithoutWorkingDays) as error:
        build_problem(
            _input(
                tasks,
                resources=[_person("p", time_off=away)],
                assignments=[PlanAssignment("x", "p", 1.0)],
            )
        )
    assert error.value.resource_id == "p"
