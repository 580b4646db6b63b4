"""Bulk upserts of tasks and dependencies keyed by external_source + external_id.

Every item is validated first and answered on its own; then all valid items are written with
one INSERT ... ON CONFLICT and the project is rescheduled once. In ``atomic`` mode (the
default) one bad item fails the call with a 422 listing every item's result.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field, replace
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ValidationError
from sqlalchemy import Table
from sqlalchemy.ext.asyncio import AsyncSession

from services.projects.access.service import ensure_can_write, load_role
from services.projects.bulk import repository
from services.projects.bulk.repository import Key
from services.projects.bulk.schemas import (
    BulkMode,
    BulkRequest,
    BulkResult,
    DependencyItem,
    ItemResult,
    ItemStatus,
    TaskItem,
)
from services.projects.models import Dependency, Task, audit_records
from services.projects.schedule.service import reschedule
from services.projects.tasks.progress import PROGRESS_FIELDS, Progress, apply_progress
from shared import audit
from shared.audit import Action, Change, differences, snapshot
from shared.auth import Principal
from shared.errors import FieldError, ValidationFailed

TASKS: Table = Task.__table__  # type: ignore[assignment]
DEPENDENCIES: Table = Dependency.__table__  # type: ignore[assignment]

T = TypeVar("T", bound=BaseModel)


@dataclass
class Batch(Generic[T]):
    """Items still valid, by index, and the results decided so far."""

    valid: dict[int, T] = field(default_factory=dict)
    results: dict[int, ItemResult] = field(default_factory=dict)

    def fail(self, index: int, external_id: str | None, message: str, field: str = "") -> None:
        self.valid.pop(index, None)
        problem = ValidationFailed(message, errors=[FieldError(field or "item", message)])
        self.results[index] = ItemResult(
            index=index,
            external_id=external_id,
            status=ItemStatus.error,
            problem=problem.to_problem(),
        )


def parse_items(items: list[dict[str, Any]], model: type[T]) -> Batch[T]:
    """Each item validated on its own (a bad one is that item's error); an external key
    twice in one batch is an error of its second item."""
    batch: Batch[T] = Batch()
    seen: set[Key] = set()
    for index, raw in enumerate(items):
        external_id = raw.get("external_id") if isinstance(raw, dict) else None
        try:
            item = model.model_validate(raw)
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first["loc"])
            batch.fail(index, external_id, f"{where}: {first['msg']}" if where else first["msg"])
            continue
        key = (item.external_source, item.external_id)  # type: ignore[attr-defined]
        if key in seen:
            batch.fail(index, item.external_id, "the same external id appears twice", "external_id")  # type: ignore[attr-defined]
            continue
        seen.add(key)
        batch.valid[index] = item
    return batch


def refuse_if_atomic(batch: Batch[Any], mode: BulkMode, what: str) -> None:
    """In ``atomic`` mode any failed item fails the call: a 422 naming every bad item
    (``items[i]``) with each item's result, before anything is written."""
    if mode is BulkMode.atomic and batch.results:
        results = [batch.results[i].model_dump(mode="json") for i in sorted(batch.results)]
        first = results[0]
        raise ValidationFailed(
            f"{len(results)} of the {what} are invalid; nothing was written "
            f"(item {first['index']}: {first['problem']['detail']}).",
            errors=[FieldError(f"items[{r['index']}]", r["problem"]["detail"]) for r in results],
            extra={"items": results},
        )


async def _written(
    session: AsyncSession,
    project_id: uuid.UUID,
    batch: Batch[Any],
    rows: dict[int, dict[str, Any]],
    table: Any,
    fields: tuple[str, ...],
    before: dict[Key, dict[str, Any]],
) -> BulkResult:
    """``before``: the existing rows of the items' keys, as read (and locked) up front."""
    outcome = await repository.upsert(session, table, fields, list(rows.values()))
    changes = [
        _change(table, project_id, outcome[key][0], row, before.get(key), fields)
        for row in rows.values()
        if (key := (row["external_source"], row["external_id"])) in outcome
    ]
    if outcome:
        await audit.record(session, audit_records, changes)
        await reschedule(session, project_id)
    return bulk_result(batch, rows, outcome)


def bulk_result(
    batch: Batch[Any], rows: dict[int, dict[str, Any]], outcome: dict[Key, tuple[uuid.UUID, bool]]
) -> BulkResult:
    """Every item's result in item order: the rows the upsert wrote (``outcome``: key ->
    (id, created)) as created or updated, the others it left as they were as unchanged,
    beside the items refused before it."""
    for index, row in rows.items():
        key = (row["external_source"], row["external_id"])
        if key in outcome:
            written_id, created = outcome[key]
            status = ItemStatus.created if created else ItemStatus.updated
        else:
            written_id, status = row["id"], ItemStatus.unchanged
        batch.results[index] = ItemResult(
            index=index, external_id=row["external_id"], status=status, id=written_id
        )
    items = [batch.results[i] for i in sorted(batch.results)]
    counts = {s: sum(r.status is s for r in items) for s in ItemStatus}
    return BulkResult(items=items, counts=counts)


def _change(
    table: Table,
    project_id: uuid.UUID,
    written_id: uuid.UUID,
    row: dict[str, Any],
    before: dict[str, Any] | None,
    fields: tuple[str, ...],
) -> Change:
    sent = {name: row[name] for name in ("external_source", "external_id", *fields)}
    if before is None:
        return Change(Action.created, table.name, written_id, project_id, snapshot(sent))
    if before.get("is_summary"):
        sent.pop("duration_days")  # rolled up by the scheduler, not taken from the item
    return Change(Action.updated, table.name, written_id, project_id, differences(before, sent))


async def upsert_tasks(
    session: AsyncSession, principal: Principal, project_id: uuid.UUID, body: BulkRequest
) -> BulkResult:
    ensure_can_write(principal, await load_role(session, principal, project_id), project_id)
    batch = parse_items(body.items, TaskItem)
    keys = [(t.external_source, t.external_id) for t in batch.valid.values()]
    parents = [
        (t.external_source, t.parent_external_id)
        for t in batch.valid.values()
        if t.parent_external_id is not None
    ]
    # One read serves the item keys' ids, their parents' and the audit's "before" values.
    before = await repository.current_rows(session, TASKS, project_id, keys + parents)
    ids = {key: row["id"] for key, row in before.items()}
    new = {k: uuid.uuid4() for k in keys if k not in ids}
    await _refuse_staffed_parents(session, batch, ids)
    _resolve_parents(batch, set(ids))
    refuse_if_atomic(batch, body.mode, "tasks")
    position = await repository.next_position(session, project_id)
    rows: dict[int, dict[str, Any]] = {}
    for index, item in batch.valid.items():
        key = (item.external_source, item.external_id)
        parent = item.parent_external_id
        rows[index] = {
            **item.model_dump(exclude={"parent_external_id"}),
            **_progress(item, before.get(key)),
            "id": ids.get(key) or new[key],
            "project_id": project_id,
            "parent_id": (ids | new)[(item.external_source, parent)] if parent else None,
            "position": position + index,
            "constraint_type": item.constraint_type.value,
            "duration_distribution": None
            if item.duration_distribution is None
            else item.duration_distribution.value,
            "version": 1,
        }
    return await _written(session, project_id, batch, rows, TASKS, repository.TASK_FIELDS, before)


def _progress(item: TaskItem, stored: dict[str, Any] | None) -> dict[str, Any]:
    """The item's progress fields made consistent by the tasks' rules, applied to a task
    with the item's duration. An item that reports progress without actual dates keeps the
    ones the task has (filled in from its schedule when the progress was first reported),
    so a nightly push of the same percent complete changes nothing."""
    given = {
        name: getattr(item, name)
        for name in PROGRESS_FIELDS
        if name in item.model_fields_set and getattr(item, name) is not None
    }
    result = apply_progress(Progress(), {"duration_days": item.duration_days, **given})
    if stored is not None:
        if result.actual_start is None and (result.started or result.complete):
            result = replace(result, actual_start=stored["actual_start"])
        if result.actual_finish is None and result.complete:
            result = replace(result, actual_finish=stored["actual_finish"])
    return result.fields()


async def _refuse_staffed_parents(
    session: AsyncSession, batch: Batch[TaskItem], ids: dict[Key, uuid.UUID]
) -> None:
    """A task with resources assigned takes no subtasks (it would become a summary, and
    summaries carry no assignments), as on a single write."""
    parent_ids = {
        ids[key]
        for t in batch.valid.values()
        if t.parent_external_id is not None
        and (key := (t.external_source, t.parent_external_id)) in ids
    }
    staffed = await repository.tasks_with_assignments(session, parent_ids)
    for index, item in list(batch.valid.items()):
        parent = ids.get((item.external_source, item.parent_external_id or ""))
        if parent in staffed:
            message = "the parent task has resources assigned: unassign them first"
            batch.fail(index, item.external_id, message, "parent_external_id")


def _resolve_parents(batch: Batch[TaskItem], existing: set[Key]) -> None:
    """A parent must exist already or come in this batch as a valid item; repeat until no
    item fails, since a failed parent fails its children."""
    changed = True
    while changed:
        changed = False
        available = existing | {(t.external_source, t.external_id) for t in batch.valid.values()}
        for index, item in list(batch.valid.items()):
            if item.parent_external_id is None:
                continue
            parent = (item.external_source, item.parent_external_id)
            if parent == (item.external_source, item.external_id):
                message = "a task cannot be its own parent"
            elif parent not in available:
                message = f"unknown parent task {item.parent_external_id!r}"
            else:
                continue
            batch.fail(index, item.external_id, message, "parent_external_id")
            changed = True


async def upsert_dependencies(
    session: AsyncSession, principal: Principal, project_id: uuid.UUID, body: BulkRequest
) -> BulkResult:
    ensure_can_write(principal, await load_role(session, principal, project_id), project_id)
    batch = parse_items(body.items, DependencyItem)
    by_key = await repository.task_ids_by_key(
        session, project_id, [k for d in batch.valid.values() for k in _task_keys(d)]
    )
    before = await repository.current_rows(
        session,
        DEPENDENCIES,
        project_id,
        [(d.external_source, d.external_id) for d in batch.valid.values()],
    )
    known = {key: row["id"] for key, row in before.items()}
    by_id = await repository.task_ids_in_project(
        session,
        project_id,
        [i for d in batch.valid.values() for i in (d.predecessor_id, d.successor_id) if i],
    )
    ends = _resolve_ends(batch, by_key, by_id)
    existing = await repository.links_by_pair(session, project_id, ends.values())
    _check_pairs(batch, ends, existing)
    refuse_if_atomic(batch, body.mode, "dependencies")
    rows: dict[int, dict[str, Any]] = {}
    for index, item in batch.valid.items():
        predecessor, successor = ends[index]
        rows[index] = {
            "id": known.get((item.external_source, item.external_id)) or uuid.uuid4(),
            "project_id": project_id,
            "external_source": item.external_source,
            "external_id": item.external_id,
            "predecessor_id": predecessor,
            "successor_id": successor,
            "type": item.type.value,
            "lag_days": item.lag_days,
            "lag_optional": item.lag_optional,
            "version": 1,
        }
    return await _written(
        session, project_id, batch, rows, DEPENDENCIES, repository.DEPENDENCY_FIELDS, before
    )


def _task_keys(item: DependencyItem) -> list[Key]:
    source = item.task_external_source or item.external_source
    refs = (item.predecessor_external_id, item.successor_external_id)
    return [(source, ref) for ref in refs if ref is not None]


def _resolve_ends(
    batch: Batch[DependencyItem], by_key: dict[Key, uuid.UUID], by_id: set[uuid.UUID]
) -> dict[int, tuple[uuid.UUID, uuid.UUID]]:
    ends: dict[int, tuple[uuid.UUID, uuid.UUID]] = {}
    for index, item in list(batch.valid.items()):
        source = item.task_external_source or item.external_source
        found: list[uuid.UUID] = []
        for end in ("predecessor", "successor"):
            task_id, ref = getattr(item, f"{end}_id"), getattr(item, f"{end}_external_id")
            resolved = task_id if task_id in by_id else by_key.get((source, ref))
            if resolved is None:
                name = f"{end}_id" if task_id else f"{end}_external_id"
                batch.fail(index, item.external_id, f"unknown {end} task in this project", name)
                break
            found.append(resolved)
        else:
            if found[0] == found[1]:
                batch.fail(index, item.external_id, "a task cannot depend on itself")
            else:
                ends[index] = (found[0], found[1])
    return ends


def _check_pairs(
    batch: Batch[DependencyItem],
    ends: dict[int, tuple[uuid.UUID, uuid.UUID]],
    existing: dict[tuple[uuid.UUID, uuid.UUID], Key | None],
) -> None:
    """Two tasks are linked at most once: not twice in the batch, and not by an existing link
    with another key."""
    claimed: set[tuple[uuid.UUID, uuid.UUID]] = set()
    for index, item in list(batch.valid.items()):
        pair = ends[index]
        owner = existing.get(pair, (item.external_source, item.external_id))
        if pair in claimed or owner != (item.external_source, item.external_id):
            batch.fail(index, item.external_id, "these two tasks are already linked")
        claimed.add(pair)
