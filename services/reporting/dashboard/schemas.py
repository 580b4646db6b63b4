"""The portfolio dashboard on the wire. Every part is computed from one source (see
``service.py``); a part whose source failed is null (lists: empty) and named in
``missing``, so a dashboard is never refused because one upstream is down."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal

from pydantic import BaseModel, Field

from shared.clients.reporting.dashboard import DashboardPart as Part
from shared.clients.reporting.health import Rag
from shared.fields import LocalDateTime

MONEY = "Decimal string"


class MissingPart(BaseModel):
    part: Part
    reason: str = Field(description="Why it is missing (the upstream's problem, in words)")


class StatusCount(BaseModel):
    status: str
    count: int


class PhaseCount(BaseModel):
    phase: str | None = Field(description="Null: no phase set yet")
    count: int


class RagCounts(BaseModel):
    green: int
    amber: int
    red: int
    unknown: int
    not_assessed: int = Field(description="Projects without a health snapshot yet")


class CostSummary(BaseModel):
    currency: str = Field(description="The portfolio's currency (ISO 4217)")
    budget: Decimal = Field(description=f"{MONEY}: budgets of the projects in this currency")
    actual_cost: Decimal = Field(description=f"{MONEY}: their actual costs up to as_of")
    eac: Decimal | None = Field(
        description=(
            f"{MONEY}: the sum of their estimates at completion (each project's latest "
            "snapshot); null when the health part is missing"
        )
    )
    projects_with_eac: int = Field(description="Projects whose latest snapshot has an EAC")
    projects_in_other_currencies: int = Field(
        description="Projects priced in another currency, left out of these totals"
    )


class ProjectRow(BaseModel):
    """One project of the dashboard: the table the CSV and XLSX exports hold."""

    project_id: uuid.UUID
    code: str
    name: str
    status: str
    phase: str | None
    currency: str | None
    budget: Decimal | None = Field(description=MONEY)
    actual_cost: Decimal = Field(description=f"{MONEY}, up to as_of")
    eac: Decimal | None = Field(description=f"{MONEY}: from the latest snapshot")
    rag: Rag | None = Field(description="Effective overall health of the latest snapshot")
    health_day: date | None = Field(description="The day of that snapshot")
    rag_week_before: Rag | None = Field(description="From the snapshot 7 days before it")
    worsened: bool
    compliance_score: float | None = Field(description="The latest evaluation's score, 0-100")
    pending_gates: int | None = Field(description="Open gate reviews; null: gates part missing")
    open_risks: int


class MilestoneRow(BaseModel):
    project_id: uuid.UUID
    project_code: str
    task_id: uuid.UUID
    name: str
    finish: LocalDateTime = Field(description="Its scheduled finish (project-local time)")
    percent_complete: Decimal = Field(description="Decimal string, 0-100")


class MilestonesDue(BaseModel):
    days: int = Field(description="The window: as_of and the following days")
    total: int = Field(description="How many are due (the list holds the first 500)")
    items: list[MilestoneRow]


class RiskRow(BaseModel):
    risk_id: uuid.UUID
    project_id: uuid.UUID
    project_code: str
    title: str
    probability: int
    impact: int
    score: int = Field(description="probability x impact")
    owner: str | None
    due_date: date | None


class PendingGate(BaseModel):
    review_id: uuid.UUID
    project_id: uuid.UUID
    project_code: str
    gate_name: str
    from_phase: str
    to_phase: str
    opened_by: str
    opened_at: datetime
    pending_roles: list[str] = Field(description="Approver roles that have not said go")
    open_checklist_items: list[str]
    failing_critical_rules: list[str]


class ComplianceBucket(BaseModel):
    label: str
    from_score: float = Field(description="Included")
    to_score: float | None = Field(description="Excluded; null: up to 100 included")
    count: int


class ComplianceDistribution(BaseModel):
    buckets: list[ComplianceBucket]
    not_evaluated: int = Field(
        description="Projects never evaluated, or whose evaluation applied no rule (no score)"
    )
    average_score: float | None = Field(description="Of the scored projects, two decimals")


class WorsenedProject(BaseModel):
    project_id: uuid.UUID
    project_code: str
    rag: Rag
    day: date
    rag_week_before: Rag
    day_week_before: date


class PortfolioDashboard(BaseModel):
    portfolio_id: uuid.UUID
    portfolio_name: str | None = Field(description="Null when the projects part is missing")
    as_of: date
    generated_at: datetime
    project_count: int | None
    projects_by_status: list[StatusCount] | None
    projects_by_phase: list[PhaseCount] | None
    projects_by_rag: RagCounts | None
    cost: CostSummary | None
    milestones_due: MilestonesDue | None
    top_risks: list[RiskRow] | None
    gates_pending: list[PendingGate] | None
    compliance: ComplianceDistribution | None
    worsened: list[WorsenedProject] | None = Field(
        description=(
            "Projects whose effective health is worse in their latest snapshot than in the "
            "snapshot 7 days before it (green < amber < red; unknown compares to nothing)"
        )
    )
    projects: list[ProjectRow] | None = Field(description="By code")
    missing: list[MissingPart] = Field(
        description="The parts that could not be computed, and why; empty when complete"
    )
