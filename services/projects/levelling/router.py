from __future__ import annotations

import uuid

from fastapi import APIRouter, Response, status

from services.projects.jobs.router import JobsQueue, job_answer
from services.projects.jobs.schemas import JobRead
from services.projects.levelling import service
from services.projects.levelling.schemas import LevellingApplied, LevellingApply, LevellingRequest
from shared.auth import CurrentPrincipal
from shared.dependencies import IfMatch, Session

router = APIRouter(prefix="/v1", tags=["levelling"])


def _accepted(job_id: uuid.UUID, response: Response) -> None:
    response.headers["Location"] = f"/v1/jobs/{job_id}"


@router.post(
    "/projects/{project_id}/levelling-previews",
    status_code=status.HTTP_202_ACCEPTED,
    operation_id="request_project_levelling",
)
async def request_project_levelling(
    project_id: uuid.UUID,
    body: LevellingRequest,
    principal: CurrentPrincipal,
    session: Session,
    response: Response,
    queue: JobsQueue,
) -> JobRead:
    """Queue a levelling preview of the project (nothing changes); ``Location`` is the job
    to poll, whose result is the preview. 422 up front when the plan cannot be levelled (a
    cycle, a task needing more of a resource than exists, a resource with no working days)."""
    job = await service.request_project_preview(session, principal, project_id, body, queue)
    _accepted(job.id, response)
    return job_answer(job, response)


@router.post(
    "/portfolios/{portfolio_id}/levelling-previews",
    status_code=status.HTTP_202_ACCEPTED,
    operation_id="request_portfolio_levelling",
)
async def request_portfolio_levelling(
    portfolio_id: uuid.UUID,
    body: LevellingRequest,
    principal: CurrentPrincipal,
    session: Session,
    response: Response,
    queue: JobsQueue,
) -> JobRead:
    """Queue a levelling preview of all the portfolio's projects together (people they
    share are levelled once, on the default calendar's working days)."""
    job = await service.request_portfolio_preview(session, principal, portfolio_id, body, queue)
    _accepted(job.id, response)
    return job_answer(job, response)


@router.post("/jobs/{job_id}/apply", operation_id="apply_levelling")
async def apply_levelling(
    job_id: uuid.UUID, body: LevellingApply, principal: CurrentPrincipal, session: Session
) -> LevellingApplied:
    """Apply a succeeded levelling preview in one transaction: every task's levelling delay,
    the schedules recomputed, optionally a baseline. 409 when the plan changed since the
    preview; a duplicate push answers the same without writing again."""
    return LevellingApplied.model_validate(await service.apply(session, principal, job_id, body))


@router.delete(
    "/projects/{project_id}/levelling",
    status_code=status.HTTP_204_NO_CONTENT,
    operation_id="clear_project_levelling",
)
async def clear_project_levelling(
    project_id: uuid.UUID, principal: CurrentPrincipal, session: Session, if_match: IfMatch
) -> Response:
    """Every levelling delay of the project back to 0 (If-Match: the project's version)."""
    await service.clear(session, principal, project_id, if_match)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
