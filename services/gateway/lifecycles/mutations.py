from __future__ import annotations

import strawberry

from services.gateway.context import GatewayContext, Info
from services.gateway.ids import parse_id
from services.gateway.lifecycles.inputs import (
    AssignLifecycleInput,
    CreateLifecycleInput,
    LifecycleRevisionInput,
    ReviseLifecycleInput,
    UpdateLifecycleInput,
)
from services.gateway.lifecycles.types import Lifecycle, ProjectLifecycle
from services.gateway.payloads import UserError, mutate, mutation
from shared.clients import InputModel
from shared.clients.governance.lifecycles import (
    LifecycleAssign,
    LifecycleCreate,
    LifecycleDTO,
    LifecycleUpdate,
)


class NoBody(InputModel):
    """The input names the revision; the call itself sends no body."""


@strawberry.type
class LifecyclePayload:
    lifecycle: Lifecycle | None
    user_errors: list[UserError]


@strawberry.type
class AssignLifecyclePayload:
    project_lifecycle: ProjectLifecycle | None
    user_errors: list[UserError]


async def _create(
    context: GatewayContext, input: CreateLifecycleInput, body: LifecycleCreate
) -> LifecycleDTO:
    governance = context.clients.governance
    return await governance.create_lifecycle(body, idempotency_key=input.idempotency_key)


async def _update(
    context: GatewayContext, input: UpdateLifecycleInput, body: LifecycleUpdate
) -> LifecycleDTO:
    return await context.clients.governance.update_lifecycle(
        parse_id(input.id), body, expected_version=input.expected_version
    )


async def _publish(
    context: GatewayContext, input: LifecycleRevisionInput, body: NoBody
) -> LifecycleDTO:
    return await context.clients.governance.publish_lifecycle(
        parse_id(input.id), expected_version=input.expected_version
    )


async def _retire(
    context: GatewayContext, input: LifecycleRevisionInput, body: NoBody
) -> LifecycleDTO:
    return await context.clients.governance.retire_lifecycle(
        parse_id(input.id), expected_version=input.expected_version
    )


async def _revise(
    context: GatewayContext, input: ReviseLifecycleInput, body: NoBody
) -> LifecycleDTO:
    return await context.clients.governance.revise_lifecycle(
        parse_id(input.id), idempotency_key=input.idempotency_key
    )


def _lifecycle_mutation(send: object, conflict_field: str | None) -> object:
    return mutation(
        LifecyclePayload,
        send,  # type: ignore[arg-type]
        lambda loaders: loaders.lifecycles.lifecycle,
        conflict_field=conflict_field,
        precondition_field="expectedVersion",
    )


@strawberry.type
class LifecycleMutations:
    create_lifecycle = _lifecycle_mutation(_create, "key")
    update_lifecycle = _lifecycle_mutation(_update, None)
    publish_lifecycle = _lifecycle_mutation(_publish, None)
    retire_lifecycle = _lifecycle_mutation(_retire, None)
    revise_lifecycle = _lifecycle_mutation(_revise, None)

    @strawberry.mutation
    async def assign_lifecycle(
        self, info: Info, input: AssignLifecycleInput
    ) -> AssignLifecyclePayload | None:
        """Give a project a published lifecycle revision (pmo and admins)."""
        context = info.context

        async def send(body: LifecycleAssign) -> ProjectLifecycle:
            project_id = parse_id(input.project_id, "projectId")
            dto = await context.clients.governance.assign_lifecycle(
                project_id, body, expected_version=input.expected_version
            )
            context.loaders.lifecycles.project_lifecycle.prime(project_id, dto, force=True)
            return ProjectLifecycle.from_dto(dto)

        return await mutate(
            AssignLifecyclePayload,
            input,
            LifecycleAssign,
            send,
            conflict_field="lifecycleId",
            precondition_field="expectedVersion",
        )
