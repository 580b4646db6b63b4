"""Every SQL statement of plan import and export."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import Table, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from services.projects.interchange.import_rows import ImportRows
from services.projects.models import (
    Baseline,
    BaselineTask,
    Calendar,
    CalendarException,
    Dependency,
    Project,
    Task,
)
from shared.bulk_insert import insert_rows

BASELINE_TASKS: Table = BaselineTask.__table__  # type: ignore[assignment]


async def _insert_few(session: AsyncSession, table: Any, rows: list[dict[str, Any]]) -> None:
    if rows:
        await session.execute(insert(table), rows)


async def insert_calendar(session: AsyncSession, project_id: uuid.UUID, rows: ImportRows) -> None:
    """The file's calendar and its exceptions, made the project's calendar."""
    await _insert_few(session, Calendar.__table__, [rows.calendar])
    await _insert_few(session, CalendarException.__table__, rows.exceptions)
    await session.execute(
        update(Project).where(Project.id == project_id).values(calendar_id=rows.calendar["id"])
    )


async def insert_baselines(session: AsyncSession, rows: ImportRows) -> None:
    """The file's baselines, as captured (after its tasks)."""
    await _insert_few(session, Baseline.__table__, rows.baselines)
    await insert_rows(session, BASELINE_TASKS, rows.baseline_tasks)


async def _rows(session: AsyncSession, statement: Any) -> list[Any]:
    return list((await session.execute(statement)).mappings())


async def load_for_export(session: AsyncSession, project_id: uuid.UUID) -> dict[str, Any]:
    """Everything an export needs, in six queries."""
    projects = await _rows(session, select(Project.__table__).where(Project.id == project_id))
    calendar_id = projects[0]["calendar_id"]
    calendars = await _rows(session, select(Calendar.__table__).where(Calendar.id == calendar_id))
    exceptions = await _rows(
        session,
        select(CalendarException.__table__)
        .where(CalendarException.calendar_id == calendar_id)
        .order_by(CalendarException.day),
    )
    tasks = await _rows(
        session,
        select(Task.__table__)
        .where(Task.project_id == project_id)
        .order_by(Task.position, Task.id),
    )
    links = await _rows(
        session,
        select(Dependency.__table__)
        .where(Dependency.project_id == project_id)
        .order_by(Dependency.created_at, Dependency.id),
    )
    baselines = await _rows(
        session,
        select(Baseline.number, BaselineTask.__table__)
        .join(Baseline, Baseline.id == BaselineTask.baseline_id)
        .where(Baseline.project_id == project_id)
        .order_by(Baseline.number),
    )
    return {
        "project": projects[0],
        "calendar": calendars[0] if calendars else None,
        "exceptions": exceptions,
        "tasks": tasks,
        "links": links,
        "baselines": baselines,
    }
