from __future__ import annotations

import strawberry

from services.gateway.context import GatewayContext
from services.gateway.ids import parse_id
from services.gateway.payloads import UserError, mutation
from services.gateway.projects.inputs import CreateProjectInput, UpdateProjectInput
from services.gateway.projects.types import Project
from shared.clients.projects.projects import ProjectCreate, ProjectDTO, ProjectUpdate


@strawberry.type
class CreateProjectPayload:
    project: Project | None
    user_errors: list[UserError]


@strawberry.type
class UpdateProjectPayload(CreateProjectPayload):
    """The same fields: the project as updated, or why not."""


async def _create(
    context: GatewayContext, input: CreateProjectInput, body: ProjectCreate
) -> ProjectDTO:
    projects = context.clients.projects
    return await projects.create_project(body, idempotency_key=input.idempotency_key)


async def _update(
    context: GatewayContext, input: UpdateProjectInput, body: ProjectUpdate
) -> ProjectDTO:
    project_id, version = parse_id(input.id), input.expected_version
    return await context.clients.projects.update_project(project_id, body, expected_version=version)


@strawberry.type
class ProjectMutations:
    create_project = mutation(
        CreateProjectPayload,
        _create,
        lambda loaders: loaders.projects.project,
        conflict_field="code",
    )
    update_project = mutation(
        UpdateProjectPayload,
        _update,
        lambda loaders: loaders.projects.project,
        conflict_field="status",
        precondition_field="expectedVersion",
    )
