from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from services.governance.dependencies import Projects
from services.governance.lifecycles import assignment, service
from services.governance.lifecycles.schemas import (
    LifecycleAssign,
    LifecycleCreate,
    LifecycleRead,
    LifecycleStatus,
    LifecycleUpdate,
    ProjectLifecycleRead,
)
from services.governance.models import Lifecycle, ProjectLifecycle
from shared.auth import CurrentPrincipal
from shared.concurrency import set_etag
from shared.dependencies import IfMatch, Paging, Read, Session
from shared.pagination import Page, parse_ids
from shared.repository import json_response, versioned_response

router = APIRouter(tags=["lifecycles"])
ONE = "/v1/lifecycles/{lifecycle_id}"
PROJECT_LIFECYCLE = "/v1/projects/{project_id}/lifecycle"


def _read(lifecycle: Lifecycle, response: Response) -> LifecycleRead:
    set_etag(response, lifecycle.version)
    return LifecycleRead.model_validate(lifecycle, from_attributes=True)


@router.post("/v1/lifecycles", status_code=status.HTTP_201_CREATED, operation_id="create_lifecycle")
async def create_lifecycle(
    body: LifecycleCreate, principal: CurrentPrincipal, session: Session, response: Response
) -> LifecycleRead:
    lifecycle = await service.create_lifecycle(session, principal, body)
    response.headers["Location"] = f"/v1/lifecycles/{lifecycle.id}"
    return _read(lifecycle, response)


@router.get("/v1/lifecycles", operation_id="list_lifecycles", response_model=Page[LifecycleRead])
async def list_lifecycles(
    principal: CurrentPrincipal,
    reader: Read,
    page: Paging,
    status: LifecycleStatus | None = None,
    key: Annotated[str | None, Query(max_length=80)] = None,
    ids: Annotated[str | None, Query(description="Comma-separated ids (batch read)")] = None,
    sort: Annotated[str | None, Query(description="created_at, key, name; '-' descending")] = None,
) -> Response:
    items, cursor = await service.list_lifecycles(
        reader,
        page,
        sort,
        status=status.value if status else None,
        key=key,
        ids=parse_ids(ids),
    )
    return json_response({"items": items, "next_cursor": cursor})


@router.get(ONE, operation_id="get_lifecycle", response_model=LifecycleRead)
async def get_lifecycle(
    lifecycle_id: uuid.UUID, principal: CurrentPrincipal, reader: Read
) -> Response:
    return versioned_response(await service.get_lifecycle(reader, lifecycle_id))


@router.patch(ONE, operation_id="update_lifecycle")
async def update_lifecycle(
    lifecycle_id: uuid.UUID,
    body: LifecycleUpdate,
    principal: CurrentPrincipal,
    session: Session,
    response: Response,
    if_match: IfMatch,
) -> LifecycleRead:
    lifecycle = await service.update_lifecycle(session, principal, lifecycle_id, body, if_match)
    return _read(lifecycle, response)


@router.post(ONE + "/publish", operation_id="publish_lifecycle")
async def publish_lifecycle(
    lifecycle_id: uuid.UUID,
    principal: CurrentPrincipal,
    session: Session,
    response: Response,
    if_match: IfMatch,
) -> LifecycleRead:
    lifecycle = await service.publish_lifecycle(session, principal, lifecycle_id, if_match)
    return _read(lifecycle, response)


@router.post(ONE + "/retire", operation_id="retire_lifecycle")
async def retire_lifecycle(
    lifecycle_id: uuid.UUID,
    principal: CurrentPrincipal,
    session: Session,
    response: Response,
    if_match: IfMatch,
) -> LifecycleRead:
    lifecycle = await service.retire_lifecycle(session, principal, lifecycle_id, if_match)
    return _read(lifecycle, response)


@router.post(
    ONE + "/revisions",
    status_code=status.HTTP_201_CREATED,
    operation_id="create_lifecycle_revision",
)
async def create_lifecycle_revision(
    lifecycle_id: uuid.UUID, principal: CurrentPrincipal, session: Session, response: Response
) -> LifecycleRead:
    lifecycle = await service.new_revision(session, principal, lifecycle_id)
    response.headers["Location"] = f"/v1/lifecycles/{lifecycle.id}"
    return _read(lifecycle, response)


@router.put(PROJECT_LIFECYCLE, operation_id="assign_project_lifecycle")
async def assign_project_lifecycle(
    project_id: uuid.UUID,
    body: LifecycleAssign,
    principal: CurrentPrincipal,
    session: Session,
    projects: Projects,
    response: Response,
    if_match: IfMatch,
) -> ProjectLifecycleRead:
    assigned = await assignment.assign_lifecycle(
        session, principal, projects, project_id, body.lifecycle_id, if_match
    )
    return _assignment(assigned, response)


@router.get(
    PROJECT_LIFECYCLE, operation_id="get_project_lifecycle", response_model=ProjectLifecycleRead
)
async def get_project_lifecycle(
    project_id: uuid.UUID, principal: CurrentPrincipal, reader: Read, projects: Projects
) -> Response:
    return versioned_response(await assignment.get_assignment(reader, projects, project_id))


def _assignment(assigned: ProjectLifecycle, response: Response) -> ProjectLifecycleRead:
    set_etag(response, assigned.version)
    return ProjectLifecycleRead.model_validate(assigned, from_attributes=True)
