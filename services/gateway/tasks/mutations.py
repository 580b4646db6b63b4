from __future__ import annotations

import uuid

import strawberry

from services.gateway.context import Info
from services.gateway.ids import parse_id
from services.gateway.payloads import CALL_FIELDS, UserError, build, input_values
from services.gateway.tasks.changes import rescheduling
from services.gateway.tasks.edits import CHANGED
from services.gateway.tasks.inputs import AddDependencyInput, AddTaskInput
from services.gateway.tasks.types import Predecessor, Task
from shared.clients.projects.planning import DependencyCreate
from shared.clients.projects.tasks import TaskCreate


@strawberry.type
class AddTaskPayload:
    task: Task | None
    user_errors: list[UserError]
    changed_tasks: list[Task] = strawberry.field(
        description=CHANGED + " With the new task: the summary tasks above it, say."
    )


async def _add(info: Info, input: AddTaskInput) -> AddTaskPayload:
    projects = info.context.clients.projects

    async def project_of() -> uuid.UUID:
        return parse_id(input.project_id, "projectId")

    async def write() -> Task:
        body = build(TaskCreate, input_values(input, exclude=CALL_FIELDS))
        key = input.idempotency_key
        task = await projects.add_task(await project_of(), body, idempotency_key=key)
        info.context.loaders.tasks.task.prime(task.id, task, force=True)
        return Task.from_dto(task)

    return await rescheduling(
        info, AddTaskPayload, project_of, write, conflict_field=None, precondition_field=None
    )


@strawberry.type
class AddDependencyPayload:
    dependency: Predecessor | None
    user_errors: list[UserError]
    changed_tasks: list[Task] = strawberry.field(description=CHANGED)


async def _add_dependency(info: Info, input: AddDependencyInput) -> AddDependencyPayload:
    projects = info.context.clients.projects

    async def project_of() -> uuid.UUID:
        return parse_id(input.project_id, "projectId")

    async def write() -> Predecessor:
        body = build(DependencyCreate, input_values(input, exclude=CALL_FIELDS))
        key = input.idempotency_key
        link = await projects.add_dependency(await project_of(), body, idempotency_key=key)
        return Predecessor.from_dto(link)

    return await rescheduling(
        info,
        AddDependencyPayload,
        project_of,
        write,
        conflict_field="successorId",
        precondition_field=None,
    )


@strawberry.type
class TaskMutations:
    add_task: AddTaskPayload | None = strawberry.mutation(
        resolver=_add,
        description="Add a task to a project (under parentId, or at the top level); the plan "
        "is rescheduled.",
    )
    add_dependency: AddDependencyPayload = strawberry.mutation(
        resolver=_add_dependency,
        description="Link two tasks of a project: the successor waits on the predecessor; "
        "the plan is rescheduled.",
    )
