"""Every statement about health policies: the current version of one or many portfolios,
the versions in pages (newest first), and the insert of a new version."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import func, select, text
from sqlalchemy.dialects.postgresql import distinct_on
from sqlalchemy.ext.asyncio import AsyncSession

from services.reporting.models import HealthPolicy
from shared.pagination import PageParams
from shared.repository import SortSpec, keyset_params, page_of

NEWEST_FIRST = SortSpec(name="-version", column=HealthPolicy.version.expression, descending=True)
# Two changes of one portfolio's policy at once: the second waits for the first and then
# numbers its version after it (instead of both taking the same number).
_LOCK_PORTFOLIO = text("SELECT pg_advisory_xact_lock(hashtextextended(:key, 0))")


async def lock_portfolio(session: AsyncSession, portfolio_id: uuid.UUID) -> None:
    await session.execute(_LOCK_PORTFOLIO, {"key": f"health-policy:{portfolio_id}"})


async def current(session: AsyncSession, portfolio_id: uuid.UUID) -> HealthPolicy | None:
    stmt = (
        select(HealthPolicy)
        .where(HealthPolicy.portfolio_id == portfolio_id)
        .order_by(HealthPolicy.version.desc())
        .limit(1)
    )
    return (await session.scalars(stmt)).first()


async def current_of_portfolios(
    session: AsyncSession, portfolio_ids: list[uuid.UUID]
) -> list[HealthPolicy]:
    if not portfolio_ids:
        return []
    stmt = (
        select(HealthPolicy)
        .ext(distinct_on(HealthPolicy.portfolio_id))
        .where(HealthPolicy.portfolio_id.in_(portfolio_ids))
        .order_by(HealthPolicy.portfolio_id, HealthPolicy.version.desc())
    )
    return list((await session.scalars(stmt)).all())


async def latest_version(session: AsyncSession, portfolio_id: uuid.UUID) -> int:
    stmt = select(func.max(HealthPolicy.version)).where(HealthPolicy.portfolio_id == portfolio_id)
    return int(await session.scalar(stmt) or 0)


async def add(session: AsyncSession, policy: HealthPolicy) -> None:
    session.add(policy)
    await session.flush()


async def versions_page(
    session: AsyncSession, portfolio_id: uuid.UUID, page: PageParams
) -> tuple[list[HealthPolicy], str | None]:
    params = keyset_params(NEWEST_FIRST, page)
    stmt = select(HealthPolicy).where(HealthPolicy.portfolio_id == portfolio_id)
    if "after_value" in params:
        stmt = stmt.where(HealthPolicy.version < params["after_value"])
    stmt = stmt.order_by(HealthPolicy.version.desc()).limit(params["limit"])
    rows = list((await session.scalars(stmt)).all())
    keyed: list[dict[str, Any]] = [{"version": r.version, "id": r.id, "row": r} for r in rows]
    items, cursor = page_of(keyed, NEWEST_FIRST, "version", page)
    return [item["row"] for item in items], cursor
