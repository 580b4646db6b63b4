from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response, status

from services.projects.models import Project
from services.projects.projects import service
from services.projects.projects.schemas import (
    ProjectCreate,
    ProjectPhaseChange,
    ProjectRead,
    ProjectsByPortfolio,
    ProjectsByProgram,
    ProjectStatus,
    ProjectUpdate,
)
from shared.auth import CurrentPrincipal
from shared.concurrency import set_etag
from shared.dependencies import IfMatch, Paging, Read, Session
from shared.pagination import MAX_LIMIT, Page, parse_ids
from shared.repository import json_response, versioned_response

router = APIRouter(prefix="/v1/projects", tags=["projects"])


def _read(project: Project, response: Response) -> ProjectRead:
    set_etag(response, project.version)
    return ProjectRead.model_validate(project, from_attributes=True)


@router.post("", status_code=status.HTTP_201_CREATED, operation_id="create_project")
async def create_project(
    body: ProjectCreate, principal: CurrentPrincipal, session: Session, response: Response
) -> ProjectRead:
    project = await service.create_project(session, principal, body)
    response.headers["Location"] = f"/v1/projects/{project.id}"
    return _read(project, response)


@router.get("", operation_id="list_projects", response_model=Page[ProjectRead])
async def list_projects(
    principal: CurrentPrincipal,
    reader: Read,
    page: Paging,
    status: Annotated[list[ProjectStatus] | None, Query()] = None,
    portfolio_id: uuid.UUID | None = None,
    program_id: uuid.UUID | None = None,
    tag: Annotated[str | None, Query(max_length=64)] = None,
    q: Annotated[str | None, Query(max_length=200, description="Text in name or code")] = None,
    ids: Annotated[str | None, Query(description="Comma-separated ids (batch read)")] = None,
    sort: Annotated[
        str | None, Query(description="created_at, updated_at, name, code; '-' for descending")
    ] = None,
    archived: Annotated[
        bool, Query(description="true: the archived projects instead (admin/pmo)")
    ] = False,
) -> Response:
    filters = {
        "archived": archived,
        "status": [s.value for s in status] if status else None,
        "portfolio_id": portfolio_id,
        "program_id": program_id,
        "tag": tag,
        "q": q,
        "ids": parse_ids(ids),
    }
    items, cursor = await service.list_projects(reader, principal, page, sort, **filters)
    return json_response({"items": [dict(r) for r in items], "next_cursor": cursor})


@router.get(
    "/first-pages", operation_id="list_projects_by_portfolio", response_model=ProjectsByPortfolio
)
async def list_projects_by_portfolio(
    principal: CurrentPrincipal,
    reader: Read,
    portfolio_ids: Annotated[str, Query(description="Comma-separated portfolio ids")],
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Projects per portfolio")] = 50,
    status: Annotated[list[ProjectStatus] | None, Query()] = None,
) -> Response:
    """The first page (oldest first) of many portfolios' projects at once, each with the
    cursor that continues it in ``list_projects`` (the gateway's DataLoader batch)."""
    items = await service.first_pages_by_group(
        reader,
        principal,
        "portfolio_id",
        parse_ids(portfolio_ids) or [],
        limit,
        [s.value for s in status] if status else None,
    )
    return json_response({"items": items})


@router.get(
    "/first-pages-by-program",
    operation_id="list_projects_by_program",
    response_model=ProjectsByProgram,
)
async def list_projects_by_program(
    principal: CurrentPrincipal,
    reader: Read,
    program_ids: Annotated[str, Query(description="Comma-separated program ids")],
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Projects per program")] = 50,
    status: Annotated[list[ProjectStatus] | None, Query()] = None,
) -> Response:
    """The first page (oldest first) of many programs' projects at once, each with the
    cursor that continues it in ``list_projects?program_id=`` (the gateway's DataLoader
    batch)."""
    items = await service.first_pages_by_group(
        reader,
        principal,
        "program_id",
        parse_ids(program_ids, name="program_ids") or [],
        limit,
        [s.value for s in status] if status else None,
    )
    return json_response({"items": items})


@router.get("/{project_id}", operation_id="get_project", response_model=ProjectRead)
async def get_project(project_id: uuid.UUID, principal: CurrentPrincipal, reader: Read) -> Response:
    row = dict(await service.get_project(reader, principal, project_id))
    row.pop("my_role", None)
    return versioned_response(row)


@router.patch("/{project_id}", operation_id="update_project")
async def update_project(
    project_id: uuid.UUID,
    body: ProjectUpdate,
    principal: CurrentPrincipal,
    session: Session,
    response: Response,
    if_match: IfMatch,
) -> ProjectRead:
    project = await service.update_project(session, principal, project_id, body, if_match)
    return _read(project, response)


@router.post("/{project_id}/phase", operation_id="set_project_phase")
async def set_project_phase(
    project_id: uuid.UUID,
    body: ProjectPhaseChange,
    principal: CurrentPrincipal,
    session: Session,
    response: Response,
    if_match: IfMatch,
) -> ProjectRead:
    """Move the project to the phase its gate review decided, and to the status the gate
    sets (a proposed project is approved this way only). Only the governance service, as
    itself (the ``governance-service`` role), may: for everyone else, admins included, 403."""
    project = await service.set_project_phase(session, principal, project_id, body, if_match)
    return _read(project, response)


@router.delete(
    "/{project_id}", status_code=status.HTTP_204_NO_CONTENT, operation_id="delete_project"
)
async def delete_project(
    project_id: uuid.UUID, principal: CurrentPrincipal, session: Session, if_match: IfMatch
) -> Response:
    """Archives the project (admin/pmo): it disappears from every list and lookup except an
    admin's or PMO's, nothing under it is erased, and ``restore`` brings it back; 409 when it
    is archived already. Changes to an archived project's records answer 409 to admin/pmo
    and 404 to everyone else."""
    await service.archive_project(session, principal, project_id, if_match)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post("/{project_id}/restore", operation_id="restore_project")
async def restore_project(
    project_id: uuid.UUID,
    principal: CurrentPrincipal,
    session: Session,
    response: Response,
    if_match: IfMatch,
) -> ProjectRead:
    """Brings an archived project back (pmo/admin); 409 when it is not archived."""
    project = await service.restore_project(session, principal, project_id, if_match)
    return _read(project, response)


@router.post(
    "/{project_id}/purge", status_code=status.HTTP_204_NO_CONTENT, operation_id="purge_project"
)
async def purge_project(
    project_id: uuid.UUID,
    principal: CurrentPrincipal,
    session: Session,
    request: Request,
    if_match: IfMatch,
) -> Response:
    """Erases an archived project and everything under it (admin only), once the retention
    period (``PROJECTS_ARCHIVE_RETENTION_DAYS``, 30 by default) has passed since it was
    archived: 409 before, and for a project that is not archived. The purge is audited."""
    days = request.app.state.settings.archive_retention_days
    await service.purge_project(session, principal, project_id, days, if_match)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
