from __future__ import annotations

from contextlib import suppress

import strawberry

from services.gateway.assignments.inputs import (
    AssignResourceInput,
    UnassignResourceInput,
    UpdateAssignmentInput,
)
from services.gateway.assignments.types import Assignment
from services.gateway.context import Info
from services.gateway.ids import parse_id
from services.gateway.payloads import UserError, attempt, build, input_values
from shared.clients.projects.assignments import AssignmentCreate, AssignmentUpdate

PATH_FIELDS = frozenset({"task_id", "id", "expected_version"})


@strawberry.type
class AssignResourcePayload:
    assignment: Assignment | None
    user_errors: list[UserError]


@strawberry.type
class UpdateAssignmentPayload(AssignResourcePayload):
    """The same fields: the assignment as updated, or why not."""


@strawberry.type
class UnassignResourcePayload:
    deleted_assignment_id: strawberry.ID | None
    user_errors: list[UserError]


@strawberry.type
class AssignmentMutations:
    @strawberry.mutation(description="Put a resource on a task at units (or work hours).")
    async def assign_resource(
        self, info: Info, input: AssignResourceInput
    ) -> AssignResourcePayload:
        async def call() -> Assignment:
            task_id = parse_id(input.task_id, "taskId")
            body = build(AssignmentCreate, input_values(input, exclude=PATH_FIELDS))
            dto = await info.context.clients.projects.assign_resource(task_id, body)
            _forget(info, dto.task_id, dto.resource_id)
            return Assignment.from_dto(dto)

        return await attempt(AssignResourcePayload, call, conflict_field="resourceId")

    @strawberry.mutation(description="Change an assignment's units, or its work in hours.")
    async def update_assignment(
        self, info: Info, input: UpdateAssignmentInput
    ) -> UpdateAssignmentPayload:
        async def call() -> Assignment:
            body = build(AssignmentUpdate, input_values(input, exclude=PATH_FIELDS))
            dto = await info.context.clients.projects.update_assignment(
                parse_id(input.id), body, expected_version=input.expected_version
            )
            _forget(info, dto.task_id, dto.resource_id)
            return Assignment.from_dto(dto)

        return await attempt(
            UpdateAssignmentPayload,
            call,
            conflict_field=None,
            precondition_field="expectedVersion",
        )

    @strawberry.mutation(description="Take a resource off a task.")
    async def unassign_resource(
        self, info: Info, input: UnassignResourceInput
    ) -> UnassignResourcePayload:
        async def call() -> strawberry.ID:
            await info.context.clients.projects.unassign_resource(
                parse_id(input.id), expected_version=input.expected_version
            )
            return input.id

        return await attempt(
            UnassignResourcePayload,
            call,
            conflict_field="id",
            precondition_field="expectedVersion",
        )


def _forget(info: Info, task_id: object, resource_id: object) -> None:
    """Read earlier in this request: stale now."""
    loaders = info.context.loaders.assignments
    with suppress(KeyError):
        loaders.of_task.clear(task_id)  # type: ignore[arg-type]
    with suppress(KeyError):
        loaders.of_resource.clear(resource_id)  # type: ignore[arg-type]
