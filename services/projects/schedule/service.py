"""Reschedule a project inside the caller's transaction and store what changed; read the
stored schedule.

Every write to tasks, links, calendars or scheduling settings calls :func:`reschedule` before
the session commits, so the stored dates, floats and critical flags always match the plan.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, date, datetime, time
from decimal import Decimal
from operator import attrgetter
from typing import Any

from asyncpg import Record
from sqlalchemy.ext.asyncio import AsyncSession

from services.projects.access.service import ensure_can_read, read_role
from services.projects.engine import LinkInput, TaskInput
from services.projects.engine.model import TaskId
from services.projects.engine.scheduler import no_gc
from services.projects.models import audit_records
from services.projects.schedule.actuals import (
    Fill,
    candidates,
    filled,
    has_finish_without_start,
    scheduled_fills,
    started_before_finish,
    with_progress,
)
from services.projects.schedule.repository import ScheduleRepository
from services.projects.schedule.rows import (
    STORED_START_DATE,
    PlanRows,
    StoredSchedule,
    stored_schedule,
    task_inputs,
)
from services.projects.schedule.runner import (
    EngineFailure,
    EngineOutput,
    Payload,
    ProgressSettings,
    run_engine,
    work_calendar,
)
from shared import audit
from shared.audit import Action, Change, differences
from shared.auth import Principal
from shared.errors import FieldError, NotFound, ValidationFailed
from shared.pagination import PageParams
from shared.reads import Reader

repository = ScheduleRepository()
_MIDNIGHT = time(0, 0)


async def lock_plan(session: AsyncSession, project_id: uuid.UUID) -> None:
    """Take the project's scheduling lock for this transaction. Every writer of a plan calls
    it before locking tasks, links or calendars, so writers lock in the same order."""
    await repository.lock_project(session, project_id)


async def lock_plan_and(session: AsyncSession, project_id: uuid.UUID, row: object) -> None:
    """:func:`lock_plan`, then lock ``row`` (a task, link or calendar of that plan) and reload
    it: the project first, then the row, in every writer, so two edits cannot deadlock."""
    await lock_plan(session, project_id)
    await session.refresh(row, with_for_update=True)


async def load_plan(session: AsyncSession, project_id: uuid.UUID) -> PlanRows | None:
    """The project's plan as a reschedule reads it (the project row locked)."""
    return await repository.load_plan(session, project_id)


async def never_scheduled(session: AsyncSession, limit: int) -> list[uuid.UUID]:
    """Up to ``limit`` projects with tasks the engine has never seen."""
    return await repository.never_scheduled(session, limit)


async def reschedule(session: AsyncSession, project_id: uuid.UUID) -> None:
    """Run the engine over the project's whole plan and write back only the rows whose
    computed values changed (their ``version`` moves; the others keep theirs). Actual dates
    that progress implies are filled in first (see ``actuals.py``), with an audit record.

    Raises :class:`ValidationFailed` (422) when the plan cannot be scheduled: the caller's
    transaction must then roll back, so nothing half-written survives.
    """
    await session.flush()  # the engine must see the caller's pending changes
    plan = await repository.load_plan(session, project_id)
    if plan is None:
        raise NotFound(f"Project {project_id} not found.")
    with no_gc():
        payload = engine_payload(plan)
    progressed = with_progress(payload.tasks)
    payload, fills = _actuals_before(payload, progressed)
    outcome = await _outcome(payload)
    positions = candidates(payload.tasks, progressed)
    if positions:
        calendar = work_calendar(payload.calendar)
        more = scheduled_fills(payload.tasks, outcome.tasks, positions, calendar)
        if more:
            before = {str(t.id): t.actual_start for t in payload.tasks}
            fills += [f._replace(old_start=before[f.task_id]) for f in more]
            payload = replace(payload, tasks=filled(payload.tasks, more))
            outcome = await _outcome(payload)
    if fills:
        await _write_fills(session, project_id, fills)
    with no_gc():
        changed = _changed_rows(plan.tasks, payload.tasks, outcome)
    await repository.write_tasks(session, changed)
    start, finish = (outcome.project_start, outcome.project_finish) if plan.tasks else (None, None)
    project = plan.project
    if (start, finish) != (project["scheduled_start"], project["scheduled_finish"]):
        await repository.write_project_dates(session, project_id, start, finish)


