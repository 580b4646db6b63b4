"""Inputs of the actual cost mutations. Update fields default to UNSET, so "not sent"
(leave alone) differs from null (clear), as in the REST PATCH."""

from __future__ import annotations

from datetime import date

import strawberry

from services.gateway.costs.types import CostCategory

EXPECTED_VERSION = "The version you read; a newer one makes this a userError."
AMOUNT = 'Zero or more, as a decimal string, e.g. "1250.00".'
CURRENCY = "The project's currency (ISO 4217); another is a userError until exchange rates exist."


@strawberry.input
class RecordActualCostInput:
    project_id: strawberry.ID
    incurred_on: date
    amount: str = strawberry.field(description=AMOUNT)
    currency: str = strawberry.field(description=CURRENCY)
    category: CostCategory | None = strawberry.UNSET
    task_id: strawberry.ID | None = strawberry.field(
        default=strawberry.UNSET, description="A task of the project; null: the whole project."
    )
    description: str | None = strawberry.UNSET
    external_source: str | None = strawberry.UNSET
    external_id: str | None = strawberry.UNSET
    idempotency_key: str | None = strawberry.field(
        default=None, description="Retrying with the same key never records the cost twice."
    )


@strawberry.input
class UpdateActualCostInput:
    id: strawberry.ID
    expected_version: int | None = strawberry.field(default=None, description=EXPECTED_VERSION)
    incurred_on: date | None = strawberry.UNSET
    amount: str | None = strawberry.field(default=strawberry.UNSET, description=AMOUNT)
    currency: str | None = strawberry.field(default=strawberry.UNSET, description=CURRENCY)
    category: CostCategory | None = strawberry.UNSET
    task_id: strawberry.ID | None = strawberry.UNSET
    description: str | None = strawberry.UNSET
    external_source: str | None = strawberry.UNSET
    external_id: str | None = strawberry.UNSET


@strawberry.input
class DeleteActualCostInput:
    id: strawberry.ID
    expected_version: int | None = strawberry.field(default=None, description=EXPECTED_VERSION)
