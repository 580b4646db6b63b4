from __future__ import annotations

import uuid
from datetime import date

from fastapi import APIRouter

from services.reporting.dependencies import CurrentClock, Governance, Projects
from services.reporting.health import service
from services.reporting.health.schemas import ProjectHealthBatch, ProjectHealthRead
from services.reporting.health.sources import HealthSources
from shared.auth import CurrentPrincipal
from shared.dependencies import ProjectIds, Session

router = APIRouter(tags=["health"])


@router.get(
    "/v1/projects/{project_id}/health",
    operation_id="get_project_health",
    responses={
        404: {"description": "The project is unknown, or not visible."},
        422: {"description": "The status date is before the project's start."},
    },
)
async def get_project_health(
    project_id: uuid.UUID,
    principal: CurrentPrincipal,
    session: Session,
    projects: Projects,
    governance: Governance,
    clock: CurrentClock,
    status_date: date | None = None,
) -> ProjectHealthRead:
    """The project's health now, computed from its figures at `status_date` (default: the
    project's status date, else today) under its portfolio's current policy: a colour per
    enabled dimension and overall, each with its reasons, and the effective colour (an
    active override's, else the computed one)."""
    sources = HealthSources(projects, governance)
    return await service.project_health(
        session, sources, project_id, clock=clock, status_date=status_date
    )


@router.get("/v1/project-health", operation_id="list_project_health")
async def list_project_health(
    principal: CurrentPrincipal,
    session: Session,
    projects: Projects,
    governance: Governance,
    clock: CurrentClock,
    project_ids: ProjectIds,
    status_date: date | None = None,
) -> ProjectHealthBatch:
    """The health of many projects in one answer (the gateway's batch read), as
    `get_project_health` computes it; unknown projects and those the caller may not read
    are left out."""
    sources = HealthSources(projects, governance)
    found = await service.projects_health(
        session, sources, project_ids, clock=clock, status_date=status_date
    )
    return ProjectHealthBatch(items=list(found.values()))
