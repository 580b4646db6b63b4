"""A project's health, computed live: its figures from the projects and governance services,
its portfolio's current policy, the pure evaluator, and its active override.

Other reporting packages (snapshots, dashboards, exports) call :func:`project_health`,
:func:`projects_health` or, for the figures too, :func:`assess_projects`."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from services.reporting.clock import Clock
from services.reporting.health.evaluate import (
    DimensionHealth,
    HealthResult,
    Reason,
    evaluate,
)
from services.reporting.health.schemas import (
    DimensionHealthRead,
    HealthMetrics,
    HealthPolicyRef,
    HealthReason,
    ProjectHealthRead,
)
from services.reporting.health.sources import HealthSources, ProjectFigures, read_figures
from services.reporting.models import HealthOverride
from services.reporting.overrides import service as overrides
from services.reporting.policies import service as policies
from services.reporting.policies.policy import Policy, Rag
from shared.clients.projects import ProjectsClient
from shared.errors import FieldError, NotFound, ValidationFailed


@dataclass(frozen=True, slots=True)
class Assessment:
    """One project's health with everything it was computed from."""

    figures: ProjectFigures
    policy: Policy
    result: HealthResult
    override: HealthOverride | None
    evaluated_at: datetime

    @property
    def project_id(self) -> uuid.UUID:
        return self.figures.metrics.project_id

    @property
    def effective(self) -> Rag:
        return Rag(self.override.rag) if self.override is not None else self.result.overall


async def assess_projects(
    session: AsyncSession,
    sources: HealthSources,
    project_ids: list[uuid.UUID],
    *,
    clock: Clock,
    status_date: date | None = None,
) -> list[Assessment]:
    """The projects the caller may read, assessed in the order asked (others left out)."""
    figures = await read_figures(sources, project_ids, status_date)
    portfolios = (f.metrics.portfolio_id for f in figures)
    policy_of = await policies.policies_of_portfolios(session, portfolios)
    now = clock.now()
    active = await overrides.active_overrides(session, [f.metrics.project_id for f in figures], now)
    assessments = []
    for figure in figures:
        policy = policy_of[figure.metrics.portfolio_id]
        result = evaluate(figure.facts(), policy, now.date())
        override = active.get(figure.metrics.project_id)
        assessments.append(Assessment(figure, policy, result, override, now))
    return assessments


async def projects_health(
    session: AsyncSession,
    sources: HealthSources,
    project_ids: list[uuid.UUID],
    *,
    clock: Clock,
    status_date: date | None = None,
) -> dict[uuid.UUID, ProjectHealthRead]:
    """project id -> its health, for the projects the caller may read."""
    assessed = await assess_projects(
        session, sources, project_ids, clock=clock, status_date=status_date
    )
    return {a.project_id: health_read(a) for a in assessed}


async def project_health(
    session: AsyncSession,
    sources: HealthSources,
    project_id: uuid.UUID,
    *,
    clock: Clock,
    status_date: date | None = None,
) -> ProjectHealthRead:
    """One project's health; NotFound when it is unknown or the caller may not read it, and
    ValidationFailed for a status date before the project's start."""
    if status_date is not None:
        await check_started(sources.projects, project_id, status_date)
    found = await projects_health(
        session, sources, [project_id], clock=clock, status_date=status_date
    )
    if project_id not in found:
        raise NotFound(f"Project {project_id} not found.")
    return found[project_id]


async def check_started(projects: ProjectsClient, project_id: uuid.UUID, status_date: date) -> None:
    """The batch metrics read measures any date; one project's health refuses a date before
    the project's start, as its earned value does."""
    project = await projects.get_project(project_id)
    scheduled = project.scheduled_start.date() if project.scheduled_start else None
    start = project.start_date or scheduled
    if start is not None and status_date < start:
        raise ValidationFailed(
            f"The status date {status_date} is before the project's start ({start}).",
            errors=[FieldError("status_date", f"on or after {start}")],
        )


def reason_read(reason: Reason) -> HealthReason:
    return HealthReason(
        metric=reason.metric,
        value=reason.value,
        threshold=reason.threshold,
        comparison=reason.comparison,
        policy_version=reason.policy_version,
        rag=reason.rag,
        message=reason.message,
    )


def dimension_read(dimension: DimensionHealth) -> DimensionHealthRead:
    reasons = [reason_read(r) for r in dimension.reasons]
    return DimensionHealthRead(name=dimension.name, rag=dimension.rag, reasons=reasons)


def policy_ref(policy: Policy, portfolio_id: uuid.UUID | None) -> HealthPolicyRef:
    return HealthPolicyRef(
        id=policy.id,
        portfolio_id=portfolio_id,
        version=policy.version,
        is_default=policy.is_default,
    )


def health_read(assessment: Assessment) -> ProjectHealthRead:
    metrics = assessment.figures.metrics
    result = assessment.result
    override = assessment.override
    return ProjectHealthRead(
        project_id=metrics.project_id,
        portfolio_id=metrics.portfolio_id,
        status_date=metrics.status_date,
        evaluated_at=assessment.evaluated_at,
        overall=result.overall,
        effective=assessment.effective,
        overall_reasons=[reason_read(r) for r in result.overall_reasons],
        dimensions=[dimension_read(d) for d in result.dimensions],
        override=(
            overrides.read_of(override, assessment.evaluated_at) if override is not None else None
        ),
        policy=policy_ref(assessment.policy, metrics.portfolio_id),
        metrics=HealthMetrics.model_validate({m.value: v for m, v in result.values.items()}),
    )
