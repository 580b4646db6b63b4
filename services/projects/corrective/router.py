from __future__ import annotations

import uuid

from fastapi import APIRouter, Response, status

from services.projects.change_requests.schemas import ChangeRequestRead
from services.projects.corrective import policy, service
from services.projects.corrective.schemas import (
    CorrectiveOptionList,
    CorrectiveOptionRead,
    CorrectivePolicyRead,
    CorrectivePolicySettings,
)
from services.projects.jobs.router import JobsQueue, job_answer
from services.projects.jobs.schemas import JobRead
from shared.auth import CurrentPrincipal
from shared.concurrency import set_etag
from shared.dependencies import IfMatch, Session

router = APIRouter(prefix="/v1", tags=["corrective-options"])


@router.post(
    "/projects/{project_id}/corrective-options",
    status_code=status.HTTP_202_ACCEPTED,
    operation_id="request_corrective_options",
)
async def request_corrective_options(
    project_id: uuid.UUID,
    principal: CurrentPrincipal,
    session: Session,
    response: Response,
    queue: JobsQueue,
) -> JobRead:
    """Queue the computation of corrective-action options (job kind ``corrective_options``):
    crash, fast-track, remove optional lags, cut optional scope, move the deadline, each
    evaluated by the engine on a copy of the plan (nothing changes). ``Location`` is the job;
    once it succeeded, the options are listed here (GET). 422 (code ``schedule_cycle``...)
    when the plan cannot be scheduled: no job is queued."""
    job = await service.request_options(session, principal, project_id, queue)
    response.headers["Location"] = f"/v1/jobs/{job.id}"
    return job_answer(job, response)


@router.get("/projects/{project_id}/corrective-options", operation_id="list_corrective_options")
async def list_corrective_options(
    project_id: uuid.UUID,
    principal: CurrentPrincipal,
    session: Session,
    job_id: uuid.UUID | None = None,
) -> CorrectiveOptionList:
    """The options of the latest job (or of ``job_id``), best first by the portfolio's
    policy; ``stale`` says the plan changed since (applying one is then refused)."""
    return await service.list_options(session, principal, project_id, job_id)


@router.get("/corrective-options/{option_id}", operation_id="get_corrective_option")
async def get_corrective_option(
    option_id: uuid.UUID, principal: CurrentPrincipal, session: Session, response: Response
) -> CorrectiveOptionRead:
    option = await service.get_option(session, principal, option_id)
    set_etag(response, option.version)
    return option


@router.post(
    "/corrective-options/{option_id}/apply",
    status_code=status.HTTP_201_CREATED,
    operation_id="apply_corrective_option",
    responses={409: {"description": "Applied already, or the plan changed since (code)."}},
)
async def apply_corrective_option(
    option_id: uuid.UUID, principal: CurrentPrincipal, session: Session, response: Response
) -> ChangeRequestRead:
    """Raise a submitted change request carrying the option's plan changes (schedule impact
    = minus the gain, cost impact = the cost delta). Its approval applies them."""
    change = await service.apply_option(session, principal, option_id)
    response.headers["Location"] = f"/v1/change-requests/{change.id}"
    set_etag(response, change.version)
    return ChangeRequestRead.model_validate(change, from_attributes=True)


@router.get("/portfolios/{portfolio_id}/corrective-policy", operation_id="get_corrective_policy")
async def get_corrective_policy(
    portfolio_id: uuid.UUID, principal: CurrentPrincipal, session: Session, response: Response
) -> CorrectivePolicyRead:
    """The portfolio's limits and ranking for corrective options; the defaults (version 0)
    while it has none of its own."""
    answer = await policy.get_policy(session, portfolio_id)
    set_etag(response, answer.version)
    return answer


@router.put("/portfolios/{portfolio_id}/corrective-policy", operation_id="put_corrective_policy")
async def put_corrective_policy(
    portfolio_id: uuid.UUID,
    body: CorrectivePolicySettings,
    principal: CurrentPrincipal,
    session: Session,
    response: Response,
    if_match: IfMatch,
) -> CorrectivePolicyRead:
    """Replace the policy (pmo/admin). If-Match: the version read (0 while unset)."""
    answer = await policy.put_policy(session, principal, portfolio_id, body, if_match)
    set_etag(response, answer.version)
    return answer
