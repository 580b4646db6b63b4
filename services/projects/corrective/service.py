"""Corrective-action options (issue 12): queue their computation, read them, and apply one
by raising a change request that carries its plan changes. The plan changes only when that
change request is approved (see apply.py)."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from services.projects.access.service import ensure_can_read, ensure_can_write, load_role
from services.projects.change_requests.schemas import ChangeRequestCreate
from services.projects.change_requests.service import raise_with_plan_changes
from services.projects.corrective import repository
from services.projects.corrective.job import run_options
from services.projects.corrective.schemas import CorrectiveOptionList, CorrectiveOptionRead
from services.projects.jobs.service import create_job
from services.projects.jobs.worker import JobContext, handler
from services.projects.models import ChangeRequest, CorrectiveOption, Job
from services.projects.schedule.service import engine_outcome, engine_payload, load_plan
from shared.auth import Principal
from shared.errors import Conflict, NotFound

KIND = "corrective_options"


async def request_options(
    session: AsyncSession, principal: Principal, project_id: uuid.UUID, queue: str
) -> Job:
    """Project writers or pmo/admin. A plan the engine cannot schedule (a cycle) is a 422
    up front, and no job is queued."""
    ensure_can_write(principal, await load_role(session, principal, project_id), project_id)
    plan = await load_plan(session, project_id)
    if plan is None:
        raise NotFound(f"Project {project_id} not found.")
    await engine_outcome(engine_payload(plan))
    params = {"project_id": str(project_id)}
    return await create_job(session, principal, KIND, params, queue=queue, project_id=project_id)


@handler(KIND)
async def run_corrective_options_job(context: JobContext) -> dict[str, Any]:
    return await run_options(context)


async def list_options(
    session: AsyncSession, principal: Principal, project_id: uuid.UUID, job_id: uuid.UUID | None
) -> CorrectiveOptionList:
    """The options of ``job_id``, or of the latest job that stored any, best first."""
    ensure_can_read(principal, await load_role(session, principal, project_id), project_id)
    chosen = job_id or await repository.latest_job(session, project_id)
    current = await repository.fingerprint(session, project_id)
    rows = await repository.options_of(session, project_id, chosen) if chosen else []
    return CorrectiveOptionList(
        job_id=chosen, plan_version=current, items=[_read(row, current) for row in rows]
    )


async def get_option(
    session: AsyncSession, principal: Principal, option_id: uuid.UUID
) -> CorrectiveOptionRead:
    row = await repository.option(session, option_id)
    if row is None:
        raise _not_found(option_id)
    try:
        ensure_can_read(
            principal, await load_role(session, principal, row.project_id), row.project_id
        )
    except NotFound as error:
        raise _not_found(option_id) from error
    return _read(row, await repository.fingerprint(session, row.project_id))


async def apply_option(
    session: AsyncSession, principal: Principal, option_id: uuid.UUID
) -> ChangeRequest:
    """A submitted change request with the option's plan changes; 409 if the option was
    applied already or the plan changed since it was computed."""
    row = await repository.option(session, option_id, lock=True)
    if row is None:
        raise _not_found(option_id)
    try:
        ensure_can_write(
            principal, await load_role(session, principal, row.project_id), row.project_id
        )
    except NotFound as error:
        raise _not_found(option_id) from error
    if row.change_request_id is not None:
        raise Conflict(
            f"Option {option_id} was applied already.",
            extra={"code": "already_applied", "change_request_id": str(row.change_request_id)},
        )
    if await repository.fingerprint(session, row.project_id) != row.plan_version:
        raise Conflict(
            "The plan changed since this option was computed: ask for options again.",
            extra={"code": "plan_changed"},
        )
    change = await raise_with_plan_changes(
        session, principal, row.project_id, _change_request(row), row.plan_changes
    )
    row.change_request_id = change.id
    await session.flush()
    return change


def _change_request(row: CorrectiveOption) -> ChangeRequestCreate:
    currency = row.evaluation.get("currency")
    cost = row.cost_delta if currency else None
    return ChangeRequestCreate(
        title=row.title,
        description=f"Corrective option ({row.kind}) computed by job {row.job_id}.",
        reason="Bring the finish back on track.",
        schedule_impact_days=-row.finish_gain_days,
        cost_impact=cost if cost is None else Decimal(cost).quantize(Decimal("0.01")),
        currency=currency if cost is not None else None,
        scope_impact="Scope cut: " + row.title if row.kind == "cut_scope" else None,
    )


def _read(row: CorrectiveOption, current: str | None) -> CorrectiveOptionRead:
    return CorrectiveOptionRead.model_validate(
        {
            **{c.key: getattr(row, c.key) for c in CorrectiveOption.__mapper__.column_attrs},
            "stale": row.plan_version != current,
        }
    )


def _not_found(option_id: uuid.UUID) -> NotFound:
    return NotFound(f"Corrective option {option_id} not found.")
