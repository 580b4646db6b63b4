"""Reporting read models (portfolio summary for now; EVM, health and trends later)."""

from __future__ import annotations

from datetime import datetime

import strawberry

from shared.clients.reporting import PortfolioSummaryDTO


@strawberry.type
class StatusCount:
    status: str
    count: int


@strawberry.type(description="An amount of money: a decimal string and its ISO 4217 currency.")
class Money:
    amount: str
    currency: str | None


@strawberry.type
class PortfolioSummary:
    portfolio_id: strawberry.ID
    portfolio_name: str
    project_count: int
    projects_by_status: list[StatusCount]
    budget_totals: list[Money]
    task_count: int
    tasks_completed: int
    task_percent_complete: float | None
    generated_at: datetime

    @classmethod
    def from_dto(cls, dto: PortfolioSummaryDTO) -> PortfolioSummary:
        return cls(
            portfolio_id=strawberry.ID(str(dto.portfolio_id)),
            portfolio_name=dto.portfolio_name,
            project_count=dto.project_count,
            projects_by_status=[
                StatusCount(status=s, count=n) for s, n in sorted(dto.projects_by_status.items())
            ],
            budget_totals=[
                Money(amount=str(m.amount), currency=m.currency) for m in dto.budget_totals
            ],
            task_count=dto.task_count,
            tasks_completed=dto.tasks_completed,
            task_percent_complete=dto.task_percent_complete,
            generated_at=dto.generated_at,
        )
