"""Make an option's plan changes on the stored plan, inside the caller's transaction (a
change request's approval): every change first checks the row still holds the value the
option was computed from; the first that does not raises 409 and the caller's transaction
rolls back, so the plan gets all of the changes or none. Then the plan is rescheduled."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from services.projects.corrective import repository
from services.projects.corrective.changes import PlanChange, days
from services.projects.models import Assignment, Dependency
from services.projects.schedule.service import lock_plan, reschedule
from shared.errors import Conflict, ValidationFailed


class NoLongerApplies(Conflict):
    def __init__(self, change: PlanChange, why: str) -> None:
        super().__init__(
            f"The plan changed since the option was computed: {why}.",
            extra={"code": "plan_changed", "plan_change": change},
        )


async def apply_plan_changes(
    session: AsyncSession, project_id: uuid.UUID, changes: Sequence[PlanChange]
) -> None:
    await lock_plan(session, project_id)
    for change in changes:
        make = _MAKERS.get(change.get("op", ""))
        if make is None:
            raise NoLongerApplies(change, f"unknown operation {change.get('op')!r}")
        await make(session, project_id, change)
    try:
        await reschedule(session, project_id)
    except ValidationFailed as error:
        raise Conflict(
            f"The plan changes no longer schedule: {error.detail}",
            extra={"code": "plan_changed"},
        ) from error


def _same(value: Any, expected: Any) -> bool:
    return days(value) == days(expected)


async def _task_duration(session: AsyncSession, project_id: uuid.UUID, change: PlanChange) -> None:
    task = await repository.task(session, uuid.UUID(change["task_id"]))
    if task is None or task.project_id != project_id:
        raise NoLongerApplies(change, "the task is gone")
    if not _same(task.duration_days, change["from"]):
        raise NoLongerApplies(change, f"{task.name!r} lasts {task.duration_days} days now")
    task.duration_days = Decimal(change["to"])


async def _units(session: AsyncSession, project_id: uuid.UUID, change: PlanChange) -> None:
    found = await repository.assignment(session, uuid.UUID(change["assignment_id"]))
    if found is None or found.project_id != project_id:
        raise NoLongerApplies(change, "the assignment is gone")
    if not _same(found.units, change["from"]):
        raise NoLongerApplies(change, f"the assignment has {found.units} units now")
    found.units = Decimal(change["to"])


async def _add_assignment(session: AsyncSession, project_id: uuid.UUID, change: PlanChange) -> None:
    task_id, resource_id = uuid.UUID(change["task_id"]), uuid.UUID(change["resource_id"])
    task = await repository.task(session, task_id)
    person = await repository.resource(session, resource_id)
    if task is None or task.project_id != project_id or person is None or not person.active:
        raise NoLongerApplies(change, "the task or the person is gone")
    if await repository.assigned(session, task_id, resource_id):
        raise NoLongerApplies(change, f"{person.name} is on {task.name!r} already")
    repository.add(
        session,
        Assignment(
            task_id=task_id,
            resource_id=resource_id,
            project_id=project_id,
            units=Decimal(change["units"]),
        ),
    )
    await session.flush()


async def _link(session: AsyncSession, project_id: uuid.UUID, change: PlanChange) -> None:
    link = await repository.link(session, uuid.UUID(change["dependency_id"]))
    if link is None or link.project_id != project_id:
        raise NoLongerApplies(change, "the link is gone")
    before = change["from"]
    if link.type != before["type"] or not _same(link.lag_days, before["lag_days"]):
        raise NoLongerApplies(change, f"the link is {link.type} {link.lag_days} days now")
    link.type = change["to"]["type"]
    link.lag_days = Decimal(change["to"]["lag_days"])


async def _remove_task(session: AsyncSession, project_id: uuid.UUID, change: PlanChange) -> None:
    task = await repository.task(session, uuid.UUID(change["task_id"]))
    if task is None or task.project_id != project_id:
        raise NoLongerApplies(change, "the task is gone")
    await repository.delete(session, task)
    for bridge in change["bridges"]:
        ends = uuid.UUID(bridge["predecessor_id"]), uuid.UUID(bridge["successor_id"])
        if await repository.link_between(session, *ends) is None:
            repository.add(
                session,
                Dependency(
                    project_id=project_id,
                    predecessor_id=ends[0],
                    successor_id=ends[1],
                    type=bridge["type"],
                    lag_days=Decimal(bridge["lag_days"]),
                ),
            )
    await session.flush()


async def _deadline(session: AsyncSession, project_id: uuid.UUID, change: PlanChange) -> None:
    project = await repository.project(session, project_id)
    assert project is not None  # the caller's change request holds it
    expected = date.fromisoformat(change["from"]) if change["from"] else None
    if project.deadline != expected:
        raise NoLongerApplies(change, f"the deadline is {project.deadline} now")
    project.deadline = date.fromisoformat(change["to"])


_MAKERS: dict[str, Callable[[AsyncSession, uuid.UUID, PlanChange], Awaitable[None]]] = {
    "set_task_duration": _task_duration,
    "set_assignment_units": _units,
    "add_assignment": _add_assignment,
    "set_dependency": _link,
    "remove_task": _remove_task,
    "set_project_deadline": _deadline,
}
