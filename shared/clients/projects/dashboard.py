"""A portfolio's dashboard facts (projects service): counts, money, milestones due and top
risks over the portfolio's readable projects, aggregated in SQL in one call."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal
from typing import Any

from shared.clients import Operation, TypedClient, WireModel
from shared.fields import LocalDateTime


class PhaseCountDTO(WireModel):
    phase: str | None
    count: int


class DashboardProjectDTO(WireModel):
    project_id: uuid.UUID
    code: str
    name: str
    status: str
    phase: str | None
    program_id: uuid.UUID | None
    currency: str | None
    in_portfolio_currency: bool
    budget: Decimal | None
    actual_cost: Decimal
    open_risks: int


class CostTotalsDTO(WireModel):
    currency: str
    budget: Decimal
    actual_cost: Decimal
    projects_in_other_currencies: int


class MilestoneDueDTO(WireModel):
    project_id: uuid.UUID
    task_id: uuid.UUID
    name: str
    wbs_code: str | None
    finish: LocalDateTime
    percent_complete: Decimal


class TopRiskDTO(WireModel):
    risk_id: uuid.UUID
    project_id: uuid.UUID
    title: str
    probability: int
    impact: int
    score: int
    owner: str | None
    due_date: date | None


class PortfolioDashboardFactsDTO(WireModel):
    portfolio_id: uuid.UUID
    portfolio_name: str
    as_of: date
    milestone_days: int
    project_count: int
    projects_by_status: dict[str, int]
    projects_by_phase: list[PhaseCountDTO]
    totals: CostTotalsDTO
    projects: list[DashboardProjectDTO]
    milestones_due: list[MilestoneDueDTO]
    milestones_due_total: int
    top_risks: list[TopRiskDTO]


GET_PORTFOLIO_DASHBOARD_FACTS = Operation(
    "get_portfolio_dashboard_facts",
    "GET",
    "/v1/portfolios/{portfolio_id}/dashboard-facts",
    PortfolioDashboardFactsDTO,
)


class DashboardEndpoints(TypedClient):
    async def portfolio_dashboard_facts(
        self,
        portfolio_id: uuid.UUID,
        *,
        milestone_days: int | None = None,
        top_risks: int | None = None,
        as_of: date | None = None,
    ) -> PortfolioDashboardFactsDTO:
        """One call whatever the size of the portfolio."""
        given = {"milestone_days": milestone_days, "top_risks": top_risks, "as_of": as_of}
        params: dict[str, Any] = {k: str(v) for k, v in given.items() if v is not None}
        return await self.fetch(
            GET_PORTFOLIO_DASHBOARD_FACTS, path={"portfolio_id": portfolio_id}, params=params
        )
