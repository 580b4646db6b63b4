from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from services.projects.currency.service import check_portfolio_currency
from services.projects.models import Portfolio
from services.projects.portfolios.repository import SORTS, PortfolioRepository
from services.projects.portfolios.schemas import PortfolioCreate, PortfolioUpdate
from shared.auth import GlobalRole, Principal
from shared.concurrency import check_version
from shared.errors import FieldError, NotFound, ValidationFailed
from shared.pagination import PageParams
from shared.reads import Reader
from shared.repository import resolve_sort

repository = PortfolioRepository()


async def list_portfolios(
    reader: Reader, page: PageParams, sort: str | None, ids: list[uuid.UUID] | None
) -> tuple[list[Any], str | None]:
    """Every portfolio (all are visible), or those of ``ids``, in the allow-listed order."""
    return await repository.list(reader, page, resolve_sort(sort, SORTS, "created_at"), ids)


async def get_portfolio(reader: Reader, portfolio_id: uuid.UUID) -> dict[str, Any]:
    row = await repository.get(reader, portfolio_id)
    if row is None:
        raise NotFound(f"Portfolio {portfolio_id} not found.")
    return row


async def create_portfolio(
    session: AsyncSession, principal: Principal, data: PortfolioCreate
) -> Portfolio:
    principal.require_any(GlobalRole.admin, GlobalRole.pmo)
    portfolio = Portfolio(**data.model_dump())
    session.add(portfolio)
    await session.flush()
    return portfolio


async def update_portfolio(
    session: AsyncSession,
    principal: Principal,
    portfolio_id: uuid.UUID,
    data: PortfolioUpdate,
    expected_versions: list[int] | None,
) -> Portfolio:
    principal.require_any(GlobalRole.admin, GlobalRole.pmo)
    portfolio = await repository.load_for_update(session, portfolio_id)
    if portfolio is None:
        raise NotFound(f"Portfolio {portfolio_id} not found.")
    check_version(portfolio.version, expected_versions)
    changes = data.model_dump(exclude_unset=True)
    for required in ("name", "currency"):
        if required in changes and changes[required] is None:
            raise ValidationFailed(errors=[FieldError(required, "may not be null")])
    if changes.get("currency", portfolio.currency) != portfolio.currency:
        await check_portfolio_currency(session, portfolio_id, changes["currency"])
    for field, value in changes.items():
        setattr(portfolio, field, value)
    await session.flush()
    return portfolio


async def portfolio_rollup(
    reader: Reader, principal: Principal, portfolio_id: uuid.UUID
) -> dict[str, Any]:
    await get_portfolio(reader, portfolio_id)
    return await repository.rollup(reader, portfolio_id, principal)
