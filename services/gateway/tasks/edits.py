"""Mutations that edit a plan and answer, beside the changed object, ``changedTasks``: the
tasks whose place in the schedule moved (see :mod:`services.gateway.tasks.changes`)."""

from __future__ import annotations

import uuid
from contextlib import suppress

import strawberry

from services.gateway.context import Info
from services.gateway.ids import parse_id
from services.gateway.payloads import CALL_FIELDS, UserError, build, input_values
from services.gateway.tasks.changes import rescheduling
from services.gateway.tasks.edit_inputs import (
    DeleteDependencyInput,
    DeleteTaskInput,
    MoveTaskInput,
    UpdateDependencyInput,
    UpdateTaskInput,
)
from services.gateway.tasks.impact import TaskDeleteImpact, confirmation_needed
from services.gateway.tasks.inputs import AddDependencyInput
from services.gateway.tasks.types import Predecessor, Task
from shared.clients.projects.planning import DependencyUpdate
from shared.clients.projects.tasks import TaskDeleteImpactDTO, TaskUpdate
from shared.errors import Conflict

CHANGED = "The tasks whose schedule, WBS place or version this change moved."


@strawberry.type
class TaskChangePayload:
    task: Task | None
    changed_tasks: list[Task] = strawberry.field(description=CHANGED)
    user_errors: list[UserError]


@strawberry.type
class DeleteTaskPayload:
    deleted_task_id: strawberry.ID | None
    changed_tasks: list[Task] = strawberry.field(description=CHANGED)
    user_errors: list[UserError]
    impact: TaskDeleteImpact | None = strawberry.field(
        default=None,
        description="Set when the delete was not made for want of cascade: what it would take "
        "with it.",
    )


@strawberry.type
class DependencyChangePayload:
    dependency: Predecessor | None
    changed_tasks: list[Task] = strawberry.field(description=CHANGED)
    user_errors: list[UserError]


@strawberry.type
class DeleteDependencyPayload:
    deleted_dependency_id: strawberry.ID | None
    changed_tasks: list[Task] = strawberry.field(description=CHANGED)
    user_errors: list[UserError]


def _project_of_task(info: Info, task_id: str):  # type: ignore[no-untyped-def]
    async def project_of() -> uuid.UUID:
        task = await info.context.loaders.tasks.task.load(parse_id(task_id))
        return task.project_id

    return project_of


async def _edit_task(info: Info, input: UpdateTaskInput | MoveTaskInput) -> TaskChangePayload:
    projects = info.context.clients.projects

    async def write() -> Task:
        body = build(TaskUpdate, input_values(input, exclude=CALL_FIELDS))
        task_id, version = parse_id(input.id), input.expected_version
        dto = await projects.update_task(task_id, body, expected_version=version)
        return Task.from_dto(dto)

    return await rescheduling(
        info, TaskChangePayload, _project_of_task(info, input.id), write, conflict_field="parentId"
    )


def _link_project(input: UpdateDependencyInput | DeleteDependencyInput | AddDependencyInput):  # type: ignore[no-untyped-def]
    async def project_of() -> uuid.UUID:
        return parse_id(input.project_id, "projectId")

    return project_of


@strawberry.type
class TaskEditMutations:
    @strawberry.mutation(description="Change a task's fields; the plan is rescheduled.")
    async def update_task(self, info: Info, input: UpdateTaskInput) -> TaskChangePayload:
        return await _edit_task(info, input)

    @strawberry.mutation(
        description="Move a task in the WBS (under another task, or to the top level); "
        "WBS codes and summary tasks follow."
    )
    async def move_task(self, info: Info, input: MoveTaskInput) -> TaskChangePayload:
        return await _edit_task(info, input)

    @strawberry.mutation(
        description="Delete a task. One with subtasks, links or assignments needs cascade: "
        "true; without it nothing is deleted and impact lists what would go."
    )
    async def delete_task(self, info: Info, input: DeleteTaskInput) -> DeleteTaskPayload:
        projects = info.context.clients.projects
        task_id = parse_id(input.id)
        held: list[TaskDeleteImpactDTO] = []

        async def write() -> strawberry.ID:
            try:
                await projects.delete_task(
                    task_id, expected_version=input.expected_version, cascade=input.cascade
                )
            except Conflict:
                # Unconfirmed and taking more with it? Then say what (another conflict is
                # reported as it is).
                if not input.cascade:
                    impact = await projects.task_delete_impact(task_id)
                    if impact.needs_confirmation:
                        held.append(impact)
                raise
            with suppress(KeyError):
                info.context.loaders.tasks.task.clear(task_id)
            return input.id

        project_of = _project_of_task(info, input.id)
        payload = await rescheduling(
            info, DeleteTaskPayload, project_of, write, conflict_field="id"
        )
        if held:
            payload.user_errors = [confirmation_needed(held[0])]
            payload.impact = TaskDeleteImpact.from_dto(held[0])
        return payload

    @strawberry.mutation(description="Change a link's type or lag; the plan is rescheduled.")
    async def update_dependency(
        self, info: Info, input: UpdateDependencyInput
    ) -> DependencyChangePayload:
        projects = info.context.clients.projects

        async def write() -> Predecessor:
            body = build(DependencyUpdate, input_values(input, exclude=CALL_FIELDS))
            link_id, version = parse_id(input.id), input.expected_version
            dto = await projects.update_dependency(link_id, body, expected_version=version)
            return Predecessor.from_dto(dto)

        return await rescheduling(
            info, DependencyChangePayload, _link_project(input), write, conflict_field="type"
        )

    @strawberry.mutation(description="Remove a link; the plan is rescheduled.")
    async def delete_dependency(
        self, info: Info, input: DeleteDependencyInput
    ) -> DeleteDependencyPayload:
        projects = info.context.clients.projects

        async def write() -> strawberry.ID:
            link_id, version = parse_id(input.id), input.expected_version
            await projects.delete_dependency(link_id, expected_version=version)
            return input.id

        return await rescheduling(
            info, DeleteDependencyPayload, _link_project(input), write, conflict_field="id"
        )
