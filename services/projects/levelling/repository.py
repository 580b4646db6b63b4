"""All SQL of levelling: the pool, the assignments, the plan's fingerprint, the delays."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from sqlalchemy import Float, Text, cast, func, literal, select, text, union_all, update
from sqlalchemy.dialects.postgresql import aggregate_order_by
from sqlalchemy.ext.asyncio import AsyncSession

from services.projects.access.filters import live_projects
from services.projects.models import (
    Assignment,
    Calendar,
    CalendarException,
    Dependency,
    Portfolio,
    Project,
    Resource,
    ResourceTimeOff,
    Task,
)

_WRITE_DELAYS = text(
    "UPDATE tasks SET levelling_delay_days = d.days, version = tasks.version + 1, "
    "updated_at = now() "
    "FROM unnest(CAST(:ids AS uuid[]), CAST(:days AS numeric[])) AS d(id, days) "
    "WHERE tasks.id = d.id AND tasks.project_id = ANY(CAST(:projects AS uuid[])) "
    "AND tasks.levelling_delay_days <> d.days"
)


async def portfolio_projects(session: AsyncSession, portfolio_id: uuid.UUID) -> list[uuid.UUID]:
    rows = await session.execute(
        select(Project.id)
        .where(Project.portfolio_id == portfolio_id, live_projects())
        .order_by(Project.id)
    )
    return list(rows.scalars())


async def project_versions(
    session: AsyncSession, project_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, int]:
    rows = await session.execute(
        select(Project.id, Project.version).where(Project.id.in_(project_ids))
    )
    return {row.id: row.version for row in rows}


async def assignments(session: AsyncSession, project_ids: Sequence[uuid.UUID]) -> list[Any]:
    rows = await session.execute(
        select(
            cast(Assignment.task_id, Text).label("task_id"),
            cast(Assignment.resource_id, Text).label("resource_id"),
            cast(Assignment.units, Float).label("units"),
        ).where(Assignment.project_id.in_(project_ids))
    )
    return list(rows)


async def resources(session: AsyncSession) -> list[Any]:
    """The active pool (small: every person and role of the organisation)."""
    rows = await session.execute(
        select(
            cast(Resource.id, Text).label("id"),
            Resource.kind,
            Resource.name,
            Resource.role_name,
            cast(Resource.max_units, Float).label("max_units"),
            Resource.calendar_id,
        ).where(Resource.active.is_(True))
    )
    return list(rows)


async def time_off(session: AsyncSession) -> list[Any]:
    rows = await session.execute(
        select(
            cast(ResourceTimeOff.resource_id, Text).label("resource_id"),
            ResourceTimeOff.from_date,
            ResourceTimeOff.to_date,
        )
    )
    return list(rows)


async def calendars(session: AsyncSession, calendar_ids: set[uuid.UUID]) -> dict[uuid.UUID, Any]:
    """Each calendar's weekdays, hours per day and exceptions."""
    if not calendar_ids:
        return {}
    rows = await session.execute(
        select(Calendar.id, Calendar.working_weekdays, cast(Calendar.hours_per_day, Float)).where(
            Calendar.id.in_(calendar_ids)
        )
    )
    found: dict[uuid.UUID, Any] = {row[0]: (tuple(row[1]), row[2], []) for row in rows}
    exceptions = await session.execute(
        select(
            CalendarException.calendar_id, CalendarException.day, CalendarException.working
        ).where(CalendarException.calendar_id.in_(calendar_ids))
    )
    for calendar_id, day, working in exceptions:
        found[calendar_id][2].append((day, working))
    return found


async def fingerprint(session: AsyncSession, project_ids: Sequence[uuid.UUID]) -> dict[str, str]:
    """Per project, a digest of every version levelling depends on (the project, its tasks,
    links and assignments): any edit in between changes it."""
    parts = union_all(
        select(
            Project.id.label("project_id"),
            literal("p").label("k"),
            Project.id.label("id"),
            Project.version,
        ),
        select(Task.project_id, literal("t"), Task.id, Task.version),
        select(Dependency.project_id, literal("d"), Dependency.id, Dependency.version),
        select(Assignment.project_id, literal("a"), Assignment.id, Assignment.version),
    ).subquery()
    rows = await session.execute(
        select(
            parts.c.project_id,
            func.md5(
                func.string_agg(
                    parts.c.k + cast(parts.c.id, Text) + ":" + cast(parts.c.version, Text),
                    aggregate_order_by(literal(","), parts.c.k, parts.c.id),
                )
            ),
        )
        .where(parts.c.project_id.in_(project_ids))
        .group_by(parts.c.project_id)
    )
    return {str(row[0]): row[1] for row in rows}


async def current_delays(
    session: AsyncSession, project_ids: Sequence[uuid.UUID], task_ids: Sequence[str]
) -> dict[str, tuple[uuid.UUID, Decimal]]:
    """task id -> (project id, levelling delay) of the tasks with a delay or named."""
    rows = await session.execute(
        select(Task.id, Task.project_id, Task.levelling_delay_days).where(
            Task.project_id.in_(project_ids),
            (Task.levelling_delay_days != 0) | Task.id.in_([uuid.UUID(t) for t in task_ids]),
        )
    )
    return {str(row[0]): (row[1], row[2]) for row in rows}


async def write_delays(
    session: AsyncSession, project_ids: Sequence[uuid.UUID], delays: Mapping[str, float]
) -> int:
    """Set every task's levelling delay in these projects (absent: 0); answers how many rows
    changed. Changed rows move their version, as every task write does."""
    changed = 0
    reset = await session.execute(
        update(Task)
        .where(Task.project_id.in_(project_ids), Task.levelling_delay_days != 0)
        .where(Task.id.not_in([uuid.UUID(t) for t in delays]))
        .values(levelling_delay_days=0, version=Task.version + 1, updated_at=func.now())
        .execution_options(synchronize_session=False)
    )
    changed += reset.rowcount  # type: ignore[attr-defined]
    if delays:
        result = await session.execute(
            _WRITE_DELAYS,
            {
                "ids": list(delays),
                "days": [str(d) for d in delays.values()],
                "projects": [str(p) for p in project_ids],
            },
        )
        changed += result.rowcount  # type: ignore[attr-defined]
    return changed


async def portfolio_exists(session: AsyncSession, portfolio_id: uuid.UUID) -> bool:
    row = await session.execute(select(Portfolio.id).where(Portfolio.id == portfolio_id))
    return row.first() is not None


async def scheduled_finish(session: AsyncSession, project_id: uuid.UUID) -> Any:
    row = await session.execute(
        select(Project.scheduled_finish)
        .where(Project.id == project_id)
        .execution_options(populate_existing=True)
    )
    return row.scalar_one_or_none()
