"""Reschedule a project inside the caller's transaction and store what changed.

Every write to tasks, links, calendars or scheduling settings calls :func:`reschedule` before
the session commits, so the stored dates, floats and critical flags always match the plan.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import UTC, date, datetime, time
from decimal import Decimal
from typing import Any

from asyncpg import Record
from sqlalchemy.ext.asyncio import AsyncSession

from services.projects.access import ensure_can_read, read_role
from services.projects.schedule import repository
from services.projects.schedule.engine_runner import (
    EngineFailure,
    EngineOutput,
    Payload,
    no_gc,
    run_engine,
)
from shared.auth import Principal
from shared.errors import FieldError, NotFound, ValidationFailed
from shared.pagination import PageParams
from shared.reads import Reader

_MIDNIGHT = time(0, 0)
# Positions in a task record (see ``repository._INPUTS`` and ``repository.COMPUTED``).
_DURATION = 3
_START_DATE = repository.INPUT_COUNT + repository.COMPUTED.index("start_date")


async def reschedule(session: AsyncSession, project_id: uuid.UUID) -> None:
    """Run the engine over the project's whole plan and write back only the rows whose
    computed values changed (their ``version`` moves; the others keep theirs).

    Raises :class:`ValidationFailed` (422) when the plan cannot be scheduled: the caller's
    transaction must then roll back, so nothing half-written survives.
    """
    await session.flush()  # the engine must see the caller's pending changes
    plan = await repository.load_plan(session, project_id)
    if plan is None:
        raise NotFound(f"Project {project_id} not found.")
    with no_gc():
        payload = _payload(plan)
    outcome = await run_engine(payload)
    if isinstance(outcome, EngineFailure):
        raise _problem(outcome, plan.tasks)
    with no_gc():
        changed = _changed_rows(plan.tasks, outcome)
    await repository.write_tasks(session, changed)
    start, finish = (outcome.project_start, outcome.project_finish) if plan.tasks else (None, None)
    project = plan.project
    if (start, finish) != (project["scheduled_start"], project["scheduled_finish"]):
        await repository.write_project_dates(session, project_id, start, finish)


def _payload(plan: repository.PlanRows) -> Payload:
    project = plan.project
    calendar = None
    if plan.calendar is not None:
        calendar = (
            tuple(plan.calendar.working_weekdays),
            float(plan.calendar.hours_per_day),
            tuple(plan.calendar.exceptions),
        )
    return Payload(
        project_start=_project_start(project, plan.tasks),
        status_date=project["status_date"],
        deadline=project["deadline"],
        threshold=float(project["critical_threshold_days"]),
        calendar=calendar,
        tasks=[_task_tuple(t) for t in plan.tasks],
        links=[tuple(link) for link in plan.links],
    )


def _project_start(project: Record, tasks: Sequence[Record]) -> date:
    """The project's start date; without one, where the last reschedule started it (stable:
    a task pulled before the start by an SF link or a lead must not drag the start along);
    for a first schedule, the earliest start given to a task, else today."""
    if project["start_date"] is not None:
        return project["start_date"]  # type: ignore[no-any-return]
    if project["scheduled_start"] is not None:
        return project["scheduled_start"].date()  # type: ignore[no-any-return]
    starts = [t[_START_DATE] for t in tasks if t[_START_DATE] is not None]
    return min(starts) if starts else datetime.now(UTC).date()


def _task_tuple(t: Record) -> tuple[Any, ...]:
    """In :class:`TaskInput` field order (the runner builds it positionally)."""
    task_id, name, parent_id, duration, milestone, constraint, constraint_date = t[:7]
    if constraint_date is not None and constraint_date.time() == _MIDNIGHT:
        # Stored from a bare date: the engine reads a bare date as the first working minute
        # of a start constraint and the last one of a finish constraint.
        constraint_date = constraint_date.date()
    return (
        task_id,
        name,
        duration,
        parent_id,
        milestone,
        constraint,
        constraint_date,
        t[7],  # deadline
        t[8],  # percent complete
        t[9],  # actual start
        t[10],  # actual finish
        t[11],  # manual start
    )


def _changed_rows(tasks: Sequence[Record], outcome: EngineOutput) -> list[tuple[Any, ...]]:
    """The rows whose computed values differ from the stored ones, ready to write.

    Stored numbers arrive as floats: a value rounded here to the column's scale compares
    equal to the stored one exactly when writing it would change nothing."""
    changed = []
    first = repository.INPUT_COUNT
    for row, values in zip(tasks, outcome.tasks, strict=True):
        wbs, summary, milestone, start, finish, es, ef, ls, lf, duration, tf, ff, critical = values
        # A summary's duration is rolled up from its children; a leaf keeps its own.
        new_duration = round(duration, 2) if summary else row[_DURATION]
        new = (
            wbs,
            summary,
            milestone,
            es,
            ef,
            ls,
            lf,
            round(tf, 4),
            round(ff, 4),
            critical,
            start.date(),
            finish.date(),
            new_duration,
        )
        if new != tuple(row)[first:]:
            floats = (_decimal(new[7]), _decimal(new[8]))
            changed.append((row[0], *new[:7], *floats, *new[9:12], _decimal(new_duration)))
    return changed


def _decimal(value: float) -> Decimal:
    return Decimal(repr(value + 0.0))  # + 0.0: no negative zero; repr: the shortest digits


def _problem(failure: EngineFailure, tasks: Sequence[Record]) -> ValidationFailed:
    names = {str(t[0]): t[1] for t in tasks}
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
