from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from services.projects.models import Task
from services.projects.tasks import service
from services.projects.tasks.dependencies import TaskFields
from services.projects.tasks.schemas import (
    SparseTaskRead,
    TaskCreate,
    TaskDeleteImpact,
    TaskRead,
    TasksByProject,
    TaskUpdate,
)
from shared.auth import CurrentPrincipal
from shared.concurrency import set_etag
from shared.dependencies import IfMatch, Paging, Read, Session
from shared.errors import FieldError, ValidationFailed
from shared.pagination import MAX_LIMIT, Page, parse_ids
from shared.repository import json_response, versioned_response

router = APIRouter(tags=["tasks"])


def _read(task: Task, response: Response) -> TaskRead:
    set_etag(response, task.version)
    return TaskRead.model_validate(task, from_attributes=True)


@router.post(
    "/v1/projects/{project_id}/tasks", status_code=status.HTTP_201_CREATED, operation_id="add_task"
)
async def add_task(
    project_id: uuid.UUID,
    body: TaskCreate,
    principal: CurrentPrincipal,
    session: Session,
    response: Response,
) -> TaskRead:
    task = await service.add_task(session, principal, project_id, body)
    response.headers["Location"] = f"/v1/tasks/{task.id}"
    return _read(task, response)


@router.get(
    "/v1/projects/{project_id}/tasks",
    operation_id="list_tasks",
    response_model=Page[SparseTaskRead],  # type: ignore[valid-type]
)
async def list_tasks(
    project_id: uuid.UUID,
    principal: CurrentPrincipal,
    reader: Read,
    page: Paging,
    fields: TaskFields,
) -> Response:
    """The project's tasks in WBS order. With ``fields``, each item holds only the fields
    asked for plus ``id``, ``project_id`` and ``position``."""
    items, cursor = await service.list_tasks(reader, principal, project_id, page, fields)
    return json_response({"items": [dict(r) for r in items], "next_cursor": cursor})


@router.get("/v1/tasks", operation_id="list_tasks_by_ids", response_model=Page[TaskRead])
async def list_tasks_by_ids(
    principal: CurrentPrincipal,
    reader: Read,
    ids: Annotated[str, Query(description="Comma-separated task ids (at most 500)")],
) -> Response:
    """Batch read of tasks of any projects (the gateway's DataLoader batch); ids that are
    unknown or not visible to the caller are left out. One page: ``next_cursor`` is null."""
    rows = await service.tasks_by_ids(reader, principal, parse_ids(ids) or [])
    return json_response({"items": rows, "next_cursor": None})


@router.get(
    "/v1/tasks/first-pages",
    operation_id="list_first_task_pages",
    response_model=TasksByProject,
)
async def list_first_task_pages(
    principal: CurrentPrincipal,
    reader: Read,
    project_ids: Annotated[str, Query(description="Comma-separated project ids")],
    fields: TaskFields,
    limit: Annotated[int, Query(ge=1, description="Tasks per project")] = 50,
) -> Response:
    """The first page of tasks of many projects at once (the gateway's DataLoader batch).
    With ``fields``, each task holds only those plus ``id``, ``project_id`` and
    ``position``."""
    if limit > MAX_LIMIT:
        raise ValidationFailed(errors=[FieldError("limit", f"must be between 1 and {MAX_LIMIT}")])
    ids = parse_ids(project_ids) or []
    pages = await service.tasks_by_project(reader, principal, ids, limit, fields)
    return json_response({"items": pages})


@router.get("/v1/tasks/{task_id}", operation_id="get_task", response_model=TaskRead)
async def get_task(task_id: uuid.UUID, principal: CurrentPrincipal, reader: Read) -> Response:
    row = await service.get_task(reader, principal, task_id)
    return versioned_response(dict(row))


@router.patch("/v1/tasks/{task_id}", operation_id="update_task")
async def update_task(
    task_id: uuid.UUID,
    body: TaskUpdate,
    principal: CurrentPrincipal,
    session: Session,
    response: Response,
    if_match: IfMatch,
) -> TaskRead:
    return _read(await service.update_task(session, principal, task_id, body, if_match), response)


@router.delete(
    "/v1/tasks/{task_id}", status_code=status.HTTP_204_NO_CONTENT, operation_id="delete_task"
)
async def delete_task(
    task_id: uuid.UUID,
    principal: CurrentPrincipal,
    session: Session,
    if_match: IfMatch,
    cascade: Annotated[
        bool,
        Query(description="Confirm deleting the subtasks, links and assignments that go too"),
    ] = False,
) -> Response:
    """Deletes the task. When it takes more with it (subtasks, links to or from other
    tasks, assignments), only with ``?cascade=true``: otherwise 409 (problem type
    ``task-delete-needs-confirmation``) whose ``impact`` lists all of it, as
    ``GET /v1/tasks/{id}/delete-impact`` does beforehand."""
    await service.delete_task(session, principal, task_id, if_match, cascade)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("/v1/tasks/{task_id}/delete-impact", operation_id="get_task_delete_impact")
async def get_task_delete_impact(
    task_id: uuid.UUID, principal: CurrentPrincipal, session: Session
) -> TaskDeleteImpact:
    """What deleting the task would take with it, and whether the delete needs
    ``?cascade=true``; for those who may change the project."""
    return await service.task_delete_impact(session, principal, task_id)
