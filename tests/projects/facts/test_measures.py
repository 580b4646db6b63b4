"""The critical path test's choices, on hand-made plans (pure, no database)."""

from __future__ import annotations

from datetime import date, datetime

from services.projects.engine import TaskInput, WorkCalendar
from services.projects.facts.measures import (
    ADDED_DAYS,
    chosen_task,
    critical_path_length,
    critical_path_test,
    lengthened,
)
from services.projects.schedule.runner import Payload, ProgressSettings

MONDAY = datetime(2025, 1, 6, 8)


def _state(start_day: int, total_float: float = 0.0, **flags: bool) -> tuple:
    critical = flags.get("critical", True)
    start = MONDAY.replace(day=start_day)
    return (
        critical,
        flags.get("summary", False),
        flags.get("milestone", False),
        start,
        total_float,
    )


def test_the_earliest_starting_incomplete_critical_leaf_is_tested() -> None:
    tasks = [
        TaskInput("summary"),
        TaskInput("done", duration_days=1, percent_complete=100),
        TaskInput("gate"),
        TaskInput("slack", duration_days=1),
        TaskInput("late", duration_days=1),
        TaskInput("early", duration_days=1),
    ]
    states = [
        _state(6, summary=True),
        _state(6),
        _state(6, milestone=True),
        _state(6, critical=False),
        _state(8),
        _state(7),
    ]
    assert chosen_task(tasks, states) == 5


def test_ties_go_to_the_least_float_then_the_outline_order() -> None:
    tasks = [TaskInput(name, duration_days=1) for name in "abc"]
    assert chosen_task(tasks, [_state(6, 0.5), _state(6, -1.0), _state(6, -1.0)]) == 1
    assert chosen_task(tasks, [_state(6, critical=False)] * 3) is None


def test_a_started_task_grows_in_its_remaining_work() -> None:
    task = TaskInput("a", duration_days=4, actual_duration_days=1, remaining_duration_days=3)
    longer = lengthened(task, 10)
    assert (longer.duration_days, longer.remaining_duration_days) == (14, 13)
    assert lengthened(TaskInput("b", duration_days=2), 10).remaining_duration_days is None


def test_never_scheduled_plans_are_scheduled_first() -> None:
    payload = Payload(
        project_start=date(2025, 1, 6),
        status_date=None,
        deadline=None,
        threshold=0.0,
        calendar=None,
        tasks=[TaskInput("a", duration_days=2)],
        links=[],
        progress=ProgressSettings(),
    )
    test = critical_path_test(payload, WorkCalendar(), None)
    assert test is not None and test["task_id"] == "a"
    assert test["finish_before"] == datetime(2025, 1, 7, 17)
    assert test["finish_delta_days"] == ADDED_DAYS


def test_the_critical_path_length_runs_from_the_status_date_or_the_start() -> None:
    calendar, finish = WorkCalendar(), datetime(2025, 1, 10, 17)
    assert critical_path_length(calendar, date(2025, 1, 7), MONDAY, finish) == 3
    assert critical_path_length(calendar, None, MONDAY, finish) == 5
    assert critical_path_length(calendar, None, None, finish) is None
    assert critical_path_length(calendar, date(1066, 10, 14), MONDAY, finish) is None
