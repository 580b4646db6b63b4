"""The portfolio dashboard (reporting service): its parts, DTOs and the call."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from shared.clients import Operation, TypedClient, WireModel
from shared.clients.reporting.health import Rag
from shared.fields import LocalDateTime


class DashboardPart(StrEnum):
    """The parts of a dashboard, each from one source."""

    projects = "projects"  # counts, money, milestones, risks: the projects service
    health = "health"  # RAG, EAC and what worsened: reporting's own snapshots
    gates = "gates"  # pending gate reviews: the governance service
    compliance = "compliance"  # latest compliance scores: the governance service


class MissingPartDTO(WireModel):
    part: DashboardPart
    reason: str


class StatusCountDTO(WireModel):
    status: str
    count: int


class PhaseCountDTO(WireModel):
    phase: str | None
    count: int


class RagCountsDTO(WireModel):
    green: int
    amber: int
    red: int
    unknown: int
    not_assessed: int


class CostSummaryDTO(WireModel):
    currency: str
    budget: Decimal
    actual_cost: Decimal
    eac: Decimal | None
    projects_with_eac: int
    projects_in_other_currencies: int


class DashboardProjectRowDTO(WireModel):
    project_id: uuid.UUID
    code: str
    name: str
    status: str
    phase: str | None
    currency: str | None
    budget: Decimal | None
    actual_cost: Decimal
    eac: Decimal | None
    rag: Rag | None
    health_day: date | None
    rag_week_before: Rag | None
    worsened: bool
    compliance_score: float | None
    pending_gates: int | None
    open_risks: int


class DashboardMilestoneDTO(WireModel):
    project_id: uuid.UUID
    project_code: str
    task_id: uuid.UUID
    name: str
    finish: LocalDateTime
    percent_complete: Decimal


class MilestonesDueDTO(WireModel):
    days: int
    total: int
    items: list[DashboardMilestoneDTO]


class DashboardRiskDTO(WireModel):
    risk_id: uuid.UUID
    project_id: uuid.UUID
    project_code: str
    title: str
    probability: int
    impact: int
    score: int
    owner: str | None
    due_date: date | None


class PendingGateDTO(WireModel):
    review_id: uuid.UUID
    project_id: uuid.UUID
    project_code: str
    gate_name: str
    from_phase: str
    to_phase: str
    opened_by: str
    opened_at: datetime
    pending_roles: list[str]
    open_checklist_items: list[str]
    failing_critical_rules: list[str]


class ComplianceBucketDTO(WireModel):
    label: str
    from_score: float
    to_score: float | None
    count: int


class ComplianceDistributionDTO(WireModel):
    buckets: list[ComplianceBucketDTO]
    not_evaluated: int
    average_score: float | None


class WorsenedProjectDTO(WireModel):
    project_id: uuid.UUID
    project_code: str
    rag: Rag
    day: date
    rag_week_before: Rag
    day_week_before: date


class PortfolioDashboardDTO(WireModel):
    portfolio_id: uuid.UUID
    portfolio_name: str | None
    as_of: date
    generated_at: datetime
    project_count: int | None
    projects_by_status: list[StatusCountDTO] | None
    projects_by_phase: list[PhaseCountDTO] | None
    projects_by_rag: RagCountsDTO | None
    cost: CostSummaryDTO | None
    milestones_due: MilestonesDueDTO | None
    top_risks: list[DashboardRiskDTO] | None
    gates_pending: list[PendingGateDTO] | None
    compliance: ComplianceDistributionDTO | None
    worsened: list[WorsenedProjectDTO] | None
    projects: list[DashboardProjectRowDTO] | None
    missing: list[MissingPartDTO]


GET_PORTFOLIO_DASHBOARD = Operation(
    "get_portfolio_dashboard",
    "GET",
    "/v1/portfolios/{portfolio_id}/dashboard",
    PortfolioDashboardDTO,
)


class DashboardEndpoints(TypedClient):
    async def portfolio_dashboard(
        self,
        portfolio_id: uuid.UUID,
        *,
        milestone_days: int | None = None,
        top_risks: int | None = None,
        as_of: date | None = None,
    ) -> PortfolioDashboardDTO:
        given = {"milestone_days": milestone_days, "top_risks": top_risks, "as_of": as_of}
        params: dict[str, Any] = {k: str(v) for k, v in given.items() if v is not None}
        return await self.fetch(
            GET_PORTFOLIO_DASHBOARD, path={"portfolio_id": portfolio_id}, params=params
        )
