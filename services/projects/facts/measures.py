"""Measures of a plan that governance rules read (pure, no I/O): the critical path length
and DCMA's critical path test (check 12), both in working days of the project calendar."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from decimal import Decimal
from operator import attrgetter
from typing import Any

from services.projects.baselines.variance import days_between
from services.projects.engine import ScheduleInputError, TaskInput, WorkCalendar
from services.projects.schedule.runner import EngineFailure, Payload, run

# Working days the critical path test adds to the tested task. Large, so the lengthened task
# outgrows any float a parallel path may have (a path with more float than this would
# overtake it and the finish would move by less, a false alarm); 600 working days is well
# over two years, more float than a sound plan carries anywhere, yet it keeps the dates of
# ordinary plans far inside the engine's calendar range (1900-2199).
ADDED_DAYS = 600
_COMPLETE = 100.0


def critical_path_length(
    calendar: WorkCalendar,
    status_date: date | None,
    scheduled_start: datetime | None,
    scheduled_finish: datetime | None,
) -> Decimal | None:
    """Working days from the end of the status date (the work left is what the critical
    path still has to do) or, without a status date, from the scheduled start, to the
    scheduled finish; null without a schedule. Zero or less once the finish is past."""
    if scheduled_finish is None or (status_date is None and scheduled_start is None):
        return None
    try:
        if status_date is not None:
            start = calendar.to_point(status_date, finish=True)
        else:
            assert scheduled_start is not None
            start = calendar.to_point(scheduled_start)
        return days_between(calendar, start, calendar.to_point(scheduled_finish))
    except ScheduleInputError:  # a status date outside the calendar's range
        return None


# What the test needs of each task's schedule, in plan order: critical, summary, milestone,
# early start, total float (as stored after the last reschedule, or as a run computes them).
TaskState = tuple[bool, bool, bool, datetime | None, Any]


@dataclass(frozen=True, slots=True)
class Schedule:
    finish: datetime
    tasks: Sequence[TaskState]


def critical_path_test(
    payload: Payload, calendar: WorkCalendar, stored: Schedule | None
) -> dict[str, Any] | None:
    """Reschedule the plan with one critical task ``ADDED_DAYS`` longer (in memory: nothing
    is written) and report how far the finish moved from ``stored``, the plan's schedule as
    the last reschedule stored it (None: never scheduled, so it is computed first). On a
    sound critical path the finish moves by exactly the days added; less means something (a
    hard constraint, a broken link, a manually scheduled task) cuts the path.

    The task tested is the earliest-starting incomplete, non-summary, non-milestone critical
    task (ties: the least total float, then outline order), so the answer is reproducible.
    Null when there is none or a run fails (the lengthened plan can leave the calendar's
    range)."""
    before = stored or _scheduled(payload)
    if before is None:
        return None
    index = chosen_task(payload.tasks, before.tasks)
    if index is None:
        return None
    tasks = list(payload.tasks)
    tasks[index] = lengthened(tasks[index], ADDED_DAYS)
    after = run(replace(payload, tasks=tasks))
    if isinstance(after, EngineFailure):
        return None
    moved = days_between(
        calendar, calendar.to_point(before.finish), calendar.to_point(after.project_finish)
    )
    return {
        "task_id": tasks[index].id,
        "added_days": Decimal(ADDED_DAYS),
        "finish_before": before.finish,
        "finish_after": after.project_finish,
        "finish_delta_days": moved,
    }


def _scheduled(payload: Payload) -> Schedule | None:
    output = run(payload)
    if isinstance(output, EngineFailure):
        return None
    states = [_STATE(task) for task in output.tasks]
    return Schedule(output.project_finish, states)


_STATE = attrgetter("critical", "is_summary", "is_milestone", "early_start", "total_float_days")


def chosen_task(tasks: Sequence[TaskInput], states: Sequence[TaskState]) -> int | None:
    """The position of the task the critical path test lengthens (see above), or None."""
    candidates = [
        (early_start, total_float, position)
        for position, (task, (critical, summary, milestone, early_start, total_float)) in enumerate(
            zip(tasks, states, strict=True)
        )
        if critical
        and not summary
        and not milestone
        and early_start is not None
        and task.percent_complete < _COMPLETE
        and task.actual_finish is None
    ]
    return min(candidates)[2] if candidates else None


def lengthened(task: TaskInput, days: int) -> TaskInput:
    """The task ``days`` working days longer. A started task lasts its actual plus its
    remaining duration, so the remaining duration grows too."""
    remaining = task.remaining_duration_days
    return task._replace(
        duration_days=task.duration_days + days,
        remaining_duration_days=None if remaining is None else remaining + days,
    )
