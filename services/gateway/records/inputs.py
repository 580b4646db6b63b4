"""Inputs of the RAID mutations. Update fields default to UNSET, so "not sent" (leave
alone) differs from null (clear), as in the REST PATCH. Statuses, strategies and severities
are the service's lower-case words (open, mitigating, closed, ...)."""

from __future__ import annotations

from datetime import date

import strawberry

EXPECTED_VERSION = "The version you read; a newer one makes this a userError (code STALE)."
IDEMPOTENCY_KEY = "Retrying with the same key answers the first result, never a second entry."


@strawberry.input
class RaidEntryFields:
    title: str | None = strawberry.UNSET
    description: str | None = strawberry.UNSET
    owner: str | None = strawberry.UNSET
    task_ids: list[strawberry.ID] | None = strawberry.field(
        default=strawberry.UNSET, description="Tasks of the project the entry is about."
    )
    status: str | None = strawberry.UNSET


@strawberry.input
class RiskFields(RaidEntryFields):
    probability: int | None = strawberry.field(default=strawberry.UNSET, description="1-5")
    impact: int | None = strawberry.field(default=strawberry.UNSET, description="1-5")
    response_strategy: str | None = strawberry.UNSET
    mitigation: str | None = strawberry.UNSET
    trigger: str | None = strawberry.UNSET
    due_date: date | None = strawberry.UNSET
    residual_score: int | None = strawberry.UNSET
    occurrence_probability: str | None = strawberry.field(
        default=strawberry.UNSET,
        description='A schedule risk driver\'s chance of occurring, e.g. "0.3" (set all four '
        "schedule fields, or none).",
    )
    schedule_impact_min_days: str | None = strawberry.field(
        default=strawberry.UNSET, description="Least delay on each of its tasks (working days)."
    )
    schedule_impact_likely_days: str | None = strawberry.field(
        default=strawberry.UNSET, description="Most likely delay (working days)."
    )
    schedule_impact_max_days: str | None = strawberry.field(
        default=strawberry.UNSET, description="Largest delay (working days)."
    )


@strawberry.input
class IssueFields(RaidEntryFields):
    severity: str | None = strawberry.UNSET
    due_date: date | None = strawberry.UNSET
    resolution: str | None = strawberry.UNSET


@strawberry.input
class AssumptionFields(RaidEntryFields):
    validated_by: str | None = strawberry.UNSET
    validation_date: date | None = strawberry.UNSET


@strawberry.input
class DecisionFields(RaidEntryFields):
    decision: str | None = strawberry.UNSET
    rationale: str | None = strawberry.UNSET
    decided_by: str | None = strawberry.UNSET
    decision_date: date | None = strawberry.UNSET


# Create inputs: the project plus the fields (title, and for a risk probability and impact,
# for a decision the decision itself, are required: missing, they are userErrors).


@strawberry.input(description="A new risk: title, probability and impact are required.")
class CreateRiskInput(RiskFields):
    project_id: strawberry.ID
    idempotency_key: str | None = strawberry.field(default=None, description=IDEMPOTENCY_KEY)


@strawberry.input(description="A new issue: the title is required.")
class CreateIssueInput(IssueFields):
    project_id: strawberry.ID
    idempotency_key: str | None = strawberry.field(default=None, description=IDEMPOTENCY_KEY)


@strawberry.input(description="A new assumption: the title is required.")
class CreateAssumptionInput(AssumptionFields):
    project_id: strawberry.ID
    idempotency_key: str | None = strawberry.field(default=None, description=IDEMPOTENCY_KEY)


@strawberry.input(description="A new decision: title and decision are required.")
class CreateDecisionInput(DecisionFields):
    project_id: strawberry.ID
    idempotency_key: str | None = strawberry.field(default=None, description=IDEMPOTENCY_KEY)


@strawberry.input
class UpdateRiskInput(RiskFields):
    id: strawberry.ID
    expected_version: int | None = strawberry.field(default=None, description=EXPECTED_VERSION)


@strawberry.input
class UpdateIssueInput(IssueFields):
    id: strawberry.ID
    expected_version: int | None = strawberry.field(default=None, description=EXPECTED_VERSION)


@strawberry.input
class UpdateAssumptionInput(AssumptionFields):
    id: strawberry.ID
    expected_version: int | None = strawberry.field(default=None, description=EXPECTED_VERSION)


@strawberry.input
class UpdateDecisionInput(DecisionFields):
    id: strawberry.ID
    expected_version: int | None = strawberry.field(default=None, description=EXPECTED_VERSION)


@strawberry.input(description="The RAID entry (risk, issue, assumption or decision) to delete.")
class DeleteRaidEntryInput:
    id: strawberry.ID
    expected_version: int | None = strawberry.field(default=None, description=EXPECTED_VERSION)
