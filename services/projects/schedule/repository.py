"""Every SQL statement of the scheduler: load a project's plan, write back what changed, and
read the stored schedule.

The plan travels as plain Core on the session's connection: a reschedule reads and writes
thousands of rows, and the ORM's identity map and unit of work would cost more than the
engine itself.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

import asyncpg
from sqlalchemy import Float, Uuid, bindparam, cast, func, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession

from services.projects.engine.model import TaskId
from services.projects.models import Calendar, CalendarException, Dependency, Project, Task
from services.projects.schedule.actuals import Fill
from services.projects.schedule.rows import (
    COMPUTED_SQL_TYPES,
    ENGINE_LINK_COLUMNS,
    ENGINE_TASK_COLUMNS,
    CalendarRows,
    PlanRows,
    StoredSchedule,
    stored_schedule_columns,
)
from services.projects.schedule.runner import ProgressSettings
from shared.pagination import PageParams
from shared.reads import Query, Reader
from shared.repository import KeysetList, SortSpec

# The project's progress semantics, under ScheduleInput's field names.
PROGRESS_COLUMNS = tuple(Project.__table__.c[name] for name in ProgressSettings._fields)
_PROJECT = Query(
    select(
        Project.id,
        Project.start_date,
        Project.status_date,
        Project.deadline,
        cast(Project.critical_threshold_days, Float).label("critical_threshold_days"),
        Project.calendar_id,
        Project.scheduled_start,
        Project.scheduled_finish,
        *PROGRESS_COLUMNS,
    )
    .where(Project.id == bindparam("project_id", type_=Uuid))
    # Serialises reschedules of one project; NO KEY UPDATE still lets rows that reference the
    # project (new tasks, links) take their foreign-key locks.
    .with_for_update(key_share=True)
)
# Each row: the engine's task fields, then the stored schedule (see ``rows.py``).
_TASKS = Query(
    select(*ENGINE_TASK_COLUMNS, *stored_schedule_columns())
    .where(Task.project_id == bindparam("project_id", type_=Uuid))
    .order_by(Task.position, Task.id)
)
_LINKS = Query(
    select(*ENGINE_LINK_COLUMNS).where(Dependency.project_id == bindparam("project_id", type_=Uuid))
)
_CALENDAR = Query(
    select(Calendar.working_weekdays, cast(Calendar.hours_per_day, Float)).where(
        Calendar.id == bindparam("calendar_id", type_=Uuid)
    )
)
_EXCEPTIONS = Query(
    select(CalendarException.day, CalendarException.working).where(
        CalendarException.calendar_id == bindparam("calendar_id", type_=Uuid)
    )
)
_COMPUTED = StoredSchedule._fields
_WRITE_BACK = text(
    "UPDATE tasks AS t SET "
    + ", ".join(f"{name} = v.{name}" for name in _COMPUTED)
    + ", version = t.version + 1, updated_at = now() "
    + "FROM unnest(CAST(:id AS uuid[]), "
    + ", ".join(f"CAST(:{name} AS {COMPUTED_SQL_TYPES[name]}[])" for name in _COMPUTED)
    + f") AS v(id, {', '.join(_COMPUTED)}) WHERE t.id = v.id"
)
# Actual dates the scheduler fills in (see actuals.py): null keeps the stored one.
_WRITE_ACTUALS = text(
    "UPDATE tasks AS t SET actual_start = COALESCE(v.actual_start, t.actual_start), "
    "actual_finish = COALESCE(v.actual_finish, t.actual_finish), "
    "version = t.version + 1, updated_at = now() "
    "FROM unnest(CAST(:id AS uuid[]), CAST(:actual_start AS timestamp[]), "
    "CAST(:actual_finish AS timestamp[])) AS v(id, actual_start, actual_finish) "
    "WHERE t.id = v.id"
)
_PROJECT_DATES = (
    update(Project)
    .where(Project.id == bindparam("project_id", type_=Uuid))
    .values(
        scheduled_start=bindparam("scheduled_start"),
        scheduled_finish=bindparam("scheduled_finish"),
        updated_at=func.now(),
    )
)

# -- reads of the stored schedule ---------------------------------------------------------

_SCHEDULE_COLUMNS = (
    Task.id,
    Task.name,
    Task.wbs_code,
    Task.is_summary,
    Task.is_milestone,
    Task.start_date,
    Task.finish_date,
    Task.early_start,
    Task.early_finish,
    Task.late_start,
    Task.late_finish,
    Task.total_float_days,
    Task.free_float_days,
    Task.critical,
    Task.stop,
    Task.resume,
    Task.is_split,
)
# Exactly the documented CriticalTask fields (a hot read is not filtered by a response model).
_CRITICAL = Query(
    select(
        Task.id,
        Task.name,
        Task.wbs_code,
        Task.early_start,
        Task.early_finish,
        Task.total_float_days,
    )
    .where(
        Task.project_id == bindparam("project_id", type_=Uuid),
        Task.critical.is_(True),
        Task.is_summary.is_(False),
    )
    .order_by(Task.early_start, Task.early_finish, Task.wbs_code)
)
_FINISH = Query(
    select(Project.scheduled_finish).where(Project.id == bindparam("project_id", type_=Uuid))
)
WBS_SORT = SortSpec(name="position", column=Task.position.expression)
_SCHEDULE_SELECT = select(*_SCHEDULE_COLUMNS, Task.position).where(
    Task.project_id == bindparam("project_id", type_=Uuid)
)
_SCHEDULE = KeysetList(_SCHEDULE_SELECT, Task.id.expression)
_NEVER_SCHEDULED = select(Task.project_id).where(Task.early_start.is_(None)).distinct()


class _Driver:
    """The session's own connection used through asyncpg directly: same transaction, without
    SQLAlchemy's per-row result processing (most of the load time on big plans)."""

    def __init__(self, connection: asyncpg.Connection) -> None:
        self._connection = connection

    @classmethod
    async def of(cls, session: AsyncSession) -> _Driver:
        connection = await session.connection()
        raw = await connection.get_raw_connection()
        return cls(raw.driver_connection)

    async def records(self, query: Query, **params: Any) -> list[asyncpg.Record]:
        records: list[asyncpg.Record] = await self._connection.fetch(query.sql, *query.args(params))
        return records

    async def record(self, query: Query, **params: Any) -> asyncpg.Record | None:
        return await self._connection.fetchrow(query.sql, *query.args(params))


