from __future__ import annotations

from fastapi import APIRouter, Response, status

from services.projects.plans import service
from services.projects.plans.schemas import ProjectPlanCreate, ProjectPlanRead
from services.projects.projects.schemas import ProjectRead
from shared.auth import CurrentPrincipal
from shared.concurrency import set_etag
from shared.dependencies import Session

router = APIRouter(tags=["projects"])


@router.post(
    "/v1/project-plans",
    status_code=status.HTTP_201_CREATED,
    operation_id="create_project_plan",
    response_model=ProjectPlanRead,
)
async def create_project_plan(
    body: ProjectPlanCreate, principal: CurrentPrincipal, session: Session, response: Response
) -> ProjectPlanRead:
    """A project with its tasks (named by keys the request chooses), links and first RAID
    entries, scheduled, in one transaction: all of it or, on any error, nothing. Send an
    ``Idempotency-Key``: a retry answers the same project, and of two identical requests
    at once one creates it (the other is told it is in flight, then replays it). At most
    2,000 tasks, 5,000 links and 200 RAID entries."""
    created = await service.create_project_plan(session, principal, body)
    project = created["project"]
    response.headers["Location"] = f"/v1/projects/{project.id}"
    set_etag(response, project.version)
    return ProjectPlanRead(
        project=ProjectRead.model_validate(project, from_attributes=True),
        task_ids=created["task_ids"],
        counts=created["counts"],
    )
