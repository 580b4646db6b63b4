from __future__ import annotations

import strawberry

from services.gateway.context import GatewayContext
from services.gateway.ids import parse_id
from services.gateway.payloads import UserError, mutation
from services.gateway.tasks.inputs import AddTaskInput
from services.gateway.tasks.types import Task
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
class TaskMutations:
    add_task = mutation(
        AddTaskPayload, _add, lambda loaders: loaders.tasks.task, conflict_field=None
    )
