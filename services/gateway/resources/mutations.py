from __future__ import annotations

from contextlib import suppress

import strawberry

from services.gateway.context import GatewayContext, Info
from services.gateway.ids import parse_id
from services.gateway.payloads import UserError, attempt, build, input_values, mutation
from services.gateway.resources.inputs import (
    AddResourceRateInput,
    AddTimeOffInput,
    CreateResourceInput,
    DeleteResourceInput,
    UpdateResourceInput,
)
from services.gateway.resources.types import Resource, ResourceRate, TimeOff
from shared.clients.projects.resources import (
    RateCreate,
    ResourceCreate,
    ResourceDTO,
    ResourceUpdate,
    TimeOffCreate,
)

EXCLUDED = frozenset({"resource_id"})


@strawberry.type
class CreateResourcePayload:
    resource: Resource | None
    user_errors: list[UserError]


@strawberry.type
class UpdateResourcePayload(CreateResourcePayload):
    """The same fields: the resource as updated, or why not."""


@strawberry.type
class DeleteResourcePayload:
    deleted_resource_id: strawberry.ID | None
    user_errors: list[UserError]


@strawberry.type
class AddResourceRatePayload:
    rate: ResourceRate | None
    user_errors: list[UserError]


@strawberry.type
class AddTimeOffPayload:
    time_off: TimeOff | None
    user_errors: list[UserError]


async def _create(
    context: GatewayContext, input: CreateResourceInput, body: ResourceCreate
) -> ResourceDTO:
    projects = context.clients.projects
    return await projects.create_resource(body, idempotency_key=input.idempotency_key)


async def _update(
    context: GatewayContext, input: UpdateResourceInput, body: ResourceUpdate
) -> ResourceDTO:
    resource_id, version = parse_id(input.id), input.expected_version
    return await context.clients.projects.update_resource(
        resource_id, body, expected_version=version
    )


@strawberry.type
class ResourceMutations:
    create_resource = mutation(
        CreateResourcePayload,
        _create,
        lambda loaders: loaders.resources.resource,
        conflict_field="externalId",
    )
    update_resource = mutation(
        UpdateResourcePayload,
        _update,
        lambda loaders: loaders.resources.resource,
        conflict_field="externalId",
        precondition_field="expectedVersion",
    )

    @strawberry.mutation(description="Delete a resource with its rates and time off.")
    async def delete_resource(
        self, info: Info, input: DeleteResourceInput
    ) -> DeleteResourcePayload:
        async def call() -> strawberry.ID:
            resource_id = parse_id(input.id)
            await info.context.clients.projects.delete_resource(
                resource_id, expected_version=input.expected_version
            )
            with suppress(KeyError):  # a resource this request read before is gone now
                info.context.loaders.resources.resource.clear(resource_id)
            return input.id

        return await attempt(
            DeleteResourcePayload,
            call,
            conflict_field="id",
            precondition_field="expectedVersion",
        )

    @strawberry.mutation(description="Add an hourly rate in force from a day on (one a day).")
    async def add_resource_rate(
        self, info: Info, input: AddResourceRateInput
    ) -> AddResourceRatePayload:
        async def call() -> ResourceRate:
            resource_id = parse_id(input.resource_id, "resourceId")
            body = build(RateCreate, input_values(input, exclude=EXCLUDED))
            rate = await info.context.clients.projects.add_resource_rate(resource_id, body)
            with suppress(KeyError):  # read earlier in this request: stale now
                info.context.loaders.resources.rates.clear(resource_id)
            return ResourceRate.from_dto(rate)

        return await attempt(AddResourceRatePayload, call, conflict_field="effectiveFrom")

    @strawberry.mutation(description="Book days off; overlapping booked time off is a userError.")
    async def add_time_off(self, info: Info, input: AddTimeOffInput) -> AddTimeOffPayload:
        async def call() -> TimeOff:
            resource_id = parse_id(input.resource_id, "resourceId")
            body = build(TimeOffCreate, input_values(input, exclude=EXCLUDED))
            period = await info.context.clients.projects.add_resource_time_off(resource_id, body)
            with suppress(KeyError):  # read earlier in this request: stale now
                info.context.loaders.resources.time_off.clear(resource_id)
            return TimeOff.from_dto(period)

        return await attempt(AddTimeOffPayload, call, conflict_field="fromDate")
