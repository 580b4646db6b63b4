from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Response

from services.projects.facts import service
from services.projects.facts.schemas import ProjectFacts, ProjectFactsBatch
from shared.auth import CurrentPrincipal
from shared.dependencies import Read
from shared.pagination import parse_ids
from shared.repository import json_response

router = APIRouter(tags=["facts"])


@router.get(
    "/v1/projects/{project_id}/facts", operation_id="get_project_facts", response_model=ProjectFacts
)
async def get_project_facts(
    project_id: uuid.UUID, principal: CurrentPrincipal, reader: Read
) -> Response:
    """Everything governance rules read about a project in one answer: its fields, its plan
    with computed dates and floats, its latest baseline, RAID summary, last status update
    and the critical path test (DCMA check 12, run on an in-memory copy of the plan)."""
    return json_response(await service.project_facts(reader, principal, project_id))


@router.get(
    "/v1/project-facts", operation_id="list_project_facts", response_model=ProjectFactsBatch
)
async def list_project_facts(
    principal: CurrentPrincipal,
    reader: Read,
    project_ids: Annotated[
        str, Query(description=f"Comma-separated project ids (at most {service.MAX_BATCH})")
    ],
) -> Response:
    """The facts of many projects in one answer, in the order asked; unknown projects and
    those the caller may not read are left out."""
    ids = parse_ids(project_ids, max_ids=service.MAX_BATCH, name="project_ids") or []
    return json_response({"items": await service.facts_of_projects(reader, principal, ids)})
