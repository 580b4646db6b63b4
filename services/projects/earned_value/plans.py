"""Each project's calendar and planned value curve for one request: the calendars in one
read, the curves from the cache (see ``cache.py``), the missing ones spread from their
baselines' rows read in one query."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import asyncpg

from services.projects.earned_value.cache import CurveKey, PlannedValues
from services.projects.earned_value.repository import EarnedValueRepository
from services.projects.engine import WorkCalendar
from services.projects.evm.project import PlannedValue, planned_value
from services.projects.schedule.rows import CalendarRows
from services.projects.schedule.runner import work_calendar
from shared.reads import Reader

repository = EarnedValueRepository()
planned_values = PlannedValues()


@dataclass(frozen=True, slots=True)
class ProjectPlans:
    calendars: dict[uuid.UUID, WorkCalendar]
    curves: dict[uuid.UUID, PlannedValue | None]  # None: no baseline


async def project_plans(reader: Reader, rows: Sequence[asyncpg.Record]) -> ProjectPlans:
    """The calendar and the curve of each project row (see the repository's projects)."""
    found = await repository.calendars(reader, (row["calendar_id"] for row in rows))
    calendars = _work_calendars(rows, found)
    curves: dict[uuid.UUID, PlannedValue | None] = {}
    missing: dict[uuid.UUID, CurveKey] = {}
    for row in rows:
        project_id, baseline_id = row["project_id"], row["baseline_id"]
        if baseline_id is None:
            curves[project_id] = None
            continue
        key = CurveKey(
            baseline_id, row["leaf_count"], row["leaf_digest"], found.get(row["calendar_id"])
        )
        curves[project_id] = planned_values.get(key)
        if curves[project_id] is None:
            missing[project_id] = key
    if missing:
        spreads = await repository.spreads(reader, {key.baseline_id for key in missing.values()})
        for project_id, key in missing.items():
            entries = map(_baseline_entry, spreads[key.baseline_id])
            curves[project_id] = plan = planned_value(calendars[project_id], entries)
            planned_values.put(key, plan)
    return ProjectPlans(calendars, curves)


def _work_calendars(
    rows: Sequence[asyncpg.Record], found: dict[uuid.UUID, CalendarRows]
) -> dict[uuid.UUID, WorkCalendar]:
    built: dict[uuid.UUID | None, WorkCalendar] = {}
    calendars = {}
    for row in rows:
        key = row["calendar_id"]
        if key not in built:
            built[key] = work_calendar(found.get(key) if key is not None else None)
        calendars[row["project_id"]] = built[key]
    return calendars


def _baseline_entry(row: asyncpg.Record) -> tuple[Any, Any, Any, Any]:
    return row["start"], row["finish"], row["duration_days"], row["cost"]