def _actuals_before(payload: Payload, progressed: list[int]) -> tuple[Payload, list[Fill]]:
    """Actual starts that follow from an actual finish alone, filled in before any run."""
    if not has_finish_without_start(payload.tasks, progressed):
        return payload, []
    tasks, fills = started_before_finish(payload.tasks, work_calendar(payload.calendar))
    return replace(payload, tasks=tasks), fills


async def engine_outcome(payload: Payload) -> EngineOutput:
    """The engine's answer for a payload, nothing written (levelling previews what-ifs with
    it); raises the same 422 problem as a reschedule."""
    return await _outcome(payload)


async def _outcome(payload: Payload) -> EngineOutput:
    outcome = await run_engine(payload)
    if isinstance(outcome, EngineFailure):
        raise _problem(outcome, payload.tasks)
    return outcome


async def _write_fills(session: AsyncSession, project_id: uuid.UUID, fills: list[Fill]) -> None:
    """The filled-in dates bypass the ORM: the audit log gets them from here."""
    await repository.write_actuals(session, fills)
    changes = [
        Change(
            Action.updated,
            "tasks",
            uuid.UUID(fill.task_id),
            project_id,
            differences(
                {"actual_start": fill.old_start},
                {
                    name: value
                    for name, value in (
                        ("actual_start", fill.actual_start),
                        ("actual_finish", fill.actual_finish),
                    )
                    if value is not None
                },
            ),
        )
        for fill in fills
    ]
    await audit.record(session, audit_records, changes)


def engine_payload(plan: PlanRows) -> Payload:
    """The engine's input for a loaded plan, as every reschedule builds it (the facts read
    reschedules in-memory copies of plans from it: one set of rules for both)."""
    project = plan.project
    tasks = task_inputs(plan.tasks)
    # Few tasks have dates: find them in one C-level pass, then fix those.
    for i in [i for i, dates in enumerate(map(_DATES, tasks)) if dates != _NO_DATES]:
        tasks[i] = _bare_dates(tasks[i])
    return Payload(
        project_start=_project_start(project, plan.tasks),
        status_date=project["status_date"],
        deadline=project["deadline"],
        threshold=project["critical_threshold_days"],
        calendar=plan.calendar,
        tasks=tasks,
        links=[LinkInput._make(link) for link in plan.links],
        progress=ProgressSettings._make(project[name] for name in ProgressSettings._fields),
    )


_DATES = attrgetter("constraint_date", "actual_start", "actual_finish")
_NO_DATES = (None, None, None)


def _bare_dates(task: TaskInput) -> TaskInput:
    """Dates stored from a bare date (midnight) go to the engine as dates, which it reads as
    the first working minute of a start and the last one of a finish (constraint dates by
    their kind)."""
    bare: dict[str, Any] = {
        name: value.date()
        for name, value in (
            ("constraint_date", task.constraint_date),
            ("actual_start", task.actual_start),
            ("actual_finish", task.actual_finish),
        )
        if isinstance(value, datetime) and value.time() == _MIDNIGHT
    }
    return task._replace(**bare) if bare else task


def _project_start(project: Record, rows: Sequence[Record]) -> date:
    """The project's start date; without one, where the last reschedule started it (stable:
    a task pulled before the start by an SF link or a lead must not drag the start along);
    for a first schedule, the earliest start date given to a task, else today."""
    if project["start_date"] is not None:
        return project["start_date"]  # type: ignore[no-any-return]
    if project["scheduled_start"] is not None:
        return project["scheduled_start"].date()  # type: ignore[no-any-return]
    starts = [row[STORED_START_DATE] for row in rows if row[STORED_START_DATE] is not None]
    return min(starts) if starts else datetime.now(UTC).date()


