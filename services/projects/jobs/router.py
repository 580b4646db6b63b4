from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response

from services.projects.jobs import service
from services.projects.jobs.schemas import JobRead
from services.projects.models import Job
from shared.auth import CurrentPrincipal
from shared.concurrency import set_etag
from shared.dependencies import IfMatch, Read, Session

router = APIRouter(prefix="/v1/jobs", tags=["jobs"])


def _queue(request: Request) -> str:
    return str(request.app.state.settings.jobs_queue)


# The queue new jobs go to (the service's ``jobs_queue`` setting).
JobsQueue = Annotated[str, Depends(_queue)]


def job_answer(job: Job, response: Response) -> JobRead:
    set_etag(response, job.version)
    return JobRead.model_validate(job, from_attributes=True)


@router.get("/{job_id}", operation_id="get_job")
async def get_job(
    job_id: uuid.UUID,
    principal: CurrentPrincipal,
    session: Session,
    reader: Read,
    response: Response,
) -> JobRead:
    """A job's state and progress, its result once it succeeded, its problem once it failed.
    Poll it (any replica answers); the ETag moves as the job advances."""
    return job_answer(await service.load_job(session, reader, principal, job_id), response)


@router.post("/{job_id}/cancel", operation_id="cancel_job")
async def cancel_job(
    job_id: uuid.UUID,
    principal: CurrentPrincipal,
    session: Session,
    reader: Read,
    response: Response,
    if_match: IfMatch,
) -> JobRead:
    """Cancel a queued or running job (409 once it finished)."""
    job = await service.cancel_job(session, reader, principal, job_id, if_match)
    return job_answer(job, response)
