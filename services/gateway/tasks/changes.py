"""The tasks a schedule change moved, for the ``changedTasks`` of the mutations that
reschedule a plan, so a client's normalised cache updates without a refetch.

Computed from a before/after read, not from the service's answer (a write answers only the
row it wrote, while rescheduling may move every task after it): the project's schedule
fields are read before the write (a sparse read) and all its tasks after; a task is changed
when any of those fields differs, or it is new. Two reads of the whole plan (one call per
500 tasks each) beside the write."""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import structlog

from services.gateway.context import Info
from services.gateway.payloads import user_errors
from services.gateway.tasks.types import Task
from shared.clients.projects import ProjectsClient
from shared.clients.projects.tasks import TaskDTO, TaskFieldsDTO
from shared.errors import ProblemError
from shared.pagination import MAX_LIMIT

P = TypeVar("P")
log = structlog.get_logger("pmo.gateway.changes")

# What a client shows of a task's place in the schedule and the plan's tree.
SCHEDULE_FIELDS = (
    "parent_id",
    "position",
    "wbs_code",
    "is_summary",
    "start_date",
    "finish_date",
    "early_start",
    "early_finish",
    "late_start",
    "late_finish",
    "total_float_days",
    "free_float_days",
    "critical",
    "stop",
    "resume",
    "version",
)

Schedule = dict[uuid.UUID, tuple[Any, ...]]


def _key(task: TaskDTO | TaskFieldsDTO) -> tuple[Any, ...]:
    return tuple(getattr(task, name) for name in SCHEDULE_FIELDS)


async def schedule_of(projects: ProjectsClient, project_id: uuid.UUID) -> Schedule:
    schedule: Schedule = {}
    cursor: str | None = None
    while True:
        page = await projects.list_tasks(
            project_id, limit=MAX_LIMIT, cursor=cursor, fields=SCHEDULE_FIELDS
        )
        schedule.update((task.id, _key(task)) for task in page.items)
        if page.next_cursor is None:
            return schedule
        cursor = page.next_cursor


async def changed_since(
    projects: ProjectsClient, project_id: uuid.UUID, before: Schedule
) -> list[TaskDTO]:
    changed: list[TaskDTO] = []
    cursor: str | None = None
    while True:
        page = await projects.list_tasks(project_id, limit=MAX_LIMIT, cursor=cursor)
        changed.extend(task for task in page.items if before.get(task.id) != _key(task))
        if page.next_cursor is None:
            return changed
        cursor = page.next_cursor


def _node_name(payload: type) -> str:
    """The payload's node field: the one field without a default beside the change lists
    (fields with a default, such as deleteTask's ``impact``, are extras)."""
    names = {
        f.name
        for f in dataclasses.fields(payload)  # type: ignore[arg-type]
        if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
    }
    [node] = names - {"user_errors", "changed_tasks"}
    return node


async def rescheduling(
    info: Info,
    payload: type[P],
    project_of: Callable[[], Awaitable[uuid.UUID | None]],
    write: Callable[[], Awaitable[object]],
    *,
    conflict_field: str | None,
    precondition_field: str | None = "expectedVersion",
) -> P:
    """``payload`` with what ``write`` answers as its node and the tasks it moved in the
    project ``project_of`` names (None: no project to look at, no changed tasks), or with
    the userErrors of a problem the caller can fix."""
    make: Callable[..., P] = payload
    node = _node_name(payload)
    projects = info.context.clients.projects
    try:
        project_id = await project_of()
        before = await schedule_of(projects, project_id) if project_id else None
        result = await write()
    except ProblemError as exc:
        errors = user_errors(
            exc, conflict_field=conflict_field, precondition_field=precondition_field
        )
        if errors is None:
            raise
        return make(**{node: None, "changed_tasks": [], "user_errors": errors})
    changed: list[TaskDTO] = []
    if project_id is not None and before is not None:
        try:
            changed = await changed_since(projects, project_id, before)
        except ProblemError:
            # The write is committed: it must not read as failed (a client would retry it).
            # The client refetches instead of reading the moved tasks here.
            log.warning("changed_tasks_unread", project=str(project_id), exc_info=True)
    loader = info.context.loaders.tasks.task
    for task in changed:
        loader.prime(task.id, task, force=True)
    tasks = [Task.from_dto(task) for task in changed]
    return make(**{node: result, "changed_tasks": tasks, "user_errors": []})
