from __future__ import annotations

import uuid

from fastapi import APIRouter, Response

from services.reporting.dependencies import Projects
from services.reporting.policies import service
from services.reporting.policies.schemas import HealthPolicyRead, HealthPolicyWrite
from shared.auth import CurrentPrincipal
from shared.concurrency import set_etag
from shared.dependencies import IfMatch, Paging, Session
from shared.pagination import Page

router = APIRouter(prefix="/v1/portfolios/{portfolio_id}/health-policy", tags=["health"])


@router.get("", operation_id="get_health_policy")
async def get_health_policy(
    portfolio_id: uuid.UUID,
    principal: CurrentPrincipal,
    session: Session,
    projects: Projects,
    response: Response,
) -> HealthPolicyRead:
    """The portfolio's current health policy: the latest version set, else the built-in
    default (version 0). The `ETag` is the version, for `If-Match` on the next `PUT`."""
    policy = await service.get_policy(session, projects, portfolio_id)
    set_etag(response, policy.version)
    return policy


@router.put(
    "",
    operation_id="set_health_policy",
    responses={403: {"description": "Only admin and pmo change health policies."}},
)
async def set_health_policy(
    portfolio_id: uuid.UUID,
    body: HealthPolicyWrite,
    principal: CurrentPrincipal,
    session: Session,
    projects: Projects,
    response: Response,
    if_match: IfMatch,
) -> HealthPolicyRead:
    """Store a new version of the portfolio's policy (fields left out take the built-in
    defaults). Earlier versions stay as they were: past snapshots name them."""
    policy = await service.set_policy(session, projects, principal, portfolio_id, body, if_match)
    set_etag(response, policy.version)
    return policy


@router.get("/versions", operation_id="list_health_policy_versions")
async def list_health_policy_versions(
    portfolio_id: uuid.UUID,
    principal: CurrentPrincipal,
    session: Session,
    projects: Projects,
    page: Paging,
) -> Page[HealthPolicyRead]:
    """Every version set for the portfolio, newest first (empty while the default applies)."""
    items, cursor = await service.list_versions(session, projects, portfolio_id, page)
    return Page(items=items, next_cursor=cursor)
