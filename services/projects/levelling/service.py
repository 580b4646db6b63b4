"""Levelling through the API: previews as jobs (or synchronously, for what-ifs), applying a
preview in one transaction, clearing the delays.

A preview is checked up front in the request (a cycle, a task needing more of a resource
than exists, a resource without working days: 422 naming it, no job created); the solve
runs in a worker's child process. Applying refuses (409) when the plan changed since the
preview: the fingerprint of every version it was computed on must still match.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from services.projects.access.service import ensure_can_read, ensure_can_write, load_role
from services.projects.baselines.service import capture_baseline
from services.projects.jobs.sandbox import SandboxFailure, run_bounded
from services.projects.jobs.schemas import JobState
from services.projects.jobs.service import create_job, lock_job, update_job
from services.projects.jobs.worker import JobContext, handler
from services.projects.levelling import repository
from services.projects.levelling.builder import build_problem
from services.projects.levelling.loader import LoadedPlans, load_plans, preview_result
from services.projects.levelling.model import LevellingError, compile_problem
from services.projects.levelling.run import SolveOptions, error_info, solve_in_child, solve_plan
from services.projects.levelling.schemas import LevellingApply, LevellingRequest
from services.projects.models import Job, Project, audit_records
from services.projects.resources.scenario import ResourceScenario
from services.projects.schedule.service import lock_plan, reschedule
from shared import audit
from shared.audit import Action, Change, differences
from shared.auth import Principal
from shared.concurrency import check_version
from shared.errors import Conflict, FieldError, NotFound, ProblemError, ValidationFailed

KIND = "levelling"


def levelling_problem(info: dict[str, Any], loaded: LoadedPlans | None = None) -> ValidationFailed:
    """The 422 for a plan that cannot be levelled, naming the task or the resource."""
    extra = {k: v for k, v in info.items() if k != "message"}
    field = "resources" if "resource_id" in info else "assignments"
    names = {t.id: t.name for t in loaded.inp.tasks} if loaded else {}
    if info.get("task_id") in names:
        extra["task_name"] = names[info["task_id"]]
    return ValidationFailed(
        f"The plan cannot be levelled: {info['message']}",
        errors=[FieldError(field, info["message"])],
        extra=extra,
    )


def check_levellable(loaded: LoadedPlans, scenario: ResourceScenario | None = None) -> None:
    try:
        compile_problem(build_problem(loaded.inp, scenario).problem)
    except LevellingError as error:
        raise levelling_problem(error_info(error), loaded) from error


async def preview(
    session: AsyncSession,
    project_ids: list[uuid.UUID],
    options: SolveOptions | None = None,
    scenario: ResourceScenario | None = None,
) -> dict[str, Any]:
    """The levelling preview computed in place (for small plans and what-ifs): new finish,
    delay added, tasks moved with their levelling delays, status, fingerprint. Nothing is
    written. Raises 422 as a job request would."""
    loaded = await load_plans(session, project_ids)
    try:
        outcome = solve_plan(loaded.inp, scenario, options or SolveOptions())
    except LevellingError as error:
        raise levelling_problem(error_info(error), loaded) from error
    return await preview_result(loaded, outcome)


async def _request(
    session: AsyncSession,
    principal: Principal,
    project_ids: list[uuid.UUID],
    body: LevellingRequest,
    queue: str,
    **owner: uuid.UUID,
) -> Job:
    loaded = await load_plans(session, project_ids)
    check_levellable(loaded)
    params = {
        "project_ids": [str(p) for p in sorted(project_ids)],
        "method": body.method.value,
        "time_limit_seconds": body.time_limit_seconds,
    }
    return await create_job(session, principal, KIND, params, queue=queue, **owner)


async def request_project_preview(
    session: AsyncSession,
    principal: Principal,
    project_id: uuid.UUID,
    body: LevellingRequest,
    queue: str,
) -> Job:
    ensure_can_read(principal, await load_role(session, principal, project_id), project_id)
    return await _request(session, principal, [project_id], body, queue, project_id=project_id)


async def request_portfolio_preview(
    session: AsyncSession,
    principal: Principal,
    portfolio_id: uuid.UUID,
    body: LevellingRequest,
    queue: str,
) -> Job:
    if not await repository.portfolio_exists(session, portfolio_id):
        raise NotFound(f"Portfolio {portfolio_id} not found.")
    project_ids = await repository.portfolio_projects(session, portfolio_id)
    if not project_ids:
        raise ValidationFailed(
            "The portfolio has no projects to level.",
            errors=[FieldError("portfolio_id", "no projects")],
        )
    for project_id in project_ids:
        ensure_can_read(principal, await load_role(session, principal, project_id), project_id)
    return await _request(session, principal, project_ids, body, queue, portfolio_id=portfolio_id)


@handler(KIND)
async def run_levelling_job(context: JobContext) -> dict[str, Any]:
    params = context.params
    options = SolveOptions(params["method"], float(params["time_limit_seconds"]))
    project_ids = [uuid.UUID(p) for p in params["project_ids"]]
    async with context.sessionmaker() as session, session.begin():
        loaded = await load_plans(session, project_ids)
    await context.progress(0.05, "plan loaded")
    try:
        outcome = await run_bounded(
            solve_in_child,
            (loaded.inp, options),
            context.limits(options.time_limit_seconds),
            context.progress,
        )
    except SandboxFailure as failure:
        raise _JobProblem(failure.message, failure.code) from failure
    if isinstance(outcome, dict):
        raise levelling_problem(outcome, loaded)
    return await preview_result(loaded, outcome)


class _JobProblem(ProblemError):
    """The solve's process was killed (timeout), ran out of memory or crashed."""

    status = 422
    title = "Levelling could not finish"
    slug = "levelling-failed"

    def __init__(self, detail: str, code: str) -> None:
        super().__init__(f"The levelling could not finish: {detail}.", extra={"code": code})


