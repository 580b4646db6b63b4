"""Every SQL statement the scheduler runs: load a project's plan, write back what changed.

Plain Core on the session's connection: a reschedule reads and writes thousands of rows, and
the ORM's identity map and unit of work would cost more than the engine itself.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import asyncpg
from sqlalchemy import (
    ARRAY,
    Float,
    Text,
    Uuid,
    any_,
    bindparam,
    cast,
    func,
    select,
    text,
    update,
)
from sqlalchemy.ext.asyncio import AsyncSession

from services.projects.access import visible_projects
from services.projects.models import Calendar, CalendarException, Dependency, Project, Task
from shared.pagination import PageParams
from shared.reads import Query, Reader
from shared.repository import SortSpec, keyset, keyset_params, page_of

# Columns the scheduler writes, in the order of ``ComputedRow`` (after the id).
COMPUTED = (
    "wbs_code",
    "is_summary",
    "is_milestone",
    "early_start",
    "early_finish",
    "late_start",
    "late_finish",
    "total_float_days",
    "free_float_days",
    "critical",
    "start_date",
    "finish_date",
    "duration_days",
)
_SQL_TYPES = (
    "varchar",
    "boolean",
    "boolean",
    "timestamp",
    "timestamp",
    "timestamp",
    "timestamp",
    "numeric",
    "numeric",
    "boolean",
    "date",
    "date",
    "numeric",
)
# Rows come back as asyncpg records read by position: inputs first, then ``COMPUTED``.
# Ids as text and numbers as float8: asyncpg decodes those several times faster than UUIDs and
# Decimals, and the engine wants strings and floats anyway.
_INPUTS = (
    cast(Task.id, Text),
    Task.name,
    cast(Task.parent_id, Text),
    cast(Task.duration_days, Float),
    Task.milestone,
    Task.constraint_type,
    Task.constraint_date,
    Task.deadline,
    cast(Task.percent_complete, Float),
    Task.actual_start,
    Task.actual_finish,
    Task.manual_start,
)
_FLOAT_COLUMNS = frozenset({"total_float_days", "free_float_days", "duration_days"})


def _computed(name: str) -> Any:
    column = Task.__table__.c[name]
    return cast(column, Float).label(f"stored_{name}") if name in _FLOAT_COLUMNS else column


_PROJECT = Query(
    select(
        Project.id,
        Project.start_date,
        Project.status_date,
        Project.deadline,
        Project.critical_threshold_days,
        Project.calendar_id,
        Project.scheduled_start,
        Project.scheduled_finish,
    )
    .where(Project.id == bindparam("project_id", type_=Uuid))
    # Serialises reschedules of one project; NO KEY UPDATE still lets rows that reference the
    # project (new tasks, links) take their foreign-key locks.
    .with_for_update(key_share=True)
)
_TASKS = Query(
    select(*_INPUTS, *(_computed(name) for name in COMPUTED))
    .where(Task.project_id == bindparam("project_id", type_=Uuid))
    .order_by(Task.position, Task.id)
)
INPUT_COUNT = len(_INPUTS)
_LINKS = Query(
    select(
        cast(Dependency.predecessor_id, Text),
        cast(Dependency.successor_id, Text),
        Dependency.type,
        cast(Dependency.lag_days, Float),
    ).where(Dependency.project_id == bindparam("project_id", type_=Uuid))
)
_CALENDAR = Query(
    select(Calendar.working_weekdays, Calendar.hours_per_day).where(
        Calendar.id == bindparam("calendar_id", type_=Uuid)
    )
)
_EXCEPTIONS = Query(
    select(CalendarException.day, CalendarException.working).where(
        CalendarException.calendar_id == bindparam("calendar_id", type_=Uuid)
    )
)
_SET_COLUMNS = ", ".join(f"{name} = v.{name}" for name in COMPUTED)
_ARRAYS = ", ".join(
    f"CAST(:{name} AS {sql_type}[])" for name, sql_type in zip(COMPUTED, _SQL_TYPES, strict=True)
)
_WRITE_BACK = text(
    f"UPDATE tasks AS t SET {_SET_COLUMNS}, version = t.version + 1, updated_at = now() "
    f"FROM unnest(CAST(:id AS uuid[]), {_ARRAYS}) AS v(id, {', '.join(COMPUTED)}) "
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


@dataclass(frozen=True, slots=True)
class CalendarRows:
    working_weekdays: list[int]
    hours_per_day: Decimal
    exceptions: list[tuple[date, bool]]


@dataclass(frozen=True, slots=True)
class PlanRows:
    project: asyncpg.Record
    tasks: Sequence[asyncpg.Record]  # by position: the ``_INPUTS`` columns, then ``COMPUTED``
    links: Sequence[asyncpg.Record]
    calendar: CalendarRows | None


class _Driver:
    """The session's own connection used through asyncpg directly: same transaction, without
    SQLAlchemy's per-row result processing (most of the load time on big plans)."""

    def __init__(self, connection: asyncpg.Connection) -> None:
        self._connection = connection

    async def records(self, query: Query, **params: Any) -> list[asyncpg.Record]:
        records: list[asyncpg.Record] = await self._connection.fetch(query.sql, *query.args(params))
        return records

    async def record(self, query: Query, **params: Any) -> asyncpg.Record | None:
        return await self._connection.fetchrow(query.sql, *query.args(params))


async def _driver(session: AsyncSession) -> _Driver:
    connection = await session.connection()
    raw = await connection.get_raw_connection()
    return _Driver(raw.driver_connection)


