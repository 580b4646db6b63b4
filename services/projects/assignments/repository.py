"""The SQL of assignments. Every read returns plain rows: the assignment with what its cost
and work are computed from (the task's dates and duration, its project's calendar and
currency), so a list of any length is one query plus the rates and calendars it names."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import ARRAY, Select, Uuid, any_, bindparam, exists, func, or_, select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession

from services.projects.access.filters import Viewer, live_projects
from services.projects.models import (
    Assignment,
    Calendar,
    CalendarException,
    Portfolio,
    Project,
    ProjectMember,
    Resource,
    ResourceRate,
    Task,
)
from services.projects.schedule.rows import CalendarRows
from shared.pagination import PageParams
from shared.reads import AnySelect, Query, Reader
from shared.repository import SortSpec, keyset, keyset_params, page_of

Row = dict[str, Any]
RateRow = tuple[date, Decimal, str]  # effective_from, rate per hour, currency

CREATED_SORT = SortSpec(name="created_at", column=Assignment.created_at.expression)
_ROWS: Select[Any] = (
    select(
        *Assignment.__table__.c,
        Task.duration_days,
        Task.is_summary,
        func.coalesce(Task.actual_start, Task.early_start).label("start"),
        func.coalesce(Task.actual_finish, Task.early_finish).label("finish"),
        Project.calendar_id,
        func.coalesce(Project.currency, Portfolio.currency).label("project_currency"),
    )
    .join(Task, Task.id == Assignment.task_id)
    .join(Project, Project.id == Assignment.project_id)
    .outerjoin(Portfolio, Portfolio.id == Project.portfolio_id)
)


def _visible(statement: Select[Any], viewer: Viewer | None) -> Select[Any]:
    """``viewer`` None: the caller reads every project (but archived ones)."""
    statement = statement.where(live_projects())
    if viewer is None:
        return statement
    member_of = select(ProjectMember.project_id).where(ProjectMember.user_id == viewer.subject)
    return statement.where(
        or_(Assignment.project_id.in_(member_of), Assignment.project_id.in_(sorted(viewer.reach)))
    )


# A write transaction's session, or the read pool (the baseline variance reads this way).
Db = AsyncSession | Reader
_IDS = bindparam("ids", type_=ARRAY(Uuid))
_OF_PROJECTS = _ROWS.where(Assignment.project_id == any_(_IDS))
_RATES = (
    select(
        ResourceRate.resource_id,
        ResourceRate.effective_from,
        ResourceRate.rate_per_hour,
        ResourceRate.currency,
    )
    .where(ResourceRate.resource_id == any_(_IDS))
    .order_by(ResourceRate.resource_id, ResourceRate.effective_from)
)
_EXCEPTIONS = select(
    CalendarException.calendar_id, CalendarException.day, CalendarException.working
).where(CalendarException.calendar_id == any_(_IDS))
_CALENDARS = select(Calendar.id, Calendar.working_weekdays, Calendar.hours_per_day).where(
    Calendar.id == any_(_IDS)
)
# What a task's resource cost needs, and no more: the widest reads of all (every
# assignment of a project) go through the driver's records, not ORM rows.
_COSTS = (
    select(
        Assignment.task_id,
        Assignment.resource_id,
        Assignment.units,
        Task.duration_days,
        func.coalesce(Task.actual_start, Task.early_start).label("start"),
        func.coalesce(Task.actual_finish, Task.early_finish).label("finish"),
        Project.calendar_id,
        func.coalesce(Project.currency, Portfolio.currency).label("project_currency"),
    )
    .join(Task, Task.id == Assignment.task_id)
    .join(Project, Project.id == Assignment.project_id)
    .outerjoin(Portfolio, Portfolio.id == Project.portfolio_id)
    .where(Assignment.project_id == any_(_IDS))
)
_READ_QUERIES = {id(s): Query(s) for s in (_OF_PROJECTS, _COSTS, _RATES, _EXCEPTIONS, _CALENDARS)}


async def _reader(db: Db) -> Reader:
    """The read pool, or the session's own connection (its transaction's rows)."""
    if isinstance(db, Reader):
        return db
    connection = await db.connection()
    raw = await connection.get_raw_connection()
    return Reader(connection=raw.driver_connection)


async def _rows(db: Db, statement: AnySelect, **params: Any) -> list[Row]:
    if statement is _ROWS or id(statement) not in _READ_QUERIES:
        assert isinstance(db, AsyncSession)
        return [dict(r._mapping) for r in await db.execute(statement, params)]
    return await (await _reader(db)).all(_READ_QUERIES[id(statement)], **params)


class AssignmentRepository:
    # -- reads (plain rows) ---------------------------------------------------------------

    async def row(self, session: AsyncSession, assignment_id: uuid.UUID) -> Row | None:
        rows = await _rows(session, _ROWS.where(Assignment.id == assignment_id))
        return rows[0] if rows else None

    async def of_task(self, session: AsyncSession, task_id: uuid.UUID) -> list[Row]:
        statement = _ROWS.where(Assignment.task_id == task_id)
        return await _rows(session, statement.order_by(Assignment.created_at, Assignment.id))

    async def of_tasks(
        self, session: AsyncSession, task_ids: list[uuid.UUID], viewer: Viewer | None
    ) -> list[Row]:
        """The assignments of these tasks, of the projects ``viewer`` may read."""
        statement = _visible(_ROWS.where(Assignment.task_id.in_(task_ids)), viewer)
        return await _rows(session, statement.order_by(Assignment.created_at, Assignment.id))

    async def of_resources(
        self, session: AsyncSession, resource_ids: list[uuid.UUID], viewer: Viewer | None
    ) -> list[Row]:
        statement = _visible(_ROWS.where(Assignment.resource_id.in_(resource_ids)), viewer)
        return await _rows(session, statement.order_by(Assignment.created_at, Assignment.id))

    async def of_projects(self, db: Db, project_ids: Iterable[uuid.UUID]) -> list[Row]:
        """Every assignment of these projects (capacity and levelling read these)."""
        return await _rows(db, _OF_PROJECTS, ids=list(project_ids))

    async def cost_rows(self, db: Db, project_ids: Iterable[uuid.UUID]) -> list[Any]:
        """The assignments of these projects with what their cost is computed from, as
        the driver's records (read by name)."""
        reader = await _reader(db)
        return await reader.records(_READ_QUERIES[id(_COSTS)], ids=list(project_ids))

    async def of_portfolio(self, session: AsyncSession, portfolio_id: uuid.UUID) -> list[Row]:
        return await _rows(
            session, _ROWS.where(Project.portfolio_id == portfolio_id, live_projects())
        )

    async def page_of_project(
        self, session: AsyncSession, project_id: uuid.UUID, page: PageParams
    ) -> tuple[list[Row], str | None]:
        params = keyset_params(CREATED_SORT, page)
        statement = keyset(
            _ROWS.where(Assignment.project_id == project_id),
            CREATED_SORT,
            Assignment.id.expression,
            after="after_id" in params,
        )
        rows = await _rows(session, statement, **params)
        items, cursor = page_of(rows, CREATED_SORT, "created_at", page)
        return [dict(r) for r in items], cursor

    async def rates(
        self, db: Db, resource_ids: Iterable[uuid.UUID]
    ) -> dict[uuid.UUID, list[RateRow]]:
        """Each resource's rates, oldest first."""
        wanted = list(set(resource_ids))
        found: dict[uuid.UUID, list[RateRow]] = defaultdict(list)
        if not wanted:
            return found
        for row in await _rows(db, _RATES, ids=wanted):
            found[row["resource_id"]].append(
                (row["effective_from"], row["rate_per_hour"], row["currency"])
            )
        return found

    async def calendars(
        self, db: Db, calendar_ids: Iterable[uuid.UUID | None]
    ) -> dict[uuid.UUID, CalendarRows]:
        """The project calendars named, as the engine reads them."""
        ids = list({calendar_id for calendar_id in calendar_ids if calendar_id is not None})
        if not ids:
            return {}
        exceptions: dict[uuid.UUID, list[tuple[date, bool]]] = defaultdict(list)
        for row in await _rows(db, _EXCEPTIONS, ids=ids):
            exceptions[row["calendar_id"]].append((row["day"], row["working"]))
        return {
            row["id"]: CalendarRows(
                working_weekdays=tuple(row["working_weekdays"]),
                hours_per_day=float(row["hours_per_day"]),
                exceptions=tuple(exceptions[row["id"]]),
            )
            for row in await _rows(db, _CALENDARS, ids=ids)
        }

    # -- writes ---------------------------------------------------------------------------

    async def load_for_update(
        self, session: AsyncSession, assignment_id: uuid.UUID
    ) -> Assignment | None:
        return await session.get(Assignment, assignment_id, with_for_update=True)

    async def load_task(self, session: AsyncSession, task_id: uuid.UUID) -> Task | None:
        return await session.get(Task, task_id)

    async def load_resource(self, session: AsyncSession, resource_id: uuid.UUID) -> Resource | None:
        return await session.get(Resource, resource_id)

    async def project_calendar(
        self, session: AsyncSession, project_id: uuid.UUID
    ) -> tuple[uuid.UUID | None, str | None]:
        """The project's calendar id and the currency its money is in (its own, else its
        portfolio's)."""
        statement = (
            select(Project.calendar_id, func.coalesce(Project.currency, Portfolio.currency))
            .outerjoin(Portfolio, Portfolio.id == Project.portfolio_id)
            .where(Project.id == project_id)
        )
        row = (await session.execute(statement)).one()
        return row[0], row[1]

    async def taken(
        self, session: AsyncSession, task_id: uuid.UUID, resource_id: uuid.UUID
    ) -> bool:
        condition = exists().where(
            Assignment.task_id == task_id, Assignment.resource_id == resource_id
        )
        return bool(await session.scalar(select(condition)))

    async def task_has_assignments(self, session: AsyncSession, task_id: uuid.UUID) -> bool:
        return bool(await session.scalar(select(exists().where(Assignment.task_id == task_id))))

    async def resource_has_assignments(self, session: AsyncSession, resource_id: uuid.UUID) -> bool:
        condition = exists().where(Assignment.resource_id == resource_id)
        return bool(await session.scalar(select(condition)))

    # -- bulk ----------------------------------------------------------------------------

    async def tasks_in_project(
        self, session: AsyncSession, project_id: uuid.UUID, ids: Iterable[uuid.UUID]
    ) -> dict[uuid.UUID, Task]:
        wanted = list(set(ids))
        if not wanted:
            return {}
        statement = select(Task).where(Task.project_id == project_id, Task.id.in_(wanted))
        return {task.id: task for task in await session.scalars(statement)}

    async def task_ids_by_key(
        self, session: AsyncSession, project_id: uuid.UUID, keys: Iterable[tuple[str, str]]
    ) -> dict[tuple[str, str], uuid.UUID]:
        """Ids of the project's tasks with these external keys."""
        pairs = list(set(keys))
        if not pairs:
            return {}
        statement = select(Task.external_source, Task.external_id, Task.id).where(
            Task.project_id == project_id,
            tuple_(Task.external_source, Task.external_id).in_(pairs),
        )
        return {(r[0], r[1]): r[2] for r in await session.execute(statement)}  # type: ignore[misc]

    async def resources(
        self, session: AsyncSession, ids: Iterable[uuid.UUID], keys: Iterable[tuple[str, str]]
    ) -> tuple[dict[uuid.UUID, Resource], dict[tuple[str, str], Resource]]:
        """The resources named by id and by external key (an HR system's)."""
        by_id: dict[uuid.UUID, Resource] = {}
        by_key: dict[tuple[str, str], Resource] = {}
        wanted, pairs = list(set(ids)), list(set(keys))
        if wanted:
            by_id = {
                r.id: r
                for r in await session.scalars(select(Resource).where(Resource.id.in_(wanted)))
            }
        if pairs:
            keyed = select(Resource).where(
                tuple_(Resource.external_source, Resource.external_id).in_(pairs)
            )
            by_key = {(r.external_source, r.external_id): r for r in await session.scalars(keyed)}  # type: ignore[misc]
        return by_id, by_key

    async def existing(
        self, session: AsyncSession, project_id: uuid.UUID, task_ids: Iterable[uuid.UUID]
    ) -> dict[tuple[uuid.UUID, uuid.UUID], Assignment]:
        """(task id, resource id) -> the assignment, locked until the transaction ends."""
        wanted = list(set(task_ids))
        if not wanted:
            return {}
        statement = (
            select(Assignment)
            .where(Assignment.project_id == project_id, Assignment.task_id.in_(wanted))
            .with_for_update()
        )
        return {(a.task_id, a.resource_id): a for a in await session.scalars(statement)}
