"""The what-if's own reads: the pool a scenario is checked against, the calendars it names,
and a portfolio's projects. Everything else comes from the assignments', capacity's and
levelling's services."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

from sqlalchemy import Float, cast, select
from sqlalchemy.ext.asyncio import AsyncSession

from services.projects.access.filters import live_projects
from services.projects.models import Calendar, Portfolio, Project, Resource

_POOL = select(
    Resource.id,
    Resource.kind,
    Resource.name,
    Resource.role_name,
    cast(Resource.max_units, Float).label("max_units"),
    Resource.active,
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
        select(Project.id)
        .where(Project.portfolio_id == portfolio_id, live_projects())
        .order_by(Project.id)
    )
    return list(rows.scalars())
