"""The shapes a plan takes between the database and the engine, every field named.

A task row is read as the engine's own :class:`TaskInput` fields followed by the schedule
stored by the last run (:class:`StoredSchedule`). The SELECT lists are built from those
records' field names, so the column order cannot drift from the records it fills.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from functools import partial
from operator import itemgetter
from typing import Any, NamedTuple

import asyncpg
from sqlalchemy import Float, Text, case, cast, or_

from services.projects.engine import LinkInput, TaskInput
from services.projects.models import Dependency, Task

# Work done and left matter only once a task has progress: on any other task the engine
# gets null, as for a plain task, which keeps it off the engine's slow path for tasks with
# special fields (most tasks of a plan have not started).
_HAS_PROGRESS = or_(
    Task.actual_start.is_not(None),
    Task.actual_finish.is_not(None),
    Task.percent_complete > 0,
    Task.actual_duration_days > 0,
)


def _when_progressed(column: Any) -> Any:
    return case((_HAS_PROGRESS, cast(column, Float)))


# The task columns the engine reads, under TaskInput's field names.
_ENGINE_TASK = {
    "id": cast(Task.id, Text),  # ids as text, numbers as float8: asyncpg decodes those
    "name": Task.name,  # several times faster than UUIDs and Decimals
    "duration_days": cast(Task.duration_days, Float),
    "parent_id": cast(Task.parent_id, Text),
    "milestone": Task.milestone,
    "constraint": Task.constraint_type,
    "constraint_date": Task.constraint_date,
    "deadline": Task.deadline,
    "percent_complete": cast(Task.percent_complete, Float),
    "actual_start": Task.actual_start,
    "actual_finish": Task.actual_finish,
    "manual_start": Task.manual_start,
    "actual_duration_days": _when_progressed(Task.actual_duration_days),
    "remaining_duration_days": _when_progressed(Task.remaining_duration_days),
    "levelling_delay_days": cast(Task.levelling_delay_days, Float),
}
ENGINE_TASK_COLUMNS: tuple[Any, ...] = tuple(
    _ENGINE_TASK[name].label(name) for name in TaskInput._fields
)
_ENGINE_LINK = {
    "predecessor_id": cast(Dependency.predecessor_id, Text),
    "successor_id": cast(Dependency.successor_id, Text),
    "type": Dependency.type,
    "lag_days": cast(Dependency.lag_days, Float),
}
ENGINE_LINK_COLUMNS: tuple[Any, ...] = tuple(
    _ENGINE_LINK[name].label(name) for name in LinkInput._fields
)
_TASK_FIELD_COUNT = len(TaskInput._fields)


class StoredSchedule(NamedTuple):
    """The task columns the scheduler writes. Floats as read back for comparison, Decimals
    as written."""

    wbs_code: str | None
    is_summary: bool
    is_milestone: bool
    early_start: datetime | None
    early_finish: datetime | None
    late_start: datetime | None
    late_finish: datetime | None
    total_float_days: float | Decimal | None
    free_float_days: float | Decimal | None
    critical: bool
    start_date: date | None
    finish_date: date | None
    duration_days: float | Decimal | None
    stop: datetime | None
    resume: datetime | None
    is_split: bool


COMPUTED_SQL_TYPES = {
    "wbs_code": "varchar",
    "is_summary": "boolean",
    "is_milestone": "boolean",
    "early_start": "timestamp",
    "early_finish": "timestamp",
    "late_start": "timestamp",
    "late_finish": "timestamp",
    "total_float_days": "numeric",
    "free_float_days": "numeric",
    "critical": "boolean",
    "start_date": "date",
    "finish_date": "date",
    "duration_days": "numeric",
    "stop": "timestamp",
    "resume": "timestamp",
    "is_split": "boolean",
}
_NUMERIC = frozenset(name for name, sql in COMPUTED_SQL_TYPES.items() if sql == "numeric")


def _stored_label(name: str) -> str:
    return f"stored_{name}"


STORED_START_DATE = _stored_label("start_date")


def stored_schedule_columns() -> tuple[Any, ...]:
    """The stored schedule, labelled apart from the engine's inputs (``duration_days`` is
    both), numbers as floats to compare with the engine's."""
    columns = Task.__table__.c
    return tuple(
        (cast(columns[name], Float) if name in _NUMERIC else columns[name]).label(
            _stored_label(name)
        )
        for name in StoredSchedule._fields
    )


def task_inputs(rows: list[asyncpg.Record]) -> list[TaskInput]:
    """The engine's part of each task row, built in C (one Python call per row costs more
    than the rest of this on a big plan)."""
    return list(map(_NEW_TASK, map(_ENGINE_PART, rows)))


_ENGINE_PART = itemgetter(slice(0, _TASK_FIELD_COUNT))
_NEW_TASK = partial(tuple.__new__, TaskInput)


def stored_schedule(row: asyncpg.Record) -> tuple[Any, ...]:
    """The stored part of a task row, comparable with a :class:`StoredSchedule`."""
    return tuple(row[_TASK_FIELD_COUNT:])


@dataclass(frozen=True, slots=True)
class CalendarRows:
    working_weekdays: tuple[int, ...]
    hours_per_day: float
    exceptions: tuple[tuple[date, bool], ...]  # (day, working)


@dataclass(frozen=True, slots=True)
class PlanRows:
    project: asyncpg.Record
    tasks: list[asyncpg.Record]  # see task_inputs() and stored_schedule()
    links: list[asyncpg.Record]  # LinkInput's fields
    calendar: CalendarRows | None
