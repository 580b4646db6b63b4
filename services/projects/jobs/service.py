"""Create jobs (with their queue entry, in the caller's transaction), read and cancel them."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import func
from sqlalchemy.ext.asyncio import AsyncSession

from services.projects.access.service import ensure_can_read, ensure_can_read_every, read_role
from services.projects.jobs import repository
from services.projects.jobs.schemas import FINISHED, JobState
from services.projects.models import Job
from shared.auth import Principal
from shared.concurrency import check_version
from shared.errors import Conflict, NotFound
from shared.reads import Reader


async def create_job(
    session: AsyncSession,
    principal: Principal,
    kind: str,
    params: dict[str, Any],
    *,
    queue: str,
    project_id: uuid.UUID | None = None,
    portfolio_id: uuid.UUID | None = None,
) -> Job:
    job = Job(
        kind=kind,
        state=JobState.queued,
        progress=0,
        params=params,
        project_id=project_id,
        portfolio_id=portfolio_id,
        created_by=principal.subject,
        attempts=0,
        message="queued",
    )
    session.add(job)
    await session.flush()
    await repository.enqueue(session, job.id, queue)
    await session.refresh(job)
    return job


async def lock_job(session: AsyncSession, job_id: uuid.UUID) -> Job | None:
    """The job row locked for this transaction (no access check: callers authorize)."""
    return await repository.get(session, job_id, lock=True)


async def update_job(session: AsyncSession, job_id: uuid.UUID, **values: Any) -> None:
    await repository.set_state(session, job_id, **values)


async def load_job(
    session: AsyncSession, reader: Reader, principal: Principal, job_id: uuid.UUID
) -> Job:
    """The job, if the caller may read its project; a portfolio's job (levelling or a
    what-if over its projects, whose answer shows each of them) if the caller may read
    every project it took, as when requesting it. Else 404, as for an unknown job."""
    job = await repository.get(session, job_id)
    missing = NotFound(f"Job {job_id} not found.")
    if job is None:
        raise missing
    if job.project_id is None:
        taken = [uuid.UUID(str(p)) for p in (job.params or {}).get("project_ids", [])]
        await ensure_can_read_every(reader, principal, taken, missing)
        return job
    try:
        role = await read_role(reader, principal, job.project_id)
        ensure_can_read(principal, role, job.project_id)
    except NotFound:  # its project's id stays unsaid, as for an unknown job
        raise missing from None
    return job


async def cancel_job(
    session: AsyncSession,
    reader: Reader,
    principal: Principal,
    job_id: uuid.UUID,
    if_match: list[int] | None,
) -> Job:
    """A queued or running job stops counting: its worker's result is dropped when it ends
    (a running solve is not interrupted, it is bounded in time anyway)."""
    job = await load_job(session, reader, principal, job_id)
    check_version(job.version, if_match)
    if JobState(job.state) in FINISHED:
        raise Conflict(f"Job {job_id} is already {job.state}.", extra={"state": job.state})
    await repository.set_state(
        session, job_id, state=JobState.cancelled, finished_at=func.now(), message="cancelled"
    )
    await session.refresh(job)
    return job
