"""Bulk pushes of assignments from planning or HR systems, keyed by (task, resource): the
task by id or by its external key, the resource by id or by its HR key. The same pair
pushed again is one assignment, updated only when its units change.

Items are checked one by one with the single writes' rules; in ``atomic`` mode (the default)
one bad item refuses the whole call with a 422 naming it, nothing written."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Annotated, Self

from pydantic import Field, ValidationError, model_validator
from sqlalchemy.ext.asyncio import AsyncSession

from services.projects.access.service import ensure_can_write, load_role
from services.projects.assignments.rules import check_assignable, units_to_store
from services.projects.assignments.schemas import ONE_OF, Units, WorkHours
from services.projects.assignments.service import project_money, repository
from services.projects.bulk.schemas import BulkRequest, BulkResult, ItemResult, ItemStatus
from services.projects.bulk.service import Batch, refuse_if_atomic
from services.projects.models import Assignment, Resource, Task
from services.projects.schedule.service import lock_plan
from services.projects.schemas_common import StrictModel
from shared.auth import Principal
from shared.errors import ProblemError

Source = Annotated[str, Field(min_length=1, max_length=64)]
ExternalId = Annotated[str, Field(min_length=1, max_length=200)]
Pair = tuple[uuid.UUID, uuid.UUID]


class AssignmentItem(StrictModel):
    """A task (``task_id``, or ``task_external_source`` + ``task_external_id``), a resource
    (``resource_id``, or ``resource_external_source`` + ``resource_external_id``) and
    exactly one of ``units`` and ``work_hours``."""

    task_id: uuid.UUID | None = None
    task_external_source: Source | None = None
    task_external_id: ExternalId | None = None
    resource_id: uuid.UUID | None = None
    resource_external_source: Source | None = None
    resource_external_id: ExternalId | None = None
    units: Units | None = None
    work_hours: WorkHours | None = None

    @model_validator(mode="after")
    def _references(self) -> Self:
        for end in ("task", "resource"):
            by_id = getattr(self, f"{end}_id") is not None
            source = getattr(self, f"{end}_external_source") is not None
            external = getattr(self, f"{end}_external_id") is not None
            if by_id == (source and external) or source != external:
                raise ValueError(f"give {end}_id, or {end}_external_source with {end}_external_id")
        if (self.units is None) == (self.work_hours is None):
            raise ValueError(ONE_OF)
        return self


def _parse(raw_items: list[dict[str, object]]) -> Batch[AssignmentItem]:
    batch: Batch[AssignmentItem] = Batch()
    for index, raw in enumerate(raw_items):
        try:
            batch.valid[index] = AssignmentItem.model_validate(raw)
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first["loc"])
            batch.fail(index, None, f"{where}: {first['msg']}" if where else first["msg"])
    return batch


async def upsert_assignments(
    session: AsyncSession, principal: Principal, project_id: uuid.UUID, body: BulkRequest
) -> BulkResult:
    ensure_can_write(principal, await load_role(session, principal, project_id), project_id)
    await lock_plan(session, project_id)  # no subtask appears under a task meanwhile
    batch = _parse(body.items)
    pairs = await _resolve(session, project_id, batch)
    existing = await repository.existing(session, project_id, {t.id for t, _ in pairs.values()})
    units = await _check(session, project_id, batch, pairs)
    refuse_if_atomic(batch, body.mode, "assignments")
    for index, (task, resource) in pairs.items():
        if index not in batch.valid:
            continue
        current = existing.get((task.id, resource.id))
        if current is None:
            current = Assignment(
                id=uuid.uuid4(),
                task_id=task.id,
                resource_id=resource.id,
                project_id=project_id,
                units=units[index],
            )
            session.add(current)
            existing[(task.id, resource.id)] = current
            status = ItemStatus.created
        elif current.units != units[index]:
            current.units, status = units[index], ItemStatus.updated
        else:
            status = ItemStatus.unchanged
        batch.results[index] = ItemResult(
            index=index, external_id=None, status=status, id=current.id
        )
    await session.flush()
    items = [batch.results[i] for i in sorted(batch.results)]
    return BulkResult(
        items=items, counts={s: sum(r.status is s for r in items) for s in ItemStatus}
    )


async def _resolve(
    session: AsyncSession, project_id: uuid.UUID, batch: Batch[AssignmentItem]
) -> dict[int, tuple[Task, Resource]]:
    """Each valid item's task (of this project) and resource; unknown ones fail the item.
    A pair twice in one push is an error of its second item."""
    items = batch.valid.values()
    task_keys = [
        (i.task_external_source, i.task_external_id)
        for i in items
        if i.task_external_source and i.task_external_id
    ]
    by_key = await repository.task_ids_by_key(session, project_id, task_keys)  # type: ignore[arg-type]
    task_ids = {i.task_id for i in items if i.task_id} | set(by_key.values())
    tasks = await repository.tasks_in_project(session, project_id, task_ids)
    resources_by_id, resources_by_key = await repository.resources(
        session,
        {i.resource_id for i in items if i.resource_id},
        [
            (i.resource_external_source, i.resource_external_id)
            for i in items
            if i.resource_external_source and i.resource_external_id
        ],
    )
    found: dict[int, tuple[Task, Resource]] = {}
    seen: set[Pair] = set()
    for index, item in list(batch.valid.items()):
        key = (item.task_external_source, item.task_external_id)
        task = tasks.get(item.task_id or by_key.get(key))  # type: ignore[arg-type]
        resource_key = (item.resource_external_source, item.resource_external_id)
        resource = resources_by_id.get(item.resource_id) or resources_by_key.get(resource_key)  # type: ignore[arg-type]
        if task is None:
            batch.fail(index, None, "unknown task in this project", "task_id")
        elif resource is None:
            batch.fail(index, None, "unknown resource", "resource_id")
        elif (task.id, resource.id) in seen:
            batch.fail(index, None, "the same task and resource appear twice", "resource_id")
        else:
            seen.add((task.id, resource.id))
            found[index] = (task, resource)
    return found


async def _check(
    session: AsyncSession,
    project_id: uuid.UUID,
    batch: Batch[AssignmentItem],
    pairs: dict[int, tuple[Task, Resource]],
) -> dict[int, Decimal]:
    """The units of each item, by the single writes' rules; a broken rule fails the item."""
    project = await project_money(session, project_id)
    rates = await repository.rates(session, {r.id for _, r in pairs.values()})
    units: dict[int, Decimal] = {}
    for index, (task, resource) in pairs.items():
        item = batch.valid[index]
        try:
            check_assignable(task, resource)
            units[index] = units_to_store(
                task, resource, item.units, item.work_hours, project, rates.get(resource.id, [])
            )
        except ProblemError as exc:
            field = exc.errors[0].field if exc.errors else ""
            batch.fail(index, None, exc.detail, field)
    return units
