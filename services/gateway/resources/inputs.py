"""Inputs of the resource mutations. Update fields default to UNSET, so "not sent" (leave
alone) differs from null (clear), as in the REST PATCH."""

from __future__ import annotations

from datetime import date

import strawberry

from services.gateway.resources.types import ResourceKind

EXPECTED_VERSION = "The version you read; a newer one makes this a userError."
UNITS = 'Capacity as a decimal string, more than 0 and at most 10 ("1.00" = full time).'


@strawberry.input
class CreateResourceInput:
    kind: ResourceKind
    name: str
    email: str | None = strawberry.field(default=strawberry.UNSET, description="Persons only.")
    role_name: str | None = strawberry.UNSET
    skills: list[str] | None = strawberry.UNSET
    max_units: str | None = strawberry.field(default=strawberry.UNSET, description=UNITS)
    calendar_id: strawberry.ID | None = strawberry.UNSET
    external_source: str | None = strawberry.UNSET
    external_id: str | None = strawberry.UNSET
    active: bool | None = strawberry.UNSET
    idempotency_key: str | None = strawberry.field(
        default=None, description="Retrying with the same key never creates two resources."
    )


@strawberry.input
class UpdateResourceInput:
    id: strawberry.ID
    expected_version: int | None = strawberry.field(default=None, description=EXPECTED_VERSION)
    name: str | None = strawberry.UNSET
    email: str | None = strawberry.UNSET
    role_name: str | None = strawberry.UNSET
    skills: list[str] | None = strawberry.UNSET
    max_units: str | None = strawberry.field(default=strawberry.UNSET, description=UNITS)
    calendar_id: strawberry.ID | None = strawberry.UNSET
    external_source: str | None = strawberry.UNSET
    external_id: str | None = strawberry.UNSET
    active: bool | None = strawberry.UNSET


@strawberry.input
class DeleteResourceInput:
    id: strawberry.ID
    expected_version: int | None = strawberry.field(default=None, description=EXPECTED_VERSION)


@strawberry.input
class AddResourceRateInput:
    resource_id: strawberry.ID
    effective_from: date
    rate_per_hour: str = strawberry.field(description='Zero or more, e.g. "95.00".')
    currency: str = strawberry.field(description="ISO 4217.")


@strawberry.input
class AddTimeOffInput:
    resource_id: strawberry.ID
    from_date: date
    to_date: date = strawberry.field(description="The last day off (included).")
    reason: str | None = strawberry.UNSET
