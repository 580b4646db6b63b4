from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from services.projects.access.filters import viewer_of
from services.projects.access.service import (
    ensure_can_read,
    ensure_can_write,
    load_role,
    read_role,
    readable,
    writable,
)
from services.projects.engine import ConstraintType
from services.projects.models import Task
from services.projects.schedule.service import lock_plan, lock_plan_and, reschedule
from services.projects.tasks.estimates import ESTIMATE_FIELDS, check_estimate
from services.projects.tasks.impact import delete_impact, ensure_confirmed
from services.projects.tasks.progress import (
    PROGRESS_FIELDS,
    Progress,
    apply_progress,
    finish_before_start,
)
from services.projects.tasks.repository import TaskRepository
from services.projects.tasks.schemas import (
    DATED_CONSTRAINTS,
    TaskCreate,
    TaskDeleteImpact,
    TaskUpdate,
)
from shared.auth import Principal
from shared.concurrency import check_version
from shared.errors import Conflict, FieldError, NotFound, ValidationFailed
from shared.pagination import PageParams
from shared.reads import Reader

repository = TaskRepository()


async def list_tasks(
    reader: Reader,
    principal: Principal,
    project_id: uuid.UUID,
    page: PageParams,
    fields: tuple[str, ...] | None = None,
) -> tuple[list[Any], str | None]:
    """``fields``: a sparse fieldset (keys included), ``None`` for every field."""
    ensure_can_read(principal, await read_role(reader, principal, project_id), project_id)
    return await repository.list_for_project(reader, project_id, page, fields)


async def get_task(reader: Reader, principal: Principal, task_id: uuid.UUID) -> dict[str, Any]:
    missing = NotFound(f"Task {task_id} not found.")
    return await readable(reader, principal, await repository.get(reader, task_id), missing)


async def tasks_by_project(
    reader: Reader,
    principal: Principal,
    project_ids: list[uuid.UUID],
    limit: int,
    fields: tuple[str, ...] | None = None,
) -> list[dict[str, Any]]:
    viewer = viewer_of(principal)
    pages = await repository.first_pages(reader, viewer, project_ids, limit, fields)
    empty: dict[str, Any] = {"items": [], "next_cursor": None}
    return [{"project_id": pid, **pages.get(pid, empty)} for pid in project_ids]


async def tasks_by_ids(
    reader: Reader, principal: Principal, ids: list[uuid.UUID]
) -> list[dict[str, Any]]:
    """Missing tasks and tasks of projects the caller cannot see are left out alike."""
    viewer = viewer_of(principal)
    return await repository.by_ids(reader, viewer, ids)


async def projects_of_tasks(
    session: AsyncSession, task_ids: list[uuid.UUID]
) -> dict[uuid.UUID, uuid.UUID]:
    """task id -> its project id, for the ids that exist (whoever may see them)."""
    return await repository.projects_of(session, task_ids)


async def _check_parent(
    session: AsyncSession,
    project_id: uuid.UUID,
    parent_id: uuid.UUID | None,
    task_id: uuid.UUID | None,
) -> None:
    if parent_id is None:
        return
    parent = await session.get(Task, parent_id)
    if parent is None or parent.project_id != project_id:
        raise ValidationFailed(
            "The parent task must exist in the same project.",
            errors=[FieldError("parent_id", "unknown task in this project")],
        )
    if await repository.has_assignments(session, parent_id):
        # It would become a summary, and summaries carry no assignments: which subtask
        # should take its people is the planner's call, not ours.
        raise Conflict(
            "The parent task has resources assigned: a task with subtasks carries none. "
            "Unassign them (or move them to a subtask) first.",
            extra={"parent_id": str(parent_id)},
        )
    # Walk up from the new parent: reaching the task itself would make the WBS a cycle.
    node: Task | None = parent
    while node is not None and task_id is not None:
        if node.id == task_id:
            raise ValidationFailed(
                "A task cannot be moved under itself or its own subtasks.",
                errors=[FieldError("parent_id", "would create a cycle in the task tree")],
            )
        node = await session.get(Task, node.parent_id) if node.parent_id else None


