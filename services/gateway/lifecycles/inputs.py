"""Inputs of the lifecycle mutations: a lifecycle's document is sent whole (phases and
gates), as the REST API takes it."""

from __future__ import annotations

import strawberry
from strawberry.scalars import JSON

from services.gateway.lifecycles.types import ApproverRole, GateRuleSeverity
from services.gateway.projects.types import ProjectStatus

EXPECTED_VERSION = "The version you read; a newer one makes this a userError."


@strawberry.input
class LifecyclePhaseInput:
    key: str
    name: str
    description: str | None = strawberry.UNSET
    project_status: ProjectStatus | None = strawberry.UNSET


@strawberry.input
class GateRuleInput:
    kind: str
    params: JSON | None = strawberry.UNSET
    severity: GateRuleSeverity | None = strawberry.UNSET


@strawberry.input
class GateChecklistItemInput:
    key: str
    text: str
    required: bool | None = strawberry.UNSET


@strawberry.input
class GateInput:
    from_phase: str
    to_phase: str
    approver_roles: list[ApproverRole]
    name: str | None = strawberry.UNSET
    rules: list[GateRuleInput] | None = strawberry.UNSET
    checklist: list[GateChecklistItemInput] | None = strawberry.UNSET


@strawberry.input
class CreateLifecycleInput:
    key: str
    name: str
    phases: list[LifecyclePhaseInput]
    gates: list[GateInput]
    description: str | None = strawberry.UNSET
    idempotency_key: str | None = None


@strawberry.input
class UpdateLifecycleInput:
    id: strawberry.ID
    expected_version: int | None = strawberry.field(default=None, description=EXPECTED_VERSION)
    name: str | None = strawberry.UNSET
    description: str | None = strawberry.UNSET
    phases: list[LifecyclePhaseInput] | None = strawberry.UNSET
    gates: list[GateInput] | None = strawberry.UNSET


@strawberry.input(description="Publish a draft (it freezes) or retire a published revision.")
class LifecycleRevisionInput:
    id: strawberry.ID
    expected_version: int | None = strawberry.field(default=None, description=EXPECTED_VERSION)


@strawberry.input
class ReviseLifecycleInput:
    id: strawberry.ID = strawberry.field(description="The revision the new draft copies.")
    idempotency_key: str | None = None


@strawberry.input
class AssignLifecycleInput:
    project_id: strawberry.ID
    lifecycle_id: strawberry.ID
    expected_version: int | None = strawberry.field(
        default=None, description="The assignment's version you read, when replacing one."
    )
