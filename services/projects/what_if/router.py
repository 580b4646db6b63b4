from __future__ import annotations

import uuid

from fastapi import APIRouter, Response, status

from services.projects.jobs.router import JobsQueue, job_answer
from services.projects.jobs.schemas import JobRead
from services.projects.what_if import service
from services.projects.what_if.schemas import WhatIfRequest, WhatIfResult
from shared.auth import CurrentPrincipal
from shared.concurrency import set_etag
from shared.dependencies import Read, Session

router = APIRouter(prefix="/v1", tags=["what-if"])


@router.post(
    "/projects/{project_id}/what-if",
    status_code=status.HTTP_202_ACCEPTED,
    operation_id="request_project_what_if",
)
async def request_project_what_if(
    project_id: uuid.UUID,
    body: WhatIfRequest,
    principal: CurrentPrincipal,
    session: Session,
    response: Response,
    queue: JobsQueue,
) -> JobRead:
    """Queue a what-if on the project's resources (people added to a role, people removed,
    time off changed); nothing is written to the plan. ``Location`` is the job to poll; its
    result compares finish, resource cost and over-allocation, current vs scenario. 422 up
    front for an unknown resource, role or calendar, time off in the wrong order, too many
    changes, or a side that cannot be levelled."""
    job = await service.request_project(session, principal, project_id, body, queue)
    response.headers["Location"] = f"/v1/jobs/{job.id}"
    return job_answer(job, response)


@router.post(
    "/portfolios/{portfolio_id}/what-if",
    status_code=status.HTTP_202_ACCEPTED,
    operation_id="request_portfolio_what_if",
)
async def request_portfolio_what_if(
    portfolio_id: uuid.UUID,
    body: WhatIfRequest,
    principal: CurrentPrincipal,
    session: Session,
    response: Response,
    queue: JobsQueue,
) -> JobRead:
    """Queue a what-if on the resources of all the portfolio's projects together (they
    are levelled as one, as a portfolio levelling is)."""
    job = await service.request_portfolio(session, principal, portfolio_id, body, queue)
    response.headers["Location"] = f"/v1/jobs/{job.id}"
    return job_answer(job, response)


@router.get(
    "/jobs/{job_id}/what-if",
    operation_id="get_what_if_result",
    responses={409: {"description": "The job has not succeeded (its `state` says where it is)."}},
)
async def get_what_if_result(
    job_id: uuid.UUID,
    principal: CurrentPrincipal,
    session: Session,
    reader: Read,
    response: Response,
) -> WhatIfResult:
    """The comparison of a succeeded what-if job (the job's result, typed): finish, resource
    cost and over-allocation, current vs scenario, the deltas and the tasks that move. 409
    while the job runs or once it failed; 404 for a job that is not a what-if."""
    job, result = await service.result_of(session, reader, principal, job_id)
    set_etag(response, job.version)
    return WhatIfResult.model_validate(result)
