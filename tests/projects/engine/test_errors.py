"""Invalid input raises one error family with a code, the field and the task."""

import math
from datetime import date

import pytest

from services.projects.engine import (
    LinkInput,
    ScheduleCycleError,
    ScheduleInputError,
    SchedulingError,
    TaskInput,
)


def _assert_is_cycle(ids: list, links: list[LinkInput]) -> None:
    pairs = {(link.predecessor_id, link.successor_id) for link in links}
    for k, task in enumerate(ids):
        assert (task, ids[(k + 1) % len(ids)]) in pairs  # consecutive ids are linked, in order


def test_cycle_names_its_tasks_in_link_order(run) -> None:
    links = [
        LinkInput("start", "a"),
        LinkInput("a", "b"),
        LinkInput("b", "c"),
        LinkInput("c", "a"),
        LinkInput("c", "end"),
    ]
    tasks = [TaskInput(k, duration_days=1) for k in ("start", "a", "b", "c", "end")]
    with pytest.raises(ScheduleCycleError) as info:
        run(tasks, links)
    assert sorted(info.value.task_ids) == ["a", "b", "c"]
    _assert_is_cycle(info.value.task_ids, links)
    assert info.value.code == "dependency_cycle"
    assert " -> " in str(info.value)
    assert isinstance(info.value, SchedulingError)


def test_two_task_cycle_of_any_link_type(run) -> None:
    links = [LinkInput("a", "b", "SS"), LinkInput("b", "a", "FF", -2)]
    with pytest.raises(ScheduleCycleError) as info:
        run([TaskInput("a", duration_days=1), TaskInput("b", duration_days=1)], links)
    _assert_is_cycle(info.value.task_ids, links)
    assert len(info.value.task_ids) == 2


@pytest.mark.parametrize(
    ("tasks", "links", "code", "field", "task_id"),
    [
        ([TaskInput("a")], [LinkInput("a", "zz")], "unknown_task", "links.successor_id", "zz"),
        ([TaskInput("a")], [LinkInput("zz", "a")], "unknown_task", "links.predecessor_id", "zz"),
        ([TaskInput("a")], [LinkInput("a", "a")], "self_link", "links", "a"),
        ([TaskInput("a", duration_days=-1)], [], "negative_duration", "tasks.duration_days", "a"),
        ([TaskInput("a", duration_days=math.nan)], [], "invalid_value", "tasks.duration_days", "a"),
        (
            [TaskInput("a"), TaskInput("b")],
            [LinkInput("a", "b", "XX")],
            "unknown_link_type",
            "links.type",
            "b",
        ),
        (
            [TaskInput("a"), TaskInput("b")],
            [LinkInput("a", "b", lag_days=math.inf)],
            "invalid_value",
            "links.lag_days",
            "b",
        ),
        (
            [TaskInput("a", constraint="SOON")],
            [],
            "unknown_constraint_type",
            "tasks.constraint",
            "a",
        ),
        (
            [TaskInput("a", constraint="SNET")],
            [],
            "missing_constraint_date",
            "tasks.constraint_date",
            "a",
        ),
        (
            [TaskInput("a", constraint="MSO", constraint_date=date(1850, 1, 1))],
            [],
            "date_out_of_range",
            "tasks.constraint_date",
            "a",
        ),
        ([TaskInput("a"), TaskInput("a")], [], "duplicate_task", "tasks.id", "a"),
    ],
)
def test_invalid_input_is_reported_with_field_and_task(run, tasks, links, code, field, task_id):
    with pytest.raises(ScheduleInputError) as info:
        run(tasks, links)
    assert (info.value.code, info.value.field, info.value.task_id) == (code, field, task_id)
    assert info.value.message


def test_project_start_outside_the_calendar_range(run) -> None:
    with pytest.raises(ScheduleInputError) as info:
        run([TaskInput("a")], start=date(1850, 1, 6))
    assert (info.value.code, info.value.field) == ("date_out_of_range", "project_start")


@pytest.mark.parametrize(
    ("tasks", "links"),
    [
        # Past the year 9999 the dates cannot even be built: this used to be a ValueError.
        ([TaskInput("a", duration_days=99_999_999)], []),
        # Past 2199, a date the input may not name: the same range holds for computed dates.
        ([TaskInput("a", duration_days=100_000)], []),
        (
            [TaskInput("p", duration_days=1), TaskInput("a", duration_days=1)],
            [LinkInput("p", "a", "SS", -50_000)],
        ),
    ],
    ids=["beyond year 9999", "beyond 2199", "lead before 1900"],
)
def test_computed_dates_outside_the_calendar_range(run, tasks, links) -> None:
    with pytest.raises(ScheduleInputError) as info:
        run([*tasks, TaskInput("b", duration_days=1)], links)
    assert (info.value.code, info.value.task_id) == ("date_out_of_range", "a")
