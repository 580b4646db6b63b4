from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter, Response, status

from services.projects.calendars import service
from services.projects.calendars.schemas import CalendarCreate, CalendarRead, CalendarUpdate
from shared.auth import CurrentPrincipal
from shared.concurrency import set_etag
from shared.dependencies import IfMatch, Session
from shared.pagination import Page

router = APIRouter(tags=["calendars"])


def _read(body: dict[str, Any], response: Response) -> CalendarRead:
    set_etag(response, body["version"])
    return CalendarRead.model_validate(body)


@router.post(
    "/v1/projects/{project_id}/calendars",
    status_code=status.HTTP_201_CREATED,
    operation_id="create_calendar",
)
async def create_calendar(
    project_id: uuid.UUID,
    body: CalendarCreate,
    principal: CurrentPrincipal,
    session: Session,
    response: Response,
) -> CalendarRead:
    calendar = await service.create_calendar(session, principal, project_id, body)
    response.headers["Location"] = f"/v1/calendars/{calendar['id']}"
    return _read(calendar, response)


@router.get(
    "/v1/projects/{project_id}/calendars",
    operation_id="list_calendars",
    response_model=Page[CalendarRead],
)
async def list_calendars(
    project_id: uuid.UUID, principal: CurrentPrincipal, session: Session
) -> Page[CalendarRead]:
    """A project has few calendars: one page holds them all."""
    items = await service.list_calendars(session, principal, project_id)
    return Page[CalendarRead](items=[CalendarRead.model_validate(c) for c in items])


@router.patch("/v1/calendars/{calendar_id}", operation_id="update_calendar")
async def update_calendar(
    calendar_id: uuid.UUID,
    body: CalendarUpdate,
    principal: CurrentPrincipal,
    session: Session,
    response: Response,
    if_match: IfMatch,
) -> CalendarRead:
    calendar = await service.update_calendar(session, principal, calendar_id, body, if_match)
    return _read(calendar, response)
