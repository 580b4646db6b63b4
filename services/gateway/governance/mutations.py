from __future__ import annotations

import strawberry

from services.gateway.context import Info
from services.gateway.governance.inputs import CreateStandardInput
from services.gateway.governance.types import Standard
from services.gateway.payloads import UserError, build, input_values, user_errors
from shared.clients.governance import StandardCreate
from shared.errors import ProblemError


@strawberry.type
class CreateStandardPayload:
    standard: Standard | None
    user_errors: list[UserError]


@strawberry.type
class GovernanceMutations:
    @strawberry.mutation
    async def create_standard(
        self, info: Info, input: CreateStandardInput
    ) -> CreateStandardPayload | None:
        context = info.context
        try:
            body = build(
                StandardCreate, input_values(input, exclude=frozenset({"idempotency_key"}))
            )
            dto = await context.clients.governance.create_standard(
                body, idempotency_key=input.idempotency_key
            )
        except ProblemError as exc:
            if (errors := user_errors(exc, conflict_field="key")) is None:
                raise
            return CreateStandardPayload(standard=None, user_errors=errors)
        context.loaders.standard.prime(dto.id, dto)
        return CreateStandardPayload(standard=Standard.from_dto(dto), user_errors=[])