def _changed_rows(
    rows: Sequence[Record], tasks: Sequence[TaskInput], outcome: EngineOutput
) -> list[tuple[TaskId, StoredSchedule]]:
    """The rows whose computed values differ from the stored ones, ready to write.

    Stored numbers arrive as floats: a value rounded here to the column's scale compares
    equal to the stored one exactly when writing it would change nothing."""
    changed = []
    splits = outcome.splits
    for position, (row, task, computed) in enumerate(zip(rows, tasks, outcome.tasks, strict=True)):
        # StoredSchedule's fields in order, built in C (keyword arguments cost a few ms on
        # a 5,000-task plan, which this loop runs on every edit).
        new = tuple.__new__(
            StoredSchedule,
            (
                computed.wbs,
                computed.is_summary,
                computed.is_milestone,
                computed.early_start,
                computed.early_finish,
                computed.late_start,
                computed.late_finish,
                round(computed.total_float_days, 4),
                round(computed.free_float_days, 4),
                computed.critical,
                computed.start.date(),
                computed.finish.date(),
                # A summary's duration is rolled up from its children; a leaf keeps its own.
                round(computed.duration_days, 2) if computed.is_summary else task.duration_days,
                computed.stop,
                computed.resume,
                position in splits,
            ),
        )
        if new != stored_schedule(row):
            changed.append((task.id, _as_written(new)))
    return changed


def _as_written(values: StoredSchedule) -> StoredSchedule:
    return values._replace(
        total_float_days=_decimal(values.total_float_days),
        free_float_days=_decimal(values.free_float_days),
        duration_days=_decimal(values.duration_days),
    )


def _decimal(value: Any) -> Decimal:
    return Decimal(repr(value + 0.0))  # + 0.0: no negative zero; repr: the shortest digits


def _problem(failure: EngineFailure, tasks: Sequence[TaskInput]) -> ValidationFailed:
    names = {str(t.id): t.name for t in tasks}
    if failure.cycle is not None:
        cycle = [{"id": task_id, "name": names.get(task_id)} for task_id in failure.cycle]
        path = " -> ".join(f"{names.get(t)!r}" for t in [*failure.cycle, failure.cycle[0]])
        return ValidationFailed(
            f"The dependencies form a cycle: {path}.",
            errors=[FieldError("dependencies", f"cycle through {len(cycle)} tasks: {path}")],
            extra={"code": failure.code, "cycle": cycle},
        )
    field = (failure.field or "plan").removeprefix("tasks.")
    extra: dict[str, Any] = {"code": failure.code}
    message = failure.message
    if failure.task_id is not None:
        extra["task_id"] = failure.task_id
        message = f"task {names.get(failure.task_id)!r} ({failure.task_id}): {message}"
    return ValidationFailed(
        f"The plan cannot be scheduled: {message}",
        errors=[FieldError(field, message)],
        extra=extra,
    )


async def critical_path(
    reader: Reader, principal: Principal, project_id: uuid.UUID
) -> dict[str, Any]:
    """The stored critical tasks in schedule order, and the project's scheduled finish."""
    ensure_can_read(principal, await read_role(reader, principal, project_id), project_id)
    return {
        "project_id": project_id,
        "project_finish": await repository.project_finish(reader, project_id),
        "tasks": await repository.critical_tasks(reader, project_id),
    }


async def schedule_page(
    reader: Reader, principal: Principal, project_id: uuid.UUID, page: PageParams
) -> tuple[list[Any], str | None]:
    ensure_can_read(principal, await read_role(reader, principal, project_id), project_id)
    return await repository.schedule_page(reader, project_id, page)
