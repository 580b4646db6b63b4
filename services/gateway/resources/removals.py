"""Taking back a resource's rate or booked time off (a rate or a period has no version:
each is added whole and removed whole)."""

from __future__ import annotations

from contextlib import suppress

import strawberry

from services.gateway.context import GatewayContext
from services.gateway.ids import parse_id
from services.gateway.payloads import UserError, action


@strawberry.input(description="A rate of a resource to remove.")
class DeleteResourceRateInput:
    resource_id: strawberry.ID
    id: strawberry.ID = strawberry.field(description="The rate's id.")


@strawberry.input(description="Booked time off of a resource to remove.")
class DeleteTimeOffInput:
    resource_id: strawberry.ID
    id: strawberry.ID = strawberry.field(description="The time off's id.")


@strawberry.type
class DeleteResourceRatePayload:
    deleted_rate_id: strawberry.ID | None
    user_errors: list[UserError]


@strawberry.type
class DeleteTimeOffPayload:
    deleted_time_off_id: strawberry.ID | None
    user_errors: list[UserError]


async def _delete_rate(context: GatewayContext, input: DeleteResourceRateInput) -> None:
    resource_id = parse_id(input.resource_id, "resourceId")
    await context.clients.projects.delete_resource_rate(resource_id, parse_id(input.id))
    with suppress(KeyError):  # read earlier in this request: stale now
        context.loaders.resources.rates.clear(resource_id)


async def _delete_time_off(context: GatewayContext, input: DeleteTimeOffInput) -> None:
    resource_id = parse_id(input.resource_id, "resourceId")
    await context.clients.projects.delete_resource_time_off(resource_id, parse_id(input.id))
    with suppress(KeyError):
        context.loaders.resources.time_off.clear(resource_id)


@strawberry.type
class ResourceRemovalMutations:
    delete_resource_rate = action(
        DeleteResourceRatePayload,
        _delete_rate,
        conflict_field="id",
        precondition_field=None,
        description="Remove a rate of a resource (the rate before it applies again).",
    )
    delete_time_off = action(
        DeleteTimeOffPayload,
        _delete_time_off,
        conflict_field="id",
        precondition_field=None,
        description="Remove booked time off of a resource.",
    )
