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
    duration_optimistic_days: str | None = strawberry.field(
        default=strawberry.UNSET,
        description="Three-point estimate, decimal strings: give all four fields or none.",
    )
    duration_most_likely_days: str | None = strawberry.UNSET
    duration_pessimistic_days: str | None = strawberry.UNSET
    duration_distribution: str | None = strawberry.field(
        default=strawberry.UNSET, description="triangular or pert"
    )
    optional: bool | None = strawberry.field(
        default=strawberry.UNSET, description="Scope the PMO may cut"
    )
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
    lag_optional: bool | None = strawberry.field(
        default=strawberry.UNSET, description="A buffer lag the PMO may remove"
    )
    idempotency_key: str | None = None
