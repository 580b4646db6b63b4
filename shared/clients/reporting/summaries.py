"""Portfolio summaries (reporting service)."""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal

from shared.clients import Operation, TypedClient, WireModel


class MoneyDTO(WireModel):
    currency: str | None
    amount: Decimal


class PortfolioSummaryDTO(WireModel):
    portfolio_id: uuid.UUID
    portfolio_name: str
    project_count: int
    projects_by_status: dict[str, int]
    budget_totals: list[MoneyDTO]
    task_count: int
    tasks_completed: int
    task_percent_complete: float | None = None
    generated_at: datetime


GET_PORTFOLIO_SUMMARY = Operation(
    "get_portfolio_summary",
    "GET",
    "/v1/portfolios/{portfolio_id}/summary",
    PortfolioSummaryDTO,
)


class SummaryEndpoints(TypedClient):
    async def portfolio_summary(self, portfolio_id: uuid.UUID) -> PortfolioSummaryDTO:
        return await self.fetch(GET_PORTFOLIO_SUMMARY, path={"portfolio_id": portfolio_id})


__all__ = ["MoneyDTO", "PortfolioSummaryDTO", "SummaryEndpoints"]
