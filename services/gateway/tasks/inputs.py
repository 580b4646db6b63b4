"""Inputs of the task mutations. Optional fields default to UNSET, so "not sent" differs from
null, as in the REST API."""

from __future__ import annotations

from datetime import date

import strawberry

from services.gateway.tasks.types import DependencyType


@strawberry.input
class AddTaskInput:
    project_id: strawberry.ID
    name: str
    parent_id: strawberry.ID | None = strawberry.UNSET
    start_date: date | None = strawberry.UNSET
    finish_date: date | None = strawberry.UNSET
    duration_days: str | None = strawberry.field(
        default=strawberry.UNSET, description='Working days as a decimal string, e.g. "2.5".'
    )
    percent_complete: str | None = strawberry.UNSET
    idempotency_key: str | None = None


@strawberry.input(description="A link: the successor waits on the predecessor.")
class AddDependencyInput:
    project_id: strawberry.ID
    predecessor_id: strawberry.ID
    successor_id: strawberry.ID
    type: DependencyType = DependencyType.FS
    lag_days: str | None = strawberry.field(
        default=strawberry.UNSET,
        description='Working days as a decimal string, e.g. "2" (negative: a lead).',
    )
    idempotency_key: str | None = None
