from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from services.governance.deliverables import service
from services.governance.deliverables.schemas import (
    DeliverableCreate,
    DeliverableRead,
    DeliverableStatus,
    DeliverableUpdate,
)
from services.governance.dependencies import Projects
from services.governance.models import Deliverable
from shared.auth import CurrentPrincipal
from shared.concurrency import set_etag
from shared.dependencies import IfMatch, Paging, Read, Session
from shared.pagination import Page
from shared.repository import json_response, versioned_response

router = APIRouter(tags=["deliverables"])
DELIVERABLES = "/v1/projects/{project_id}/deliverables"
ONE = DELIVERABLES + "/{deliverable_id}"


def _read(deliverable: Deliverable, response: Response) -> DeliverableRead:
    set_etag(response, deliverable.version)
    return DeliverableRead.model_validate(deliverable, from_attributes=True)


@router.post(DELIVERABLES, status_code=status.HTTP_201_CREATED, operation_id="add_deliverable")
async def add_deliverable(
    project_id: uuid.UUID,
    body: DeliverableCreate,
    principal: CurrentPrincipal,
    session: Session,
    projects: Projects,
    response: Response,
) -> DeliverableRead:
    deliverable = await service.add_deliverable(session, principal, projects, project_id, body)
    response.headers["Location"] = f"/v1/projects/{project_id}/deliverables/{deliverable.id}"
    return _read(deliverable, response)


@router.get(DELIVERABLES, operation_id="list_deliverables", response_model=Page[DeliverableRead])
async def list_deliverables(
    project_id: uuid.UUID,
    principal: CurrentPrincipal,
    reader: Read,
    projects: Projects,
    page: Paging,
    status: DeliverableStatus | None = None,
    sort: Annotated[str | None, Query(description="created_at, key, name; '-' descending")] = None,
) -> Response:
    items, cursor = await service.list_deliverables(
        reader, principal, projects, project_id, page, sort, status.value if status else None
    )
    return json_response({"items": items, "next_cursor": cursor})


@router.get(ONE, operation_id="get_deliverable", response_model=DeliverableRead)
async def get_deliverable(
    project_id: uuid.UUID,
    deliverable_id: uuid.UUID,
    principal: CurrentPrincipal,
    reader: Read,
    projects: Projects,
) -> Response:
    row = await service.get_deliverable(reader, principal, projects, project_id, deliverable_id)
    return versioned_response(row)


@router.patch(ONE, operation_id="update_deliverable")
async def update_deliverable(
    project_id: uuid.UUID,
    deliverable_id: uuid.UUID,
    body: DeliverableUpdate,
    principal: CurrentPrincipal,
    session: Session,
    projects: Projects,
    response: Response,
    if_match: IfMatch,
) -> DeliverableRead:
    deliverable = await service.update_deliverable(
        session, principal, projects, (project_id, deliverable_id), body, if_match
    )
    return _read(deliverable, response)


@router.delete(ONE, status_code=status.HTTP_204_NO_CONTENT, operation_id="delete_deliverable")
async def delete_deliverable(
    project_id: uuid.UUID,
    deliverable_id: uuid.UUID,
    principal: CurrentPrincipal,
    session: Session,
    projects: Projects,
    if_match: IfMatch,
) -> Response:
    await service.delete_deliverable(
        session, principal, projects, (project_id, deliverable_id), if_match
    )
    return Response(status_code=status.HTTP_204_NO_CONTENT)
