from __future__ import annotations

import uuid

import strawberry

from services.gateway.context import GatewayContext, Info
from services.gateway.ids import parse_id
from services.gateway.payloads import CALL_FIELDS, UserError, build, input_values, mutation
from services.gateway.tasks.changes import rescheduling
from services.gateway.tasks.edits import CHANGED
from services.gateway.tasks.inputs import AddDependencyInput, AddTaskInput
from services.gateway.tasks.types import Predecessor, Task
from shared.clients.projects.planning import DependencyCreate
from shared.clients.projects.tasks import TaskCreate, TaskDTO


@strawberry.type
class AddTaskPayload:
    task: Task | None
    user_errors: list[UserError]


async def _add(context: GatewayContext, input: AddTaskInput, body: TaskCreate) -> TaskDTO:
    project_id = parse_id(input.project_id, "projectId")
    projects = context.clients.projects
    return await projects.add_task(project_id, body, idempotency_key=input.idempotency_key)


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
    add_task = mutation(
        AddTaskPayload, _add, lambda loaders: loaders.tasks.task, conflict_field=None
    )
    add_dependency: AddDependencyPayload = strawberry.mutation(
        resolver=_add_dependency,
        description="Link two tasks of a project: the successor waits on the predecessor; "
        "the plan is rescheduled.",
    )
