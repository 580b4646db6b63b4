"""Progress in the input: validated, and read the way MS Project keeps it.

A task is complete once it has an actual finish or is 100 % complete; started once it has an
actual start, some percent complete or some actual duration. A started task has done its
actual duration (or its percent complete of its duration) and has its remaining duration
left (or the rest of its duration); it lasts both together, as MS Project recomputes the
duration when the remaining duration is entered.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from services.projects.engine.calendar import WorkCalendar
from services.projects.engine.errors import ScheduleInputError
from services.projects.engine.model import ProgressMode, ScheduleInput, TaskInput
from services.projects.engine.plan import COMPLETE, NOT_STARTED, STARTED
from services.projects.engine.units import to_minutes, to_point

_MODES: Mapping[Any, ProgressMode] = {m: m for m in ProgressMode}


def _progress_error(field: str, message: str, task_id: object) -> ScheduleInputError:
    return ScheduleInputError(message, field=field, task_id=task_id, code="invalid_progress")


def _work_days(task: TaskInput, field: str, mpd: int) -> int | None:
    """Actual or remaining duration in minutes, None when not given; never negative."""
    days = getattr(task, field)
    if days is None:
        return None
    minutes = to_minutes(days, mpd, f"tasks.{field}", task.id)
    if minutes < 0:
        raise _progress_error(f"tasks.{field}", f"{field} must not be negative", task.id)
    return minutes


def _actual_dates(task: TaskInput, cal: WorkCalendar) -> tuple[int | None, int | None]:
    start = (
        None
        if task.actual_start is None
        else to_point(
            cal, task.actual_start, finish=False, field="tasks.actual_start", task_id=task.id
        )
    )
    finish = (
        None
        if task.actual_finish is None
        else to_point(
            cal, task.actual_finish, finish=True, field="tasks.actual_finish", task_id=task.id
        )
    )
    if finish is not None and (start is None or finish < start):
        raise _progress_error(
            "tasks.actual_finish", "actual_finish needs an actual_start on or before it", task.id
        )
    return start, finish


def read_progress(
    task: TaskInput, cal: WorkCalendar, duration: int
) -> tuple[int, int | None, int | None, int, int]:
    """Progress state, actual start and finish points, minutes done, and the duration: a
    started task lasts its done plus its remaining minutes, as MS Project keeps them."""
    pc = task.percent_complete
    if not isinstance(pc, int | float) or not 0 <= pc <= 100:
        raise _progress_error(
            "tasks.percent_complete", "percent_complete must be between 0 and 100", task.id
        )
    mpd = cal.minutes_per_day
    actual = _work_days(task, "actual_duration_days", mpd)
    remaining = _work_days(task, "remaining_duration_days", mpd)
    start, finish = _actual_dates(task, cal)
    if finish is not None or pc >= 100:
        return COMPLETE, start, finish, duration, duration
    if start is None and pc <= 0 and not actual:
        return NOT_STARTED, None, None, 0, duration
    done = round(duration * pc / 100) if actual is None else actual
    if remaining is None:
        remaining = max(duration - done, 0)
    return STARTED, start, None, done, done + remaining


def progress_rules(inp: ScheduleInput) -> tuple[bool, tuple[bool, bool, bool, bool], bool]:
    """The mode and MS Project's options; in data_date mode none of the options applies."""
    mode = _mode(inp.progress_mode)
    if mode is None:
        raise ScheduleInputError(
            f"unknown progress mode {inp.progress_mode!r} (expected ms_project or data_date)",
            field="progress_mode",
            code="unknown_progress_mode",
        )
    if mode != ProgressMode.MS_PROJECT:
        return False, (False, False, False, False), False
    back, forward = bool(inp.move_completed_ends_back), bool(inp.move_remaining_starts_forward)
    # The second option of each pair only exists with the first (MS Project greys it out).
    moves = (
        back,
        back and bool(inp.move_remaining_starts_back),
        forward,
        forward and bool(inp.move_completed_ends_forward),
    )
    return True, moves, bool(inp.split_in_progress_tasks)


def _mode(value: object) -> ProgressMode | None:
    try:
        return _MODES.get(value)
    except TypeError:  # unhashable garbage from a caller
        return None
