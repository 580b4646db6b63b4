"""Inputs of the project mutations. Update fields default to UNSET, so "not sent" (leave
alone) differs from null (clear), as in the REST PATCH."""

from __future__ import annotations

from datetime import date

import strawberry

from services.gateway.projects.types import Priority, ProjectStatus


@strawberry.input
class CreateProjectInput:
    code: str
    name: str
    portfolio_id: strawberry.ID | None = strawberry.UNSET
    program_id: strawberry.ID | None = strawberry.field(
        default=strawberry.UNSET, description="A program of the project's portfolio."
    )
    description: str | None = strawberry.UNSET
    sponsor: str | None = strawberry.UNSET
    manager: str | None = strawberry.UNSET
    start_date: date | None = strawberry.UNSET
    target_date: date | None = strawberry.UNSET
    budget: str | None = strawberry.field(
        default=strawberry.UNSET, description='Decimal string, e.g. "1250.00".'
    )
    currency: str | None = strawberry.UNSET
    priority: Priority | None = strawberry.UNSET
    tags: list[str] | None = strawberry.UNSET
    idempotency_key: str | None = strawberry.field(
        default=None, description="Retrying with the same key never creates two projects."
    )


@strawberry.input
class UpdateProjectInput:
    id: strawberry.ID
    expected_version: int | None = strawberry.field(
        default=None, description="The version you read; a newer one makes this a userError."
    )
    portfolio_id: strawberry.ID | None = strawberry.UNSET
    program_id: strawberry.ID | None = strawberry.UNSET
    name: str | None = strawberry.UNSET
    description: str | None = strawberry.UNSET
    status: ProjectStatus | None = strawberry.UNSET
    sponsor: str | None = strawberry.UNSET
    manager: str | None = strawberry.UNSET
    start_date: date | None = strawberry.UNSET
    target_date: date | None = strawberry.UNSET
    budget: str | None = strawberry.UNSET
    currency: str | None = strawberry.UNSET
    priority: Priority | None = strawberry.UNSET
    tags: list[str] | None = strawberry.UNSET
