"""The what-if's own reads: the pool a scenario is checked against, the calendars it names,
a portfolio's projects, and the assignments' cost inputs (priced by the assignments'
service). Everything else comes from capacity's and levelling's loaders."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

from sqlalchemy import Float, cast, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from services.projects.models import Assignment, Calendar, Portfolio, Project, Resource, Task

_POOL = select(
    Resource.id,
    Resource.kind,
    Resource.name,
    Resource.role_name,
    cast(Resource.max_units, Float).label("max_units"),
    Resource.active,
)
_COST_INPUTS = (
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
)


async def pool(session: AsyncSession) -> list[dict[str, Any]]:
    """Every resource (a role's members are found by role name)."""
    return [dict(row._mapping) for row in await session.execute(_POOL)]


async def known_calendars(session: AsyncSession, ids: Iterable[uuid.UUID]) -> set[uuid.UUID]:
    wanted = list(set(ids))
    if not wanted:
        return set()
    rows = await session.execute(select(Calendar.id).where(Calendar.id.in_(wanted)))
    return set(rows.scalars())


async def portfolio_projects(
    session: AsyncSession, portfolio_id: uuid.UUID
) -> list[uuid.UUID] | None:
    """The portfolio's projects (None: no such portfolio)."""
    if (
        await session.execute(select(Portfolio.id).where(Portfolio.id == portfolio_id))
    ).first() is None:
        return None
    rows = await session.execute(
        select(Project.id).where(Project.portfolio_id == portfolio_id).order_by(Project.id)
    )
    return list(rows.scalars())


async def cost_inputs(session: AsyncSession, project_ids: list[uuid.UUID]) -> list[dict[str, Any]]:
    """The projects' assignments with what their cost is computed from."""
    statement = _COST_INPUTS.where(Assignment.project_id.in_(project_ids))
    return [dict(row._mapping) for row in await session.execute(statement)]