async def add_task(
    session: AsyncSession, principal: Principal, project_id: uuid.UUID, data: TaskCreate
) -> Task:
    ensure_can_write(principal, await load_role(session, principal, project_id), project_id)
    check_estimate(data.model_dump(include=set(ESTIMATE_FIELDS)))
    await lock_plan(session, project_id)
    await _check_parent(session, project_id, data.parent_id, None)
    given = data.model_dump(exclude_unset=True)
    progress = apply_progress(Progress(), {k: v for k, v in given.items() if v is not None})
    task = Task(
        project_id=project_id,
        position=await repository.next_position(session, project_id),
        **{**data.model_dump(), **progress.fields()},
    )
    session.add(task)
    await session.flush()
    await reschedule(session, project_id)
    # Read back what the database stored (numeric scale, defaults), as a GET shows it.
    await session.refresh(task)
    return task


async def _load_for_write(session: AsyncSession, principal: Principal, task_id: uuid.UUID) -> Task:
    missing = NotFound(f"Task {task_id} not found.")
    task = await writable(session, principal, await session.get(Task, task_id), missing)
    await lock_plan_and(session, task.project_id, task)
    return task


async def update_task(
    session: AsyncSession,
    principal: Principal,
    task_id: uuid.UUID,
    data: TaskUpdate,
    expected_versions: list[int] | None,
) -> Task:
    task = await _load_for_write(session, principal, task_id)
    check_version(task.version, expected_versions)
    changes = _planning_changes(data.model_dump(exclude_unset=True))
    check_estimate({name: changes.get(name, getattr(task, name)) for name in ESTIMATE_FIELDS})
    if "parent_id" in changes:
        await _check_parent(session, task.project_id, changes["parent_id"], task.id)
    changes.update(_progress_changes(task, changes))
    for field, value in changes.items():
        if getattr(task, field) != value:  # unchanged fields stay out of the audit record
            setattr(task, field, value)
    if task.start_date and task.finish_date and task.finish_date < task.start_date:
        raise ValidationFailed(
            "finish_date must not be before start_date.",
            errors=[FieldError("finish_date", "before start_date")],
        )
    await session.flush()
    await reschedule(session, task.project_id)
    # Read back what the database stored (numeric scale, defaults), as a GET shows it.
    await session.refresh(task)
    return task


def _progress_changes(task: Task, changes: dict[str, Any]) -> dict[str, Any]:
    """The task's progress fields after the request's (rules in ``progress.py``); an actual
    finish the result puts before the actual start is refused."""
    current = Progress(**{name: getattr(task, name) for name in PROGRESS_FIELDS})
    result = apply_progress(current, changes)
    if finish_before_start(result.actual_start, result.actual_finish):
        raise ValidationFailed(
            "actual_finish must not be before actual_start.",
            errors=[FieldError("actual_finish", "before actual_start")],
        )
    return result.fields()


def _planning_changes(changes: dict[str, Any]) -> dict[str, Any]:
    """Null resets to the defaults; a move to ASAP/ALAP drops the date it no longer needs."""
    if "constraint_type" in changes:
        if changes["constraint_type"] is None:
            changes["constraint_type"] = ConstraintType.ASAP
        if changes["constraint_type"] not in DATED_CONSTRAINTS:
            changes.setdefault("constraint_date", None)
    for field, default in (("duration_days", 0), ("percent_complete", 0)):
        if field in changes and changes[field] is None:
            changes[field] = Decimal(default)
    for field in ("actual_duration_days", "remaining_duration_days", "optional"):
        if field in changes and changes[field] is None:
            del changes[field]  # null: unchanged
    return changes


async def delete_task(
    session: AsyncSession,
    principal: Principal,
    task_id: uuid.UUID,
    expected_versions: list[int] | None,
    cascade: bool = False,
) -> None:
    """Without ``cascade``, a task that takes subtasks, links or assignments with it is
    not deleted: 409 listing them."""
    task = await _load_for_write(session, principal, task_id)
    check_version(task.version, expected_versions)
    ensure_confirmed(await delete_impact(session, task_id), cascade)
    await session.delete(task)
    await session.flush()
    await reschedule(session, task.project_id)


async def task_delete_impact(
    session: AsyncSession, principal: Principal, task_id: uuid.UUID
) -> TaskDeleteImpact:
    """What deleting the task would take with it (for those who may delete it)."""
    missing = NotFound(f"Task {task_id} not found.")
    await writable(session, principal, await session.get(Task, task_id), missing)
    return await delete_impact(session, task_id)
