from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter, Request, Response, status

from services.reporting.config import ReportingSettings
from services.reporting.dependencies import CurrentClock, Projects
from services.reporting.overrides import service
from services.reporting.overrides.schemas import HealthOverrideCreate, HealthOverrideRead
from shared.auth import CurrentPrincipal
from shared.concurrency import set_etag
from shared.dependencies import IfMatch, Paging, Session
from shared.pagination import Page

router = APIRouter(tags=["health"])
FORBIDDEN: dict[int | str, dict[str, Any]] = {
    403: {"description": "Only admin, pmo and the project's managers override health."}
}


@router.post(
    "/v1/projects/{project_id}/health-overrides",
    status_code=status.HTTP_201_CREATED,
    operation_id="create_health_override",
    responses=FORBIDDEN,
)
async def create_health_override(
    project_id: uuid.UUID,
    body: HealthOverrideCreate,
    principal: CurrentPrincipal,
    session: Session,
    projects: Projects,
    clock: CurrentClock,
    request: Request,
    response: Response,
) -> HealthOverrideRead:
    """Show another overall colour for the project until `expires_at`, with a justification.
    An active override of the project is superseded (revoked, and kept in the history)."""
    settings: ReportingSettings = request.app.state.settings
    override = await service.create_override(
        session,
        projects,
        principal,
        project_id,
        body,
        clock=clock,
        max_days=settings.override_max_days,
    )
    response.headers["Location"] = f"/v1/health-overrides/{override.id}"
    set_etag(response, override.version)
    return override


@router.get(
    "/v1/projects/{project_id}/health-overrides",
    operation_id="list_health_overrides",
)
async def list_health_overrides(
    project_id: uuid.UUID,
    principal: CurrentPrincipal,
    session: Session,
    projects: Projects,
    clock: CurrentClock,
    page: Paging,
) -> Page[HealthOverrideRead]:
    """The project's overrides, newest first: active, expired and revoked."""
    items, cursor = await service.list_overrides(session, projects, project_id, page, clock=clock)
    return Page(items=items, next_cursor=cursor)


@router.delete(
    "/v1/health-overrides/{override_id}",
    operation_id="revoke_health_override",
    responses={**FORBIDDEN, 409: {"description": "The override was already revoked."}},
)
async def revoke_health_override(
    override_id: uuid.UUID,
    principal: CurrentPrincipal,
    session: Session,
    projects: Projects,
    clock: CurrentClock,
    response: Response,
    if_match: IfMatch,
) -> HealthOverrideRead:
    """Revoke the override: the computed colour applies again. The override is kept in the
    history with `revoked_at` and `revoked_by`."""
    override = await service.revoke_override(
        session, projects, principal, override_id, if_match, clock=clock
    )
    set_etag(response, override.version)
    return override
