"""Client of the reporting service (portfolio summaries for now)."""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal

from shared.clients import TypedClient, WireModel


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


class ReportingClient(TypedClient):
    service = "reporting"

    async def portfolio_summary(self, portfolio_id: uuid.UUID) -> PortfolioSummaryDTO:
        return await self.get_model(f"/v1/portfolios/{portfolio_id}/summary", PortfolioSummaryDTO)


__all__ = ["MoneyDTO", "PortfolioSummaryDTO", "ReportingClient"]
