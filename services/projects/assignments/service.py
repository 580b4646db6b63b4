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
from services.projects.assignments.figures import Calendars, all_with_figures, resource_costs
from services.projects.assignments.repository import AssignmentRepository, Db, Row
from services.projects.assignments.rules import ProjectMoney, check_assignable, units_to_store
from services.projects.assignments.schemas import AssignmentCreate, AssignmentUpdate
from services.projects.models import Assignment, Resource, Task
from services.projects.schedule.service import lock_plan
from shared.auth import Principal
from shared.concurrency import check_version
from shared.errors import Conflict, FieldError, NotFound, ValidationFailed
from shared.pagination import PageParams

repository = AssignmentRepository()


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
    rows = await repository.cost_rows(db, project_ids)
    if not rows:
        return {}
    rates = await repository.rates(db, {row["resource_id"] for row in rows})
    found = await repository.calendars(db, {row["calendar_id"] for row in rows})
    return resource_costs(rows, rates, Calendars(found))


# -- reads -------------------------------------------------------------------------------


async def cost_inputs(db: Db, project_ids: list[uuid.UUID]) -> list[dict[str, Any]]:
    """The projects' assignments with what their cost is computed from, as plain dicts a
    what-if may restaff before pricing them with :func:`answers`."""
    return [dict(record.items()) for record in await repository.cost_rows(db, project_ids)]


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
    resource = await _known_resource(session, data.resource_id)
    check_assignable(task, resource)
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


async def _known_resource(session: AsyncSession, resource_id: uuid.UUID) -> Resource:
    resource = await repository.load_resource(session, resource_id)
    if resource is None:
        raise ValidationFailed(
            f"Resource {resource_id} does not exist.",
            errors=[FieldError("resource_id", "unknown resource")],
        )
    return resource


async def project_money(session: AsyncSession, project_id: uuid.UUID) -> ProjectMoney:
    calendar_id, currency = await repository.project_calendar(session, project_id)
    found = await repository.calendars(session, [calendar_id])
    return ProjectMoney(Calendars(found).hours_per_day(calendar_id), currency)


async def _units(
    session: AsyncSession,
    task: Task,
    resource: Resource,
    units: Decimal | None,
    work: Decimal | None,
) -> Decimal:
    project = await project_money(session, task.project_id)
    rates = (await repository.rates(session, [resource.id])).get(resource.id, [])
    return units_to_store(task, resource, units, work, project, rates)
