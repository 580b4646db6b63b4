"""Every statement about health overrides."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import select, text
from sqlalchemy.dialects.postgresql import distinct_on
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.elements import ColumnElement

from services.reporting.models import HealthOverride
from shared.pagination import PageParams
from shared.repository import SortSpec, keyset_params, page_of

NEWEST_FIRST = SortSpec(
    name="-created_at", column=HealthOverride.created_at.expression, descending=True
)
# One override of a project applies at a time: two set at once are serialised, and the
# second supersedes the first.
_LOCK_PROJECT = text("SELECT pg_advisory_xact_lock(hashtextextended(:key, 0))")


def _active(now: datetime) -> ColumnElement[bool]:
    return HealthOverride.revoked_at.is_(None) & (HealthOverride.expires_at > now)


async def lock_project(session: AsyncSession, project_id: uuid.UUID) -> None:
    await session.execute(_LOCK_PROJECT, {"key": f"health-override:{project_id}"})


async def active_of_project(
    session: AsyncSession, project_id: uuid.UUID, now: datetime
) -> list[HealthOverride]:
    stmt = (
        select(HealthOverride)
        .where(HealthOverride.project_id == project_id, _active(now))
        .with_for_update()
    )
    return list((await session.scalars(stmt)).all())


async def active_of_projects(
    session: AsyncSession, project_ids: list[uuid.UUID], now: datetime
) -> list[HealthOverride]:
    """The newest active override of each project that has one."""
    if not project_ids:
        return []
    stmt = (
        select(HealthOverride)
        .ext(distinct_on(HealthOverride.project_id))
        .where(HealthOverride.project_id.in_(project_ids), _active(now))
        .order_by(
            HealthOverride.project_id, HealthOverride.created_at.desc(), HealthOverride.id.desc()
        )
    )
    return list((await session.scalars(stmt)).all())


async def get(
    session: AsyncSession, override_id: uuid.UUID, *, for_update: bool = False
) -> HealthOverride | None:
    return await session.get(HealthOverride, override_id, with_for_update=for_update)


async def add(session: AsyncSession, override: HealthOverride) -> None:
    session.add(override)
    await session.flush()


async def page(
    session: AsyncSession, project_id: uuid.UUID, params: PageParams
) -> tuple[list[HealthOverride], str | None]:
    """The project's overrides, newest first (revoked and expired included)."""
    values = keyset_params(NEWEST_FIRST, params)
    stmt = select(HealthOverride).where(HealthOverride.project_id == project_id)
    if "after_id" in values:
        key = (HealthOverride.created_at, HealthOverride.id)
        stmt = stmt.where(
            (key[0] < values["after_value"])
            | ((key[0] == values["after_value"]) & (key[1] < values["after_id"]))
        )
    stmt = stmt.order_by(HealthOverride.created_at.desc(), HealthOverride.id.desc())
    rows = list((await session.scalars(stmt.limit(values["limit"]))).all())
    keyed = [{"created_at": r.created_at, "id": r.id, "row": r} for r in rows]
    items, cursor = page_of(keyed, NEWEST_FIRST, "created_at", params)
    return [item["row"] for item in items], cursor
