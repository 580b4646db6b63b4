from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from services.projects.status_updates import service
from services.projects.status_updates.schemas import StatusUpdateCreate, StatusUpdateRead
from shared.auth import CurrentPrincipal
from shared.concurrency import set_etag
from shared.dependencies import FirstPages, Paging, Read, Session
from shared.pagination import Page, PagesByProject
from shared.repository import json_response, versioned_response

# No PATCH, PUT or DELETE: status updates are immutable, and those methods answer 405.
router = APIRouter(tags=["status_updates"])


@router.post(
    "/v1/projects/{project_id}/status-updates",
    status_code=status.HTTP_201_CREATED,
    operation_id="create_status_update",
)
async def create_status_update(
    project_id: uuid.UUID,
    body: StatusUpdateCreate,
    principal: CurrentPrincipal,
    session: Session,
    response: Response,
) -> StatusUpdateRead:
    update = await service.create_status_update(session, principal, project_id, body)
    response.headers["Location"] = f"/v1/status-updates/{update.id}"
    set_etag(response, update.version)
    return StatusUpdateRead.model_validate(update, from_attributes=True)


@router.get(
    "/v1/projects/{project_id}/status-updates",
    operation_id="list_status_updates",
    response_model=Page[StatusUpdateRead],
)
async def list_status_updates(
    project_id: uuid.UUID,
    principal: CurrentPrincipal,
    reader: Read,
    page: Paging,
    sort: Annotated[
        str | None, Query(description="as_of, created_at; '-' for descending (default -as_of)")
    ] = None,
) -> Response:
    items, cursor = await service.list_status_updates(reader, principal, project_id, page, sort)
    return json_response({"items": items, "next_cursor": cursor})


@router.get(
    "/v1/status-updates/first-pages",
    operation_id="list_first_status_update_pages",
    response_model=PagesByProject[StatusUpdateRead],
)
async def list_first_status_update_pages(
    principal: CurrentPrincipal, reader: Read, batch: FirstPages
) -> Response:
    """The first page of status updates (newest first, by the date reported on) of many
    projects at once: the gateway's DataLoader batch. Each ``next_cursor`` continues in
    the project's list with its default sort."""
    pages = await service.first_status_update_pages(
        reader, principal, batch.project_ids, batch.limit
    )
    return json_response({"items": pages})


@router.get(
    "/v1/status-updates/{status_update_id}",
    operation_id="get_status_update",
    response_model=StatusUpdateRead,
)
async def get_status_update(
    status_update_id: uuid.UUID, principal: CurrentPrincipal, reader: Read
) -> Response:
    row = await service.get_status_update(reader, principal, status_update_id)
    return versioned_response(row)
