from __future__ import annotations

import strawberry

from services.gateway.deliverables.types import DeliverableStatus

EXPECTED_VERSION = "The version you read; a newer one makes this a userError."


@strawberry.input
class AddDeliverableInput:
    project_id: strawberry.ID
    key: str
    name: str
    status: DeliverableStatus | None = strawberry.UNSET
    url: str | None = strawberry.UNSET
    evidence: str | None = strawberry.UNSET
    idempotency_key: str | None = None


@strawberry.input
class UpdateDeliverableInput:
    project_id: strawberry.ID
    id: strawberry.ID
    expected_version: int | None = strawberry.field(default=None, description=EXPECTED_VERSION)
    name: str | None = strawberry.UNSET
    status: DeliverableStatus | None = strawberry.UNSET
    url: str | None = strawberry.UNSET
    evidence: str | None = strawberry.UNSET


@strawberry.input
class DeleteDeliverableInput:
    project_id: strawberry.ID
    id: strawberry.ID
    expected_version: int | None = strawberry.field(default=None, description=EXPECTED_VERSION)
