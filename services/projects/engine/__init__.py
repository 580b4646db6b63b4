"""Pure-Python project scheduling engine (critical path method), no I/O.

>>> from datetime import date
>>> from services.projects.engine import LinkInput, ScheduleInput, TaskInput, schedule
>>> result = schedule(ScheduleInput(
...     project_start=date(2025, 1, 6),
...     tasks=[TaskInput("a", duration_days=2), TaskInput("b", duration_days=1)],
...     links=[LinkInput("a", "b")],
... ))
>>> result.tasks["b"].early_start.isoformat()
'2025-01-08T08:00:00'
"""

from services.projects.engine.calendar import WorkCalendar
from services.projects.engine.errors import (
    ScheduleCycleError,
    ScheduleInputError,
    SchedulingError,
)
from services.projects.engine.model import (
    ConstraintType,
    LinkInput,
    LinkType,
    ProgressMode,
    ScheduleInput,
    ScheduleResult,
    TaskInput,
    TaskSchedule,
)
from services.projects.engine.scheduler import schedule

__all__ = [
    "ConstraintType",
    "LinkInput",
    "LinkType",
    "ProgressMode",
    "ScheduleCycleError",
    "ScheduleInput",
    "ScheduleInputError",
    "ScheduleResult",
    "SchedulingError",
    "TaskInput",
    "TaskSchedule",
    "WorkCalendar",
    "schedule",
]
