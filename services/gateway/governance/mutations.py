from __future__ import annotations

import strawberry

from services.gateway.context import GatewayContext, Info
from services.gateway.governance.inputs import (
    CreateStandardInput,
    ReviseStandardInput,
    StandardTransitionInput,
    UpdateStandardInput,
)
from services.gateway.governance.types import Standard
from services.gateway.ids import parse_id
from services.gateway.payloads import UserError, attempt, mutation
from shared.clients.governance import StandardCreate, StandardDTO, StandardUpdate


@strawberry.type
class CreateStandardPayload:
    standard: Standard | None
    user_errors: list[UserError]


@strawberry.type
class StandardPayload(CreateStandardPayload):
    """The standard revision as changed (or the new draft), or why not."""


async def _create(
    context: GatewayContext, input: CreateStandardInput, body: StandardCreate
) -> StandardDTO:
    governance = context.clients.governance
    return await governance.create_standard(body, idempotency_key=input.idempotency_key)


async def _update(
    context: GatewayContext, input: UpdateStandardInput, body: StandardUpdate
) -> StandardDTO:
    governance = context.clients.governance
    return await governance.update_standard(
        parse_id(input.id), body, expected_version=input.expected_version
    )


def _kept(info: Info, dto: StandardDTO) -> Standard:
    info.context.loaders.governance.standard.prime(dto.id, dto, force=True)
    return Standard.from_dto(dto)


@strawberry.type
class GovernanceMutations:
    create_standard = mutation(
        CreateStandardPayload,
        _create,
        lambda loaders: loaders.governance.standard,
        conflict_field="key",
    )
    update_standard = mutation(
        StandardPayload,
        _update,
        lambda loaders: loaders.governance.standard,
        conflict_field="id",
        precondition_field="expectedVersion",
    )

    @strawberry.mutation(
        description="Publish a draft revision: it and its rules freeze, and the revision "
        "it replaces retires."
    )
    async def publish_standard(
        self, info: Info, input: StandardTransitionInput
    ) -> StandardPayload | None:
        governance = info.context.clients.governance

        async def call() -> Standard:
            dto = await governance.publish_standard(
                parse_id(input.id), expected_version=input.expected_version
            )
            return _kept(info, dto)

        return await attempt(
            StandardPayload, call, conflict_field="id", precondition_field="expectedVersion"
        )

    @strawberry.mutation(description="Retire a published revision.")
    async def retire_standard(
        self, info: Info, input: StandardTransitionInput
    ) -> StandardPayload | None:
        governance = info.context.clients.governance

        async def call() -> Standard:
            dto = await governance.retire_standard(
                parse_id(input.id), expected_version=input.expected_version
            )
            return _kept(info, dto)

        return await attempt(
            StandardPayload, call, conflict_field="id", precondition_field="expectedVersion"
        )

    @strawberry.mutation(description="Start a new draft revision, with a copy of the rules.")
    async def revise_standard(
        self, info: Info, input: ReviseStandardInput
    ) -> StandardPayload | None:
        governance = info.context.clients.governance

        async def call() -> Standard:
            dto = await governance.revise_standard(
                parse_id(input.id), idempotency_key=input.idempotency_key
            )
            return _kept(info, dto)

        return await attempt(StandardPayload, call, conflict_field="id")
