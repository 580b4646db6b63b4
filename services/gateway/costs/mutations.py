from __future__ import annotations

from contextlib import suppress

import strawberry

from services.gateway.context import GatewayContext, Info
from services.gateway.costs.inputs import (
    DeleteActualCostInput,
    RecordActualCostInput,
    UpdateActualCostInput,
)
from services.gateway.costs.types import ActualCost
from services.gateway.ids import parse_id
from services.gateway.payloads import UserError, mutation, user_errors
from shared.clients.projects.costs import ActualCostCreate, ActualCostDTO, ActualCostUpdate
from shared.errors import ProblemError


@strawberry.type
class RecordActualCostPayload:
    actual_cost: ActualCost | None
    user_errors: list[UserError]


@strawberry.type
class UpdateActualCostPayload(RecordActualCostPayload):
    """The same fields: the entry as updated, or why not."""


@strawberry.type
class DeleteActualCostPayload:
    deleted_actual_cost_id: strawberry.ID | None
    user_errors: list[UserError]


async def _record(
    context: GatewayContext, input: RecordActualCostInput, body: ActualCostCreate
) -> ActualCostDTO:
    project_id = parse_id(input.project_id, "projectId")
    return await context.clients.projects.create_actual_cost(
        project_id, body, idempotency_key=input.idempotency_key
    )


async def _update(
    context: GatewayContext, input: UpdateActualCostInput, body: ActualCostUpdate
) -> ActualCostDTO:
    cost_id, version = parse_id(input.id), input.expected_version
    return await context.clients.projects.update_actual_cost(
        cost_id, body, expected_version=version
    )


@strawberry.type
class CostMutations:
    record_actual_cost = mutation(
        RecordActualCostPayload,
        _record,
        lambda loaders: loaders.costs.actual_cost,
        conflict_field="externalId",
    )
    update_actual_cost = mutation(
        UpdateActualCostPayload,
        _update,
        lambda loaders: loaders.costs.actual_cost,
        conflict_field="externalId",
        precondition_field="expectedVersion",
    )

    @strawberry.mutation(description="Delete an actual cost (the project's writers may).")
    async def delete_actual_cost(
        self, info: Info, input: DeleteActualCostInput
    ) -> DeleteActualCostPayload:
        try:
            cost_id = parse_id(input.id)
            await info.context.clients.projects.delete_actual_cost(
                cost_id, expected_version=input.expected_version
            )
        except ProblemError as exc:
            errors = user_errors(exc, conflict_field=None, precondition_field="expectedVersion")
            if errors is None:
                raise
            return DeleteActualCostPayload(deleted_actual_cost_id=None, user_errors=errors)
        with suppress(KeyError):  # an entry this request read before is gone now
            info.context.loaders.costs.actual_cost.clear(cost_id)
        return DeleteActualCostPayload(deleted_actual_cost_id=input.id, user_errors=[])
