"""A portfolio's dashboard as GraphQL shows it: the reporting service's answer, typed field
by field. A part whose source was down is null and named in ``missing``."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from enum import Enum
from typing import TypeVar

import strawberry

from services.gateway.reporting.types import StatusCount
from services.gateway.values import days, gid, money
from shared.clients.reporting.dashboard import (
    ComplianceDistributionDTO,
    CostSummaryDTO,
    DashboardMilestoneDTO,
    DashboardProjectRowDTO,
    DashboardRiskDTO,
    PendingGateDTO,
    PortfolioDashboardDTO,
    WorsenedProjectDTO,
)
from shared.clients.reporting.health import Rag

T = TypeVar("T")
R = TypeVar("R")


@strawberry.enum(description="A project's effective overall health in a snapshot.")
class DashboardRag(Enum):
    GREEN = "green"
    AMBER = "amber"
    RED = "red"
    UNKNOWN = "unknown"


@strawberry.enum(description="A part of the dashboard, each from one source.")
class DashboardPart(Enum):
    PROJECTS = "projects"
    HEALTH = "health"
    GATES = "gates"
    COMPLIANCE = "compliance"


def _rag(value: Rag | None) -> DashboardRag | None:
    return DashboardRag(value.value) if value is not None else None


@strawberry.type
class PhaseCount:
    phase: str | None
    count: int


@strawberry.type
class RagCounts:
    green: int
    amber: int
    red: int
    unknown: int
    not_assessed: int = strawberry.field(description="Projects without a snapshot yet.")


@strawberry.type(description="Budget vs actual vs EAC, decimal strings in `currency`.")
class DashboardCost:
    currency: str
    budget: str
    actual_cost: str
    eac: str | None = strawberry.field(description="Null when the health part is missing.")
    projects_with_eac: int
    projects_in_other_currencies: int

    @classmethod
    def from_dto(cls, dto: CostSummaryDTO) -> DashboardCost:
        return cls(
            currency=dto.currency,
            budget=str(dto.budget),
            actual_cost=str(dto.actual_cost),
            eac=money(dto.eac),
            projects_with_eac=dto.projects_with_eac,
            projects_in_other_currencies=dto.projects_in_other_currencies,
        )


@strawberry.type
class DashboardMilestone:
    project_id: strawberry.ID
    project_code: str
    task_id: strawberry.ID
    name: str
    finish: datetime = strawberry.field(description="Scheduled finish, project-local time.")
    percent_complete: float

    @classmethod
    def from_dto(cls, dto: DashboardMilestoneDTO) -> DashboardMilestone:
        return cls(
            project_id=gid(dto.project_id),
            project_code=dto.project_code,
            task_id=gid(dto.task_id),
            name=dto.name,
            finish=dto.finish,
            percent_complete=days(dto.percent_complete),
        )


@strawberry.type
class DashboardMilestones:
    days: int
    total: int
    items: list[DashboardMilestone]


@strawberry.type
class DashboardRisk:
    risk_id: strawberry.ID
    project_id: strawberry.ID
    project_code: str
    title: str
    probability: int
    impact: int
    score: int
    owner: str | None
    due_date: date | None

    @classmethod
    def from_dto(cls, dto: DashboardRiskDTO) -> DashboardRisk:
        fields = dto.model_dump(exclude={"risk_id", "project_id"})
        return cls(risk_id=gid(dto.risk_id), project_id=gid(dto.project_id), **fields)


@strawberry.type(description="An open gate review and what keeps it from passing.")
class PendingGate:
    review_id: strawberry.ID
    project_id: strawberry.ID
    project_code: str
    gate_name: str
    from_phase: str
    to_phase: str
    opened_by: str
    opened_at: datetime
    pending_roles: list[str]
    open_checklist_items: list[str]
    failing_critical_rules: list[str]

    @classmethod
    def from_dto(cls, dto: PendingGateDTO) -> PendingGate:
        fields = dto.model_dump(exclude={"review_id", "project_id"})
        return cls(review_id=gid(dto.review_id), project_id=gid(dto.project_id), **fields)


@strawberry.type
class ComplianceBucket:
    label: str
    from_score: float
    to_score: float | None
    count: int


@strawberry.type
class ComplianceDistribution:
    buckets: list[ComplianceBucket]
    not_evaluated: int
    average_score: float | None

    @classmethod
    def from_dto(cls, dto: ComplianceDistributionDTO) -> ComplianceDistribution:
        return cls(
            buckets=[ComplianceBucket(**b.model_dump()) for b in dto.buckets],
            not_evaluated=dto.not_evaluated,
            average_score=dto.average_score,
        )


@strawberry.type(description="A project whose health is worse than a week before.")
class WorsenedProject:
    project_id: strawberry.ID
    project_code: str
    rag: DashboardRag
    day: date
    rag_week_before: DashboardRag
    day_week_before: date

    @classmethod
    def from_dto(cls, dto: WorsenedProjectDTO) -> WorsenedProject:
        return cls(
            project_id=gid(dto.project_id),
            project_code=dto.project_code,
            rag=DashboardRag(dto.rag.value),
            day=dto.day,
            rag_week_before=DashboardRag(dto.rag_week_before.value),
            day_week_before=dto.day_week_before,
        )


@strawberry.type(description="One project's line of the dashboard.")
class DashboardProject:
    project_id: strawberry.ID
    code: str
    name: str
    status: str
    phase: str | None
    currency: str | None
    budget: str | None
    actual_cost: str
    eac: str | None
    rag: DashboardRag | None
    health_day: date | None
    rag_week_before: DashboardRag | None
    worsened: bool
    compliance_score: float | None
    pending_gates: int | None
    open_risks: int

    @classmethod
    def from_dto(cls, dto: DashboardProjectRowDTO) -> DashboardProject:
        return cls(
            project_id=gid(dto.project_id),
            code=dto.code,
            name=dto.name,
            status=dto.status,
            phase=dto.phase,
            currency=dto.currency,
            budget=money(dto.budget),
            actual_cost=str(dto.actual_cost),
            eac=money(dto.eac),
            rag=_rag(dto.rag),
            health_day=dto.health_day,
            rag_week_before=_rag(dto.rag_week_before),
            worsened=dto.worsened,
            compliance_score=dto.compliance_score,
            pending_gates=dto.pending_gates,
            open_risks=dto.open_risks,
        )


@strawberry.type
class MissingPart:
    part: DashboardPart
    reason: str


@strawberry.type(description="A portfolio's dashboard over the projects the caller may read.")
class PortfolioDashboard:
    as_of: date
    generated_at: datetime
    project_count: int | None
    projects_by_status: list[StatusCount] | None
    projects_by_phase: list[PhaseCount] | None
    projects_by_rag: RagCounts | None
    cost: DashboardCost | None
    milestones_due: DashboardMilestones | None
    top_risks: list[DashboardRisk] | None
    gates_pending: list[PendingGate] | None
    compliance: ComplianceDistribution | None
    worsened: list[WorsenedProject] | None
    projects: list[DashboardProject] | None
    missing: list[MissingPart] = strawberry.field(description="Parts missing, and why.")

    @classmethod
    def from_dto(cls, dto: PortfolioDashboardDTO) -> PortfolioDashboard:
        return cls(
            as_of=dto.as_of,
            generated_at=dto.generated_at,
            project_count=dto.project_count,
            projects_by_status=_each(
                dto.projects_by_status, lambda s: StatusCount(**s.model_dump())
            ),
            projects_by_phase=_each(dto.projects_by_phase, lambda p: PhaseCount(**p.model_dump())),
            projects_by_rag=RagCounts(**dto.projects_by_rag.model_dump())
            if dto.projects_by_rag
            else None,
            cost=DashboardCost.from_dto(dto.cost) if dto.cost else None,
            milestones_due=_milestones(dto),
            top_risks=_each(dto.top_risks, DashboardRisk.from_dto),
            gates_pending=_each(dto.gates_pending, PendingGate.from_dto),
            compliance=ComplianceDistribution.from_dto(dto.compliance) if dto.compliance else None,
            worsened=_each(dto.worsened, WorsenedProject.from_dto),
            projects=_each(dto.projects, DashboardProject.from_dto),
            missing=[
                MissingPart(part=DashboardPart(m.part.value), reason=m.reason) for m in dto.missing
            ],
        )


def _milestones(dto: PortfolioDashboardDTO) -> DashboardMilestones | None:
    due = dto.milestones_due
    if due is None:
        return None
    items = [DashboardMilestone.from_dto(m) for m in due.items]
    return DashboardMilestones(days=due.days, total=due.total, items=items)


def _each(items: list[T] | None, convert: Callable[[T], R]) -> list[R] | None:
    return [convert(item) for item in items] if items is not None else None