async def lock_project(session: AsyncSession, project_id: uuid.UUID) -> asyncpg.Record | None:
    """Lock the project row for this transaction (writers call it before locking tasks, so
    every writer takes its locks in the same order and two edits cannot deadlock)."""
    return await (await _driver(session)).record(_PROJECT, project_id=project_id)


async def load_plan(session: AsyncSession, project_id: uuid.UUID) -> PlanRows | None:
    driver = await _driver(session)
    project = await driver.record(_PROJECT, project_id=project_id)
    if project is None:
        return None
    tasks = await driver.records(_TASKS, project_id=project_id)
    links = await driver.records(_LINKS, project_id=project_id)
    calendar = None
    if project["calendar_id"] is not None:
        row = await driver.record(_CALENDAR, calendar_id=project["calendar_id"])
        if row is not None:
            rows = await driver.records(_EXCEPTIONS, calendar_id=project["calendar_id"])
            calendar = CalendarRows(row[0], row[1], [(r[0], r[1]) for r in rows])
    return PlanRows(project=project, tasks=tasks, links=links, calendar=calendar)


async def write_tasks(session: AsyncSession, rows: Sequence[tuple[Any, ...]]) -> None:
    """One UPDATE for any number of rows: each column travels as one array parameter."""
    if not rows:
        return
    columns = list(zip(*rows, strict=True))
    params: dict[str, Any] = {"id": list(columns[0])}
    for name, values in zip(COMPUTED, columns[1:], strict=True):
        params[name] = list(values)
    connection = await session.connection()
    await connection.execute(_WRITE_BACK, params)


async def write_project_dates(
    session: AsyncSession, project_id: uuid.UUID, start: datetime | None, finish: datetime | None
) -> None:
    connection = await session.connection()
    await connection.execute(
        _PROJECT_DATES,
        {"project_id": project_id, "scheduled_start": start, "scheduled_finish": finish},
    )


# -- links -------------------------------------------------------------------------------------

LINK_SORT = SortSpec(name="created_at", column=Dependency.created_at.expression)
_IN_PROJECT = select(*Dependency.__table__.c).where(
    Dependency.project_id == bindparam("project_id", type_=Uuid)
)
_LINK_PAGES = {
    after: Query(keyset(_IN_PROJECT, LINK_SORT, Dependency.id.expression, after=after))
    for after in (False, True)
}


_INTO = {
    read_all: Query(
        select(*Dependency.__table__.c)
        .where(
            Dependency.successor_id == any_(bindparam("successor_ids", type_=ARRAY(Uuid))),
            Dependency.project_id.in_(select(Project.id).where(visible_projects(read_all))),
        )
        .order_by(Dependency.successor_id, Dependency.created_at, Dependency.id)
    )
    for read_all in (True, False)
}


async def list_links(
    reader: Reader, project_id: uuid.UUID, page: PageParams
) -> tuple[list[Any], str | None]:
    params = keyset_params(LINK_SORT, page)
    rows = await reader.all(_LINK_PAGES["after_id" in params], project_id=project_id, **params)
    return page_of(rows, LINK_SORT, "created_at", page)


async def links_into(
    reader: Reader, subject: str | None, successor_ids: list[uuid.UUID]
) -> list[dict[str, Any]]:
    """Every link into the given tasks that the caller may read (``subject`` None: all)."""
    params: dict[str, Any] = {"successor_ids": successor_ids}
    if subject is not None:
        params["subject"] = subject
    return await reader.all(_INTO[subject is None], **params)


async def task_projects(
    session: AsyncSession, task_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, uuid.UUID]:
    """task id -> its project id, for the ids that exist."""
    result = await session.execute(select(Task.id, Task.project_id).where(Task.id.in_(task_ids)))
    return {row.id: row.project_id for row in result}


async def link_exists(
    session: AsyncSession, predecessor_id: uuid.UUID, successor_id: uuid.UUID
) -> bool:
    found = await session.scalar(
        select(Dependency.id).where(
            Dependency.predecessor_id == predecessor_id,
            Dependency.successor_id == successor_id,
        )
    )
    return found is not None


# -- reads of the stored schedule -------------------------------------------------------------

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
)
_CRITICAL_SELECT = (
    select(*_SCHEDULE_COLUMNS)
    .where(
        Task.project_id == bindparam("project_id", type_=Uuid),
        Task.critical.is_(True),
        Task.is_summary.is_(False),
    )
    .order_by(Task.early_start, Task.early_finish, Task.wbs_code)
)
_CRITICAL = Query(_CRITICAL_SELECT)
_FINISH = Query(
    select(Project.scheduled_finish).where(Project.id == bindparam("project_id", type_=Uuid))
)
WBS_SORT = SortSpec(name="position", column=Task.position.expression)
_SCHEDULE_SELECT = select(*_SCHEDULE_COLUMNS, Task.position).where(
    Task.project_id == bindparam("project_id", type_=Uuid)
)
_SCHEDULE_PAGES = {
    after: Query(keyset(_SCHEDULE_SELECT, WBS_SORT, Task.id.expression, after=after))
    for after in (False, True)
}


async def critical_tasks(reader: Reader, project_id: uuid.UUID) -> list[dict[str, Any]]:
    return await reader.all(_CRITICAL, project_id=project_id)


async def project_finish(reader: Reader, project_id: uuid.UUID) -> datetime | None:
    value: datetime | None = await reader.value(_FINISH, project_id=project_id)
    return value


async def schedule_page(
    reader: Reader, project_id: uuid.UUID, page: PageParams
) -> tuple[list[Any], str | None]:
    params = keyset_params(WBS_SORT, page)
    rows = await reader.all(_SCHEDULE_PAGES["after_id" in params], project_id=project_id, **params)
    return page_of(rows, WBS_SORT, "position", page)
