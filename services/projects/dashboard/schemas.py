"""The portfolio dashboard's facts as the projects service answers them: what only the
rows of this service can say (counts, money, milestones, risks), aggregated in SQL; the
reporting service adds health, forecasts and governance to make the dashboard."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal

from pydantic import BaseModel, Field

from shared.fields import LocalDateTime

MONEY = "Decimal string"


class PhaseCount(BaseModel):
    phase: str | None = Field(description="The lifecycle phase; null: none set yet")
    count: int


class DashboardProject(BaseModel):
    project_id: uuid.UUID
    code: str
    name: str
    status: str
    phase: str | None
    program_id: uuid.UUID | None
    currency: str | None = Field(description="The project's own currency (null: unset)")
    in_portfolio_currency: bool = Field(
        description="Priced in the portfolio's currency (or unpriced): counted in the totals"
    )
    budget: Decimal | None = Field(description=MONEY)
    actual_cost: Decimal = Field(
        description=f"{MONEY}: actual cost entries up to the as-of date, in the project's currency"
    )
    open_risks: int


class CostTotals(BaseModel):
    currency: str = Field(description="The portfolio's currency (ISO 4217)")
    budget: Decimal = Field(description=f"{MONEY}: budgets of the projects in this currency")
    actual_cost: Decimal = Field(description=f"{MONEY}: their actual costs up to the as-of date")
    projects_in_other_currencies: int = Field(
        description="Projects priced in another currency, left out of these totals"
    )


class MilestoneDue(BaseModel):
    project_id: uuid.UUID
    task_id: uuid.UUID
    name: str
    wbs_code: str | None
    finish: LocalDateTime = Field(description="Its scheduled (early) finish")
    percent_complete: Decimal = Field(description="Decimal string, 0-100")


class TopRisk(BaseModel):
    risk_id: uuid.UUID
    project_id: uuid.UUID
    title: str
    probability: int
    impact: int
    score: int = Field(description="probability x impact (1-25)")
    owner: str | None
    due_date: date | None


class PortfolioDashboardFacts(BaseModel):
    portfolio_id: uuid.UUID
    portfolio_name: str
    as_of: date = Field(description="The day milestones are due from and costs counted to")
    milestone_days: int
    project_count: int = Field(description="Projects of the portfolio the caller may read")
    projects_by_status: dict[str, int]
    projects_by_phase: list[PhaseCount]
    totals: CostTotals
    projects: list[DashboardProject] = Field(description="By code")
    milestones_due: list[MilestoneDue] = Field(
        description=(
            "Unfinished milestones whose scheduled finish falls on the as-of date or in the "
            "following milestone_days days, soonest first (at most 500)"
        )
    )
    milestones_due_total: int = Field(description="How many there are, beyond the 500 too")
    top_risks: list[TopRisk] = Field(
        description="Open risks by score, highest first (then the nearest due date)"
    )
