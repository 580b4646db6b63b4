from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Path, Query, Response, status

from services.projects.baselines import service
from services.projects.baselines.schemas import (
    BaselineCapture,
    BaselineList,
    BaselineRead,
    BaselineVariance,
)
from shared.auth import CurrentPrincipal
from shared.concurrency import etag_for
from shared.dependencies import IfMatch, Paging, ProjectIds, Read, Session
from shared.pagination import PagesByProject
from shared.repository import json_response, versioned_response

router = APIRouter(tags=["baselines"])
BASELINES = "/v1/projects/{project_id}/baselines"

Number = Annotated[int, Path(ge=0, le=10, description="Baseline number, 0-10 like MS Project")]


@router.get(BASELINES, operation_id="list_baselines", response_model=BaselineList)
async def list_baselines(
    project_id: uuid.UUID, principal: CurrentPrincipal, reader: Read
) -> Response:
    rows = await service.list_baselines(reader, principal, project_id)
    return json_response({"items": rows, "next_cursor": None})


@router.post(
    BASELINES + "/{number}",
    status_code=status.HTTP_201_CREATED,
    operation_id="set_baseline",
    response_model=BaselineRead,
)
async def set_baseline(
    project_id: uuid.UUID,
    number: Number,
    principal: CurrentPrincipal,
    session: Session,
    body: BaselineCapture | None = None,
    replace: Annotated[bool, Query(description="Capture again over an existing one")] = False,
) -> Response:
    name = body.name if body else None
    baseline = await service.set_baseline(session, principal, project_id, number, name, replace)
    headers = {
        "Location": f"/v1/projects/{project_id}/baselines/{number}",
        "ETag": etag_for(baseline["version"]),
    }
    return json_response(baseline, status_code=201, headers=headers)


@router.get(BASELINES + "/{number}", operation_id="get_baseline", response_model=BaselineRead)
async def get_baseline(
    project_id: uuid.UUID, number: Number, principal: CurrentPrincipal, reader: Read
) -> Response:
    row = await service.get_baseline(reader, principal, project_id, number)
    return versioned_response(row)


@router.delete(
    BASELINES + "/{number}", status_code=status.HTTP_204_NO_CONTENT, operation_id="clear_baseline"
)
async def clear_baseline(
    project_id: uuid.UUID,
    number: Number,
    principal: CurrentPrincipal,
    session: Session,
    if_match: IfMatch,
) -> Response:
    await service.clear_baseline(session, principal, project_id, number, if_match)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get(
    BASELINES + "/{number}/variance",
    operation_id="get_baseline_variance",
    response_model=BaselineVariance,
)
async def get_baseline_variance(
    project_id: uuid.UUID,
    number: Number,
    principal: CurrentPrincipal,
    reader: Read,
    page: Paging,
) -> Response:
    """Per task (paged in plan order) and for the project; dates differ in calendar days."""
    return json_response(
        await service.baseline_variance(reader, principal, project_id, number, page)
    )


@router.get(
    "/v1/baselines",
    operation_id="list_baselines_of_projects",
    response_model=PagesByProject[BaselineRead],
)
async def list_baselines_of_projects(
    principal: CurrentPrincipal, reader: Read, project_ids: ProjectIds
) -> Response:
    """Every baseline (at most eleven each, by number) of many projects at once: the
    gateway's DataLoader batch. One page per project: ``next_cursor`` is null."""
    pages = await service.baselines_of_projects(reader, principal, project_ids)
    return json_response({"items": pages})
