"""Inputs of the template mutations. Update fields default to UNSET, so "not sent" (leave
alone) differs from null, as in the REST PATCH; a list sent replaces the whole list."""

from __future__ import annotations

from datetime import date

import strawberry

from services.gateway.tasks.types import DependencyType

DECIMAL_DAYS = 'Working days as a decimal string, e.g. "2.5".'
EXPECTED_VERSION = "The version you read; a newer one makes this a userError."
RETRY_KEY = "Retrying with the same key repeats nothing."


@strawberry.input
class TemplateTaskConstraintInput:
    type: str = strawberry.field(description="ASAP, ALAP, SNET, SNLT, FNET, FNLT, MSO or MFO.")
    offset_days: int | None = strawberry.field(
        default=strawberry.UNSET, description="Calendar days after the project's start date."
    )


@strawberry.input
class TemplateTaskInput:
    key: str
    name: str
    parent_key: str | None = strawberry.UNSET
    duration_days: str | None = strawberry.field(default=strawberry.UNSET, description=DECIMAL_DAYS)
    milestone: bool | None = strawberry.UNSET
    constraint: TemplateTaskConstraintInput | None = strawberry.UNSET


@strawberry.input
class TemplateLinkInput:
    predecessor_key: str
    successor_key: str
    type: DependencyType | None = strawberry.UNSET
    lag_days: str | None = strawberry.field(default=strawberry.UNSET, description=DECIMAL_DAYS)


@strawberry.input
class TemplateRiskInput:
    title: str
    probability: int
    impact: int
    description: str | None = strawberry.UNSET
    owner_role: str | None = strawberry.UNSET
    response_strategy: str | None = strawberry.UNSET
    mitigation: str | None = strawberry.UNSET


@strawberry.input
class TemplateAssumptionInput:
    title: str
    description: str | None = strawberry.UNSET
    owner_role: str | None = strawberry.UNSET


@strawberry.input
class TemplateIssueInput:
    title: str
    description: str | None = strawberry.UNSET
    severity: str | None = strawberry.UNSET
    owner_role: str | None = strawberry.UNSET


@strawberry.input
class TemplateRaidInput:
    risks: list[TemplateRiskInput] | None = strawberry.UNSET
    assumptions: list[TemplateAssumptionInput] | None = strawberry.UNSET
    issues: list[TemplateIssueInput] | None = strawberry.UNSET


@strawberry.input
class TemplateDeliverableInput:
    key: str
    name: str
    phase: str | None = strawberry.UNSET
    description: str | None = strawberry.UNSET


@strawberry.input
class CreateTemplateInput:
    key: str
    name: str
    description: str | None = strawberry.UNSET
    category: str | None = strawberry.UNSET
    tags: list[str] | None = strawberry.UNSET
    lifecycle_key: str | None = strawberry.UNSET
    lifecycle_id: strawberry.ID | None = strawberry.UNSET
    tasks: list[TemplateTaskInput] | None = strawberry.UNSET
    dependencies: list[TemplateLinkInput] | None = strawberry.UNSET
    raid: TemplateRaidInput | None = strawberry.UNSET
    deliverables: list[TemplateDeliverableInput] | None = strawberry.UNSET
    standard_keys: list[str] | None = strawberry.UNSET
    idempotency_key: str | None = strawberry.field(default=None, description=RETRY_KEY)


@strawberry.input
class UpdateTemplateInput:
    id: strawberry.ID
    expected_version: int | None = strawberry.field(default=None, description=EXPECTED_VERSION)
    name: str | None = strawberry.UNSET
    description: str | None = strawberry.UNSET
    category: str | None = strawberry.UNSET
    tags: list[str] | None = strawberry.UNSET
    lifecycle_key: str | None = strawberry.UNSET
    lifecycle_id: strawberry.ID | None = strawberry.UNSET
    tasks: list[TemplateTaskInput] | None = strawberry.UNSET
    dependencies: list[TemplateLinkInput] | None = strawberry.UNSET
    raid: TemplateRaidInput | None = strawberry.UNSET
    deliverables: list[TemplateDeliverableInput] | None = strawberry.UNSET
    standard_keys: list[str] | None = strawberry.UNSET


@strawberry.input(description="Publish, retire or start a new revision of a template.")
class TemplateActionInput:
    id: strawberry.ID
    expected_version: int | None = strawberry.field(
        default=None, description=EXPECTED_VERSION + " (Not used by reviseTemplate.)"
    )
    idempotency_key: str | None = strawberry.field(default=None, description=RETRY_KEY)


@strawberry.input
class InstantiateTemplateInput:
    id: strawberry.ID = strawberry.field(description="The published template revision.")
    name: str
    start_date: date
    manager: str
    portfolio_id: strawberry.ID
    code: str | None = strawberry.field(
        default=strawberry.UNSET, description="Made from the template's key when absent."
    )
    sponsor: str | None = strawberry.UNSET
    idempotency_key: str | None = strawberry.field(
        default=None,
        description="Retrying with the same key never makes two projects; without one, an "
        "identical request is recognised by its content for a day.",
    )
