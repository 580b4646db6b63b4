"""Assignments of resources to tasks (issue 11). Read by whoever may read the task's
project, written by its writers (manager, member; pmo, admin), as tasks are.

Units are stored; work and cost are computed on read from the task's dates and duration,
its project's calendar and the resource's rates (see ``figures`` and ``costing``)."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from services.projects.access.service import (
    batch_subject,
    ensure_can_read,
    ensure_can_write,
    load_role,
)
from services.projects.assignments.costing import units_for_work
from services.projects.assignments.figures import (
    Calendars,
    all_with_figures,
    foreign_currency,
    resource_costs,
)
from services.projects.assignments.repository import AssignmentRepository, Db, Row
from services.projects.assignments.schemas import AssignmentCreate, AssignmentUpdate
from services.projects.currency.service import CurrencyMismatch
from services.projects.models import Assignment, Resource, Task
from services.projects.schedule.service import lock_plan
from shared.auth import Principal
from shared.concurrency import check_version
from shared.errors import Conflict, FieldError, NotFound, ValidationFailed
from shared.pagination import PageParams

repository = AssignmentRepository()
MAX_UNITS = Decimal(10)


def _not_found(assignment_id: uuid.UUID) -> NotFound:
    return NotFound(f"Assignment {assignment_id} not found.")


async def answers(db: Db, rows: list[Row]) -> list[dict[str, Any]]:
    """The rows with their work and cost: a few more queries (rates, calendars) in all."""
    if not rows:
        return []
    rates = await repository.rates(db, {row["resource_id"] for row in rows})
    found = await repository.calendars(db, {row["calendar_id"] for row in rows})
    return all_with_figures(rows, rates, Calendars(found))


async def task_resource_costs(db: Db, project_ids: list[uuid.UUID]) -> dict[uuid.UUID, Decimal]:
    """Task id -> its resource cost (the sum of its assignments'), for these projects: one
    query for the assignments, one for their rates, one or two for calendars."""
    return resource_costs(await answers(db, await repository.of_projects(db, project_ids)))


# -- reads -------------------------------------------------------------------------------


async def _readable_task(session: AsyncSession, principal: Principal, task_id: uuid.UUID) -> Task:
    task = await repository.load_task(session, task_id)
    missing = NotFound(f"Task {task_id} not found.")
    if task is None:
        raise missing
    try:
        ensure_can_read(
            principal, await load_role(session, principal, task.project_id), task.project_id
        )
    except NotFound as exc:
        raise missing from exc
    return task


async def list_for_task(
    session: AsyncSession, principal: Principal, task_id: uuid.UUID
) -> list[dict[str, Any]]:
    await _readable_task(session, principal, task_id)
    return await answers(session, await repository.of_task(session, task_id))


async def list_for_project(
    session: AsyncSession, principal: Principal, project_id: uuid.UUID, page: PageParams
) -> tuple[list[dict[str, Any]], str | None]:
    ensure_can_read(principal, await load_role(session, principal, project_id), project_id)
    rows, cursor = await repository.page_of_project(session, project_id, page)
    return await answers(session, rows), cursor


async def list_for_resource(
    session: AsyncSession, principal: Principal, resource_id: uuid.UUID
) -> list[dict[str, Any]]:
    """Its assignments in the projects the caller may read."""
    if await repository.load_resource(session, resource_id) is None:
        raise NotFound(f"Resource {resource_id} not found.")
    rows = await repository.of_resources(session, [resource_id], batch_subject(principal))
    return await answers(session, rows)


async def list_by_ids(
    session: AsyncSession,
    principal: Principal,
    task_ids: list[uuid.UUID],
    resource_ids: list[uuid.UUID],
) -> list[dict[str, Any]]:
    """The gateway's batch: the assignments of these tasks and of these resources, in the
    projects the caller may read."""
    subject = batch_subject(principal)
    rows = await repository.of_tasks(session, task_ids, subject) if task_ids else []
    if resource_ids:
        seen = {row["id"] for row in rows}
        more = await repository.of_resources(session, resource_ids, subject)
        rows += [row for row in more if row["id"] not in seen]
    return await answers(session, rows)


async def get_assignment(
    session: AsyncSession, principal: Principal, assignment_id: uuid.UUID
) -> dict[str, Any]:
    row = await repository.row(session, assignment_id)
    if row is None:
        raise _not_found(assignment_id)
    try:
        role = await load_role(session, principal, row["project_id"])
        ensure_can_read(principal, role, row["project_id"])
    except NotFound as exc:
        raise _not_found(assignment_id) from exc
    return (await answers(session, [row]))[0]


# -- writes ------------------------------------------------------------------------------


async def create_assignment(
    session: AsyncSession, principal: Principal, task_id: uuid.UUID, data: AssignmentCreate
) -> dict[str, Any]:
    task = await _writable_task(session, principal, task_id)
    if task.is_summary:
        raise ValidationFailed(
            "A summary task carries no assignments: assign its subtasks.",
            errors=[FieldError("task_id", "a summary task")],
        )
    resource = await _usable_resource(session, data.resource_id)
    if await repository.taken(session, task.id, resource.id):
        raise Conflict(f"Resource {resource.id} is already assigned to task {task.id}.")
    units = await _units(session, task, resource, data.units, data.work_hours)
    assignment = Assignment(
        task_id=task.id, resource_id=resource.id, project_id=task.project_id, units=units
    )
    session.add(assignment)
    try:
        await session.flush()
    except IntegrityError as exc:  # a concurrent assignment of the same resource won
        raise Conflict(f"Resource {resource.id} is already assigned to task {task.id}.") from exc
    return await _answer(session, assignment.id)


async def update_assignment(
    session: AsyncSession,
    principal: Principal,
    assignment_id: uuid.UUID,
    data: AssignmentUpdate,
    expected_versions: list[int] | None,
) -> dict[str, Any]:
    assignment = await _load_for_write(session, principal, assignment_id)
    check_version(assignment.version, expected_versions)
    task = await repository.load_task(session, assignment.task_id)
    resource = await repository.load_resource(session, assignment.resource_id)
    assert task is not None and resource is not None  # foreign keys
    units = await _units(session, task, resource, data.units, data.work_hours)
    if units != assignment.units:
        assignment.units = units
        await session.flush()
    return await _answer(session, assignment.id)


async def delete_assignment(
    session: AsyncSession,
    principal: Principal,
    assignment_id: uuid.UUID,
    expected_versions: list[int] | None,
) -> None:
    assignment = await _load_for_write(session, principal, assignment_id)
    check_version(assignment.version, expected_versions)
    await session.delete(assignment)
    await session.flush()


async def _answer(session: AsyncSession, assignment_id: uuid.UUID) -> dict[str, Any]:
    row = await repository.row(session, assignment_id)
    assert row is not None  # just written in this transaction
    return (await answers(session, [row]))[0]


async def _writable_task(session: AsyncSession, principal: Principal, task_id: uuid.UUID) -> Task:
    task = await repository.load_task(session, task_id)
    missing = NotFound(f"Task {task_id} not found.")
    if task is None:
        raise missing
    try:
        role = await load_role(session, principal, task.project_id)
        ensure_can_write(principal, role, task.project_id)
    except NotFound as exc:
        raise missing from exc
    # The plan's lock: a child added under the task meanwhile would make it a summary.
    await lock_plan(session, task.project_id)
    await session.refresh(task)
    return task


async def _load_for_write(
    session: AsyncSession, principal: Principal, assignment_id: uuid.UUID
) -> Assignment:
    assignment = await repository.load_for_update(session, assignment_id)
    if assignment is None:
        raise _not_found(assignment_id)
    try:
        role = await load_role(session, principal, assignment.project_id)
        ensure_can_write(principal, role, assignment.project_id)
    except NotFound as exc:
        raise _not_found(assignment_id) from exc
    return assignment


async def _usable_resource(session: AsyncSession, resource_id: uuid.UUID) -> Resource:
    resource = await repository.load_resource(session, resource_id)
    if resource is None:
        raise ValidationFailed(
            f"Resource {resource_id} does not exist.",
            errors=[FieldError("resource_id", "unknown resource")],
        )
    if not resource.active:
        raise ValidationFailed(
            f"Resource {resource_id} is inactive: it takes no new assignments.",
            errors=[FieldError("resource_id", "an inactive resource")],
        )
    return resource


async def _units(
    session: AsyncSession,
    task: Task,
    resource: Resource,
    units: Decimal | None,
    work: Decimal | None,
) -> Decimal:
    """The units to store (given, or derived from work), within the resource's
    ``max_units``; the resource's rates must be in the project's currency."""
    calendar_id, currency = await repository.project_calendar(session, task.project_id)
    if units is None:
        assert work is not None  # the schema asks for exactly one
        units = await _units_from_work(session, task, calendar_id, work)
    if units > resource.max_units:
        field = "units" if work is None else "work_hours"
        raise ValidationFailed(
            f"{units} units exceed the resource's max_units of {resource.max_units}.",
            errors=[FieldError(field, f"at most {resource.max_units} units (max_units)")],
        )
    rates = (await repository.rates(session, [resource.id])).get(resource.id, [])
    other = foreign_currency(rates, currency)
    if other is not None:
        raise CurrencyMismatch(
            f"The resource's rates are in {other} but the project's money is in "
            f"{currency or 'no currency'}: its cost could not be summed (no exchange rates).",
            errors=[FieldError("resource_id", f"rates in {other}, the project in {currency}")],
        )
    return units


async def _units_from_work(
    session: AsyncSession, task: Task, calendar_id: uuid.UUID | None, work: Decimal
) -> Decimal:
    if not task.duration_days:
        raise ValidationFailed(
            "The task has no duration: give units, work cannot be spread over zero days.",
            errors=[FieldError("work_hours", "the task's duration is zero")],
        )
    found = await repository.calendars(session, [calendar_id])
    units = units_for_work(work, task.duration_days, Calendars(found).hours_per_day(calendar_id))
    if not Decimal("0.01") <= units <= MAX_UNITS:
        raise ValidationFailed(
            f"{work} hours over {task.duration_days} days are {units} units, out of (0, 10].",
            errors=[FieldError("work_hours", "gives units out of (0, 10]")],
        )
    return units
