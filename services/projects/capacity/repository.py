"""Capacity's reads: six statements whatever the size of the portfolio (the projects in
scope, the resource pool, the resources the scope assigns, the assignments of the resources
concerned with their tasks' dates, their calendars, their time off). Dates come back as
day numbers (days since 1970-01-01) and times as minutes of the day, ready for numpy."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import date
from typing import Any

import asyncpg
from sqlalchemy import (
    ARRAY,
    Date,
    Float,
    Integer,
    Uuid,
    and_,
    any_,
    bindparam,
    cast,
    extract,
    false,
    func,
    literal,
    select,
    type_coerce,
)

from services.projects.access.filters import Viewer, live_projects, visible_projects
from services.projects.models import (
    Assignment,
    Calendar,
    CalendarException,
    Project,
    Resource,
    ResourceTimeOff,
    Task,
)
from shared.reads import Query, Reader

_IDS = bindparam("ids", type_=ARRAY(Uuid))
_FIRST = bindparam("first", type_=Date)
_LAST = bindparam("last", type_=Date)
_EPOCH = literal(date(1970, 1, 1), Date)
# Cancelled projects will not happen: they ask for nobody.
_LIVE = and_(Project.status != "cancelled", live_projects())


def _portfolio_projects(read_all: bool) -> Query:
    return Query(
        select(Project.id).where(
            Project.portfolio_id == bindparam("portfolio_id", type_=Uuid),
            _LIVE,
            visible_projects(read_all),
        )
    )


_PORTFOLIO_PROJECTS = {read_all: _portfolio_projects(read_all) for read_all in (True, False)}
_LIVE_PROJECTS = Query(select(Project.id).where(Project.id == any_(_IDS), _LIVE))
_PROJECT_SPAN = Query(
    select(
        cast(Project.scheduled_start, Date).label("first"),
        cast(Project.scheduled_finish, Date).label("last"),
    ).where(Project.id == bindparam("project_id", type_=Uuid))
)
_RESOURCES = Query(
    select(
        Resource.id,
        Resource.kind,
        Resource.name,
        Resource.role_name,
        cast(Resource.max_units, Float).label("max_units"),
        Resource.calendar_id,
        Resource.active,
    ).order_by(Resource.name, Resource.id)
)
_ASSIGNED = Query(
    select(Assignment.resource_id).where(Assignment.project_id == any_(_IDS)).distinct()
)


def _day(value: Any) -> Any:
    return type_coerce(cast(value, Date) - _EPOCH, Integer)


def _minute(value: Any) -> Any:
    return cast(extract("hour", value) * 60 + extract("minute", value), Integer)


_START = func.coalesce(Task.actual_start, Task.early_start)
_FINISH = func.coalesce(Task.actual_finish, Task.early_finish)
_ASSIGNMENTS = Query(
    select(
        Assignment.resource_id,
        Assignment.task_id,
        Task.name.label("task_name"),
        Assignment.project_id,
        Project.calendar_id,
        cast(Assignment.units, Float).label("units"),
        _day(_START).label("start_day"),
        _minute(_START).label("start_minute"),
        _day(_FINISH).label("finish_day"),
        _minute(_FINISH).label("finish_minute"),
        (Assignment.project_id == any_(bindparam("scope", type_=ARRAY(Uuid)))).label("in_scope"),
    )
    .join(Task, Task.id == Assignment.task_id)
    .join(Project, Project.id == Assignment.project_id)
    .where(
        Assignment.resource_id == any_(_IDS),
        _LIVE,
        # Summary tasks take no assignment; milestones ask for no work.
        Task.is_summary == false(),
        Task.is_milestone == false(),
        _START.is_not(None),
        _FINISH.is_not(None),
        cast(_START, Date) <= _LAST,
        cast(_FINISH, Date) >= _FIRST,
    )
    .order_by(Assignment.project_id, Assignment.task_id, Assignment.resource_id)
)
_CALENDARS = Query(
    select(
        Calendar.id, Calendar.working_weekdays, cast(Calendar.hours_per_day, Float).label("hpd")
    ).where(Calendar.id == any_(_IDS))
)
_EXCEPTIONS = Query(
    select(CalendarException.calendar_id, _day(CalendarException.day).label("day"))
    .add_columns(CalendarException.working)
    .where(
        CalendarException.calendar_id == any_(_IDS),
        and_(CalendarException.day >= _FIRST, CalendarException.day <= _LAST),
    )
)
_TIME_OFF = Query(
    select(
        ResourceTimeOff.resource_id,
        _day(ResourceTimeOff.from_date).label("first"),
        _day(ResourceTimeOff.to_date).label("last"),
    )
    .where(
        ResourceTimeOff.resource_id == any_(_IDS),
        ResourceTimeOff.from_date <= _LAST,
        ResourceTimeOff.to_date >= _FIRST,
    )
    .order_by(ResourceTimeOff.resource_id, ResourceTimeOff.from_date)
)


class CapacityRepository:
    async def portfolio_projects(
        self, reader: Reader, portfolio_id: uuid.UUID, viewer: Viewer | None
    ) -> list[uuid.UUID]:
        """The portfolio's projects the caller (``viewer``; None: anyone) may read."""
        params: dict[str, Any] = {"portfolio_id": portfolio_id}
        if viewer is not None:
            params.update(viewer.params())
        rows = await reader.records(_PORTFOLIO_PROJECTS[viewer is None], **params)
        return [row["id"] for row in rows]

    async def live_projects(self, reader: Reader, ids: list[uuid.UUID]) -> list[uuid.UUID]:
        return [row["id"] for row in await reader.records(_LIVE_PROJECTS, ids=ids)]

    async def project_span(
        self, reader: Reader, project_id: uuid.UUID
    ) -> tuple[date | None, date | None]:
        row = await reader.one(_PROJECT_SPAN, project_id=project_id)
        return (row["first"], row["last"]) if row else (None, None)

    async def resources(self, reader: Reader) -> list[asyncpg.Record]:
        """The whole pool: a pool's members are found by role name."""
        return await reader.records(_RESOURCES)

    async def assigned_resources(
        self, reader: Reader, project_ids: list[uuid.UUID]
    ) -> set[uuid.UUID]:
        return {row["resource_id"] for row in await reader.records(_ASSIGNED, ids=project_ids)}

    async def assignments(
        self,
        reader: Reader,
        resource_ids: Iterable[uuid.UUID],
        scope: list[uuid.UUID],
        first: date,
        last: date,
    ) -> list[asyncpg.Record]:
        """Every assignment of these resources (in any project) whose task spans a day of
        the window; ``in_scope`` tells the scope's from the others."""
        return await reader.records(
            _ASSIGNMENTS, ids=list(resource_ids), scope=scope, first=first, last=last
        )

    async def calendars(
        self, reader: Reader, ids: Iterable[uuid.UUID], first: date, last: date
    ) -> tuple[list[asyncpg.Record], list[asyncpg.Record]]:
        """The calendars and their exceptions within the window."""
        wanted = list(set(ids))
        if not wanted:
            return [], []
        calendars = await reader.records(_CALENDARS, ids=wanted)
        exceptions = await reader.records(_EXCEPTIONS, ids=wanted, first=first, last=last)
        return calendars, exceptions

    async def time_off(
        self, reader: Reader, resource_ids: Iterable[uuid.UUID], first: date, last: date
    ) -> list[asyncpg.Record]:
        return await reader.records(_TIME_OFF, ids=list(resource_ids), first=first, last=last)