async def apply(
    session: AsyncSession, principal: Principal, job_id: uuid.UUID, body: LevellingApply
) -> dict[str, Any]:
    """Write the preview's delays to every task of its projects (others back to 0), recompute
    their schedules, optionally capture a baseline: one transaction. A duplicate push answers
    what the first wrote."""
    job = await lock_job(session, job_id)
    if job is None or job.kind != KIND:
        raise NotFound(f"Levelling job {job_id} not found.")
    project_ids = sorted(uuid.UUID(p) for p in job.params["project_ids"])
    try:
        for project_id in project_ids:
            role = await load_role(session, principal, project_id)
            ensure_can_write(principal, role, project_id)
    except NotFound:  # a project the caller may not see: the job is as unknown
        raise NotFound(f"Levelling job {job_id} not found.") from None
    result = dict(job.result or {})
    if "applied" in result:
        return dict(result["applied"])
    if job.state != JobState.succeeded:
        raise Conflict(
            f"Levelling job {job_id} is {job.state}: only a succeeded preview can be applied.",
            extra={"state": job.state},
        )
    for project_id in project_ids:
        await lock_plan(session, project_id)
    if await repository.fingerprint(session, project_ids) != result.get("fingerprint"):
        raise Conflict(
            "The plan changed since this preview was computed: request a new preview.",
            extra={"code": "stale_preview"},
        )
    changed = await write_delays(session, project_ids, result.get("delays", {}))
    applied = await _after_write(session, principal, project_ids, body)
    answer = {"job_id": str(job_id), "tasks_changed": changed, "projects": applied}
    result["applied"] = {**answer, "applied_at": datetime.now(UTC).isoformat()}
    await update_job(session, job_id, result=result)
    return answer


async def _after_write(
    session: AsyncSession, principal: Principal, project_ids: list[uuid.UUID], body: LevellingApply
) -> list[dict[str, Any]]:
    applied = []
    for project_id in project_ids:
        await reschedule(session, project_id)
        number = None
        if body.set_baseline:
            await capture_baseline(
                session,
                project_id,
                body.baseline_number,
                body.baseline_name,
                principal.subject,
                body.replace_baseline,
            )
            number = body.baseline_number
        finish = await repository.scheduled_finish(session, project_id)
        applied.append(
            {
                "project_id": str(project_id),
                "scheduled_finish": None if finish is None else finish.isoformat(),
                "baseline_number": number,
            }
        )
    return applied


async def clear(
    session: AsyncSession,
    principal: Principal,
    project_id: uuid.UUID,
    if_match: list[int] | None,
) -> None:
    """Every levelling delay of the project back to 0, the schedule recomputed."""
    await lock_plan(session, project_id)
    ensure_can_write(principal, await load_role(session, principal, project_id), project_id)
    project = await session.get(Project, project_id)
    if project is None:
        raise NotFound(f"Project {project_id} not found.")
    check_version(project.version, if_match)
    await write_delays(session, [project_id], {})
    await reschedule(session, project_id)


async def write_delays(
    session: AsyncSession, project_ids: list[uuid.UUID], delays: dict[str, float]
) -> int:
    """Every task's levelling delay (absent: 0), each change in the audit log (the write
    bypasses the ORM, as the scheduler's own writes do)."""
    before = await repository.current_delays(session, project_ids, list(delays))
    changed = await repository.write_delays(session, project_ids, delays)
    records = []
    for task_id, (project_id, old) in before.items():
        new = Decimal(str(delays.get(task_id, 0))).quantize(Decimal("0.01"))
        if new != old:
            records.append(
                Change(
                    Action.updated,
                    "tasks",
                    uuid.UUID(task_id),
                    project_id,
                    differences({"levelling_delay_days": old}, {"levelling_delay_days": new}),
                )
            )
    await audit.record(session, audit_records, records)
    return changed
