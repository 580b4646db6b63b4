from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from services.projects.dependencies import service
from services.projects.dependencies.schemas import (
    DependencyCreate,
    DependencyRead,
    DependencyUpdate,
)
from services.projects.models import Dependency
from shared.auth import CurrentPrincipal
from shared.concurrency import set_etag
from shared.dependencies import IfMatch, Paging, Read, Session
from shared.pagination import Page, parse_ids
from shared.repository import json_response

router = APIRouter(tags=["dependencies"])


def _read(link: Dependency, response: Response) -> DependencyRead:
    set_etag(response, link.version)
    return DependencyRead.model_validate(link, from_attributes=True)


@router.post(
    "/v1/projects/{project_id}/dependencies",
    status_code=status.HTTP_201_CREATED,
    operation_id="add_dependency",
)
async def add_dependency(
    project_id: uuid.UUID,
    body: DependencyCreate,
    principal: CurrentPrincipal,
    session: Session,
    response: Response,
) -> DependencyRead:
    link = await service.add_link(session, principal, project_id, body)
    response.headers["Location"] = f"/v1/dependencies/{link.id}"
    return _read(link, response)


@router.get(
    "/v1/projects/{project_id}/dependencies",
    operation_id="list_dependencies",
    response_model=Page[DependencyRead],
)
async def list_dependencies(
    project_id: uuid.UUID, principal: CurrentPrincipal, reader: Read, page: Paging
) -> Response:
    items, cursor = await service.list_links(reader, principal, project_id, page)
    return json_response({"items": items, "next_cursor": cursor})


@router.get(
    "/v1/dependencies", operation_id="list_dependencies_into", response_model=Page[DependencyRead]
)
async def list_dependencies_into(
    principal: CurrentPrincipal,
    reader: Read,
    successor_ids: Annotated[str, Query(description="Comma-separated task ids (at most 500)")],
) -> Response:
    """Every link into the given tasks (their predecessors), whatever their projects; tasks
    the caller cannot see contribute nothing. One page: ``next_cursor`` is null."""
    items = await service.links_into(
        reader, principal, parse_ids(successor_ids, name="successor_ids") or []
    )
    return json_response({"items": items, "next_cursor": None})


@router.patch("/v1/dependencies/{dependency_id}", operation_id="update_dependency")
async def update_dependency(
    dependency_id: uuid.UUID,
    body: DependencyUpdate,
    principal: CurrentPrincipal,
    session: Session,
    response: Response,
    if_match: IfMatch,
) -> DependencyRead:
    link = await service.update_link(session, principal, dependency_id, body, if_match)
    return _read(link, response)


@router.delete(
    "/v1/dependencies/{dependency_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    operation_id="delete_dependency",
)
async def delete_dependency(
    dependency_id: uuid.UUID, principal: CurrentPrincipal, session: Session, if_match: IfMatch
) -> Response:
    await service.delete_link(session, principal, dependency_id, if_match)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
