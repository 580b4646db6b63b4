"""Inputs of the change-request and status-update mutations."""

from __future__ import annotations

from datetime import date

import strawberry

from services.gateway.records.inputs import EXPECTED_VERSION, IDEMPOTENCY_KEY
from services.gateway.records.types import Rag

MONEY = 'Decimal string, e.g. "-250.00" (a saving is negative).'


@strawberry.input
class ChangeRequestFields:
    title: str | None = strawberry.UNSET
    description: str | None = strawberry.UNSET
    reason: str | None = strawberry.UNSET
    schedule_impact_days: str | None = strawberry.field(
        default=strawberry.UNSET, description='Working days as a decimal string, e.g. "5".'
    )
    cost_impact: str | None = strawberry.field(default=strawberry.UNSET, description=MONEY)
    currency: str | None = strawberry.UNSET
    scope_impact: str | None = strawberry.UNSET


@strawberry.input(description="A new change request (a draft): the title is required.")
class CreateChangeRequestInput(ChangeRequestFields):
    project_id: strawberry.ID
    idempotency_key: str | None = strawberry.field(default=None, description=IDEMPOTENCY_KEY)


@strawberry.input(description="Edit a draft change request.")
class UpdateChangeRequestInput(ChangeRequestFields):
    id: strawberry.ID
    expected_version: int | None = strawberry.field(default=None, description=EXPECTED_VERSION)


@strawberry.input(description="Submit a draft change request for a decision.")
class SubmitChangeRequestInput:
    id: strawberry.ID
    expected_version: int | None = strawberry.field(default=None, description=EXPECTED_VERSION)
    idempotency_key: str | None = strawberry.field(default=None, description=IDEMPOTENCY_KEY)


@strawberry.input(description="Approve a submitted change request.")
class ApproveChangeRequestInput:
    id: strawberry.ID
    note: str | None = strawberry.UNSET
    set_baseline: int | None = strawberry.field(
        default=strawberry.UNSET,
        description="Re-baseline: capture the plan as baseline 0-10 with the approval.",
    )
    replace_baseline: bool = strawberry.field(
        default=False, description="Replace setBaseline if it is already taken."
    )
    expected_version: int | None = strawberry.field(default=None, description=EXPECTED_VERSION)
    idempotency_key: str | None = strawberry.field(default=None, description=IDEMPOTENCY_KEY)


@strawberry.input(description="Reject a submitted change request.")
class RejectChangeRequestInput:
    id: strawberry.ID
    note: str | None = strawberry.UNSET
    expected_version: int | None = strawberry.field(default=None, description=EXPECTED_VERSION)
    idempotency_key: str | None = strawberry.field(default=None, description=IDEMPOTENCY_KEY)


@strawberry.input(description="What is reported on a project as of a date (never changed).")
class PostStatusUpdateInput:
    project_id: strawberry.ID
    as_of: date
    overall_rag: Rag
    schedule_rag: Rag
    cost_rag: Rag
    scope_rag: Rag
    risk_rag: Rag
    narrative: str = ""
    idempotency_key: str | None = strawberry.field(default=None, description=IDEMPOTENCY_KEY)
