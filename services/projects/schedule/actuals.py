"""Actual dates the scheduler fills in, as MS Project does when progress is entered (pure).

* A task with an actual finish but no actual start took its duration up to that finish.
* A task with progress (percent complete or actual duration) but no actual start started
  where it was scheduled to start.
* A complete task without an actual finish finished where it was scheduled to finish, and
  started where it was scheduled to start: with "move end of completed parts after status
  date back to status date" that is earlier than the start recorded, which MS Project moves
  back with it.
Once filled in, the dates stay: a task that has begun no longer moves with its predecessors.
The first kind is filled in before the engine runs; the others come from a run, after which
the engine runs again with them.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from operator import attrgetter
from typing import NamedTuple

from services.projects.engine import TaskInput, TaskSchedule, WorkCalendar


class Fill(NamedTuple):
    task_id: str
    actual_start: datetime | None  # None: keeps the stored one
    actual_finish: datetime | None
    old_start: date | datetime | None = None  # for the audit record


def started_before_finish(
    tasks: list[TaskInput], calendar: WorkCalendar
) -> tuple[list[TaskInput], list[Fill]]:
    """Tasks with an actual finish but no actual start get the start their duration before
    it (the same instant for a milestone); the tasks as the engine then sees them."""
    fills = []
    result = list(tasks)
    for i, task in enumerate(tasks):
        if task.actual_finish is None or task.actual_start is not None:
            continue
        start = _start_before(task.actual_finish, task.duration_days, calendar)
        fills.append(Fill(str(task.id), start, None))
        result[i] = task._replace(actual_start=start)
    return result, fills


def _start_before(finish: date | datetime, days: float, calendar: WorkCalendar) -> datetime:
    point = calendar.to_point(finish, finish=True)
    minutes = round(days * calendar.minutes_per_day)
    if minutes <= 0:
        return finish if isinstance(finish, datetime) else calendar.finish_datetime(point)
    return calendar.start_datetime(point - minutes)


# The progress fields of a task, and their values on a task without progress.
_PROGRESS = attrgetter("percent_complete", "actual_duration_days", "actual_start", "actual_finish")
_NO_PROGRESS = (0.0, None, None, None)


def with_progress(tasks: Sequence[TaskInput]) -> list[int]:
    """Positions of the tasks with any progress. Most tasks of a plan have none: one
    C-level pass finds the few that have."""
    return [i for i, values in enumerate(map(_PROGRESS, tasks)) if values != _NO_PROGRESS]


def has_finish_without_start(tasks: Sequence[TaskInput], positions: Sequence[int]) -> bool:
    return any(
        tasks[i].actual_finish is not None and tasks[i].actual_start is None for i in positions
    )


def candidates(tasks: Sequence[TaskInput], positions: Sequence[int]) -> list[int]:
    """Positions of the tasks a run may give actual dates to, among ``positions``."""
    return [
        i
        for i in positions
        if (tasks[i].percent_complete or tasks[i].actual_duration_days)
        and (tasks[i].actual_start is None or tasks[i].actual_finish is None)
    ]


def scheduled_fills(
    tasks: Sequence[TaskInput],
    computed: Sequence[TaskSchedule],
    positions: Sequence[int],
    calendar: WorkCalendar,
) -> list[Fill]:
    """What to fill in from the run's planned dates (summaries roll up: they get none)."""
    fills = []
    for i in positions:
        task, schedule = tasks[i], computed[i]
        if schedule.is_summary:
            continue
        if task.actual_finish is None and task.percent_complete >= 100:
            start = task.actual_start
            moved = start is None or calendar.to_point(start) != calendar.to_point(schedule.start)
            fills.append(Fill(str(task.id), schedule.start if moved else None, schedule.finish))
        elif task.actual_start is None:
            fills.append(Fill(str(task.id), schedule.start, None))
    return fills


def filled(tasks: list[TaskInput], fills: Sequence[Fill]) -> list[TaskInput]:
    """The tasks with their actual dates filled in, for the second run."""
    by_id = {fill.task_id: fill for fill in fills}
    result = []
    for task in tasks:
        fill = by_id.get(str(task.id))
        if fill is not None:
            task = task._replace(
                actual_start=fill.actual_start or task.actual_start,
                actual_finish=fill.actual_finish or task.actual_finish,
            )
        result.append(task)
    return result
