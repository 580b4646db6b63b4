from __future__ import annotations

import strawberry

from services.gateway.context import GatewayContext
from services.gateway.governance.inputs import CreateStandardInput
from services.gateway.governance.types import Standard
from services.gateway.payloads import UserError, mutation
from shared.clients.governance import StandardCreate, StandardDTO


@strawberry.type
class CreateStandardPayload:
    standard: Standard | None
    user_errors: list[UserError]


async def _create(
    context: GatewayContext, input: CreateStandardInput, body: StandardCreate
) -> StandardDTO:
    governance = context.clients.governance
    return await governance.create_standard(body, idempotency_key=input.idempotency_key)


@strawberry.type
class GovernanceMutations:
    create_standard = mutation(
        CreateStandardPayload,
        _create,
        lambda loaders: loaders.governance.standard,
        conflict_field="key",
    )
