from __future__ import annotations

import strawberry

from services.gateway.context import Info
from services.gateway.ids import parse_id
from services.gateway.payloads import UserError, attempt, build, input_values
from services.gateway.reporting.health_types import HealthOverride, HealthPolicy, SnapshotsTaken
from services.gateway.reporting.inputs import (
    OverrideHealthInput,
    RevokeHealthOverrideInput,
    SetHealthPolicyInput,
    TakeSnapshotsInput,
)
from shared.clients.reporting.health import HealthOverrideCreate, HealthPolicyWrite
from shared.clients.reporting.snapshots import SnapshotsTake

CALL_FIELDS = frozenset({"portfolio_id", "project_id", "expected_version", "idempotency_key"})


@strawberry.type
class HealthPolicyPayload:
    policy: HealthPolicy | None
    user_errors: list[UserError]


@strawberry.type
class HealthOverridePayload:
    override: HealthOverride | None
    user_errors: list[UserError]


@strawberry.type
class TakeSnapshotsPayload:
    snapshots: SnapshotsTaken | None
    user_errors: list[UserError]


@strawberry.type
class ReportingMutations:
    @strawberry.mutation(
        description="Set a new version of a portfolio's health policy (admin and pmo); fields "
        "not sent take the built-in defaults. Earlier versions, and the snapshots computed "
        "with them, stay as they were."
    )
    async def set_health_policy(
        self, info: Info, input: SetHealthPolicyInput
    ) -> HealthPolicyPayload | None:
        reporting = info.context.clients.reporting

        async def call() -> HealthPolicy:
            portfolio_id = parse_id(input.portfolio_id, "portfolioId")
            body = build(HealthPolicyWrite, input_values(input, exclude=CALL_FIELDS))
            policy = await reporting.set_health_policy(
                portfolio_id, body, expected_version=input.expected_version
            )
            return HealthPolicy.from_dto(policy)

        return await attempt(
            HealthPolicyPayload, call, conflict_field=None, precondition_field="expectedVersion"
        )

    @strawberry.mutation(
        description="Show another overall colour for a project until expiresAt, with a "
        "justification (admin, pmo, the project's managers); it supersedes an active one."
    )
    async def override_health(
        self, info: Info, input: OverrideHealthInput
    ) -> HealthOverridePayload | None:
        reporting = info.context.clients.reporting

        async def call() -> HealthOverride:
            project_id = parse_id(input.project_id, "projectId")
            body = build(HealthOverrideCreate, input_values(input, exclude=CALL_FIELDS))
            override = await reporting.create_health_override(
                project_id, body, idempotency_key=input.idempotency_key
            )
            return HealthOverride.from_dto(override)

        return await attempt(HealthOverridePayload, call, conflict_field=None)

    @strawberry.mutation(description="Revoke a health override (it stays in the history).")
    async def revoke_health_override(
        self, info: Info, input: RevokeHealthOverrideInput
    ) -> HealthOverridePayload | None:
        reporting = info.context.clients.reporting

        async def call() -> HealthOverride:
            override = await reporting.revoke_health_override(
                parse_id(input.id), expected_version=input.expected_version
            )
            return HealthOverride.from_dto(override)

        return await attempt(
            HealthOverridePayload, call, conflict_field="id", precondition_field="expectedVersion"
        )

    @strawberry.mutation(
        description="Take today's snapshot of a portfolio's projects, or of the projects "
        "named (admin and pmo); taken again the same day, a snapshot is replaced."
    )
    async def take_snapshots(
        self, info: Info, input: TakeSnapshotsInput
    ) -> TakeSnapshotsPayload | None:
        reporting = info.context.clients.reporting

        async def call() -> SnapshotsTaken:
            values = input_values(input, exclude=frozenset({"idempotency_key"}))
            body = build(SnapshotsTake, {k: v for k, v in values.items() if v is not None})
            taken = await reporting.take_snapshots(body, idempotency_key=input.idempotency_key)
            return SnapshotsTaken.from_dto(taken)

        return await attempt(TakeSnapshotsPayload, call, conflict_field=None)
