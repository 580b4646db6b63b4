"""The currencies money is kept in: a portfolio's roll-up currency, its projects' own, and
the currencies of actual cost entries."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from services.projects.models import ActualCost, Portfolio, Project

# Currency reads are FOR SHARE: a concurrent change of the currency (which locks the row FOR
# UPDATE) waits for this transaction, or this one for it, so no write slips past the rule.


async def portfolio_currency(session: AsyncSession, portfolio_id: uuid.UUID) -> str | None:
    """None: no such portfolio."""
    return await session.scalar(
        select(Portfolio.currency).where(Portfolio.id == portfolio_id).with_for_update(read=True)
    )


async def project_currencies(
    session: AsyncSession, project_id: uuid.UUID
) -> tuple[str | None, str | None] | None:
    """The project's own currency and its portfolio's (None where unset); None: no such
    project."""
    row = (
        await session.execute(
            select(Project.currency, Project.portfolio_id)
            .where(Project.id == project_id)
            .with_for_update(read=True)
        )
    ).first()
    if row is None:
        return None
    own, portfolio_id = row
    portfolio = await portfolio_currency(session, portfolio_id) if portfolio_id else None
    return own, portfolio


async def cost_currencies(session: AsyncSession, project_id: uuid.UUID) -> list[str]:
    """The currencies the project's actual costs are recorded in."""
    rows = await session.scalars(
        select(ActualCost.currency).where(ActualCost.project_id == project_id).distinct()
    )
    return sorted(rows)


async def currencies_used_in_portfolio(session: AsyncSession, portfolio_id: uuid.UUID) -> list[str]:
    """Every currency the portfolio's projects are priced in or record costs in."""
    in_portfolio = select(Project.id).where(Project.portfolio_id == portfolio_id)
    own = select(Project.currency).where(
        Project.portfolio_id == portfolio_id, Project.currency.is_not(None)
    )
    costs = select(ActualCost.currency).where(ActualCost.project_id.in_(in_portfolio))
    rows = await session.scalars(own.union(costs))
    return sorted(c for c in rows if c is not None)
