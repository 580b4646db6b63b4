from __future__ import annotations

import strawberry

from services.gateway.context import Info
from services.gateway.ids import parse_id
from services.gateway.payloads import UserError, build, input_values, user_errors
from services.gateway.projects.inputs import AddTaskInput, CreateProjectInput, UpdateProjectInput
from services.gateway.projects.types import Project, Task
from shared.clients.projects.projects import ProjectCreate, ProjectUpdate
from shared.clients.projects.tasks import TaskCreate
from shared.errors import ProblemError

_META = frozenset({"id", "expected_version", "idempotency_key", "project_id"})


@strawberry.type
class CreateProjectPayload:
    project: Project | None
    user_errors: list[UserError]


@strawberry.type
class UpdateProjectPayload:
    project: Project | None
    user_errors: list[UserError]


@strawberry.type
class AddTaskPayload:
    task: Task | None
    user_errors: list[UserError]


@strawberry.type
class ProjectMutations:
    @strawberry.mutation
    async def create_project(
        self, info: Info, input: CreateProjectInput
    ) -> CreateProjectPayload | None:
        context = info.context
        try:
            body = build(ProjectCreate, input_values(input, exclude=_META))
            dto = await context.clients.projects.create_project(
                body, idempotency_key=input.idempotency_key
            )
        except ProblemError as exc:
            if (errors := user_errors(exc, conflict_field="code")) is None:
                raise
            return CreateProjectPayload(project=None, user_errors=errors)
        context.loaders.project.prime(dto.id, dto)
        return CreateProjectPayload(project=Project.from_dto(dto), user_errors=[])

    @strawberry.mutation
    async def update_project(
        self, info: Info, input: UpdateProjectInput
    ) -> UpdateProjectPayload | None:
        context = info.context
        try:
            project_id = parse_id(input.id)
            body = build(ProjectUpdate, input_values(input, exclude=_META))
            dto = await context.clients.projects.update_project(
                project_id, body, expected_version=input.expected_version
            )
        except ProblemError as exc:
            errors = user_errors(exc, conflict_field="status", precondition_field="expectedVersion")
            if errors is None:
                raise
            return UpdateProjectPayload(project=None, user_errors=errors)
        context.loaders.project.prime(dto.id, dto, force=True)
        return UpdateProjectPayload(project=Project.from_dto(dto), user_errors=[])

    @strawberry.mutation
    async def add_task(self, info: Info, input: AddTaskInput) -> AddTaskPayload | None:
        context = info.context
        try:
            project_id = parse_id(input.project_id, "projectId")
            body = build(TaskCreate, input_values(input, exclude=_META))
            dto = await context.clients.projects.add_task(
                project_id, body, idempotency_key=input.idempotency_key
            )
        except ProblemError as exc:
            if (errors := user_errors(exc, conflict_field=None)) is None:
                raise
            return AddTaskPayload(task=None, user_errors=errors)
        return AddTaskPayload(task=Task.from_dto(dto), user_errors=[])
