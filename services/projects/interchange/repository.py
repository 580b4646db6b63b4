"""Every SQL statement of plan import and export."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import insert, select, update
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


async def _insert_many(session: AsyncSession, table: Any, rows: list[dict[str, Any]]) -> None:
    """One prepared INSERT run over all rows (asyncpg's executemany pipelines them)."""
    if rows:
        await session.execute(insert(table), rows)


async def insert_plan(session: AsyncSession, project_id: uuid.UUID, rows: ImportRows) -> None:
    """Calendar, exceptions, tasks (parents before children: the file's order), links and
    baselines, as a handful of multi-row INSERTs."""
    await _insert_many(session, Calendar.__table__, [rows.calendar])
    await _insert_many(session, CalendarException.__table__, rows.exceptions)
    await session.execute(
        update(Project).where(Project.id == project_id).values(calendar_id=rows.calendar["id"])
    )
    await _insert_many(session, Task.__table__, rows.tasks)
    await _insert_many(session, Dependency.__table__, rows.dependencies)
    await _insert_many(session, Baseline.__table__, rows.baselines)
    await _insert_many(session, BaselineTask.__table__, rows.baseline_tasks)


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
