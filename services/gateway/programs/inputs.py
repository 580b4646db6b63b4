"""Inputs of the program mutations. Update fields default to UNSET, so "not sent" (leave
alone) differs from null (clear), as in the REST PATCH."""

from __future__ import annotations

import strawberry

EXPECTED_VERSION = "The version you read; a newer one makes this a userError."


@strawberry.input
class CreateProgramInput:
    portfolio_id: strawberry.ID
    name: str
    description: str | None = strawberry.UNSET
    manager: str | None = strawberry.UNSET
    idempotency_key: str | None = strawberry.field(
        default=None, description="Retrying with the same key never creates two programs."
    )


@strawberry.input
class UpdateProgramInput:
    id: strawberry.ID
    expected_version: int | None = strawberry.field(default=None, description=EXPECTED_VERSION)
    name: str | None = strawberry.UNSET
    description: str | None = strawberry.UNSET
    manager: str | None = strawberry.UNSET


@strawberry.input
class DeleteProgramInput:
    id: strawberry.ID
    expected_version: int | None = strawberry.field(default=None, description=EXPECTED_VERSION)
