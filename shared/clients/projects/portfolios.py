"""Portfolios and their roll-up (projects service)."""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal

from shared.clients import InputModel, Operation, TypedClient, WireModel, page_params
from shared.pagination import Page


class PortfolioDTO(WireModel):
    id: uuid.UUID
    name: str
    description: str | None = None
    # The one currency its money rolls up in (ISO 4217).
    currency: str
    created_at: datetime
    updated_at: datetime
    version: int


class BudgetTotalDTO(WireModel):
    currency: str | None
    amount: Decimal


class PortfolioRollupDTO(WireModel):
    portfolio_id: uuid.UUID
    project_count: int
    projects_by_status: dict[str, int]
    budget_totals: list[BudgetTotalDTO]
    task_count: int
    tasks_completed: int
    task_percent_complete: float | None


class PortfolioCreate(InputModel):
    name: str
    description: str | None = None
    currency: str = "EUR"


class PortfolioUpdate(InputModel):
    name: str | None = None
    description: str | None = None
    currency: str | None = None


ONE = "/v1/portfolios/{portfolio_id}"
CREATE_PORTFOLIO = Operation(
    "create_portfolio", "POST", "/v1/portfolios", PortfolioDTO, body=PortfolioCreate
)
LIST_PORTFOLIOS = Operation("list_portfolios", "GET", "/v1/portfolios", Page[PortfolioDTO])
GET_PORTFOLIO = Operation("get_portfolio", "GET", ONE, PortfolioDTO)
UPDATE_PORTFOLIO = Operation("update_portfolio", "PATCH", ONE, PortfolioDTO, body=PortfolioUpdate)
GET_PORTFOLIO_ROLLUP = Operation("get_portfolio_rollup", "GET", f"{ONE}/rollup", PortfolioRollupDTO)


class PortfolioEndpoints(TypedClient):
    async def create_portfolio(
        self, data: PortfolioCreate, *, idempotency_key: str | None = None
    ) -> PortfolioDTO:
        return await self.send(CREATE_PORTFOLIO, data, idempotency_key=idempotency_key)

    async def get_portfolio(self, portfolio_id: uuid.UUID) -> PortfolioDTO:
        return await self.fetch(GET_PORTFOLIO, path={"portfolio_id": portfolio_id})

    async def list_portfolios(
        self, *, limit: int | None = None, cursor: str | None = None, sort: str | None = None
    ) -> Page[PortfolioDTO]:
        return await self.fetch(LIST_PORTFOLIOS, params=page_params(limit, cursor, sort=sort))

    async def portfolios_by_ids(self, ids: list[uuid.UUID]) -> list[PortfolioDTO]:
        """Batch read; ids the caller may not see (or that do not exist) are simply absent."""
        return await self.fetch_in_batches(LIST_PORTFOLIOS, "ids", ids)

    async def update_portfolio(
        self, portfolio_id: uuid.UUID, data: PortfolioUpdate, *, expected_version: int | None
    ) -> PortfolioDTO:
        return await self.send(
            UPDATE_PORTFOLIO,
            data,
            path={"portfolio_id": portfolio_id},
            expected_version=expected_version,
        )

    async def portfolio_rollup(self, portfolio_id: uuid.UUID) -> PortfolioRollupDTO:
        return await self.fetch(GET_PORTFOLIO_ROLLUP, path={"portfolio_id": portfolio_id})
