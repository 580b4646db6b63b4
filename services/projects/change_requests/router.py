from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from services.projects.change_requests import service
from services.projects.change_requests.schemas import (
    ChangeRequestApproval,
    ChangeRequestCreate,
    ChangeRequestRead,
    ChangeRequestRejection,
    ChangeRequestStatus,
    ChangeRequestUpdate,
)
from services.projects.models import ChangeRequest
from shared.auth import CurrentPrincipal
from shared.concurrency import set_etag
from shared.dependencies import FirstPages, IfMatch, Paging, Read, Session
from shared.pagination import Page, PagesByProject
from shared.repository import json_response, versioned_response

router = APIRouter(tags=["change_requests"])


def _read(change: ChangeRequest, response: Response) -> ChangeRequestRead:
    set_etag(response, change.version)
    return ChangeRequestRead.model_validate(change, from_attributes=True)


@router.post(
    "/v1/projects/{project_id}/change-requests",
    status_code=status.HTTP_201_CREATED,
    operation_id="create_change_request",
)
async def create_change_request(
    project_id: uuid.UUID,
    body: ChangeRequestCreate,
    principal: CurrentPrincipal,
    session: Session,
    response: Response,
) -> ChangeRequestRead:
    change = await service.create_change_request(session, principal, project_id, body)
    response.headers["Location"] = f"/v1/change-requests/{change.id}"
    return _read(change, response)


@router.get(
    "/v1/projects/{project_id}/change-requests",
    operation_id="list_change_requests",
    response_model=Page[ChangeRequestRead],
)
async def list_change_requests(
    project_id: uuid.UUID,
    principal: CurrentPrincipal,
    reader: Read,
    page: Paging,
    status: Annotated[list[ChangeRequestStatus] | None, Query()] = None,
) -> Response:
    statuses = [s.value for s in status] if status else None
    items, cursor = await service.list_change_requests(
        reader, principal, project_id, statuses, page
    )
    return json_response({"items": items, "next_cursor": cursor})


@router.get(
    "/v1/change-requests/first-pages",
    operation_id="list_first_change_request_pages",
    response_model=PagesByProject[ChangeRequestRead],
)
async def list_first_change_request_pages(
    principal: CurrentPrincipal, reader: Read, batch: FirstPages
) -> Response:
    """The first page of change requests (oldest first) of many projects at once: the
    gateway's DataLoader batch. Each ``next_cursor`` continues in the project's list."""
    pages = await service.first_change_request_pages(
        reader, principal, batch.project_ids, batch.limit
    )
    return json_response({"items": pages})


@router.get(
    "/v1/change-requests/{change_request_id}",
    operation_id="get_change_request",
    response_model=ChangeRequestRead,
)
async def get_change_request(
    change_request_id: uuid.UUID, principal: CurrentPrincipal, reader: Read
) -> Response:
    row = await service.get_change_request(reader, principal, change_request_id)
    return versioned_response(row)


@router.patch("/v1/change-requests/{change_request_id}", operation_id="update_change_request")
async def update_change_request(
    change_request_id: uuid.UUID,
    body: ChangeRequestUpdate,
    principal: CurrentPrincipal,
    session: Session,
    response: Response,
    if_match: IfMatch,
) -> ChangeRequestRead:
    change = await service.update_change_request(
        session, principal, change_request_id, body, if_match
    )
    return _read(change, response)


@router.post("/v1/change-requests/{change_request_id}/submit", operation_id="submit_change_request")
async def submit_change_request(
    change_request_id: uuid.UUID,
    principal: CurrentPrincipal,
    session: Session,
    response: Response,
    if_match: IfMatch,
) -> ChangeRequestRead:
    change = await service.submit_change_request(session, principal, change_request_id, if_match)
    return _read(change, response)


@router.post(
    "/v1/change-requests/{change_request_id}/approve", operation_id="approve_change_request"
)
async def approve_change_request(
    change_request_id: uuid.UUID,
    principal: CurrentPrincipal,
    session: Session,
    response: Response,
    if_match: IfMatch,
    body: ChangeRequestApproval | None = None,
) -> ChangeRequestRead:
    """Manager of the project or pmo/admin; ``set_baseline`` captures that baseline in the
    same transaction (409, and nothing saved, if it is taken and ``replace_baseline`` is
    false)."""
    change = await service.approve_change_request(
        session, principal, change_request_id, body or ChangeRequestApproval(), if_match
    )
    return _read(change, response)


@router.post("/v1/change-requests/{change_request_id}/reject", operation_id="reject_change_request")
async def reject_change_request(
    change_request_id: uuid.UUID,
    principal: CurrentPrincipal,
    session: Session,
    response: Response,
    if_match: IfMatch,
    body: ChangeRequestRejection | None = None,
) -> ChangeRequestRead:
    note = body.note if body else None
    change = await service.reject_change_request(
        session, principal, change_request_id, note, if_match
    )
    return _read(change, response)
