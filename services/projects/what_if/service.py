"""What-if on resources: the finish, the resource cost and the over-allocation of a plan
if people joined or left a role or time off changed, beside the plan as it is. Nothing is
written to the plan.

Runs as a job on the levelling queue (kind ``what_if``), as levelling previews do: two
levellings (the current pool and the scenario's, same method and limit, so the comparison
is fair) are too slow for a request. The request checks the scenario against the pool and,
when it levels, that both sides can be levelled (422 up front, no job); the job loads the
plan afresh, solves both sides in a bounded child process, and prices and over-allocates
both sides in the worker."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from services.projects.access.service import ensure_can_read, ensure_can_write, load_role
from services.projects.jobs.schemas import JobState
from services.projects.jobs.service import create_job, load_job
from services.projects.jobs.worker import JobContext, handler
from services.projects.levelling.loader import load_plans
from services.projects.levelling.service import check_levellable
from services.projects.models import Job
from services.projects.what_if import repository
from services.projects.what_if.figures import compare
from services.projects.what_if.pool import scenario_of
from services.projects.what_if.schemas import WhatIfRequest
from shared.auth import Principal
from shared.errors import Conflict, FieldError, NotFound, ValidationFailed
from shared.reads import Reader

KIND = "what_if"


async def _request(
    session: AsyncSession,
    principal: Principal,
    project_ids: list[uuid.UUID],
    body: WhatIfRequest,
    queue: str,
    **owner: uuid.UUID,
) -> Job:
    scenario = await scenario_of(session, body)
    if body.level:
        loaded = await load_plans(session, project_ids)
        check_levellable(loaded)
        check_levellable(loaded, scenario)
    params = {
        "project_ids": [str(p) for p in sorted(project_ids)],
        "request": body.model_dump(mode="json"),
    }
    return await create_job(session, principal, KIND, params, queue=queue, **owner)


async def request_project(
    session: AsyncSession,
    principal: Principal,
    project_id: uuid.UUID,
    body: WhatIfRequest,
    queue: str,
) -> Job:
    """A what-if on a project: its managers (writers) or pmo/admin."""
    ensure_can_write(principal, await load_role(session, principal, project_id), project_id)
    return await _request(session, principal, [project_id], body, queue, project_id=project_id)


async def request_portfolio(
    session: AsyncSession,
    principal: Principal,
    portfolio_id: uuid.UUID,
    body: WhatIfRequest,
    queue: str,
) -> Job:
    """A what-if on all a portfolio's projects together: whoever may level it (read every
    project)."""
    project_ids = await repository.portfolio_projects(session, portfolio_id)
    if project_ids is None:
        raise NotFound(f"Portfolio {portfolio_id} not found.")
    if not project_ids:
        raise ValidationFailed(
            "The portfolio has no projects to compare.",
            errors=[FieldError("portfolio_id", "no projects")],
        )
    for project_id in project_ids:
        ensure_can_read(principal, await load_role(session, principal, project_id), project_id)
    return await _request(session, principal, project_ids, body, queue, portfolio_id=portfolio_id)


@handler(KIND)
async def run_what_if_job(context: JobContext) -> dict[str, Any]:
    body = WhatIfRequest.model_validate(context.params["request"])
    project_ids = [uuid.UUID(p) for p in context.params["project_ids"]]
    return await compare(context, project_ids, body)


async def result_of(
    session: AsyncSession, reader: Reader, principal: Principal, job_id: uuid.UUID
) -> tuple[Job, dict[str, Any]]:
    """A succeeded what-if job and its comparison; 404 for another kind of job, 409 while
    it runs or once it failed (the job says why)."""
    job = await load_job(session, reader, principal, job_id)
    if job.kind != KIND:
        raise NotFound(f"What-if job {job_id} not found.")
    if job.state != JobState.succeeded or job.result is None:
        raise Conflict(
            f"What-if job {job_id} is {job.state}: its comparison exists once it succeeded.",
            extra={"state": job.state},
        )
    return job, {"job_id": job.id, **job.result}
