from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Query, Response, status

from services.projects.assignments import bulk, service
from services.projects.assignments.schemas import (
    AssignmentCreate,
    AssignmentList,
    AssignmentRead,
    AssignmentUpdate,
)
from services.projects.bulk.schemas import BulkRequest, BulkResult
from shared.auth import CurrentPrincipal
from shared.dependencies import IfMatch, Paging, Session
from shared.errors import FieldError, ValidationFailed
from shared.pagination import Page, parse_ids
from shared.repository import json_response, versioned_response

router = APIRouter(tags=["assignments"])

OF_TASK = "/v1/tasks/{task_id}/assignments"
ONE = "/v1/assignments/{assignment_id}"


def _versioned(answer: dict[str, Any], status_code: int = 200) -> Response:
    return versioned_response(answer, status_code=status_code)


@router.post(
    OF_TASK,
    status_code=status.HTTP_201_CREATED,
    operation_id="assign_resource",
    response_model=AssignmentRead,
)
async def assign_resource(
    task_id: uuid.UUID, body: AssignmentCreate, principal: CurrentPrincipal, session: Session
) -> Response:
    """Put a resource on a task (the project's writers may) at ``units``, or at the units
    that give ``work_hours`` over the task. Refused: a summary task (422), an unknown or
    inactive resource (422), units above its max_units (422), rates in another currency
    than the project's (422), the resource already on the task (409)."""
    answer = await service.create_assignment(session, principal, task_id, body)
    response = _versioned(answer, status.HTTP_201_CREATED)
    response.headers["Location"] = f"/v1/assignments/{answer['id']}"
    return response


@router.get(OF_TASK, operation_id="list_task_assignments", response_model=AssignmentList)
async def list_task_assignments(
    task_id: uuid.UUID, principal: CurrentPrincipal, session: Session
) -> Response:
    items = await service.list_for_task(session, principal, task_id)
    return json_response({"items": items})


@router.get(
    "/v1/projects/{project_id}/assignments",
    operation_id="list_project_assignments",
    response_model=Page[AssignmentRead],
)
async def list_project_assignments(
    project_id: uuid.UUID, principal: CurrentPrincipal, session: Session, page: Paging
) -> Response:
    """Every assignment of the project, oldest first, with its work and cost."""
    items, cursor = await service.list_for_project(session, principal, project_id, page)
    return json_response({"items": items, "next_cursor": cursor})


@router.post("/v1/projects/{project_id}/assignments/bulk", operation_id="bulk_upsert_assignments")
async def bulk_upsert_assignments(
    project_id: uuid.UUID, body: BulkRequest, principal: CurrentPrincipal, session: Session
) -> BulkResult:
    """Create or update up to 1,000 assignments pushed by a system, each keyed by its task
    (``task_id``, or ``task_external_source`` + ``task_external_id``) and its resource
    (``resource_id``, or its HR key ``resource_external_source`` + ``resource_external_id``),
    with ``units`` or ``work_hours``; the same pair at the same units is ``unchanged``.
    ``atomic`` (default): one bad item fails the call with 422, its index in ``errors``
    (``items[i]``), nothing written; ``per_item``: the good items are written and the bad
    ones reported."""
    return await bulk.upsert_assignments(session, principal, project_id, body)


@router.get(
    "/v1/resources/{resource_id}/assignments",
    operation_id="list_resource_assignments",
    response_model=AssignmentList,
)
async def list_resource_assignments(
    resource_id: uuid.UUID, principal: CurrentPrincipal, session: Session
) -> Response:
    """The resource's assignments in the projects the caller may read."""
    items = await service.list_for_resource(session, principal, resource_id)
    return json_response({"items": items})


@router.get(
    "/v1/assignments", operation_id="list_assignments_by_ids", response_model=AssignmentList
)
async def list_assignments_by_ids(
    principal: CurrentPrincipal,
    session: Session,
    task_ids: Annotated[
        str | None, Query(description="Comma-separated task ids (at most 500)")
    ] = None,
    resource_ids: Annotated[
        str | None, Query(description="Comma-separated resource ids (at most 500)")
    ] = None,
) -> Response:
    """Batch read (the gateway's DataLoaders): the assignments of these tasks and of these
    resources, in the projects the caller may read."""
    tasks = parse_ids(task_ids, name="task_ids") or []
    resources = parse_ids(resource_ids, name="resource_ids") or []
    if not tasks and not resources:
        raise ValidationFailed(errors=[FieldError("task_ids", "give task_ids or resource_ids")])
    items = await service.list_by_ids(session, principal, tasks, resources)
    return json_response({"items": items})


@router.get(ONE, operation_id="get_assignment", response_model=AssignmentRead)
async def get_assignment(
    assignment_id: uuid.UUID, principal: CurrentPrincipal, session: Session
) -> Response:
    return _versioned(await service.get_assignment(session, principal, assignment_id))


@router.patch(ONE, operation_id="update_assignment", response_model=AssignmentRead)
async def update_assignment(
    assignment_id: uuid.UUID,
    body: AssignmentUpdate,
    principal: CurrentPrincipal,
    session: Session,
    if_match: IfMatch,
) -> Response:
    """New units, or the units giving new ``work_hours``."""
    answer = await service.update_assignment(session, principal, assignment_id, body, if_match)
    return _versioned(answer)


@router.delete(ONE, status_code=status.HTTP_204_NO_CONTENT, operation_id="unassign_resource")
async def unassign_resource(
    assignment_id: uuid.UUID, principal: CurrentPrincipal, session: Session, if_match: IfMatch
) -> Response:
    await service.delete_assignment(session, principal, assignment_id, if_match)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
