"""Inputs of the rule and evaluation mutations. Update fields default to UNSET, so "not
sent" (leave alone) differs from null, as in the REST PATCH."""

from __future__ import annotations

import strawberry
from strawberry.scalars import JSON

from services.gateway.compliance.types import Severity
from services.gateway.projects.types import ProjectStatus

EXPECTED_VERSION = "The version you read; a newer one makes this a userError."


@strawberry.input(description="Which projects a rule applies to; an empty list means any.")
class RuleScopeInput:
    portfolio_ids: list[strawberry.ID] = strawberry.field(default_factory=list)
    project_statuses: list[ProjectStatus] = strawberry.field(default_factory=list)
    phases: list[str] = strawberry.field(default_factory=list)
    tags: list[str] = strawberry.field(default_factory=list)


@strawberry.input
class AddStandardRuleInput:
    standard_id: strawberry.ID
    kind: str
    params: JSON | None = strawberry.UNSET
    severity: Severity | None = strawberry.UNSET
    weight: float | None = strawberry.UNSET
    scope: RuleScopeInput | None = strawberry.UNSET
    title: str | None = strawberry.UNSET
    description: str | None = strawberry.UNSET
    idempotency_key: str | None = None


@strawberry.input
class UpdateStandardRuleInput:
    standard_id: strawberry.ID
    id: strawberry.ID
    expected_version: int | None = strawberry.field(default=None, description=EXPECTED_VERSION)
    kind: str | None = strawberry.UNSET
    params: JSON | None = strawberry.UNSET
    severity: Severity | None = strawberry.UNSET
    weight: float | None = strawberry.UNSET
    scope: RuleScopeInput | None = strawberry.UNSET
    title: str | None = strawberry.UNSET
    description: str | None = strawberry.UNSET


@strawberry.input
class DeleteStandardRuleInput:
    standard_id: strawberry.ID
    id: strawberry.ID
    expected_version: int | None = strawberry.field(default=None, description=EXPECTED_VERSION)


@strawberry.input(description="Exactly one of projectId and portfolioId.")
class EvaluateComplianceInput:
    project_id: strawberry.ID | None = None
    portfolio_id: strawberry.ID | None = None
    idempotency_key: str | None = None
