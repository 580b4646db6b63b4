from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Query, Response, status

from services.reporting.corrective_actions import lessons, service
from services.reporting.corrective_actions.schemas import (
    ActionStatus,
    CorrectiveActionCreate,
    CorrectiveActionRead,
    CorrectiveActionUpdate,
    LessonCreated,
    LessonFromAction,
)
from services.reporting.dependencies import CurrentClock, Governance, Projects
from shared.auth import CurrentPrincipal
from shared.concurrency import set_etag
from shared.dependencies import IfMatch, Paging, Session
from shared.pagination import Page

router = APIRouter(tags=["corrective-actions"])
FORBIDDEN: dict[int | str, dict[str, Any]] = {
    403: {"description": "Only admin, pmo and the project's managers record actions."}
}
ONE = "/v1/corrective-actions/{action_id}"
Statuses = Annotated[
    list[ActionStatus] | None, Query(alias="status", description="Only these statuses")
]


@router.post(
    "/v1/corrective-actions",
    status_code=status.HTTP_201_CREATED,
    operation_id="create_corrective_action",
    responses={**FORBIDDEN, 404: {"description": "The project is unknown or not visible."}},
)
async def create_corrective_action(
    body: CorrectiveActionCreate,
    principal: CurrentPrincipal,
    session: Session,
    projects: Projects,
    clock: CurrentClock,
    response: Response,
) -> CorrectiveActionRead:
    """Record a corrective action on a project: a corrective option of the projects service
    (`option_id`) or free text. Its trigger is the project's latest snapshot (colour and
    reasons), and that snapshot's SPI, SPI(t), P80 finish and critical float are the
    `before` its effect is measured against."""
    action = await service.create_action(session, projects, principal, body, clock=clock)
    response.headers["Location"] = f"/v1/corrective-actions/{action.id}"
    set_etag(response, action.version)
    return action


@router.get(ONE, operation_id="get_corrective_action")
async def get_corrective_action(
    action_id: uuid.UUID,
    principal: CurrentPrincipal,
    session: Session,
    projects: Projects,
    response: Response,
) -> CorrectiveActionRead:
    """The action with its measured effect: `before` (when recorded), `after` (the latest
    snapshot since), the deltas and whether it worked."""
    action = await service.get_action(session, projects, action_id)
    set_etag(response, action.version)
    return action


@router.patch(
    ONE,
    operation_id="update_corrective_action",
    responses={
        **FORBIDDEN,
        409: {"description": "A status change not allowed, or the action is closed."},
    },
)
async def update_corrective_action(
    action_id: uuid.UUID,
    body: CorrectiveActionUpdate,
    principal: CurrentPrincipal,
    session: Session,
    projects: Projects,
    clock: CurrentClock,
    response: Response,
    if_match: IfMatch,
) -> CorrectiveActionRead:
    """Change the owner, due date, text or status. Statuses move proposed -> open |
    in_progress | cancelled; open -> in_progress | done | cancelled; in_progress -> open |
    done | cancelled; done and cancelled are closed."""
    action = await service.update_action(
        session, projects, principal, action_id, body, if_match, clock=clock
    )
    set_etag(response, action.version)
    return action


@router.post(
    f"{ONE}/lesson",
    status_code=status.HTTP_201_CREATED,
    operation_id="create_lesson_from_corrective_action",
    responses={
        **FORBIDDEN,
        409: {"description": "The action is not closed, or already has its lesson."},
    },
)
async def create_lesson_from_corrective_action(
    action_id: uuid.UUID,
    body: LessonFromAction,
    principal: CurrentPrincipal,
    session: Session,
    projects: Projects,
    governance: Governance,
    clock: CurrentClock,
    response: Response,
    if_match: IfMatch,
) -> LessonCreated:
    """Write a lesson learned in the governance service from a closed action (its trigger,
    text and measured effect; positive when done and it did not fail), and link it from the
    action."""
    created = await lessons.lesson_from_action(
        session, projects, governance, principal, action_id, body, if_match, clock=clock
    )
    response.headers["Location"] = f"/v1/lessons/{created.lesson_id}"
    set_etag(response, created.action.version)
    return created


@router.get(
    "/v1/projects/{project_id}/corrective-actions",
    operation_id="list_project_corrective_actions",
)
async def list_project_corrective_actions(
    project_id: uuid.UUID,
    principal: CurrentPrincipal,
    session: Session,
    projects: Projects,
    page: Paging,
    statuses: Statuses = None,
) -> Page[CorrectiveActionRead]:
    """The project's actions, newest first."""
    items, cursor = await service.list_of_project(
        session, projects, project_id, statuses or [], page
    )
    return Page(items=items, next_cursor=cursor)


@router.get(
    "/v1/portfolios/{portfolio_id}/corrective-actions",
    operation_id="list_portfolio_corrective_actions",
)
async def list_portfolio_corrective_actions(
    portfolio_id: uuid.UUID,
    principal: CurrentPrincipal,
    session: Session,
    projects: Projects,
    page: Paging,
    statuses: Statuses = None,
) -> Page[CorrectiveActionRead]:
    """The actions of the portfolio's projects the caller may read, newest first."""
    items, cursor = await service.list_of_portfolio(
        session, projects, portfolio_id, statuses or [], page
    )
    return Page(items=items, next_cursor=cursor)
