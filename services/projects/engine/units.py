"""Input values onto the engine's axis: working days to minutes, dates to points, with
errors that name the field and the task."""

from __future__ import annotations

from datetime import date
from math import isfinite

from services.projects.engine.calendar import WorkCalendar
from services.projects.engine.errors import ScheduleInputError
from services.projects.engine.model import DateLike


def to_minutes(days: float, minutes_per_day: int, field: str, task_id: object) -> int:
    if not isinstance(days, int | float) or not isfinite(days):
        raise ScheduleInputError(
            f"{field} must be a finite number of working days",
            field=field,
            task_id=task_id,
            code="invalid_value",
        )
    return round(days * minutes_per_day)


def to_point(
    cal: WorkCalendar, value: DateLike, *, finish: bool, field: str, task_id: object = None
) -> int:
    if not isinstance(value, date):
        raise ScheduleInputError(
            f"{field} must be a date or datetime",
            field=field,
            task_id=task_id,
            code="invalid_value",
        )
    return cal.to_point(value, finish=finish, field=field, task_id=task_id)
