from __future__ import annotations

import strawberry

EXPECTED_VERSION = "The version you read; a newer one makes this a userError."


@strawberry.input
class CreateStandardInput:
    key: str
    title: str
    body: str | None = strawberry.UNSET
    idempotency_key: str | None = None


@strawberry.input
class UpdateStandardInput:
    id: strawberry.ID
    expected_version: int | None = strawberry.field(default=None, description=EXPECTED_VERSION)
    title: str | None = strawberry.UNSET
    body: str | None = strawberry.UNSET


@strawberry.input(description="A standard revision to publish or retire.")
class StandardTransitionInput:
    id: strawberry.ID
    expected_version: int | None = strawberry.field(default=None, description=EXPECTED_VERSION)


@strawberry.input(description="The revision a new draft starts from (its rules are copied).")
class ReviseStandardInput:
    id: strawberry.ID
    idempotency_key: str | None = None
