"""Database rows to :class:`CapacityInputs`: arrays built column-wise from the records of
the repository's few statements (no query per task, resource or day)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

import asyncpg
import numpy as np

from services.projects.capacity.inputs import (
    DEFAULT_CALENDAR,
    Assignments,
    CalendarSpec,
    FloatArray,
    IntArray,
    ResourceEntry,
    TimeOffSpan,
    no_assignments,
)
from services.projects.schedule.runner import working_times


def calendar_specs(
    calendars: Sequence[asyncpg.Record], exceptions: Sequence[asyncpg.Record]
) -> tuple[tuple[CalendarSpec, ...], dict[uuid.UUID, int]]:
    """The engine's default calendar first (index 0), then the stored ones."""
    off: dict[uuid.UUID, list[int]] = {}
    extra: dict[uuid.UUID, list[int]] = {}
    for row in exceptions:
        (extra if row["working"] else off).setdefault(row["calendar_id"], []).append(row["day"])
    specs = [DEFAULT_CALENDAR]
    # Calendars alike share an index (an import gives each project its own copy of the
    # standard week): the computation runs once per distinct calendar.
    known = {DEFAULT_CALENDAR: 0}
    index: dict[uuid.UUID, int] = {}
    for row in calendars:
        spec = CalendarSpec(
            working_weekdays=tuple(sorted(row["working_weekdays"])),
            hours_per_day=float(row["hpd"]),
            non_working=tuple(sorted(off.get(row["id"], ()))),
            extra_working=tuple(sorted(extra.get(row["id"], ()))),
        )
        if spec not in known:
            known[spec] = len(specs)
            specs.append(spec)
        index[row["id"]] = known[spec]
    return tuple(specs), index


def resource_entries(
    rows: Sequence[asyncpg.Record], calendar_index: dict[uuid.UUID, int]
) -> tuple[ResourceEntry, ...]:
    return tuple(
        ResourceEntry(
            key=row["id"],
            name=row["name"],
            kind=row["kind"],
            role_name=row["role_name"],
            max_units=row["max_units"],
            calendar=calendar_index.get(row["calendar_id"], 0),
            # Someone who left (inactive) works no more.
            available=row["active"],
        )
        for row in rows
    )


def time_off_spans(
    rows: Sequence[asyncpg.Record], resource_index: dict[uuid.UUID, int]
) -> tuple[TimeOffSpan, ...]:
    return tuple(
        TimeOffSpan(resource_index[row["resource_id"]], row["first"], row["last"])
        for row in rows
        if row["resource_id"] in resource_index
    )


def assignment_arrays(
    rows: Sequence[asyncpg.Record],
    resource_index: dict[uuid.UUID, int],
    calendar_index: dict[uuid.UUID, int],
    calendars: tuple[CalendarSpec, ...],
) -> Assignments:
    if not rows:
        return no_assignments()
    columns = list(zip(*rows, strict=True))
    (resource_ids, task_ids, names, project_ids, calendar_ids, units) = columns[:6]
    (start, start_minute, finish, finish_minute, in_scope) = columns[6:]
    calendar = np.array([calendar_index.get(c, 0) for c in calendar_ids], dtype=np.int64)
    hours = np.array([c.hours_per_day for c in calendars], dtype=np.float64)[calendar]
    finish_minutes = np.array(finish_minute, dtype=np.int64)
    return Assignments(
        resource=np.array([resource_index[r] for r in resource_ids], dtype=np.int64),
        calendar=calendar,
        units=np.array(units, dtype=np.float64),
        start=np.array(start, dtype=np.int64),
        finish=np.array(finish, dtype=np.int64),
        start_worked=worked_share(np.array(start_minute, dtype=np.int64), hours),
        # A finish at midnight is a bare date: the whole of that day.
        finish_worked=np.where(finish_minutes == 0, 1.0, worked_share(finish_minutes, hours)),
        in_scope=np.array(in_scope, dtype=np.bool_),
        task_ids=tuple(task_ids),
        task_names=tuple(names),
        project_ids=tuple(project_ids),
    )


def worked_share(minutes: IntArray, hours_per_day: FloatArray) -> FloatArray:
    """The share of a day's working time before ``minutes`` past midnight, with the
    working periods the scheduler gives a day of ``hours_per_day`` hours (8: 08-12, 13-17)."""
    share = np.zeros(len(minutes), dtype=np.float64)
    for hours in np.unique(hours_per_day):
        mine = hours_per_day == hours
        periods = [
            (start.hour * 60 + start.minute, end.hour * 60 + end.minute)
            for start, end in working_times(float(hours))
        ]
        total = sum(end - start for start, end in periods)
        worked = sum(np.clip(minutes[mine] - start, 0, end - start) for start, end in periods)
        share[mine] = worked / total
    return share