class ScheduleRepository:
    async def lock_project(
        self, session: AsyncSession, project_id: uuid.UUID
    ) -> asyncpg.Record | None:
        """Lock the project row for this transaction (writers call it before locking tasks,
        so every writer takes its locks in the same order and two edits cannot deadlock)."""
        return await (await _Driver.of(session)).record(_PROJECT, project_id=project_id)

    async def load_plan(self, session: AsyncSession, project_id: uuid.UUID) -> PlanRows | None:
        """The project (locked), its tasks in outline order, its links and its calendar."""
        driver = await _Driver.of(session)
        project = await driver.record(_PROJECT, project_id=project_id)
        if project is None:
            return None
        tasks = await driver.records(_TASKS, project_id=project_id)
        links = await driver.records(_LINKS, project_id=project_id)
        calendar = None
        calendar_id = project["calendar_id"]
        if calendar_id is not None:
            row = await driver.record(_CALENDAR, calendar_id=calendar_id)
            if row is not None:
                exceptions = await driver.records(_EXCEPTIONS, calendar_id=calendar_id)
                calendar = CalendarRows(
                    working_weekdays=tuple(row["working_weekdays"]),
                    hours_per_day=row["hours_per_day"],
                    exceptions=tuple((e["day"], e["working"]) for e in exceptions),
                )
        return PlanRows(project=project, tasks=tasks, links=links, calendar=calendar)

    async def write_tasks(
        self, session: AsyncSession, rows: Sequence[tuple[TaskId, StoredSchedule]]
    ) -> None:
        """One UPDATE for any number of rows: each column travels as one array parameter."""
        if not rows:
            return
        params: dict[str, Any] = {"id": [task_id for task_id, _ in rows]}
        for position, name in enumerate(_COMPUTED):
            params[name] = [values[position] for _, values in rows]
        await (await session.connection()).execute(_WRITE_BACK, params)

    async def write_actuals(self, session: AsyncSession, fills: Sequence[Fill]) -> None:
        """Fill in actual starts and finishes (None keeps the stored value)."""
        params = {
            "id": [fill.task_id for fill in fills],
            "actual_start": [fill.actual_start for fill in fills],
            "actual_finish": [fill.actual_finish for fill in fills],
        }
        await (await session.connection()).execute(_WRITE_ACTUALS, params)

    async def write_project_dates(
        self,
        session: AsyncSession,
        project_id: uuid.UUID,
        start: datetime | None,
        finish: datetime | None,
    ) -> None:
        await (await session.connection()).execute(
            _PROJECT_DATES,
            {"project_id": project_id, "scheduled_start": start, "scheduled_finish": finish},
        )

    async def never_scheduled(self, session: AsyncSession, limit: int) -> list[uuid.UUID]:
        """Projects with a task the engine has never seen (every scheduled task has an early
        start); the partial index of migration 0005 keeps this a lookup."""
        found = await session.scalars(_NEVER_SCHEDULED.limit(limit))
        return list(found.all())

    async def critical_tasks(self, reader: Reader, project_id: uuid.UUID) -> list[dict[str, Any]]:
        return await reader.all(_CRITICAL, project_id=project_id)

    async def project_finish(self, reader: Reader, project_id: uuid.UUID) -> datetime | None:
        value: datetime | None = await reader.value(_FINISH, project_id=project_id)
        return value

    async def schedule_page(
        self, reader: Reader, project_id: uuid.UUID, page: PageParams
    ) -> tuple[list[Any], str | None]:
        return await _SCHEDULE.page(reader, WBS_SORT, page, project_id=project_id)
